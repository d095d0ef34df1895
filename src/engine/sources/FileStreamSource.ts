/**
 * Spark's FileStreamSource: new files in a directory, each taken exactly once, in a stable order (modification
 * time, then path; newest first with latestFirst), bounded per trigger by maxFilesPerTrigger or
 * maxBytesPerTrigger. The files of each batch are logged under `sources/<i>/`, so a restart neither re-reads
 * nor skips a file.
 */
import type { DataFileReader, DataFormat, LoadedFile } from "../io/DataFileReader";
import { type FileStatus, type FileSystem, isHiddenFile, joinPath, normalizePath } from "../io/FileSystem";
import { AnalysisException } from "../sql/errors";
import type { StructType } from "../sql/types";
import { type FileEntry, FileStreamSourceLog } from "./FileStreamSourceLog";
import { optionOf, positiveInteger, type ReadLimit, type Source, type SourceBatch } from "./Source";

/** Spark's time strings: "7d", "1h", "30m", "10s", "500ms". */
export function timeStringAsMs(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d|us)?\s*$/i.exec(value);
  if (!match) throw new Error(`Invalid time string '${value}': use e.g. '7d', '1h', '30m', '10s' or '500ms'`);
  const unit = (match[2] ?? "ms").toLowerCase();
  const scale: Record<string, number> = {
    us: 0.001,
    ms: 1,
    s: 1000,
    m: 60_000,
    min: 60_000,
    h: 3_600_000,
    d: 86_400_000,
  };
  return Number(match[1]) * scale[unit];
}

interface FileOffset {
  logOffset: number;
}

export class FileStreamSource implements Source {
  readonly description: string;
  private readonly log: FileStreamSourceLog;
  private readonly maxFilesPerTrigger: number | undefined;
  private readonly maxBytesPerTrigger: number | undefined;
  private readonly latestFirst: boolean;
  private readonly maxFileAgeMs: number;
  /** path → modification time of every file taken so far. */
  private seen: Map<string, number> | undefined;
  private latestLogOffset = -1;
  private availableNowFiles: Set<string> | undefined;

  constructor(
    private readonly fs: FileSystem,
    private readonly reader: DataFileReader,
    readonly path: string,
    private readonly format: DataFormat,
    readonly schema: StructType,
    private readonly options: Readonly<Record<string, string>>,
    sourceMetadataDir: string,
  ) {
    this.path = normalizePath(path);
    this.description = `FileStreamSource[file:${this.path}]`;
    this.log = new FileStreamSourceLog(fs, sourceMetadataDir);
    this.maxFilesPerTrigger = positiveInteger(options, "maxFilesPerTrigger");
    this.maxBytesPerTrigger = positiveInteger(options, "maxBytesPerTrigger");
    if (this.maxFilesPerTrigger !== undefined && this.maxBytesPerTrigger !== undefined) {
      throw new Error(
        "Options 'maxFilesPerTrigger' and 'maxBytesPerTrigger' can't be both set at the same time",
      );
    }
    const latestFirst = optionOf(options, "latestFirst") ?? "false";
    if (!["true", "false"].includes(latestFirst.toLowerCase()))
      throw new Error(`Invalid value '${latestFirst}' for option 'latestFirst', must be 'true' or 'false'`);
    this.latestFirst = latestFirst.toLowerCase() === "true";
    // Spark: maxFileAge is ignored where latestFirst and maxFilesPerTrigger are both set.
    const ignoreAge = this.latestFirst && this.maxFilesPerTrigger !== undefined;
    this.maxFileAgeMs = ignoreAge
      ? Number.POSITIVE_INFINITY
      : timeStringAsMs(optionOf(options, "maxFileAge") ?? "7d");
  }

  async validate(): Promise<void> {
    const status = await this.fs.stat(this.path);
    if (!status?.isDirectory)
      throw new AnalysisException(`Path does not exist: ${this.path}. SQLSTATE: 42K03`, "PATH_NOT_FOUND", {
        path: this.path,
      });
  }

  async latestOffset(start: string | undefined, limit: ReadLimit): Promise<string | undefined> {
    const seen = await this.seenFiles();
    // Files logged past `start` (planned before a crash or a stop) are served before new ones are looked for.
    if (this.latestLogOffset > this.logOffsetOf(start)) return offsetJson(this.logOffsetOf(start) + 1);
    let files = await this.listFiles();
    if (this.availableNowFiles) files = files.filter((f) => this.availableNowFiles!.has(f.path));
    const fresh = this.selectNewFiles(files, seen, limit);
    if (fresh.length === 0) return start;
    const logOffset = this.latestLogOffset + 1;
    const entries: FileEntry[] = fresh.map((f) => ({
      path: f.path,
      timestamp: f.modificationTime,
      batchId: logOffset,
    }));
    await this.log.add(logOffset, entries);
    for (const f of fresh) seen.set(f.path, f.modificationTime);
    this.latestLogOffset = logOffset;
    return offsetJson(logOffset);
  }

  async getBatch(start: string | undefined, end: string): Promise<SourceBatch> {
    const files: FileEntry[] = [];
    for (let id = this.logOffsetOf(start) + 1; id <= this.logOffsetOf(end); id++) {
      const entry = await this.log.get(id);
      if (!entry)
        throw new Error(
          `The file source's log ${this.log.pathOf(id)} is missing: cannot re-read batch ${id}`,
        );
      files.push(...entry);
    }
    const loaded: LoadedFile[] = [];
    try {
      for (const f of files) {
        // A file removed since it was logged (say, a corrupt file taken out to let a failed batch pass) is
        // skipped, as Spark does with ignoreMissingFiles.
        if (!(await this.fs.stat(f.path))) {
          console.warn(
            `${this.description}: ${f.path} was logged for batch ${f.batchId} but no longer exists; skipping it`,
          );
          continue;
        }
        loaded.push(await this.reader.load(f.path, this.format, this.schema, this.options));
      }
    } catch (error) {
      this.reader.dropTables(loaded.flatMap((l) => l.tables));
      throw error;
    }
    const sql = loaded.length > 0 ? loaded.map((l) => l.sql).join(" UNION ALL ") : "";
    return { sql, numRows: loaded.reduce((n, l) => n + l.rows, 0), tables: loaded.flatMap((l) => l.tables) };
  }

  async commit(): Promise<void> {}

  async prepareForTriggerAvailableNow(): Promise<void> {
    // Only the files present now; later arrivals wait for the next run.
    this.availableNowFiles = new Set((await this.listFiles()).map((f) => f.path));
  }

  async stop(): Promise<void> {}

  metrics(): Record<string, string> {
    return { numFilesOutstanding: "0" };
  }

  private logOffsetOf(offset: string | undefined): number {
    return offset === undefined ? -1 : (JSON.parse(offset) as FileOffset).logOffset;
  }

  private async seenFiles(): Promise<Map<string, number>> {
    if (this.seen) return this.seen;
    const seen = new Map<string, number>();
    for (const id of await this.log.batchIds()) {
      for (const f of (await this.log.get(id)) ?? []) seen.set(f.path, f.timestamp);
      this.latestLogOffset = Math.max(this.latestLogOffset, id);
    }
    this.seen = seen;
    return seen;
  }

  /** Every non-hidden file under the directory (with `key=value` partition directories). */
  private async listFiles(): Promise<FileStatus[]> {
    const out: FileStatus[] = [];
    const walk = async (dir: string) => {
      for (const entry of await this.fs.list(dir)) {
        if (isHiddenFile(entry.name)) continue;
        if (entry.isDirectory) await walk(joinPath(dir, entry.name));
        else out.push(entry);
      }
    };
    await walk(this.path);
    return out;
  }

  private selectNewFiles(files: FileStatus[], seen: Map<string, number>, limit: ReadLimit): FileStatus[] {
    const latestSeen = Math.max(0, ...seen.values(), ...files.map((f) => f.modificationTime));
    const oldest = latestSeen - this.maxFileAgeMs;
    const fresh = files
      .filter((f) => !seen.has(f.path) && f.modificationTime >= oldest)
      .sort(
        (a, b) => a.modificationTime - b.modificationTime || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
      );
    if (this.latestFirst) fresh.reverse();
    if (limit === "all") return fresh;
    if (this.maxFilesPerTrigger !== undefined) return fresh.slice(0, this.maxFilesPerTrigger);
    if (this.maxBytesPerTrigger !== undefined) {
      const taken: FileStatus[] = [];
      let bytes = 0;
      for (const f of fresh) {
        // At least one file per trigger, even a file larger than the limit.
        if (taken.length > 0 && bytes + f.size > this.maxBytesPerTrigger) break;
        taken.push(f);
        bytes += f.size;
      }
      return taken;
    }
    return fresh;
  }
}

function offsetJson(logOffset: number): string {
  return JSON.stringify({ logOffset });
}
