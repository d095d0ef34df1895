/**
 * Cases of Spark's StreamingQueryOptimizationCorrectnessSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming),
 * each named as there, with Spark's inputs and expected answers: the optimizer must not change a streaming query's
 * answers (literals folded into grouping keys or join keys, filters that prune a subtree, a changed query restarted
 * on the same checkpoint). `MemoryStream[Int]` is a stream of one INT column `value`; `Timestamp.valueOf(...)` is a
 * TIMESTAMP literal in the session zone, UTC here.
 *
 * Adapted: "streaming SQL distinct usage with literal grouping key" groups with the typed API
 * (`groupBy(...).as[K, V].keys`), which Sluice does not have; `.keys` is an Aggregate of the grouping columns alone,
 * which `select("name").distinct()` plans as well. ProcessAllAvailable() between AddData actions is a
 * `query.processAllAvailable()`, so each AddData is its own batch as in Spark.
 *
 * Not ported: the second half of "SPARK-48481: DISTINCT with empty stream source should retain AGGREGATE", run with
 * spark.sql.streaming.optimizeOneRowPlan.enabled=true — Spark's legacy OptimizeOneRowPlan then turns the Aggregate
 * over a source without new rows into a Project, so that batch reports one state operator; Sluice does not read
 * that conf and always keeps both Aggregates (the default's behaviour, which is ported).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../../sources/MemoryStream";
import { col, count, expr, lit, timestamp_seconds, window } from "../../../sql/api/functions";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddData,
  AssertOnQuery,
  CheckAnswer,
  CheckNewAnswer,
  StartStream,
  testStream,
} from "../../../testing/testStream";

const ProcessAllAvailable = () => AssertOnQuery((q) => q.processAllAvailable());
/** Spark's `lit(Timestamp.valueOf(...))`, in the session's zone (UTC). */
const tsLit = (text: string) => expr(`TIMESTAMP'${text}'`);
/** A timestamp as the test's rows show it. */
const iso = (text: string) => `${text.replace(" ", "T")}.000Z`;

describe("StreamingQueryOptimizationCorrectnessSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
    t.spark.conf.set("spark.sql.session.timeZone", "UTC");
  });
  afterEach(() => t.cleanup());
  const ints = () => new MemoryStream(t.spark, "value INT");
  const checkpoint = () => `/checkpoints/optimization-${Math.random().toString(36).slice(2)}`;
  /** The suite's `name` / `count` projection of an Int stream with a literal name. */
  const named = (input: MemoryStream, name: string) =>
    input.toDF().withColumn("name", lit(name)).withColumn("count", col("value")).select("name", "count");

  it("streaming Union with literal produces correct results", async () => {
    const inputStream1 = ints();
    const inputStream2 = ints();
    const result = named(inputStream1, "ds1").union(named(inputStream2, "ds2")).groupBy("name").count();
    await testStream(
      t,
      result,
      "complete",
      AddData(inputStream1, 1),
      ProcessAllAvailable(),
      AddData(inputStream2, 1),
      ProcessAllAvailable(),
      CheckNewAnswer(["ds1", 1], ["ds2", 1]),
    );
  });

  for (const order of ["after", "before"] as const) {
    it(`streaming aggregate with literal and watermark ${order} literal column produces correct results on query change`, async () => {
      const dir = checkpoint();
      const inputStream1 = new MemoryStream(t.spark, "value TIMESTAMP");
      const query = (name: string) => {
        const ds = inputStream1.toDF();
        const withTs = (order === "after" ? ds.withColumn("name", lit(name)) : ds).withColumn(
          "ts",
          col("value"),
        );
        const watermarked = withTs.withWatermark("ts", "1 minutes");
        return (order === "after" ? watermarked : watermarked.withColumn("name", lit(name)))
          .select("name", "ts")
          .groupBy("name")
          .count();
      };
      await testStream(
        t,
        query("ds1"),
        "complete",
        StartStream({}, dir),
        AddData(inputStream1, new Date("2023-01-02T00:00:00Z")),
        ProcessAllAvailable(),
      );
      await testStream(
        t,
        query("ds2"),
        "complete",
        StartStream({}, dir),
        AddData(inputStream1, new Date("2023-01-03T00:00:00Z")),
        ProcessAllAvailable(),
        CheckNewAnswer(["ds1", 1], ["ds2", 1]),
        AddData(inputStream1, new Date("2023-01-04T00:00:00Z")),
        ProcessAllAvailable(),
        CheckNewAnswer(["ds1", 1], ["ds2", 2]),
      );
    });
  }

  it("streaming aggregate with literal produces correct results on query change", async () => {
    const dir = checkpoint();
    const inputStream1 = ints();
    await testStream(
      t,
      named(inputStream1, "ds1").groupBy("name").count(),
      "complete",
      StartStream({}, dir),
      AddData(inputStream1, 1),
      ProcessAllAvailable(),
    );
    await testStream(
      t,
      named(inputStream1, "ds2").groupBy("name").count(),
      "complete",
      StartStream({}, dir),
      AddData(inputStream1, 1),
      ProcessAllAvailable(),
      CheckNewAnswer(["ds1", 1], ["ds2", 1]),
    );
  });

  it("stream stream join with literal produces correct results", async () => {
    const dir = checkpoint();
    const inputStream1 = ints();
    const inputStream2 = ints();
    const joined = (name1: string, count1: number, name2: string, count2: number) => {
      const ds1 = inputStream1
        .toDF()
        .withColumn("name", tsLit(name1))
        .withWatermark("name", "1 minutes")
        .withColumn("count1", lit(count1));
      const ds2 = inputStream2
        .toDF()
        .withColumn("name", tsLit(name2))
        .withWatermark("name", "1 minutes")
        .withColumn("count2", lit(count2));
      return ds1.join(ds2, "name", "full").select("name", "count1", "count2");
    };
    const feed = [
      AddData(inputStream1, 1),
      ProcessAllAvailable(),
      AddData(inputStream2, 1),
      ProcessAllAvailable(),
      AddData(inputStream1, 2),
      ProcessAllAvailable(),
      AddData(inputStream2, 2),
      ProcessAllAvailable(),
    ];
    await testStream(
      t,
      joined("2023-01-01 00:00:00", 1, "2023-01-02 00:00:00", 2),
      "append",
      StartStream({}, dir),
      ...feed,
      CheckNewAnswer(),
    );
    // The literals change: the rows kept in state from the first run are evicted by the new run's watermark.
    await testStream(
      t,
      joined("2023-02-01 00:00:00", 3, "2023-02-02 00:00:00", 4),
      "append",
      StartStream({}, dir),
      ...feed,
      CheckNewAnswer(
        [iso("2023-01-01 00:00:00"), 1, null],
        [iso("2023-01-01 00:00:00"), 1, null],
        [iso("2023-01-02 00:00:00"), null, 2],
        [iso("2023-01-02 00:00:00"), null, 2],
      ),
    );
  });

  it("streaming SQL distinct usage with literal grouping key produces correct results", async () => {
    const inputStream1 = ints();
    const inputStream2 = ints();
    const result = named(inputStream1, "ds1").union(named(inputStream2, "ds2")).select("name").distinct();
    await testStream(
      t,
      result,
      "complete",
      AddData(inputStream1, 1),
      ProcessAllAvailable(),
      AddData(inputStream2, 1),
      ProcessAllAvailable(),
      CheckNewAnswer(["ds1"], ["ds2"]),
    );
  });

  it("streaming window aggregation with literal time column key produces correct results", async () => {
    const inputStream1 = ints();
    const inputStream2 = ints();
    const timed = (input: MemoryStream, name: string) =>
      input.toDF().withColumn("name", tsLit(name)).withColumn("count", col("value")).select("name", "count");
    const result = timed(inputStream1, "2023-01-01 00:00:00")
      .union(timed(inputStream2, "2023-01-02 00:00:00"))
      .groupBy(window(col("name"), "1 second", "1 second"))
      .count();
    await testStream(
      t,
      result,
      "complete",
      AddData(inputStream1, 1),
      ProcessAllAvailable(),
      AddData(inputStream2, 1),
      ProcessAllAvailable(),
      CheckNewAnswer(
        [{ start: iso("2023-01-01 00:00:00"), end: iso("2023-01-01 00:00:01") }, 1],
        [{ start: iso("2023-01-02 00:00:00"), end: iso("2023-01-02 00:00:01") }, 1],
      ),
    );
  });

  it("stream stream join with literals produces correct value", async () => {
    const input1 = ints();
    const input2 = ints();
    const df1 = input1
      .toDF()
      .withColumn("key", col("value"))
      .withColumn("leftValue", lit(1))
      .select("key", "leftValue");
    const df2 = input2
      .toDF()
      .withColumn("key", col("value"))
      .withColumn("rightValue", lit(2))
      .select("key", "rightValue");
    const result = df1.join(df2, "key").select("key", "leftValue", "rightValue");
    await testStream(
      t,
      result,
      "append",
      StartStream({}, checkpoint()),
      AddData(input1, 1),
      ProcessAllAvailable(),
      AddData(input2, 1),
      ProcessAllAvailable(),
      CheckAnswer([1, 1, 2]),
    );
  });

  it("stream stream join with literals produces correct value on query change", async () => {
    const dir = checkpoint();
    const input1 = ints();
    const input2 = ints();
    const joined = (leftKey: string, leftValue: number, rightKey: string, rightValue: number) => {
      const left = input1
        .toDF()
        .withColumn("key", lit(leftKey))
        .withColumn("leftValue", lit(leftValue))
        .select("key", "leftValue");
      const right = input2
        .toDF()
        .withColumn("key", lit(rightKey))
        .withColumn("rightValue", lit(rightValue))
        .select("key", "rightValue");
      return left.join(right, "key").select("key", "leftValue", "rightValue");
    };
    const feed = [AddData(input1, 1), ProcessAllAvailable(), AddData(input2, 1), ProcessAllAvailable()];
    await testStream(t, joined("key1", 1, "key2", 2), "append", StartStream({}, dir), ...feed);
    // The state kept the first run's rows with their literal keys: each side's new row meets the other's old one.
    await testStream(
      t,
      joined("key2", 3, "key1", 4),
      "append",
      StartStream({}, dir),
      ...feed,
      CheckAnswer(["key1", 1, 4], ["key2", 3, 2]),
    );
  });

  it("SPARK-48267: regression test, stream-stream union followed by stream-batch join", async () => {
    const input1 = ints();
    const input2 = ints();
    const df1 = input1.toDF().withColumn("code", lit(1));
    const df2 = input2.toDF().withColumn("code", lit(null));
    // `ref_code` is not nullable.
    const batchDf = t.spark.range(1, 5).select(col("id").alias("ref_code"));
    const unionDf = df1.union(df2).join(batchDf, expr("code = ref_code")).select("value");
    await testStream(
      t,
      unionDf,
      "append",
      StartStream({}, checkpoint()),
      AddData(input1, 1, 2, 3),
      CheckNewAnswer([1], [2], [3]),
      AddData(input2, 1, 2, 3),
      CheckNewAnswer(),
    );
  });

  it("SPARK-48481: DISTINCT with empty stream source should retain AGGREGATE", async () => {
    // Spark's doTest(numExpectedStatefulOperatorsForOneEmptySource = 2), under the default conf.
    const numExpectedStatefulOperatorsForOneEmptySource = 2;
    const inputStream1 = ints();
    inputStream1.toDF().createOrReplaceTempView("tv1");
    const inputStream2 = ints();
    inputStream2.toDF().createOrReplaceTempView("tv2");
    // DISTINCT is rewritten to an Aggregate: one for each source.
    const unioned = await t.spark.sql(`
        WITH u AS (
          SELECT DISTINCT value AS value FROM tv1
        ), v AS (
          SELECT DISTINCT value AS value FROM tv2
        )
        SELECT value FROM u UNION ALL SELECT value FROM v`);
    /** The one operator that updated rows in the last batch updated 2 (an Aggregate, not a dropDuplicates). */
    const oneOperatorUpdatedTwo = AssertOnQuery((q) => {
      const stateOperators = q.lastProgress!.stateOperators;
      expect(stateOperators.length).toBe(numExpectedStatefulOperatorsForOneEmptySource);
      const updated = stateOperators.filter((op) => op.numRowsUpdated !== 0);
      expect(updated.map((op) => op.numRowsUpdated)).toEqual([2]);
    });
    await testStream(
      t,
      unioned,
      "update",
      AddData(inputStream1, 1, 1, 2),
      AddData(inputStream2, 1, 1, 2),
      CheckNewAnswer([1], [2], [1], [2]),
      AssertOnQuery((q) => {
        const stateOperators = q.lastProgress!.stateOperators;
        // Both Aggregates are stateful.
        expect(stateOperators.map((op) => op.numRowsUpdated)).toEqual([2, 2]);
      }),
      AddData(inputStream2, 2, 2, 3),
      // Not what a user asking for DISTINCT may expect, but right for an Aggregate in update mode.
      CheckNewAnswer([2], [3]),
      oneOperatorUpdatedTwo,
      AddData(inputStream1, 4, 4, 5),
      CheckNewAnswer([4], [5]),
      oneOperatorUpdatedTwo,
    );
  });

  it("SPARK-49699: observe node is not pruned out from PruneFilters", async () => {
    const input1 = ints();
    const df = input1
      .toDF()
      .withColumn("eventTime", timestamp_seconds(col("value")))
      .observe("observation", count(lit(1)).alias("rows"))
      // A `false` filter lets the optimizer prune the subtree under it.
      .filter(expr("false"));
    await testStream(
      t,
      df,
      "append",
      AddData(input1, 1, 2, 3),
      CheckNewAnswer(),
      AssertOnQuery((q) => {
        // Spark reads lastExecution.observedMetrics; Sluice's last progress carries the same row.
        const observeRow = q.lastProgress?.observedMetrics?.observation;
        expect(Number(observeRow?.rows)).toBe(3);
      }),
    );
  });

  it("SPARK-49699: watermark node is not pruned out from PruneFilters", async () => {
    const input1 = ints();
    const df = input1
      .toDF()
      .withColumn("eventTime", timestamp_seconds(col("value")))
      .withWatermark("eventTime", "0 second")
      .filter(expr("false"));
    await testStream(
      t,
      df,
      "append",
      AddData(input1, 1, 2, 3),
      CheckNewAnswer(),
      // Were the watermark node pruned out, progress would have no watermark.
      AssertOnQuery((q) => expect(q.lastProgress?.eventTime.watermark).toBeDefined()),
    );
  });

  it("SPARK-49699: stateful operator node is not pruned out from PruneFilters", async () => {
    const input1 = ints();
    const df = input1.toDF().groupBy("value").count().filter(expr("false"));
    await testStream(
      t,
      df,
      "complete",
      AddData(input1, 1, 2, 3),
      CheckNewAnswer(),
      AssertOnQuery((q) => expect(q.lastProgress?.stateOperators.length).toBe(1)),
    );
  });
});
