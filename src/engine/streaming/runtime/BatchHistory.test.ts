/**
 * `query.batch(n)`, `query.batchIds()` and `spark.streams.history(checkpoint)` against answers computed by plain
 * loops over the input (the Structured Streaming guide's rules for watermarks, late rows, append mode,
 * deduplication and inner joins), before and after a restart; and the history's retention.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../sources/MemoryStream";
import { col, window } from "../../sql/api/functions";
import type { Row } from "../../sql/api/rows";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import type { BatchRecord } from "./BatchHistory";
import type { StreamingQuery } from "./StreamingQuery";

const BASE = Date.UTC(2024, 0, 1);
const at = (s: number) => new Date(BASE + s * 1000);
const sec = (d: unknown) => ((d as Date).getTime() - BASE) / 1000;
const ms = (s: number) => BASE + s * 1000;

/** The windowed count of the guide's example, in seconds: 10 second windows, a 10 second watermark delay. */
interface ModelBatch {
  input: number[];
  late: { ts: number; watermark: number }[];
  lateAccepted: number[];
  watermark: { before: number; after: number };
  before: Map<number, number>;
  after: Map<number, number>;
  output: [number, number][];
}

/**
 * Spark's rules, batch by batch: a row is late where its window ends at or before the previous batch's watermark;
 * the watermark after a batch is the max event time seen minus the delay; append mode emits (and forgets) the
 * windows that end at or before the batch's watermark; a batch without data follows when the watermark moved.
 */
function windowedCountModel(arrivals: number[][], size = 10, delay = 10): ModelBatch[] {
  const batches: ModelBatch[] = [];
  const state = new Map<number, number>();
  // Before any data the watermark is the epoch (0 ms), in the model's seconds from BASE.
  let watermark = -BASE / 1000;
  let previousBatchWatermark = watermark;
  const run = (input: number[]) => {
    const before = new Map(state);
    const late: ModelBatch["late"] = [];
    const lateAccepted: number[] = [];
    for (const ts of input) {
      const start = Math.floor(ts / size) * size;
      if (start + size <= previousBatchWatermark) {
        late.push({ ts, watermark: previousBatchWatermark });
        continue;
      }
      if (ts < watermark + delay) lateAccepted.push(ts);
      state.set(start, (state.get(start) ?? 0) + 1);
    }
    const output: [number, number][] = [];
    for (const [start, count] of [...state].sort(([a], [b]) => a - b)) {
      if (start + size <= watermark) {
        output.push([start, count]);
        state.delete(start);
      }
    }
    const batchWatermark = watermark;
    if (input.length > 0) watermark = Math.max(watermark, Math.max(...input) - delay);
    previousBatchWatermark = batchWatermark;
    batches.push({
      input,
      late,
      lateAccepted,
      watermark: { before: batchWatermark, after: watermark },
      before,
      after: new Map(state),
      output,
    });
    return watermark > batchWatermark;
  };
  for (const input of arrivals) if (run(input)) run([]);
  return batches;
}

const windowStart = (r: Row) => sec((r.key as { window: { start: Date } }).window.start);
const countOf = (r: Row) => Number(Object.values(r.value as Row)[0]);
const stateMap = (rows: Row[]) => new Map(rows.map((r) => [windowStart(r), countOf(r)]));
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

function expectBatch(b: BatchRecord, m: ModelBatch): void {
  expect(sorted(b.input.map((r) => sec(r.ts)))).toEqual(sorted(m.input));
  expect(b.late.map((r) => ({ ts: sec(r.ts), watermark: r.__watermark }))).toEqual(
    m.late.map((l) => ({ ts: l.ts, watermark: ms(l.watermark) })),
  );
  expect(sorted(b.lateAccepted.map((r) => sec(r.ts)))).toEqual(sorted(m.lateAccepted));
  expect(b.watermark).toEqual({ before: ms(m.watermark.before), after: ms(m.watermark.after) });
  const [agg] = b.state;
  expect(agg.operatorName).toBe("stateStoreSave");
  expect(stateMap(agg.before)).toEqual(m.before);
  expect(stateMap(agg.after)).toEqual(m.after);
  expect(agg.added.map(windowStart)).toEqual([...m.after.keys()].filter((k) => !m.before.has(k)).sort());
  expect(agg.updated.map(windowStart)).toEqual(
    [...m.after.keys()].filter((k) => m.before.has(k) && m.before.get(k) !== m.after.get(k)).sort(),
  );
  expect(agg.removed.map(windowStart)).toEqual([...m.before.keys()].filter((k) => !m.after.has(k)).sort());
  expect(b.output.map((r) => [sec((r.window as { start: Date }).start), Number(r.count)])).toEqual(m.output);
  expect(b.progress.batchId).toBe(b.batchId);
  expect(b.startOffset).toEqual(b.progress.sources[0].startOffset);
  expect(b.endOffset).toEqual(b.progress.sources[0].endOffset);
}

describe("batch history", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());

  it("a windowed count with late rows: every batch read back, running, stopped and after a restart", async () => {
    const events = new MemoryStream(t.spark, "ts TIMESTAMP, user STRING");
    const start = () =>
      events
        .toDF()
        .withWatermark("ts", "10 seconds")
        .groupBy(window("ts", "10 seconds"))
        .count()
        .writeStream.outputMode("append")
        .format("noop")
        .queryName("windowed")
        .option("checkpointLocation", "/checkpoints/windowed")
        .start();
    const arrivals = [
      [5, 7, 12, 21],
      [3, 9, 15, 25], // 3 and 9 fall in a window the watermark (11) has closed; 15 is behind 21 but kept
      [30, 8, 18], // after the restart: 8 is late again
    ];
    const model = windowedCountModel(arrivals);
    const add = (seconds: number[]) => events.addData(seconds.map((s) => ({ ts: at(s), user: `u${s}` })));

    let query: StreamingQuery = await start();
    add(arrivals[0]);
    await query.processAllAvailable();
    add(arrivals[1]);
    await query.processAllAvailable();
    const beforeRestart = await query.batchIds();
    for (const id of beforeRestart) expectBatch(await query.batch(id), model[id]);
    // Append mode waits for the oldest window in state to close; the sentence from the model's numbers.
    const last = model[beforeRestart.at(-1)!];
    const oldest = Math.min(...last.after.keys());
    const hms = (s: number) => at(s).toISOString().slice(11, 19);
    const waiting = await query.waitingFor();
    expect(waiting.message).toBe(
      `Window ${hms(oldest)}–${hms(oldest + 10)} is emitted when the watermark passes ${hms(oldest + 10)}; the watermark is ${hms(last.watermark.after)} (max event time ${hms(last.watermark.after + 10)} minus the 10 second delay).`,
    );
    expect(waiting).toMatchObject({ window: { start: ms(oldest), end: ms(oldest + 10) }, hasNewData: false });
    expect((await query.batch(beforeRestart.at(-1)!)).waitingFor.message).toBe(waiting.message);
    await query.stop();

    const stopped = await t.spark.streams.history("/checkpoints/windowed");
    expect(await stopped.batchIds()).toEqual(beforeRestart);
    for (const id of beforeRestart) expectBatch(await stopped.batch(id), model[id]);

    query = await start();
    add(arrivals[2]);
    await query.processAllAvailable();
    expect(await query.batchIds()).toEqual(model.map((_, i) => i));
    for (const [id, m] of model.entries()) expectBatch(await query.batch(id), m);
    expect((await query.batch(4)).late.length).toBeGreaterThan(0);

    const files = (await query.batch(4)).files;
    for (const f of ["offsets/4", "commits/4", "history/4", "state/0/4.delta"]) {
      expect(files).toContain(`/checkpoints/windowed/${f}`);
    }
    await query.stop();
  });

  it("a deduplication: state keys added batch by batch, the first row per key emitted, across a restart", async () => {
    const events = new MemoryStream(t.spark, "id STRING, v INT");
    const arrivals = [
      [
        ["a", 1],
        ["b", 2],
        ["a", 3],
      ],
      [
        ["b", 4],
        ["c", 5],
      ],
      [
        ["a", 6],
        ["d", 7],
        ["d", 8],
      ],
    ] as const;
    // The model: a set of seen ids; a row passes where its id is new.
    const seen = new Set<string>();
    const model = arrivals.map((rows) => {
      const before = [...seen].sort();
      const output: string[] = [];
      for (const [id, v] of rows) {
        if (seen.has(id)) continue;
        seen.add(id);
        output.push(`${id}:${v}`);
      }
      return { input: rows.map(([id, v]) => `${id}:${v}`), before, after: [...seen].sort(), output };
    });
    const start = () =>
      events
        .toDF()
        .dropDuplicates("id")
        .writeStream.format("noop")
        .queryName("dedup")
        .option("checkpointLocation", "/checkpoints/dedup")
        .start();
    const add = (i: number) => events.addData(arrivals[i].map(([id, v]) => ({ id, v })));
    const keys = (rows: Row[]) => rows.map((r) => (r.key as { id: string }).id).sort();
    const check = async (q: StreamingQuery | { batch(n: number): Promise<BatchRecord> }, id: number) => {
      const b = await q.batch(id);
      expect(b.input.map((r) => `${r.id}:${r.v}`)).toEqual(model[id].input);
      expect(b.output.map((r) => `${r.id}:${r.v}`)).toEqual(model[id].output);
      expect(b.watermark).toEqual({ before: null, after: null });
      expect(b.late).toEqual([]);
      const [dedupe] = b.state;
      expect(dedupe.operatorName).toBe("dedupe");
      expect(keys(dedupe.before)).toEqual(model[id].before);
      expect(keys(dedupe.after)).toEqual(model[id].after);
      expect(keys(dedupe.added)).toEqual(model[id].after.filter((k) => !model[id].before.includes(k)));
      expect(dedupe.updated).toEqual([]);
      expect(dedupe.removed).toEqual([]);
    };
    let query = await start();
    add(0);
    await query.processAllAvailable();
    add(1);
    await query.processAllAvailable();
    await query.stop();
    query = await start();
    add(2);
    await query.processAllAvailable();
    expect(await query.batchIds()).toEqual([0, 1, 2]);
    for (const id of [0, 1, 2]) await check(query, id);
    await query.stop();
    const history = await t.spark.streams.history("/checkpoints/dedup");
    for (const id of [0, 1, 2]) await check(history, id);
  });

  it("a stream-stream inner join: both sides' buffers in state, the matches each batch emitted", async () => {
    const left = new MemoryStream(t.spark, "id STRING, a INT");
    const right = new MemoryStream(t.spark, "id STRING, b INT");
    const arrivals: { left: [string, number][]; right: [string, number][] }[] = [
      {
        left: [
          ["k1", 1],
          ["k2", 2],
        ],
        right: [["k1", 10]],
      },
      {
        left: [["k3", 3]],
        right: [
          ["k2", 20],
          ["k3", 30],
          ["k1", 11],
        ],
      },
      { left: [["k1", 4]], right: [] },
    ];
    // The model: every row is buffered; a new row matches every buffered or new row of the other side.
    const buffered = { left: [] as [string, number][], right: [] as [string, number][] };
    const model = arrivals.map(({ left: l, right: r }) => {
      const before = { left: buffered.left.length, right: buffered.right.length };
      const output: string[] = [];
      for (const [id, a] of [...buffered.left, ...l])
        for (const [rid, b] of [...buffered.right, ...r])
          if (
            id === rid &&
            (l.some((x) => x[0] === id && x[1] === a) || r.some((x) => x[0] === rid && x[1] === b))
          )
            output.push(`${id}:${a}:${b}`);
      buffered.left.push(...l);
      buffered.right.push(...r);
      return {
        numInput: l.length + r.length,
        before,
        after: { left: buffered.left.length, right: buffered.right.length },
        output: output.sort(),
      };
    });
    const start = () =>
      left
        .toDF()
        .join(right.toDF(), "id")
        .writeStream.format("noop")
        .queryName("joined")
        .option("checkpointLocation", "/checkpoints/joined")
        .start();
    const add = (i: number) => {
      if (arrivals[i].left.length > 0) left.addData(arrivals[i].left.map(([id, a]) => ({ id, a })));
      if (arrivals[i].right.length > 0) right.addData(arrivals[i].right.map(([id, b]) => ({ id, b })));
    };
    const sides = (rows: Row[]) => ({
      left: rows.filter((r) => r.joinSide === "left").length,
      right: rows.filter((r) => r.joinSide === "right").length,
    });
    // Both sides' first rows are there before the query starts, so its first trigger sees them together.
    add(0);
    let query = await start();
    await query.processAllAvailable();
    add(1);
    await query.processAllAvailable();
    await query.stop();
    query = await start();
    add(2);
    await query.processAllAvailable();
    await query.stop();
    const history = await t.spark.streams.history("/checkpoints/joined");
    expect(await history.batchIds()).toEqual([0, 1, 2]);
    for (const [id, m] of model.entries()) {
      const b = await history.batch(id);
      expect(b.input).toHaveLength(m.numInput);
      expect(b.output.map((r) => `${r.id}:${r.a}:${r.b}`).sort()).toEqual(m.output);
      const [join] = b.state;
      expect(sides(join.before)).toEqual(m.before);
      expect(sides(join.after)).toEqual(m.after);
      expect(sides(join.added)).toEqual({
        left: m.after.left - m.before.left,
        right: m.after.right - m.before.right,
      });
    }
  });

  it("keeps minBatchesToRetain - 1 batches, and at most maxRowsPerBatch rows of each", async () => {
    t.spark.conf.set("spark.sql.streaming.minBatchesToRetain", 3);
    t.spark.conf.set("sluice.sql.streaming.history.maxRowsPerBatch", 2);
    const events = new MemoryStream(t.spark, "v INT");
    const query = await events
      .toDF()
      .groupBy("v")
      .count()
      .writeStream.outputMode("complete")
      .format("memory")
      .queryName("retained")
      .option("checkpointLocation", "/checkpoints/retained")
      .start();
    for (let i = 0; i < 10; i++) {
      events.addData([1, 2, 3, 4, 5].map((v) => ({ v: v + i })));
      await query.processAllAvailable();
    }
    expect(await query.batchIds()).toEqual([8, 9]);
    const names = (await t.spark.fs.list("/checkpoints/retained/history")).map((f) => f.name).sort();
    expect(names).toEqual(["8", "9"]);
    const last = await query.batch(9);
    expect(last.input).toHaveLength(2);
    expect(last.numRows).toEqual({ input: 5, late: 0, lateAccepted: 0, output: 14 });
    expect(last.output).toHaveLength(2);
    expect(last.progress.numInputRows).toBe(5);
    expect(last.state[0].after).toHaveLength(14);
    await expect(query.batch(3)).rejects.toThrow(
      "[SLUICE_BATCH_NOT_IN_HISTORY] Batch 3 is not in the history of the query at /checkpoints/retained: it keeps batches 8 to 9.",
    );
    await query.stop();
  });

  it("late and late-but-kept rows past maxRowsPerBatch: the first in arrival order, all of them counted", async () => {
    t.spark.conf.set("sluice.sql.streaming.history.maxRowsPerBatch", 2);
    const events = new MemoryStream(t.spark, "ts TIMESTAMP");
    const query = await events
      .toDF()
      .withWatermark("ts", "10 seconds")
      .groupBy(window("ts", "10 seconds"))
      .count()
      .writeStream.outputMode("append")
      .format("noop")
      .option("checkpointLocation", "/checkpoints/capped")
      .start();
    const arrivals = [
      [5, 7, 12, 21],
      [3, 1, 15, 9, 14, 2, 13, 25], // 3, 1, 9, 2 are late (the watermark is 11); 15, 14, 13 are behind 21
    ];
    const model = windowedCountModel(arrivals);
    for (const seconds of arrivals) {
      events.addData(seconds.map((s) => ({ ts: at(s) })));
      await query.processAllAvailable();
    }
    const b = await query.batch(2);
    expect(model[2].late.map((l) => l.ts)).toEqual([3, 1, 9, 2]);
    expect(b.late.map((r) => ({ ts: sec(r.ts), watermark: r.__watermark }))).toEqual(
      model[2].late.slice(0, 2).map((l) => ({ ts: l.ts, watermark: ms(l.watermark) })),
    );
    expect(b.lateAccepted.map((r) => sec(r.ts))).toEqual(model[2].lateAccepted.slice(0, 2));
    expect(b.numRows).toMatchObject({ input: 8, late: 4, lateAccepted: 3 });
    // The row as the aggregation read it, with the watermark that judged it, and nothing the recorder used.
    expect(Object.keys(b.late[0]).sort()).toEqual(["__watermark", "ts", "window"]);
    await query.stop();
  });

  it("a file source with nothing new: waiting names the directory and maxFilesPerTrigger", async () => {
    await t.spark.fs.writeFile("/in/a.csv", "v\n1\n2\n");
    await t.spark.fs.writeFile("/in/b.csv", "v\n3\n");
    const query = await t.spark.readStream
      .schema("v INT")
      .option("maxFilesPerTrigger", 1)
      .option("header", true)
      .csv("/in")
      .writeStream.format("memory")
      .queryName("files")
      .option("checkpointLocation", "/checkpoints/files")
      .start();
    await query.processAllAvailable();
    expect(await query.batchIds()).toEqual([0, 1]);
    expect((await query.batch(1)).input).toEqual([{ v: 3 }]);
    expect((await query.waitingFor()).message).toBe(
      "No new files: the query watches /in, and each trigger takes at most 1 file (maxFilesPerTrigger).",
    );
    await query.stop();
  });

  it("a union of sources that read different columns: every source's input rows, by column name", async () => {
    const sums = new MemoryStream(t.spark, "a INT, b INT");
    const values = new MemoryStream(t.spark, "v INT");
    // Both before the start, so the first batch reads both sources.
    sums.addData([{ a: 1, b: 2 }]);
    values.addData([{ v: 7 }]);
    const query = await sums
      .toDF()
      .select(col("a").plus(col("b")).as("v"))
      .union(values.toDF())
      .writeStream.format("memory")
      .queryName("unioned")
      .option("checkpointLocation", "/checkpoints/unioned")
      .start();
    await query.processAllAvailable();
    expect(await query.batchIds()).toEqual([0]);
    const { input } = await query.batch(0);
    expect(input.map((r) => ({ ...r })).sort((x, y) => String(x.v).localeCompare(String(y.v)))).toEqual([
      { a: null, b: null, v: 7 },
      { a: 1, b: 2, v: null },
    ]);
    await query.stop();
  });

  it("records nothing where the history is turned off", async () => {
    t.spark.conf.set("sluice.sql.streaming.history.enabled", false);
    const events = new MemoryStream(t.spark, "v INT");
    const query = await events
      .toDF()
      .writeStream.format("memory")
      .queryName("unrecorded")
      .option("checkpointLocation", "/checkpoints/unrecorded")
      .start();
    events.addData([{ v: 1 }]);
    await query.processAllAvailable();
    expect(await query.batchIds()).toEqual([]);
    expect((await t.spark.fs.list("/checkpoints/unrecorded")).map((f) => f.name)).not.toContain("history");
    await query.stop();
  });
});
