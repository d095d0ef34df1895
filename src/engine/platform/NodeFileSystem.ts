import * as fs from "node:fs";
import * as nodePath from "node:path";
import {
  baseName,
  FileAlreadyExistsError,
  FileNotFoundError,
  type FileStatus,
  type FileSystem,
  normalizePath,
  parentOf,
  StorageQuotaError,
  type SyncFileReader,
  temporaryPathFor,
  toBytes,
} from "../io/FileSystem";

/** Engine paths resolved under one directory of the machine (`sluice.fs.root`). */
export class NodeFileSystem implements FileSystem {
  readonly kind = "node";
  /** Directories this object has made (see writeTemporary). */
  private readonly directories = new Set<string>();
  /** See FileSystem.changes: bumped before each change, so a listing taken across one is not current. */
  changes = 0;

  constructor(readonly root: string) {
    fs.mkdirSync(root, { recursive: true });
  }

  readonly sync: SyncFileReader = {
    readFile: (path) => {
      try {
        return fs.readFileSync(this.local(path));
      } catch (error) {
        throw this.translate(error, path);
      }
    },
    stat: (path) => {
      let stats: fs.Stats | undefined;
      try {
        stats = fs.statSync(this.local(path), { throwIfNoEntry: false });
      } catch (error) {
        // A path under a file (`data.csv/_spark_metadata`) is not there, as in the browser's file systems.
        if ((error as NodeJS.ErrnoException).code !== "ENOTDIR") throw error;
      }
      return stats && this.status(normalizePath(path), stats);
    },
    list: (dir) => {
      const d = normalizePath(dir);
      let names: string[];
      try {
        names = fs.readdirSync(this.local(d));
      } catch {
        return [];
      }
      // A directory's entries are single names: their paths are built, not normalized one by one (a file
      // source's directory may hold tens of thousands, listed at every restart).
      const local = this.local(d);
      const prefix = d === "/" ? "/" : `${d}/`;
      const out: FileStatus[] = [];
      for (const name of names.sort()) {
        const stats = fs.statSync(nodePath.join(local, name), { throwIfNoEntry: false });
        if (stats) out.push(this.status(prefix + name, stats, name));
      }
      return out;
    },
    names: (dir) => {
      try {
        return fs.readdirSync(this.local(dir)).sort();
      } catch {
        return [];
      }
    },
  };

  // Node's synchronous calls: a checkpoint write is a few small files per trigger, and fs.promises' round trips
  // through libuv's thread pool cost more than the writes themselves (P2 in bench/).
  async readFile(path: string): Promise<Uint8Array> {
    return this.sync.readFile(path);
  }

  async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    this.changes += 1;
    const temporary = temporaryPathFor(path);
    try {
      this.writeTemporary(temporary, data);
      fs.renameSync(this.local(temporary), this.local(path));
    } catch (error) {
      fs.rmSync(this.local(temporary), { force: true });
      throw this.translate(error, path);
    }
  }

  async createFile(path: string, data: Uint8Array | string): Promise<void> {
    this.changes += 1;
    const temporary = temporaryPathFor(path);
    try {
      this.writeTemporary(temporary, data);
      // link() fails where the target exists, so two writers cannot both win; then drop the temporary name.
      fs.linkSync(this.local(temporary), this.local(path));
    } catch (error) {
      throw this.translate(error, path);
    } finally {
      fs.rmSync(this.local(temporary), { force: true });
    }
  }

  async stat(path: string): Promise<FileStatus | undefined> {
    return this.sync.stat(path);
  }

  async list(dir: string): Promise<FileStatus[]> {
    return this.sync.list(dir);
  }

  async mkdirs(dir: string): Promise<void> {
    this.changes += 1;
    fs.mkdirSync(this.local(dir), { recursive: true });
  }

  async delete(path: string): Promise<void> {
    this.changes += 1;
    this.forgetDirectories(path);
    fs.rmSync(this.local(path), { recursive: true, force: true });
  }

  async rename(from: string, to: string): Promise<void> {
    this.changes += 1;
    try {
      this.forgetDirectories(from);
      fs.mkdirSync(this.local(parentOf(to)), { recursive: true });
      fs.renameSync(this.local(from), this.local(to));
    } catch (error) {
      throw this.translate(error, from);
    }
  }

  /**
   * Writes a new file, creating its directory the first time this object writes there (a checkpoint writes a
   * few small files per trigger into the same directories; mkdir each time costs more than the write). A
   * directory removed behind this object's back is made again.
   */
  private writeTemporary(path: string, data: Uint8Array | string): void {
    const dir = parentOf(path);
    if (!this.directories.has(dir)) {
      fs.mkdirSync(this.local(dir), { recursive: true });
      this.directories.add(dir);
    }
    try {
      fs.writeFileSync(this.local(path), toBytes(data));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      fs.mkdirSync(this.local(dir), { recursive: true });
      fs.writeFileSync(this.local(path), toBytes(data));
    }
  }

  /** Forgets the directories at or under `path` (being deleted or moved). */
  private forgetDirectories(path: string): void {
    const p = normalizePath(path);
    const under = p === "/" ? "/" : `${p}/`;
    for (const dir of this.directories) if (dir === p || dir.startsWith(under)) this.directories.delete(dir);
  }

  private local(path: string): string {
    return nodePath.join(this.root, normalizePath(path));
  }

  private status(path: string, stats: fs.Stats, name = baseName(path)): FileStatus {
    return {
      path,
      name,
      size: stats.isDirectory() ? 0 : stats.size,
      modificationTime: stats.mtimeMs,
      isDirectory: stats.isDirectory(),
    };
  }

  private translate(error: unknown, path: string): unknown {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return new FileNotFoundError(normalizePath(path));
    if (code === "EEXIST") return new FileAlreadyExistsError(normalizePath(path));
    if (code === "ENOSPC" || code === "EDQUOT") return new StorageQuotaError(normalizePath(path), error);
    return error;
  }
}
