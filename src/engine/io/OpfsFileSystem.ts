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
} from "./FileSystem";

/**
 * The browser's Origin Private File System, used from the kernel worker. Writes go through synchronous access
 * handles (the fast path OPFS offers workers) into a hidden temporary file that is then moved into place, so
 * readers see the old file or the new one. DuckDB never sees OPFS paths (its own OPFS support loses files
 * across reloads); the engine reads bytes from here and hands them over.
 */
export class OpfsFileSystem implements FileSystem {
  readonly kind = "opfs";

  private constructor(private readonly root: FileSystemDirectoryHandle) {}

  /** `root` is a folder inside OPFS (created where missing); every engine path lives under it. */
  static async open(root = "/"): Promise<OpfsFileSystem> {
    let dir = await navigator.storage.getDirectory();
    for (const part of normalizePath(root).split("/").filter(Boolean)) {
      dir = await dir.getDirectoryHandle(part, { create: true });
    }
    return new OpfsFileSystem(dir);
  }

  async readFile(path: string): Promise<Uint8Array> {
    const p = normalizePath(path);
    try {
      const file = await (await this.fileHandle(p)).getFile();
      return new Uint8Array(await file.arrayBuffer());
    } catch (error) {
      throw translateOpfsError(error, p);
    }
  }

  async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    const p = normalizePath(path);
    const temporary = temporaryPathFor(p);
    try {
      const dir = await this.dirHandle(parentOf(p), true);
      await this.writeHandle(await dir.getFileHandle(baseName(temporary), { create: true }), toBytes(data));
      await this.moveFile(dir, baseName(temporary), dir, baseName(p));
    } catch (error) {
      await this.delete(temporary).catch(() => {});
      throw translateOpfsError(error, p);
    }
  }

  async createFile(path: string, data: Uint8Array | string): Promise<void> {
    const p = normalizePath(path);
    if (await this.stat(p)) throw new FileAlreadyExistsError(p);
    await this.writeFile(p, data);
  }

  async stat(path: string): Promise<FileStatus | undefined> {
    const p = normalizePath(path);
    if (p === "/") return { path: p, name: "", size: 0, modificationTime: 0, isDirectory: true };
    let parent: FileSystemDirectoryHandle;
    try {
      parent = await this.dirHandle(parentOf(p), false);
    } catch {
      return undefined;
    }
    const name = baseName(p);
    try {
      return await this.status(p, await parent.getFileHandle(name));
    } catch {}
    try {
      return await this.status(p, await parent.getDirectoryHandle(name));
    } catch {
      return undefined;
    }
  }

  async list(dir: string): Promise<FileStatus[]> {
    const d = normalizePath(dir);
    let handle: FileSystemDirectoryHandle;
    try {
      handle = await this.dirHandle(d, false);
    } catch {
      return [];
    }
    const out: FileStatus[] = [];
    for await (const entry of directoryEntries(handle)) {
      try {
        out.push(await this.status(joinPath(d, entry.name), entry));
      } catch {
        // Deleted or moved between the listing and the stat: not there any more.
      }
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async mkdirs(dir: string): Promise<void> {
    const d = normalizePath(dir);
    try {
      await this.dirHandle(d, true);
    } catch (error) {
      throw translateOpfsError(error, d);
    }
  }

  async delete(path: string): Promise<void> {
    const p = normalizePath(path);
    if (p === "/") {
      for (const entry of await this.list("/")) await this.delete(entry.path);
      return;
    }
    try {
      const parent = await this.dirHandle(parentOf(p), false);
      await parent.removeEntry(baseName(p), { recursive: true });
    } catch (error) {
      if (isNotFound(error)) return;
      throw translateOpfsError(error, p);
    }
  }

  async rename(from: string, to: string): Promise<void> {
    const f = normalizePath(from);
    const t = normalizePath(to);
    const status = await this.stat(f);
    if (!status) throw new FileNotFoundError(f);
    try {
      const target = await this.dirHandle(parentOf(t), true);
      if (status.isDirectory) {
        // OPFS moves files, not reliably folders: copy the tree, then drop the old one.
        for (const child of await this.list(f)) await this.rename(child.path, joinPath(t, child.name));
        await target.getDirectoryHandle(baseName(t), { create: true });
        await this.delete(f);
      } else {
        await this.moveFile(await this.dirHandle(parentOf(f), false), baseName(f), target, baseName(t));
      }
    } catch (error) {
      throw translateOpfsError(error, t);
    }
  }

  /** Bytes used and available for this origin, as the browser reports them. */
  static async usage(): Promise<{ usage: number; quota: number }> {
    const estimate = await navigator.storage.estimate();
    return { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 };
  }

  private async writeHandle(handle: FileSystemFileHandle, bytes: Uint8Array): Promise<void> {
    const access = await handle.createSyncAccessHandle();
    try {
      access.truncate(0);
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
  private async moveFile(
    fromDir: FileSystemDirectoryHandle,
    fromName: string,
    toDir: FileSystemDirectoryHandle,
    toName: string,
  ): Promise<void> {
    const handle = (await fromDir.getFileHandle(fromName)) as MovableFileHandle;
    if (typeof handle.move === "function") {
      try {
        await handle.move(toDir, toName);
        return;
      } catch (error) {
        if (!isModificationError(error)) throw error;
        await toDir.removeEntry(toName).catch(() => {});
        await handle.move(toDir, toName);
        return;
      }
    }
    // No move(): copy, then remove (not atomic, but only on browsers without move()).
    const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
    await this.writeHandle(await toDir.getFileHandle(toName, { create: true }), bytes);
    await fromDir.removeEntry(fromName);
  }

  private async fileHandle(path: string): Promise<FileSystemFileHandle> {
    const dir = await this.dirHandle(parentOf(path), false);
    return dir.getFileHandle(baseName(path));
  }

  private async dirHandle(path: string, create: boolean): Promise<FileSystemDirectoryHandle> {
    let dir = this.root;
    for (const part of normalizePath(path).split("/").filter(Boolean)) {
      dir = await dir.getDirectoryHandle(part, { create });
    }
    return dir;
  }

  private async status(path: string, handle: FileSystemHandle): Promise<FileStatus> {
    if (handle.kind === "directory") {
      return { path, name: baseName(path), size: 0, modificationTime: 0, isDirectory: true };
    }
    const file = await (handle as FileSystemFileHandle).getFile();
    return {
      path,
      name: baseName(path),
      size: file.size,
      modificationTime: file.lastModified,
      isDirectory: false,
    };
  }
}

interface MovableFileHandle extends FileSystemFileHandle {
  move?(parent: FileSystemDirectoryHandle, name: string): Promise<void>;
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
