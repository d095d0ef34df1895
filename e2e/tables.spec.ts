import { expect, type Locator, test } from "@playwright/test";
import { cell, loadCells, openApp, runCell, savedNotebook } from "./helpers";

/** A cell's result table, row by row. */
async function tableRows(output: Locator): Promise<string[][]> {
  return output
    .locator(".output-table tbody tr")
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
}

test("a table made in SQL cells is in the browser's warehouse: still there after a reload", async ({
  page,
}) => {
  await openApp(page);
  await loadCells(page, "Tables", [
    { type: "sql", source: "CREATE TABLE visits (page STRING, n INT) USING parquet" },
    { type: "sql", source: "INSERT INTO visits VALUES ('home', 3), ('about', 1)" },
    { type: "sql", source: "SELECT page, n FROM visits ORDER BY n DESC" },
    {
      type: "code",
      source: 'spark.catalog.listTables().map((t) => t.database + "." + t.name + " " + t.tableType)',
    },
  ]);
  for (const i of [0, 1, 2]) await runCell(page, i);
  // Commands show no empty table; the query shows the rows.
  await expect(cell(page, 0).locator(".outputs")).toHaveCount(0);
  await expect(cell(page, 0).locator(".gutter")).toHaveText("[1]");
  expect(await tableRows(cell(page, 2))).toEqual([
    ["home", "3"],
    ["about", "1"],
  ]);

  await expect.poll(async () => (await savedNotebook(page))?.cells[2].outputs?.length).toBeGreaterThan(0);
  await page.reload();
  await openApp(page, page.url());
  // A new kernel: the table's metadata and files came back from OPFS.
  await runCell(page, 2);
  await expect(cell(page, 2).locator(".gutter")).toHaveText("[1]");
  expect(await tableRows(cell(page, 2))).toEqual([
    ["home", "3"],
    ["about", "1"],
  ]);
  await runCell(page, 3);
  await expect(cell(page, 3).locator(".output-text.value")).toContainText("default.visits MANAGED");
});
