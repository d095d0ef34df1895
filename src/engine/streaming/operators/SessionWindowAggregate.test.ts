import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../sources/MemoryStream";
import { col, count, session_window, sum } from "../../sql/api/functions";
import type { Row } from "../../sql/api/rows";
import { collectBatches } from "../../testing/batches";
import { newTestSession, type TestSession } from "../../testing/fixtures";

const at = (s: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, 0) + s * 1000);
const seconds = (d: unknown) => ((d as Date).getTime() - at(0).getTime()) / 1000;
const show = (r: Row) => {
  const w = r.session_window as { start: Date; end: Date };
  return `${r.user} ${seconds(w.start)}-${seconds(w.end)} ${r.n}`;
};

describe("session windows on a stream", () => {
  let t: TestSession;
  let events: MemoryStream;
  beforeEach(async () => {
    t = await newTestSession();
    events = new MemoryStream(t.spark, "user STRING, ts TIMESTAMP, amount INT");
  });
  afterEach(() => t.cleanup());

  const ev = (user: string, s: number, amount = 1) => ({ user, ts: at(s), amount });

  it("append mode: sessions grow across batches and are emitted once the watermark passes their end", async () => {
    const out = collectBatches();
    const query = await events
      .toDF()
      .withWatermark("ts", "10 seconds")
      .groupBy(col("user"), session_window("ts", "5 seconds"))
      .agg(count("*").alias("n"), sum("amount").alias("total"))
      .writeStream.outputMode("append")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/sessions")
      .start();
    const emitted: string[][] = [];
    const round = async (rows: ReturnType<typeof ev>[]) => {
      const before = out.batches.size;
      events.addData(rows);
      await query.processAllAvailable();
      const ids = [...out.batches.keys()].sort((a, b) => a - b).slice(before);
      emitted.push(ids.flatMap((id) => out.batches.get(id)!.map(show)).sort());
    };
    await round([ev("a", 0), ev("a", 3), ev("b", 1)]); // a [0,8) b [1,6); watermark → -7 s
    await round([ev("a", 6), ev("b", 20)]); // a grows to [0,11); watermark → 10 s closes b [1,6)
    await round([ev("a", 9, 5), ev("c", 30)]); // a grows to [0,14); watermark → 20 s closes it
    await round([ev("a", 2), ev("d", 50)]); // a@2 is late; watermark → 40 s closes b [20,25) and c
    await query.stop();
    expect(emitted).toEqual([[], ["b 1-6 1"], ["a 0-14 4"], ["b 20-25 1", "c 30-35 1"]]);
    const totals = Object.fromEntries(out.all().map((r) => [`${r.user}`, r.total]));
    expect(totals.a).toBe(8);
    const ran = query.recentProgress.filter((p) => p.durationMs.addBatch !== undefined);
    expect(ran.reduce((n, p) => n + p.stateOperators[0].numRowsDroppedByWatermark, 0)).toBe(1);
  });

  it("a new event can bridge two stored sessions into one", async () => {
    const out = collectBatches();
    const query = await events
      .toDF()
      .groupBy(col("user"), session_window("ts", "5 seconds"))
      .agg(count("*").alias("n"))
      .writeStream.outputMode("complete")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/bridge")
      .start();
    events.addData([ev("x", 100), ev("x", 108)]);
    await query.processAllAvailable();
    expect(out.batches.get(0)!.map(show).sort()).toEqual(["x 100-105 1", "x 108-113 1"]);
    events.addData([ev("x", 104)]);
    await query.processAllAvailable();
    await query.stop();
    expect(out.batches.get(1)!.map(show)).toEqual(["x 100-113 3"]);
  });

  it("update mode is refused for session windows, with Spark's message", async () => {
    await expect(
      events
        .toDF()
        .withWatermark("ts", "10 seconds")
        .groupBy(col("user"), session_window("ts", "5 seconds"))
        .count()
        .writeStream.outputMode("update")
        .format("noop")
        .option("checkpointLocation", "/checkpoints/refused")
        .start(),
    ).rejects.toThrow("Update output mode not supported for session window on streaming DataFrames/DataSets");
  });
});
