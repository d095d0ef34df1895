/**
 * P8 batch history: what recording `history/N` costs. The same windowed count with a watermark (append mode, so
 * the late-row hooks run every batch) over the rate-micro-batch source, run with the history off and on in the
 * same session (off in two halves, before and after on): the time per trigger, on against off; and the history's size on disk and the heap after 1,000
 * batches against after 200, which retention (spark.sql.streaming.minBatchesToRetain) should keep level.
 */
import { col, type SparkSession, window } from "../src/engine/index";

export interface P8Result {
  batches: number;
  rowsPerBatch: number;
  retain: number;
  /** Milliseconds per trigger, history off and on: wall time, and the process's CPU time (steadier on a shared machine). */
  offMs: number;
  onMs: number;
  offCpuMs: number;
  onCpuMs: number;
  /** The history folder: files and bytes after `early` batches and after `batches`. */
  early: number;
  earlyFiles: number;
  earlyBytes: number;
  lateFiles: number;
  lateBytes: number;
  /** Heap used (MB) after `early` batches and after `batches`, history on. */
  earlyHeapMb: number;
  lateHeapMb: number;
}

const ROWS_PER_BATCH = 100;

export async function p8History(spark: SparkSession, batches: number): Promise<P8Result> {
  const retain = spark.conf.getNumber("spark.sql.streaming.minBatchesToRetain");
  const early = Math.min(200, Math.floor(batches / 5));
  const run = async (history: boolean, count: number, atEarly?: (checkpoint: string) => Promise<void>) => {
    spark.conf.set("sluice.sql.streaming.history.enabled", history);
    const checkpoint = `/checkpoints/p5_${history ? "on" : "off"}_${Date.now()}`;
    const query = await spark.readStream
      .format("rate-micro-batch")
      .option("rowsPerBatch", ROWS_PER_BATCH)
      .option("advanceMillisPerBatch", 1000)
      .load()
      .withWatermark("timestamp", "5 seconds")
      .groupBy(window("timestamp", "10 seconds"), col("value").mod(10).alias("bucket"))
      .count()
      .writeStream.outputMode("append")
      .format("noop")
      .option("checkpointLocation", checkpoint)
      .start();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const ran = () => (query.lastProgress?.batchId ?? -1) + 1;
    let sampled = false;
    while (ran() < count) {
      if (!sampled && atEarly && ran() >= early) {
        sampled = true;
        await atEarly(checkpoint);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await query.stop();
    const elapsed = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    const n = ran();
    return { perTrigger: elapsed / n, cpuPerTrigger: (user + system) / 1000 / n, checkpoint };
  };
  const historyDir = async (checkpoint: string) => {
    const files = await spark.fs.list(`${checkpoint}/history`).catch(() => []);
    return { files: files.length, bytes: files.reduce((sum, f) => sum + f.size, 0) };
  };
  const heapMb = () => {
    globalThis.gc?.();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };

  // Off is run in two halves around on, so a machine that gets busier or quieter weighs on both alike.
  const offBefore = await run(false, batches / 2);
  let earlyDir = { files: 0, bytes: 0 };
  let earlyHeap = 0;
  const on = await run(true, batches, async (checkpoint) => {
    earlyDir = await historyDir(checkpoint);
    earlyHeap = heapMb();
  });
  const lateDir = await historyDir(on.checkpoint);
  const offAfter = await run(false, batches / 2);
  spark.conf.unset("sluice.sql.streaming.history.enabled");
  return {
    batches,
    rowsPerBatch: ROWS_PER_BATCH,
    retain,
    offMs: (offBefore.perTrigger + offAfter.perTrigger) / 2,
    onMs: on.perTrigger,
    offCpuMs: (offBefore.cpuPerTrigger + offAfter.cpuPerTrigger) / 2,
    onCpuMs: on.cpuPerTrigger,
    early,
    earlyFiles: earlyDir.files,
    earlyBytes: earlyDir.bytes,
    lateFiles: lateDir.files,
    lateBytes: lateDir.bytes,
    earlyHeapMb: earlyHeap,
    lateHeapMb: heapMb(),
  };
}
