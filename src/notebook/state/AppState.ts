import type { DripState, KernelInfo, QuerySnapshot } from "../../kernel/protocol";
import type { Notebook } from "../model/notebook";
import { type CellHistory, EMPTY_HISTORY } from "./cellHistory";
import { restoredSnapshot } from "./queries";

export type RunState = "queued" | "running";

export interface KernelState {
  phase: "starting" | "ready" | "restarting" | "dead";
  stage: string;
  fraction: number;
  info?: KernelInfo;
  error?: string;
}

/**
 * A query whose panel outlived its run: restored with a stored notebook (the page was reloaded or the notebook
 * opened), or left by a kernel that was restarted. Its memory table went with its kernel; its checkpoint, read
 * through the kernel, says how far it really got.
 */
export interface PastRun {
  cause: "reload" | "kernel";
  /** The checkpoint's last committed batch, and last planned one (offsets), once read. */
  committedBatchId?: number;
  plannedBatchId?: number;
}

/** Every query of the session (and those restored from a saved notebook), by id. */
export type Queries = Readonly<Record<string, QuerySnapshot>>;

export type Origin = "storage" | "example" | "url" | "file" | "new";

/**
 * The notebook's file, as this tab knows it: saved (the stored file is this notebook), dirty (edits not saved
 * yet), saving, conflict (the stored file was changed elsewhere: this tab does not save until the user chooses),
 * or error (the last save failed).
 */
export interface FileState {
  /** Where the notebook is stored (an OPFS path), once it has one. */
  path?: string;
  status: "saved" | "dirty" | "saving" | "conflict" | "error";
  savedAt?: number;
}

/** Everything the UI draws. Immutable: every action makes a new object, so React sees what changed. */
export interface AppState {
  notebook: Notebook;
  running: Readonly<Record<string, RunState>>;
  selected: string | null;
  mode: "command" | "edit";
  /** Markdown cells shown as source. */
  editingMarkdown: Readonly<Record<string, boolean>>;
  /** Jupyter's D, D: the cell the first D was pressed on, and when (ms). */
  deletePending?: { id: string; at: number };
  /** Cell operations Z can take back and Shift+Z do again. */
  cellHistory: CellHistory;
  queries: Queries;
  /** Queries this session's kernels started (the others were restored from the saved notebook). */
  sessionQueries: Readonly<Record<string, true>>;
  /** Queries shown but not running in this kernel: restored with the notebook or left by a restarted kernel. */
  pastRuns: Readonly<Record<string, PastRun>>;
  kernel: KernelState;
  /** Python (Pyodide) while it loads, on the first Python cell. */
  python?: { stage: string; fraction: number };
  drip: DripState;
  /** Bumped whenever files change, so the file browser reloads. */
  filesVersion: number;
  /** Where the notebook came from: shown until it is saved. */
  origin: Origin;
  file: FileState;
  /** Cells whose outputs came with the stored notebook: they were not made in this session (as Jupyter shows). */
  storedOutputs: Readonly<Record<string, true>>;
  notice?: { text: string; kind: "info" | "error" };
}

/** The state of a page that has just opened `notebook`, its kernel starting. */
export function initialState(notebook: Notebook, origin: Origin, path?: string): AppState {
  const queries = restoredQueries(notebook);
  return {
    notebook,
    running: {},
    selected: notebook.cells[0]?.id ?? null,
    mode: "command",
    editingMarkdown: {},
    cellHistory: EMPTY_HISTORY,
    queries,
    sessionQueries: {},
    pastRuns: reloaded(queries),
    kernel: { phase: "starting", stage: "Starting the kernel", fraction: 0.05 },
    drip: { active: false, dir: "/data/events", everySeconds: 5, written: 0, total: 0 },
    filesVersion: 0,
    origin,
    file: { path, status: path ? "saved" : "dirty" },
    storedOutputs: storedOutputs(notebook),
  };
}

/** The live panels a saved notebook kept, shown as stopped until their cells run again. */
export function restoredQueries(notebook: Notebook): Queries {
  const out: Record<string, QuerySnapshot> = {};
  for (const cell of notebook.cells) {
    for (const o of cell.outputs)
      if (o.kind === "query" && o.snapshot) out[o.queryId] = restoredSnapshot(o.snapshot);
  }
  return out;
}

/** The cells that have outputs in a notebook just opened: those outputs are from when it was saved. */
export function storedOutputs(notebook: Notebook): Record<string, true> {
  return Object.fromEntries(notebook.cells.filter((c) => c.outputs.length > 0).map((c) => [c.id, true]));
}

/** Panels restored with a notebook: past runs, from before the page was loaded. */
export function reloaded(queries: Queries): Record<string, PastRun> {
  return Object.fromEntries(Object.keys(queries).map((id) => [id, { cause: "reload" as const }]));
}
