/**
 * Cases of Spark's StreamingInnerJoinSuite (in sql/core/src/test/scala/org/apache/spark/sql/streaming/
 * StreamingJoinSuite.scala), each named as there, with Spark's inputs and expected
 * answers; the setups shared with the full outer and left semi suites are StreamingJoinSuiteBase's.
 * `MemoryStream[(Int, Int)]` is columns `_1`, `_2`.
 *
 * Not ported:
 * - "locality preferences of StateStoreAwareZippedRDD": the preferred executors of an RDD's partitions.
 * - "SPARK-26187 restore the stream-stream inner join query from Spark 2.4": it reads a checkpoint of Spark 2.4
 *   from Spark's test resources (state store files of the JVM's format) and asserts its state format version.
 * - The four SPARK-51779 cases ("Verify StateSchemaV3 writes correct key and value schemas for join operator",
 *   "Restart streaming join query with virtual column families", "Join query using virtual column families with
 *   HDFS should fail", "Restart the join query and changing state format versions should reuse the version from
 *   offset log"): they run only under join state format version 3, RocksDB's virtual column families, and check
 *   its schema files, its `rocksdbNumInternalColFamiliesKeys` metric or the HDFS provider's refusal; Sluice has one
 *   state format and one state store.
 * The SPARK-48687 cases restore a checkpoint of Spark 3.5.1 the same way; they are ported on a checkpoint that
 * Sluice writes first with the query and the rows Spark's was written with.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SparkError } from "../../../errors/exceptions";
import { MemoryStream } from "../../../sources/MemoryStream";
import type { DataFrame } from "../../../sql/api/DataFrame";
import { col, expr, timestamp_seconds, window } from "../../../sql/api/functions";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddData,
  assertNumStateRows,
  assertStateOperatorProgressMetric,
  CheckAnswer,
  CheckNewAnswer,
  StartStream,
  StopStream,
  testStream,
} from "../../../testing/testStream";
import { rangeSides } from "./StreamingJoinSuiteBase";

describe("StreamingInnerJoinSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());
  const ints = () => new MemoryStream(t.spark, "value INT");

  it("stream stream inner join on non-time column", async () => {
    const input1 = ints();
    const input2 = ints();
    const df1 = input1.toDF().select(col("value").alias("key"), col("value").multiply(2).alias("leftValue"));
    const df2 = input2.toDF().select(col("value").alias("key"), col("value").multiply(3).alias("rightValue"));
    await testStream(
      t,
      df1.join(df2, "key"),
      "append",
      AddData(input1, 1),
      CheckAnswer(),
      AddData(input2, 1, 10), // 1 arrived on input1 first, then input2, should join
      CheckNewAnswer([1, 2, 3]),
      AddData(input1, 10), // 10 arrived on input2 first, then input1, should join
      CheckNewAnswer([10, 20, 30]),
      AddData(input2, 1), // another 1 in input2 should join with 1 input1
      CheckNewAnswer([1, 2, 3]),
      StopStream,
      StartStream(),
      AddData(input1, 1), // multiple 1s should be kept in state causing multiple (1, 2, 3)
      CheckNewAnswer([1, 2, 3], [1, 2, 3]),
      StopStream,
      StartStream(),
      AddData(input1, 100),
      AddData(input2, 100),
      CheckNewAnswer([100, 200, 300]),
    );
  });

  /** The windowed join of the inner suite: a watermark on the left only where asked. */
  const windowedInner = (input1: MemoryStream, input2: MemoryStream, leftWatermark: boolean) => {
    const left = input1
      .toDF()
      .select(
        col("value").alias("key"),
        timestamp_seconds(col("value")).alias("timestamp"),
        col("value").multiply(2).alias("leftValue"),
      );
    const df1 = (leftWatermark ? left.withWatermark("timestamp", "10 seconds") : left).select(
      col("key"),
      window(col("timestamp"), "10 second"),
      col("leftValue"),
    );
    const df2 = input2
      .toDF()
      .select(
        col("value").alias("key"),
        timestamp_seconds(col("value")).alias("timestamp"),
        col("value").multiply(3).alias("rightValue"),
      )
      .select(col("key"), window(col("timestamp"), "10 second"), col("rightValue"));
    return df1
      .join(df2, ["key", "window"])
      .select(col("key"), col("window.end").cast("long"), col("leftValue"), col("rightValue"));
  };

  it("stream stream inner join on windows - without watermark", async () => {
    const input1 = ints();
    const input2 = ints();
    await testStream(
      t,
      windowedInner(input1, input2, false),
      "append",
      AddData(input1, 1),
      CheckNewAnswer(),
      AddData(input2, 1),
      CheckNewAnswer([1, 10, 2, 3]),
      StopStream,
      StartStream(),
      AddData(input1, 25),
      CheckNewAnswer(),
      StopStream,
      StartStream(),
      AddData(input2, 25),
      CheckNewAnswer([25, 30, 50, 75]),
      AddData(input1, 1),
      CheckNewAnswer([1, 10, 2, 3]), // State for 1 still around as there is no watermark
      StopStream,
      StartStream(),
      AddData(input1, 5),
      CheckNewAnswer(),
      AddData(input2, 5),
      CheckNewAnswer([5, 10, 10, 15]), // No filter by any watermark
    );
  });

  it("stream stream inner join on windows - with watermark", async () => {
    const input1 = ints();
    const input2 = ints();
    await testStream(
      t,
      windowedInner(input1, input2, true),
      "append",
      AddData(input1, 1),
      CheckAnswer(),
      assertNumStateRows({ total: 1, updated: 1 }),
      AddData(input2, 1),
      CheckAnswer([1, 10, 2, 3]),
      assertNumStateRows({ total: 2, updated: 1 }),
      StopStream,
      StartStream(),
      AddData(input1, 25),
      CheckNewAnswer(), // watermark = 15, no-data-batch should remove 2 rows having window=[0,10]
      assertNumStateRows({ total: 1, updated: 1 }),
      AddData(input2, 25),
      CheckNewAnswer([25, 30, 50, 75]),
      assertNumStateRows({ total: 2, updated: 1 }),
      StopStream,
      StartStream(),
      AddData(input2, 1),
      CheckNewAnswer(), // Should not join as < 15 removed
      assertNumStateRows({ total: 2, updated: 0 }), // row not add as 1 < state key watermark = 15
      AddData(input1, 5),
      CheckNewAnswer(), // Same reason as above
      assertNumStateRows({ total: 2, updated: 0, droppedByWatermark: 1 }),
    );
  });

  it("stream stream inner join with time range - with watermark - one side condition", async () => {
    const { leftInput, rightInput, df1, df2 } = rangeSides(t.spark, "10 seconds", "10 seconds");
    const joined = df1
      .join(df2, expr("leftKey = rightKey AND leftTime < rightTime - interval 5 seconds"))
      .select(col("leftKey"), col("leftTime").cast("int"), col("rightTime").cast("int"));
    await testStream(
      t,
      joined,
      "append",
      AddData(leftInput, [1, 5]),
      CheckAnswer(),
      AddData(rightInput, [1, 11]),
      CheckNewAnswer([1, 5, 11]),
      AddData(rightInput, [1, 10]),
      CheckNewAnswer(), // no match as leftTime 5 is not < rightTime 10 - 5
      assertNumStateRows({ total: 3, updated: 3 }),
      // Increase event time watermark to 20s by adding data with time = 30s on both inputs
      AddData(leftInput, [1, 3], [1, 30]),
      CheckNewAnswer([1, 3, 10], [1, 3, 11]),
      assertNumStateRows({ total: 5, updated: 2 }),
      AddData(rightInput, [0, 30]),
      CheckNewAnswer(),
      // right state where rightTime <= 25 will be cleared, (1, 11) and (1, 10) removed
      assertNumStateRows({ total: 4, updated: 1 }),
      AddData(rightInput, [1, 20], [1, 21], [1, 28]),
      CheckNewAnswer([1, 3, 21], [1, 5, 21], [1, 3, 28], [1, 5, 28]),
      assertNumStateRows({ total: 5, updated: 1, droppedByWatermark: 1 }),
      // New data to left input with leftTime <= 20 should be filtered due to event time watermark
      AddData(leftInput, [1, 20], [1, 21]),
      CheckNewAnswer([1, 21, 28]),
      assertNumStateRows({ total: 6, updated: 1, droppedByWatermark: 1 }),
    );
  });

  it("stream stream inner join with time range - with watermark - two side conditions", async () => {
    const { leftInput, rightInput, df1, df2 } = rangeSides(t.spark, "20 seconds", "30 seconds");
    const condition = expr(
      "leftKey = rightKey AND leftTime BETWEEN rightTime - interval 10 seconds AND rightTime + interval 5 seconds",
    );
    const joined = df1
      .join(df2, condition)
      .select(col("leftKey"), col("leftTime").cast("int"), col("rightTime").cast("int"));
    await testStream(
      t,
      joined,
      "append",
      // If leftTime = 20, then it match only with rightTime = [15, 30]
      AddData(leftInput, [1, 20]),
      CheckAnswer(),
      AddData(rightInput, [1, 14], [1, 15], [1, 25], [1, 26], [1, 30], [1, 31]),
      CheckNewAnswer([1, 20, 15], [1, 20, 25], [1, 20, 26], [1, 20, 30]),
      assertNumStateRows({ total: 7, updated: 7 }),
      // If rightTime = 60, then it matches only leftTime = [50, 65]
      AddData(rightInput, [1, 60]),
      CheckNewAnswer(), // matches with nothing on the left
      AddData(leftInput, [1, 49], [1, 50], [1, 65], [1, 66]),
      CheckNewAnswer([1, 50, 60], [1, 65, 60]),
      assertNumStateRows({ total: 10, updated: 5 }), // 12 - 2 removed
      AddData(leftInput, [1, 30], [1, 31]), // 30 should not be processed or added to state
      CheckNewAnswer([1, 31, 26], [1, 31, 30], [1, 31, 31]),
      assertNumStateRows({ total: 11, updated: 1, droppedByWatermark: 1 }), // only 31 added
      // Advance the watermark
      AddData(rightInput, [1, 80]),
      CheckNewAnswer(),
      assertNumStateRows({ total: 6, updated: 1 }), // 12 - 6 removed
      AddData(rightInput, [1, 46], [1, 50]), // 46 should not be processed or added to state
      CheckNewAnswer([1, 49, 50], [1, 50, 50]),
      assertNumStateRows({ total: 7, updated: 1, droppedByWatermark: 1 }), // 50 added
    );
  });

  it("stream stream inner join without equality predicate", async () => {
    const input1 = ints();
    const input2 = ints();
    const df1 = input1
      .toDF()
      .select(col("value").alias("leftKey"), col("value").multiply(2).alias("leftValue"));
    const df2 = input2
      .toDF()
      .select(col("value").alias("rightKey"), col("value").multiply(3).alias("rightValue"));
    const joined = df1.join(df2, expr("leftKey < rightKey"));
    const error = await (async () => {
      const q = await joined.writeStream.format("memory").queryName("test").start();
      input1.addData([[1]]);
      await q.awaitTermination(10000);
    })().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(String(error)).toContain("Stream-stream join without equality predicate is not supported");
  });

  it("stream stream self join", async () => {
    const input = ints();
    const df = input.toDF();
    const join = df
      .select(col("value").mod(5).alias("key"), col("value"))
      .join(df.select(col("value").mod(5).alias("key"), col("value")), "key");
    await testStream(
      t,
      join,
      "append",
      AddData(input, 1, 2),
      CheckAnswer([1, 1, 1], [2, 2, 2]),
      StopStream,
      StartStream(),
      AddData(input, 3, 6),
      CheckAnswer([3, 3, 3], [1, 1, 1], [1, 1, 6], [2, 2, 2], [1, 6, 1], [1, 6, 6]),
    );
  });

  it("join between three streams", async () => {
    const input1 = ints();
    const input2 = ints();
    const input3 = ints();
    const df1 = input1
      .toDF()
      .select(col("value").alias("leftKey"), col("value").multiply(2).alias("leftValue"));
    const df2 = input2
      .toDF()
      .select(col("value").alias("middleKey"), col("value").multiply(3).alias("middleValue"));
    const df3 = input3
      .toDF()
      .select(col("value").alias("rightKey"), col("value").multiply(5).alias("rightValue"));
    const joined = df1.join(df2, expr("leftKey = middleKey")).join(df3, expr("rightKey = middleKey"));
    await testStream(
      t,
      joined,
      "append",
      AddData(input1, 1, 5),
      AddData(input2, 1, 5, 10),
      AddData(input3, 5, 10),
      CheckNewAnswer([5, 10, 5, 15, 5, 25]),
    );
  });

  it("streaming join should require StatefulOpClusteredDistribution from children", async () => {
    const input1 = ints();
    const input2 = ints();
    const df1 = input1.toDF().select(col("value").alias("a"), col("value").multiply(2).alias("b"));
    const df2 = input2
      .toDF()
      .select(col("value").alias("a"), col("value").multiply(2).alias("b"))
      .repartition(col("b"));
    const joined = df1.join(df2, ["a", "b"]).select(col("a"));
    const values = Array.from({ length: 1000 }, (_, i) => i + 1);
    await testStream(
      t,
      joined,
      "append",
      AddData(input1, ...values),
      AddData(input2, ...values),
      CheckAnswer(...values.map((v) => [v])),
    );
  });

  /**
   * SPARK-48687's query: a stream of (id, seconds[, name]) joined with its even rows within 5 seconds, the names in
   * the join key or in the output where asked. Spark restores it from a checkpoint of Spark 3.5.1 written by the
   * query without names over the rows 1 to 5; here that checkpoint is written by Sluice first, with the same rows.
   */
  const namedSelfJoin = (input: MemoryStream, names: "none" | "key" | "value") => {
    const withNames = names !== "none";
    const df = input
      .toDF()
      .select(
        col("_1").alias("value"),
        timestamp_seconds(col("_2")).alias("timestamp"),
        ...(withNames ? [col("_3").alias("name")] : []),
      );
    const leftStream = df.select(
      col("value").alias("leftId"),
      col("timestamp").alias("leftTime"),
      ...(withNames ? [col("name").alias("leftName")] : []),
    );
    const rightStream = df
      .where(col("value").mod(2).equalTo(0))
      .select(
        col("value").alias("rightId"),
        col("timestamp").alias("rightTime"),
        ...(withNames ? [col("name").alias("rightName")] : []),
      );
    const nameKey = names === "key" ? " AND leftName = rightName" : "";
    return leftStream
      .withWatermark("leftTime", "5 seconds")
      .join(
        rightStream.withWatermark("rightTime", "5 seconds"),
        expr(
          `rightId = leftId${nameKey} AND rightTime >= leftTime AND rightTime <= leftTime + interval 5 seconds`,
        ),
        "inner",
      )
      .select(
        col("leftId"),
        col("leftTime").cast("int"),
        ...(withNames ? [col("leftName")] : []),
        col("rightId"),
        col("rightTime").cast("int"),
        ...(withNames ? [col("rightName")] : []),
      );
  };

  /** Runs SPARK-48687's restore: the checkpoint of the query without names, then `names`' query on it. */
  const restoreWithNames = async (names: "key" | "value") => {
    const checkpoint = `/checkpoints/spark-48687-${names}`;
    const start = (df: DataFrame) =>
      df.writeStream.format("noop").option("checkpointLocation", checkpoint).start();
    const original = new MemoryStream(t.spark, "_1 INT, _2 BIGINT");
    original.addData([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
      [5, 5],
    ]);
    const first = await start(namedSelfJoin(original, "none"));
    await first.processAllAvailable();
    // left: (2, 2), (4, 4) (the odd ones filtered, as Spark infers `leftId % 2 = 0`); right: (2, 2), (4, 4)
    expect(first.lastProgress?.stateOperators[0].numRowsTotal).toBe(4);
    await first.stop();

    const inputStream = new MemoryStream(t.spark, "_1 INT, _2 BIGINT, _3 STRING");
    inputStream.addData([
      [1, 1, "a"],
      [2, 2, "b"],
      [3, 3, "c"],
      [4, 4, "d"],
      [5, 5, "e"],
    ]);
    const second = await start(namedSelfJoin(inputStream, names));
    inputStream.addData([
      [6, 6, "a"],
      [7, 7, "a"],
      [8, 8, "a"],
      [9, 9, "a"],
      [10, 10, "a"],
    ]);
    const failure = await second.awaitTermination().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failure?.name).toBe("StreamingQueryException");
    return (failure as Error & { cause: SparkError }).cause;
  };

  it("SPARK-48687 - restore the stream-stream inner join query from Spark 3.5 and changing the join condition (key schema) should fail the query", async () => {
    const cause = await restoreWithNames("key");
    expect(cause.getCondition()).toBe("STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE");
    expect(Object.keys(cause.getMessageParameters()).sort()).toEqual(["newKeySchema", "storedKeySchema"]);
  });

  it("SPARK-48687 - restore the stream-stream inner join query from Spark 3.5 and changing the value schema should fail the query", async () => {
    const cause = await restoreWithNames("value");
    expect(cause.getCondition()).toBe("STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE");
    expect(Object.keys(cause.getMessageParameters()).sort()).toEqual(["newValueSchema", "storedValueSchema"]);
  });

  it("SPARK-35896: metrics in StateOperatorProgress are output correctly", async () => {
    t.spark.conf.set("spark.sql.shuffle.partitions", "3");
    const input1 = ints();
    const input2 = ints();
    await testStream(
      t,
      windowedInner(input1, input2, true),
      "append",
      AddData(input1, 1),
      CheckAnswer(),
      assertStateOperatorProgressMetric({
        operatorName: "symmetricHashJoin",
        numShufflePartitions: 3,
        numStateStoreInstances: 3 * 4,
      }),
      AddData(input2, 1),
      CheckAnswer([1, 10, 2, 3]),
      assertNumStateRows({ total: 2, updated: 1, droppedByWatermark: 0, removed: 0 }),
      AddData(input1, 25),
      CheckNewAnswer(), // watermark = 15, no-data-batch should remove 2 rows having window=[0,10]
      assertNumStateRows({ total: 1, updated: 1, droppedByWatermark: 0, removed: 2 }),
      AddData(input2, 25),
      CheckNewAnswer([25, 30, 50, 75]),
      assertNumStateRows({ total: 2, updated: 1, droppedByWatermark: 0, removed: 0 }),
    );
  });

  /** Spark's testForJoinKeyNullability: the streams' values joined null-safely, both keys and values shown. */
  const joinKeyNullability = (left: DataFrame, right: DataFrame) => {
    const df1 = left.selectExpr("value as leftKey", "value * 2 as leftValue");
    const df2 = right.selectExpr("value as rightKey", "value * 3 as rightValue");
    return df1
      .join(df2, expr("leftKey <=> rightKey"))
      .select("leftKey", "rightKey", "leftValue", "rightValue");
  };

  it("joining non-nullable left join key with nullable right join key", async () => {
    const input1 = ints();
    const input2 = ints();
    await testStream(
      t,
      joinKeyNullability(input1.toDF(), input2.toDF()),
      "append",
      AddData(input1, 1, 5),
      AddData(input2, 1, 5, 10, null),
      CheckNewAnswer([1, 1, 2, 3], [5, 5, 10, 15]),
    );
  });

  it("joining nullable left join key with non-nullable right join key", async () => {
    const input1 = ints();
    const input2 = ints();
    await testStream(
      t,
      joinKeyNullability(input1.toDF(), input2.toDF()),
      "append",
      AddData(input1, 1, 5, 10, null),
      AddData(input2, 1, 5),
      CheckNewAnswer([1, 1, 2, 3], [5, 5, 10, 15]),
    );
  });

  it("joining nullable left join key with nullable right join key", async () => {
    const input1 = ints();
    const input2 = ints();
    await testStream(
      t,
      joinKeyNullability(input1.toDF(), input2.toDF()),
      "append",
      AddData(input1, 1, 5, 10, null),
      AddData(input2, 1, 5, null),
      CheckNewAnswer([1, 1, 2, 3], [5, 5, 10, 15], [null, null, null, null]),
    );
  });
});
