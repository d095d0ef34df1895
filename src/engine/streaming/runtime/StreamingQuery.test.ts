import { describe, expect, it } from "vitest";
import { StreamingQueryException } from "../../errors";
import { MemoryStream } from "../../sources/MemoryStream";
import { col } from "../../sql/api/functions";
import { sharedSession, waitUntil, writeFileAt } from "../../testing/files";
import { ManualClock } from "./ManualClock";
import { progressToJSON, type StreamingQueryStatus } from "./progress";
import type { StreamingQuery } from "./StreamingQuery";
import type { StreamingQueryListener } from "./StreamingQueryListener";
import type { TriggerOptions } from "./Trigger";

const T0 = Date.UTC(2024, 0, 1);

describe("StreamingQuery and spark.streams", () => {
  const ctx = sharedSession();

  it("counts a stream unioned with itself as one source, read twice", async () => {
    // StreamingQuerySuite "input row calculation with same V1 source used twice in self-union".
    const input = new MemoryStream(ctx.t.spark, "value INT");
    const df = input.toDF();
    const query = await df.union(df).writeStream.format("memory").queryName("self_union").start();
    input.addData([{ value: 1 }, { value: 2 }, { value: 3 }]);
    await query.processAllAvailable();
    const rows = await ctx.t.spark.sql("SELECT value FROM self_union ORDER BY value").collect();
    expect(rows.map((r) => r.value)).toEqual([1, 1, 2, 2, 3, 3]);
    expect(query.lastProgress!.numInputRows).toBe(6);
    expect(query.lastProgress!.sources.map((s) => s.numInputRows)).toEqual([6]);
    await query.stop();
  });

  it("reports each batch as Spark's StreamingQueryProgress, consistent with the data read", async () => {
    const { t, dir } = ctx;
    // Three files of 2, 3 and 4 rows; the filter keeps keys a | a, c | b, b, d.
    const files = ["a,1\nb,0\n", "a,1\nc,1\nc,0\n", "b,1\nb,1\nd,0\nd,1\n"];
    for (const [i, text] of files.entries()) await writeFileAt(t, `${dir}/in/f${i}.csv`, text, T0 + i * 1000);
    const query = await t.spark.readStream
      .schema("key STRING, keep INT")
      .option("maxFilesPerTrigger", 1)
      .csv(`${dir}/in`)
      .filter(col("keep").eq(1))
      .groupBy("key")
      .count()
      .writeStream.outputMode("complete")
      .format("memory")
      .queryName("progress_counts")
      .option("checkpointLocation", `${dir}/ckpt`)
      .start();
    await query.processAllAvailable();
    await query.stop();

    const batches = query.recentProgress;
    expect(batches.map((p) => [p.batchId, p.numInputRows])).toEqual([
      [0, 2],
      [1, 3],
      [2, 4],
    ]);
    expect(batches.reduce((n, p) => n + p.numInputRows, 0)).toBe(9);
    expect(batches.map((p) => p.sink.numOutputRows)).toEqual([1, 2, 4]);
    expect(query.lastProgress).toBe(batches.at(-1));

    const json = progressToJSON(batches[1]);
    expect(Object.keys(json)).toEqual([
      "id",
      "runId",
      "name",
      "timestamp",
      "batchId",
      "batchDuration",
      "trigger",
      "numInputRows",
      "inputRowsPerSecond",
      "processedRowsPerSecond",
      "durationMs",
      "stateOperators",
      "sources",
      "sink",
    ]);
    expect(json).toMatchObject({ id: query.id, runId: query.runId, name: "progress_counts", batchId: 1 });
    expect(json.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Object.keys(json.durationMs as object)).toEqual([
      "addBatch",
      "commitOffsets",
      "getBatch",
      "latestOffset",
      "queryPlanning",
      "triggerExecution",
      "walCommit",
    ]);
    const [source] = json.sources as Record<string, unknown>[];
    expect(Object.keys(source)).toEqual([
      "description",
      "startOffset",
      "endOffset",
      "latestOffset",
      "numInputRows",
      "inputRowsPerSecond",
      "processedRowsPerSecond",
      "metrics",
    ]);
    expect(source).toMatchObject({
      description: `FileStreamSource[file:${dir}/in]`,
      startOffset: { logOffset: 0 },
      endOffset: { logOffset: 1 },
      latestOffset: null,
      numInputRows: 3,
      metrics: { numBytesOutstanding: String(files[2].length), numFilesOutstanding: "1" },
    });
    expect(json.sink).toEqual({ description: "MemorySink", numOutputRows: 2 });
    // The first batch has no trigger before it: Spark reports its input rate as 0.
    expect(batches[0].inputRowsPerSecond).toBe(0);
    expect(progressToJSON(batches[0]).sources).toMatchObject([
      { startOffset: null, endOffset: { logOffset: 0 } },
    ]);
    for (const p of batches) {
      expect(p.processedRowsPerSecond).toBeGreaterThan(0);
      expect(p.durationMs.triggerExecution).toBeGreaterThanOrEqual(p.durationMs.addBatch);
    }
  });

  it("records idle triggers every noDataProgressEventInterval, as onQueryIdle and not as progress events", async () => {
    const { t, dir } = ctx;
    t.spark.conf.set("spark.sql.streaming.noDataProgressEventInterval", "0");
    const events: string[] = [];
    const listener: StreamingQueryListener = {
      onQueryProgress: (e) => events.push(`progress ${e.progress.batchId}`),
      onQueryIdle: () => events.push("idle"),
    };
    t.spark.streams.addListener(listener);
    try {
      const input = new MemoryStream(t.spark, "v INT");
      input.addData([{ v: 1 }]);
      const query = await input
        .toDF()
        .writeStream.format("memory")
        .queryName("idle_progress")
        .option("checkpointLocation", `${dir}/ckpt`)
        .start();
      await waitUntil(() => query.recentProgress.length >= 3);
      input.addData([{ v: 2 }]);
      await waitUntil(() => query.recentProgress.some((p) => p.numInputRows > 0 && p.batchId === 1));
      await query.stop();
      const progress = query.recentProgress;
      const second = progress.findIndex((p) => p.batchId === 1 && p.numInputRows > 0);
      expect([progress[0].batchId, progress[0].numInputRows]).toEqual([0, 1]);
      const idle = progress.slice(1, second);
      expect(idle.length).toBeGreaterThanOrEqual(2);
      // An idle trigger reports the batch that would run next, and does not use up its id.
      for (const p of idle) expect([p.batchId, p.numInputRows]).toEqual([1, 0]);
      expect(Object.keys(idle[0].durationMs).sort()).toEqual(["latestOffset", "triggerExecution"]);
      expect(events.filter((e) => e.startsWith("progress"))).toEqual(["progress 0", "progress 1"]);
      expect(events.filter((e) => e === "idle").length).toBeGreaterThanOrEqual(2);
    } finally {
      t.spark.streams.removeListener(listener);
      t.spark.conf.unset("spark.sql.streaming.noDataProgressEventInterval");
    }
  });

  it("status follows Spark's messages through a query's life", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "v INT");
    const during: StreamingQueryStatus[] = [];
    const start = (trigger: { processingTime?: string }) => {
      let query: StreamingQuery | undefined;
      const started = input
        .toDF()
        .writeStream.foreachBatch(async () => {
          during.push(query!.status);
          if (during.length === 2) throw new Error("boom");
        })
        .trigger(trigger)
        .option("checkpointLocation", `${dir}/ckpt`)
        .start();
      return started.then((q) => {
        query = q;
        return q;
      });
    };
    // The first trigger runs at start and finds nothing; the next one is an hour away.
    const waiting = await start({ processingTime: "1 hour" });
    await waitUntil(() => waiting.status.message === "Waiting for next trigger");
    expect(waiting.status).toEqual({
      message: "Waiting for next trigger",
      isDataAvailable: false,
      isTriggerActive: false,
    });
    await waiting.stop();
    expect(waiting.status).toEqual({ message: "Stopped", isDataAvailable: false, isTriggerActive: false });

    const running = await start({});
    input.addData([{ v: 1 }]);
    await running.processAllAvailable();
    input.addData([{ v: 2 }]);
    await running.awaitTermination().catch(() => {});
    expect(during).toEqual([
      { message: "Processing new data", isDataAvailable: true, isTriggerActive: true },
      { message: "Processing new data", isDataAvailable: true, isTriggerActive: true },
    ]);
    expect(running.status).toEqual({
      message:
        "Terminated with exception: [FOREACH_BATCH_USER_FUNCTION_ERROR] An error occurred in the user provided function in foreach batch sink. Reason: boom SQLSTATE: 39000",
      isDataAvailable: false,
      isTriggerActive: false,
    });
  });

  it("the handle: id survives a restart, runId does not; awaitTermination, exception", async () => {
    const { t, dir } = ctx;
    const clock = new ManualClock(T0);
    t.spark.clock = clock;
    const input = new MemoryStream(t.spark, "v INT");
    const start = () =>
      input
        .toDF()
        .writeStream.format("memory")
        .queryName("handle")
        .option("checkpointLocation", `${dir}/ckpt`)
        .start();
    const first = await start();
    expect([first.name, first.isActive, first.exception()]).toEqual(["handle", true, null]);
    const waiting = first.awaitTermination(50);
    await clock.waitingFor(T0 + 50);
    clock.advance(50);
    expect(await waiting).toBe(false);
    await expect(first.awaitTermination(0)).rejects.toThrow("Timeout has to be positive");
    await first.stop();
    expect(await first.awaitTermination(50)).toBe(true);
    await first.awaitTermination();
    expect(first.isActive).toBe(false);
    const second = await start();
    expect(second.id).toBe(first.id);
    expect(second.runId).not.toBe(first.runId);
    await second.stop();
  });

  it("spark.streams: active, get, awaitAnyTermination, resetTerminated, listeners", async () => {
    const { t, dir } = ctx;
    const clock = new ManualClock(T0);
    t.spark.clock = clock;
    const streams = t.spark.streams;
    const events = new Map<string, string[]>();
    const log = (id: string, event: string) => events.set(id, [...(events.get(id) ?? []), event]);
    const listener: StreamingQueryListener = {
      onQueryStarted: (e) => log(e.id, `started ${e.name}`),
      onQueryProgress: (e) => log(e.progress.id, `progress ${e.progress.batchId}`),
      onQueryTerminated: (e) => log(e.id, `terminated ${e.exception?.split("\n")[0] ?? null}`),
    };
    const throwing: StreamingQueryListener = {
      onQueryStarted: () => {
        throw new Error("a listener that throws stops nothing");
      },
    };
    streams.addListener(throwing);
    streams.addListener(listener);
    const input = new MemoryStream(t.spark, "v INT");
    input.addData([{ v: 1 }]);
    const ok = await input
      .toDF()
      .writeStream.format("memory")
      .queryName("ok")
      .option("checkpointLocation", `${dir}/ok`)
      .start();
    const failing = await input
      .toDF()
      .writeStream.foreachBatch(() => {
        throw new TypeError("bad batch");
      })
      .queryName("failing")
      .option("checkpointLocation", `${dir}/failing`)
      .start();
    await failing.awaitTermination().catch(() => {});
    await expect(streams.awaitAnyTermination()).rejects.toBe(failing.exception());
    expect(streams.active.map((q) => q.name)).toEqual(["ok"]);
    expect(streams.get(ok.id)).toBe(ok);
    expect(streams.get(failing.id)).toBeNull();
    streams.resetTerminated();
    const waiting = streams.awaitAnyTermination(50);
    await clock.waitingFor(T0 + 50);
    clock.advance(50);
    expect(await waiting).toBe(false);
    await ok.processAllAvailable();
    await ok.stop();
    expect(await streams.awaitAnyTermination()).toBe(true);
    expect(streams.active).toEqual([]);
    streams.removeListener(listener);
    streams.removeListener(throwing);
    expect(events.get(ok.id)).toEqual(["started ok", "progress 0", "terminated null"]);
    expect(events.get(failing.id)).toEqual(["started failing", "terminated TypeError: bad batch"]);
    const failure = failing.exception();
    expect(failure).toBeInstanceOf(StreamingQueryException);
    // Spark's ForeachBatchSink wraps the function's error; the query's cause is the function's own error.
    expect(failure?.getMessageParameters().message).toBe(
      "[FOREACH_BATCH_USER_FUNCTION_ERROR] An error occurred in the user provided function in foreach batch sink. Reason: bad batch SQLSTATE: 39000",
    );
    expect(failure?.cause).toBeInstanceOf(TypeError);
    expect([failure?.startOffset, failure?.endOffset]).toEqual(["[-]", "[0]"]);
  });

  it("latestInput and latestOutput page through the rows of the latest batch (the notebook's tables)", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "v INT, s STRING, x DOUBLE, n BIGINT, at TIMESTAMP");
    const query = await input
      .toDF()
      .filter(col("v").gt(1))
      .writeStream.format("memory")
      .queryName("pages")
      .option("checkpointLocation", `${dir}/ckpt`)
      .start();
    expect(await query.latestInput()).toBeUndefined();
    const at = new Date("2020-07-01T00:00:00Z");
    input.addData([1, 2, 3].map((v) => ({ v, s: "a", x: 0.5, n: v, at })));
    await query.processAllAvailable();
    const read = await query.latestInput(1, 5);
    expect(read).toMatchObject({ batchId: 0, totalRows: 3, rows: [{ v: 2 }, { v: 3 }] });
    // Spark's type names, as in the schema: never Arrow's (Utf8, Int64, Float64, Timestamp<MICROSECOND>).
    expect(read?.columns).toEqual([
      { name: "v", type: "int" },
      { name: "s", type: "string" },
      { name: "x", type: "double" },
      { name: "n", type: "bigint" },
      { name: "at", type: "timestamp" },
    ]);
    expect((await query.latestOutput(0, 1))?.columns.map((c) => c.type)).toEqual([
      "int",
      "string",
      "double",
      "bigint",
      "timestamp",
    ]);
    expect(await query.latestOutput(0, 1)).toMatchObject({ batchId: 0, totalRows: 2, rows: [{ v: 2 }] });
  });

  it("a stopped query keeps the first 1000 rows of its last batch for the notebook and frees the batch", async () => {
    const { t, dir } = ctx;
    const tables = () =>
      new Set(
        t.spark.db
          .query("SELECT table_name FROM duckdb_tables()")
          .toArray()
          .map((r) => String(r.table_name)),
      );
    const before = tables();
    const input = new MemoryStream(t.spark, "v INT");
    const query = await input
      .toDF()
      .filter(col("v").geq(500))
      .writeStream.format("memory")
      .queryName("kept")
      .option("checkpointLocation", `${dir}/ckpt`)
      .start();
    input.addData(Array.from({ length: 2500 }, (_, v) => ({ v })));
    await query.processAllAvailable();
    expect((await query.latestInput(0, 1))?.totalRows).toBe(2500);
    await query.stop();

    const read = await query.latestInput(998, 5);
    expect(read).toMatchObject({
      batchId: 0,
      totalRows: 1000,
      batchRows: 2500,
      rows: [{ v: 998 }, { v: 999 }],
    });
    expect(await query.latestOutput(999, 5)).toMatchObject({
      batchId: 0,
      totalRows: 1000,
      batchRows: 2000,
      rows: [{ v: 1499 }],
    });
    // What is left in DuckDB: the memory table and the two kept pages, nothing of the batch (a MemoryStream
    // keeps its own data, as Spark's, for queries started on it later).
    const left = [...tables()].filter((name) => !before.has(name) && !name.startsWith("__memory_stream"));
    expect(left.filter((name) => !name.startsWith("__retained"))).toEqual(["kept"]);
    expect(left.filter((name) => name.startsWith("__retained"))).toHaveLength(2);
  });

  it("frees the rows a stopped run kept once the same query runs again", async () => {
    const { t, dir } = ctx;
    const retained = () =>
      t.spark.db
        .query("SELECT table_name FROM duckdb_tables()")
        .toArray()
        .map((r) => String(r.table_name))
        .filter((name) => name.startsWith("__retained"));
    const before = retained().length;
    const run = async (file: number) => {
      await writeFileAt(t, `${dir}/rerun/in/f${file}.csv`, `a,${file}\nb,${file}\n`, T0 + file * 1000);
      const query = await t.spark.readStream
        .schema("key STRING, n INT")
        .csv(`${dir}/rerun/in`)
        .writeStream.format("noop")
        .trigger({ availableNow: true })
        .option("checkpointLocation", `${dir}/rerun/ckpt`)
        .start();
      await query.awaitTermination();
      return query;
    };
    const first = await run(0);
    expect((await first.latestInput())?.rows).toEqual([
      { key: "a", n: 0 },
      { key: "b", n: 0 },
    ]);
    expect(retained()).toHaveLength(before + 2);
    // Each restart replaces the last run's kept rows instead of adding its own (a soak restarts many times).
    for (const file of [1, 2, 3]) await run(file);
    const last = await run(4);
    expect(await first.latestInput()).toBeUndefined();
    expect((await last.latestInput())?.rows).toEqual([
      { key: "a", n: 4 },
      { key: "b", n: 4 },
    ]);
    expect(retained()).toHaveLength(before + 2);
  });

  it("names its trigger in every progress, as Spark 4.4's progress `trigger`", async () => {
    const { t, dir } = ctx;
    const triggerOf = async (trigger: TriggerOptions) => {
      const stream = input();
      stream.addData([{ v: 1 }]);
      const query = await stream
        .toDF()
        .writeStream.format("noop")
        .trigger(trigger)
        .option("checkpointLocation", `${dir}/trigger-field/${Object.keys(trigger)[0]}`)
        .start();
      await query.processAllAvailable();
      await query.stop();
      const progress = query.recentProgress[0];
      expect(JSON.parse(progress.json).trigger).toEqual(progress.trigger);
      return progress.trigger;
    };
    const input = () => new MemoryStream(t.spark, "v INT");
    expect(await triggerOf({ processingTime: "5 seconds" })).toEqual({
      type: "ProcessingTime",
      intervalMs: 5000,
    });
    expect(await triggerOf({ availableNow: true })).toEqual({ type: "AvailableNow" });
    expect(await triggerOf({ once: true })).toEqual({ type: "Once" });
  });
});
