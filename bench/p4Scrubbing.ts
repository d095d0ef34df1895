/**
 * P4's second half, the panel while scrubbing: a windowed count with a watermark over twenty batches (ten with
 * data, each with a row minutes back, and the no-data batch each one's watermark move brings), then the batch
 * scrubber played through them at 10 batches a second with the Late data tab open, the page's main thread watched
 * with PerformanceObserver("longtask") from Play to the end of the play.
 */
import type { Browser, Page } from "@playwright/test";
import { type MainThreadTasks, traceMainThread } from "./mainThreadTrace";

export interface P4ScrubbingResult {
  batches: number;
  seconds: number;
  /** Long tasks (over 50 ms, as the browser defines them) while the scrubber played. */
  longTasks: number;
  longestMs: number;
  /** The play's tasks from a trace: CPU time and what ran in the long ones. */
  trace: MainThreadTasks;
}

const CHECKPOINT = "/checkpoints/p4-scrubbing";
const CELLS = [
  [
    `await dbutils.fs.rm("${CHECKPOINT}", true);`,
    'const events = new MemoryStream(spark, "eventTime TIMESTAMP, word STRING");',
    'const counts = events.toDF().withWatermark("eventTime", "10 minutes")',
    '  .groupBy(window(col("eventTime"), "10 minutes"), col("word")).count();',
    'const q = await counts.writeStream.outputMode("append").format("memory").queryName("p4_late_counts")',
    `  .option("checkpointLocation", "${CHECKPOINT}").start();`,
  ].join("\n"),
  [
    "for (let i = 0; i < 10; i++) {",
    "  const rows = Array.from({ length: 8 }, (_, k) =>",
    '    ({ eventTime: new Date(Date.UTC(2024, 0, 1, 12, 20 + i, k * 5)), word: "abcdefgh"[k] }));',
    '  rows.push({ eventTime: new Date(Date.UTC(2024, 0, 1, 12, 12 + i)), word: "late" });',
    "  events.addData(rows);",
    "  await q.processAllAvailable();",
    "}",
  ].join("\n"),
];

/** On a page of the built app whose long tasks are gathered in `window.__longTasks` (see p4Responsiveness). */
export async function measureScrubbing(browser: Browser, page: Page): Promise<P4ScrubbingResult> {
  await page.evaluate((sources) => {
    const session = (window as unknown as { sluice: { open(nb: unknown, origin: string): void } }).sluice;
    session.open(
      {
        name: "P4 scrubbing",
        cells: sources.map((source, i) => ({
          id: `p4s${i}`,
          type: "code",
          source,
          outputs: [],
          executionCount: null,
        })),
      },
      "new",
    );
  }, CELLS);
  for (const index of [0, 1]) {
    await page.locator(".cell").nth(index).locator(".gutter").click();
    await page.keyboard.press("Shift+Enter");
    await page.waitForFunction(
      (i) => document.querySelectorAll(".cell")[i]?.getAttribute("data-run-state") === "idle",
      index,
      { timeout: 240_000, polling: 200 },
    );
  }
  const panel = page.locator(".cell").first().locator(".query-panel");
  const shown = async () => Number(await panel.locator(".batch-shown").getAttribute("data-batch-id"));
  const last = Number(await panel.locator(".query-status").getAttribute("data-batch-id"));
  while ((await shown()) !== last) await page.waitForTimeout(100);
  await panel.getByRole("tab", { name: "Late data" }).click();
  await panel.getByRole("region", { name: "Late rows" }).waitFor();
  await panel.getByRole("combobox").selectOption({ label: "10 batches/s" });

  const { value: played, tasks: trace } = await traceMainThread(browser, page, async () => {
    const from = await page.evaluate(() => performance.now());
    await panel.getByRole("button", { name: "Play" }).click();
    await panel.getByRole("button", { name: "Pause" }).waitFor();
    // Play runs from the first batch to the last, then stops.
    await panel.getByRole("button", { name: "Play" }).waitFor({ timeout: 120_000 });
    return { from, to: await page.evaluate(() => performance.now()) };
  });
  const { from, to } = played;
  const tasks = await page.evaluate(
    ([a, b]) =>
      (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter(
        (t) => t.start >= a && t.start <= b,
      ),
    [from, to],
  );
  return {
    batches: last + 1,
    seconds: (to - from) / 1000,
    longTasks: tasks.length,
    longestMs: Math.max(0, ...tasks.map((t) => t.duration)),
    trace,
  };
}
