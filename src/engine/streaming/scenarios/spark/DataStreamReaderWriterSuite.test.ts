/**
 * Cases of Spark's DataStreamReaderWriterSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming/test),
 * each named as there, with Spark's inputs and expected answers. Spark's cases run on a test source and sink
 * (`org.apache.spark.sql.streaming.test`) that record the options they were given; here a MemoryStream or a file
 * source, and the memory, noop and foreachBatch sinks, show the same options and paths through what they do.
 *
 * Not ported:
 * - "resolve default source", "resolve full class", "options" and "test different data
 *   types for options" as written: they read the options a Scala provider class was handed (LastOptions and
 *   Mockito); there are no user provider classes here. The options' string form is ported below through a sink
 *   that reads them (the console sink's numRows).
 * - "SPARK-32853: consecutive load/start calls should be allowed" with the test provider: ported below on the
 *   parquet source and the noop sink.
 * - "check outputMode(string) throws exception on unsupported modes": no longer in Spark 4's suite (Spark 4 takes
 *   "Update" in any case and refuses "Xyz" with STREAMING_OUTPUT_MODE.INVALID, as Sluice does).
 * - "ConsoleSink can be correctly loaded": awaitTermination(2000) on a wall clock; the console sink is started
 *   and stopped below.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SparkError } from "../../../errors/exceptions";
import { MemoryStream } from "../../../sources/MemoryStream";
import { col } from "../../../sql/api/functions";
import { newTestSession, type TestSession } from "../../../testing/fixtures";

/** The error `f` throws or rejects with, or undefined. */
async function errorOf(f: () => unknown): Promise<SparkError | undefined> {
  try {
    await f();
    return undefined;
  } catch (e) {
    return e as SparkError;
  }
}

describe("DataStreamReaderWriterSuite", () => {
  // One session for the suite (a session takes seconds to start on a loaded machine): each case uses its own
  // paths and names, and what it sets is unset after it.
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());
  afterEach(async () => {
    for (const q of t.spark.streams.active) await q.stop();
    for (const key of [
      "spark.sql.streaming.checkpointLocation",
      "spark.sql.streaming.forceDeleteTempCheckpointLocation",
      "spark.sql.ansi.enabled",
      "spark.sql.legacy.pathOptionBehavior.enabled",
      "testKey1",
    ])
      t.spark.conf.unset(key);
    t.spark.setOutput(() => {});
  });
  const ints = () => new MemoryStream(t.spark, "value INT");

  it("write cannot be called on streaming datasets", async () => {
    // Spark 4 raises CALL_ON_STREAMING_DATASET_UNSUPPORTED, whose message names the method and the
    // "streaming Dataset/DataFrame".
    const e = await errorOf(() => ints().toDF().write.save());
    expect(e?.name).toBe("AnalysisException");
    expect(e?.getCondition()).toBe("CALL_ON_STREAMING_DATASET_UNSUPPORTED");
    expect(e?.getMessageParameters()).toEqual({ methodName: "`write`" });
    for (const s of ["`write`", "not", "streaming Dataset/DataFrame"])
      expect(e?.message.toLowerCase()).toContain(s.toLowerCase());
  });

  it("partitioning", async () => {
    const df = new MemoryStream(t.spark, "a INT, value INT").toDF();
    const start = (n: number, ...columns: string[]) =>
      df.writeStream
        .format("parquet")
        .option("checkpointLocation", `/checkpoints/partitioning-${n}`)
        .partitionBy(...columns)
        .start(`/output/partitioning-${n}`);
    await (await start(0)).stop();
    await (await start(1, "a")).stop();
    // spark.sql.caseSensitive is false by default: "A" is the column "a".
    await (await start(2, "A")).stop();
    expect((await errorOf(() => start(3, "b")))?.name).toBe("AnalysisException");
  });

  it("SPARK-32832: later option should override earlier options for load()", async () => {
    await t.spark.createDataFrame([[5]], "a INT").write.parquet("/5");
    const df = t.spark.readStream
      .format("parquet")
      .schema("a INT")
      .option("paTh", "/1")
      .option("PATH", "/2")
      .option("Path", "/3")
      .option("patH", "/4")
      .option("path", "/5")
      .load();
    const q = await df.writeStream.format("memory").queryName("later_load").start();
    await q.processAllAvailable();
    await q.stop();
    expect((await t.spark.table("later_load").collect()).map((r) => Object.values(r))).toEqual([[5]]);
  });

  it("SPARK-32832: later option should override earlier options for start()", async () => {
    const input = ints();
    input.addData([[1]]);
    const q = await input
      .toDF()
      .writeStream.format("parquet")
      .option("checkpointLocation", "/checkpoints/later-start")
      .option("paTh", "/1")
      .option("PATH", "/2")
      .option("Path", "/3")
      .option("patH", "/4")
      .option("path", "/5")
      .start();
    await q.processAllAvailable();
    await q.stop();
    expect((await t.spark.read.parquet("/5").collect()).map((r) => Object.values(r))).toEqual([[1]]);
    expect(await t.spark.fs.stat("/1")).toBeFalsy();
  });

  it("clustering", async () => {
    const df = new MemoryStream(t.spark, "a INT, value INT").toDF();
    const writer = (n: number) =>
      df.writeStream.format("parquet").option("checkpointLocation", `/checkpoints/clustering-${n}`);
    await (await writer(0).clusterBy("a").start("/output/clustering-0")).stop();
    const e = await errorOf(() => writer(1).clusterBy("a").partitionBy("a").start("/output/clustering-1"));
    expect(e?.name).toBe("AnalysisException");
    expect(e?.getCondition()).toBe("SPECIFY_CLUSTER_BY_WITH_PARTITIONED_BY_IS_NOT_ALLOWED");
  });

  it("stream paths", async () => {
    await t.spark.createDataFrame([[1]], "a INT").write.parquet("/test");
    const df = t.spark.readStream.schema("a INT").format("parquet").load("/test");
    const q = await df.writeStream
      .format("parquet")
      .option("checkpointLocation", "/checkpoints/stream-paths")
      .start("/test-out");
    await q.processAllAvailable();
    await q.stop();
    expect((await t.spark.read.parquet("/test-out").collect()).map((r) => Object.values(r))).toEqual([[1]]);
  });

  it("test different data types for options", async () => {
    // An option's value is its string form: numRows 1 (a number) and truncate false (a boolean) as "1", "false".
    const lines: string[] = [];
    const input = ints();
    input.addData([[1], [2]]);
    t.spark.setOutput((text) => lines.push(text));
    const q = await input
      .toDF()
      .writeStream.format("console")
      .option("numRows", 1)
      .option("truncate", false)
      .start();
    await q.processAllAvailable();
    await q.stop();
    expect(lines.join("\n")).toContain("only showing top 1 row");
  });

  it("unique query names", async () => {
    const startQueryWithName = (name?: string | null) => {
      const writer = ints().toDF().writeStream.format("noop");
      if (name !== undefined) writer.queryName(name);
      return writer.start();
    };
    const activeStreamNames = () => {
      const names = new Set(t.spark.streams.active.map((q) => q.name));
      expect(names.size).toBe(t.spark.streams.active.length);
      return names;
    };
    const q1 = await startQueryWithName("name");
    // Should not be able to start another query with the same name
    expect((await errorOf(() => startQueryWithName("name")))?.name).toBe("IllegalArgumentException");
    expect(activeStreamNames()).toEqual(new Set(["name"]));
    // Should be able to start queries with other names
    await startQueryWithName("another-name");
    expect(activeStreamNames()).toEqual(new Set(["name", "another-name"]));
    // Should be able to start queries without a name (Spark 4's is null)
    const q4 = await startQueryWithName();
    expect(q4.name).toBeNull();
    expect(activeStreamNames().has(null)).toBe(true);
    // Should not be able to start a query with the same (null) name
    expect((await errorOf(() => startQueryWithName(q4.name)))?.name).toBe("IllegalArgumentException");
    // Should be able to start query with that name after stopping the previous query
    await q1.stop();
    await startQueryWithName("name");
    expect(activeStreamNames().has("name")).toBe(true);
    for (const q of t.spark.streams.active) await q.stop();
  });

  it("trigger", async () => {
    const df = ints().toDF();
    let q = await df.writeStream.format("noop").trigger({ processingTime: "10 seconds" }).start();
    await q.stop();
    q = await df.writeStream.format("noop").trigger({ processingTime: 100_000 }).start();
    await q.stop();
    expect(q.isActive).toBe(false);
  });

  it("source metadataPath", async () => {
    // Spark hands each source <checkpoint>/sources/<i>; file sources keep their seen-files log there.
    await t.spark.createDataFrame([[1]], "a INT").write.parquet("/metadata-path/one");
    await t.spark.createDataFrame([[2]], "a INT").write.parquet("/metadata-path/two");
    const checkpointLocation = "/checkpoints/metadata-path";
    const df1 = t.spark.readStream.format("parquet").schema("a INT").load("/metadata-path/one");
    const df2 = t.spark.readStream.format("parquet").schema("a INT").load("/metadata-path/two");
    const q = await df1
      .union(df2)
      .writeStream.format("noop")
      .option("checkpointLocation", checkpointLocation)
      .trigger({ processingTime: "10 seconds" })
      .start();
    await q.processAllAvailable();
    await q.stop();
    expect(await t.spark.fs.stat(`${checkpointLocation}/sources/0`)).toBeTruthy();
    expect(await t.spark.fs.stat(`${checkpointLocation}/sources/1`)).toBeTruthy();
  });

  it("check foreach() catches null writers", () => {
    const w = ints().toDF().writeStream;
    let e: SparkError | undefined;
    try {
      w.foreach(null as never);
    } catch (error) {
      e = error as SparkError;
    }
    expect(e?.name).toBe("IllegalArgumentException");
    for (const s of ["foreach", "null"]) expect(e?.message.toLowerCase()).toContain(s);
  });

  it("check foreach() does not support partitioning", async () => {
    const w = ints().toDF().writeStream.partitionBy("value");
    const e = await errorOf(() =>
      w.foreach({ open: () => false, process: () => {}, close: () => {} }).start(),
    );
    expect(e?.name).toBe("AnalysisException");
    for (const s of ["foreach", "partitioning"]) expect(e?.message.toLowerCase()).toContain(s);
  });

  it("prevent all column partitioning", async () => {
    const e = await errorOf(() =>
      ints()
        .toDF()
        .toDF("id")
        .writeStream.outputMode("append")
        .partitionBy("id")
        .format("parquet")
        .option("checkpointLocation", "/checkpoints/all-columns")
        .start("/output/all-columns"),
    );
    expect(e?.name).toBe("AnalysisException");
  });

  const testMemorySinkCheckpointRecovery = async (chkLoc: string, provideInWriter: boolean) => {
    const ms = ints();
    const df = ms.toDF().toDF("a");
    const tableName = "test";
    const startQuery = () => {
      const writer = df
        .groupBy("a")
        .count()
        .writeStream.format("memory")
        .queryName(tableName)
        .outputMode("complete");
      if (provideInWriter) writer.option("checkpointLocation", chkLoc);
      return writer.start();
    };
    const rows = async () =>
      (await t.spark.table(tableName).collect())
        .map((r) => Object.values(r).map(Number))
        .sort((x, y) => x[0] - y[0]);
    // no exception here
    const q = await startQuery();
    ms.addData([[0], [1]]);
    await q.processAllAvailable();
    await q.stop();
    expect(await rows()).toEqual([
      [0, 1],
      [1, 1],
    ]);
    await t.spark.sql(`drop table ${tableName}`).collect();
    // verify table is dropped
    expect((await errorOf(() => t.spark.table(tableName).collect()))?.name).toBe("AnalysisException");
    const q2 = await startQuery();
    ms.addData([[0]]);
    await q2.processAllAvailable();
    expect(await rows()).toEqual([
      [0, 2],
      [1, 1],
    ]);
    await q2.stop();
  };

  it("MemorySink can recover from a checkpoint in Complete Mode", async () => {
    const checkpointLoc = "/checkpoints/memory-recovery";
    await t.spark.fs.mkdirs(`${checkpointLoc}/offsets`);
    await testMemorySinkCheckpointRecovery(checkpointLoc, true);
  });

  it("SPARK-18927: MemorySink can recover from a checkpoint provided in conf in Complete Mode", async () => {
    const checkpointLoc = "/checkpoints/memory-recovery-conf";
    await t.spark.fs.mkdirs(`${checkpointLoc}/offsets`);
    t.spark.conf.set("spark.sql.streaming.checkpointLocation", checkpointLoc);
    await testMemorySinkCheckpointRecovery(checkpointLoc, false);
  });

  it("append mode memory sink's do not support checkpoint recovery", async () => {
    const checkpointLoc = "/checkpoints/memory-append";
    await t.spark.fs.mkdirs(`${checkpointLoc}/offsets`);
    const e = await errorOf(() =>
      ints()
        .toDF()
        .toDF("a")
        .writeStream.format("memory")
        .queryName("test")
        .option("checkpointLocation", checkpointLoc)
        .outputMode("append")
        .start(),
    );
    expect(e?.name).toBe("AnalysisException");
    expect(e?.message).toContain("does not support recovering");
    expect(e?.message).toContain("checkpoint location");
  });

  it("SPARK-18510: use user specified types for partition columns in file sources", async () => {
    // Spark builds `ex` with a Scala udf (1 to id + 1 as strings); sequence() makes the same arrays.
    await t.spark
      .range(4)
      .selectExpr(
        "transform(sequence(1, cast(id + 1 AS INT)), x -> cast(x AS STRING)) AS ex",
        "id",
        "id % 4 AS part",
      )
      .coalesce(1)
      .write.partitionBy("part", "id")
      .mode("overwrite")
      .parquet("/partitioned-src");
    // A random ordering of the schema, a partition column as a string: partition columns go to the end.
    const sdf = t.spark.readStream
      .schema("id STRING, ex ARRAY<STRING>")
      .format("parquet")
      .load("/partitioned-src");
    expect(sdf.schema.fields.map((f) => [f.name, f.dataType.simpleString()])).toEqual([
      ["ex", "array<string>"],
      ["part", "int"], // inferred partitionColumn dataType
      ["id", "string"], // used user provided partitionColumn dataType
    ]);
    const sq = await sdf.writeStream.queryName("corruption_test").format("memory").start();
    await sq.processAllAvailable();
    await sq.stop();
    const rows = (await t.spark.table("corruption_test").collect())
      .map((r) => Object.values(r))
      .sort((x, y) => Number(x[1]) - Number(y[1]));
    // notice how `part` is ordered before `id`
    expect(rows).toEqual([
      [["1"], 0, "0"],
      [["1", "2"], 1, "1"],
      [["1", "2", "3"], 2, "2"],
      [["1", "2", "3", "4"], 3, "3"],
    ]);
  });

  it("user specified checkpointLocation precedes SQLConf", async () => {
    const checkpointPath = "/checkpoints/conf-root";
    await t.spark.fs.mkdirs(checkpointPath);
    const userCheckpointPath = "/checkpoints/user";
    expect(await t.spark.fs.stat(userCheckpointPath)).toBeFalsy();
    t.spark.conf.set("spark.sql.streaming.checkpointLocation", checkpointPath);
    const q = await ints()
      .toDF()
      .writeStream.format("memory")
      .queryName("test_query")
      .option("checkpointLocation", userCheckpointPath)
      .start();
    await q.stop();
    expect(await t.spark.fs.list(checkpointPath)).toEqual([]);
    expect(await t.spark.fs.stat(userCheckpointPath)).toBeTruthy();
  });

  it("use SQLConf checkpoint dir when checkpointLocation is not specified", async () => {
    const checkpointPath = "/checkpoints/conf-named";
    await t.spark.fs.mkdirs(checkpointPath);
    t.spark.conf.set("spark.sql.streaming.checkpointLocation", checkpointPath);
    const q = await ints().toDF().writeStream.format("memory").queryName("test_query").start();
    await q.stop();
    // Should use query name to create a folder in `checkpointPath`
    expect(await t.spark.fs.stat(`${checkpointPath}/test_query`)).toBeTruthy();
    expect((await t.spark.fs.list(checkpointPath)).length).toBe(1);
  });

  it("use SQLConf checkpoint dir when checkpointLocation is not specified without query name", async () => {
    const checkpointPath = "/checkpoints/conf-unnamed";
    await t.spark.fs.mkdirs(checkpointPath);
    t.spark.conf.set("spark.sql.streaming.checkpointLocation", checkpointPath);
    const q = await ints().toDF().writeStream.format("console").start();
    await q.stop();
    // Should create a random folder in `checkpointPath`
    expect((await t.spark.fs.list(checkpointPath)).length).toBe(1);
  });

  it("configured checkpoint dir should not be deleted if a query is stopped without errors and force temp checkpoint deletion enabled", async () => {
    const checkpointPath = "/checkpoints/conf-kept";
    await t.spark.fs.mkdirs(checkpointPath);
    t.spark.conf.set("spark.sql.streaming.checkpointLocation", checkpointPath);
    t.spark.conf.set("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true");
    const query = await ints().toDF().writeStream.format("console").start();
    expect(await t.spark.fs.stat(checkpointPath)).toBeTruthy();
    await query.stop();
    expect(await t.spark.fs.stat(checkpointPath)).toBeTruthy();
  });

  it("temp checkpoint dir should be deleted if a query is stopped without errors", async () => {
    const query = await ints().toDF().writeStream.format("console").start();
    await query.processAllAvailable();
    const checkpointDir = query.checkpointLocation;
    expect(await t.spark.fs.stat(checkpointDir)).toBeTruthy();
    await query.stop();
    expect(await t.spark.fs.stat(checkpointDir)).toBeFalsy();
  });

  const testTempCheckpointWithFailedQuery = async (checkpointMustBeDeleted: boolean) => {
    const input = ints();
    const query = await input.toDF().select(col("value").divide(0)).writeStream.format("console").start();
    const checkpointDir = query.checkpointLocation;
    expect(await t.spark.fs.stat(checkpointDir)).toBeTruthy();
    input.addData([[1]]);
    expect((await errorOf(() => query.awaitTermination()))?.name).toBe("StreamingQueryException");
    expect(Boolean(await t.spark.fs.stat(checkpointDir))).toBe(!checkpointMustBeDeleted);
  };

  it("temp checkpoint dir should not be deleted if a query is stopped with an error", async () => {
    t.spark.conf.set("spark.sql.ansi.enabled", "true");
    await testTempCheckpointWithFailedQuery(false);
  });

  it("temp checkpoint should be deleted if a query is stopped with an error and force temp checkpoint deletion enabled", async () => {
    t.spark.conf.set("spark.sql.ansi.enabled", "true");
    t.spark.conf.set("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true");
    await testTempCheckpointWithFailedQuery(true);
  });

  it("SPARK-20431: Specify a schema by using a DDL-formatted string", async () => {
    await t.spark.fs.mkdirs("/ddl");
    const df = t.spark.readStream.format("parquet").schema("aa INT").load("/ddl");
    expect(df.schema.fields.map((f) => [f.name, f.dataType.simpleString()])).toEqual([["aa", "int"]]);
  });

  it("SPARK-26586: Streams should have isolated confs", async () => {
    const input = ints();
    input.addData(Array.from({ length: 10 }, (_, i) => [i + 1]));
    t.spark.conf.set("testKey1", "0");
    const queries = [];
    const wrong: string[] = [];
    for (let i = 1; i <= 10; i++) {
      t.spark.conf.set("testKey1", String(i));
      queries.push(
        await input
          .toDF()
          .writeStream.foreachBatch((df) => {
            const v = Number(df.sparkSession.conf.get("testKey1"));
            if (i !== v) wrong.push(`Stream ${i} has the wrong conf value ${v}`);
          })
          .start(),
      );
    }
    try {
      for (const q of queries) await q.processAllAvailable();
    } finally {
      for (const q of queries) await q.stop();
    }
    expect(wrong).toEqual([]);
  });

  it("SPARK-32516: 'path' cannot coexist with load()'s path parameter", async () => {
    const verifyLoadFails = async (f: () => unknown) => {
      const e = await errorOf(f);
      expect(e?.name).toBe("AnalysisException");
      expect(e?.message).toContain("Either remove the path option, or call load() without the parameter");
    };
    await verifyLoadFails(() => t.spark.readStream.option("path", "tmp1").parquet("tmp2"));
    await verifyLoadFails(() => t.spark.readStream.option("path", "tmp1").parquet(""));
    await verifyLoadFails(() => t.spark.readStream.option("path", "tmp1").format("parquet").load("tmp2"));
    await verifyLoadFails(() => t.spark.readStream.option("path", "tmp1").format("parquet").load(""));

    // SPARK-32516: legacy behavior — load()'s path overwrites the path option.
    t.spark.conf.set("spark.sql.legacy.pathOptionBehavior.enabled", "true");
    await t.spark.createDataFrame([[2]], "a INT").write.parquet("/legacy-tmp2");
    const q = await t.spark.readStream
      .format("parquet")
      .schema("a INT")
      .option("path", "/legacy-tmp1")
      .load("/legacy-tmp2")
      .writeStream.format("memory")
      .queryName("legacy_load")
      .start();
    await q.processAllAvailable();
    await q.stop();
    expect((await t.spark.table("legacy_load").collect()).map((r) => Object.values(r))).toEqual([[2]]);
  });

  it("SPARK-32516: 'path' cannot coexist with start()'s path parameter", async () => {
    const df = ints().toDF();
    const verifyStartFails = async (f: () => unknown) => {
      const e = await errorOf(f);
      expect(e?.name).toBe("AnalysisException");
      expect(e?.message).toContain("Either remove the path option, or call start() without the parameter");
    };
    await verifyStartFails(() => df.writeStream.format("parquet").option("path", "tmp2").start("tmp3"));
    await verifyStartFails(() => df.writeStream.format("parquet").option("path", "tmp2").start(""));

    // SPARK-32516: legacy behavior — start()'s path overwrites the path option.
    t.spark.conf.set("spark.sql.legacy.pathOptionBehavior.enabled", "true");
    t.spark.conf.set("spark.sql.streaming.checkpointLocation", "/checkpoints/legacy-start");
    const input = ints();
    input.addData([[5]]);
    const q = await input
      .toDF()
      .writeStream.format("parquet")
      .option("path", "/legacy-tmp4")
      .start("/legacy-tmp5");
    await q.processAllAvailable();
    await q.stop();
    expect((await t.spark.read.parquet("/legacy-tmp5").collect()).map((r) => Object.values(r))).toEqual([
      [5],
    ]);
    expect(await t.spark.fs.stat("/legacy-tmp4")).toBeFalsy();
  });

  it("SPARK-32853: consecutive load/start calls should be allowed", async () => {
    await t.spark.fs.mkdirs("/one");
    await t.spark.fs.mkdirs("/two");
    const dfr = t.spark.readStream.format("parquet").schema("a INT");
    let df = dfr.load("/one");
    df = dfr.load("/two");
    const dfw = df.writeStream.option("checkpointLocation", "/checkpoints/consecutive").format("noop");
    let query = await dfw.start("1");
    await query.stop();
    query = await dfw.start("2");
    await query.stop();
    expect(query.isActive).toBe(false);
  });
});
