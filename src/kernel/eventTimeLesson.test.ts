import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as arrow from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateEvents } from "../datasets/events";
import { decodeParquet } from "../engine/internal";
import type { OutputItem } from "./protocol";
import { type Lesson, readLesson, testKernel } from "./testing";

/**
 * The event-time lessons, run through the kernel as Run all runs them. What their text says batch by batch is
 * worked out here from the generated files with Spark's rules for a windowed count with a watermark (no engine),
 * then checked three ways: against the engine's batch history, against the lesson's own tables, and in the
 * markdown, where each stated number must appear.
 */
const root = mkdtempSync(join(tmpdir(), "sluice-event-time-lesson-"));
const { request, run, runAll } = testKernel(root);

beforeAll(async () => {
  await request("init", {});
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The lesson's data, as its first code cell writes it. */
const LESSON_DATA = {
  files: 8,
  rowsPerFile: 20,
  secondsPerFile: 300,
  disorderSeconds: 120,
  lateFraction: 0.1,
  lateBySeconds: 1800,
  seed: 8,
};
const MINUTE = 60_000;
const WINDOW = 10 * MINUTE;
const DELAY = 10 * MINUTE;

/** One batch as Spark runs it (MicroBatchExecution, StateStoreSaveExec, WatermarkTracker). */
interface ExpectedBatch {
  /** The watermark the batch evicts with, and the one it leaves for the next batch (epoch ms; 0: none yet). */
  watermark: number;
  nextWatermark: number;
  /** Event times (ms) dropped as late, and the watermark that dropped each (the previous batch's). */
  dropped: number[];
  droppedBy: number;
  /** Behind the max event time seen before the batch, and counted. */
  outOfOrder: number[];
  /** Counted though more than the delay behind that max (their window was still open). */
  farBehind: number[];
  /** Window start → count: what the batch emitted, and what state holds after it. */
  output: Map<number, number>;
  state: Map<number, number>;
}

/**
 * A tumbling-window count with a watermark, a file per batch: the watermark after a batch is max event time −
 * delay (never going back); a row whose window ends at or before the previous batch's watermark is dropped
 * (Spark's eventTimeWatermarkForLateEvents); windows ending at or before the batch's own watermark are evicted
 * (and emitted in append mode); update mode emits the windows the batch changed. When the watermark moved, one
 * more batch runs without data (spark.sql.streaming.noDataMicroBatches.enabled).
 */
function sparkBatches(files: number[][], mode: "append" | "update"): ExpectedBatch[] {
  const state = new Map<number, number>();
  const batches: ExpectedBatch[] = [];
  let watermark = 0;
  let lateWatermark = 0;
  let maxEventTime = Number.NEGATIVE_INFINITY;
  const run = (rows: number[]) => {
    const batch: ExpectedBatch = {
      watermark,
      nextWatermark: watermark,
      dropped: [],
      droppedBy: lateWatermark,
      outOfOrder: [],
      farBehind: [],
      output: new Map(),
      state: new Map(),
    };
    const changed = new Set<number>();
    for (const t of rows) {
      const start = Math.floor(t / WINDOW) * WINDOW;
      if (start + WINDOW <= lateWatermark) {
        batch.dropped.push(t);
        continue;
      }
      if (t < maxEventTime) batch.outOfOrder.push(t);
      if (t < maxEventTime - DELAY) batch.farBehind.push(t);
      state.set(start, (state.get(start) ?? 0) + 1);
      changed.add(start);
    }
    for (const [start, count] of [...state].sort(([a], [b]) => a - b)) {
      const evicted = start + WINDOW <= watermark;
      if ((mode === "append" && evicted) || (mode === "update" && changed.has(start)))
        batch.output.set(start, count);
      if (evicted) state.delete(start);
    }
    batch.state = new Map(state);
    maxEventTime = Math.max(maxEventTime, ...rows);
    lateWatermark = watermark;
    watermark = Math.max(watermark, maxEventTime - DELAY);
    batch.nextWatermark = watermark;
    batches.push(batch);
    return batch.nextWatermark > batch.watermark;
  };
  let moved = false;
  for (const rows of files) moved = run(rows);
  if (moved) run([]);
  return batches;
}

/** The lesson's files as the generator makes them: each file's event times (ms), in file order. */
async function lessonFiles(): Promise<number[][]> {
  return (await generateEvents(LESSON_DATA)).map((bytes) =>
    arrow
      .tableFromIPC(decodeParquet(bytes, "clicks.parquet"))
      .toArray()
      .map((row) => Number(row.event_timestamp / 1000n)),
  );
}

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const hhmm = (ms: number) => clock(ms).slice(0, 5);
const windowName = (start: number) => `${hhmm(start)}–${hhmm(start + WINDOW)}`;

/** What the engine's batch history holds, as this test compares it: times in ms, windows by start. */
interface EngineBatch {
  watermark: number | null;
  nextWatermark: number | null;
  dropped: number[];
  droppedBy: number[];
  output: [number, number][];
  state: [number, number][];
}

/** Every batch of a checkpoint's history, read in a TypeScript cell (the Python lesson's queries too). */
async function history(checkpoint: string): Promise<EngineBatch[]> {
  const outputs = await run(
    `history-${checkpoint}`,
    `const h = await spark.streams.history(${JSON.stringify(checkpoint)});
const time = (w) => w.start.getTime();
const out = [];
for (const n of await h.batchIds()) {
  const b = await h.batch(n);
  out.push({
    watermark: b.watermark.before,
    nextWatermark: b.watermark.after,
    dropped: b.late.map((r) => Math.floor(Number(r.event_timestamp) / 1000)).sort((x, y) => x - y),
    droppedBy: b.late.map((r) => r.__watermark),
    output: b.output.map((r) => [time(r.window), Number(r.count)]).sort((x, y) => x[0] - y[0]),
    state: b.state[0].after.map((s) => [time(s.key.window), Number(Object.values(s.value)[0])]).sort((x, y) => x[0] - y[0]),
  });
}
JSON.stringify(out)`,
    "typescript",
  );
  const value = outputs.find((o) => o.kind === "value");
  return JSON.parse(value?.kind === "value" ? value.text : "null");
}

function asEngineBatches(expected: ExpectedBatch[]): EngineBatch[] {
  return expected.map((b) => ({
    watermark: b.watermark,
    nextWatermark: b.nextWatermark,
    dropped: [...b.dropped].sort((x, y) => x - y),
    droppedBy: b.dropped.map(() => b.droppedBy),
    output: [...b.output],
    state: [...b.state],
  }));
}

const markdownCells = (lesson: Lesson) =>
  lesson.cells.filter((c) => c.type === "markdown").map((c) => c.source);
const markdownOf = (lesson: Lesson) => markdownCells(lesson).join("\n\n");

/** The table a cell displayed, as rows. */
function tableOf(items: readonly OutputItem[] | undefined): Record<string, unknown>[] {
  const table = items?.find((o) => o.kind === "table");
  return table?.kind === "table" ? table.page.rows : [];
}

/** The sentences of the lesson that carry a number, built from the expected batches. */
function statements(files: number[][], append: ExpectedBatch[], update: ExpectedBatch[]): string[] {
  const bold = (s: string | number) => `**${s}**`;
  const windowCount = (start: number, count: number) => bold(`${windowName(start)}: ${count}`);
  const dropped = append.flatMap((b) => b.dropped);
  const first = append.findIndex((b) => b.output.size > 0);
  const [firstStart, firstCount] = [...append[first].output][0];
  const b3 = append[3];
  const last = append.at(-1)!;
  const maxBefore3 = Math.max(...files.slice(0, 3).flat());
  // Every row of the data, counted per window: what the stream would say with no watermark.
  const truth = new Map<number, number>();
  for (const start of files.flat().map((t) => Math.floor(t / WINDOW) * WINDOW))
    truth.set(start, (truth.get(start) ?? 0) + 1);
  const emitted = append.flatMap((b) => [...b.output]);
  // The second window, 00:10–00:20: the one the text follows through update mode.
  const second = Date.UTC(2020, 6, 1) + WINDOW;
  const updates = update.flatMap((b) => (b.output.has(second) ? [b.output.get(second)] : []));
  return [
    // The data: the earliest clicks of the files that hold the very late ones.
    ...[5, 6, 7].map((i) => bold(clock(Math.min(...files[i])))),
    // The batches: one per file, and one without data.
    `${append.length === 9 ? "Nine" : append.length} batches: batches 0 to ${files.length - 1} read the eight files, and batch ${files.length} read nothing`,
    // The table, batch by batch.
    `latest click is ${clock(Math.max(...files[0]))}`,
    bold(clock(append[0].nextWatermark)),
    `(${clock(append[1].watermark)}, then ${clock(append[2].watermark)})`,
    `**Batch ${first}** runs with watermark ${bold(clock(append[first].watermark))}`,
    `emits it, ${windowCount(firstStart, firstCount)}`,
    // Batch 3.
    `${clock(Math.min(...files[3]))} to ${clock(Math.max(...files[3]))}`,
    `watermark ${bold(clock(b3.watermark))} (${clock(maxBefore3)}, the latest click of batches 0–2`,
    ...[...b3.state].map(([start, count]) => windowCount(start, count)),
    `(it was ${append[2].state.get(second)}; batch 3 added ${(b3.state.get(second) ?? 0) - (append[2].state.get(second) ?? 0)})`,
    `${b3.outOfOrder
      .sort((x, y) => x - y)
      .map((t) => bold(clock(t)))
      .join(" and ")}`,
    `after batch 3 the watermark is ${clock(b3.nextWatermark)}`,
    // The late rows.
    `${bold(`${dropped.length} clicks`)} were dropped`,
    ...append.flatMap((b, n) =>
      b.dropped.length ? [`**Batch ${n}** drops`, ...b.dropped.map((t) => bold(clock(t)))] : [],
    ),
    `The true counts were ${emitted.map(([start]) => truth.get(start)).join(" and ")}`,
    `the stream said ${emitted.map(([, count]) => count).join(" and ")}`,
    // Far behind, yet counted: the click, and the latest click before its batch.
    ...append.flatMap((b, n) => [
      ...b.farBehind.map((t) => bold(clock(t))),
      ...(b.farBehind.length ? [clock(Math.max(...files.slice(0, n).flat()))] : []),
    ]),
    // Batch 8 and what stays in state.
    `moved the watermark to ${bold(clock(last.watermark))}`,
    [...last.state].map(([start, count]) => windowCount(start, count)).join(" and "),
    // Update mode.
    `(${windowCount(...[...update[0].output][0])})`,
    `00:10–00:20 is sent ${updates.length === 5 ? "five" : updates.length} times (${updates.join(", ")})`,
    `the same ${bold(`${update.flatMap((b) => b.dropped).length} clicks`)} are dropped`,
  ];
}

/** The table of batches a lesson's cell displayed: batch, clicks dropped, windows emitted. */
function batchTableOf(lesson: Lesson, outputs: Map<string, OutputItem[]>, call: string): unknown[][] {
  const cell = lesson.cells.find((c) => c.source.includes(call))!;
  return tableOf(outputs.get(cell.id)).map((r) => [r.batch, r.droppedAsLate, r.emitted]);
}

function expectedTable(batches: ExpectedBatch[]): unknown[][] {
  return batches.map((b, n) => [
    n,
    b.dropped.length,
    [...b.output].map(([start, count]) => `${windowName(start)}: ${count}`).join(", "),
  ]);
}

describe("the event-time lesson", () => {
  it("TypeScript: the batches are Spark's, and the text states their numbers", {
    timeout: 300_000,
  }, async () => {
    const lesson = readLesson("event-time.ipynb");
    const outputs = await runAll(lesson);
    const files = await lessonFiles();
    // The files the lesson wrote are the generator's with LESSON_DATA.
    const written = (i: number) =>
      new Uint8Array(readFileSync(join(root, `data/late-clicks/part-0000${i}.parquet`)));
    expect(written(7)).toEqual((await generateEvents(LESSON_DATA))[7]);

    const append = sparkBatches(files, "append");
    const update = sparkBatches(files, "update");
    expect(await history("/checkpoints/late-clicks/append")).toEqual(asEngineBatches(append));
    expect(await history("/checkpoints/late-clicks/update")).toEqual(asEngineBatches(update));

    // The lesson's own tables of batches say the same.
    expect(batchTableOf(lesson, outputs, "display(await batchTable(appendQuery))")).toEqual(
      expectedTable(append),
    );
    expect(batchTableOf(lesson, outputs, "display(await batchTable(updateQuery))")).toEqual(
      expectedTable(update),
    );

    const markdown = markdownOf(lesson);
    for (const statement of statements(files, append, update)) expect(markdown).toContain(statement);
  });

  it("PySpark: the same cells give the same batches, and the text is the same", {
    timeout: 300_000,
  }, async () => {
    const lesson = readLesson("event-time-pyspark.ipynb");
    const outputs = await runAll(lesson);
    const files = await lessonFiles();
    const append = sparkBatches(files, "append");
    const update = sparkBatches(files, "update");
    expect(await history("/checkpoints/late-clicks-py/append")).toEqual(asEngineBatches(append));
    expect(await history("/checkpoints/late-clicks-py/update")).toEqual(asEngineBatches(update));
    expect(batchTableOf(lesson, outputs, "display(batch_table(append_query))")).toEqual(
      expectedTable(append),
    );
    expect(batchTableOf(lesson, outputs, "display(batch_table(update_query))")).toEqual(
      expectedTable(update),
    );
    // Every markdown cell but the title is the TypeScript lesson's, numbers and all.
    const typescript = readLesson("event-time.ipynb");
    expect(markdownCells(lesson).slice(1)).toEqual(markdownCells(typescript).slice(1));
  });
});
