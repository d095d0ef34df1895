/**
 * P3 state growth: a stateful aggregation (count and sum per user) fed batches of the same size, each with keys
 * never seen before, so the keys in state grow from 10k to 1M. Per-batch time when state is large, against when
 * it is small, should stay flat: a batch touches its own keys, never the whole state.
 *
 * The batches of the first two seconds are warm-up, as in Spark's own benchmarks (`Benchmark`'s warmupTime):
 * the engine's code is still being compiled and DuckDB's first statements plan cold. The slowest batch after
 * warm-up is named with why it was slow: the parts of Spark's durationMs above their medians, and the snapshot
 * (part) its commit wrote, read from the state files each commit leaves. What a snapshot adds to its batch is
 * its state commit beyond the median commit of the batches that wrote none (of all batches, when each wrote a
 * part, as happens once state is large and a snapshot is spread over ten): the target, that no trigger takes
 * more than twice the median because of a snapshot, is that addition against the median trigger (a loaded
 * machine's own stalls, which hit any batch, are printed beside it but are not the snapshot's).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { SparkSession } from "../src/engine/index";
import { count, sum } from "../src/engine/index";
import { parseStateFileName } from "../src/engine/internal";
import { growingKeyFiles } from "./data";
import { median } from "./measure";
import { duckdbMemory } from "./p7Memory";

/** Spark's Benchmark runs its cases this long before it starts measuring (its default warmupTime). */
const WARM_UP_MS = 2000;

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
  /** Batches 0 to warmUpBatches - 1 started within the first WARM_UP_MS: left out of what follows. */
  warmUpBatches: number;
  /** The median and the slowest batch after warm-up. */
  medianMs: number;
  slowestMs: number;
  /** The slowest batch: its id, and why it was slow. */
  slowestBatch: number;
  slowestWhy: string;
  /** The slowest batch after warm-up whose commit wrote a snapshot (or part of one), and its time. */
  slowestSnapshotBatch: number;
  slowestSnapshotMs: number;
  /** Snapshot writes after warm-up: whole snapshots and parts. */
  snapshotWrites: number;
  /**
   * The snapshot write that added most to its batch: the batch, which snapshot (part), and what it added (its
   * state commit beyond plainCommitMs, the median commit of batches after warm-up that wrote no snapshot, or of all of them).
   */
  costliestSnapshotBatch: number;
  costliestSnapshot: string;
  snapshotCostMs: number;
  /** What a snapshot write added to its batch, median over the batches that wrote one. */
  medianSnapshotCostMs: number;
  plainCommitMs: number;
  /** Every batch after warm-up wrote a snapshot part, so plainCommitMs is the median of all their commits. */
  everyBatchWrotePart: boolean;
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
  const stateDir = join(root, "checkpoints", name, "state", "0");
  /** Per batch, the snapshot files its commit wrote (the names new in the state directory). */
  const snapshotsWritten: string[][] = [];
  let seen = new Set<string>();
  const listener = {
    onQueryProgress: (event: { progress: { name: string | null } }) => {
      if (event.progress.name !== name) return;
      memory.push(duckdbMemory(spark).total);
      const files = readdirSync(stateDir);
      snapshotsWritten.push(files.filter((f) => !seen.has(f) && parseStateFileName(f)?.kind === "snapshot"));
      seen = new Set(files);
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
  const startedMs = progress.map((p) => Date.parse(p.timestamp));
  const warmUp = Math.max(1, startedMs.filter((t) => t < startedMs[0] + WARM_UP_MS).length);
  // Batch 0 also compiles and warms up everything; the small-state window starts after it.
  const small = median(times.slice(1, 11));
  const large = median(times.slice(-10));
  const last = progress.slice(-10);
  const lastParts: Record<string, number> = {};
  for (const key of ["getBatch", "addBatch", "walCommit", "commitOffsets", "latestOffset"])
    lastParts[key] = median(last.map((p) => p.durationMs[key] ?? 0));
  lastParts.stateUpdates = median(last.map((p) => p.stateOperators[0]?.allUpdatesTimeMs ?? 0));
  lastParts.stateCommit = median(last.map((p) => p.stateOperators[0]?.commitTimeMs ?? 0));
  const steady = times.slice(warmUp);
  const medianMs = median(steady);
  const slowestMs = Math.max(...steady);
  const slowest = times.indexOf(slowestMs, warmUp);
  const commits = progress.map((p) => p.stateOperators[0]?.commitTimeMs ?? 0);
  const after = progress.map((_, i) => i).filter((i) => i >= warmUp);
  const wroteSnapshot = (i: number) => (snapshotsWritten[i]?.length ?? 0) > 0;
  const snapshotBatches = after.filter(wroteSnapshot);
  // What a snapshot adds to a batch: its state commit beyond the commits of batches that wrote none. Once state
  // is large every batch writes a part, so the typical commit, which already holds a part, is the base.
  const plain = after.filter((i) => !wroteSnapshot(i));
  const plainCommitMs = median((plain.length > 0 ? plain : after).map((i) => commits[i]));
  const snapshotCostMs = (i: number) => Math.max(0, commits[i] - plainCommitMs);
  const costliest = snapshotBatches.reduce(
    (a, i) => (snapshotCostMs(i) > snapshotCostMs(a) ? i : a),
    snapshotBatches[0] ?? -1,
  );
  const slowestSnapshot = snapshotBatches.reduce(
    (a, i) => (times[i] > times[a] ? i : a),
    snapshotBatches[0] ?? -1,
  );
  const snapshotName = (i: number): string => {
    const file = parseStateFileName(snapshotsWritten[i][0]);
    return file?.kind === "snapshot" && file.parts > 1
      ? `snapshot ${file.version}, part ${file.part + 1} of ${file.parts}`
      : `the whole snapshot ${file?.version}`;
  };
  /** Why batch i was slow: each part of its durationMs above that part's median, largest first. */
  const why = (i: number): string => {
    const excess = Object.keys(progress[i].durationMs)
      .filter((k) => k !== "triggerExecution")
      .map((k) => ({
        k,
        ms: (progress[i].durationMs[k] ?? 0) - median(after.map((j) => progress[j].durationMs[k] ?? 0)),
      }))
      .filter((e) => e.ms >= 1)
      .sort((a, b) => b.ms - a.ms)
      .map((e) => `${e.k} +${e.ms.toFixed(0)} ms`);
    const snapshot = wroteSnapshot(i)
      ? `its commit wrote ${snapshotName(i)}, which added ${snapshotCostMs(i).toFixed(0)} ms to the state commit`
      : "no snapshot written";
    return `${times[i]} ms against the median ${medianMs} ms; over their medians: ${excess.join(", ") || "none"}; ${snapshot}`;
  };
  return {
    batches,
    rowsPerBatch,
    smallStateMs: small,
    largeStateMs: large,
    ratio: large / small,
    firstKeys: progress[0].stateOperators[0]?.numRowsTotal ?? 0,
    lastKeys: progress.at(-1)!.stateOperators[0]?.numRowsTotal ?? 0,
    warmUpBatches: warmUp,
    medianMs,
    slowestMs,
    slowestBatch: progress[slowest].batchId,
    slowestWhy: why(slowest),
    slowestSnapshotBatch: slowestSnapshot < 0 ? -1 : progress[slowestSnapshot].batchId,
    slowestSnapshotMs: slowestSnapshot < 0 ? 0 : times[slowestSnapshot],
    snapshotWrites: snapshotBatches.length,
    costliestSnapshotBatch: costliest < 0 ? -1 : progress[costliest].batchId,
    costliestSnapshot: costliest < 0 ? "none" : snapshotName(costliest),
    snapshotCostMs: costliest < 0 ? 0 : snapshotCostMs(costliest),
    medianSnapshotCostMs: snapshotBatches.length > 0 ? median(snapshotBatches.map(snapshotCostMs)) : 0,
    plainCommitMs,
    everyBatchWrotePart: plain.length === 0,
    bytesPerKey:
      (memory.at(-1)! - memory[0]) /
      ((progress.at(-1)!.stateOperators[0]?.numRowsTotal ?? 0) -
        (progress[0].stateOperators[0]?.numRowsTotal ?? 0)),
    lastParts,
  };
}
