import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { KernelEvent } from "./protocol";
import { testKernel } from "./testing";

/**
 * The query panel's time travel, as the notebook asks the kernel for it: the batches a windowed watermark query
 * kept, one batch's late rows and state, what the output waits for per trigger, and the same history read from
 * the checkpoint by a kernel that never ran the query (a reloaded page).
 */
describe("a query's batch history through the kernel", () => {
  const root = mkdtempSync(join(tmpdir(), "sluice-history-"));
  const checkpoint = "/checkpoints/history-test";
  const at = (time: string) => `new Date("2024-01-01T${time}:00Z")`;
  const first = testKernel(root);
  const run = (cellId: string, code: string) =>
    first.request("run", { cellId, code, language: "typescript" });
  let queryId = "";
  let firstWaiting: Extract<KernelEvent, { type: "query.waiting" }> | undefined;

  beforeAll(async () => {
    await first.request("init", {});
    const started = await run(
      "query",
      [
        'const events = new MemoryStream(spark, "eventTime TIMESTAMP, word STRING");',
        "const counts = events.toDF().withWatermark('eventTime', '10 minutes')",
        "  .groupBy(window(col('eventTime'), '10 minutes'), col('word')).count();",
        "const q = await counts.writeStream.outputMode('append').format('memory').queryName('late_counts')",
        `  .option('checkpointLocation', '${checkpoint}').start();`,
        `events.addData([{ eventTime: ${at("12:01")}, word: "a" }, { eventTime: ${at("12:14")}, word: "b" }]);`,
        "await q.processAllAvailable();",
      ].join("\n"),
    );
    expect(started).toMatchObject({ status: "ok" });
    // Idle after its batches, the query says what its output waits for.
    firstWaiting = await vi.waitFor(
      () => {
        const event = first.events.find((e) => e.type === "query.waiting");
        if (event?.type !== "query.waiting") throw new Error("no query.waiting yet");
        return event;
      },
      { timeout: 10_000, interval: 50 },
    );
    queryId = (first.events.find((e) => e.type === "query.started") as { query: { id: string } }).query.id;
    const addData = (rows: string) => `events.addData([${rows}]);\nawait q.processAllAvailable();`;
    // Behind the max event time but inside the open window 12:00–12:10: kept. Then past its end: dropped.
    await run(
      "accepted",
      addData(`{ eventTime: ${at("12:02")}, word: "a" }, { eventTime: ${at("12:25")}, word: "c" }`),
    );
    await run("dropped", addData(`{ eventTime: ${at("12:05")}, word: "late" }`));
    await run("stop", "await q.stop();");
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("lists the kept batches and the session time zone", async () => {
    const history = await first.request("query.history", { queryId });
    expect(history.timeZone).toBe("UTC");
    expect(history.batchIds[0]).toBe(0);
    expect(history.batchIds.length).toBeGreaterThanOrEqual(2);
  });

  it("reads a batch: the late row with the watermark that dropped it, the window in state, the output", async () => {
    const ids = (await first.request("query.history", { queryId })).batchIds;
    const batches = await Promise.all(
      ids.map((batchId) => first.request("query.batch", { queryId, batchId })),
    );
    const zero = batches[0];
    expect(zero.input).toHaveLength(2);
    expect(zero.watermark.after).toBe(Date.parse("2024-01-01T12:04:00Z"));
    expect(zero.state[0].added.length).toBe(2);
    expect(zero.progress.batchId).toBe(0);
    expect(zero.files).toContain(`${checkpoint}/commits/0`);
    const accepted = batches.find((b) => b.lateAccepted.length > 0);
    expect(accepted?.lateAccepted).toEqual([
      expect.objectContaining({ word: "a", __watermark: Date.parse("2024-01-01T12:04:00Z") }),
    ]);
    const late = batches.find((b) => b.late.length > 0);
    expect(late?.late).toEqual([
      expect.objectContaining({ word: "late", __watermark: Date.parse("2024-01-01T12:15:00Z") }),
    ]);
    const emitted = batches.find((b) => b.output.length > 0);
    expect(emitted?.output).toEqual([expect.objectContaining({ word: "a", count: 2 })]);
    expect(emitted?.state[0].removed.length).toBeGreaterThan(0);
  });

  it("sends what the output waits for once the query is idle after a batch", () => {
    expect(firstWaiting?.waitingFor.message).toBe(
      "Window 12:00–12:10 is emitted when the watermark passes 12:10; the watermark is 12:04 (max event time 12:14 minus the 10 minute delay).",
    );
    expect(first.events.some((e) => e.type === "query.progress" && "waitingFor" in e)).toBe(false);
  });

  it("reads the same batches from the checkpoint in a kernel that did not run the query", async () => {
    const second = testKernel(root);
    await second.request("init", {});
    const history = await second.request("query.history", { queryId, checkpointLocation: checkpoint });
    const ids = (await first.request("query.history", { queryId })).batchIds;
    expect(history.batchIds).toEqual(ids);
    const again = await second.request("query.batch", {
      queryId,
      checkpointLocation: checkpoint,
      batchId: 0,
    });
    expect(again.input).toEqual((await first.request("query.batch", { queryId, batchId: 0 })).input);
  });

  it("says which query has no checkpoint to read", async () => {
    const second = testKernel(root);
    await second.request("init", {});
    await expect(second.request("query.history", { queryId: "gone" })).rejects.toThrow(
      "The query gone has no checkpoint to read its batches from.",
    );
  });
});
