/**
 * Cases of Spark's MultiStatefulOperatorsSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named
 * as there, with Spark's inputs and expected answers: chains of stateful operators (aggregations, deduplication,
 * stream-stream joins), each operator running with its own input watermark as Spark's WatermarkPropagator works it
 * out from the global one (a time-interval join holds back the watermark it hands on by its condition's range).
 * Spark's checks of `query.lastExecution`'s exec nodes (eventTimeWatermarkForLateEvents / ForEviction,
 * produceOutputWatermark) read the same from Sluice's `query.lastExecution.operatorWatermarks`.
 *
 * Every case of the suite is ported.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../../sources/MemoryStream";
import type { DataFrame } from "../../../sql/api/DataFrame";
import { col, count, expr, sum, timestamp_seconds, window, window_time } from "../../../sql/api/functions";
import type { StreamingQuery } from "../../../streaming/runtime/StreamingQuery";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import { AddData, AssertOnQuery, CheckAnswer, CheckNewAnswer, testStream } from "../../../testing/testStream";

describe("MultiStatefulOperatorsSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());
  const ints = () => new MemoryStream(t.spark, "value INT");
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  /** The suite's assertNumStateRows: each state operator's numRowsTotal in the latest progress. */
  const assertNumStateRows = (numTotalRows: number[]) =>
    AssertOnQuery(async (q: StreamingQuery) => {
      await q.processAllAvailable();
      const stateOperators = q.recentProgress.at(-1)?.stateOperators ?? [];
      expect(stateOperators.map((s) => s.numRowsTotal)).toEqual(numTotalRows);
    });

  /** The suite's assertNumRowsDroppedByWatermark: per state operator, in the latest progress that read rows. */
  const assertNumRowsDroppedByWatermark = (numRowsDroppedByWatermark: number[]) =>
    AssertOnQuery(async (q: StreamingQuery) => {
      await q.processAllAvailable();
      const withData = q.recentProgress.filter((p) => p.numInputRows !== 0).at(-1);
      const stateOperators = withData?.stateOperators ?? [];
      expect(stateOperators.map((s) => s.numRowsDroppedByWatermark)).toEqual(numRowsDroppedByWatermark);
    });

  /**
   * Spark's `query.lastExecution` operators: each stateful operator's name (as progress gives it) with the
   * watermarks it ran the last batch with, top-down.
   */
  const operatorWatermarksOf = (q: StreamingQuery) => {
    const names = q.lastProgress?.stateOperators.map((s) => s.operatorName) ?? [];
    return (q.lastExecution?.operatorWatermarks ?? []).map((w, i) => ({
      operatorName: names[i],
      lateEvents: w.lateEventsWatermarkMs,
      eviction: w.evictionWatermarkMs,
    }));
  };

  it("window agg -> window agg, append mode", async () => {
    const inputData = ints();
    const stream = inputData
      .toDF()
      .withColumn("eventTime", timestamp_seconds(col("value")))
      .withWatermark("eventTime", "0 seconds")
      .groupBy(window(col("eventTime"), "5 seconds").alias("window"))
      .agg(count("*").alias("count"))
      .groupBy(window(col("window"), "10 seconds"))
      .agg(count("*").alias("count"), sum("count").alias("sum"))
      .select(col("window").getField("start").cast("long"), col("count"), col("sum"));
    await testStream(
      t,
      stream,
      "append",
      AddData(inputData, ...range(10, 21)),
      CheckNewAnswer([10, 2, 10]),
      assertNumStateRows([0, 1]),
      assertNumRowsDroppedByWatermark([0, 0]),
      AddData(inputData, ...range(10, 29)),
      CheckNewAnswer(),
      assertNumStateRows([1, 1]),
      assertNumRowsDroppedByWatermark([0, 2]),
      // Move the watermark.
      AddData(inputData, 30, 31),
      CheckNewAnswer([20, 2, 12]),
      assertNumStateRows([0, 1]),
      assertNumRowsDroppedByWatermark([0, 0]),
    );
  });

  it("agg -> agg -> agg, append mode", async () => {
    const inputData = ints();
    const stream = inputData
      .toDF()
      .withColumn("eventTime", timestamp_seconds(col("value")))
      .withWatermark("eventTime", "0 seconds")
      .groupBy(window(col("eventTime"), "5 seconds").alias("window"))
      .agg(count("*").alias("count"))
      .groupBy(window(window_time(col("window")), "10 seconds"))
      .agg(count("*").alias("count"), sum("count").alias("sum"))
      .groupBy(window(window_time(col("window")), "20 seconds"))
      .agg(count("*").alias("count"), sum("sum").alias("sum"))
      .select(
        col("window").getField("start").cast("long"),
        col("window").getField("end").cast("long"),
        col("count"),
        col("sum"),
      );
    await testStream(
      t,
      stream,
      "append",
      AddData(inputData, ...range(0, 37)),
      CheckNewAnswer([0, 20, 2, 20]),
      assertNumStateRows([1, 1, 1]),
      assertNumRowsDroppedByWatermark([0, 0, 0]),
      AddData(inputData, ...range(30, 60)),
      CheckNewAnswer([20, 40, 2, 23], [40, 60, 2, 20]),
      assertNumStateRows([0, 0, 1]),
      assertNumRowsDroppedByWatermark([0, 0, 1]),
    );
  });

  it("stream deduplication -> aggregation, append mode", async () => {
    const inputData = ints();
    const deduplication = inputData
      .toDF()
      .withColumn("eventTime", timestamp_seconds(col("value")))
      .withWatermark("eventTime", "10 seconds")
      .dropDuplicates("value", "eventTime");
    const windowedAggregation = deduplication
      .groupBy(window(col("eventTime"), "5 seconds").alias("window"))
      .agg(count("*").alias("count"), sum("value").alias("sum"))
      .select(col("window").getField("start").cast("long"), col("count"));
    await testStream(
      t,
      windowedAggregation,
      "append",
      AddData(inputData, ...range(1, 15)),
      CheckNewAnswer([0, 4]),
      assertNumStateRows([3, 10]),
      assertNumRowsDroppedByWatermark([0, 0]),
    );
  });

  it("join -> window agg, append mode", async () => {
    const input1 = ints();
    const inputDF1 = input1
      .toDF()
      .withColumnRenamed("value", "value1")
      .withColumn("eventTime1", timestamp_seconds(col("value1")))
      .withWatermark("eventTime1", "0 seconds");
    const input2 = ints();
    const inputDF2 = input2
      .toDF()
      .withColumnRenamed("value", "value2")
      .withColumn("eventTime2", timestamp_seconds(col("value2")))
      .withWatermark("eventTime2", "0 seconds");
    const stream = inputDF1
      .join(inputDF2, expr("eventTime1 = eventTime2"), "inner")
      .groupBy(window(col("eventTime1"), "5 seconds").alias("window"))
      .agg(count("*").alias("count"))
      .select(col("window").getField("start").cast("long"), col("count"));
    await testStream(
      t,
      stream,
      "append",
      AddData(input1, 1, 2, 3, 4),
      AddData(input2, 1, 2, 3, 4),
      CheckNewAnswer(),
      assertNumStateRows([1, 0]),
      assertNumRowsDroppedByWatermark([0, 0]),
      // Move the watermark
      AddData(input1, 5),
      AddData(input2, 5),
      CheckNewAnswer([0, 4]),
      assertNumStateRows([1, 0]),
      assertNumRowsDroppedByWatermark([0, 0]),
    );
  });

  it("aggregation -> stream deduplication, append mode", async () => {
    const aggregated = (inputData: MemoryStream) =>
      inputData
        .toDF()
        .withColumn("eventTime", timestamp_seconds(col("value")))
        .withWatermark("eventTime", "0 seconds")
        .groupBy(window(col("eventTime"), "5 seconds").alias("window"))
        .agg(count("*").alias("count"))
        .withColumn("windowEnd", expr("window.end"));
    const inputData = ints();
    const aggStream = aggregated(inputData);

    // dropDuplicates without the event time column: the state is not trimmed as the watermark advances.
    const dedupNoEventTime = aggStream
      .dropDuplicates("count", "windowEnd")
      .select(col("windowEnd").cast("long"), col("count"));
    await testStream(
      t,
      dedupNoEventTime,
      "append",
      AddData(inputData, 1, 5, 10, 15),
      CheckNewAnswer([5, 1], [10, 1], [15, 1]),
      assertNumStateRows([3, 1]),
      assertNumRowsDroppedByWatermark([0, 0]),
    );

    // Similar to the above but with the event time: the dedup state is trimmed. Spark's expected answer (one row
    // per window) is that of a query reading only the rows added for it: here a stream of its own.
    const inputData2 = ints();
    const dedupWithEventTime = aggregated(inputData2)
      .withColumn("windowTime", expr("window_time(window)"))
      .withColumn("windowTimeMicros", expr("unix_micros(windowTime)"))
      .dropDuplicates("count", "windowEnd", "windowTime")
      .select(col("windowEnd").cast("long"), col("windowTimeMicros").cast("long"), col("count"));
    await testStream(
      t,
      dedupWithEventTime,
      "append",
      AddData(inputData2, 1, 5, 10, 15),
      CheckNewAnswer([5, 4999999, 1], [10, 9999999, 1], [15, 14999999, 1]),
      assertNumStateRows([0, 1]),
      assertNumRowsDroppedByWatermark([0, 0]),
    );
  });

  it("join with range join on non-time intervals -> window agg, append mode, shouldn't fail", async () => {
    const input1 = ints();
    const inputDF1 = input1
      .toDF()
      .withColumnRenamed("value", "value1")
      .withColumn("eventTime1", timestamp_seconds(col("value1")))
      .withColumn("v1", timestamp_seconds(col("value1")))
      .withWatermark("eventTime1", "0 seconds");
    const input2 = new MemoryStream(t.spark, "_1 INT, _2 INT");
    const inputDF2 = input2
      .toDF()
      .toDF("start", "end")
      .withColumn("eventTime2Start", timestamp_seconds(col("start")))
      .withColumn("start2", timestamp_seconds(col("start")))
      .withColumn("end2", timestamp_seconds(col("end")))
      .withWatermark("eventTime2Start", "0 seconds");
    const stream = inputDF1
      .join(inputDF2, expr("v1 >= start2 AND v1 < end2 AND eventTime1 = start2"), "inner")
      .groupBy(window(col("eventTime1"), "5 seconds").alias("window"))
      .agg(count("*").alias("count"))
      .select(col("window").getField("start").cast("long"), col("count"));
    await testStream(
      t,
      stream,
      "append",
      AddData(input1, 1, 2, 3, 4),
      AddData(input2, [1, 2], [2, 3], [3, 4], [4, 5]),
      CheckNewAnswer(),
      assertNumStateRows([1, 0]),
      assertNumRowsDroppedByWatermark([0, 0]),
    );
  });

  /** Spark's `Timestamp.valueOf` read in UTC (the session time zone the cases set). */
  const ts = (text: string) => new Date(`${text.replace(" ", "T")}Z`);
  /** UTC epoch ms of a time, as the cases' `Timestamp.valueOf(...).getTime`. */
  const ms = (text: string) => ts(text).getTime();

  /**
   * The (id, timestamp) streams of the time-interval outer join cases, each watermarked with no delay, joined on
   * the id and an hour either way, and aggregated in 10-minute windows of `timeColumn`.
   */
  const outerJoinThenAggregation = (how: "leftOuter" | "rightOuter", timeColumn: string) => {
    t.spark.conf.set("spark.sql.session.timeZone", "UTC");
    const input1 = new MemoryStream(t.spark, "_1 STRING, _2 TIMESTAMP");
    const input2 = new MemoryStream(t.spark, "_1 STRING, _2 TIMESTAMP");
    const s1 = input1.toDF().toDF("id1", "timestamp1").withWatermark("timestamp1", "0 seconds").alias("s1");
    const s2 = input2.toDF().toDF("id2", "timestamp2").withWatermark("timestamp2", "0 seconds").alias("s2");
    const s3 = s1.join(
      s2,
      expr(
        "s1.id1 = s2.id2 AND (s1.timestamp1 BETWEEN " +
          "s2.timestamp2 - INTERVAL 1 hour AND s2.timestamp2 + INTERVAL 1 hour)",
      ),
      how,
    );
    const agg = s3
      .groupBy(window(col(timeColumn), "10 minutes"))
      .agg(count("*").alias("cnt"))
      .selectExpr(
        "CAST(window.start AS STRING) AS window_start",
        "CAST(window.end AS STRING) AS window_end",
        "cnt",
      );
    return { input1, input2, agg };
  };

  /**
   * Spark's check of the last batch's operators: the join's and the aggregation's watermarks for late rows and for
   * eviction (eventTimeWatermarkForLateEvents / ForEviction), read from each operator's input watermarks.
   */
  const assertOperatorWatermarks = (
    join: { late: number; eviction: number },
    aggregation: { late: number; eviction: number },
  ) =>
    AssertOnQuery(async (q: StreamingQuery) => {
      await q.processAllAvailable();
      const last = operatorWatermarksOf(q);
      expect(
        last.map(({ operatorName, lateEvents, eviction }) => [operatorName, lateEvents, eviction]),
      ).toEqual([
        ["stateStoreSave", aggregation.late, aggregation.eviction],
        ["symmetricHashJoin", join.late, join.eviction],
      ]);
    });

  it("stream-stream time interval left outer join -> aggregation, append mode", async () => {
    const { input1, input2, agg } = outerJoinThenAggregation("leftOuter", "timestamp1");
    await testStream(
      t,
      agg,
      "append",
      AddData(input1, ["1", ts("2023-01-01 01:00:10")], ["2", ts("2023-01-01 01:00:30")]),
      AddData(input2, ["1", ts("2023-01-01 01:00:20")]),
      // The join hands the aggregation the global watermark (01:00:20) held back by the hour of its condition,
      // less a millisecond: the window [01:00, 01:10) stays in state.
      CheckAnswer(),
      assertOperatorWatermarks(
        { late: 0, eviction: ms("2023-01-01 01:00:20") },
        { late: 0, eviction: ms("2023-01-01 00:00:20") - 1 },
      ),
      AddData(input1, ["5", ts("2023-01-01 01:15:00")]),
      AddData(input2, ["6", ts("2023-01-01 01:15:00")]),
      CheckAnswer(),
      assertOperatorWatermarks(
        { late: ms("2023-01-01 01:00:20"), eviction: ms("2023-01-01 01:15:00") },
        { late: ms("2023-01-01 00:00:20") - 1, eviction: ms("2023-01-01 00:15:00") - 1 },
      ),
      AddData(input1, ["5", ts("2023-01-01 02:16:00")]),
      AddData(input2, ["6", ts("2023-01-01 02:16:00")]),
      // The unmatched left rows (01:00:30 and 01:15:00) leave the join as outer rows; the window [01:00, 01:10)
      // closes with both of its rows.
      CheckAnswer(["2023-01-01 01:00:00", "2023-01-01 01:10:00", 2]),
      assertOperatorWatermarks(
        { late: ms("2023-01-01 01:15:00"), eviction: ms("2023-01-01 02:16:00") },
        { late: ms("2023-01-01 00:15:00") - 1, eviction: ms("2023-01-01 01:16:00") - 1 },
      ),
    );
  });

  it("stream-stream time interval right outer join -> aggregation, append mode", async () => {
    const { input1, input2, agg } = outerJoinThenAggregation("rightOuter", "timestamp2");
    await testStream(
      t,
      agg,
      "append",
      AddData(input2, ["1", ts("2023-01-01 01:00:10")], ["2", ts("2023-01-01 01:00:30")]),
      AddData(input1, ["1", ts("2023-01-01 01:00:20")]),
      CheckAnswer(),
      assertOperatorWatermarks(
        { late: 0, eviction: ms("2023-01-01 01:00:20") },
        { late: 0, eviction: ms("2023-01-01 00:00:20") - 1 },
      ),
      AddData(input2, ["5", ts("2023-01-01 01:15:00")]),
      AddData(input1, ["6", ts("2023-01-01 01:15:00")]),
      CheckAnswer(),
      assertOperatorWatermarks(
        { late: ms("2023-01-01 01:00:20"), eviction: ms("2023-01-01 01:15:00") },
        { late: ms("2023-01-01 00:00:20") - 1, eviction: ms("2023-01-01 00:15:00") - 1 },
      ),
      AddData(input2, ["5", ts("2023-01-01 02:16:00")]),
      AddData(input1, ["6", ts("2023-01-01 02:16:00")]),
      CheckAnswer(["2023-01-01 01:00:00", "2023-01-01 01:10:00", 2]),
      assertOperatorWatermarks(
        { late: ms("2023-01-01 01:15:00"), eviction: ms("2023-01-01 02:16:00") },
        { late: ms("2023-01-01 00:15:00") - 1, eviction: ms("2023-01-01 01:16:00") - 1 },
      ),
    );
  });

  it("stream-stream time interval join - output watermark for various intervals", async () => {
    const testOutputWatermarkInJoin = async (
      df: DataFrame,
      input: MemoryStream,
      expectedOutputWatermark: number,
    ) => {
      await testStream(
        t,
        df,
        "append",
        // dummy row to trigger execution
        AddData(input, ["1", ts("2023-01-01 01:00:10")]),
        CheckAnswer(),
        AssertOnQuery(async (q: StreamingQuery) => {
          const names = q.lastProgress?.stateOperators.map((s) => s.operatorName) ?? [];
          const joinOperator = q.lastExecution?.operatorWatermarks[names.indexOf("symmetricHashJoin")];
          expect(joinOperator?.produceOutputWatermark(0)).toBe(expectedOutputWatermark);
        }),
      );
    };

    const input1 = new MemoryStream(t.spark, "_1 STRING, _2 TIMESTAMP");
    const df1 = input1
      .toDF()
      .selectExpr("_1 as leftId", "_2 as leftEventTime")
      .withWatermark("leftEventTime", "5 minutes");
    const input2 = new MemoryStream(t.spark, "_1 STRING, _2 TIMESTAMP");
    const df2 = input2
      .toDF()
      .selectExpr("_1 as rightId", "_2 as rightEventTime")
      .withWatermark("rightEventTime", "10 minutes");

    const join1 = df1.join(
      df2,
      expr(
        "leftId = rightId AND leftEventTime BETWEEN rightEventTime AND rightEventTime + INTERVAL 40 seconds",
      ),
    );
    // right row should wait for additional 40 seconds (+ 1 ms) to be matched with left rows
    await testOutputWatermarkInJoin(join1, input1, -40 * 1000 - 1);

    const join2 = df1.join(
      df2,
      expr(
        "leftId = rightId AND leftEventTime BETWEEN rightEventTime - INTERVAL 30 seconds AND rightEventTime",
      ),
    );
    // left row should wait for additional 30 seconds (+ 1 ms) to be matched with left rows
    await testOutputWatermarkInJoin(join2, input1, -30 * 1000 - 1);

    const join3 = df1.join(
      df2,
      expr(
        "leftId = rightId AND leftEventTime BETWEEN " +
          "rightEventTime - INTERVAL 30 seconds AND rightEventTime + INTERVAL 40 seconds",
      ),
    );
    // left row should wait for additional 30 seconds (+ 1 ms) to be matched with left rows
    // right row should wait for additional 40 seconds (+ 1 ms) to be matched with right rows
    // taking minimum of both criteria - 40 seconds (+ 1 ms)
    await testOutputWatermarkInJoin(join3, input1, -40 * 1000 - 1);
  });

  it("SPARK-49829 time window agg per each source followed by stream-stream join", async () => {
    const inputStream1 = new MemoryStream(t.spark, "value BIGINT");
    const inputStream2 = new MemoryStream(t.spark, "value BIGINT");
    const df1 = inputStream1
      .toDF()
      .selectExpr("value", "timestamp_seconds(value) AS ts")
      .withWatermark("ts", "5 seconds");
    const df2 = inputStream2
      .toDF()
      .selectExpr("value", "timestamp_seconds(value) AS ts")
      .withWatermark("ts", "5 seconds");
    const df1Window = df1.groupBy(window(col("ts"), "10 seconds")).agg(sum("value").alias("sum_df1"));
    const df2Window = df2.groupBy(window(col("ts"), "10 seconds")).agg(sum("value").alias("sum_df2"));
    const joined = df1Window
      .join(df2Window, "window", "inner")
      .selectExpr("CAST(window.end AS long) AS window_end", "sum_df1", "sum_df2");
    await testStream(
      t,
      joined,
      "append",
      AddData(inputStream1, 1, 2, 3, 4, 5),
      AddData(inputStream2, 5, 6, 7, 8, 9),
      // watermark: 5 - 5 = 0
      CheckNewAnswer(),
      AddData(inputStream1, 11, 12, 13, 14, 15),
      AddData(inputStream2, 15, 16, 17, 18, 19),
      // watermark: 15 - 5 = 10 (windows for [0, 10) are completed)
      CheckNewAnswer([10, 15, 35]),
      AddData(inputStream1, 100),
      AddData(inputStream2, 101),
      // watermark: 100 - 5 = 95 (windows for [0, 20) are completed)
      CheckNewAnswer([20, 65, 85]),
    );
  });
});
