import { BROWSER_RUNTIME, createDuckDB, VoidLogger } from "@duckdb/duckdb-wasm/browser-blocking";
import duckdbEhWasm from "@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url";
import duckdbMvpWasm from "@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url";
import initParquetWasm from "parquet-wasm/esm";
import parquetWasm from "parquet-wasm/esm/parquet_wasm_bg.wasm?url";
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
      // Bundles need a mainWorker entry; the blocking build runs in this worker and never starts it.
      const bundles = {
        mvp: { mainModule: absolute(duckdbMvpWasm), mainWorker: "" },
        eh: { mainModule: absolute(duckdbEhWasm), mainWorker: "" },
      };
      const db = await createDuckDB(bundles, new VoidLogger(), BROWSER_RUNTIME);
      await db.instantiate(() => {});
      db.open({});
      return db;
    },

    initParquet() {
      parquetReady ??= initParquetWasm({ module_or_path: absolute(parquetWasm) });
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

/** Vite's asset URLs are relative to the page under base './'; a worker resolves them against its own URL. */
function absolute(url: string): string {
  return new URL(url, import.meta.url).href;
}
