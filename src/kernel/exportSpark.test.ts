import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENTS_SCHEMA_DDL, eventFilePath } from "../datasets/events";
import type { FileSystem } from "../engine/index";
import { currentPlatform } from "../engine/internal";
import { finalizeCountsBySource } from "../engine/testing/expected";
import type { Language, OutputItem, SparkCell } from "./protocol";
import { type Lesson, readLesson, testKernel } from "./testing";

/**
 * Export to Spark through the kernel's protocol, as the notebook does it: the bundled lessons run cell by cell
 * (`run`), then the notebook is exported (`export.spark`) and the PySpark that comes out is parsed and run.
 */
const root = mkdtempSync(join(tmpdir(), "sluice-export-"));
const { events, request } = testKernel(root);
const FILES = [0, 1, 2].map((i) => eventFilePath("/data/events", i));
/** The kernel's files, read directly for the expected answers. */
let files: FileSystem;

beforeAll(async () => {
  await request("init", {});
  await request("data.generate", { dir: "/data/events", files: 3, rowsPerFile: 400, seed: 42 });
  files = await (await currentPlatform()).createFileSystem(root);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs one cell; it must succeed. Resolves to the cell's outputs of this run. */
async function run(cellId: string, code: string, language: Language): Promise<OutputItem[]> {
  const from = events.length;
  const result = await request("run", { cellId, code, language });
  const outputs = events
    .slice(from)
    .flatMap((e) => (e.type === "output" && e.cellId === cellId ? [e.item] : []));
  const error = outputs.find((o) => o.kind === "error");
  expect([code.slice(0, 40), result.status, error]).toEqual([code.slice(0, 40), "ok", undefined]);
  return outputs;
}

/** Runs a lesson's cells in order (TypeScript, SQL and Python), as Run all would. */
async function runAll(lesson: Lesson): Promise<Map<string, OutputItem[]>> {
  const outputs = new Map<string, OutputItem[]>();
  for (const cell of lesson.cells) {
    if (cell.type === "markdown") continue;
    const language = cell.type === "code" ? "typescript" : cell.type;
    outputs.set(cell.id, await run(cell.id, cell.source, language));
  }
  return outputs;
}

let pythonCells = 0;

/** Runs Python that prints one JSON value, and resolves to that value. */
async function pythonJson(code: string): Promise<unknown> {
  pythonCells += 1;
  const outputs = await run(`python-${pythonCells}`, code, "python");
  return JSON.parse(outputs.map((o) => (o.kind === "stream" && o.name === "stdout" ? o.text : "")).join(""));
}

async function python(code: string): Promise<void> {
  pythonCells += 1;
  await run(`python-${pythonCells}`, code, "python");
}

/** Every code cell of the exported notebook, through Python's own parser. */
function parseErrors(cells: SparkCell[]): Promise<unknown> {
  const code = cells.filter((c) => c.type === "python").map((c) => c.source);
  return pythonJson(`
import ast, json
errors = []
for source in json.loads(${JSON.stringify(JSON.stringify(code))}):
    try:
        ast.parse(source)
    except SyntaxError as e:
        errors.append(f"{e}: {source}")
print(json.dumps(errors))`);
}

/** Code lines (not comments) that import something only Sluice's Python has. */
function sluiceImports(cells: SparkCell[]): string[] {
  return cells
    .filter((c) => c.type === "python")
    .flatMap((c) => c.source.split("\n"))
    .filter((line) => /^\s*(from|import)\s+(sluice|js|pyodide|micropip)\b/.test(line));
}

describe("export to Spark", () => {
  let beforeRunning: SparkCell[] = [];

  it("translates the lesson as written before any cell ran, and the PySpark it makes runs", async () => {
    const lesson = readLesson("seed-lesson.ipynb");
    const cells = await request("export.spark", lesson);
    beforeRunning = cells;
    expect(await parseErrors(cells)).toEqual([]);
    const code = cells.map((c) => c.source).join("\n\n");
    // The teaching data's schema is Sluice's constant, written out: the stream is defined on a cluster too.
    expect(code).toContain(`.schema(${JSON.stringify(EVENTS_SCHEMA_DDL)})`);
    // Only the statement that writes Sluice's teaching data is left out, and the cell says why.
    const notes = cells.flatMap((c) => (c.untranslated ?? []).map((reason) => [c.id, reason]));
    expect(notes).toEqual([[lesson.cells[1].id, expect.stringContaining("teaching data")]]);
    // Run as PySpark (by Sluice's own pyspark), on a fresh checkpoint: the lesson's counts.
    const [parameters, setup, ...rest] = cells.filter((c) => c.type === "python").map((c) => c.source);
    await python(parameters.replace('BASE_PATH = "/tmp/sluice"', 'BASE_PATH = ""'));
    await python('CHECKPOINTS_PURCHASES_BY_SOURCE = "/checkpoints/exported_before_running"');
    await python(setup);
    for (const cell of rest) await python(cell);
    const counts = await pythonJson(
      'import json\nprint(json.dumps({r.traffic_source: r["count"] for r in spark.sql("SELECT * FROM purchases_by_source").collect()}))',
    );
    expect(counts).toEqual(await finalizeCountsBySource(files, FILES));
  });

  it("translates the TypeScript lesson: the same after a run, paths as parameters, valid Python", async () => {
    const lesson = readLesson("seed-lesson.ipynb");
    await runAll(lesson);
    const cells = await request("export.spark", lesson);
    expect(cells).toEqual(beforeRunning);
    expect(await parseErrors(cells)).toEqual([]);
    expect(sluiceImports(cells)).toEqual([]);

    const code = cells.map((c) => c.source).join("\n\n");
    expect(code).toContain('DATA_EVENTS = f"{BASE_PATH}/data/events"');
    expect(code).toContain(
      'CHECKPOINTS_PURCHASES_BY_SOURCE = f"{BASE_PATH}/checkpoints/purchases_by_source"',
    );
    expect(code).toContain("from pyspark.sql.functions import col\n");
    // The DataFrames, as written.
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
    const lesson = readLesson("seed-lesson.ipynb");
    await runAll(lesson);
    const cells = await request("export.spark", lesson);
    const code = cells.filter((c) => c.type === "python").map((c) => c.source);
    // The paths as they are here, a fresh checkpoint (the TypeScript run used the lesson's).
    const [parameters, setup, ...rest] = code;
    await python(parameters.replace('BASE_PATH = "/tmp/sluice"', 'BASE_PATH = ""'));
    await python('CHECKPOINTS_PURCHASES_BY_SOURCE = "/checkpoints/exported_lesson"');
    await python(setup);
    for (const cell of rest) await python(cell);
    const counts = await pythonJson(
      'import json\nprint(json.dumps({r.traffic_source: r["count"] for r in spark.sql("SELECT * FROM purchases_by_source").collect()}))',
    );
    expect(counts).toEqual(await finalizeCountsBySource(files, FILES));
  });

  it("exports the bundled PySpark lesson as it is, minus the cell that writes Sluice's teaching data", async () => {
    const lesson = readLesson("seed-lesson-pyspark.ipynb");
    const cells = await request("export.spark", lesson);
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

describe("a DataFrame whose code has no PySpark equivalent", () => {
  const cell = {
    id: "spread",
    type: "code" as const,
    source:
      'const names = ["event_name"];\nconst picked = spark.read.parquet("/data/events").select(...names.map((n) => col(n)));',
  };

  it("is written from the plan Sluice ran, where the cell ran with this very source", async () => {
    const [before] = (await request("export.spark", { name: "Spread", cells: [cell] })).slice(3);
    expect(before.untranslated).toEqual([expect.stringContaining("spread")]);
    await run(cell.id, cell.source, "typescript");
    const [after] = (await request("export.spark", { name: "Spread", cells: [cell] })).slice(3);
    expect(after.untranslated).toBeUndefined();
    expect(after.source).toContain('picked = spark.read.parquet(DATA_EVENTS).select("event_name")');
    // Edited since it ran: the plan is no longer what the cell says, so it is not used.
    const edited = { ...cell, source: `${cell.source}\n// edited` };
    const [stale] = (await request("export.spark", { name: "Spread", cells: [edited] })).slice(3);
    expect(stale.untranslated).toEqual(before.untranslated);
  });
});

describe("the bundled PySpark lesson", () => {
  it("runs top to bottom in Sluice, as Run all does", async () => {
    const lesson = readLesson("seed-lesson-pyspark.ipynb");
    const outputs = await runAll(lesson);
    const stopped = lesson.cells.at(-2)!;
    expect(outputs.get(stopped.id)).toContainEqual({ kind: "value", text: "False" });
    const counts = await pythonJson(
      'import json\nprint(json.dumps({r.traffic_source: r["count"] for r in spark.sql("SELECT * FROM purchases_by_source_py").collect()}))',
    );
    expect(counts).toEqual(await finalizeCountsBySource(files, FILES));
  });
});

describe("cube, rollup and grouping sets", () => {
  /** A TypeScript cell's DataFrame rows, as JSON values, in a stable order. */
  async function typescriptRows(name: string): Promise<unknown[]> {
    const outputs = await run(
      `rows-${name}`,
      `console.log(JSON.stringify((await ${name}.collect()).map((r) => ({ ...r })), (_, v) => (typeof v === "bigint" ? Number(v) : v)))`,
      "typescript",
    );
    const text = outputs.map((o) => (o.kind === "stream" && o.name === "stdout" ? o.text : "")).join("");
    return sorted(JSON.parse(text) as unknown[]);
  }
  const sorted = (rows: unknown[]) =>
    rows
      .map((r) => JSON.stringify(r))
      .sort()
      .map((r) => JSON.parse(r) as unknown);

  /**
   * Exports one TypeScript cell defining `name` through its plan (the spread has no PySpark equivalent), runs the
   * PySpark that comes out, and resolves to its code and its rows (Python's collect()).
   */
  async function exported(name: string, source: string): Promise<{ code: string; rows: unknown[] }> {
    const cell = { id: `cell-${name}`, type: "code" as const, source };
    await run(cell.id, cell.source, "typescript");
    const cells = await request("export.spark", { name: "Grouping sets", cells: [cell] });
    expect(await parseErrors(cells)).toEqual([]);
    const [parameters, setup, translated] = cells.filter((c) => c.type === "python");
    const body = cells.at(-1)!;
    expect(body.untranslated).toBeUndefined();
    await python(parameters.source.replace('BASE_PATH = "/tmp/sluice"', 'BASE_PATH = ""'));
    await python(setup.source);
    await python(translated.source);
    const rows = (await pythonJson(
      `import json\nprint(json.dumps([r.asDict() for r in ${name}.collect()]))`,
    )) as unknown[];
    // The chain as one line (the export lays long chains out one call a line).
    return { code: translated.source.replace(/\s*\n\s*/g, ""), rows: sorted(rows) };
  }

  it("exports cube(...).agg(grouping(...), grouping_id(), ...) as cube, with the same rows on Spark", async () => {
    const { code, rows } = await exported(
      "cubed",
      'const keys = ["traffic_source", "device"];\nconst cubed = spark.read.parquet("/data/events").cube(...keys.map((k) => col(k))).agg(grouping("device"), grouping_id(), count("*").alias("n"));',
    );
    expect(code).toContain(
      'spark.read.parquet(DATA_EVENTS).cube("traffic_source", "device").agg(grouping(col("device")), grouping_id(), count("*").alias("n"))',
    );
    expect(rows).toEqual(await typescriptRows("cubed"));
    // Spark's cube of two columns: the four grouping sets, each with its id.
    expect(new Set(rows.map((r) => (r as { "grouping_id()": number })["grouping_id()"]))).toEqual(
      new Set([0, 1, 2, 3]),
    );
  });

  it("exports rollup(...).count() as rollup", async () => {
    const { code, rows } = await exported(
      "rolled",
      'const keys = ["traffic_source", "device"];\nconst rolled = spark.read.parquet("/data/events").rollup(...keys).count();',
    );
    expect(code).toContain('spark.read.parquet(DATA_EVENTS).rollup("traffic_source", "device").count()');
    expect(rows).toEqual(await typescriptRows("rolled"));
    // The grand total: every row of the three files.
    expect(rows).toContainEqual({ traffic_source: null, device: null, count: 1200 });
  });

  it("exports groupingSets([...], ...) as Spark 4's DataFrame.groupingSets", async () => {
    const { code, rows } = await exported(
      "sets",
      'const keys = ["traffic_source", "device"];\nconst sets = spark.read.parquet("/data/events").groupingSets([["traffic_source"], ["device"]], ...keys).agg(max("event_timestamp").alias("latest"), grouping_id("traffic_source", "device"));',
    );
    expect(code).toContain(
      'spark.read.parquet(DATA_EVENTS).groupingSets([["traffic_source"], ["device"]], "traffic_source", "device").agg(max(col("event_timestamp")).alias("latest"), grouping_id().alias("grouping_id(traffic_source, device)"))',
    );
    expect(rows).toEqual(await typescriptRows("sets"));
  });

  it("exports SQL's GROUP BY CUBE / ROLLUP / GROUPING SETS with grouping() and grouping_id()", async () => {
    await run(
      "view",
      'spark.read.parquet("/data/events").createOrReplaceTempView("events_for_export")',
      "typescript",
    );
    const forms = [
      ["CUBE(traffic_source, device)", ".cube("],
      ["ROLLUP(traffic_source, device)", ".rollup("],
      [
        "GROUPING SETS ((traffic_source), (device), ())",
        '.groupingSets([["traffic_source"], ["device"], []], "traffic_source", "device")',
      ],
    ] as const;
    for (const [i, [groupBy, method]] of forms.entries()) {
      const name = `bySql${i}`;
      const { code, rows } = await exported(
        name,
        `const lines = ["SELECT traffic_source, device, grouping(traffic_source) AS g, grouping_id() AS gid, count(*) AS n", "FROM events_for_export GROUP BY ${groupBy}"];\nconst ${name} = spark.sql([...lines].join(" "));`,
      );
      expect(code).toContain(method);
      expect(code).toContain(
        '.agg(grouping(col("traffic_source")).alias("g"), grouping_id().alias("gid"), count("*").alias("n"))',
      );
      expect(rows).toEqual(await typescriptRows(name));
    }
  });
});
