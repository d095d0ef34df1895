/**
 * The stored notebooks, as JupyterLab's contents manager has them: files with a last-modified time, listed
 * recent first, created under names that are free (Untitled, Untitled1, ...), renamed by moving, and saved only
 * where the stored file is still what this tab last read or wrote. The check reads the stored file at save time
 * under a Web Lock, so it holds whether or not the tab that wrote it is still open.
 */

/** Where notebooks are created: the browser's storage (OPFS), which the Files tab shows too. */
export const NOTEBOOKS_DIR = "/notebooks";

export interface StoredFile {
  text: string;
  lastModified: number;
}

/** A notebook as the list shows it. */
export interface NotebookEntry {
  path: string;
  name: string;
  lastModified: number;
  size: number;
}

/** The few file operations the contents manager needs (OPFS in the browser; memory in tests). */
export interface NotebookStorage {
  read(path: string): Promise<StoredFile | undefined>;
  /** Writes the whole file (atomically: OPFS commits a writable on close) and returns its last-modified time. */
  write(path: string, text: string): Promise<number>;
  remove(path: string): Promise<void>;
  /** Files directly in `dir` (none where it does not exist). */
  list(dir: string): Promise<{ name: string; lastModified: number; size: number }[]>;
  /** Runs `f` while no other tab or worker of this origin runs a locked section on `path`. */
  locked<T>(path: string, f: () => Promise<T>): Promise<T>;
}

/** What a save expects the stored file to be: absent (a new file) or the text this tab last read or wrote. */
export type Expected = { absent: true } | { text: string } | { overwrite: true };

/** The stored file is no longer what this tab last read or wrote: another tab or window saved it. */
export class SaveConflict extends Error {
  override name = "SaveConflict";
  constructor(
    readonly path: string,
    /** The stored file's last-modified time (undefined: it is gone). */
    readonly lastModified: number | undefined,
  ) {
    super(`${path} was changed since this tab opened or saved it`);
  }
}

export class Contents {
  constructor(private readonly storage: NotebookStorage) {}

  read(path: string): Promise<StoredFile | undefined> {
    return this.storage.read(path);
  }

  /** The notebooks in `dir`, the most recently saved first. */
  async list(dir = NOTEBOOKS_DIR): Promise<NotebookEntry[]> {
    const files = await this.storage.list(dir);
    return files
      .filter((f) => f.name.endsWith(".ipynb"))
      .map((f) => ({ ...f, path: joinPath(dir, f.name), name: stem(f.name) }))
      .sort((a, b) => b.lastModified - a.lastModified || a.name.localeCompare(b.name));
  }

  /**
   * Saves `text` at `path` where the stored file is what `expected` says; otherwise nothing is written and a
   * SaveConflict is thrown. Resolves to the new last-modified time.
   */
  save(path: string, text: string, expected: Expected): Promise<number> {
    return this.storage.locked(path, async () => {
      if (!("overwrite" in expected)) {
        const stored = await this.storage.read(path);
        const unchanged = "absent" in expected ? !stored : !stored || stored.text === expected.text;
        if (!unchanged) throw new SaveConflict(path, stored?.lastModified);
      }
      return this.storage.write(path, text);
    });
  }

  /**
   * A path in `dir` for `name` that no stored file has, as Jupyter names new files: `Untitled.ipynb`, then
   * `Untitled1.ipynb`, ...; with `insert` "-Copy", copies: `Lesson-Copy1.ipynb`, `Lesson-Copy2.ipynb`, ...
   */
  async freePath(name: string, { dir = NOTEBOOKS_DIR, insert = "" } = {}): Promise<string> {
    const taken = new Set((await this.storage.list(dir)).map((f) => f.name));
    const base = fileName(name).replace(/\.ipynb$/, "");
    const first = insert ? 1 : 0;
    for (let i = taken.has(`${base}.ipynb`) ? first : 0; ; i++) {
      const candidate = i === 0 ? `${base}.ipynb` : `${base}${insert}${i}.ipynb`;
      if (!taken.has(candidate)) return joinPath(dir, candidate);
    }
  }

  /** Moves a stored notebook to a new path; refuses where a file is there already (nothing is overwritten). */
  async rename(from: string, to: string): Promise<number> {
    return this.storage.locked(from, () =>
      this.storage.locked(to, async () => {
        if (await this.storage.read(to)) throw new Error(`${stem(basename(to))} already exists`);
        const stored = await this.storage.read(from);
        if (!stored) throw new Error(`${from} is no longer stored`);
        const lastModified = await this.storage.write(to, stored.text);
        await this.storage.remove(from);
        return lastModified;
      }),
    );
  }
}

/**
 * A notebook's file name for its name: characters a file name cannot hold on some system become "_". Parentheses
 * are kept (every system allows them), so "Event time (PySpark)" is not shown back as "Event time _PySpark_".
 */
export function fileName(name: string): string {
  const safe = name.replace(/[^\w .()-]+/g, "_").trim() || "Untitled";
  return safe.endsWith(".ipynb") ? safe : `${safe}.ipynb`;
}

/** A notebook's name for its path: the file name without ".ipynb". */
export function notebookName(path: string): string {
  return stem(basename(path));
}

export function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function stem(file: string): string {
  return file.replace(/\.ipynb$/i, "");
}

function joinPath(dir: string, name: string): string {
  return `${dir.replace(/\/+$/, "")}/${name}`;
}
