/**
 * Cases of Spark's StreamingQuerySuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named as
 * there, with Spark's inputs and expected answers.
 *
 * Not ported, because they test the JVM, Hadoop or SparkContext internals rather than what a user sees:
 * - "codahale metrics", "SPARK-22975: MetricsReporter defaults when there was no progress reported",
 *   "SPARK-37147: MetricsReporter does not fail when durationMs is empty": Dropwizard metrics of the SparkContext's
 *   metrics system (there is none here; progress carries the same numbers).
 * - "StreamingQuery should be Serializable but cannot be used in executors": Java serialization of closures sent to
 *   executors; a function here runs where the query runs.
 * - "get the query id in source": SparkContext local properties.
 * - "StreamingRelationV2/StreamingExecutionRelation/ContinuousExecutionRelation.toJSON should not fail":
 *   Catalyst's TreeNode.toJSON.
 * - "detect escaped path and report the migration guide", "ignore the escaped path check when the flag is off",
 *   "containsSpecialCharsInPath": checkpoints written by Spark 2.4 with Hadoop's triple-escaped paths.
 * - "input row calculation with same V2 source used twice in self-join" with spark.sql.exchange.reuse: the
 *   exchange reuse of Spark's physical plan (ported below without it: the source is read twice).
 * - "SPARK-49905 shuffle added by stateful operator should use the shuffle origin": the shuffle origin of a
 *   physical exchange.
 * The V1 cases (Spark's createSingleTriggerStreamingDF: a source whose one batch is a static DataFrame) run on a
 * MemoryStream holding that DataFrame's rows, read by the query's first trigger.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SparkError } from "../../../errors/exceptions";
import { MemoryStream } from "../../../sources/MemoryStream";
import type { DataFrame } from "../../../sql/api/DataFrame";
import { broadcast, col, count, rand, randn, sum, uuid } from "../../../sql/api/functions";
import type { Row } from "../../../sql/api/rows";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddData,
  AdvanceManualClock,
  AssertOnQuery,
  CheckAnswer,
  CheckLastBatch,
  ExpectFailure,
  StartStream,
  StopStream,
  testStream,
} from "../../../testing/testStream";
import { ManualClock } from "../../runtime/ManualClock";
import type { StreamingQuery } from "../../runtime/StreamingQuery";

describe("StreamingQuerySuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());
  const ints = () => new MemoryStream(t.spark, "value INT");

  it("name unique in active queries", async () => {
    const startQuery = (name?: string) => {
      const writer = ints().toDF().writeStream;
      if (name !== undefined) writer.queryName(name);
      return writer.foreach({ process: () => {} }).start();
    };
    // No name by default, multiple active queries can have no name
    const q1 = await startQuery();
    expect(q1.name).toBeNull();
    const q2 = await startQuery();
    expect(q2.name).toBeNull();
    // Can be set by user
    const q3 = await startQuery("q3");
    expect(q3.name).toBe("q3");
    // Multiple active queries cannot have same name
    const error = await startQuery("q3").then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe("IllegalArgumentException");
    await q1.stop();
    await q2.stop();
    await q3.stop();
  });

  it("isActive, exception, and awaitTermination", async () => {
    const inputData = ints();
    await testStream(
      t,
      inputData.toDF().selectExpr("6 div value"),
      "append",
      AssertOnQuery((q) => q.isActive),
      AssertOnQuery((q) => q.exception() === null),
      AddData(inputData, 1, 2),
      CheckAnswer([6], [3]),
      // Spark's TestAwaitTermination(ExpectNotBlocked, timeoutMs = 10, expectedReturnValue = false)
      AssertOnQuery(async (q) => expect(await q.awaitTermination(10)).toBe(false)),
      StopStream,
      AssertOnQuery((q) => !q.isActive),
      AssertOnQuery((q) => q.exception() === null),
      AssertOnQuery(async (q) => expect(await q.awaitTermination()).toBe(true)),
      AssertOnQuery(async (q) => expect(await q.awaitTermination(2000)).toBe(true)),
      AssertOnQuery(async (q) => expect(await q.awaitTermination(10)).toBe(true)),
      StartStream(),
      AssertOnQuery((q) => q.isActive),
      AddData(inputData, 0),
      ExpectFailure((e) => expect(e.name).toBe("StreamingQueryException")),
      AssertOnQuery((q) => !q.isActive),
      AssertOnQuery(async (q) => {
        const error = await q.awaitTermination(10).then(
          () => undefined,
          (e: Error) => e,
        );
        expect(error).toBe(q.exception());
        // The failed batch read from where the committed offsets end to the offsets available, each as Spark's
        // OffsetSeq.toString: batch 0 read offset 0 of the one source, the failed batch 1 offset 1.
        expect(q.exception()?.startOffset).toBe("[0]");
        expect(q.exception()?.endOffset).toBe("[1]");
      }),
    );
  });

  it("OneTime trigger, commit log, and exception", async () => {
    const inputData = ints();
    /** The latest batch id in one of the checkpoint's logs (Spark's commitLog / offsetLog.getLatest). */
    const latestIn = async (q: StreamingQuery, log: "commits" | "offsets") => {
      const files = await t.spark.fs.list(`${q.checkpointLocation}/${log}`);
      const ids = files.map((f) => f.name).filter((name) => /^\d+$/.test(name));
      return Math.max(-1, ...ids.map(Number));
    };
    await testStream(
      t,
      inputData.toDF().selectExpr("6 div value"),
      "append",
      AssertOnQuery((q) => q.isActive),
      StopStream,
      AddData(inputData, 1, 2),
      StartStream({ once: true }),
      CheckAnswer([6], [3]),
      StopStream,
      // both commit log and offset log contain the same (latest) batch id
      AssertOnQuery(async (q) => expect(await latestIn(q, "commits")).toBe(await latestIn(q, "offsets"))),
      // blow away the commit log (Spark's commitLog.purge(1))
      AssertOnQuery((q) => t.spark.fs.delete(`${q.checkpointLocation}/commits/0`)),
      StartStream({ once: true }),
      // the query falls back to the offset log and runs batch 0 again
      CheckAnswer([6], [3]),
      AssertOnQuery((q) =>
        expect(q.recentProgress.map((p) => [p.batchId, p.numInputRows])).toEqual([[0, 2]]),
      ),
      StopStream,
      AddData(inputData, 3),
      StartStream({ once: true }),
      CheckLastBatch([2]), // commit log should be back in place
      StopStream,
      AddData(inputData, 0),
      StartStream({ once: true }),
      ExpectFailure((e) => expect(e.name).toBe("StreamingQueryException")),
      AssertOnQuery((q) => !q.isActive),
      AssertOnQuery((q) => {
        expect(q.exception()?.startOffset).toBe("[1]");
        expect(q.exception()?.endOffset).toBe("[2]");
      }),
    );
  });

  it("status, lastProgress, and recentProgress", async () => {
    const clock = new ManualClock(0);
    const clocked = await newTestSession(clock);
    try {
      /** Spark's MemoryStream that waits for the clock: 50 ms in latestOffset once data is added, 100 in getBatch. */
      class SlowMemoryStream extends MemoryStream {
        override async latestOffset(start: string | undefined) {
          const end = await super.latestOffset(start);
          if (end !== undefined) await clock.waitTillTime(1050);
          return end;
        }
        override async getBatch(start: string | undefined, end: string) {
          await clock.waitTillTime(1150);
          return super.getBatch(start, end);
        }
      }
      const inputData = new SlowMemoryStream(clocked.spark, "value BIGINT");
      // Spark's typed map { 10 / x } then count("*"): counting the mapped column keeps the division from being
      // pruned away, as a closure cannot be.
      const mapped = inputData.toDF().selectExpr("10 div value AS x").agg(count("x"));
      // Spark's sink is its MemorySink and the 350 ms wait is in the map task; here the sink itself waits.
      let answer: unknown[][] = [];
      const start = () =>
        mapped.writeStream
          .outputMode("complete")
          .trigger({ processingTime: 1000 })
          .option("checkpointLocation", "/checkpoints/status")
          .foreachBatch(async (df) => {
            await clock.waitTillTime(1500);
            answer = ((await df.collect()) as Row[]).map((r) => Object.values(r).map(Number));
          })
          .start();
      let q = await start();
      const status = () => [q.status.isDataAvailable, q.status.isTriggerActive, q.status.message];
      const withData = () => q.recentProgress.filter((p) => p.numInputRows > 0).length;

      await clock.waitingFor(1000);
      expect(status()).toEqual([false, false, "Waiting for next trigger"]);
      expect(withData()).toBe(0);

      // Test status and progress when `latestOffset` is being called
      inputData.addData([[1], [2]]);
      clock.advance(1000); // time = 1000 to start new trigger, will block on `latestOffset`
      await clock.waitingFor(1050);
      expect(status().slice(0, 2)).toEqual([false, true]);
      expect(q.status.message.startsWith("Getting offsets from")).toBe(true);
      expect(withData()).toBe(0);

      clock.advance(50); // time = 1050 to unblock `latestOffset`, will block on getBatch
      await clock.waitingFor(1150);
      expect(status()).toEqual([true, true, "Processing new data"]);
      expect(withData()).toBe(0);

      clock.advance(100); // time = 1150 to unblock getBatch, will block in the sink
      await clock.waitingFor(1500);
      expect(status()).toEqual([true, true, "Processing new data"]);
      expect(withData()).toBe(0);

      // Test status and progress while batch processing has completed
      clock.advance(350); // time = 1500 to unblock the sink
      await clock.waitingFor(2000); // will block until the next trigger
      expect(answer).toEqual([[2]]);
      expect(status()).toEqual([true, false, "Waiting for next trigger"]);
      expect(q.lastProgress).not.toBeNull();
      expect(q.recentProgress.at(-1)).toBe(q.lastProgress);
      const progress = q.lastProgress!;
      expect(progress.id).toBe(q.id);
      expect(progress.name).toBe(q.name);
      expect(progress.batchId).toBe(0);
      expect(progress.timestamp).toBe("1970-01-01T00:00:01.000Z");
      expect(progress.numInputRows).toBe(2);
      expect(progress.processedRowsPerSecond).toBe(4.0);
      // Spark's 450 ms of addBatch include planning the source's partitions (here its getBatch, 100 ms).
      expect(progress.durationMs).toEqual({
        addBatch: 350,
        commitOffsets: 0,
        getBatch: 100,
        latestOffset: 50,
        queryPlanning: 0,
        triggerExecution: 500,
        walCommit: 0,
      });
      expect(progress.sources).toHaveLength(1);
      expect(progress.sources[0].description).toContain("MemoryStream");
      expect(progress.sources[0].startOffset).toBeNull(); // no prior offset
      // Spark's endOffset is the offset's JSON text
      expect(JSON.stringify(progress.sources[0].endOffset)).toBe("0");
      expect(progress.sources[0].processedRowsPerSecond).toBe(4.0); // 2 rows processed in 500 ms
      expect(progress.stateOperators).toHaveLength(1);
      expect(progress.stateOperators[0].numRowsUpdated).toBe(1);
      expect(progress.stateOperators[0].numRowsTotal).toBe(1);

      // Test whether input rate is updated after two batches
      inputData.addData([[1], [2]]);
      clock.advance(500); // allow another trigger
      await clock.waitingFor(3000); // will block waiting for next trigger time
      expect(answer).toEqual([[4]]);
      expect(status()).toEqual([true, false, "Waiting for next trigger"]);
      expect(q.recentProgress.at(-1)).toBe(q.lastProgress);
      expect(q.lastProgress?.batchId).toBe(1);
      expect(q.lastProgress?.inputRowsPerSecond).toBe(2.0);
      expect(q.lastProgress?.sources[0].inputRowsPerSecond).toBe(2.0);
      expect(JSON.stringify(q.lastProgress?.sources[0].startOffset)).toBe("0");
      expect(JSON.stringify(q.lastProgress?.sources[0].endOffset)).toBe("1");

      // Test status and progress after data is not available for a trigger
      clock.advance(1000); // allow another trigger
      await clock.waitingFor(4000);
      expect(clock.getTimeMillis()).toBe(3000);
      expect(status()).toEqual([false, false, "Waiting for next trigger"]);

      // Test status and progress after query stopped
      const lastProgressBeforeStop = q.lastProgress!.json;
      await q.stop();
      expect(q.lastProgress?.json).toBe(lastProgressBeforeStop);
      expect(status()).toEqual([false, false, "Stopped"]);

      // Test status and progress after query terminated with error
      q = await start();
      await clock.waitingFor(4000);
      clock.advance(1000); // ensure initial trigger completes before AddData
      await clock.waitingFor(5000);
      inputData.addData([[0]]);
      clock.advance(1000); // allow another trigger
      const failure = await q.awaitTermination().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(failure?.name).toBe("StreamingQueryException");
      expect(status().slice(0, 2)).toEqual([false, false]);
      expect(q.status.message.startsWith("Terminated with exception")).toBe(true);
    } finally {
      await clocked.cleanup();
    }
  });

  it("lastProgress should be null when recentProgress is empty", async () => {
    // Spark's BlockingSource: the query cannot get past asking the source for offsets until released.
    let release!: () => void;
    const latch = new Promise<void>((resolve) => {
      release = resolve;
    });
    class BlockingSource extends MemoryStream {
      override async latestOffset(start: string | undefined) {
        await latch;
        return super.latestOffset(start);
      }
    }
    const sq = await new BlockingSource(t.spark, "value INT")
      .toDF()
      .writeStream.format("noop")
      .option("checkpointLocation", "/checkpoints/blocking")
      .start();
    expect(sq.recentProgress).toEqual([]);
    expect(sq.lastProgress).toBeNull();
    release();
    await sq.stop();
  });

  it("input row calculation with mixed batch and streaming V1 sources", async () => {
    const streamingInput = ints();
    streamingInput.addData(Array.from({ length: 10 }, (_, i) => [i + 1]));
    const staticInputDF = t.spark.createDataFrame(
      [
        [1, "1"],
        [2, "2"],
      ],
      "value INT, anotherValue STRING",
    );
    // Trigger input has 10 rows, static input has 2 rows, so the first trigger's input rows are 10.
    const q = await streamingInput
      .toDF()
      .join(staticInputDF, "value")
      .writeStream.format("memory")
      .queryName("test")
      .start();
    await q.processAllAvailable();
    const progress = q.recentProgress[0];
    await q.stop();
    expect(progress.numInputRows).toBe(10);
    expect(progress.sources).toHaveLength(1);
    expect(progress.sources[0].numInputRows).toBe(10);
  });

  it("id unique in active queries + persists across restarts, runId unique across start/restarts", async () => {
    let cpDir: string | undefined;
    let n = 0;
    const startQuery = (restart: boolean) => {
      n += 1;
      if (cpDir === undefined || !restart) cpDir = `/checkpoints/ids/${n}`;
      return ints()
        .toDF()
        .groupBy()
        .agg(count("*"))
        .writeStream.format("memory")
        .outputMode("complete")
        .queryName(`name${n}`)
        .option("checkpointLocation", cpDir)
        .start();
    };
    // id and runId unique for new queries
    const q1 = await startQuery(false);
    const q2 = await startQuery(false);
    expect(q1.id).not.toBe(q2.id);
    expect(q1.runId).not.toBe(q2.runId);
    await q1.stop();
    await q2.stop();
    // id persists across restarts, runId unique across restarts
    const q3 = await startQuery(false);
    await q3.stop();
    const q4 = await startQuery(true);
    await q4.stop();
    expect(q4.id).toBe(q3.id);
    expect(q4.runId).not.toBe(q3.runId);
    // Only one query with same id can be active
    t.spark.conf.set("spark.sql.streaming.stopActiveRunOnRestart", "false");
    const q5 = await startQuery(false);
    const error = await startQuery(true).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe("IllegalStateException");
    expect(error?.message).toContain("as another query with same id is already active");
    expect(q5.isActive).toBe(true);
    await q5.stop();
  });

  it("stopActiveRunOnRestart (on by default): a restart stops the active run of the same query", async () => {
    const input = ints();
    const start = () =>
      input
        .toDF()
        .writeStream.format("noop")
        .option("checkpointLocation", "/checkpoints/restart-active")
        .start();
    const first = await start();
    input.addData([[1]]);
    await first.processAllAvailable();
    const second = await start();
    expect(first.isActive).toBe(false);
    expect(first.exception()).toBeNull();
    expect(second.isActive).toBe(true);
    expect(second.id).toBe(first.id);
    expect(second.runId).not.toBe(first.runId);
    expect(t.spark.streams.active.map((q) => q.runId)).toEqual([second.runId]);
    await second.stop();
  });

  it("StreamExecution metadata garbage collection", async () => {
    const offsetFiles = async (q: { checkpointLocation: string }) =>
      (await t.spark.fs.list(`${q.checkpointLocation}/offsets`))
        .map((f) => f.name)
        .filter((name) => !name.startsWith("."))
        .sort();
    t.spark.conf.set("spark.sql.streaming.minBatchesToRetain", "1");
    const inputData = ints();
    // Run 3 batches: only 2 metadata files are left, the first purged.
    await testStream(
      t,
      inputData.toDF().selectExpr("6 div value"),
      "append",
      AddData(inputData, 1, 2),
      CheckAnswer([6], [3]),
      AddData(inputData, 1, 2),
      CheckAnswer([6], [3], [6], [3]),
      AddData(inputData, 4, 6),
      CheckAnswer([6], [3], [6], [3], [1], [1]),
      AssertOnQuery(async (q) => {
        const files = await offsetFiles(q);
        expect(files).toHaveLength(2);
        expect(files[0]).toBe("1");
      }),
    );
    t.spark.conf.set("spark.sql.streaming.minBatchesToRetain", "2");
    const inputData2 = ints();
    // Run 5 batches: 3 metadata files are left, two purged.
    await testStream(
      t,
      inputData2.toDF(),
      "append",
      AddData(inputData2, 1, 2),
      CheckAnswer([1], [2]),
      AddData(inputData2, 1, 2),
      CheckAnswer([1], [2], [1], [2]),
      AddData(inputData2, 3, 4),
      CheckAnswer([1], [2], [1], [2], [3], [4]),
      AddData(inputData2, 5, 6),
      CheckAnswer([1], [2], [1], [2], [3], [4], [5], [6]),
      AddData(inputData2, 7, 8),
      CheckAnswer([1], [2], [1], [2], [3], [4], [5], [6], [7], [8]),
      AssertOnQuery(async (q) => {
        const files = await offsetFiles(q);
        expect(files).toHaveLength(3);
        expect(files[0]).toBe("2");
      }),
    );
  });
  /** The rows a memory-sink query wrote after one batch per value, each added once the previous was processed. */
  const rowsPerBatch = async (select: (df: DataFrame) => DataFrame, name: string): Promise<unknown[][]> => {
    const stream = ints();
    const q = await select(stream.toDF()).writeStream.format("memory").queryName(name).start();
    for (const value of [1, 2]) {
      stream.addData([[value]]);
      await q.processAllAvailable();
    }
    await q.stop();
    const rows = (await t.spark.sql(`SELECT * FROM ${name}`).collect()) as Row[];
    return rows.map((r) => Object.values(r).map((v) => JSON.stringify(v)));
  };

  for (const trigger of [{ once: true }, { availableNow: true }]) {
    const suffix = trigger.once ? "" : " - Trigger.AvailableNow";
    it(`processAllAvailable should not block forever when a query is stopped${suffix}`, async () => {
      const input = ints();
      input.addData([[1]]);
      const query = await input.toDF().writeStream.trigger(trigger).format("console").start();
      await query.processAllAvailable();
      await query.awaitTermination();
      expect(query.isActive).toBe(false);
    });
  }

  it("SPARK-22238: don't check for RDD partitions during streaming aggregation preparation", async () => {
    const stream = new MemoryStream(t.spark, "_1 INT, _2 INT");
    const baseDf = t.spark
      .createDataFrame(
        [
          [1, "A"],
          [2, "b"],
        ],
        "num INT, char STRING",
      )
      .where("char = 'A'");
    const otherDf = stream
      .toDF()
      .toDF("num", "numSq")
      .join(broadcast(baseDf), "num")
      .groupBy("char")
      .agg(sum(col("numSq")));
    await testStream(t, otherDf, "complete", AddData(stream, [1, 1], [2, 4]), CheckLastBatch(["A", 1]));
  });

  it("Uuid in streaming query should not produce same uuids in each execution", async () => {
    const rows = await rowsPerBatch((df) => df.select(uuid()), "uuids");
    expect(new Set(rows.map((r) => r[0])).size).toBe(2);
  });

  it("Rand/Randn in streaming query should not produce same results in each execution", async () => {
    const rows = await rowsPerBatch((df) => df.select(rand(), randn()), "rands");
    expect(new Set(rows.flat()).size).toBe(4);
  });

  it("Shuffle in streaming query should not produce same results in each execution", async () => {
    const rows = await rowsPerBatch((df) => df.selectExpr("shuffle(sequence(0, 99))"), "shuffles");
    expect(new Set(rows.map((r) => r[0])).size).toBe(2);
    const range = Array.from({ length: 100 }, (_, i) => i);
    for (const [array] of rows) {
      expect((JSON.parse(array as string) as number[]).sort((x, y) => x - y)).toEqual(range);
    }
  });

  it("special characters in checkpoint path", async () => {
    const checkpointDir = "/checkpoints/special/chk @#chk";
    const inputData = ints();
    inputData.addData([[1]]);
    const q = await inputData
      .toDF()
      .writeStream.format("noop")
      .option("checkpointLocation", checkpointDir)
      .start();
    await q.processAllAvailable();
    await q.stop();
    expect((await t.spark.fs.list(checkpointDir)).length).toBeGreaterThan(0);
  });

  const checkAppendOutputModeException = async (df: DataFrame) => {
    const error = await Promise.resolve()
      .then(() =>
        df.writeStream
          .format("parquet")
          .option("checkpointLocation", "/checkpoints/append-mode")
          .start("/output/append-mode"),
      )
      .then(
        () => undefined,
        (e: SparkError) => e,
      );
    expect(error?.name).toBe("AnalysisException");
    expect(error?.getCondition()).toBe("STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION");
    expect(error?.getSqlState()).toBe("42KDE");
    expect(error?.getMessageParameters()).toEqual({
      outputMode: "append",
      operation: "streaming aggregations without watermark",
    });
  };

  it("SPARK-32456: SQL union in streaming query of append mode without watermark", async () => {
    ints().toDF().createOrReplaceTempView("s1");
    ints().toDF().createOrReplaceTempView("s2");
    await checkAppendOutputModeException(
      t.spark.sql("select s1.value from s1 union select s2.value from s2"),
    );
  });

  it("SPARK-32456: distinct in streaming query of append mode without watermark", async () => {
    ints().toDF().toDF("value").createOrReplaceTempView("deduptest");
    await checkAppendOutputModeException(t.spark.sql("select distinct value from deduptest"));
  });

  it("SPARK-32456: distinct in streaming query of complete mode", async () => {
    const inputData = ints();
    inputData.toDF().toDF("value").createOrReplaceTempView("deduptest");
    const distinct = t.spark.sql("select distinct value from deduptest");
    await testStream(
      t,
      distinct,
      "complete",
      AddData(inputData, 1, 2, 3, 3, 4),
      CheckAnswer([1], [2], [3], [4]),
    );
  });

  it("SPARK-46062: streaming query reading from CTE, which refers to temp view from streaming source", async () => {
    const inputStream = ints();
    inputStream.toDF().createOrReplaceTempView("tv");
    const df = t.spark.sql("WITH w as (SELECT * FROM tv) SELECT value from w");
    expect(df.isStreaming).toBe(true);
    await testStream(t, df, "append", AddData(inputStream, 1, 2, 3), CheckAnswer([1], [2], [3]));
  });
  /** Spark's getLastProgressWithData: the latest progress that read rows. */
  const lastProgressWithData = (q: StreamingQuery) =>
    q.recentProgress.filter((p) => p.numInputRows > 0).at(-1);

  it("input row calculation with same V2 source used twice in self-union", async () => {
    const streamInput = ints();
    await testStream(
      t,
      streamInput.toDF().union(streamInput.toDF()),
      "append",
      AddData(streamInput, 1, 2, 3),
      CheckAnswer([1], [1], [2], [2], [3], [3]),
      AssertOnQuery((q) => {
        const progress = lastProgressWithData(q);
        expect(progress?.sources).toHaveLength(1);
        // The source is scanned twice because of self-union
        expect(progress?.numInputRows).toBe(6);
      }),
    );
  });

  it("input row calculation with same V2 source used twice in self-join", async () => {
    const streamInput = ints();
    const df = streamInput.toDF();
    await testStream(
      t,
      df.join(df, "value"),
      "append",
      AddData(streamInput, 1, 2, 3),
      CheckAnswer([1], [2], [3]),
      AssertOnQuery((q) => {
        const progress = lastProgressWithData(q);
        expect(progress?.numInputRows).toBe(6);
        expect(progress?.sources).toHaveLength(1);
        expect(progress?.sources[0].numInputRows).toBe(6);
      }),
    );
  });

  it("input row calculation with trigger having data for only one of two V2 sources", async () => {
    const streamInput1 = ints();
    const streamInput2 = ints();
    await testStream(
      t,
      streamInput1.toDF().union(streamInput2.toDF()),
      "append",
      AddData(streamInput1, 1, 2, 3),
      CheckLastBatch([1], [2], [3]),
      AssertOnQuery((q) => {
        const progress = lastProgressWithData(q);
        expect(progress?.numInputRows).toBe(3);
        expect(progress?.sources.map((s) => s.numInputRows)).toEqual([3, 0]);
      }),
      AddData(streamInput2, 4, 5),
      CheckLastBatch([4], [5]),
      AssertOnQuery((q) => {
        const progress = lastProgressWithData(q);
        expect(progress?.numInputRows).toBe(2);
        expect(progress?.sources.map((s) => s.numInputRows)).toEqual([0, 2]);
      }),
    );
  });

  it("input row calculation with mixed batch and streaming V2 sources", async () => {
    const streamInput = ints();
    const staticInputDF = t.spark.createDataFrame(
      [
        [1, "1"],
        [2, "2"],
      ],
      "value INT, anotherValue STRING",
    );
    await testStream(
      t,
      streamInput.toDF().join(staticInputDF, "value"),
      "append",
      AddData(streamInput, 1, 2, 3),
      AssertOnQuery(async (q) => {
        await q.processAllAvailable();
        const progress = lastProgressWithData(q);
        expect(progress?.numInputRows).toBe(3);
        expect(progress?.sources).toHaveLength(1);
        expect(progress?.sources[0].numInputRows).toBe(3);
      }),
    );
    // A static side that is a cached union: its rows are not the stream's input.
    const streamInput2 = ints();
    const staticInputDF2 = staticInputDF.union(staticInputDF).cache();
    await testStream(
      t,
      streamInput2.toDF().join(staticInputDF2, "value"),
      "append",
      AddData(streamInput2, 1, 2, 3),
      AssertOnQuery(async (q) => {
        await q.processAllAvailable();
        const progress = lastProgressWithData(q);
        expect(progress?.numInputRows).toBe(3);
        expect(progress?.sources).toHaveLength(1);
        expect(progress?.sources[0].numInputRows).toBe(3);
      }),
    );
  });
  it("SPARK-41199: input row calculation with mixed-up of DSv1 and DSv2 streaming sources", async () => {
    const clocked = await newTestSession(new ManualClock(0));
    try {
      const streamInput = new MemoryStream(clocked.spark, "value INT");
      const streamDf = streamInput.toDF().selectExpr("value AS key", "value AS value_stream");
      await clocked.spark
        .sql("CREATE TABLE parquet_streaming_tbl (key integer, value_stream integer) USING parquet")
        .collect();
      const streamDf2 = clocked.spark.readStream.table("parquet_streaming_tbl");
      await testStream(
        clocked,
        streamDf.union(streamDf2),
        "append",
        StartStream({ processingTime: 100 }),
        AddData(streamInput, 1, 2, 3),
        AssertOnQuery(() =>
          clocked.spark
            .range(4, 6)
            .selectExpr("id AS key", "id AS value_stream")
            .write.format("parquet")
            .mode("append")
            .saveAsTable("parquet_streaming_tbl"),
        ),
        AdvanceManualClock(150),
        CheckLastBatch([1, 1], [2, 2], [3, 3], [4, 4], [5, 5]),
        AssertOnQuery((q) => {
          const progress = lastProgressWithData(q);
          expect(progress?.numInputRows).toBe(5);
          expect(progress?.sources.map((s) => s.numInputRows)).toEqual([3, 2]);
        }),
      );
    } finally {
      await clocked.cleanup();
    }
  });
  it("SPARK-41198: input row calculation with CTE", async () => {
    const clocked = await newTestSession(new ManualClock(0));
    try {
      const spark = clocked.spark;
      await spark
        .range(0, 10)
        .selectExpr("id AS col1", "id AS col2")
        .write.format("parquet")
        .saveAsTable("parquet_tbl");
      const dfWithClause = spark.sql(
        "with batch_tbl as (SELECT col1, col2 FROM parquet_tbl) SELECT col1 AS key, col2 as value_batch FROM batch_tbl",
      );
      await spark
        .sql("CREATE TABLE parquet_streaming_tbl (key integer, value_stream integer) USING parquet")
        .collect();
      const joinedDf = spark.readStream.table("parquet_streaming_tbl").join(dfWithClause, ["key"], "inner");
      await testStream(
        clocked,
        joinedDf,
        "append",
        StartStream({ processingTime: 100 }),
        AssertOnQuery(() =>
          spark
            .range(1, 5)
            .selectExpr("id AS key", "id AS value_stream")
            .write.format("parquet")
            .mode("append")
            .saveAsTable("parquet_streaming_tbl"),
        ),
        AdvanceManualClock(150),
        CheckLastBatch([1, 1, 1], [2, 2, 2], [3, 3, 3], [4, 4, 4]),
        AssertOnQuery((q) => {
          const progress = lastProgressWithData(q);
          expect(progress?.numInputRows).toBe(4);
          expect(progress?.sources).toHaveLength(1);
          expect(progress?.sources[0].numInputRows).toBe(4);
        }),
      );
    } finally {
      await clocked.cleanup();
    }
  });

  /** Spark's getStreamingQuery: the query after its first trigger, stopped. */
  const firstProgress = async (df: DataFrame) => {
    const q = await df.writeStream.format("memory").queryName("test").start();
    try {
      await q.processAllAvailable();
      return q.recentProgress[0];
    } finally {
      await q.stop();
    }
  };
  const oneToTen = Array.from({ length: 10 }, (_, i) => [i + 1]);

  it("input row calculation with same V1 source used twice in self-join", async () => {
    const streamingInput = ints();
    streamingInput.addData(oneToTen);
    const df = streamingInput.toDF();
    const progress = await firstProgress(df.join(df, "value"));
    expect(progress.numInputRows).toBe(20); // data is read multiple times in self-joins
    expect(progress.sources).toHaveLength(1);
    expect(progress.sources[0].numInputRows).toBe(20);
  });

  it("input row calculation with trigger input DF having multiple leaves in V1 source", async () => {
    // The one trigger reads two leaves: 1 to 5 and 6 to 10.
    const streamingInput = ints();
    streamingInput.addData(oneToTen.slice(0, 5));
    streamingInput.addData(oneToTen.slice(5));
    const progress = await firstProgress(streamingInput.toDF());
    expect(progress.numInputRows).toBe(10);
    expect(progress.sources).toHaveLength(1);
    expect(progress.sources[0].numInputRows).toBe(10);
  });

  it("StreamExecution should call stop() on sources when a stream is stopped", async () => {
    let calledStop = false;
    class StoppableSource extends MemoryStream {
      override async stop() {
        calledStop = true;
      }
    }
    await testStream(t, new StoppableSource(t.spark, "a INT").toDF(), "append", StopStream);
    expect(calledStop, "Did not call stop on source for stopped stream").toBe(true);
  });

  it("SPARK-19774: StreamExecution should call stop() on sources when a stream fails", async () => {
    let calledStop = false;
    class FailingStop extends MemoryStream {
      override async stop() {
        throw new Error("Oh no!");
      }
    }
    class StoppableSource extends MemoryStream {
      override async stop() {
        calledStop = true;
      }
    }
    const source1 = new FailingStop(t.spark, "a INT");
    source1.addData([[0], [1]]);
    const source2 = new StoppableSource(t.spark, "a INT");
    await testStream(
      t,
      source1.toDF().union(source2.toDF()).selectExpr("a div 0"),
      "append",
      AssertOnQuery(async (sq) => {
        const error = await sq.processAllAvailable().then(
          () => undefined,
          (e: Error) => e,
        );
        expect(error?.name).toBe("StreamingQueryException");
        return sq.exception() !== null && !sq.isActive;
      }),
    );
    expect(calledStop, "Did not call stop on source for stopped stream").toBe(true);
  });

  it("processAllAvailable should not block forever when a query is stopped", async () => {
    const input = ints();
    input.addData([[1]]);
    const query = await input.toDF().writeStream.trigger({ once: true }).format("console").start();
    // The query stops by itself after its one batch; processAllAvailable returns rather than waiting for more.
    await query.processAllAvailable();
    expect(await query.awaitTermination(60_000)).toBe(true);
  });

  it("processAllAvailable should not block forever when a query is stopped - Trigger.AvailableNow", async () => {
    const input = ints();
    input.addData([[1]]);
    const query = await input.toDF().writeStream.trigger({ availableNow: true }).format("console").start();
    await query.processAllAvailable();
    expect(await query.awaitTermination(60_000)).toBe(true);
  });

  it("limit on empty batch should not cause state store error", async () => {
    // The source produces two batches: the first is empty, the second has data.
    const source = ints();
    source.addData([]);
    source.addData([[10]]);
    await testStream(
      t,
      source.toDF().limit(1),
      "append",
      StartStream(),
      AssertOnQuery((q) => q.processAllAvailable()),
      CheckAnswer([10]),
    );
  });

  it("SPARK-48447: check state store provider class before invoking the constructor", async () => {
    t.spark.conf.set("spark.sql.streaming.stateStore.providerClass", "java.lang.Object");
    const input = ints();
    input.addData([[1]]);
    const query = await input
      .toDF()
      .limit(2)
      .writeStream.trigger({ availableNow: true })
      .format("console")
      .start();
    const ex = await query.processAllAvailable().then(
      () => undefined,
      (e: SparkError) => e,
    );
    expect(ex?.name).toBe("StreamingQueryException");
    expect(ex?.message).toContain(
      "The given State Store Provider java.lang.Object does not extend org.apache.spark.sql.execution.streaming.state.StateStoreProvider.",
    );
    const cause = ex?.cause as SparkError;
    expect(cause.getCondition()).toBe("STATE_STORE_INVALID_PROVIDER");
    expect(cause.getSqlState()).toBe("42K06");
    expect(cause.getMessageParameters()).toEqual({ inputClass: "java.lang.Object" });
  });

  it("Collation aware streaming", async () => {
    const clocked = await newTestSession(new ManualClock(0));
    try {
      const spark = clocked.spark;
      await spark
        .sql(
          "CREATE TABLE parquet_streaming_tbl (key STRING COLLATE UTF8_LCASE, value_stream INTEGER) USING parquet",
        )
        .collect();
      const filteredDf = spark.readStream.table("parquet_streaming_tbl").filter("key = 'aaa'");
      await testStream(
        clocked,
        filteredDf,
        "append",
        StartStream({ processingTime: 100 }),
        AssertOnQuery(() =>
          spark
            .createDataFrame(
              [
                ["aaa", 1],
                ["AAA", 2],
                ["bbb", 3],
                ["aa", 4],
              ],
              "key STRING, value_stream INT",
            )
            .write.format("parquet")
            .mode("append")
            .saveAsTable("parquet_streaming_tbl"),
        ),
        AdvanceManualClock(150),
        CheckLastBatch(["aaa", 1], ["AAA", 2]),
      );
    } finally {
      await clocked.cleanup();
    }
  });

  it("SPARK-47776: streaming aggregation having binary inequality column in the grouping key must be disallowed", async () => {
    const tableName = "parquet_dummy_tbl";
    await t.spark.sql(`CREATE TABLE ${tableName} (c1 STRING COLLATE UTF8_LCASE) USING PARQUET`).collect();
    await t.spark.sql(`INSERT INTO ${tableName} VALUES ('aaa')`).collect();
    await t.spark.sql(`INSERT INTO ${tableName} VALUES ('AAA')`).collect();
    const df = t.spark.readStream.table(tableName).groupBy("c1").count();
    const query = await df.writeStream.format("memory").queryName("output").outputMode("update").start();
    try {
      const ex = await query.processAllAvailable().then(
        () => undefined,
        (e: SparkError) => e,
      );
      expect(ex?.name).toBe("StreamingQueryException");
      const cause = ex?.cause as SparkError;
      expect(cause.name).toBe("UnsupportedOperationException");
      expect(cause.getCondition()).toBe("STATE_STORE_UNSUPPORTED_OPERATION_BINARY_INEQUALITY");
      expect(cause.getMessageParameters().schema).toMatch(/.+"c1":"spark\.UTF8_LCASE".+/);
    } finally {
      await query.stop();
    }
  });
});
