import type { QueryProgress } from "../../kernel/protocol";

/** One point per trigger, in the units Spark's Structured Streaming UI plots. */
export interface TriggerPoint {
  batchId: number;
  /** Trigger start, ms since the epoch. */
  time: number;
  label: string;
  inputRowsPerSecond: number;
  processedRowsPerSecond: number;
  numInputRows: number;
  /** durationMs parts (addBatch, getBatch, latestOffset, queryPlanning, walCommit, commitOffsets...). */
  durations: Record<string, number>;
  triggerExecutionMs: number;
  stateRowsTotal: number;
  stateRowsUpdated: number;
  stateRowsDropped: number;
  stateMemoryBytes: number;
  /** Trigger time minus the global watermark, where there is one: Spark's UI's "global watermark gap". */
  watermarkGapMs?: number;
  /**
   * The batch's max event time minus the watermark: how far behind its data the watermark is. Readable for
   * historical data too, where the trigger time is years past the events (Spark's gap says only that).
   */
  eventTimeGapMs?: number;
}

export function triggerPoints(progress: readonly QueryProgress[]): TriggerPoint[] {
  return progress.map((p) => {
    const time = Date.parse(p.timestamp);
    const { triggerExecution = 0, ...parts } = p.durationMs ?? {};
    const ops = p.stateOperators ?? [];
    const watermark = p.eventTime?.watermark ? Date.parse(p.eventTime.watermark) : Number.NaN;
    const maxEventTime = p.eventTime?.max ? Date.parse(p.eventTime.max) : Number.NaN;
    const hasWatermark = Number.isFinite(watermark) && watermark > 0;
    return {
      batchId: p.batchId,
      time,
      label: `#${p.batchId}`,
      inputRowsPerSecond: finite(p.inputRowsPerSecond),
      processedRowsPerSecond: finite(p.processedRowsPerSecond),
      numInputRows: finite(p.numInputRows),
      durations: parts,
      triggerExecutionMs: triggerExecution,
      stateRowsTotal: sum(ops.map((o) => o.numRowsTotal)),
      stateRowsUpdated: sum(ops.map((o) => o.numRowsUpdated)),
      stateRowsDropped: sum(ops.map((o) => o.numRowsDroppedByWatermark)),
      stateMemoryBytes: sum(ops.map((o) => o.memoryUsedBytes)),
      ...(hasWatermark && Number.isFinite(time) ? { watermarkGapMs: time - watermark } : {}),
      ...(hasWatermark && Number.isFinite(maxEventTime) ? { eventTimeGapMs: maxEventTime - watermark } : {}),
    };
  });
}

/** The durationMs parts that appear in any trigger, for the stacked duration chart. */
export function durationParts(points: readonly TriggerPoint[]): string[] {
  const parts = new Set<string>();
  for (const p of points) for (const k of Object.keys(p.durations)) parts.add(k);
  return [...parts].sort();
}

export function hasState(points: readonly TriggerPoint[]): boolean {
  return points.some((p) => p.stateRowsTotal > 0 || p.stateRowsUpdated > 0 || p.stateMemoryBytes > 0);
}

export function hasWatermark(points: readonly TriggerPoint[]): boolean {
  return points.some((p) => p.watermarkGapMs !== undefined);
}

function finite(n: number | undefined): number {
  return typeof n === "number" && Number.isFinite(n) ? n : 0;
}

function sum(values: (number | undefined)[]): number {
  return values.reduce<number>((s, v) => s + finite(v), 0);
}
