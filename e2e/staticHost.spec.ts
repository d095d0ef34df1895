import { readFile, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { expect, type Page, test } from "@playwright/test";

/**
 * The built app (dist/, which playwright.config's web server builds) from a static host that does not compress,
 * under a sub-path: the kernel worker's script crosses the wire as the .gz the build wrote and is decoded in the
 * browser (src/kernel/loader.ts). Two other hosts are served by the same server under other sub-paths: one that
 * sends .gz files with `Content-Encoding: gzip` (the browser decodes them before the app sees them) and one
 * whose copy lost the kernel's .gz (the loader falls back to the plain script).
 */
const DIST = join(process.cwd(), "dist");
const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".gz": "application/gzip",
};
const HOSTS = {
  plain: "/a/static/host/",
  encoding: "/encodes/gz/",
  lost: "/lost/gz/",
} as const;

let server: Server;
let origin = "";

test.beforeAll(async () => {
  server = createServer((request, response) => {
    void serve(request.url ?? "/", response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** Files as they are, no compression, no Content-Encoding, except as the host's sub-path says. */
async function serve(url: string, response: import("node:http").ServerResponse): Promise<void> {
  const pathname = decodeURIComponent(new URL(url, "http://x").pathname);
  const host = (Object.keys(HOSTS) as (keyof typeof HOSTS)[]).find((h) => pathname.startsWith(HOSTS[h]));
  if (!host) return void response.writeHead(404).end();
  let relative = normalize(pathname.slice(HOSTS[host].length));
  if (relative.startsWith("..")) return void response.writeHead(404).end();
  if (relative === "." || relative.endsWith("/")) relative = join(relative, "index.html");
  if (host === "lost" && /\.js\.gz$/.test(relative)) return void response.writeHead(404).end();
  let body: Buffer;
  try {
    body = await readFile(join(DIST, relative));
  } catch {
    return void response.writeHead(404).end();
  }
  const encoded = host === "encoding" && relative.endsWith(".gz");
  const type = TYPES[extname(encoded ? relative.slice(0, -3) : relative)] ?? "application/octet-stream";
  response.writeHead(200, {
    "Content-Type": type,
    "Content-Length": body.length,
    ...(encoded ? { "Content-Encoding": "gzip" } : {}),
  });
  response.end(body);
}

/** The kernel worker's scripts as fetched: URL, status, Content-Encoding and bytes of the body on the wire. */
function kernelScripts(page: Page): { url: string; status: number; encoding?: string; bytes: number }[] {
  const fetched: { url: string; status: number; encoding?: string; bytes: number }[] = [];
  page.on("response", async (response) => {
    if (!/\/assets\/(worker|loader)-[^/]*\.js(\.gz)?$/.test(response.url())) return;
    const encoding = (await response.allHeaders())["content-encoding"];
    const bytes = await response
      .request()
      .sizes()
      .then((s) => s.responseBodySize)
      .catch(() => -1);
    fetched.push({ url: response.url(), status: response.status(), encoding, bytes });
  });
  return fetched;
}

async function runFirstCell(page: Page): Promise<void> {
  const first = page.locator('.cell[data-cell-type="code"]').first();
  await first.locator(".gutter").click();
  await page.keyboard.press("Shift+Enter");
  await expect(first).toHaveAttribute("data-run-state", "idle", { timeout: 90_000 });
  await expect(first.locator(".output-table, .output-text").first()).toContainText("part-00000.parquet");
}

/** Opens the app from one of the hosts, waits for the kernel and runs the first cell; resolves to the kernel's fetches. */
async function openAndRun(page: Page, host: string): Promise<ReturnType<typeof kernelScripts>> {
  const fetched = kernelScripts(page);
  await page.goto(`${origin}${host}`);
  await expect(page.getByRole("status", { name: "Kernel status" })).toContainText("Kernel ready", {
    timeout: 90_000,
  });
  await runFirstCell(page);
  return fetched;
}

test("from a host that does not compress, the kernel's script crosses the wire gzipped and the first cell runs", async ({
  page,
}) => {
  const fetched = await openAndRun(page, HOSTS.plain);
  const gz = fetched.filter((f) => f.url.endsWith(".js.gz"));
  expect(gz).toHaveLength(1);
  expect(gz[0].status).toBe(200);
  expect(gz[0].encoding).toBeUndefined();
  const script = new URL(gz[0].url).pathname.slice(HOSTS.plain.length).replace(/\.gz$/, "");
  const { size } = await stat(join(DIST, script));
  // What crossed the wire is the gzip file, a third of the script or less, and the plain script was not fetched.
  expect(gz[0].bytes).toBeLessThan(size / 3);
  expect(fetched.filter((f) => /\/worker-[^/]*\.js$/.test(f.url))).toHaveLength(0);
});

test("from a host that sends .gz files with Content-Encoding: gzip, the kernel starts and its first cell runs", async ({
  page,
}) => {
  const fetched = await openAndRun(page, HOSTS.encoding);
  const gz = fetched.filter((f) => f.url.endsWith(".js.gz"));
  expect(gz).toHaveLength(1);
  expect(gz[0].encoding).toBe("gzip");
});

test("when the host lost the kernel's .gz, the loader imports the plain script and the kernel starts", async ({
  page,
}) => {
  const fetched = await openAndRun(page, HOSTS.lost);
  expect(fetched.filter((f) => f.url.endsWith(".js.gz")).map((f) => f.status)).toEqual([404]);
  expect(fetched.filter((f) => /\/worker-[^/]*\.js$/.test(f.url)).map((f) => f.status)).toEqual([200]);
});
