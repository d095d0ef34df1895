/**
 * Cases of Spark's StreamSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named as there, with
 * Spark's inputs and expected answers. Spark's `explain` case is StreamingQueryExplain.test.ts. Spark's
 * FakeDefaultSource (a source of longs `a` from 0 to 10) is a MemoryStream holding those rows.
 *
 * Not ported, as they test Spark's physical plan, the JVM or custom JVM classes rather than what a user sees:
 * - "StreamingRelation.computeStats", "StreamingRelationV2.computeStats", "StreamingExecutionRelation.computeStats":
 *   Catalyst's size statistics of a plan's leaves;
 * - "insert an extraStrategy": a Scala planner strategy (spark.experimental.extraStrategies);
 * - "handle fatal errors thrown from the stream thread": JVM fatal errors (VirtualMachineError, ThreadDeath,
 *   LinkageError, ControlThrowable) thrown by a custom source;
 * - "output mode API in Scala": Scala's OutputMode objects against Catalyst's InternalOutputModes;
 * - "explain - redaction": spark.redaction.string.regex over the `file:/` paths of Spark's physical plan;
 * - "explain-continuous", "is_continuous_processing property should be true for continuous processing":
 *   continuous processing;
 * - "codegen-microbatch", "codegen-continuous": whole-stage code generation;
 * - "handle InterruptedIOException when the streaming thread is interrupted", "view <exception> [<message>] as a
 *   normal query stop" (InterruptedException, InterruptedIOException, ClosedByInterruptException, their wrappers
 *   and Py4J errors): JVM thread interrupts inside a custom source;
 * - "recover from a Spark v2.1 checkpoint": a checkpoint stored in Spark's test resources;
 * - "calling stop() on a query cancels related jobs", "batch id is updated correctly in the job description",
 *   "is_continuous_processing property should be false for microbatch processing": SparkContext jobs, job
 *   descriptions and TaskContext properties;
 * - "should resolve the checkpoint path": StreamExecution.resolvedCheckpointRoot, qualified by Hadoop (`file:/`);
 * - "specify custom state store provider": a JVM StateStoreProvider class (TestStateStoreProvider) whose init
 *   throws;
 * - "SPARK-30657: streaming limit optimization from StreamingLocalLimitExec to LocalLimitExec": physical operators;
 * - "SPARK-30143: stop waits until timeout if blocked - trigger: ..." (ProcessingTime and Continuous): a custom
 *   JVM source that blocks in stop();
 * - "SPARK-34482: correct active SparkSession for logicalPlan": adaptive execution's partition number in the
 *   logical plan.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../../sources/MemoryStream";
import type { DataFrame } from "../../../sql/api/DataFrame";
import { col, current_timestamp, lit, row_number } from "../../../sql/api/functions";
import { Window } from "../../../sql/api/Window";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import {
  AddData,
  AdvanceManualClock,
  AssertOnQuery,
  CheckAnswer,
  StartStream,
  StopStream,
  testStream,
} from "../../../testing/testStream";
import { ManualClock } from "../../runtime/ManualClock";
import type { StreamingQuery } from "../../runtime/StreamingQuery";

describe("StreamSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());
  const ints = () => new MemoryStream(t.spark, "value INT");
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const rows = (values: number[]) => values.map((v) => [v]);

  it("map with recovery", async () => {
    const inputData = ints();
    await testStream(
      t,
      inputData.toDF().selectExpr("value + 1"),
      "append",
      AddData(inputData, 1, 2, 3),
      StartStream(),
      CheckAnswer([2], [3], [4]),
      StopStream,
      AddData(inputData, 4, 5, 6),
      StartStream(),
      CheckAnswer([2], [3], [4], [5], [6], [7]),
    );
  });

  it("join", async () => {
    // Make a table and ensure it will be broadcast.
    const smallTable = t.spark.createDataFrame(
      [
        [1, "one"],
        [2, "two"],
        [4, "four"],
      ],
      "number INT, word STRING",
    );
    // Join the input stream with a table.
    const inputData = ints();
    const joined = inputData.toDF().join(smallTable, col("value").equalTo(col("number")));
    await testStream(
      t,
      joined,
      "append",
      AddData(inputData, 1, 2, 3),
      CheckAnswer([1, 1, "one"], [2, 2, "two"]),
      AddData(inputData, 4),
      CheckAnswer([1, 1, "one"], [2, 2, "two"], [4, 4, "four"]),
    );
  });

  it("union two streams", async () => {
    const inputData1 = ints();
    const inputData2 = ints();
    await testStream(
      t,
      inputData1.toDF().union(inputData2.toDF()),
      "append",
      AddData(inputData1, 1, 3, 5),
      CheckAnswer([1], [3], [5]),
      AddData(inputData2, 2, 4, 6),
      CheckAnswer([1], [2], [3], [4], [5], [6]),
      StopStream,
      AddData(inputData1, 7),
      StartStream(),
      AddData(inputData2, 8),
      CheckAnswer([1], [2], [3], [4], [5], [6], [7], [8]),
    );
  });

  it("sql queries", async () => {
    const inputData = ints();
    inputData.toDF().createOrReplaceTempView("stream");
    const evens = t.spark.sql("SELECT * FROM stream WHERE value % 2 = 0");
    await testStream(t, evens, "append", AddData(inputData, 1, 2, 3, 4), CheckAnswer([2], [4]));
  });

  it("custom state store provider read from offset log", async () => {
    const input = ints();
    const df = input.toDF().groupBy().count();
    const providerConf1 = "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider";
    // Spark's TestStateStoreProvider fails when it is created; so does a class that is no provider.
    const providerConf2 = "java.lang.Object";
    const runQuery = async (queryName: string, checkpointLoc: string) => {
      const query = await df.writeStream
        .outputMode("complete")
        .format("memory")
        .queryName(queryName)
        .option("checkpointLocation", checkpointLoc)
        .start();
      input.addData([[1], [2], [3]]);
      try {
        await query.processAllAvailable();
      } finally {
        await query.stop();
      }
    };
    const key = "spark.sql.streaming.stateStore.providerClass";
    t.spark.conf.set(key, providerConf1);
    await runQuery("query1", "/checkpoints/provider/1"); // generate checkpoints
    t.spark.conf.set(key, providerConf2);
    // Verify new query will use new provider that throw error on loading
    const error = await runQuery("query2", "/checkpoints/provider/2").then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe("StreamingQueryException");
    // Verify old query from checkpoint will still use old provider
    await runQuery("query1", "/checkpoints/provider/1");
    expect(t.spark.conf.get(key)).toBe(providerConf2);
  });

  it("streaming limit without state", async () => {
    const inputData1 = ints();
    await testStream(
      t,
      inputData1.toDF().limit(0),
      "append",
      AddData(inputData1, ...range(1, 8)),
      CheckAnswer(),
    );
    const inputData2 = ints();
    await testStream(
      t,
      inputData2.toDF().limit(4),
      "append",
      AddData(inputData2, ...range(1, 8)),
      CheckAnswer(...rows(range(1, 4))),
    );
  });

  it("streaming limit with state", async () => {
    const inputData = ints();
    await testStream(
      t,
      inputData.toDF().limit(4),
      "append",
      AddData(inputData, ...range(1, 2)),
      CheckAnswer(...rows(range(1, 2))),
      AddData(inputData, ...range(3, 6)),
      CheckAnswer(...rows(range(1, 4))),
      AddData(inputData, ...range(7, 9)),
      CheckAnswer(...rows(range(1, 4))),
    );
  });

  it("streaming limit with other operators", async () => {
    const inputData = ints();
    await testStream(
      t,
      inputData.toDF().where("value % 2 = 1").limit(4),
      "append",
      AddData(inputData, ...range(1, 5)),
      CheckAnswer([1], [3], [5]),
      AddData(inputData, ...range(6, 9)),
      CheckAnswer([1], [3], [5], [7]),
      AddData(inputData, ...range(10, 12)),
      CheckAnswer([1], [3], [5], [7]),
    );
  });

  it("streaming limit with multiple limits", async () => {
    const inputData1 = ints();
    await testStream(
      t,
      inputData1.toDF().limit(4).limit(2),
      "append",
      AddData(inputData1, 1),
      CheckAnswer([1]),
      AddData(inputData1, ...range(2, 8)),
      CheckAnswer([1], [2]),
    );
    const inputData2 = ints();
    await testStream(
      t,
      inputData2.toDF().limit(4).limit(100).limit(3),
      "append",
      AddData(inputData2, 1, 2),
      CheckAnswer([1], [2]),
      AddData(inputData2, ...range(3, 8)),
      CheckAnswer(...rows(range(1, 3))),
    );
  });

  it("SPARK-30658: streaming limit before agg in complete mode", async () => {
    const inputData = ints();
    await testStream(
      t,
      inputData.toDF().limit(5).groupBy("value").count(),
      "complete",
      AddData(inputData, ...range(1, 3)),
      CheckAnswer([1, 1], [2, 1], [3, 1]),
      AddData(inputData, ...range(1, 9)),
      CheckAnswer([1, 2], [2, 2], [3, 1]),
    );
  });

  it("SPARK-30658: streaming limits before and after agg in complete mode (after limit < before limit)", async () => {
    t.spark.conf.set("spark.sql.shuffle.partitions", "1");
    const inputData = ints();
    await testStream(
      t,
      inputData.toDF().limit(4).groupBy("value").count().orderBy("value").limit(3),
      "complete",
      AddData(inputData, ...range(1, 9)),
      // only 1 to 4 should be allowed to aggregate, and counts for only 1 to 3 should be output
      CheckAnswer([1, 1], [2, 1], [3, 1]),
      AddData(inputData, ...range(2, 6)),
      // None of the new values should be allowed to aggregate, same 3 counts should be output
      CheckAnswer([1, 1], [2, 1], [3, 1]),
    );
  });

  it("SPARK-30658: streaming limits before and after agg in complete mode (before limit < after limit)", async () => {
    t.spark.conf.set("spark.sql.shuffle.partitions", "1");
    const inputData = ints();
    await testStream(
      t,
      inputData.toDF().limit(2).groupBy("value").count().orderBy("value").limit(3),
      "complete",
      AddData(inputData, ...range(1, 9)),
      CheckAnswer([1, 1], [2, 1]),
      AddData(inputData, ...range(2, 6)),
      CheckAnswer([1, 1], [2, 1]),
    );
  });

  it("SPARK-30657: streaming limit after streaming dedup in append mode", async () => {
    const inputData = ints();
    await testStream(
      t,
      inputData.toDF().dropDuplicates().limit(1),
      "append",
      AddData(inputData, 1, 2),
      CheckAnswer([1]),
      AddData(inputData, 3, 4),
      CheckAnswer([1]),
    );
  });

  it("streaming limit in update mode", async () => {
    const inputData = ints();
    const error = await testStream(
      t,
      inputData.toDF().limit(5),
      "update",
      AddData(inputData, ...range(1, 3)),
    ).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe("AnalysisException");
    expect(error?.message).toContain(
      "Limits are not supported on streaming DataFrames/Datasets in Update output mode",
    );
  });

  it("streaming limit in multiple partitions", async () => {
    const inputData = ints();
    const check = async () => {
      const all = (await t.spark.sql("SELECT * FROM limit_partitions").collect()).map((r) => Number(r.value));
      expect(all).toHaveLength(7);
      expect(all.every((v) => v <= 10)).toBe(true);
    };
    const q = await inputData
      .toDF()
      .repartition(2)
      .limit(7)
      .writeStream.format("memory")
      .queryName("limit_partitions")
      .start();
    try {
      inputData.addData(rows(range(1, 10)));
      await q.processAllAvailable();
      await check();
      inputData.addData(rows(range(11, 20)));
      await q.processAllAvailable();
      await check();
    } finally {
      await q.stop();
    }
  });

  it("SPARK-30657: streaming limit should not apply on limits on state subplans", async () => {
    const streamData = ints();
    const streamingDF = streamData.toDF().toDF("value");
    const staticDF = t.spark.createDataFrame([[1]], "value INT").orderBy("value");
    await testStream(
      t,
      streamingDF.join(staticDF.limit(1), "value"),
      "append",
      AddData(streamData, 1, 2, 3),
      CheckAnswer([1]),
      AddData(streamData, 1, 3, 5),
      CheckAnswer([1], [1]),
    );
  });

  // Spark's three small tables, each joined to the stream on its own `number` column.
  const smallTable = () =>
    t.spark.createDataFrame(
      [
        [1, "one"],
        [2, "two"],
        [4, "four"],
      ],
      "number INT, word STRING",
    );
  /** What `f` prints (explain writes to the session's output). */
  const printedBy = (f: () => void): string => {
    const printed: string[] = [];
    t.spark.setOutput((text) => printed.push(text));
    f();
    return printed.join("");
  };
  const joinThreeTables = (df: DataFrame) => {
    const [smallTable1, smallTable2, smallTable3] = [smallTable(), smallTable(), smallTable()];
    return df
      .join(smallTable1, smallTable1.col("number").equalTo(col("value")))
      .join(smallTable2, smallTable2.col("number").equalTo(col("value")))
      .join(smallTable3, smallTable3.col("number").equalTo(col("value")));
  };

  it("explain join with a normal source", () => {
    // This test triggers CostBasedJoinReorder to call `computeStats`
    t.spark.conf.set("spark.sql.cbo.enabled", "true");
    t.spark.conf.set("spark.sql.cbo.joinReorder.enabled", "true");
    const joined = joinThreeTables(t.spark.readStream.format("rate").load());
    expect(printedBy(() => joined.explain(true))).toContain("StreamingRelation");
  });

  it("explain join with MemoryStream", () => {
    t.spark.conf.set("spark.sql.cbo.enabled", "true");
    t.spark.conf.set("spark.sql.cbo.joinReorder.enabled", "true");
    const joined = joinThreeTables(ints().toDF());
    expect(printedBy(() => joined.explain(true))).toContain("StreamingRelation");
  });

  // Spark's FakeDefaultSource: a source of one LongType column `a` whose data is 0 to 10, from its start.
  const fakeDefaultSource = () => {
    const source = new MemoryStream(t.spark, "a BIGINT");
    source.addData(rows(range(0, 10)));
    return source.toDF();
  };
  /** The longs of column `a` in the parquet files under `dir`, sorted. */
  const parquetLongs = async (dir: string) =>
    (await t.spark.read.parquet(dir).collect()).map((r) => Number(r.a)).sort((x, y) => x - y);

  it("SPARK-20432: union one stream with itself", async () => {
    const df = fakeDefaultSource().select("a");
    const unioned = df.union(df);
    const query = await unioned.writeStream
      .format("parquet")
      .option("checkpointLocation", "/union-self/checkpoint")
      .start("/union-self/output");
    try {
      await query.processAllAvailable();
      expect(await parquetLongs("/union-self/output")).toEqual(
        [...range(0, 10), ...range(0, 10)].sort((x, y) => x - y),
      );
    } finally {
      await query.stop();
    }
  });

  it("DataFrame reuse", async () => {
    let run = 0;
    const assertDF = async (df: DataFrame) => {
      run += 1;
      const query = await df.writeStream
        .format("parquet")
        .option("checkpointLocation", `/reuse/checkpoint-${run}`)
        .start(`/reuse/output-${run}`);
      try {
        await query.processAllAvailable();
        expect(await parquetLongs(`/reuse/output-${run}`)).toEqual(range(0, 10));
      } finally {
        await query.stop();
      }
    };
    const df = fakeDefaultSource();
    for (const useV1Source of ["", "parquet"]) {
      t.spark.conf.set("spark.sql.sources.useV1SourceList", useV1Source);
      await assertDF(df);
      await assertDF(df);
    }
  });

  it("Within the same streaming query, one StreamingRelation should only be transformed to one StreamingExecutionRelation", async () => {
    // Spark collects the query's two StreamingExecutionRelations and finds them one; what a user sees of that is
    // one source in the query's progress, read twice.
    const df = fakeDefaultSource();
    const query = await df.union(df).writeStream.format("memory").queryName("memory").start();
    try {
      await query.processAllAvailable();
      expect(query.lastProgress?.sources).toHaveLength(1);
      expect(query.lastProgress?.numInputRows).toBe(22);
    } finally {
      await query.stop();
    }
  });

  it("unsupported queries", async () => {
    const streamInput = ints();
    const batchInput = t.spark.createDataFrame(rows([1, 2, 3]), "value INT");
    const errorOf = async (body: () => unknown) => {
      try {
        await body();
      } catch (e) {
        return e as Error;
      }
      return undefined;
    };
    // Running streaming plan as a batch query
    const asBatch = await errorOf(() => streamInput.toDF().selectExpr("value").count());
    expect(asBatch?.name).toBe("AnalysisException");
    expect(asBatch?.message).toContain("start");
    // Running non-streaming plan as a streaming query: Spark's testStream hands the plan to the query manager,
    // which finds no streaming source; through the public API writeStream refuses the batch DataFrame first.
    const noSource = await errorOf(() => batchInput.selectExpr("value").writeStream.format("memory").start());
    expect(noSource?.name).toBe("AnalysisException");
    expect(noSource?.message).toContain("writeStream");
    // Running streaming plan that cannot be incrementalized
    const sorted = await errorOf(() =>
      streamInput.toDF().selectExpr("value").sort().writeStream.format("memory").queryName("sorted").start(),
    );
    expect(sorted?.name).toBe("AnalysisException");
    expect(sorted?.message).toContain("not supported");
    expect(sorted?.message).toContain("streaming");
  });

  it("SPARK-19065: dropDuplicates should not create expressions using the same id", async () => {
    const testPath = "/dedup-ids/json";
    await t.spark
      .createDataFrame(
        [
          [1, 2],
          [2, 3],
          [3, 4],
        ],
        "_1 INT, _2 INT",
      )
      .write.mode("overwrite")
      .json(testPath);
    const schema = (await t.spark.read.json(testPath).resolve()).schema;
    const query = await t.spark.readStream
      .schema(schema)
      .json(testPath)
      .dropDuplicates("_1")
      .writeStream.format("memory")
      .queryName("testquery")
      .outputMode("append")
      .start();
    try {
      await query.processAllAvailable();
      expect(query.exception()).toBeNull();
    } finally {
      await query.stop();
    }
  });

  it("SPARK-44044: non-time-window", async () => {
    const inputData = new MemoryStream(t.spark, "_1 INT, _2 INT");
    const error = await (async () => {
      try {
        await inputData
          .toDF()
          .selectExpr("CAST(_1 AS timestamp) AS col1", "_2 AS col2")
          .withWatermark("col1", "10 seconds")
          .withColumn("rn_col", row_number().over(Window.partitionBy("col1").orderBy(col("col2"))))
          .select("rn_col", "col1", "col2")
          .writeStream.format("console")
          .start();
      } catch (e) {
        return e as Error & { getCondition(): string; messageParameters: Record<string, string> };
      }
      return undefined;
    })();
    expect(error?.name).toBe("AnalysisException");
    expect(error?.getCondition()).toBe("NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING");
    expect(error?.messageParameters).toEqual({
      windowFunc: "ROW_NUMBER()",
      columnName: "`rn_col`",
      windowSpec:
        "(PARTITION BY COL1 ORDER BY COL2 ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
    });
  });

  it("SPARK-19873: streaming aggregation with change in number of partitions", async () => {
    const inputData = new MemoryStream(t.spark, "_1 INT, _2 INT");
    const agg = inputData.toDF().groupBy("_1").count();
    const partitions = (n: string) => ({ additionalConfs: { "spark.sql.shuffle.partitions": n } });
    await testStream(
      t,
      agg,
      "complete",
      AddData(inputData, [1, 0], [2, 0]),
      StartStream({}, partitions("2")),
      CheckAnswer([1, 1], [2, 1]),
      StopStream,
      AddData(inputData, [3, 0], [2, 0]),
      StartStream({}, partitions("5")),
      CheckAnswer([1, 1], [2, 2], [3, 1]),
      StopStream,
      AddData(inputData, [3, 0], [1, 0]),
      StartStream({}, partitions("1")),
      CheckAnswer([1, 2], [2, 2], [3, 2]),
    );
  });

  it("streaming limit in multiple partitions by column", async () => {
    const inputData = new MemoryStream(t.spark, "_1 INT, _2 INT");
    const q = await inputData
      .toDF()
      .repartition(2, col("_2"))
      .limit(7)
      .writeStream.format("memory")
      .queryName("limit_partitions_by_column")
      .start();
    const check = async (size: number, max: number) => {
      const all = (await t.spark.sql("SELECT * FROM limit_partitions_by_column").collect()).map((r) =>
        Number(r._1),
      );
      expect(all).toHaveLength(size);
      expect(all.every((v) => v <= max)).toBe(true);
    };
    try {
      inputData.addData([
        [1, 0],
        [2, 0],
        [3, 1],
        [4, 1],
      ]);
      await q.processAllAvailable();
      await check(4, 4);
      inputData.addData([
        [5, 0],
        [6, 0],
        [7, 1],
        [8, 1],
      ]);
      await q.processAllAvailable();
      await check(7, 8);
    } finally {
      await q.stop();
    }
  });

  /**
   * Spark's testCurrentTimestampOnStreamingQuery: each batch's one row carries its value and a current_timestamp
   * no earlier than the previous batch's (Spark sleeps a second between the batches; the check is the same
   * without it).
   */
  const testCurrentTimestampOnStreamingQuery = async () => {
    const input = ints();
    const df = input.toDF().withColumn("cur_timestamp", lit(current_timestamp()));
    let lastTimestamp = Date.now();
    const assertBatchOutputAndUpdateLastTimestamp = (expectedValue: number) =>
      AssertOnQuery(async (query, batches) => {
        await query.processAllAvailable();
        const last = batches.get(Math.max(...batches.keys()))!;
        expect(last).toHaveLength(1);
        expect(Number(last[0]!.value)).toBe(expectedValue);
        const time = (last[0]!.cur_timestamp as Date).getTime();
        expect(time).toBeGreaterThanOrEqual(lastTimestamp);
        lastTimestamp = time;
      });
    await testStream(
      t,
      df,
      "append",
      AddData(input, 1),
      assertBatchOutputAndUpdateLastTimestamp(1),
      AddData(input, 2),
      assertBatchOutputAndUpdateLastTimestamp(2),
    );
  };

  it("SPARK-26379 Structured Streaming - Exception on adding current_timestamp  to Dataset - use v2 sink", async () => {
    await testCurrentTimestampOnStreamingQuery();
  });

  it("SPARK-26379 Structured Streaming - Exception on adding current_timestamp  to Dataset - use v1 sink", async () => {
    await testCurrentTimestampOnStreamingQuery();
  });

  it("minimize delay between batch construction and execution", async () => {
    const clocked = await newTestSession(new ManualClock(0));
    try {
      /** The latest batch id in one of the checkpoint's logs (Spark's offsetLog / commitLog.getLatest). */
      const latestIn = async (q: StreamingQuery, log: "commits" | "offsets") => {
        const files = await clocked.spark.fs.list(`${q.checkpointLocation}/${log}`);
        return Math.max(
          -1,
          ...files
            .map((f) => f.name)
            .filter((n) => /^\d+$/.test(n))
            .map(Number),
        );
      };
      // For each batch, we would retrieve new data's offsets and log them before we run the execution
      const checkOffsetLogLatestBatchId = (expectedId: number) =>
        AssertOnQuery(async (q) => expect(await latestIn(q, "offsets")).toBe(expectedId));
      // Check the latest batchid in the commit log
      const checkCommitLogLatestBatchId = (expectedId: number) =>
        AssertOnQuery(async (q) => expect(await latestIn(q, "commits")).toBe(expectedId));
      // Spark's lastExecution is the last batch this run of the query executed: here the last progress that
      // read data (a trigger without data runs no batch).
      const executedBatches = (q: StreamingQuery) =>
        q.recentProgress.filter((p) => p.numInputRows > 0).map((p) => p.batchId);
      // Ensure that there has not been an incremental execution after restart
      const checkNoIncrementalExecutionCurrentBatchId = () =>
        AssertOnQuery((q) => expect(executedBatches(q)).toEqual([]));
      const checkIncrementalExecutionCurrentBatchId = (expectedId: number) =>
        AssertOnQuery((q) => expect(executedBatches(q).at(-1)).toBe(expectedId));
      // For each batch, we would log the sink change after the execution
      const checkSinkLatestBatchId = (expectedId: number) =>
        AssertOnQuery((_q, batches) => expect(Math.max(...batches.keys())).toBe(expectedId));

      const inputData = new MemoryStream(clocked.spark, "value INT");
      await testStream(
        clocked,
        inputData.toDF(),
        "append",
        StartStream({ processingTime: "10 seconds" }),

        /* -- batch 0 ----------------------- */
        // Add some data in batch 0
        AddData(inputData, 1, 2, 3),
        AdvanceManualClock(10 * 1000), // 10 seconds

        /* -- batch 1 ----------------------- */
        // Check the results of batch 0
        CheckAnswer([1], [2], [3]),
        checkIncrementalExecutionCurrentBatchId(0),
        checkCommitLogLatestBatchId(0),
        checkOffsetLogLatestBatchId(0),
        checkSinkLatestBatchId(0),
        // Add some data in batch 1
        AddData(inputData, 4, 5, 6),
        AdvanceManualClock(10 * 1000),

        /* -- batch _ ----------------------- */
        // Check the results of batch 1
        CheckAnswer([1], [2], [3], [4], [5], [6]),
        checkIncrementalExecutionCurrentBatchId(1),
        checkCommitLogLatestBatchId(1),
        checkOffsetLogLatestBatchId(1),
        checkSinkLatestBatchId(1),

        AdvanceManualClock(10 * 1000),
        AdvanceManualClock(10 * 1000),
        AdvanceManualClock(10 * 1000),

        /* -- batch __ ---------------------- */
        // Check the results of batch 1 again; this is to make sure that, when there's no new data,
        // the currentId does not get logged (e.g. as 2) even if the clock has advanced many times
        CheckAnswer([1], [2], [3], [4], [5], [6]),
        checkIncrementalExecutionCurrentBatchId(1),
        checkCommitLogLatestBatchId(1),
        checkOffsetLogLatestBatchId(1),
        checkSinkLatestBatchId(1),

        /* Stop then restart the Stream  */
        StopStream,
        StartStream({ processingTime: "10 seconds" }),

        /* -- batch 1 no rerun ----------------- */
        // batch 1 would not re-run because the latest batch id logged in commit log is 1
        AdvanceManualClock(10 * 1000),
        checkNoIncrementalExecutionCurrentBatchId(),

        /* -- batch 2 ----------------------- */
        // Check the results of batch 1
        CheckAnswer([1], [2], [3], [4], [5], [6]),
        checkCommitLogLatestBatchId(1),
        checkOffsetLogLatestBatchId(1),
        checkSinkLatestBatchId(1),
        // Add some data in batch 2
        AddData(inputData, 7, 8, 9),
        AdvanceManualClock(10 * 1000),

        /* -- batch 3 ----------------------- */
        // Check the results of batch 2
        CheckAnswer([1], [2], [3], [4], [5], [6], [7], [8], [9]),
        checkIncrementalExecutionCurrentBatchId(2),
        checkCommitLogLatestBatchId(2),
        checkOffsetLogLatestBatchId(2),
        checkSinkLatestBatchId(2),
      );
    } finally {
      await clocked.cleanup();
    }
  });
});
