import { BROWSER_RUNTIME, createDuckDB, VoidLogger } from "@duckdb/duckdb-wasm/browser-blocking";
import duckdbEhWasm from "@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url";
import duckdbMvpWasm from "@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url";
import initParquetWasm from "parquet-wasm/esm";
import parquetWasm from "parquet-wasm/esm/parquet_wasm_bg.wasm?url";
import { resourceNotLoaded } from "../errors/QueryExecutionErrors";
import type { FileSystem } from "../io/FileSystem";
import { MemoryFileSystem } from "../io/MemoryFileSystem";
import { OpfsFileSystem } from "./OpfsFileSystem";
import type { Platform } from "./Platform";

/**
 * The kernel worker's platform: DuckDB-WASM's synchronous build (the non-threaded `eh`/`mvp` bundles, which need
 * no SharedArrayBuffer and so no COOP/COEP), parquet-wasm, OPFS for files and Web Locks for checkpoints. Every
 * URL comes from Vite, so the site is self-hosted and works under any sub-path.
 */
export function browserPlatform(onStage?: (stage: string) => void): Platform {
  let parquetReady: Promise<unknown> | undefined;
  return {
    name: "browser",

    async openDuckDB() {
      onStage?.("Loading DuckDB-WASM");
      performance.mark("sluice:duckdb-fetch");
      // DuckDB-WASM fetches its module itself, by URL: hand it the decompressed bytes as a blob: URL. Bundles
      // need a mainWorker entry; the blocking build runs in this worker and never starts it.
      const bundles = {
        mvp: { mainModule: absolute(duckdbMvpWasm), mainWorker: "" },
        eh: { mainModule: absolute(duckdbEhWasm), mainWorker: "" },
      };
      const db = await createDuckDB(
        { ...bundles, eh: { ...bundles.eh, mainModule: await wasmBlobURL(bundles.eh.mainModule) } },
        new VoidLogger(),
        BROWSER_RUNTIME,
      );
      await db.instantiate(() => {});
      performance.mark("sluice:duckdb-instantiated");
      db.open({});
      performance.mark("sluice:duckdb-open");
      return db;
    },

    initParquet() {
      parquetReady ??= initParquetWasm({ module_or_path: fetchWasm(absolute(parquetWasm)) });
      return parquetReady.then(() => {});
    },

    async createFileSystem(root: string | undefined): Promise<FileSystem> {
      if (root === ":memory:" || !hasOpfs()) return new MemoryFileSystem();
      return OpfsFileSystem.open(root ?? "/");
    },

    async tryLock(name: string) {
      if (typeof navigator === "undefined" || !navigator.locks) return () => {};
      return new Promise<(() => void) | undefined>((resolve) => {
        navigator.locks
          .request(`sluice:${name}`, { ifAvailable: true }, (lock) => {
            if (!lock) {
              resolve(undefined);
              return undefined;
            }
            // Held until release() is called.
            return new Promise<void>((release) => resolve(release));
          })
          .catch(() => resolve(undefined));
      });
    },
  };
}

export function hasOpfs(): boolean {
  return typeof navigator !== "undefined" && typeof navigator.storage?.getDirectory === "function";
}

/**
 * A WebAssembly module's response, from the gzip file the build writes beside it (vite.config.ts): a quarter of
 * the bytes from a static host that does not compress, decoded by the browser's DecompressionStream as they
 * arrive, so compiling can stream. A host that sends the .gz with `Content-Encoding: gzip` has had it decoded by
 * the browser already (the first bytes tell); without the .gz (Vite's dev server, a copy that lost it) the
 * module itself is fetched.
 */
async function fetchWasm(url: string): Promise<Response> {
  const gz = import.meta.env.DEV ? undefined : await fetch(`${url}.gz`).catch(() => undefined);
  if (!gz?.ok || !gz.body) return fetch(url);
  const headers = { "Content-Type": "application/wasm" };
  return new Response(await gunzipIfCompressed(gz.body), { headers });
}

async function gunzipIfCompressed(body: ReadableStream<Uint8Array<ArrayBuffer>>): Promise<ReadableStream> {
  const reader = body.getReader();
  const first = await reader.read();
  const whole = new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(first.value);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const gzip = !first.done && first.value[0] === 0x1f && first.value[1] === 0x8b;
  return gzip ? whole.pipeThrough(new DecompressionStream("gzip")) : whole;
}

/** The module as a blob: URL of its decompressed bytes, for a loader that takes only a URL. */
async function wasmBlobURL(url: string): Promise<string> {
  const response = await fetchWasm(url);
  if (!response.ok) throw resourceNotLoaded(url, response.status);
  return URL.createObjectURL(new Blob([await response.arrayBuffer()], { type: "application/wasm" }));
}

/** Vite's asset URLs are relative to the page under base './'; a worker resolves them against its own URL. */
function absolute(url: string): string {
  return new URL(url, import.meta.url).href;
}
