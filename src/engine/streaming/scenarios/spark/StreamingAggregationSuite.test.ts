/**
 * Cases of Spark's StreamingAggregationSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named
 * as there, with Spark's inputs and expected answers. `MemoryStream[Int]` is a stream of one INT column `value`.
 * Spark runs most cases once per state format version (and again on RocksDB): Sluice has one state format and one
 * state store, so each case runs once. Spark's BlockRDD-backed mock source (SPARK-21977) is a MemoryStream of
 * `a INT`, its empty blocks empty AddData.
 *
 * Not ported (do not apply to Sluice):
 * - "typed aggregators": `groupByKey(...).agg(typed.sumLong(...))`, the typed Dataset API.
 * - "simple count, update mode - recovery from checkpoint uses state format version 1": restarts from a checkpoint
 *   Spark 2.3.1 wrote (JVM state files in a test resource) and inspects the physical plan's state format.
 * - The plan checks of the SPARK-21977 cases (checkAggregationChain: exchanges and partitioning of SparkPlan
 *   nodes); their answers are checked.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SparkError } from "../../../errors/exceptions";
import { MemoryStream } from "../../../sources/MemoryStream";
import type { Column } from "../../../sql/api/Column";
import {
  array,
  avg,
  col,
  collect_list,
  collect_set,
  count,
  current_date,
  current_timestamp,
  date_sub,
  explode,
  from_unixtime,
  last,
  lit,
  localtimestamp,
  max,
  size,
  sum,
  timestamp_seconds,
  to_utc_timestamp,
  udf,
  window,
} from "../../../sql/api/functions";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddData,
  AdvanceManualClock,
  AssertOnQuery,
  assertNumStateRows,
  assertStateOperatorProgressMetric,
  CheckAnswer,
  CheckLastBatch,
  CheckLastBatchSorted,
  CheckNewAnswer,
  ExpectFailure,
  StartStream,
  StopStream,
  testStream,
} from "../../../testing/testStream";
import { ManualClock } from "../../runtime/ManualClock";

describe("StreamingAggregationSuite", () => {
  let t: TestSession;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock(0);
    t = await newTestSession(clock);
  });
  afterEach(() => t.cleanup());
  const ints = () => new MemoryStream(t.spark, "value INT");

  it("simple count, update mode", async () => {
    const inputData = ints();
    const aggregated = inputData.toDF().groupBy(col("value")).agg(count("*"));
    await testStream(
      t,
      aggregated,
      "update",
      AddData(inputData, 3),
      CheckLastBatch([3, 1]),
      AddData(inputData, 3, 2),
      CheckLastBatch([3, 2], [2, 1]),
      StopStream,
      StartStream(),
      AddData(inputData, 3, 2, 1),
      CheckLastBatch([3, 3], [2, 2], [1, 1]),
      AddData(inputData, 4, 4, 4, 4),
      CheckLastBatch([4, 4]),
    );
  });

  it("count distinct", async () => {
    const inputData = new MemoryStream(t.spark, "_1 INT, _2 ARRAY<INT>");
    const aggregated = inputData
      .toDF()
      .select(col("*"), explode(col("_2")).alias("value"))
      .groupBy(col("_1"))
      .agg(size(collect_set(col("value"))));
    await testStream(t, aggregated, "update", AddData(inputData, [1, [1, 2]]), CheckLastBatch([1, 2]));
  });

  it("simple count, complete mode", async () => {
    const inputData = ints();
    const aggregated = inputData.toDF().groupBy(col("value")).agg(count("*"));
    await testStream(
      t,
      aggregated,
      "complete",
      AddData(inputData, 3),
      CheckLastBatch([3, 1]),
      AddData(inputData, 2),
      CheckLastBatch([3, 1], [2, 1]),
      StopStream,
      StartStream(),
      AddData(inputData, 3, 2, 1),
      CheckLastBatch([3, 2], [2, 2], [1, 1]),
      AddData(inputData, 4, 4, 4, 4),
      CheckLastBatch([4, 4], [3, 2], [2, 2], [1, 1]),
    );
  });

  it("simple count, append mode", async () => {
    const inputData = ints();
    const aggregated = inputData.toDF().groupBy(col("value")).agg(count("*"));
    const error = await testStream(t, aggregated, "append").then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.constructor.name).toBe("AnalysisException");
    expect(error?.message.toLowerCase()).toContain("append");
    expect(error?.message.toLowerCase()).toContain("not supported");
  });

  it("sort after aggregate in complete mode", async () => {
    const inputData = ints();
    const aggregated = inputData
      .toDF()
      .groupBy(col("value"))
      .agg(count("*"))
      .toDF("value", "count")
      .orderBy(col("count").desc());
    await testStream(
      t,
      aggregated,
      "complete",
      AddData(inputData, 3),
      CheckLastBatchSorted([3, 1]),
      AddData(inputData, 2, 3),
      CheckLastBatchSorted([3, 2], [2, 1]),
      StopStream,
      StartStream(),
      AddData(inputData, 3, 2, 1),
      CheckLastBatchSorted([3, 3], [2, 2], [1, 1]),
      AddData(inputData, 4, 4, 4, 4),
      CheckLastBatchSorted([4, 4], [3, 3], [2, 2], [1, 1]),
    );
  });

  it("state metrics - append mode", async () => {
    const inputData = ints();
    const aggWithWatermark = inputData
      .toDF()
      .withColumn("eventTime", timestamp_seconds(col("value")))
      .withWatermark("eventTime", "10 seconds")
      .groupBy(window(col("eventTime"), "5 seconds").alias("window"))
      .agg(count("*").alias("count"))
      .select(col("window").getField("start").cast("long"), col("count"));
    // The latest progress that ran a batch, and its first state operator.
    const lastExecuted = (q: { recentProgress: { durationMs: Record<string, number> }[] }) =>
      q.recentProgress.filter((p) => "addBatch" in p.durationMs).at(-1) as unknown as {
        batchId: number;
        sink: { numOutputRows: number };
        stateOperators: { numRowsUpdated: number; numRowsTotal: number }[];
      };
    // Spark reads the output rows from its MemorySink's progress; the test's foreachBatch sink reports -1 there, as
    // Spark's V1 sinks do, so the count is of the rows the batch wrote.
    const state = (updated: number, total: number, output: number) =>
      AssertOnQuery((q, batches) => {
        const p = lastExecuted(q);
        expect([p.stateOperators[0].numRowsUpdated, p.stateOperators[0].numRowsTotal]).toEqual([
          updated,
          total,
        ]);
        expect(p.sink.numOutputRows).toBe(-1);
        expect(batches.get(p.batchId)?.length).toBe(output);
      });
    const batchIdIs = (id: number) => AssertOnQuery((q) => expect(q.lastProgress?.batchId).toBe(id));
    await testStream(
      t,
      aggWithWatermark,
      "append",
      AddData(inputData, 15),
      StartStream({ processingTime: "1 second" }),
      AdvanceManualClock(0),
      CheckAnswer(), // watermark = 0
      state(1, 1, 0),
      AdvanceManualClock(1000), // batch 1 without data: watermark = 5
      batchIdIs(1),
      CheckAnswer(),
      state(0, 1, 0),
      AddData(inputData, 10, 12, 14),
      AdvanceManualClock(1000), // batch 2
      CheckAnswer(),
      state(1, 2, 0),
      AddData(inputData, 25),
      AdvanceManualClock(1000), // batch 3
      CheckAnswer(),
      state(1, 3, 0),
      AdvanceManualClock(1000), // batch 4 without data: watermark = 15
      batchIdIs(4),
      CheckAnswer([10, 3]),
      state(0, 2, 1),
    );
  });

  it("state metrics - update/complete mode", async () => {
    // Spark's flatMap(x => Seq(x, x + 1)), as an explode.
    const make = (input: MemoryStream) =>
      input
        .toDF()
        .select(explode(expandPair(col("value"))).alias("value"))
        .groupBy(col("value"))
        .agg(count("*"));
    const stateIs = (output: number, updated: number, total: number) =>
      AssertOnQuery((q, batches) => {
        const op = q.lastProgress!.stateOperators[0];
        expect([batches.get(q.lastProgress!.batchId)?.length, op.numRowsUpdated, op.numRowsTotal]).toEqual([
          output,
          updated,
          total,
        ]);
      });
    const updateInput = ints();
    await testStream(
      t,
      make(updateInput),
      "update",
      AddData(updateInput, 1),
      CheckLastBatch([1, 1], [2, 1]),
      stateIs(2, 2, 2),
      AddData(updateInput, 2, 3),
      CheckLastBatch([2, 2], [3, 2], [4, 1]),
      stateIs(3, 3, 4),
    );
    const completeInput = ints();
    await testStream(
      t,
      make(completeInput),
      "complete",
      AddData(completeInput, 1),
      CheckLastBatch([1, 1], [2, 1]),
      stateIs(2, 2, 2),
      AddData(completeInput, 2, 3),
      CheckLastBatch([1, 1], [2, 2], [3, 2], [4, 1]),
      stateIs(4, 3, 4),
    );
  });

  it("multiple keys", async () => {
    const inputData = ints();
    const aggregated = inputData.toDF().groupBy(col("value"), col("value").plus(1)).agg(count("*"));
    await testStream(
      t,
      aggregated,
      "update",
      AddData(inputData, 1, 2),
      CheckLastBatch([1, 2, 1], [2, 3, 1]),
      AddData(inputData, 1, 2),
      CheckLastBatch([1, 2, 2], [2, 3, 2]),
    );
  });

  it("SPARK-29438: ensure UNION doesn't lead streaming aggregation to use shifted partition IDs", async () => {
    const constructUnionDf = () => {
      const input1 = ints();
      const input2 = ints();
      const df1 = input1.toDF().select(col("value"), col("value").plus(1));
      const df2 = input2.toDF().groupBy(col("value")).agg(count("*"));
      return [input1, input2, df1.union(df2)] as const;
    };
    const checkpointLocation = "/checkpoints/spark-29438";
    const [input1, input2, unionDf] = constructUnionDf();
    await testStream(
      t,
      unionDf,
      "update",
      StartStream({}, { checkpointLocation }),
      AddData(input1, 11, 12),
      AddData(input2, 21, 22),
      CheckNewAnswer([11, 12], [12, 13], [21, 1], [22, 1]),
      StopStream,
    );
    // Restored with the same sources' data, and the aggregation's state.
    const [newInput1, newInput2, newUnionDf] = constructUnionDf();
    newInput1.addData([[11], [12]]);
    newInput2.addData([[21], [22]]);
    await testStream(
      t,
      newUnionDf,
      "update",
      StartStream({}, { checkpointLocation }),
      AddData(newInput1, 13, 14),
      AddData(newInput2, 22, 23),
      CheckNewAnswer([13, 14], [14, 15], [22, 2], [23, 1]),
    );
  });

  it("midbatch failure", async () => {
    const inputData = ints();
    let firstTime = true;
    const failOnFour = udf((i: number) => {
      if (i === 4 && firstTime) {
        firstTime = false;
        throw new Error("injected failure");
      }
      return i;
    }, "int").asNondeterministic();
    const aggregated = inputData
      .toDF()
      .select(failOnFour(col("value")).alias("value"))
      .groupBy(col("value"))
      .agg(count("*"));
    await testStream(
      t,
      aggregated,
      "update",
      StartStream(),
      AddData(inputData, 1, 2, 3, 4),
      ExpectFailure((e) => expect(e.message).toContain("injected failure")),
      StartStream(),
      CheckLastBatch([1, 1], [2, 1], [3, 1], [4, 1]),
    );
  });

  it("prune results by current_time or localtimestamp, complete mode", async () => {
    const inputDataOne = new MemoryStream(t.spark, "value BIGINT");
    const aggregatedOne = inputDataOne
      .toDF()
      .groupBy(col("value"))
      .agg(count("*"))
      .where(col("value").geq(current_timestamp().cast("long").minus(10)));
    const inputDataTwo = new MemoryStream(t.spark, "value BIGINT");
    const aggregatedTwo = inputDataTwo
      .toDF()
      .groupBy(col("value"))
      .agg(count("*"))
      .where(col("value").geq(localtimestamp().cast("timestamp").cast("long").minus(10)));
    for (const [inputData, aggregated] of [
      [inputDataOne, aggregatedOne],
      [inputDataTwo, aggregatedTwo],
    ] as const) {
      // Spark's StreamManualClock of the case, new for each query.
      const clock = new ManualClock(0);
      t.spark.clock = clock;
      const checkpointLocation = `/checkpoints/prune-current-time-${inputData === inputDataOne ? 1 : 2}`;
      await testStream(
        t,
        aggregated,
        "complete",
        StartStream({ processingTime: "10 seconds" }, { checkpointLocation }),
        // advance clock to 10 seconds, all keys retained
        AddData(inputData, 0, 5, 5, 10),
        AdvanceManualClock(10_000),
        CheckLastBatch([0, 1], [5, 2], [10, 1]),
        // advance clock to 20 seconds, should retain keys >= 10
        AddData(inputData, 15, 15, 20),
        AdvanceManualClock(10_000),
        CheckLastBatch([10, 1], [15, 2], [20, 1]),
        // advance clock to 30 seconds, should retain keys >= 20
        AddData(inputData, 0, 85),
        AdvanceManualClock(10_000),
        CheckLastBatch([20, 1], [85, 1]),
        // bounce stream and ensure correct batch timestamp is used, i.e. not the clock's, at 90 seconds
        StopStream,
        AssertOnQuery(async () => {
          // Spark's commitLog.purge(3): the commits of batches 0 to 2 are gone.
          for (const id of [0, 1, 2]) await t.spark.fs.delete(`${checkpointLocation}/commits/${id}`);
          clock.advance(60_000);
        }),
        StartStream({ processingTime: "10 seconds" }),
        // The commit log blown, causing the last batch to re-run
        CheckLastBatch([20, 1], [85, 1]),
        AssertOnQuery(() => expect(clock.getTimeMillis()).toBe(90_000)),
        // advance clock to 100 seconds, should retain keys >= 90
        AddData(inputData, 85, 90, 100, 105),
        AdvanceManualClock(10_000),
        CheckLastBatch([90, 1], [100, 1], [105, 1]),
      );
    }
  });

  it("prune results by current_date, complete mode", async () => {
    const SECONDS_PER_DAY = 86_400;
    const MILLIS_PER_DAY = SECONDS_PER_DAY * 1000;
    // Spark's TimeZone.getDefault.getID: Sluice's sessions run in UTC.
    const tz = "UTC";
    const inputData = new MemoryStream(t.spark, "value BIGINT");
    const aggregated = inputData
      .toDF()
      .select(to_utc_timestamp(from_unixtime(col("value").multiply(SECONDS_PER_DAY)), tz))
      .toDF("value")
      .groupBy(col("value"))
      .agg(count("*"))
      .where(col("value").cast("date").geq(date_sub(current_date(), 10)))
      .select(col("value").cast("long").divide(SECONDS_PER_DAY).cast("long"), col("count(1)"));
    const checkpointLocation = "/checkpoints/prune-current-date";
    await testStream(
      t,
      aggregated,
      "complete",
      StartStream({ processingTime: "10 day" }, { checkpointLocation }),
      // advance clock to 10 days, should retain all keys
      AddData(inputData, 0, 5, 5, 10),
      AdvanceManualClock(MILLIS_PER_DAY * 10),
      CheckLastBatch([0, 1], [5, 2], [10, 1]),
      // advance clock to 20 days, should retain keys >= 10
      AddData(inputData, 15, 15, 20),
      AdvanceManualClock(MILLIS_PER_DAY * 10),
      CheckLastBatch([10, 1], [15, 2], [20, 1]),
      // advance clock to 30 days, should retain keys >= 20
      AddData(inputData, 85),
      AdvanceManualClock(MILLIS_PER_DAY * 10),
      CheckLastBatch([20, 1], [85, 1]),
      // bounce stream and ensure correct batch timestamp is used, i.e. not the clock's, at 90 days
      StopStream,
      AssertOnQuery(async () => {
        // Spark's commitLog.purge(3): the commits of batches 0 to 2 are gone.
        for (const id of [0, 1, 2]) await t.spark.fs.delete(`${checkpointLocation}/commits/${id}`);
        // advance by 60 days i.e., 90 days total
        clock.advance(MILLIS_PER_DAY * 60);
      }),
      StartStream({ processingTime: "10 day" }),
      // Commit log blown, causing a re-run of the last batch
      CheckLastBatch([20, 1], [85, 1]),
      // advance clock to 100 days, should retain keys >= 90
      AddData(inputData, 85, 90, 100, 105),
      AdvanceManualClock(MILLIS_PER_DAY * 10),
      CheckLastBatch([90, 1], [100, 1], [105, 1]),
    );
  });

  it("SPARK-19690: do not convert batch aggregation in streaming query to streaming", async () => {
    const streamInput = ints();
    const batchDF = t.spark
      .createDataFrame([[1], [2], [3], [4], [5]], "value INT")
      .withColumn("parity", col("value").mod(2))
      .groupBy(col("parity"))
      .agg(count("*").alias("joinValue"));
    const joinDF = streamInput.toDF().join(batchDF, col("value").equalTo(col("parity")));
    await testStream(
      t,
      joinDF,
      "append",
      AddData(streamInput, 0, 1, 2, 3),
      CheckLastBatch([0, 0, 2], [1, 1, 3]),
      AddData(streamInput, 0, 1, 2, 3),
      CheckLastBatch([0, 0, 2], [1, 1, 3]),
    );
  });

  it("SPARK-21977: coalesce(1) with 0 partition RDD should be repartitioned to 1", async () => {
    const inputSource = new MemoryStream(t.spark, "a INT");
    const aggregated = inputSource.toDF().coalesce(1).groupBy().count();
    await testStream(
      t,
      aggregated,
      "complete",
      AddData(inputSource, 1),
      CheckLastBatch([1]),
      AddData(inputSource), // create an empty trigger
      CheckLastBatch([1]),
      AddData(inputSource, 2, 3),
      CheckLastBatch([3]),
      AddData(inputSource),
      CheckLastBatch([3]),
      StopStream,
    );
  });

  it("SPARK-21977: coalesce(1) with aggregation should still be repartitioned when it has non-empty grouping keys", async () => {
    const inputSource = new MemoryStream(t.spark, "a INT");
    const checkpointLocation = "/checkpoints/spark-21977-keys";
    const createDf = (partitions: number) =>
      inputSource.toDF().coalesce(partitions).groupBy(col("a").mod(1)).count();
    await testStream(
      t,
      createDf(1),
      "complete",
      StartStream({}, { checkpointLocation }),
      AddData(inputSource, 1),
      CheckLastBatch([0, 1]),
      StopStream,
    );
    await testStream(
      t,
      createDf(2),
      "complete",
      StartStream({}, { checkpointLocation }),
      AssertOnQuery((q) => q.processAllAvailable()),
      AddData(inputSource, 2),
      AddData(inputSource, 3),
      AddData(inputSource, 4),
      CheckLastBatch([0, 4]),
      AddData(inputSource),
      CheckLastBatch([0, 4]),
      StopStream,
    );
  });

  it("SPARK-22230: last should change with new batches", async () => {
    const input = ints();
    const aggregated = input.toDF().agg(last(col("value")));
    await testStream(
      t,
      aggregated,
      "complete",
      AddData(input, 1, 2, 3),
      CheckLastBatch([3]),
      AddData(input, 4, 5, 6),
      CheckLastBatch([6]),
      AddData(input),
      CheckLastBatch([6]),
      AddData(input, 0),
      CheckLastBatch([0]),
    );
  });

  it("SPARK-23004: Ensure that TypedImperativeAggregate functions do not throw errors", async () => {
    const input = ints();
    const df = input
      .toDF()
      .toDF("value")
      .selectExpr("value as group", "value")
      .groupBy("group")
      .agg(collect_list("value"));
    const values = Array.from({ length: 128 }, (_, i) => i + 1);
    await testStream(
      t,
      df,
      "update",
      AddData(input, ...values),
      CheckLastBatch(...values.map((v) => [v, [v]])),
    );
  });

  it("changing schema of state when restarting query", async () => {
    const checkpoint = "/checkpoints/changing-schema";
    const run = (input: MemoryStream, third: Column) =>
      input
        .toDF()
        .selectExpr("value % 10 AS id", "value")
        .groupBy(col("id"))
        .agg(sum("value").alias("sum_value"), avg("value").alias("avg_value"), third)
        .writeStream.outputMode("update")
        .format("noop")
        .option("checkpointLocation", checkpoint)
        .start();
    const inputData = ints();
    inputData.addData([[1], [11]]);
    const first = await run(inputData, max("value").alias("max_value"));
    await first.processAllAvailable();
    expect(first.lastProgress?.stateOperators[0].numRowsTotal).toBe(1);
    await first.stop();

    const inputData2 = ints();
    inputData2.addData([[1], [11]]);
    inputData2.addData([[21]]);
    const second = await run(inputData2, collect_list("value").alias("values"));
    const failure = await second.awaitTermination().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failure?.name).toBe("StreamingQueryException");
    const cause = (failure as Error & { cause: SparkError }).cause;
    expect(cause.getCondition()).toBe("STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE");
    expect(cause.message).toContain("Provided value schema does not match existing state value schema");
    // The batch was planned (its offsets written) and failed before committing.
    expect(await t.spark.fs.stat(`${checkpoint}/offsets/1`)).toBeTruthy();
    expect(await t.spark.fs.stat(`${checkpoint}/commits/1`)).toBeFalsy();
  });

  it("changing schema of state when restarting query - schema check off", async () => {
    t.spark.conf.set("spark.sql.streaming.stateStore.stateSchemaCheck", "false");
    const checkpoint = "/checkpoints/changing-schema-off";
    const run = (input: MemoryStream, third: Column) =>
      input
        .toDF()
        .selectExpr("value % 10 AS id", "value")
        .groupBy(col("id"))
        .agg(sum("value").alias("sum_value"), avg("value").alias("avg_value"), third)
        .writeStream.outputMode("update")
        .format("noop")
        .option("checkpointLocation", checkpoint)
        .start();
    const inputData = ints();
    inputData.addData([[1], [11]]);
    const first = await run(inputData, max("value").alias("max_value"));
    await first.processAllAvailable();
    await first.stop();
    // Without the check the query fails elsewhere, but not with the schema check's error.
    const inputData2 = ints();
    inputData2.addData([[1], [11]]);
    inputData2.addData([[21]]);
    const failure = await run(inputData2, collect_list("value").alias("values"))
      .then(
        (q) => q.awaitTermination().then(() => undefined),
        (e: Error) => e,
      )
      .catch((e: Error) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(String(failure)).not.toContain("STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE");
  });

  it("SPARK-35896: metrics in StateOperatorProgress are output correctly", async () => {
    const shufflePartitions = { additionalConfs: { "spark.sql.shuffle.partitions": "3" } };
    const operator = { operatorName: "stateStoreSave", numShufflePartitions: 3, numStateStoreInstances: 3 };
    const counted = (input: MemoryStream) => input.toDF().groupBy(col("value")).agg(count("*"));
    const updateInput = ints();
    await testStream(
      t,
      counted(updateInput),
      "update",
      StartStream({}, shufflePartitions),
      AddData(updateInput, 3, 2, 1, 3),
      CheckLastBatch([3, 2], [2, 1], [1, 1]),
      assertNumStateRows({ total: 3, updated: 3, droppedByWatermark: 0, removed: 0 }),
      AddData(updateInput, 1, 4),
      CheckLastBatch([1, 2], [4, 1]),
      assertStateOperatorProgressMetric(operator),
    );
    const completeInput = ints();
    await testStream(
      t,
      counted(completeInput),
      "complete",
      StartStream({}, shufflePartitions),
      AddData(completeInput, 3, 2, 1, 3),
      CheckLastBatch([3, 2], [2, 1], [1, 1]),
      assertNumStateRows({ total: 3, updated: 3, droppedByWatermark: 0, removed: 0 }),
      AddData(completeInput, 1, 4),
      CheckLastBatch([3, 2], [2, 1], [1, 2], [4, 1]),
      assertStateOperatorProgressMetric(operator),
    );
    // with watermark and append output mode
    const appendInput = ints();
    const aggWithWatermark = appendInput
      .toDF()
      .withColumn("eventTime", timestamp_seconds(col("value")))
      .withWatermark("eventTime", "10 seconds")
      .groupBy(window(col("eventTime"), "5 seconds").alias("window"))
      .agg(count("*").alias("count"))
      .select(col("window").getField("start").cast("long"), col("count"));
    await testStream(
      t,
      aggWithWatermark,
      "append",
      StartStream({}, shufflePartitions),
      AddData(appendInput, 3, 2, 1, 9),
      CheckLastBatch(),
      assertStateOperatorProgressMetric(operator),
      AddData(appendInput, 25), // Advance watermark to 15 secs, no-data-batch drops rows <= 15
      CheckLastBatch([0, 3], [5, 1]),
      assertNumStateRows({ total: 1, updated: 1, droppedByWatermark: 0, removed: 2 }),
    );
  });
});

/** `array(x, x + 1)`: Spark's `flatMap(x => Seq(x, x + 1))` as a column to explode. */
function expandPair(c: Column): Column {
  return array(c, c.plus(lit(1)));
}
