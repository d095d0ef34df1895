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

export interface LensData {
  /** The column the watermark is on, as the batches' input shows it; null where none is a timestamp. */
  eventColumn: string | null;
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
        const time = eventColumn ? timeOf(row[eventColumn]) : null;
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
        const time = timeOf(row[eventColumn]);
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
 * The input's event-time column: of the timestamp columns, the one whose latest value is the batch's
 * `eventTime.max` in its progress (what the watermark follows); else the first timestamp column.
 */
export function eventTimeColumn(batches: readonly BatchView[]): string | null {
  let first: string | null = null;
  for (const batch of batches) {
    const row = batch.input[0] ?? batch.late[0] ?? batch.lateAccepted[0];
    if (!row) continue;
    const columns = Object.keys(row).filter((c) => row[c] instanceof Date);
    first ??= columns[0] ?? null;
    const max = batch.progress.eventTime?.max;
    if (!max) continue;
    const target = Date.parse(max);
    const rows = [...batch.input, ...batch.late, ...batch.lateAccepted];
    const match = columns.find((c) => Math.max(...rows.map((r) => timeOf(r[c]) ?? -Infinity)) === target);
    if (match) return match;
  }
  return first;
}

function timeOf(value: unknown): number | null {
  return value instanceof Date ? value.getTime() : null;
}

/** A row's identity among the input: its event time and the values the input has (late rows add columns). */
function eventKey(row: Row, eventColumn: string | null): string {
  const time = eventColumn ? timeOf(row[eventColumn]) : null;
  const plain = Object.entries(row)
    .filter(([name, value]) => name !== "window" && name !== eventColumn && isScalar(value))
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
