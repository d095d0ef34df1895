import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../sources/MemoryStream";
import { col, count, expr, sum } from "../sql/api/functions";
import { sortedRows } from "../testing/batches";
import { newTestSession, type TestSession } from "../testing/fixtures";

const at = (s: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, s));

describe('reading state: spark.read.format("statestore") and "state-metadata"', () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());

  it("shows an aggregation's state at the last batch and at an earlier one", async () => {
    const words = new MemoryStream(t.spark, "word STRING, n INT");
    const query = await words
      .toDF()
      .groupBy("word")
      .agg(count("*").alias("c"), sum("n").alias("s"))
      .writeStream.outputMode("update")
      .format("noop")
      .option("checkpointLocation", "/checkpoints/agg")
      .start();
    words.addData([
      { word: "a", n: 1 },
      { word: "b", n: 2 },
    ]);
    await query.processAllAvailable();
    words.addData([
      { word: "a", n: 5 },
      { word: "c", n: 1 },
    ]);
    await query.processAllAvailable();
    await query.stop();

    const latest = await t.spark.read.format("statestore").load("/checkpoints/agg").collect();
    expect(sortedRows(latest)).toEqual(
      sortedRows([
        { key: { word: "a" }, value: { "count(1)": 2, "sum(n)": 6 }, partition_id: 0 },
        { key: { word: "b" }, value: { "count(1)": 1, "sum(n)": 2 }, partition_id: 0 },
        { key: { word: "c" }, value: { "count(1)": 1, "sum(n)": 1 }, partition_id: 0 },
      ]),
    );
    const first = await t.spark.read
      .format("statestore")
      .option("batchId", 0)
      .load("/checkpoints/agg")
      .select(col("key.word").alias("word"), col("value.`count(1)`").alias("c"))
      .collect();
    expect(sortedRows(first)).toEqual(
      sortedRows([
        { word: "a", c: 1 },
        { word: "b", c: 1 },
      ]),
    );

    const operators = await t.spark.read.format("state-metadata").load("/checkpoints/agg").collect();
    expect(operators).toEqual([
      {
        operatorId: 0,
        operatorName: "stateStoreSave",
        stateStoreName: "default",
        numPartitions: 1,
        minBatchId: 0,
        maxBatchId: 1,
      },
    ]);
  });

  it("shows each side of a stream-stream join with joinSide", async () => {
    const left = new MemoryStream(t.spark, "id STRING, lt TIMESTAMP");
    const right = new MemoryStream(t.spark, "rid STRING, rt TIMESTAMP");
    const query = await left
      .toDF()
      .join(right.toDF(), expr("id = rid"))
      .writeStream.format("noop")
      .option("checkpointLocation", "/checkpoints/join")
      .start();
    left.addData([{ id: "x", lt: at(1) }]);
    right.addData([{ rid: "y", rt: at(2) }]);
    await query.processAllAvailable();
    await query.stop();
    const side = (joinSide: string) =>
      t.spark.read.format("statestore").option("joinSide", joinSide).load("/checkpoints/join").collect();
    expect(await side("left")).toEqual([
      { key: { id: "x" }, value: { id: "x", lt: at(1), matched: false }, partition_id: 0 },
    ]);
    expect(await side("right")).toEqual([
      { key: { rid: "y" }, value: { rid: "y", rt: at(2), matched: false }, partition_id: 0 },
    ]);
    await expect(t.spark.read.format("statestore").load("/checkpoints/join").collect()).rejects.toThrow(
      "use joinSide 'left' or 'right' for a join",
    );
  });

  it("names what is wrong: no committed batch, a negative batch id", async () => {
    await t.spark.fs.mkdirs("/checkpoints/empty");
    await expect(t.spark.read.format("statestore").load("/checkpoints/empty").collect()).rejects.toThrow(
      "[STDS_COMMITTED_BATCH_UNAVAILABLE] No committed batch found, checkpoint location: /checkpoints/empty.",
    );
    await expect(
      t.spark.read.format("statestore").option("batchId", -1).load("/checkpoints/empty").collect(),
    ).rejects.toThrow("[STDS_INVALID_OPTION_VALUE.IS_NEGATIVE]");
  });
});
