import { describe, expect, it } from "vitest";
import { action } from "./actions";
import { apply, stateOf } from "./testing";

const info = { duckdbVersion: "v1.4.0" } as never;

describe("kernel actions", () => {
  it("kernelLoading moves the bar; kernelReady keeps the kernel's info", () => {
    let s = apply(stateOf(), action.kernelLoading({ stage: "Loading DuckDB", fraction: 0.5 }));
    expect(s.kernel).toEqual({ phase: "starting", stage: "Loading DuckDB", fraction: 0.5 });
    s = apply(s, action.kernelReady({ info }));
    expect(s.kernel).toEqual({ phase: "ready", stage: "Ready", fraction: 1, info });
  });

  it("kernelFailed says why", () => {
    const s = apply(stateOf(), action.kernelFailed({ error: "no WebAssembly" }));
    expect(s.kernel).toEqual({ phase: "dead", stage: "Failed", fraction: 1, error: "no WebAssembly" });
  });

  it("kernelRestarting stops every run and running query and clears the notice", () => {
    const [a, b] = stateOf().notebook.cells;
    const query = { id: "q", runId: "r", name: null, cellId: a.id, startedAt: 0 };
    let s = apply(
      stateOf([a, b]),
      action.kernelReady({ info }),
      action.queueCells({ ids: [a.id, b.id] }),
      action.cellStarted({ cellId: a.id, executionCount: 1 }),
      action.queryStarted({ query }),
      action.queryStarted({ query: { ...query, id: "done" } }),
      action.queryTerminated({ queryId: "done" }),
      action.notify({ text: "The kernel does not answer", kind: "error" }),
    );
    s = apply(s, action.kernelRestarting());
    expect(s.running).toEqual({});
    expect(s.kernel).toEqual({ phase: "restarting", stage: "Restarting the kernel", fraction: 0.05 });
    expect(s.notice).toBeUndefined();
    expect(s.queries.q).toMatchObject({
      phase: "stopped",
      status: { message: "Stopped (kernel restarted)" },
    });
    expect(s.queries.done.status.message).toBe("Stopped");
  });

  it("pythonLoading shows Python's bar until it is ready", () => {
    let s = apply(stateOf(), action.pythonLoading({ stage: "Loading Pyodide", fraction: 0.4 }));
    expect(s.python).toEqual({ stage: "Loading Pyodide", fraction: 0.4 });
    s = apply(s, action.pythonLoading({ stage: "Ready", fraction: 1 }));
    expect(s.python).toBeUndefined();
  });

  it("dripChanged keeps the drip's state; filesChanged bumps the files' version", () => {
    const drip = { active: true, dir: "/d", everySeconds: 1, written: 2, total: 5 };
    const s = apply(stateOf(), action.dripChanged({ drip }), action.filesChanged(), action.filesChanged());
    expect(s.drip).toEqual(drip);
    expect(s.filesVersion).toBe(2);
  });

  it("notify shows a notice (info unless said), dismissNotice hides it", () => {
    let s = apply(stateOf(), action.notify({ text: "Saved" }));
    expect(s.notice).toEqual({ text: "Saved", kind: "info" });
    s = apply(s, action.notify({ text: "Could not save", kind: "error" }));
    expect(s.notice).toEqual({ text: "Could not save", kind: "error" });
    expect(apply(s, action.dismissNotice()).notice).toBeUndefined();
  });
});
