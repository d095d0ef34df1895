import { describe, expect, it } from "vitest";
import { type CommandKeyEvent, type CommandModeHost, handleCommandKey } from "./commandMode";
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
    saveNow: async () => void calls.push("save"),
  };
  // Each key comes 100 ms after the one before.
  let clock = 0;
  const press = (key: string, mods: Partial<CommandKeyEvent> = {}) => {
    clock += 100;
    const event = { key, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, inField: false };
    return handleCommandKey({ ...event, ...mods }, host, clock);
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
    expect(state().mode).toBe("command");
    press("m");
    expect(types()).toEqual(["code", "markdown", "markdown"]);
    press("a");
    expect(types()).toEqual(["code", "code", "markdown", "markdown"]);
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
    press("ArrowDown");
    press("Enter");
    expect(state()).toMatchObject({ selected: cells[1].id, mode: "edit" });
    expect(state().editingMarkdown[cells[1].id]).toBe(true);
  });

  it("runs with the run keys, interrupts with I, saves with Ctrl+S", async () => {
    const { press, state, calls, cells } = notebook();
    press("Enter", { shiftKey: true });
    press("Enter", { ctrlKey: true });
    press("Enter", { altKey: true });
    press("i");
    press("s", { metaKey: true });
    const id = cells[0].id;
    expect(calls).toEqual([`run-next ${id}`, `run ${id}`, `run-insert ${id}`, "interrupt", "save"]);
    await expect.poll(() => state().notice).toEqual({ text: "Saved in the browser's storage", kind: "info" });
  });

  it("leaves keys in an editor or a field to it, but Ctrl+S saves from there too", () => {
    const { press, state, calls, types } = notebook();
    expect(press("b", { inField: true })).toBe(false);
    expect(press("Enter", { shiftKey: true, inField: true })).toBe(false);
    expect(types()).toEqual(["code", "markdown"]);
    expect(press("s", { ctrlKey: true, inField: true })).toBe(true);
    expect(calls).toEqual(["save"]);
    expect(state().mode).toBe("command");
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
