/**
 * Spark's aggregates over ANSI intervals: DataFrameAggregateSuite's "SPARK-34716: Support ANSI SQL intervals by
 * the aggregate function `sum`" and "SPARK-34837: Support ANSI SQL intervals by the aggregate function `avg`"
 * (their rows, as SQL values: Period.ofMonths(10) is INTERVAL '10' MONTH, Duration.ofDays(10) INTERVAL '10' DAY),
 * try_sum / try_avg, min, max and count, and the same sums in a streaming aggregation across a restart.
 *
 * Not ported: the suites' Scala `Period` / `Duration` encoders (typed Dataset rows); the same values are written as
 * interval literals.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStream } from "../sources/MemoryStream";
import { collectBatches } from "../testing/batches";
import { newTestSession, type TestSession } from "../testing/fixtures";
import { sqlAnswers } from "../testing/sqlAnswers";
import { rejectionOf } from "../testing/thrown";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

/** DataFrameAggregateSuite's rows: (class, year-month, day-time). */
const ROWS = `VALUES
  (1, INTERVAL '10' MONTH, INTERVAL '10' DAY),
  (2, INTERVAL '1' MONTH, INTERVAL '1' DAY),
  (2, NULL, NULL),
  (3, INTERVAL '-3' MONTH, INTERVAL '-6' DAY),
  (3, INTERVAL '21' MONTH, INTERVAL '-5' DAY) AS t(class, ym, dt)`;

/** Rows as strings: each interval cast to Spark's literal text. */
const { texts } = sqlAnswers(() => t.spark);

describe("DataFrameAggregateSuite: sum and avg of ANSI intervals", () => {
  it("SPARK-34716: Support ANSI SQL intervals by the aggregate function `sum`", async () => {
    expect(await texts(`SELECT sum(ym), sum(dt) FROM ${ROWS}`)).toEqual({
      schema: "struct<sum(ym):interval month,sum(dt):interval day>",
      rows: [["INTERVAL '29' MONTH", "INTERVAL '0' DAY"]],
    });
    expect(await texts(`SELECT class, sum(ym), sum(dt) FROM ${ROWS} GROUP BY class ORDER BY class`)).toEqual({
      schema: "struct<class:int,sum(ym):interval month,sum(dt):interval day>",
      rows: [
        ["1", "INTERVAL '10' MONTH", "INTERVAL '10' DAY"],
        ["2", "INTERVAL '1' MONTH", "INTERVAL '1' DAY"],
        ["3", "INTERVAL '18' MONTH", "INTERVAL '-11' DAY"],
      ],
    });
    const error = await rejectionOf(
      t.spark
        .sql("SELECT sum(x) FROM VALUES (INTERVAL '2147483647' MONTH), (INTERVAL '10' MONTH) AS t(x)")
        .collect(),
    );
    expect(error).toMatchObject({
      errorClass: "INTERVAL_ARITHMETIC_OVERFLOW.WITH_SUGGESTION",
      sqlState: "22015",
    });
  });

  it("SPARK-34837: Support ANSI SQL intervals by the aggregate function `avg`", async () => {
    expect(await texts(`SELECT avg(ym), avg(dt) FROM ${ROWS}`)).toEqual({
      schema: "struct<avg(ym):interval year to month,avg(dt):interval day to second>",
      rows: [["INTERVAL '0-7' YEAR TO MONTH", "INTERVAL '0 00:00:00' DAY TO SECOND"]],
    });
    expect(await texts(`SELECT class, avg(ym), avg(dt) FROM ${ROWS} GROUP BY class ORDER BY class`)).toEqual({
      schema: "struct<class:int,avg(ym):interval year to month,avg(dt):interval day to second>",
      rows: [
        ["1", "INTERVAL '0-10' YEAR TO MONTH", "INTERVAL '10 00:00:00' DAY TO SECOND"],
        ["2", "INTERVAL '0-1' YEAR TO MONTH", "INTERVAL '1 00:00:00' DAY TO SECOND"],
        ["3", "INTERVAL '0-9' YEAR TO MONTH", "INTERVAL '-5 12:00:00' DAY TO SECOND"],
      ],
    });
  });

  it("avg rounds half up: a year-month average to whole months, a day-time one to microseconds", async () => {
    expect(
      await texts(
        "SELECT avg(ym), avg(dt) FROM VALUES (INTERVAL '1' MONTH, INTERVAL '0.000001' SECOND), (INTERVAL '2' MONTH, INTERVAL '0.000002' SECOND) AS t(ym, dt)",
      ),
    ).toEqual({
      schema: "struct<avg(ym):interval year to month,avg(dt):interval day to second>",
      rows: [["INTERVAL '0-2' YEAR TO MONTH", "INTERVAL '0 00:00:00.000002' DAY TO SECOND"]],
    });
  });

  it("try_sum and try_avg are null on overflow; min, max and count keep Spark's types", async () => {
    const overflow = "VALUES (INTERVAL '2147483647' MONTH), (INTERVAL '10' MONTH) AS t(x)";
    expect(await texts(`SELECT try_sum(x), try_avg(x) FROM ${overflow}`)).toEqual({
      schema: "struct<try_sum(x):interval month,try_avg(x):interval year to month>",
      rows: [["null", "null"]],
    });
    expect(await texts(`SELECT try_sum(ym), try_avg(dt), min(ym), max(dt), count(dt) FROM ${ROWS}`)).toEqual({
      schema:
        "struct<try_sum(ym):interval month,try_avg(dt):interval day to second,min(ym):interval month,max(dt):interval day,count(dt):bigint>",
      rows: [
        [
          "INTERVAL '29' MONTH",
          "INTERVAL '0 00:00:00' DAY TO SECOND",
          "INTERVAL '-3' MONTH",
          "INTERVAL '10' DAY",
          "4",
        ],
      ],
    });
  });

  it("sum of an interval over a window", async () => {
    expect(
      await texts(`SELECT class, sum(dt) OVER (ORDER BY class) AS s FROM ${ROWS} ORDER BY class, s`),
    ).toMatchObject({
      rows: [
        ["1", "INTERVAL '10' DAY"],
        ["2", "INTERVAL '11' DAY"],
        ["2", "INTERVAL '11' DAY"],
        ["3", "INTERVAL '0' DAY"],
        ["3", "INTERVAL '0' DAY"],
      ],
    });
  });
});

describe("a streaming aggregation of intervals", () => {
  it("keeps sum and avg of intervals in its state across a restart", async () => {
    const stream = new MemoryStream(t.spark, "k STRING, d INT, m INT");
    const out = collectBatches();
    const start = () =>
      stream
        .toDF()
        .selectExpr("k", "CAST(d AS INTERVAL DAY) AS dt", "CAST(m AS INTERVAL MONTH) AS ym")
        .groupBy("k")
        .agg({ dt: "sum", ym: "avg" })
        .selectExpr("k", "CAST(`sum(dt)` AS STRING) AS s", "CAST(`avg(ym)` AS STRING) AS a")
        .writeStream.outputMode("complete")
        .foreachBatch(out.fn)
        .option("checkpointLocation", "/checkpoints/intervals")
        .start();
    const first = await start();
    stream.addData([
      { k: "a", d: 1, m: 1 },
      { k: "a", d: 2, m: 2 },
    ]);
    await first.processAllAvailable();
    await first.stop();
    const second = await start();
    stream.addData([
      { k: "a", d: -10, m: 4 },
      { k: "b", d: 5, m: null },
    ]);
    await second.processAllAvailable();
    await second.stop();
    const last = [...out.batches.entries()].sort(([a], [b]) => a - b).at(-1)?.[1] ?? [];
    expect(last.map((r) => [r.k, r.s, r.a]).sort()).toEqual([
      ["a", "INTERVAL '-7' DAY", "INTERVAL '0-2' YEAR TO MONTH"],
      ["b", "INTERVAL '5' DAY", null],
    ]);
  });
});

describe("extract.sql: a field of the other interval kind", () => {
  it.each([
    ["select extract(DAY from interval '2-1' YEAR TO MONTH)", "`DAY`", "\"INTERVAL '2-1' YEAR TO MONTH\""],
    ["select date_part('HOUR', interval '2-1' YEAR TO MONTH)", "`HOUR`", "\"INTERVAL '2-1' YEAR TO MONTH\""],
    [
      "select extract(YEAR from interval '123 12:34:56.789123123' DAY TO SECOND)",
      "`YEAR`",
      "\"INTERVAL '123 12:34:56.789123' DAY TO SECOND\"",
    ],
    ["select date_part('MONTH', interval '10' HOUR)", "`MONTH`", "\"INTERVAL '10' HOUR\""],
  ])("%s is INVALID_EXTRACT_FIELD", async (sql, field, expr) => {
    const error = await rejectionOf((async () => t.spark.sql(sql).collect())());
    expect(error).toMatchObject({ errorClass: "INVALID_EXTRACT_FIELD", messageParameters: { field, expr } });
  });

  it("a calendar interval's DAY is its days, not its hours past 24", async () => {
    const rows = await t.spark
      .sql(
        "select extract(DAY from make_interval(0, 0, 0, 1, 25)) AS d, extract(HOUR from interval '10' HOUR) AS h",
      )
      .collect();
    expect(rows).toEqual([{ d: 1, h: 10 }]);
  });
});
