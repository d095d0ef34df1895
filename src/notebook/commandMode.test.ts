import { describe, expect, it } from "vitest";
import {
  type CommandKeyEvent,
  type CommandModeHost,
  handleCommandKey,
  type PendingKeys,
} from "./commandMode";
import type { RunKey } from "./keyboard";
import { newCell } from "./model/notebook";
import { type Action, bindActions, reducer } from "./state/actions";
import { DELETE_KEY_MS } from "./state/cells";
import { Store } from "./state/Store";
import { stateOf } from "./state/testing";

/** A notebook of a code cell and a markdown cell, with what command mode asked of the session. */
function notebook() {
  const store = new Store<ReturnType<typeof stateOf>, Action>(
    stateOf([newCell("code", "1 + 1"), newCell("markdown", "# Title")]),
    reducer,
  );
  const calls: string[] = [];
  const host: CommandModeHost = {
    store,
    actions: bindActions((a) => store.dispatch(a)),
    runAndAdvance: (id: string, how: RunKey) => void calls.push(`${how} ${id}`),
    interrupt: async () => void calls.push("interrupt"),
    saveNow: async () => calls.push("save") > 0,
  };
  // Each key comes 100 ms after the one before, pressed on the notebook (a cell has the focus).
  let clock = 0;
  const pending: PendingKeys = {};
  const press = (key: string, mods: Partial<CommandKeyEvent> = {}) => {
    clock += 100;
    const event: CommandKeyEvent = {
      key,
      shiftKey: key.length === 1 && key !== key.toLowerCase(),
      ctrlKey: false,
      metaKey: false,
      altKey: false,
      place: "notebook",
    };
    return handleCommandKey({ ...event, ...mods }, host, pending, clock);
  };
  const state = () => store.get();
  const types = () => state().notebook.cells.map((c) => c.type);
  return { press, state, types, calls, actions: host.actions, cells: state().notebook.cells };
}

describe("command mode", () => {
  it("adds, changes and deletes cells with Jupyter's keys", () => {
    const { press, state, types, cells } = notebook();
    expect(press("b")).toBe(true);
    expect(types()).toEqual(["code", "code", "markdown"]);
    // The new cell is being edited (Colab's and Databricks' habit): command keys wait for Esc.
    expect(state().mode).toBe("edit");
    expect(press("m")).toBe(false);
    press("Escape");
    expect(state().mode).toBe("command");
    press("m");
    expect(types()).toEqual(["code", "markdown", "markdown"]);
    press("a");
    expect(types()).toEqual(["code", "code", "markdown", "markdown"]);
    press("Escape");
    press("q");
    expect(types()[1]).toBe("sql");
    press("y");
    expect(types()[1]).toBe("code");
    press("d");
    press("d");
    expect(types()).toEqual(["code", "markdown", "markdown"]);
    press("ArrowUp");
    expect(state().selected).toBe(cells[0].id);
  });

  it("deletes only on a second D soon after the first", () => {
    const { press, state } = notebook();
    press("d");
    for (let i = 0; i * 100 < DELETE_KEY_MS; i++) press("x");
    press("d");
    expect(state().notebook.cells).toHaveLength(2);
    press("d");
    expect(state().notebook.cells).toHaveLength(1);
  });

  it("moves the selection and the cells", () => {
    const { press, state, cells } = notebook();
    press("j");
    expect(state().selected).toBe(cells[1].id);
    press("k");
    expect(state().selected).toBe(cells[0].id);
    press("ArrowDown");
    press("K");
    expect(state().notebook.cells.map((c) => c.id)).toEqual([cells[1].id, cells[0].id]);
    press("J");
    expect(state().notebook.cells.map((c) => c.id)).toEqual([cells[0].id, cells[1].id]);
  });

  it("Enter edits the selected cell; a markdown cell shows its source", () => {
    const { press, state, cells } = notebook();
    press("Enter");
    expect(state()).toMatchObject({ selected: cells[0].id, mode: "edit" });
    press("Escape");
    press("ArrowDown");
    press("Enter");
    expect(state()).toMatchObject({ selected: cells[1].id, mode: "edit" });
    expect(state().editingMarkdown[cells[1].id]).toBe(true);
  });

  it("runs with the run keys, interrupts with I, I, saves with Ctrl+S", async () => {
    const { press, state, calls, cells } = notebook();
    press("Enter", { shiftKey: true });
    press("Enter", { ctrlKey: true });
    press("Enter", { altKey: true });
    press("i");
    expect(calls).not.toContain("interrupt");
    press("i");
    press("s", { metaKey: true });
    const id = cells[0].id;
    expect(calls).toEqual([`run-next ${id}`, `run ${id}`, `run-insert ${id}`, "interrupt", "save"]);
    await expect.poll(() => state().notice).toEqual({ text: "Saved in the browser's storage", kind: "info" });
  });

  it("leaves keys in an editor, a field or outside the notebook to them, but Ctrl+S saves from anywhere", () => {
    const { press, state, calls, types } = notebook();
    for (const place of ["field", "outside"] as const) {
      expect(press("b", { place })).toBe(false);
      expect(press("d", { place })).toBe(false);
      expect(press("d", { place })).toBe(false);
      expect(press("Enter", { shiftKey: true, place })).toBe(false);
    }
    expect(types()).toEqual(["code", "markdown"]);
    expect(press("s", { ctrlKey: true, place: "field" })).toBe(true);
    expect(press("s", { ctrlKey: true, place: "outside" })).toBe(true);
    expect(calls).toEqual(["save", "save"]);
    expect(state().mode).toBe("command");
  });

  it("takes no command key in edit mode, whatever has the focus; Esc leaves edit mode", () => {
    const { press, state, types, actions, cells } = notebook();
    actions.selectCell({ id: cells[0].id, mode: "edit" });
    for (const key of ["b", "a", "d", "d", "m", "y", "z", "Enter"]) expect(press(key)).toBe(false);
    expect(types()).toEqual(["code", "markdown"]);
    expect(press("Escape")).toBe(true);
    expect(state().mode).toBe("command");
    expect(press("Escape")).toBe(false);
  });

  it("Z undoes cell deletions, several levels; Shift+Z redoes", () => {
    const { press, state, cells } = notebook();
    press("d");
    press("d");
    press("d");
    press("d");
    expect(state().notebook.cells.map((c) => c.source)).toEqual([""]);
    press("z");
    press("z");
    expect(
      state()
        .notebook.cells.map((c) => c.id)
        .slice(0, 2),
    ).toEqual([cells[0].id, cells[1].id]);
    press("Z");
    expect(state().notebook.cells.map((c) => c.id)).not.toContain(cells[0].id);
  });

  it("Y makes a code cell in the notebook's language; P, T, Q, M make Python, TypeScript, SQL, markdown", () => {
    const { press, types, actions } = notebook();
    press("p");
    expect(types()[0]).toBe("python");
    press("t");
    expect(types()[0]).toBe("code");
    actions.setNotebookLanguage({ language: "python" });
    press("m");
    press("y");
    expect(types()[0]).toBe("python");
    press("b");
    expect(types()[1]).toBe("python");
  });

  it("leaves other keys alone, and does nothing with no cell selected", () => {
    const { press, types, actions } = notebook();
    expect(press("x")).toBe(false);
    expect(press("a", { ctrlKey: true })).toBe(false);
    actions.selectCell({ id: null });
    expect(press("b")).toBe(false);
    expect(types()).toEqual(["code", "markdown"]);
  });
});
