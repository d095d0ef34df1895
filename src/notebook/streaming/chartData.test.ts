import { describe, expect, it } from "vitest";
import { progress } from "../state/testing";
import { durationParts, hasState, hasWatermark, triggerPoints } from "./chartData";

describe("chart data", () => {
  it("turns progress into per-trigger points with Spark's metrics", () => {
    const points = triggerPoints([
      progress(0),
      progress(1, {
        stateOperators: [
          { numRowsTotal: 6, numRowsUpdated: 2, memoryUsedBytes: 1000, numRowsDroppedByWatermark: 1 },
          { numRowsTotal: 4, numRowsUpdated: 1, memoryUsedBytes: 500 },
        ],
        eventTime: { watermark: "2024-01-01T00:00:00.500Z", max: "2024-01-01T00:00:00.800Z" },
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
      eventTimeGapMs: 300,
    });
    expect(points[0].watermarkGapMs).toBeUndefined();
    expect(points[0].eventTimeGapMs).toBeUndefined();
    expect(durationParts(points)).toEqual(["addBatch", "getBatch", "latestOffset"]);
    expect(hasState(points)).toBe(true);
    expect(hasWatermark(points)).toBe(true);
    expect(hasState(points.slice(0, 1))).toBe(false);
  });
});

describe("the watermark gap of historical data", () => {
  it("is shown against the batch's max event time beside Spark's (trigger time − watermark)", () => {
    // The 2020 teaching data run in 2026: events of July 2020, a 10 minute watermark delay.
    const [point] = triggerPoints([
      progress(3, {
        timestamp: "2026-12-06T10:00:00.000Z",
        eventTime: {
          min: "2020-07-01T00:00:00.000Z",
          max: "2020-07-01T00:30:00.000Z",
          watermark: "2020-07-01T00:20:00.000Z",
        },
      }),
    ]);
    expect(point.eventTimeGapMs).toBe(10 * 60_000);
    expect((point.watermarkGapMs ?? 0) / 1000).toBeGreaterThan(200e6);
  });
});
