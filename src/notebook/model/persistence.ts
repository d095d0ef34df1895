import type { OutputItem } from "../../kernel/protocol";
import type { Queries } from "../state/AppState";
import { PROGRESS_KEPT } from "../state/queries";
import { fromIpynb, type IpynbNotebook, toIpynb } from "./ipynb";
import { stringify } from "./json";
import type { Notebook } from "./notebook";

/**
 * Notebooks live in OPFS under /notebooks as .ipynb files (the kernel's file browser shows them too), written
 * from the UI thread so a busy or stuck kernel never stops a save. The last one opened is remembered.
 */
const DIR = "notebooks";
const LAST = "sluice:last-notebook";

export function notebookFileName(name: string): string {
  const safe = name.replace(/[^\w .-]+/g, "_").trim() || "Untitled";
  return safe.endsWith(".ipynb") ? safe : `${safe}.ipynb`;
}

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

async function notebooksDir(): Promise<FileSystemDirectoryHandle | undefined> {
  if (typeof navigator === "undefined" || !navigator.storage?.getDirectory) return undefined;
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(DIR, { create: true });
}

export async function saveNotebook(notebook: Notebook, queries: Queries): Promise<void> {
  const dir = await notebooksDir();
  if (!dir) return;
  const name = notebookFileName(notebook.name);
  const handle = await dir.getFileHandle(name, { create: true });
  const writable = await handle.createWritable();
  await writable.write(stringify(notebookForSaving(notebook, queries), 1));
  await writable.close();
  localStorage.setItem(LAST, name);
}

/** The notebook opened last, or undefined on a first visit. */
export async function loadLastNotebook(): Promise<Notebook | undefined> {
  const name = localStorage.getItem(LAST);
  if (!name) return undefined;
  try {
    const dir = await notebooksDir();
    if (!dir) return undefined;
    const file = await (await dir.getFileHandle(name)).getFile();
    return fromIpynb(JSON.parse(await file.text()), name.replace(/\.ipynb$/, ""));
  } catch (error) {
    console.warn("Could not load the last notebook:", error);
    return undefined;
  }
}
