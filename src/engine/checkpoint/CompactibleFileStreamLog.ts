/**
 * Spark's CompactibleFileStreamLog, under the file source's log (`sources/<i>/`) and the file sink's
 * (`<out>/_spark_metadata/`): one file per batch, `v1` and then one JSON entry per line, except that every
 * `compactInterval`-th batch writes `<N>.compact` instead, holding every entry up to and including batch N. A
 * reader needs the newest `.compact` file and the few batch files after it, however long the query has run, and
 * batch files older than the retained batches are deleted once `cleanupDelay` has passed (Spark's delay lets a
 * reader that listed the directory a moment ago still open what it listed).
 */

import { CorruptCheckpointError } from "../errors/exceptions";
import {
  cannotPurgeCompactibleLog,
  compactIntervalNotPositive,
  internalError,
} from "../errors/QueryExecutionErrors";
import { type IoSteps, list, readFile, runAsync } from "../io/FileIO";
import { FileNotFoundError, type FileStatus, type FileSystem, joinPath } from "../io/FileSystem";
import { timeStringAsMs } from "../streaming/runtime/timeStrings";
import { MetadataLog, parseVersionedLines } from "./MetadataLog";

export const COMPACT_FILE_SUFFIX = ".compact";

/** How a compactible log compacts and cleans up (Spark's `fileSource.log.*` / `fileSink.log.*` settings). */
export interface CompactibleLogOptions {
  /** Spark's defaultCompactInterval: a `.compact` file every this many batches. */
  readonly compactInterval: number;
  /** Whether batch files older than the retained batches are deleted (`log.deletion`). */
  readonly deletion: boolean;
  /** How old a file must be before it is deleted (`log.cleanupDelay`). */
  readonly cleanupDelayMs: number;
  /** Spark's minBatchesToRetain: the batches whose entries stay readable from their own file or compaction. */
  readonly minBatchesToRetain: number;
}

/** The settings a compactible log reads, `fileSource` or `fileSink` (Spark's SQLConf entries and defaults). */
export function compactibleLogOptions(
  conf: { get(key: string): string; getNumber(key: string): number; getBoolean(key: string): boolean },
  log: "fileSource" | "fileSink",
): CompactibleLogOptions {
  const key = `spark.sql.streaming.${log}.log.compactInterval`;
  const compactInterval = conf.getNumber(key);
  if (!(compactInterval > 0)) throw compactIntervalNotPositive(key, conf.get(key));
  return {
    compactInterval,
    deletion: conf.getBoolean(`spark.sql.streaming.${log}.log.deletion`),
    cleanupDelayMs: timeStringAsMs(conf.get(`spark.sql.streaming.${log}.log.cleanupDelay`)),
    minBatchesToRetain: conf.getNumber("spark.sql.streaming.minBatchesToRetain"),
  };
}

/** The batch id a log file's name stands for ("12" or "12.compact"), or undefined for any other file. */
export function batchIdOfFileName(name: string): number | undefined {
  const match = /^(\d+)(\.compact)?$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

/** Spark's isCompactionBatch: with an interval of 3, batches 2, 5, 8, ... write `.compact` files. */
export function isCompactionBatch(batchId: number, compactInterval: number): boolean {
  return (batchId + 1) % compactInterval === 0;
}

/** The first compaction batch after `batchId`. */
export function nextCompactionBatchId(batchId: number, compactInterval: number): number {
  return Math.floor((batchId + compactInterval + 1) / compactInterval) * compactInterval - 1;
}

/** The batches a compaction reads: the previous compaction and the batches after it, up to `compactionBatchId`. */
export function validBatchesBeforeCompactionBatch(
  compactionBatchId: number,
  compactInterval: number,
): number[] {
  if (!isCompactionBatch(compactionBatchId, compactInterval))
    throw internalError(
      `${compactionBatchId} is not a compaction batch (compactInterval ${compactInterval})`,
    );
  return range(Math.max(0, compactionBatchId - compactInterval), compactionBatchId);
}

/** The files holding every entry up to `batchId`: the latest compaction at or before it and the batches after. */
export function allValidBatches(batchId: number, compactInterval: number): number[] {
  const start = Math.max(0, Math.floor((batchId + 1) / compactInterval) * compactInterval - 1);
  return range(start, batchId + 1);
}

/**
 * Spark's deriveCompactInterval: with one `.compact` file already written, an interval that makes it a
 * compaction batch, as close to the configured one as its batch id allows.
 */
export function deriveCompactInterval(defaultInterval: number, latestCompactBatchId: number): number {
  const n = latestCompactBatchId + 1;
  if (n <= defaultInterval) return n;
  for (let i = defaultInterval; i <= n / 2; i++) if (n % i === 0) return i;
  return n;
}

/** The log's batch files in a directory listing, with their ids. */
function batchFiles(
  entries: readonly FileStatus[],
): { file: FileStatus; batchId: number; compact: boolean }[] {
  return entries
    .filter((f) => !f.isDirectory)
    .map((file) => ({
      file,
      batchId: batchIdOfFileName(file.name),
      compact: file.name.endsWith(COMPACT_FILE_SUFFIX),
    }))
    .filter((f): f is { file: FileStatus; batchId: number; compact: boolean } => f.batchId !== undefined)
    .sort((a, b) => a.batchId - b.batchId);
}

/**
 * Reads a compactible log as of its latest batch (Spark's allFiles): the newest `.compact` file and every batch
 * file after it, in batch order. Read this way it needs no compact interval, so readers of a sink directory do
 * not depend on the writer's settings. Undefined where the directory holds no batch file. Files the caller parsed
 * before are taken from `parsed` (log files are written once, never changed).
 */
export function* readCompactibleLog<T>(
  dir: string,
  parse: (text: string, path: string) => T[],
  parsed?: Map<string, T[]>,
): IoSteps<{ latestBatchId: number; entries: T[] } | undefined> {
  // A compaction may delete the files a listing showed before they are read; the newer listing then has a newer
  // `.compact` file that holds them (Spark's allFiles retries the same way).
  for (let attempt = 0; ; attempt++) {
    const files = batchFiles(yield* list(dir));
    const latest = files.at(-1);
    if (!latest) return undefined;
    const compacted = files.filter((f) => f.compact).at(-1);
    const from = compacted?.batchId ?? 0;
    const needed = compacted ? files.filter((f) => f === compacted || f.batchId > from) : files;
    try {
      const entries: T[] = [];
      let expected = from;
      for (const { file, batchId } of needed) {
        if (batchId !== expected)
          throw new CorruptCheckpointError(
            joinPath(dir, String(expected)),
            `the log entry of batch ${expected} is missing, so the entries up to batch ${latest.batchId} cannot be read`,
          );
        expected += 1;
        const key = `${file.path}:${file.size}:${file.modificationTime}`;
        let fileEntries = parsed?.get(key);
        if (!fileEntries) {
          fileEntries = parse(new TextDecoder().decode(yield* readFile(file.path)), file.path);
          parsed?.set(key, fileEntries);
        }
        entries.push(...fileEntries);
      }
      if (parsed)
        for (const key of parsed.keys())
          if (!needed.some((f) => key.startsWith(`${f.file.path}:`))) parsed.delete(key);
      return { latestBatchId: latest.batchId, entries };
    } catch (error) {
      if (!(error instanceof FileNotFoundError) || attempt >= 2) throw error;
    }
  }
}

/** A log of entries per batch that compacts itself; subclasses say how an entry is written and read. */
export abstract class CompactibleFileStreamLog<T> extends MetadataLog<T[]> {
  private interval: number | undefined;
  /** Files parsed by allFiles, by path, size and time. */
  private readonly parsed = new Map<string, T[]>();
  /** Where the last cleanup left off: files below this batch are gone, except those too young at `retryAtMs`. */
  private cleanup = { belowBatchId: -1, retryAtMs: Number.POSITIVE_INFINITY };

  constructor(
    fs: FileSystem,
    dir: string,
    protected readonly options: CompactibleLogOptions,
  ) {
    super(fs, dir);
  }

  /** One entry as its JSON line. */
  protected abstract serializeEntry(entry: T): string;
  /** One entry from its line; throws CorruptCheckpointError naming `path` where the line is not one. */
  protected abstract deserializeEntry(line: string, path: string, index: number): T;

  /** The entries a compaction keeps (Spark's compactLogs). */
  protected compactLogs(entries: T[]): T[] {
    return entries;
  }

  /** Whether an entry is kept when compacting and reading (Spark's shouldRetain); `nowMs` is the wall clock. */
  protected shouldRetain(_entry: T, _nowMs: number): boolean {
    return true;
  }

  protected serialize(entries: T[]): string {
    return ["v1", ...entries.map((e) => this.serializeEntry(e))].join("\n");
  }

  protected deserialize(text: string, path: string): T[] {
    return parseVersionedLines(text, path).map((line, i) => this.deserializeEntry(line, path, i));
  }

  /**
   * Spark's compactInterval: the configured one, unless `.compact` files already in the log fix another: two of
   * them give it exactly, one gives the interval closest to the configured one that makes it a compaction batch.
   */
  async compactInterval(): Promise<number> {
    if (this.interval === undefined) {
      const compacted = batchFiles(await this.fs.list(this.dir))
        .filter((f) => f.compact)
        .map((f) => f.batchId);
      const [previous, latest] = compacted.slice(-2);
      this.interval =
        latest !== undefined
          ? latest - previous
          : previous !== undefined
            ? deriveCompactInterval(this.options.compactInterval, previous)
            : this.options.compactInterval;
    }
    return this.interval;
  }

  /** The file of batch `batchId` (known once the log has been read or written in this run). */
  override pathOf(batchId: number): string {
    const interval = this.interval ?? this.options.compactInterval;
    return joinPath(
      this.dir,
      isCompactionBatch(batchId, interval) ? `${batchId}${COMPACT_FILE_SUFFIX}` : String(batchId),
    );
  }

  /**
   * Writes batch `batchId`'s entries: a compaction batch writes every entry so far into `<N>.compact`. Then
   * deletes the files no retained batch needs. False where the batch was written already (another writer).
   */
  override async add(batchId: number, entries: T[]): Promise<boolean> {
    const interval = await this.compactInterval();
    let added: boolean;
    if (isCompactionBatch(batchId, interval)) {
      const now = Date.now();
      const all: T[] = [];
      for (const id of validBatchesBeforeCompactionBatch(batchId, interval)) {
        const logged = await super.get(id);
        if (!logged)
          throw new CorruptCheckpointError(
            this.pathOf(id),
            `the log entry of batch ${id} is missing, so batch ${batchId} cannot be compacted (compactInterval ${interval})`,
          );
        all.push(...logged);
      }
      all.push(...entries);
      added = await super.add(
        batchId,
        this.compactLogs(all).filter((e) => this.shouldRetain(e, now)),
      );
    } else {
      added = await super.add(batchId, entries);
    }
    if (added && this.options.deletion) await this.deleteExpiredLog(batchId, interval);
    return added;
  }

  /** Batch `batchId`'s file as written: for a compaction batch, every entry up to it. */
  override async get(batchId: number): Promise<T[] | undefined> {
    await this.compactInterval();
    return super.get(batchId);
  }

  override async batchIds(): Promise<number[]> {
    return batchFiles(await this.fs.list(this.dir)).map((f) => f.batchId);
  }

  /** Spark's getLatestBatchId: from the file names alone, without reading a (large) `.compact` file. */
  async getLatestBatchId(): Promise<number | undefined> {
    return (await this.batchIds()).at(-1);
  }

  override async getLatest(): Promise<{ batchId: number; metadata: T[] } | undefined> {
    const batchId = await this.getLatestBatchId();
    if (batchId === undefined) return undefined;
    return { batchId, metadata: (await this.get(batchId))! };
  }

  /** Every entry up to the latest batch (Spark's allFiles), minus those `shouldRetain` drops. */
  async allFiles(): Promise<T[]> {
    const now = Date.now();
    const read = await runAsync(
      readCompactibleLog(this.dir, (text, path) => this.deserialize(text, path), this.parsed),
      this.fs,
    );
    return this.compactLogs(read?.entries ?? []).filter((e) => this.shouldRetain(e, now));
  }

  /** A compactible log keeps itself trimmed; purging by batch id could drop the compaction readers need. */
  override async purge(): Promise<void> {
    throw cannotPurgeCompactibleLog();
  }

  /**
   * Spark's deleteExpiredLog: keeps the compaction at or before the oldest retained batch and everything after;
   * older files go once they are `cleanupDelay` old. The directory is listed only when there can be something to
   * delete: the oldest retained compaction moved, or a file kept for its age has come of age.
   */
  private async deleteExpiredLog(currentBatchId: number, interval: number): Promise<void> {
    const minBatchId = currentBatchId + 1 - this.options.minBatchesToRetain;
    if (interval > minBatchId) return;
    const minCompactionBatchId = minBatchId - (minBatchId % interval) - 1;
    const now = Date.now();
    const { belowBatchId, retryAtMs } = this.cleanup;
    if (minCompactionBatchId <= belowBatchId && now < retryAtMs) return;
    const expiredTime = now - this.options.cleanupDelayMs;
    let retryAt = Number.POSITIVE_INFINITY;
    for (const { file, batchId } of batchFiles(await this.fs.list(this.dir))) {
      if (batchId >= minCompactionBatchId) continue;
      if (file.modificationTime <= expiredTime) await this.fs.delete(file.path);
      else retryAt = Math.min(retryAt, file.modificationTime + this.options.cleanupDelayMs);
    }
    this.cleanup = { belowBatchId: minCompactionBatchId, retryAtMs: retryAt };
  }
}

function range(from: number, until: number): number[] {
  return Array.from({ length: Math.max(0, until - from) }, (_, i) => from + i);
}
