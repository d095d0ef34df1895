import { describe, expect, it } from "vitest";
import type { KernelEvent, QueryProgress, ResultPage, TablePage } from "../kernel/protocol";
import { applyKernelEvent, coalesce } from "./kernelEvents";
import { newCell } from "./model/notebook";
import type { AppState } from "./store";

const status = (message: string) => ({ message, isDataAvailable: true, isTriggerActive: false });

function progress(queryId: string, batchId: number): QueryProgress {
  return {
    id: queryId,
    runId: "r",
    name: null,
    timestamp: new Date(batchId * 100).toISOString(),
    batchId,
    numInputRows: 10,
    durationMs: { triggerExecution: 5 },
  };
}

const page = (batchId: number): TablePage & { batchId: number } => ({
  columns: [{ name: "n", type: "bigint" }],
  rows: [{ n: batchId }],
  offset: 0,
  totalRows: 1,
  batchId,
});
const result = (batchId: number): ResultPage & { batchId: number } => ({ ...page(batchId), changed: [true] });

const trigger = (queryId: string, batchId: number, tables = true): KernelEvent => ({
  type: "query.progress",
  queryId,
  progress: progress(queryId, batchId),
  status: status(`after ${batchId}`),
  ...(tables ? { input: page(batchId), result: result(batchId) } : {}),
});

describe("kernel events of one frame", () => {
  it("keep every trigger's progress but only the last tables and status of each query", () => {
    const events: KernelEvent[] = [
      trigger("a", 0),
      { type: "query.status", queryId: "a", status: status("between") },
      trigger("b", 7),
      trigger("a", 1),
      trigger("a", 2, false),
    ];
    const kept = coalesce(events);
    expect(kept.map((e) => e.type)).toEqual([
      "query.progress",
      "query.progress",
      "query.progress",
      "query.progress",
    ]);
    const a = kept.filter((e) => e.type === "query.progress" && e.queryId === "a");
    expect(
      a.map((e) => e.type === "query.progress" && [e.progress.batchId, e.input?.batchId, e.result?.batchId]),
    ).toEqual([
      [0, undefined, undefined],
      [1, 1, 1],
      [2, undefined, undefined],
    ]);
    const b = kept.find((e) => e.type === "query.progress" && e.queryId === "b");
    expect(b?.type === "query.progress" && b.result?.batchId).toBe(7);
  });

  it("keep outputs and lifecycle events, and the last of each notice", () => {
    const drip = (written: number) => ({ active: true, dir: "/d", everySeconds: 1, written, total: 3 });
    const events: KernelEvent[] = [
      { type: "loading", stage: "a", fraction: 0.2 },
      { type: "output", cellId: "c", item: { kind: "stream", name: "stdout", text: "1\n" } },
      { type: "drip", state: drip(1) },
      { type: "fs.changed", path: "/d/1" },
      { type: "output", cellId: "c", item: { kind: "stream", name: "stdout", text: "2\n" } },
      { type: "drip", state: drip(2) },
      { type: "fs.changed", path: "/d/2" },
      { type: "loading", stage: "b", fraction: 1 },
    ];
    expect(coalesce(events)).toEqual([events[1], events[4], events[5], events[6], events[7]]);
  });

  it("applied in order, give the state the events one by one would", () => {
    const cell = newCell("code", "q");
    let state = {
      notebook: { name: "n", cells: [cell] },
      running: {},
      queries: {},
      kernel: { phase: "ready", stage: "Ready", fraction: 1 },
      filesVersion: 0,
    } as unknown as AppState;
    const events: KernelEvent[] = [
      { type: "cell.started", cellId: cell.id, executionCount: 4 },
      { type: "query.started", query: { id: "a", runId: "r", name: null, cellId: cell.id, startedAt: 0 } },
      { type: "output", cellId: cell.id, item: { kind: "query", queryId: "a" } },
      trigger("a", 0),
      trigger("a", 1),
      { type: "fs.changed", path: "/x" },
      { type: "output", cellId: cell.id, item: { kind: "stream", name: "stdout", text: "done\n" } },
    ];
    const oneByOne = events.reduce(applyKernelEvent, state);
    state = coalesce(events).reduce(applyKernelEvent, state);
    expect(state).toEqual(oneByOne);
    expect(state.notebook.cells[0]).toMatchObject({ executionCount: 4 });
    expect(state.notebook.cells[0].outputs.map((o) => o.kind)).toEqual(["query", "stream"]);
    expect(state.running).toEqual({ [cell.id]: "running" });
    expect(state.queries.a.progress.map((p) => p.batchId)).toEqual([0, 1]);
    expect(state.queries.a.result?.batchId).toBe(1);
    expect(state.queries.a.status.message).toBe("after 1");
    expect(state.filesVersion).toBe(1);
  });
});
