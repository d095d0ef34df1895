import { expect, type Page, test } from "@playwright/test";
import { cell, keepScreenshot, loadCells, openApp, runCell } from "./helpers";

// A query started without a checkpointLocation runs on a temporary checkpoint, /tmp/temporary-<uuid>. Tabs of
// one origin share OPFS: a kernel starting keeps another open tab's running query's folder, and a tab reloaded
// while its query ran leaves its folder behind, which the next kernel to start (here the reloaded tab's own)
// removes.

/** A query on a memory sink without a checkpointLocation, which stays running; its cell prints the checkpoint. */
const query = (name: string) =>
  [
    `await dbutils.fs.put('/data/tmp-ckpt-${name}/part-0.json', JSON.stringify({ value: 1 }));`,
    `const q = await spark.readStream.schema('value INT').json('/data/tmp-ckpt-${name}')`,
    `  .writeStream.format('memory').queryName('${name}').start();`,
    "await q.processAllAvailable();",
    "console.log(q.checkpointLocation);",
  ].join("\n");

/** Starts the query in the page's notebook; resolves to its checkpoint as the cell printed it. */
async function startQuery(page: Page, name: string): Promise<string> {
  await loadCells(page, `Temporary checkpoints ${name}`, [{ type: "code", source: query(name) }]);
  await runCell(page, 0);
  const panel = page.getByRole("region", { name: `Streaming query ${name}` });
  await expect(panel.locator(".query-status")).toHaveAttribute("data-batch-id", "0", { timeout: 60_000 });
  const printed = (await cell(page, 0).textContent()) ?? "";
  const path = printed.match(/\/tmp\/temporary-[0-9a-f-]{36}/)?.[0];
  if (!path) throw new Error(`the cell printed no temporary checkpoint: ${printed}`);
  return path;
}

/** The temporary checkpoints the page's Files tab lists under /tmp (opened from the root each time). */
async function temporaryFolders(page: Page): Promise<string[]> {
  await page.getByRole("tab", { name: "Files", exact: true }).click();
  await page
    .getByRole("navigation", { name: "Folder" })
    .getByRole("button", { name: "/", exact: true })
    .click();
  const files = page.getByRole("list", { name: "Files" });
  await files.getByRole("button", { name: "Open tmp" }).click();
  const folders = files.locator('li[data-path^="/tmp/temporary-"]');
  return (await folders.evaluateAll((lis) => lis.map((li) => li.getAttribute("data-path") ?? ""))).sort();
}

test("a tab's start keeps another tab's running query's temporary checkpoint, and a reload removes its own leftover", async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await openApp(page);
  const first = await startQuery(page, "first_tab");

  // A second tab on the same origin (the same OPFS) starts beside the running query and runs its own.
  const second = await page.context().newPage();
  await second.setViewportSize({ width: 1400, height: 900 });
  await openApp(second);
  const own = await startQuery(second, "second_tab");
  await expect.poll(() => temporaryFolders(second)).toEqual([first, own].sort());
  await keepScreenshot(second, testInfo, "second tab keeps the first tab's temporary checkpoint");

  // Reloaded while its query ran, the first tab left its checkpoint behind: its new kernel removes it, and
  // keeps the second tab's, whose query still runs.
  await page.reload();
  await expect(page.getByRole("status", { name: "Kernel status" })).toContainText("Kernel ready", {
    timeout: 60_000,
  });
  await expect.poll(() => temporaryFolders(page)).toEqual([own]);
  await keepScreenshot(page, testInfo, "reloaded tab removed its leftover");
  await expect(
    second.getByRole("region", { name: "Streaming query second_tab" }).locator(".query-status"),
  ).not.toContainText("stopped");
});
