import { expect, type Locator, type Page, type TestInfo, test } from "@playwright/test";
import { cell, keepScreenshot, loadCells, openApp, runCell, savedNotebook } from "./helpers";

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
async function rowsOf(table: Locator): Promise<string[][]> {
  return cellsOf(table.locator("tbody tr"));
}

/** Table rows, as text per cell. */
async function cellsOf(rows: Locator): Promise<string[][]> {
  return rows.evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")),
  );
}

async function runAllAndCheck(page: Page, tableCall: string, lateCall: string): Promise<void> {
  await page.getByRole("button", { name: "Run all" }).click();
  await checkRun(page, tableCall, lateCall);
}

/** The lesson's tables after its last cell stopped the queries, as its text gives them. */
async function checkRun(page: Page, tableCall: string, lateCall: string): Promise<void> {
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
  test.setTimeout(600_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await openApp(page);
  await openLesson(page, "Event time and watermarks");
  await expect(page.locator(".markdown-body h1").first()).toHaveText("Event time: watermarks and late data");
  await runAllAndCheck(page, "display(await batchTable(appendQuery))", "const dropped = [];");
  await cellWith(page, "display(await batchTable(appendQuery))")
    .first()
    .locator("table")
    .scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, "event-time-lesson-batches");
  await stepThroughLesson(page, testInfo, "event-time-lesson", "const dropped = [];");
});

/**
 * The lesson's questions answered from the append query's panel, as its text answers them: stepped with the
 * buttons and the slider's keys to batch 3 (what it read, its state, its late rows and the watermark that judged
 * them, what the output waits for), on to batch 4 (the first output), the three output modes side by side, and
 * the history read back from the checkpoint after a reload.
 */
async function stepThroughLesson(
  page: Page,
  testInfo: TestInfo,
  shots: string,
  lateCall: string,
): Promise<void> {
  const panel = page.getByRole("region", { name: "Streaming query clicks_append" });
  const shown = panel.locator(".batch-shown");
  const waiting = panel.getByRole("status", { name: "What the output is waiting for" });
  const tab = (name: string) => panel.getByRole("tab", { name });

  await test.step("the scrubber steps back with its buttons and the slider's keys", async () => {
    await panel.scrollIntoViewIfNeeded();
    // Stopped by the lesson's last cell, the panel shows its last batch, 8.
    await expect(shown).toHaveAttribute("data-batch-id", "8");
    await panel.getByRole("button", { name: "Previous batch" }).click();
    await expect(shown).toHaveAttribute("data-batch-id", "7");
    const slider = panel.getByRole("slider", { name: "Batch" });
    await slider.focus();
    await page.keyboard.press("Home");
    await expect(shown).toHaveAttribute("data-batch-id", "0");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await expect(shown).toHaveAttribute("data-batch-id", "2");
    await expect(slider).toBeFocused();
  });

  await test.step("before batch 3, the watermark has not passed the first window's end", async () => {
    await expect(waiting).toHaveText(
      "After batch 2: Window 00:00:00–00:10:00 is emitted when the watermark passes 00:10:00; the watermark is 00:06:15 (max event time 00:16:15 minus the 10 minute delay).",
    );
  });

  await test.step("batch 3 read 20 clicks, two of them out of order but counted", async () => {
    await panel.getByRole("button", { name: "Next batch" }).click();
    await expect(shown).toHaveAttribute("data-batch-id", "3");
    // After batch 3 the watermark is past 00:10: the next batch emits the first window.
    await expect(waiting).toHaveText(
      "After batch 3: Window 00:00:00–00:10:00 is emitted when the watermark passes 00:10:00; the watermark is 00:11:15 (max event time 00:21:15 minus the 10 minute delay).",
    );
    await tab("Input rows").click();
    await expect(panel.getByText("Rows read by batch 3")).toBeVisible();
    const input = panel.getByRole("region", { name: "Input rows" });
    await expect(input.locator(".row-count")).toHaveText("20 rows");
    const kept = input.locator("tr.mark-late-kept");
    await expect(kept).toHaveCount(2);
    // The input is the files' rows: event time as microseconds (event_timestamp), a 16-digit column.
    const times = (await cellsOf(kept)).map((r) => {
      const micros = r.find((v) => /^\d{16}$/.test(v));
      return micros && new Date(Number(micros) / 1000).toISOString().slice(11, 19);
    });
    expect(times.sort()).toEqual(["00:14:46", "00:15:03"]);
  });

  await test.step("batch 3's state: 00:00–00:10 36, 00:10–00:20 updated to 39, 00:20–00:30 added with 5", async () => {
    await tab("State").click();
    await expect(panel.getByText("After batch 3: 3 rows · 1 added · 1 updated · 0 removed")).toBeVisible();
    const state = await rowsOf(panel.getByRole("region", { name: "State of operator 0" }));
    expect(state.map((r) => [r[0], r[1], r.at(-1)])).toEqual([
      ["", "{2020-07-01 00:00:00, 2020-07-01 00:10:00}", "36"],
      ["updated", "{2020-07-01 00:10:00, 2020-07-01 00:20:00}", "39"],
      ["added", "{2020-07-01 00:20:00, 2020-07-01 00:30:00}", "5"],
    ]);
    await keepScreenshot(page, testInfo, `${shots}-batch-3-state`);
  });

  await test.step("the late-data lens lists batch 3's late clicks with the watermark that judged them", async () => {
    await tab("Late data").click();
    const late = panel.getByRole("region", { name: "Late rows" });
    const ofBatch3 = late.locator("tr.selected");
    await expect(ofBatch3).toHaveCount(2);
    const rows = await cellsOf(ofBatch3);
    // Judged, as Spark judges late rows, by the watermark of the batch before (the one batch 2 ran with).
    expect(rows.map((r) => [r[0], r[1].trim(), r[2].slice(0, 19), r[3]]).sort()).toEqual([
      ["#3", "late, kept", "2020-07-01 00:14:46", "2020-07-01 00:01:11"],
      ["#3", "late, kept", "2020-07-01 00:15:03", "2020-07-01 00:01:11"],
    ]);
    await expect(late.locator("tr.mark-late-dropped")).toHaveCount(0);
    await keepScreenshot(page, testInfo, `${shots}-batch-3-late`);
  });

  await test.step("batch 4 gives append mode its first row, and the output waits for the next window", async () => {
    await panel.getByRole("button", { name: "Next batch" }).click();
    await expect(shown).toHaveAttribute("data-batch-id", "4");
    await expect(waiting).toContainText(
      "After batch 4: Window 00:10:00–00:20:00 is emitted when the watermark passes 00:20:00",
    );
    await tab("Result table").click();
    await expect(panel.getByText("Rows batch 4 gave the sink")).toBeVisible();
    expect(await rowsOf(panel.getByRole("region", { name: "Batch output" }))).toEqual([
      ["new", "{2020-07-01 00:00:00, 2020-07-01 00:10:00}", "36"],
    ]);
    await keepScreenshot(page, testInfo, `${shots}-batch-4-output`);
  });

  await test.step("batches 5 to 7 drop the four clicks the lesson lists, with the watermarks its table gives", async () => {
    await panel.getByRole("slider", { name: "Batch" }).press("End");
    await expect(shown).toHaveAttribute("data-batch-id", "8");
    await tab("Late data").click();
    const dropped = panel.getByRole("region", { name: "Late rows" }).locator("tr.mark-late-dropped");
    await expect(dropped).toHaveCount(4);
    const listed = (await cellsOf(dropped)).map((r) => [
      r[0].slice(1),
      r[2].slice(11, 19),
      r[3].slice(11, 19),
    ]);
    expect(listed.map((r) => r[1])).toEqual(["00:03:18", "00:06:45", "00:10:13", "00:12:03"]);
    // The lesson's own table of query.batch(n).late: batch, event_time, window, watermark.
    const lesson = await rowsOf(cellWith(page, lateCall).locator("table"));
    expect(listed).toEqual(lesson.map((r) => [r[0], r[1].slice(11, 19), r[3]]));
    await keepScreenshot(page, testInfo, `${shots}-dropped`);
  });

  await test.step("the three output modes side by side end as the lesson says", async () => {
    await panel.getByRole("button", { name: "Compare output modes" }).click();
    const dialog = page.getByRole("dialog", { name: "Output modes side by side: clicks_append" });
    const slider = dialog.getByRole("slider", { name: "Batch" });
    await expect(slider).toBeVisible({ timeout: 180_000 });
    const table = (mode: string) =>
      dialog
        .getByRole("region", { name: `${mode} mode` })
        .getByRole("region", { name: `${mode}: result table` });
    await slider.press("End");
    // Complete mode drops nothing: its last table has the true counts, 38 and 43, where append said 36 and 41.
    await expect
      .poll(async () => (await rowsOf(table("Complete"))).map((r) => r.at(-1)))
      .toEqual(["38", "43", "41", "38"]);
    // Append mode's replay reads the lesson's batches as the query did, so it drops the same clicks.
    expect((await rowsOf(table("Append"))).map((r) => r.at(-1))).toEqual(["36", "41"]);
    await keepScreenshot(page, testInfo, `${shots}-modes`);
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
  });

  await test.step("after a reload the history is stepped back through from the checkpoint", async () => {
    await expect
      .poll(async () => JSON.stringify((await savedNotebook(page))?.cells ?? []))
      .toContain('"batchId":8');
    await page.reload();
    await expect(page.getByRole("status", { name: "Kernel status" })).toContainText("Kernel ready", {
      timeout: 60_000,
    });
    await panel.scrollIntoViewIfNeeded();
    await expect(shown).toHaveAttribute("data-batch-id", "8", { timeout: 30_000 });
    const slider = panel.getByRole("slider", { name: "Batch" });
    await slider.focus();
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await expect(shown).toHaveAttribute("data-batch-id", "3");
    await expect(waiting).toContainText("After batch 3: Window 00:00:00–00:10:00 is emitted");
    await tab("State").click();
    await expect(panel.getByText("After batch 3: 3 rows · 1 added · 1 updated · 0 removed")).toBeVisible();
    await keepScreenshot(page, testInfo, `${shots}-after-reload`);
  });
}

test("the PySpark event-time lesson, run cell by cell with Shift+Enter, is stepped through batch by batch", async ({
  page,
}, testInfo) => {
  test.setTimeout(600_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await openApp(page);
  await openLesson(page, "Event time and watermarks (PySpark)");
  await expect(page.locator(".markdown-body h1").first()).toHaveText(
    "Event time in PySpark: watermarks and late data",
  );
  await expect(page.getByRole("textbox", { name: "Notebook name" })).toHaveValue(
    "Event time (PySpark) - watermarks and late data",
  );
  // Every code cell in order, as a learner runs them: click into its text, Shift+Enter, wait for it to finish.
  const types = await page
    .locator(".cell")
    .evaluateAll((cells) => cells.map((c) => c.getAttribute("data-cell-type")));
  for (const [i, type] of types.entries()) {
    if (type === "markdown") continue;
    await runCell(page, i);
    await expect(cell(page, i).locator(".output-error")).toHaveCount(0);
  }
  await checkRun(page, "display(batch_table(append_query))", 'for r in append_query.batch(n)["late"]');
  await cellWith(page, "display(batch_table(append_query))")
    .first()
    .locator("table")
    .scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, "event-time-lesson-pyspark-batches");
  await stepThroughLesson(
    page,
    testInfo,
    "event-time-lesson-pyspark",
    'for r in append_query.batch(n)["late"]',
  );
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
