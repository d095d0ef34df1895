/**
 * P4 browser responsiveness: the built app in Debian's Chromium (playwright.config's launch settings), a query at
 * 10 triggers a second with its live panel (tables and charts redrawn per trigger); the page's main thread is
 * watched with PerformanceObserver("longtask") while the query runs, and traced (mainThreadTrace) to say what
 * each long task ran and how much of it was the page's own CPU time.
 */
import { type Browser, chromium, type Page } from "@playwright/test";
import config from "../playwright.config";
import { type MainThreadTasks, traceMainThread } from "./mainThreadTrace";
import { measureScrubbing, type P4ScrubbingResult } from "./p4Scrubbing";
import { withPreviewApp } from "./previewApp";

export interface P4Result {
  seconds: number;
  triggers: number;
  /** Long tasks (over 50 ms, as the browser defines them) while the query ran. */
  longTasks: number;
  longestMs: number;
  /** The same window's tasks from a trace: CPU time and what ran in the long ones. */
  trace: MainThreadTasks;
  scrubbing: P4ScrubbingResult;
}

/** The preview server's port; SLUICE_BENCH_PORT moves it where several benches share a machine. */
const PORT = Number(process.env.SLUICE_BENCH_PORT ?? 4178);
const QUERY = [
  // rate-micro-batch has rows for every trigger (the rate source's offsets move once a second).
  "const counts = spark.readStream.format('rate-micro-batch').option('rowsPerBatch', 20).load()",
  "  .selectExpr('value % 10 AS k', 'value').groupBy('k').count();",
  "const q = await counts.writeStream.outputMode('complete').format('memory').queryName('p4_counts')",
  "  .trigger({ processingTime: '100 milliseconds' }).start();",
].join("\n");

export async function p4Responsiveness(workDir: string, seconds: number): Promise<P4Result> {
  return withPreviewApp({ part: "P4", workDir, port: PORT, base: "/" }, (url) => measure(url, seconds));
}

async function measure(url: string, seconds: number): Promise<P4Result> {
  const browser = await chromium.launch(config.use?.launchOptions);
  try {
    const page = await openWatched(browser, url);
    await page.evaluate((source) => {
      const session = (window as unknown as { sluice: { open(nb: unknown, origin: string): void } }).sluice;
      session.open(
        { name: "P4", cells: [{ id: "p4", type: "code", source, outputs: [], executionCount: null }] },
        "new",
      );
    }, QUERY);
    await page.locator(".cell").first().locator(".gutter").click();
    await page.keyboard.press("Shift+Enter");
    const status = page.locator(".query-panel .query-status").first();
    const batchId = async () => Number((await status.getAttribute("data-batch-id")) ?? -1);
    await status.waitFor({ timeout: 60_000 });
    // The window starts once the query runs steadily: app start-up (P5's: the editors start once the cell has
    // run, so Monaco's load and the cell's editor come while the query streams) and the first triggers are not
    // measured.
    await page.locator(".cell .monaco-editor").first().waitFor({ timeout: 120_000 });
    const settled = (await batchId()) + 2;
    while ((await batchId()) < settled) await page.waitForTimeout(100);
    const firstBatch = await batchId();
    const { value: watched, tasks: trace } = await traceMainThread(browser, page, async () => {
      const from = await page.evaluate(() => performance.now());
      await page.waitForTimeout(seconds * 1000);
      return { from, to: await page.evaluate(() => performance.now()) };
    });
    const { from, to } = watched;
    const triggers = (await batchId()) - firstBatch;
    const tasks = await page.evaluate(
      ([a, b]) =>
        (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter(
          (t) => t.start >= a && t.start <= b,
        ),
      [from, to],
    );
    await page.close();
    // A page of its own (its own storage and kernel), so the streaming query above does not share its cores.
    const scrubbing = await measureScrubbing(browser, await openWatched(browser, url));
    return {
      seconds,
      triggers,
      longTasks: tasks.length,
      longestMs: Math.max(0, ...tasks.map((t) => t.duration)),
      trace,
      scrubbing,
    };
  } finally {
    await browser.close();
  }
}

/** A new page of the app, its long tasks gathered in `window.__longTasks`, once the kernel is ready. */
async function openWatched(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  });
  await page.goto(url);
  await page
    .getByRole("status", { name: "Kernel status" })
    .filter({ hasText: "Kernel ready" })
    .waitFor({ timeout: 120_000 });
  return page;
}
