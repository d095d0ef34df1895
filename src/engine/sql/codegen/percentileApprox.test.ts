/**
 * percentile_approx / approx_percentile as Spark answers them: the value of rank ceil(p * n) among the non-null
 * values, one of the data's own values. Inputs and answers from Spark's ApproximatePercentileQuerySuite (the cases
 * where its Greenwald-Khanna summary is exact: fewer values than the accuracy).
 */
import { describe, expect, it } from "vitest";
import { sharedSession } from "../../testing/files";
import { toRowArrays } from "../api/rows";

describe("percentile_approx", () => {
  const ctx = sharedSession();
  /** The first row's values by position (columns of one query may share a name). */
  const one = async (sql: string) => toRowArrays(await ctx.t.spark.sql(sql).toArrow())[0];
  const oneTo = (n: number) => `(SELECT CAST(id AS INT) AS col FROM range(1, ${n + 1}))`;

  it("single percentile value", async () => {
    expect(
      await one(
        `SELECT percentile_approx(col, 0.25), percentile_approx(col, 0.5), percentile_approx(col, 0.75d),
           percentile_approx(col, 0.0), percentile_approx(col, 1.0), percentile_approx(col, 0),
           percentile_approx(col, 1)
         FROM ${oneTo(1000)}`,
      ),
    ).toEqual([250, 500, 750, 1, 1000, 1, 1000]);
  });

  it("the first element satisfies small percentages", async () => {
    expect(await one(`SELECT percentile_approx(col, array(0.01, 0.1, 0.11)) FROM ${oneTo(10)}`)).toEqual([
      [1, 1, 2],
    ]);
  });

  it("array of percentile values, beside other aggregates", async () => {
    expect(
      await one(
        `SELECT percentile_approx(col, array(0.25, 0.5, 0.75D)), count(col), percentile_approx(col, array(0.0, 1.0)),
           sum(col)
         FROM ${oneTo(1000)}`,
      ),
    ).toEqual([[250, 500, 750], 1000, [1, 1000], 500500]);
  });

  it("keeps the input's type: int, double, date", async () => {
    const df = ctx.t.spark.sql(
      `SELECT percentile_approx(a + b, 0.5D) AS p50, percentile_approx(a + b, 0.9D) AS p90,
         percentile_approx(b + a, 0.25D) AS p25, percentile_approx(b + a, 0.75D) AS p75
       FROM VALUES (1D, 2D), (3D, 4D), (5D, 6D) AS t(a, b)`,
    );
    expect(df.dtypes.map(([, t]) => t)).toEqual(["double", "double", "double", "double"]);
    expect(await df.collect()).toEqual([{ p50: 7, p90: 11, p25: 3, p75: 11 }]);
    const ids = ctx.t.spark.sql(
      "SELECT percentile_approx(id, 0.5D) AS a, percentile_approx(id, 0.9D) AS b FROM range(10)",
    );
    expect(ids.dtypes).toEqual([
      ["a", "bigint"],
      ["b", "bigint"],
    ]);
    expect(await ids.collect()).toEqual([{ a: 4, b: 8 }]);
    const dates = await one(
      "SELECT CAST(percentile_approx(d, 0.5) AS STRING) FROM VALUES (DATE'2020-01-01'), (DATE'2020-01-03'), (DATE'2020-01-02') AS t(d)",
    );
    expect(dates).toEqual(["2020-01-02"]);
  });

  it("approx_percentile with an accuracy; the same answer at every accuracy for small data", async () => {
    expect(
      await one(
        `SELECT approx_percentile(col, 0.5, 10000), approx_percentile(col, 0.9, 10000),
           approx_percentile(col, 0.95, 10000), percentile_approx(col, array(0.25 + 0.25D), 200 + 800)
         FROM ${oneTo(1000)}`,
      ),
    ).toEqual([500, 900, 950, [500]]);
  });

  it("ignores nulls; null on empty input and on null input", async () => {
    expect(
      await one(
        `SELECT percentile_approx(col, 0.5), sum(null), percentile_approx(col, 0.5)
         FROM (SELECT CASE WHEN id % 2 = 0 THEN NULL ELSE CAST(id / 2 + 1 AS INT) END AS col FROM range(0, 2000))`,
      ),
    ).toEqual([500, null, 500]);
    expect(
      await one("SELECT sum(col), percentile_approx(col, 0.5) FROM VALUES (1) AS t(col) WHERE col > 1"),
    ).toEqual([null, null]);
    const byKey = await ctx.t.spark
      .sql(
        `SELECT key, percentile_approx(value, 0.5) AS p, sum(value) AS s FROM
           (SELECT CAST(id % 2 AS INT) AS key, CAST(id AS INT) AS value FROM range(1, 1001)) GROUP BY key ORDER BY key`,
      )
      .collect();
    expect(byKey).toEqual([
      { key: 0, p: 500, s: 250500 },
      { key: 1, p: 499, s: 250000 },
    ]);
  });
});
