import { expect, test } from "@playwright/test";
import { cell, clickIntoCell, keepScreenshot, loadCells, openApp, runCell } from "./helpers";

test("the app opens offline: everything is served from the app's own sub-path", async ({
  page,
}, testInfo) => {
  const requests: string[] = [];
  const failures: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("response", (r) => {
    if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
  });
  await openApp(page);
  await expect(page.getByRole("heading", { name: "Sluice" })).toBeVisible();
  await expect(page.getByRole("status", { name: "Kernel status" })).toContainText("DuckDB v1.");
  // The example notebook is there; Monaco has replaced the fallback editors.
  await expect(page.locator(".markdown-body h1")).toContainText("Structured Streaming");
  await expect(page.locator(".monaco-editor").first()).toBeVisible({ timeout: 30_000 });
  await keepScreenshot(page, testInfo, "app-opened");
  const base = new URL("./", page.url()).href;
  expect(base).toMatch(/\/sluice\/$/);
  const outside = requests.filter(
    (url) => !url.startsWith(base) && !url.startsWith("data:") && !url.startsWith("blob:"),
  );
  expect(outside).toEqual([]);
  expect(failures).toEqual([]);
});

test("a TypeScript cell runs with top-level await, shares its names, and errors point at the cell line", async ({
  page,
}) => {
  await openApp(page);
  await loadCells(page, "Basics", [
    { type: "code", source: "const answer: number = await Promise.resolve(42);\nanswer" },
    {
      type: "code",
      source:
        'console.log("twice", answer * 2);\nconst rows = [{ a: 1, b: "x" }, { a: 2, b: "y" }];\ndisplay(rows);',
    },
    { type: "code", source: "const fine = 1;\n\nconst broken: any = undefined;\nbroken.field" },
  ]);
  await runCell(page, 0);
  await expect(cell(page, 0).locator(".output-text.value")).toHaveText("42");
  await expect(cell(page, 0).locator(".gutter")).toHaveText("[1]");
  await runCell(page, 1);
  await expect(cell(page, 1).locator(".output-text.stdout")).toHaveText("twice 84");
  await expect(cell(page, 1).getByRole("region", { name: "Table" }).locator("tbody tr")).toHaveCount(2);
  await runCell(page, 2);
  const error = cell(page, 2).locator(".output-error");
  await expect(error).toContainText("TypeError");
  await expect(error).toContainText("at line 4");
  // The editor marks the line too.
  await expect(cell(page, 2).locator(".squiggly-error")).toHaveCount(1);
});

test("command-mode keys add, change and delete cells", async ({ page }) => {
  await openApp(page);
  await loadCells(page, "Keys", [{ type: "code", source: "1 + 1" }]);
  await clickIntoCell(page, 0);
  await page.keyboard.press("Escape");
  await page.keyboard.press("b");
  await expect(page.locator(".cell")).toHaveCount(2);
  // B's new cell is being edited: Esc, then M makes it markdown.
  await page.keyboard.press("Escape");
  await page.keyboard.press("m");
  await expect(cell(page, 1)).toHaveAttribute("data-cell-type", "markdown");
  await page.keyboard.press("a");
  await expect(page.locator(".cell")).toHaveCount(3);
  await page.keyboard.press("Escape");
  await page.keyboard.press("d");
  await page.keyboard.press("d");
  await expect(page.locator(".cell")).toHaveCount(2);
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Control+Enter");
  await expect(cell(page, 0).locator(".output-text.value")).toHaveText("2");
});

test("markdown with <script> and <img onerror> does nothing", async ({ page }) => {
  await openApp(page);
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await loadCells(page, "Hostile", [
    {
      type: "markdown",
      source:
        '# Hello\n\n<script>window.__pwned = "script"; alert("script")</script>\n\n<img src="nope.png" onerror="window.__pwned = \'img\'; alert(\'img\')">\n\n[link](javascript:window.__pwned=1)',
    },
  ]);
  await runCell(page, 0);
  await expect(cell(page, 0).locator(".markdown-body h1")).toHaveText("Hello");
  const img = cell(page, 0).locator(".markdown-body img");
  await expect(img).toHaveCount(1);
  // Wait until the browser has given up on the image: an onerror left in would have run by then.
  await img.evaluate(
    (el: HTMLImageElement) =>
      el.complete || new Promise((done) => el.addEventListener("error", done, { once: true })),
  );
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  const html = await cell(page, 0).locator(".markdown-body").innerHTML();
  expect(html).not.toMatch(/<script|onerror|javascript:/i);
});

test("a notebook opened from a share URL shows its cells and runs nothing by itself", async ({
  page,
  context,
}) => {
  await openApp(page);
  await loadCells(page, "Shared", [
    { type: "markdown", source: "# Shared lesson" },
    { type: "code", source: 'await dbutils.fs.put("/shared-ran.txt", "this cell ran");\n"ran"' },
  ]);
  const link = await page.evaluate(() =>
    (window as unknown as { sluice: { shareLink(): string } }).sluice.shareLink(),
  );
  expect(link).toContain("#nb=");
  const other = await context.newPage();
  await openApp(other, link);
  await expect(other.locator(".notice")).toContainText("nothing has run");
  await expect(other.locator(".cell")).toHaveCount(2);
  await expect(other.locator(".markdown-body h1")).toHaveText("Shared lesson");
  await expect(cell(other, 1).locator(".gutter")).toHaveText("[ ]");
  // The app has finished opening (kernel and editors loaded): a cell run on opening would have shown by now.
  await expect(other.getByRole("progressbar", { name: "Loading" })).toHaveCount(0);
  await expect(other.locator('.cell[data-run-state="idle"]')).toHaveCount(2);
  await expect(other.locator(".outputs")).toHaveCount(0);
  const files = await other.evaluate(async () => {
    const s = (window as unknown as { sluice: { listFiles(p: string): Promise<{ name: string }[]> } }).sluice;
    return (await s.listFiles("/")).map((f) => f.name);
  });
  expect(files).not.toContain("shared-ran.txt");
});

test(".ipynb save and open round trip", async ({ page }, testInfo) => {
  await openApp(page);
  await loadCells(page, "Round trip", [
    { type: "markdown", source: "# Round trip\n\nSome *text*." },
    { type: "code", source: 'const x = 6 * 7;\nconsole.log("x is", x);\nx' },
    { type: "sql", source: "SELECT 1 AS one" },
  ]);
  await runCell(page, 1);
  await expect(cell(page, 1).locator(".output-text.value")).toHaveText("42");
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download .ipynb" }).click();
  const download = await downloading;
  const path = testInfo.outputPath("round-trip.ipynb");
  await download.saveAs(path);
  const json = JSON.parse(await (await import("node:fs/promises")).readFile(path, "utf8"));
  expect(json.nbformat).toBe(4);
  expect(json.cells.map((c: { cell_type: string }) => c.cell_type)).toEqual(["markdown", "code", "code"]);
  expect(json.cells[2].metadata.sluice.language).toBe("sql");
  expect(json.cells[1].outputs.length).toBeGreaterThan(0);

  await loadCells(page, "Something else", [{ type: "code", source: "0" }]);
  await page.getByRole("button", { name: "Open…" }).click();
  await page.locator('input[type="file"][aria-label="Open notebook file"]').setInputFiles(path);
  await expect(page.locator(".cell")).toHaveCount(3);
  // "Round trip" is stored already: the file opens as a copy, never over it.
  await expect(page.getByRole("textbox", { name: "Notebook name" })).toHaveValue("Round trip-Copy1");
  await expect(cell(page, 0).locator(".markdown-body h1")).toHaveText("Round trip");
  await expect(cell(page, 2)).toHaveAttribute("data-cell-type", "sql");
  // Opened from a file: its outputs are shown, marked as not from this session; nothing ran.
  await expect(cell(page, 1).locator(".output-text.value")).toHaveText("42");
  await expect(cell(page, 1).locator(".stored-outputs-note")).toBeVisible();
  await expect(page.locator(".notice")).toContainText("nothing has run in this session");
  const sources = await page.evaluate(() =>
    (
      window as unknown as { sluice: { store: { get(): { notebook: { cells: { source: string }[] } } } } }
    ).sluice.store
      .get()
      .notebook.cells.map((c) => c.source),
  );
  expect(sources).toEqual([
    "# Round trip\n\nSome *text*.",
    'const x = 6 * 7;\nconsole.log("x is", x);\nx',
    "SELECT 1 AS one",
  ]);
});

test("Monaco completes spark.readStream. with the engine's methods and their docs, and hovers with types and docs", async ({
  page,
}) => {
  await openApp(page);
  await loadCells(page, "Completion", [{ type: "code", source: "" }]);
  const editor = cell(page, 0).locator(".monaco-editor");
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await editor.click();
  await page.keyboard.type("spark.readStream.");
  const suggest = page.locator(".suggest-widget");
  await expect(suggest).toBeVisible({ timeout: 30_000 });
  await expect(suggest).toContainText("parquet");
  await expect(suggest).toContainText("option");
  await expect(suggest).toContainText("schema");
  // Narrowed to `option`, Ctrl+Space opens the focused suggestion's doc: the file source's options.
  // Ctrl+Space toggles the doc only once the narrowed list is showing (pressed while Monaco refilters, it asks
  // for suggestions again instead), so press it until the doc is there.
  await page.keyboard.type("opti");
  await expect(suggest.locator(".monaco-list-row.focused")).toContainText("option", { timeout: 30_000 });
  const details = page.locator(".suggest-details");
  await expect(async () => {
    if (!(await details.isVisible())) await page.keyboard.press("Control+Space");
    await expect(details).toContainText("maxFilesPerTrigger", { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await page.keyboard.press("Escape");
  for (let i = 0; i < "opti.".length; i++) await page.keyboard.press("Backspace");
  await expect(suggest).toBeHidden();
  // Monaco merges same-coloured tokens into one span: hover the end of the line, over "readStream".
  const line = editor.locator(".view-line").first();
  const box = (await line.locator("span", { hasText: "readStream" }).last().boundingBox())!;
  await page.mouse.move(box.x + box.width - 12, box.y + box.height / 2);
  const hover = page.locator(".monaco-hover").first();
  await expect(hover).toContainText("DataStreamReader", { timeout: 30_000 });
  await expect(hover).toContainText("Reads data as a stream");
});

test("Interrupt lets go of a cell that never ends; Restart kernel ends a kernel stuck in a loop", async ({
  page,
}) => {
  await openApp(page);
  await loadCells(page, "Stuck", [
    { type: "code", source: "await new Promise(() => {});" },
    { type: "code", source: "const alive = 'still here';\nalive" },
    { type: "code", source: "while (true) {}" },
  ]);
  await clickIntoCell(page, 0);
  await page.keyboard.press("Control+Enter");
  await expect(cell(page, 0)).toHaveAttribute("data-run-state", "running");
  await page.getByRole("button", { name: "Interrupt" }).click();
  await expect(cell(page, 0).locator(".output-error")).toContainText("KeyboardInterrupt");
  await runCell(page, 1);
  await expect(cell(page, 1).locator(".output-text.value")).toHaveText("still here");

  await clickIntoCell(page, 2);
  await page.keyboard.press("Control+Enter");
  await expect(cell(page, 2)).toHaveAttribute("data-run-state", "running");
  await page.getByRole("button", { name: "Restart kernel" }).click();
  await expect(page.getByRole("status", { name: "Kernel status" })).toContainText("Kernel ready", {
    timeout: 60_000,
  });
  await expect(cell(page, 2)).toHaveAttribute("data-run-state", "idle");
  await runCell(page, 1);
  await expect(cell(page, 1).locator(".output-text.value")).toHaveText("still here");
  await expect(cell(page, 1).locator(".gutter")).toHaveText("[1]");
});

test("Run all stops at the first error, as in Jupyter", async ({ page }) => {
  await openApp(page);
  await loadCells(page, "Stops", [
    { type: "code", source: "const a = 1;\na" },
    { type: "code", source: 'throw new Error("stop here")' },
    { type: "code", source: '"never runs"' },
  ]);
  await page.getByRole("button", { name: "Run all" }).click();
  await expect(cell(page, 1).locator(".output-error")).toContainText("stop here");
  await expect(cell(page, 0).locator(".output-text.value")).toHaveText("1");
  await expect(cell(page, 2)).toHaveAttribute("data-run-state", "idle");
  await expect(cell(page, 2).locator(".gutter")).toHaveText("[ ]");
  await expect(cell(page, 2).locator(".outputs")).toHaveCount(0);
});
