/**
 * Tables from Python cells as PySpark makes them: spark.sql's DDL and DML, saveAsTable / insertInto,
 * spark.catalog, readStream.table and writeStream.toTable, with Spark's answers and error conditions (cases
 * after PySpark's test_catalog.py and test_readwriter.py, and DataStreamTableAPISuite).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetCatalog } from "../engine/testing/catalog";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterEach(async () => {
  await t.spark.streams.stopAll();
  await resetCatalog(t.spark);
});
afterAll(() => t.cleanup());

describe("SQL commands from a Python cell", () => {
  it("CREATE TABLE, INSERT INTO and SELECT; SHOW TABLES and DESCRIBE answer as Spark's", async () => {
    const result = await t.py.run(`
spark.sql("CREATE TABLE people (name STRING, age INT) USING parquet")
spark.sql("INSERT INTO people VALUES ('Ann', 31), ('Bob', NULL)")
spark.sql("INSERT INTO TABLE people SELECT 'Cy', 7")
rows = [tuple(r) for r in spark.sql("SELECT * FROM people ORDER BY name").collect()]
tables = [(r.namespace, r.tableName, r.isTemporary) for r in spark.sql("SHOW TABLES").collect()]
described = [(r.col_name, r.data_type) for r in spark.sql("DESCRIBE people").collect()]
(rows, tables, described)`);
    expect(result.value).toEqual([
      [
        ["Ann", 31],
        ["Bob", null],
        ["Cy", 7],
      ],
      [["default", "people", false]],
      [
        ["name", "string"],
        ["age", "int"],
      ],
    ]);
  });

  it("a failing command raises where spark.sql is called, with Spark's condition", async () => {
    const result = await t.py.run(`
from pyspark.errors import AnalysisException
spark.sql("CREATE TABLE t1 (id INT) USING json")
caught = []
for statement in ["CREATE TABLE t1 (id INT) USING json", "INSERT INTO missing VALUES (1)",
                  "INSERT INTO t1 VALUES (1, 2)"]:
    try:
        spark.sql(statement)
    except AnalysisException as e:
        caught.append((e.getCondition(), e.getMessageParameters().get("tableName") or
                       e.getMessageParameters().get("relationName")))
caught`);
    expect(result.value).toEqual([
      ["TABLE_OR_VIEW_ALREADY_EXISTS", "`spark_catalog`.`default`.`t1`"],
      ["TABLE_OR_VIEW_NOT_FOUND", "`missing`"],
      ["INSERT_COLUMN_ARITY_MISMATCH.TOO_MANY_DATA_COLUMNS", "`spark_catalog`.`default`.`t1`"],
    ]);
  });
});

describe("df.write to tables", () => {
  it("saveAsTable with modes, partitionBy and insertInto", async () => {
    const result = await t.py.run(`
from pyspark.errors import AnalysisException
df = spark.createDataFrame([(1, "a"), (2, "b")], "id INT, part STRING")
df.write.partitionBy("part").saveAsTable("parts")
try:
    df.write.saveAsTable("parts")
    condition = None
except AnalysisException as e:
    condition = e.getCondition()
df.write.mode("ignore").saveAsTable("parts")
df.write.mode("append").format("parquet").partitionBy("part").saveAsTable("parts")
spark.createDataFrame([(3, "c")], "id INT, part STRING").write.insertInto("parts")
appended = sorted(tuple(r) for r in spark.table("parts").collect())
spark.createDataFrame([(9, "z")], "id INT, part STRING").write.insertInto("parts", overwrite=True)
overwritten = [tuple(r) for r in spark.read.table("parts").collect()]
columns = [(c.name, c.dataType, c.isPartition) for c in spark.catalog.listColumns("parts")]
(condition, appended, overwritten, columns)`);
    expect(result.value).toEqual([
      "TABLE_OR_VIEW_ALREADY_EXISTS",
      [
        [1, "a"],
        [1, "a"],
        [2, "b"],
        [2, "b"],
        [3, "c"],
      ],
      [[9, "z"]],
      [
        ["id", "int", false],
        ["part", "string", true],
      ],
    ]);
  });

  it("an unknown save mode is Spark's INVALID_SAVE_MODE", async () => {
    const result = await t.py.run(`
from pyspark.errors import IllegalArgumentException
try:
    spark.range(1).write.mode("sometimes")
except IllegalArgumentException as e:
    outcome = (e.getCondition(), e.getMessageParameters())
outcome`);
    expect(result.value).toEqual(["INVALID_SAVE_MODE", { mode: '"sometimes"' }]);
  });
});

describe("spark.catalog", () => {
  it("lists, describes and drops tables, databases and temporary views", async () => {
    const result = await t.py.run(`
spark.sql("CREATE DATABASE sales")
spark.range(2).write.saveAsTable("sales.orders")
spark.range(1).createOrReplaceTempView("recent")
c = spark.catalog
before = c.currentDatabase()
c.setCurrentDatabase("sales")
tables = [(t.name, t.database, t.tableType, t.isTemporary) for t in c.listTables()]
table = c.getTable("orders")
exists = (c.tableExists("orders"), c.tableExists("orders", "sales"), c.tableExists("recent"),
          c.tableExists("nothing"), c.databaseExists("sales"))
databases = sorted(d.name for d in c.listDatabases())
dropped = (c.dropTempView("recent"), c.dropTempView("recent"))
c.setCurrentDatabase("default")
(before, tables, (table.name, table.catalog, table.namespace, table.tableType), exists, databases, dropped,
 c.currentCatalog(), [m.name for m in c.listCatalogs()])`);
    expect(result.value).toEqual([
      "default",
      [
        ["orders", "sales", "MANAGED", false],
        ["recent", null, "TEMPORARY", true],
      ],
      ["orders", "spark_catalog", ["sales"], "MANAGED"],
      [true, true, true, false, true],
      ["default", "sales"],
      [true, false],
      "spark_catalog",
      ["spark_catalog"],
    ]);
  });

  it("createTable: a managed table from a schema, an external one over files", async () => {
    const result = await t.py.run(`
from pyspark.sql.types import StructType, StructField, LongType, StringType
schema = StructType([StructField("id", LongType()), StructField("name", StringType())])
empty = spark.catalog.createTable("managed_t", schema=schema, description="made in Python")
spark.range(3).write.json("/data/ext")
external = spark.catalog.createTable("ext_t", path="/data/ext", source="json")
(empty.columns, empty.count(), spark.catalog.getTable("managed_t").description,
 sorted(r.id for r in external.collect()), spark.catalog.getTable("ext_t").tableType)`);
    expect(result.value).toEqual([["id", "name"], 0, "made in Python", [0, 1, 2], "EXTERNAL"]);
  });
});

describe("streams over tables", () => {
  it("readStream.table streams a table's files; writeStream.toTable creates the table it writes", async () => {
    const result = await t.py.run(`
spark.range(3).write.saveAsTable("source_t")
query = (spark.readStream.table("source_t")
    .selectExpr("id * 10 AS tens")
    .writeStream
    .option("checkpointLocation", "/checkpoints/py-to-table")
    .toTable("sink_t"))
query.processAllAvailable()
first = sorted(r.tens for r in spark.table("sink_t").collect())
spark.sql("INSERT INTO source_t VALUES (5)")
query.processAllAvailable()
second = sorted(r.tens for r in spark.table("sink_t").collect())
query.stop()
(first, second, spark.catalog.getTable("sink_t").tableType)`);
    expect(result.value).toEqual([[0, 10, 20], [0, 10, 20, 50], "MANAGED"]);
  });
});

describe("spark.catalog.functionExists from a Python cell", () => {
  it("PySpark's examples", async () => {
    const result = await t.py.run(`
[spark.catalog.functionExists("count"), spark.catalog.functionExists("unexisting_function"),
 spark.catalog.functionExists("default.unexisting_function"),
 spark.catalog.functionExists("spark_catalog.default.unexisting_function")]`);
    expect(result.value).toEqual([true, false, false, false]);
  });
});

describe("spark.newSession() from a Python cell", () => {
  it("shares global temporary views, keeps its own temporary views, and leaves the active session", async () => {
    // GlobalTempViewSuite "global temp view is shared among all sessions", through PySpark's newSession.
    const result = await t.py.run(`
from pyspark.sql import SparkSession
spark.sql("CREATE GLOBAL TEMP VIEW py_shared AS SELECT 1, 2")
spark.range(2).createOrReplaceTempView("py_own")
other = spark.newSession()
out = [[tuple(r) for r in other.table("global_temp.py_shared").collect()]]
out.append([t.name for t in other.catalog.listTables() if t.name == "py_own"])
out.append(SparkSession.getActiveSession() is spark)
out.append(other is not spark)
spark.catalog.dropGlobalTempView("py_shared")
out`);
    expect(result.value).toEqual([[[1, 2]], [], true, true]);
  });
});

describe("spark.catalog's commands from a Python cell (PySpark 4.2's catalog.py examples)", () => {
  it("createDatabase, dropTable, dropView, truncateTable, analyzeTable", async () => {
    const result = await t.py.run(`
from pyspark.errors import AnalysisException
spark.catalog.dropDatabase("db_create_doc", ifExists=True, cascade=True)
spark.catalog.createDatabase("db_create_doc")
created = spark.catalog.databaseExists("db_create_doc")
spark.catalog.dropDatabase("db_create_doc", cascade=True)
dropped_db = spark.catalog.databaseExists("db_create_doc")
_ = spark.sql("CREATE TABLE tbl_drop_doc (id INT) USING parquet")
spark.catalog.dropTable("tbl_drop_doc")
_ = spark.sql("CREATE VIEW view_drop_doc AS SELECT 1 AS c")
spark.catalog.dropView("view_drop_doc")
_ = spark.sql("CREATE TABLE tbl_tr_doc (id INT) USING csv")
_ = spark.sql("INSERT INTO tbl_tr_doc VALUES (1), (2)")
before = spark.table("tbl_tr_doc").count()
spark.catalog.truncateTable("tbl_tr_doc")
after = spark.table("tbl_tr_doc").count()
spark.catalog.analyzeTable("tbl_tr_doc")
spark.catalog.analyzeTable("tbl_tr_doc", noScan=True)
try:
    spark.catalog.dropTable("tbl_drop_doc")
    missing = None
except AnalysisException as e:
    missing = e.getCondition()
(created, dropped_db, spark.catalog.tableExists("tbl_drop_doc"), spark.catalog.tableExists("view_drop_doc"),
 before, after, missing)`);
    expect(result.value).toEqual([true, false, false, false, 2, 0, "TABLE_OR_VIEW_NOT_FOUND"]);
  });

  it("listViews, listPartitions, getTableProperties, getCreateTableString, functions, conf.getAll", async () => {
    const result = await t.py.run(`
from pyspark.sql.catalog import Function
_ = spark.sql("CREATE VIEW view_list_doc AS SELECT 1 AS c")
views = ["view_list_doc" in [v.name for v in spark.catalog.listViews()],
         "view_list_doc" in [v.name for v in spark.catalog.listViews(pattern="view_list_*")]]
_ = spark.sql("CREATE TABLE tbl_part_doc (id INT, p INT) USING parquet PARTITIONED BY (p)")
_ = spark.sql("INSERT INTO tbl_part_doc PARTITION (p = 1) SELECT 1")
parts = [x.partition for x in spark.catalog.listPartitions("tbl_part_doc")]
_ = spark.sql("CREATE TABLE tbl_props_doc (id INT) USING parquet TBLPROPERTIES ('doc_prop_key' = 'doc_prop_val')")
prop = spark.catalog.getTableProperties("tbl_props_doc")["doc_prop_key"]
ddl = "CREATE" in spark.catalog.getCreateTableString("tbl_props_doc").upper()
funcs = [len(spark.catalog.listFunctions(pattern="to_*")) > 0, spark.catalog.listFunctions(pattern="*not_existing_func*")]
f = spark.catalog.getFunction("abs")
conf = spark.conf.getAll["spark.sql.session.timeZone"] == spark.conf.get("spark.sql.session.timeZone")
(views, parts, prop, ddl, funcs, isinstance(f, Function), f.name, f.isTemporary, conf)`);
    expect(result.value).toEqual([
      [true, true],
      ["p=1"],
      "doc_prop_val",
      true,
      [true, []],
      true,
      "abs",
      true,
      true,
    ]);
  });
});
