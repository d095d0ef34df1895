/**
 * replayQuery: a query's plan run again, in another output mode, on exactly the batches it read — the same files
 * in the same batches, nothing that arrived since — without touching its checkpoint or showing in spark.streams.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { col, window } from "../sql/api/functions";
import type { Row } from "../sql/api/rows";
import type { StreamingQuery } from "../streaming/runtime/StreamingQuery";
import { newTestSession, type TestSession } from "../testing/fixtures";
import { replayPlan, startReplay } from "./replayQuery";

const at = (hhmm: string) => `2026-01-05T${hhmm}:00.000Z`;
const counts = (rows: Row[]) =>
  rows.map((r) => `${(r.window as { start: Date }).start.toISOString().slice(11, 16)}=${r.count}`).sort();

describe("replayQuery", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());

  const writeFile = (i: number, times: string[]) =>
    t.spark.fs.writeFile(`/in/part-${i}.json`, times.map((x) => JSON.stringify({ time: at(x) })).join("\n"));

  const outputs = async (q: StreamingQuery) => {
    const out: string[][] = [];
    for (const id of await q.batchIds()) out.push(counts((await q.batch(id)).output));
    return out;
  };

  it("reads the original's batches in update mode, adding its own no-data batches, and nothing newer", async () => {
    await writeFile(0, ["12:01", "12:03"]);
    await writeFile(1, ["12:14"]);
    const stream = t.spark.readStream
      .schema("time TIMESTAMP")
      .option("maxFilesPerTrigger", 1)
      .json("/in")
      .withWatermark("time", "5 minutes")
      .groupBy(window(col("time"), "10 minutes"))
      .count();
    const original = await stream.writeStream
      .outputMode("complete")
      .format("memory")
      .queryName("original")
      .option("checkpointLocation", "/cp/original")
      .start();
    await original.processAllAvailable();
    await original.stop();
    // A file the original never read.
    await writeFile(2, ["12:15"]);
    const before = await t.spark.fs.list("/cp/original/offsets");

    const plan = await replayPlan(original);
    expect(plan.batches.map((b) => b.originalBatchIds)).toEqual([
      [0, 0],
      [1, 1],
    ]);
    const run = await startReplay(original, plan, {
      outputMode: "update",
      queryName: "original_update",
      checkpointLocation: "/cp/replay",
    });
    expect(t.spark.streams.active).toEqual([]);
    await run.awaitTermination();
    // Window 12:00 counts 2, then 12:14 opens window 12:10. Each moves the watermark (to 11:58, then 12:09), so a
    // no-data batch follows each, as in any update-mode query; it emits nothing. 12:15 arrived later: not read.
    expect(await outputs(run)).toEqual([["12:00=2"], [], ["12:10=1"], []]);
    expect(counts(await t.spark.sql("SELECT * FROM original_update").collect())).toEqual([
      "12:00=2",
      "12:10=1",
    ]);
    expect(await t.spark.fs.list("/cp/original/offsets")).toEqual(before);
  });

  it("runs no no-data batch where the original went straight on to its next data", async () => {
    // Three files, one a trigger: the original reads them back to back, then one no-data batch closes both
    // windows. 12:08 is judged by batch 0's watermark (none): kept. A no-data batch after batch 0 would have
    // judged it by 12:09 and dropped it.
    await writeFile(0, ["12:01", "12:14"]);
    await writeFile(1, ["12:08"]);
    await writeFile(2, ["12:30"]);
    const original = await t.spark.readStream
      .schema("time TIMESTAMP")
      .option("maxFilesPerTrigger", 1)
      .json("/in")
      .withWatermark("time", "5 minutes")
      .groupBy(window(col("time"), "10 minutes"))
      .count()
      .writeStream.outputMode("append")
      .format("memory")
      .queryName("appended")
      .option("checkpointLocation", "/cp/appended")
      .start();
    await original.processAllAvailable();
    await original.stop();
    expect(await outputs(original)).toEqual([[], [], [], ["12:00=2", "12:10=1"]]);

    const plan = await replayPlan(original);
    expect(plan.batches.map((b) => [b.originalBatchIds, b.noDataAfter])).toEqual([
      [[0, 0], false],
      [[1, 1], false],
      [[2, 3], true],
    ]);
    const run = await startReplay(original, plan, {
      outputMode: "append",
      queryName: "appended_again",
      checkpointLocation: "/cp/replay",
    });
    await run.awaitTermination();
    expect(await outputs(run)).toEqual(await outputs(original));
    const late = await Promise.all(
      (await run.batchIds()).map(async (id) => (await run.batch(id)).late.length),
    );
    expect(late).toEqual([0, 0, 0, 0]);
  });

  it("throws Spark's error at start for a mode Spark refuses", async () => {
    await writeFile(0, ["12:01"]);
    const original = await t.spark.readStream
      .schema("time TIMESTAMP")
      .json("/in")
      .groupBy("time")
      .count()
      .writeStream.outputMode("complete")
      .format("memory")
      .queryName("by_time")
      .start();
    await original.processAllAvailable();
    const plan = await replayPlan(original);
    await expect(
      startReplay(original, plan, { outputMode: "append", queryName: "a", checkpointLocation: "/cp/a" }),
    ).rejects.toThrow(
      "Invalid streaming output mode: append. This output mode is not supported for streaming aggregations without watermark on streaming DataFrames/DataSets.",
    );
    await original.stop();
  });
});
