/**
 * Spark SQL's remaining statements: SHOW FUNCTIONS, DESCRIBE FUNCTION, DESCRIBE QUERY, EXPLAIN, RESET,
 * ANALYZE TABLE, ALTER TABLE ... ADD COLUMNS, and DELETE / UPDATE / MERGE on file tables (refused as Spark
 * refuses them on its V1 tables), after the sql-tests describe.sql, explain.sql and show-tables.sql.
 *
 * Not ported: describe.sql's DESCRIBE ... PARTITION and DESCRIBE ... AS JSON cases (not supported), and
 * explain.sql's physical-plan texts (Sluice's physical plan is DuckDB's, not Spark's operators).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetCatalog } from "../../../testing/catalog";
import { newTestSession, type TestSession } from "../../../testing/fixtures";

describe("SQL statements", () => {
  let t: TestSession;
  const run = (text: string) => t.spark.sql(text).collect();
  const conditionOf = async (text: string): Promise<string | undefined> => {
    try {
      await run(text);
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

  it("SHOW FUNCTIONS [LIKE]: built-ins and temporary functions, one `function` column", async () => {
    const all = (await run("SHOW FUNCTIONS")).map((r) => r.function);
    expect(all).toContain("abs");
    expect(all).toContain("current_database");
    expect(t.spark.sql("SHOW FUNCTIONS").columns).toEqual(["function"]);
    expect((await run("SHOW FUNCTIONS LIKE 'to_unix*'")).map((r) => r.function)).toEqual([
      "to_unix_timestamp",
    ]);
    expect((await run("SHOW FUNCTIONS 'to_unix*'")).map((r) => r.function)).toEqual(["to_unix_timestamp"]);
    t.spark.udf.register("my_temp_func", (x: number) => x, "int");
    expect((await run("SHOW USER FUNCTIONS")).map((r) => r.function)).toEqual(["my_temp_func"]);
    expect((await run("SHOW SYSTEM FUNCTIONS LIKE 'my_*'")).map((r) => r.function)).toEqual([]);
    expect(await conditionOf("SHOW FUNCTIONS IN unknown_db")).toBe("SCHEMA_NOT_FOUND");
  });

  it("DESCRIBE FUNCTION [EXTENDED]: Function, Class and Usage rows; an unknown name is UNRESOLVED_ROUTINE", async () => {
    const rows = (await run("DESCRIBE FUNCTION abs")).map((r) => r.function_desc);
    expect(rows[0]).toBe("Function: abs");
    expect(rows[1]).toMatch(/^Class: /);
    expect(rows[2]).toMatch(/^Usage: /);
    expect(t.spark.sql("DESC FUNCTION abs").columns).toEqual(["function_desc"]);
    const extended = (await run("DESCRIBE FUNCTION EXTENDED abs")).map((r) => r.function_desc);
    expect(extended[3]).toMatch(/^Extended Usage:/);
    expect(await conditionOf("DESCRIBE FUNCTION not_a_function")).toBe("UNRESOLVED_ROUTINE");
  });

  it("DESCRIBE QUERY (describe.sql): the query's columns", async () => {
    await run("CREATE TABLE t (a STRING, b INT, c STRING, d STRING) USING parquet PARTITIONED BY (c, d)");
    const cols = (rows: Record<string, unknown>[]) => rows.map((r) => [r.col_name, r.data_type, r.comment]);
    expect(cols(await run("DESCRIBE QUERY SELECT * FROM t"))).toEqual([
      ["a", "string", null],
      ["b", "int", null],
      ["c", "string", null],
      ["d", "string", null],
    ]);
    expect(cols(await run("DESC QUERY SELECT a, b FROM t WHERE b > 0"))).toEqual([
      ["a", "string", null],
      ["b", "int", null],
    ]);
    expect(cols(await run("DESCRIBE SELECT 1 AS one, 'x' AS two"))).toEqual([
      ["one", "int", null],
      ["two", "string", null],
    ]);
  });

  it("EXPLAIN [EXTENDED | FORMATTED] query: one `plan` row with explain()'s text", async () => {
    const df = t.spark.sql("EXPLAIN SELECT 1 AS x");
    expect(df.columns).toEqual(["plan"]);
    const [simple] = await df.collect();
    expect(String(simple.plan)).toContain("== Physical Plan ==");
    const [extended] = await run("EXPLAIN EXTENDED SELECT 1 AS x");
    for (const section of [
      "== Parsed Logical Plan ==",
      "== Analyzed Logical Plan ==",
      "== Optimized Logical Plan ==",
      "== Physical Plan ==",
    ])
      expect(String(extended.plan)).toContain(section);
  });

  it("RESET [key]: runtime confs back to their defaults", async () => {
    const initial = t.spark.conf.get("spark.sql.shuffle.partitions");
    await run("SET spark.sql.shuffle.partitions = 7");
    await run("SET spark.sql.caseSensitive = true");
    await run("RESET spark.sql.caseSensitive");
    expect(t.spark.conf.get("spark.sql.caseSensitive")).toBe("false");
    expect(t.spark.conf.get("spark.sql.shuffle.partitions")).toBe("7");
    await run("RESET");
    expect(t.spark.conf.get("spark.sql.shuffle.partitions")).toBe(initial);
  });

  it("ALTER TABLE ... ADD COLUMNS: new columns before the partition columns; old rows read NULL", async () => {
    await run("CREATE TABLE t (a INT, p STRING) USING parquet PARTITIONED BY (p)");
    await run("INSERT INTO t VALUES (1, 'x')");
    await run("ALTER TABLE t ADD COLUMNS (b STRING COMMENT 'new', c DOUBLE)");
    expect(t.spark.table("t").columns).toEqual(["a", "b", "c", "p"]);
    await run("INSERT INTO t VALUES (2, 'y', 2.5, 'z')");
    const rows = await run("SELECT * FROM t ORDER BY a");
    expect(rows.map((r) => [r.a, r.b, r.c, r.p])).toEqual([
      [1, null, null, "x"],
      [2, "y", 2.5, "z"],
    ]);
    await run("ALTER TABLE t ADD COLUMN d INT");
    expect(t.spark.table("t").columns).toEqual(["a", "b", "c", "d", "p"]);
    expect(await conditionOf("ALTER TABLE t ADD COLUMNS (A INT)")).toBe("COLUMN_ALREADY_EXISTS");
    await run("CREATE VIEW v AS SELECT 1 AS x");
    expect(await conditionOf("ALTER TABLE v ADD COLUMNS (y INT)")).toMatch(/^EXPECT_TABLE_NOT_VIEW/);
  });

  it("ANALYZE TABLE ... COMPUTE STATISTICS [NOSCAN]; a view is refused", async () => {
    await run("CREATE TABLE t (a INT) USING json");
    await run("INSERT INTO t VALUES (1), (2)");
    await run("ANALYZE TABLE t COMPUTE STATISTICS NOSCAN");
    const statistics = async () =>
      (await run("DESCRIBE TABLE EXTENDED t")).find((r) => r.col_name === "Statistics")?.data_type;
    expect(await statistics()).toMatch(/^[1-9]\d* bytes$/);
    await run("ANALYZE TABLE t COMPUTE STATISTICS");
    expect(await statistics()).toMatch(/^[1-9]\d* bytes, 2 rows$/);
    await run("CREATE VIEW v AS SELECT 1 AS x");
    expect(await conditionOf("ANALYZE TABLE v COMPUTE STATISTICS")).toBe("UNSUPPORTED_FEATURE.ANALYZE_VIEW");
  });

  it("DELETE FROM, UPDATE and MERGE INTO a file table: UNSUPPORTED_FEATURE.TABLE_OPERATION", async () => {
    await run("CREATE TABLE t (a INT) USING parquet");
    expect(await conditionOf("DELETE FROM t WHERE a = 1")).toBe("UNSUPPORTED_FEATURE.TABLE_OPERATION");
    expect(await conditionOf("UPDATE t SET a = 1")).toBe("UNSUPPORTED_FEATURE.TABLE_OPERATION");
    expect(await conditionOf("MERGE INTO t USING t AS s ON t.a = s.a WHEN MATCHED THEN DELETE")).toBe(
      "UNSUPPORTED_FEATURE.TABLE_OPERATION",
    );
    expect(await conditionOf("DELETE FROM missing")).toBe("TABLE_OR_VIEW_NOT_FOUND");
  });
});
