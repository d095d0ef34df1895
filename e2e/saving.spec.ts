import { expect, type Page, test } from "@playwright/test";
import { cell, keepScreenshot, loadCells, openApp, runCell } from "./helpers";

/** The stored text of a notebook file (OPFS), read in the page; undefined where there is none. */
function storedText(page: Page, path: string): Promise<string | undefined> {
  return page.evaluate(async (path) => {
    const parts = path.split("/").filter(Boolean);
    let dir = await navigator.storage.getDirectory();
    try {
      for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
      return await (await (await dir.getFileHandle(parts.at(-1)!)).getFile()).text();
    } catch {
      return undefined;
    }
  }, path);
}

/** Clicks into the text of the cell holding `text` and types at the end of its first line, as a person does. */
async function typeInCell(page: Page, text: string, typed: string): Promise<void> {
  const target = page.locator(".cell").filter({ hasText: text }).first();
  await target.locator(".monaco-editor .view-line").first().click();
  await page.keyboard.press("End");
  await page.keyboard.type(typed);
}

const saveStatus = (page: Page) => page.getByRole("status", { name: "Save status" });
const nameField = (page: Page) => page.getByRole("textbox", { name: "Notebook name" });
const LESSON = "Seed lesson - purchases by traffic source";
const LESSON_PATH = `/notebooks/${LESSON}.ipynb`;

test("Example and New never overwrite a stored notebook: they take new names", async ({ page }, testInfo) => {
  await openApp(page);
  await expect(nameField(page)).toHaveValue(LESSON);
  await typeInCell(page, "const events", " // my edit");
  await page.keyboard.press("Control+s");
  await expect(saveStatus(page)).toHaveText("Saved");
  await expect.poll(() => storedText(page, LESSON_PATH)).toContain("// my edit");

  await page.getByRole("button", { name: "Example", exact: true }).click();
  await expect(nameField(page)).toHaveValue(`${LESSON}-Copy1`);
  await expect(page.locator(".notice")).toContainText(`your saved “${LESSON}” is kept`);
  await expect(page.locator(".cell").filter({ hasText: "// my edit" })).toHaveCount(0);
  // The edited lesson is still stored, with the edit.
  expect(await storedText(page, LESSON_PATH)).toContain("// my edit");

  await page.getByRole("button", { name: "New", exact: true }).click();
  await expect(nameField(page)).toHaveValue("Untitled");
  await typeInCell(page, "", "const mine = 1");
  await page.keyboard.press("Control+s");
  await expect(saveStatus(page)).toHaveText("Saved");
  await page.getByRole("button", { name: "New", exact: true }).click();
  await expect(nameField(page)).toHaveValue("Untitled1");
  expect(await storedText(page, "/notebooks/Untitled.ipynb")).toContain("const mine = 1");

  // Open… lists them all, the most recently saved first; the edited lesson opens with its edit.
  await page.getByRole("button", { name: "Open…" }).click();
  const list = page.getByRole("list", { name: "Stored notebooks" });
  await expect(list.getByRole("button")).toHaveText(["Untitled1", "Untitled", `${LESSON}-Copy1`, LESSON]);
  await keepScreenshot(page, testInfo, "open-dialog");
  await list.getByRole("button", { name: LESSON, exact: true }).click();
  await expect(nameField(page)).toHaveValue(LESSON);
  await expect(page.locator(".cell").filter({ hasText: "// my edit" })).toHaveCount(1);
});

test("two tabs: a save over the other tab's save is refused and asks: reload, keep both or overwrite", async ({
  context,
}, testInfo) => {
  const one = await context.newPage();
  await openApp(one);
  await loadCells(one, "Shared lesson", [{ type: "code", source: "const a = 1" }]);
  await expect(saveStatus(one)).toHaveText("Saved");
  const path = "/notebooks/Shared lesson.ipynb";
  // The second tab opens the notebook saved last: the same one.
  const two = await context.newPage();
  await openApp(two);
  await expect(nameField(two)).toHaveValue("Shared lesson");

  await test.step("the first tab saves; the second learns of it and does not save over it", async () => {
    await typeInCell(one, "const a", " // from tab one");
    await one.keyboard.press("Control+s");
    await expect(saveStatus(one)).toHaveText("Saved");
    const changed = two.getByRole("alertdialog", { name: "File changed" });
    await expect(changed).toBeVisible();
    await expect(saveStatus(two)).toHaveText("Not saved: changed in another tab");
    await typeInCell(two, "const a", " // from tab two");
    await two.keyboard.press("Control+s");
    await expect(two.locator(".notice", { hasText: "Saved in the browser's storage" })).toHaveCount(0);
    expect(await storedText(two, path)).toContain("// from tab one");
    expect(await storedText(two, path)).not.toContain("// from tab two");
    await keepScreenshot(two, testInfo, "file-changed");
  });

  await test.step("keep both: the second tab's notebook goes to a copy, the first tab's save stays", async () => {
    await two.getByRole("button", { name: /Keep both/ }).click();
    await expect(nameField(two)).toHaveValue("Shared lesson-Copy1");
    await expect(saveStatus(two)).toHaveText("Saved");
    expect(await storedText(two, "/notebooks/Shared lesson-Copy1.ipynb")).toContain("// from tab two");
    expect(await storedText(two, path)).toContain("// from tab one");
    await expect(saveStatus(one)).toHaveText("Saved");
  });

  await test.step("a file changed behind the tab's back is caught at save time, with no tab to tell", async () => {
    // Written straight to storage, as a tab that closed before telling anyone would have left it.
    await two.evaluate(async (path) => {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle("notebooks");
      const handle = await dir.getFileHandle(path.split("/").at(-1)!);
      const text = (await (await handle.getFile()).text()).replace("const a = 1", "const a = 99");
      const writable = await handle.createWritable();
      await writable.write(text);
      await writable.close();
    }, path);
    await typeInCell(one, "const a", " // second edit");
    await one.keyboard.press("Control+s");
    await expect(one.getByRole("alertdialog", { name: "File changed" })).toBeVisible();
    expect(await storedText(one, path)).toContain("const a = 99");
    expect(await storedText(one, path)).not.toContain("// second edit");
  });

  await test.step("overwrite is the user's choice; reload shows what is stored", async () => {
    await one.getByRole("button", { name: /Overwrite/ }).click();
    await expect(saveStatus(one)).toHaveText("Saved");
    expect(await storedText(one, path)).toContain("// second edit");
    await two.getByRole("button", { name: "Open…" }).click();
    await two
      .getByRole("list", { name: "Stored notebooks" })
      .getByRole("button", { name: "Shared lesson", exact: true })
      .click();
    await expect(nameField(two)).toHaveValue("Shared lesson");
    await typeInCell(one, "const a", " // third edit");
    await one.keyboard.press("Control+s");
    await expect(saveStatus(one)).toHaveText("Saved");
    await two.getByRole("button", { name: "Reload the saved version" }).click();
    await expect(cell(two, 0)).toContainText("// third edit");
    await expect(saveStatus(two)).toHaveText("Saved");
  });
});

test("a stored .ipynb opens from the Files tab with its outputs, marked; renaming moves the file", async ({
  page,
}, testInfo) => {
  await openApp(page);
  await loadCells(page, "Outputs kept", [{ type: "code", source: "6 * 7" }]);
  await runCell(page, 0);
  await expect(cell(page, 0).locator(".output-text.value")).toHaveText("42");
  await expect(cell(page, 0).locator(".stored-outputs-note")).toHaveCount(0);
  await page.keyboard.press("Control+s");
  await expect(saveStatus(page)).toHaveText("Saved");
  await page.getByRole("button", { name: "New", exact: true }).click();
  await expect(nameField(page)).toHaveValue("Untitled");

  await page.getByRole("tab", { name: "Files" }).click();
  const files = page.getByRole("list", { name: "Files" });
  await files.getByRole("button", { name: "Open notebooks" }).click();
  await files.getByRole("button", { name: "Outputs kept.ipynb", exact: true }).click();
  await expect(nameField(page)).toHaveValue("Outputs kept");
  await expect(cell(page, 0).locator(".output-text.value")).toHaveText("42");
  await expect(cell(page, 0).locator(".stored-outputs-note")).toHaveText(
    "Saved output, not from this session",
  );
  await expect(cell(page, 0).locator(".gutter")).toHaveText("[1]");
  await keepScreenshot(page, testInfo, "stored-outputs");
  await runCell(page, 0);
  await expect(cell(page, 0).locator(".stored-outputs-note")).toHaveCount(0);
  await expect(cell(page, 0).locator(".output-text.value")).toHaveText("42");

  await test.step("renaming moves the file; a name another notebook has is refused", async () => {
    await nameField(page).fill("Renamed lesson");
    await nameField(page).press("Enter");
    await expect(files.getByRole("button", { name: "Renamed lesson.ipynb", exact: true })).toBeVisible();
    await expect(files.getByRole("button", { name: "Outputs kept.ipynb", exact: true })).toHaveCount(0);
    expect(await storedText(page, "/notebooks/Outputs kept.ipynb")).toBeUndefined();
    await nameField(page).fill("Untitled");
    await nameField(page).press("Enter");
    await expect(page.locator(".notice.error")).toContainText("Untitled already exists");
    await expect(nameField(page)).toHaveValue("Renamed lesson");
    expect(await storedText(page, "/notebooks/Untitled.ipynb")).toBeDefined();
    expect(await storedText(page, "/notebooks/Renamed lesson.ipynb")).toContain("6 * 7");
  });

  await test.step("a reload shows the same notebook, its outputs marked as from before", async () => {
    await expect(saveStatus(page)).toHaveText("Saved");
    await page.reload();
    await openApp(page, page.url());
    await expect(nameField(page)).toHaveValue("Renamed lesson");
    await expect(cell(page, 0).locator(".stored-outputs-note")).toBeVisible();
  });
});

test.describe("at 1920×1080 and 150%, in dark mode", () => {
  test.use({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1.5, colorScheme: "dark" });

  test("the save status, the File changed question and the Open dialog stay readable", async ({
    context,
  }, testInfo) => {
    const one = await context.newPage();
    await openApp(one);
    await loadCells(one, "Projector lesson", [{ type: "code", source: "const a = 1" }]);
    await expect(saveStatus(one)).toHaveText("Saved");
    const two = await context.newPage();
    await openApp(two);
    await expect(nameField(two)).toHaveValue("Projector lesson");
    await typeInCell(one, "const a", " // edited");
    await one.keyboard.press("Control+s");
    await expect(two.getByRole("alertdialog", { name: "File changed" })).toBeVisible();
    await keepScreenshot(two, testInfo, "file-changed-dark-1920");
    await two.getByRole("button", { name: "Open…" }).click();
    await expect(two.getByRole("list", { name: "Stored notebooks" }).getByRole("button")).toHaveText([
      "Projector lesson",
      LESSON,
    ]);
    await keepScreenshot(two, testInfo, "open-dialog-dark-1920");
  });
});
