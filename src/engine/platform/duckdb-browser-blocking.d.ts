/**
 * DuckDB-WASM's synchronous browser build. The package does not export it (its `./blocking` points browsers at
 * a file it does not ship), so vite.config.ts aliases this name to dist/duckdb-browser-blocking.mjs.
 */
declare module "@duckdb/duckdb-wasm/browser-blocking" {
  import type {
    DuckDBBindings,
    DuckDBBundle,
    DuckDBBundles,
    DuckDBRuntime,
    Logger,
  } from "@duckdb/duckdb-wasm/blocking";

  export { ConsoleLogger, VoidLogger } from "@duckdb/duckdb-wasm/blocking";
  export const BROWSER_RUNTIME: DuckDBRuntime;
  export function createDuckDB(
    bundles: DuckDBBundles,
    logger: Logger,
    runtime: DuckDBRuntime,
  ): Promise<DuckDBBindings>;
  /** The bundle createDuckDB picks for this browser (eh where WebAssembly exceptions are supported). */
  export function selectBundle(bundles: DuckDBBundles): Promise<DuckDBBundle>;
}
