/** The keys that run a cell: Ctrl+Enter runs, Shift+Enter runs and selects the next, Alt+Enter runs and inserts. */
export type RunKey = "run" | "run-next" | "run-insert";

/** Jupyter's command-mode keys, as actions (the App applies them to the selected cell). */
export type CommandAction =
  | "edit"
  | "run"
  | "run-next"
  | "run-insert"
  | "insert-above"
  | "insert-below"
  | "delete"
  | "to-markdown"
  | "to-code"
  | "to-sql"
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
    case "a":
    case "A":
      return "insert-above";
    case "b":
    case "B":
      return "insert-below";
    case "d":
    case "D":
      return "delete";
    case "m":
    case "M":
      return "to-markdown";
    case "y":
    case "Y":
      return "to-code";
    case "q":
    case "Q":
      return "to-sql";
    case "ArrowUp":
    case "k":
      return e.shiftKey ? undefined : "select-up";
    case "ArrowDown":
    case "j":
      return e.shiftKey ? undefined : "select-down";
    case "K":
      return "move-up";
    case "J":
      return "move-down";
    case "i":
    case "I":
      return "interrupt";
    default:
      return undefined;
  }
}
