import type { PyodideAPI } from "pyodide";
import type { FileSystem } from "../engine/index";

/** Pyodide's own directories (its standard library, devices, this package's sources): never shared. */
const PYODIDE_DIRECTORIES = new Set(["/dev", "/proc", "/sys", "/lib", "/sluice"]);

/** A file's version as one side last saw it: its modification time and size. */
interface Stamp {
  mtime: number;
  size: number;
}

/** What both sides held at the last sync, by path: a directory, or a file with each side's stamp. */
interface Known {
  directory: boolean;
  python?: Stamp;
  engine?: Stamp;
}

interface Entry {
  directory: boolean;
  stamp?: Stamp;
}

type EmscriptenFS = PyodideAPI["FS"];

/**
 * One set of files for Python's `open()`, `os`, `shutil`, `tempfile` and for the engine (`spark.read`, sinks,
 * `dbutils.fs`). Python's file calls are synchronous and reach Pyodide's in-memory file system; the engine's
 * storage is asynchronous in the browser (OPFS), so it cannot sit under Python directly. Instead the two trees
 * are made the same at every point where one side hands over to the other: before and after each engine call
 * Python waits on, before a reader lists its path, and before and after each cell. A sync sends Python's new,
 * changed and deleted files to the engine, then brings the engine's into Python. Files are compared by
 * modification time and size; a Python file touched since the previous sync ended is always sent, so a second
 * write in the millisecond of the first is not missed (Python runs only between syncs).
 */
export class SharedFiles {
  private readonly known = new Map<string, Known>();
  private queue: Promise<void> = Promise.resolve();
  /** When the previous sync ended (ms since the epoch): Python files touched since are sent whatever their stamp. */
  private ended = 0;

  constructor(
    private readonly FS: EmscriptenFS,
    private readonly fs: FileSystem,
    /** Engine paths Python does not see (the engine's own working files: temporary checkpoints). */
    private readonly ignored: (path: string) => boolean = () => false,
  ) {}

  /** Makes both sides the same; syncs run one at a time, in the order asked for. */
  sync(): Promise<void> {
    const next = this.queue.then(() => this.run());
    this.queue = next.catch(() => {});
    return next;
  }

  private async run(): Promise<void> {
    try {
      await this.push();
      await this.pull();
    } finally {
      this.ended = Date.now();
    }
  }

  /** Python's changes to the engine. */
  private async push(): Promise<void> {
    const python = this.pythonTree();
    for (const [path, entry] of python) {
      const known = this.known.get(path);
      if (known && known.directory !== entry.directory) {
        // A file became a directory, or the other way round.
        await this.fs.delete(path);
        this.forget(path);
      }
      if (entry.directory) {
        if (!this.known.has(path)) {
          await this.fs.mkdirs(path);
          this.known.set(path, { directory: true });
        }
        continue;
      }
      const seen = this.known.get(path);
      if (seen && !changed(seen.python, entry.stamp, this.ended)) continue;
      await this.fs.writeFile(path, this.FS.readFile(path));
      const status = await this.fs.stat(path);
      this.known.set(path, {
        directory: false,
        python: entry.stamp,
        ...(status ? { engine: { mtime: status.modificationTime, size: status.size } } : {}),
      });
    }
    for (const path of [...this.known.keys()]) {
      if (python.has(path) || !this.known.has(path)) continue;
      await this.fs.delete(path);
      this.forget(path);
    }
  }

  /** The engine's changes to Python. */
  private async pull(): Promise<void> {
    const engine = await this.engineTree();
    for (const [path, entry] of engine) {
      const known = this.known.get(path);
      if (entry.directory) {
        if (!known?.directory) {
          if (known) this.removePython(path);
          this.FS.mkdirTree(path);
          this.known.set(path, { directory: true });
        }
        continue;
      }
      if (known && !known.directory && !changed(known.engine, entry.stamp)) continue;
      if (known?.directory) this.removePython(path);
      this.FS.writeFile(path, await this.fs.readFile(path));
      this.known.set(path, { directory: false, python: this.pythonStamp(path), engine: entry.stamp });
    }
    for (const path of [...this.known.keys()]) {
      if (engine.has(path) || !this.known.has(path) || this.engineOnly(path)) continue;
      this.removePython(path);
      this.forget(path);
    }
  }

  /** Python's shared files and directories, parents before children. */
  private pythonTree(): Map<string, Entry> {
    const out = new Map<string, Entry>();
    const walk = (dir: string) => {
      for (const name of this.FS.readdir(dir) as string[]) {
        if (name === "." || name === "..") continue;
        const path = dir === "/" ? `/${name}` : `${dir}/${name}`;
        if (dir === "/" && PYODIDE_DIRECTORIES.has(path)) continue;
        const stat = this.FS.lstat(path);
        if (this.FS.isDir(stat.mode)) {
          out.set(path, { directory: true });
          walk(path);
        } else if (this.FS.isFile(stat.mode)) {
          out.set(path, { directory: false, stamp: { mtime: time(stat.mtime), size: stat.size } });
        }
      }
    };
    walk("/");
    return out;
  }

  /** The engine's files and directories, parents before children (its in-flight temporary files left out). */
  private async engineTree(): Promise<Map<string, Entry>> {
    const out = new Map<string, Entry>();
    const walk = async (dir: string) => {
      for (const status of await this.fs.list(dir)) {
        const path = status.path;
        if (this.engineOnly(path)) continue;
        if (status.isDirectory) {
          out.set(path, { directory: true });
          await walk(path);
        } else {
          out.set(path, { directory: false, stamp: { mtime: status.modificationTime, size: status.size } });
        }
      }
    };
    await walk("/");
    return out;
  }

  /** Paths the pull leaves alone: Pyodide's own, the engine's in-flight temporary files, and `ignored`. */
  private engineOnly(path: string): boolean {
    const slash = path.indexOf("/", 1);
    const top = slash < 0 ? path : path.slice(0, slash);
    const name = path.slice(path.lastIndexOf("/") + 1);
    return PYODIDE_DIRECTORIES.has(top) || /^\..*\.tmp$/.test(name) || this.ignored(path);
  }

  private pythonStamp(path: string): Stamp {
    const stat = this.FS.stat(path);
    return { mtime: time(stat.mtime), size: stat.size };
  }

  /** Removes a file or a directory tree from Python's side. */
  private removePython(path: string): void {
    const analysis = this.FS.analyzePath(path);
    if (!analysis.exists) return;
    if (!this.FS.isDir(this.FS.lstat(path).mode)) {
      this.FS.unlink(path);
      return;
    }
    for (const name of this.FS.readdir(path) as string[]) {
      if (name !== "." && name !== "..") this.removePython(`${path}/${name}`);
    }
    this.FS.rmdir(path);
  }

  /** Drops `path` and everything under it from what both sides held. */
  private forget(path: string): void {
    const under = `${path}/`;
    for (const known of [...this.known.keys()]) {
      if (known === path || known.startsWith(under)) this.known.delete(known);
    }
  }
}

function time(value: Date | number): number {
  return typeof value === "number" ? value : value.getTime();
}

/** Whether a file differs from the version last seen (or may: it was touched at or after `since`). */
function changed(seen: Stamp | undefined, now: Stamp | undefined, since = Number.POSITIVE_INFINITY): boolean {
  if (!seen || !now) return true;
  return seen.mtime !== now.mtime || seen.size !== now.size || now.mtime >= since;
}
