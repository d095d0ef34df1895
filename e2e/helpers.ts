import { expect, type Page, type TestInfo } from "@playwright/test";

export interface CellSpec {
  type: "code" | "python" | "sql" | "markdown";
  source: string;
}

/** Opens the app and waits until the kernel (DuckDB-WASM in its worker) is ready. */
export async function openApp(page: Page, path = "./"): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole("status", { name: "Kernel status" })).toContainText("Kernel ready", {
    timeout: 60_000,
  });
}

/** Replaces the notebook with these cells (through the app's session, as Open… does). */
export async function loadCells(page: Page, name: string, cells: CellSpec[]): Promise<void> {
  await page.evaluate(
    ({ name, cells }) => {
      const session = (
        window as unknown as { sluice: { open(nb: unknown, origin: string): Promise<unknown> } }
      ).sluice;
      return session.open(
        {
          name,
          cells: cells.map((c, i) => ({
            id: `c${i}-${Math.random().toString(36).slice(2, 8)}`,
            type: c.type,
            source: c.source,
            outputs: [],
            executionCount: null,
          })),
        },
        "new",
      );
    },
    { name, cells },
  );
  await expect(page.locator(".cell")).toHaveCount(cells.length);
}

export function cell(page: Page, index: number) {
  return page.locator(".cell").nth(index);
}

/**
 * Clicks into a cell's text, as a person would: a code cell's editor (once Monaco has replaced the plain text
 * area), a rendered markdown cell's text.
 */
export async function clickIntoCell(page: Page, index: number): Promise<void> {
  const target = cell(page, index);
  const editor = target.locator(".monaco-editor .view-lines");
  if ((await target.getAttribute("data-cell-type")) !== "markdown" || (await editor.count()) > 0) {
    await expect(editor).toBeVisible({ timeout: 30_000 });
    await editor.click();
  } else {
    await target.locator(".markdown-body").click();
  }
}

/** Clicks into a cell and runs it with Shift+Enter, as a person would. */
export async function runCell(page: Page, index: number): Promise<void> {
  const target = cell(page, index);
  await clickIntoCell(page, index);
  await page.keyboard.press("Shift+Enter");
  await expect(target).toHaveAttribute("data-run-state", "idle", { timeout: 90_000 });
}

/** The parts of a saved .ipynb the tests look at. */
export interface SavedNotebook {
  /** Markdown cells have no outputs. */
  cells: { outputs?: { output_type: string; data?: Record<string, unknown> }[] }[];
}

/**
 * The notebook as the app last saved it in the browser's storage (OPFS: the path of this tab's notebook in
 * sessionStorage); undefined before its first save. Tests wait on it instead of a save's delay.
 */
export async function savedNotebook(page: Page): Promise<SavedNotebook | undefined> {
  const text = await page.evaluate(async () => {
    const path = sessionStorage.getItem("sluice:tab-notebook");
    if (!path) return undefined;
    const parts = path.split("/").filter(Boolean);
    let dir = await navigator.storage.getDirectory();
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
    const handle = await dir.getFileHandle(parts.at(-1)!);
    // A read that meets the app's own save of the file fails with NotReadableError: read it again once that is done.
    for (let attempt = 0; ; attempt++) {
      try {
        return await (await handle.getFile()).text();
      } catch (e) {
        if (attempt >= 20 || (e as Error).name !== "NotReadableError") throw e;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  });
  return text === undefined ? undefined : (JSON.parse(text) as SavedNotebook);
}

/** A screenshot kept with the test's artifacts (test-results/e2e-artifacts/...). */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: false });
  await testInfo.attach(name, { path, contentType: "image/png" });
}
