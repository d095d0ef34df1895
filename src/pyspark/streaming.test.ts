import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eventFilePath } from "../datasets/events";
import { ManualClock, SystemClock } from "../engine/index";
import { writeEventFiles } from "../engine/testing/eventFiles";
import { finalizeCountsBySource, readParquetRows } from "../engine/testing/expected";
import { newPythonSession, type PythonTestSession } from "./testing";

const FILES = [0, 1, 2].map((i) => eventFilePath("/data/events", i));

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
  await writeEventFiles(t.spark, "/data/events", 3, 400);
  await t.py.run(`
from pyspark.sql.functions import col
events_schema = "user_id STRING, event_timestamp BIGINT, event_name STRING, traffic_source STRING, device STRING"
def events():
    return (spark.readStream
        .schema(events_schema)
        .option("maxFilesPerTrigger", 1)
        .parquet("/data/events"))`);
});
afterAll(() => t.cleanup());

// The session's queries run on a manual clock: a cell that waits for triggers runs under fastForward, which moves
// the clock to each trigger as the query waits for it; a test that waits for a timeout moves it itself.
let clock: ManualClock;
beforeEach(() => {
  clock = new ManualClock(Date.UTC(2024, 0, 1));
  t.spark.clock = clock;
});

describe("the seed query, written in PySpark", () => {
  it("counts finalize events per traffic source into a memory table, a file per trigger", async () => {
    const result = await clock.fastForward(
      t.py.run(`
ratings = (events()
    .filter(col("event_name") == "finalize")
    .groupBy("traffic_source")
    .count())
query = (ratings.writeStream
    .outputMode("complete")
    .format("memory")
    .queryName("program_ratings")
    .trigger(processingTime="3 seconds")
    .option("checkpointLocation", "/checkpoints/program_ratings")
    .start())
query.processAllAvailable()
counts = {r.traffic_source: r["count"] for r in spark.sql("SELECT * FROM program_ratings").collect()}
progress = [(p["batchId"], p["numInputRows"]) for p in query.recentProgress if p["numInputRows"] > 0]
last = query.lastProgress
active = [q.name for q in spark.streams.active]
query.stop()
(counts, progress, last["sink"]["description"], sorted(last["durationMs"]), query.status["isTriggerActive"],
 active, query.isActive, query.name)`),
    );
    const [counts, progress, sink, durations, triggerActive, active, isActive, name] = result.value as [
      Record<string, number>,
      number[][],
      string,
      string[],
      boolean,
      string[],
      boolean,
      string,
    ];
    expect(counts).toEqual(await finalizeCountsBySource(t.spark.fs, FILES));
    expect(progress).toEqual([
      [0, 400],
      [1, 400],
      [2, 400],
    ]);
    expect(sink).toMatch(/MemorySink/);
    expect(durations).toContain("triggerExecution");
    expect([triggerActive, active, isActive, name]).toEqual([
      false,
      ["program_ratings"],
      false,
      "program_ratings",
    ]);
  });

  it("hands each micro-batch to a Python foreachBatch function, which may run batch actions", async () => {
    const result = await t.py.run(`
seen = []
def record(batch_df, batch_id):
    print("batch", batch_id)
    seen.append((batch_id, {r.traffic_source: r["count"] for r in batch_df.collect()}))
q = (events().filter(col("event_name") == "finalize").groupBy("traffic_source").count()
     .writeStream.outputMode("update").foreachBatch(record)
     .option("checkpointLocation", "/checkpoints/foreach")
     .trigger(availableNow=True)
     .start())
ended = q.awaitTermination(60)
(ended, q.isActive, seen)`);
    const [ended, isActive, seen] = result.value as [boolean, boolean, [number, Record<string, number>][]];
    expect([ended, isActive]).toEqual([true, false]);
    expect(seen.map(([id]) => id)).toEqual([0, 1, 2]);
    // Update mode: each batch carries the running totals of the sources its file touched.
    for (const [batchId, counts] of seen) {
      const upTo = await finalizeCountsBySource(t.spark.fs, FILES.slice(0, batchId + 1));
      for (const [source, count] of Object.entries(counts)) expect(count).toBe(upTo[source]);
    }
    expect(result.stdout).toBe("batch 0\nbatch 1\nbatch 2\n");
  });
});

describe("a lab: flag mobile devices with isin([...]) into a parquet sink", () => {
  it("writes every event with its flag, one trigger a second", async () => {
    const result = await clock.fastForward(
      t.py.run(`
mobile = (events()
    .withColumn("is_mobile", col("device").isin(["iOS", "Android"]))
    .select("user_id", "device", "is_mobile"))
lab = (mobile.writeStream
    .format("parquet")
    .outputMode("append")
    .option("checkpointLocation", "/checkpoints/mobile")
    .trigger(processingTime="1 second")
    .start("/out/mobile"))
lab.processAllAvailable()
lab.stop()
written = spark.read.parquet("/out/mobile")
(written.count(), written.filter(col("is_mobile")).count(), [p["numInputRows"] for p in lab.recentProgress])`),
    );
    const inputs = (await Promise.all(FILES.map((f) => readParquetRows(t.spark.fs, f)))).flat();
    const mobile = inputs.filter((r) => r.device === "iOS" || r.device === "Android").length;
    const [total, flagged, inputRows] = result.value as [number, number, number[]];
    expect([total, flagged]).toEqual([inputs.length, mobile]);
    expect(inputRows.filter((n) => n > 0)).toEqual([400, 400, 400]);

    // The sink's files, read without the engine: every row carries the right flag.
    const dir = await t.spark.fs.list("/out/mobile");
    const parts = dir.filter((f) => f.name.endsWith(".parquet")).map((f) => f.path);
    const rows = (await Promise.all(parts.map((p) => readParquetRows(t.spark.fs, p)))).flat();
    expect(rows).toHaveLength(inputs.length);
    for (const row of rows) expect(row.is_mobile).toBe(row.device === "iOS" || row.device === "Android");
  });
});

describe("triggers take PySpark's keyword arguments", () => {
  it("once=True runs one batch with everything available, then stops", async () => {
    const result = await t.py.run(`
q = (spark.readStream.schema(events_schema).parquet("/data/events")
     .writeStream.format("memory").queryName("once_table")
     .option("checkpointLocation", "/checkpoints/once").trigger(once=True).start())
q.awaitTermination()
(spark.table("once_table").count(), [p["batchId"] for p in q.recentProgress], q.isActive)`);
    expect(result.value).toEqual([1200, [0], false]);
  });

  it("availableNow=True honours maxFilesPerTrigger, then stops", async () => {
    const result = await t.py.run(`
q = (events().writeStream.format("memory").queryName("available_now")
     .option("checkpointLocation", "/checkpoints/available_now").trigger(availableNow=True).start())
q.awaitTermination()
(spark.table("available_now").count(), [p["numInputRows"] for p in q.recentProgress if p["numInputRows"]])`);
    expect(result.value).toEqual([1200, [400, 400, 400]]);
  });

  it("availableNow=True over a file source unioned with one without AvailableNow support: one batch by default, as Spark", async () => {
    // Spark's TriggerAvailableNowSuite: the rate source has no Trigger.AvailableNow support of its own, so without
    // spark.sql.streaming.triggerAvailableNow.wrapper.enabled the query falls back to one batch of everything.
    const result = await clock.fastForward(
      t.py.run(`
def run(name, wrapper):
    spark.conf.set("spark.sql.streaming.triggerAvailableNow.wrapper.enabled", wrapper)
    rate = (spark.readStream.format("rate").option("rowsPerSecond", 1).load()
            .selectExpr("CAST(value AS STRING) AS user_id").filter("user_id IS NULL"))
    q = (events().select("user_id").union(rate).writeStream.format("memory").queryName(name)
         .option("checkpointLocation", "/checkpoints/" + name).trigger(availableNow=True).start())
    q.awaitTermination()
    return (spark.table(name).count(), len([p for p in q.recentProgress if p.numInputRows]))
try:
    result = (run("an_single", "false"), run("an_wrapped", "true"))
finally:
    spark.conf.unset("spark.sql.streaming.triggerAvailableNow.wrapper.enabled")
result`),
    );
    expect(result.value).toEqual([
      [1200, 1],
      [1200, 3],
    ]);
  });

  it("progress JSON writes the rates as Spark: one decimal place, never in scientific notation", async () => {
    // On the wall clock, so that batches take time and the rates are finite.
    t.spark.clock = new SystemClock();
    const result = await t.py.run(`
import json, re
q = (events().writeStream.format("noop").option("checkpointLocation", "/checkpoints/rates_json")
     .trigger(availableNow=True).start())
q.awaitTermination()
p = q.recentProgress[0]
raw = p.json
rates = re.findall(r'RowsPerSecond":([^,}]*)', raw)
(len(rates) > 0, all(re.fullmatch(r"\\d+\\.\\d", r) for r in rates),
 json.loads(raw)["processedRowsPerSecond"] == p.processedRowsPerSecond)`);
    expect(result.value).toEqual([true, true, true]);
  });

  it("takes the file source's cache options as Python values, and refuses bad ones as Spark", async () => {
    // Python numbers become option strings; the cache changes no rows, only when the directory is listed.
    const result = await t.py.run(`
from pyspark.errors import StreamingQueryException
def run(name, **options):
    q = (spark.readStream.schema(events_schema).option("maxFilesPerTrigger", 1).options(**options)
         .parquet("/data/events").writeStream.format("memory").queryName(name)
         .option("checkpointLocation", "/checkpoints/" + name).trigger(availableNow=True).start())
    try:
        q.awaitTermination()
        return spark.table(name).count()
    except StreamingQueryException as e:
        return str(e)
(run("cache_opts", maxCachedFiles=0, discardCachedInputRatio=0.5), run("bad_cache", maxCachedFiles=-1))`);
    const [count, error] = result.value as [number, string];
    expect(count).toBe(1200);
    expect(error).toContain(
      "Invalid value '-1' for option 'maxCachedFiles', must be an integer greater than or equal to 0",
    );
  });

  it("refuses two triggers at once and an empty interval, as PySpark does", async () => {
    const two = await t.py
      .run('events().writeStream.trigger(once=True, processingTime="1 second")')
      .catch((e) => e);
    expect([two.name, two.message]).toEqual([
      "PySparkValueError",
      "[ONLY_ALLOW_SINGLE_TRIGGER] Only a single trigger is allowed.",
    ]);
    const empty = await t.py.run('events().writeStream.trigger(processingTime="")').catch((e) => e);
    expect(empty.message).toBe(
      "[VALUE_NOT_NON_EMPTY_STR] Value for `processingTime` must be a non-empty string, got ''.",
    );
    const bad = await t.py.run('events().writeStream.trigger(processingTime="soon")').catch((e) => e);
    expect([bad.name, bad.message]).toEqual(["IllegalArgumentException", "Invalid interval: 'soon'"]);
  });

  it("awaitTermination takes its timeout in seconds and says whether the query ended", async () => {
    // The timeout runs on the session's clock: the test moves it while the cell waits.
    const run = t.py.run(`
clock = spark._js.clock
q = (events().writeStream.format("memory").queryName("waiting")
     .option("checkpointLocation", "/checkpoints/waiting").trigger(processingTime="10 seconds").start())
t0 = clock.getTimeMillis()
ended = q.awaitTermination(0.2)
waited = (clock.getTimeMillis() - t0) / 1000
q.stop()
(ended, waited >= 0.2, q.awaitTermination(1))`);
    await clock.waitingFor(clock.getTimeMillis() + 200);
    clock.advance(200);
    const result = await run;
    expect(result.value).toEqual([false, true, true]);
    const error = await t.py.run("q.awaitTermination(0)").catch((e) => e);
    expect(error.message).toBe("[VALUE_NOT_POSITIVE] Value for `timeout` must be positive, got 'int'.");
  });
});

describe("a failing query", () => {
  it("raises StreamingQueryException from awaitTermination and returns it from exception()", async () => {
    const result = await t.py.run(`
from pyspark.errors import StreamingQueryException
def fail(df, batch_id):
    raise ValueError(f"no batch {batch_id} today")
q = events().writeStream.foreachBatch(fail).option("checkpointLocation", "/checkpoints/fail").start()
try:
    q.awaitTermination()
    caught = None
except StreamingQueryException as e:
    caught = str(e)
(caught, type(q.exception()).__name__, q.exception().batchId, q.isActive)`);
    const [caught, type, batchId, isActive] = result.value as [string, string, number, boolean];
    expect(caught).toMatch(/^\[STREAM_FAILED\] Query \[id = .+, runId = .+\] terminated with exception: /);
    expect(caught).toContain(
      "[FOREACH_BATCH_USER_FUNCTION_ERROR] An error occurred in the user provided function in foreach batch sink. Reason: ValueError: no batch 0 today",
    );
    expect([type, batchId, isActive]).toEqual(["StreamingQueryException", 0, false]);
    // The error was the cell's to handle: nothing was printed as unhandled.
    expect(result.stderr).toBe("");
  });
});

describe("the batch history from Python", () => {
  it("query.batch(n) is the batch as a dict of Rows, running and from spark.streams.history", async () => {
    const result = await clock.fastForward(
      t.py.run(`
from pyspark.sql import Row
query = (events()
    .filter(col("event_name") == "finalize")
    .groupBy("traffic_source")
    .count()
    .writeStream.outputMode("complete")
    .format("memory")
    .queryName("history_ratings")
    .trigger(processingTime="3 seconds")
    .option("checkpointLocation", "/checkpoints/history_ratings")
    .start())
query.processAllAvailable()
ids = query.batchIds()
b = query.batch(1)
query.stop()
stopped = spark.streams.history("/checkpoints/history_ratings").batch(1)
def summary(b):
    [op] = b["state"]
    return (
        b["batchId"],
        [f"{r.event_name}|{r.traffic_source}" for r in b["input"]],
        {r.traffic_source: r["count"] for r in b["output"]},
        b["watermark"],
        b["late"],
        all(isinstance(r, Row) for r in b["input"] + b["output"]),
        op["operatorName"],
        {r.key.traffic_source: r.value["count(1)"] for r in op["after"]},
        len(op["before"]) + len(op["added"]),
        b["progress"]["batchId"],
        b["startOffset"] == b["progress"]["sources"][0]["startOffset"],
        sorted(f.rsplit("/checkpoints/history_ratings/", 1)[1] for f in b["files"] if "/offsets/" in f or "/commits/" in f),
    )
(ids, summary(b), summary(stopped))`),
    );
    const [ids, running, stopped] = result.value as [number[], unknown[], unknown[]];
    expect(ids).toEqual([0, 1, 2]);
    const input = (await readParquetRows(t.spark.fs, FILES[1]))
      .map((r) => `${r.event_name}|${r.traffic_source}`)
      .sort();
    for (const b of [running, stopped]) b[1] = (b[1] as string[]).sort();
    const counts = await finalizeCountsBySource(t.spark.fs, FILES.slice(0, 2));
    expect(running).toEqual([
      1,
      input,
      counts,
      { before: null, after: null },
      [],
      true,
      "stateStoreSave",
      counts,
      Object.keys(counts).length,
      1,
      true,
      ["commits/1", "offsets/1"],
    ]);
    expect(stopped).toEqual(running);
  });
});

it("sparkContext.stop() stops the session's queries: inactive, without exception (StreamingQueryStopSuite)", async () => {
  const result = await t.py.run(`
q1 = events().writeStream.format("noop").queryName("stop_ctx_1").start()
q2 = events().writeStream.format("noop").queryName("stop_ctx_2").start()
before = [q1.isActive, q2.isActive]
spark.sparkContext.stop()
[before, q1.isActive, q2.isActive, q1.exception(), q2.exception(), [q.name for q in spark.streams.active]]`);
  expect(result.value).toEqual([[true, true], false, false, null, null, []]);
});
