import { expect, type Page, test } from "@playwright/test";
import { cell, clickIntoCell, loadCells, openApp } from "./helpers";

// The keyboard model as Jupyter, JupyterLab and Colab users drive it: clicking into editors and pressing keys,
// never clicking a cell's gutter to get around where the focus is.

/** The notebook's cells as the app holds them. */
function cells(page: Page) {
  return page.evaluate(() =>
    (
      window as unknown as {
        sluice: { store: { get(): { notebook: { cells: { type: string; source: string }[] } } } };
      }
    ).sluice.store
      .get()
      .notebook.cells.map((c) => ({ type: c.type, source: c.source })),
  );
}

const sources = async (page: Page) => (await cells(page)).map((c) => c.source);
const types = async (page: Page) => (await cells(page)).map((c) => c.type);
const mode = (page: Page) => page.locator(".statusbar .mode");
const suggest = (page: Page) => page.locator(".suggest-widget.visible");

test("Esc leaves a clicked editor; B inserts a cell below and its editor takes what is typed", async ({
  page,
}) => {
  await openApp(page);
  await loadCells(page, "Esc", [{ type: "code", source: "1 + 1" }]);
  await clickIntoCell(page, 0);
  await expect(mode(page)).toHaveAttribute("data-mode", "edit");
  await page.keyboard.press("Escape");
  await expect(mode(page)).toHaveAttribute("data-mode", "command");
  await page.keyboard.press("b");
  await expect(page.locator(".cell")).toHaveCount(2);
  await page.keyboard.type("40 + 2");
  expect(await sources(page)).toEqual(["1 + 1", "40 + 2"]);
  // Shift+Enter on the last cell runs it and opens a new cell, ready for typing.
  await page.keyboard.press("Shift+Enter");
  await expect(cell(page, 1).locator(".output-text.value")).toHaveText("42");
  await expect(page.locator(".cell")).toHaveCount(3);
  await page.keyboard.type("const typed = 1;");
  expect((await sources(page))[2]).toBe("const typed = 1;");
  // A above, then Esc and A again: new cells above, each taking the keys typed right after.
  await page.keyboard.press("Escape");
  await page.keyboard.press("a");
  await page.keyboard.type("above");
  expect(await sources(page)).toEqual(["1 + 1", "40 + 2", "above", "const typed = 1;"]);
  // Alt+Enter runs and inserts a cell below, in edit mode.
  await page.keyboard.press("Alt+Enter");
  await page.keyboard.type("inserted");
  expect((await sources(page))[3]).toBe("inserted");
});

test("Esc closes Monaco's suggestion list first, and leaves the editor at the second press", async ({
  page,
}) => {
  await openApp(page);
  await loadCells(page, "Widgets", [{ type: "code", source: "" }]);
  await clickIntoCell(page, 0);
  await page.keyboard.type("spark.readStream.");
  await expect(suggest(page)).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press("Escape");
  await expect(suggest(page)).toBeHidden();
  await expect(mode(page)).toHaveAttribute("data-mode", "edit");
  await page.keyboard.press("Escape");
  await expect(mode(page)).toHaveAttribute("data-mode", "command");
  // Command mode for real: M makes the cell markdown, and nothing was typed into it.
  await page.keyboard.press("m");
  expect(await cells(page)).toEqual([{ type: "markdown", source: "spark.readStream." }]);
});

test("Shift+Enter, Ctrl+Enter and Alt+Enter run the cell as typed with the suggestion list open", async ({
  page,
}) => {
  await openApp(page);
  await loadCells(page, "Suggestions", [
    { type: "code", source: "const value = 42;" },
    { type: "code", source: "" },
    { type: "code", source: "" },
    { type: "code", source: "" },
  ]);
  const cases = [
    { index: 1, key: "Shift+Enter" },
    { index: 2, key: "Control+Enter" },
    { index: 3, key: "Alt+Enter" },
  ];
  for (const { index, key } of cases) {
    await clickIntoCell(page, index);
    await page.keyboard.type("valu");
    await expect(suggest(page)).toBeVisible({ timeout: 30_000 });
    await expect(suggest(page)).toContainText("value");
    await page.keyboard.press(key);
    // Run as typed: `valu` is not defined (the suggestion `value` was not taken).
    await expect(cell(page, index).locator(".output-error")).toContainText("valu is not defined");
    expect((await sources(page))[index]).toBe("valu");
  }
});

test("new cells get the focus: + Code, + Python, + SQL, + Markdown, and a rendered markdown cell opened", async ({
  page,
}) => {
  await openApp(page);
  await loadCells(page, "Adding", [{ type: "code", source: "1" }]);
  for (const [button, type, text] of [
    ["+ Code", "code", "const fromCode = 1;"],
    ["+ Python", "python", "from_python = 1"],
    ["+ SQL", "sql", "SELECT 1"],
    ["+ Markdown", "markdown", "Some $x^2$ text"],
  ] as const) {
    await page.getByRole("button", { name: button, exact: true }).click();
    await page.keyboard.type(text);
    expect((await cells(page)).at(-1)).toEqual({ type, source: text });
  }
  // Shift+Enter renders the markdown and opens a new code cell that takes the keys.
  await page.keyboard.press("Shift+Enter");
  await expect(cell(page, 4).locator(".markdown-body")).toContainText("Some");
  await page.keyboard.type("after");
  expect((await sources(page))[5]).toBe("after");
  // Double-click on rendered markdown opens its editor with the focus in it.
  await cell(page, 4).locator(".markdown-body").dblclick();
  await expect(mode(page)).toHaveAttribute("data-mode", "edit");
  await page.keyboard.press("End");
  await page.keyboard.type("!");
  expect((await sources(page))[4]).toBe("Some $x^2$ text!");
  // Ctrl+Enter renders it; Enter in command mode opens it again.
  await page.keyboard.press("Control+Enter");
  await expect(cell(page, 4).locator(".markdown-body")).toBeVisible();
  await expect(mode(page)).toHaveAttribute("data-mode", "command");
  await page.keyboard.press("Enter");
  await expect(mode(page)).toHaveAttribute("data-mode", "edit");
  await page.keyboard.press("End");
  await page.keyboard.type("?");
  expect((await sources(page))[4]).toBe("Some $x^2$ text!?");
});

test("keys typed into a new cell before Monaco has loaded are kept, and typing goes on where it was", async ({
  page,
}) => {
  // Monaco's script is held back until the test lets it through, as on a slow connection or a busy machine.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route("**/assets/editor.api-*.js", async (route) => {
    await held;
    await route.continue();
  });
  await openApp(page);
  await loadCells(page, "Early keys", [{ type: "code", source: "1" }]);
  await page.getByRole("button", { name: "+ Code", exact: true }).click();
  await page.keyboard.type("const early");
  expect((await cells(page)).at(-1)).toEqual({ type: "code", source: "const early" });
  await expect(page.locator(".monaco-editor")).toHaveCount(0);
  release();
  await expect(cell(page, 1).locator(".monaco-editor")).toBeVisible({ timeout: 30_000 });
  await page.keyboard.type(" = 1;");
  expect((await sources(page))[1]).toBe("const early = 1;");
  await expect(mode(page)).toHaveAttribute("data-mode", "edit");
});

test("no click leaves typing in command mode by surprise; Z brings deleted cells back, several deep", async ({
  page,
}) => {
  await openApp(page);
  await loadCells(page, "Undo", [
    { type: "code", source: "first" },
    { type: "code", source: "second" },
    { type: "code", source: "third" },
  ]);
  // The toolbar's delete button, then typing: the keys do nothing to the cells (and type nowhere).
  await clickIntoCell(page, 1);
  await cell(page, 1).getByRole("button", { name: "Delete cell" }).click();
  expect(await sources(page)).toEqual(["first", "third"]);
  await expect(mode(page)).toHaveAttribute("data-mode", "command");
  // Command mode, on the cell now selected: D, D deletes it too.
  await page.keyboard.press("d");
  await page.keyboard.press("d");
  expect(await sources(page)).toEqual(["first"]);
  // Z twice: both come back, in their places; Shift+Z deletes the last again.
  await page.keyboard.press("z");
  await page.keyboard.press("z");
  expect(await sources(page)).toEqual(["first", "second", "third"]);
  await page.keyboard.press("Shift+Z");
  expect(await sources(page)).toEqual(["first", "third"]);
  await page.keyboard.press("z");
  // Clicking a side-panel tab, the page's name or its toolbar takes the keys away from the cells.
  await page.getByRole("tab", { name: "Keys" }).click();
  await page.keyboard.press("d");
  await page.keyboard.press("d");
  await page.keyboard.press("b");
  expect(await sources(page)).toEqual(["first", "second", "third"]);
  // Moving a cell with its buttons keeps the keys with the notebook (the buttons take no focus).
  await clickIntoCell(page, 2);
  await cell(page, 2).getByRole("button", { name: "Move cell up" }).click();
  await page.keyboard.type("X");
  expect(await sources(page)).toEqual(["first", "thirdX", "second"]);
  // A type changed in the dropdown returns the focus to the cell, in command mode: Y makes it code again.
  await cell(page, 1).getByRole("combobox", { name: "Cell type" }).selectOption("sql");
  await expect(mode(page)).toHaveAttribute("data-mode", "command");
  await page.keyboard.press("y");
  expect((await types(page))[1]).toBe("code");
  // Z takes back the type changes, then the move.
  await page.keyboard.press("z");
  await page.keyboard.press("z");
  expect((await types(page))[1]).toBe("code");
  await page.keyboard.press("z");
  expect(await sources(page)).toEqual(["first", "second", "thirdX"]);
});

test("the editor's language follows the cell's type, and new cells take the notebook's language", async ({
  page,
}) => {
  await openApp(page);
  await loadCells(page, "Languages", [
    { type: "code", source: "from pyspark.sql import functions as F\nx = 1" },
  ]);
  const editor = cell(page, 0).locator(".monaco-editor");
  // TypeScript marks Python as errors ...
  await expect(editor.locator(".squiggly-error").first()).toBeVisible({ timeout: 30_000 });
  await cell(page, 0).getByRole("combobox", { name: "Cell type" }).selectOption("python");
  // ... and a Python cell has none of TypeScript's squiggles.
  await expect(editor.locator(".squiggly-error")).toHaveCount(0);
  await expect(cell(page, 0).locator(".code-editor")).toHaveAttribute("data-language", "python");
  // A SQL cell completes Spark SQL, no TypeScript (`break`).
  await page.keyboard.press("q");
  await clickIntoCell(page, 0);
  await page.keyboard.press("Control+a");
  await page.keyboard.type("SELECT br");
  await page.keyboard.press("Control+Space");
  const widget = page.locator(".suggest-widget");
  await expect(widget).toBeVisible({ timeout: 30_000 });
  // Spark's functions, not TypeScript's keywords.
  await expect(widget).toContainText("bround");
  await expect(widget).not.toContainText("break");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");

  // A Python notebook: B, Y and + Code make Python cells; T makes a TypeScript one, P a Python one.
  await page.getByRole("combobox", { name: "Notebook language" }).selectOption("python");
  await clickIntoCell(page, 0);
  await page.keyboard.press("Escape");
  await page.keyboard.press("b");
  await page.keyboard.type("print(1)");
  await page.keyboard.press("Escape");
  expect((await cells(page))[1]).toEqual({ type: "python", source: "print(1)" });
  await page.keyboard.press("t");
  expect((await types(page))[1]).toBe("code");
  await page.keyboard.press("y");
  expect((await types(page))[1]).toBe("python");
  await page.keyboard.press("p");
  expect((await types(page))[1]).toBe("python");
  await page.getByRole("button", { name: "+ Code", exact: true }).click();
  expect((await types(page)).at(-1)).toBe("python");
  // The Keys tab lists a key for each cell type.
  await page.getByRole("tab", { name: "Keys" }).click();
  const keys = page.getByRole("table", { name: "Keyboard shortcuts" });
  for (const row of ["Y", "M", "Q", "P / T", "Z / Shift+Z", "I, I"]) await expect(keys).toContainText(row);
});

test("I, I interrupts a running cell; a single I does not", async ({ page }) => {
  await openApp(page);
  await loadCells(page, "Interrupt", [
    { type: "code", source: "await new Promise(() => {});" },
    { type: "code", source: "1" },
  ]);
  await clickIntoCell(page, 0);
  await page.keyboard.press("Control+Enter");
  await expect(cell(page, 0)).toHaveAttribute("data-run-state", "running");
  await expect(mode(page)).toHaveAttribute("data-mode", "command");
  await page.keyboard.press("i");
  await page.keyboard.press("j");
  await page.keyboard.press("i");
  // The first I and J asked nothing of the kernel: the cell still runs (its Interrupt button is enabled).
  await expect(page.getByRole("button", { name: "Interrupt" })).toBeEnabled();
  await expect(cell(page, 0)).toHaveAttribute("data-run-state", "running");
  // I, I as one gesture: the checks above may outlast the pair's time window on a loaded machine, so the I before
  // them does not count on being the first of the pair.
  await page.keyboard.press("i");
  await page.keyboard.press("i");
  await expect(cell(page, 0).locator(".output-error")).toContainText("KeyboardInterrupt");
});

for (const language of ["typescript", "python"] as const) {
  test(`a lesson built from an empty ${language} notebook with the keyboard alone`, async ({ page }) => {
    await openApp(page);
    // An empty notebook, as a person starts one: New (one empty code cell).
    await page.getByRole("button", { name: "New", exact: true }).click();
    await expect.poll(() => cells(page)).toEqual([{ type: "code", source: "" }]);
    if (language === "python")
      await page.getByRole("combobox", { name: "Notebook language" }).selectOption("python");
    // From here on, keys only: the first cell becomes the title.
    await clickIntoCell(page, 0);
    await page.keyboard.press("Escape");
    await page.keyboard.press("m");
    await page.keyboard.press("Enter");
    await page.keyboard.type("# Counting");
    await page.keyboard.press("Shift+Enter");
    await expect(cell(page, 0).locator(".markdown-body h1")).toHaveText("Counting");
    // Shift+Enter on the last cell gave a code cell in the notebook's language, with the cursor in it.
    await page.keyboard.type(
      language === "python" ? "n = spark.range(5).count()" : "const n = await spark.range(5).count();",
    );
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("n");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+Enter");
    await expect(cell(page, 2).locator(".output-text.value")).toHaveText("5", { timeout: 90_000 });
    // A SQL cell below, by B then Q (B opens the new cell for typing: Esc first).
    await page.keyboard.press("b");
    await page.keyboard.press("Escape");
    await page.keyboard.press("q");
    await page.keyboard.press("Enter");
    await page.keyboard.type("SELECT 40 + 2 AS answer");
    await page.keyboard.press("Shift+Enter");
    await expect(cell(page, 3).getByRole("region", { name: "Table" }).locator("tbody td")).toHaveText("42");
    // A mistake taken back: the new empty cell deleted, then the SQL cell, and the SQL cell brought back.
    await page.keyboard.press("Escape");
    await page.keyboard.press("d");
    await page.keyboard.press("d");
    await expect(mode(page)).toContainText("cell 4 of 4");
    await page.keyboard.press("d");
    await page.keyboard.press("d");
    expect(await types(page)).toEqual([
      "markdown",
      language === "python" ? "python" : "code",
      language === "python" ? "python" : "code",
    ]);
    await page.keyboard.press("z");
    expect(await types(page)).toEqual([
      "markdown",
      ...Array(2).fill(language === "python" ? "python" : "code"),
      "sql",
    ]);
    expect(await sources(page)).toEqual([
      "# Counting",
      language === "python" ? "n = spark.range(5).count()" : "const n = await spark.range(5).count();",
      "n",
      "SELECT 40 + 2 AS answer",
    ]);
  });
}
