/**
 * `<sink>/_spark_metadata/`: Spark's FileStreamSinkLog, the files each batch of a file sink wrote, compacted
 * every `spark.sql.streaming.fileSink.log.compactInterval` batches. Readers of the sink directory trust this log,
 * not the directory listing, so a half-written or re-run batch never shows duplicate or partial files.
 */

import { CorruptCheckpointError } from "../errors/exceptions";
import type { IoSteps } from "../io/FileIO";
import { stat } from "../io/FileIO";
import { type FileSystem, joinPath } from "../io/FileSystem";
import {
  CompactibleFileStreamLog,
  type CompactibleLogOptions,
  readCompactibleLog,
} from "./CompactibleFileStreamLog";
import { parseJsonLine, parseVersionedLines } from "./MetadataLog";

export interface SinkFileStatus {
  path: string;
  size: number;
  isDir: boolean;
  modificationTime: number;
  blockReplication: number;
  blockSize: number;
  action: "add" | "delete";
}

export const SINK_METADATA_DIR = "_spark_metadata";

export class FileStreamSinkLog extends CompactibleFileStreamLog<SinkFileStatus> {
  /**
   * `retentionMs` is the sink's `retention` option: entries of files older than that are left out of
   * compactions and of what readers see (Spark's shouldRetain).
   */
  constructor(
    fs: FileSystem,
    sinkPath: string,
    options: CompactibleLogOptions,
    private readonly retentionMs = Number.POSITIVE_INFINITY,
  ) {
    super(fs, joinPath(sinkPath, SINK_METADATA_DIR), options);
  }

  protected serializeEntry(f: SinkFileStatus): string {
    return JSON.stringify(f);
  }

  protected deserializeEntry(line: string, path: string, index: number): SinkFileStatus {
    return parseSinkFileStatus(line, path, index);
  }

  /** Spark 2's compactLogs: a file deleted by a later entry is dropped with its entries. */
  protected override compactLogs(entries: SinkFileStatus[]): SinkFileStatus[] {
    return liveSinkFiles([entries]);
  }

  override shouldRetain(entry: SinkFileStatus, nowMs: number): boolean {
    return nowMs - entry.modificationTime <= this.retentionMs;
  }
}

function parseSinkFileStatus(line: string, path: string, index: number): SinkFileStatus {
  const status = parseJsonLine<SinkFileStatus>(line, path, `entry ${index}`);
  if (typeof status?.path !== "string") throw new CorruptCheckpointError(path, `entry ${index} has no path`);
  return status;
}

export function parseSinkLogEntry(text: string, path: string): SinkFileStatus[] {
  return parseVersionedLines(text, path).map((line, i) => parseSinkFileStatus(line, path, i));
}

/** The files a sink log's entries leave in place, in batch order: each batch's adds, minus later deletes. */
export function liveSinkFiles(entries: Iterable<readonly SinkFileStatus[]>): SinkFileStatus[] {
  const byPath = new Map<string, SinkFileStatus>();
  for (const files of entries) {
    for (const f of files) {
      if (f.action === "delete") byPath.delete(f.path);
      else byPath.set(f.path, f);
    }
  }
  return [...byPath.values()];
}

/**
 * The files a streaming file sink has committed under `dir` (its newest `.compact` file and the batches after
 * it), or undefined where `dir` was not written by one (no `_spark_metadata`). Readers of sink output trust this,
 * not the directory listing.
 */
export function* committedSinkFiles(dir: string): IoSteps<SinkFileStatus[] | undefined> {
  const logDir = joinPath(dir, SINK_METADATA_DIR);
  const status = yield* stat(logDir);
  if (!status?.isDirectory) return undefined;
  const log = yield* readCompactibleLog(logDir, parseSinkLogEntry);
  return liveSinkFiles([log?.entries ?? []]);
}
