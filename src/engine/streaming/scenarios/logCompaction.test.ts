/**
 * The file source's and the file sink's logs compact as Spark's do (FileStreamSourceSuite's "compact interval
 * metadata log" and "get arbitrary batch", FileStreamSinkSuite's readers): queries, restarts and readers go
 * through the `.compact` files, and the logs stay a few files long however many batches run.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../sources/MemoryStream";
import { sortedRows } from "../../testing/batches";
import { namesIn, sharedSession, writeFileAt } from "../../testing/files";

const T0 = Date.UTC(2024, 0, 1);

describe("compacted file source and sink logs", () => {
  const ctx = sharedSession();
  const settings = (conf: Record<string, string>) => {
    for (const [k, v] of Object.entries(conf)) ctx.t.spark.conf.set(k, v);
    return () => {
      for (const k of Object.keys(conf)) ctx.t.spark.conf.unset(k);
    };
  };
  /** A text file of lines (read as CSV with one STRING column), one second newer than the last. */
  let files = 0;
  const addTextFile = (lines: string) =>
    writeFileAt(ctx.t, `${ctx.dir}/src/f${files}.csv`, `${lines}\n`, T0 + files++ * 1000);
  const keepQuery = async () => {
    await ctx.t.spark.fs.mkdirs(`${ctx.dir}/src`);
    return ctx.t.spark.readStream
      .schema("value STRING")
      .csv(`${ctx.dir}/src`)
      .filter("value LIKE 'keep%'")
      .writeStream.foreachBatch(async (df, batchId) => {
        keptRows.set(
          batchId,
          (await df.collect()).map((r) => r.value),
        );
      })
      .option("checkpointLocation", `${ctx.dir}/ckpt`)
      .start();
  };
  /**
   * The rows foreachBatch got, by batch id (a memory sink in append mode cannot restart from its checkpoint, as
   * in Spark); a batch run again replaces what it gave before.
   */
  const keptRows = new Map<number, unknown[]>();
  beforeEach(() => keptRows.clear());
  const kept = async () => [...keptRows.values()].flat().sort();
  const logFiles = (dir: string) => namesIn(ctx.t, dir);

  it("compact interval metadata log: 2, kept on restart with 5 as the setting", async () => {
    const restore = settings({ "spark.sql.streaming.fileSource.log.compactInterval": "2" });
    files = 0;
    try {
      let query = await keepQuery();
      const step = async (lines: string, expected: string[], log: string[]) => {
        await addTextFile(lines);
        await query.processAllAvailable();
        expect(await kept()).toEqual([...expected].sort());
        expect(await logFiles(`${ctx.dir}/ckpt/sources/0`)).toEqual(log);
      };
      await step("drop1\nkeep2\nkeep3", ["keep2", "keep3"], ["0"]);
      await step("drop4\nkeep5\nkeep6", ["keep2", "keep3", "keep5", "keep6"], ["0", "1.compact"]);
      await step(
        "drop7\nkeep8\nkeep9",
        ["keep2", "keep3", "keep5", "keep6", "keep8", "keep9"],
        ["0", "1.compact", "2"],
      );
      await query.stop();
      ctx.t.spark.conf.set("spark.sql.streaming.fileSource.log.compactInterval", "5");
      query = await keepQuery();
      const all = ["keep2", "keep3", "keep5", "keep6", "keep8", "keep9"];
      await step("drop10\nkeep11", [...all, "keep11"], ["0", "1.compact", "2", "3.compact"]);
      await step("drop12\nkeep13", [...all, "keep11", "keep13"], ["0", "1.compact", "2", "3.compact", "4"]);
      await query.stop();
    } finally {
      restore();
    }
  });

  it("a compaction batch run again after a crash reads only its own files from the .compact file", async () => {
    const restore = settings({ "spark.sql.streaming.fileSource.log.compactInterval": "3" });
    files = 0;
    try {
      let query = await keepQuery();
      for (const n of [1, 2, 3]) {
        await addTextFile(`keep${n}`);
        await query.processAllAvailable();
      }
      await query.stop();
      expect(await logFiles(`${ctx.dir}/ckpt/sources/0`)).toEqual(["0", "1", "2.compact"]);
      // The crash: commits/2 never written; batch 2 runs again from sources/0/2.compact's entries for batch 2.
      await ctx.t.spark.fs.delete(`${ctx.dir}/ckpt/commits/2`);
      query = await keepQuery();
      await query.processAllAvailable();
      await query.stop();
      const rerun = query.recentProgress.filter((p) => p.numInputRows > 0);
      expect(rerun.map((p) => [p.batchId, p.numInputRows])).toEqual([[2, 1]]);
      expect(await kept()).toEqual(["keep1", "keep2", "keep3"]);
    } finally {
      restore();
    }
  });

  it("after many batches the source log is a compaction and the batches since; a restart takes no file twice", async () => {
    const restore = settings({
      "spark.sql.streaming.fileSource.log.compactInterval": "10",
      "spark.sql.streaming.fileSource.log.cleanupDelay": "0",
      "spark.sql.streaming.minBatchesToRetain": "2",
    });
    files = 0;
    try {
      let query = await keepQuery();
      for (let n = 0; n < 25; n++) {
        await addTextFile(`keep${n}`);
        await query.processAllAvailable();
      }
      await query.stop();
      expect(await logFiles(`${ctx.dir}/ckpt/sources/0`)).toEqual([
        "19.compact",
        "20",
        "21",
        "22",
        "23",
        "24",
      ]);
      await addTextFile("keep25");
      query = await keepQuery();
      await query.processAllAvailable();
      await query.stop();
      expect(query.recentProgress.filter((p) => p.numInputRows > 0).map((p) => p.batchId)).toEqual([25]);
      expect(await kept()).toEqual(Array.from({ length: 26 }, (_, n) => `keep${n}`).sort());
    } finally {
      restore();
    }
  });

  it("a file sink's log compacts and trims itself; batch and streaming readers read through it", async () => {
    const { t, dir } = ctx;
    const restore = settings({
      "spark.sql.streaming.fileSink.log.compactInterval": "3",
      "spark.sql.streaming.fileSink.log.cleanupDelay": "0",
      "spark.sql.streaming.minBatchesToRetain": "2",
    });
    try {
      const input = new MemoryStream(t.spark, "v INT");
      const query = await input
        .toDF()
        .writeStream.format("parquet")
        .option("checkpointLocation", `${dir}/ckpt-sink`)
        .start(`${dir}/out`);
      for (let batch = 0; batch < 8; batch++) {
        input.addData([{ v: 2 * batch }, { v: 2 * batch + 1 }]);
        await query.processAllAvailable();
      }
      await query.stop();
      expect(await logFiles(`${dir}/out/_spark_metadata`)).toEqual(["5.compact", "6", "7"]);
      const expected = sortedRows(Array.from({ length: 16 }, (_, v) => ({ v })));
      expect(sortedRows(await t.spark.read.schema("v INT").parquet(`${dir}/out`).collect())).toEqual(
        expected,
      );
      const reader = await t.spark.readStream
        .schema("v INT")
        .parquet(`${dir}/out`)
        .writeStream.format("memory")
        .queryName("sink_read")
        .option("checkpointLocation", `${dir}/ckpt-read`)
        .start();
      await reader.processAllAvailable();
      await reader.stop();
      expect(sortedRows(await t.spark.sql("SELECT v FROM sink_read").collect())).toEqual(expected);
    } finally {
      restore();
    }
  });
});
