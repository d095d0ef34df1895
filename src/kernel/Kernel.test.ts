import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowKey } from "./QueryTracker";
import { testKernel } from "./testing";

/** The kernel as the worker runs it, on Node's platform (DuckDB-WASM's Node build, files in a directory). */
describe("kernel", () => {
  const root = mkdtempSync(join(tmpdir(), "sluice-kernel-"));
  const { events, request, outputsOf } = testKernel(root);

  beforeAll(async () => {
    await request("init", {});
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("starts with DuckDB and the engine", async () => {
    const info = await request("init", {});
    expect(info.duckdbVersion).toMatch(/^v1\./);
    expect(events.some((e) => e.type === "loading")).toBe(true);
  });

  it("runs cells in order with execution counts, printed text and a result", async () => {
    const first = request("run", {
      cellId: "a",
      code: 'console.log("hi");\nconst n: number = 20;\nn + 1',
      language: "typescript",
    });
    const second = request("run", { cellId: "b", code: "n * 2", language: "typescript" });
    expect(await first).toEqual({ status: "ok", executionCount: 1 });
    expect(await second).toEqual({ status: "ok", executionCount: 2 });
    expect(outputsOf("a")).toEqual([
      { kind: "stream", name: "stdout", text: "hi\n" },
      { kind: "value", text: "21" },
    ]);
    expect(outputsOf("b")).toEqual([{ kind: "value", text: "40" }]);
  });

  it("reports Spark's AnalysisException at the cell's line", async () => {
    const result = await request("run", {
      cellId: "c",
      code: 'const r = spark.readStream.format("rate").load();\nr.select("valu")',
      language: "typescript",
    });
    expect(result.status).toBe("error");
    const [error] = outputsOf("c");
    expect(error.kind === "error" && error.error).toMatchObject({ name: "AnalysisException", line: 2 });
  });

  it("shows SQL cells as tables that page through the kernel", async () => {
    const rows = "Array.from({ length: 120 }, (_, id) => ({ id }))";
    await request("run", {
      cellId: "v",
      code: `spark.createDataFrame(${rows}, "id INT").createOrReplaceTempView("nums")`,
      language: "typescript",
    });
    await request("run", { cellId: "d", code: "SELECT id FROM nums ORDER BY id", language: "sql" });
    const [table] = outputsOf("d");
    if (table.kind !== "table") throw new Error(`expected a table, got ${table.kind}`);
    expect(table.page.totalRows).toBe(120);
    expect(table.page.rows).toHaveLength(50);
    const page = await request("table.page", { tableId: table.tableId, offset: 100, limit: 50 });
    expect(page.rows.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
  });

  it("runs a TypeScript UDF registered in one cell from a SQL cell; its failure names the row", async () => {
    await request("run", {
      cellId: "u",
      code: 'spark.udf.register("shout", (s: string) => s.toUpperCase() + "!", "string");\nconst half = udf((n: number) => { if (n % 2) throw new Error("odd"); return n / 2; }, "int");',
      language: "typescript",
    });
    await request("run", {
      cellId: "us",
      code: "SELECT shout(name) AS s FROM VALUES ('hi'), ('yo') AS t(name)",
      language: "sql",
    });
    const [table] = outputsOf("us");
    if (table.kind !== "table") throw new Error(`expected a table, got ${table.kind}`);
    expect(table.page.rows.map((r) => r.s)).toEqual(["HI!", "YO!"]);
    const failed = await request("run", {
      cellId: "uf",
      code: 'await spark.range(3).select(half(col("id"))).collect()',
      language: "typescript",
    });
    expect(failed.status).toBe("error");
    const [error] = outputsOf("uf");
    if (error.kind !== "error") throw new Error(`expected an error, got ${error.kind}`);
    expect(error.error.message).toBe(
      "[FAILED_EXECUTE_UDF] User defined function (UDF: (bigint) => int) failed due to: odd. SQLSTATE: 39000\n" +
        "== User defined function input ==\nrow 2 of 3: id = 1",
    );
  });

  it("writes the events data set, lists and reads files", async () => {
    const paths = await request("data.generate", {
      dir: "/data/events",
      files: 3,
      rowsPerFile: 500,
      seed: 42,
    });
    expect(paths).toEqual([
      "/data/events/part-00000.parquet",
      "/data/events/part-00001.parquet",
      "/data/events/part-00002.parquet",
    ]);
    const more = await request("data.generate", {
      dir: "/data/events",
      files: 1,
      rowsPerFile: 500,
      seed: 42,
    });
    expect(more).toEqual(["/data/events/part-00003.parquet"]);
    const listing = await request("fs.list", { path: "/data/events" });
    expect(listing.map((f) => f.name)).toHaveLength(4);
    expect(listing.every((f) => f.size > 1000 && !f.isDirectory)).toBe(true);
    await request("fs.write", { path: "/notes/x.txt", data: new TextEncoder().encode("hello") });
    expect(new TextDecoder().decode(await request("fs.read", { path: "/notes/x.txt" }))).toBe("hello");
    await request("fs.delete", { path: "/notes" });
    expect(await request("fs.list", { path: "/notes" })).toEqual([]);
    expect(events.some((e) => e.type === "fs.changed")).toBe(true);
  });

  it("turns a streaming query into started, per-trigger and terminated events", async () => {
    const code = [
      "const q = await spark.readStream.schema(datasets.eventsSchema).option('maxFilesPerTrigger', 1).parquet('/data/events')",
      "  .filter(col('event_name').eq('finalize')).groupBy('traffic_source').count()",
      "  .writeStream.outputMode('complete').format('memory').queryName('by_source')",
      "  .option('checkpointLocation', '/checkpoints/by_source').start();",
      "await q.processAllAvailable();",
      "await q.stop();",
    ].join("\n");
    const run = await request("run", { cellId: "q", code, language: "typescript" });
    expect(run.status).toBe("ok");
    const started = events.find((e) => e.type === "query.started");
    if (started?.type !== "query.started") throw new Error("no query.started");
    expect(started.query).toMatchObject({ name: "by_source", cellId: "q" });
    expect(outputsOf("q")).toContainEqual({ kind: "query", queryId: started.query.id });
    // One message per trigger: its progress, the status, and the first pages of the input and result tables.
    const triggers = events.flatMap((e) => (e.type === "query.progress" ? [e] : []));
    expect(triggers.map((e) => e.progress.batchId)).toEqual([0, 1, 2, 3]);
    const last = triggers.at(-1)!;
    expect(last.status).toMatchObject({ isDataAvailable: expect.any(Boolean), message: expect.any(String) });
    expect(last.input?.rows.length).toBeGreaterThan(0);
    expect(last.input?.batchId).toBe(3);
    expect(last.result?.columns.map((c) => c.name)).toEqual(["traffic_source", "count"]);
    expect(last.result?.rows.length).toBe(6);
    // Marked as changed: the rows that were not in the result table, as they are, after the trigger before.
    const results = triggers.flatMap((e) => (e.result ? [e.result] : []));
    expect(results).toHaveLength(4);
    expect(results[0].changed.every(Boolean)).toBe(true);
    for (let i = 1; i < results.length; i++) {
      const before = new Set(results[i - 1].rows.map(rowKey));
      expect(results[i].changed).toEqual(results[i].rows.map((r) => !before.has(rowKey(r))));
    }
    await expect.poll(() => events.some((e) => e.type === "query.terminated" && !e.error)).toBe(true);
  });
});
