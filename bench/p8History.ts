/**
 * P8 batch history: what recording `history/N` costs. The same windowed count with a watermark (append mode, so
 * the late-row hooks run every batch) over the rate-micro-batch source, run with the history off and on in the
 * same session. The time per trigger is compared over rounds that alternate off and on (each a fresh query of
 * ROUND batches, after a warm-up), their medians set against each other: a machine that gets busier or quieter
 * during the run then weighs on both alike, as one long run per side did not. The history's size on disk and the
 * heap are read after 1,000 batches against after 200 of one long run with history on, which retention
 * (spark.sql.streaming.minBatchesToRetain) should keep level.
 */
import { col, type SparkSession, window } from "../src/engine/index";

export interface P8Result {
  batches: number;
  rowsPerBatch: number;
  retain: number;
  /** Rounds per side, and batches per round, of the time comparison. */
  rounds: number;
  roundBatches: number;
  /** Milliseconds per trigger, history off and on (medians of the rounds): wall time, and the process's CPU time. */
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
const ROUNDS = 5;
const ROUND_BATCHES = 100;

export async function p8History(spark: SparkSession, batches: number): Promise<P8Result> {
  const retain = spark.conf.getNumber("spark.sql.streaming.minBatchesToRetain");
  const early = Math.min(200, Math.floor(batches / 5));
  let runs = 0;
  const run = async (history: boolean, count: number, atEarly?: (checkpoint: string) => Promise<void>) => {
    spark.conf.set("sluice.sql.streaming.history.enabled", history);
    runs += 1;
    const checkpoint = `/checkpoints/p8_${history ? "on" : "off"}_${runs}_${Date.now()}`;
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

  // Time: a warm-up of each side, then rounds alternating off and on.
  await run(false, ROUND_BATCHES / 2);
  await run(true, ROUND_BATCHES / 2);
  const off: Awaited<ReturnType<typeof run>>[] = [];
  const on: Awaited<ReturnType<typeof run>>[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    off.push(await run(false, ROUND_BATCHES));
    on.push(await run(true, ROUND_BATCHES));
  }
  // Size: one long run with history on.
  let earlyDir = { files: 0, bytes: 0 };
  let earlyHeap = 0;
  const long = await run(true, batches, async (checkpoint) => {
    earlyDir = await historyDir(checkpoint);
    earlyHeap = heapMb();
  });
  const lateDir = await historyDir(long.checkpoint);
  spark.conf.unset("sluice.sql.streaming.history.enabled");
  return {
    batches,
    rowsPerBatch: ROWS_PER_BATCH,
    retain,
    rounds: ROUNDS,
    roundBatches: ROUND_BATCHES,
    offMs: median(off.map((r) => r.perTrigger)),
    onMs: median(on.map((r) => r.perTrigger)),
    offCpuMs: median(off.map((r) => r.cpuPerTrigger)),
    onCpuMs: median(on.map((r) => r.cpuPerTrigger)),
    early,
    earlyFiles: earlyDir.files,
    earlyBytes: earlyDir.bytes,
    lateFiles: lateDir.files,
    lateBytes: lateDir.bytes,
    earlyHeapMb: earlyHeap,
    lateHeapMb: heapMb(),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
