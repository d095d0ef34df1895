import { describe, expect, it } from "vitest";
import { AnalysisException, IllegalArgumentException, StreamingQueryException } from "../../errors";
import { MemoryStream } from "../../sources/MemoryStream";
import { col } from "../../sql/api/functions";
import type { Row } from "../../sql/api/rows";
import { sortedRows } from "../../testing/batches";
import { eventFilePath, SEED_SCHEMA, writeEventFiles } from "../../testing/eventFiles";
import { finalizeCountsBySource, readParquetRows } from "../../testing/expected";
import { logIds, namesIn, setModificationTime, sharedSession } from "../../testing/files";

const T0 = Date.UTC(2024, 0, 1);

const asCounts = (rows: Row[]) =>
  Object.fromEntries(rows.map((r) => [String(r.traffic_source), Number(r.count)]));

describe("a failure inside a batch", () => {
  const ctx = sharedSession();

  /** Three event files, taken in order; file 1 is not Parquet. */
  const eventsWithCorruptFile = async () => {
    const { t, dir } = ctx;
    await writeEventFiles(t.spark, `${dir}/events`, 3, 100);
    const bad = eventFilePath(`${dir}/events`, 1);
    await t.spark.fs.writeFile(bad, "this is not a parquet file");
    for (const i of [0, 1, 2]) setModificationTime(t, eventFilePath(`${dir}/events`, i), T0 + i * 1000);
    return bad;
  };

  const events = () =>
    ctx.t.spark.readStream.schema(SEED_SCHEMA).option("maxFilesPerTrigger", 1).parquet(`${ctx.dir}/events`);

  it("ends the query with Spark's StreamingQueryException naming the file; a restart without it loses nothing", async () => {
    const { t, dir } = ctx;
    const bad = await eventsWithCorruptFile();
    const start = () =>
      events()
        .filter(col("event_name").eq("finalize"))
        .groupBy("traffic_source")
        .count()
        .writeStream.outputMode("complete")
        .format("memory")
        .queryName("ratings")
        .option("checkpointLocation", `${dir}/ckpt`)
        .start();
    const query = await start();
    const failure = await query.awaitTermination().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StreamingQueryException);
    expect(query.exception()).toBe(failure);
    expect(query.isActive).toBe(false);
    const error = failure as StreamingQueryException;
    expect(error.batchId).toBe(1);
    expect(error.queryId).toBe(query.id);
    const cause = error.cause as Error;
    expect(cause.message).toContain(bad);
    // Spark 4's STREAM_FAILED names the query by its ids; its name is in the debug string.
    expect(error.message).toBe(
      `[STREAM_FAILED] Query [id = ${query.id}, runId = ${query.runId}] terminated with exception: ${cause.message} SQLSTATE: XXKST`,
    );
    expect(error.getCondition()).toBe("STREAM_FAILED");
    expect(error.getMessageParameters()).toMatchObject({
      id: query.id,
      runId: query.runId,
      message: cause.message,
      startOffset: '[{"logOffset":0}]',
      endOffset: '[{"logOffset":1}]',
    });
    expect([error.startOffset, error.endOffset]).toEqual(['[{"logOffset":0}]', '[{"logOffset":1}]']);
    expect(error.toString()).toBe(
      [
        `org.apache.spark.sql.streaming.StreamingQueryException: ${cause.message}`,
        "=== Streaming Query ===",
        `Identifier: ratings [id = ${query.id}, runId = ${query.runId}]`,
        `Current Committed Offsets: {${query.lastProgress?.sources[0].description}: {"logOffset":0}}`,
        `Current Available Offsets: {${query.lastProgress?.sources[0].description}: {"logOffset":1}}`,
        "",
        "Current State: ACTIVE",
        "Thread State: RUNNABLE",
      ].join("\n"),
    );
    await expect(query.processAllAvailable()).rejects.toBe(failure);
    // The checkpoint is as a crash in batch 1 leaves it: its offsets are logged, its commit is not.
    expect(await logIds(t, `${dir}/ckpt/offsets`)).toEqual([0, 1]);
    expect(await logIds(t, `${dir}/ckpt/commits`)).toEqual([0]);

    await t.spark.fs.delete(bad);
    const restarted = await start();
    await restarted.processAllAvailable();
    await restarted.stop();
    expect(restarted.recentProgress.map((p) => p.batchId)).toEqual([1, 2]);
    const good = [0, 2].map((i) => eventFilePath(`${dir}/events`, i));
    expect(asCounts(await t.spark.sql("SELECT * FROM ratings").collect())).toEqual(
      await finalizeCountsBySource(t.spark.fs, good),
    );
  });

  it("a file sink restarted after the failure holds every good row once", async () => {
    const { t, dir } = ctx;
    const bad = await eventsWithCorruptFile();
    const start = () =>
      events()
        .select("user_id", "event_timestamp")
        .writeStream.format("parquet")
        .option("checkpointLocation", `${dir}/ckpt`)
        .start(`${dir}/out`);
    const query = await start();
    await query.awaitTermination().catch(() => {});
    expect(query.exception()?.batchId).toBe(1);
    await t.spark.fs.delete(bad);
    const restarted = await start();
    await restarted.processAllAvailable();
    await restarted.stop();
    const expected = (
      await Promise.all([0, 2].map((i) => readParquetRows(t.spark.fs, eventFilePath(`${dir}/events`, i))))
    )
      .flat()
      .map((r) => ({ user_id: r.user_id, event_timestamp: Number(r.event_timestamp) }));
    expect(sortedRows(await t.spark.read.parquet(`${dir}/out`).collect())).toEqual(sortedRows(expected));
  });
});

type ErrorClass = new (...args: never[]) => Error;

describe("start() refuses a bad query before any batch runs or any file is written", () => {
  const ctx = sharedSession();
  const streaming = () => new MemoryStream(ctx.t.spark, "event_name STRING, event_timestamp BIGINT").toDF();
  const nothingWritten = async () => expect(await namesIn(ctx.t, ctx.dir)).toEqual([]);

  const refusals: [string, () => unknown, string, ErrorClass?][] = [
    [
      "an unknown column, with Spark's suggestions",
      () => streaming().filter(col("event_nmae").eq("finalize")),
      "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `event_nmae` cannot be resolved. Did you mean one of the following? [`event_name`, `event_timestamp`].",
    ],
    [
      "a type error",
      () => streaming().filter(col("event_timestamp")),
      '[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve "event_timestamp" due to data type mismatch: Filter expression "event_timestamp" of type "BIGINT" is not a boolean.',
    ],
    [
      "a file source without a schema",
      () => ctx.t.spark.readStream.parquet("/"),
      "Schema must be specified when creating a streaming source DataFrame.",
      // Spark's createStreamingSourceNotSpecifySchemaError is a SparkIllegalArgumentException.
      IllegalArgumentException,
    ],
    [
      "an output mode the query cannot have",
      () =>
        streaming()
          .writeStream.outputMode("complete")
          .format("parquet")
          .option("checkpointLocation", `${ctx.dir}/ckpt`)
          .start(`${ctx.dir}/out`),
      // The file sink refuses it first, as Spark's DataSource.createSink does before the query is checked.
      "[STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE] Invalid streaming output mode: complete. This output mode is not supported in Data Source parquet.",
    ],
    [
      "a file sink without checkpointLocation",
      () => streaming().writeStream.format("parquet").start(`${ctx.dir}/out`),
      'checkpointLocation must be specified either through option("checkpointLocation", ...)',
    ],
  ];
  for (const [what, attempt, message, errorClass = AnalysisException] of refusals) {
    it(what, async () => {
      const run = async () => attempt();
      await expect(run()).rejects.toThrow(errorClass);
      await expect(run()).rejects.toThrow(message);
      await nothingWritten();
    });
  }
});
