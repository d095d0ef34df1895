import { useEffect, useRef } from "react";
import { focusEditor } from "./editor/CodeEditor";
import { commandKey, type KeyLike, type RunKey } from "./keyboard";
import { codeCellType } from "./model/notebook";
import { useAppState, useSession } from "./SessionContext";
import type { AppState } from "./state/AppState";
import type { NotebookActions } from "./state/actions";
import { DELETE_KEY_MS } from "./state/cells";

/** What command mode acts through: the state and its actions, and the session for runs and saves. */
export interface CommandModeHost {
  readonly store: { get(): AppState };
  readonly actions: NotebookActions;
  runAndAdvance(id: string, how: RunKey): void;
  interrupt(): Promise<void>;
  /** Resolves to whether the notebook was saved (not where the stored file changed elsewhere). */
  saveNow(): Promise<boolean>;
}

/**
 * Where a key was pressed: in the notebook outside any editor or control (where command keys act), in an
 * editor or a control (where keys are typing or pressing it), or elsewhere on the page (the toolbar, the side
 * panel, nothing focused).
 */
export type KeyPlace = "notebook" | "field" | "outside";

export interface CommandKeyEvent extends KeyLike {
  place: KeyPlace;
}

/** I, I (Jupyter's interrupt): the first I pressed, and when, until the second comes. */
export interface PendingKeys {
  interruptAt?: number;
}

/**
 * Jupyter's command mode: a key pressed in the notebook, outside an editor, acts on the selected cell, and only
 * in command mode (a key never runs a command while the notebook is in edit mode, even where the editor has not
 * taken the focus yet). Ctrl+S saves from anywhere. Returns whether the key was taken, so the browser does not
 * act on it too.
 */
export function handleCommandKey(
  e: CommandKeyEvent,
  host: CommandModeHost,
  pending: PendingKeys,
  now = Date.now(),
): boolean {
  const { actions } = host;
  const save = () =>
    void host.saveNow().then((saved) => saved && actions.notify({ text: "Saved in the browser's storage" }));
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
    save();
    return true;
  }
  if (e.place !== "notebook") return false;
  const key = commandKey(e);
  const state = host.store.get();
  const id = state.selected;
  if (!key || !id) return false;
  if (state.mode === "edit") {
    if (key !== "command") return false;
    actions.selectCell({ id, mode: "command" });
    return true;
  }
  const interruptAt = pending.interruptAt;
  pending.interruptAt = undefined;
  const cell = state.notebook.cells.find((c) => c.id === id);
  switch (key) {
    case "command":
      return false;
    case "edit":
      if (cell?.type === "markdown") actions.editMarkdown({ id });
      else actions.selectCell({ id, mode: "edit" });
      break;
    case "run":
    case "run-next":
    case "run-insert":
      host.runAndAdvance(id, key);
      break;
    case "insert-above":
      actions.insertCell({ where: "above" });
      break;
    case "insert-below":
      actions.insertCell({ where: "below" });
      break;
    case "delete":
      actions.pressDeleteKey({ now });
      break;
    case "undo":
      actions.undoCellOperation();
      break;
    case "redo":
      actions.redoCellOperation();
      break;
    case "to-code":
      actions.changeCellType({ id, type: codeCellType(state.notebook) });
      break;
    case "to-markdown":
      actions.changeCellType({ id, type: "markdown" });
      break;
    case "to-sql":
      actions.changeCellType({ id, type: "sql" });
      break;
    case "to-python":
      actions.changeCellType({ id, type: "python" });
      break;
    case "to-typescript":
      actions.changeCellType({ id, type: "code" });
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
      if (interruptAt !== undefined && now - interruptAt < DELETE_KEY_MS) void host.interrupt();
      else pending.interruptAt = now;
      break;
    case "save":
      save();
      break;
  }
  return true;
}

/** Where keys are typing or pressing something: form fields, buttons, links and the cells' editors. */
const FIELDS = "input, textarea, select, button, a[href], summary, .monaco-editor, [contenteditable=true]";

/** Where a key event happened, for command mode. */
export function keyPlace(target: EventTarget | null): KeyPlace {
  const element = target instanceof Element ? target : null;
  if (!element?.closest(".cells")) return "outside";
  return element.closest(FIELDS) ? "field" : "notebook";
}

/** Command mode on the page: its keys, where the notebook has the focus outside an editor. */
export function useCommandMode(): void {
  const session = useSession();
  const pending = useRef<PendingKeys>({});
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const event: CommandKeyEvent = {
        key: e.key,
        shiftKey: e.shiftKey,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        place: keyPlace(e.target),
      };
      if (handleCommandKey(event, session, pending.current)) e.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [session]);
  useFocusFollowsMode();
}

/**
 * The focus goes where the mode says, so keys never land where the user does not expect: in edit mode the
 * selected cell's editor, in command mode the selected cell itself (where command keys act). It moves whenever
 * the selection, the mode, the cells' order or a markdown cell's view changes, unless the user is typing in a
 * field outside the notebook (the notebook's name, the Data tab).
 */
function useFocusFollowsMode(): void {
  const selected = useAppState((s) => s.selected);
  const mode = useAppState((s) => s.mode);
  const order = useAppState((s) => s.notebook.cells.map((c) => c.id).join());
  const markdown = useAppState((s) => (s.selected ? s.editingMarkdown[s.selected] : undefined));
  const type = useAppState((s) => s.notebook.cells.find((c) => c.id === s.selected)?.type);
  // biome-ignore lint/correctness/useExhaustiveDependencies: each of these changes where the focus belongs
  useEffect(() => {
    if (selected) placeFocus(selected, mode);
  }, [selected, mode, order, markdown, type]);
}

/** Puts the focus in the selected cell's editor (edit mode) or on the cell (command mode). */
export function placeFocus(selected: string, mode: AppState["mode"]): void {
  const cell = document.getElementById(`cell-${selected}`);
  if (!cell) return;
  const active = document.activeElement;
  const typingElsewhere =
    active instanceof HTMLElement &&
    !cell.closest(".cells")?.contains(active) &&
    active.matches("input, textarea, select, [contenteditable=true]");
  if (typingElsewhere) return;
  // A control in the cell's output (a query panel's slider or buttons) keeps the focus it was clicked into, so
  // its keys (arrows on a slider) stay its own rather than becoming command mode's.
  const outputControl =
    mode === "command" &&
    active instanceof HTMLElement &&
    cell.contains(active) &&
    active.closest(".outputs") !== null &&
    active.matches("input, select, button, textarea");
  if (outputControl) return;
  if (mode === "edit" && focusEditor(selected)) return;
  // Until Monaco has loaded, the cell's plain text area takes the keys (the editor carries on from it).
  const plain = mode === "edit" ? cell.querySelector<HTMLTextAreaElement>("textarea.editor-fallback") : null;
  if (plain) {
    if (active !== plain) plain.focus({ preventScroll: true });
    return;
  }
  if (active !== cell) cell.focus({ preventScroll: true });
}
