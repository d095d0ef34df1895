import type { OutputItem } from "../../kernel/protocol";
import type { Queries } from "../state/AppState";
import { PROGRESS_KEPT } from "../state/queries";
import { Contents, type NotebookStorage, type StoredFile } from "./contents";
import { type IpynbNotebook, toIpynb } from "./ipynb";
import type { Notebook } from "./notebook";

/**
 * Notebooks live in OPFS (under /notebooks unless opened from elsewhere) as .ipynb files, which the kernel's file
 * browser shows too; they are written from the UI thread so a busy or stuck kernel never stops a save. Each tab
 * remembers its notebook across reloads (sessionStorage); a new tab opens the one saved last (localStorage).
 */
const LAST = "sluice:last-notebook";
const THIS_TAB = "sluice:tab-notebook";

/** The notebook as ipynb, with each live query's last panel (tables, charts) kept in its output. */
export function notebookForSaving(notebook: Notebook, queries: Queries): IpynbNotebook {
  const cells = notebook.cells.map((cell) => ({
    ...cell,
    outputs: cell.outputs.map((o): OutputItem => {
      if (o.kind !== "query") return o;
      const snapshot = queries[o.queryId] ?? o.snapshot;
      return snapshot
        ? { ...o, snapshot: { ...snapshot, progress: snapshot.progress.slice(-PROGRESS_KEPT) } }
        : o;
    }),
  }));
  return toIpynb({ ...notebook, cells });
}

/** The stored notebooks of this browser (OPFS), or none where it has no OPFS. */
export function browserContents(): Contents {
  return new Contents(opfsStorage);
}

/** The notebook this tab showed before a reload, else the one saved last in any tab. */
export function lastNotebookPath(): string | undefined {
  return sessionStorage.getItem(THIS_TAB) ?? localStorage.getItem(LAST) ?? undefined;
}

export function rememberNotebook(path: string): void {
  sessionStorage.setItem(THIS_TAB, path);
  localStorage.setItem(LAST, path);
}

const opfsStorage: NotebookStorage = {
  async read(path) {
    const found = await fileHandle(path, false);
    if (!found) return undefined;
    const file = await found.getFile();
    return { text: await file.text(), lastModified: file.lastModified } satisfies StoredFile;
  },

  async write(path, text) {
    const handle = (await fileHandle(path, true))!;
    const writable = await handle.createWritable();
    await writable.write(text);
    await writable.close();
    return (await handle.getFile()).lastModified;
  },

  async remove(path) {
    const parts = splitPath(path);
    const name = parts.pop()!;
    const dir = await directory(parts, false);
    await dir?.removeEntry(name).catch((error: Error) => {
      if (error.name !== "NotFoundError") throw error;
    });
  },

  async list(dir) {
    const handle = await directory(splitPath(dir), false);
    if (!handle) return [];
    const files: { name: string; lastModified: number; size: number }[] = [];
    const entries = (handle as unknown as { values(): AsyncIterable<FileSystemHandle> }).values();
    for await (const entry of entries) {
      if (entry.kind !== "file") continue;
      const file = await (entry as FileSystemFileHandle).getFile();
      files.push({ name: entry.name, lastModified: file.lastModified, size: file.size });
    }
    return files;
  },

  async locked<T>(path: string, f: () => Promise<T>): Promise<T> {
    if (typeof navigator === "undefined" || !navigator.locks) return f();
    return (await navigator.locks.request(`sluice:notebook:${path}`, f)) as T;
  },
};

function splitPath(path: string): string[] {
  return path.split("/").filter(Boolean);
}

async function directory(parts: string[], create: boolean): Promise<FileSystemDirectoryHandle | undefined> {
  if (typeof navigator === "undefined" || !navigator.storage?.getDirectory) return undefined;
  let dir = await navigator.storage.getDirectory();
  try {
    for (const part of parts) dir = await dir.getDirectoryHandle(part, { create });
  } catch (error) {
    if ((error as Error).name === "NotFoundError" || (error as Error).name === "TypeMismatchError")
      return undefined;
    throw error;
  }
  return dir;
}

async function fileHandle(path: string, create: boolean): Promise<FileSystemFileHandle | undefined> {
  const parts = splitPath(path);
  const name = parts.pop();
  const dir = name ? await directory(parts, create) : undefined;
  if (!dir || !name) return undefined;
  try {
    return await dir.getFileHandle(name, { create });
  } catch (error) {
    if ((error as Error).name === "NotFoundError" || (error as Error).name === "TypeMismatchError")
      return undefined;
    throw error;
  }
}
