/**
 * `npm run test:soak`, Chromium's half (playwright.soak.config.ts; not in `npm test`): a query with state streams
 * 1,000 batches (SLUICE_SOAK_BROWSER_BATCHES to change it) in the built app with its live panel open:
 * `groupBy("user_id").count()` in update mode over rate-micro-batch rows mapped onto 20k user ids of the teaching
 * data's length, so state holds 20k keys throughout. At each checkpoint along the way a person's cells measure
 * DuckDB's memory, the checkpoint's size and files and the median trigger time, and restart the query from its
 * checkpoint (timed until its first batch); the page's JS heap (the live panel's side) is read after a GC. The
 * last checkpoint is compared with an early one of the same run.
 *
 * Times are asserted in CPU time, which the machine's load does not stretch as it does wall time (printed beside
 * it): the browser gives a page no CPU clock, so the soak reads the CPU time of the browser's processes (every
 * descendant of this test's process, from /proc: the kernel's worker runs in the page's renderer, the live panel
 * draws there and in the GPU process) and divides what the batches between two checkpoints cost by their number;
 * a restart's CPU time is what the browser spent on the restart cell.
 */
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { expect, type Page, test } from "@playwright/test";
import { cell, loadCells, openApp } from "../helpers";

const BATCHES = Number(process.env.SLUICE_SOAK_BROWSER_BATCHES ?? 1000);
const STOPS = [100, 250, 500, 750, 1000].map((b) => Math.round((b * BATCHES) / 1000));

const START = [
  "const soakInput = () => spark.readStream.format('rate-micro-batch').option('rowsPerBatch', 2000).load()",
  "  .selectExpr(\"'UA000000' || CAST(100000000 + value % 20000 AS STRING) AS user_id\")",
  "  .groupBy('user_id').count();",
  "const soakStart = () => soakInput().writeStream.outputMode('update').format('noop')",
  "  .option('checkpointLocation', '/soak/checkpoint').queryName('soak').start();",
  "let soak = await soakStart();",
].join("\n");

const MEASURE = [
  "const sizeOf = async (dir) => {",
  "  let bytes = 0, files = 0;",
  "  for (const f of await dbutils.fs.ls(dir)) {",
  "    if (f.isDirectory) { const s = await sizeOf(f.path); bytes += s.bytes; files += s.files; }",
  "    else { bytes += f.size; files += 1; }",
  "  }",
  "  return { bytes, files };",
  "};",
  "const times = soak.recentProgress.map((p) => p.durationMs.triggerExecution).sort((a, b) => a - b);",
  "const size = await sizeOf('/soak/checkpoint');",
  "console.log('soak ' + JSON.stringify({",
  "  batch: soak.lastProgress.batchId,",
  "  duckdbBytes: spark.db.queryNumber('SELECT sum(memory_usage_bytes) FROM duckdb_memory()'),",
  "  checkpointBytes: size.bytes, checkpointFiles: size.files,",
  "  triggerMs: times[times.length >> 1],",
  "}));",
].join("\n");

const RESTART = [
  "await soak.stop();",
  "const restartedAt = performance.now();",
  "const firstBatch = new Promise((resolve) => {",
  "  const listener = { onQueryProgress: () => { spark.streams.removeListener(listener); resolve(); } };",
  "  spark.streams.addListener(listener);",
  "});",
  "soak = await soakStart();",
  "await firstBatch;",
  "console.log('soak ' + JSON.stringify({ restartMs: performance.now() - restartedAt }));",
].join("\n");

interface Checkpoint {
  batch: number;
  duckdbBytes: number;
  heapBytes: number;
  checkpointBytes: number;
  checkpointFiles: number;
  triggerMs: number;
  restartMs: number;
  /** The browser's CPU time per batch since the previous checkpoint, and for the restart cell. */
  triggerCpuMs: number;
  restartCpuMs: number;
  load: number;
}

const CLOCK_TICKS_PER_MS = 100 / 1000; // USER_HZ: Linux reports process times in 1/100 s

/** CPU time (user and system, in ms) of every live descendant of this process, and of its reaped children. */
function browserCpuMs(): number {
  const parents = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // ended while listed
    }
    // After the command's closing parenthesis: state, ppid, …; utime, stime, cutime, cstime are fields 14–17.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    parents.set(Number(name), Number(fields[1]));
    ticks.set(
      Number(name),
      Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
    );
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p))
      if (p === process.pid) return true;
    return false;
  };
  let total = 0;
  for (const [pid, t] of ticks) if (isDescendant(pid)) total += t;
  if (total === 0) throw new Error("the soak found no browser process under this test's process in /proc");
  return total / CLOCK_TICKS_PER_MS;
}

/** The highest batch id the live panel shows. */
const panelBatch = (page: Page) =>
  page.evaluate(() =>
    Math.max(
      -1,
      ...[...document.querySelectorAll(".query-panel .query-status")].map((e) =>
        Number(e.getAttribute("data-batch-id") ?? -1),
      ),
    ),
  );

test.setTimeout(3 * 60 * 60 * 1000);

test(`a query with state over ${BATCHES} batches in Chromium, live panel open, stays bounded`, async ({
  page,
}) => {
  await openApp(page);
  await loadCells(page, "Soak", [
    { type: "code", source: START },
    { type: "code", source: MEASURE },
    { type: "code", source: RESTART },
  ]);
  await runByKeyboard(page, 0);
  await expect(page.locator(".query-panel").first()).toBeVisible();
  const checkpoints: Checkpoint[] = [];
  let markCpu = browserCpuMs();
  let markBatch = await panelBatch(page);
  for (const stop of STOPS) {
    await page.waitForFunction(
      (n) =>
        Math.max(
          -1,
          ...[...document.querySelectorAll(".query-panel .query-status")].map((e) =>
            Number(e.getAttribute("data-batch-id") ?? -1),
          ),
        ) >=
        n - 1,
      stop,
      { timeout: 60 * 60 * 1000, polling: 500 },
    );
    const arrivedCpu = browserCpuMs();
    const arrivedBatch = await panelBatch(page);
    const triggerCpuMs = (arrivedCpu - markCpu) / Math.max(1, arrivedBatch - markBatch);
    const measured = await soakLine(page, 1);
    const heapBytes = await page.evaluate(() => {
      (globalThis as unknown as { gc: () => void }).gc();
      return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
    });
    const restartStartCpu = browserCpuMs();
    const { restartMs } = await soakLine(page, 2);
    markCpu = browserCpuMs();
    markBatch = await panelBatch(page);
    const restartCpuMs = markCpu - restartStartCpu;
    const point = {
      ...measured,
      heapBytes,
      restartMs,
      triggerCpuMs,
      restartCpuMs,
      load: loadavg()[0],
    } as Checkpoint;
    checkpoints.push(point);
    process.stdout.write(
      `soak (Chromium): batch ${point.batch}: DuckDB ${(point.duckdbBytes / 1e6).toFixed(1)} MB, page heap ${(point.heapBytes / 1e6).toFixed(1)} MB, checkpoint ${(point.checkpointBytes / 1e6).toFixed(2)} MB in ${point.checkpointFiles} files, trigger ${point.triggerCpuMs.toFixed(1)} ms CPU (browser, mean since the last checkpoint) / ${point.triggerMs.toFixed(1)} ms wall (median), restart ${point.restartCpuMs.toFixed(0)} ms CPU / ${point.restartMs.toFixed(0)} ms wall, load ${point.load.toFixed(1)}\n`,
    );
  }
  const first = checkpoints[0];
  const reference = checkpoints[1];
  const last = checkpoints.at(-1)!;
  expect(last.batch).toBeGreaterThanOrEqual(BATCHES - 1);
  expect(last.duckdbBytes).toBeLessThanOrEqual(1.2 * reference.duckdbBytes);
  expect(last.heapBytes).toBeLessThanOrEqual(1.5 * reference.heapBytes);
  expect(last.checkpointBytes).toBeLessThanOrEqual(1.5 * reference.checkpointBytes);
  expect(last.checkpointFiles).toBeLessThanOrEqual(1.5 * reference.checkpointFiles);
  expect(last.triggerCpuMs).toBeLessThanOrEqual(1.5 * reference.triggerCpuMs);
  expect(last.restartCpuMs).toBeLessThanOrEqual(2 * first.restartCpuMs);
});

/** Selects a cell by its gutter (command mode) and runs it with Shift+Enter, as a person would. */
async function runByKeyboard(page: Page, index: number): Promise<void> {
  const target = cell(page, index);
  await target.locator(".gutter").click();
  await page.keyboard.press("Shift+Enter");
  await expect(target).toHaveAttribute("data-run-state", "idle", { timeout: 120_000 });
}

/** Runs a measuring cell and reads the JSON it printed after "soak ". */
async function soakLine(page: Page, index: number): Promise<Record<string, number>> {
  await runByKeyboard(page, index);
  const text = await cell(page, index).locator(".output-text.stdout").last().textContent();
  const line = (text ?? "").split("\n").find((l) => l.startsWith("soak "));
  if (!line) throw new Error(`cell ${index} printed no measurement: ${text}`);
  return JSON.parse(line.slice("soak ".length));
}
