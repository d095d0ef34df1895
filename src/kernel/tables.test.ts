import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { OutputItem } from "./protocol";
import { testKernel } from "./testing";

const rowsOf = (outputs: OutputItem[]) => {
  const table = outputs.find((o) => o.kind === "table");
  if (table?.kind !== "table") throw new Error(`expected a table, got ${JSON.stringify(outputs)}`);
  return table.page.rows;
};

/** Tables made in cells, as a notebook uses them: SQL and TypeScript cells, and a reload of the page. */
describe("tables in the notebook's cells", () => {
  const root = mkdtempSync(join(tmpdir(), "sluice-tables-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const first = testKernel(root);

  it("SQL cells create, fill, list and read a table", async () => {
    const { request, outputsOf } = first;
    await request("init", {});
    const run = (cellId: string, code: string) => request("run", { cellId, code, language: "sql" });
    const created = await run("create", "CREATE TABLE visits (page STRING, n INT) USING parquet");
    expect(created.status).toBe("ok");
    expect(outputsOf("create")).toEqual([]);
    expect(await run("insert", "INSERT INTO visits VALUES ('home', 3), ('about', 1);")).toMatchObject({
      status: "ok",
    });
    await run("select", "SELECT * FROM visits ORDER BY n DESC");
    expect(rowsOf(outputsOf("select"))).toEqual([
      { page: "home", n: 3 },
      { page: "about", n: 1 },
    ]);
    await run("show", "SHOW TABLES");
    expect(rowsOf(outputsOf("show"))).toEqual([
      { namespace: "default", tableName: "visits", isTemporary: false },
    ]);
  });

  it("a command a TypeScript cell does not await still ends with the cell, and fails it where it fails", async () => {
    const { request, outputsOf } = first;
    const ok = await request("run", {
      cellId: "ts-insert",
      code: `spark.sql("INSERT INTO visits VALUES ('docs', 2)")`,
      language: "typescript",
    });
    expect(ok.status).toBe("ok");
    const failing = await request("run", {
      cellId: "ts-failing",
      code: `spark.sql("INSERT INTO visits SELECT 'x', CAST('many' AS INT)");\nconst after = 1;`,
      language: "typescript",
    });
    expect(failing.status).toBe("error");
    const [error] = outputsOf("ts-failing");
    // Raised by the INSERT's query as it ran, after the cell's code had returned.
    expect(error.kind === "error" && error.error.message).toMatch(/^\[CAST_INVALID_INPUT\]/);
    // The failure was that cell's: the next one runs, and the table holds the rows of the inserts that worked.
    await request("run", { cellId: "count", code: "SELECT count(*) AS rows FROM visits", language: "sql" });
    expect(rowsOf(outputsOf("count"))).toEqual([{ rows: 3 }]);
  });

  it("the table is still there after a reload (a new kernel over the same storage)", async () => {
    const reloaded = testKernel(root);
    await reloaded.request("init", {});
    await reloaded.request("run", {
      cellId: "again",
      code: "SELECT page FROM visits ORDER BY page",
      language: "sql",
    });
    expect(rowsOf(reloaded.outputsOf("again"))).toEqual([
      { page: "about" },
      { page: "docs" },
      { page: "home" },
    ]);
  });
});
