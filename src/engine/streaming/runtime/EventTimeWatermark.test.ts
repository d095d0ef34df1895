/**
 * Watermarks as Spark's EventTimeWatermarkSuite expects them: the delay a `withWatermark` takes (and refuses),
 * a second watermark over another, several event-time columns before a stateful operator, and the policy that
 * combines several watermarks, fixed by the checkpoint.
 */
import { describe, expect, it } from "vitest";
import { AnalysisException, IllegalArgumentException, StreamingQueryException } from "../../errors";
import { MemoryStream } from "../../sources/MemoryStream";
import type { DataFrame } from "../../sql/api/DataFrame";
import { col, count, expr, timestamp_seconds, window } from "../../sql/api/functions";
import { collectBatches, sortedRows } from "../../testing/batches";
import { sharedSession } from "../../testing/files";
import type { StreamingQuery } from "./StreamingQuery";

const SECOND = 1000;
const DAY = 86_400_000;

/** Spark's formatTimestamp in these tests: epoch seconds as ISO-8601 with milliseconds. */
const formatTimestamp = (sec: number) => new Date(sec * 1000).toISOString();

describe("event-time watermarks", () => {
  const ctx = sharedSession();

  const failureOf = (query: StreamingQuery) =>
    query.awaitTermination().then(
      () => undefined,
      (error: unknown) => error as StreamingQueryException,
    );

  it("refuses a delay that adds up to less than nothing, before looking at the column", () => {
    // "delay threshold should not be negative."
    const df = new MemoryStream(ctx.t.spark, "value INT").toDF();
    for (const delay of ["-1 year", "1 year -13 months", "1 month -40 days", "-10 seconds"]) {
      expect(() => df.withWatermark("value", delay)).toThrow(IllegalArgumentException);
      expect(() => df.withWatermark("value", delay)).toThrow("should not be negative.");
    }
    // A month counts 31 days: 1 month -30 days is a day.
    const plan = df
      .withColumn("eventTime", timestamp_seconds(col("value")))
      .withWatermark("eventTime", "1 month -30 days").plan;
    expect(plan.kind === "watermark" && plan.delayMs).toBe(DAY);
  });

  it("takes ANSI interval literals as delays, and refuses what is no interval", () => {
    // "SPARK-35815: Support ANSI intervals for delay threshold".
    const df = new MemoryStream(ctx.t.spark, "value INT")
      .toDF()
      .withColumn("eventTime", timestamp_seconds(col("value")));
    const delayOf = (delay: string) => {
      const plan = df.withWatermark("eventTime", delay).plan;
      return plan.kind === "watermark" ? plan.delayMs : undefined;
    };
    const cases: [string[], number][] = [
      [["3 days", "Interval 3 day", "inTerval '3' day"], 3 * DAY],
      [[" 5 hours", "INTERVAL 5 hour", "interval '5' hour"], 5 * 3600 * SECOND],
      [["\t8 minutes", "interval 8 minute", "interval '8' minute"], 8 * 60 * SECOND],
      [["10 seconds", "interval 10 second", "interval '10' second"], 10 * SECOND],
      [["1 years", "interval 1 year", "interval '1' year"], 12 * 31 * DAY],
      [["1 months", "interval 1 month", "interval '1' month"], 31 * DAY],
      [
        [
          "1 day 2 hours 3 minutes 4 seconds",
          " interval 1 day 2 hours 3 minutes 4 seconds",
          "\tinterval '1' day '2' hours '3' minutes '4' seconds",
          "interval '1 2:3:4' day to second",
        ],
        DAY + 2 * 3600 * SECOND + 3 * 60 * SECOND + 4 * SECOND,
      ],
      [
        [
          " 1 year 2 months",
          "interval 1 year 2 month",
          "interval '1' year '2' month",
          "\tinterval '1-2' year to month",
        ],
        (12 * 31 + 2 * 31) * DAY,
      ],
    ];
    for (const [delays, ms] of cases) for (const delay of delays) expect(delayOf(delay), delay).toBe(ms);
    for (const delay of [
      "1 foo",
      "interva 2 day",
      "intrval '3' day",
      "interval 4 foo",
      "interval '5' foo",
      "interval '1 2:3:4' day to hour",
      "interval '1 2' year to month",
    ]) {
      expect(() => delayOf(delay), delay).toThrow(AnalysisException);
    }
  });

  /** A watermark on `first`, then another on `second` above it, and a windowed count by `second`. */
  const overridingWatermark = () => {
    const input = new MemoryStream(ctx.t.spark, "_1 BIGINT, _2 BIGINT");
    const df = input
      .toDF()
      .withColumn("first", timestamp_seconds(col("_1")))
      .withColumn("second", timestamp_seconds(col("_2")))
      .withWatermark("first", "1 minute")
      .select("*")
      .withWatermark("second", "2 minutes")
      .groupBy(window(col("second"), "1 minute"))
      .count();
    return { input, df };
  };

  it("refuses a watermark defined again above another, once the query has a watermark", async () => {
    // "overriding watermark should not be allowed by default".
    const { input, df } = overridingWatermark();
    const query = await df.writeStream.format("memory").queryName("overriding").start();
    input.addData([[100, 200]]);
    const failure = await failureOf(query);
    expect(failure).toBeInstanceOf(StreamingQueryException);
    expect(failure?.cause).toBeInstanceOf(AnalysisException);
    expect(String(failure?.cause)).toContain("Redefining watermark is disallowed.");
    expect(String(failure?.cause)).toContain("spark.sql.streaming.statefulOperator.allowMultiple");
  });

  it("allows it with spark.sql.streaming.statefulOperator.allowMultiple off: one global watermark, the lower", async () => {
    // "overriding watermark should not fail in compatibility mode".
    const { t } = ctx;
    t.spark.conf.set("spark.sql.streaming.statefulOperator.allowMultiple", false);
    try {
      const { input, df } = overridingWatermark();
      const collector = collectBatches();
      const query = await df.writeStream.foreachBatch(collector.fn).start();
      input.addData([[100, 200]]);
      await query.processAllAvailable();
      await query.stop();
      expect(collector.all()).toEqual([]);
      // min(100 - 60, 200 - 120): the first definition still holds the watermark back.
      expect(query.lastProgress?.eventTime.watermark).toBe(formatTimestamp(40));
    } finally {
      t.spark.conf.unset("spark.sql.streaming.statefulOperator.allowMultiple");
    }
  });

  /** Two streams joined (each with its event time), then a deduplication over both event-time columns. */
  const multipleEventTimeColumns = () => {
    const input1 = new MemoryStream(ctx.t.spark, "_1 STRING, _2 BIGINT");
    const input2 = new MemoryStream(ctx.t.spark, "_1 STRING, _2 BIGINT");
    const df1 = input1
      .toDF()
      .selectExpr("_1 AS id1", "timestamp_seconds(_2) AS ts1")
      .withWatermark("ts1", "1 minute");
    const df2 = input2
      .toDF()
      .selectExpr("_1 AS id2", "timestamp_seconds(_2) AS ts2")
      .withWatermark("ts2", "2 minutes");
    const dedup = df1
      .join(df2, expr("id1 = id2 AND ts1 = ts2 + INTERVAL 10 SECONDS"), "inner")
      .selectExpr("id1", "ts1", "ts2")
      .dropDuplicates();
    const addData = () => {
      input1.addData([
        ["A", 200],
        ["B", 300],
      ]);
      input2.addData([
        ["A", 190],
        ["C", 350],
      ]);
    };
    return { dedup, addData };
  };

  it("refuses a stateful operator over more than one event-time column", async () => {
    // "multiple event time columns in an input DataFrame for stateful operator is not allowed".
    const { dedup, addData } = multipleEventTimeColumns();
    const query = await dedup.writeStream.format("memory").queryName("multi_event_time").start();
    addData();
    const failure = await failureOf(query);
    expect(failure).toBeInstanceOf(StreamingQueryException);
    expect(String(failure?.cause)).toContain("More than one event time columns are available.");
    expect(String(failure?.cause)).toContain(
      "Please ensure there is at most one event time column per stream.",
    );
  });

  it("takes the first event-time column with allowMultiple off", async () => {
    // "stateful operator should pick the first occurrence of event time column ... in compatibility mode".
    const { t } = ctx;
    t.spark.conf.set("spark.sql.streaming.statefulOperator.allowMultiple", false);
    try {
      const { dedup, addData } = multipleEventTimeColumns();
      const collector = collectBatches();
      const query = await dedup.writeStream.foreachBatch(collector.fn).start();
      addData();
      await query.processAllAvailable();
      await query.stop();
      expect(collector.all()).toEqual([
        { id1: "A", ts1: new Date(200 * SECOND), ts2: new Date(190 * SECOND) },
      ]);
    } finally {
      t.spark.conf.unset("spark.sql.streaming.statefulOperator.allowMultiple");
    }
  });

  it("refuses a multipleWatermarkPolicy other than min and max", () => {
    // "MultipleWatermarkPolicy: fail on incorrect conf values".
    for (const value of ["", "random"]) {
      expect(() => ctx.t.spark.conf.set("spark.sql.streaming.multipleWatermarkPolicy", value)).toThrow(
        IllegalArgumentException,
      );
      expect(() => ctx.t.spark.conf.set("spark.sql.streaming.multipleWatermarkPolicy", value)).toThrow(
        /valid values are 'min' and 'max'/i,
      );
    }
  });

  /** Two streams with watermarks of 10 and 15 seconds, unioned (EventTimeWatermarkSuite's dfWithMultipleWatermarks). */
  const dfWithMultipleWatermarks = (input1: MemoryStream, input2: MemoryStream): DataFrame => {
    const df1 = input1
      .toDF()
      .withColumn("eventTime", timestamp_seconds(col("value")))
      .withWatermark("eventTime", "10 seconds");
    const df2 = input2
      .toDF()
      .withColumn("eventTime", timestamp_seconds(col("value")))
      .withWatermark("eventTime", "15 seconds");
    return df1.union(df2).select(col("eventTime"));
  };

  /** Spark's checkWatermark: one more row, then the watermark the last batch ran with. */
  const watermarkAfter = async (query: StreamingQuery, input: MemoryStream) => {
    input.addData([[1]]);
    await query.processAllAvailable();
    return query.lastProgress?.eventTime.watermark;
  };

  it("combines watermarks by the policy the checkpoint recorded, whatever the session says on restart", async () => {
    // "MultipleWatermarkPolicy: recovery from checkpoints ignores session conf".
    const { t, dir } = ctx;
    const input1 = new MemoryStream(t.spark, "value INT");
    const input2 = new MemoryStream(t.spark, "value INT");
    const start = () =>
      dfWithMultipleWatermarks(input1, input2)
        .writeStream.format("noop")
        .option("checkpointLocation", `${dir}/ckpt`)
        .start();
    t.spark.conf.set("spark.sql.streaming.multipleWatermarkPolicy", "max");
    const first = await start();
    input1.addData([[20]]);
    input2.addData([[30]]);
    await first.processAllAvailable();
    expect(await watermarkAfter(first, input1)).toBe(formatTimestamp(15)); // max(20 - 10, 30 - 15)
    await first.stop();

    t.spark.conf.set("spark.sql.streaming.multipleWatermarkPolicy", "min");
    try {
      const second = await start();
      expect(await watermarkAfter(second, input1)).toBe(formatTimestamp(15));
      input1.addData([[120]]);
      input2.addData([[130]]);
      await second.processAllAvailable();
      expect(await watermarkAfter(second, input1)).toBe(formatTimestamp(115)); // max(120 - 10, 130 - 15)
      input1.addData([[150]]);
      await second.processAllAvailable();
      expect(await watermarkAfter(second, input1)).toBe(formatTimestamp(140)); // one input is enough
      await second.stop();
    } finally {
      t.spark.conf.unset("spark.sql.streaming.multipleWatermarkPolicy");
    }
  });

  it("is ignored by batch queries", async () => {
    // "EventTime watermark should be ignored in batch query."
    const df = ctx.t.spark
      .range(1, 6)
      .withColumn("eventTime", timestamp_seconds(col("id")))
      .withWatermark("eventTime", "1 minute")
      .select("eventTime");
    expect(sortedRows(await df.collect())).toEqual(
      sortedRows([1, 2, 3, 4, 5].map((t) => ({ eventTime: new Date(t * SECOND) }))),
    );
  });

  it("counts a windowed aggregation's rows by the window, as the watermark closes it", async () => {
    // "append mode" with the SPARK-27340 alias on the window.
    const { t } = ctx;
    const input = new MemoryStream(t.spark, "value INT");
    const windowed = input
      .toDF()
      .withColumn("eventTime", timestamp_seconds(col("value")))
      .withWatermark("eventTime", "10 seconds")
      .select(window(col("eventTime"), "5 seconds").alias("aliasWindow"))
      .groupBy(col("aliasWindow"))
      .agg(count("*").alias("count"))
      .select(col("aliasWindow").getField("start").alias("start"), col("count"));
    const collector = collectBatches();
    const query = await windowed.writeStream.foreachBatch(collector.fn).start();
    input.addData([[10], [11], [12], [13], [14], [15]]);
    await query.processAllAvailable();
    expect(collector.all()).toEqual([]);
    input.addData([[25]]);
    await query.processAllAvailable();
    expect(collector.all()).toEqual([{ start: new Date(10 * SECOND), count: 5 }]);
    expect(query.recentProgress.at(-1)?.stateOperators[0].numRowsTotal).toBe(2);
    input.addData([[10]]);
    await query.processAllAvailable();
    await query.stop();
    expect(collector.all()).toEqual([{ start: new Date(10 * SECOND), count: 5 }]);
  });
});
