/**
 * `spark.catalog`'s commands (Spark 4.2's Catalog: createDatabase, dropDatabase, dropTable, dropView,
 * truncateTable, analyzeTable, listViews, listPartitions, getTableProperties, getCreateTableString) and its
 * functions (listFunctions, getFunction), ported from CatalogSuite's "list functions" / "get function" and from
 * the examples of PySpark's catalog.py, with their answers.
 *
 * Not ported: CatalogSuite's cases over persistent functions (`CREATE FUNCTION ... AS 'class'` needs a JVM class)
 * and over V2 catalogs (`testcat`, InMemoryCatalog).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetCatalog } from "../testing/catalog";
import { newTestSession, type TestSession } from "../testing/fixtures";

describe("spark.catalog commands", () => {
  let t: TestSession;
  const run = (text: string) => t.spark.sql(text).collect();
  const condition = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (error) {
      return (error as { getCondition(): string }).getCondition();
    }
    return undefined;
  };

  beforeAll(async () => {
    t = await newTestSession();
  });
  afterEach(() => resetCatalog(t.spark));
  afterAll(() => t.cleanup());

  it("createDatabase and dropDatabase (catalog.py's examples)", async () => {
    await t.spark.catalog.dropDatabase("db_create_doc", true, true);
    await t.spark.catalog.createDatabase("db_create_doc");
    expect(t.spark.catalog.databaseExists("db_create_doc")).toBe(true);
    expect(condition(() => t.spark.catalog.createDatabase("db_create_doc"))).toBe("SCHEMA_ALREADY_EXISTS");
    await t.spark.catalog.createDatabase("db_create_doc", true);
    await t.spark.catalog.dropDatabase("db_create_doc", false, true);
    expect(t.spark.catalog.databaseExists("db_create_doc")).toBe(false);
    expect(condition(() => t.spark.catalog.dropDatabase("db_create_doc"))).toBe("SCHEMA_NOT_FOUND");
  });

  it("createDatabase's comment and location properties; a non-empty database needs cascade", async () => {
    await t.spark.catalog.createDatabase("spark_catalog.db1", false, {
      comment: "my db",
      location: "/elsewhere/db1",
      owner_team: "data",
    });
    const db = t.spark.catalog.getDatabase("db1");
    expect([db.name, db.description, db.locationUri]).toEqual(["db1", "my db", "/elsewhere/db1"]);
    await run("CREATE TABLE db1.t (id INT) USING parquet");
    expect(condition(() => t.spark.catalog.dropDatabase("db1"))).toBe("SCHEMA_NOT_EMPTY");
    await t.spark.catalog.dropDatabase("db1", false, true);
    expect(t.spark.catalog.databaseExists("db1")).toBe(false);
  });

  it("dropTable drops a table, not a temporary view; dropView drops a view", async () => {
    await run("CREATE TABLE tbl_drop_doc (id INT) USING parquet");
    await t.spark.catalog.dropTable("tbl_drop_doc");
    expect(t.spark.catalog.tableExists("tbl_drop_doc")).toBe(false);
    expect(condition(() => t.spark.catalog.dropTable("tbl_drop_doc"))).toBe("TABLE_OR_VIEW_NOT_FOUND");
    await t.spark.catalog.dropTable("tbl_drop_doc", true);

    t.spark.range(1).createOrReplaceTempView("tmp");
    expect(condition(() => t.spark.catalog.dropTable("tmp"))).toBe("TABLE_OR_VIEW_NOT_FOUND");
    expect(t.spark.catalog.tableExists("tmp")).toBe(true);

    await run("CREATE VIEW view_drop_doc AS SELECT 1 AS c");
    expect(condition(() => t.spark.catalog.dropTable("view_drop_doc"))).toBe("WRONG_COMMAND_FOR_OBJECT_TYPE");
    await t.spark.catalog.dropView("view_drop_doc");
    expect(t.spark.catalog.tableExists("view_drop_doc")).toBe(false);
    await t.spark.catalog.dropView("view_drop_doc", true);
    await run("CREATE TABLE t2 (id INT) USING parquet");
    expect(condition(() => t.spark.catalog.dropView("t2"))).toBe("WRONG_COMMAND_FOR_OBJECT_TYPE");
  });

  it("truncateTable empties a table (catalog.py's example)", async () => {
    await run("CREATE TABLE tbl_tr_doc (id INT) USING csv");
    await run("INSERT INTO tbl_tr_doc VALUES (1), (2)");
    expect(await t.spark.table("tbl_tr_doc").count()).toBe(2);
    await t.spark.catalog.truncateTable("tbl_tr_doc");
    expect(await t.spark.table("tbl_tr_doc").count()).toBe(0);
    await run("CREATE VIEW v AS SELECT 1 AS c");
    expect(condition(() => t.spark.catalog.truncateTable("v"))).toBe("EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE");
  });

  it("analyzeTable keeps the size and rows DESCRIBE EXTENDED shows; a view is refused", async () => {
    await run("CREATE TABLE tbl_an_doc (id INT) USING csv");
    await run("INSERT INTO tbl_an_doc VALUES (1), (2), (3)");
    await t.spark.catalog.analyzeTable("tbl_an_doc");
    const stats = () =>
      t.spark
        .sql("DESCRIBE TABLE EXTENDED tbl_an_doc")
        .collect()
        .then((rows) => rows.find((r) => r.col_name === "Statistics")?.data_type as string | undefined);
    expect(await stats()).toMatch(/^[1-9]\d* bytes, 3 rows$/);
    await run("INSERT INTO tbl_an_doc VALUES (4)");
    await t.spark.catalog.analyzeTable("tbl_an_doc", true);
    // NOSCAN measures the files again and keeps the rows counted before.
    expect(await stats()).toMatch(/^[1-9]\d* bytes, 3 rows$/);
    await run("ANALYZE TABLE tbl_an_doc COMPUTE STATISTICS");
    expect(await stats()).toMatch(/^[1-9]\d* bytes, 4 rows$/);
    t.spark.range(1).createOrReplaceTempView("tmp");
    expect(condition(() => t.spark.catalog.analyzeTable("tmp"))).toBe("UNSUPPORTED_FEATURE.ANALYZE_VIEW");
    t.spark.catalog.cacheTable("tmp");
    await t.spark.catalog.analyzeTable("tmp");
  });

  it("listViews: the database's views, then the temporary views (catalog.py's example)", async () => {
    await run("CREATE TABLE tab (id INT) USING parquet");
    await run("CREATE VIEW view_list_doc AS SELECT 1 AS c");
    t.spark.range(1).createOrReplaceTempView("view_list_tmp");
    expect(t.spark.catalog.listViews().map((v) => [v.name, v.tableType, v.isTemporary])).toEqual([
      ["view_list_doc", "VIEW", false],
      ["view_list_tmp", "TEMPORARY", true],
    ]);
    expect(t.spark.catalog.listViews("default", "view_list_d*").map((v) => v.name)).toEqual([
      "view_list_doc",
    ]);
    expect(condition(() => t.spark.catalog.listViews("unknown_db"))).toBe("SCHEMA_NOT_FOUND");
  });

  it("listPartitions lists SHOW PARTITIONS' specs (catalog.py's example)", async () => {
    await run("CREATE TABLE tbl_part_doc (id INT, p INT) USING parquet PARTITIONED BY (p)");
    await run("INSERT INTO tbl_part_doc PARTITION (p = 1) SELECT 1");
    await run("INSERT INTO tbl_part_doc PARTITION (p = 2) SELECT 2");
    expect(await t.spark.catalog.listPartitions("tbl_part_doc")).toEqual([
      { partition: "p=1" },
      { partition: "p=2" },
    ]);
    await run("CREATE TABLE flat (id INT) USING parquet");
    await expect(t.spark.catalog.listPartitions("flat")).rejects.toThrow(/INVALID_PARTITION_OPERATION/);
  });

  it("getTableProperties and getCreateTableString (catalog.py's examples)", async () => {
    await run(
      "CREATE TABLE tbl_props_doc (id INT) USING parquet TBLPROPERTIES ('doc_prop_key' = 'doc_prop_val')",
    );
    expect(t.spark.catalog.getTableProperties("tbl_props_doc").doc_prop_key).toBe("doc_prop_val");
    const ddl = t.spark.catalog.getCreateTableString("tbl_props_doc");
    expect(ddl).toBe(
      "CREATE TABLE spark_catalog.default.tbl_props_doc (\n  id INT)\nUSING parquet\nTBLPROPERTIES (\n  'doc_prop_key' = 'doc_prop_val')\n",
    );
    expect(condition(() => t.spark.catalog.getTableProperties("missing"))).toBe("TABLE_OR_VIEW_NOT_FOUND");
  });

  it("list functions: built-ins and temporary functions, with a pattern", () => {
    const names = new Set(t.spark.catalog.listFunctions().map((f) => f.name));
    expect(names.has("current_database")).toBe(true);
    expect(names.has("window")).toBe(true);
    expect(names.has("my_temp_func")).toBe(false);
    t.spark.udf.register("my_temp_func", (x: number) => x, "int");
    expect(t.spark.catalog.listFunctions().some((f) => f.name === "my_temp_func")).toBe(true);
    expect(t.spark.catalog.listFunctions("default", "my_temp*").map((f) => f.name)).toEqual(["my_temp_func"]);
    expect(t.spark.catalog.listFunctions(undefined, "*not_existing_func*")).toEqual([]);
    expect(t.spark.catalog.listFunctions(undefined, "to_*").length).toBeGreaterThan(0);
    expect(() => t.spark.catalog.listFunctions("unknown_db")).toThrow("unknown_db");
  });

  it("get function: temporary ones, never with a database; persistent ones do not exist", async () => {
    await run("CREATE DATABASE db");
    expect(condition(() => t.spark.catalog.getFunction("fn1"))).toBe("UNRESOLVED_ROUTINE");
    expect(condition(() => t.spark.catalog.getFunction("fn1", "db"))).toBe("ROUTINE_NOT_FOUND");
    expect(condition(() => t.spark.catalog.getFunction("db.fn2"))).toBe("ROUTINE_NOT_FOUND");
    expect(condition(() => t.spark.catalog.getFunction("db_not_exist.fn2"))).toBe("SCHEMA_NOT_FOUND");
    t.spark.udf.register("fn1", (x: number) => x, "int");
    const fn1 = t.spark.catalog.getFunction("fn1");
    expect([fn1.name, fn1.catalog, fn1.namespace, fn1.isTemporary]).toEqual(["fn1", null, null, true]);
    expect(condition(() => t.spark.catalog.getFunction("fn1", "db"))).toBe("ROUTINE_NOT_FOUND");
    const abs = t.spark.catalog.getFunction("abs");
    expect([abs.name, abs.isTemporary]).toEqual(["abs", true]);
  });
});
