/**
 * Spark's try aggregates and percentiles, with the inputs and answers of Spark's sql-tests (try_aggregates.sql,
 * percentiles.sql) and of the functions' examples, in batch and, where Spark allows, as streaming aggregates.
 *
 * Not ported:
 * - try_aggregates.sql's decimal literals (`5.0`, `…BD`): Sluice's parser types them int and double (a parser
 *   matter outside these functions); the same values are given here as casts to Spark's decimal types.
 * - try_aggregates.sql's interval cases: Sluice does not sum intervals (sum() itself refuses them).
 * - percentiles.sql's FILTER (WHERE ...) columns: Sluice's SQL has no aggregate FILTER clause yet.
 * - percentiles.sql's `round(v, 0) WITHIN GROUP (...)` and `percentile(v, 0.5) WITHIN GROUP (...)`
 *   (INVALID_SQL_SYNTAX.FUNCTION_WITH_UNSUPPORTED_SYNTAX): Sluice's parser refuses WITHIN GROUP after other
 *   functions as unsupported syntax.
 * - try_aggregates.sql's `col / 0` cases: their answers are the non-ANSI mode's; under Spark 4's ANSI default the
 *   division raises DIVIDE_BY_ZERO before the aggregate, as Sluice does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStream } from "../../sources/MemoryStream";
import { collectBatches } from "../../testing/batches";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { col, nth_value, try_avg, try_sum } from "../api/functions";
import { Window } from "../api/Window";
import { Decimal } from "../decimals";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

/** The one row of `sql`'s answer and its schema as `name:type`. */
async function one(sql: string): Promise<{ value: unknown; schema: string }> {
  const df = t.spark.sql(sql);
  const row = await df.first();
  const [name, type] = df.dtypes[0];
  // A decimal as Spark's answer files print it: its plain digits with the scale's zeros.
  const value = row?.[name];
  return { value: value instanceof Decimal ? value.toString() : value, schema: `${name}:${type}` };
}

const decimals = (type: string, ...values: string[]) =>
  `(SELECT CAST(v AS ${type}) AS col FROM VALUES ${values.map((v) => `('${v}')`).join(", ")} AS tab(v))`;

describe("try_aggregates.sql", () => {
  it("try_sum", async () => {
    expect(await one("SELECT try_sum(col) FROM VALUES (5), (10), (15) AS tab(col)")).toEqual({
      value: 30,
      schema: "try_sum(col):bigint",
    });
    expect(await one(`SELECT try_sum(col) FROM ${decimals("DECIMAL(3,1)", "5.0", "10.0", "15.0")}`)).toEqual({
      value: "30.0",
      schema: "try_sum(col):decimal(13,1)",
    });
    expect(await one("SELECT try_sum(col) FROM VALUES (NULL), (10), (15) AS tab(col)")).toEqual({
      value: 25,
      schema: "try_sum(col):bigint",
    });
    expect(
      (await one("SELECT try_sum(col) FROM VALUES (9223372036854775807L), (1L) AS tab(col)")).value,
    ).toBeNull();
    const big = "98765432109876543210987654321098765432";
    expect(await one(`SELECT try_sum(col) FROM ${decimals("DECIMAL(38,0)", big, big)}`)).toEqual({
      value: null,
      schema: "try_sum(col):decimal(38,0)",
    });
  });

  it("try_avg", async () => {
    expect(await one("SELECT try_avg(col) FROM VALUES (5), (10), (15) AS tab(col)")).toEqual({
      value: 10,
      schema: "try_avg(col):double",
    });
    expect(await one(`SELECT try_avg(col) FROM ${decimals("DECIMAL(3,1)", "5.0", "10.0", "15.0")}`)).toEqual({
      value: "10.00000",
      schema: "try_avg(col):decimal(7,5)",
    });
    expect(await one("SELECT try_avg(col) FROM VALUES (NULL), (10), (15) AS tab(col)")).toEqual({
      value: 12.5,
      schema: "try_avg(col):double",
    });
    expect((await one("SELECT try_avg(col) FROM VALUES (NULL), (NULL) AS tab(col)")).value).toBeNull();
    expect(await one("SELECT try_avg(col) FROM VALUES (9223372036854775807L), (1L) AS tab(col)")).toEqual({
      value: 4.611686018427388e18,
      schema: "try_avg(col):double",
    });
    const big = "98765432109876543210987654321098765432";
    expect(await one(`SELECT try_avg(col) FROM ${decimals("DECIMAL(38,0)", big, big)}`)).toEqual({
      value: null,
      schema: "try_avg(col):decimal(38,4)",
    });
  });

  it("a wide decimal sum that fits is exact; one past 38 digits is null", async () => {
    const fits = decimals(
      "DECIMAL(38,1)",
      "9876543210987654321098765432109876543.2",
      "-9876543210987654321098765432109876540.1",
    );
    expect(Number((await one(`SELECT try_sum(col) FROM ${fits}`)).value)).toBe(3.1);
    const over = decimals(
      "DECIMAL(38,1)",
      "-9876543210987654321098765432109876543.2",
      "-9876543210987654321098765432109876543.2",
    );
    expect((await one(`SELECT try_sum(col) FROM ${over}`)).value).toBeNull();
    // Spark's avg rounds half up to the scale + 4: 4/3 is 1.33333.
    expect(
      Number((await one(`SELECT try_avg(col) FROM ${decimals("DECIMAL(3,1)", "1", "1", "2")}`)).value),
    ).toBe(1.33333);
  });

  it("the DataFrame functions name their columns as Spark", async () => {
    const df = t.spark
      .sql("SELECT * FROM VALUES (1L), (2L) AS tab(col)")
      .agg(try_sum("col"), try_avg(col("col")));
    expect(df.columns).toEqual(["try_sum(col)", "try_avg(col)"]);
    expect(await df.first()).toEqual({ "try_sum(col)": 3, "try_avg(col)": 1.5 });
  });
});

const LONG_MAX = 9223372036854775807n;

describe("try aggregates in streaming state", () => {
  it("try_sum and try_avg keep running across batches; an overflow stays null", async () => {
    const input = new MemoryStream(t.spark, "k STRING, v BIGINT");
    const out = collectBatches();
    const query = await input
      .toDF()
      .groupBy("k")
      .agg(try_sum("v").alias("s"), try_avg("v").alias("a"))
      .writeStream.outputMode("complete")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/try_sum")
      .start();
    const lastBatch = () =>
      [...out.batches.get(Math.max(...out.batches.keys()))!].sort((a, b) =>
        String(a.k).localeCompare(String(b.k)),
      );
    input.addData([
      { k: "a", v: 5 },
      { k: "a", v: 10 },
      { k: "b", v: LONG_MAX },
      { k: "c", v: null },
    ]);
    await query.processAllAvailable();
    expect(lastBatch()).toEqual([
      { k: "a", s: 15, a: 7.5 },
      { k: "b", s: LONG_MAX, a: Number(LONG_MAX) },
      { k: "c", s: null, a: null },
    ]);
    input.addData([
      { k: "a", v: 15 },
      { k: "b", v: 1 },
      { k: "c", v: 4 },
    ]);
    await query.processAllAvailable();
    input.addData([{ k: "b", v: -10 }]);
    await query.processAllAvailable();
    expect(lastBatch()).toEqual([
      { k: "a", s: 30, a: 10 },
      { k: "b", s: null, a: (Number(LONG_MAX) + 1 - 10) / 3 },
      { k: "c", s: 4, a: 4 },
    ]);
    await query.stop();
  });
});

const AGGR =
  "CREATE OR REPLACE TEMPORARY VIEW aggr AS SELECT * FROM VALUES (0, 0), (0, 10), (0, 20), (0, 30), (0, 40), (1, 10), (1, 20), (2, 10), (2, 20), (2, 25), (2, 30), (3, 60), (4, null) AS aggr(k, v)";

const BASIC_PAYS = `CREATE OR REPLACE TEMPORARY VIEW basic_pays AS SELECT * FROM VALUES
('Diane Murphy','Accounting',8435), ('Mary Patterson','Accounting',9998), ('Jeff Firrelli','Accounting',8992),
('William Patterson','Accounting',8870), ('Gerard Bondur','Accounting',11472), ('Anthony Bow','Accounting',6627),
('Leslie Jennings','IT',8113), ('Leslie Thompson','IT',5186), ('Julie Firrelli','Sales',9181),
('Steve Patterson','Sales',9441), ('Foon Yue Tseng','Sales',6660), ('George Vanauf','Sales',10563),
('Loui Bondur','SCM',10449), ('Gerard Hernandez','SCM',6949), ('Pamela Castillo','SCM',11303),
('Larry Bott','SCM',11798), ('Barry Jones','SCM',10586)
AS basic_pays(employee_name, department, salary)`;

describe("percentiles.sql", () => {
  beforeAll(async () => {
    await t.spark.sql(AGGR).collect();
    await t.spark.sql(BASIC_PAYS).collect();
  });

  const rows = async (sql: string) => {
    const df = t.spark.sql(sql);
    return {
      columns: df.columns,
      types: df.dtypes.map(([, type]) => type),
      rows: (await df.collect()).map((r) => df.columns.map((c) => r[c])),
    };
  };

  it("percentile_cont and percentile_disc WITHIN GROUP, ascending and descending", async () => {
    for (const name of ["percentile_cont", "percentile_disc"]) {
      const result = await rows(
        `SELECT ${name}(0.25) WITHIN GROUP (ORDER BY v), ${name}(0.25) WITHIN GROUP (ORDER BY v DESC) FROM aggr`,
      );
      expect(result.columns).toEqual([
        `${name}(0.25) WITHIN GROUP (ORDER BY v)`,
        `${name}(0.25) WITHIN GROUP (ORDER BY v DESC)`,
      ]);
      expect(result.types).toEqual(["double", "double"]);
      expect(result.rows).toEqual([[10, 30]]);
    }
    const grouped = (name: string) =>
      rows(
        `SELECT k, ${name}(0.25) WITHIN GROUP (ORDER BY v), ${name}(0.25) WITHIN GROUP (ORDER BY v DESC) FROM aggr GROUP BY k ORDER BY k`,
      );
    expect((await grouped("percentile_cont")).rows).toEqual([
      [0, 10, 30],
      [1, 12.5, 17.5],
      [2, 17.5, 26.25],
      [3, 60, 60],
      [4, null, null],
    ]);
    expect((await grouped("percentile_disc")).rows).toEqual([
      [0, 10, 30],
      [1, 10, 20],
      [2, 10, 30],
      [3, 60, 60],
      [4, null, null],
    ]);
  });

  it("median, percentile and percentile_cont agree", async () => {
    const all = await rows(
      "SELECT median(v), percentile(v, 0.5), percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM aggr",
    );
    expect(all.columns).toEqual([
      "median(v)",
      "percentile(v, 0.5, 1)",
      "percentile_cont(0.5) WITHIN GROUP (ORDER BY v)",
    ]);
    expect(all.rows).toEqual([[20, 20, 20]]);
    const grouped = await rows(
      "SELECT k, median(v), percentile(v, 0.5), percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM aggr GROUP BY k ORDER BY k",
    );
    expect(grouped.rows).toEqual([
      [0, 20, 20, 20],
      [1, 15, 15, 15],
      [2, 22.5, 22.5, 22.5],
      [3, 60, 60, 60],
      [4, null, null, null],
    ]);
  });

  it("over a window partitioned by department", async () => {
    const result = await rows(`SELECT employee_name, department, salary,
      percentile_cont(0.25) WITHIN GROUP (ORDER BY salary) OVER (PARTITION BY department),
      percentile_disc(0.25) WITHIN GROUP (ORDER BY salary) OVER (PARTITION BY department),
      percentile_cont(0.25) WITHIN GROUP (ORDER BY salary DESC) OVER (PARTITION BY department),
      percentile_disc(0.25) WITHIN GROUP (ORDER BY salary DESC) OVER (PARTITION BY department)
      FROM basic_pays ORDER BY salary`);
    expect(result.columns[3]).toBe(
      "percentile_cont(0.25) WITHIN GROUP (ORDER BY salary) OVER (PARTITION BY department ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)",
    );
    expect(result.rows.map((r) => r.slice(2))).toEqual([
      [5186, 5917.75, 5186, 7381.25, 8113],
      [6627, 8543.75, 8435, 9746.5, 9998],
      [6660, 8550.75, 6660, 9721.5, 10563],
      [6949, 10449, 10449, 11303, 11303],
      [8113, 5917.75, 5186, 7381.25, 8113],
      [8435, 8543.75, 8435, 9746.5, 9998],
      [8870, 8543.75, 8435, 9746.5, 9998],
      [8992, 8543.75, 8435, 9746.5, 9998],
      [9181, 8550.75, 6660, 9721.5, 10563],
      [9441, 8550.75, 6660, 9721.5, 10563],
      [9998, 8543.75, 8435, 9746.5, 9998],
      [10449, 10449, 10449, 11303, 11303],
      [10563, 8550.75, 6660, 9721.5, 10563],
      [10586, 10449, 10449, 11303, 11303],
      [11303, 10449, 10449, 11303, 11303],
      [11472, 8543.75, 8435, 9746.5, 9998],
      [11798, 10449, 10449, 11303, 11303],
    ]);
  });

  it("errors: DISTINCT, a missing WITHIN GROUP, the number of arguments and of orderings, a window ORDER BY", () => {
    const fails = (sql: string) => {
      try {
        t.spark.sql(sql).columns;
      } catch (e) {
        const error = e as { getCondition(): string; messageParameters: Record<string, string> };
        return { condition: error.getCondition(), parameters: error.messageParameters };
      }
      throw new Error(`no error for ${sql}`);
    };
    expect(fails("SELECT percentile_cont(DISTINCT 0.5) WITHIN GROUP (ORDER BY v) FROM aggr")).toEqual({
      condition: "INVALID_WITHIN_GROUP_EXPRESSION.DISTINCT_UNSUPPORTED",
      parameters: { funcName: "`percentile_cont`" },
    });
    expect(fails("SELECT percentile_cont() WITHIN GROUP (ORDER BY v) FROM aggr")).toMatchObject({
      condition: "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
      parameters: { functionName: "`percentile_cont`", expectedNum: "1", actualNum: "0" },
    });
    expect(fails("SELECT percentile_cont(k, 0.5) WITHIN GROUP (ORDER BY v) FROM aggr")).toMatchObject({
      condition: "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
      parameters: { functionName: "`percentile_cont`", expectedNum: "1", actualNum: "2" },
    });
    for (const sql of [
      "SELECT percentile_cont(0.5) FROM aggr",
      "SELECT percentile_cont(0.5) OVER (PARTITION BY k) FROM aggr",
    ]) {
      expect(fails(sql)).toEqual({
        condition: "INVALID_WITHIN_GROUP_EXPRESSION.WITHIN_GROUP_MISSING",
        parameters: { funcName: "`percentile_cont`" },
      });
    }
    expect(fails("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY k, v) FROM aggr")).toEqual({
      condition: "INVALID_WITHIN_GROUP_EXPRESSION.WRONG_NUM_ORDERINGS",
      parameters: { funcName: "`percentile_cont`", expectedNum: "1", actualNum: "2" },
    });
    expect(
      fails(
        "SELECT percentile_disc(0.25) WITHIN GROUP (ORDER BY salary) OVER (PARTITION BY department ORDER BY salary) FROM basic_pays",
      ),
    ).toEqual({
      condition: "INVALID_WINDOW_SPEC_FOR_AGGREGATION_FUNC",
      parameters: { aggFunc: '"percentile_disc(salary, 0.25)"' },
    });
  });

  it("percentile_cont and percentile_disc as streaming aggregates", async () => {
    const input = new MemoryStream(t.spark, "k INT, v INT");
    input.toDF().createOrReplaceTempView("aggr_stream");
    const out = collectBatches();
    const query = await t.spark
      .sql(
        "SELECT k, percentile_cont(0.25) WITHIN GROUP (ORDER BY v DESC) AS c, percentile_disc(0.25) WITHIN GROUP (ORDER BY v DESC) AS d FROM aggr_stream GROUP BY k",
      )
      .writeStream.outputMode("complete")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/percentiles")
      .start();
    const lastBatch = () =>
      [...out.batches.get(Math.max(...out.batches.keys()))!].sort((a, b) => Number(a.k) - Number(b.k));
    input.addData([
      { k: 2, v: 10 },
      { k: 2, v: 20 },
      { k: 4, v: null },
    ]);
    await query.processAllAvailable();
    input.addData([
      { k: 2, v: 25 },
      { k: 2, v: 30 },
      { k: 1, v: 10 },
      { k: 1, v: 20 },
    ]);
    await query.processAllAvailable();
    expect(lastBatch()).toEqual([
      { k: 1, c: 17.5, d: 20 },
      { k: 2, c: 26.25, d: 30 },
      { k: 4, c: null, d: null },
    ]);
    await query.stop();
  });
});

describe("window.sql: nth_value", () => {
  beforeAll(async () => {
    await t.spark.sql(BASIC_PAYS).collect();
  });

  it("nth_value()/first_value() over (ORDER BY salary DESC), RANGE and ROWS frames", async () => {
    const query = (frame: string) =>
      t.spark.sql(`SELECT employee_name, salary,
        first_value(employee_name) OVER (ORDER BY salary DESC${frame}) AS highest_salary,
        nth_value(employee_name, 2) OVER (ORDER BY salary DESC${frame}) AS second_highest_salary
        FROM basic_pays ORDER BY salary DESC`);
    for (const frame of [
      "",
      " RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
      " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
    ]) {
      const rows = await query(frame).collect();
      expect(rows).toHaveLength(17);
      expect(rows.every((r) => r.highest_salary === "Larry Bott")).toBe(true);
      expect(rows[0].second_highest_salary).toBeNull();
      expect(rows.slice(1).every((r) => r.second_highest_salary === "Gerard Bondur")).toBe(true);
    }
    const following = await query(" ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING").collect();
    expect(following.slice(0, 4).map((r) => r.second_highest_salary)).toEqual([
      "Gerard Bondur",
      "Gerard Bondur",
      "Gerard Bondur",
      "Pamela Castillo",
    ]);
  });

  it("IGNORE NULLS skips nulls; the DataFrame function; its name; errors", async () => {
    const df = t.spark.sql("SELECT * FROM VALUES (1, NULL), (2, 'a'), (3, NULL), (4, 'b') AS t(i, v)");
    const w = Window.orderBy("i").rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing);
    const result = df.select(
      col("i"),
      nth_value("v", 2).over(w).alias("n"),
      nth_value("v", 2, true).over(w).alias("skip"),
    );
    expect((await result.collect()).map((r) => [r.n, r.skip])).toEqual([
      ["a", "b"],
      ["a", "b"],
      ["a", "b"],
      ["a", "b"],
    ]);
    const sql = t.spark.sql(
      "SELECT nth_value(v, 2) IGNORE NULLS OVER (ORDER BY i ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS s FROM VALUES (1, NULL), (2, 'a'), (3, NULL), (4, 'b') AS t(i, v)",
    );
    expect((await sql.collect()).map((r) => r.s)).toEqual(["b", "b", "b", "b"]);
    expect(df.select(nth_value("v", 2).over(Window.orderBy("i"))).columns).toEqual([
      "nth_value(v, 2) OVER (ORDER BY i ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
    ]);
    expect(() => df.select(nth_value("v", 2)).columns).toThrow(/WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE/);
    expect(() => df.select(nth_value("v", 0).over(Window.orderBy("i"))).columns).toThrow(
      /DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE/,
    );
  });
});
