/**
 * Cases of Spark's StreamingAggregationDistributionSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming),
 * each named as there, with Spark's inputs and expected answers. The suite checks the distribution the physical
 * plan's state operators require of their children; Sluice runs in one process, with no shuffles, so what is
 * checked here is the answer of a streaming aggregation after `repartition`.
 *
 * Not ported (do not apply to Sluice):
 * - "SPARK-38204: streaming aggregation should require ClusteredDistribution from children if the query starts
 *   from checkpoint in prior to 3.3": restarts from a checkpoint Spark 3.2.0 wrote (JVM state files in a test
 *   resource) and inspects the SparkPlan's partitioning.
 */
import { afterEach, beforeEach, describe, it } from "vitest";
import { MemoryStream } from "../../../sources/MemoryStream";
import { col, count } from "../../../sql/api/functions";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import { AddData, CheckAnswer, testStream } from "../../../testing/testStream";

describe("StreamingAggregationDistributionSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());

  it("SPARK-38204: streaming aggregation should require StatefulOpClusteredDistribution from children", async () => {
    const input = new MemoryStream(t.spark, "value INT");
    const df1 = input
      .toDF()
      .select(
        col("value").alias("key1"),
        col("value").multiply(2).alias("key2"),
        col("value").multiply(3).alias("value"),
      );
    const agg = df1.repartition(col("key1")).groupBy(col("key1"), col("key2")).agg(count("*"));
    await testStream(
      t,
      agg,
      "update",
      AddData(input, 1, 1, 2, 3, 4),
      CheckAnswer([1, 2, 2], [2, 4, 1], [3, 6, 1], [4, 8, 1]),
    );
  });
});
