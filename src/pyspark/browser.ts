import runtime from "virtual:sluice-pyodide";
import type * as Pyodide from "pyodide";
import type { PyodideLoader } from "./PySparkRuntime";

/** The package's Python sources, bundled as text (they are written into Pyodide's file system at start). */
const sources = import.meta.glob<string>("./python/**/*.{py,pyi}", {
  query: "?raw",
  import: "default",
  eager: true,
});

/**
 * The browser (the kernel's worker): Pyodide's runtime files are served with the app (copied from the npm
 * package by vite.config.ts), never from a CDN; their download is reported as it goes (~15 MB the first time).
 */
export const browserLoader: PyodideLoader = {
  async load(onProgress) {
    onProgress("Downloading Python (Pyodide)", 0.02);
    const { loadPyodide } = (await import(
      /* @vite-ignore */ `${runtime.indexURL}pyodide.mjs`
    )) as typeof Pyodide;
    return withDownloadProgress(
      runtime.indexURL,
      runtime.bytes,
      (fraction) => onProgress("Downloading Python (Pyodide)", 0.02 + 0.83 * fraction),
      () => loadPyodide({ indexURL: runtime.indexURL }),
    );
  },

  async sources() {
    return Object.fromEntries(
      Object.entries(sources).map(([path, text]) => [path.replace(/^\.\/python\//, ""), text]),
    );
  },
};

/** Runs `load` with fetch() counting the bytes that arrive from under `prefix`. */
async function withDownloadProgress<T>(
  prefix: string,
  totalBytes: number,
  report: (fraction: number) => void,
  load: () => Promise<T>,
): Promise<T> {
  const original = globalThis.fetch;
  let received = 0;
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await original(input, init);
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!new URL(url, prefix).href.startsWith(prefix) || !response.body) return response;
    const counted = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          received += chunk.byteLength;
          report(Math.min(1, received / totalBytes));
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(counted, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  try {
    return await load();
  } finally {
    globalThis.fetch = original;
  }
}
