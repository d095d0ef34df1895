/**
 * Cases of Spark's DeduplicateSuite and of DeduplicationSuite (sql/core/src/test/scala/org/apache/spark/sql/
 * streaming; the same cases under names "deduplication ..."), Spark 2.2's streaming deduplication suites, which
 * became StreamingDeduplicationSuite. Their answers and state rows are those of a query without no-data
 * micro-batches (Spark 2.2 had none): ported with spark.sql.streaming.noDataMicroBatches.enabled=false, under
 * which Spark 4 still gives them. Where Spark 4's progress counts a row dropped by the watermark
 * (numRowsDroppedByWatermark, which Spark 2.2's assertNumStateRows did not check), the count is given.
 *
 * Not ported: "deduplicate with some columns and watermark" expects the watermark to evict the state of
 * dropDuplicates("value"), whose key has no event time; since SPARK-21546 Spark keeps that state (the state
 * rows it checks no longer hold), as StreamingDeduplicationSuite's "SPARK-21546: dropDuplicates should ignore
 * watermark when it's not a key" tests.
 *
 * Not ported again: "deduplicate with all columns", "deduplicate with some columns", "multiple deduplicates",
 * "deduplicate with aggregate - update mode / complete mode", "deduplicate with file sink", "SPARK-19841:
 * watermarkPredicate should filter based on keys" (and DeduplicationSuite's same cases): unchanged in
 * StreamingDeduplicationSuite, whose port (StreamingDeduplicationSuite.test.ts) runs them.
 */
import { describe, it } from "vitest";
import { MemoryStream } from "../../../sources/MemoryStream";
import type { DataFrame } from "../../../sql/api/DataFrame";
import { col, count, window } from "../../../sql/api/functions";
import { sharedSession } from "../../../testing/files";
import {
  AddData,
  assertNumStateRows,
  CheckLastBatch,
  StartStream,
  testStream,
} from "../../../testing/testStream";

/** Spark's `(1 to 5).flatMap(_ => (10 to 15))`. */
const tenToFifteenFiveTimes = Array.from({ length: 5 }, () => [10, 11, 12, 13, 14, 15]).flat();
const NO_DATA_BATCHES_OFF = {
  additionalConfs: { "spark.sql.streaming.noDataMicroBatches.enabled": "false" },
};

describe("DeduplicateSuite", () => {
  const ctx = sharedSession();
  /** `toDS().withColumn("eventTime", $"value".cast("timestamp")).withWatermark("eventTime", "10 seconds")`. */
  const withEventTime = (input: MemoryStream): DataFrame =>
    input
      .toDF()
      .withColumn("eventTime", col("value").cast("timestamp"))
      .withWatermark("eventTime", "10 seconds");

  const testStreamWithWatermark = (inputData: MemoryStream, result: DataFrame) =>
    testStream(
      ctx.t,
      result,
      "append",
      StartStream({}, NO_DATA_BATCHES_OFF),
      AddData(inputData, ...tenToFifteenFiveTimes),
      CheckLastBatch([10], [11], [12], [13], [14], [15]),
      assertNumStateRows({ total: 6, updated: 6 }),
      AddData(inputData, 25), // Advance watermark to 15 seconds
      CheckLastBatch([25]),
      assertNumStateRows({ total: 7, updated: 1 }),
      AddData(inputData, 25), // Drop states less than watermark
      CheckLastBatch(),
      assertNumStateRows({ total: 1, updated: 0 }),
      AddData(inputData, 10), // Should not emit anything as data less than watermark
      CheckLastBatch(),
      assertNumStateRows({ total: 1, updated: 0, droppedByWatermark: 1 }),
      AddData(inputData, 45), // Advance watermark to 35 seconds
      CheckLastBatch([45]),
      assertNumStateRows({ total: 2, updated: 1 }),
      AddData(inputData, 45), // Drop states less than watermark
      CheckLastBatch(),
      assertNumStateRows({ total: 1, updated: 0 }),
    );

  it("deduplicate with all columns and watermark", async () => {
    const inputData = new MemoryStream(ctx.t.spark, "value INT");
    const result = withEventTime(inputData).dropDuplicates().select(col("eventTime").cast("long"));
    await testStreamWithWatermark(inputData, result);
  });

  it("deduplicate with aggregate - append mode", async () => {
    const inputData = new MemoryStream(ctx.t.spark, "value INT");
    const windowedaggregate = withEventTime(inputData)
      // Spark 2.2's second withWatermark on the same column is refused since Spark 3.4 (as Spark's
      // StreamingDeduplicationSuite now writes this query, without it).
      .dropDuplicates()
      .groupBy(window(col("eventTime"), "5 seconds").alias("window"))
      .agg(count("*").alias("count"))
      .select(col("window").getField("start").cast("long"), col("count"));
    await testStream(
      ctx.t,
      windowedaggregate,
      "append",
      StartStream({}, NO_DATA_BATCHES_OFF),
      AddData(inputData, ...tenToFifteenFiveTimes),
      CheckLastBatch(),
      // states in aggregate in [10, 14), [15, 20) (2 windows); states in deduplicate is 10 to 15
      assertNumStateRows({ total: [2, 6], updated: [2, 6] }),
      AddData(inputData, 25), // Advance watermark to 15 seconds
      CheckLastBatch(),
      // states in aggregate in [10, 14), [15, 20) and [25, 30) (3 windows); in deduplicate 10 to 15 and 25
      assertNumStateRows({ total: [3, 7], updated: [1, 1] }),
      AddData(inputData, 25), // Emit items less than watermark and drop their state
      CheckLastBatch([10, 5]), // 5 items (10 to 14) after deduplicate
      // states in aggregate in [15, 20) and [25, 30) (aggregate evicts by the window's end); deduplicate: 25
      assertNumStateRows({ total: [2, 1], updated: [0, 0] }),
      AddData(inputData, 10), // Should not emit anything as data less than watermark
      CheckLastBatch(),
      assertNumStateRows({ total: [2, 1], updated: [0, 0], droppedByWatermark: [0, 1] }),
      AddData(inputData, 40), // Advance watermark to 30 seconds
      CheckLastBatch(),
      // states in aggregate in [15, 20), [25, 30) and [40, 45); states in deduplicate is 25 and 40
      assertNumStateRows({ total: [3, 2], updated: [1, 1] }),
      AddData(inputData, 40), // Emit items less than watermark and drop their state
      CheckLastBatch([15, 1], [25, 1]),
      // states in aggregate in [40, 45); states in deduplicate is 40
      assertNumStateRows({ total: [1, 1], updated: [0, 0] }),
    );
  });
});
