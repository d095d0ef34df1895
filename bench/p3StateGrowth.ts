/**
 * P3 state growth: a stateful aggregation (count and sum per user) fed batches of the same size, each with keys
 * never seen before, so the keys in state grow from 10k to 1M. Per-batch time when state is large, against when
 * it is small, should stay flat: a batch touches its own keys, never the whole state.
 */
import type { SparkSession } from "../src/engine/index";
import { count, sum } from "../src/engine/index";
import { growingKeyFiles } from "./data";
import { median } from "./measure";
import { duckdbMemory } from "./p7Memory";

export interface P3Result {
  batches: number;
  rowsPerBatch: number;
  /** Median per-batch milliseconds over the first and the last ten batches. */
  smallStateMs: number;
  largeStateMs: number;
  ratio: number;
  /** Keys in state after the first and the last batch. */
  firstKeys: number;
  lastKeys: number;
  /** The median and the slowest batch after batch 0 (a snapshot every minDeltasForSnapshot batches). */
  medianMs: number;
  slowestMs: number;
  /** The slowest batch: its id, and its state store's commit (delta, snapshot part) in ms. */
  slowestBatch: number;
  slowestCommitMs: number;
  /** The state store's commit, median over the batches after batch 0 (the slowest batch's commit beside it). */
  medianCommitMs: number;
  /** DuckDB's memory per key in state: its growth from the first batch to the last, over the keys added. */
  bytesPerKey: number;
  /** For the last ten batches: Spark's durationMs parts and state metrics, medians. */
  lastParts: Record<string, number>;
}

export async function p3StateGrowth(
  spark: SparkSession,
  root: string,
  batches: number,
  rowsPerBatch: number,
): Promise<P3Result> {
  const dir = await growingKeyFiles(spark, root, batches, rowsPerBatch);
  spark.conf.set("spark.sql.streaming.numRecentProgressUpdates", batches + 10);
  const name = `p3_${Date.now()}`;
  const memory: number[] = [];
  const listener = {
    onQueryProgress: (event: { progress: { name: string | null } }) => {
      if (event.progress.name === name) memory.push(duckdbMemory(spark).total);
    },
  };
  spark.streams.addListener(listener);
  const query = await spark.readStream
    .schema("user_id STRING, amount BIGINT")
    .option("maxFilesPerTrigger", 1)
    .parquet(dir)
    .groupBy("user_id")
    .agg(count("*").alias("events"), sum("amount").alias("amount"))
    .writeStream.outputMode("update")
    .format("noop")
    .queryName(name)
    .trigger({ availableNow: true })
    .option("checkpointLocation", `/checkpoints/${name}`)
    .start();
  await query.awaitTermination();
  spark.streams.removeListener(listener);
  spark.conf.unset("spark.sql.streaming.numRecentProgressUpdates");
  const progress = query.recentProgress.filter((p) => p.numInputRows > 0);
  if (progress.length !== batches) throw new Error(`P3: expected ${batches} batches, saw ${progress.length}`);
  const times = progress.map((p) => p.durationMs.triggerExecution ?? 0);
  // Batch 0 also compiles and warms up everything; the small-state window starts after it.
  const small = median(times.slice(1, 11));
  const large = median(times.slice(-10));
  const last = progress.slice(-10);
  const lastParts: Record<string, number> = {};
  for (const key of ["getBatch", "addBatch", "walCommit", "commitOffsets", "latestOffset"])
    lastParts[key] = median(last.map((p) => p.durationMs[key] ?? 0));
  lastParts.stateUpdates = median(last.map((p) => p.stateOperators[0]?.allUpdatesTimeMs ?? 0));
  lastParts.stateCommit = median(last.map((p) => p.stateOperators[0]?.commitTimeMs ?? 0));
  const slowest = times.indexOf(Math.max(...times.slice(1)), 1);
  const commits = progress.map((p) => p.stateOperators[0]?.commitTimeMs ?? 0);
  return {
    batches,
    rowsPerBatch,
    smallStateMs: small,
    largeStateMs: large,
    ratio: large / small,
    firstKeys: progress[0].stateOperators[0]?.numRowsTotal ?? 0,
    lastKeys: progress.at(-1)!.stateOperators[0]?.numRowsTotal ?? 0,
    medianMs: median(times.slice(1)),
    slowestMs: Math.max(...times.slice(1)),
    slowestBatch: progress[slowest].batchId,
    slowestCommitMs: commits[slowest],
    medianCommitMs: median(commits.slice(1)),
    bytesPerKey:
      (memory.at(-1)! - memory[0]) /
      ((progress.at(-1)!.stateOperators[0]?.numRowsTotal ?? 0) -
        (progress[0].stateOperators[0]?.numRowsTotal ?? 0)),
    lastParts,
  };
}
