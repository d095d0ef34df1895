import { expect, type Page, test } from "@playwright/test";
import * as arrow from "apache-arrow";
import { generateEvents } from "../src/datasets/events";
import { decodeParquet } from "../src/engine/internal";
import { cell, keepScreenshot, loadCells, openApp, runCell, savedNotebook } from "./helpers";

/** Purchases per traffic source in the first `files` files of the example's data set, counted here in Node. */
async function expectedPurchases(files: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const file of await generateEvents({ files, rowsPerFile: 2000 })) {
    const table = arrow.tableFromIPC(decodeParquet(file, "events.parquet"));
    for (const row of table.toArray()) {
      if (row.event_name === "finalize") counts[row.traffic_source] = (counts[row.traffic_source] ?? 0) + 1;
    }
  }
  return counts;
}

/** The result table of a query panel, as { traffic_source: count }. */
async function resultCounts(panel: ReturnType<Page["locator"]>): Promise<Record<string, number>> {
  const table = panel.getByRole("region", { name: "Result table" });
  const headers = await table
    .locator("thead th")
    .evaluateAll((ths) => ths.map((th) => th.firstChild?.textContent ?? ""));
  const rows = await table
    .locator("tbody tr")
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
  const source = headers.indexOf("traffic_source");
  const count = headers.indexOf("count");
  return Object.fromEntries(rows.map((r) => [r[source], Number(r[count])]));
}

async function batchId(panel: ReturnType<Page["locator"]>): Promise<number> {
  return Number(await panel.locator(".query-status").getAttribute("data-batch-id"));
}

/** A query's panel as the app last saved it with the notebook: its phase and last batch id. */
async function savedPanel(
  page: Page,
  name: string,
): Promise<{ phase: string; batchId?: number } | undefined> {
  for (const c of (await savedNotebook(page))?.cells ?? []) {
    for (const output of c.outputs ?? []) {
      const item = output.data?.["application/vnd.sluice.output+json"] as
        | { snapshot?: { info: { name: string | null }; phase: string; progress: { batchId: number }[] } }
        | undefined;
      const snapshot = item?.snapshot;
      if (snapshot?.info.name === name)
        return { phase: snapshot.phase, batchId: snapshot.progress.at(-1)?.batchId };
    }
  }
  return undefined;
}

test("the example notebook streams with Run all; after a reload its results are back and a restart continues from the checkpoint", async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  await openApp(page);
  const queryCell = page.locator(".cell").filter({ hasText: 'queryName("purchases_by_source")' });
  const panel = queryCell.locator(".query-panel");

  await test.step("Run all: the result table changes over at least 3 triggers and the charts gain points", async () => {
    await page.getByRole("button", { name: "Run all" }).click();
    await expect(panel).toBeVisible({ timeout: 60_000 });
    const seen = new Map<number, string>();
    const points: number[] = [];
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && seen.size < 4) {
      const batch = await batchId(panel);
      if (batch >= 0 && !seen.has(batch)) {
        seen.set(batch, JSON.stringify(await resultCounts(panel)));
        points.push(Number(await panel.locator(".charts").getAttribute("data-points")));
        if (seen.size === 2) await keepScreenshot(page, testInfo, "example-running");
      }
      // The next trigger changes the panel's batch id (unless the deadline comes first).
      await expect(panel.locator(".query-status"))
        .not.toHaveAttribute("data-batch-id", String(batch), { timeout: Math.max(1, deadline - Date.now()) })
        .catch(() => {});
    }
    expect(seen.size).toBeGreaterThanOrEqual(3);
    expect(new Set(seen.values()).size).toBeGreaterThanOrEqual(3);
    expect(points.at(-1)).toBeGreaterThan(points[0]);
    await expect(panel.locator(".chart"))
      .toHaveCount(3, { timeout: 5000 })
      .catch(async () => {
        // Queries with state show the state charts as well.
        expect(await panel.locator(".chart").count()).toBeGreaterThanOrEqual(3);
      });
  });

  const expected10 = await expectedPurchases(10);
  await test.step("the query processes every file, is stopped by the last cell, and the SQL cell reads the sink", async () => {
    const last = page.locator(".cell").filter({ hasText: "query.isActive" });
    await expect(last.locator(".output-text.value")).toHaveText("false", { timeout: 120_000 });
    await expect(panel.locator(".query-status")).toContainText("stopped");
    expect(await batchId(panel)).toBe(9);
    expect(await resultCounts(panel)).toEqual(expected10);
    const sqlCell = page.locator('.cell[data-cell-type="sql"]');
    const sqlRows = await sqlCell.locator("tbody tr").count();
    expect(sqlRows).toBe(Object.keys(expected10).length);
    await keepScreenshot(page, testInfo, "example-finished");
  });

  await test.step("reload: the notebook and the sink results are still there", async () => {
    // The autosave after the query stopped: the saved panel shows it stopped after batch 9.
    await expect
      .poll(() => savedPanel(page, "purchases_by_source"))
      .toEqual({ phase: "stopped", batchId: 9 });
    await page.reload();
    await openApp(page, page.url());
    await expect(panel).toBeVisible();
    await expect(panel.locator(".query-status")).toContainText("stopped");
    expect(await batchId(panel)).toBe(9);
    // The panel's table comes with its lazily loaded chunk, a moment after the panel itself.
    await expect.poll(() => resultCounts(panel)).toEqual(expected10);
  });

  await test.step("two more files, Restart: batch ids continue from the checkpoint, no row counted twice", async () => {
    await page.getByRole("tab", { name: "Data" }).click();
    await page.getByLabel("Folder").fill("/data/events");
    await page.getByLabel("Files", { exact: true }).fill("2");
    await page.getByLabel("Rows per file").fill("2000");
    await page.getByRole("button", { name: "Generate now" }).click();
    await expect(page.locator(".notice")).toContainText("Wrote 2 files");
    await panel.getByRole("button", { name: "Restart" }).click();
    // After the reload this kernel has run nothing: Restart names the cells the query's cell needs, and only those.
    const plan = panel.getByRole("alertdialog", { name: "Restart plan" });
    await expect(plan.getByRole("listitem")).toHaveText([
      /which defines events$/,
      /which defines purchasesBySource$/,
      /the query's own$/,
    ]);
    await plan.getByRole("button", { name: "Run 3 cells and restart" }).click();
    await expect(panel.locator(".query-status")).not.toContainText("stopped", { timeout: 60_000 });
    await expect.poll(() => batchId(panel), { timeout: 90_000 }).toBe(11);
    const batches = await page.evaluate(() => {
      const s = (
        window as unknown as {
          sluice: {
            store: {
              get(): {
                queries: Record<
                  string,
                  { info: { name: string }; progress: { batchId: number; numInputRows: number }[] }
                >;
              };
            };
          };
        }
      ).sluice;
      const q = Object.values(s.store.get().queries).find((x) => x.info.name === "purchases_by_source")!;
      return q.progress.map((p) => p.batchId);
    });
    expect(batches.filter((b) => b >= 10)).toEqual([10, 11]);
    expect(batches).toContain(9);
    await expect.poll(() => resultCounts(panel)).toEqual(await expectedPurchases(12));
    await keepScreenshot(page, testInfo, "example-restarted");
    await panel.getByRole("button", { name: "Stop" }).click();
    await expect(panel.locator(".query-status")).toContainText("stopped", { timeout: 30_000 });
  });
});

test("an unknown column shows Spark's AnalysisException in the cell, at its line", async ({ page }) => {
  await openApp(page);
  await loadCells(page, "Analysis", [
    { type: "code", source: 'const rates = spark.readStream.format("rate").load();\nrates.select("valu")' },
  ]);
  await runCell(page, 0);
  const error = cell(page, 0).locator(".output-error");
  await expect(error.locator(".error-name")).toHaveText("AnalysisException");
  await expect(error).toContainText("valu");
  await expect(error).toContainText("value");
  await expect(error).toContainText("at line 2");
});

test("a second tab cannot start a query on a checkpoint in use", async ({ page, context }, testInfo) => {
  test.setTimeout(180_000);
  const start = [
    "const q = await spark.readStream",
    '  .format("rate").option("rowsPerSecond", 5).load()',
    // A memory sink in append mode cannot restart from a checkpoint (Spark refuses it); noop can.
    '  .writeStream.format("noop").queryName("locked_q")',
    '  .trigger({ processingTime: "1 second" })',
    '  .option("checkpointLocation", "/checkpoints/lock-test")',
    "  .start();",
  ].join("\n");
  await openApp(page);
  await loadCells(page, "Tab one", [{ type: "code", source: start }]);
  await runCell(page, 0);
  const panel = cell(page, 0).locator(".query-panel");
  await expect.poll(() => batchId(panel), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);

  const second = await context.newPage();
  await openApp(second);
  await loadCells(second, "Tab two", [{ type: "code", source: start }]);
  await runCell(second, 0);
  const error = cell(second, 0).locator(".output-error");
  await expect(error).toBeVisible();
  await expect(error).toContainText(/checkpoint/i);
  await expect(error).toContainText("/checkpoints/lock-test");
  await keepScreenshot(second, testInfo, "second-tab-locked");

  // The first tab's query goes on undisturbed.
  const before = await batchId(panel);
  await expect.poll(() => batchId(panel), { timeout: 30_000 }).toBeGreaterThan(before);
  await panel.getByRole("button", { name: "Stop" }).click();
  await expect(panel.locator(".query-status")).toContainText("stopped", { timeout: 30_000 });

  // Released: now the second tab may start it, and it continues the same checkpoint.
  await runCell(second, 0);
  const secondPanel = cell(second, 0).locator(".query-panel");
  await expect.poll(() => batchId(secondPanel), { timeout: 60_000 }).toBeGreaterThan(before);
  await secondPanel.getByRole("button", { name: "Stop" }).click();
});

test("display() draws a DataFrame as a table or chart, and a streaming DataFrame as a live query", async ({
  page,
}) => {
  await openApp(page);
  await loadCells(page, "Display", [
    {
      type: "code",
      source:
        'const df = spark.createDataFrame([{ source: "google", n: 3 }, { source: "email", n: 5 }], "source STRING, n BIGINT");\ndisplay(df, { chart: { type: "bar", x: "source", y: ["n"] } })',
    },
    {
      type: "code",
      source:
        'const counts = spark.readStream.format("rate").option("rowsPerSecond", 20).load()\n  .selectExpr("value % 3 AS k").groupBy("k").count();\nawait display(counts, { trigger: { processingTime: "1 second" } })',
    },
  ]);
  await runCell(page, 0);
  await expect(cell(page, 0).getByRole("region", { name: "Table" }).locator("tbody tr")).toHaveCount(2);
  await expect(cell(page, 0).locator(".recharts-wrapper")).toBeVisible();

  await runCell(page, 1);
  const panel = cell(page, 1).locator(".query-panel");
  await expect(panel.locator(".query-name")).toHaveText("display_query_1");
  await expect.poll(() => batchId(panel), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await expect(panel.getByRole("region", { name: "Result table" }).locator("tbody tr")).toHaveCount(3);
  await panel.getByRole("button", { name: "Stop" }).click();
  await expect(panel.locator(".query-status")).toContainText("stopped", { timeout: 30_000 });
});

test("a query stuck inside a trigger: Stop gets no answer, the notice offers Restart kernel, which ends it", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page);
  await loadCells(page, "Hang", [
    {
      type: "code",
      source: [
        'const q = await spark.readStream.format("rate").option("rowsPerSecond", 5).load()',
        "  .writeStream.foreachBatch((df, batchId) => {",
        "    if (batchId < 2) return;",
        '    console.log("batch", batchId, "hangs");',
        "    while (true) {}",
        "  })",
        '  .trigger({ processingTime: "500 milliseconds" })',
        '  .option("checkpointLocation", "/checkpoints/hang")',
        "  .start();",
      ].join("\n"),
    },
  ]);
  await runCell(page, 0);
  const panel = cell(page, 0).locator(".query-panel");
  await expect.poll(() => batchId(panel), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  // Batch 2 starts and never returns.
  await expect(cell(page, 0).locator(".output-text.stdout")).toContainText(/batch \d+ hangs/);
  await panel.getByRole("button", { name: "Stop" }).click();
  const notice = page.locator(".notice.error");
  await expect(notice).toContainText("does not answer", { timeout: 20_000 });
  await notice.getByRole("button", { name: "Restart kernel" }).click();
  await expect(page.getByRole("status", { name: "Kernel status" })).toContainText("Kernel ready", {
    timeout: 60_000,
  });
  await expect(panel.locator(".query-status")).toContainText("stopped");
  await expect(panel.getByRole("button", { name: "Restart" })).toBeEnabled();
  await expect(notice).toHaveCount(0);
});
