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
} from "./FileSystem";

/** Engine paths resolved under one directory of the machine (`sluice.fs.root`). */
export class NodeFileSystem implements FileSystem {
  readonly kind = "node";

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
      const stats = fs.statSync(this.local(path), { throwIfNoEntry: false });
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
      const out: FileStatus[] = [];
      for (const name of names.sort()) {
        const stats = fs.statSync(nodePath.join(this.local(d), name), { throwIfNoEntry: false });
        if (stats) out.push(this.status(normalizePath(`${d}/${name}`), stats));
      }
      return out;
    },
  };

  async readFile(path: string): Promise<Uint8Array> {
    try {
      return await fs.promises.readFile(this.local(path));
    } catch (error) {
      throw this.translate(error, path);
    }
  }

  async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    const temporary = temporaryPathFor(path);
    await this.mkdirs(parentOf(path));
    try {
      await fs.promises.writeFile(this.local(temporary), toBytes(data));
      await fs.promises.rename(this.local(temporary), this.local(path));
    } catch (error) {
      await fs.promises.rm(this.local(temporary), { force: true });
      throw this.translate(error, path);
    }
  }

  async createFile(path: string, data: Uint8Array | string): Promise<void> {
    const temporary = temporaryPathFor(path);
    await this.mkdirs(parentOf(path));
    try {
      await fs.promises.writeFile(this.local(temporary), toBytes(data));
      // link() fails where the target exists, so two writers cannot both win; then drop the temporary name.
      await fs.promises.link(this.local(temporary), this.local(path));
    } catch (error) {
      throw this.translate(error, path);
    } finally {
      await fs.promises.rm(this.local(temporary), { force: true });
    }
  }

  async stat(path: string): Promise<FileStatus | undefined> {
    return this.sync.stat(path);
  }

  async list(dir: string): Promise<FileStatus[]> {
    return this.sync.list(dir);
  }

  async mkdirs(dir: string): Promise<void> {
    await fs.promises.mkdir(this.local(dir), { recursive: true });
  }

  async delete(path: string): Promise<void> {
    await fs.promises.rm(this.local(path), { recursive: true, force: true });
  }

  async rename(from: string, to: string): Promise<void> {
    await this.mkdirs(parentOf(to));
    try {
      await fs.promises.rename(this.local(from), this.local(to));
    } catch (error) {
      throw this.translate(error, from);
    }
  }

  private local(path: string): string {
    return nodePath.join(this.root, normalizePath(path));
  }

  private status(path: string, stats: fs.Stats): FileStatus {
    return {
      path,
      name: baseName(path),
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
