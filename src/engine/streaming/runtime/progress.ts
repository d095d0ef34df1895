/**
 * Spark's StreamingQueryProgress and StreamingQueryStatus, with Spark's JSON field names and order
 * (sql/core/.../streaming/progress.scala). NaN/Infinity and empty maps are left out of the JSON, as Spark does.
 */
export interface StateOperatorProgress {
  operatorName: string;
  numRowsTotal: number;
  numRowsUpdated: number;
  allUpdatesTimeMs: number;
  numRowsRemoved: number;
  allRemovalsTimeMs: number;
  commitTimeMs: number;
  memoryUsedBytes: number;
  numRowsDroppedByWatermark: number;
  numShufflePartitions: number;
  numStateStoreInstances: number;
  customMetrics: Record<string, number>;
}

export interface SourceProgress {
  description: string;
  startOffset: unknown;
  endOffset: unknown;
  latestOffset: unknown;
  numInputRows: number;
  inputRowsPerSecond: number;
  processedRowsPerSecond: number;
  metrics: Record<string, string>;
}

export interface SinkProgress {
  description: string;
  numOutputRows: number;
  metrics: Record<string, string>;
}

export interface StreamingQueryProgress {
  id: string;
  runId: string;
  name: string | null;
  /** ISO-8601 UTC time the trigger started. */
  timestamp: string;
  batchId: number;
  batchDuration: number;
  numInputRows: number;
  inputRowsPerSecond: number;
  processedRowsPerSecond: number;
  durationMs: Record<string, number>;
  eventTime: Record<string, string>;
  stateOperators: StateOperatorProgress[];
  sources: SourceProgress[];
  sink: SinkProgress;
  /** The `observe` metrics of the batch: name → its row (Spark's Row.jsonValue in the JSON). */
  observedMetrics: Record<string, Record<string, unknown>>;
}

export interface StreamingQueryStatus {
  message: string;
  isDataAvailable: boolean;
  isTriggerActive: boolean;
}

/** The map-valued fields: Spark writes their keys sorted (safeMapToJValue); the others keep their order. */
const MAP_FIELDS = new Set(["durationMs", "eventTime", "metrics", "customMetrics", "observedMetrics"]);

/** Drops NaN/Infinity numbers and empty maps, recursively, and sorts map keys, as Spark's JSON. */
function clean(value: unknown, key?: string): unknown {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) return value.map((v) => clean(v));
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, clean(v, k)] as const)
      .filter(
        ([, v]) =>
          v !== undefined &&
          !(v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0),
      );
    if (key !== undefined && MAP_FIELDS.has(key)) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  }
  return value;
}

/** The progress as Spark's `json` renders it. */
export function progressToJSON(progress: StreamingQueryProgress): Record<string, unknown> {
  return clean(progress) as Record<string, unknown>;
}

export function prettyJson(progress: StreamingQueryProgress): string {
  return JSON.stringify(progressToJSON(progress), null, 2);
}

/**
 * A progress read back from its JSON (Spark's JsonProtocol reading an event log): the maps the JSON leaves out
 * when empty are empty again, and the rates it leaves out (not finite) are NaN.
 */
export function progressFromJSON(json: Record<string, unknown>): StreamingQueryProgress {
  const p = json as unknown as StreamingQueryProgress;
  const rate = (v: number | undefined) => v ?? Number.NaN;
  return {
    ...p,
    name: p.name ?? null,
    inputRowsPerSecond: rate(p.inputRowsPerSecond),
    processedRowsPerSecond: rate(p.processedRowsPerSecond),
    durationMs: p.durationMs ?? {},
    eventTime: p.eventTime ?? {},
    stateOperators: (p.stateOperators ?? []).map((op) => ({ ...op, customMetrics: op.customMetrics ?? {} })),
    sources: (p.sources ?? []).map((s) => ({
      ...s,
      inputRowsPerSecond: rate(s.inputRowsPerSecond),
      processedRowsPerSecond: rate(s.processedRowsPerSecond),
      metrics: s.metrics ?? {},
    })),
    sink: { ...p.sink, metrics: p.sink?.metrics ?? {} },
    observedMetrics: p.observedMetrics ?? {},
  };
}
