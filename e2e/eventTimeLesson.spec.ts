import { expect, type Page, test } from "@playwright/test";
import { cell, keepScreenshot, loadCells, openApp, runCell } from "./helpers";

/**
 * The event-time lesson as a learner meets it: chosen from the examples menu, run with Run all, its tables
 * showing the batches its text talks about. (src/kernel/eventTimeLesson.test.ts checks every number; here, that
 * the notebook shows them.)
 */
async function openLesson(page: Page, name: string): Promise<void> {
  await page.getByRole("combobox", { name: "More examples" }).selectOption(name);
  await expect(page.locator(".cell").first()).toContainText("Event time");
}

/** The cell whose source holds `text` (a code cell's editor shows its source). */
function cellWith(page: Page, text: string) {
  return page.locator(".cell").filter({ hasText: text });
}

/** A table output's rows, as text per cell. */
async function rowsOf(table: ReturnType<Page["locator"]>): Promise<string[][]> {
  return table
    .locator("tbody tr")
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
}

async function runAllAndCheck(page: Page, tableCall: string, lateCall: string): Promise<void> {
  await page.getByRole("button", { name: "Run all" }).click();
  const stop = cellWith(page, "update_query.isActive").or(cellWith(page, "updateQuery.isActive"));
  await expect(stop.locator(".output-text.value")).toContainText(/false[\s\S]*false/i, { timeout: 240_000 });
  await expect(page.locator(".cell .output-error")).toHaveCount(0);

  // The table of batches (batch, clicksRead, watermark, droppedAsLate, emitted, windowsInState, nextWatermark):
  // nine batches, append mode empty until batch 4, late clicks dropped in batches 5 to 7.
  const rows = await rowsOf(cellWith(page, tableCall).first().locator("table"));
  expect(rows.map((r) => r[0])).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8"]);
  expect(rows.map((r) => r[3])).toEqual(["0", "0", "0", "0", "0", "1", "1", "2", "0"]);
  expect(rows.map((r) => r[4])).toEqual(["", "", "", "", "00:00–00:10: 36", "", "00:10–00:20: 41", "", ""]);
  expect(rows[3][2]).toBe("00:06:15");

  // Every dropped click, listed with the watermark that dropped it.
  const late = await rowsOf(cellWith(page, lateCall).locator("table"));
  expect(late.map((r) => r[0])).toEqual(["5", "6", "7", "7"]);

  // The append query's panel is there for the batch scrubber.
  await expect(cellWith(page, '.queryName("clicks_append")').locator(".query-panel")).toBeVisible();
}

test("the event-time lesson opens from the examples menu and runs with Run all, its tables as its text says", async ({
  page,
}, testInfo) => {
  test.setTimeout(360_000);
  await openApp(page);
  await openLesson(page, "Event time and watermarks");
  await expect(page.locator(".markdown-body h1").first()).toHaveText("Event time: watermarks and late data");
  await runAllAndCheck(page, "display(await batchTable(appendQuery))", "const dropped = [];");
  await cellWith(page, "display(await batchTable(appendQuery))")
    .first()
    .locator("table")
    .scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, "event-time-lesson-batches");
});

test("the PySpark event-time lesson runs with Run all and shows the same batches", async ({
  page,
}, testInfo) => {
  test.setTimeout(480_000);
  await openApp(page);
  await openLesson(page, "Event time and watermarks (PySpark)");
  await expect(page.locator(".markdown-body h1").first()).toHaveText(
    "Event time in PySpark: watermarks and late data",
  );
  await runAllAndCheck(page, "display(batch_table(append_query))", 'for r in append_query.batch(n)["late"]');
  await cellWith(page, "display(batch_table(append_query))")
    .first()
    .locator("table")
    .scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, "event-time-lesson-pyspark-batches");
});

test("the Data tab writes files with the late share and disorder it is given", async ({ page }) => {
  await openApp(page);
  await page.getByRole("tab", { name: "Data" }).click();
  await page.getByLabel("Folder").fill("/data/late-tab");
  await page.getByLabel("Files", { exact: true }).fill("2");
  await page.getByLabel("Rows per file").fill("100");
  await page.getByLabel("Late %").fill("50");
  await page.getByLabel(/Up to .* s late/).fill("60");
  await page.getByLabel(/Disorder up to/).fill("0");
  await page.getByRole("button", { name: "Generate now" }).click();
  await expect(page.locator(".notice")).toContainText("Wrote 2 files to /data/late-tab");
  // In order but for the late rows, each up to 60 s behind: a row below the running maximum is a late one.
  await loadCells(page, "Late rows", [
    {
      type: "code",
      source: `const times = (await spark.read.parquet("/data/late-tab/part-00001.parquet").collect()).map((r) => Number(r.event_timestamp));
let latest = 0;
let behind = 0;
for (const t of times) {
  if (t < latest) behind += 1;
  latest = Math.max(latest, t);
}
behind`,
    },
  ]);
  await runCell(page, 0);
  const behind = Number(await cell(page, 0).locator(".output-text.value").textContent());
  // Binomial(100, 0.5): 50 ± 5.
  expect(behind).toBeGreaterThan(30);
  expect(behind).toBeLessThan(70);
});
