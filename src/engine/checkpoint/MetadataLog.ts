/**
 * Spark's HDFSMetadataLog: one file per batch id in a directory, written atomically and never overwritten.
 * The offset, commit, source and sink logs are all MetadataLogs with their own serialisation.
 */

import { CorruptCheckpointError } from "../errors/exceptions";
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

/** Splits "v1\n<lines>" and checks the version, as Spark's logs are laid out. */
export function parseVersionedLines(text: string, path: string): string[] {
  const lines = text.split("\n");
  const version = /^v(\d+)$/.exec(lines[0]?.trim() ?? "");
  if (!version) {
    throw new CorruptCheckpointError(
      path,
      "Log file was malformed: failed to read correct log version (expected 'v1' on the first line)",
    );
  }
  if (Number(version[1]) > LOG_VERSION) {
    throw new CorruptCheckpointError(
      path,
      `UnsupportedLogVersion: maximum supported log version is v${LOG_VERSION}, but encountered v${version[1]}. The log file was produced by a newer version of Sluice and cannot be read by this version. Please upgrade.`,
    );
  }
  if (lines.at(-1) === "") lines.pop();
  return lines.slice(1);
}

export function parseJsonLine<T>(line: string | undefined, path: string, what: string): T {
  if (line === undefined)
    throw new CorruptCheckpointError(path, `${what} is missing (the file is truncated)`);
  try {
    return JSON.parse(line) as T;
  } catch (error) {
    throw new CorruptCheckpointError(
      path,
      `${what} is not valid JSON: ${JSON.stringify(line.slice(0, 80))}`,
      error,
    );
  }
}
