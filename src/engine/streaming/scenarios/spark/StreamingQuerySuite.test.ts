/**
 * Cases of Spark's StreamingQuerySuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named as
 * there, with Spark's inputs and expected answers.
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
        // The failed batch read from where the committed offsets end to the offsets available.
        expect(q.exception()?.startOffset).toBeTruthy();
        expect(q.exception()?.endOffset).toBeTruthy();
        expect(q.exception()?.startOffset).not.toBe(q.exception()?.endOffset);
      }),
    );
  });

  it("input row calculation with mixed batch and streaming sources", async () => {
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
});
