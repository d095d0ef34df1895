import { expect, type Locator, type Page, test } from "@playwright/test";
import { type CellSpec, keepScreenshot, loadCells, openApp, runCell } from "./helpers";

// "Compare output modes" from a running aggregation's panel: the same query in append, update and complete mode
// on the input it read, stepped through batch by batch. The data is a windowed count of clicks in four files
// (10 minute windows, a 5 minute watermark delay), so the answers are the ones worked out by hand in
// src/kernel/compareModes.test.ts; the query reads one file a trigger and stays running.

const DATA = [
  "const files = [['12:01', '12:03', '12:07'], ['12:12', '12:04'], ['12:26', '12:08'], ['12:09', '12:27']];",
  "for (const [i, times] of files.entries())",
  "  await dbutils.fs.put('/data/modes-clicks/part-' + i + '.json',",
  "    times.map((t) => JSON.stringify({ time: '2026-01-05T' + t + ':00Z', word: 'w' })).join('\\n'));",
  "const clicks = spark.readStream.schema('time TIMESTAMP, word STRING')",
  "  .option('maxFilesPerTrigger', 1).json('/data/modes-clicks');",
].join("\n");

const WINDOWED = [
  "const windowed = await clicks.withWatermark('time', '5 minutes')",
  "  .groupBy(window(col('time'), '10 minutes')).count()",
  "  .writeStream.outputMode('complete').format('memory').queryName('clicks_per_window').start();",
].join("\n");

const BY_WORD = [
  "const byWord = await clicks.groupBy('word').count()",
  "  .writeStream.outputMode('update').format('memory').queryName('clicks_per_word').start();",
].join("\n");

/** Opens the app on the windowed count (and `more` cells after it), runs it, and waits for its batch 3. */
async function streamWindowedCount(page: Page, more: CellSpec[] = []): Promise<Locator> {
  await page.setViewportSize({ width: 1400, height: 900 });
  await openApp(page);
  await loadCells(page, "Output modes", [
    { type: "code", source: DATA },
    { type: "code", source: WINDOWED },
    ...more,
  ]);
  await runCell(page, 0);
  await runCell(page, 1);
  const panel = page.getByRole("region", { name: "Streaming query clicks_per_window" });
  await expect(panel.locator(".query-status")).toHaveAttribute("data-batch-id", "3", { timeout: 60_000 });
  return panel;
}

/** The count column of a table region, top to bottom. */
async function counts(table: Locator): Promise<string[]> {
  return table
    .locator("tbody tr")
    .evaluateAll((trs) => trs.map((tr) => tr.lastElementChild?.textContent ?? ""));
}

test("compares the output modes of a running windowed count batch by batch, and shows Spark's refusal", async ({
  page,
}, testInfo) => {
  test.setTimeout(420_000);
  const panel = await streamWindowedCount(page, [{ type: "code", source: BY_WORD }]);

  await panel.getByRole("button", { name: "Compare output modes" }).click();
  const dialog = page.getByRole("dialog", { name: "Output modes side by side: clicks_per_window" });
  const column = (mode: string) => dialog.getByRole("region", { name: `${mode} mode` });
  const emitted = (mode: string) => column(mode).getByRole("region", { name: `${mode}: emitted` });
  const table = (mode: string) => column(mode).getByRole("region", { name: `${mode}: result table` });
  await expect(dialog.getByRole("slider", { name: "Batch" })).toBeVisible({ timeout: 120_000 });
  await expect(column("Complete")).toContainText("the query's mode");
  await expect(column("Append")).toContainText("Only the new rows appended to the Result Table");

  // Batch 0: append waits for the watermark; update and complete emit window 12:00 with 3 clicks.
  await expect(dialog.locator(".modes-step-label")).toHaveText("The query's batch 0 (1 of 4)");
  await expect(emitted("Append")).toHaveText("No rows.");
  expect(await counts(emitted("Update"))).toEqual(["3"]);
  expect(await counts(emitted("Complete"))).toEqual(["3"]);
  await keepScreenshot(page, testInfo, "modes batch 0");

  // Next: 12:12 opens window 12:10; update adds both changed rows to its sink, complete replaces it.
  await dialog.getByRole("button", { name: "Next batch" }).click();
  await expect(dialog.locator(".modes-step-label")).toHaveText("The query's batch 1 (2 of 4)");
  await expect.poll(() => counts(table("Update"))).toEqual(["3", "4", "1"]);
  expect(await counts(table("Complete"))).toEqual(["4", "1"]);
  await expect(emitted("Append")).toHaveText("No rows.");

  // The slider moves with the keyboard: 12:26 moves the watermark to 12:21, and append emits the two final
  // windows in the no-data batch after the data.
  await dialog.getByRole("slider", { name: "Batch" }).press("ArrowRight");
  await expect(dialog.locator(".modes-step-label")).toHaveText("The query's batch 2 (3 of 4)");
  await expect.poll(() => counts(emitted("Append"))).toEqual(["5", "1"]);
  await expect(column("Append")).toContainText("and no-data batch");
  expect(await counts(emitted("Complete"))).toEqual(["5", "1", "1"]);
  await expect(dialog.locator(".modes-facts")).toContainText("2026-01-05 12:07:00 → 2026-01-05 12:21:00");
  await keepScreenshot(page, testInfo, "modes batch 2");

  // Batch 3: 12:09 is late for append and update, and complete mode still counts it.
  await dialog.getByRole("button", { name: "Next batch" }).click();
  await expect(column("Update")).toContainText("1 late row dropped");
  await expect.poll(() => counts(emitted("Complete"))).toEqual(["6", "1", "2"]);
  expect(await counts(table("Append"))).toEqual(["5", "1"]);
  await expect(dialog.getByRole("button", { name: "Next batch" })).toBeDisabled();
  await keepScreenshot(page, testInfo, "modes batch 3");

  // Esc closes it; the runs' memory sinks go with it.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // Without a watermark, Spark refuses append mode for the aggregation: its error takes the column's place.
  await runCell(page, 2);
  const words = page.getByRole("region", { name: "Streaming query clicks_per_word" });
  await expect(words.locator(".query-status")).toHaveAttribute("data-batch-id", "3", { timeout: 60_000 });
  await words.getByRole("button", { name: "Compare output modes" }).click();
  const refused = page.getByRole("dialog", { name: "Output modes side by side: clicks_per_word" });
  await expect(refused.getByRole("note", { name: "Spark's error for append mode" })).toHaveText(
    "AnalysisException: [STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming output mode: append. This output mode is not supported for streaming aggregations without watermark on streaming DataFrames/DataSets. SQLSTATE: 42KDE",
  );
  await expect(refused.getByRole("slider", { name: "Batch" })).toBeVisible({ timeout: 120_000 });
  await refused.getByRole("slider", { name: "Batch" }).press("End");
  await expect.poll(() => counts(refused.getByRole("region", { name: "Complete: emitted" }))).toEqual(["9"]);
  await keepScreenshot(page, testInfo, "modes refused append");
  await refused.getByRole("button", { name: "Close" }).click();
  await expect(refused).toBeHidden();
});

test("a second tab's start leaves the first tab's comparison alone, and removes it once that tab is closed", async ({
  page,
}, testInfo) => {
  test.setTimeout(420_000);
  const panel = await streamWindowedCount(page);

  // The first tab compares the output modes; a second tab on the same origin (the same OPFS) opens meanwhile.
  await panel.getByRole("button", { name: "Compare output modes" }).click();
  const second = await page.context().newPage();
  await second.setViewportSize({ width: 1400, height: 900 });
  await openApp(second);

  // The first tab's comparison ran to the end and still steps: complete mode's last table, as worked out in
  // src/kernel/compareModes.test.ts.
  const dialog = page.getByRole("dialog", { name: "Output modes side by side: clicks_per_window" });
  await expect(dialog.getByRole("slider", { name: "Batch" })).toBeVisible({ timeout: 120_000 });
  await expect(dialog.getByRole("note", { name: /Spark.s error/ })).toHaveCount(0);
  await dialog.getByRole("slider", { name: "Batch" }).press("End");
  const complete = dialog.getByRole("region", { name: "Complete: result table" });
  await expect.poll(() => counts(complete)).toEqual(["6", "1", "2"]);

  // Its checkpoints are still in the shared storage, as the second tab's Files tab shows.
  const comparisonFolders = async (tab: typeof page) => {
    await tab.getByRole("tab", { name: "Files", exact: true }).click();
    const files = tab.getByRole("list", { name: "Files" });
    await files.getByRole("button", { name: "Open tmp" }).click();
    return files.locator('li[data-path^="/tmp/sluice-compare-"]');
  };
  const kept = await comparisonFolders(second);
  await expect(kept).toHaveCount(1);
  await keepScreenshot(second, testInfo, "second tab keeps the first tab's comparison");

  // Closed with its comparison open, the first tab leaves the folder behind; the next start removes it.
  await page.close();
  await second.reload();
  await expect(second.getByRole("status", { name: "Kernel status" })).toContainText("Kernel ready", {
    timeout: 60_000,
  });
  await expect(await comparisonFolders(second)).toHaveCount(0);
});
