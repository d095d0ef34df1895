/**
 * Spark's HDFSMetadataLog: one file per batch id in a directory, written atomically and never overwritten.
 * The offset, commit, source and sink logs are all MetadataLogs with their own serialisation.
 */

import { CorruptCheckpointError } from "../errors/exceptions";
import {
  failedToReadLogFile,
  incompleteLogFile,
  logVersionGreaterThanSupported,
  logVersionNotMatch,
  malformedLogFile,
} from "../errors/QueryExecutionErrors";
import {
  FileAlreadyExistsError,
  FileNotFoundError,
  type FileSystem,
  isHiddenFile,
  joinPath,
} from "../io/FileSystem";

export const LOG_VERSION = 1;

/** `Written` is what `add` takes where it differs from what `get` gives (a log that decodes lazily, say). */
export abstract class MetadataLog<T, Written = T> {
  /** Every entry below this id is gone (purged by this log): the next purge deletes from here, not listing. */
  private purgedBelow: number | undefined;

  constructor(
    protected readonly fs: FileSystem,
    readonly dir: string,
  ) {}

  protected abstract serialize(metadata: Written): string | Uint8Array;
  /** Throws CorruptCheckpointError (with `path`) where the text is not a valid entry. */
  protected abstract deserialize(text: string, path: string): T;

  /** An entry from its file's bytes: text for every log but a binary one. */
  protected parse(bytes: Uint8Array, path: string): T {
    return this.deserialize(new TextDecoder().decode(bytes), path);
  }

  pathOf(batchId: number): string {
    return joinPath(this.dir, String(batchId));
  }

  /** Writes the entry for `batchId`; false where one was already there (a re-run batch keeps the first). */
  async add(batchId: number, metadata: Written): Promise<boolean> {
    try {
      await this.fs.createFile(this.pathOf(batchId), this.serialize(metadata));
      return true;
    } catch (error) {
      if (error instanceof FileAlreadyExistsError) return false;
      throw error;
    }
  }

  async get(batchId: number): Promise<T | undefined> {
    const path = this.pathOf(batchId);
    let bytes: Uint8Array;
    try {
      bytes = await this.fs.readFile(path);
    } catch (error) {
      if (error instanceof FileNotFoundError) return undefined;
      throw error;
    }
    return this.parse(bytes, path);
  }

  /** Batch ids present, ascending; temporary and hidden files are ignored. */
  async batchIds(): Promise<number[]> {
    const entries = await this.fs.list(this.dir);
    return entries
      .filter((e) => !e.isDirectory && !isHiddenFile(e.name) && /^\d+$/.test(e.name))
      .map((e) => Number(e.name))
      .sort((a, b) => a - b);
  }

  async getLatest(): Promise<{ batchId: number; metadata: T } | undefined> {
    const ids = await this.batchIds();
    const batchId = ids.at(-1);
    if (batchId === undefined) return undefined;
    return { batchId, metadata: (await this.get(batchId))! };
  }

  /**
   * Deletes entries older than `thresholdBatchId` (Spark keeps `minBatchesToRetain`). The first purge lists the
   * log; later ones delete the ids between the last threshold and this one, as a query purges once per batch.
   */
  async purge(thresholdBatchId: number): Promise<void> {
    if (this.purgedBelow === undefined) {
      for (const id of await this.batchIds()) {
        if (id < thresholdBatchId) await this.fs.delete(this.pathOf(id));
      }
    } else {
      for (let id = this.purgedBelow; id < thresholdBatchId; id++) await this.fs.delete(this.pathOf(id));
    }
    this.purgedBelow = Math.max(this.purgedBelow ?? 0, thresholdBatchId);
  }
}

/**
 * Splits "v1\n<lines>" and checks the version line as Spark's MetadataVersionUtil does: `v` and a positive
 * number, at most `maxVersion` (or exactly it, as the commit log asks). Errors are Spark's, thrown again naming
 * the file as HDFSMetadataLog does.
 */
export function parseVersionedLines(
  text: string,
  path: string,
  { maxVersion = LOG_VERSION, exact = false, commitLog = false } = {},
): string[] {
  if (text === "") throw failedToReadLogFile(path, incompleteLogFile(commitLog));
  const lines = text.split("\n");
  const first = commitLog ? lines[0].trim() : lines[0];
  const version = /^v[+-]?\d+$/.test(first) ? Number(first.slice(1)) : Number.NaN;
  if (!(version > 0 && version <= 2 ** 31 - 1)) throw failedToReadLogFile(path, malformedLogFile(first));
  if (exact && version !== maxVersion)
    throw failedToReadLogFile(path, logVersionNotMatch(version, maxVersion));
  if (version > maxVersion)
    throw failedToReadLogFile(path, logVersionGreaterThanSupported(version, maxVersion));
  if (lines.at(-1) === "") lines.pop();
  return lines.slice(1);
}

/**
 * A log line's JSON, read as Spark's json4s/Jackson reads it: the first JSON object on the line, whatever text
 * follows it (OffsetSeqLogSuite's "Drop unknown fields" reads `{...},"unknown":1`).
 */
export function parseJsonLine<T>(line: string | undefined, path: string, what: string): T {
  if (line === undefined)
    throw new CorruptCheckpointError(path, `${what} is missing (the file is truncated)`);
  try {
    return JSON.parse(line) as T;
  } catch (error) {
    const end = leadingObjectEnd(line);
    if (end !== undefined) return JSON.parse(line.slice(0, end)) as T;
    throw new CorruptCheckpointError(
      path,
      `${what} is not valid JSON: ${JSON.stringify(line.slice(0, 80))}`,
      error,
    );
  }
}

/** Where the JSON object that starts `text` ends (its closing brace's index + 1), if it is one and valid. */
function leadingObjectEnd(text: string): number | undefined {
  if (!text.startsWith("{")) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) {
        try {
          JSON.parse(text.slice(0, i + 1));
          return i + 1;
        } catch {
          return undefined;
        }
      }
    }
  }
  return undefined;
}
