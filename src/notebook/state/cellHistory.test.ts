import { describe, expect, it } from "vitest";
import { newCell } from "../model/notebook";
import { action } from "./actions";
import { HISTORY_DEPTH } from "./cellHistory";
import { apply, sources, stateOf } from "./testing";

const undo = action.undoCellOperation();
const redo = action.redoCellOperation();

// JupyterLab's notebook: Z undoes cell operations (several levels), Shift+Z redoes them.
describe("undoing cell operations", () => {
  it("brings deleted cells back, several levels deep, where they were, and redoes the deletes", () => {
    const s = stateOf();
    const [a, b, c] = s.notebook.cells;
    const deleted = apply(s, action.deleteCell({ id: b.id }), action.deleteCell({ id: a.id }));
    expect(sources(deleted)).toEqual(["c"]);
    const once = apply(deleted, undo);
    expect(sources(once)).toEqual(["a", "c"]);
    expect(once).toMatchObject({ selected: a.id, mode: "command" });
    const twice = apply(once, undo);
    expect(sources(twice)).toEqual(["a", "b", "c"]);
    expect(twice.notebook.cells.map((x) => x.id)).toEqual([a.id, b.id, c.id]);
    expect(twice.selected).toBe(b.id);
    // Nothing more to undo: the state stays as it is.
    expect(apply(twice, undo)).toBe(twice);
    expect(sources(apply(twice, redo))).toEqual(["a", "c"]);
    expect(sources(apply(twice, redo, redo))).toEqual(["c"]);
  });

  it("keeps a deleted cell's outputs, and D, D is undone too", () => {
    const s = stateOf();
    const [a] = s.notebook.cells;
    const ran = apply(s, action.addOutput({ cellId: a.id, item: { kind: "value", text: "1" } }));
    const gone = apply(ran, action.pressDeleteKey({ now: 0 }), action.pressDeleteKey({ now: 10 }));
    expect(sources(gone)).toEqual(["b", "c"]);
    expect(apply(gone, undo).notebook.cells[0]).toEqual(ran.notebook.cells[0]);
  });

  it("takes back an insert, keeping what was typed in the new cell for a redo", () => {
    const s = apply(stateOf(), action.insertCell({ where: "below", id: "n" }));
    const typed = apply(s, action.updateCellSource({ id: "n", source: "typed" }));
    const undone = apply(typed, undo);
    expect(sources(undone)).toEqual(["a", "b", "c"]);
    expect(sources(apply(undone, redo))).toEqual(["a", "typed", "b", "c"]);
  });

  it("takes back a move and a type change without losing what was typed since", () => {
    const s = stateOf();
    const [a] = s.notebook.cells;
    const ran = apply(s, action.addOutput({ cellId: a.id, item: { kind: "value", text: "1" } }));
    const changed = apply(
      ran,
      action.moveCell({ id: a.id, delta: 1 }),
      action.changeCellType({ id: a.id, type: "sql" }),
      action.updateCellSource({ id: a.id, source: "a2" }),
    );
    expect(changed.notebook.cells[1]).toMatchObject({ type: "sql", source: "a2", outputs: [] });
    const retyped = apply(changed, undo);
    expect(retyped.notebook.cells[1]).toMatchObject({
      type: "code",
      source: "a2",
      outputs: [{ kind: "value", text: "1" }],
    });
    expect(sources(apply(retyped, undo))).toEqual(["a2", "b", "c"]);
    // A move past the end is no operation, and nothing to undo.
    expect(apply(s, action.moveCell({ id: a.id, delta: -1 })).cellHistory.undo).toEqual([]);
  });

  it("joins a split cell again, exactly as it was, and splits it again on redo", () => {
    const cell = newCell("sql", "SELECT 1;\n\nSELECT 2;");
    const split = apply(stateOf([cell]), action.splitCell({ id: cell.id, offset: "SELECT 1;\n".length }));
    expect(sources(split)).toEqual(["SELECT 1;", "SELECT 2;"]);
    const joined = apply(split, undo);
    expect(sources(joined)).toEqual(["SELECT 1;\n\nSELECT 2;"]);
    expect(sources(apply(joined, redo))).toEqual(["SELECT 1;", "SELECT 2;"]);
    // Edited after the split, the two parts are joined as they are now.
    const edited = apply(split, action.updateCellSource({ id: cell.id, source: "SELECT 3;" }), undo);
    expect(sources(edited)).toEqual(["SELECT 3;\nSELECT 2;"]);
  });

  it("forgets what could be redone once something new is done, and keeps a bounded history", () => {
    const s = apply(stateOf(), action.insertCell({ where: "end", id: "n" }), undo);
    expect(s.cellHistory.redo).toHaveLength(1);
    expect(apply(s, action.insertCell({ where: "end" })).cellHistory.redo).toEqual([]);
    let many = stateOf();
    for (let i = 0; i <= HISTORY_DEPTH; i++) many = apply(many, action.insertCell({ where: "end" }));
    expect(many.cellHistory.undo).toHaveLength(HISTORY_DEPTH);
  });

  it("starts empty with another notebook", () => {
    const s = apply(stateOf(), action.insertCell({ where: "end" }));
    const opened = apply(
      s,
      action.openNotebook({ notebook: { name: "x", cells: [newCell()] }, origin: "new" }),
    );
    expect(opened.cellHistory).toEqual({ undo: [], redo: [] });
    expect(apply(opened, undo)).toBe(opened);
  });
});
