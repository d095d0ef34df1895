import type { DuckDBBindings } from "@duckdb/duckdb-wasm/blocking";
import {
  BROWSER_RUNTIME,
  createDuckDB,
  selectBundle,
  VoidLogger,
} from "@duckdb/duckdb-wasm/browser-blocking";
import duckdbEhWasm from "@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url";
import duckdbMvpWasm from "@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url";
import initParquetWasm from "parquet-wasm/esm";
import parquetWasm from "parquet-wasm/esm/parquet_wasm_bg.wasm?url";
import type { FileSystem } from "../io/FileSystem";
import { MemoryFileSystem } from "../io/MemoryFileSystem";
import { OpfsFileSystem } from "./OpfsFileSystem";
import type { Platform } from "./Platform";
import { wasmResponse } from "./wasmResponse";

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
      // Bundles need a mainWorker entry; the blocking build runs in this worker and never starts it.
      const bundles = {
        mvp: { mainModule: absolute(duckdbMvpWasm), mainWorker: "" },
        eh: { mainModule: absolute(duckdbEhWasm), mainWorker: "" },
      };
      const { mainModule } = await selectBundle(bundles);
      const response = await wasmResponse(mainModule);
      performance.mark("sluice:duckdb-fetched");
      const module = await WebAssembly.compileStreaming(response);
      performance.mark("sluice:duckdb-compiled");
      const db = await createDuckDB(bundles, new VoidLogger(), BROWSER_RUNTIME);
      await instantiateWith(db, module);
      performance.mark("sluice:duckdb-instantiated");
      db.open({});
      performance.mark("sluice:duckdb-open");
      return db;
    },

    initParquet() {
      parquetReady ??= initParquetWasm({ module_or_path: wasmResponse(absolute(parquetWasm)) });
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

/** What DuckDB-WASM's browser bindings call to instantiate their module (Emscripten's `instantiateWasm`). */
interface Instantiates {
  instantiateWasm(
    imports: WebAssembly.Imports,
    success: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
  ): unknown;
}

/**
 * Instantiates DuckDB-WASM from a module compiled here. Its own loader fetches the module by URL and wraps the
 * response for a progress callback, so the browser cannot code-cache it; its bindings expose no module option,
 * so the one method that instantiates is replaced on this instance.
 */
async function instantiateWith(db: DuckDBBindings, module: WebAssembly.Module): Promise<void> {
  let failed: (error: unknown) => void = () => {};
  const failure = new Promise<never>((_, reject) => {
    failed = reject;
  });
  (db as unknown as Instantiates).instantiateWasm = (imports, success) => {
    // What the replaced method does first: the module's imports call into the runtime through this global.
    (globalThis as { DUCKDB_RUNTIME?: unknown }).DUCKDB_RUNTIME = BROWSER_RUNTIME;
    WebAssembly.instantiate(module, imports).then((instance) => success(instance, module), failed);
    return {};
  };
  await Promise.race([db.instantiate(() => {}), failure]);
}

/** Vite's asset URLs are relative to the page under base './'; a worker resolves them against its own URL. */
function absolute(url: string): string {
  return new URL(url, import.meta.url).href;
}
