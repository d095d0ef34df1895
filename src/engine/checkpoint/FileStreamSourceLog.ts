/**
 * `sources/<i>/`: Spark's FileStreamSourceLog, the files a file source took in each batch, compacted every
 * `spark.sql.streaming.fileSource.log.compactInterval` batches; rebuilt into "files seen" on restart.
 */

import { CorruptCheckpointError } from "../errors/exceptions";
import type { FileSystem } from "../io/FileSystem";
import {
  allValidBatches,
  CompactibleFileStreamLog,
  type CompactibleLogOptions,
  isCompactionBatch,
} from "./CompactibleFileStreamLog";
import { parseJsonLine } from "./MetadataLog";

export interface FileEntry {
  path: string;
  timestamp: number;
  batchId: number;
}

export class FileStreamSourceLog extends CompactibleFileStreamLog<FileEntry> {
  constructor(fs: FileSystem, dir: string, options: CompactibleLogOptions) {
    super(fs, dir, options);
  }

  protected serializeEntry(f: FileEntry): string {
    return JSON.stringify({ path: `file://${f.path}`, timestamp: f.timestamp, batchId: f.batchId });
  }

  protected deserializeEntry(line: string, path: string, index: number): FileEntry {
    const entry = parseJsonLine<FileEntry>(line, path, `entry ${index}`);
    if (typeof entry?.path !== "string") throw new CorruptCheckpointError(path, `entry ${index} has no path`);
    return { ...entry, path: entry.path.replace(/^file:\/\//, "") };
  }

  /**
   * The files taken in batch `batchId`. A compaction batch's file holds every batch's: only its own count; a
   * batch whose own file was deleted is found in the compaction that holds it (as Spark's get does).
   */
  override async get(batchId: number): Promise<FileEntry[] | undefined> {
    const interval = await this.compactInterval();
    const entries = await super.get(batchId);
    if (entries)
      return isCompactionBatch(batchId, interval) ? entries.filter((e) => e.batchId === batchId) : entries;
    const latest = await this.getLatestBatchId();
    if (latest === undefined || batchId > latest) return undefined;
    const compaction = allValidBatches(latest, interval)[0];
    if (compaction < batchId || !isCompactionBatch(compaction, interval)) return undefined;
    return (await super.get(compaction))?.filter((e) => e.batchId === batchId);
  }
}
