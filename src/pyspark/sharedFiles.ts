import type { PyodideAPI } from "pyodide";
import type { FileSystem } from "../engine/index";

/** Pyodide's own directories (its standard library, devices, this package's sources): never shared. */
const PYODIDE_DIRECTORIES = new Set(["/dev", "/proc", "/sys", "/lib", "/sluice"]);

/** Files sent to the engine at once: OPFS's round trips overlap instead of adding up. */
const WRITES_AT_ONCE = 32;

/** Emscripten's open flags that give write access (O_WRONLY, O_RDWR). */
const WRITE_ACCESS = 0o3;

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

/** Emscripten's FS as SharedFiles uses it beyond Pyodide's types: its change hooks and open streams. */
interface TrackedFS {
  trackingDelegate: Record<string, ((...args: never[]) => void) | undefined>;
  streams: ({ path?: string; flags: number } | null | undefined)[];
  truncate(target: string | object, length: number): void;
  getPath(node: object): string;
}

/**
 * What changed on one side since the last sync took it: paths, or everything (nothing is known yet, or the
 * side cannot say).
 */
class Changes {
  private paths = new Set<string>();
  private all = true;

  add(path: string): void {
    if (!this.all) this.paths.add(path);
  }

  everything(): void {
    this.all = true;
    this.paths.clear();
  }

  has(path: string): boolean {
    return this.all || this.paths.has(path);
  }

  /** The changes so far, as the roots to look at ("/" for everything), and a fresh record from now on. */
  take(): string[] {
    const roots = this.all ? ["/"] : topmost(this.paths);
    this.all = false;
    this.paths = new Set();
    return roots;
  }
}

/**
 * One set of files for Python's `open()`, `os`, `shutil`, `tempfile` and for the engine (`spark.read`, sinks,
 * `dbutils.fs`). Python's file calls are synchronous and reach Pyodide's in-memory file system; the engine's
 * storage is asynchronous in the browser (OPFS), so it cannot sit under Python directly. Instead the two trees
 * are made the same at every point where one side hands over to the other: before and after each engine call
 * Python waits on, before a reader lists its path, after a Python callback (foreachBatch, foreach, a UDF)
 * returns, and before and after each cell. A sync sends Python's new, changed and deleted files to the engine,
 * then brings the engine's into Python.
 *
 * A sync looks only at what changed since the previous one: Python's file system reports each change
 * (Emscripten's tracking hooks), and the engine's changes are the calls made on its FileSystem. A full sync
 * (`sync({ full: true })`: the first, and one before and after each cell) walks both trees and compares files by
 * modification time and size, which also catches what no hook saw (another tab, a file changed on disk).
 *
 * A Python file open for writing is not sent until it is closed, so the engine never reads half of one (a
 * background callback may be waiting on the engine with a file half-written); a file Python changed while a
 * sync ran is not overwritten or removed by that sync's pull, and goes to the engine at the next sync.
 */
export class SharedFiles {
  private readonly known = new Map<string, Known>();
  private queue: Promise<void> = Promise.resolve();
  /**
   * Files Python's hooks reported written since they were last sent: sent whatever their stamp (a write in the
   * millisecond of the previous one, of the same size, leaves the stamp as it was).
   */
  private readonly pythonWritten = new Set<string>();
  private readonly pythonChanges = new Changes();
  private readonly engineChanges = new Changes();
  /** Set while the sync itself writes Python's files, so that its own writes are not Python's changes. */
  private applying = false;
  /** The engine FileSystem's own calls, which the sync makes without counting them as the engine's changes. */
  private readonly engine: Pick<FileSystem, "writeFile" | "mkdirs" | "delete">;

  constructor(
    private readonly FS: EmscriptenFS,
    private readonly fs: FileSystem,
    /** Engine paths Python does not see (the engine's own working files: temporary checkpoints). */
    private readonly ignored: (path: string) => boolean = () => false,
  ) {
    this.trackPython();
    this.engine = this.trackEngine();
  }

  /**
   * Makes both sides the same; syncs run one at a time, in the order asked for. `full`: walk both trees rather
   * than only what changed.
   */
  sync(options: { full?: boolean } = {}): Promise<void> {
    const next = this.queue.then(() => this.run(options.full === true));
    this.queue = next.catch(() => {});
    return next;
  }

  private async run(full: boolean): Promise<void> {
    if (full) {
      this.pythonChanges.everything();
      this.engineChanges.everything();
    }
    try {
      await this.push(this.pythonChanges.take());
      await this.pull(this.engineChanges.take());
    } catch (error) {
      // What was not done is done by the next sync, which then walks everything.
      this.pythonChanges.everything();
      this.engineChanges.everything();
      throw error;
    }
  }

  /** Python's changes under `roots` to the engine. */
  private async push(roots: readonly string[]): Promise<void> {
    const writes: { path: string; stamp: Stamp | undefined }[] = [];
    for (const root of roots) {
      const python = this.pythonTree(root);
      if (python.size > 0) this.knowAncestors(root, false);
      for (const [path, entry] of python) {
        const known = this.known.get(path);
        if (known && known.directory !== entry.directory) {
          // A file became a directory, or the other way round.
          await this.engine.delete(path);
          this.forget(path);
        }
        if (entry.directory) {
          this.pythonWritten.delete(path);
          if (!this.known.has(path)) {
            await this.engine.mkdirs(path);
            this.known.set(path, { directory: true });
          }
          continue;
        }
        if (this.openForWriting(path)) {
          // Kept among the changes and sent once closed, so the engine never reads half of it.
          this.pythonChanges.add(path);
          continue;
        }
        const seen = this.known.get(path);
        if (seen && !changed(seen.python, entry.stamp) && !this.pythonWritten.has(path) && root !== path)
          continue;
        writes.push({ path, stamp: entry.stamp });
      }
      for (const path of this.knownUnder(root)) {
        if (python.has(path) || !this.known.has(path)) continue;
        await this.engine.delete(path);
        this.forget(path);
      }
    }
    // Directories first (above), then the files, several at a time.
    for (let i = 0; i < writes.length; i += WRITES_AT_ONCE) {
      await Promise.all(
        writes.slice(i, i + WRITES_AT_ONCE).map(async ({ path, stamp }) => {
          // Forgotten as its bytes are read: a write after this is reported again.
          this.pythonWritten.delete(path);
          await this.engine.writeFile(path, this.FS.readFile(path));
          const status = await this.fs.stat(path);
          this.known.set(path, {
            directory: false,
            python: stamp,
            ...(status ? { engine: { mtime: status.modificationTime, size: status.size } } : {}),
          });
        }),
      );
    }
  }

  /** The engine's changes under `roots` to Python. */
  private async pull(roots: readonly string[]): Promise<void> {
    for (const root of roots) {
      const engine = await this.engineTree(root);
      if (engine.size > 0) this.knowAncestors(root, true);
      for (const [path, entry] of engine) {
        // Python changed it while this sync ran: Python's version wins, and goes to the engine next time.
        if (this.pythonChanges.has(path)) continue;
        const known = this.known.get(path);
        if (entry.directory) {
          if (!known?.directory) {
            this.applyToPython(() => {
              if (known) this.removePython(path);
              this.FS.mkdirTree(path);
            });
            this.known.set(path, { directory: true });
          }
          continue;
        }
        if (known && !known.directory && !changed(known.engine, entry.stamp)) continue;
        const bytes = await this.fs.readFile(path);
        if (this.pythonChanges.has(path) || this.openForWriting(path)) continue;
        this.applyToPython(() => {
          if (known?.directory) this.removePython(path);
          this.FS.writeFile(path, bytes);
        });
        this.pythonWritten.delete(path);
        this.known.set(path, { directory: false, python: this.pythonStamp(path), engine: entry.stamp });
      }
      for (const path of this.knownUnder(root)) {
        if (engine.has(path) || !this.known.has(path) || this.engineOnly(path)) continue;
        if (this.pythonChanges.has(path)) continue;
        this.applyToPython(() => this.removePython(path));
        this.forget(path);
      }
    }
  }

  /**
   * The directories above a path a sync sends are on both sides (the engine makes a file's parents, and so does
   * the pull on Python's side): they are known, so that removing one on either side later removes it on the other.
   */
  private knowAncestors(path: string, onPython: boolean): void {
    for (let i = path.indexOf("/", 1); i > 0; i = path.indexOf("/", i + 1)) {
      const dir = path.slice(0, i);
      if (this.known.get(dir)?.directory) continue;
      if (onPython && !this.FS.analyzePath(dir).exists) this.applyToPython(() => this.FS.mkdir(dir));
      this.known.set(dir, { directory: true });
    }
  }

  /** Python's shared files and directories at and under `root`, parents before children. */
  private pythonTree(root: string): Map<string, Entry> {
    const out = new Map<string, Entry>();
    const visit = (path: string) => {
      let stat: { mode: number; mtime: Date | number; size: number };
      try {
        stat = this.FS.lstat(path);
      } catch {
        return; // not there (any more)
      }
      if (this.FS.isDir(stat.mode)) {
        out.set(path, { directory: true });
        walk(path);
      } else if (this.FS.isFile(stat.mode)) {
        out.set(path, { directory: false, stamp: { mtime: time(stat.mtime), size: stat.size } });
      }
    };
    const walk = (dir: string) => {
      for (const name of this.FS.readdir(dir) as string[]) {
        if (name === "." || name === "..") continue;
        const path = dir === "/" ? `/${name}` : `${dir}/${name}`;
        if (dir === "/" && PYODIDE_DIRECTORIES.has(path)) continue;
        visit(path);
      }
    };
    if (root === "/") walk("/");
    else if (!this.pythonOnly(root)) visit(root);
    return out;
  }

  /** The engine's files and directories at and under `root`, parents before children (its own files left out). */
  private async engineTree(root: string): Promise<Map<string, Entry>> {
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
    if (root === "/") {
      await walk("/");
    } else if (!this.engineOnly(root)) {
      const status = await this.fs.stat(root);
      if (status?.isDirectory) {
        out.set(root, { directory: true });
        await walk(root);
      } else if (status) {
        out.set(root, { directory: false, stamp: { mtime: status.modificationTime, size: status.size } });
      }
    }
    return out;
  }

  /** Python's file system reports its changes (Emscripten's tracking hooks); the sync's own writes are left out. */
  private trackPython(): void {
    const FS = this.FS as unknown as TrackedFS;
    const hooks = FS.trackingDelegate;
    const changed = (path: unknown) => {
      if (!this.applying && typeof path === "string") {
        this.pythonChanges.add(path);
        this.pythonWritten.add(path);
      }
    };
    const chain = (name: string, f: (...args: never[]) => void) => {
      const before = hooks[name];
      hooks[name] = (...args: never[]) => {
        before?.(...args);
        f(...args);
      };
    };
    chain("onOpenFile", (path: string, flags: number) => {
      // Opened to write (or created, or cut): a change, whose bytes are sent once it is closed.
      if (flags & (WRITE_ACCESS | 0o100 | 0o1000)) changed(path);
    });
    // No close hook: a close reports no flags (a read's close is not a change), and a file open for writing stays
    // among the changes until a push finds it closed.
    chain("onWriteToFile", (path: string) => changed(path));
    chain("onMakeDirectory", (path: string) => changed(path));
    chain("onDeletePath", (path: string) => changed(path));
    chain("onMovePath", (from: string, to: string) => {
      changed(from);
      changed(to);
    });
    // Truncation has no hook.
    const truncate = FS.truncate.bind(FS);
    FS.truncate = (target, length) => {
      truncate(target, length);
      changed(typeof target === "string" ? target : FS.getPath(target));
    };
  }

  /** The engine's changes are the calls made on its FileSystem (the engine, dbutils.fs, the file browser). */
  private trackEngine(): Pick<FileSystem, "writeFile" | "mkdirs" | "delete"> {
    const own = {
      writeFile: this.fs.writeFile.bind(this.fs),
      mkdirs: this.fs.mkdirs.bind(this.fs),
      delete: this.fs.delete.bind(this.fs),
    };
    const fs = this.fs as { -readonly [K in keyof FileSystem]: FileSystem[K] };
    const changed = (path: string) => this.engineChanges.add(normalize(path));
    const wrap = <A extends unknown[]>(
      f: (...args: A) => Promise<void>,
      paths: (...args: A) => string[],
    ): ((...args: A) => Promise<void>) => {
      return async (...args: A) => {
        try {
          await f(...args);
        } finally {
          for (const path of paths(...args)) changed(path);
        }
      };
    };
    fs.writeFile = wrap(fs.writeFile.bind(fs), (path) => [path]);
    fs.createFile = wrap(fs.createFile.bind(fs), (path) => [path]);
    fs.mkdirs = wrap(fs.mkdirs.bind(fs), (path) => [path]);
    fs.delete = wrap(fs.delete.bind(fs), (path) => [path]);
    fs.rename = wrap(fs.rename.bind(fs), (from, to) => [from, to]);
    return own;
  }

  /** Runs the sync's own change to Python's files (not a change Python made). */
  private applyToPython(f: () => void): void {
    this.applying = true;
    try {
      f();
    } finally {
      this.applying = false;
    }
  }

  /** Whether Python holds the file open for writing (a write under way). */
  private openForWriting(path: string): boolean {
    const FS = this.FS as unknown as TrackedFS;
    return FS.streams.some((s) => s?.path === path && (s.flags & WRITE_ACCESS) !== 0);
  }

  /** Known paths at and under `root`. */
  private knownUnder(root: string): string[] {
    if (root === "/") return [...this.known.keys()];
    const prefix = `${root}/`;
    return [...this.known.keys()].filter((p) => p === root || p.startsWith(prefix));
  }

  /** Paths in Pyodide's own directories. */
  private pythonOnly(path: string): boolean {
    const slash = path.indexOf("/", 1);
    return PYODIDE_DIRECTORIES.has(slash < 0 ? path : path.slice(0, slash));
  }

  /** Paths the pull leaves alone: Pyodide's own, the engine's in-flight temporary files, and `ignored`. */
  private engineOnly(path: string): boolean {
    const name = path.slice(path.lastIndexOf("/") + 1);
    return this.pythonOnly(path) || /^\..*\.tmp$/.test(name) || this.ignored(path);
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
    for (const written of [...this.pythonWritten]) {
      if (written === path || written.startsWith(under)) this.pythonWritten.delete(written);
    }
  }
}

function time(value: Date | number): number {
  return typeof value === "number" ? value : value.getTime();
}

/** Whether a file differs from the version last seen (or may: it was touched at or after `since`). */
function changed(seen: Stamp | undefined, now: Stamp | undefined): boolean {
  if (!seen || !now) return true;
  return seen.mtime !== now.mtime || seen.size !== now.size;
}

/** An absolute path without "." , ".." or repeated and trailing slashes. */
function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

/** The paths none of whose ancestors is among them. */
function topmost(paths: ReadonlySet<string>): string[] {
  if (paths.has("/")) return ["/"];
  const covered = (path: string) => {
    for (let i = path.lastIndexOf("/"); i > 0; i = path.lastIndexOf("/", i - 1)) {
      if (paths.has(path.slice(0, i))) return true;
    }
    return false;
  };
  return [...paths].filter((path) => !covered(path));
}
