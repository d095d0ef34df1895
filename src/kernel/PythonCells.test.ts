import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ManualClock, SparkSession } from "../engine/index";
import { testKernel } from "./testing";

/** Python cells in the notebook's kernel (on Node's platform), beside TypeScript and SQL cells. */
describe("Python cells in the kernel", () => {
  const root = mkdtempSync(join(tmpdir(), "sluice-pykernel-"));
  const { events, request, outputsOf } = testKernel(root);
  const python = (cellId: string, code: string) => request("run", { cellId, code, language: "python" });

  beforeAll(async () => {
    await request("init", {});
    // The rate source counts seconds on the session's clock: a stopped clock keeps its rows from depending on how
    // long the machine takes between the query's start and its first trigger.
    const session = SparkSession.getActiveSession();
    if (session) session.clock = new ManualClock(Date.UTC(2024, 0, 1));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("load Python on the first Python cell, reporting progress, and show printed text and the value", async () => {
    expect(events.some((e) => e.type === "python.loading")).toBe(false);
    expect(await python("p1", 'print("from python")\nspark.range(3).count()')).toEqual({
      status: "ok",
      executionCount: 1,
    });
    const loading = events.filter((e) => e.type === "python.loading");
    expect(loading.at(-1)).toEqual({ type: "python.loading", stage: "Python ready", fraction: 1 });
    expect(outputsOf("p1")).toEqual([
      { kind: "stream", name: "stdout", text: "from python\n" },
      { kind: "value", text: "3" },
    ]);
  });

  it("see what TypeScript cells made in the same session", async () => {
    await request("run", {
      cellId: "ts",
      code: 'spark.createDataFrame([{ n: 1 }, { n: 2 }], "n INT").createOrReplaceTempView("numbers")',
      language: "typescript",
    });
    await python("p2", 'spark.sql("SELECT sum(n) AS total FROM numbers").collect()[0].total');
    expect(outputsOf("p2")).toEqual([{ kind: "value", text: "3" }]);
  });

  it("display() a batch DataFrame as a table, a streaming one as a live query with processingTime", async () => {
    await python("p3", 'display(spark.sql("SELECT n FROM numbers ORDER BY n"))');
    const [table] = outputsOf("p3");
    expect(table.kind).toBe("table");
    if (table.kind === "table") expect(table.page.rows).toEqual([{ n: 1 }, { n: 2 }]);

    const result = await python(
      "p4",
      `display(spark.readStream.format("rate").option("rowsPerSecond", 5).load(),
        processingTime="1 second", checkpointLocation="/checkpoints/display_rate")`,
    );
    expect(result.status).toBe("ok");
    const started = events.find((e) => e.type === "query.started");
    expect(started?.type === "query.started" && started.query.cellId).toBe("p4");
    // The first trigger runs at once; the clock stands still, so it is the only one.
    await vi.waitFor(() => expect(events.some((e) => e.type === "query.progress")).toBe(true));
    await python(
      "p4b",
      `q = spark.streams.active[0]
(q.isActive, q.lastProgress["sources"][0]["description"].startswith("RateStreamV2"))`,
    );
    expect(outputsOf("p4b")).toContainEqual({ kind: "value", text: "(True, True)" });
    await python("p5", "for q in spark.streams.active:\n    q.stop()\nlen(spark.streams.active)");
    expect(outputsOf("p5")).toEqual([{ kind: "value", text: "0" }]);
  });

  it("export the notebook for Spark, TypeScript DataFrames written from the plans they ran", async () => {
    const ts =
      'const adults = spark.table("numbers").filter(col("n").gt(1)).withColumn("twice", col("n").multiply(2));';
    await request("run", { cellId: "ts2", code: ts, language: "typescript" });
    const cells = await request("export.spark", {
      name: "Mixed",
      cells: [
        {
          id: "ts",
          type: "code",
          source: 'spark.createDataFrame([{ n: 1 }, { n: 2 }], "n INT").createOrReplaceTempView("numbers")',
        },
        { id: "ts2", type: "code", source: ts },
        { id: "p1", type: "python", source: 'print("from python")' },
      ],
    });
    const byId = Object.fromEntries(cells.map((c) => [c.id, c.source]));
    expect(byId.ts2).toBe(
      'adults = spark.table("numbers").filter(col("n") > 1).withColumn("twice", col("n") * 2)',
    );
    expect(byId.p1).toBe('print("from python")');
  });

  it("use the kernel's dbutils, as TypeScript cells do: changes reach the file browser", async () => {
    await python("p7", 'dbutils.fs.put("/notes/from-python.txt", "hello")');
    expect(events).toContainEqual({ type: "fs.changed", path: "/notes/from-python.txt" });
    await request("run", {
      cellId: "ts3",
      code: 'await dbutils.fs.head("/notes/from-python.txt")',
      language: "typescript",
    });
    expect(outputsOf("ts3")).toEqual([{ kind: "value", text: "hello" }]);
  });

  it("mark an error with the Python exception's class and the cell line", async () => {
    expect(await python("p6", 'x = 1\nspark.table("numbers").select("m")')).toMatchObject({
      status: "error",
    });
    const [error] = outputsOf("p6");
    expect(error.kind).toBe("error");
    if (error.kind === "error") {
      expect(error.error.name).toBe("AnalysisException");
      expect(error.error.message).toMatch(/^\[UNRESOLVED_COLUMN\.WITH_SUGGESTION\].*`m`/);
      expect(error.error.line).toBe(2);
    }
  });

  it("tell which Python cells above define what a cell uses (Python's own parser)", async () => {
    const cells = [
      { id: "reset", type: "python" as const, source: 'dbutils.fs.rm("/checkpoints/x", True)' },
      { id: "ts", type: "code" as const, source: "const events = 1" },
      {
        id: "def",
        type: "python" as const,
        source: "import json\nevents = spark.range(3)\ndef f(a):\n    return a + hidden",
      },
      {
        id: "use",
        type: "python" as const,
        source: "q = [f(x) for x in range(2)]\nevents.count() + json.loads('1') + nowhere",
      },
    ];
    expect(await request("cell.needs", { cellId: "use", cells })).toEqual({
      run: [{ id: "def", defines: ["events", "f", "json"] }],
      missing: ["hidden", "nowhere"],
    });
  });
});
