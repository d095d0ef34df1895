/**
 * P2 fixed cost per trigger: the seed query over many tiny files, one file per trigger, with its checkpoint on
 * disk. Every DuckDB call is timed; what a trigger spends outside DuckDB (planning, the checkpoint's files,
 * listing, Parquet decoding of a tiny file, progress) is its fixed cost.
 */
import type { SparkSession } from "../src/engine/index";
import { eventFiles } from "./data";
import { startSeedQuery } from "./seedQuery";

export interface P2Result {
  triggers: number;
  rowsPerFile: number;
  /** Milliseconds per trigger: all of it, inside DuckDB, and the rest (of which waiting on the file system). */
  totalMs: number;
  duckdbMs: number;
  fixedMs: number;
  fileSystemMs: number;
  /** Spark's durationMs parts, averaged per trigger. */
  parts: Record<string, number>;
}

export async function p2TriggerCost(spark: SparkSession, root: string, files: number): Promise<P2Result> {
  const rowsPerFile = 100;
  const input = await eventFiles(spark, root, files * rowsPerFile, files);
  const duckdb = stopwatch(spark.db, ["queryIPC", "insertArrowIPC"]);
  const fileSystem = stopwatch(spark.fs, [
    "readFile",
    "writeFile",
    "createFile",
    "stat",
    "list",
    "mkdirs",
    "delete",
    "rename",
  ]);
  spark.conf.set("spark.sql.streaming.numRecentProgressUpdates", files + 10);
  const name = `p2_${Date.now()}`;
  const started = performance.now();
  duckdb.reset();
  fileSystem.reset();
  const query = await startSeedQuery(spark, input.dir, name, 1);
  await query.awaitTermination();
  const totalMs = performance.now() - started;
  const inDuckDB = duckdb.elapsedMs();
  const inFileSystem = fileSystem.elapsedMs();
  duckdb.restore();
  fileSystem.restore();
  spark.conf.unset("spark.sql.streaming.numRecentProgressUpdates");
  const batches = query.recentProgress.filter((p) => p.numInputRows > 0);
  if (batches.length !== files) throw new Error(`P2: expected ${files} triggers, saw ${batches.length}`);
  const parts: Record<string, number> = {};
  for (const p of batches)
    for (const [k, v] of Object.entries(p.durationMs)) parts[k] = (parts[k] ?? 0) + v / files;
  return {
    triggers: files,
    rowsPerFile,
    totalMs: totalMs / files,
    duckdbMs: inDuckDB / files,
    fixedMs: (totalMs - inDuckDB) / files,
    fileSystemMs: inFileSystem / files,
    parts,
  };
}

/**
 * Wraps some methods of an object with a stopwatch (benchmark instrumentation, restored afterwards). Calls that
 * overlap (concurrent file reads) count once.
 */
function stopwatch<T extends object>(target: T, methods: readonly string[]) {
  const object = target as Record<string, unknown>;
  const originals = new Map(methods.map((m) => [m, object[m]]));
  let elapsed = 0;
  let running = 0;
  let since = 0;
  const enter = () => {
    if (running++ === 0) since = performance.now();
  };
  const leave = () => {
    if (--running === 0) elapsed += performance.now() - since;
  };
  for (const [name, original] of originals) {
    const f = original as (...args: unknown[]) => unknown;
    object[name] = (...args: unknown[]) => {
      enter();
      let result: unknown;
      try {
        result = f.apply(target, args);
      } catch (error) {
        leave();
        throw error;
      }
      if (result instanceof Promise) return result.finally(leave);
      leave();
      return result;
    };
  }
  return {
    reset: () => {
      elapsed = 0;
    },
    elapsedMs: () => elapsed,
    restore: () => {
      for (const [name, original] of originals) object[name] = original;
    },
  };
}
