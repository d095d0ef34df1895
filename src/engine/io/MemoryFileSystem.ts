import {
  baseName,
  FileAlreadyExistsError,
  FileNotFoundError,
  type FileStatus,
  type FileSystem,
  normalizePath,
  parentOf,
  type SyncFileReader,
  toBytes,
} from "./FileSystem";

interface Entry {
  /** Undefined for a directory. */
  data?: Uint8Array;
  modificationTime: number;
}

/** A FileSystem in a Map, for tests and for sessions that need no persistence. */
export class MemoryFileSystem implements FileSystem {
  readonly kind = "memory";
  private readonly entries = new Map<string, Entry>([["/", { modificationTime: Date.now() }]]);

  readonly sync: SyncFileReader = {
    readFile: (path) => {
      const p = normalizePath(path);
      const data = this.entries.get(p)?.data;
      if (!data) throw new FileNotFoundError(p);
      return data;
    },
    stat: (path) => {
      const p = normalizePath(path);
      const entry = this.entries.get(p);
      if (!entry) return undefined;
      const isDirectory = entry.data === undefined;
      const size = entry.data?.byteLength ?? 0;
      return { path: p, name: baseName(p), size, modificationTime: entry.modificationTime, isDirectory };
    },
    list: (dir) => {
      const d = normalizePath(dir);
      const out: FileStatus[] = [];
      for (const path of this.entries.keys()) {
        if (path !== d && parentOf(path) === d) out.push(this.sync.stat(path)!);
      }
      return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
  };

  async readFile(path: string): Promise<Uint8Array> {
    return this.sync.readFile(path);
  }

  async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    this.put(normalizePath(path), toBytes(data));
  }

  async createFile(path: string, data: Uint8Array | string): Promise<void> {
    const p = normalizePath(path);
    if (this.entries.has(p)) throw new FileAlreadyExistsError(p);
    this.put(p, toBytes(data));
  }

  async stat(path: string): Promise<FileStatus | undefined> {
    return this.sync.stat(path);
  }

  async list(dir: string): Promise<FileStatus[]> {
    return this.sync.list(dir);
  }

  async mkdirs(dir: string): Promise<void> {
    this.makeDirs(normalizePath(dir));
  }

  async delete(path: string): Promise<void> {
    const p = normalizePath(path);
    for (const key of [...this.entries.keys()]) {
      if (key === p || key.startsWith(`${p}/`)) this.entries.delete(key);
    }
  }

  async rename(from: string, to: string): Promise<void> {
    const f = normalizePath(from);
    const t = normalizePath(to);
    if (!this.entries.has(f)) throw new FileNotFoundError(f);
    this.makeDirs(parentOf(t));
    for (const [key, entry] of [...this.entries]) {
      if (key === f || key.startsWith(`${f}/`)) {
        this.entries.delete(key);
        this.entries.set(t + key.slice(f.length), entry);
      }
    }
  }

  private makeDirs(dir: string): void {
    for (let p = dir; !this.entries.has(p); p = parentOf(p)) {
      this.entries.set(p, { modificationTime: Date.now() });
    }
  }

  private put(path: string, data: Uint8Array): void {
    const existing = this.entries.get(path);
    if (existing && existing.data === undefined) throw new Error(`${path} is a directory`);
    this.makeDirs(parentOf(path));
    this.entries.set(path, { data: data.slice(), modificationTime: Date.now() });
  }
}
