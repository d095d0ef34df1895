import { type Browser, expect, type Page, type TestInfo, test } from "@playwright/test";
import { cell, clickIntoCell, keepScreenshot, loadCells, openApp, runCell } from "./helpers";

// How the notebook looks on a laptop, a big screen at 150% and in dark mode: one toolbar row, nothing covering
// the code or the side panel's tabs, charts with titled axes and whole labels, Spark's type names, math.

const SCREENS = [
  { name: "1280x720", viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1, colorScheme: "light" },
  {
    name: "1920x1080 at 150%",
    viewport: { width: 1280, height: 720 },
    deviceScaleFactor: 1.5,
    colorScheme: "light",
  },
  { name: "dark", viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1, colorScheme: "dark" },
] as const;
// 1920×1080 at 150% is a 1280×720 CSS viewport drawn at 1.5 device pixels per CSS pixel.

async function pageFor(browser: Browser, screen: (typeof SCREENS)[number]): Promise<Page> {
  const context = await browser.newContext({
    viewport: screen.viewport,
    deviceScaleFactor: screen.deviceScaleFactor,
    colorScheme: screen.colorScheme,
  });
  return context.newPage();
}

const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

for (const screen of SCREENS) {
  test(`the example lesson at ${screen.name}: one toolbar row, tabs and code never covered`, async ({
    browser,
  }, testInfo) => {
    const page = await pageFor(browser, screen);
    await openApp(page);
    await expect(page.locator(".monaco-editor").first()).toBeVisible({ timeout: 30_000 });
    // One row: every action is inside the toolbar, none scrolled out of it, and nothing is drawn by a font's
    // symbol characters (they are empty boxes where no such font is installed).
    const toolbar = await box(page, ".toolbar");
    expect(toolbar.height).toBeLessThan(50);
    for (const button of await page.locator(".toolbar button").all()) {
      const b = (await button.boundingBox())!;
      expect(b.y).toBeGreaterThanOrEqual(toolbar.y);
      expect(b.x + b.width).toBeLessThanOrEqual(toolbar.x + toolbar.width + 0.5);
      expect(await button.textContent()).not.toMatch(
        /[\u2190-\u21ff\u25a0-\u25ff\u2700-\u27bf\u{1f300}-\u{1faff}]/u,
      );
    }
    // The name is cut short only where what follows it in the toolbar leaves it no more room.
    const name = page.getByRole("textbox", { name: "Notebook name" });
    const cut = await name.evaluate((el: HTMLInputElement) => el.scrollWidth > el.clientWidth + 1);
    if (cut) {
      const nameBox = (await name.boundingBox())!;
      const next = await name.evaluate((el) => el.nextElementSibling!.getBoundingClientRect().x);
      expect(next - (nameBox.x + nameBox.width)).toBeLessThan(16);
    }
    // The selected cell's toolbar is a row of its own: it covers no code.
    await clickIntoCell(page, 1);
    const header = (await cell(page, 1).locator(".cell-toolbar").boundingBox())!;
    const code = (await cell(page, 1).locator(".view-lines").boundingBox())!;
    expect(header.y + header.height).toBeLessThanOrEqual(code.y);
    await keepScreenshot(page, testInfo, `lesson ${screen.name}`);
    // Scrolled, the side panel's tabs stay below the toolbar.
    await page.mouse.move(300, 400);
    await page.mouse.wheel(0, 900);
    await expect
      .poll(async () => (await box(page, ".sidebar .tabs")).y)
      .toBeGreaterThanOrEqual(toolbar.y + toolbar.height);
    await keepScreenshot(page, testInfo, `lesson scrolled ${screen.name}`);
    await page.context().close();
  });
}

test("a live panel names types as Spark does, titles its chart axes and draws the watermark gap", async ({
  browser,
}, testInfo) => {
  const page = await pageFor(browser, SCREENS[0]);
  await openApp(page);
  await loadCells(page, "Look", [
    {
      type: "code",
      source: [
        'const rates = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 4).load()',
        '  .withColumn("ratio", col("value").divide(3))',
        '  .withWatermark("timestamp", "10 seconds");',
        "const q = await rates.writeStream",
        '  .format("console")',
        '  .queryName("rates")',
        '  .trigger({ processingTime: "1 second" })',
        "  .start();",
      ].join("\n"),
    },
    { type: "code", source: "display([{ price: 2, item: 'a' }, { price: 2.5, item: 'b' }]);" },
  ]);
  await runCell(page, 0);
  const panel = page.getByRole("region", { name: "Streaming query rates" });
  await expect(panel.locator(".query-status")).toHaveAttribute("data-batch-id", /^[1-9]/, {
    timeout: 60_000,
  });
  // The console sink's rows (the result tab) and the input tab: Spark's names, never Arrow's.
  const types = panel.locator(".col-type");
  await expect(types).toHaveText(["timestamp", "bigint", "double"]);
  await panel.getByRole("tab", { name: "Input rows" }).click();
  await expect(panel.getByRole("region", { name: "Input rows" }).locator(".col-type")).toHaveText([
    "timestamp",
    "bigint",
  ]);
  // Charts: x axes titled, the last label whole, and the watermark gap against the batch's newest event.
  const charts = panel.locator(".chart");
  await expect(charts.first().locator(".recharts-label")).toHaveText("batch");
  const gap = charts.filter({ hasText: "Global watermark gap" });
  await expect(gap).toContainText("max event time − watermark");
  await expect(gap).toContainText("trigger time − watermark, as Spark's UI");
  for (const chart of await charts.all()) {
    // Charts draw once on screen.
    await chart.scrollIntoViewIfNeeded();
    await expect(chart.locator(".recharts-xAxis-tick-labels text").first()).toBeVisible();
    // Measured in one go: the live chart redraws every trigger.
    const overflow = await chart.evaluate((figure) => {
      const svg = figure.querySelector("svg.recharts-surface")!.getBoundingClientRect();
      const ticks = [...figure.querySelectorAll(".recharts-xAxis-tick-labels text")];
      return Math.max(...ticks.map((t) => t.getBoundingClientRect().right)) - svg.right;
    });
    expect(overflow).toBeLessThanOrEqual(0);
  }
  await expect(panel.locator(".query-status")).toHaveAttribute("data-batch-id", /^([3-9]|\d\d)/, {
    timeout: 60_000,
  });
  await panel.locator(".charts").scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0);
  await keepScreenshot(page, testInfo, "live panel");
  await page
    .getByRole("region", { name: "Streaming query rates" })
    .getByRole("button", { name: "Stop" })
    .click();
  // display() of rows: a column of 2 and 2.5 is a double.
  await runCell(page, 1);
  await expect(cell(page, 1).getByRole("region", { name: "Table" }).locator(".col-type")).toHaveText([
    "double",
    "string",
  ]);
  await page.context().close();
});

test("markdown typesets math as Jupyter does, and an SVG without a size stays small", async ({
  browser,
}, testInfo: TestInfo) => {
  const page = await pageFor(browser, SCREENS[2]);
  await openApp(page);
  const svg = encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><rect width="100" height="50" fill="teal"/></svg>',
  );
  await loadCells(page, "Math", [
    {
      type: "markdown",
      source: `# Watermarks\n\nThe watermark is $\\max_i t_i - d$ where $d$ is the delay:\n\n$$\nw_n = \\max_{i \\le n} t_i - d\n$$\n\n![a diagram](data:image/svg+xml,${svg})`,
    },
  ]);
  const body = cell(page, 0).locator(".markdown-body");
  await expect(body.locator(".katex")).toHaveCount(3);
  await expect(body.locator(".katex-display")).toHaveCount(1);
  const image = body.locator("img");
  await expect(image).toHaveClass(/sizeless/);
  const size = (await image.boundingBox())!;
  expect(size.width).toBeLessThanOrEqual(300);
  expect(size.height).toBeCloseTo(size.width / 2, 0);
  await keepScreenshot(page, testInfo, "markdown math dark");
  await page.context().close();
});
