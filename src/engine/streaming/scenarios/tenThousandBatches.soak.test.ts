/**
 * `npm run test:soak` (not in `npm test`): a query with state streams 10,000 batches (SLUICE_SOAK_BATCHES to
 * change it) in Node, a Parquet file per trigger: `groupBy("user_id").count()` in update mode over 20k users (ids
 * of the teaching data's length), so state holds 20k keys throughout. Along the way it prints DuckDB's memory
 * (`duckdb_memory()`), DuckDB-WASM's WebAssembly memory, the process's RSS, the checkpoint's size and files, the
 * per-trigger time and the restart time, and asserts that none of them grows with the number of batches: each is
 * compared with its value at batch 1,000 (restart time with batch 100's), in the same run. Times are asserted in
 * CPU time (`process.cpuUsage()`: DuckDB-WASM runs on this thread in Node), which the machine's load does not
 * stretch as it does wall time; wall time is printed beside it. Memory is what is held, not garbage V8 has not
 * collected yet: every 100th batch (and before the V8 heap is read) the soak forces a full collection
 * (`--expose-gc`, set in vitest.soak.config.ts) and then reads RSS; the collection's time is not a trigger's.
 */
import { readdirSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type DuckDB, encodeParquet } from "../../internal";
import { newTestSession } from "../../testing/fixtures";

const BATCHES = Number(process.env.SLUICE_SOAK_BATCHES ?? 10_000);
const USERS = 20_000;
const ROWS_PER_FILE = 2000;
/** Restarts timed at each checkpoint of the run, the median kept. */
const RESTARTS = 3;

interface Checkpoint {
  batch: number;
  /** Peak over the batches since the previous checkpoint (RSS: over every 100th, after a collection). */
  duckdbBytes: number;
  rssBytes: number;
  wasmBytes: number;
  /** V8's heap in use after the restarts and a collection (RSS's other big share). */
  heapBytes: number;
  checkpointBytes: number;
  checkpointFiles: number;
  /** Medians: CPU time, and wall time beside it. */
  triggerCpuMs: number;
  triggerMs: number;
  restartCpuMs: number;
  restartMs: number;
}

/** DuckDB-WASM's WebAssembly memory: its allocator's high-water mark, which never shrinks (RSS follows it). */
const wasmMemoryBytes = (db: DuckDB) =>
  (db.bindings as unknown as { mod: { HEAPU8: Uint8Array } }).mod.HEAPU8.length;

/** Memory is sampled after a forced collection every this many batches. */
const SAMPLE_EVERY = 100;
const collectGarbage = () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("the soak needs --expose-gc (vitest.soak.config.ts sets it)");
  gc();
};

/** CPU time (user and system) spent by this process since `since`, in milliseconds. */
const cpuMsSince = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Bytes and files under a local directory. */
function sizeOf(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
    files += 1;
  }
  return { bytes, files };
}

describe("a query with state over 10,000 batches", () => {
  it(
    "keeps memory, checkpoint size, trigger time and restart time bounded",
    async () => {
      const t = await newTestSession();
      const { spark } = t;
      try {
        // Old log files go as soon as a compaction makes them unneeded (Spark waits 10 minutes by default).
        spark.conf.set("spark.sql.streaming.fileSource.log.cleanupDelay", "0");
        const contents = Array.from({ length: USERS / ROWS_PER_FILE }, (_, slice) =>
          encodeParquet(
            spark.db.query(
              `SELECT 'UA000000' || CAST(100000000 + r AS VARCHAR) AS user_id FROM range(${slice * ROWS_PER_FILE}, ${(slice + 1) * ROWS_PER_FILE}) t(r)`,
            ),
          ),
        );
        let written = 0;
        const writeFilesUpTo = async (n: number) => {
          for (; written < n; written++)
            await spark.fs.writeFile(
              `/in/part-${String(written).padStart(6, "0")}.parquet`,
              contents[written % contents.length],
            );
        };
        const duckdbBytes = () =>
          Number(spark.db.queryNumber("SELECT sum(memory_usage_bytes) FROM duckdb_memory()"));
        let peakDuckdb = 0;
        let peakRss = 0;
        let triggers: number[] = [];
        let triggerCpus: number[] = [];
        let batches = 0;
        // A trigger's CPU time: from the end of the previous progress event (or the run's start) to this one, so
        // the sampling below is not counted.
        let cpuMark = process.cpuUsage();
        spark.streams.addListener({
          onQueryProgress: ({ progress }) => {
            triggerCpus.push(cpuMsSince(cpuMark));
            batches += 1;
            triggers.push(progress.durationMs.triggerExecution ?? 0);
            peakDuckdb = Math.max(peakDuckdb, duckdbBytes());
            if (batches % SAMPLE_EVERY === 0) {
              collectGarbage();
              peakRss = Math.max(peakRss, process.memoryUsage().rss);
            }
            cpuMark = process.cpuUsage();
          },
        });
        const run = async () => {
          cpuMark = process.cpuUsage();
          const query = await spark.readStream
            .schema("user_id STRING")
            .option("maxFilesPerTrigger", 1)
            .parquet("/in")
            .groupBy("user_id")
            .count()
            .writeStream.outputMode("update")
            .format("noop")
            .trigger({ availableNow: true })
            .option("checkpointLocation", "/checkpoint")
            .start();
          await query.awaitTermination();
        };

        const stops = [100, 1000, ...Array.from({ length: 10 }, (_, i) => (i + 1) * 1000)].filter(
          (b) => b <= BATCHES,
        );
        if (!stops.includes(BATCHES)) stops.push(BATCHES);
        const checkpoints: Checkpoint[] = [];
        for (const stop of new Set(stops)) {
          peakDuckdb = 0;
          peakRss = 0;
          triggers = [];
          triggerCpus = [];
          await writeFilesUpTo(stop - RESTARTS);
          await run();
          const triggerMs = median(triggers);
          const triggerCpuMs = median(triggerCpus);
          // A restart: the query starts again from its checkpoint and runs one new file's batch.
          const restarts: number[] = [];
          const restartCpus: number[] = [];
          for (let i = 0; i < RESTARTS; i++) {
            await writeFilesUpTo(written + 1);
            const started = performance.now();
            const startedCpu = process.cpuUsage();
            await run();
            restartCpus.push(cpuMsSince(startedCpu));
            restarts.push(performance.now() - started);
          }
          expect(batches).toBe(stop);
          collectGarbage();
          const size = sizeOf(join(t.root, "checkpoint"));
          const point: Checkpoint = {
            batch: stop,
            duckdbBytes: peakDuckdb,
            rssBytes: peakRss,
            wasmBytes: wasmMemoryBytes(spark.db),
            heapBytes: process.memoryUsage().heapUsed,
            checkpointBytes: size.bytes,
            checkpointFiles: size.files,
            triggerCpuMs,
            triggerMs,
            restartCpuMs: median(restartCpus),
            restartMs: median(restarts),
          };
          checkpoints.push(point);
          process.stdout.write(
            `soak: batch ${point.batch}: DuckDB ${(point.duckdbBytes / 1e6).toFixed(1)} MB, WebAssembly ${(point.wasmBytes / 1e6).toFixed(1)} MB, V8 heap ${(point.heapBytes / 1e6).toFixed(0)} MB, RSS ${(point.rssBytes / 1e6).toFixed(0)} MB, checkpoint ${(point.checkpointBytes / 1e6).toFixed(2)} MB in ${point.checkpointFiles} files, trigger ${point.triggerCpuMs.toFixed(1)} ms CPU / ${point.triggerMs.toFixed(1)} ms wall (medians), restart ${point.restartCpuMs.toFixed(0)} ms CPU / ${point.restartMs.toFixed(0)} ms wall, load ${loadavg()[0].toFixed(1)}\n`,
          );
        }

        const at = (batch: number) => checkpoints.find((c) => c.batch === batch)!;
        const first = at(100);
        const reference = at(Math.min(1000, BATCHES));
        const last = checkpoints.at(-1)!;
        expect(last.duckdbBytes).toBeLessThanOrEqual(1.2 * reference.duckdbBytes);
        expect(last.rssBytes).toBeLessThanOrEqual(1.3 * reference.rssBytes);
        expect(last.checkpointBytes).toBeLessThanOrEqual(1.5 * reference.checkpointBytes);
        expect(last.checkpointFiles).toBeLessThanOrEqual(1.5 * reference.checkpointFiles);
        expect(last.triggerCpuMs).toBeLessThanOrEqual(1.5 * reference.triggerCpuMs);
        expect(last.restartCpuMs).toBeLessThanOrEqual(2 * first.restartCpuMs);
      } finally {
        await t.cleanup();
      }
    },
    6 * 60 * 60 * 1000,
  );
});
