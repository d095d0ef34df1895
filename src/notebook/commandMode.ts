import { useEffect } from "react";
import { commandKey, type KeyLike, type RunKey } from "./keyboard";
import { useSession } from "./SessionContext";
import type { AppState } from "./state/AppState";
import type { NotebookActions } from "./state/actions";

/** What command mode acts through: the state and its actions, and the session for runs and saves. */
export interface CommandModeHost {
  readonly store: { get(): AppState };
  readonly actions: NotebookActions;
  runAndAdvance(id: string, how: RunKey): void;
  interrupt(): Promise<void>;
  saveNow(): Promise<void>;
}

export interface CommandKeyEvent extends KeyLike {
  /** The focus is in an editor or a form field, where keys are typing. */
  inField: boolean;
}

/**
 * Jupyter's command mode: a key pressed where no editor or field has the focus acts on the selected cell;
 * Ctrl+S saves from anywhere (the page itself is nothing to save). Returns whether the key was taken, so the
 * browser does not act on it too.
 */
export function handleCommandKey(e: CommandKeyEvent, host: CommandModeHost, now = Date.now()): boolean {
  const { actions } = host;
  const save = () =>
    void host.saveNow().then(() => actions.notify({ text: "Saved in the browser's storage" }));
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
    save();
    return true;
  }
  if (e.inField) return false;
  const key = commandKey(e);
  const state = host.store.get();
  const id = state.selected;
  if (!key || !id) return false;
  switch (key) {
    case "edit":
      if (state.notebook.cells.find((c) => c.id === id)?.type === "markdown") actions.editMarkdown({ id });
      else actions.selectCell({ id, mode: "edit" });
      break;
    case "run":
    case "run-next":
    case "run-insert":
      host.runAndAdvance(id, key);
      break;
    case "insert-above":
      actions.insertCell({ where: "above", edit: false });
      break;
    case "insert-below":
      actions.insertCell({ where: "below", edit: false });
      break;
    case "delete":
      actions.pressDeleteKey({ now });
      break;
    case "to-markdown":
      actions.changeCellType({ id, type: "markdown" });
      break;
    case "to-code":
      actions.changeCellType({ id, type: "code" });
      break;
    case "to-sql":
      actions.changeCellType({ id, type: "sql" });
      break;
    case "select-up":
      actions.selectRelative({ delta: -1 });
      break;
    case "select-down":
      actions.selectRelative({ delta: 1 });
      break;
    case "move-up":
      actions.moveCell({ id, delta: -1 });
      break;
    case "move-down":
      actions.moveCell({ id, delta: 1 });
      break;
    case "interrupt":
      void host.interrupt();
      break;
    case "save":
      save();
      break;
  }
  return true;
}

/** Where keys are typing: form fields and the cells' editors. */
function inField(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element?.closest?.("input, textarea, select, .monaco-editor, [contenteditable=true]");
}

/** Command mode on the page: its keys, wherever the focus is not in an editor or a field. */
export function useCommandMode(): void {
  const session = useSession();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const event: CommandKeyEvent = {
        key: e.key,
        shiftKey: e.shiftKey,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        inField: inField(e.target),
      };
      if (handleCommandKey(event, session)) e.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [session]);
}
