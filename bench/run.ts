/**
 * `npm run bench`: Sluice measured against its peers on the same data in the same run, printed as ratios.
 * `npm run bench -- --full` runs the full sizes (10k to 10M rows); `--only=P1,P3` runs some parts.
 */
import { mkdirSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { SparkSession } from "../src/engine/index";
import type { MainThreadTasks } from "./mainThreadTrace";
import { ms, print, ratio, rows, table, type Verdict } from "./measure";
import { p1Throughput } from "./p1Throughput";
import { p2TriggerCost } from "./p2TriggerCost";
import { p3StateGrowth } from "./p3StateGrowth";
import { p4Responsiveness } from "./p4Responsiveness";
import { p5Startup } from "./p5Startup";
import { p6Udf } from "./p6Udf";
import { p7bConstantState, p7cUpsertAlone, p7SeedQuery } from "./p7Memory";
import { p8History } from "./p8History";

const args = process.argv.slice(2);
const full = args.includes("--full");
const only = args
  .find((a) => a.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const runs = (part: string) => !only || only.includes(part);

// SLUICE_BENCH_ROOT: another directory for the data and checkpoints (P2 prints what a file costs to create there).
const root = process.env.SLUICE_BENCH_ROOT ?? join(tmpdir(), "sluice-bench");
mkdirSync(root, { recursive: true });
const spark = await SparkSession.builder().config("sluice.fs.root", root).getOrCreate();
spark.setOutput(() => {});
// Generated input is kept between runs; checkpoints are not (a finished checkpoint would have nothing to do).
await spark.fs.delete("/checkpoints");
const verdicts: Verdict[] = [];

print(
  `Sluice benchmark, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), Node ${process.version}`,
);
print();

if (runs("P1")) {
  const sizes = (full ? [10_000, 100_000, 1_000_000, 10_000_000] : [10_000, 100_000, 1_000_000]).map((n) => ({
    rows: n,
    files: 8,
    repetitions: n >= 10_000_000 ? 1 : 5,
  }));
  const results = await p1Throughput(spark, root, sizes);
  print(
    "P1 throughput: the seed query (filter finalize, group by traffic_source, count), availableNow, 8 files",
  );
  print(
    table(
      [
        "rows",
        "Sluice ms",
        "direct WASM ms",
        "native ms",
        "JS loop ms",
        "Sluice/WASM",
        "WASM/native",
        "Sluice 1 file/trigger ms",
      ],
      results.map((r) => [
        rows(r.rows),
        ms(r.sluice),
        ms(r.wasm),
        ms(r.native),
        ms(r.jsLoop),
        ratio(r.wasm / r.sluice),
        ratio(r.wasm / r.native),
        ms(r.sluicePerFile),
      ]),
    ),
  );
  print(
    "  Sluice/WASM is throughput relative to the direct path (direct time / Sluice time); WASM/native the gap to native DuckDB.",
  );
  print();
  const largest = results.at(-1)!;
  const relative = largest.wasm / largest.sluice;
  verdicts.push({
    part: "P1 Sluice vs direct DuckDB-WASM",
    measured: `${ratio(relative)} at ${rows(largest.rows)} rows`,
    target: "≥ 0.80×",
    met: relative >= 0.8,
    note: "the engine's fixed cost per query and per file (checkpoint files, analysis, a table per file) on top of the same decode and insert",
  });
}

if (runs("P2")) {
  const r = await p2TriggerCost(spark, root, full ? 400 : 200);
  print(
    `P2 fixed cost per trigger: the seed query over ${r.triggers} files of ${r.rowsPerFile} rows, one per trigger, checkpoint on disk`,
  );
  print(
    table(
      [
        "per trigger",
        "Sluice ms",
        "direct per file ms",
        "fixed cost ms",
        "in DuckDB ms",
        "outside DuckDB ms",
        "of which file system ms",
      ],
      [
        [
          "mean",
          ms(r.totalMs),
          ms(r.directMs),
          ms(r.overDirectMs),
          ms(r.duckdbMs),
          ms(r.fixedMs),
          ms(r.fileSystemMs),
        ],
      ],
    ),
  );
  print(
    "  fixed cost: Sluice's trigger beyond the direct path (each file decoded, inserted and counted by hand in DuckDB-WASM).",
  );
  if (r.cpuMs !== undefined && r.directCpuMs !== undefined)
    print(
      `  main-thread CPU: ${ms(r.cpuMs)} ms a trigger against ${ms(r.directCpuMs)} ms a file directly, fixed cost ${ms(r.cpuMs - r.directCpuMs)} ms (load average ${loadavg()[0].toFixed(1)})`,
    );
  print(
    `  file system: ${r.filesPerTrigger.toFixed(1)} new files a trigger (offsets, the source log, the state delta, commits, history); one small file costs ${r.fileCreateMs.toFixed(2)} ms to create under ${root}${r.fileCreateCpuMs === undefined ? "" : ` (${r.fileCreateCpuMs.toFixed(2)} ms CPU)`}`,
  );
  print(
    `  DuckDB: ${r.duckdbCallsPerTrigger.toFixed(1)} calls a trigger carrying ${r.statementsPerTrigger.toFixed(1)} statements (the direct path: 3 calls, 3 statements: the insert, the count, the drop)`,
  );
  print(
    `  durationMs per trigger: ${Object.entries(r.parts)
      .map(([k, v]) => `${k} ${ms(v)}`)
      .join(", ")}`,
  );
  print();
  verdicts.push({
    part: "P2 fixed cost per trigger over the direct path",
    measured: `${ms(r.overDirectMs)} ms`,
    target: "≤ 5 ms",
    met: r.overDirectMs <= 5,
    note: `${ms(r.totalMs)} ms a trigger against ${ms(r.directMs)} ms a file directly; outside DuckDB: ${ms(r.fileSystemMs)} ms file system (${r.filesPerTrigger.toFixed(1)} new checkpoint files a trigger, each written atomically), the rest Arrow decoding of results, Parquet footers, progress; DuckDB itself ${ms(r.duckdbMs)} ms`,
  });
}

if (runs("P3")) {
  const r = await p3StateGrowth(spark, root, 100, 10_000);
  print(
    `P3 state growth: count and sum per key, ${r.batches} batches of ${rows(r.rowsPerBatch)} new keys (state ${rows(r.firstKeys)} → ${rows(r.lastKeys)} keys)`,
  );
  print(
    table(
      [
        "per batch",
        "small state ms",
        "large state ms",
        "large/small",
        "median ms",
        "slowest ms",
        "slowest/median",
        "snapshot adds ms",
        "(median + snapshot)/median",
      ],
      [
        [
          "median of 10",
          ms(r.smallStateMs),
          ms(r.largeStateMs),
          ratio(r.ratio),
          ms(r.medianMs),
          ms(r.slowestMs),
          ratio(r.slowestMs / r.medianMs),
          ms(r.snapshotCostMs),
          ratio((r.medianMs + r.snapshotCostMs) / r.medianMs),
        ],
      ],
    ),
  );
  print(
    `  median, slowest and snapshot batches after warm-up (batches 0-${r.warmUpBatches - 1}, the first 2 s, as Spark's Benchmark warms up); load average ${loadavg()[0].toFixed(1)}`,
  );
  print(`  slowest: batch ${r.slowestBatch}, ${r.slowestWhy}`);
  print(
    `  ${r.snapshotWrites} batches wrote a snapshot or a part; the costliest, batch ${r.costliestSnapshotBatch} (${r.costliestSnapshot}), added ${ms(r.snapshotCostMs)} ms to a state commit of ${ms(r.plainCommitMs)} ms (median of ${r.everyBatchWrotePart ? "all, as every batch wrote a part" : "the others"}), the median one ${ms(r.medianSnapshotCostMs)} ms; the slowest of them, batch ${r.slowestSnapshotBatch}, took ${ms(r.slowestSnapshotMs)} ms in all`,
  );
  print(
    `  DuckDB's memory per key in state: ${r.bytesPerKey.toFixed(0)} B (DuckDB-WASM's 4 GiB hold about ${rows(Math.round((4 * 1024 ** 3) / r.bytesPerKey / 1e5) * 1e5)} keys)`,
  );
  print(
    `  last ten batches (medians): ${Object.entries(r.lastParts)
      .map(([k, v]) => `${k} ${ms(v)}`)
      .join(", ")}`,
  );
  print();
  verdicts.push({
    part: "P3 per-batch time at 1M keys / at 10k keys",
    measured: ratio(r.ratio),
    target: "≤ 1.50×",
    met: r.ratio <= 1.5,
    note: `state upserts ${ms(r.lastParts.stateUpdates)} ms per batch at the end (DuckDB's ON CONFLICT on the text key grows with the index)`,
  });
  verdicts.push({
    part: "P3 median batch plus its costliest snapshot / median",
    measured: ratio((r.medianMs + r.snapshotCostMs) / r.medianMs),
    target: "≤ 2.00×",
    met: r.snapshotCostMs <= r.medianMs,
    note: `batch ${r.costliestSnapshotBatch}'s commit wrote ${r.costliestSnapshot}, adding ${ms(r.snapshotCostMs)} ms against a median trigger of ${ms(r.medianMs)} ms`,
  });
}

if (runs("P7")) {
  const seed = await p7SeedQuery(spark, root, 100, full ? 1_000_000 : 100_000);
  print(
    `P7 memory over a run: the seed query over ${seed.files} files of ${rows(seed.rowsPerFile)} rows, one per trigger`,
  );
  print(
    table(
      ["peak", "batches 10-19 MB", "batches 91-100 MB", "last/first"],
      [
        [
          "DuckDB",
          (seed.firstDuckdbBytes / 1e6).toFixed(1),
          (seed.lastDuckdbBytes / 1e6).toFixed(1),
          ratio(seed.lastDuckdbBytes / seed.firstDuckdbBytes),
        ],
        [
          "RSS",
          (seed.firstRssBytes / 1e6).toFixed(0),
          (seed.lastRssBytes / 1e6).toFixed(0),
          ratio(seed.lastRssBytes / seed.firstRssBytes),
        ],
      ],
    ),
  );
  if (seed.held.length > 0) {
    print("  after a full collection at every 10th batch (where the RSS goes):");
    print(
      table(
        [
          "batch",
          "RSS MB",
          "V8 heap MB",
          "external MB",
          "of which ArrayBuffers MB",
          "DuckDB-WASM MB",
          "parquet-wasm MB",
        ],
        seed.held.map((h) => [
          String(h.batch),
          (h.rssBytes / 1e6).toFixed(0),
          (h.heapUsedBytes / 1e6).toFixed(0),
          (h.externalBytes / 1e6).toFixed(0),
          (h.arrayBuffersBytes / 1e6).toFixed(0),
          (h.duckdbWasmBytes / 1e6).toFixed(1),
          (h.parquetWasmBytes / 1e6).toFixed(1),
        ]),
      ),
    );
  } else print("  (run under `node --expose-gc` for the memory held after a collection)");
  print();
  const seedGrowth = Math.max(
    seed.lastDuckdbBytes / seed.firstDuckdbBytes,
    seed.lastRssBytes / seed.firstRssBytes,
  );
  verdicts.push({
    part: "P7 seed query peak memory, batches 91-100 / 10-19",
    measured: ratio(seedGrowth),
    target: "≤ 1.10×",
    met: seedGrowth <= 1.1,
    note:
      seed.held.length > 0
        ? "the seed query's memory grew with the number of batches (RSS read with a full collection forced every 10th batch)"
        : "the seed query's memory grew with the number of batches (without --expose-gc the peak includes garbage V8 has yet to collect)",
  });
  const keys = 20_000;
  const r = await p7bConstantState(spark, root, 1000, keys, [10, 100, 250, 500, 750, 1000]);
  print(
    `P7b memory over a constant state: groupBy("user_id").count(), update mode, ${r.batches} batches of ${rows(keys)} rows over the same ${rows(keys)} keys`,
  );
  print(
    table(
      ["batch", "DuckDB MB", "of which ALLOCATOR MB", "WebAssembly memory MB", "RSS MB", "trigger ms"],
      r.samples.map((s) => [
        String(s.batch),
        (s.duckdbBytes / 1e6).toFixed(1),
        (s.allocatorBytes / 1e6).toFixed(1),
        (s.wasmBytes / 1e6).toFixed(1),
        (s.rssBytes / 1e6).toFixed(0),
        ms(s.triggerMs),
      ]),
    ),
  );
  print();
  const at = (batch: number) => r.samples.find((s) => s.batch === batch)!;
  const growth = at(1000).duckdbBytes / at(100).duckdbBytes;
  const rss = at(1000).rssBytes / at(100).rssBytes;
  const wasm = at(1000).wasmBytes / at(100).wasmBytes;
  verdicts.push({
    part: "P7b memory at batch 1,000 / batch 100",
    measured: `${ratio(growth)} DuckDB, ${ratio(rss)} RSS (WebAssembly memory ${ratio(wasm)})`,
    target: "≤ 1.20×",
    met: growth <= 1.2 && rss <= 1.2,
    note: "DuckDB's memory (duckdb_memory()) or the process's RSS grew with the number of batches",
  });
  const sampleAt = [100, 500, 1000, 1500];
  const c = await p7cUpsertAlone(1500, sampleAt);
  print(
    `P7c DuckDB-WASM alone: a batch of 2k of 20k keys joined with state, kept as its changes and written into state, ${c.statements} times, each way in a fresh DuckDB`,
  );
  print(
    table(
      [
        "written by",
        ...sampleAt.map((n) => `WASM MB at ${n}`),
        "duckdb_memory() MB first → last",
        "median ms",
      ],
      c.ways.map((w) => [
        w.name,
        ...w.wasmBytes.map((b) => (b / 1e6).toFixed(1)),
        `${(w.duckdbBytes[0] / 1e6).toFixed(1)} → ${(w.duckdbBytes.at(-1)! / 1e6).toFixed(1)}`,
        ms(w.medianMs),
      ]),
    ),
  );
  print(
    "  WebAssembly memory grows in steps (about 1.2× each) to its high-water mark and never shrinks; RSS follows it.",
  );
  print();
}

if (runs("P6")) {
  const results = await p6Udf(spark, full ? [100_000, 1_000_000, 4_000_000] : [100_000, 1_000_000], 5);
  print(
    "P6 user-defined functions: a TypeScript UDF against the same expression built in, summed over range(n)",
  );
  print(
    table(
      ["rows", "function", "built-in ms", "UDF ms", "built-in/UDF"],
      results.map((r) => [
        rows(r.rows),
        r.function,
        ms(r.builtinMs),
        ms(r.udfMs),
        ratio(r.builtinMs / r.udfMs),
      ]),
    ),
  );
  print(
    "  built-in/UDF is the UDF's throughput relative to the built-in expression (built-in time / UDF time).",
  );
  print();
  const largest = results.filter((r) => r.rows === results.at(-1)!.rows);
  const worst = largest.reduce((a, b) => (a.builtinMs / a.udfMs <= b.builtinMs / b.udfMs ? a : b));
  const relative = worst.builtinMs / worst.udfMs;
  verdicts.push({
    part: "P6 UDF vs the same expression built in",
    measured: `${ratio(relative)} at ${rows(worst.rows)} rows (${worst.function})`,
    target: "≥ 0.25×",
    met: relative >= 0.25,
    note: "the arguments leave DuckDB as Arrow, the function runs per row in JavaScript, the results return as Arrow and join by position",
  });
}

await spark.stop();

if (runs("P4")) {
  const r = await p4Responsiveness(root, full ? 60 : 20);
  print(
    `P4 browser responsiveness: the built app in Chromium, a query at 10 triggers/s with its live panel, ${r.seconds} s`,
  );
  print(
    table(
      [
        "triggers",
        "triggers/s",
        "long tasks",
        "longest ms",
        "over 50 ms CPU",
        "longest CPU ms",
        "main thread busy",
      ],
      [
        [
          String(r.triggers),
          (r.triggers / r.seconds).toFixed(1),
          String(r.longTasks),
          ms(r.longestMs),
          String(r.trace.overCpu),
          ms(r.trace.longestCpuMs),
          `${(r.trace.busyShare * 100).toFixed(0)}%`,
        ],
      ],
    ),
  );
  printCauses(r.trace);
  print();
  verdicts.push({
    part: "P4 longest main-thread task",
    measured: `${ms(r.longestMs)} ms (${r.longTasks} over 50 ms)`,
    target: "none over 50 ms",
    met: r.longTasks === 0,
    note: `${r.trace.overCpu} over 50 ms of the page's own CPU time (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores); the browser engine reached ${(r.triggers / r.seconds).toFixed(1)} triggers/s`,
  });
  const sc = r.scrubbing;
  print(
    "P4 scrubbing: the batch scrubber played at 10 batches/s through a watermark query's batches, Late data tab open",
  );
  print(
    table(
      [
        "batches",
        "play s",
        "long tasks",
        "longest ms",
        "over 50 ms CPU",
        "longest CPU ms",
        "main thread busy",
      ],
      [
        [
          String(sc.batches),
          sc.seconds.toFixed(1),
          String(sc.longTasks),
          ms(sc.longestMs),
          String(sc.trace.overCpu),
          ms(sc.trace.longestCpuMs),
          `${(sc.trace.busyShare * 100).toFixed(0)}%`,
        ],
      ],
    ),
  );
  printCauses(sc.trace);
  print();
  verdicts.push({
    part: "P4 longest task while scrubbing",
    measured: `${ms(sc.longestMs)} ms (${sc.longTasks} over 50 ms)`,
    target: "none over 50 ms",
    met: sc.longTasks === 0,
    note: `${sc.trace.overCpu} over 50 ms of the page's own CPU time (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores); each batch shown is read from the kernel's history (query.batch)`,
  });
}

/** What ran in P4's long tasks, from its trace: one line per cause. */
function printCauses(trace: MainThreadTasks): void {
  if (trace.causes.length === 0) return;
  print("long tasks by what started them (wall time, the page's CPU time in it, and its GC, layout, paint):");
  for (const cause of trace.causes) print(`  ${cause}`);
}

if (runs("P5")) verdicts.push(...(await p5Startup(root, full ? 6 : 3)));

if (runs("P8")) {
  const r = await p8History(spark, 1000);
  print(
    `P8 batch history: a windowed count with a watermark over rate-micro-batch (${r.rowsPerBatch} rows a batch): time per trigger over ${r.rounds} rounds a side of ${r.roundBatches} batches, history off and on alternating (medians); size after ${r.batches} batches (minBatchesToRetain ${r.retain})`,
  );
  print(
    table(
      [
        "off ms/trigger",
        "on ms/trigger",
        "on/off",
        "CPU off / on ms",
        "CPU on/off",
        `history after ${r.early}`,
        `after ${r.batches}`,
        "heap MB",
      ],
      [
        [
          ms(r.offMs),
          ms(r.onMs),
          ratio(r.onMs / r.offMs),
          `${ms(r.offCpuMs)} / ${ms(r.onCpuMs)}`,
          ratio(r.onCpuMs / r.offCpuMs),
          `${r.earlyFiles} files, ${(r.earlyBytes / 1024).toFixed(0)} KiB`,
          `${r.lateFiles} files, ${(r.lateBytes / 1024).toFixed(0)} KiB`,
          `${r.earlyHeapMb.toFixed(0)} → ${r.lateHeapMb.toFixed(0)}`,
        ],
      ],
    ),
  );
  print();
  const cost = r.onMs / r.offMs;
  verdicts.push({
    part: "P8 time per trigger, history on / off",
    measured: ratio(cost),
    target: "≤ 1.10×",
    met: cost <= 1.1,
    note: `CPU time ${ratio(r.onCpuMs / r.offCpuMs)}; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
  });
  const growth = r.lateBytes / Math.max(1, r.earlyBytes);
  verdicts.push({
    part: `P8 history on disk, ${r.batches} / ${r.early} batches`,
    measured: ratio(growth),
    target: "≤ 1.10× (bounded by retention)",
    met: growth <= 1.1 && r.lateFiles <= r.retain,
  });
}

print("Targets");
print(
  table(
    ["", "measured", "target", ""],
    verdicts.map((v) => [v.part, v.measured, v.target, v.met ? "met" : "MISSED"]),
  ),
);
for (const v of verdicts.filter((x) => !x.met))
  print(`${v.part} missed: ${v.note ?? "see README, Performance"}.`);
