import { describe, expect, it } from "vitest";
import { cellNames } from "./cellCode";
import { cellNeeds } from "./cellNeeds";

const cells = (...sources: string[]) =>
  sources.map((source, i) => ({ id: `c${i}`, names: cellNames(source) }));
const builtins = new Set(["spark", "dbutils", "col", "console", "Math"]);
const has = (name: string) => builtins.has(name);

describe("cellNames", () => {
  it("finds the top-level names a cell defines and the free names it uses", () => {
    expect(
      cellNames(
        'import { lit } from "sluice";\nconst df: DataFrame = events.filter(col("x").gt(lit(limit)));\nfunction f(a = b) { const inner = a; return inner + c.d; }\nconst { e, ...rest } = obj;\ndf',
      ),
    ).toEqual({
      defines: ["lit", "df", "f", "e", "rest"],
      uses: ["events", "col", "limit", "b", "c", "obj"],
    });
  });

  it("does not count property names, labels or names bound in inner scopes", () => {
    expect(
      cellNames("const o = { key: value, [computed]: 1 };\ntry { x() } catch (err) { err.message }").uses,
    ).toEqual(["value", "computed", "x"]);
  });

  it("gives nothing for a cell that does not parse", () => {
    expect(cellNames("const = ;")).toEqual({ defines: [], uses: [] });
  });
});

describe("cellNeeds", () => {
  it("runs only the cells that define what the query's cell needs, never a reset cell above", () => {
    const notebook = cells(
      'await dbutils.fs.rm("/checkpoints/q", true)',
      'const events = spark.readStream.format("rate").load()',
      "throw new Error('a broken cell')",
      "const unused = 1",
      'const counts = events.groupBy("value").count()',
      'const q = await counts.writeStream.format("memory").queryName("q").start()',
    );
    expect(cellNeeds(notebook, "c5", has)).toEqual({
      run: [
        { id: "c1", defines: ["events"] },
        { id: "c4", defines: ["counts"] },
      ],
      missing: [],
    });
  });

  it("takes the last definition above the cell, and reports names no cell above defines", () => {
    const notebook = cells("const a = 1", "const a = 2", "const b = a + nowhere", "a + b", "const b = 3");
    expect(cellNeeds(notebook, "c3", has)).toEqual({
      run: [
        { id: "c1", defines: ["a"] },
        { id: "c2", defines: ["b"] },
      ],
      missing: ["nowhere"],
    });
  });

  it("needs nothing for names the kernel already has", () => {
    const notebook = cells("const a = 1", "a + 1");
    expect(cellNeeds(notebook, "c1", (n) => n === "a")).toEqual({ run: [], missing: [] });
  });
});
