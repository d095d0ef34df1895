/**
 * The one storage interface the engine uses: checkpoints, source files and sink files all go through it.
 * Paths are absolute POSIX paths ("/data/events"); each implementation maps them onto its own storage
 * (a directory in Node, the Origin Private File System in the browser, a Map in tests).
 */
export interface FileStatus {
  /** Absolute path, normalised ("/data/events/part-0.parquet"). */
  path: string;
  name: string;
  size: number;
  /** Milliseconds since the epoch. */
  modificationTime: number;
  isDirectory: boolean;
}

export interface FileSystem {
  readonly kind: "node" | "memory" | "opfs";
  /** Rejects with FileNotFoundError where the file is missing. */
  readFile(path: string): Promise<Uint8Array>;
  /**
   * Writes the whole file atomically: the bytes go to a hidden temporary file that is then moved into place,
   * so a reader sees the old file or the new one, never half of one. Parent directories are created.
   */
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  /**
   * Like writeFile, but fails with FileAlreadyExistsError where the file exists: the write-ahead logs rely on
   * it to notice a second writer.
   */
  createFile(path: string, data: Uint8Array | string): Promise<void>;
  stat(path: string): Promise<FileStatus | undefined>;
  /** Immediate children of a directory, sorted by name; empty where the directory is missing. */
  list(dir: string): Promise<FileStatus[]>;
  mkdirs(dir: string): Promise<void>;
  /** Deletes a file, or a directory with everything under it. Missing paths are ignored. */
  delete(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /**
   * Synchronous reads, where the storage allows them (Node, memory; not OPFS). Lets schema inference run
   * while a DataFrame is built, as Spark does.
   */
  readonly sync?: SyncFileReader;
  /**
   * How many changes (writes, moves, deletions, new directories) went through this object, where it counts
   * them (Node): with `sync.names`, a listing can be known to be still current without listing again (a file
   * source's first trigger reuses the listing its DataFrame made).
   */
  readonly changes?: number;
}

export interface SyncFileReader {
  readFile(path: string): Uint8Array;
  stat(path: string): FileStatus | undefined;
  list(dir: string): FileStatus[];
  /**
   * The names of a directory's entries, sorted, without their statuses (empty where it is missing), where that
   * costs less than `list` (Node: one call, where `list` makes one more per entry).
   */
  names?(dir: string): string[];
}

export class FileNotFoundError extends Error {
  override name = "FileNotFoundError";
  constructor(readonly path: string) {
    super(`File ${path} does not exist`);
  }
}

export class FileAlreadyExistsError extends Error {
  override name = "FileAlreadyExistsError";
  constructor(readonly path: string) {
    super(`File ${path} already exists`);
  }
}

/** Storage refused a write because it is full (browser quota, disk). */
export class StorageQuotaError extends Error {
  override name = "StorageQuotaError";
  constructor(
    readonly path: string,
    cause?: unknown,
  ) {
    super(`Storage is full: could not write ${path}. Free some space (delete old checkpoints or outputs).`, {
      cause,
    });
  }
}

/** Whether `path` is absolute with no empty, "." or ".." part and no trailing "/": normalizePath's own output. */
function isNormalized(path: string): boolean {
  if (path.charCodeAt(0) !== 47) return false;
  if (path.length === 1) return true;
  return (
    !path.endsWith("/") &&
    !path.endsWith("/.") &&
    !path.endsWith("/..") &&
    !path.includes("//") &&
    !path.includes("/./") &&
    !path.includes("/../")
  );
}

/** Collapses "//", "." and ".." and makes the path absolute. */
export function normalizePath(path: string): string {
  // Most paths are normalized already (listings, joined names); they are returned as they are, unsplit.
  if (isNormalized(path)) return path;
  const parts: string[] = [];
  for (const part of path.replace(/^file:\/\//, "").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

export function joinPath(...parts: string[]): string {
  return normalizePath(parts.join("/"));
}

export function parentOf(path: string): string {
  const p = normalizePath(path);
  return p.slice(0, p.lastIndexOf("/")) || "/";
}

export function baseName(path: string): string {
  const p = normalizePath(path);
  return p.slice(p.lastIndexOf("/") + 1);
}

/**
 * Spark's InMemoryFileIndex.shouldFilterOutPathName: names starting with "_" (metadata; "_" names with "=" are
 * partition directories) or "." (hidden and temporary files), and "._COPYING_" files still being copied.
 */
export function isHiddenFile(name: string): boolean {
  return (name.startsWith("_") && !name.includes("=")) || name.startsWith(".") || name.endsWith("._COPYING_");
}

/** Where an atomic write puts its bytes before the move; hidden, so listings never see it. */
export function temporaryPathFor(path: string): string {
  return joinPath(parentOf(path), `.${baseName(path)}.${crypto.randomUUID()}.tmp`);
}

export function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === "string" ? new TextEncoder().encode(data) : data;
}
