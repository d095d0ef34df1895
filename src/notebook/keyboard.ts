/** The keys that run a cell: Ctrl+Enter runs, Shift+Enter runs and selects the next, Alt+Enter runs and inserts. */
export type RunKey = "run" | "run-next" | "run-insert";

/** Jupyter's command-mode keys, as actions (the App applies them to the selected cell). */
export type CommandAction =
  | "edit"
  | "command"
  | "run"
  | "run-next"
  | "run-insert"
  | "insert-above"
  | "insert-below"
  | "delete"
  | "undo"
  | "redo"
  | "to-code"
  | "to-markdown"
  | "to-sql"
  | "to-python"
  | "to-typescript"
  | "select-up"
  | "select-down"
  | "move-up"
  | "move-down"
  | "interrupt"
  | "save";

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** Keys acted on at their second press soon after the first, as Jupyter's D, D and I, I. */
export const DOUBLE_KEYS: ReadonlySet<CommandAction> = new Set(["delete", "interrupt"]);

/**
 * The command-mode keys. Jupyter's: Y code, M markdown, A / B insert, D, D delete, Z / Shift+Z undo and redo
 * cell operations, I, I interrupt. Sluice's own, on keys Jupyter leaves free: Q SQL, P Python, T TypeScript
 * (Y makes a code cell in the notebook's language).
 */
export function commandKey(e: KeyLike): CommandAction | undefined {
  const mod = e.ctrlKey || e.metaKey;
  if (e.key === "Enter") {
    if (e.shiftKey) return "run-next";
    if (mod) return "run";
    if (e.altKey) return "run-insert";
    return "edit";
  }
  if (mod && e.key.toLowerCase() === "s") return "save";
  if (mod || e.altKey) return undefined;
  switch (e.key) {
    case "Escape":
      return "command";
    case "ArrowUp":
      return e.shiftKey ? undefined : "select-up";
    case "ArrowDown":
      return e.shiftKey ? undefined : "select-down";
    case "k":
      return "select-up";
    case "j":
      return "select-down";
    case "K":
      return "move-up";
    case "J":
      return "move-down";
    case "z":
      return "undo";
    case "Z":
      return "redo";
  }
  return LETTERS[e.key.toLowerCase()];
}

const LETTERS: Record<string, CommandAction> = {
  a: "insert-above",
  b: "insert-below",
  d: "delete",
  y: "to-code",
  m: "to-markdown",
  q: "to-sql",
  p: "to-python",
  t: "to-typescript",
  i: "interrupt",
};

/** The keys as the Keys tab and the README list them. */
export const KEY_LIST: readonly (readonly [string, string])[] = [
  ["Shift+Enter", "run, select next (a new cell after the last)"],
  ["Ctrl+Enter", "run"],
  ["Alt+Enter", "run, insert a cell below"],
  ["Esc", "command mode (first closes an open suggestion list)"],
  ["Enter", "edit the selected cell"],
  ["A / B", "insert a cell above / below, and edit it"],
  ["D, D", "delete the cell"],
  ["Z / Shift+Z", "undo / redo cell operations"],
  ["Y", "code cell, in the notebook's language"],
  ["M", "Markdown cell"],
  ["Q", "SQL cell"],
  ["P / T", "Python / TypeScript cell"],
  ["↑ ↓ (K J)", "select a cell"],
  ["Shift+K / Shift+J", "move the cell up / down"],
  ["Ctrl+Shift+-", "split the cell at the cursor"],
  ["I, I", "interrupt"],
  ["Ctrl+S", "save"],
];
