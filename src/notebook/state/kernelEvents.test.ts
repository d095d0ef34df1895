import { describe, expect, it } from "vitest";
import type { KernelEvent, QueryProgress, ResultPage, TablePage } from "../../kernel/protocol";
import { newCell } from "../model/notebook";
import type { AppState } from "./AppState";
import { action, reducer } from "./actions";
import { actionOf, coalesce } from "./kernelEvents";
import { stateOf } from "./testing";

/** The state after these kernel events, each as its named action. */
const applyEvents = (state: AppState, events: readonly KernelEvent[]) =>
  events.map(actionOf).reduce(reducer, state);

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
    let state = stateOf([cell]);
    const events: KernelEvent[] = [
      { type: "cell.started", cellId: cell.id, executionCount: 4 },
      { type: "query.started", query: { id: "a", runId: "r", name: null, cellId: cell.id, startedAt: 0 } },
      { type: "output", cellId: cell.id, item: { kind: "query", queryId: "a" } },
      trigger("a", 0),
      trigger("a", 1),
      { type: "fs.changed", path: "/x" },
      { type: "output", cellId: cell.id, item: { kind: "stream", name: "stdout", text: "done\n" } },
    ];
    const oneByOne = applyEvents(state, events);
    state = applyEvents(state, coalesce(events));
    expect(state).toEqual(oneByOne);
    expect(state.notebook.cells[0]).toMatchObject({ executionCount: 4 });
    expect(state.notebook.cells[0].outputs.map((o) => o.kind)).toEqual(["query", "stream"]);
    expect(state.running).toEqual({ [cell.id]: "running" });
    expect(state.queries.a.progress.map((p) => p.batchId)).toEqual([0, 1]);
    expect(state.queries.a.result?.batchId).toBe(1);
    expect(state.queries.a.status.message).toBe("after 1");
    expect(state.filesVersion).toBe(1);
  });

  it("are each a named action", () => {
    const drip = { active: false, dir: "/d", everySeconds: 1, written: 3, total: 3 };
    const query = { id: "a", runId: "r", name: null, cellId: "c", startedAt: 0 };
    const item = { kind: "value" as const, text: "1" };
    const error = { name: "Error", message: "x" };
    const pairs: [KernelEvent, ReturnType<typeof actionOf>][] = [
      [{ type: "loading", stage: "s", fraction: 0.5 }, action.kernelLoading({ stage: "s", fraction: 0.5 })],
      [
        { type: "python.loading", stage: "p", fraction: 1 },
        action.pythonLoading({ stage: "p", fraction: 1 }),
      ],
      [{ type: "output", cellId: "c", item }, action.addOutput({ cellId: "c", item })],
      [
        { type: "cell.started", cellId: "c", executionCount: 2 },
        action.cellStarted({ cellId: "c", executionCount: 2 }),
      ],
      [{ type: "drip", state: drip }, action.dripChanged({ drip })],
      [{ type: "fs.changed", path: "/d/1" }, action.filesChanged()],
      [{ type: "query.started", query }, action.queryStarted({ query })],
      [
        { type: "query.status", queryId: "a", status: status("s") },
        action.queryStatusChanged({ queryId: "a", status: status("s") }),
      ],
      [{ type: "query.terminated", queryId: "a", error }, action.queryTerminated({ queryId: "a", error })],
    ];
    for (const [event, expected] of pairs) expect(actionOf(event)).toEqual(expected);
    const { type: _, ...fired } = trigger("a", 3) as Extract<KernelEvent, { type: "query.progress" }>;
    expect(actionOf(trigger("a", 3))).toEqual(action.queryProgressed(fired));
  });
});
