/**
 * Cases of Spark's StreamingSessionWindowSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named
 * as there, with Spark's inputs and expected answers. `MemoryStream[(String, Long)]` is a stream of `_1 STRING,
 * _2 BIGINT`; `$"timestamp".cast("timestamp")` of a BIGINT is seconds since the epoch. Spark runs each case under
 * four option pairs (merging sessions in the local partition on/off, HDFS or RocksDB state store provider): Sluice
 * has one state store and merges sessions in one step, so each case runs once.
 *
 * Not ported (do not apply to Sluice):
 * - "session window - with more aggregation functions and UDAFs" registers a Scala `Aggregator` through `udaf`
 *   (typed Dataset encoders); its built-in aggregates (mean, median, stddev, variance, first, last) are checked
 *   here in "session window with more aggregation functions" with `sum` in the UDAF's place.
 *
 * Not yet:
 * - the same case's `struct($"single", $"single")`, a struct with one field name twice, which DuckDB's structs
 *   cannot hold: the port names the two fields apart (first/last of the struct are not compared, as in Spark).
 *
 * "complete mode - session window - nested tuple key", "complete mode - session window - multiple col key",
 * "dynamic gap duration - nested tuple key" and "dynamic gap duration - multiple col key" key by
 * `arrays_zip(a, a)`, whose struct names one field twice in Spark; Sluice's arrays_zip names the second apart
 * (`a_1`), and the answers are compared by value.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SparkError, StreamingQueryException } from "../../../errors/exceptions";
import { MemoryStream } from "../../../sources/MemoryStream";
import type { Column } from "../../../sql/api/Column";
import type { DataFrame } from "../../../sql/api/DataFrame";
import {
  arrays_zip,
  col,
  count,
  explode,
  first,
  last,
  max_by,
  mean,
  median,
  min_by,
  session_window,
  split,
  stddev,
  struct,
  sum,
  variance,
} from "../../../sql/api/functions";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddData,
  AssertOnQuery,
  CheckAnswer,
  CheckNewAnswer,
  type StreamAction,
  testStream,
} from "../../../testing/testStream";

/**
 * Spark's assertNumRowsDroppedByWatermark: the first state operator's rows dropped by the watermark in the last
 * progress that read rows.
 */
const assertNumRowsDroppedByWatermark = (n: number): StreamAction =>
  AssertOnQuery(async (q) => {
    await q.processAllAvailable();
    const withData = q.recentProgress.filter((p) => p.inputRowsPerSecond !== 0).at(-1);
    expect(withData?.stateOperators[0].numRowsDroppedByWatermark).toBe(n);
  });

describe("StreamingSessionWindowSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());
  const pairs = () => new MemoryStream(t.spark, "_1 STRING, _2 BIGINT");
  const ints = () => new MemoryStream(t.spark, "value INT");

  /** Spark's sessionWindowQuery: words of each line as session ids, 10-second sessions, a 30-second watermark. */
  const sessionWindowQuery = (
    input: MemoryStream,
    sessionWindow: Column = session_window(col("eventTime"), "10 seconds"),
  ): DataFrame =>
    input
      .toDF()
      .select(col("_1").alias("value"), col("_2").alias("timestamp"))
      .withColumn("eventTime", col("timestamp").cast("timestamp"))
      .withWatermark("eventTime", "30 seconds")
      .selectExpr("explode(split(value, ' ')) AS sessionId", "eventTime")
      .groupBy(sessionWindow.alias("session"), col("sessionId"))
      .agg(count("*").alias("numEvents"))
      .selectExpr(
        "sessionId",
        "CAST(session.start AS LONG)",
        "CAST(session.end AS LONG)",
        "CAST(session.end AS LONG) - CAST(session.start AS LONG) AS durationMs",
        "numEvents",
      );

  /**
   * Spark's sessionWindowQueryNestedKey: each word as the nested key ((w, w), w), from arrays_zip of the words
   * with themselves and then with the words again. Sluice's arrays_zip names the repeated field apart
   * (`sessionIdSingle_1`), which the answers, compared by value, do not see.
   */
  const sessionWindowQueryNestedKey = (
    input: MemoryStream,
    sessionWindow: Column = session_window(col("eventTime"), "10 seconds"),
  ): DataFrame =>
    input
      .toDF()
      .select(col("_1").alias("value"), col("_2").alias("timestamp"))
      .withColumn("eventTime", col("timestamp").cast("timestamp"))
      .withColumn("sessionIdSingle", split(col("value"), " "))
      .withColumn("sessionIdDouble", arrays_zip(col("sessionIdSingle"), col("sessionIdSingle")))
      .withColumn("sessionIdTriple", arrays_zip(col("sessionIdDouble"), col("sessionIdSingle")))
      .withWatermark("eventTime", "30 seconds")
      .selectExpr("explode(sessionIdTriple) AS sessionId", "eventTime")
      .groupBy(sessionWindow.alias("session"), col("sessionId"))
      .agg(count("*").alias("numEvents"))
      .selectExpr(
        "sessionId",
        "CAST(session.start AS LONG)",
        "CAST(session.end AS LONG)",
        "CAST(session.end AS LONG) - CAST(session.start AS LONG) AS durationMs",
        "numEvents",
      );

  /** Spark's sessionWindowQueryMultiColKey: each word as two grouping columns, (w, w) and w. */
  const sessionWindowQueryMultiColKey = (
    input: MemoryStream,
    sessionWindow: Column = session_window(col("eventTime"), "10 seconds"),
  ): DataFrame =>
    input
      .toDF()
      .select(col("_1").alias("value"), col("_2").alias("timestamp"))
      .withColumn("eventTime", col("timestamp").cast("timestamp"))
      .withColumn("sessionIdSingle", split(col("value"), " "))
      .withColumn("sessionIdDouble", arrays_zip(col("sessionIdSingle"), col("sessionIdSingle")))
      .withColumn("sessionIdTriple", arrays_zip(col("sessionIdDouble"), col("sessionIdSingle")))
      .withColumn("sessionIdTriple", explode(col("sessionIdTriple")))
      .withWatermark("eventTime", "30 seconds")
      .selectExpr(
        "sessionIdTriple.sessionIdDouble AS aggKeyDouble",
        "sessionIdTriple.sessionIdSingle AS aggKeySingle",
        "eventTime",
      )
      .groupBy(sessionWindow.alias("session"), col("aggKeyDouble"), col("aggKeySingle"))
      .agg(count("*").alias("numEvents"))
      .selectExpr(
        "aggKeyDouble",
        "aggKeySingle",
        "CAST(session.start AS LONG)",
        "CAST(session.end AS LONG)",
        "CAST(session.end AS LONG) - CAST(session.start AS LONG) AS durationMs",
        "numEvents",
      );

  /** The key (w, w) as a row shows the struct arrays_zip made. */
  const double = (w: string) => ({ sessionIdSingle: w, sessionIdSingle_1: w });
  /** The key ((w, w), w). */
  const triple = (w: string) => ({ sessionIdDouble: double(w), sessionIdSingle: w });
  /** Spark's answers of a case keyed by word, keyed by ((w, w), w). */
  const nested = (...rows: [string, ...number[]][]) => rows.map(([w, ...rest]) => [triple(w), ...rest]);
  /** Spark's answers of a case keyed by word, keyed by (w, w) and w. */
  const multiCol = (...rows: [string, ...number[]][]) => rows.map(([w, ...rest]) => [double(w), w, ...rest]);

  /** Spark's "complete mode - session window" steps, the answers keyed by `key`. */
  const completeModeSteps = (
    inputData: MemoryStream,
    key: (...rows: [string, ...number[]][]) => unknown[][],
  ) => [
    AddData(inputData, ["hello world spark streaming", 40], ["world hello structured streaming", 41]),
    CheckNewAnswer(
      ...key(
        ["hello", 40, 51, 11, 2],
        ["world", 40, 51, 11, 2],
        ["streaming", 40, 51, 11, 2],
        ["spark", 40, 50, 10, 1],
        ["structured", 41, 51, 10, 1],
      ),
    ),
    // placing new sessions "before" previous sessions
    AddData(inputData, ["spark streaming", 25]),
    CheckNewAnswer(
      ...key(
        ["spark", 25, 35, 10, 1],
        ["streaming", 25, 35, 10, 1],
        ["hello", 40, 51, 11, 2],
        ["world", 40, 51, 11, 2],
        ["streaming", 40, 51, 11, 2],
        ["spark", 40, 50, 10, 1],
        ["structured", 41, 51, 10, 1],
      ),
    ),
    // concatenating multiple previous sessions into one
    AddData(inputData, ["spark streaming", 30]),
    CheckNewAnswer(
      ...key(
        ["spark", 25, 50, 25, 3],
        ["streaming", 25, 51, 26, 4],
        ["hello", 40, 51, 11, 2],
        ["world", 40, 51, 11, 2],
        ["structured", 41, 51, 10, 1],
      ),
    ),
    // placing new sessions after previous sessions
    AddData(inputData, ["hello apache spark", 60]),
    CheckNewAnswer(
      ...key(
        ["spark", 25, 50, 25, 3],
        ["streaming", 25, 51, 26, 4],
        ["hello", 40, 51, 11, 2],
        ["world", 40, 51, 11, 2],
        ["structured", 41, 51, 10, 1],
        ["hello", 60, 70, 10, 1],
        ["apache", 60, 70, 10, 1],
        ["spark", 60, 70, 10, 1],
      ),
    ),
    AddData(inputData, ["structured streaming", 90]),
    CheckNewAnswer(
      ...key(
        ["spark", 25, 50, 25, 3],
        ["streaming", 25, 51, 26, 4],
        ["hello", 40, 51, 11, 2],
        ["world", 40, 51, 11, 2],
        ["structured", 41, 51, 10, 1],
        ["hello", 60, 70, 10, 1],
        ["apache", 60, 70, 10, 1],
        ["spark", 60, 70, 10, 1],
        ["structured", 90, 100, 10, 1],
        ["streaming", 90, 100, 10, 1],
      ),
    ),
  ];

  /** Spark's "SPARK-36465: dynamic gap duration" steps, the answers keyed by `key`. */
  const dynamicGapSteps = (
    inputData: MemoryStream,
    key: (...rows: [string, ...number[]][]) => unknown[][],
  ) => [
    AddData(inputData, ["hello world spark streaming", 40], ["world hello structured streaming", 41]),
    CheckNewAnswer(),
    // placing new sessions "before" previous sessions
    AddData(inputData, ["spark streaming", 25]),
    CheckNewAnswer(),
    // late event which session's end 10 would be later than watermark 11: should be dropped
    AddData(inputData, ["spark streaming", 0]),
    CheckNewAnswer(),
    assertNumRowsDroppedByWatermark(2),
    // concatenating multiple previous sessions into one
    AddData(inputData, ["spark streaming", 30]),
    CheckNewAnswer(),
    // placing new sessions after previous sessions
    AddData(inputData, ["hello apache spark", 60]),
    CheckNewAnswer(),
    AddData(inputData, ["structured streaming", 90]),
    CheckNewAnswer(...key(["spark", 25, 50, 25, 3], ["streaming", 25, 51, 26, 4], ["hello", 40, 42, 2, 2])),
  ];

  /** Spark's gapDuration UDF of the dynamic gap cases, over a word. */
  const gapOf = (s: string) => {
    if (s === "hello") return "1 second";
    // zero gap duration will be filtered out from aggregation
    if (s === "structured") return "0 second";
    // negative gap duration will be filtered out from aggregation
    if (s === "world") return "-10 seconds";
    return "10 seconds";
  };
  /** The word of a key (w, w) whose two fields agree, else undefined. */
  const wordOf = (d: Record<string, string> | null): string | undefined => {
    const [a, b] = Object.values(d ?? {});
    return a === b ? a : undefined;
  };

  /** Spark's sessionWindowQueryOnGlobalKey: session windows with no other grouping key. */
  const sessionWindowQueryOnGlobalKey = (input: MemoryStream): DataFrame =>
    input
      .toDF()
      .selectExpr("*")
      .withColumn("eventTime", col("value").cast("timestamp"))
      .withWatermark("eventTime", "10 seconds")
      .groupBy(session_window(col("eventTime"), "5 seconds").alias("session"))
      .agg(count("*").alias("count"), sum("value").alias("sum"))
      .select(
        col("session").getField("start").cast("long"),
        col("session").getField("end").cast("long"),
        col("count"),
        col("sum"),
      );

  const failure = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: Error) => e,
    );

  it("complete mode - session window", async () => {
    const inputData = pairs();
    await testStream(
      t,
      sessionWindowQuery(inputData),
      "complete",
      AddData(inputData, ["hello world spark streaming", 40], ["world hello structured streaming", 41]),
      CheckNewAnswer(
        ["hello", 40, 51, 11, 2],
        ["world", 40, 51, 11, 2],
        ["streaming", 40, 51, 11, 2],
        ["spark", 40, 50, 10, 1],
        ["structured", 41, 51, 10, 1],
      ),
      // placing new sessions "before" previous sessions
      AddData(inputData, ["spark streaming", 25]),
      CheckNewAnswer(
        ["spark", 25, 35, 10, 1],
        ["streaming", 25, 35, 10, 1],
        ["hello", 40, 51, 11, 2],
        ["world", 40, 51, 11, 2],
        ["streaming", 40, 51, 11, 2],
        ["spark", 40, 50, 10, 1],
        ["structured", 41, 51, 10, 1],
      ),
      // concatenating multiple previous sessions into one
      AddData(inputData, ["spark streaming", 30]),
      CheckNewAnswer(
        ["spark", 25, 50, 25, 3],
        ["streaming", 25, 51, 26, 4],
        ["hello", 40, 51, 11, 2],
        ["world", 40, 51, 11, 2],
        ["structured", 41, 51, 10, 1],
      ),
      // placing new sessions after previous sessions
      AddData(inputData, ["hello apache spark", 60]),
      CheckNewAnswer(
        ["spark", 25, 50, 25, 3],
        ["streaming", 25, 51, 26, 4],
        ["hello", 40, 51, 11, 2],
        ["world", 40, 51, 11, 2],
        ["structured", 41, 51, 10, 1],
        ["hello", 60, 70, 10, 1],
        ["apache", 60, 70, 10, 1],
        ["spark", 60, 70, 10, 1],
      ),
      AddData(inputData, ["structured streaming", 90]),
      CheckNewAnswer(
        ["spark", 25, 50, 25, 3],
        ["streaming", 25, 51, 26, 4],
        ["hello", 40, 51, 11, 2],
        ["world", 40, 51, 11, 2],
        ["structured", 41, 51, 10, 1],
        ["hello", 60, 70, 10, 1],
        ["apache", 60, 70, 10, 1],
        ["spark", 60, 70, 10, 1],
        ["structured", 90, 100, 10, 1],
        ["streaming", 90, 100, 10, 1],
      ),
    );
  });

  it("complete mode - session window - no key", async () => {
    const inputData = ints();
    const e = await failure(
      testStream(
        t,
        sessionWindowQueryOnGlobalKey(inputData),
        "complete",
        AddData(inputData, 40),
        CheckAnswer(),
      ),
    );
    expect(e?.name).toBe("StreamingQueryException");
    for (const m of ["Global aggregation with session window", "not supported"]) {
      expect(e?.message.toLowerCase()).toContain(m.toLowerCase());
    }
    // Spark 4's AggUtils raises it as the legacy condition of error-conditions.json.
    const cause = (e as StreamingQueryException).cause as SparkError;
    expect(cause.name).toBe("AnalysisException");
    expect(cause.getCondition()).toBe("_LEGACY_ERROR_TEMP_3068");
  });

  it("append mode - session window", async () => {
    const inputData = pairs();
    await testStream(
      t,
      sessionWindowQuery(inputData),
      "append",
      AddData(inputData, ["hello world spark streaming", 40], ["world hello structured streaming", 41]),
      CheckNewAnswer(), // watermark: 11
      // placing new sessions "before" previous sessions
      AddData(inputData, ["spark streaming", 25]),
      CheckNewAnswer(),
      // late event which session's end 10 would be later than watermark 11: should be dropped
      AddData(inputData, ["spark streaming", 0]),
      CheckNewAnswer(),
      assertNumRowsDroppedByWatermark(2),
      // concatenating multiple previous sessions into one
      AddData(inputData, ["spark streaming", 30]),
      CheckNewAnswer(),
      // placing new sessions after previous sessions; watermark: 30
      AddData(inputData, ["hello apache spark", 60]),
      CheckNewAnswer(),
      // watermark: 60
      AddData(inputData, ["structured streaming", 90]),
      CheckNewAnswer(
        ["spark", 25, 50, 25, 3],
        ["streaming", 25, 51, 26, 4],
        ["hello", 40, 51, 11, 2],
        ["world", 40, 51, 11, 2],
        ["structured", 41, 51, 10, 1],
      ),
    );
  });

  it("SPARK-36465: dynamic gap duration", async () => {
    const inputData = pairs();
    const gapDuration = t.spark.udf.register(
      "gapDuration",
      (s: string) => {
        if (s === "hello") return "1 second";
        // zero gap duration will be filtered out from aggregation
        if (s === "structured") return "0 second";
        // negative gap duration will be filtered out from aggregation
        if (s === "world") return "-10 seconds";
        return "10 seconds";
      },
      "string",
    );
    await testStream(
      t,
      sessionWindowQuery(inputData, session_window(col("eventTime"), gapDuration(col("sessionId")))),
      "append",
      AddData(inputData, ["hello world spark streaming", 40], ["world hello structured streaming", 41]),
      CheckNewAnswer(),
      AddData(inputData, ["spark streaming", 25]),
      CheckNewAnswer(),
      AddData(inputData, ["spark streaming", 0]),
      CheckNewAnswer(),
      assertNumRowsDroppedByWatermark(2),
      AddData(inputData, ["spark streaming", 30]),
      CheckNewAnswer(),
      AddData(inputData, ["hello apache spark", 60]),
      CheckNewAnswer(),
      AddData(inputData, ["structured streaming", 90]),
      CheckNewAnswer(["spark", 25, 50, 25, 3], ["streaming", 25, 51, 26, 4], ["hello", 40, 42, 2, 2]),
    );
  });

  it("append mode - session window - no key", async () => {
    const inputData = ints();
    const e = await failure(
      testStream(
        t,
        sessionWindowQueryOnGlobalKey(inputData),
        "append",
        AddData(inputData, 40),
        CheckAnswer(),
      ),
    );
    expect(e?.name).toBe("StreamingQueryException");
    for (const m of ["Global aggregation with session window", "not supported"]) {
      expect(e?.message.toLowerCase()).toContain(m.toLowerCase());
    }
  });

  it("update mode - session window", async () => {
    const inputData = pairs();
    const e = await failure(
      testStream(
        t,
        sessionWindowQuery(inputData),
        "update",
        AddData(inputData, ["hello", 40]),
        CheckAnswer(),
      ),
    );
    expect(e?.constructor.name).toBe("AnalysisException");
    for (const m of ["Update output mode", "not supported", "for session window"]) {
      expect(e?.message.toLowerCase()).toContain(m.toLowerCase());
    }
  });

  it("update mode - session window - no key", async () => {
    const inputData = ints();
    const e = await failure(
      testStream(
        t,
        sessionWindowQueryOnGlobalKey(inputData),
        "update",
        AddData(inputData, 40),
        CheckAnswer(),
      ),
    );
    expect(e?.constructor.name).toBe("AnalysisException");
    for (const m of ["Update output mode", "not supported", "for session window"]) {
      expect(e?.message.toLowerCase()).toContain(m.toLowerCase());
    }
  });

  it("session window with async state checkpointing", async () => {
    t.spark.conf.set("spark.databricks.streaming.statefulOperator.asyncCheckpoint.enabled", "true");
    const inputData = pairs();
    await testStream(
      t,
      sessionWindowQuery(inputData),
      "append",
      AddData(inputData, ["hello world spark streaming", 40], ["world hello structured streaming", 41]),
      CheckNewAnswer(),
      AddData(inputData, ["spark streaming", 25]),
      CheckNewAnswer(),
      AddData(inputData, ["spark streaming", 0]),
      CheckNewAnswer(),
      AddData(inputData, ["spark streaming", 30]),
      CheckNewAnswer(),
      AddData(inputData, ["hello apache spark", 60]),
      CheckNewAnswer(),
      AddData(inputData, ["structured streaming", 90]),
      CheckNewAnswer(
        ["spark", 25, 50, 25, 3],
        ["streaming", 25, 51, 26, 4],
        ["hello", 40, 51, 11, 2],
        ["world", 40, 51, 11, 2],
        ["structured", 41, 51, 10, 1],
      ),
    );
  });

  it("session window with first/last function", async () => {
    const inputData = pairs();
    const sessionWithAgg = inputData
      .toDF()
      .select(col("_1").alias("value"), col("_2").alias("timestamp"))
      .withColumn("eventTime", col("timestamp").cast("timestamp"))
      .withWatermark("eventTime", "30 seconds")
      .selectExpr("explode(split(value, ' ')) AS sessionId", "eventTime")
      .groupBy(session_window(col("eventTime"), "10 seconds").alias("session"), col("sessionId"))
      .agg(
        first(col("eventTime")).alias("firstTime"),
        last(col("eventTime")).alias("lastTime"),
        min_by(col("eventTime"), col("eventTime")).alias("minTime"),
        max_by(col("eventTime"), col("eventTime")).alias("maxTime"),
      )
      .selectExpr(
        "sessionId",
        "CAST(session.start AS LONG)",
        "CAST(session.end AS LONG)",
        "CAST(minTime AS LONG)",
        "CAST(maxTime AS LONG)",
      );
    await testStream(
      t,
      sessionWithAgg,
      "append",
      AddData(inputData, ["a", 41]),
      AddData(inputData, ["a", 42]),
      AddData(inputData, ["a", 40]),
      CheckAnswer(),
      AddData(inputData, ["b", 100]), // Move the watermark past the end of the session.
      AddData(inputData, ["b", 101]), // Trigger the session production.
      CheckAnswer(["a", 40, 52, 40, 42]),
    );
  });

  it("session window with more aggregation functions", async () => {
    const inputData = pairs();
    const sessionWithAgg = inputData
      .toDF()
      .select(col("_1").alias("value"), col("_2").alias("timestamp"))
      .withColumn("eventTime", col("timestamp").cast("timestamp"))
      .withColumn("single", col("timestamp"))
      .withColumn("double", struct(col("single").alias("s1"), col("single").alias("s2")))
      .withColumn("triple", struct(col("double"), col("single")))
      .withWatermark("eventTime", "30 seconds")
      .selectExpr("explode(split(value, ' ')) AS sessionId", "eventTime", "single", "triple")
      .groupBy(session_window(col("eventTime"), "10 seconds").alias("session"), col("sessionId"))
      .agg(
        mean(col("single")).alias("meanTime"),
        median(col("single")).alias("medianTime"),
        stddev(col("single")).alias("stdDevTime"),
        variance(col("single")).alias("varTime"),
        first(col("triple")).alias("firstTimeTriple"),
        last(col("triple")).alias("lastTimeTriple"),
        sum(col("single")).alias("mySumSingle"),
      )
      .selectExpr(
        "sessionId",
        "CAST(session.start AS LONG)",
        "CAST(session.end AS LONG)",
        "CAST(meanTime AS LONG)",
        "CAST(medianTime AS LONG)",
        "CAST(stdDevTime AS LONG)",
        "CAST(varTime AS LONG)",
        "mySumSingle",
      );
    await testStream(
      t,
      sessionWithAgg,
      "append",
      AddData(inputData, ["a", 41]),
      AddData(inputData, ["a", 42]),
      AddData(inputData, ["a", 40]),
      CheckAnswer(),
      AddData(inputData, ["b", 100]),
      AddData(inputData, ["b", 101]),
      CheckAnswer(["a", 40, 52, 41, 41, 1, 1, 123]),
    );
  });
  // Logic is the same as `complete mode - session window`, just with a more complex key
  it("complete mode - session window - nested tuple key", async () => {
    const inputData = pairs();
    await testStream(
      t,
      sessionWindowQueryNestedKey(inputData),
      "complete",
      ...completeModeSteps(inputData, nested),
    );
  });

  // Logic is the same as `complete mode - session window`, just with a more complex key
  it("complete mode - session window - multiple col key", async () => {
    const inputData = pairs();
    await testStream(
      t,
      sessionWindowQueryMultiColKey(inputData),
      "complete",
      ...completeModeSteps(inputData, multiCol),
    );
  });

  // Logic is the same as `SPARK-36465: dynamic gap duration`, just with a more complex key
  it("dynamic gap duration - nested tuple key", async () => {
    const inputData = pairs();
    const gapDuration = t.spark.udf.register(
      "gapDuration",
      (s: { sessionIdDouble: Record<string, string>; sessionIdSingle: string }) => {
        const w = wordOf(s.sessionIdDouble);
        return w !== undefined && w === s.sessionIdSingle ? gapOf(w) : "10 seconds";
      },
      "string",
    );
    await testStream(
      t,
      sessionWindowQueryNestedKey(inputData, session_window(col("eventTime"), gapDuration(col("sessionId")))),
      "append",
      ...dynamicGapSteps(inputData, nested),
    );
  });

  // Logic is the same as `SPARK-36465: dynamic gap duration`, just with a more complex key
  it("dynamic gap duration - multiple col key", async () => {
    const inputData = pairs();
    const gapDuration = t.spark.udf.register(
      "gapDuration",
      (s1: Record<string, string>, s2: string) => {
        const w = wordOf(s1);
        return w !== undefined && w === s2 ? gapOf(w) : "10 seconds";
      },
      "string",
    );
    await testStream(
      t,
      sessionWindowQueryMultiColKey(
        inputData,
        session_window(col("eventTime"), gapDuration(col("aggKeyDouble"), col("aggKeySingle"))),
      ),
      "append",
      ...dynamicGapSteps(inputData, multiCol),
    );
  });
});
