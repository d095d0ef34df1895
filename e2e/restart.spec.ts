import { expect, type Page, test } from "@playwright/test";
import { cell, keepScreenshot, loadCells, openApp } from "./helpers";

const CHECKPOINT = "/checkpoints/restart-e2e";

/** Clicks into a cell's code and runs it with Shift+Enter, as a person does; waits until it has run. */
async function runByKeyboard(page: Page, index: number): Promise<void> {
  await cell(page, index).locator(".monaco-editor .view-line").first().click();
  await page.keyboard.press("Shift+Enter");
  await expect(cell(page, index)).toHaveAttribute("data-run-state", "idle", { timeout: 90_000 });
}

/** The batch ids in the checkpoint's commits/ folder, listed through the Files API of the page's kernel. */
async function committed(page: Page): Promise<number[]> {
  return page.evaluate(async (dir) => {
    const s = (window as unknown as { sluice: { listFiles(p: string): Promise<{ name: string }[]> } }).sluice;
    const files = await s.listFiles(dir).catch(() => []);
    return files
      .map((f) => f.name)
      .filter((n) => /^\d+$/.test(n))
      .map(Number)
      .sort((a, b) => a - b);
  }, `${CHECKPOINT}/commits`);
}

async function batchId(page: Page): Promise<number> {
  return Number(await cell(page, 4).locator(".query-status").getAttribute("data-batch-id"));
}

test("after a reload the panel shows the last committed batch; Restart runs only what the query needs", async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  await openApp(page);
  await loadCells(page, "Restart lesson", [
    { type: "code", source: `await dbutils.fs.rm("${CHECKPOINT}", true);\n"reset"` },
    {
      type: "code",
      source: 'const rates = spark.readStream.format("rate").option("rowsPerSecond", 5).load();',
    },
    { type: "code", source: 'undefinedHelper("a cell that fails")' },
    { type: "code", source: 'const counts = rates.selectExpr("value % 3 AS k").groupBy("k").count();' },
    {
      type: "code",
      source: [
        'const q = await counts.writeStream.outputMode("complete").format("memory")',
        '  .queryName("restart_e2e").trigger({ processingTime: "500 milliseconds" })',
        `  .option("checkpointLocation", "${CHECKPOINT}").start();`,
      ].join("\n"),
    },
    { type: "sql", source: "SELECT k, count FROM restart_e2e ORDER BY k" },
  ]);
  for (const index of [0, 1, 2, 3, 4]) await runByKeyboard(page, index);
  await expect(cell(page, 2).locator(".output-error")).toContainText("undefinedHelper");
  const panel = cell(page, 4).locator(".query-panel");
  await expect.poll(() => batchId(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  const shownBefore = await batchId(page);

  await test.step("reload mid-stream: the panel shows the checkpoint's last committed batch, and its table is gone", async () => {
    await page.reload();
    await openApp(page, page.url());
    await expect(panel.locator(".query-status")).toContainText("stopped");
    const commits = await committed(page);
    expect(commits.at(-1)).toBeGreaterThanOrEqual(shownBefore);
    await expect.poll(() => batchId(page)).toBe(commits.at(-1));
    const note = panel.getByRole("note", { name: "Not running in this kernel" });
    await expect(note).toContainText("Its memory table restart_e2e went with the page it ran in");
    await keepScreenshot(page, testInfo, "reloaded-panel");
    // As the note says: SQL over the sink fails until the query runs again.
    await runByKeyboard(page, 5);
    await expect(cell(page, 5).locator(".output-error")).toContainText("TABLE_OR_VIEW_NOT_FOUND");
  });

  await test.step("Restart says which cells it runs (not the reset cell, not the failing one); an error on the way is shown", async () => {
    // The user breaks the cell the query needs: Restart stops there and says so.
    await cell(page, 3).locator(".monaco-editor .view-line").first().click();
    await page.keyboard.press("Home");
    await page.keyboard.type("notDefined(); ");
    await page.keyboard.press("Escape");
    await panel.getByRole("button", { name: "Restart" }).click();
    const plan = panel.getByRole("alertdialog", { name: "Restart plan" });
    await expect(plan.getByRole("listitem")).toHaveText([
      /^Cell 2 .*const rates.*, which defines rates$/,
      /^Cell 4 .*const counts.*, which defines counts$/,
      /^Cell 5 .*const q = await counts.*the query's own$/,
    ]);
    await expect(plan).toContainText(`none of them may delete the checkpoint ${CHECKPOINT}`);
    await expect(plan.getByRole("note")).toContainText("No cell above defines notDefined");
    await keepScreenshot(page, testInfo, "restart-plan");
    await plan.getByRole("button", { name: "Run 3 cells and restart" }).click();
    await expect(cell(page, 3).locator(".output-error")).toContainText("notDefined");
    await expect(page.locator(".notice.error")).toContainText(
      "Restart stopped: cell 4, which it needs for counts, failed",
    );
    await expect(panel.locator(".query-status")).toContainText("Not restarted: cell 4");
  });

  await test.step("fixed, Restart continues from the checkpoint; the reset cell never ran", async () => {
    const before = (await committed(page)).at(-1)!;
    await cell(page, 3).locator(".monaco-editor .view-line").first().click();
    await page.keyboard.press("Home");
    for (let i = 0; i < "notDefined(); ".length; i++) await page.keyboard.press("Delete");
    await page.keyboard.press("Escape");
    await panel.getByRole("button", { name: "Restart" }).click();
    // rates was defined by the first attempt: only counts' cell and the query's own are left.
    const plan = panel.getByRole("alertdialog", { name: "Restart plan" });
    await expect(plan.getByRole("listitem")).toHaveCount(2);
    await plan.getByRole("button", { name: "Run 2 cells and restart" }).click();
    await expect(panel.locator(".query-status")).not.toContainText("stopped", { timeout: 60_000 });
    await expect.poll(() => batchId(page), { timeout: 60_000 }).toBeGreaterThan(before);
    // The checkpoint was continued, not started over: every batch before the restart is still committed.
    const commits = await committed(page);
    expect(commits[0]).toBe(0);
    expect(commits.at(-1)).toBeGreaterThan(before);
    // The reset cell and the failing cell still show their outputs from before the reload.
    await expect(cell(page, 0).locator(".stored-outputs-note")).toBeVisible();
    await expect(cell(page, 2).locator(".stored-outputs-note")).toBeVisible();
    await expect(panel.getByRole("note", { name: "Not running in this kernel" })).toHaveCount(0);
    await runByKeyboard(page, 5);
    await expect(cell(page, 5).locator("tbody tr")).toHaveCount(3);
    await panel.getByRole("button", { name: "Stop" }).click();
    await expect(panel.locator(".query-status")).toContainText("stopped", { timeout: 30_000 });
  });
});
