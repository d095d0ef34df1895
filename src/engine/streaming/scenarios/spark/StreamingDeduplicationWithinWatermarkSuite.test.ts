/**
 * Cases of Spark's StreamingDeduplicationWithinWatermarkSuite (sql/core/src/test/scala/org/apache/spark/sql/
 * streaming), each named as there, with Spark's inputs and expected answers. `MemoryStream[(String, Int)]` is
 * columns `_1`, `_2`.
 *
 * Not ported, as they cannot apply to Sluice:
 * - JVM internals: "Partition key extraction - DedupeWithinWatermark" reads the state store's partition keys
 *   through Spark's StatefulOperatorsUtils and the state store's key and value schemas.
 *
 * Ported through the public API where Spark inspects internals: "SPARK-46676" canonicalizes the executed plan
 * (`q.lastExecution.executedPlan.canonicalized`); here the query's answer and its `explain()` stand for it.
 *
 * Not yet: "incremental cleanup factor does not change dropDuplicatesWithinWatermark output" sets a conf
 * (SQLConf.STREAMING_STATE_INCREMENTAL_CLEANUP_FACTOR) of Spark's unreleased master whose key is not in Spark 4's
 * configuration; the answers it checks are those of "deduplicate with subset of columns which event time column is
 * not in subset".
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../../sources/MemoryStream";
import type { DataFrame } from "../../../sql/api/DataFrame";
import { col, timestamp_seconds } from "../../../sql/api/functions";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddData,
  AssertOnQuery,
  assertNumStateRows,
  CheckAnswer,
  CheckNewAnswer,
  StartStream,
  testStream,
} from "../../../testing/testStream";

/** Spark's `(1 to 5).flatMap(_ => (10 to 15))`. */
const tenToFifteenFiveTimes = Array.from({ length: 5 }, () => [10, 11, 12, 13, 14, 15]).flat();

describe("StreamingDeduplicationWithinWatermarkSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());
  const pairs = () => new MemoryStream(t.spark, "_1 STRING, _2 INT");

  /** The error `action` throws, or undefined. */
  const errorOf = async (action: () => unknown): Promise<Error | undefined> => {
    try {
      await action();
    } catch (e) {
      return e as Error;
    }
    return undefined;
  };

  it("deduplicate in batch DataFrame", async () => {
    const testAndVerify = async (df: DataFrame) => {
      const exc = await errorOf(() => df.write.format("noop").mode("append").save());
      expect(exc?.name).toBe("AnalysisException");
      expect(exc?.message).toContain("dropDuplicatesWithinWatermark is not supported");
      expect(exc?.message).toContain("batch DataFrames/DataSets");
    };
    await testAndVerify(t.spark.range(10).dropDuplicatesWithinWatermark());
    await testAndVerify(
      t.spark.range(10).withColumn("newcol", col("id")).dropDuplicatesWithinWatermark("newcol"),
    );
  });

  it("deduplicate without event time column should result in error", async () => {
    const testAndVerify = async (df: DataFrame) => {
      const exc = await errorOf(() => df.writeStream.format("noop").start());
      expect(exc?.name).toBe("AnalysisException");
      expect(exc?.message).toContain("dropDuplicatesWithinWatermark is not supported");
      expect(exc?.message).toContain("streaming DataFrames/DataSets without watermark");
    };
    const inputData = new MemoryStream(t.spark, "value STRING");
    await testAndVerify(inputData.toDF().dropDuplicatesWithinWatermark());
    await testAndVerify(
      inputData.toDF().withColumn("newcol", col("value")).dropDuplicatesWithinWatermark("newcol"),
    );

    const inputData2 = pairs();
    const otherSideForJoin = inputData2
      .toDF()
      .select(col("_1").alias("key"), timestamp_seconds(col("_2")).alias("time"))
      .withWatermark("Time", "10 seconds");
    // There are two streams and only one defines the watermark: the stream with dropDuplicatesWithinWatermark
    // does not define one, which is not supported.
    const result3 = inputData
      .toDF()
      .select(col("value").alias("key"))
      .dropDuplicatesWithinWatermark()
      .join(otherSideForJoin, "key");
    await testAndVerify(result3);
  });

  it("deduplicate with all columns with event time column in DataFrame", async () => {
    const inputData = new MemoryStream(t.spark, "value INT");
    const result = inputData
      .toDF()
      .withColumn("eventTime", timestamp_seconds(col("value")))
      .withWatermark("eventTime", "10 seconds")
      .dropDuplicatesWithinWatermark()
      .select(col("eventTime").cast("long"));
    await testStream(
      t,
      result,
      "append",
      // Advance watermark to 5 secs, no-data-batch does not drop state rows
      AddData(inputData, ...tenToFifteenFiveTimes),
      CheckAnswer([10], [11], [12], [13], [14], [15]),
      assertNumStateRows({ total: 6, updated: 6 }),
      // Advance watermark to 7 secs, no-data-batch does not drop state rows
      AddData(inputData, 13, 14, 15, 16, 17),
      // 13 to 15 are duplicated
      CheckNewAnswer([16], [17]),
      assertNumStateRows({ total: 8, updated: 2 }),
      AddData(inputData, 5), // Should not emit anything as data less than watermark
      CheckNewAnswer(),
      assertNumStateRows({ total: 8, updated: 0, droppedByWatermark: 1 }),
      // Advance watermark to 25 secs, no-data-batch drops state rows having expired time <= 25
      AddData(inputData, 35),
      CheckNewAnswer([35]),
      assertNumStateRows({ total: 3, updated: 1 }),
      // Advance watermark to 45 seconds, no-data-batch drops state rows having expired time <= 45
      AddData(inputData, 55),
      CheckNewAnswer([55]),
      assertNumStateRows({ total: 1, updated: 1 }),
    );
  });

  /** Spark's dedupe within a 2-second watermark by `_1`, answering (`_1`, event time in seconds). */
  const dedupSubset = (inputData: MemoryStream) =>
    inputData
      .toDF()
      .withColumn("eventTime", timestamp_seconds(col("_2")))
      .withWatermark("eventTime", "2 seconds")
      .dropDuplicatesWithinWatermark("_1")
      .select(col("_1"), col("eventTime").cast("long"));

  it("deduplicate with subset of columns which event time column is not in subset", async () => {
    const inputData = pairs();
    await testStream(
      t,
      dedupSubset(inputData),
      "append",
      // Advances watermark to 15
      AddData(inputData, ["a", 17]),
      CheckNewAnswer(["a", 17]),
      // expired time is set to 19
      assertNumStateRows({ total: 1, updated: 1 }),
      // Watermark does not advance
      AddData(inputData, ["a", 16]),
      CheckNewAnswer(),
      assertNumStateRows({ total: 1, updated: 0 }),
      // Watermark does not advance; should not emit anything as data less than watermark
      AddData(inputData, ["a", 13]),
      CheckNewAnswer(),
      assertNumStateRows({ total: 1, updated: 0, droppedByWatermark: 1 }),
      // Advances watermark to 20. no-data batch drops state row ("a" -> 19)
      AddData(inputData, ["b", 22], ["c", 21]),
      CheckNewAnswer(["b", 22], ["c", 21]),
      // expired time is set to 24 and 23
      assertNumStateRows({ total: 2, updated: 2 }),
      // Watermark does not advance
      AddData(inputData, ["a", 21]),
      // "a" is identified as new event since previous batch dropped state row ("a" -> 19)
      CheckNewAnswer(["a", 21]),
      // expired time is set to 23
      assertNumStateRows({ total: 3, updated: 1 }),
      // Advances watermark to 23. no-data batch drops state row ("a" -> 23), ("c" -> 23)
      AddData(inputData, ["d", 25]),
      CheckNewAnswer(["d", 25]),
      assertNumStateRows({ total: 2, updated: 1 }),
    );
  });

  it("SPARK-39650: duplicate with specific keys should allow input to change schema", async () => {
    const checkpoint = "/checkpoints/spark-39650-within-watermark";
    const dedupeInputData = pairs();
    const dedupe = dedupeInputData
      .toDF()
      .withColumn("eventTime", timestamp_seconds(col("_2")))
      .withWatermark("eventTime", "10 second")
      .dropDuplicatesWithinWatermark("_1")
      .select(col("_1"), col("eventTime").cast("long"));
    await testStream(
      t,
      dedupe,
      "append",
      StartStream({}, checkpoint),
      AddData(dedupeInputData, ["a", 1]),
      CheckNewAnswer(["a", 1]),
      AddData(dedupeInputData, ["a", 2], ["b", 3]),
      CheckNewAnswer(["b", 3]),
    );

    const dedupeInputData2 = new MemoryStream(t.spark, "_1 STRING, _2 INT, _3 STRING");
    const dedupe2 = dedupeInputData2
      .toDF()
      .withColumn("eventTime", timestamp_seconds(col("_2")))
      .withWatermark("eventTime", "10 second")
      .dropDuplicatesWithinWatermark(["_1"])
      .select(col("_1"), col("eventTime").cast("long"), col("_3"));
    // initialize new memory stream with previously executed batches
    dedupeInputData2.addData([["a", 1, "dummy"]]);
    dedupeInputData2.addData([
      ["a", 2, "dummy"],
      ["b", 3, "dummy"],
    ]);
    await testStream(
      t,
      dedupe2,
      "append",
      StartStream({}, checkpoint),
      AddData(dedupeInputData2, ["a", 5, "a"], ["b", 2, "b"], ["c", 9, "c"]),
      CheckNewAnswer(["c", 9, "c"]),
    );
  });

  it("SPARK-46676: canonicalization of StreamingDeduplicateWithinWatermarkExec should work", async () => {
    const dedupeInputData = pairs();
    const dedupe = dedupeInputData
      .toDF()
      .withColumn("eventTime", timestamp_seconds(col("_2")))
      .withWatermark("eventTime", "10 second")
      .dropDuplicatesWithinWatermark("_1")
      .select(col("_1"), col("eventTime").cast("long"));
    await testStream(
      t,
      dedupe,
      "append",
      StartStream({}, "/checkpoints/spark-46676"),
      AddData(dedupeInputData, ["a", 1]),
      CheckNewAnswer(["a", 1]),
      AssertOnQuery((q) => {
        q.explain(true);
      }),
    );
  });

  it("SPARK-50492: drop event time column after dropDuplicatesWithinWatermark", async () => {
    const inputData = new MemoryStream(t.spark, "_1 INT, _2 INT");
    const result = inputData
      .toDF()
      .withColumn("first", timestamp_seconds(col("_1")))
      .withWatermark("first", "10 seconds")
      .dropDuplicatesWithinWatermark("_2")
      .select("_2");
    await testStream(t, result, "append", AddData(inputData, [1, 2]), CheckAnswer([2]));
  });
});
