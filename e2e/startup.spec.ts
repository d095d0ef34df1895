import { expect, type Page, test } from "@playwright/test";
import { clickIntoCell, openApp } from "./helpers";

const DUCKDB_MODULE = /\/duckdb-(eh|mvp)-[^/]*\.wasm(\.gz)?$/;

/** The URLs of DuckDB's module the page fetches from now on, as they are fetched. */
function duckdbModuleFetches(page: Page): string[] {
  const fetched: string[] = [];
  page.on("request", (r) => {
    if (DUCKDB_MODULE.test(r.url())) fetched.push(r.url());
  });
  return fetched;
}

test("opening runs one DuckDB: its module is fetched once, compressed, also when the data generator runs", async ({
  page,
}) => {
  const fetched = duckdbModuleFetches(page);
  await openApp(page);
  // The seed lesson's first cell writes the teaching data with DuckDB (a second DuckDB used to be opened here).
  const first = page.locator('.cell[data-cell-type="code"]').first();
  await first.locator(".gutter").click();
  await page.keyboard.press("Shift+Enter");
  await expect(first).toHaveAttribute("data-run-state", "idle", { timeout: 90_000 });
  await expect(first.locator(".output-table, .output-text").first()).toContainText("part-00000.parquet");
  expect(fetched).toHaveLength(1);
  // The built app fetches the gzip file the build wrote beside the module (vite preview sends .wasm as is).
  expect(fetched[0]).toMatch(/\.wasm\.gz$/);
});

test("a second visit takes DuckDB's module from the browser's cache, and its cells still run", async ({
  page,
}) => {
  const fetched = duckdbModuleFetches(page);
  await openApp(page);
  expect(fetched).toHaveLength(1);
  await page.reload();
  await expect(page.getByRole("status", { name: "Kernel status" })).toContainText("Kernel ready", {
    timeout: 60_000,
  });
  // Kept decoded in the Cache API by the first visit: neither downloaded nor decoded again.
  expect(fetched).toHaveLength(1);
  const first = page.locator('.cell[data-cell-type="code"]').first();
  await first.locator(".gutter").click();
  await page.keyboard.press("Shift+Enter");
  await expect(first).toHaveAttribute("data-run-state", "idle", { timeout: 90_000 });
  await expect(first.locator(".output-table, .output-text").first()).toContainText("part-00000.parquet");
});

test("Monaco's TypeScript worker starts only once the kernel is ready, and completes then", async ({
  page,
}) => {
  // Every worker the page starts, and whether the kernel was ready at that moment (the page's own view).
  await page.addInitScript(() => {
    const started: { url: string; kernelReady: boolean }[] = [];
    (window as unknown as { __workers: typeof started }).__workers = started;
    const NativeWorker = window.Worker;
    window.Worker = class extends NativeWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        started.push({ url: String(url), kernelReady: !!document.querySelector(".kernel-state.ready") });
      }
    };
  });
  await openApp(page);
  const workers = () =>
    page.evaluate(
      () => (window as unknown as { __workers: { url: string; kernelReady: boolean }[] }).__workers,
    );
  // A person starts typing in a TypeScript cell: completion needs the TypeScript worker.
  await clickIntoCell(page, 1);
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("spark.readStr");
  await expect(page.locator(".suggest-widget .monaco-list-row").first()).toContainText("readStream", {
    timeout: 60_000,
  });
  const ts = (await workers()).filter((w) => /ts\.worker/.test(w.url));
  expect(ts.length).toBeGreaterThan(0);
  expect(ts.every((w) => w.kernelReady)).toBe(true);
  // The kernel's own worker was the first one started, before the kernel was ready (it is the kernel).
  expect((await workers())[0]).toMatchObject({ kernelReady: false });
});
