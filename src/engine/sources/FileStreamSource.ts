/**
 * Spark's FileStreamSource: new files under a path, each taken exactly once, in a stable order (modification
 * time, then path; newest first with latestFirst), bounded per trigger by maxFilesPerTrigger or
 * maxBytesPerTrigger; the new files a rate-limited trigger listed but did not take are kept (maxCachedFiles,
 * discardCachedInputRatio) and read by the next triggers before the path is listed again. The path's files are
 * listed as Spark's InMemoryFileIndex lists them (see dataFiles.ts: globs, partition directories,
 * recursiveFileLookup, pathGlobFilter), and a file's `key=value` directories below the path (or `basePath`)
 * give its partition columns. The files of each batch are logged under `sources/<i>/` before the batch is
 * planned, so a restart neither re-reads nor skips a file. A directory written by a streaming file sink is read
 * through its `_spark_metadata` log, as Spark does.
 */

import { type CompactibleLogOptions, readCompactibleLog } from "../checkpoint/CompactibleFileStreamLog";
import {
  liveSinkFiles,
  parseSinkLogEntry,
  SINK_METADATA_DIR,
  type SinkFileStatus,
} from "../checkpoint/FileStreamSinkLog";
import { type FileEntry, FileStreamSourceLog } from "../checkpoint/FileStreamSourceLog";
import { quoteIdentifier } from "../duckdb/DuckDB";
import { IllegalArgumentException } from "../errors/exceptions";
import { pathNotFound } from "../errors/QueryCompilationErrors";
import {
  cleanUpSourceFilesUnsupported,
  concurrentFileSourceLogUpdate,
  fileSourceLogMissing,
} from "../errors/QueryExecutionErrors";
import type { DataFileReader, DataFormat, LoadedFile } from "../io/DataFileReader";
import { runAsync } from "../io/FileIO";
import {
  baseName,
  FileNotFoundError,
  type FileStatus,
  type FileSystem,
  joinPath,
  normalizePath,
} from "../io/FileSystem";
import { isGlobPath, listFileIndex, partitionValuesOf } from "../session/dataFiles";
import { StructType } from "../sql/types";
import { type FileStreamOptions, parseFileStreamOptions } from "./FileStreamOptions";
import { type FileStreamSourceCleaner, fileStreamSourceCleaner } from "./FileStreamSourceCleaner";
import { EMPTY_BATCH, optionOf, type ReadLimit, type Source, type SourceBatch } from "./Source";

/**
 * Spark's SeenFilesMap: the files taken so far. Files older than the newest one taken by more than maxFileAge
 * are forgotten and, from then on, ignored. With fileNameOnly, files are told apart by name alone.
 */
export class SeenFilesMap {
  private readonly map = new Map<string, number>();
  private latestTimestamp = 0;
  private lastPurgeTimestamp = 0;

  constructor(
    private readonly maxAgeMs: number,
    private readonly fileNameOnly = false,
  ) {
    if (!(maxAgeMs >= 0)) throw new IllegalArgumentException("requirement failed");
  }

  private key(path: string): string {
    return this.fileNameOnly ? baseName(path.replace(/^[a-z][a-z0-9+.-]*:\/*/i, "/")) : path;
  }

  add(path: string, timestamp: number): void {
    this.map.set(this.key(path), timestamp);
    this.latestTimestamp = Math.max(this.latestTimestamp, timestamp);
  }

  /** Never seen, and not older than the last purge: a file older than that is ignored even if never seen. */
  isNewFile(path: string, timestamp: number): boolean {
    return timestamp >= this.lastPurgeTimestamp && !this.map.has(this.key(path));
  }

  /** Forgets the files older than the newest by more than maxFileAge; how many were forgotten. */
  purge(): number {
    this.lastPurgeTimestamp = this.latestTimestamp - this.maxAgeMs;
    let count = 0;
    for (const [path, timestamp] of this.map)
      if (timestamp < this.lastPurgeTimestamp) {
        this.map.delete(path);
        count += 1;
      }
    return count;
  }

  get size(): number {
    return this.map.size;
  }
}

interface FileStreamSourceOffset {
  logOffset: number;
}

export class FileStreamSource implements Source {
  readonly description: string;
  readonly path: string;
  private readonly log: FileStreamSourceLog;
  /**
   * The options read (the rate limits are what the query's "waiting for" names); parsed when the query sets the
   * source up (see setUp), as Spark does in its stream thread.
   */
  options!: FileStreamOptions;
  /** Spark's seenFiles. */
  seen!: SeenFilesMap;
  /** What `cleanSource` does with a completed file; none for "off". */
  private cleaner: FileStreamSourceCleaner | undefined;
  /** The log offset whose files are cleaned once the next batch commits (Spark cleans a batch's files when the next one is planned). */
  private toClean: number | undefined;
  /** Where partition directories start (undefined for a glob without `basePath`: files carry none). */
  private readonly basePath: string | undefined;
  /** Whether the path is a file sink's output (Spark's sourceHasMetadata), once known. */
  private sourceHasMetadata: boolean | undefined;
  /** The newest entry of the source log (Spark's metadataLogCurrentOffset); -1 before any. */
  private logOffset = -1;
  private restored: Promise<void> | undefined;
  /** Trigger.AvailableNow: the files present when the query started. */
  private availableNowFiles: FileStatus[] | undefined;
  /** Where the path is a streaming file sink's output: its log files read so far. */
  private readonly sinkLogFiles = new Map<string, SinkFileStatus[]>();
  private prunedSchema: StructType | undefined;
  /**
   * Spark's unreadFiles: new files a rate-limited trigger listed but did not take, read by the next triggers
   * before the path is listed again (at most maxCachedFiles of them).
   */
  private unreadFiles: FileStatus[] | undefined;
  /** New files the last trigger left for later ones. */
  private outstanding = { files: 0, bytes: 0 };
  /** The entry this source last wrote to its log, read by getBatch without reading the file back. */
  private lastLogged: { logOffset: number; files: FileEntry[] } | undefined;

  constructor(
    private readonly fs: FileSystem,
    private readonly reader: DataFileReader,
    path: string,
    private readonly format: DataFormat,
    readonly schema: StructType,
    private readonly readerOptions: Readonly<Record<string, string>>,
    sourceMetadataDir: string,
    logOptions: CompactibleLogOptions,
    /** `spark.sql.streaming.fileStreamSink.ignoreMetadata`: a sink's output is read as any directory. */
    private readonly ignoreSinkMetadata: boolean,
    /** The columns the query reads (lower case; see ColumnPruning), where not all: Parquet decodes only these. */
    private readonly readColumns?: ReadonlySet<string>,
  ) {
    this.path = normalizePath(path);
    this.description = `FileStreamSource[file:${this.path}]`;
    this.log = new FileStreamSourceLog(fs, sourceMetadataDir, logOptions);
    const basePath = optionOf(readerOptions, "basePath");
    const recursive = (optionOf(readerOptions, "recursiveFileLookup") ?? "").toLowerCase() === "true";
    this.basePath = recursive
      ? undefined
      : basePath !== undefined
        ? normalizePath(basePath)
        : isGlobPath(this.path)
          ? undefined
          : this.path;
  }

  async validate(): Promise<void> {
    if (!isGlobPath(this.path) && !(await this.fs.stat(this.path))) throw pathNotFound(this.path);
    // A damaged log refuses start() itself, before anything is written (the files are taken up in setUp).
    await this.log.allFiles();
  }

  async setUp(): Promise<void> {
    this.options = parseFileStreamOptions(this.readerOptions);
    const { latestFirst, maxFilesPerTrigger, maxBytesPerTrigger, maxFileAgeMs } = this.options;
    // Spark ignores maxFileAge where latestFirst is combined with a rate limit.
    const ignoreAge = latestFirst && (maxFilesPerTrigger !== undefined || maxBytesPerTrigger !== undefined);
    this.seen = new SeenFilesMap(
      ignoreAge ? Number.POSITIVE_INFINITY : maxFileAgeMs,
      this.options.fileNameOnly,
    );
    this.cleaner = fileStreamSourceCleaner(
      this.fs,
      this.path,
      this.options.cleanSource,
      this.options.sourceArchiveDir,
    );
    await this.restore();
  }

  async latestOffset(start: string | undefined, limit: ReadLimit): Promise<string | undefined> {
    await this.restore();
    // Files logged past `start` (planned just before a crash or a stop) are served before new ones.
    const startOffset = logOffsetOf(start);
    if (this.logOffset > startOffset) return offsetJson(startOffset + 1);

    // Spark's fetchMaxOffset: the files a rate-limited trigger listed but left are read before listing again.
    const files =
      this.unreadFiles ??
      (this.availableNowFiles ?? (await this.listFiles())).filter((f) =>
        this.seen.isNewFile(f.path, f.modificationTime),
      );
    const { batch, unselected } = this.takeFiles(files, limit);
    this.unreadFiles =
      unselected.length > 0 && this.options.maxCachedFiles > 0
        ? unselected.slice(0, this.options.maxCachedFiles)
        : undefined;
    for (const f of batch) this.seen.add(f.path, f.modificationTime);
    this.seen.purge();
    this.outstanding = {
      files: files.length - batch.length,
      bytes: files.reduce((n, f) => n + f.size, 0) - batch.reduce((n, f) => n + f.size, 0),
    };
    if (batch.length > 0) {
      const logOffset = this.logOffset + 1;
      const entries: FileEntry[] = batch.map((f) => ({
        path: f.path,
        timestamp: f.modificationTime,
        batchId: logOffset,
      }));
      if (!(await this.log.add(logOffset, entries))) {
        throw concurrentFileSourceLogUpdate(logOffset);
      }
      this.logOffset = logOffset;
      this.lastLogged = { logOffset, files: entries };
    }
    return this.logOffset < 0 ? undefined : offsetJson(this.logOffset);
  }

  /** Spark's file source does not report how far its data goes beyond the rate limit. */
  reportLatestOffset(): string | undefined {
    return undefined;
  }

  async getBatch(start: string | undefined, end: string): Promise<SourceBatch> {
    // The first batch of a run: the batch before it (of the previous run) is the one Spark cleans now.
    this.toClean ??= logOffsetOf(start);
    const files: FileEntry[] = [];
    for (let id = logOffsetOf(start) + 1; id <= logOffsetOf(end); id++) {
      const entry = this.lastLogged?.logOffset === id ? this.lastLogged.files : await this.log.get(id);
      if (!entry) throw fileSourceLogMissing(this.log.pathOf(id), id);
      files.push(...entry);
    }
    const loaded: LoadedFile[] = [];
    try {
      for (const f of files) {
        const partitionValues = this.basePath === undefined ? {} : partitionValuesOf(this.basePath, f.path);
        try {
          loaded.push(
            await this.reader.load(f.path, this.format, this.readSchema, this.readerOptions, partitionValues),
          );
        } catch (error) {
          // A file removed since it was logged (say, a corrupt file taken out so that a failed batch can pass)
          // is skipped, as Spark does with spark.sql.files.ignoreMissingFiles.
          if (!(error instanceof FileNotFoundError)) throw error;
          console.warn(`${this.description}: ${f.path} was logged but no longer exists; skipping it`);
        }
      }
    } catch (error) {
      this.reader.dropTables(loaded.flatMap((l) => l.tables));
      throw error;
    }
    if (loaded.length === 0) return EMPTY_BATCH;
    const read = loaded.map((l) => l.sql).join(" UNION ALL ");
    const batch = {
      sql: read,
      numRows: loaded.reduce((n, l) => n + l.rows, 0),
      tables: loaded.flatMap((l) => l.tables),
      ipc: loaded.length === 1 ? loaded[0].ipc : undefined,
    };
    if (this.readSchema === this.schema) return batch;
    // The columns not read stay in the batch's shape as NULLs: nothing above the source refers to them.
    const columns = this.schema.fields.map((f) =>
      this.readSchema.field(f.name)
        ? quoteIdentifier(f.name)
        : `CAST(NULL AS ${f.dataType.sql()}) AS ${quoteIdentifier(f.name)}`,
    );
    return { ...batch, sql: `SELECT ${columns.join(", ")} FROM (${read})`, displaySql: read };
  }

  /** The schema to decode: Parquet reads only the columns the query uses; other formats parse whole records. */
  private get readSchema(): StructType {
    const needed = this.readColumns;
    if (this.format !== "parquet" || !needed) return this.schema;
    const fields = this.schema.fields.filter((f) => needed.has(f.name.toLowerCase()));
    if (fields.length === this.schema.fields.length || fields.length === 0) return this.schema;
    this.prunedSchema ??= new StructType(fields);
    return this.prunedSchema;
  }

  /**
   * Spark commits a batch's offsets when it plans the next batch, and cleans (`cleanSource`) the files of the
   * batch committed: here, when a batch commits, the files of the batch before it are cleaned.
   */
  async commit(end: string): Promise<void> {
    const logOffset = logOffsetOf(end);
    const previous = this.toClean;
    this.toClean = logOffset;
    if (!this.cleaner || previous === undefined || previous < 0 || previous === logOffset) return;
    const entries =
      this.lastLogged?.logOffset === previous ? this.lastLogged.files : await this.log.get(previous);
    for (const entry of entries ?? []) if (entry.batchId === previous) await this.cleaner.clean(entry.path);
  }

  async prepareForTriggerAvailableNow(): Promise<void> {
    // Only the files present now; later arrivals wait for the next run.
    this.availableNowFiles = await this.listFiles();
  }

  async stop(): Promise<void> {}

  metrics(): Record<string, string> {
    return {
      numBytesOutstanding: String(this.outstanding.bytes),
      numFilesOutstanding: String(this.outstanding.files),
    };
  }

  /** Rebuilds the files seen so far from the source log (once): its newest compaction and the batches after. */
  private restore(): Promise<void> {
    this.restored ??= (async () => {
      for (const f of await this.log.allFiles()) this.seen.add(f.path, f.timestamp);
      this.logOffset = (await this.log.getLatestBatchId()) ?? -1;
      this.seen.purge();
    })();
    return this.restored;
  }

  /**
   * The rate limit (Spark's ReadMaxFiles / ReadMaxBytes, or everything): the files of this trigger, and those
   * to keep for the next ones. Nothing is kept with latestFirst or Trigger.AvailableNow, nor where what is left
   * is less than discardCachedInputRatio of the limit (the next trigger lists again rather than read a few).
   */
  private takeFiles(
    files: FileStatus[],
    limit: ReadLimit,
  ): { batch: FileStatus[]; unselected: FileStatus[] } {
    const { maxFilesPerTrigger, maxBytesPerTrigger, latestFirst, discardCachedInputRatio } = this.options;
    const shouldCache = !latestFirst && this.availableNowFiles === undefined;
    // Spark multiplies the limit by a Float, in Float.
    const threshold = (max: number) => Math.fround(max * discardCachedInputRatio);
    if (limit === "all" || (maxFilesPerTrigger === undefined && maxBytesPerTrigger === undefined)) {
      return { batch: files, unselected: [] };
    }
    let batch: FileStatus[];
    let rest: FileStatus[];
    let kept: boolean;
    if (maxFilesPerTrigger !== undefined) {
      batch = files.slice(0, maxFilesPerTrigger);
      rest = files.slice(maxFilesPerTrigger);
      kept = rest.length >= threshold(maxFilesPerTrigger);
    } else {
      const max = maxBytesPerTrigger as number;
      let bytes = 0;
      let i = 0;
      // At least one file per trigger, even one larger than the limit; then files while they fit.
      for (; i < files.length; i++) {
        if (i > 0 && bytes + files[i].size > max) break;
        bytes += files[i].size;
      }
      batch = files.slice(0, i);
      rest = files.slice(i);
      kept = rest.reduce((n, f) => n + f.size, 0) >= threshold(max);
    }
    return { batch, unselected: shouldCache && kept ? rest : [] };
  }

  /** A sink's output is not cleaned: its files belong to its log (Spark's setSourceHasMetadata). */
  private setSourceHasMetadata(value: boolean): void {
    if (value && this.cleaner) throw cleanUpSourceFilesUnsupported();
    this.sourceHasMetadata = value;
  }

  /**
   * A streaming file sink's committed files, as its `_spark_metadata` log describes them (Spark's
   * MetadataLogFileIndex); each log file is read once.
   */
  private async sinkOutputFiles(): Promise<FileStatus[]> {
    const logDir = joinPath(this.path, SINK_METADATA_DIR);
    const log = await runAsync(readCompactibleLog(logDir, parseSinkLogEntry, this.sinkLogFiles), this.fs);
    return liveSinkFiles([log?.entries ?? []]).map((f) => ({
      path: f.path,
      name: baseName(f.path),
      size: f.size,
      modificationTime: f.modificationTime,
      isDirectory: false,
    }));
  }

  /**
   * The data files, oldest first (newest first with latestFirst), ties by path: those a sink's
   * `_spark_metadata` committed, or those the path stands for (Spark's fetchAllFiles). Whether the path is a
   * sink's output is decided once files are seen, as Spark decides sourceHasMetadata.
   */
  private async listFiles(): Promise<FileStatus[]> {
    const hasMetadata = async () =>
      !this.ignoreSinkMetadata &&
      !isGlobPath(this.path) &&
      (await this.fs.stat(joinPath(this.path, SINK_METADATA_DIR))) !== undefined;
    let files: FileStatus[];
    if (this.sourceHasMetadata ?? (await hasMetadata())) {
      this.setSourceHasMetadata(true);
      files = await this.sinkOutputFiles();
    } else {
      files = [
        ...(await listFileIndex(this.fs, [this.path], this.readerOptions, this.ignoreSinkMetadata)).files,
      ];
      if (files.length > 0) {
        // A sink may have started writing between the check and the listing.
        this.setSourceHasMetadata(await hasMetadata());
        if (this.sourceHasMetadata) files = await this.sinkOutputFiles();
      }
    }
    const order = this.options.latestFirst ? -1 : 1;
    // Spark's file timestamps are whole milliseconds.
    return files
      .map((f) => ({ ...f, modificationTime: Math.floor(f.modificationTime) }))
      .sort(
        (a, b) =>
          order * (a.modificationTime - b.modificationTime) ||
          (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
      );
  }
}

/** Spark's FileStreamSourceOffset: `{"logOffset":N}`, or Spark 2.1.0's bare `N`. */
export function logOffsetOf(offset: string | undefined): number {
  if (offset === undefined) return -1;
  const parsed = JSON.parse(offset) as FileStreamSourceOffset | number;
  return typeof parsed === "number" ? parsed : parsed.logOffset;
}

function offsetJson(logOffset: number): string {
  return JSON.stringify({ logOffset } satisfies FileStreamSourceOffset);
}
