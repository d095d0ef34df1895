import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { cell, keepScreenshot, loadCells, openApp, runCell } from "./helpers";

test("a Python cell runs the seed query in PySpark, with Python served from the app itself", async ({
  page,
}, testInfo) => {
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  await openApp(page);
  await loadCells(page, "PySpark", [
    {
      type: "code",
      source:
        'if ((await dbutils.fs.ls("/data/py-events")).length === 0)\n  await datasets.writeEvents("/data/py-events", { files: 3, rowsPerFile: 300 });',
    },
    {
      type: "python",
      source: `from pyspark.sql.functions import col

events = (spark.readStream
    .schema("user_id STRING, event_timestamp BIGINT, event_name STRING, traffic_source STRING, device STRING")
    .option("maxFilesPerTrigger", 1)
    .parquet("/data/py-events"))
query = (events.filter(col("event_name") == "finalize")
    .groupBy("traffic_source").count()
    .writeStream.outputMode("complete").format("memory").queryName("py_ratings")
    .trigger(processingTime="1 second")
    .option("checkpointLocation", "/checkpoints/py_ratings")
    .start())
query.processAllAvailable()
spark.sql("SELECT traffic_source, count FROM py_ratings ORDER BY count DESC, traffic_source").show()
print("batches:", [p["numInputRows"] for p in query.recentProgress if p["numInputRows"] > 0])
query.stop()
query.isActive`,
    },
    { type: "python", source: 'x = 1\nspark.table("py_ratings").select("traffic_sourc")' },
    { type: "python", source: "" },
  ]);
  await expect(cell(page, 1)).toHaveAttribute("data-cell-type", "python");
  await runCell(page, 0);
  await runCell(page, 1);
  const output = cell(page, 1).locator(".output-text.stdout");
  await expect(output).toContainText("|traffic_source|count|");
  await expect(output).toContainText("batches: [300, 300, 300]");
  await expect(cell(page, 1).locator(".output-text.value")).toHaveText("False");
  await expect(cell(page, 1).locator(".query-panel")).toBeVisible();
  await keepScreenshot(page, testInfo, "python-seed-query");

  // An engine error is PySpark's exception, at its line.
  await runCell(page, 2);
  const error = cell(page, 2).locator(".output-error");
  await expect(error).toContainText("AnalysisException");
  await expect(error).toContainText("at line 2");
  await expect(error).toContainText("UNRESOLVED_COLUMN.WITH_SUGGESTION");

  // Monaco completes the pyspark API in Python cells.
  const editor = cell(page, 3).locator(".monaco-editor");
  await editor.click();
  await page.keyboard.type("events.writeStream.");
  const suggest = page.locator(".suggest-widget");
  await expect(suggest).toBeVisible({ timeout: 30_000 });
  await expect(suggest).toContainText("outputMode");
  await expect(suggest).toContainText("foreachBatch");

  // Pyodide came from the app's own assets, nothing from a CDN.
  const base = new URL("./", page.url()).href;
  expect(requests.filter((url) => /pyodide|python_stdlib/.test(url)).length).toBeGreaterThan(0);
  expect(requests.filter((url) => !url.startsWith(base) && !/^(data|blob):/.test(url))).toEqual([]);
});

test("the PySpark example opens as Python cells, and Export to Spark saves a PySpark notebook", async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole("button", { name: "PySpark example" }).click();
  await expect(page.locator('.cell[data-cell-type="python"]').first()).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export for Spark" }).click();
  // Before saving, the dialog says which cell is left out, and why.
  const dialog = page.getByRole("dialog", { name: "Export to Spark" });
  await expect(dialog.getByRole("listitem")).toHaveText([/^Cell 3: it imports Sluice's own helpers/]);
  await dialog.getByRole("button", { name: "Save the PySpark notebook" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\(PySpark\)\.ipynb$/);
  const notebook = JSON.parse(await readFile(await file.path(), "utf8"));
  expect(notebook.metadata.kernelspec.language).toBe("python");
  const code = notebook.cells
    .filter((c: { cell_type: string }) => c.cell_type === "code")
    .map((c: { source: string[] }) => c.source.join(""))
    .join("\n");
  expect(code).toContain('DATA_EVENTS = f"{BASE_PATH}/data/events"');
  expect(code).toContain('.groupBy("traffic_source")');
  expect(code).not.toMatch(/^from sluice/m);
});

test("a Python cell writes a file with open(), spark.read.text reads it, and the Files tab shows it", async ({
  page,
}) => {
  await openApp(page);
  await loadCells(page, "Python files", [
    {
      type: "python",
      source: `import os
os.makedirs("/py-notes", exist_ok=True)
with open("/py-notes/hello.txt", "w") as f:
    f.write("hello\\nfrom python\\n")
print([r.value for r in spark.read.text("/py-notes/hello.txt").collect()])`,
    },
  ]);
  await runCell(page, 0);
  await expect(cell(page, 0).locator(".output-text.stdout")).toHaveText("['hello', 'from python']");

  await page.getByRole("tab", { name: "Files" }).click();
  const files = page.getByRole("list", { name: "Files" });
  await files.getByRole("button", { name: "Open py-notes" }).click();
  await expect(files.locator('li[data-path="/py-notes/hello.txt"]')).toContainText("18 B");
});
