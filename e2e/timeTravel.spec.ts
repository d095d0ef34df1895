import { expect, type Page, test } from "@playwright/test";
import { cell, keepScreenshot, loadCells, openApp, runCell, savedNotebook } from "./helpers";

/**
 * Time travel in a query panel, driven as a person does: a windowed count with a 10 minute watermark over
 * events added cell by cell (each run of a cell is one batch, so nothing waits on time), stepped back and forth
 * with the scrubber's buttons and the slider's arrow keys, the late row shown in the input and listed in the
 * late-data lens, the "waiting for" sentence moving on as the watermark passes a window's end, and the history
 * read back from the checkpoint after a reload.
 */
const CHECKPOINT = "/checkpoints/time-travel-e2e";
const at = (time: string) => `new Date("2024-01-01T${time}:00Z")`;
const add = (rows: [string, string][]) =>
  `events.addData([${rows.map(([time, word]) => `{ eventTime: ${at(time)}, word: "${word}" }`).join(", ")}]);\nawait q.processAllAvailable();`;

const CELLS = [
  {
    type: "code" as const,
    source: [
      `await dbutils.fs.rm("${CHECKPOINT}", true);`,
      'const events = new MemoryStream(spark, "eventTime TIMESTAMP, word STRING");',
      'const counts = events.toDF().withWatermark("eventTime", "10 minutes")',
      '  .groupBy(window(col("eventTime"), "10 minutes"), col("word")).count();',
      'const q = await counts.writeStream.outputMode("append").format("memory").queryName("late_counts")',
      `  .option("checkpointLocation", "${CHECKPOINT}").start();`,
    ].join("\n"),
  },
  {
    type: "code" as const,
    source: add([
      ["12:01", "a"],
      ["12:14", "b"],
    ]),
  },
  // 12:02 is behind the max event time but inside the open window 12:00–12:10: kept.
  {
    type: "code" as const,
    source: add([
      ["12:02", "a"],
      ["12:25", "c"],
    ]),
  },
  // The watermark is 12:15 now: window 12:00–12:10 is closed, so 12:05 is dropped.
  {
    type: "code" as const,
    source: add([
      ["12:05", "late"],
      ["12:26", "c"],
    ]),
  },
];

function panelOf(page: Page) {
  return cell(page, 0).locator(".query-panel");
}

async function shownBatch(page: Page): Promise<number> {
  return Number(await panelOf(page).locator(".batch-shown").getAttribute("data-batch-id"));
}

test("step through a watermark query's batches, see its late rows and what the output waits for, after a reload too", async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  await openApp(page);
  await loadCells(page, "Time travel", CELLS);
  const panel = panelOf(page);
  const waiting = panel.getByRole("status").filter({ hasText: "Waiting for" });

  await test.step("the waiting-for sentence follows the watermark past a window's end", async () => {
    await runCell(page, 0);
    await runCell(page, 1);
    await expect(waiting).toHaveText(
      "Waiting for: Window 12:00–12:10 is emitted when the watermark passes 12:10; the watermark is 12:04 (max event time 12:14 minus the 10 minute delay).",
    );
    await runCell(page, 2);
    await expect(waiting).toContainText("Window 12:10–12:20 is emitted when the watermark passes 12:20");
    await expect(waiting).toContainText(
      "the watermark is 12:15 (max event time 12:25 minus the 10 minute delay)",
    );
    await runCell(page, 3);
    await keepScreenshot(page, testInfo, "time travel live");
  });

  const last = await test.step("live, the scrubber shows the latest kept batch", async () => {
    await expect(panel.getByRole("button", { name: "Live" })).toHaveAttribute("aria-pressed", "true");
    const status = Number(await panel.locator(".query-status").getAttribute("data-batch-id"));
    await expect.poll(() => shownBatch(page)).toBe(status);
    return status;
  });

  await test.step("the buttons and the slider's arrow keys step back and forth; command mode keeps its keys", async () => {
    await panel.getByRole("button", { name: "Previous batch" }).click();
    await expect.poll(() => shownBatch(page)).toBe(last - 1);
    await expect(panel.getByRole("button", { name: "Live" })).toHaveAttribute("aria-pressed", "false");
    const slider = panel.getByRole("slider", { name: "Batch" });
    await slider.focus();
    await page.keyboard.press("Home");
    await expect.poll(() => shownBatch(page)).toBe(0);
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => shownBatch(page)).toBe(1);
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => shownBatch(page)).toBe(0);
    // The arrows moved the slider, not the notebook's selection, and the slider kept the focus.
    await expect(slider).toBeFocused();
    await expect(page.locator(".cell.selected")).toHaveAttribute("data-cell-index", "0");
    await expect(panel.getByRole("status").filter({ hasText: "After batch 0" })).toContainText(
      "Window 12:00–12:10 is emitted when the watermark passes 12:10",
    );
  });

  await test.step("batch 0's state: both windows added", async () => {
    await panel.getByRole("tab", { name: "State" }).click();
    const state = panel.getByRole("region", { name: "State of operator 0" });
    await expect(state.locator("tbody tr")).toHaveCount(2);
    await expect(state.locator("tbody tr td.mark")).toHaveText(["added", "added"]);
  });

  // Each cell's data is one batch, and each watermark that moves brings a no-data batch after it (as Spark's
  // noDataMicroBatches): batches 0, 2 and 4 read the cells' rows; 1, 3 and 5 run on the new watermark.
  await test.step("the late rows: marked in their batch's input, drawn and listed in the late-data lens", async () => {
    await panel.getByRole("tab", { name: "Input rows" }).click();
    await panel.getByRole("button", { name: "Next batch" }).click();
    await expect(panel.getByRole("region", { name: "Input rows" })).toHaveCount(0);
    await expect(panel.getByText("Batch 1 read no rows.")).toBeVisible();
    await panel.getByRole("button", { name: "Next batch" }).click();
    await expect.poll(() => shownBatch(page)).toBe(2);
    const input = panel.getByRole("region", { name: "Input rows" });
    await expect(input.locator("tr.mark-late-kept td")).toContainText([
      "late, kept",
      "2024-01-01 12:02:00",
      "a",
    ]);
    await expect(input.locator("tbody tr")).toHaveCount(2);
    await panel.getByRole("button", { name: "Live" }).click();
    await panel.getByRole("tab", { name: "Late data" }).click();
    const late = panel.getByRole("region", { name: "Late rows" });
    await expect(late.locator("tr.mark-late-dropped td")).toContainText([
      "#4",
      "late, dropped",
      "2024-01-01 12:05:00",
      "2024-01-01 12:15:00",
    ]);
    await expect(late.locator("tr.mark-late-kept td")).toContainText([
      "#2",
      "late, kept",
      "2024-01-01 12:02:00",
      "2024-01-01 12:04:00",
    ]);
    // Six rows read, six points: four on time, one late but kept, one dropped.
    await expect(panel.locator(".lens-chart .lens-point")).toHaveCount(6);
    await keepScreenshot(page, testInfo, "time travel late data");
  });

  await test.step("after a reload the history is read from the checkpoint", async () => {
    await expect
      .poll(async () => JSON.stringify((await savedNotebook(page))?.cells[0]?.outputs ?? []))
      .toContain(`"batchId":${last}`);
    await page.reload();
    await expect(page.getByRole("status", { name: "Kernel status" })).toContainText("Kernel ready", {
      timeout: 60_000,
    });
    await expect.poll(() => shownBatch(page), { timeout: 30_000 }).toBe(last);
    await panel.getByRole("button", { name: "Previous batch" }).click();
    await expect.poll(() => shownBatch(page)).toBe(last - 1);
    await panel.getByRole("tab", { name: "Late data" }).click();
    await expect(panel.getByRole("region", { name: "Late rows" }).locator("tr.mark-late-kept")).toHaveCount(
      1,
    );
    await keepScreenshot(page, testInfo, "time travel after reload");
  });
});
