import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NotebookCellSource } from "./protocol";
import { testKernel } from "./testing";

/**
 * What the notebook's Restart asks of a kernel that has not run the query's cell (after a page reload): the cells
 * above that define what the cell needs, how far the checkpoint got, and a run that may not delete it.
 */
describe("restarting a query in a new kernel", () => {
  const root = mkdtempSync(join(tmpdir(), "sluice-restart-"));
  const { request, outputsOf, events } = testKernel(root);
  const checkpoint = "/checkpoints/restart-test";
  const notebook: NotebookCellSource[] = [
    { id: "reset", type: "code", source: `await dbutils.fs.rm("${checkpoint}", true)` },
    {
      id: "source",
      type: "code",
      source:
        'const input = new MemoryStream(spark, "value BIGINT");\ninput.addData([{ value: 1 }, { value: 2 }]);\nconst rates = input.toDF()',
    },
    { id: "broken", type: "code", source: "undefinedFunction()" },
    {
      id: "query",
      type: "code",
      source: `const q = await rates.writeStream.format("memory").queryName("rates_q")\n  .option("checkpointLocation", "${checkpoint}").start();\nawait q.processAllAvailable();\nawait q.stop();`,
    },
  ];
  const run = (cell: NotebookCellSource, protect?: string[]) =>
    request("run", { cellId: cell.id, code: cell.source, language: "typescript", protect });

  beforeAll(async () => {
    await request("init", {});
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("names the cells to run: the one defining the stream, not the reset cell or the broken one", async () => {
    expect(await request("cell.needs", { cellId: "query", cells: notebook })).toEqual({
      run: [{ id: "source", defines: ["rates"] }],
      missing: [],
    });
  });

  it("reads the checkpoint's last committed batch; a protected checkpoint is not deleted", async () => {
    expect(await request("checkpoint.read", { path: checkpoint })).toEqual({});
    await run(notebook[1]);
    expect(await run(notebook[3])).toMatchObject({ status: "ok" });
    const started = events.find((e) => e.type === "query.started");
    expect(started).toMatchObject({ query: { checkpointLocation: checkpoint, sink: "MemorySink" } });
    const progress = await request("checkpoint.read", { path: checkpoint });
    expect(progress.committedBatchId).toBeGreaterThanOrEqual(0);
    expect(progress.plannedBatchId).toBe(progress.committedBatchId);

    expect(await run(notebook[0], [checkpoint])).toMatchObject({ status: "error" });
    expect(outputsOf("reset").at(-1)).toMatchObject({
      kind: "error",
      error: {
        message: expect.stringContaining(`Restart continues the query from its checkpoint ${checkpoint}`),
      },
    });
    expect(await request("checkpoint.read", { path: checkpoint })).toEqual(progress);
    // The same cell, run by hand, starts over.
    expect(await run(notebook[0])).toMatchObject({ status: "ok" });
    expect(await request("checkpoint.read", { path: checkpoint })).toEqual({});
  });

  it("needs nothing for names this kernel has", async () => {
    expect(await request("cell.needs", { cellId: "query", cells: notebook })).toEqual({
      run: [],
      missing: [],
    });
  });
});
