/**
 * DROP TABLE / VIEW, TRUNCATE, ALTER TABLE ... RENAME and TBLPROPERTIES, databases and USE, ported from Spark's
 * DDLSuite and its v1 command suites (DropTableSuite, DropNamespaceSuite, ShowTablesSuite...).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { namesIn } from "../../../testing/files";
import { newTestSession, type TestSession } from "../../../testing/fixtures";

describe("DDL commands", () => {
  let t: TestSession;
  const sql = (text: string) => t.spark.sql(text);
  const run = (text: string) => sql(text).collect();
  const tableNames = async (text = "SHOW TABLES") => (await sql(text).collect()).map((r) => r.tableName);

  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  it("DROP TABLE: a managed table's files go, an external table's stay", async () => {
    await run("CREATE TABLE managed_t (a INT) USING parquet");
    await run("INSERT INTO managed_t VALUES (1)");
    await run("CREATE TABLE external_t (a INT) USING parquet LOCATION '/ext/drop'");
    await run("INSERT INTO external_t VALUES (1)");
    await run("DROP TABLE managed_t");
    await run("DROP TABLE external_t");
    expect(await namesIn(t, "/warehouse")).not.toContain("managed_t");
    expect((await namesIn(t, "/ext/drop")).some((n) => n.endsWith(".parquet"))).toBe(true);
    expect(t.spark.catalog.tableExists("external_t")).toBe(false);
  });

  it("DROP TABLE of a missing table: TABLE_OR_VIEW_NOT_FOUND with its qualified name, unless IF EXISTS", async () => {
    expect(() => sql("DROP TABLE no_such")).toThrow(
      expect.objectContaining({
        errorClass: "TABLE_OR_VIEW_NOT_FOUND",
        messageParameters: { relationName: "`spark_catalog`.`default`.`no_such`" },
      }),
    );
    await run("DROP TABLE IF EXISTS no_such");
  });

  it("drop view: DROP VIEW of a table and DROP TABLE of a view are WRONG_COMMAND_FOR_OBJECT_TYPE", async () => {
    await run("CREATE TABLE tab_v (a INT) USING parquet");
    await run("CREATE VIEW view_t AS SELECT 1 AS a");
    expect(() => sql("DROP VIEW tab_v")).toThrow(
      expect.objectContaining({
        errorClass: "WRONG_COMMAND_FOR_OBJECT_TYPE",
        messageParameters: {
          operation: "DROP VIEW",
          requiredType: "VIEW",
          objectName: "spark_catalog.default.tab_v",
          foundType: "MANAGED",
          alternative: "DROP TABLE",
        },
      }),
    );
    expect(() => sql("DROP TABLE view_t")).toThrow(
      expect.objectContaining({
        errorClass: "WRONG_COMMAND_FOR_OBJECT_TYPE",
        messageParameters: {
          operation: "DROP TABLE",
          requiredType: "EXTERNAL or MANAGED",
          objectName: "spark_catalog.default.view_t",
          foundType: "VIEW",
          alternative: "DROP VIEW",
        },
      }),
    );
    await run("DROP VIEW view_t");
    await run("DROP TABLE tab_v");
  });

  it("drop view - temporary view: DROP TABLE drops a temporary view too", async () => {
    t.spark.range(3).createOrReplaceTempView("tmp_drop");
    expect(await tableNames()).toContain("tmp_drop");
    await run("DROP TABLE tmp_drop");
    expect(await tableNames()).not.toContain("tmp_drop");
  });

  it("TRUNCATE TABLE empties a managed table; an external one is refused", async () => {
    await run("CREATE TABLE trunc_t (a INT) USING parquet");
    await run("INSERT INTO trunc_t VALUES (1), (2)");
    await run("TRUNCATE TABLE trunc_t");
    expect(await t.spark.table("trunc_t").count()).toBe(0);
    await run("CREATE TABLE trunc_e (a INT) USING parquet LOCATION '/ext/trunc'");
    expect(() => sql("TRUNCATE TABLE trunc_e")).toThrow(
      "Operation not allowed: TRUNCATE TABLE on external tables: spark_catalog.default.trunc_e",
    );
  });

  it("alter table: rename; a managed table's directory moves with it", async () => {
    await run("CREATE TABLE tab1 (a INT) USING parquet");
    await run("INSERT INTO tab1 VALUES (1)");
    await run("ALTER TABLE tab1 RENAME TO tab2");
    expect(await t.spark.table("tab2").collect()).toEqual([{ a: 1 }]);
    expect(t.spark.catalog.tableExists("tab1")).toBe(false);
    expect(await namesIn(t, "/warehouse")).toContain("tab2");
    expect(() => sql("ALTER TABLE does_not_exist RENAME TO tab9")).toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
    await run("CREATE TABLE tab3 (a INT) USING parquet");
    expect(() => sql("ALTER TABLE tab2 RENAME TO tab3")).toThrow(/TABLE_OR_VIEW_ALREADY_EXISTS/);
  });

  it("rename temporary view", async () => {
    t.spark.range(10).createOrReplaceTempView("tmp1");
    await run("ALTER TABLE tmp1 RENAME TO tmp2");
    expect(await t.spark.table("tmp2").count()).toBe(10);
    expect(() => t.spark.table("tmp1")).toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
    await run("ALTER VIEW tmp2 RENAME TO tmp1");
    expect(await t.spark.table("tmp1").count()).toBe(10);
  });

  it("alter table: set and unset properties", async () => {
    await run("CREATE TABLE props_t (a INT) USING parquet");
    await run("ALTER TABLE props_t SET TBLPROPERTIES ('andrew' = 'or14', 'kor' = 'bel')");
    await run("ALTER TABLE props_t SET TBLPROPERTIES ('kor' = 'belle', 'kar' = 'bol')");
    expect(await sql("SHOW TBLPROPERTIES props_t").collect()).toEqual([
      { key: "andrew", value: "or14" },
      { key: "kar", value: "bol" },
      { key: "kor", value: "belle" },
    ]);
    await run("ALTER TABLE props_t UNSET TBLPROPERTIES ('andrew', 'xyz')");
    expect((await sql("SHOW TBLPROPERTIES props_t").collect()).map((r) => r.key)).toEqual(["kar", "kor"]);
    expect(() => sql("ALTER TABLE does_not_exist SET TBLPROPERTIES ('winner' = 'loser')")).toThrow(
      /TABLE_OR_VIEW_NOT_FOUND/,
    );
  });

  it("Create/Drop Database, USE, and tables in a specific db", async () => {
    await run("CREATE DATABASE db1 COMMENT 'test' WITH DBPROPERTIES ('a' = 'a', 'b' = 'b')");
    expect(await sql("SHOW DATABASES").collect()).toEqual([{ namespace: "db1" }, { namespace: "default" }]);
    expect(await sql("DESCRIBE DATABASE EXTENDED db1").collect()).toEqual([
      { info_name: "Catalog Name", info_value: "spark_catalog" },
      { info_name: "Namespace Name", info_value: "db1" },
      { info_name: "Comment", info_value: "test" },
      { info_name: "Location", info_value: "/warehouse/db1.db" },
      { info_name: "Properties", info_value: "((a,a), (b,b))" },
    ]);
    expect(() => sql("CREATE DATABASE db1")).toThrow(
      expect.objectContaining({
        errorClass: "SCHEMA_ALREADY_EXISTS",
        messageParameters: { schemaName: "`spark_catalog`.`db1`" },
      }),
    );
    await run("CREATE DATABASE IF NOT EXISTS db1");
    await run("CREATE TABLE db1.tab1 (a INT) USING parquet");
    expect(t.spark.sessionCatalog.getTableMetadata({ database: "db1", table: "tab1" }).location).toBe(
      "/warehouse/db1.db/tab1",
    );
    expect(await tableNames("SHOW TABLES IN db1")).toEqual(["tab1", "tmp1"]);
    await run("USE db1");
    expect(t.spark.catalog.currentDatabase()).toBe("db1");
    expect(await tableNames()).toContain("tab1");
    expect(() => sql("DROP DATABASE db1")).toThrow(
      expect.objectContaining({
        errorClass: "SCHEMA_NOT_EMPTY",
        messageParameters: { schemaName: "`spark_catalog`.`db1`" },
      }),
    );
    await run("DROP DATABASE db1 CASCADE");
    expect(t.spark.catalog.currentDatabase()).toBe("default");
    expect(await namesIn(t, "/warehouse")).not.toContain("db1.db");
  });

  it("Drop/Describe Database - database does not exist; the default database cannot be dropped", async () => {
    expect(() => sql("DROP DATABASE db_missing")).toThrow(
      expect.objectContaining({
        errorClass: "SCHEMA_NOT_FOUND",
        messageParameters: { schemaName: "`spark_catalog`.`db_missing`" },
      }),
    );
    expect(() => sql("DESCRIBE DATABASE EXTENDED db_missing")).toThrow(/SCHEMA_NOT_FOUND/);
    expect(() => sql("USE db_missing")).toThrow(/SCHEMA_NOT_FOUND/);
    await run("DROP DATABASE IF EXISTS db_missing");
    expect(() => sql("DROP DATABASE default")).toThrow(
      expect.objectContaining({
        errorClass: "UNSUPPORTED_FEATURE.DROP_DATABASE",
        messageParameters: { database: "`default`" },
      }),
    );
    expect(() => sql("CREATE DATABASE global_temp")).toThrow(
      "global_temp is a system preserved database, you cannot create a database with this name.",
    );
  });

  it("a command's syntax error is a ParseException, never a DuckDB statement", () => {
    expect(() => sql("CREATE TABLE (a INT)")).toThrow(/PARSE_SYNTAX_ERROR/);
    expect(() => sql("DROP TABLE")).toThrow(/PARSE_SYNTAX_ERROR/);
    expect(() => sql("INSERT INTO")).toThrow(/PARSE_SYNTAX_ERROR/);
  });
});
