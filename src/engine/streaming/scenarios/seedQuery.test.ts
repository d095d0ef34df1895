import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { col } from "../../sql/api/functions";
import type { Row } from "../../sql/api/rows";
import { eventFilePath, SEED_SCHEMA, writeEventFiles } from "../../testing/eventFiles";
import { finalizeCountsBySource } from "../../testing/expected";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { ManualClock } from "../runtime/ManualClock";

const asCounts = (rows: Row[]) =>
  Object.fromEntries(rows.map((r) => [String(r.traffic_source), Number(r.count)]));

describe("the seed query: finalize events per traffic source", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
    await writeEventFiles(t.spark, "/data/events", 3, 400);
  });
  afterEach(() => t.cleanup());

  const ratings = () =>
    t.spark.readStream
      .schema(SEED_SCHEMA)
      .option("maxFilesPerTrigger", 1)
      .parquet("/data/events")
      .filter(col("event_name").eq("finalize"))
      .groupBy("traffic_source")
      .count();

  it("complete mode: the memory table holds the counts over every file, one file per trigger", async () => {
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    t.spark.clock = clock;
    const query = await ratings()
      .writeStream.outputMode("complete")
      .format("memory")
      .queryName("program_ratings")
      .trigger({ processingTime: "3 seconds" })
      .option("checkpointLocation", "/checkpoints/program_ratings")
      .start();
    // The clock moves on to each trigger, 3 seconds apart, as soon as the query waits for it.
    await clock.fastForward(query.processAllAvailable());
    const rows = await t.spark.sql("SELECT * FROM program_ratings").collect();
    const expected = await finalizeCountsBySource(
      t.spark.fs,
      [0, 1, 2].map((i) => eventFilePath("/data/events", i)),
    );
    expect(asCounts(rows)).toEqual(expected);
    expect(
      query.recentProgress.filter((p) => p.numInputRows > 0).map((p) => [p.batchId, p.numInputRows]),
    ).toEqual([
      [0, 400],
      [1, 400],
      [2, 400],
    ]);
    await query.stop();
    expect(query.isActive).toBe(false);
  });

  it("update mode: each trigger emits only the groups its file changed", async () => {
    const batches: Row[][] = [];
    const query = await ratings()
      .writeStream.outputMode("update")
      .foreachBatch(async (df) => {
        batches.push(await df.collect());
      })
      .option("checkpointLocation", "/checkpoints/update")
      .start();
    await query.processAllAvailable();
    await query.stop();
    expect(batches).toHaveLength(3);
    // Each batch's counts are the running totals up to that file.
    for (let i = 0; i < 3; i++) {
      const upTo = await finalizeCountsBySource(
        t.spark.fs,
        [...Array(i + 1).keys()].map((j) => eventFilePath("/data/events", j)),
      );
      const onlyThisFile = await finalizeCountsBySource(t.spark.fs, [eventFilePath("/data/events", i)]);
      const emitted = asCounts(batches[i]);
      expect(Object.keys(emitted).sort()).toEqual(Object.keys(onlyThisFile).sort());
      for (const [source, count] of Object.entries(emitted)) expect(count).toBe(upTo[source]);
    }
  });

  it("append mode with an aggregation and no watermark is refused before anything runs", async () => {
    await expect(
      ratings().writeStream.outputMode("append").format("memory").queryName("nope").start(),
    ).rejects.toThrow(
      "Invalid streaming output mode: append. This output mode is not supported for streaming aggregations without watermark on streaming DataFrames/DataSets.",
    );
    expect(await t.spark.fs.stat("/checkpoints")).toBeUndefined();
  });
});
