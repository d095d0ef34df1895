/**
 * `history/N`: what batch N saw and did that the rest of the checkpoint cannot tell again — its input rows, the
 * rows its stateful operators dropped as late or accepted behind the max event time, the rows it gave the sink,
 * and its progress. Offsets, watermarks, state and files are read from the checkpoint itself (BatchHistory).
 * Written after commits/N and purged with the other logs, so the folder stays as bounded as they are; each list of
 * rows keeps at most `sluice.sql.streaming.history.maxRowsPerBatch` rows, with the full count beside it.
 */
import { CorruptCheckpointError } from "../errors/exceptions";
import type { FileSystem } from "../io/FileSystem";
import { joinPath } from "../io/FileSystem";
import type { Row } from "../sql/api/rows";
import type { OutputMode } from "../streaming/runtime/OutputMode";
import type { StreamingQueryProgress } from "../streaming/runtime/progress";
import type { WatchedSource } from "../streaming/runtime/WaitingFor";
import { MetadataLog, parseVersionedLines } from "./MetadataLog";

/** Rows a batch recorded: the first `maxRowsPerBatch` of them, and how many there were. */
export interface RecordedRows {
  readonly rows: Row[];
  readonly numRows: number;
}

export interface BatchHistoryEntry {
  /** Whether the query has an event-time watermark (the batch record's watermarks are null otherwise). */
  readonly hasWatermark: boolean;
  readonly input: RecordedRows;
  /** Rows a stateful operator dropped as late, each with the `__watermark` (epoch ms) that dropped it. */
  readonly late: RecordedRows;
  /** Rows behind the max event time seen before the batch that were still accepted, with `__watermark`. */
  readonly lateAccepted: RecordedRows;
  readonly output: RecordedRows;
  readonly progress: StreamingQueryProgress;
  /** What "waiting for" needs of the query itself: its output mode, watermark delay and sources. */
  readonly outputMode: OutputMode;
  readonly delayMs: number | null;
  readonly sources: WatchedSource[];
}

export class BatchHistoryLog extends MetadataLog<BatchHistoryEntry> {
  constructor(fs: FileSystem, checkpoint: string) {
    super(fs, joinPath(checkpoint, "history"));
  }

  protected serialize(entry: BatchHistoryEntry): string {
    return `v1\n${JSON.stringify(entry, tagValues)}`;
  }

  protected deserialize(text: string, path: string): BatchHistoryEntry {
    const lines = parseVersionedLines(text, path);
    let entry: BatchHistoryEntry | null;
    try {
      entry = JSON.parse(lines[0] ?? "", untagValues) as BatchHistoryEntry | null;
    } catch (error) {
      throw new CorruptCheckpointError(path, "the batch history is not valid JSON", error);
    }
    if (typeof entry !== "object" || entry === null || !entry.input || !entry.progress)
      throw new CorruptCheckpointError(path, "the batch history is not a batch's record");
    return entry;
  }
}

/**
 * A JSON.stringify replacer: values JSON has no type for, tagged so they come back as they were (timestamps, big
 * integers, bytes, NaN); Python cells read the same tags.
 */
export function tagValues(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Date) return { $date: raw.getTime() };
  if (typeof value === "bigint") return { $bigint: value.toString() };
  if (typeof value === "number" && !Number.isFinite(value)) return { $double: String(value) };
  if (value instanceof Uint8Array) return { $binary: Array.from(value) };
  return value;
}

function untagValues(_key: string, value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.$date === "number") return new Date(v.$date);
    if (typeof v.$bigint === "string") return BigInt(v.$bigint);
    if (typeof v.$double === "string") return Number(v.$double);
    if (Array.isArray(v.$binary)) return Uint8Array.from(v.$binary as number[]);
  }
  return value;
}
