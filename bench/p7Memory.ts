/**
 * P7 memory over a run, which should be bounded by the state, not by the number of batches; DuckDB's memory
 * (`duckdb_memory()`) and the process's RSS are sampled after every batch.
 * - P7: the seed query, a file per trigger, stays flat: peak memory over batches 91-100 against batches 10-19 (as
 *   the issue measured it, from batch 10: the first batches still warm up).
 * - P7b: a constant state. `groupBy("user_id").count()` in update mode, each batch a file of the same 20k users
 *   (ids of the teaching data's shape, 17 characters: longer than the 12 bytes DuckDB keeps inline), so state
 *   holds 20k keys throughout and every batch updates all of them.
 * - P7c: DuckDB-WASM alone, no engine: the state upsert's statements (a batch of 2k of 20k keys joined with state,
 *   kept as the batch's changes, then written into state) repeated, each way of writing it in a fresh DuckDB, with
 *   a read-only join as the control. `duckdb_memory()` stays flat in all of them while the WebAssembly memory,
 *   which never shrinks and which RSS follows, grows under every way of writing: this part tracks it.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { wasmMemory as parquetWasmMemory } from "parquet-wasm/esm";
import type { SparkSession } from "../src/engine/index";
import { DuckDB, encodeParquet } from "../src/engine/internal";
import { eventFiles } from "./data";
import { startSeedQuery } from "./seedQuery";

export interface MemorySample {
  batch: number;
  /** DuckDB-WASM's WebAssembly memory: it grows to its high-water mark and never shrinks. */
  wasmBytes: number;
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

/** The size of DuckDB-WASM's WebAssembly memory (its emscripten module's heap). */
export function wasmMemoryBytes(db: DuckDB): number {
  return (db.bindings as unknown as { mod: { HEAPU8: Uint8Array } }).mod.HEAPU8.length;
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
        wasmBytes: wasmMemoryBytes(spark.db),
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

/** Where the process's memory is after a full collection (`node --expose-gc`), at one batch. */
export interface HeldSample {
  batch: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** Memory outside V8's heap that it accounts for, and the ArrayBuffers' share of it. */
  externalBytes: number;
  arrayBuffersBytes: number;
  /** DuckDB-WASM's and parquet-wasm's WebAssembly memories (never shrink). */
  duckdbWasmBytes: number;
  parquetWasmBytes: number;
}

export interface P7Result {
  files: number;
  rowsPerFile: number;
  /** Peak DuckDB memory and RSS over batches 10-19 and over the last ten. */
  firstDuckdbBytes: number;
  lastDuckdbBytes: number;
  firstRssBytes: number;
  lastRssBytes: number;
  /** After a full collection at every 10th batch, where the runtime allows it (else empty). */
  held: HeldSample[];
}

const collect = (globalThis as { gc?: () => void }).gc;

/** The process's memory after a full collection, or undefined where Node was not started with `--expose-gc`. */
export function heldMemory(spark: SparkSession, batch: number): HeldSample | undefined {
  if (!collect) return undefined;
  collect();
  const m = process.memoryUsage();
  return {
    batch,
    rssBytes: m.rss,
    heapUsedBytes: m.heapUsed,
    externalBytes: m.external,
    arrayBuffersBytes: m.arrayBuffers,
    duckdbWasmBytes: wasmMemoryBytes(spark.db),
    parquetWasmBytes: parquetWasmMemory().buffer.byteLength,
  };
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
  const held: HeldSample[] = [];
  const listener = {
    onQueryProgress: (event: { progress: { name: string | null } }) => {
      if (event.progress.name !== name) return;
      duckdb.push(duckdbMemory(spark).total);
      // The peak is read before any collection this part forces, so it is what V8 left to its own schedule.
      rss.push(process.memoryUsage().rss);
      if (duckdb.length % 10 === 0) {
        const sample = heldMemory(spark, duckdb.length);
        if (sample) held.push(sample);
      }
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
    held,
  };
}

const onConflict = (c: string) =>
  `INSERT INTO state SELECT __key, user_id, count FROM ${c} ON CONFLICT (__key) DO UPDATE SET count = excluded.count`;

/**
 * The ways of writing a batch's changes into state that P7c compares, and a control that writes nothing. All but
 * the first run with the eviction queue's drain turned off (`DuckDB.drainEveryCalls`), as before it existed.
 */
const UPSERTS: Record<string, (changes: string) => string> = {
  "ON CONFLICT DO UPDATE, eviction queue drained every 500 calls (Sluice's)": onConflict,
  "ON CONFLICT DO UPDATE, not drained": onConflict,
  "UPDATE ... FROM, then INSERT of the new keys": (c) =>
    `UPDATE state SET count = c.count FROM ${c} c WHERE state.__key = c.__key; INSERT INTO state SELECT c.__key, c.user_id, c.count FROM ${c} c ANTI JOIN state s ON s.__key = c.__key`,
  "MERGE INTO": (c) =>
    `MERGE INTO state USING ${c} c ON state.__key = c.__key WHEN MATCHED THEN UPDATE SET count = c.count WHEN NOT MATCHED THEN INSERT (__key, user_id, count) VALUES (c.__key, c.user_id, c.count)`,
  "(control: the join and its changes table only)": () => "SELECT 1",
};

export interface P7cResult {
  statements: number;
  /** Per way of writing: WebAssembly memory and duckdb_memory() at each sample, and the median statement time. */
  ways: { name: string; wasmBytes: number[]; duckdbBytes: number[]; medianMs: number }[];
  sampleAt: readonly number[];
}

export async function p7cUpsertAlone(statements: number, sampleAt: readonly number[]): Promise<P7cResult> {
  const keys = 20_000;
  const perBatch = 2000;
  const ways: P7cResult["ways"] = [];
  for (const [name, write] of Object.entries(UPSERTS)) {
    const db = await DuckDB.open();
    if (!name.endsWith("(Sluice's)")) db.drainEveryCalls = Number.POSITIVE_INFINITY;
    db.exec("CREATE TABLE state (__key VARCHAR PRIMARY KEY, user_id VARCHAR, count BIGINT)");
    for (let k = 0; k < keys / perBatch; k++)
      db.exec(
        `CREATE TABLE input_${k} AS SELECT 'UA000000' || CAST(100000000 + r AS VARCHAR) AS user_id FROM range(${k * perBatch}, ${(k + 1) * perBatch}) t(r)`,
      );
    const wasmBytes: number[] = [];
    const duckdbBytes: number[] = [];
    const times: number[] = [];
    for (let i = 1; i <= statements; i++) {
      const started = performance.now();
      const batch = `SELECT user_id || ':' || CAST(strlen(user_id) AS VARCHAR) AS __key, user_id, count(*) AS count FROM input_${i % (keys / perBatch)} GROUP BY user_id`;
      const changes = `SELECT b.__key, b.user_id, coalesce(s.count, 0) + b.count AS count FROM (${batch}) b LEFT JOIN state s ON s.__key = b.__key`;
      // The control fills state once, like the others, then only joins.
      const writeSql = i <= keys / perBatch ? onConflict : write;
      db.exec(
        `${i > 1 ? `DROP TABLE changes_${i - 1}; ` : ""}CREATE TABLE changes_${i} AS ${changes}; ${writeSql(`changes_${i}`)}`,
      );
      times.push(performance.now() - started);
      if (sampleAt.includes(i)) {
        wasmBytes.push(wasmMemoryBytes(db));
        duckdbBytes.push(db.queryNumber("SELECT sum(memory_usage_bytes) FROM duckdb_memory()"));
      }
    }
    const sorted = [...times].sort((a, b) => a - b);
    ways.push({ name, wasmBytes, duckdbBytes, medianMs: sorted[Math.floor(sorted.length / 2)] });
  }
  return { statements, ways, sampleAt };
}
