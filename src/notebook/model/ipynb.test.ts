import { describe, expect, it } from "vitest";
import type { OutputItem } from "../../kernel/protocol";
import { fromIpynb, joinLines, splitLines, toIpynb } from "./ipynb";
import type { Notebook } from "./notebook";
import { notebookFromHash, shareHash } from "./share";

const table: OutputItem = {
  kind: "table",
  tableId: "t1",
  page: {
    columns: [
      { name: "traffic_source", type: "string" },
      { name: "count", type: "bigint" },
      { name: "at", type: "timestamp" },
    ],
    rows: [{ traffic_source: "google", count: 12, at: new Date("2020-07-01T00:00:00Z"), big: 2n ** 60n }],
    offset: 0,
    totalRows: 1,
  },
};

const notebook: Notebook = {
  name: "Lesson",
  cells: [
    { id: "md1", type: "markdown", source: "# Title\n\nText", outputs: [], executionCount: null },
    {
      id: "c1",
      type: "code",
      source: 'const df = spark.read.parquet("/data")\ndf',
      outputs: [
        { kind: "stream", name: "stdout", text: "hello\nworld\n" },
        { kind: "value", text: "DataFrame[a: string]" },
        table,
        {
          kind: "error",
          error: { name: "AnalysisException", message: "cannot resolve `x`", line: 2, column: 5 },
        },
      ],
      executionCount: 3,
    },
    { id: "s1", type: "sql", source: "SELECT * FROM t", outputs: [], executionCount: 4 },
  ],
};

describe("ipynb", () => {
  it("round-trips cell types, sources, execution counts and outputs (Dates and bigints too)", () => {
    const json = JSON.parse(JSON.stringify(toIpynb(notebook)));
    expect(json.nbformat).toBe(4);
    expect(json.metadata.kernelspec.name).toBe("sluice");
    expect(json.cells.map((c: { cell_type: string }) => c.cell_type)).toEqual(["markdown", "code", "code"]);
    expect(fromIpynb(json)).toEqual(notebook);
  });

  it("can leave the outputs out", () => {
    const json = toIpynb(notebook, { outputs: false });
    expect(json.cells[1].outputs).toEqual([]);
    expect(json.cells[1].execution_count).toBeNull();
  });

  it("reads Jupyter's %sql cells and plain text outputs", () => {
    const nb = fromIpynb({
      nbformat: 4,
      nbformat_minor: 4,
      metadata: {},
      cells: [
        {
          cell_type: "code",
          source: ["%sql\n", "SELECT 1"],
          metadata: {},
          outputs: [],
          execution_count: null,
        },
        {
          cell_type: "code",
          source: "1 + 1",
          metadata: {},
          outputs: [
            {
              output_type: "execute_result",
              data: { "text/plain": ["2"] },
              metadata: {},
              execution_count: 1,
            },
          ],
          execution_count: 1,
        },
      ],
    });
    expect(nb.cells[0]).toMatchObject({ type: "sql", source: "SELECT 1" });
    expect(nb.cells[1].outputs).toEqual([{ kind: "value", text: "2" }]);
    expect(nb.cells[0].id).not.toBe(nb.cells[1].id);
  });

  it("keeps Python cells, and reads a Python notebook's code cells (Jupyter, Databricks) as Python", () => {
    const withPython: Notebook = {
      name: "Mixed",
      cells: [
        { id: "p1", type: "python", source: "spark.range(3).count()", outputs: [], executionCount: null },
      ],
    };
    expect(fromIpynb(JSON.parse(JSON.stringify(toIpynb(withPython))))).toEqual(withPython);
    const nb = fromIpynb({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "python3", display_name: "Python 3", language: "python" } },
      cells: [
        { cell_type: "code", source: "df = spark.range(3)", metadata: {}, outputs: [] },
        { cell_type: "code", source: "%sql\nSELECT 1", metadata: {}, outputs: [] },
        { cell_type: "markdown", source: "# Notes", metadata: {} },
      ],
    });
    expect(nb.cells.map((c) => [c.type, c.source])).toEqual([
      ["python", "df = spark.range(3)"],
      ["sql", "SELECT 1"],
      ["markdown", "# Notes"],
    ]);
  });

  it("keeps a notebook's language as its kernel; cells in another language say theirs", () => {
    const python: Notebook = {
      name: "PySpark lesson",
      language: "python",
      cells: [
        { id: "p1", type: "python", source: "spark.range(3)", outputs: [], executionCount: null },
        { id: "t1", type: "code", source: "spark.range(3)", outputs: [], executionCount: null },
      ],
    };
    const json = toIpynb(python);
    expect(json.metadata.kernelspec).toMatchObject({ name: "python3", language: "python" });
    expect(json.metadata.language_info).toMatchObject({ name: "python" });
    expect(json.cells.map((c) => c.metadata)).toEqual([{}, { sluice: { language: "typescript" } }]);
    expect(fromIpynb(JSON.parse(JSON.stringify(json)))).toEqual(python);
    expect(fromIpynb(JSON.parse(JSON.stringify(toIpynb({ ...python, language: undefined }))))).toEqual({
      name: python.name,
      cells: python.cells,
    });
  });

  it("rejects what is not a notebook", () => {
    expect(() => fromIpynb({ hello: 1 })).toThrow(/nbformat 4/);
  });

  it("splits sources into lines the way nbformat stores them", () => {
    expect(splitLines("a\nb\n")).toEqual(["a\n", "b\n"]);
    expect(splitLines("a\nb")).toEqual(["a\n", "b"]);
    expect(joinLines(splitLines("x\n\ny"))).toBe("x\n\ny");
  });
});

describe("share URL", () => {
  it("carries the sources, compressed, and opens with outputs cleared", () => {
    const hash = shareHash(notebook);
    expect(hash.startsWith("#nb=")).toBe(true);
    expect(hash).toMatch(/^#nb=[\w-]+$/);
    const opened = notebookFromHash(hash)!;
    expect(opened.cells.map((c) => [c.type, c.source])).toEqual(
      notebook.cells.map((c) => [c.type, c.source]),
    );
    expect(opened.cells.every((c) => c.outputs.length === 0 && c.executionCount === null)).toBe(true);
  });

  it("ignores hashes that hold no notebook", () => {
    expect(notebookFromHash("")).toBeUndefined();
    expect(notebookFromHash("#section")).toBeUndefined();
  });
});
