import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as nodePath from "node:path";
import type { DuckDBBindings } from "@duckdb/duckdb-wasm/blocking";
import { initSync } from "parquet-wasm/esm";
import { MemoryFileSystem } from "../io/MemoryFileSystem";
import { NodeFileSystem } from "./NodeFileSystem";
import type { Platform } from "./Platform";

const require = createRequire(import.meta.url);
let parquetReady = false;

/** Node: DuckDB-WASM's blocking Node build (the `eh` bundle), files under `sluice.fs.root`. */
export const nodePlatform: Platform = {
  name: "node",

  async openDuckDB(): Promise<DuckDBBindings> {
    const duckdb = require("@duckdb/duckdb-wasm/blocking") as typeof import("@duckdb/duckdb-wasm/blocking");
    const dist = nodePath.dirname(require.resolve("@duckdb/duckdb-wasm/dist/duckdb-eh.wasm"));
    const bundles = {
      mvp: {
        mainModule: nodePath.join(dist, "duckdb-mvp.wasm"),
        mainWorker: nodePath.join(dist, "duckdb-node-mvp.worker.cjs"),
      },
      eh: {
        mainModule: nodePath.join(dist, "duckdb-eh.wasm"),
        mainWorker: nodePath.join(dist, "duckdb-node-eh.worker.cjs"),
      },
    };
    const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
    await db.instantiate(() => {});
    db.open({});
    return db;
  },

  async initParquet(): Promise<void> {
    if (parquetReady) return;
    initSync({ module: readFileSync(require.resolve("parquet-wasm/esm/parquet_wasm_bg.wasm")) });
    parquetReady = true;
  },

  async createFileSystem(root: string | undefined) {
    if (root === ":memory:") return new MemoryFileSystem();
    return new NodeFileSystem(root ?? nodePath.join(os.tmpdir(), "sluice"));
  },
};
