/**
 * `history/N`: what batch N saw and did that the rest of the checkpoint cannot tell again — its input rows, the
 * rows its stateful operators dropped as late or accepted behind the max event time, the rows it gave the sink,
 * and its progress. Offsets, watermarks, state and files are read from the checkpoint itself (BatchHistory).
 * Written after commits/N and purged with the other logs, so the folder stays as bounded as they are; each list of
 * rows keeps at most `sluice.sql.streaming.history.maxRowsPerBatch` rows, with the full count beside it.
 *
 * Laid out as `v2`, a line of JSON (the query's facts, the progress, the late rows, and each table's row count and
 * byte length), then the input's and the output's rows as Arrow IPC streams, as DuckDB answered them: a batch's
 * rows are written without being decoded, and decoded only when the batch is read (bench P8). `v1` files (every
 * list as JSON) are still read.
 */
import * as arrow from "apache-arrow";
import { CorruptCheckpointError } from "../errors/exceptions";
import type { FileSystem } from "../io/FileSystem";
import { joinPath } from "../io/FileSystem";
import { type Row, rowSchemaOf, toRowsWithSchema, withRowSchema } from "../sql/api/rows";
import { type DataTypeJson, dataTypeFromJson, dataTypeToJson } from "../sql/dataTypeJson";
import { StructType } from "../sql/types";
import type { OutputMode } from "../streaming/runtime/OutputMode";
import type { StreamingQueryProgress } from "../streaming/runtime/progress";
import type { WatchedSource } from "../streaming/runtime/WaitingFor";
import { MetadataLog, parseVersionedLines } from "./MetadataLog";

/** The layout written: a JSON line, then the input's and output's Arrow IPC streams. */
const VERSION = 2;

/** Rows a batch recorded: the first `maxRowsPerBatch` of them, and how many there were. */
export interface RecordedRows {
  readonly rows: Row[];
  readonly numRows: number;
}

/** Rows a batch recorded as DuckDB gave them: an Arrow IPC stream (none where no row was kept), and the count. */
export interface RecordedTable {
  readonly ipc: Uint8Array | undefined;
  readonly numRows: number;
}

/** What the running query writes: the entry, its input and output still as Arrow IPC. */
export interface BatchHistoryRecord extends Omit<BatchHistoryEntry, "input" | "output"> {
  readonly input: RecordedTable;
  readonly output: RecordedTable;
}

/**
 * The JSON line of a v2 file: the entry without its tables, and each table's count and length in bytes. The late
 * rows' types (their JSON has a Date for a DATE as for a TIMESTAMP) go beside them as runs of rows of one schema
 * (one run per operator that judged rows); files written before have none.
 */
interface Header extends Omit<BatchHistoryEntry, "input" | "output"> {
  readonly input: { numRows: number; bytes: number };
  readonly output: { numRows: number; bytes: number };
  readonly rowTypes?: { late: RowTypeRun[]; lateAccepted: RowTypeRun[] };
}

/** `rows` rows in a row, all of schema `type` (null: unknown). */
interface RowTypeRun {
  readonly type: DataTypeJson | null;
  readonly rows: number;
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
  /**
   * By stateful operator id, how far (ms) the watermark the operator runs with stays behind the query's, where an
   * operator below it holds it back (a time-interval stream-stream join); absent in older records.
   */
  readonly heldBackMs?: Readonly<Record<number, number>>;
}

export class BatchHistoryLog extends MetadataLog<BatchHistoryEntry, BatchHistoryRecord> {
  constructor(fs: FileSystem, checkpoint: string) {
    super(fs, joinPath(checkpoint, "history"));
  }

  protected serialize(record: BatchHistoryRecord): Uint8Array {
    const { input, output } = record;
    const header: Header = {
      ...record,
      input: { numRows: input.numRows, bytes: input.ipc?.byteLength ?? 0 },
      output: { numRows: output.numRows, bytes: output.ipc?.byteLength ?? 0 },
      rowTypes: { late: typeRuns(record.late.rows), lateAccepted: typeRuns(record.lateAccepted.rows) },
    };
    const head = new TextEncoder().encode(`v${VERSION}\n${JSON.stringify(header, tagValues)}\n`);
    const bytes = new Uint8Array(head.byteLength + header.input.bytes + header.output.bytes);
    bytes.set(head);
    if (input.ipc) bytes.set(input.ipc, head.byteLength);
    if (output.ipc) bytes.set(output.ipc, head.byteLength + header.input.bytes);
    return bytes;
  }

  protected override parse(bytes: Uint8Array, path: string): BatchHistoryEntry {
    const versionEnd = bytes.indexOf(NEWLINE);
    const version = Number(
      /^v(\d+)$/.exec(new TextDecoder().decode(bytes.subarray(0, Math.max(0, versionEnd))))?.[1],
    );
    if (version > VERSION)
      throw new CorruptCheckpointError(
        path,
        `UnsupportedLogVersion: maximum supported log version is v${VERSION}, but encountered v${version}. The log file was produced by a newer version of Sluice and cannot be read by this version. Please upgrade.`,
      );
    // v1 (or no version at all, which deserialize reports).
    if (version !== VERSION) return this.deserialize(new TextDecoder().decode(bytes), path);
    // The JSON line holds no raw newline (JSON.stringify escapes them): the tables start after the next one.
    const headerEnd = bytes.indexOf(NEWLINE, versionEnd + 1);
    if (headerEnd < 0) throw new CorruptCheckpointError(path, "the batch history is truncated");
    const header = checkedEntry(
      parseJson(new TextDecoder().decode(bytes.subarray(versionEnd + 1, headerEnd)), path) as Header | null,
      path,
    );
    const inputStart = headerEnd + 1;
    const outputStart = inputStart + header.input.bytes;
    if (outputStart + header.output.bytes !== bytes.byteLength)
      throw new CorruptCheckpointError(path, "the batch history's tables are not the length its header says");
    const rowsOf = (start: number, length: number): Row[] => {
      if (length === 0) return [];
      try {
        return toRowsWithSchema(arrow.tableFromIPC(bytes.subarray(start, start + length)));
      } catch (error) {
        throw new CorruptCheckpointError(path, "the batch history's rows are not an Arrow IPC stream", error);
      }
    };
    const { rowTypes, ...entry } = header;
    if (rowTypes) {
      withTypeRuns(entry.late.rows, rowTypes.late);
      withTypeRuns(entry.lateAccepted.rows, rowTypes.lateAccepted);
    }
    return {
      ...entry,
      input: { rows: rowsOf(inputStart, header.input.bytes), numRows: header.input.numRows },
      output: { rows: rowsOf(outputStart, header.output.bytes), numRows: header.output.numRows },
    };
  }

  /** The v1 layout: the whole entry as one line of JSON. */
  protected deserialize(text: string, path: string): BatchHistoryEntry {
    const lines = parseVersionedLines(text, path);
    return checkedEntry(parseJson(lines[0] ?? "", path) as BatchHistoryEntry | null, path);
  }
}

const NEWLINE = 0x0a;

/** The schemas rows were tied to (withRowSchema), as runs of consecutive rows of one schema. */
function typeRuns(rows: readonly Row[]): RowTypeRun[] {
  const runs: { schema: StructType | undefined; rows: number }[] = [];
  for (const row of rows) {
    const schema = rowSchemaOf(row);
    const last = runs.at(-1);
    if (last && last.schema === schema) last.rows += 1;
    else runs.push({ schema, rows: 1 });
  }
  return runs.map(({ schema, rows }) => ({ type: schema ? dataTypeToJson(schema) : null, rows }));
}

/** Ties rows read back to the schemas typeRuns wrote (a run that does not match the rows is ignored). */
function withTypeRuns(rows: readonly Row[], runs: readonly RowTypeRun[]): void {
  let at = 0;
  for (const run of runs) {
    const schema = run.type ? dataTypeFromJson(run.type) : undefined;
    for (const row of rows.slice(at, at + run.rows))
      if (schema instanceof StructType) withRowSchema(row, schema);
    at += run.rows;
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text, untagValues);
  } catch (error) {
    throw new CorruptCheckpointError(path, "the batch history is not valid JSON", error);
  }
}

function checkedEntry<E extends { input?: unknown; progress?: unknown }>(entry: E | null, path: string): E {
  if (typeof entry !== "object" || entry === null || !entry.input || !entry.progress)
    throw new CorruptCheckpointError(path, "the batch history is not a batch's record");
  return entry;
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
