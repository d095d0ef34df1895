/**
 * Cases of Spark's StreamSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named as there, with
 * Spark's inputs and expected answers. Spark's `explain` case is StreamingQueryExplain.test.ts.
 *
 * Not ported: the cases about Spark's physical plan and JVM (extraStrategies, StreamingLocalLimitExec against
 * LocalLimitExec, TaskContext properties, thread interrupts, Py4J errors, codegen, SparkSession of an executor),
 * continuous processing, and custom JVM sources and state store provider classes.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../../sources/MemoryStream";
import { col } from "../../../sql/api/functions";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import { AddData, CheckAnswer, StartStream, StopStream, testStream } from "../../../testing/testStream";

describe("StreamSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());
  const ints = () => new MemoryStream(t.spark, "value INT");
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const rows = (values: number[]) => values.map((v) => [v]);

  it("map with recovery", async () => {
    const inputData = ints();
    await testStream(
      t,
      inputData.toDF().selectExpr("value + 1"),
      "append",
      AddData(inputData, 1, 2, 3),
      StartStream(),
      CheckAnswer([2], [3], [4]),
      StopStream,
      AddData(inputData, 4, 5, 6),
      StartStream(),
      CheckAnswer([2], [3], [4], [5], [6], [7]),
    );
  });

  it("join", async () => {
    // Make a table and ensure it will be broadcast.
    const smallTable = t.spark.createDataFrame(
      [
        [1, "one"],
        [2, "two"],
        [4, "four"],
      ],
      "number INT, word STRING",
    );
    // Join the input stream with a table.
    const inputData = ints();
    const joined = inputData.toDF().join(smallTable, col("value").equalTo(col("number")));
    await testStream(
      t,
      joined,
      "append",
      AddData(inputData, 1, 2, 3),
      CheckAnswer([1, 1, "one"], [2, 2, "two"]),
      AddData(inputData, 4),
      CheckAnswer([1, 1, "one"], [2, 2, "two"], [4, 4, "four"]),
    );
  });

  it("union two streams", async () => {
    const inputData1 = ints();
    const inputData2 = ints();
    await testStream(
      t,
      inputData1.toDF().union(inputData2.toDF()),
      "append",
      AddData(inputData1, 1, 3, 5),
      CheckAnswer([1], [3], [5]),
      AddData(inputData2, 2, 4, 6),
      CheckAnswer([1], [2], [3], [4], [5], [6]),
      StopStream,
      AddData(inputData1, 7),
      StartStream(),
      AddData(inputData2, 8),
      CheckAnswer([1], [2], [3], [4], [5], [6], [7], [8]),
    );
  });

  it("sql queries", async () => {
    const inputData = ints();
    inputData.toDF().createOrReplaceTempView("stream");
    const evens = t.spark.sql("SELECT * FROM stream WHERE value % 2 = 0");
    await testStream(t, evens, "append", AddData(inputData, 1, 2, 3, 4), CheckAnswer([2], [4]));
  });

  it("custom state store provider read from offset log", async () => {
    const input = ints();
    const df = input.toDF().groupBy().count();
    const providerConf1 = "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider";
    // Spark's TestStateStoreProvider fails when it is created; so does a class that is no provider.
    const providerConf2 = "java.lang.Object";
    const runQuery = async (queryName: string, checkpointLoc: string) => {
      const query = await df.writeStream
        .outputMode("complete")
        .format("memory")
        .queryName(queryName)
        .option("checkpointLocation", checkpointLoc)
        .start();
      input.addData([[1], [2], [3]]);
      try {
        await query.processAllAvailable();
      } finally {
        await query.stop();
      }
    };
    const key = "spark.sql.streaming.stateStore.providerClass";
    t.spark.conf.set(key, providerConf1);
    await runQuery("query1", "/checkpoints/provider/1"); // generate checkpoints
    t.spark.conf.set(key, providerConf2);
    // Verify new query will use new provider that throw error on loading
    const error = await runQuery("query2", "/checkpoints/provider/2").then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe("StreamingQueryException");
    // Verify old query from checkpoint will still use old provider
    await runQuery("query1", "/checkpoints/provider/1");
    expect(t.spark.conf.get(key)).toBe(providerConf2);
  });

  it("streaming limit without state", async () => {
    const inputData1 = ints();
    await testStream(
      t,
      inputData1.toDF().limit(0),
      "append",
      AddData(inputData1, ...range(1, 8)),
      CheckAnswer(),
    );
    const inputData2 = ints();
    await testStream(
      t,
      inputData2.toDF().limit(4),
      "append",
      AddData(inputData2, ...range(1, 8)),
      CheckAnswer(...rows(range(1, 4))),
    );
  });

  it("streaming limit with state", async () => {
    const inputData = ints();
    await testStream(
      t,
      inputData.toDF().limit(4),
      "append",
      AddData(inputData, ...range(1, 2)),
      CheckAnswer(...rows(range(1, 2))),
      AddData(inputData, ...range(3, 6)),
      CheckAnswer(...rows(range(1, 4))),
      AddData(inputData, ...range(7, 9)),
      CheckAnswer(...rows(range(1, 4))),
    );
  });

  it("streaming limit with other operators", async () => {
    const inputData = ints();
    await testStream(
      t,
      inputData.toDF().where("value % 2 = 1").limit(4),
      "append",
      AddData(inputData, ...range(1, 5)),
      CheckAnswer([1], [3], [5]),
      AddData(inputData, ...range(6, 9)),
      CheckAnswer([1], [3], [5], [7]),
      AddData(inputData, ...range(10, 12)),
      CheckAnswer([1], [3], [5], [7]),
    );
  });

  it("streaming limit with multiple limits", async () => {
    const inputData1 = ints();
    await testStream(
      t,
      inputData1.toDF().limit(4).limit(2),
      "append",
      AddData(inputData1, 1),
      CheckAnswer([1]),
      AddData(inputData1, ...range(2, 8)),
      CheckAnswer([1], [2]),
    );
    const inputData2 = ints();
    await testStream(
      t,
      inputData2.toDF().limit(4).limit(100).limit(3),
      "append",
      AddData(inputData2, 1, 2),
      CheckAnswer([1], [2]),
      AddData(inputData2, ...range(3, 8)),
      CheckAnswer(...rows(range(1, 3))),
    );
  });

  it("SPARK-30658: streaming limit before agg in complete mode", async () => {
    const inputData = ints();
    await testStream(
      t,
      inputData.toDF().limit(5).groupBy("value").count(),
      "complete",
      AddData(inputData, ...range(1, 3)),
      CheckAnswer([1, 1], [2, 1], [3, 1]),
      AddData(inputData, ...range(1, 9)),
      CheckAnswer([1, 2], [2, 2], [3, 1]),
    );
  });

  it("SPARK-30658: streaming limits before and after agg in complete mode (after limit < before limit)", async () => {
    t.spark.conf.set("spark.sql.shuffle.partitions", "1");
    const inputData = ints();
    await testStream(
      t,
      inputData.toDF().limit(4).groupBy("value").count().orderBy("value").limit(3),
      "complete",
      AddData(inputData, ...range(1, 9)),
      // only 1 to 4 should be allowed to aggregate, and counts for only 1 to 3 should be output
      CheckAnswer([1, 1], [2, 1], [3, 1]),
      AddData(inputData, ...range(2, 6)),
      // None of the new values should be allowed to aggregate, same 3 counts should be output
      CheckAnswer([1, 1], [2, 1], [3, 1]),
    );
  });

  it("SPARK-30658: streaming limits before and after agg in complete mode (before limit < after limit)", async () => {
    t.spark.conf.set("spark.sql.shuffle.partitions", "1");
    const inputData = ints();
    await testStream(
      t,
      inputData.toDF().limit(2).groupBy("value").count().orderBy("value").limit(3),
      "complete",
      AddData(inputData, ...range(1, 9)),
      CheckAnswer([1, 1], [2, 1]),
      AddData(inputData, ...range(2, 6)),
      CheckAnswer([1, 1], [2, 1]),
    );
  });

  it("SPARK-30657: streaming limit after streaming dedup in append mode", async () => {
    const inputData = ints();
    await testStream(
      t,
      inputData.toDF().dropDuplicates().limit(1),
      "append",
      AddData(inputData, 1, 2),
      CheckAnswer([1]),
      AddData(inputData, 3, 4),
      CheckAnswer([1]),
    );
  });

  it("streaming limit in update mode", async () => {
    const inputData = ints();
    const error = await testStream(
      t,
      inputData.toDF().limit(5),
      "update",
      AddData(inputData, ...range(1, 3)),
    ).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe("AnalysisException");
    expect(error?.message).toContain(
      "Limits are not supported on streaming DataFrames/Datasets in Update output mode",
    );
  });

  it("streaming limit in multiple partitions", async () => {
    const inputData = ints();
    const check = async () => {
      const all = (await t.spark.sql("SELECT * FROM limit_partitions").collect()).map((r) => Number(r.value));
      expect(all).toHaveLength(7);
      expect(all.every((v) => v <= 10)).toBe(true);
    };
    const q = await inputData
      .toDF()
      .repartition(2)
      .limit(7)
      .writeStream.format("memory")
      .queryName("limit_partitions")
      .start();
    try {
      inputData.addData(rows(range(1, 10)));
      await q.processAllAvailable();
      await check();
      inputData.addData(rows(range(11, 20)));
      await q.processAllAvailable();
      await check();
    } finally {
      await q.stop();
    }
  });

  it("SPARK-30657: streaming limit should not apply on limits on state subplans", async () => {
    const streamData = ints();
    const streamingDF = streamData.toDF().toDF("value");
    const staticDF = t.spark.createDataFrame([[1]], "value INT").orderBy("value");
    await testStream(
      t,
      streamingDF.join(staticDF.limit(1), "value"),
      "append",
      AddData(streamData, 1, 2, 3),
      CheckAnswer([1]),
      AddData(streamData, 1, 3, 5),
      CheckAnswer([1], [1]),
    );
  });
});
