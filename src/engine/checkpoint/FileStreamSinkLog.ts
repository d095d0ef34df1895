/**
 * `<sink>/_spark_metadata/N`: the files batch N wrote. Readers of the sink directory trust this log, not the
 * directory listing, so a half-written or re-run batch never shows duplicate or partial files.
 */

import { CorruptCheckpointError } from "../errors/exceptions";
import { type IoSteps, list, readFile, stat } from "../io/FileIO";
import { type FileSystem, joinPath } from "../io/FileSystem";
import { MetadataLog, parseJsonLine, parseVersionedLines } from "./MetadataLog";

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

export class FileStreamSinkLog extends MetadataLog<SinkFileStatus[]> {
  constructor(fs: FileSystem, sinkPath: string) {
    super(fs, joinPath(sinkPath, SINK_METADATA_DIR));
  }

  protected serialize(files: SinkFileStatus[]): string {
    return ["v1", ...files.map((f) => JSON.stringify(f))].join("\n");
  }

  protected deserialize(text: string, path: string): SinkFileStatus[] {
    return parseSinkLogEntry(text, path);
  }
}

export function parseSinkLogEntry(text: string, path: string): SinkFileStatus[] {
  return parseVersionedLines(text, path).map((line, i) => {
    const status = parseJsonLine<SinkFileStatus>(line, path, `entry ${i}`);
    if (typeof status?.path !== "string") throw new CorruptCheckpointError(path, `entry ${i} has no path`);
    return status;
  });
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
 * The files a streaming file sink has committed under `dir`, or undefined where `dir` was not written by one
 * (no `_spark_metadata`). Readers of sink output trust this, not the directory listing.
 */
export function* committedSinkFiles(dir: string): IoSteps<SinkFileStatus[] | undefined> {
  const logDir = joinPath(dir, SINK_METADATA_DIR);
  const status = yield* stat(logDir);
  if (!status?.isDirectory) return undefined;
  const entries: SinkFileStatus[][] = [];
  const names = (yield* list(logDir))
    .filter((e) => /^\d+$/.test(e.name))
    .sort((a, b) => Number(a.name) - Number(b.name));
  for (const entry of names) {
    entries.push(parseSinkLogEntry(new TextDecoder().decode(yield* readFile(entry.path)), entry.path));
  }
  return liveSinkFiles(entries);
}
