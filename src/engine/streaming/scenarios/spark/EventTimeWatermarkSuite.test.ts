/**
 * Cases of Spark's EventTimeWatermarkSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named as
 * there, with Spark's inputs and expected answers. `$"value".cast("timestamp")` of an INT is seconds since the
 * epoch.
 *
 * Not ported, as they cannot apply to Sluice:
 * - JVM internals: "EventTimeStats", "EventTimeStats: avg on large values", "EventTimeStats: zero merge zero",
 *   "EventTimeStats: non-zero merge zero" and "EventTimeStats: zero merge non-zero" unit-test Spark's internal
 *   accumulator class; what it reports (progress' eventTime min, max, avg) is checked by "event time and watermark
 *   metrics".
 * - Checkpoints written by Spark's JVM: "recovery from Spark ver 2.3.1 commit log without commit metadata
 *   (SPARK-24699)" and "MultipleWatermarkPolicy: recovery from Spark ver 2.3.1 checkpoints ensures min policy"
 *   restart from checkpoint directories Spark 2.3.1 wrote (Java-serialized offsets and HDFS state files).
 *
 * Ported through the public API where Spark inspects internals: "recovery" deletes the older commit-log files
 * (Spark's `commitLog.purge`) and reads new answers where Spark clears its MemorySink; "overriding watermark should
 * not fail in compatibility mode" reads the aggregation's watermarks from `query.lastExecution` (Spark's
 * StateStoreSaveExec's), but not its check of the exec node's key expressions (the `window` key's delay metadata),
 * which no public API shows;
 * "SPARK-35815" reads the event-time field's `spark.watermarkDelayMs` metadata from `df.schema` where Spark reads
 * the analyzed plan's attribute.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SparkError, StreamingQueryException } from "../../../errors/exceptions";
import { MemoryStream } from "../../../sources/MemoryStream";
import type { DataFrame } from "../../../sql/api/DataFrame";
import { col, count, expr, session_window, sum, timestamp_seconds, window } from "../../../sql/api/functions";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddData,
  AssertOnQuery,
  CheckAnswer,
  CheckLastBatch,
  CheckNewAnswer,
  ExpectFailure,
  StartStream,
  StopStream,
  type StreamAction,
  testStream,
} from "../../../testing/testStream";
import type { StreamingQuery } from "../../runtime/StreamingQuery";

/** Spark's formatTimestamp: seconds since the epoch as progress prints a time. */
const formatTimestamp = (sec: number) => new Date(sec * 1000).toISOString();

/** Event-time stats of the last batch that read data (Spark's assertEventStats). */
const eventStats = (q: StreamingQuery) =>
  q.recentProgress.filter((p) => p.numInputRows > 0).at(-1)?.eventTime;

const assertEventStats = (min: number, max: number, avg: number, wtrmark: number): StreamAction =>
  AssertOnQuery((q) =>
    expect(eventStats(q)).toEqual({
      min: formatTimestamp(min),
      max: formatTimestamp(max),
      avg: formatTimestamp(avg),
      watermark: formatTimestamp(wtrmark),
    }),
  );

/** Spark's assertNumStateRows of this suite: the latest progress' first operator's total rows. */
const assertNumStateRows = (numTotalRows: number): StreamAction =>
  AssertOnQuery(async (q) => {
    await q.processAllAvailable();
    expect(q.recentProgress.at(-1)?.stateOperators[0].numRowsTotal).toBe(numTotalRows);
  });

/** Spark's assertNumRowsDroppedByWatermark: the first operator's dropped rows in the last batch that read rows. */
const assertNumRowsDroppedByWatermark = (numRowsDroppedByWatermark: number): StreamAction =>
  AssertOnQuery(async (q) => {
    await q.processAllAvailable();
    const progressWithData = q.recentProgress.filter((p) => p.inputRowsPerSecond !== 0).at(-1);
    expect(progressWithData?.stateOperators[0].numRowsDroppedByWatermark).toBe(numRowsDroppedByWatermark);
  });

const awaitTermination = AssertOnQuery((q) => q.awaitTermination());

describe("EventTimeWatermarkSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());
  const ints = () => new MemoryStream(t.spark, "value INT");
  const withEventTime = (input: MemoryStream) =>
    input.toDF().withColumn("eventTime", col("value").cast("timestamp"));
  /** The suite's windowed count: 5-second windows, a 10-second watermark, (window start, count). */
  const windowedCount = (input: MemoryStream, watermark = true) => {
    const df = withEventTime(input);
    return (watermark ? df.withWatermark("eventTime", "10 seconds") : df)
      .groupBy(window(col("eventTime"), "5 seconds").alias("window"))
      .agg(count("*").alias("count"))
      .select(col("window").getField("start").cast("long"), col("count"));
  };
  /** The session-window count and sum, by `valuegroup` where given. */
  const sessionAggregation = (input: MemoryStream, valuegroup?: string) => {
    const df = (valuegroup ? input.toDF().selectExpr("*", `${valuegroup} AS valuegroup`) : input.toDF())
      .withColumn("eventTime", col("value").cast("timestamp"))
      .withWatermark("eventTime", "10 seconds");
    const keys = [session_window(col("eventTime"), "5 seconds").alias("session")];
    const agg = (valuegroup ? df.groupBy(...keys, col("valuegroup")) : df.groupBy(...keys)).agg(
      count("*").alias("count"),
      sum("value").alias("sum"),
    );
    const session = [
      col("session").getField("start").cast("long"),
      col("session").getField("end").cast("long"),
      col("count"),
      col("sum"),
    ];
    return valuegroup ? agg.select(col("valuegroup"), ...session) : agg.select(...session);
  };

  it("error on bad column", () => {
    const inputData = ints().toDF();
    let error: Error | undefined;
    try {
      inputData.withWatermark("badColumn", "1 minute");
    } catch (e) {
      error = e as Error;
    }
    expect(error?.name).toBe("AnalysisException");
    expect(error?.message).toContain("badColumn");
  });

  it("error on wrong type", () => {
    const inputData = ints().toDF();
    let error: Error | undefined;
    try {
      inputData.withWatermark("value", "1 minute");
    } catch (e) {
      error = e as Error;
    }
    expect(error?.name).toBe("AnalysisException");
    expect((error as SparkError).getCondition()).toBe("EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE");
    expect((error as SparkError).getMessageParameters()).toEqual({
      eventName: "`value`",
      eventType: '"INT"',
    });
  });

  it("event time and watermark metrics", async () => {
    // No event time metrics when there is no watermarking
    const inputData1 = ints();
    await testStream(
      t,
      windowedCount(inputData1, false),
      "complete",
      AddData(inputData1, 15),
      CheckAnswer([15, 1]),
      AssertOnQuery((q) => expect(eventStats(q) ?? {}).toEqual({})),
      AddData(inputData1, 10, 12, 14),
      CheckAnswer([10, 3], [15, 1]),
      AssertOnQuery((q) => expect(eventStats(q) ?? {}).toEqual({})),
    );
    // All event time metrics where watermarking is set
    const inputData2 = ints();
    await testStream(
      t,
      windowedCount(inputData2),
      "append",
      AddData(inputData2, 15),
      CheckAnswer(),
      assertEventStats(15, 15, 15, 0),
      AddData(inputData2, 10, 12, 14),
      CheckAnswer(),
      assertEventStats(10, 14, 12, 5),
      AddData(inputData2, 25),
      CheckAnswer([10, 3]),
      assertEventStats(25, 25, 25, 5),
    );
  });

  it("event time and watermark metrics with Trigger.Once (SPARK-24699)", async () => {
    const inputData = ints();
    await testStream(
      t,
      windowedCount(inputData),
      "append",
      StartStream({ once: true }),
      awaitTermination,
      AddData(inputData, 15),
      StartStream({ once: true }),
      awaitTermination,
      CheckNewAnswer(),
      assertEventStats(15, 15, 15, 0),
      AddData(inputData, 10, 12, 14),
      StartStream({ once: true }),
      awaitTermination,
      CheckNewAnswer(),
      assertEventStats(10, 14, 12, 5),
      AddData(inputData, 25),
      StartStream({ once: true }),
      awaitTermination,
      CheckNewAnswer(),
      assertEventStats(25, 25, 25, 5),
      AddData(inputData, 50),
      StartStream({ once: true }),
      awaitTermination,
      CheckNewAnswer([10, 3]), // watermark = 15 is used to generate this
      assertEventStats(50, 50, 50, 15),
      AddData(inputData, 50),
      StartStream({ once: true }),
      awaitTermination,
      CheckNewAnswer([15, 1], [25, 1]), // watermark = 40 is used to generate this
      assertEventStats(50, 50, 50, 40),
    );
  });

  it("append mode", async () => {
    const inputData = ints();
    await testStream(
      t,
      windowedCount(inputData),
      "append",
      AddData(inputData, 10, 11, 12, 13, 14, 15),
      CheckNewAnswer(),
      AddData(inputData, 25), // Advance watermark to 15 seconds
      CheckNewAnswer([10, 5]),
      assertNumStateRows(2),
      assertNumRowsDroppedByWatermark(0),
      AddData(inputData, 10), // Should not emit anything as data less than watermark
      CheckNewAnswer(),
      assertNumStateRows(2),
      assertNumRowsDroppedByWatermark(1),
    );
  });

  it("append mode - session", async () => {
    const inputData = ints();
    await testStream(
      t,
      sessionAggregation(inputData, "CAST(value / 10 AS INT)"),
      "append",
      AddData(inputData, 10, 11),
      CheckNewAnswer(),
      AddData(inputData, 17),
      CheckNewAnswer(),
      AddData(inputData, 25),
      CheckNewAnswer(),
      AddData(inputData, 35),
      CheckNewAnswer([1, 10, 16, 2, 21], [1, 17, 22, 1, 17]),
      AddData(inputData, 10), // Should not emit anything as data less than watermark
      CheckNewAnswer(),
      AddData(inputData, 40),
      CheckNewAnswer([2, 25, 30, 1, 25]),
    );
  });

  // Spark's AggUtils refuses a session window with no other grouping key when it plans the first batch
  // (StreamingSessionWindowSuite's "append mode - session window - no key"): the query fails.
  it("append mode - session - no key", async () => {
    const inputData = ints();
    const error = await testStream(
      t,
      sessionAggregation(inputData),
      "append",
      AddData(inputData, 10, 11),
      CheckNewAnswer(),
    ).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe("StreamingQueryException");
    expect(error?.message).toContain(
      "Global aggregation with session window in streaming query is not supported.",
    );
  });

  // Spark's suite once ran three "update mode - session" cases; since SPARK-36463 Spark refuses update mode over a
  // session window, as these keep doing.
  for (const [name, valuegroup] of [
    ["update mode - session", "CAST(value / 10 AS INT)"],
    ["update mode - session - keys overlapped with sessions", "CAST(MOD(value, 2) AS INT)"],
    ["update mode - session - no key", undefined],
  ] as const) {
    it(`${name}: refused, as Spark refuses update mode over a session window`, async () => {
      const inputData = ints();
      const error = await testStream(t, sessionAggregation(inputData, valuegroup), "update").then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.name).toBe("AnalysisException");
      expect(error?.message).toContain(
        "Update output mode not supported for session window on streaming DataFrames/DataSets",
      );
    });
  }

  it("update mode", async () => {
    t.spark.conf.set("spark.sql.shuffle.partitions", "10");
    const inputData = ints();
    await testStream(
      t,
      windowedCount(inputData),
      "update",
      AddData(inputData, 10, 11, 12, 13, 14, 15),
      CheckNewAnswer([10, 5], [15, 1]),
      AddData(inputData, 25), // Advance watermark to 15 seconds
      CheckNewAnswer([25, 1]),
      assertNumStateRows(2),
      assertNumRowsDroppedByWatermark(0),
      AddData(inputData, 10, 25), // Ignore 10 as its less than watermark
      CheckNewAnswer([25, 2]),
      assertNumStateRows(2),
      assertNumRowsDroppedByWatermark(1),
      AddData(inputData, 10), // Should not emit anything as data less than watermark
      CheckNewAnswer(),
      assertNumStateRows(2),
      assertNumRowsDroppedByWatermark(1),
    );
  });

  it("delay in months and years handled correctly", async () => {
    const currentTimeMs = Date.now();
    const input = new MemoryStream(t.spark, "value BIGINT");
    const aggWithWatermark = input
      .toDF()
      .withColumn("eventTime", timestamp_seconds(col("value")))
      .withWatermark("eventTime", "2 years 5 months")
      .groupBy(window(col("eventTime"), "5 seconds").alias("window"))
      .agg(count("*").alias("count"))
      .select(col("window").getField("start").cast("long"), col("count"));
    const monthsSinceEpoch = (date: Date) => date.getUTCFullYear() * 12 + date.getUTCMonth();
    const currentSeconds = Math.floor(currentTimeMs / 1000);
    await testStream(
      t,
      aggWithWatermark,
      "append",
      AddData(input, currentSeconds),
      CheckAnswer(),
      AddData(input, currentSeconds),
      CheckAnswer(),
      AssertOnQuery((q) => {
        const e = eventStats(q)!;
        expect(Date.parse(e.max)).toBe(currentSeconds * 1000);
        const monthDiff = monthsSinceEpoch(new Date(currentTimeMs)) - monthsSinceEpoch(new Date(e.watermark));
        // monthsSinceEpoch is like `math.floor(num)`, so monthDiff has two possible values.
        expect([29, 30]).toContain(monthDiff);
      }),
    );
  });

  it("recovery", async () => {
    const inputData = ints();
    await testStream(
      t,
      windowedCount(inputData),
      "append",
      AddData(inputData, 10, 11, 12, 13, 14, 15),
      CheckAnswer(),
      AddData(inputData, 25), // Advance watermark to 15 seconds
      CheckAnswer([10, 5]),
      StopStream,
      // Spark purges the commit log below the latest commit and clears the sink: the next answers are the new ones.
      AssertOnQuery(async (q) => {
        const commits = await t.spark.fs.list(`${q.checkpointLocation}/commits`);
        const ids = commits.map((f) => Number(f.path.split("/").at(-1))).filter((id) => Number.isInteger(id));
        const latest = Math.max(...ids);
        for (const id of ids)
          if (id < latest) await t.spark.fs.delete(`${q.checkpointLocation}/commits/${id}`);
      }),
      StartStream(),
      AddData(inputData, 10, 27, 30), // Advance watermark to 20 seconds, 10 should be ignored
      CheckNewAnswer([15, 1]),
      StopStream,
      StartStream(),
      AddData(inputData, 17), // Watermark should still be 20 seconds, 17 should be ignored
      CheckNewAnswer(),
      AddData(inputData, 40), // Advance watermark to 30 seconds, emit first data 25
      CheckNewAnswer([25, 2]),
    );
  });

  it("watermark with 2 streams", async () => {
    const first = ints();
    const second = ints();
    const firstDf = withEventTime(first).withWatermark("eventTime", "10 seconds").select(col("value"));
    const secondDf = withEventTime(second).withWatermark("eventTime", "5 seconds").select(col("value"));
    const unionWriter = () =>
      firstDf
        .union(secondDf)
        .agg(sum(col("value")))
        .writeStream.option("checkpointLocation", "/checkpoints/two-streams")
        .format("memory")
        .outputMode("complete")
        .queryName("test")
        .start();
    let union = await unionWriter();
    const getWatermarkAfterData = async (firstData: number[] = [], secondData: number[] = []) => {
      if (firstData.length > 0) first.addData(firstData.map((v) => [v]));
      if (secondData.length > 0) second.addData(secondData.map((v) => [v]));
      await union.processAllAvailable();
      // a dummy batch so the last batch has the new watermark
      first.addData([[0]]);
      await union.processAllAvailable();
      return Date.parse(union.lastProgress!.eventTime.watermark);
    };
    try {
      // Global watermark starts at 0 until we get data from both sides
      expect(await getWatermarkAfterData([11])).toBe(0);
      expect(await getWatermarkAfterData([], [6])).toBe(1000);
      // Global watermark stays at left watermark 1 when right watermark moves to 2
      expect(await getWatermarkAfterData([], [8])).toBe(1000);
      // Global watermark switches to right side value 2 when left watermark goes higher
      expect(await getWatermarkAfterData([21])).toBe(3000);
      // Global watermark goes back to left
      expect(await getWatermarkAfterData([], [17, 28, 39])).toBe(11000);
      // Global watermark stays on left as long as it's below right
      expect(await getWatermarkAfterData([31])).toBe(21000);
      expect(await getWatermarkAfterData([41])).toBe(31000);
      // Global watermark switches back to right again
      expect(await getWatermarkAfterData([51])).toBe(34000);
      // Global watermark is updated correctly with simultaneous data from both sides
      expect(await getWatermarkAfterData([100], [100])).toBe(90000);
      expect(await getWatermarkAfterData([120], [110])).toBe(105000);
      expect(await getWatermarkAfterData([130], [125])).toBe(120000);
      // Global watermark doesn't decrement with simultaneous data
      expect(await getWatermarkAfterData([100], [100])).toBe(120000);
      expect(await getWatermarkAfterData([140], [100])).toBe(120000);
      expect(await getWatermarkAfterData([100], [135])).toBe(130000);
      // Global watermark recovers after restart, but left side watermark ahead of it does not.
      expect(await getWatermarkAfterData([200], [190])).toBe(185000);
      await union.stop();
      union = await unionWriter();
      expect(await getWatermarkAfterData()).toBe(185000);
      // Even though the left side was ahead of 185000 in the last execution, the watermark won't increment
      // until it gets past it in this execution.
      expect(await getWatermarkAfterData([], [200])).toBe(185000);
      expect(await getWatermarkAfterData([200])).toBe(190000);
    } finally {
      await union.stop();
    }
  });

  it("complete mode", async () => {
    const inputData = ints();
    // No eviction when asked to compute complete results.
    await testStream(
      t,
      windowedCount(inputData),
      "complete",
      AddData(inputData, 10, 11, 12),
      CheckAnswer([10, 3]),
      AddData(inputData, 25),
      CheckAnswer([10, 3], [25, 1]),
      AddData(inputData, 25),
      CheckAnswer([10, 3], [25, 2]),
      AddData(inputData, 10),
      CheckAnswer([10, 4], [25, 2]),
      AddData(inputData, 25),
      CheckAnswer([10, 4], [25, 3]),
    );
  });

  it("group by on raw timestamp", async () => {
    const inputData = ints();
    const windowedAggregation = withEventTime(inputData)
      .withWatermark("eventTime", "10 seconds")
      .groupBy(col("eventTime"))
      .agg(count("*").alias("count"))
      .select(col("eventTime").cast("long"), col("count"));
    await testStream(
      t,
      windowedAggregation,
      "append",
      AddData(inputData, 10),
      CheckAnswer(),
      AddData(inputData, 25), // Advance watermark to 15 seconds
      CheckAnswer([10, 1]),
    );
  });

  it("delay threshold should not be negative.", () => {
    const inputData = ints().toDF();
    for (const delay of ["-1 year", "1 year -13 months", "1 month -40 days", "-10 seconds"]) {
      let error: Error | undefined;
      try {
        inputData.withWatermark("value", delay);
      } catch (e) {
        error = e as Error;
      }
      expect(error?.name).toBe("IllegalArgumentException");
      expect(error?.message).toContain("should not be negative.");
    }
  });

  /** Spark's buildTestQueryForOverridingWatermark: a watermark on `first`, another on `second` above it. */
  const buildTestQueryForOverridingWatermark = () => {
    const input = new MemoryStream(t.spark, "_1 BIGINT, _2 BIGINT");
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

  it("overriding watermark should not be allowed by default", async () => {
    const { input, df } = buildTestQueryForOverridingWatermark();
    await testStream(
      t,
      df,
      "append",
      AddData(input, [100, 200]),
      ExpectFailure((exc) => {
        const cause = (exc as StreamingQueryException).cause as Error;
        expect(cause.name).toBe("AnalysisException");
        expect(cause.message).toContain("Redefining watermark is disallowed.");
        expect(cause.message).toContain("spark.sql.streaming.statefulOperator.allowMultiple");
      }),
    );
  });

  it("overriding watermark should not fail in compatibility mode", async () => {
    t.spark.conf.set("spark.sql.streaming.statefulOperator.allowMultiple", "false");
    const { input, df } = buildTestQueryForOverridingWatermark();
    await testStream(
      t,
      df,
      "append",
      AddData(input, [100, 200]),
      CheckAnswer(),
      AssertOnQuery((q) => {
        // - watermark from first definition = 100 - 60 = 40
        // - watermark from second definition = 200 - 120 = 80
        // - global watermark = min(40, 80) = 40: the old definition still holds the global watermark back.
        const expectedWatermarkMs = 40 * 1000;
        const aggSaveOperator = q.lastExecution?.operatorWatermarks[0];
        expect(aggSaveOperator?.lateEventsWatermarkMs).toBe(expectedWatermarkMs);
        expect(aggSaveOperator?.evictionWatermarkMs).toBe(expectedWatermarkMs);
      }),
    );
  });

  /** Spark's buildTestQueryForMultiEventTimeColumns: a join keeping both event times, then a deduplication. */
  const buildTestQueryForMultiEventTimeColumns = () => {
    const input1 = new MemoryStream(t.spark, "_1 STRING, _2 BIGINT");
    const input2 = new MemoryStream(t.spark, "_1 STRING, _2 BIGINT");
    const df1 = input1
      .toDF()
      .selectExpr("_1 AS id1", "timestamp_seconds(_2) AS ts1")
      .withWatermark("ts1", "1 minute");
    const df2 = input2
      .toDF()
      .selectExpr("_1 AS id2", "timestamp_seconds(_2) AS ts2")
      .withWatermark("ts2", "2 minutes");
    const joined = df1
      .join(df2, expr("id1 = id2 AND ts1 = ts2 + INTERVAL 10 SECONDS"), "inner")
      .selectExpr("id1", "ts1", "ts2");
    // the output of join contains both ts1 and ts2
    const dedup = joined
      .dropDuplicates()
      .selectExpr("id1", "CAST(ts1 AS LONG) AS ts1", "CAST(ts2 AS LONG) AS ts2");
    return { input1, input2, dedup };
  };

  it("multiple event time columns in an input DataFrame for stateful operator is not allowed", async () => {
    t.spark.conf.set("spark.sql.session.timeZone", "UTC");
    const { input1, input2, dedup } = buildTestQueryForMultiEventTimeColumns();
    await testStream(
      t,
      dedup,
      "append",
      AddData(input1, ["A", 200], ["B", 300]),
      AddData(input2, ["A", 190], ["C", 350]),
      ExpectFailure((exc) => {
        const cause = (exc as StreamingQueryException).cause as Error;
        expect(cause.message).toContain("More than one event time columns are available.");
        expect(cause.message).toContain("Please ensure there is at most one event time column per stream.");
      }),
    );
  });

  it("stateful operator should pick the first occurrence of event time column if there is multiple event time columns in compatibility mode", async () => {
    t.spark.conf.set("spark.sql.streaming.statefulOperator.allowMultiple", "false");
    t.spark.conf.set("spark.sql.session.timeZone", "UTC");
    const { input1, input2, dedup } = buildTestQueryForMultiEventTimeColumns();
    await testStream(
      t,
      dedup,
      "append",
      AddData(input1, ["A", 200], ["B", 300]),
      AddData(input2, ["A", 190], ["C", 350]),
      CheckAnswer(["A", 200, 190]),
    );
  });

  it("EventTime watermark should be ignored in batch query.", async () => {
    // Spark's testData: (key, value) = (i, i.toString) for i in 1 to 100.
    const testData = t.spark.createDataFrame(
      Array.from({ length: 100 }, (_, i) => [i + 1, String(i + 1)]),
      "key INT, value STRING",
    );
    const df = testData
      .withColumn("eventTime", timestamp_seconds(col("key")))
      .withWatermark("eventTime", "1 minute")
      .select(col("eventTime").cast("long").alias("eventTime"));
    const rows = await df.collect();
    expect(rows.map((r) => Number(r.eventTime)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
  });

  it("SPARK-21565: watermark operator accepts attributes from replacement", async () => {
    const dir = "/spark-21565";
    const df = t.spark.createDataFrame(
      [["a", 100.0, new Date(100)]],
      "symbol STRING, price DOUBLE, eventTime TIMESTAMP",
    );
    await df.write.json(dir);
    const input = t.spark.readStream.schema(df.schema).json(dir);
    const groupEvents = input
      .withWatermark("eventTime", "2 seconds")
      .groupBy("symbol", "eventTime")
      .agg(count("price").alias("count"))
      .select("symbol", "eventTime", "count");
    const q = await groupEvents.writeStream.outputMode("append").format("console").start();
    try {
      await q.processAllAvailable();
    } finally {
      await q.stop();
    }
    expect(q.exception()).toBeNull();
  });

  it("SPARK-27340 Alias on TimeWindow expression cause watermark metadata lost", async () => {
    const inputData = ints();
    const aliasWindow = withEventTime(inputData)
      .withWatermark("eventTime", "10 seconds")
      .select(window(col("eventTime"), "5 seconds").alias("aliasWindow"));
    const windowedAggregation = aliasWindow
      .groupBy(col("aliasWindow"))
      .agg(count("*").alias("count"))
      .select(col("aliasWindow").getField("start").cast("long"), col("count"));
    await testStream(
      t,
      windowedAggregation,
      "append",
      AddData(inputData, 10, 11, 12, 13, 14, 15),
      CheckNewAnswer(),
      AddData(inputData, 25), // Advance watermark to 15 seconds
      CheckNewAnswer([10, 5]),
      assertNumStateRows(2),
      AddData(inputData, 10), // Should not emit anything as data less than watermark
      CheckNewAnswer(),
      assertNumStateRows(2),
    );
  });

  for (const flag of [true, false]) {
    it(`test no-data flag (spark.sql.streaming.noDataMicroBatches.enabled = ${flag})`, async () => {
      t.spark.conf.set("spark.sql.streaming.noDataMicroBatches.enabled", String(flag));
      const inputData = ints();
      await testStream(
        t,
        windowedCount(inputData),
        "append",
        AddData(inputData, 10, 11, 12, 13, 14, 15),
        CheckNewAnswer(),
        AddData(inputData, 25), // Advance watermark to 15 seconds
        flag ? CheckNewAnswer([10, 5]) : CheckNewAnswer(),
      );
    });
  }

  /** Spark's dfWithMultipleWatermarks: two streams with 10- and 15-second watermarks, unioned. */
  const dfWithMultipleWatermarks = (input1: MemoryStream, input2: MemoryStream): DataFrame =>
    withEventTime(input1)
      .withWatermark("eventTime", "10 seconds")
      .union(withEventTime(input2).withWatermark("eventTime", "15 seconds"))
      .select(col("eventTime").cast("int"));
  /** Spark's checkWatermark: one more row, then the watermark progress reports. */
  const checkWatermark = (input: MemoryStream, watermark: number) =>
    AssertOnQuery(async (q) => {
      input.addData([[1]]);
      await q.processAllAvailable();
      expect(q.lastProgress?.eventTime.watermark).toBe(formatTimestamp(watermark));
    });

  it("MultipleWatermarkPolicy: max", async () => {
    t.spark.conf.set("spark.sql.streaming.multipleWatermarkPolicy", "max");
    const input1 = ints();
    const input2 = ints();
    await testStream(
      t,
      dfWithMultipleWatermarks(input1, input2),
      "append",
      AddData(input1, 20),
      AddData(input2, 30),
      CheckLastBatch([20], [30]),
      checkWatermark(input1, 15), // max(20 - 10, 30 - 15) = 15
      StopStream,
      StartStream(),
      checkWatermark(input1, 15), // watermark recovered correctly
      AddData(input1, 120),
      AddData(input2, 130),
      CheckLastBatch([120], [130]),
      checkWatermark(input1, 115), // max(120 - 10, 130 - 15) = 115, policy recovered correctly
      AddData(input1, 150),
      CheckLastBatch([150]),
      checkWatermark(input1, 140), // should advance even if one of the input has data
    );
  });

  it("MultipleWatermarkPolicy: min", async () => {
    t.spark.conf.set("spark.sql.streaming.multipleWatermarkPolicy", "min");
    const input1 = ints();
    const input2 = ints();
    await testStream(
      t,
      dfWithMultipleWatermarks(input1, input2),
      "append",
      AddData(input1, 20),
      AddData(input2, 30),
      CheckLastBatch([20], [30]),
      checkWatermark(input1, 10), // min(20 - 10, 30 - 15) = 10
      StopStream,
      StartStream(),
      checkWatermark(input1, 10), // watermark recovered correctly
      AddData(input1, 120),
      AddData(input2, 130),
      CheckLastBatch([120], [130]),
      checkWatermark(input2, 110), // min(120 - 10, 130 - 15) = 110, policy recovered correctly
      AddData(input2, 150),
      CheckLastBatch([150]),
      checkWatermark(input2, 110), // does not advance when only one of the input has data
    );
  });

  it("MultipleWatermarkPolicy: recovery from checkpoints ignores session conf", async () => {
    const input1 = ints();
    const input2 = ints();
    const checkpointDir = "/checkpoints/multiple-watermark-policy-recovery";
    t.spark.conf.set("spark.sql.streaming.multipleWatermarkPolicy", "max");
    await testStream(
      t,
      dfWithMultipleWatermarks(input1, input2),
      "append",
      StartStream({}, checkpointDir),
      AddData(input1, 20),
      AddData(input2, 30),
      CheckLastBatch([20], [30]),
      checkWatermark(input1, 15), // max(20 - 10, 30 - 15) = 15
    );
    t.spark.conf.set("spark.sql.streaming.multipleWatermarkPolicy", "min");
    await testStream(
      t,
      dfWithMultipleWatermarks(input1, input2),
      "append",
      StartStream({}, checkpointDir),
      checkWatermark(input1, 15), // watermark recovered correctly
      AddData(input1, 120),
      AddData(input2, 130),
      CheckLastBatch([120], [130]),
      checkWatermark(input1, 115), // max(120 - 10, 130 - 15) = 115, policy recovered correctly
      AddData(input1, 150),
      CheckLastBatch([150]),
      checkWatermark(input1, 140), // should advance even if one of the input has data
    );
  });

  it("MultipleWatermarkPolicy: fail on incorrect conf values", () => {
    for (const value of ["", "random"]) {
      let error: Error | undefined;
      try {
        t.spark.conf.set("spark.sql.streaming.multipleWatermarkPolicy", value);
      } catch (e) {
        error = e as Error;
      }
      expect(error?.name).toBe("IllegalArgumentException");
      expect(error?.message.toLowerCase()).toContain("valid values are 'min' and 'max'");
    }
  });

  for (const legacyIntervalEnabled of ["true", "false"]) {
    it(`SPARK-35815: Support ANSI intervals for delay threshold (spark.sql.legacy.interval.enabled=${legacyIntervalEnabled})`, () => {
      t.spark.conf.set("spark.sql.legacy.interval.enabled", legacyIntervalEnabled);
      const DAYS_PER_MONTH = 31;
      const SECOND = 1000;
      const MINUTE = 60 * SECOND;
      const HOUR = 60 * MINUTE;
      const DAY = 24 * HOUR;
      const cases: [string[], number][] = [
        // Conventional form and some variants
        [["3 days", "Interval 3 day", "inTerval '3' day"], 3 * DAY],
        [[" 5 hours", "INTERVAL 5 hour", "interval '5' hour"], 5 * HOUR],
        [["\t8 minutes", "interval 8 minute", "interval '8' minute"], 8 * MINUTE],
        [["10 seconds", "interval 10 second", "interval '10' second"], 10 * SECOND],
        [["1 years", "interval 1 year", "interval '1' year"], 12 * DAYS_PER_MONTH * DAY],
        [["1 months", "interval 1 month", "interval '1' month"], DAYS_PER_MONTH * DAY],
        [
          [
            "1 day 2 hours 3 minutes 4 seconds",
            " interval 1 day 2 hours 3 minutes 4 seconds",
            "\tinterval '1' day '2' hours '3' minutes '4' seconds",
            "interval '1 2:3:4' day to second",
          ],
          DAY + 2 * HOUR + 3 * MINUTE + 4 * SECOND,
        ],
        [
          [
            " 1 year 2 months",
            "interval 1 year 2 month",
            "interval '1' year '2' month",
            "\tinterval '1-2' year to month",
          ],
          (12 * DAYS_PER_MONTH + 2 * DAYS_PER_MONTH) * DAY,
        ],
      ];
      for (const [delayThresholdVariants, expectedMs] of cases) {
        for (const delayThreshold of delayThresholdVariants) {
          const df = withEventTime(ints()).withWatermark("eventTime", delayThreshold);
          const eventTimeField = df.schema.fields.find((f) => f.name === "eventTime");
          expect(eventTimeField, delayThreshold).toBeDefined();
          expect(eventTimeField?.metadata["spark.watermarkDelayMs"], delayThreshold).toBe(expectedMs);
        }
      }
      // Invalid interval patterns
      for (const delayThreshold of [
        "1 foo",
        "interva 2 day",
        "intrval '3' day",
        "interval 4 foo",
        "interval '5' foo",
        "interval '1 2:3:4' day to hour",
        "interval '1 2' year to month",
      ]) {
        let error: Error | undefined;
        try {
          withEventTime(ints()).withWatermark("eventTime", delayThreshold);
        } catch (e) {
          error = e as Error;
        }
        expect(error?.name, delayThreshold).toBe("AnalysisException");
      }
    });
  }
});
