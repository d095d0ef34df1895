/**
 * Spark's streaming Source: reports how far its data goes (an offset, as JSON) and hands over the rows between
 * two offsets. Offsets go into the write-ahead log, so a batch re-run after a crash reads the same rows.
 */
import {
  booleanOptionRequired,
  notABooleanString,
  notANumber,
  positiveIntegerOptionRequired,
} from "../errors/QueryExecutionErrors";
import type { StructType } from "../sql/types";

/** Rows of one batch from one source, already in DuckDB. */
export interface SourceBatch {
  /** SELECT giving the rows, shaped as the source's schema; "" where the batch has no rows to read. */
  readonly sql: string;
  readonly numRows: number;
  /** DuckDB tables holding the rows, dropped once the next batch replaces this one. */
  readonly tables: readonly string[];
  /** The rows with only the columns read (a pruned source leaves the others NULL in `sql`), for display. */
  readonly displaySql?: string;
  /** The rows `displaySql` (or `sql`) gives, as an Arrow IPC stream, where the source has them at hand. */
  readonly ipc?: Uint8Array;
}

/** "default": the source's own rate limit (maxFilesPerTrigger...); "all": everything (Trigger.Once). */
export type ReadLimit = "default" | "all";

export interface Source {
  /** As Spark describes it in progress reports: "FileStreamSource[file:/data/events]". */
  readonly description: string;
  readonly schema: StructType;
  /**
   * Checks what can only be checked against storage (the path exists) and reads the source's own log, before
   * the query starts; throws AnalysisException or CorruptCheckpointError.
   */
  validate?(): Promise<void>;
  /**
   * Sets the source up in the query's run, before its first trigger (Spark creates sources in the stream
   * thread): what fails here (an option Spark checks only then) fails the query, not `start()`.
   */
  setUp?(): Promise<void>;
  /** The newest offset to read up to from `start`, within the limit; `start` where nothing is new. */
  latestOffset(start: string | undefined, limit: ReadLimit): Promise<string | undefined>;
  /**
   * The newest offset available regardless of the rate limit, for progress reports (Spark's
   * reportLatestOffset); sources without one report null.
   */
  reportLatestOffset?(): string | undefined;
  /** The rows after `start` up to and including `end`. */
  getBatch(start: string | undefined, end: string): Promise<SourceBatch>;
  /** Everything up to `end` is processed and committed; the source may forget it. */
  commit(end: string): Promise<void>;
  /**
   * Trigger.AvailableNow: fixes what "available" means, as of now. Sources without it are wrapped so their
   * latest offset at start is where the query stops.
   */
  prepareForTriggerAvailableNow?(): Promise<void>;
  stop(): Promise<void>;
  /** Spark's per-source progress metrics. */
  metrics?(end: string | undefined): Record<string, string>;
}

export const EMPTY_BATCH: SourceBatch = { sql: "", numRows: 0, tables: [] };

/** A case-insensitive option lookup (Spark's CaseInsensitiveMap). */
export function optionOf(options: Readonly<Record<string, string>>, key: string): string | undefined {
  const lower = key.toLowerCase();
  return Object.entries(options).find(([k]) => k.toLowerCase() === lower)?.[1];
}

/**
 * Sets `key` in `options` as Spark's CaseInsensitiveMap `+` does: a later option overrides an earlier one whose
 * key differs only in case (SPARK-32832), so `option("paTh", "1").option("path", "5")` reads "5".
 */
export function setOption(options: Record<string, string>, key: string, value: string): void {
  const lower = key.toLowerCase();
  for (const k of Object.keys(options)) if (k.toLowerCase() === lower) delete options[k];
  options[key] = value;
}

/** An option that must be a positive integer, refused with Spark's FileStreamOptions message. */
export function positiveIntegerOption(
  options: Readonly<Record<string, string>>,
  key: string,
): number | undefined {
  const raw = optionOf(options, key);
  if (raw === undefined) return undefined;
  const value = Number(raw.trim());
  if (raw.trim() === "" || !Number.isSafeInteger(value) || value <= 0) {
    throw positiveIntegerOptionRequired(key, raw);
  }
  return value;
}

/** A whole-number option (Spark's options.getLong), refused with Java's NumberFormatException message otherwise. */
export function longOption(options: Readonly<Record<string, string>>, key: string, fallback: number): number {
  const raw = optionOf(options, key);
  if (raw === undefined) return fallback;
  const value = Number(raw.trim());
  if (raw.trim() === "" || !Number.isSafeInteger(value)) throw notANumber(raw);
  return value;
}

/**
 * A "true"/"false" option of a DataSource V2 table (Spark's CaseInsensitiveStringMap.getBoolean: the console
 * sink's `truncate`), refused with its message otherwise.
 */
export function mapBooleanOption(
  options: Readonly<Record<string, string>>,
  key: string,
  defaultValue: boolean,
): boolean {
  const raw = optionOf(options, key);
  if (raw === undefined) return defaultValue;
  if (raw.toLowerCase() === "true") return true;
  if (raw.toLowerCase() === "false") return false;
  throw notABooleanString(raw);
}

/** A "true"/"false" option, refused with Spark's message otherwise. */
export function booleanOption(
  options: Readonly<Record<string, string>>,
  key: string,
  defaultValue: boolean,
): boolean {
  const raw = optionOf(options, key);
  if (raw === undefined) return defaultValue;
  const value = raw.trim().toLowerCase();
  if (value !== "true" && value !== "false") {
    throw booleanOptionRequired(key, raw);
  }
  return value === "true";
}
