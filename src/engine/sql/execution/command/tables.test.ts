/**
 * SHOW TABLES / VIEWS / COLUMNS / CREATE TABLE / PARTITIONS and DESCRIBE, with the columns and rows of Spark's
 * commands (ShowTablesCommand, DescribeTableCommand, ShowCreateTableCommand; Spark's show-tables.sql,
 * describe.sql and show-create-table.sql golden files).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../../testing/fixtures";

describe("SHOW and DESCRIBE", () => {
  let t: TestSession;
  const sql = (text: string) => t.spark.sql(text);
  const run = (text: string) => sql(text).collect();

  beforeAll(async () => {
    t = await newTestSession();
    await run(
      "CREATE TABLE show_t1 (a STRING COMMENT 'the a', b INT, c STRING, d STRING) USING parquet PARTITIONED BY (c, d) COMMENT 'table_comment'",
    );
    await run("CREATE TABLE show_t2 (b INT) USING json OPTIONS (a '1') TBLPROPERTIES ('t' = 'test')");
    await run("CREATE VIEW show_v AS SELECT b FROM show_t2");
    t.spark.range(1).createOrReplaceTempView("show_tmp");
  });
  afterAll(() => t.cleanup());

  it("SHOW TABLES: the database's tables and views, then temporary views (namespace '')", async () => {
    expect(await sql("SHOW TABLES").collect()).toEqual([
      { namespace: "default", tableName: "show_t1", isTemporary: false },
      { namespace: "default", tableName: "show_t2", isTemporary: false },
      { namespace: "default", tableName: "show_v", isTemporary: false },
      { namespace: "", tableName: "show_tmp", isTemporary: true },
    ]);
    expect((await sql("SHOW TABLES LIKE 'show_t*'").collect()).map((r) => r.tableName)).toEqual([
      "show_t1",
      "show_t2",
      "show_tmp",
    ]);
    expect((await sql("SHOW TABLES IN default 'show_v|show_tmp'").collect()).map((r) => r.tableName)).toEqual(
      ["show_v", "show_tmp"],
    );
    expect(() => sql("SHOW TABLES IN nodb")).toThrow(/SCHEMA_NOT_FOUND/);
  });

  it("SHOW VIEWS: persistent and temporary views", async () => {
    expect(await sql("SHOW VIEWS").collect()).toEqual([
      { namespace: "default", viewName: "show_v", isTemporary: false },
      { namespace: "", viewName: "show_tmp", isTemporary: true },
    ]);
  });

  it("DESCRIBE: columns, then the partition information", async () => {
    expect(await sql("DESCRIBE show_t1").collect()).toEqual([
      { col_name: "a", data_type: "string", comment: "the a" },
      { col_name: "b", data_type: "int", comment: null },
      { col_name: "c", data_type: "string", comment: null },
      { col_name: "d", data_type: "string", comment: null },
      { col_name: "# Partition Information", data_type: "", comment: "" },
      { col_name: "# col_name", data_type: "data_type", comment: "comment" },
      { col_name: "c", data_type: "string", comment: null },
      { col_name: "d", data_type: "string", comment: null },
    ]);
    expect(await sql("DESC show_tmp").collect()).toEqual([
      { col_name: "id", data_type: "bigint", comment: null },
    ]);
    expect(await sql("DESC show_t1 a").collect()).toEqual([
      { info_name: "col_name", info_value: "a" },
      { info_name: "data_type", info_value: "string" },
      { info_name: "comment", info_value: "the a" },
    ]);
    expect(() => sql("DESC show_t1 nope")).toThrow(/COLUMN_NOT_FOUND/);
    expect(() => sql("DESC no_table")).toThrow(
      expect.objectContaining({
        errorClass: "TABLE_OR_VIEW_NOT_FOUND",
        messageParameters: { relationName: "`no_table`" },
      }),
    );
  });

  it("DESCRIBE EXTENDED: the detailed table information", async () => {
    const rows = await sql("DESCRIBE TABLE EXTENDED show_t2").collect();
    const detail = Object.fromEntries(
      rows
        .slice(rows.findIndex((r) => r.col_name === "# Detailed Table Information") + 1)
        .map((r) => [r.col_name, r.data_type]),
    );
    expect(detail).toMatchObject({
      Catalog: "spark_catalog",
      Database: "default",
      Table: "show_t2",
      "Last Access": "UNKNOWN",
      "Created By": "Spark 4.0.0",
      Type: "MANAGED",
      Provider: "json",
      "Table Properties": "[t=test]",
      Location: "/warehouse/show_t2",
      "Storage Properties": "[a=1]",
    });
    expect(detail["Created Time"]).toMatch(/^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/);
    const view = Object.fromEntries(
      (await sql("DESC EXTENDED show_v").collect()).map((r) => [r.col_name, r.data_type]),
    );
    expect(view).toMatchObject({
      Type: "VIEW",
      "View Text": "SELECT b FROM show_t2",
      "View Query Output Columns": "[b]",
    });
  });

  it("SHOW CREATE TABLE writes the statement back; a temporary view has none", async () => {
    expect((await sql("SHOW CREATE TABLE show_t1").collect())[0].createtab_stmt).toBe(
      "CREATE TABLE spark_catalog.default.show_t1 (\n  a STRING COMMENT 'the a',\n  b INT,\n  c STRING,\n  d STRING)\nUSING parquet\nPARTITIONED BY (c, d)\nCOMMENT 'table_comment'\n",
    );
    expect((await sql("SHOW CREATE TABLE show_t2").collect())[0].createtab_stmt).toBe(
      "CREATE TABLE spark_catalog.default.show_t2 (\n  b INT)\nUSING json\nOPTIONS (\n  'a' = '1')\nTBLPROPERTIES (\n  't' = 'test')\n",
    );
    expect(() => sql("SHOW CREATE TABLE show_tmp")).toThrow(
      expect.objectContaining({
        errorClass: "UNSUPPORTED_SHOW_CREATE_TABLE.ON_TEMPORARY_VIEW",
        messageParameters: { tableName: "`show_tmp`" },
      }),
    );
  });

  it("SHOW COLUMNS, SHOW PARTITIONS, SHOW CATALOGS, SHOW CURRENT NAMESPACE", async () => {
    expect(await sql("SHOW COLUMNS IN show_t1").collect()).toEqual([
      { col_name: "a" },
      { col_name: "b" },
      { col_name: "c" },
      { col_name: "d" },
    ]);
    await run("INSERT INTO show_t1 VALUES ('x', 1, 'c1', 'd1'), ('y', 2, 'c1', 'd2')");
    expect(await sql("SHOW PARTITIONS show_t1").collect()).toEqual([
      { partition: "c=c1/d=d1" },
      { partition: "c=c1/d=d2" },
    ]);
    expect(() => sql("SHOW PARTITIONS show_t2")).toThrow(
      expect.objectContaining({
        errorClass: "INVALID_PARTITION_OPERATION.PARTITION_SCHEMA_IS_EMPTY",
        messageParameters: { name: "`spark_catalog`.`default`.`show_t2`" },
      }),
    );
    expect(await sql("SHOW CATALOGS").collect()).toEqual([{ catalog: "spark_catalog" }]);
    expect(await sql("SHOW CURRENT NAMESPACE").collect()).toEqual([
      { catalog: "spark_catalog", namespace: "default" },
    ]);
  });
});
