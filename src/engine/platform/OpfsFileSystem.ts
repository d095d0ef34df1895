import {
  baseName,
  FileAlreadyExistsError,
  FileNotFoundError,
  type FileStatus,
  type FileSystem,
  joinPath,
  normalizePath,
  parentOf,
  StorageQuotaError,
  temporaryPathFor,
  toBytes,
} from "../io/FileSystem";
import { ListingCache, observeTree, type WatchTree } from "../io/ListingCache";

/**
 * The browser's Origin Private File System, used from the kernel worker. Writes go through synchronous access
 * handles (the fast path OPFS offers workers) into a hidden temporary file that is then moved into place, so
 * readers see the old file or the new one. DuckDB never sees OPFS paths (its own OPFS support loses files
 * across reloads); the engine reads bytes from here and hands them over.
 *
 * Every OPFS call is a round trip to the browser process (about a millisecond on a busy machine), so a trigger's
 * cost is mostly how many of them it waits for in a row: directory handles are looked up once and kept, a
 * listing asks for its files' sizes all at once rather than one after another, and listings are kept while the
 * browser reports every change (ListingCache), so a stream's folder is not stat'ed file by file every trigger.
 */
export class OpfsFileSystem implements FileSystem {
  readonly kind = "opfs";
  /** Directory handles by path. Another tab may remove a directory: a call that fails on a kept handle retries. */
  private readonly dirs = new Map<string, FileSystemDirectoryHandle>();

  private constructor(
    root: FileSystemDirectoryHandle,
    private readonly listings: ListingCache,
  ) {
    this.dirs.set("/", root);
  }

  /**
   * `root` is a folder inside OPFS (created where missing); every engine path lives under it. Tests pass their
   * own OPFS root and change watcher.
   */
  static async open(
    root = "/",
    options: { opfs?: FileSystemDirectoryHandle; watch?: WatchTree } = {},
  ): Promise<OpfsFileSystem> {
    let dir = options.opfs ?? (await navigator.storage.getDirectory());
    for (const part of normalizePath(root).split("/").filter(Boolean)) {
      dir = await dir.getDirectoryHandle(part, { create: true });
    }
    const listings = new ListingCache();
    await listings.watch(dir, options.watch ?? observeTree);
    return new OpfsFileSystem(dir, listings);
  }

  async readFile(path: string): Promise<Uint8Array> {
    const p = normalizePath(path);
    try {
      const file = await this.inDir(parentOf(p), false, (dir) => fileOf(dir, baseName(p)));
      return new Uint8Array(await file.arrayBuffer());
    } catch (error) {
      throw translateOpfsError(error, p);
    }
  }

  async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    const p = normalizePath(path);
    const bytes = toBytes(data);
    try {
      await this.inDir(parentOf(p), true, (dir) => this.writeAtomically(dir, baseName(p), bytes));
    } catch (error) {
      throw translateOpfsError(error, p);
    } finally {
      this.listings.changed(p);
    }
  }

  async createFile(path: string, data: Uint8Array | string): Promise<void> {
    const p = normalizePath(path);
    if (await this.exists(p)) throw new FileAlreadyExistsError(p);
    await this.writeFile(p, data);
  }

  async stat(path: string): Promise<FileStatus | undefined> {
    const p = normalizePath(path);
    if (p === "/") return directoryStatus(p);
    const kept = this.listings.stat(p);
    if (kept !== undefined) return kept === "missing" ? undefined : { ...kept };
    try {
      return await this.inDir(parentOf(p), false, async (parent) => {
        const handle = await childOf(parent, baseName(p));
        return handle ? statusOf(p, handle) : undefined;
      });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async list(dir: string): Promise<FileStatus[]> {
    const d = normalizePath(dir);
    const kept = this.listings.list(d);
    if (kept) return kept.map((s) => ({ ...s }));
    const version = this.listings.version(d);
    let entries: FileSystemHandle[];
    try {
      entries = await this.inDir(d, false, async (handle) => {
        const out: FileSystemHandle[] = [];
        for await (const entry of directoryEntries(handle)) out.push(entry);
        return out;
      });
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
    // All sizes asked for at once: one round trip's wait instead of one per file.
    const statuses = await Promise.all(
      entries.map((entry) =>
        // Deleted or moved between the listing and the stat: not there any more.
        statusOf(joinPath(d, entry.name), entry).catch(() => undefined),
      ),
    );
    const listing = statuses
      .filter((s) => s !== undefined)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.listings.keep(d, listing, version);
    return listing.map((s) => ({ ...s }));
  }

  async mkdirs(dir: string): Promise<void> {
    const d = normalizePath(dir);
    try {
      await this.dirHandle(d, true);
    } catch (error) {
      throw translateOpfsError(error, d);
    } finally {
      this.listings.changed(d);
    }
  }

  async delete(path: string): Promise<void> {
    const p = normalizePath(path);
    if (p === "/") {
      for (const entry of await this.list("/")) await this.delete(entry.path);
      return;
    }
    this.forget(p);
    try {
      await this.inDir(parentOf(p), false, (parent) => parent.removeEntry(baseName(p), { recursive: true }));
    } catch (error) {
      if (isNotFound(error)) return;
      throw translateOpfsError(error, p);
    } finally {
      this.listings.changed(p);
    }
  }

  async rename(from: string, to: string): Promise<void> {
    const f = normalizePath(from);
    const t = normalizePath(to);
    const status = await this.stat(f);
    if (!status) throw new FileNotFoundError(f);
    try {
      if (status.isDirectory) {
        // OPFS moves files, not reliably folders: copy the tree, then drop the old one.
        for (const child of await this.list(f)) await this.rename(child.path, joinPath(t, child.name));
        await this.dirHandle(t, true);
        await this.delete(f);
      } else {
        const target = await this.dirHandle(parentOf(t), true);
        await this.inDir(parentOf(f), false, async (dir) =>
          moveFile(dir, await dir.getFileHandle(baseName(f)), target, baseName(t)),
        );
      }
    } catch (error) {
      throw translateOpfsError(error, t);
    } finally {
      this.listings.changed(f);
      this.listings.changed(t);
    }
  }

  /** Bytes used and available for this origin, as the browser reports them. */
  static async usage(): Promise<{ usage: number; quota: number }> {
    const estimate = await navigator.storage.estimate();
    return { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 };
  }

  /** Whether a file or directory is there, without reading its size. */
  private async exists(path: string): Promise<boolean> {
    if (path === "/") return true;
    const kept = this.listings.stat(path);
    if (kept !== undefined) return kept !== "missing";
    try {
      return await this.inDir(
        parentOf(path),
        false,
        async (parent) => (await childOf(parent, baseName(path))) !== undefined,
      );
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** The bytes go to a fresh hidden file in the same directory, which then takes the name in one move. */
  private async writeAtomically(dir: FileSystemDirectoryHandle, name: string, bytes: Uint8Array) {
    const temporary = baseName(temporaryPathFor(joinPath("/", name)));
    const handle = await dir.getFileHandle(temporary, { create: true });
    try {
      await writeHandle(handle, bytes, true);
      await moveFile(dir, handle, dir, name);
    } catch (error) {
      await dir.removeEntry(temporary).catch(() => {});
      throw error;
    }
  }

  /**
   * Runs `f` on the directory at `path`. A kept handle whose directory was removed meanwhile (by another tab)
   * fails with NotFoundError: the path and its parents are then looked up afresh (and created, when writing),
   * once.
   */
  private async inDir<T>(
    path: string,
    create: boolean,
    f: (dir: FileSystemDirectoryHandle) => Promise<T>,
  ): Promise<T> {
    let kept = false;
    for (let p = path; p !== "/" && !kept; p = parentOf(p)) kept = this.dirs.has(p);
    try {
      return await f(await this.dirHandle(path, create));
    } catch (error) {
      if (!kept || !isNotFound(error)) throw error;
      this.forget(path);
      for (let p = parentOf(path); p !== "/"; p = parentOf(p)) this.dirs.delete(p);
      return f(await this.dirHandle(path, create));
    }
  }

  private async dirHandle(path: string, create: boolean): Promise<FileSystemDirectoryHandle> {
    const p = normalizePath(path);
    const kept = this.dirs.get(p);
    if (kept) return kept;
    const dir = await (await this.dirHandle(parentOf(p), create)).getDirectoryHandle(baseName(p), { create });
    this.dirs.set(p, dir);
    return dir;
  }

  /** Drops the kept handles of `path` and everything under it (deleted, moved, or gone elsewhere). */
  private forget(path: string): void {
    if (path === "/") return;
    const prefix = `${path}/`;
    for (const p of this.dirs.keys()) if (p === path || p.startsWith(prefix)) this.dirs.delete(p);
  }
}

interface MovableFileHandle extends FileSystemFileHandle {
  move?(parent: FileSystemDirectoryHandle, name: string): Promise<void>;
}

/** Writes the whole file; `fresh`: it was just created, so there is nothing to cut (truncate costs a round trip). */
async function writeHandle(handle: FileSystemFileHandle, bytes: Uint8Array, fresh: boolean): Promise<void> {
  const access = await handle.createSyncAccessHandle();
  try {
    if (!fresh) access.truncate(0);
    let written = 0;
    while (written < bytes.byteLength) {
      const n = access.write(bytes.subarray(written), { at: written });
      // A write that makes no progress has hit the quota (some browsers say so by writing nothing).
      if (n <= 0) throw new DOMException("The storage quota is exceeded", "QuotaExceededError");
      written += n;
    }
    access.flush();
  } finally {
    access.close();
  }
}

/** Moves a file over an existing one (move() replaces the target in Chromium; elsewhere remove it first). */
async function moveFile(
  fromDir: FileSystemDirectoryHandle,
  handle: FileSystemFileHandle,
  toDir: FileSystemDirectoryHandle,
  toName: string,
): Promise<void> {
  const movable = handle as MovableFileHandle;
  if (typeof movable.move === "function") {
    try {
      await movable.move(toDir, toName);
      return;
    } catch (error) {
      if (!isModificationError(error)) throw error;
      await toDir.removeEntry(toName).catch(() => {});
      await movable.move(toDir, toName);
      return;
    }
  }
  // No move(): copy, then remove (not atomic, but only on browsers without move()).
  const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
  await writeHandle(await toDir.getFileHandle(toName, { create: true }), bytes, false);
  await fromDir.removeEntry(handle.name);
}

async function fileOf(dir: FileSystemDirectoryHandle, name: string): Promise<File> {
  return (await dir.getFileHandle(name)).getFile();
}

/** A directory's child by name, file or directory; undefined where there is none. */
async function childOf(dir: FileSystemDirectoryHandle, name: string): Promise<FileSystemHandle | undefined> {
  try {
    return await dir.getFileHandle(name);
  } catch (error) {
    if (nameOf(error) !== "TypeMismatchError" && !isNotFound(error)) throw error;
    if (nameOf(error) !== "TypeMismatchError") return undefined;
  }
  try {
    return await dir.getDirectoryHandle(name);
  } catch (error) {
    if (isNotFound(error) || nameOf(error) === "TypeMismatchError") return undefined;
    throw error;
  }
}

async function statusOf(path: string, handle: FileSystemHandle): Promise<FileStatus> {
  if (handle.kind === "directory") return directoryStatus(path);
  const file = await (handle as FileSystemFileHandle).getFile();
  return {
    path,
    name: baseName(path),
    size: file.size,
    modificationTime: file.lastModified,
    isDirectory: false,
  };
}

function directoryStatus(path: string): FileStatus {
  return { path, name: baseName(path), size: 0, modificationTime: 0, isDirectory: true };
}

async function* directoryEntries(dir: FileSystemDirectoryHandle): AsyncGenerator<FileSystemHandle> {
  const iterable = dir as unknown as { values(): AsyncIterable<FileSystemHandle> };
  for await (const handle of iterable.values()) yield handle;
}

function nameOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null ? (error as { name?: string }).name : undefined;
}

function isNotFound(error: unknown): boolean {
  return nameOf(error) === "NotFoundError" || error instanceof FileNotFoundError;
}

function isModificationError(error: unknown): boolean {
  const name = nameOf(error);
  return name === "NoModificationAllowedError" || name === "InvalidModificationError";
}

/** OPFS's DOMExceptions in the engine's terms: a missing file, or a full quota. */
export function translateOpfsError(error: unknown, path: string): unknown {
  if (error instanceof FileNotFoundError || error instanceof StorageQuotaError) return error;
  if (error instanceof FileAlreadyExistsError) return error;
  const name = nameOf(error);
  if (name === "QuotaExceededError") return new StorageQuotaError(path, error);
  if (name === "NotFoundError" || name === "TypeMismatchError") return new FileNotFoundError(path);
  return error;
}
