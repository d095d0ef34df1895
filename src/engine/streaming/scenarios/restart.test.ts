import { describe, expect, it } from "vitest";
import { MemoryStream } from "../../sources/MemoryStream";
import { col } from "../../sql/api/functions";
import type { Row } from "../../sql/api/rows";
import { sortedRows } from "../../testing/batches";
import { eventFilePath, SEED_SCHEMA, writeEventFiles } from "../../testing/eventFiles";
import { finalizeCountsBySource } from "../../testing/expected";
import { logIds, namesIn, readText, sharedSession } from "../../testing/files";
import type { StreamingQuery } from "../runtime/StreamingQuery";

describe("restarting a query", () => {
  const ctx = sharedSession();
  const values = (n: number[]) => n.map((v) => ({ v }));
  /**
   * The rows foreachBatch got, by batch id (a memory sink in append mode cannot restart from its checkpoint, as
   * in Spark); a batch run again replaces what it gave before.
   */
  const collected = new Map<number, Row[]>();
  const collectedRows = () => sortedRows([...collected.values()].flat());
  const fileSink = async (path: string) =>
    sortedRows(await ctx.t.spark.read.schema("v INT").parquet(path).collect());

  /** The same MemoryStream into foreachBatch and a parquet file sink. */
  const startBoth = async (input: MemoryStream): Promise<StreamingQuery[]> => {
    const { dir } = ctx;
    const toMemory = await input
      .toDF()
      .writeStream.foreachBatch(async (batch, batchId) => {
        collected.set(batchId, await batch.collect());
      })
      .option("checkpointLocation", `${dir}/ckpt-memory`)
      .start();
    const toFiles = await input
      .toDF()
      .writeStream.format("parquet")
      .option("checkpointLocation", `${dir}/ckpt-files`)
      .start(`${dir}/out`);
    return [toMemory, toFiles];
  };
  const processAll = (queries: StreamingQuery[]) => Promise.all(queries.map((q) => q.processAllAvailable()));
  const stopAll = (queries: StreamingQuery[]) => Promise.all(queries.map((q) => q.stop()));
  /** Batch 0 with rows 1 and 2, batch 1 with row 3, through both sinks; then a stop. */
  const runTwoBatches = async (input: MemoryStream): Promise<StreamingQuery[]> => {
    const queries = await startBoth(input);
    for (const batch of [[1, 2], [3]]) {
      input.addData(values(batch));
      await processAll(queries);
    }
    await stopAll(queries);
    return queries;
  };

  it("after stop(): every row once in foreachBatch and the file sink, and batch ids continue", async () => {
    const { t, dir } = ctx;
    collected.clear();
    const input = new MemoryStream(t.spark, "v INT");
    await runTwoBatches(input);
    input.addData(values([4]));
    const second = await startBoth(input);
    await processAll(second);
    await stopAll(second);
    expect(
      second.map((q) => q.recentProgress.filter((p) => p.numInputRows > 0).map((p) => p.batchId)),
    ).toEqual([[2], [2]]);
    expect(collectedRows()).toEqual(sortedRows(values([1, 2, 3, 4])));
    expect(await fileSink(`${dir}/out`)).toEqual(sortedRows(values([1, 2, 3, 4])));
  });

  it("after a crash between offsets/N and commits/N: batch N runs again with the same offsets, nothing twice", async () => {
    const { t, dir } = ctx;
    collected.clear();
    const input = new MemoryStream(t.spark, "v INT");
    const first = await runTwoBatches(input);
    // The crash: batch 1 reached its sinks, but commits/1 was never written. The file sink's
    // _spark_metadata/1 is there (the sink finished); its part files stay where they are.
    const partFiles = (await namesIn(t, `${dir}/out`)).filter((n) => n.endsWith(".parquet"));
    for (const c of ["ckpt-memory", "ckpt-files"]) await t.spark.fs.delete(`${dir}/${c}/commits/1`);
    const second = await startBoth(input);
    await processAll(second);
    await stopAll(second);
    for (const [i, q] of second.entries()) {
      const rerun = q.recentProgress.find((p) => p.numInputRows > 0)!;
      const original = first[i].recentProgress.filter((p) => p.numInputRows > 0)[1];
      expect([rerun.batchId, rerun.numInputRows, rerun.sources[0].endOffset]).toEqual([
        1,
        1,
        original.sources[0].endOffset,
      ]);
    }
    expect(collectedRows()).toEqual(sortedRows(values([1, 2, 3])));
    expect(await fileSink(`${dir}/out`)).toEqual(sortedRows(values([1, 2, 3])));
    expect((await namesIn(t, `${dir}/out`)).filter((n) => n.endsWith(".parquet"))).toEqual(partFiles);
    expect(await logIds(t, `${dir}/ckpt-files/commits`)).toEqual([0, 1]);
  });

  it("after a crash inside the file sink (part files written, not yet logged): the re-run's files replace them", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "v INT");
    const start = () =>
      input
        .toDF()
        .writeStream.format("parquet")
        .option("checkpointLocation", `${dir}/ckpt`)
        .start(`${dir}/out`);
    const first = await start();
    for (const batch of [[1], [2, 3]]) {
      input.addData(values(batch));
      await first.processAllAvailable();
    }
    await first.stop();
    await t.spark.fs.delete(`${dir}/out/_spark_metadata/1`);
    await t.spark.fs.delete(`${dir}/ckpt/commits/1`);
    const second = await start();
    await second.processAllAvailable();
    await second.stop();
    expect(await fileSink(`${dir}/out`)).toEqual(sortedRows(values([1, 2, 3])));
    expect(await logIds(t, `${dir}/out/_spark_metadata`)).toEqual([0, 1]);
  });

  it("with state: a batch re-run after a crash is not counted twice", async () => {
    const { t, dir } = ctx;
    await writeEventFiles(t.spark, `${dir}/events`, 3, 200);
    const start = () =>
      t.spark.readStream
        .schema(SEED_SCHEMA)
        .option("maxFilesPerTrigger", 1)
        .parquet(`${dir}/events`)
        .filter(col("event_name").eq("finalize"))
        .groupBy("traffic_source")
        .count()
        .writeStream.outputMode("complete")
        .format("memory")
        .queryName("restarted_counts")
        .option("checkpointLocation", `${dir}/ckpt`)
        .start();
    const first = await start();
    await first.processAllAvailable();
    await first.stop();
    await t.spark.fs.delete(`${dir}/ckpt/commits/2`);
    const second = await start();
    await second.processAllAvailable();
    await second.stop();
    expect(second.recentProgress.map((p) => p.batchId)).toEqual([2]);
    const counts = (rows: Row[]) =>
      Object.fromEntries(rows.map((r) => [String(r.traffic_source), Number(r.count)]));
    expect(counts(await t.spark.sql("SELECT * FROM restarted_counts").collect())).toEqual(
      await finalizeCountsBySource(
        t.spark.fs,
        [0, 1, 2].map((i) => eventFilePath(`${dir}/events`, i)),
      ),
    );
  });

  it("with state keyed by an older Sluice: refused at start(), naming the offset file, the checkpoint untouched", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "v INT");
    const start = () =>
      input
        .toDF()
        .groupBy("v")
        .count()
        .writeStream.outputMode("complete")
        .format("memory")
        .queryName("old_state_counts")
        .option("checkpointLocation", `${dir}/ckpt-old-state`)
        .start();
    const first = await start();
    input.addData(values([1, 2, 2]));
    await first.processAllAvailable();
    await first.stop();
    // An offset log as the version before the key format was logged wrote it.
    const offsets = `${dir}/ckpt-old-state/offsets/0`;
    const [version, metadata, ...rest] = (await readText(t, offsets)).split("\n");
    const parsed = JSON.parse(metadata);
    delete parsed.conf["sluice.sql.streaming.stateStore.keyFormatVersion"];
    const old = [version, JSON.stringify(parsed), ...rest].join("\n");
    await t.spark.fs.delete(offsets);
    await t.spark.fs.writeFile(offsets, old);
    await expect(start()).rejects.toThrow(
      `offsets/0 has sluice.sql.streaming.stateStore.keyFormatVersion=none, this version writes 2). Start the query on a new checkpoint location.`,
    );
    expect(await readText(t, offsets)).toBe(old);
    expect(await logIds(t, `${dir}/ckpt-old-state/commits`)).toEqual([0]);
  });

  it("a sink that fails once: after the restart the batch gets exactly the rows it had", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "v INT");
    const attempts: [number, number[]][] = [];
    let failed = false;
    const start = () =>
      input
        .toDF()
        .writeStream.foreachBatch(async (df, batchId) => {
          attempts.push([batchId, (await df.collect()).map((r) => r.v as number)]);
          if (batchId === 1 && !failed) {
            failed = true;
            throw new Error("the sink is down");
          }
        })
        .option("checkpointLocation", `${dir}/ckpt`)
        .start();
    const first = await start();
    input.addData(values([1]));
    await first.processAllAvailable();
    input.addData(values([2, 3]));
    await first.awaitTermination().catch(() => {});
    expect(first.exception()?.batchId).toBe(1);
    input.addData(values([4]));
    const second = await start();
    await second.processAllAvailable();
    await second.stop();
    expect(attempts).toEqual([
      [0, [1]],
      [1, [2, 3]],
      [1, [2, 3]],
      [2, [4]],
    ]);
  });
});
