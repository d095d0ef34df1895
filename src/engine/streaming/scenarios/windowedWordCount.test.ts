/**
 * The programming guide's windowed word count with a watermark ("Handling Late Data and Watermarking"): words with
 * event times, 10-minute windows sliding every 5 minutes, a 10-minute watermark. The data arrive as in the guide's
 * figures, one trigger at a time; the expected tables are derived by hand below, following Spark's rules: the
 * watermark is max event time minus 10 minutes, advanced after each batch; a window is late once its end is at or
 * behind the previous batch's watermark; append mode emits a window once the watermark reaches its end.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../sources/MemoryStream";
import { col, window } from "../../sql/api/functions";
import type { Row } from "../../sql/api/rows";
import { collectBatches } from "../../testing/batches";
import { newTestSession, type TestSession } from "../../testing/fixtures";

const at = (hhmm: string) => new Date(`2024-01-01T${hhmm}:00Z`);

/** The guide's arrivals, trigger by trigger. */
const TRIGGERS: { timestamp: Date; word: string }[][] = [
  [
    { timestamp: at("12:07"), word: "dog" },
    { timestamp: at("12:08"), word: "owl" },
  ],
  [
    { timestamp: at("12:14"), word: "dog" },
    { timestamp: at("12:09"), word: "cat" }, // late but ahead of the watermark (11:58): counted
  ],
  [
    { timestamp: at("12:15"), word: "cat" },
    { timestamp: at("12:08"), word: "dog" }, // late, ahead of the watermark (12:04): counted
    { timestamp: at("12:13"), word: "owl" },
    { timestamp: at("12:21"), word: "owl" },
  ],
  [
    { timestamp: at("12:04"), word: "donkey" }, // behind the watermark (12:11): dropped
    { timestamp: at("12:17"), word: "owl" },
  ],
];

/** A window and its count, as "12:00-12:10 dog 1". */
const show = (r: Row) => {
  const w = r.window as { start: Date; end: Date };
  const hm = (d: Date) => d.toISOString().slice(11, 16);
  return `${hm(w.start)}-${hm(w.end)} ${r.word} ${r.count}`;
};

describe("the guide's windowed word count with a watermark", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());

  const windowedCounts = (words: MemoryStream) =>
    words
      .toDF()
      .withWatermark("timestamp", "10 minutes")
      .groupBy(window(col("timestamp"), "10 minutes", "5 minutes"), col("word"))
      .count();

  /** Runs the triggers; returns the rows emitted by each (its batch plus any no-data batch after it). */
  async function run(mode: string, checkpoint: string, triggers = TRIGGERS, restartAfter?: number) {
    const words = new MemoryStream(t.spark, "timestamp TIMESTAMP, word STRING");
    const out = collectBatches();
    const start = () =>
      windowedCounts(words)
        .writeStream.outputMode(mode)
        .foreachBatch(out.fn)
        .option("checkpointLocation", checkpoint)
        .start();
    let query = await start();
    const emitted: string[][] = [];
    for (const [i, rows] of triggers.entries()) {
      const before = out.batches.size;
      words.addData(rows);
      await query.processAllAvailable();
      const batchIds = [...out.batches.keys()].sort((a, b) => a - b).slice(before);
      emitted.push(batchIds.flatMap((id) => out.batches.get(id)!.map(show)).sort());
      if (i === restartAfter) {
        await query.stop();
        query = await start();
      }
    }
    // Progress of the batches that ran (idle triggers report too).
    const progress = query.recentProgress.filter((p) => p.durationMs.addBatch !== undefined);
    await query.stop();
    return { emitted, progress, batches: out.batches };
  }

  it("update mode: each trigger emits the windows it changed; the donkey is too late", async () => {
    const { emitted, progress } = await run("update", "/checkpoints/update");
    expect(emitted).toEqual([
      ["12:00-12:10 dog 1", "12:00-12:10 owl 1", "12:05-12:15 dog 1", "12:05-12:15 owl 1"],
      ["12:00-12:10 cat 1", "12:05-12:15 cat 1", "12:05-12:15 dog 2", "12:10-12:20 dog 1"],
      [
        "12:00-12:10 dog 2",
        "12:05-12:15 dog 3",
        "12:05-12:15 owl 2",
        "12:10-12:20 cat 1",
        "12:10-12:20 owl 1",
        "12:15-12:25 cat 1",
        "12:15-12:25 owl 1",
        "12:20-12:30 owl 1",
      ],
      ["12:10-12:20 owl 2", "12:15-12:25 owl 2"],
    ]);
    // Batches: data, no-data (watermark 11:58), data, no-data (12:04), data, no-data (12:11), data.
    expect(progress.map((p) => [p.batchId, p.numInputRows, p.eventTime.watermark])).toEqual([
      [0, 2, "1970-01-01T00:00:00.000Z"],
      [1, 0, "2024-01-01T11:58:00.000Z"],
      [2, 2, "2024-01-01T11:58:00.000Z"],
      [3, 0, "2024-01-01T12:04:00.000Z"],
      [4, 4, "2024-01-01T12:04:00.000Z"],
      [5, 0, "2024-01-01T12:11:00.000Z"],
      [6, 2, "2024-01-01T12:11:00.000Z"],
    ]);
    expect(progress[0].eventTime).toEqual({
      avg: "2024-01-01T12:07:30.000Z",
      max: "2024-01-01T12:08:00.000Z",
      min: "2024-01-01T12:07:00.000Z",
      watermark: "1970-01-01T00:00:00.000Z",
    });
    // The donkey's two windows (11:55-12:05 and 12:00-12:10) are dropped as late aggregated rows.
    expect(progress[6].stateOperators[0].numRowsDroppedByWatermark).toBe(2);
    // The no-data batch at 12:11 evicted the three 12:00-12:10 windows from state.
    expect(progress[5].stateOperators[0].numRowsRemoved).toBe(3);
    const total = progress.at(-1)!.stateOperators[0].numRowsTotal;
    // Windows still in state: everything seen minus the three evicted ones.
    expect(total).toBe(12 - 3);
  });

  it("append mode: a window is emitted once, when the watermark passes its end", async () => {
    const flush = [{ timestamp: at("12:40"), word: "cat" }]; // moves the watermark to 12:30
    const { emitted } = await run("append", "/checkpoints/append", [...TRIGGERS, flush]);
    expect(emitted).toEqual([
      [],
      [],
      ["12:00-12:10 cat 1", "12:00-12:10 dog 2", "12:00-12:10 owl 1"],
      [],
      [
        "12:05-12:15 cat 1",
        "12:05-12:15 dog 3",
        "12:05-12:15 owl 2",
        "12:10-12:20 cat 1",
        "12:10-12:20 dog 1",
        "12:10-12:20 owl 2",
        "12:15-12:25 cat 1",
        "12:15-12:25 owl 2",
        "12:20-12:30 owl 1",
      ],
    ]);
  });

  it("without no-data batches (spark.sql.streaming.noDataMicroBatches.enabled=false) a window waits for the next data", async () => {
    t.spark.conf.set("spark.sql.streaming.noDataMicroBatches.enabled", false);
    const flush = [{ timestamp: at("12:40"), word: "cat" }];
    const { emitted, progress } = await run("append", "/checkpoints/no-data", [...TRIGGERS, flush]);
    // The watermark reaches 12:11 after the third trigger, but only the fourth trigger's batch runs with it.
    // That batch drops rows behind the previous batch's watermark (12:04): the donkey's windows (ending 12:05 and
    // 12:10) are not late yet, so they are counted, then closed with the others.
    expect(emitted).toEqual([
      [],
      [],
      [],
      [
        "11:55-12:05 donkey 1",
        "12:00-12:10 cat 1",
        "12:00-12:10 dog 2",
        "12:00-12:10 donkey 1",
        "12:00-12:10 owl 1",
      ],
      [],
    ]);
    expect(progress.every((p) => p.numInputRows > 0)).toBe(true);
  });

  it("records the watermark in offsets/N and commits/N as Spark does", async () => {
    await run("append", "/checkpoints/logs");
    const read = async (path: string) =>
      new TextDecoder().decode(await t.spark.fs.readFile(`/checkpoints/logs/${path}`)).split("\n");
    const offsets = JSON.parse((await read("offsets/4"))[1]);
    expect(offsets.batchWatermarkMs).toBe(at("12:04").getTime());
    expect(offsets.conf["spark.sql.streaming.multipleWatermarkPolicy"]).toBe("min");
    const commit = await read("commits/4");
    expect(commit[0]).toBe("v1");
    expect(JSON.parse(commit[1])).toEqual({ nextBatchWatermarkMs: at("12:11").getTime() });
  });

  it("a restart in the middle of an open window gives the same output as an uninterrupted run", async () => {
    const flush = [{ timestamp: at("12:40"), word: "cat" }];
    const uninterrupted = await run("append", "/checkpoints/straight", [...TRIGGERS, flush]);
    const restarted = await run("append", "/checkpoints/restarted", [...TRIGGERS, flush], 1);
    expect(restarted.emitted.flat().sort()).toEqual(uninterrupted.emitted.flat().sort());
    expect(restarted.emitted).toEqual(uninterrupted.emitted);
  });

  it("complete mode keeps every window, late ones included, and drops nothing", async () => {
    const { emitted, progress } = await run("complete", "/checkpoints/complete");
    const last = emitted.at(-1)!;
    expect(last).toContain("12:00-12:10 dog 2");
    // Complete mode ignores the watermark for state: the donkey is counted.
    expect(last).toContain("11:55-12:05 donkey 1");
    expect(last).toContain("12:00-12:10 donkey 1");
    expect(progress.every((p) => p.stateOperators[0]?.numRowsDroppedByWatermark === 0)).toBe(true);
  });
});
