/**
 * `query.explain(extended)` as Spark's StreamingQuery.explain (explainInternal): "No physical plan. Waiting for
 * data." before the first batch, then the last batch's plans. StreamingQuerySuite's "explain".
 */
import { describe, expect, it } from "vitest";
import { MemoryStream } from "../../sources/MemoryStream";
import { col, concat, count, lit } from "../../sql/api/functions";
import { sharedSession } from "../../testing/files";

describe("StreamingQuery.explain", () => {
  const ctx = sharedSession();

  it("waits for data, then prints the last batch's streaming plan", async () => {
    const { t } = ctx;
    const printed: string[] = [];
    t.spark.setOutput((text) => printed.push(text));
    const inputData = new MemoryStream(t.spark, "value STRING");
    const df = inputData
      .toDF()
      .select(concat(col("value"), lit("foo")).alias("value"))
      .groupBy("value")
      .agg(count("*"));
    const q = await df.writeStream
      .queryName("memory_explain")
      .outputMode("complete")
      .format("memory")
      .start();
    try {
      expect(q.explainInternal(false)).toBe("No physical plan. Waiting for data.");
      expect(q.explainInternal(true)).toBe("No physical plan. Waiting for data.");
      q.explain();
      expect(printed.join("")).toBe("No physical plan. Waiting for data.\n");

      inputData.addData([{ value: "abc" }]);
      await q.processAllAvailable();
      const explainWithoutExtended = q.explainInternal(false);
      // `extended = false` only displays the physical plan.
      expect(explainWithoutExtended.match(/StreamingDataSourceV2ScanRelation/g)).toBeNull();
      expect(explainWithoutExtended.match(/BatchScan/g)).toHaveLength(1);
      // StateStoreRestore: it is a streaming physical plan.
      expect(explainWithoutExtended).toContain("StateStoreRestore");
      expect(explainWithoutExtended.split("\n").slice(0, 4)).toEqual([
        "== Physical Plan ==",
        "WriteToDataSourceV2 MicroBatchWrite[epoch: 0, writer: MemorySink]",
        "+- HashAggregate(keys=[value], functions=[count(1)])",
        `   +- StateStoreSave [value], state info [ checkpoint = ${q.checkpointLocation}/state, runId = ${q.runId}, opId = 0, ver = 0, numPartitions = 1], Complete, 0, 0, 2`,
      ]);
      expect(explainWithoutExtended).toMatch(/\+- MicroBatchScan\[value\] MemoryStream\S*\n$/);

      const explainWithExtended = q.explainInternal(true);
      // Three logical plans (parsed, analysed, optimized) and the physical one.
      expect(explainWithExtended.match(/StreamingDataSourceV2ScanRelation/g)).toHaveLength(3);
      expect(explainWithExtended.match(/BatchScan/g)).toHaveLength(1);
      expect(explainWithExtended).toContain("StateStoreRestore");

      inputData.addData([{ value: "def" }]);
      await q.processAllAvailable();
      expect(q.explainInternal(false)).toContain("MicroBatchWrite[epoch: 1, writer: MemorySink]");
    } finally {
      await q.stop();
    }
    // A stopped query still explains its last batch, as Spark's keeps its lastExecution.
    expect(q.explainInternal(false)).toContain("ver = 1");
  });

  it("shows a file stream's batch as the scan of its files (FileStreamSourceSuite's explain)", async () => {
    const { t, dir } = ctx;
    await t.spark.fs.mkdirs(`${dir}/src`);
    const df = t.spark.readStream
      .format("text")
      .load(`${dir}/src`)
      .select(concat(col("value"), lit("-x")));
    const q = await df.writeStream.queryName("file_explain").format("memory").start();
    try {
      expect(q.explainInternal(false)).toBe("No physical plan. Waiting for data.");
      expect(q.explainInternal(true)).toBe("No physical plan. Waiting for data.");
      await t.spark.fs.writeFile(`${dir}/src/text`, "foo");
      await q.processAllAvailable();
      const explainWithoutExtended = q.explainInternal(false);
      // `extended = false` only displays the physical plan.
      expect(explainWithoutExtended.match(/Relation.*text/g)).toBeNull();
      expect(explainWithoutExtended.match(/: Text/g)).toHaveLength(1);
      const explainWithExtended = q.explainInternal(true);
      // Three logical plans (parsed, analysed, optimized) and the physical one.
      expect(explainWithExtended.match(/Relation.*text/g)).toHaveLength(3);
      expect(explainWithExtended.match(/: Text/g)).toHaveLength(1);
    } finally {
      await q.stop();
    }
  });
});
