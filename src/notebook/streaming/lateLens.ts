import type { BatchView, Row } from "../../kernel/protocol";

/** How an input row fared against the watermark. */
export type Verdict = "on time" | "late, kept" | "late, dropped";

export interface LensPoint {
  batchId: number;
  /** Event time, epoch ms. */
  time: number;
  verdict: Verdict;
}

/** A late row as the lens lists it: the batch that judged it, and the watermark it was judged by. */
export interface LateRow {
  batchId: number;
  time: number | null;
  watermark: number;
  verdict: Exclude<Verdict, "on time">;
  /** The row as the stateful operator saw it, without `__watermark`. */
  row: Row;
}

/**
 * The input's event time: a timestamp column, or a number column the watermark's timestamp is made from
 * (`timestamp_micros(col("event_timestamp"))`: the input rows have the number, not the timestamp).
 */
export interface EventColumn {
  name: string;
  unit: "timestamp" | "micros" | "millis" | "seconds";
}

export interface LensData {
  /** The column the watermark is on, as the batches' input shows it; null where none is found. */
  eventColumn: EventColumn | null;
  points: LensPoint[];
  /** The watermark each batch ran with (epoch ms), where there was one. */
  watermark: { batchId: number; ms: number }[];
  /** Event-time windows the batches' state or late rows hold, oldest first. */
  windows: { start: number; end: number }[];
  late: LateRow[];
}

/**
 * The late-data lens's picture of some batches: each input row's event time as a point (its verdict from the
 * batch's late and late-accepted rows), the watermark each batch ran with, and the windows in state. On-time
 * points are thinned to `maxPointsPerBatch` a batch, so a busy stream draws quickly; late ones are all drawn.
 */
export function lensData(batches: readonly BatchView[], maxPointsPerBatch = 200): LensData {
  const eventColumn = eventTimeColumn(batches);
  const points: LensPoint[] = [];
  const late: LateRow[] = [];
  const windows = new Map<string, { start: number; end: number }>();
  for (const batch of batches) {
    const judged = new Map<string, number>();
    for (const [rows, verdict] of [
      [batch.late, "late, dropped"],
      [batch.lateAccepted, "late, kept"],
    ] as const) {
      for (const { __watermark, ...row } of rows) {
        const time = timeIn(row, eventColumn);
        late.push({ batchId: batch.batchId, time, watermark: Number(__watermark), verdict, row });
        if (time !== null) points.push({ batchId: batch.batchId, time, verdict });
        const key = eventKey(row, eventColumn);
        judged.set(key, (judged.get(key) ?? 0) + 1);
        addWindows(windows, row);
      }
    }
    if (eventColumn) {
      const onTime: number[] = [];
      for (const row of batch.input) {
        const key = eventKey(row, eventColumn);
        const left = judged.get(key) ?? 0;
        if (left > 0) {
          judged.set(key, left - 1);
          continue;
        }
        const time = timeIn(row, eventColumn);
        if (time !== null) onTime.push(time);
      }
      for (const time of thin(onTime, maxPointsPerBatch))
        points.push({ batchId: batch.batchId, time, verdict: "on time" });
    }
    for (const state of batch.state) {
      for (const row of [...state.after, ...state.removed]) addWindows(windows, (row.key ?? {}) as Row);
    }
  }
  const watermark = batches.flatMap((b) =>
    b.watermark.before !== null && b.watermark.before > 0
      ? [{ batchId: b.batchId, ms: b.watermark.before }]
      : [],
  );
  return {
    eventColumn,
    points,
    watermark,
    windows: [...windows.values()].sort((a, b) => a.start - b.start || a.end - b.end),
    late,
  };
}

/**
 * The input's event-time column: of the timestamp columns, and the number columns read as epoch microseconds,
 * milliseconds or seconds, the one whose latest value is the batch's `eventTime.max` in its progress (what the
 * watermark follows); else the first timestamp column.
 */
export function eventTimeColumn(batches: readonly BatchView[]): EventColumn | null {
  let first: EventColumn | null = null;
  for (const batch of batches) {
    const rows = [...batch.input, ...batch.late, ...batch.lateAccepted];
    const sample = [batch.input[0], batch.late[0], batch.lateAccepted[0]].filter((r) => r !== undefined);
    const names = [...new Set(sample.flatMap((r) => Object.keys(r)))];
    first ??= names.some((c) => sample.some((r) => r[c] instanceof Date))
      ? { name: names.find((c) => sample.some((r) => r[c] instanceof Date)) as string, unit: "timestamp" }
      : null;
    const max = batch.progress.eventTime?.max;
    if (!max) continue;
    const target = Date.parse(max);
    for (const name of names) {
      for (const unit of UNITS) {
        const column = { name, unit };
        let latest = Number.NEGATIVE_INFINITY;
        for (const row of rows) latest = Math.max(latest, timeIn(row, column) ?? Number.NEGATIVE_INFINITY);
        if (latest === target) return column;
      }
    }
  }
  return first;
}

const UNITS: readonly EventColumn["unit"][] = ["timestamp", "micros", "millis", "seconds"];
const MS_PER: Record<Exclude<EventColumn["unit"], "timestamp">, number> = {
  micros: 0.001,
  millis: 1,
  seconds: 1000,
};

/** A row's event time in epoch ms (microseconds truncated, as the progress's eventTime says them). */
function timeIn(row: Row, column: EventColumn | null): number | null {
  if (!column) return null;
  const value = row[column.name];
  if (column.unit === "timestamp") return value instanceof Date ? value.getTime() : null;
  if (typeof value !== "bigint" && typeof value !== "number") return null;
  return Math.floor(Number(value) * MS_PER[column.unit]);
}

/** A row's identity among the input: its event time and the values the input has (late rows add columns). */
function eventKey(row: Row, eventColumn: EventColumn | null): string {
  const time = timeIn(row, eventColumn);
  const plain = Object.entries(row)
    .filter(([name, value]) => name !== "window" && name !== eventColumn?.name && isScalar(value))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${String(value)}`);
  return `${time}|${plain.join(",")}`;
}

function isScalar(value: unknown): boolean {
  return value === null || ["string", "number", "bigint", "boolean"].includes(typeof value);
}

/** The `window` / `session_window` structs among a row's values. */
function addWindows(windows: Map<string, { start: number; end: number }>, row: Row): void {
  for (const value of Object.values(row)) {
    const w = value as { start?: unknown; end?: unknown } | null;
    if (w?.start instanceof Date && w.end instanceof Date) {
      const start = w.start.getTime();
      const end = w.end.getTime();
      windows.set(`${start}-${end}`, { start, end });
    }
  }
}

/** At most `max` values, evenly spread over all of them. */
function thin(values: number[], max: number): number[] {
  if (values.length <= max) return values;
  const step = values.length / max;
  return Array.from({ length: max }, (_, i) => values[Math.floor(i * step)]);
}
