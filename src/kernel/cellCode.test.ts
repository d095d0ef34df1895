import { describe, expect, it } from "vitest";
import { CellSyntaxError, compileCell } from "./cellCode";
import { cellLocation, createScope, evaluateCell } from "./evaluate";

async function run(source: string, scope = createScope({}), modules: Record<string, unknown> = {}) {
  const compiled = compileCell(source);
  const value = await evaluateCell(compiled, scope, (name) => modules[name], "cell-test.ts");
  return { value, scope, compiled };
}

describe("cell code", () => {
  it("strips TypeScript, keeps lines, and returns the last expression", async () => {
    const { value, compiled } = await run("const n: number = 2;\ninterface T { a: string }\nn * 21");
    expect(value).toBe(42);
    expect(compiled.hasResult).toBe(true);
    expect(compiled.body.split("\n")).toHaveLength(3);
  });

  it("supports top-level await and shares top-level names with later cells", async () => {
    const scope = createScope({ base: 10 });
    await run(
      "const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));\nawait wait(1);\nlet total = base + 1;",
      scope,
    );
    expect(scope.total).toBe(11);
    const { value } = await run(
      "total = total * 2;\nfunction twice(x: number) { return 2 * x }\ntwice(total)",
      scope,
    );
    expect(value).toBe(44);
    expect(scope.total).toBe(22);
    expect(typeof scope.twice).toBe("function");
  });

  it("lets a cell declare a name again when it is run again", async () => {
    const scope = createScope({});
    await run("const x = 1", scope);
    await run("const x = 2", scope);
    expect(scope.x).toBe(2);
  });

  it("keeps names declared before a throw, and destructured names", async () => {
    const scope = createScope({});
    await expect(
      run("const { a, b: [c] } = { a: 1, b: [2] };\nthrow new Error('boom');\nconst later = 3", scope),
    ).rejects.toThrow("boom");
    expect(scope.a).toBe(1);
    expect(scope.c).toBe(2);
    expect("later" in scope).toBe(false);
  });

  it("has no result when the cell ends with a statement", async () => {
    const { value, compiled } = await run("const y = 1;");
    expect(value).toBeUndefined();
    expect(compiled.hasResult).toBe(false);
  });

  it("turns imports from the engine module into scope reads", async () => {
    const modules = { sluice: { col: (n: string) => `col(${n})`, lit: 1 } };
    const { value } = await run(
      'import { col, lit as one } from "sluice";\nimport * as F from "sluice";\ncol("a") + one + typeof F',
      undefined,
      modules,
    );
    expect(value).toBe("col(a)1object");
  });

  it("reports syntax errors at the cell's line and column", () => {
    try {
      compileCell("const a = 1;\nconst b = a +;\n");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CellSyntaxError);
      expect((error as CellSyntaxError).line).toBe(2);
      expect((error as CellSyntaxError).column).toBe(14);
    }
  });

  it("points a runtime error at the cell line that threw", async () => {
    const source =
      "const a: number = 1;\n\nconst o: any = undefined;\nawait Promise.resolve();\no.field.deeper";
    const compiled = compileCell(source);
    const error = await evaluateCell(compiled, createScope({}), () => undefined, "cell-abc.ts").catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(cellLocation(error, "cell-abc.ts", compiled)?.line).toBe(5);
  });

  it("points an error on the first line at its column", async () => {
    const compiled = compileCell("null.x");
    const error = await evaluateCell(compiled, createScope({}), () => undefined, "cell-one.ts").catch(
      (e) => e,
    );
    expect(cellLocation(error, "cell-one.ts", compiled)).toEqual({ line: 1, column: 6 });
  });
});
