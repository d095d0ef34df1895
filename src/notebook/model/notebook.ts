import type { NotebookCellSource, OutputItem } from "../../kernel/protocol";

/** A cell's type, as the kernel's protocol names it: "code" cells are TypeScript. */
export type CellType = NotebookCellSource["type"];

/** The notebook as it is saved: cells with their sources (what the kernel is sent) and last outputs. */
export interface Cell extends NotebookCellSource {
  outputs: OutputItem[];
  executionCount: number | null;
}

/** A notebook's language, as its kernel's in the .ipynb metadata: what its code cells are unless marked. */
export type NotebookLanguage = "typescript" | "python";

export interface Notebook {
  name: string;
  cells: Cell[];
  /** TypeScript where not given. */
  language?: NotebookLanguage;
}

/** The type of a code cell in the notebook's language: what Y, A, B and "+ Code" make. */
export function codeCellType(notebook: Notebook): CellType {
  return notebook.language === "python" ? "python" : "code";
}

export function newCellId(): string {
  return crypto.randomUUID().slice(0, 8);
}

export function newCell(type: CellType = "code", source = ""): Cell {
  return { id: newCellId(), type, source, outputs: [], executionCount: null };
}

export function emptyNotebook(name = "Untitled"): Notebook {
  return { name, cells: [newCell("code")] };
}

/** What a notebook from a URL or a file shows: sources only, nothing run. */
export function withoutOutputs(notebook: Notebook): Notebook {
  return { ...notebook, cells: notebook.cells.map((c) => ({ ...c, outputs: [], executionCount: null })) };
}

// Pure edits: each returns a new cell list (the store keeps history-free, immutable snapshots for React).

export function insertCell(cells: Cell[], index: number, cell: Cell): Cell[] {
  const at = Math.max(0, Math.min(index, cells.length));
  return [...cells.slice(0, at), cell, ...cells.slice(at)];
}

export function removeCell(cells: Cell[], id: string): Cell[] {
  return cells.filter((c) => c.id !== id);
}

export function moveCell(cells: Cell[], id: string, delta: number): Cell[] {
  const from = cells.findIndex((c) => c.id === id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= cells.length) return cells;
  const out = [...cells];
  const [cell] = out.splice(from, 1);
  out.splice(to, 0, cell);
  return out;
}

/** Splits a cell at a character offset of its source into two cells of the same type. */
export function splitCell(cells: Cell[], id: string, offset: number): Cell[] {
  const index = cells.findIndex((c) => c.id === id);
  if (index < 0) return cells;
  const cell = cells[index];
  const before = cell.source.slice(0, offset).replace(/\s+$/, "");
  const after = cell.source.slice(offset).replace(/^\s*\n/, "");
  const first = { ...cell, source: before };
  const second = newCell(cell.type, after);
  return [...cells.slice(0, index), first, second, ...cells.slice(index + 1)];
}

export function updateCell(cells: Cell[], id: string, change: Partial<Cell>): Cell[] {
  return cells.map((c) => (c.id === id ? { ...c, ...change } : c));
}

/** Appends an output to a cell's list, merging consecutive text of the same stream (as Jupyter does). */
export function appendOutput(outputs: OutputItem[], item: OutputItem): OutputItem[] {
  const last = outputs.at(-1);
  if (item.kind === "stream" && last?.kind === "stream" && last.name === item.name) {
    const text = (last.text + item.text).slice(-200_000);
    return [...outputs.slice(0, -1), { ...last, text }];
  }
  if (item.kind === "query" && outputs.some((o) => o.kind === "query" && o.queryId === item.queryId))
    return outputs;
  return [...outputs, item];
}
