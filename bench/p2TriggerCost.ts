/**
 * P2 fixed cost per trigger: the seed query over many tiny files, one file per trigger, with its checkpoint on
 * disk, against the direct per-file path over the same files in the same run (each file decoded, inserted and
 * counted by hand in DuckDB-WASM, nothing around it). The difference per file is what the engine adds to a
 * trigger: planning, the checkpoint's files, listing, progress. Every DuckDB call is timed as well, to say where.
 * Both sides are also measured in the main thread's CPU time (where the system reports it), which other
 * processes on a busy machine inflate far less than wall time.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SparkSession } from "../src/engine/index";
import { eventFiles } from "./data";
import { type Counts, DirectWasm } from "./p1Throughput";
import { startSeedQuery } from "./seedQuery";

export interface P2Result {
  triggers: number;
  rowsPerFile: number;
  /** Milliseconds per trigger: all of it, inside DuckDB, and the rest (of which waiting on the file system). */
  totalMs: number;
  /** Milliseconds per file of the direct path, and Sluice's trigger beyond it (the fixed cost per trigger). */
  directMs: number;
  overDirectMs: number;
  duckdbMs: number;
  fixedMs: number;
  fileSystemMs: number;
  /** Main-thread CPU milliseconds per trigger and per file directly, where the system reports them. */
  cpuMs?: number;
  directCpuMs?: number;
  /** Spark's durationMs parts, averaged per trigger. */
  parts: Record<string, number>;
  /** New files a trigger writes, and what creating one small file costs under the bench's root (ms). */
  filesPerTrigger: number;
  fileCreateMs: number;
  /** Calls into DuckDB a trigger, and the SQL statements they carry (an Arrow insert counts as one). */
  duckdbCallsPerTrigger: number;
  statementsPerTrigger: number;
  fileCreateCpuMs?: number;
}

export async function p2TriggerCost(spark: SparkSession, root: string, files: number): Promise<P2Result> {
  const rowsPerFile = 100;
  const input = await eventFiles(spark, root, files * rowsPerFile, files);
  const direct = await DirectWasm.open();
  // Warmed up first, then timed before and after Sluice's run, so that machine noise hits both alike.
  await direct.countsPerFile(input.local.slice(0, 10));
  const directStarted = performance.now();
  const directCpuStarted = threadCpuMs();
  const directCounts = await direct.countsPerFile(input.local);
  let directMs = performance.now() - directStarted;
  let directCpuMs = elapsedCpu(directCpuStarted);
  const sluice = await sluiceRun(spark, input.dir, files);
  const directAgain = performance.now();
  const directCpuAgain = threadCpuMs();
  await direct.countsPerFile(input.local);
  directMs = (directMs + performance.now() - directAgain) / 2 / files;
  const directCpuAfter = elapsedCpu(directCpuAgain);
  directCpuMs =
    directCpuMs === undefined || directCpuAfter === undefined
      ? undefined
      : (directCpuMs + directCpuAfter) / 2 / files;
  direct.close();
  const probe = fileCreateCost(join(root, "checkpoints", "p2-probe"));
  const sorted = (counts: Counts) => JSON.stringify(Object.entries(counts).sort());
  if (sorted(sluice.counts) !== sorted(directCounts))
    throw new Error(
      `P2: Sluice and the direct path disagree: ${JSON.stringify([sluice.counts, directCounts])}`,
    );
  return {
    triggers: files,
    rowsPerFile,
    totalMs: sluice.totalMs / files,
    directMs,
    overDirectMs: sluice.totalMs / files - directMs,
    duckdbMs: sluice.duckdbMs / files,
    fixedMs: (sluice.totalMs - sluice.duckdbMs) / files,
    fileSystemMs: sluice.fileSystemMs / files,
    cpuMs: sluice.cpuMs === undefined ? undefined : sluice.cpuMs / files,
    directCpuMs,
    parts: sluice.parts,
    filesPerTrigger: sluice.filesPerTrigger,
    duckdbCallsPerTrigger: sluice.calls / files,
    statementsPerTrigger: sluice.statements / files,
    fileCreateMs: probe.wallMs,
    fileCreateCpuMs: probe.cpuMs,
  };
}

/**
 * What creating a small file costs in this file system, outside Sluice: ext4 takes from under 0.05 ms to over
 * 1 ms of CPU a file depending on the directory's block group (a `/tmp` shared with many processes creating and
 * deleting files is slow), which a trigger's checkpoint files pay whatever the engine does.
 */
function fileCreateCost(dir: string): { wallMs: number; cpuMs?: number } {
  const n = 100;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const cpuStarted = threadCpuMs();
  for (let i = 0; i < n; i++) writeFileSync(join(dir, String(i)), "v1\n{}", { flag: "wx" });
  const wallMs = (performance.now() - started) / n;
  const cpu = elapsedCpu(cpuStarted);
  rmSync(dir, { recursive: true, force: true });
  return { wallMs, cpuMs: cpu === undefined ? undefined : cpu / n };
}

/** The seed query over `dir`, a file per trigger: its time in all, in DuckDB and in the file system, its answer. */
async function sluiceRun(spark: SparkSession, dir: string, files: number) {
  let calls = 0;
  let statements = 0;
  const duckdb = stopwatch(spark.db, ["queryIPC", "insertArrowIPC"], (args) => {
    calls += 1;
    // Statements in one call are separated by `;` (none of the engine's SQL has one inside a literal here).
    statements += typeof args[2] === "boolean" ? 1 : String(args[0]).split(/;\s*(?=\S)/).length;
  });
  let created = 0;
  const counter = stopwatch(spark.fs, ["createFile", "writeFile"], () => {
    created += 1;
  });
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
  const cpuStarted = threadCpuMs();
  duckdb.reset();
  fileSystem.reset();
  created = 0;
  calls = 0;
  statements = 0;
  const query = await startSeedQuery(spark, dir, name, 1);
  await query.awaitTermination();
  const totalMs = performance.now() - started;
  const cpuMs = elapsedCpu(cpuStarted);
  const duckdbMs = duckdb.elapsedMs();
  const fileSystemMs = fileSystem.elapsedMs();
  duckdb.restore();
  fileSystem.restore();
  counter.restore();
  spark.conf.unset("spark.sql.streaming.numRecentProgressUpdates");
  const batches = query.recentProgress.filter((p) => p.numInputRows > 0);
  if (batches.length !== files) throw new Error(`P2: expected ${files} triggers, saw ${batches.length}`);
  const parts: Record<string, number> = {};
  for (const p of batches)
    for (const [k, v] of Object.entries(p.durationMs)) parts[k] = (parts[k] ?? 0) + v / files;
  const counts: Counts = Object.fromEntries(
    (await spark.sql(`SELECT * FROM ${name}`).collect()).map((r) => [
      String(r.traffic_source),
      Number(r.count),
    ]),
  );
  return {
    totalMs,
    cpuMs,
    duckdbMs,
    fileSystemMs,
    parts,
    counts,
    filesPerTrigger: created / files,
    calls,
    statements,
  };
}

/**
 * The CPU time this thread has run (ms), from Linux's scheduler statistics; undefined elsewhere. Node 20 has no
 * per-thread CPU clock, and the process's counts DuckDB's work with that of the garbage collector's threads.
 */
function threadCpuMs(): number | undefined {
  try {
    return Number(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]) / 1e6;
  } catch {
    return undefined;
  }
}

function elapsedCpu(since: number | undefined): number | undefined {
  const now = threadCpuMs();
  return since === undefined || now === undefined ? undefined : now - since;
}

/**
 * Wraps some methods of an object with a stopwatch (benchmark instrumentation, restored afterwards). Calls that
 * overlap (concurrent file reads) count once.
 */
function stopwatch<T extends object>(
  target: T,
  methods: readonly string[],
  onCall?: (args: unknown[]) => void,
) {
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
      onCall?.(args);
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
