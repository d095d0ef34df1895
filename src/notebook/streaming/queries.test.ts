import { describe, expect, it } from "vitest";
import type { QueryInfo, QueryProgress } from "../../kernel/protocol";
import { durationParts, hasState, hasWatermark, triggerPoints } from "./chartData";
import { applyQueryEvent, type Queries, restoredSnapshot, statusLine } from "./queries";

const info: QueryInfo = { id: "q1", runId: "r1", name: "program_ratings", cellId: "c1", startedAt: 0 };
const waiting = { message: "Waiting for next trigger", isDataAvailable: true, isTriggerActive: false };

function progress(batchId: number, extra: Partial<QueryProgress> = {}): QueryProgress {
  return {
    id: "q1",
    runId: "r1",
    name: "program_ratings",
    timestamp: `2024-01-01T00:00:0${batchId}.000Z`,
    batchId,
    numInputRows: 100 * (batchId + 1),
    inputRowsPerSecond: 50,
    processedRowsPerSecond: 200,
    durationMs: { addBatch: 30, getBatch: 5, latestOffset: 2, triggerExecution: 40 },
    ...extra,
  };
}

describe("query store", () => {
  it("follows a query from start through triggers and tables to its end", () => {
    let q: Queries = {};
    q = applyQueryEvent(q, { type: "query.started", query: info });
    expect(q.q1.phase).toBe("running");
    q = applyQueryEvent(q, { type: "query.progress", queryId: "q1", progress: progress(0), status: waiting });
    expect(statusLine(q.q1)).toBe("batch 0 · waiting · Waiting for next trigger");
    q = applyQueryEvent(q, { type: "query.progress", queryId: "q1", progress: progress(1), status: waiting });
    q = applyQueryEvent(q, {
      type: "query.status",
      queryId: "q1",
      status: { message: "Waiting for data to arrive", isDataAvailable: false, isTriggerActive: false },
    });
    expect(q.q1.progress.map((p) => p.batchId)).toEqual([0, 1]);
    expect(statusLine(q.q1)).toBe("batch 1 · waiting · Waiting for data to arrive");
    const result = {
      columns: [{ name: "n", type: "bigint" }],
      rows: [{ n: 1 }],
      offset: 0,
      totalRows: 1,
      changed: [true],
      batchId: 1,
    };
    q = applyQueryEvent(q, {
      type: "query.progress",
      queryId: "q1",
      progress: progress(2),
      status: waiting,
      result,
    });
    expect(q.q1.result).toEqual(result);
    // A trigger whose tables could not be read keeps the ones shown.
    q = applyQueryEvent(q, { type: "query.progress", queryId: "q1", progress: progress(3), status: waiting });
    expect(q.q1.result).toEqual(result);
    expect(q.q1.progress.map((p) => p.batchId)).toEqual([0, 1, 2, 3]);
    q = applyQueryEvent(q, {
      type: "query.terminated",
      queryId: "q1",
      error: { name: "StreamingQueryException", message: "boom", batchId: 2 },
    });
    expect(q.q1.phase).toBe("failed");
    expect(q.q1.error?.batchId).toBe(2);
    expect(statusLine(q.q1)).toContain("failed");
  });

  it("keeps a restarted query's history in the same panel", () => {
    let q: Queries = applyQueryEvent({}, { type: "query.started", query: info });
    q = applyQueryEvent(q, { type: "query.progress", queryId: "q1", progress: progress(0), status: waiting });
    q = applyQueryEvent(q, { type: "query.terminated", queryId: "q1" });
    q = applyQueryEvent(q, { type: "query.started", query: { ...info, runId: "r2" } });
    expect(q.q1.phase).toBe("running");
    expect(q.q1.info.runId).toBe("r2");
    expect(q.q1.progress).toHaveLength(1);
  });

  it("ignores events of unknown queries, and shows restored queries as stopped", () => {
    const q = applyQueryEvent(
      {},
      { type: "query.progress", queryId: "nope", progress: progress(0), status: waiting },
    );
    expect(q).toEqual({});
    const running = applyQueryEvent({}, { type: "query.started", query: info }).q1;
    expect(restoredSnapshot(running).phase).toBe("stopped");
  });
});

describe("chart data", () => {
  it("turns progress into per-trigger points with Spark's metrics", () => {
    const points = triggerPoints([
      progress(0),
      progress(1, {
        stateOperators: [
          { numRowsTotal: 6, numRowsUpdated: 2, memoryUsedBytes: 1000, numRowsDroppedByWatermark: 1 },
          { numRowsTotal: 4, numRowsUpdated: 1, memoryUsedBytes: 500 },
        ],
        eventTime: { watermark: "2024-01-01T00:00:00.500Z" },
      }),
    ]);
    expect(points[0]).toMatchObject({
      batchId: 0,
      numInputRows: 100,
      inputRowsPerSecond: 50,
      processedRowsPerSecond: 200,
      triggerExecutionMs: 40,
    });
    expect(points[0].durations).toEqual({ addBatch: 30, getBatch: 5, latestOffset: 2 });
    expect(points[1]).toMatchObject({
      stateRowsTotal: 10,
      stateRowsUpdated: 3,
      stateRowsDropped: 1,
      stateMemoryBytes: 1500,
      watermarkGapMs: 500,
    });
    expect(points[0].watermarkGapMs).toBeUndefined();
    expect(durationParts(points)).toEqual(["addBatch", "getBatch", "latestOffset"]);
    expect(hasState(points)).toBe(true);
    expect(hasWatermark(points)).toBe(true);
    expect(hasState(points.slice(0, 1))).toBe(false);
  });
});
