import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ModesComparison, OutputModeName, Row } from "./protocol";
import { testKernel } from "./testing";

/**
 * "Compare output modes" through the kernel's protocol: a windowed count with a watermark (the Spark guide's
 * "Handling Late Data and Watermarking" example, 10 minute windows and a 5 minute delay) read from four files,
 * run again in append, update and complete mode. Expected rows are worked out by hand from the files, as the
 * guide works out its figures: the watermark after a batch is its max event time so far minus 5 minutes; append
 * emits a window once the watermark passes its end (in the no-data batch that follows), update the windows a
 * batch changed, complete every window; a row whose window ended at or before the watermark is dropped as late,
 * except in complete mode, which keeps every group.
 */
const FILES = [
  ["12:01", "12:03", "12:07"],
  ["12:12", "12:04"],
  ["12:26", "12:08"],
  ["12:09", "12:27"],
];
const at = (hhmm: string) => new Date(`2026-01-05T${hhmm}:00.000Z`);
const window = (start: string, end: string) => ({ start: at(start), end: at(end) });
const A = window("12:00", "12:10");
const B = window("12:10", "12:20");
const C = window("12:20", "12:30");
const row = (w: { start: Date; end: Date }, count: number) => ({ window: w, count });

/** Per step, per mode: what the mode emitted, and its memory sink's table after the step. */
const EXPECTED: Record<OutputModeName, { emitted: Row[]; table: Row[] }>[] = [
  {
    append: { emitted: [], table: [] },
    update: { emitted: [row(A, 3)], table: [row(A, 3)] },
    complete: { emitted: [row(A, 3)], table: [row(A, 3)] },
  },
  {
    append: { emitted: [], table: [] },
    update: { emitted: [row(A, 4), row(B, 1)], table: [row(A, 3), row(A, 4), row(B, 1)] },
    complete: { emitted: [row(A, 4), row(B, 1)], table: [row(A, 4), row(B, 1)] },
  },
  {
    // 12:26 moves the watermark to 12:21: windows A and B are final, emitted by the no-data batch after.
    append: { emitted: [row(A, 5), row(B, 1)], table: [row(A, 5), row(B, 1)] },
    update: {
      emitted: [row(A, 5), row(C, 1)],
      table: [row(A, 3), row(A, 4), row(B, 1), row(A, 5), row(C, 1)],
    },
    complete: { emitted: [row(A, 5), row(B, 1), row(C, 1)], table: [row(A, 5), row(B, 1), row(C, 1)] },
  },
  {
    // 12:09 belongs to window A, which ended at 12:10, before the watermark of 12:21: late, except in complete.
    append: { emitted: [], table: [row(A, 5), row(B, 1)] },
    update: {
      emitted: [row(C, 2)],
      table: [row(A, 3), row(A, 4), row(B, 1), row(A, 5), row(C, 1), row(C, 2)],
    },
    complete: {
      emitted: [row(A, 6), row(B, 1), row(C, 2)],
      table: [row(A, 6), row(B, 1), row(C, 2)],
    },
  },
];
/** The watermark after each step: the max event time so far minus 5 minutes. */
const WATERMARK_AFTER = ["12:02", "12:07", "12:21", "12:22"].map(at);

describe("compare output modes", () => {
  const root = mkdtempSync(join(tmpdir(), "sluice-modes-"));
  const { request, outputsOf } = testKernel(root);
  const encode = (text: string) => new TextEncoder().encode(text);

  beforeAll(async () => {
    await request("init", {});
    for (const [i, times] of FILES.entries()) {
      const lines = times.map((t) => JSON.stringify({ time: `2026-01-05T${t}:00.000Z`, word: "w" }));
      await request("fs.write", { path: `/data/clicks/part-${i}.json`, data: encode(lines.join("\n")) });
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const startQuery = async (cellId: string, code: string[]): Promise<string> => {
    const run = await request("run", { cellId, code: code.join("\n"), language: "typescript" });
    expect(run.status, JSON.stringify(outputsOf(cellId))).toBe("ok");
    const panel = outputsOf(cellId).find((o) => o.kind === "query");
    if (panel?.kind !== "query") throw new Error("the cell started no query");
    return panel.queryId;
  };
  const source = [
    "const clicks = spark.readStream.schema('time TIMESTAMP, word STRING')",
    "  .option('maxFilesPerTrigger', 1).json('/data/clicks');",
  ];

  it("runs a windowed count with a watermark in the three modes, batch by batch", async () => {
    const queryId = await startQuery("windowed", [
      ...source,
      "const q = await clicks.withWatermark('time', '5 minutes')",
      "  .groupBy(window(col('time'), '10 minutes')).count()",
      "  .writeStream.outputMode('complete').format('memory').queryName('counts')",
      "  .option('checkpointLocation', '/checkpoints/counts').start();",
      "await q.processAllAvailable();",
    ]);
    expect(await request("modes.offer", { queryId })).toEqual({ offered: true });
    const before = await request("fs.list", { path: "/checkpoints/counts/offsets" });

    const comparison = await request("modes.compare", { queryId });
    expect(comparison.queryMode).toBe("complete");
    expect(comparison.runs).toEqual([
      { mode: "append", table: "counts_append" },
      { mode: "update", table: "counts_update" },
      { mode: "complete", table: "counts_complete" },
    ]);
    // One step per batch of the original (four files, one a trigger); append and update add no-data batches.
    expect(comparison.steps.map((s) => s.originalBatchIds)).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(comparison.steps.map((s) => s.batchIds[2])).toEqual([[0], [1], [2], [3]]);
    for (const [step, expected] of EXPECTED.entries()) {
      const view = await request("modes.step", { comparisonId: comparison.id, step });
      expect(view.inputRows).toBe(FILES[step].length);
      expect(view.watermark.after).toBe(WATERMARK_AFTER[step].getTime());
      expect(view.modes.map((m) => m.mode)).toEqual(["append", "update", "complete"]);
      for (const m of view.modes) {
        expect(m.emitted.rows, `${m.mode} emitted in step ${step}`).toEqual(expected[m.mode].emitted);
        expect(m.table.rows, `${m.mode}'s table after step ${step}`).toEqual(expected[m.mode].table);
        // Marked: the rows the step wrote (complete mode rewrites all: those not in the table before it).
        const before = step === 0 ? [] : EXPECTED[step - 1][m.mode].table;
        const marked = expected[m.mode].table.map((r, i) =>
          m.mode === "complete"
            ? !before.some((b) => JSON.stringify(b) === JSON.stringify(r))
            : i >= before.length,
        );
        expect(m.table.changed, `${m.mode}'s marks after step ${step}`).toEqual(marked);
        expect(m.lateRows).toBe(step === 3 && m.mode !== "complete" ? 1 : 0);
      }
    }
    // The memory sinks hold what the last step shows; closing removes them and the temporary checkpoints.
    await request("run", {
      cellId: "sinks",
      code: "(await spark.sql('SELECT * FROM counts_append ORDER BY window').collect()).map((r) => r.count).join(' ')",
      language: "typescript",
    });
    expect(outputsOf("sinks")).toEqual([{ kind: "value", text: expect.stringContaining("5 1") }]);
    expect((await request("fs.list", { path: "/tmp" })).map((f) => f.name)).toContain(
      `sluice-compare-${comparison.id}`,
    );
    await request("modes.close", { comparisonId: comparison.id });
    expect((await request("fs.list", { path: "/tmp" })).map((f) => f.name)).not.toContain(
      `sluice-compare-${comparison.id}`,
    );
    await request("run", {
      cellId: "gone",
      code: "await spark.sql('SELECT * FROM counts_update').collect()",
      language: "typescript",
    });
    expect(outputsOf("gone")[0]).toMatchObject({ kind: "error" });
    // The original's checkpoint is only read.
    expect(await request("fs.list", { path: "/checkpoints/counts/offsets" })).toEqual(before);
    await expect(request("modes.step", { comparisonId: comparison.id, step: 0 })).rejects.toThrow(
      "This comparison was closed",
    );
    await request("query.stop", { queryId });
  });

  it("shows Spark's error in place of append mode for an aggregation without a watermark", async () => {
    const queryId = await startQuery("plain", [
      ...source,
      "const byWord = clicks.groupBy('word').count();",
      "const q2 = await byWord.writeStream.outputMode('update').format('memory').queryName('words')",
      "  .option('checkpointLocation', '/checkpoints/words').start();",
      "await q2.processAllAvailable();",
    ]);
    // The error as start() raises it for the user's own query in append mode.
    await request("run", {
      cellId: "append",
      code: "await byWord.writeStream.outputMode('append').format('memory').queryName('w2').start()",
      language: "typescript",
    });
    const [raised] = outputsOf("append");
    if (raised.kind !== "error") throw new Error("append mode was not refused");
    const comparison: ModesComparison = await request("modes.compare", { queryId });
    const [append, update, complete] = comparison.runs;
    expect(append.error).toEqual({
      name: "AnalysisException",
      condition: "STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION",
      message: raised.error.message,
    });
    expect(append.error?.message).toBe(
      "[STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming output mode: append. This output mode is not supported for streaming aggregations without watermark on streaming DataFrames/DataSets. SQLSTATE: 42KDE",
    );
    expect(update.error).toBeUndefined();
    expect(complete.error).toBeUndefined();
    const last = await request("modes.step", { comparisonId: comparison.id, step: FILES.length - 1 });
    expect(last.modes.map((m) => [m.mode, m.emitted.rows])).toEqual([
      ["update", [{ word: "w", count: 9 }]],
      ["complete", [{ word: "w", count: 9 }]],
    ]);
    await request("modes.close", { comparisonId: comparison.id });
    await request("query.stop", { queryId });
  });

  it("is not offered for a query without an aggregation, and says why", async () => {
    const queryId = await startQuery("map", [
      ...source,
      "const q3 = await clicks.select('word').writeStream.format('memory').queryName('words_only').start();",
      "await q3.processAllAvailable();",
    ]);
    const offer = await request("modes.offer", { queryId });
    expect(offer.offered).toBe(false);
    expect(offer.reason).toMatch(/only for a streaming aggregation/);
    await expect(request("modes.compare", { queryId })).rejects.toThrow(/only for a streaming aggregation/);
    await request("query.stop", { queryId });
  });

  it("is not offered once a stopped query's temporary checkpoint is gone, and says why", async () => {
    const queryId = await startQuery("temporary", [
      ...source,
      "const q4 = await clicks.groupBy('word').count().writeStream.outputMode('complete')",
      "  .format('memory').queryName('words_once').start();",
      "await q4.processAllAvailable();",
    ]);
    expect(await request("modes.offer", { queryId })).toEqual({ offered: true });
    await request("query.stop", { queryId });
    const offer = await request("modes.offer", { queryId });
    expect(offer.offered).toBe(false);
    expect(offer.reason).toMatch(/^The query's checkpoint \/tmp\/temporary-.* is gone/);
  });

  it("leaves no temporary checkpoints behind a page closed while its comparison was open", async () => {
    const queryId = await startQuery("left-open", [
      ...source,
      "const q5 = await clicks.groupBy('word').count().writeStream.outputMode('complete')",
      "  .format('memory').queryName('words_left').option('checkpointLocation', '/checkpoints/left').start();",
      "await q5.processAllAvailable();",
    ]);
    await request("fs.write", { path: "/tmp/notes/kept.txt", data: encode("a user's file") });
    const comparison = await request("modes.compare", { queryId });
    const names = async (k: typeof request) => (await k("fs.list", { path: "/tmp" })).map((f) => f.name);
    expect(await names(request)).toContain(`sluice-compare-${comparison.id}`);
    // The page closes with the comparison open (modes.close never comes); the next page's kernel starts.
    const next = testKernel(root);
    await next.request("init", {});
    const left = await names(next.request);
    expect(left.filter((name) => name.startsWith("sluice-compare-"))).toEqual([]);
    expect(left).toContain("notes");
    expect(await next.request("fs.list", { path: "/checkpoints/left/commits" })).not.toEqual([]);
    await request("query.stop", { queryId });
  });
});
