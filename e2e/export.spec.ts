import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { EVENTS_SCHEMA_DDL } from "../src/datasets/events";
import { keepScreenshot, openApp } from "./helpers";

test("Export to Spark before anything ran translates the lesson as written, and says first what it left out", async ({
  page,
}, testInfo) => {
  await openApp(page);
  await expect(page.locator(".cell").filter({ hasText: "const events" })).toHaveCount(1);
  // Nothing has run: every cell's gutter is empty.
  await expect(page.locator('.cell[data-cell-type="code"] .gutter').first()).toHaveText("[ ]");
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export for Spark" }).click();
  const dialog = page.getByRole("dialog", { name: "Export to Spark" });
  await expect(dialog.getByRole("listitem")).toHaveText([/^Cell 2: .*teaching data/]);
  await keepScreenshot(page, testInfo, "export-dialog");
  await dialog.getByRole("button", { name: "Save the PySpark notebook" }).click();
  const notebook = JSON.parse(await readFile(await (await downloading).path(), "utf8"));
  const cells: string[] = notebook.cells
    .filter((c: { cell_type: string }) => c.cell_type === "code")
    .map((c: { source: string[] }) => c.source.join(""));
  const code = cells.join("\n");
  // The stream is defined on a cluster too: the teaching data's schema is written out, not left out.
  const events = cells.find((c) => c.startsWith("events = "));
  expect(events).toContain(`.schema(${JSON.stringify(EVENTS_SCHEMA_DDL)})`);
  expect(events).toContain(".parquet(DATA_EVENTS)");
  expect(code).toContain('purchasesBySource = events.filter(col("event_name") == "finalize")');
  // Only the statement that writes Sluice's teaching data is a comment.
  expect(code.match(/# Sluice: not translated/g)).toHaveLength(1);
  expect(code).toMatch(
    /# Sluice: not translated \(Sluice's teaching data.*\)\. The TypeScript was:\n# if \(/,
  );
});
