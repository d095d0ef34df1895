import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutputItem, SparkCell } from "./protocol";
import { readLesson, testKernel } from "./testing";

/**
 * The bundled socket and Kafka lessons, run through the kernel as Run all runs them, and exported to Spark.
 * Their code is the programming guide's and the Kafka integration guide's, unchanged.
 */
const root = mkdtempSync(join(tmpdir(), "sluice-kafka-lessons-"));
const { request, outputsOf, run, runAll } = testKernel(root);

beforeAll(async () => {
  await request("init", {});
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const printed = (items: readonly OutputItem[]) =>
  items.map((o) => (o.kind === "stream" ? o.text : "")).join("");

/** The console sink's last table, as `word → count`. */
function lastConsoleCounts(text: string): Record<string, number> {
  const last = text.split(/^-+\nBatch: \d+\n-+\n/m).at(-1) ?? "";
  const counts: Record<string, number> = {};
  for (const m of last.matchAll(/^\|\s*(\S+)\s*\|\s*(\d+)\s*\|$/gm))
    if (m[1] !== "word") counts[m[1]] = Number(m[2]);
  return counts;
}

/** The guide's word count, computed on the lines the lesson sends. */
function wordCounts(lines: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const word of lines.flatMap((l) => l.split(" "))) counts[word] = (counts[word] ?? 0) + 1;
  return counts;
}

const LESSON_LINES = ["apache spark", "apache hadoop", "spark streaming in the browser", "hello spark"];

describe("the socket word count lessons", () => {
  it("TypeScript: counts the words sent to nc -lk 9999, printed by the console sink", async () => {
    const lesson = readLesson("socket-word-count.ipynb");
    const outputs = await runAll(lesson);
    const queryCell = lesson.cells.find((c) => c.source.includes('.format("console")'))!;
    // The console sink prints each batch into the cell that started the query, after the cell has run.
    expect(lastConsoleCounts(printed(outputsOf(queryCell.id)))).toEqual(wordCounts(LESSON_LINES));
    expect(outputs.get(lesson.cells.at(-1)!.id)).toContainEqual({ kind: "value", text: "false" });
  });

  it("PySpark: the guide's Python, unchanged, gives the same counts", async () => {
    const lesson = readLesson("socket-word-count-pyspark.ipynb");
    const outputs = await runAll(lesson);
    const queryCell = lesson.cells.find((c) => c.source.includes('.format("console")'))!;
    // The console sink prints each batch into the cell that started the query, after the cell has run.
    expect(lastConsoleCounts(printed(outputsOf(queryCell.id)))).toEqual(wordCounts(LESSON_LINES));
    expect(outputs.get(lesson.cells.at(-1)!.id)).toContainEqual({ kind: "value", text: "False" });
  });
});

const TEN_MINUTES = 600_000;
const FIVE_MINUTES = 300_000;

describe("the Kafka JSON lessons", () => {
  it("TypeScript: the last count written per window and event name is the count of the events produced", async () => {
    const lesson = readLesson("kafka-json-events.ipynb");
    await runAll(lesson);
    // Both topics' records, as a consumer sees them.
    const [dump] = (
      await run(
        "dump",
        `const consumer = new KafkaConsumer(spark, { "auto.offset.reset": "earliest" });
const parts = (topic: string) => Array.from({ length: 3 }, (_, partition) => ({ topic, partition }));
consumer.assign([...parts("events"), { topic: "event_counts", partition: 0 }]);
const text = (b: Uint8Array | null) => (b ? new TextDecoder().decode(b) : null);
JSON.stringify((await consumer.poll(1_000_000)).map((r) => ({ topic: r.topic, partition: r.partition, offset: r.offset, key: text(r.key), value: text(r.value) })))`,
        "typescript",
      )
    ).filter((o) => o.kind === "value");
    const records: { topic: string; partition: number; offset: number; key: string; value: string }[] =
      JSON.parse(dump.kind === "value" ? dump.text : "null");
    const produced = records.filter((r) => r.topic === "events").map((r) => JSON.parse(r.value));
    expect(produced.length).toBeGreaterThan(0);
    // Sliding windows of 10 minutes every 5: each event counts in the two windows that hold its time. Events
    // are at most 2 minutes late, within the 10-minute watermark: none is dropped.
    const expected = new Map<string, number>();
    for (const e of produced) {
      const t = Date.parse(e.event_time);
      for (const start of [
        Math.floor(t / FIVE_MINUTES) * FIVE_MINUTES - FIVE_MINUTES,
        Math.floor(t / FIVE_MINUTES) * FIVE_MINUTES,
      ]) {
        const key = `${start}/${start + TEN_MINUTES}/${e.event_name}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
    }
    // Update mode: a window's count is written again each time it changes; the last one written is final.
    const written = new Map<string, number>();
    for (const r of records.filter((r) => r.topic === "event_counts").sort((a, b) => a.offset - b.offset)) {
      const v = JSON.parse(r.value);
      expect(r.key).toBe(v.event_name);
      written.set(`${Date.parse(v.window.start)}/${Date.parse(v.window.end)}/${v.event_name}`, v.count);
    }
    expect(Object.fromEntries(written)).toEqual(Object.fromEntries(expected));
  });

  it("PySpark: the same pipeline in the guide's Python runs top to bottom", async () => {
    const lesson = readLesson("kafka-json-events-pyspark.ipynb");
    const outputs = await runAll(lesson);
    const shown = lesson.cells.find((c) => c.source.includes(".show(truncate=False)"))!;
    expect(printed(outputs.get(shown.id)!)).toMatch(/\|partition\|offset\|/);
    expect(printed(outputs.get(shown.id)!)).toContain('{"window":{"start":');
    expect(outputs.get(lesson.cells.at(-1)!.id)).toContainEqual({ kind: "value", text: "False" });
  });
});

/** Every code cell of an exported notebook, through Python's own parser. */
async function parseErrors(cells: SparkCell[]): Promise<string[]> {
  const code = cells.filter((c) => c.type === "python").map((c) => c.source);
  const outputs = await run(
    `parse-${Math.random()}`,
    `import ast, json
errors = []
for source in json.loads(${JSON.stringify(JSON.stringify(code))}):
    try:
        ast.parse(source)
    except SyntaxError as e:
        errors.append(f"{e}: {source}")
print(json.dumps(errors))`,
    "python",
  );
  return JSON.parse(printed(outputs));
}

describe("export of a Kafka notebook", () => {
  it("keeps the Kafka code as it is, the bootstrap servers a parameter at the top", async () => {
    const lesson = readLesson("kafka-json-events.ipynb");
    const cells = await request("export.spark", lesson);
    expect(await parseErrors(cells)).toEqual([]);
    const [, parameters] = cells;
    expect(parameters.source).toContain('KAFKA_BOOTSTRAP_SERVERS = "localhost:9092"');
    expect(parameters.source).toContain('CHECKPOINTS_EVENT_COUNTS = f"{BASE_PATH}/checkpoints/event_counts"');
    const code = cells.map((c) => c.source).join("\n\n");
    expect(code).toContain(
      '.format("kafka")\n    .option("kafka.bootstrap.servers", KAFKA_BOOTSTRAP_SERVERS)\n    .option("subscribe", "events")',
    );
    // Translated as written: the schema stays the variable the cell declares.
    expect(code).toMatch(/^schema = "user_id STRING[^"]*"$/m);
    expect(code).toContain('from_json(col("value").cast("string"), schema).alias("data")');
    expect(code).toContain('.withWatermark("event_time", "10 minutes")');
    expect(code).toContain('.option("topic", "event_counts")');
    expect(code).not.toContain('"localhost:9092")');
    // Producing into Sluice's in-browser cluster has no place on a cluster: left as TypeScript, marked.
    expect(code).toMatch(
      /# Sluice: not translated \(Sluice's in-browser Kafka.*\)\. The TypeScript was:\n# const admin/,
    );
    // So are the statements that use what it made.
    expect(code).toMatch(
      /# Sluice: not translated \(`producer` was not translated: .*\n# producer\.start\(\);/,
    );
    expect(code).not.toMatch(/^producer\./m);
    expect(cells[0].source).toContain("`KAFKA_BOOTSTRAP_SERVERS` in the next cell names your brokers");
  });

  it("keeps the PySpark lesson's cells as they are, but the servers, and leaves out the producing cells", async () => {
    const lesson = readLesson("kafka-json-events-pyspark.ipynb");
    const cells = await request("export.spark", lesson);
    expect(await parseErrors(cells)).toEqual([]);
    expect(cells[1].source).toContain('KAFKA_BOOTSTRAP_SERVERS = "localhost:9092"');
    const original = lesson.cells.find((c) => c.source.startsWith("df = spark"))!.source;
    expect(cells.map((c) => c.source)).toContain(
      original.replace(
        '"kafka.bootstrap.servers", "localhost:9092"',
        '"kafka.bootstrap.servers", KAFKA_BOOTSTRAP_SERVERS',
      ),
    );
    const sluiceOnly = cells.filter((c) => c.source.startsWith("# Sluice-only cell"));
    expect(sluiceOnly.map((c) => c.source.includes("# from sluice import kafka"))).toEqual([true, true]);
  });
});
