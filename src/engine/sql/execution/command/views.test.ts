/**
 * Views: temporary, global temporary and persistent, ported from Spark's SQLViewSuite and DDLSuite (create
 * temporary view with specified schema / mismatched schema, block creating duplicate temp view...).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../../testing/fixtures";

describe("views", () => {
  let t: TestSession;
  const sql = (text: string) => t.spark.sql(text);
  const run = (text: string) => sql(text).collect();

  beforeAll(async () => {
    t = await newTestSession();
    t.spark
      .createDataFrame(
        Array.from({ length: 9 }, (_, i) => ({ id: i + 1 })),
        "id INT",
      )
      .createOrReplaceTempView("jt");
    await run("CREATE TABLE base (id INT, name STRING) USING parquet");
    await run("INSERT INTO base VALUES (1, 'a'), (2, 'b')");
  });
  afterAll(() => t.cleanup());

  it("create temporary view with specified schema", async () => {
    await run("CREATE TEMPORARY VIEW view1 (col1, col2) AS SELECT 1, 2");
    expect(await sql("SELECT * FROM view1").collect()).toEqual([{ col1: 1, col2: 2 }]);
  });

  it("create temporary view with mismatched schema", async () => {
    await t.spark.range(10).write.saveAsTable("tab_mis");
    expect(() => sql("CREATE TEMPORARY VIEW view_mis (col1, col3) AS SELECT * FROM tab_mis")).toThrow(
      expect.objectContaining({
        errorClass: "CREATE_VIEW_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS",
        messageParameters: { viewName: "`view_mis`", viewColumns: "`col1`, `col3`", dataColumns: "`id`" },
      }),
    );
  });

  it("should NOT allow CREATE TEMPORARY VIEW when TEMPORARY VIEW with same name exists", async () => {
    await run("CREATE TEMPORARY VIEW testView AS SELECT id FROM jt");
    expect(() => sql("CREATE TEMPORARY VIEW testView AS SELECT id FROM jt")).toThrow(
      expect.objectContaining({
        errorClass: "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS",
        messageParameters: { relationName: "`testView`" },
      }),
    );
    await run("CREATE OR REPLACE TEMPORARY VIEW testView AS SELECT id * 2 AS id FROM jt");
    expect(await sql("SELECT max(id) AS m FROM testView").collect()).toEqual([{ m: 18 }]);
  });

  it("create temporary view using (DDLSuite): a temporary view over files, with its columns' types", async () => {
    await t.spark
      .createDataFrame(
        [
          { year: "2012", make: "Tesla" },
          { year: "1997", make: "Ford" },
          { year: "2015", make: "Chevy" },
        ],
        "year STRING, make STRING",
      )
      .write.csv("/data/cars");
    await run(
      "CREATE OR REPLACE TEMPORARY VIEW testview (c1 String, c2 String) USING csv OPTIONS (PATH '/data/cars')",
    );
    expect(await run("select c1, c2 from testview order by c1 limit 1")).toEqual([
      { c1: "1997", c2: "Ford" },
    ]);
    // Fails if creating a new view with the same name.
    expect(() => sql("CREATE TEMPORARY VIEW testview USING csv OPTIONS (PATH '/data/cars')")).toThrow(
      expect.objectContaining({ errorClass: "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS" }),
    );
    await run("CREATE GLOBAL TEMPORARY VIEW gcars USING csv OPTIONS (path '/data/cars')");
    expect(await run("SELECT count(*) AS n FROM global_temp.gcars")).toEqual([{ n: 3 }]);
    expect(t.spark.catalog.dropGlobalTempView("gcars")).toBe(true);
  });

  it("IF NOT EXISTS with OR REPLACE, or with TEMPORARY, is refused as Spark's parser refuses it", () => {
    expect(() => sql("CREATE OR REPLACE VIEW IF NOT EXISTS v AS SELECT 1")).toThrow(
      "CREATE VIEW with both IF NOT EXISTS and REPLACE is not allowed.",
    );
    expect(() => sql("CREATE TEMPORARY VIEW IF NOT EXISTS v AS SELECT 1")).toThrow(
      "It is not allowed to define a TEMPORARY view with IF NOT EXISTS.",
    );
  });

  it("a persistent view is its query, read again each time; it is listed as a VIEW", async () => {
    await run("CREATE VIEW base_v COMMENT 'names' AS SELECT upper(name) AS name FROM base WHERE id > 1");
    expect(await t.spark.table("base_v").collect()).toEqual([{ name: "B" }]);
    await run("INSERT INTO base VALUES (3, 'c')");
    expect(await sql("SELECT * FROM base_v ORDER BY name").collect()).toEqual([{ name: "B" }, { name: "C" }]);
    expect(t.spark.catalog.getTable("base_v")).toMatchObject({ tableType: "VIEW", description: "names" });
    expect(() => sql("CREATE VIEW base_v AS SELECT 1")).toThrow(/TABLE_OR_VIEW_ALREADY_EXISTS/);
    await run("CREATE VIEW IF NOT EXISTS base_v AS SELECT 1");
    await run("CREATE OR REPLACE VIEW base_v (n) AS SELECT name FROM base WHERE id = 1");
    expect(await t.spark.table("base_v").collect()).toEqual([{ n: "a" }]);
    await run("ALTER VIEW base_v AS SELECT id FROM base WHERE id = 2");
    expect(await t.spark.table("base_v").collect()).toEqual([{ id: 2 }]);
  });

  it("a persistent view cannot read a temporary view (INVALID_TEMP_OBJ_REFERENCE)", () => {
    expect(() => sql("CREATE VIEW bad_v AS SELECT * FROM jt")).toThrow(
      expect.objectContaining({
        errorClass: "INVALID_TEMP_OBJ_REFERENCE",
        messageParameters: {
          obj: "VIEW",
          objName: "`spark_catalog`.`default`.`bad_v`",
          tempObj: "VIEW",
          tempObjName: "`jt`",
        },
      }),
    );
    // A CTE of the same name is the query's own.
    expect(() => sql("CREATE VIEW cte_v AS WITH jt AS (SELECT 1 AS x) SELECT * FROM jt")).not.toThrow();
  });

  it("CREATE OR REPLACE VIEW over a table is refused", () => {
    expect(() => sql("CREATE OR REPLACE VIEW base AS SELECT 1")).toThrow(/EXPECT_VIEW_NOT_TABLE/);
  });

  it("global temporary views live in global_temp", async () => {
    await run("CREATE GLOBAL TEMP VIEW gsrc AS SELECT 1 AS a, '2' AS b");
    expect(await t.spark.table("global_temp.gsrc").collect()).toEqual([{ a: 1, b: "2" }]);
    expect(await sql("SELECT a FROM global_temp.gsrc").collect()).toEqual([{ a: 1 }]);
    expect(() => t.spark.table("gsrc")).toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
    t.spark.range(2).createOrReplaceGlobalTempView("granges");
    expect(
      (await sql("SHOW TABLES IN global_temp").collect()).filter((r) => r.namespace === "global_temp"),
    ).toEqual([
      { namespace: "global_temp", tableName: "granges", isTemporary: true },
      { namespace: "global_temp", tableName: "gsrc", isTemporary: true },
    ]);
    expect(t.spark.catalog.dropGlobalTempView("gsrc")).toBe(true);
    expect(t.spark.catalog.dropGlobalTempView("gsrc")).toBe(false);
  });

  it("global temp view is shared among all sessions (GlobalTempViewSuite)", async () => {
    await run("CREATE GLOBAL TEMP VIEW gshared AS SELECT 1, 2");
    t.spark.range(3).createOrReplaceTempView("session_own");
    const other = t.spark.newSession();
    expect(await other.table("global_temp.gshared").collect()).toEqual([{ "1": 1, "2": 2 }]);
    // A session's own temporary views stay its own; a global one dropped in one is gone in both.
    expect(() => other.table("session_own")).toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
    other.range(1).createGlobalTempView("from_other");
    expect(await t.spark.table("global_temp.from_other").count()).toBe(1);
    expect(other.catalog.dropGlobalTempView("gshared")).toBe(true);
    expect(() => t.spark.table("global_temp.gshared")).toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
    t.spark.catalog.dropGlobalTempView("from_other");
  });

  it("a view over a window function keeps working (its query runs as DuckDB SQL)", async () => {
    await run("CREATE VIEW ranked AS SELECT name, row_number() OVER (ORDER BY id DESC) AS r FROM base");
    expect(await sql("SELECT name FROM ranked WHERE r = 1").collect()).toEqual([{ name: "c" }]);
  });
});
