/**
 * Cases of Spark's StreamingAggregationSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named
 * as there, with Spark's inputs and expected answers. `MemoryStream[Int]` is a stream of one INT column `value`.
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
  current_timestamp,
  explode,
  last,
  lit,
  max,
  size,
  sum,
  timestamp_seconds,
  udf,
  window,
} from "../../../sql/api/functions";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddData,
  AdvanceManualClock,
  AssertOnQuery,
  CheckAnswer,
  CheckLastBatch,
  CheckLastBatchSorted,
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
    const state = (updated: number, total: number, output: number) =>
      AssertOnQuery((q) => {
        const p = lastExecuted(q);
        expect([p.stateOperators[0].numRowsUpdated, p.stateOperators[0].numRowsTotal]).toEqual([
          updated,
          total,
        ]);
        expect(p.sink.numOutputRows).toBe(output);
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
      AssertOnQuery((q) => {
        const op = q.lastProgress!.stateOperators[0];
        expect([q.lastProgress!.sink.numOutputRows, op.numRowsUpdated, op.numRowsTotal]).toEqual([
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
    const input1 = ints();
    const input2 = ints();
    const unionDf = input1
      .toDF()
      .select(col("value"), col("value").plus(1))
      .union(input2.toDF().groupBy(col("value")).agg(count("*")));
    await testStream(
      t,
      unionDf,
      "update",
      AddData(input1, 11, 12),
      AddData(input2, 21, 22),
      CheckAnswer([11, 12], [12, 13], [21, 1], [22, 1]),
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

  it("prune results by current_time, complete mode", async () => {
    const inputData = new MemoryStream(t.spark, "value BIGINT");
    const aggregated = inputData
      .toDF()
      .groupBy(col("value"))
      .agg(count("*"))
      .where(col("value").geq(current_timestamp().cast("long").minus(10)));
    await testStream(
      t,
      aggregated,
      "complete",
      StartStream({ processingTime: "10 seconds" }),
      AddData(inputData, 0, 5, 5, 10),
      AdvanceManualClock(10_000),
      CheckLastBatch([0, 1], [5, 2], [10, 1]),
      AddData(inputData, 15, 15, 20),
      AdvanceManualClock(10_000),
      CheckLastBatch([10, 1], [15, 2], [20, 1]),
      AddData(inputData, 0, 85),
      AdvanceManualClock(10_000),
      CheckLastBatch([20, 1], [85, 1]),
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
});

/** `array(x, x + 1)`: Spark's `flatMap(x => Seq(x, x + 1))` as a column to explode. */
function expandPair(c: Column): Column {
  return array(c, c.plus(lit(1)));
}
