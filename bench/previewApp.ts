/**
 * The built app as a static host serves it, for the parts that measure it in Chromium: `vite build` into the
 * bench's work directory, `vite preview` (sirv: static files, no compression) under `base`, and the server ended
 * with its process group however the measurement ends.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { join } from "node:path";

export interface PreviewOptions {
  /** The bench part, for messages: "P4". */
  part: string;
  workDir: string;
  port: number;
  /** The sub-path the app is built for and served under: "/" or "/sluice/". */
  base: string;
}

export async function withPreviewApp<T>(
  options: PreviewOptions,
  /** Given the app's URL and the directory it is served from. */
  measure: (url: string, dist: string) => Promise<T>,
): Promise<T> {
  const { part, workDir, port, base } = options;
  const dist = join(workDir, `${part.toLowerCase()}-dist`);
  const build = spawnSync(
    "npx",
    ["vite", "build", "--outDir", dist, "--emptyOutDir", "--logLevel", "error", "--base", base],
    { stdio: "inherit" },
  );
  if (build.status !== 0) throw new Error(`${part}: vite build failed`);
  const server = spawn(
    "npx",
    [
      "vite",
      "preview",
      "--outDir",
      dist,
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--strictPort",
    ].concat(["--base", base]),
    { stdio: "ignore", detached: true },
  );
  try {
    const url = `http://127.0.0.1:${port}${base}`;
    await waitForServer(url, part);
    return await measure(url, dist);
  } finally {
    stop(server);
  }
}

async function waitForServer(url: string, part: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${part}: ${url} did not come up`);
}

/** Ends the preview server (its process group: npx and vite). */
function stop(server: ChildProcess): void {
  if (server.pid !== undefined) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}
