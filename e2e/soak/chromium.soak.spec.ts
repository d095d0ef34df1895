/**
 * `npm run test:soak`, Chromium's half (playwright.soak.config.ts; not in `npm test`): a query with state streams
 * 1,000 batches (SLUICE_SOAK_BROWSER_BATCHES to change it) in the built app with its live panel open:
 * `groupBy("user_id").count()` in update mode over rate-micro-batch rows mapped onto 20k user ids of the teaching
 * data's length, so state holds 20k keys throughout. At each checkpoint along the way a person's cells measure
 * DuckDB's memory, the checkpoint's size and files and the median trigger time, and restart the query from its
 * checkpoint (timed until its first batch); the page's JS heap (the live panel's side) is read after a GC. The
 * last checkpoint is compared with an early one of the same run.
 */
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
}

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
    const measured = await soakLine(page, 1);
    const heapBytes = await page.evaluate(() => {
      (globalThis as unknown as { gc: () => void }).gc();
      return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
    });
    const { restartMs } = await soakLine(page, 2);
    const point = { ...measured, heapBytes, restartMs } as Checkpoint;
    checkpoints.push(point);
    process.stdout.write(
      `soak (Chromium): batch ${point.batch}: DuckDB ${(point.duckdbBytes / 1e6).toFixed(1)} MB, page heap ${(point.heapBytes / 1e6).toFixed(1)} MB, checkpoint ${(point.checkpointBytes / 1e6).toFixed(2)} MB in ${point.checkpointFiles} files, trigger ${point.triggerMs.toFixed(1)} ms (median), restart ${point.restartMs.toFixed(0)} ms\n`,
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
  expect(last.triggerMs).toBeLessThanOrEqual(1.5 * reference.triggerMs);
  expect(last.restartMs).toBeLessThanOrEqual(2 * first.restartMs);
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
