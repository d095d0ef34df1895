import { type Cell, insertCell, moveCell, removeCell, updateCell } from "../model/notebook";
import type { AppState } from "./AppState";

/**
 * JupyterLab's undo of cell operations (Z in command mode, Shift+Z redoes): inserting, deleting, moving,
 * splitting a cell and changing its type. Text typed in a cell is its editor's own undo (Ctrl+Z there). Each
 * entry is the edit that takes the notebook back, and applying it gives the edit that goes forward again; an
 * entry holds only what it needs, so undoing a move or a type change keeps what was typed since.
 */
export type CellEdit =
  | { op: "remove"; id: string }
  | { op: "restore"; cell: Cell; index: number }
  | { op: "move"; id: string; delta: number }
  | { op: "retype"; id: string; cell: Pick<Cell, "type" | "outputs" | "executionCount"> }
  /** Undoes a split: the second cell's source goes back to the end of the first. */
  | { op: "join"; id: string; second: string; source: string }
  /** Redoes a split. */
  | { op: "split"; id: string; first: string; second: Cell };

export interface CellHistory {
  undo: readonly CellEdit[];
  redo: readonly CellEdit[];
}

/** As many cell operations as JupyterLab's notebook keeps to undo. */
export const HISTORY_DEPTH = 100;

export const EMPTY_HISTORY: CellHistory = { undo: [], redo: [] };

/** `next` with `undo` as the edit that takes it back to before; a new edit drops what could be redone. */
export function remember(next: AppState, undo: CellEdit): AppState {
  const stack = [...next.cellHistory.undo, undo].slice(-HISTORY_DEPTH);
  return { ...next, cellHistory: { undo: stack, redo: [] } };
}

export const historyHandlers = {
  /** Z: takes back the last cell operation and selects the cell it touched, in command mode. */
  undoCellOperation(state: AppState): AppState {
    return step(state, "undo", "redo");
  },

  /** Shift+Z: does again what Z took back. */
  redoCellOperation(state: AppState): AppState {
    return step(state, "redo", "undo");
  },
};

function step(state: AppState, from: keyof CellHistory, to: keyof CellHistory): AppState {
  const edit = state.cellHistory[from].at(-1);
  if (!edit) return state;
  const applied = apply(state.notebook.cells, edit);
  const rest = state.cellHistory[from].slice(0, -1);
  const onto = applied ? [...state.cellHistory[to], applied.inverse] : state.cellHistory[to];
  const cellHistory = from === "undo" ? { undo: rest, redo: onto } : { undo: onto, redo: rest };
  if (!applied) return { ...state, cellHistory };
  const cells = applied.cells.length > 0 ? applied.cells : state.notebook.cells;
  const selected = cells.some((c) => c.id === applied.select) ? applied.select : cells[0].id;
  return {
    ...state,
    notebook: { ...state.notebook, cells },
    selected,
    mode: "command",
    deletePending: undefined,
    cellHistory,
  };
}

interface Applied {
  cells: Cell[];
  inverse: CellEdit;
  select: string;
}

/** Applies an edit to the cells; undefined where its cell is gone (a notebook opened since, say). */
function apply(cells: Cell[], edit: CellEdit): Applied | undefined {
  const find = (id: string) => cells.findIndex((c) => c.id === id);
  switch (edit.op) {
    case "remove": {
      const index = find(edit.id);
      if (index < 0) return undefined;
      const next = removeCell(cells, edit.id);
      const select = (next[Math.min(index, next.length - 1)] ?? cells[index]).id;
      return { cells: next, inverse: { op: "restore", cell: cells[index], index }, select };
    }
    case "restore":
      if (find(edit.cell.id) >= 0) return undefined;
      return {
        cells: insertCell(cells, edit.index, edit.cell),
        inverse: { op: "remove", id: edit.cell.id },
        select: edit.cell.id,
      };
    case "move": {
      const next = moveCell(cells, edit.id, edit.delta);
      if (next === cells) return undefined;
      return { cells: next, inverse: { op: "move", id: edit.id, delta: -edit.delta }, select: edit.id };
    }
    case "retype": {
      const cell = cells[find(edit.id)];
      if (!cell) return undefined;
      const { type, outputs, executionCount } = cell;
      return {
        cells: updateCell(cells, edit.id, edit.cell),
        inverse: { op: "retype", id: edit.id, cell: { type, outputs, executionCount } },
        select: edit.id,
      };
    }
    case "join": {
      const first = cells[find(edit.id)];
      const second = cells[find(edit.second)];
      if (!first || !second) return undefined;
      // Unchanged since the split, the cell gets its source back exactly; edited, the two are joined.
      const joined = `${first.source}\n${second.source}`;
      const source = joined.replace(/\s+/g, "") === edit.source.replace(/\s+/g, "") ? edit.source : joined;
      return {
        cells: updateCell(removeCell(cells, second.id), first.id, { source }),
        inverse: { op: "split", id: first.id, first: first.source, second },
        select: first.id,
      };
    }
    case "split": {
      const index = find(edit.id);
      if (index < 0 || find(edit.second.id) >= 0) return undefined;
      const source = cells[index].source;
      return {
        cells: insertCell(updateCell(cells, edit.id, { source: edit.first }), index + 1, edit.second),
        inverse: { op: "join", id: edit.id, second: edit.second.id, source },
        select: edit.id,
      };
    }
  }
}
