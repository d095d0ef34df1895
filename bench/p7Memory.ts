/**
 * P7 memory over a run, which should be bounded by the state, not by the number of batches; DuckDB's memory
 * (`duckdb_memory()`) and the process's RSS are sampled after every batch.
 * - P7: the seed query, a file per trigger, stays flat: peak memory over batches 91-100 against batches 10-19 (as
 *   the issue measured it, from batch 10: the first batches still warm up).
 * - P7b: a constant state. `groupBy("user_id").count()` in update mode, each batch a file of the same 20k users
 *   (ids of the teaching data's shape, 17 characters: longer than the 12 bytes DuckDB keeps inline), so state
 *   holds 20k keys throughout and every batch updates all of them.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SparkSession } from "../src/engine/index";
import { encodeParquet } from "../src/engine/internal";
import { eventFiles } from "./data";
import { startSeedQuery } from "./seedQuery";

export interface MemorySample {
  batch: number;
  /** Bytes DuckDB holds, all tags (`duckdb_memory()`), and its ALLOCATOR tag alone. */
  duckdbBytes: number;
  allocatorBytes: number;
  rssBytes: number;
  triggerMs: number;
}

export interface P7bResult {
  batches: number;
  keys: number;
  samples: MemorySample[];
}

/** Bytes DuckDB holds: all of it, and its general allocator's share (where a table's strings live). */
export function duckdbMemory(spark: SparkSession): { total: number; allocator: number } {
  const rows = spark.db.query("SELECT tag, memory_usage_bytes AS bytes FROM duckdb_memory()").toArray() as {
    tag: string;
    bytes: bigint | number;
  }[];
  let total = 0;
  let allocator = 0;
  for (const r of rows) {
    total += Number(r.bytes);
    if (r.tag === "ALLOCATOR") allocator = Number(r.bytes);
  }
  return { total, allocator };
}

/** `batches` files, each holding one row for each of `keys` users. */
async function sameKeyFiles(
  spark: SparkSession,
  root: string,
  batches: number,
  keys: number,
): Promise<string> {
  const dir = `/data/same-keys-${batches}x${keys}`;
  if (existsSync(join(root, dir, "_COMPLETE"))) return dir;
  const bytes = encodeParquet(
    spark.db.query(
      `SELECT 'UA000000' || CAST(100000000 + r AS VARCHAR) AS user_id, CAST(r % 7 AS BIGINT) AS amount FROM range(${keys}) t(r)`,
    ),
  );
  for (let b = 0; b < batches; b++)
    await spark.fs.writeFile(`${dir}/part-${String(b).padStart(5, "0")}.parquet`, bytes);
  writeFileSync(join(root, dir, "_COMPLETE"), "");
  return dir;
}

export async function p7bConstantState(
  spark: SparkSession,
  root: string,
  batches: number,
  keys: number,
  sampleAt: readonly number[],
): Promise<P7bResult> {
  const dir = await sameKeyFiles(spark, root, batches, keys);
  const samples: MemorySample[] = [];
  const name = `p7b_${Date.now()}`;
  let batch = 0;
  const listener = {
    onQueryProgress: (event: { progress: { name: string | null; durationMs: Record<string, number> } }) => {
      if (event.progress.name !== name) return;
      batch += 1;
      if (!sampleAt.includes(batch)) return;
      const memory = duckdbMemory(spark);
      samples.push({
        batch,
        duckdbBytes: memory.total,
        allocatorBytes: memory.allocator,
        rssBytes: process.memoryUsage().rss,
        triggerMs: event.progress.durationMs.triggerExecution ?? 0,
      });
    },
  };
  spark.streams.addListener(listener);
  try {
    const query = await spark.readStream
      .schema("user_id STRING, amount BIGINT")
      .option("maxFilesPerTrigger", 1)
      .parquet(dir)
      .groupBy("user_id")
      .count()
      .writeStream.outputMode("update")
      .format("noop")
      .queryName(name)
      .trigger({ availableNow: true })
      .option("checkpointLocation", `/checkpoints/${name}`)
      .start();
    await query.awaitTermination();
  } finally {
    spark.streams.removeListener(listener);
  }
  if (batch !== batches) throw new Error(`P7b: expected ${batches} batches, saw ${batch}`);
  return { batches, keys, samples };
}

export interface P7Result {
  files: number;
  rowsPerFile: number;
  /** Peak DuckDB memory and RSS over batches 10-19 and over the last ten. */
  firstDuckdbBytes: number;
  lastDuckdbBytes: number;
  firstRssBytes: number;
  lastRssBytes: number;
}

export async function p7SeedQuery(
  spark: SparkSession,
  root: string,
  files: number,
  rowsPerFile: number,
): Promise<P7Result> {
  const input = await eventFiles(spark, root, files * rowsPerFile, files);
  const name = `p7_${Date.now()}`;
  const duckdb: number[] = [];
  const rss: number[] = [];
  const listener = {
    onQueryProgress: (event: { progress: { name: string | null } }) => {
      if (event.progress.name !== name) return;
      duckdb.push(duckdbMemory(spark).total);
      rss.push(process.memoryUsage().rss);
    },
  };
  spark.streams.addListener(listener);
  try {
    const query = await startSeedQuery(spark, input.dir, name, 1);
    await query.awaitTermination();
  } finally {
    spark.streams.removeListener(listener);
  }
  if (duckdb.length !== files) throw new Error(`P7: expected ${files} batches, saw ${duckdb.length}`);
  const peak = (values: number[]) => Math.max(...values);
  return {
    files,
    rowsPerFile,
    firstDuckdbBytes: peak(duckdb.slice(9, 19)),
    lastDuckdbBytes: peak(duckdb.slice(-10)),
    firstRssBytes: peak(rss.slice(9, 19)),
    lastRssBytes: peak(rss.slice(-10)),
  };
}
