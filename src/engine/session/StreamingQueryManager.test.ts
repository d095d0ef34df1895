/**
 * Where a query keeps its checkpoint, as Spark's DataStreamReaderWriterSuite and StreamingQueryManagerSuite
 * expect: the option, else spark.sql.streaming.checkpointLocation/<name>, else a temporary directory for the
 * sinks Spark lets run without one (memory, console, noop, foreach, foreachBatch), deleted when the query stops
 * without an error.
 */
import { describe, expect, it } from "vitest";
import { AnalysisException, StreamingQueryException } from "../errors";
import { MemoryStream } from "../sources/MemoryStream";
import { col, lit } from "../sql/api/functions";
import type { StreamingQuery } from "../streaming/runtime/StreamingQuery";
import { namesIn, sharedSession } from "../testing/files";

describe("checkpoint locations", () => {
  const ctx = sharedSession();
  const exists = async (path: string) => (await ctx.t.spark.fs.stat(path)) !== undefined;

  /** Waits for the query to end, giving the error it ended with. */
  const failureOf = (query: StreamingQuery) =>
    query.awaitTermination().then(
      () => undefined,
      (error: unknown) => error,
    );

  it.each(["memory", "console", "noop", "foreachBatch"])(
    "a %s query without checkpointLocation runs on a temporary one, deleted when it stops",
    async (sink) => {
      const { t } = ctx;
      const input = new MemoryStream(t.spark, "value INT");
      const writer = input.toDF().writeStream.queryName(`temp_${sink}`);
      const query = await (sink === "foreachBatch"
        ? writer.foreachBatch(() => {})
        : writer.format(sink)
      ).start();
      input.addData([[1], [2]]);
      await query.processAllAvailable();
      expect(query.checkpointLocation).toMatch(/^\/tmp\/temporary-/);
      expect(await exists(`${query.checkpointLocation}/offsets/0`)).toBe(true);
      await query.stop();
      expect(await exists(query.checkpointLocation)).toBe(false);
    },
  );

  it("file sinks still need one, with Spark's message", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "value INT");
    const start = () => input.toDF().writeStream.format("parquet").start(`${dir}/out`);
    await expect(start()).rejects.toThrow(AnalysisException);
    await expect(start()).rejects.toThrow(
      'checkpointLocation must be specified either through option("checkpointLocation", ...) or SparkSession.conf.set("spark.sql.streaming.checkpointLocation", ...).',
    );
    expect(await namesIn(t, dir)).toEqual([]);
  });

  it("a temporary checkpoint of a query that failed is kept, unless forceDeleteTempCheckpointLocation", async () => {
    const { t } = ctx;
    for (const force of [false, true]) {
      t.spark.conf.set("spark.sql.streaming.forceDeleteTempCheckpointLocation", force);
      const input = new MemoryStream(t.spark, "value INT");
      const query = await input
        .toDF()
        .select(col("value").divide(lit(0)))
        .writeStream.format("console")
        .start();
      expect(await exists(query.checkpointLocation)).toBe(true);
      input.addData([[1]]);
      expect(await failureOf(query)).toBeInstanceOf(StreamingQueryException);
      expect(await exists(query.checkpointLocation)).toBe(!force);
    }
    t.spark.conf.unset("spark.sql.streaming.forceDeleteTempCheckpointLocation");
  });

  it("spark.sql.streaming.checkpointLocation holds one directory per query: its name, else a random one", async () => {
    const { t, dir } = ctx;
    t.spark.conf.set("spark.sql.streaming.checkpointLocation", `${dir}/conf`);
    try {
      const input = new MemoryStream(t.spark, "value INT");
      await (await input.toDF().writeStream.format("memory").queryName("test_query").start()).stop();
      expect(await namesIn(t, `${dir}/conf`)).toEqual(["test_query"]);
      await (await input.toDF().writeStream.format("console").start()).stop();
      const names = await namesIn(t, `${dir}/conf`);
      expect(names).toHaveLength(2);
      // Not temporary: kept after a stop, even when temporary ones are deleted by force.
      t.spark.conf.set("spark.sql.streaming.forceDeleteTempCheckpointLocation", true);
      await (await input.toDF().writeStream.format("console").start()).stop();
      expect(await namesIn(t, `${dir}/conf`)).toHaveLength(3);
      // The option comes before the conf.
      const query = await input
        .toDF()
        .writeStream.format("memory")
        .queryName("user_given")
        .option("checkpointLocation", `${dir}/user`)
        .start();
      await query.stop();
      expect(query.checkpointLocation).toBe(`${dir}/user`);
      expect(await exists(`${dir}/user/metadata`)).toBe(true);
      expect(await namesIn(t, `${dir}/conf`)).toHaveLength(3);
    } finally {
      t.spark.conf.unset("spark.sql.streaming.checkpointLocation");
      t.spark.conf.unset("spark.sql.streaming.forceDeleteTempCheckpointLocation");
    }
  });

  it("a memory sink takes up its checkpoint again in complete mode only", async () => {
    const { t, dir } = ctx;
    // DataStreamReaderWriterSuite "MemorySink can recover from a checkpoint in Complete Mode".
    const input = new MemoryStream(t.spark, "a INT");
    await t.spark.fs.mkdirs(`${dir}/ckpt/offsets`);
    const start = () =>
      input
        .toDF()
        .groupBy("a")
        .count()
        .writeStream.format("memory")
        .queryName("recovered")
        .outputMode("complete")
        .option("checkpointLocation", `${dir}/ckpt`)
        .start();
    const first = await start();
    input.addData([[0], [1]]);
    await first.processAllAvailable();
    await first.stop();
    const counts = async () =>
      (await t.spark.sql("SELECT * FROM recovered ORDER BY a").collect()).map((r) => [r.a, r.count]);
    expect(await counts()).toEqual([
      [0, 1],
      [1, 1],
    ]);
    const second = await start();
    input.addData([[0]]);
    await second.processAllAvailable();
    await second.stop();
    expect(await counts()).toEqual([
      [0, 2],
      [1, 1],
    ]);

    // "append mode memory sink's do not support checkpoint recovery".
    await t.spark.fs.mkdirs(`${dir}/append/offsets`);
    const append = input
      .toDF()
      .writeStream.format("memory")
      .queryName("appended")
      .option("checkpointLocation", `${dir}/append`)
      .outputMode("append")
      .start();
    await expect(append).rejects.toThrow(AnalysisException);
    await expect(append).rejects.toThrow(
      `This query does not support recovering from checkpoint location. Delete ${dir}/append/offsets to start over.`,
    );
  });

  it("a running query keeps the conf it started with (Spark's cloned session)", async () => {
    // DataStreamReaderWriterSuite "SPARK-26586: Streams should have isolated confs".
    const { t } = ctx;
    const input = new MemoryStream(t.spark, "value INT");
    input.addData([[1], [2]]);
    const seen: string[] = [];
    const queries: StreamingQuery[] = [];
    for (const i of [1, 2, 3]) {
      t.spark.conf.set("testKey1", i);
      queries.push(
        await input
          .toDF()
          .writeStream.foreachBatch((df) => {
            seen.push(`${i}:${df.sparkSession.conf.get("testKey1")}`);
          })
          .start(),
      );
    }
    t.spark.conf.set("testKey1", 0);
    for (const q of queries) await q.processAllAvailable();
    for (const q of queries) await q.stop();
    expect(seen.sort()).toEqual(["1:1", "2:2", "3:3"]);
  });

  it("refuses partitionBy on memory and foreachBatch sinks, and a path given twice", async () => {
    const { t, dir } = ctx;
    const df = new MemoryStream(t.spark, "value INT").toDF();
    await expect(df.writeStream.format("memory").queryName("p").partitionBy("value").start()).rejects.toThrow(
      "'memory' does not support partitioning.",
    );
    await expect(
      df.writeStream
        .partitionBy("value")
        .foreachBatch(() => {})
        .start(),
    ).rejects.toThrow("'foreachBatch' does not support partitioning.");
    // DataStreamReaderWriterSuite "SPARK-32516: 'path' cannot coexist with start()'s path parameter".
    await expect(
      df.writeStream
        .format("parquet")
        .option("path", `${dir}/a`)
        .option("checkpointLocation", `${dir}/ckpt`)
        .start(`${dir}/b`),
    ).rejects.toThrow("Either remove the path option, or call start() without the parameter");
    // "prevent all column partitioning".
    await expect(
      df.writeStream
        .format("parquet")
        .partitionBy("value")
        .option("checkpointLocation", `${dir}/ckpt`)
        .start(`${dir}/c`),
    ).rejects.toThrow("[ALL_PARTITION_COLUMNS_NOT_ALLOWED] Cannot use all columns for partition columns.");
    expect(await namesIn(t, dir)).toEqual([]);
  });
});
