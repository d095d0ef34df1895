import { describe, expect, it } from "vitest";
import type { QueryInfo, QuerySnapshot } from "../../kernel/protocol";
import { newCell } from "../model/notebook";
import { statusLine } from "../streaming/statusLine";
import { initialState } from "./AppState";
import { action } from "./actions";
import { PROGRESS_KEPT, restoredSnapshot } from "./queries";
import { apply, progress, stateOf } from "./testing";

const info: QueryInfo = { id: "q1", runId: "r1", name: "program_ratings", cellId: "c1", startedAt: 0 };
const waiting = { message: "Waiting for next trigger", isDataAvailable: true, isTriggerActive: false };

const triggered = (batchId: number) =>
  action.queryProgressed({ queryId: "q1", progress: progress(batchId), status: waiting });

describe("query actions", () => {
  it("follow a query from start through triggers and tables to its end", () => {
    let s = apply(stateOf(), action.queryStarted({ query: info }));
    expect(s.queries.q1.phase).toBe("running");
    s = apply(s, triggered(0));
    expect(statusLine(s.queries.q1)).toBe("batch 0 · waiting · Waiting for next trigger");
    s = apply(
      s,
      triggered(1),
      action.queryStatusChanged({
        queryId: "q1",
        status: { message: "Waiting for data to arrive", isDataAvailable: false, isTriggerActive: false },
      }),
    );
    expect(s.queries.q1.progress.map((p) => p.batchId)).toEqual([0, 1]);
    expect(statusLine(s.queries.q1)).toBe("batch 1 · waiting · Waiting for data to arrive");
    const result = {
      columns: [{ name: "n", type: "bigint" }],
      rows: [{ n: 1 }],
      offset: 0,
      totalRows: 1,
      changed: [true],
      batchId: 1,
    };
    s = apply(s, action.queryProgressed({ queryId: "q1", progress: progress(2), status: waiting, result }));
    expect(s.queries.q1.result).toEqual(result);
    // A trigger whose tables could not be read keeps the ones shown.
    s = apply(s, triggered(3));
    expect(s.queries.q1.result).toEqual(result);
    expect(s.queries.q1.progress.map((p) => p.batchId)).toEqual([0, 1, 2, 3]);
    s = apply(
      s,
      action.queryTerminated({
        queryId: "q1",
        error: { name: "StreamingQueryException", message: "boom", batchId: 2 },
      }),
    );
    expect(s.queries.q1.phase).toBe("failed");
    expect(s.queries.q1.error?.batchId).toBe(2);
    expect(statusLine(s.queries.q1)).toContain("failed");
  });

  it("queryStarted: a restarted query keeps its history in the same panel, and counts as this session's", () => {
    let s = apply(stateOf(), action.queryStarted({ query: info }), triggered(0));
    s = apply(s, action.queryTerminated({ queryId: "q1" }));
    expect(s.queries.q1.phase).toBe("stopped");
    expect(s.queries.q1.status.message).toBe("Stopped");
    s = apply(s, action.queryStarted({ query: { ...info, runId: "r2" } }));
    expect(s.queries.q1.phase).toBe("running");
    expect(s.queries.q1.info.runId).toBe("r2");
    expect(s.queries.q1.progress).toHaveLength(1);
    expect(s.sessionQueries).toEqual({ q1: true });
  });

  it("queryProgressed: a trigger sent twice is one point, and only the last PROGRESS_KEPT are kept", () => {
    let s = apply(stateOf(), action.queryStarted({ query: info }), triggered(0), triggered(0));
    expect(s.queries.q1.progress).toHaveLength(1);
    for (let batch = 1; batch <= PROGRESS_KEPT + 5; batch++)
      s = apply(
        s,
        action.queryProgressed({
          queryId: "q1",
          progress: progress(batch, { timestamp: new Date(batch * 1000).toISOString() }),
          status: waiting,
        }),
      );
    expect(s.queries.q1.progress).toHaveLength(PROGRESS_KEPT);
    expect(s.queries.q1.progress.at(-1)?.batchId).toBe(PROGRESS_KEPT + 5);
  });

  it("queryStatusChanged changes only the status", () => {
    const before = apply(stateOf(), action.queryStarted({ query: info }), triggered(0));
    const active = { message: "Processing new data", isDataAvailable: true, isTriggerActive: true };
    const after = apply(before, action.queryStatusChanged({ queryId: "q1", status: active }));
    expect(after.queries.q1).toEqual({ ...before.queries.q1, status: active });
    expect(statusLine(after.queries.q1)).toBe("batch 0 · running · Processing new data");
  });

  it("queryTerminated without an error stops the query; events of unknown queries change nothing", () => {
    const s = apply(stateOf(), action.queryStarted({ query: info }));
    expect(apply(s, action.queryTerminated({ queryId: "q1" })).queries.q1).toMatchObject({
      phase: "stopped",
      error: undefined,
      status: { isTriggerActive: false, message: "Stopped" },
    });
    expect(apply(stateOf(), triggered(0)).queries).toEqual({});
    expect(apply(stateOf(), action.queryTerminated({ queryId: "nope" })).queries).toEqual({});
  });

  it("shows the queries of a saved notebook as stopped", () => {
    const running = apply(stateOf(), action.queryStarted({ query: info }), triggered(0)).queries.q1;
    expect(restoredSnapshot(running).phase).toBe("stopped");
    const snapshot: QuerySnapshot = { ...running, info: { ...info, cellId: "saved" } };
    const cell = { ...newCell("code", "q"), outputs: [{ kind: "query" as const, queryId: "q1", snapshot }] };
    const page = initialState({ name: "n", cells: [cell] }, "storage");
    expect(page.queries.q1.phase).toBe("stopped");
    expect(page.queries.q1.status.message).toBe("Stopped (page reloaded)");
    expect(page.sessionQueries).toEqual({});
  });
});

describe("past runs: panels whose query does not run in this kernel", () => {
  const saved: QuerySnapshot = {
    info: { ...info, checkpointLocation: "/checkpoints/q1" },
    phase: "running",
    status: waiting,
    progress: [progress(5)],
  };
  const notebook = {
    name: "Saved",
    cells: [
      { ...newCell("code", "start"), outputs: [{ kind: "query" as const, queryId: "q1", snapshot: saved }] },
    ],
  };

  it("a reloaded panel learns its checkpoint's last committed batch; the status line shows it", () => {
    const s = initialState(notebook, "storage", "/notebooks/Saved.ipynb");
    expect(s.pastRuns).toEqual({ q1: { cause: "reload" } });
    const read = apply(
      s,
      action.checkpointRead({ queryId: "q1", progress: { committedBatchId: 7, plannedBatchId: 8 } }),
    );
    expect(read.pastRuns.q1).toEqual({ cause: "reload", committedBatchId: 7, plannedBatchId: 8 });
    expect(statusLine(read.queries.q1, read.pastRuns.q1)).toBe("batch 7 · stopped · Stopped (page reloaded)");
    // Running again in this kernel, it is no longer a past run.
    expect(apply(read, action.queryStarted({ query: info })).pastRuns).toEqual({});
  });

  it("a restarted kernel leaves every query a past run; a failed Restart says so in the status", () => {
    const s = apply(stateOf(), action.queryStarted({ query: info }), triggered(0), action.kernelRestarting());
    expect(s.pastRuns).toEqual({ q1: { cause: "kernel" } });
    const failed = apply(s, action.restartFailed({ queryId: "q1", message: "Not restarted: cell 2 failed" }));
    expect(statusLine(failed.queries.q1)).toBe("batch 0 · stopped · Not restarted: cell 2 failed");
  });
});
