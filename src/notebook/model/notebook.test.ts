import { describe, expect, it } from "vitest";
import {
  appendOutput,
  insertCell,
  moveCell,
  newCell,
  removeCell,
  splitCell,
  withoutOutputs,
} from "./notebook";

describe("cell edits", () => {
  const a = newCell("code", "a");
  const b = newCell("markdown", "b");
  const c = newCell("sql", "c");

  it("insert, remove and move", () => {
    expect(insertCell([a, c], 1, b).map((x) => x.source)).toEqual(["a", "b", "c"]);
    expect(removeCell([a, b, c], b.id).map((x) => x.source)).toEqual(["a", "c"]);
    expect(moveCell([a, b, c], c.id, -1).map((x) => x.source)).toEqual(["a", "c", "b"]);
    expect(moveCell([a, b, c], a.id, -1)).toEqual([a, b, c]);
  });

  it("splits a cell at the cursor into two of the same type", () => {
    const cell = newCell("code", "const x = 1;\n\nconst y = 2;");
    const [first, second] = splitCell([cell], cell.id, "const x = 1;\n".length);
    expect(first).toMatchObject({ id: cell.id, source: "const x = 1;", type: "code" });
    expect(second).toMatchObject({ source: "const y = 2;", type: "code" });
    expect(second.id).not.toBe(cell.id);
  });

  it("clears outputs and execution counts", () => {
    const run = { ...a, outputs: [{ kind: "value" as const, text: "1" }], executionCount: 3 };
    expect(withoutOutputs({ name: "n", cells: [run] }).cells[0]).toMatchObject({
      outputs: [],
      executionCount: null,
    });
  });
});

describe("outputs", () => {
  it("merges consecutive text of one stream and keeps one panel per query", () => {
    let outputs = appendOutput([], { kind: "stream", name: "stdout", text: "a\n" });
    outputs = appendOutput(outputs, { kind: "stream", name: "stdout", text: "b\n" });
    outputs = appendOutput(outputs, { kind: "stream", name: "stderr", text: "warn\n" });
    outputs = appendOutput(outputs, { kind: "query", queryId: "q" });
    outputs = appendOutput(outputs, { kind: "query", queryId: "q" });
    expect(outputs).toEqual([
      { kind: "stream", name: "stdout", text: "a\nb\n" },
      { kind: "stream", name: "stderr", text: "warn\n" },
      { kind: "query", queryId: "q" },
    ]);
  });
});
