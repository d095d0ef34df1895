/**
 * Spark's streaming Source: reports how far its data goes (an offset, as JSON) and hands over the rows between
 * two offsets. Offsets go into the write-ahead log, so a batch re-run after a crash reads the same rows.
 */
import type { StructType } from "../sql/types";

/** Rows of one batch from one source, already in DuckDB. */
export interface SourceBatch {
  /** SELECT giving the rows, shaped as the source's schema. */
  readonly sql: string;
  readonly numRows: number;
  /** DuckDB tables holding the rows, dropped once the next batch replaces this one. */
  readonly tables: readonly string[];
}

/** "default": the source's own rate limit (maxFilesPerTrigger...); "all": everything (Trigger.Once). */
export type ReadLimit = "default" | "all";

export interface Source {
  /** As Spark describes it in progress reports: "FileStreamSource[file:/data/events]". */
  readonly description: string;
  readonly schema: StructType;
  /** Checks what can only be checked against storage (the path exists); throws AnalysisException. */
  validate?(): Promise<void>;
  /** The newest offset to read up to from `start`, within the limit; `start` where nothing is new. */
  latestOffset(start: string | undefined, limit: ReadLimit): Promise<string | undefined>;
  /** The rows after `start` up to and including `end`. */
  getBatch(start: string | undefined, end: string): Promise<SourceBatch>;
  /** Everything up to `end` is processed and committed; the source may forget it. */
  commit(end: string): Promise<void>;
  /** Trigger.AvailableNow: fixes the offset to stop at, as of now. */
  prepareForTriggerAvailableNow?(): Promise<void>;
  stop(): Promise<void>;
  /** Spark's per-source progress metrics. */
  metrics?(end: string | undefined): Record<string, string>;
}

/** Spark's message for an option value that is not a positive integer. */
export function positiveInteger(options: Readonly<Record<string, string>>, key: string): number | undefined {
  const raw = Object.entries(options).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`Invalid value '${raw}' for option '${key}', must be a positive integer`);
  }
  return value;
}

/** A case-insensitive option lookup (Spark's CaseInsensitiveMap). */
export function optionOf(options: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.entries(options).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
}
