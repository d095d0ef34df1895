import { describe, expect, it } from "vitest";
import type { QueryInfo } from "../../kernel/protocol";
import { newCell } from "../model/notebook";
import { action } from "./actions";
import { DELETE_KEY_MS } from "./cells";
import { apply, sources, stateOf } from "./testing";

const ids = (s: ReturnType<typeof stateOf>) => s.notebook.cells.map((c) => c.id);

describe("editing cells", () => {
  it("updateCellSource changes one cell's source", () => {
    const s = stateOf();
    const [, b] = s.notebook.cells;
    expect(sources(apply(s, action.updateCellSource({ id: b.id, source: "b2" })))).toEqual(["a", "b2", "c"]);
  });

  it("insertCell puts a cell above or below the selected one, or at the end, and selects it", () => {
    const s = stateOf();
    const [a, b] = s.notebook.cells;
    const selectB = action.selectCell({ id: b.id, mode: "command" });
    const below = apply(s, selectB, action.insertCell({ where: "below", source: "new", id: "n" }));
    expect(sources(below)).toEqual(["a", "b", "new", "c"]);
    expect(below).toMatchObject({ selected: "n", mode: "edit" });
    const above = apply(s, selectB, action.insertCell({ where: "above", id: "n", edit: false }));
    expect(ids(above).indexOf("n")).toBe(1);
    expect(above).toMatchObject({ selected: "n", mode: "command" });
    const end = apply(s, action.insertCell({ where: "end", type: "sql", id: "n" }));
    expect(ids(end).at(-1)).toBe("n");
    expect(end.notebook.cells.at(-1)?.type).toBe("sql");
    expect(ids(apply(s, action.selectCell({ id: null }), action.insertCell({ where: "above" }))).at(0)).toBe(
      a.id,
    );
  });

  it("insertCell opens a new markdown cell as source, and makes an id where none is given", () => {
    const s = apply(stateOf(), action.insertCell({ where: "below", type: "markdown" }));
    const made = s.notebook.cells[1];
    expect(made.type).toBe("markdown");
    expect(made.id).toMatch(/\w+/);
    expect(s.editingMarkdown[made.id]).toBe(true);
    expect(s.selected).toBe(made.id);
  });

  it("deleteCell selects the cell that took its place, and never leaves the notebook empty", () => {
    const s = stateOf();
    const [a, b, c] = s.notebook.cells;
    const one = apply(s, action.deleteCell({ id: b.id }));
    expect(sources(one)).toEqual(["a", "c"]);
    expect(one).toMatchObject({ selected: c.id, mode: "command" });
    expect(apply(s, action.deleteCell({ id: c.id })).selected).toBe(b.id);
    const none = apply(
      s,
      action.deleteCell({ id: a.id }),
      action.deleteCell({ id: b.id }),
      action.deleteCell({ id: c.id }),
    );
    expect(none.notebook.cells).toHaveLength(1);
    expect(none.notebook.cells[0]).toMatchObject({ type: "code", source: "" });
    expect(none.selected).toBe(none.notebook.cells[0].id);
    expect(apply(s, action.deleteCell({ id: "gone" }))).toBe(s);
  });

  it("pressDeleteKey deletes the selected cell on the second press within a second (Jupyter's D, D)", () => {
    const s = stateOf();
    const [a, b] = s.notebook.cells;
    const first = apply(s, action.pressDeleteKey({ now: 1000 }));
    expect(sources(first)).toEqual(["a", "b", "c"]);
    expect(sources(apply(first, action.pressDeleteKey({ now: 1000 + DELETE_KEY_MS - 1 })))).toEqual([
      "b",
      "c",
    ]);
    // Too slow: the second press arms it again.
    const late = apply(first, action.pressDeleteKey({ now: 1000 + DELETE_KEY_MS }));
    expect(sources(late)).toEqual(["a", "b", "c"]);
    expect(sources(apply(late, action.pressDeleteKey({ now: 1000 + DELETE_KEY_MS + 10 })))).toEqual([
      "b",
      "c",
    ]);
    // A selection in between starts over.
    const moved = apply(
      first,
      action.selectCell({ id: b.id }),
      action.selectCell({ id: a.id }),
      action.pressDeleteKey({ now: 1100 }),
    );
    expect(sources(moved)).toEqual(["a", "b", "c"]);
    expect(
      apply(apply(s, action.selectCell({ id: null })), action.pressDeleteKey({ now: 0 })).deletePending,
    ).toBeUndefined();
  });

  it("moveCell moves a cell up or down, and not past either end", () => {
    const s = stateOf();
    const [a, , c] = s.notebook.cells;
    expect(sources(apply(s, action.moveCell({ id: c.id, delta: -1 })))).toEqual(["a", "c", "b"]);
    expect(sources(apply(s, action.moveCell({ id: a.id, delta: 1 })))).toEqual(["b", "a", "c"]);
    expect(apply(s, action.moveCell({ id: a.id, delta: -1 }))).toBe(s);
  });

  it("splitCell splits a cell at an offset into two cells of its type", () => {
    const cell = newCell("sql", "SELECT 1;\n\nSELECT 2;");
    const s = apply(stateOf([cell]), action.splitCell({ id: cell.id, offset: "SELECT 1;\n".length }));
    expect(sources(s)).toEqual(["SELECT 1;", "SELECT 2;"]);
    expect(s.notebook.cells.map((c) => c.type)).toEqual(["sql", "sql"]);
    expect(s.notebook.cells[0].id).toBe(cell.id);
  });

  it("changeCellType clears the outputs; a new markdown cell shows its source", () => {
    const s = stateOf();
    const [a] = s.notebook.cells;
    const ran = apply(
      s,
      action.cellStarted({ cellId: a.id, executionCount: 3 }),
      action.addOutput({ cellId: a.id, item: { kind: "value", text: "1" } }),
    );
    const sql = apply(ran, action.changeCellType({ id: a.id, type: "sql" }));
    expect(sql.notebook.cells[0]).toMatchObject({ type: "sql", outputs: [], executionCount: null });
    expect(sql.editingMarkdown[a.id]).toBeUndefined();
    expect(apply(ran, action.changeCellType({ id: a.id, type: "markdown" })).editingMarkdown[a.id]).toBe(
      true,
    );
  });

  it("new code cells take the notebook's language; setNotebookLanguage changes it, not the cells", () => {
    const s = apply(stateOf(), action.setNotebookLanguage({ language: "python" }));
    expect(s.notebook.cells.map((c) => c.type)).toEqual(["code", "code", "code"]);
    const [a, , c] = s.notebook.cells;
    expect(apply(s, action.insertCell({ where: "below", id: "n" })).notebook.cells[1].type).toBe("python");
    const last = apply(
      s,
      action.selectCell({ id: c.id }),
      action.advanceAfterRun({ id: c.id, how: "run-next" }),
    );
    expect(last.notebook.cells.at(-1)?.type).toBe("python");
    const alone = apply(s, action.deleteCell({ id: a.id }), action.deleteCell({ id: c.id }));
    expect(apply(alone, action.deleteCell({ id: alone.selected! })).notebook.cells[0].type).toBe("python");
    const ts = apply(s, action.setNotebookLanguage({ language: "typescript" }));
    expect(apply(ts, action.insertCell({ where: "below", id: "n" })).notebook.cells[1].type).toBe("code");
  });

  it("renameNotebook trims the name; an empty one is Untitled", () => {
    expect(apply(stateOf(), action.renameNotebook({ name: "  Lesson 1 " })).notebook.name).toBe("Lesson 1");
    expect(apply(stateOf(), action.renameNotebook({ name: "   " })).notebook.name).toBe("Untitled");
  });

  it("openNotebook keeps the stored outputs, marked as not from this session, and this session's queries", () => {
    const query: QueryInfo = { id: "live", runId: "r", name: null, cellId: null, startedAt: 0 };
    const snapshot = {
      info: { ...query, id: "saved" },
      phase: "stopped" as const,
      status: { message: "Stopped", isDataAvailable: false, isTriggerActive: false },
      progress: [],
    };
    const saved = {
      ...newCell("code", "old"),
      outputs: [{ kind: "query" as const, queryId: "saved", snapshot }],
    };
    const s = apply(stateOf([saved], "storage"), action.queryStarted({ query }));
    expect(Object.keys(s.queries).sort()).toEqual(["live", "saved"]);
    const ran = {
      ...newCell("code", "x"),
      outputs: [{ kind: "value" as const, text: "1" }],
      executionCount: 2,
    };
    const opened = apply(
      apply(s, action.queueCells({ ids: [saved.id] })),
      action.openNotebook({
        notebook: { name: "Other", cells: [ran, newCell("code", "y")] },
        origin: "file",
        path: "/notebooks/Other.ipynb",
      }),
    );
    expect(opened.notebook).toEqual({
      name: "Other",
      cells: [ran, expect.objectContaining({ source: "y" })],
    });
    expect(opened).toMatchObject({ origin: "file", selected: ran.id, mode: "command", running: {} });
    expect(opened.file).toEqual({ path: "/notebooks/Other.ipynb", status: "dirty" });
    expect(opened.storedOutputs).toEqual({ [ran.id]: true });
    expect(Object.keys(opened.queries)).toEqual(["live"]);
    // Running the cell replaces its stored outputs with this session's.
    expect(apply(opened, action.prepareForRun({ id: ran.id })).storedOutputs).toEqual({});
  });
});

describe("selection and modes", () => {
  it("selectCell selects a cell, keeping the mode unless one is given", () => {
    const s = stateOf();
    const [, b, c] = s.notebook.cells;
    const edit = apply(s, action.selectCell({ id: b.id, mode: "edit" }));
    expect(edit).toMatchObject({ selected: b.id, mode: "edit" });
    expect(apply(edit, action.selectCell({ id: c.id }))).toMatchObject({ selected: c.id, mode: "edit" });
  });

  it("selectRelative moves the selection in command mode and stops at the ends", () => {
    const s = stateOf();
    const [a, b, c] = s.notebook.cells;
    const fresh = apply(s, action.selectCell({ id: a.id, mode: "edit" }));
    expect(apply(fresh, action.selectRelative({ delta: 1 }))).toMatchObject({
      selected: b.id,
      mode: "command",
    });
    expect(apply(fresh, action.selectRelative({ delta: -1 })).selected).toBe(a.id);
    expect(apply(fresh, action.selectRelative({ delta: 5 })).selected).toBe(c.id);
  });

  it("editMarkdown shows the source and puts the focus in it; renderMarkdown shows it rendered", () => {
    const md = newCell("markdown", "# Title");
    const s = apply(stateOf([newCell("code", "x"), md]), action.editMarkdown({ id: md.id }));
    expect(s).toMatchObject({ selected: md.id, mode: "edit", editingMarkdown: { [md.id]: true } });
    expect(apply(s, action.renderMarkdown({ id: md.id })).editingMarkdown[md.id]).toBe(false);
  });

  it("advanceAfterRun: Ctrl+Enter stays, Shift+Enter selects the next cell or adds one, Alt+Enter inserts", () => {
    const s = stateOf();
    const [a, b, c] = s.notebook.cells;
    const onA = apply(s, action.selectCell({ id: a.id, mode: "edit" }));
    expect(apply(onA, action.advanceAfterRun({ id: a.id, how: "run" }))).toMatchObject({
      selected: a.id,
      mode: "command",
    });
    expect(apply(onA, action.advanceAfterRun({ id: a.id, how: "run-next" }))).toMatchObject({
      selected: b.id,
      mode: "command",
    });
    const last = apply(
      s,
      action.selectCell({ id: c.id }),
      action.advanceAfterRun({ id: c.id, how: "run-next" }),
    );
    expect(sources(last)).toEqual(["a", "b", "c", ""]);
    expect(last).toMatchObject({ selected: last.notebook.cells[3].id, mode: "edit" });
    const inserted = apply(onA, action.advanceAfterRun({ id: a.id, how: "run-insert" }));
    expect(sources(inserted)).toEqual(["a", "", "b", "c"]);
    expect(inserted).toMatchObject({ selected: inserted.notebook.cells[1].id, mode: "edit" });
  });
});

describe("running cells", () => {
  it("prepareForRun clears the outputs and queues the cell; a notebook from a link now counts as kept", () => {
    const s = stateOf(undefined, "url");
    const [a] = s.notebook.cells;
    const ran = apply(s, action.addOutput({ cellId: a.id, item: { kind: "value", text: "old" } }));
    const queued = apply(ran, action.prepareForRun({ id: a.id }));
    expect(queued.notebook.cells[0].outputs).toEqual([]);
    expect(queued.running).toEqual({ [a.id]: "queued" });
    expect(queued.origin).toBe("storage");
    expect(apply(stateOf(undefined, "example"), action.prepareForRun({ id: a.id })).origin).toBe("example");
  });

  it("queueCells and dequeueCells: what a Run all did not reach is no longer queued", () => {
    const s = stateOf();
    const [a, b, c] = s.notebook.cells;
    const all = [a.id, b.id, c.id];
    const queued = apply(
      s,
      action.queueCells({ ids: all }),
      action.cellStarted({ cellId: a.id, executionCount: 1 }),
    );
    expect(queued.running).toEqual({ [a.id]: "running", [b.id]: "queued", [c.id]: "queued" });
    expect(apply(queued, action.dequeueCells({ ids: [a.id, b.id] })).running).toEqual({
      [a.id]: "running",
      [c.id]: "queued",
    });
  });

  it("cellStarted marks the cell running with its execution count", () => {
    const s = stateOf();
    const [a] = s.notebook.cells;
    const started = apply(s, action.cellStarted({ cellId: a.id, executionCount: 7 }));
    expect(started.notebook.cells[0].executionCount).toBe(7);
    expect(started.running).toEqual({ [a.id]: "running" });
  });

  it("addOutput appends to the cell's outputs (merging a stream's text); unknown cells change nothing", () => {
    const s = stateOf();
    const [a] = s.notebook.cells;
    const out = apply(
      s,
      action.addOutput({ cellId: a.id, item: { kind: "stream", name: "stdout", text: "1\n" } }),
      action.addOutput({ cellId: a.id, item: { kind: "stream", name: "stdout", text: "2\n" } }),
      action.addOutput({ cellId: a.id, item: { kind: "error", error: { name: "Error", message: "x" } } }),
    );
    expect(out.notebook.cells[0].outputs).toEqual([
      { kind: "stream", name: "stdout", text: "1\n2\n" },
      { kind: "error", error: { name: "Error", message: "x" } },
    ]);
    expect(apply(s, action.addOutput({ cellId: "gone", item: { kind: "value", text: "1" } }))).toBe(s);
  });

  it("runFinished takes one cell off the run list; interrupted takes them all", () => {
    const s = stateOf();
    const [a, b] = s.notebook.cells;
    const queued = apply(s, action.queueCells({ ids: [a.id, b.id] }));
    expect(apply(queued, action.runFinished({ id: a.id })).running).toEqual({ [b.id]: "queued" });
    expect(apply(queued, action.interrupted()).running).toEqual({});
  });
});
