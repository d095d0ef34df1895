import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventFilePath } from "../datasets/events";
import * as engine from "../engine/index";
import { writeEventFiles } from "../engine/testing/eventFiles";
import { finalizeCountsBySource } from "../engine/testing/expected";
import { CellRunner } from "../kernel/CellRunner";
import { describeError } from "../kernel/Kernel";
import type { OutputItem } from "../kernel/protocol";
import { TableStore } from "../kernel/TableStore";
import { seedLesson, seedLessonPySpark } from "../notebook/examples/lessons";
import type { Notebook } from "../notebook/model/notebook";
import { type SparkCell, toSparkIpynb } from "../notebook/model/sparkIpynb";
import { sessionHost } from "../pyspark/notebookHost";
import { newPythonSession, type PythonTestSession } from "../pyspark/testing";
import { type SourceCell, sparkCells } from "./sparkCells";

const FILES = [0, 1, 2].map((i) => eventFilePath("/data/events", i));

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
  await writeEventFiles(t.spark, "/data/events", 3, 400);
});
afterAll(() => t.cleanup());

/** Runs a notebook's cells as the kernel does (TypeScript, SQL and Python), as Run all would. */
async function runAll(
  notebook: Notebook,
): Promise<{ runner: CellRunner; outputs: Map<string, OutputItem[]> }> {
  const outputs = new Map<string, OutputItem[]>();
  const host = sessionHost(t.spark);
  const builtins = {
    ...engine.functions,
    ...engine,
    F: engine.functions,
    spark: t.spark,
    sleep: (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
    ...host,
  };
  const runner = new CellRunner(
    builtins,
    {},
    t.spark as never,
    new TableStore(),
    (cellId, item) => outputs.set(cellId, [...(outputs.get(cellId) ?? []), item]),
    () => {},
    describeError,
  );
  for (const cell of notebook.cells) {
    if (cell.type === "markdown") continue;
    const language = cell.type === "code" ? "typescript" : cell.type;
    const result = await runner.run(cell.id, cell.source, language);
    const error = outputs.get(cell.id)?.find((o) => o.kind === "error");
    expect([cell.source.slice(0, 40), result.status, error]).toEqual([
      cell.source.slice(0, 40),
      "ok",
      undefined,
    ]);
  }
  return { runner, outputs };
}

function sources(notebook: Notebook): SourceCell[] {
  return notebook.cells.map((c) => ({ id: c.id, type: c.type, source: c.source }));
}

/** Every code cell of the exported notebook, through Python's own parser. */
async function parseErrors(cells: SparkCell[]): Promise<string[]> {
  const code = cells.filter((c) => c.type === "python").map((c) => c.source);
  const result = await t.py.run(`
import ast, json
errors = []
for source in json.loads(${JSON.stringify(JSON.stringify(code))}):
    try:
        ast.parse(source)
    except SyntaxError as e:
        errors.append(f"{e}: {source}")
errors`);
  return result.value as string[];
}

/** Code lines (not comments) that import something only Sluice's Python has. */
function sluiceImports(cells: SparkCell[]): string[] {
  return cells
    .filter((c) => c.type === "python")
    .flatMap((c) => c.source.split("\n"))
    .filter((line) => /^\s*(from|import)\s+(sluice|js|pyodide|micropip)\b/.test(line));
}

describe("export to Spark", () => {
  it("translates the TypeScript lesson: DataFrames from their plans, paths as parameters, valid Python", async () => {
    const lesson = seedLesson();
    const { runner } = await runAll(lesson);
    const cells = sparkCells(lesson.name, sources(lesson), (id) => runner.cellValues.get(id));
    const ipynb = JSON.parse(JSON.stringify(toSparkIpynb(lesson.name, cells)));
    expect(ipynb.metadata.kernelspec.language).toBe("python");
    expect(await parseErrors(cells)).toEqual([]);
    expect(sluiceImports(cells)).toEqual([]);

    const code = cells.map((c) => c.source).join("\n\n");
    expect(code).toContain('DATA_EVENTS = f"{BASE_PATH}/data/events"');
    expect(code).toContain(
      'CHECKPOINTS_PURCHASES_BY_SOURCE = f"{BASE_PATH}/checkpoints/purchases_by_source"',
    );
    expect(code).toContain("from pyspark.sql.functions import col\n");
    // The DataFrames, written from the plans the engine ran.
    expect(code).toContain(
      'events = (spark.readStream\n    .schema("user_id STRING, event_timestamp BIGINT, event_name STRING, traffic_source STRING, device STRING',
    );
    expect(code).toContain('.option("maxFilesPerTrigger", 1)\n    .parquet(DATA_EVENTS))');
    expect(code).toContain(
      'purchasesBySource = events.filter(col("event_name") == "finalize").groupBy("traffic_source").count()',
    );
    // The rest, statement by statement.
    expect(code).toContain(
      '.trigger(processingTime="2 seconds")\n    .option("checkpointLocation", CHECKPOINTS_PURCHASES_BY_SOURCE)',
    );
    expect(code).toContain("time.sleep(3)\nquery.status");
    expect(code).toContain(
      '"triggerMs": p["durationMs"]["triggerExecution"]} for p in query.recentProgress]',
    );
    expect(code).toContain(
      'display(spark.sql("""SELECT traffic_source, count FROM purchases_by_source ORDER BY count DESC"""))',
    );
    // The teaching data is Sluice's: that statement stays TypeScript, in a comment, marked.
    expect(code).toMatch(/# Sluice: not translated \(.*teaching data.*\)\. The TypeScript was:\n# if \(/);
  });

  it("runs as PySpark: the exported code, run by Sluice's own pyspark, gives the lesson's counts", async () => {
    const lesson = seedLesson();
    const { runner } = await runAll(lesson);
    const cells = sparkCells(lesson.name, sources(lesson), (id) => runner.cellValues.get(id));
    const code = cells.filter((c) => c.type === "python").map((c) => c.source);
    // The paths as they are here, a fresh checkpoint (the TypeScript run used the lesson's).
    const [parameters, setup, ...rest] = code;
    await t.py.run(parameters.replace('BASE_PATH = "/tmp/sluice"', 'BASE_PATH = ""'));
    await t.py.run('CHECKPOINTS_PURCHASES_BY_SOURCE = "/checkpoints/exported_lesson"');
    await t.py.run(setup);
    for (const cell of rest) await t.py.run(cell);
    const result = await t.py.run(
      '{r.traffic_source: r["count"] for r in spark.sql("SELECT * FROM purchases_by_source").collect()}',
    );
    expect(result.value).toEqual(await finalizeCountsBySource(t.spark.fs, FILES));
  });

  it("exports the bundled PySpark lesson as it is, minus the cell that writes Sluice's teaching data", async () => {
    const lesson = seedLessonPySpark();
    const cells = sparkCells(lesson.name, sources(lesson), () => undefined);
    expect(await parseErrors(cells)).toEqual([]);
    expect(sluiceImports(cells)).toEqual([]);
    const code = cells.map((c) => c.source).join("\n\n");
    expect(code).toContain("events_path = DATA_EVENTS\ncheckpoint_path = CHECKPOINTS_PURCHASES_BY_SOURCE_PY");
    expect(code).toContain("# Sluice-only cell: it uses Sluice's own helpers");
    expect(code).toContain("# from sluice import datasets");
    // Python cells are kept as they are.
    const original = lesson.cells.find((c) => c.source.startsWith("purchases_by_source ="))!.source;
    expect(cells.some((c) => c.source === original)).toBe(true);
  });
});

describe("the bundled PySpark lesson", () => {
  it("runs top to bottom in Sluice, as Run all does", async () => {
    const lesson = seedLessonPySpark();
    const { outputs } = await runAll(lesson);
    const stopped = lesson.cells.at(-2)!;
    expect(outputs.get(stopped.id)).toContainEqual({ kind: "value", text: "False" });
    const result = await t.py.run(
      '{r.traffic_source: r["count"] for r in spark.sql("SELECT * FROM purchases_by_source_py").collect()}',
    );
    expect(result.value).toEqual(await finalizeCountsBySource(t.spark.fs, FILES));
  });
});
