import type { DuckDBBindings } from "@duckdb/duckdb-wasm/blocking";
import { platformNotRegistered } from "../errors/QueryExecutionErrors";
import type { FileSystem } from "../io/FileSystem";

/**
 * What differs between Node and the browser worker: how DuckDB-WASM and parquet-wasm are instantiated and
 * where files live. Everything else in the engine is the same code on both.
 */
export interface Platform {
  readonly name: "node" | "browser";
  /** DuckDB-WASM's synchronous bindings, instantiated and opened (the engine runs off the UI thread). */
  openDuckDB(): Promise<DuckDBBindings>;
  /** Instantiates parquet-wasm's module; called once before any Parquet is read or written. */
  initParquet(): Promise<void>;
  /** The session's file system; `root` is `sluice.fs.root` where set. */
  createFileSystem(root: string | undefined): Promise<FileSystem>;
  /**
   * Takes an exclusive lock across tabs/processes (a checkpoint in use) and resolves to its release function,
   * or to undefined at once where someone else holds it. Absent where the platform has no such locks.
   */
  tryLock?(name: string): Promise<(() => void) | undefined>;
}

let current: Platform | undefined;

/** The browser worker registers its platform before building a session; Node needs nothing. */
export function setPlatform(platform: Platform): void {
  current = platform;
}

export async function currentPlatform(): Promise<Platform> {
  if (current) return current;
  if (typeof process !== "undefined" && process.versions?.node) {
    // A computed specifier keeps Node's platform (node:fs...) out of the browser bundle, which never needs it.
    const nodeModule = "./node";
    const { nodePlatform } = (await import(/* @vite-ignore */ nodeModule)) as typeof import("./node");
    current = nodePlatform;
    return current;
  }
  throw platformNotRegistered();
}
