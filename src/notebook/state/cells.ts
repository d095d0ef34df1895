import type { OutputItem } from "../../kernel/protocol";
import type { RunKey } from "../keyboard";
import {
  appendOutput,
  type Cell,
  type CellType,
  codeCellType,
  insertCell,
  moveCell,
  type Notebook,
  type NotebookLanguage,
  newCell,
  newCellId,
  removeCell,
  splitCell,
  updateCell,
} from "../model/notebook";
import { type AppState, type Origin, reloaded, restoredQueries, storedOutputs } from "./AppState";
import { EMPTY_HISTORY, remember } from "./cellHistory";

/** Jupyter's D, D: the second D deletes if it comes within this long of the first, on the same cell. */
export const DELETE_KEY_MS = 1000;

/**
 * The cells' actions: editing the notebook (sources, inserting, deleting, moving, splitting, types, its name),
 * the selection and command / edit mode, and each cell's run state and outputs.
 */
export const cellHandlers = {
  updateCellSource(state: AppState, { id, source }: { id: string; source: string }): AppState {
    return withCell(state, id, () => ({ source }));
  },

  /**
   * A new cell next to the selected one (at the end where none is), selected, in the notebook's language unless
   * a type is given; `id` is made where not given. Z takes it back.
   */
  insertCell(
    state: AppState,
    payload: {
      where: "above" | "below" | "end";
      type?: CellType;
      source?: string;
      edit?: boolean;
      id?: string;
    },
  ): AppState {
    return insertNextToSelected(state, payload);
  },

  /** Deletes a cell and selects the one that took its place; a notebook is never left without a cell. Z undoes. */
  deleteCell(state: AppState, { id }: { id: string }): AppState {
    return deleteCell(state, id);
  },

  /** Jupyter's D, D on the selected cell: the first press arms it, a second within DELETE_KEY_MS deletes. */
  pressDeleteKey(state: AppState, { now }: { now: number }): AppState {
    const id = state.selected;
    if (!id) return state;
    const pending = state.deletePending;
    if (pending?.id === id && now - pending.at < DELETE_KEY_MS) return deleteCell(state, id);
    return { ...state, deletePending: { id, at: now } };
  },

  moveCell(state: AppState, { id, delta }: { id: string; delta: number }): AppState {
    const next = withCells(state, moveCell(state.notebook.cells, id, delta));
    return next === state ? state : remember(next, { op: "move", id, delta: -delta });
  },

  /** Splits a cell at a character offset of its source into two cells of the same type. */
  splitCell(state: AppState, { id, offset }: { id: string; offset: number }): AppState {
    const cells = state.notebook.cells;
    const index = cells.findIndex((c) => c.id === id);
    const next = withCells(state, splitCell(cells, id, offset));
    if (next === state) return state;
    const second = next.notebook.cells[index + 1].id;
    return remember(next, { op: "join", id, second, source: cells[index].source });
  },

  /** A new type clears the outputs (Z brings them back); a cell made markdown opens as source. */
  changeCellType(state: AppState, { id, type }: { id: string; type: CellType }): AppState {
    const cell = state.notebook.cells.find((c) => c.id === id);
    if (!cell || cell.type === type) return state;
    const { outputs, executionCount } = cell;
    const next = remember(
      withCell(state, id, () => ({ type, outputs: [], executionCount: null })),
      {
        op: "retype",
        id,
        cell: { type: cell.type, outputs, executionCount },
      },
    );
    return type === "markdown" ? editingMarkdown(next, id, true) : next;
  },

  /** The notebook's language (its kernel's): what new code cells are. Cells already there keep theirs. */
  setNotebookLanguage(state: AppState, { language }: { language: NotebookLanguage }): AppState {
    return { ...state, notebook: { ...state.notebook, language } };
  },

  /** Shows a markdown cell's source in an editor, with the focus in it. */
  editMarkdown(state: AppState, { id }: { id: string }): AppState {
    return select(editingMarkdown(state, id, true), id, "edit");
  },

  /** Shows a markdown cell rendered (what running it does). */
  renderMarkdown(state: AppState, { id }: { id: string }): AppState {
    return editingMarkdown(state, id, false);
  },

  selectCell(
    state: AppState,
    { id, mode = state.mode }: { id: string | null; mode?: AppState["mode"] },
  ): AppState {
    return select(state, id, mode);
  },

  /** Moves the selection up (-1) or down (+1), in command mode; it stops at the first and last cell. */
  selectRelative(state: AppState, { delta }: { delta: number }): AppState {
    const cells = state.notebook.cells;
    const index = cells.findIndex((c) => c.id === state.selected);
    const next = cells[Math.max(0, Math.min(cells.length - 1, index + delta))];
    return next ? select(state, next.id, "command") : state;
  },

  renameNotebook(state: AppState, { name }: { name: string }): AppState {
    return { ...state, notebook: { ...state.notebook, name: name.trim() || "Untitled" } };
  },

  /**
   * Replaces the notebook. Its stored outputs stay, marked as not from this session, and its live panels show as
   * stopped (as Jupyter shows a saved notebook); a notebook from a link has none. The session's own queries stay
   * listed; panels restored from the previous notebook go with it.
   */
  openNotebook(
    state: AppState,
    { notebook, origin, path }: { notebook: Notebook; origin: Origin; path?: string },
  ): AppState {
    const sessionQueries = Object.entries(state.queries).filter(([id]) => state.sessionQueries[id]);
    const restored = restoredQueries(notebook);
    const pastRuns = Object.entries(state.pastRuns).filter(([id]) => state.sessionQueries[id]);
    return {
      ...state,
      queries: { ...restored, ...Object.fromEntries(sessionQueries) },
      pastRuns: { ...reloaded(restored), ...Object.fromEntries(pastRuns) },
      notebook,
      origin,
      file: { path, status: "dirty" },
      storedOutputs: storedOutputs(notebook),
      selected: notebook.cells[0]?.id ?? null,
      mode: "command",
      editingMarkdown: {},
      deletePending: undefined,
      cellHistory: EMPTY_HISTORY,
      running: {},
    };
  },

  /**
   * Where the selection goes once a cell is sent to run: Ctrl+Enter stays, Shift+Enter selects the next cell
   * (adding one at the end), Alt+Enter inserts a cell below.
   */
  advanceAfterRun(state: AppState, { id, how }: { id: string; how: RunKey }): AppState {
    if (how === "run") return select(state, id, "command");
    if (how === "run-next") {
      const cells = state.notebook.cells;
      const next = cells[cells.findIndex((c) => c.id === id) + 1];
      if (next) return select(state, next.id, "command");
    }
    return insertNextToSelected(state, { where: "below" });
  },

  // ── Running ──────────────────────────────────────────────────────────────────────────────────────────

  /** Cells waiting their turn in a Run all. */
  queueCells(state: AppState, { ids }: { ids: string[] }): AppState {
    return {
      ...state,
      running: { ...state.running, ...Object.fromEntries(ids.map((id) => [id, "queued" as const])) },
    };
  },

  /** Cells of a Run all that it did not reach (an error or Interrupt stopped it) are no longer queued. */
  dequeueCells(state: AppState, { ids }: { ids: string[] }): AppState {
    const running = Object.fromEntries(
      Object.entries(state.running).filter(([id, run]) => run === "running" || !ids.includes(id)),
    );
    return { ...state, running };
  },

  /**
   * A cell is sent to the kernel: its outputs go, it is queued. Once the user runs something, the "nothing has
   * run" note of a notebook from a link or a file has done its job.
   */
  prepareForRun(state: AppState, { id }: { id: string }): AppState {
    const next = withCell(state, id, () => ({ outputs: [] }));
    const { [id]: _, ...storedOutputs } = next.storedOutputs;
    return {
      ...next,
      storedOutputs,
      running: { ...next.running, [id]: "queued" },
      origin: next.origin === "url" || next.origin === "file" ? "storage" : next.origin,
    };
  },

  cellStarted(
    state: AppState,
    { cellId, executionCount }: { cellId: string; executionCount: number },
  ): AppState {
    const next = withCell(state, cellId, () => ({ executionCount }));
    return { ...next, running: { ...next.running, [cellId]: "running" } };
  },

  addOutput(state: AppState, { cellId, item }: { cellId: string; item: OutputItem }): AppState {
    return withCell(state, cellId, (c) => ({ outputs: appendOutput(c.outputs, item) }));
  },

  runFinished(state: AppState, { id }: { id: string }): AppState {
    const { [id]: _, ...running } = state.running;
    return { ...state, running };
  },

  /** Interrupt: nothing runs or waits any more. */
  interrupted(state: AppState): AppState {
    return { ...state, running: {} };
  },
};

function select(state: AppState, id: string | null, mode: AppState["mode"]): AppState {
  return { ...state, selected: id, mode, deletePending: undefined };
}

function editingMarkdown(state: AppState, id: string, editing: boolean): AppState {
  return { ...state, editingMarkdown: { ...state.editingMarkdown, [id]: editing } };
}

function insertNextToSelected(
  state: AppState,
  {
    where,
    type = codeCellType(state.notebook),
    source = "",
    edit = true,
    id = newCellId(),
  }: { where: "above" | "below" | "end"; type?: CellType; source?: string; edit?: boolean; id?: string },
): AppState {
  const cells = state.notebook.cells;
  const index = cells.findIndex((c) => c.id === state.selected);
  const cell: Cell = { ...newCell(type, source), id };
  const at = index < 0 || where === "end" ? cells.length : where === "above" ? index : index + 1;
  const next = remember(withCells(state, insertCell(cells, at, cell)), { op: "remove", id });
  return select(type === "markdown" ? editingMarkdown(next, id, true) : next, id, edit ? "edit" : "command");
}

function deleteCell(state: AppState, id: string): AppState {
  const cells = state.notebook.cells;
  const index = cells.findIndex((c) => c.id === id);
  if (index < 0) return state;
  let next = removeCell(cells, id);
  if (next.length === 0) next = [newCell(codeCellType(state.notebook))];
  const deleted = remember(withCells(state, next), { op: "restore", cell: cells[index], index });
  return select(deleted, next[Math.min(index, next.length - 1)].id, "command");
}

function withCells(state: AppState, cells: Cell[]): AppState {
  return cells === state.notebook.cells ? state : { ...state, notebook: { ...state.notebook, cells } };
}

function withCell(state: AppState, id: string, change: (cell: Cell) => Partial<Cell>): AppState {
  const cell = state.notebook.cells.find((c) => c.id === id);
  if (!cell) return state;
  return withCells(state, updateCell(state.notebook.cells, id, change(cell)));
}
