import { expect, test } from "@playwright/test";
import { cell, loadCells, openApp, runCell, savedNotebook } from "./helpers";

test("files live in OPFS: overwritten atomically, kept across a reload, uploaded and deleted in the Files tab", async ({
  page,
}) => {
  await openApp(page);
  await loadCells(page, "Files", [
    {
      type: "code",
      source:
        'await dbutils.fs.put("/notes/a.txt", "first");\nawait dbutils.fs.put("/notes/a.txt", "second version");\nawait dbutils.fs.head("/notes/a.txt")',
    },
    { type: "code", source: 'await dbutils.fs.head("/notes/a.txt")' },
  ]);
  await runCell(page, 0);
  await expect(cell(page, 0).locator(".output-text.value")).toHaveText("second version");

  // The notebook's save after the run, with its output.
  await expect.poll(async () => (await savedNotebook(page))?.cells[0].outputs?.length).toBeGreaterThan(0);
  await page.reload();
  await openApp(page, page.url());
  // The notebook came back from OPFS too.
  await expect(page.getByRole("textbox", { name: "Notebook name" })).toHaveValue("Files");
  await runCell(page, 1);
  await expect(cell(page, 1).locator(".output-text.value")).toHaveText("second version");

  await page.getByRole("tab", { name: "Files" }).click();
  const files = page.getByRole("list", { name: "Files" });
  await files.getByRole("button", { name: "Open notes" }).click();
  const entry = files.locator('li[data-path="/notes/a.txt"]');
  await expect(entry).toContainText("14 B");

  await page.locator('.files-panel input[type="file"]').setInputFiles({
    name: "tiny.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("a,b\n1,2\n"),
  });
  await expect(files.locator('li[data-path="/notes/tiny.csv"]')).toContainText("8 B");

  page.on("dialog", (d) => void d.accept());
  await entry.getByRole("button", { name: "Delete a.txt" }).click();
  await expect(entry).toHaveCount(0);
  await expect(files.locator('li[data-path="/notes/tiny.csv"]')).toHaveCount(1);
});

test("the Data tab writes the events data set and drips files in", async ({ page }) => {
  await openApp(page);
  await page.getByRole("tab", { name: "Data" }).click();
  await page.getByLabel("Folder").fill("/data/drip-test");
  await page.getByLabel("Files", { exact: true }).fill("2");
  await page.getByLabel("Rows per file").fill("100");
  await page.getByRole("button", { name: "Generate now" }).click();
  await expect(page.locator(".notice")).toContainText("Wrote 2 files to /data/drip-test");
  await page.getByLabel(/Drip: one file every/).fill("1");
  await page.getByRole("button", { name: "Start drip" }).click();
  await expect(page.getByRole("button", { name: "Start drip" })).toBeVisible({ timeout: 15_000 });
  await page.getByRole("tab", { name: "Files" }).click();
  const files = page.getByRole("list", { name: "Files" });
  await files.getByRole("button", { name: "Open data" }).click();
  await files.getByRole("button", { name: "Open drip-test" }).click();
  // Two generated, then two dripped (the drip continues the numbering).
  await expect(files.locator("li[data-path]")).toHaveCount(4);
  await expect(files.locator('li[data-path="/data/drip-test/part-00003.parquet"]')).toBeVisible();
});

test("a full storage quota gives a clear error in the cell", async ({ page }) => {
  await openApp(page);
  // Chromium's DevTools protocol shrinks this origin's quota to 3 MB.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Storage.overrideQuotaForOrigin", {
    origin: new URL(page.url()).origin,
    quotaSize: 3 * 1024 * 1024,
  });
  await loadCells(page, "Quota", [
    {
      type: "code",
      source: 'await datasets.writeEvents("/data/too-big", { files: 20, rowsPerFile: 20000 });',
    },
  ]);
  await runCell(page, 0);
  const error = cell(page, 0).locator(".output-error");
  await expect(error.locator(".error-name")).toHaveText("StorageQuotaError");
  await expect(error).toContainText("Storage is full");
  await expect(error).toContainText("/data/too-big/");
  await cdp.send("Storage.overrideQuotaForOrigin", { origin: new URL(page.url()).origin });
});
