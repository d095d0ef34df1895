/**
 * CREATE TABLE ... USING and CREATE TABLE ... AS SELECT, ported from Spark's DDLSuite (InMemoryCatalogedDDLSuite):
 * the statements, Spark's expected rows and its error conditions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataFrame } from "../../../index";
import { namesIn } from "../../../testing/files";
import { newTestSession, type TestSession } from "../../../testing/fixtures";

describe("CREATE TABLE", () => {
  let t: TestSession;
  const sql = (text: string) => t.spark.sql(text);
  /** Runs a statement to the end (its writes included), as Spark's sql() does. */
  const run = (text: string) => sql(text).collect();
  /** A statement's error, whether its checks throw at once or once its files are read (as in the browser). */
  const attempt = async (text: string) => sql(text).collect();
  const metadata = (name: string) =>
    t.spark.sessionCatalog.getTableMetadata(t.spark.sessionCatalog.qualify([name]));
  const rows = async (df: DataFrame) => (await df.collect()).map((r) => Object.values(r));

  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  it("create table using: a managed table of the current database", async () => {
    await run("CREATE TABLE tbl(a INT, b INT) USING parquet");
    const table = metadata("tbl");
    expect(table.tableType).toBe("MANAGED");
    expect(table.provider).toBe("parquet");
    expect(table.schema.toDDL()).toBe("a INT, b INT");
    expect(table.location).toBe("/warehouse/tbl");
    expect(await namesIn(t, "/warehouse/tbl")).toEqual([]);
    expect(await t.spark.table("tbl").collect()).toEqual([]);
  });

  it("create table using - with partitioned by: partition columns are ordered last", async () => {
    await run("CREATE TABLE tbl_p(a INT, b INT) USING parquet PARTITIONED BY (a)");
    const table = metadata("tbl_p");
    expect(table.schema.toDDL()).toBe("b INT, a INT");
    expect(table.partitionColumnNames).toEqual(["a"]);
  });

  it("create table - duplicate column names in the table definition", () => {
    expect(() => sql("CREATE TABLE t_dup(aA INT, Aa INT) USING parquet")).toThrow(
      expect.objectContaining({
        errorClass: "COLUMN_ALREADY_EXISTS",
        messageParameters: { columnName: "`aa`" },
      }),
    );
  });

  it("create table - partition column names not in table definition", () => {
    expect(() => sql("CREATE TABLE tbl_c(a int, b string) USING json PARTITIONED BY (c)")).toThrow(
      expect.objectContaining({
        errorClass: "COLUMN_NOT_DEFINED_IN_TABLE",
        messageParameters: {
          colType: "partition",
          colName: "`c`",
          tableName: "`spark_catalog`.`default`.`tbl_c`",
          tableCols: "`a`, `b`",
        },
      }),
    );
  });

  it("create table - column repeated in partition columns; all columns cannot be partitions", () => {
    expect(() => sql("CREATE TABLE t_rep(aA INT, b INT) USING parquet PARTITIONED BY (aA, Aa)")).toThrow(
      /COLUMN_ALREADY_EXISTS/,
    );
    expect(() => sql("CREATE TABLE t_all(a INT) USING parquet PARTITIONED BY (a)")).toThrow(
      /ALL_PARTITION_COLUMNS_NOT_ALLOWED/,
    );
  });

  it("an existing table: TABLE_OR_VIEW_ALREADY_EXISTS, unless IF NOT EXISTS", async () => {
    await run("CREATE TABLE dup(a INT) USING parquet");
    expect(() => sql("CREATE TABLE dup(a INT) USING parquet")).toThrow(
      expect.objectContaining({
        errorClass: "TABLE_OR_VIEW_ALREADY_EXISTS",
        messageParameters: { relationName: "`spark_catalog`.`default`.`dup`" },
      }),
    );
    await run("CREATE TABLE IF NOT EXISTS dup(b STRING) USING json");
    expect(metadata("dup").provider).toBe("parquet");
  });

  it("create a managed table with the existing empty directory", async () => {
    await t.spark.fs.mkdirs("/warehouse/tab_empty");
    await run("CREATE TABLE tab_empty (col1 int, col2 string) USING parquet");
    await run("INSERT INTO tab_empty VALUES (1, 'a')");
    expect(await rows(t.spark.table("tab_empty"))).toEqual([[1, "a"]]);
  });

  it("create a managed table with the existing non-empty directory: LOCATION_ALREADY_EXISTS", async () => {
    await t.spark.fs.writeFile("/warehouse/tab_full/.garbage", "");
    const error = expect.objectContaining({
      errorClass: "LOCATION_ALREADY_EXISTS",
      messageParameters: {
        identifier: "`spark_catalog`.`default`.`tab_full`",
        location: "'/warehouse/tab_full'",
      },
    });
    await expect(attempt("CREATE TABLE tab_full USING parquet AS SELECT 1, 'a'")).rejects.toThrow(error);
    await expect(attempt("CREATE TABLE tab_full (col1 int, col2 string) USING parquet")).rejects.toThrow(
      error,
    );
    // The failed statement leaves no table behind, and the files are the user's still.
    expect(t.spark.catalog.tableExists("tab_full")).toBe(false);
    expect(await namesIn(t, "/warehouse/tab_full")).toEqual([".garbage"]);
  });

  it("CTAS a managed table with the existing empty directory", async () => {
    await t.spark.fs.mkdirs("/warehouse/ctas_empty");
    await run("CREATE TABLE ctas_empty USING parquet AS SELECT 1, 'a'");
    expect(await rows(t.spark.table("ctas_empty"))).toEqual([[1, "a"]]);
  });

  it("Create Data Source Table As Select", async () => {
    await run("CREATE TABLE ctas_t USING parquet SELECT 1 as a, 1 as b");
    expect(await t.spark.table("ctas_t").collect()).toEqual([{ a: 1, b: 1 }]);
    await t.spark
      .range(1)
      .select(t.spark.range(1).col("id").alias("a"), t.spark.range(1).col("id").alias("b"))
      .write.saveAsTable("ctas_t1");
    await run("CREATE TABLE ctas_t2 USING parquet SELECT a, b from ctas_t1");
    expect(await t.spark.table("ctas_t2").collect()).toEqual(await t.spark.table("ctas_t1").collect());
  });

  it("CTAS for external data source table with a non-existing location, and a partitioned one", async () => {
    await run(
      "CREATE TABLE ctas_ext USING parquet LOCATION '/ext/t' AS SELECT 3 as a, 4 as b, 1 as c, 2 as d",
    );
    expect(metadata("ctas_ext").location).toBe("/ext/t");
    expect(metadata("ctas_ext").tableType).toBe("EXTERNAL");
    expect(await rows(t.spark.table("ctas_ext"))).toEqual([[3, 4, 1, 2]]);
    await run(
      "CREATE TABLE ctas_ext1 USING parquet PARTITIONED BY(a, b) LOCATION '/ext/t1' AS SELECT 3 as a, 4 as b, 1 as c, 2 as d",
    );
    expect(await namesIn(t, "/ext/t1")).toContain("a=3");
    expect(await rows(t.spark.table("ctas_ext1"))).toEqual([[1, 2, 3, 4]]);
  });

  it("CTAS into a non-empty location of the user's is refused", async () => {
    await t.spark.fs.writeFile("/ext/full/data.txt", "x");
    await expect(
      attempt("CREATE TABLE ctas_full USING parquet LOCATION '/ext/full' AS SELECT 1"),
    ).rejects.toThrow(
      /_LEGACY_ERROR_TEMP_1241|CREATE-TABLE-AS-SELECT cannot create table with location to a non-empty directory/,
    );
  });

  it("create a data source table without schema: inferred from the location's files", async () => {
    await t.spark.createDataFrame([{ _1: "a", _2: "b" }]).write.json("/noschema");
    await expect(attempt("CREATE TABLE noschema1 USING json")).rejects.toThrow(
      "Unable to infer schema for JSON. It must be specified manually",
    );
    await run("CREATE TABLE noschema2 using json location '/noschema'");
    expect(await rows(t.spark.table("noschema2"))).toEqual([["a", "b"]]);
  });

  it("Create partitioned data source table without user specified schema: partitions inferred", async () => {
    const df = t.spark.createDataFrame(
      Array.from({ length: 10 }, (_, i) => ({ num: i + 1, str: String(i + 1) })),
      "num INT, str STRING",
    );
    await df.write.format("parquet").partitionBy("num").save("/partitioned");
    await run("CREATE TABLE part_inferred USING parquet OPTIONS (path '/partitioned')");
    const table = metadata("part_inferred");
    expect(table.schema.toDDL()).toBe("str STRING, num INT");
    expect(table.partitionColumnNames).toEqual(["num"]);
    await expect(
      attempt("CREATE TABLE part_bad USING parquet OPTIONS (path '/partitioned') PARTITIONED BY (num)"),
    ).rejects.toThrow(/SPECIFY_PARTITION_IS_NOT_ALLOWED/);
    expect(await t.spark.table("part_inferred").count()).toBe(10);
  });

  it("Create non-partitioned data source table with user specified schema", async () => {
    await run("CREATE TABLE user_schema (num int, str string) USING parquet OPTIONS (path '/partitioned')");
    expect(metadata("user_schema").schema.toDDL()).toBe("num INT, str STRING");
    expect(metadata("user_schema").partitionColumnNames).toEqual([]);
  });

  it("LOCATION and OPTIONS (path ...) together are refused; EXTERNAL needs a LOCATION", () => {
    expect(() =>
      sql("CREATE TABLE two_paths (a INT) USING parquet OPTIONS (path '/a') LOCATION '/b'"),
    ).toThrow(/_LEGACY_ERROR_TEMP_0032|Duplicated table paths found/);
    expect(() => sql("CREATE EXTERNAL TABLE ext_nopath (a INT) USING parquet")).toThrow(
      "CREATE EXTERNAL TABLE must be accompanied by LOCATION",
    );
  });

  it("Hive syntax needs Hive support; an unknown format is DATA_SOURCE_NOT_FOUND", () => {
    expect(() => sql("CREATE TABLE hive_t (i INT, j STRING) STORED AS parquet")).toThrow(
      expect.objectContaining({
        errorClass: "NOT_SUPPORTED_COMMAND_WITHOUT_HIVE_SUPPORT",
        messageParameters: { cmd: "CREATE Hive TABLE (AS SELECT)" },
      }),
    );
    expect(() => sql("CREATE TABLE foo_t (i INT) USING foo")).toThrow(/DATA_SOURCE_NOT_FOUND/);
  });

  it("CREATE OR REPLACE TABLE is for Spark's v2 tables", () => {
    expect(() => sql("CREATE OR REPLACE TABLE repl (a INT) USING parquet")).toThrow(
      expect.objectContaining({
        errorClass: "UNSUPPORTED_FEATURE.TABLE_OPERATION",
        messageParameters: { tableName: "`spark_catalog`.`default`.`repl`", operation: "REPLACE TABLE" },
      }),
    );
  });

  it("a clause given twice is DUPLICATE_CLAUSES; a schema in CTAS is not allowed", () => {
    expect(() => sql("CREATE TABLE twice (a INT) USING parquet COMMENT 'x' COMMENT 'y'")).toThrow(
      /DUPLICATE_CLAUSES/,
    );
    expect(() => sql("CREATE TABLE ctas_schema (a INT) USING parquet AS SELECT 1")).toThrow(
      "Schema may not be specified in a Create Table As Select (CTAS) statement",
    );
  });

  it("CLUSTER BY is recorded; not together with PARTITIONED BY", async () => {
    await run("CREATE TABLE clustered (id BIGINT, data STRING) USING parquet CLUSTER BY (id)");
    expect(metadata("clustered").clusteringColumnNames).toEqual(["id"]);
    expect(() =>
      sql("CREATE TABLE both_ (a INT, b INT) USING parquet PARTITIONED BY (a) CLUSTER BY (b)"),
    ).toThrow(/SPECIFY_CLUSTER_BY_WITH_PARTITIONED_BY_IS_NOT_ALLOWED/);
  });

  it("Create Table LIKE USING provider: the source's columns and partitioning", async () => {
    await run("CREATE TABLE like_s(a INT, b INT) USING parquet PARTITIONED BY (a)");
    await run("CREATE TABLE like_t1 LIKE like_s USING json");
    expect(metadata("like_t1").provider).toBe("json");
    expect(metadata("like_t1").schema.toDDL()).toBe("b INT, a INT");
    expect(metadata("like_t1").partitionColumnNames).toEqual(["a"]);
  });

  it("column comments, NOT NULL, COMMENT, OPTIONS and TBLPROPERTIES are kept", async () => {
    await run(
      "CREATE TABLE described (id INT NOT NULL COMMENT 'the key', name STRING) USING csv OPTIONS (header 'true') COMMENT 'people' TBLPROPERTIES ('owner.team' = 'data', 'k' = 1)",
    );
    const table = metadata("described");
    expect(table.schema.toDDL()).toBe("id INT NOT NULL COMMENT 'the key', name STRING");
    expect(table.comment).toBe("people");
    expect(table.storageProperties).toEqual({ header: "true" });
    expect(table.properties).toEqual({ "owner.team": "data", k: "1" });
  });

  it("a table name must be letters, digits and underscores; a missing database is SCHEMA_NOT_FOUND", () => {
    expect(() => sql("CREATE TABLE `tab-1` (a INT) USING parquet")).toThrow(
      /INVALID_SCHEMA_OR_RELATION_NAME/,
    );
    expect(() => sql("CREATE TABLE nodb.t (a INT) USING parquet")).toThrow(
      expect.objectContaining({
        errorClass: "SCHEMA_NOT_FOUND",
        messageParameters: { schemaName: "`spark_catalog`.`nodb`" },
      }),
    );
  });
});
