/**
 * The declarations Monaco reads for code cells: every name the kernel puts in a cell's scope, typed from the
 * engine's own .d.ts files (made at build time), so `spark.readStream.` completes with Spark's methods and
 * their doc comments.
 */
import type engineTypes from "virtual:sluice-engine-types";

/** The engine's .d.ts files and exported names, as vite.config.ts makes them. */
export type EngineTypeInfo = typeof engineTypes;

/** Where the engine's declaration files live in Monaco's virtual file system. */
export const TYPES_ROOT = "file:///sluice/";

export function globalsDeclaration(types: EngineTypeInfo): string {
  const exported = new Set(types.values);
  // A value import, so the functions below can be aliases: an alias keeps its doc comment in completion.
  const lines = [
    'import * as Sluice from "./engine/index";',
    "declare global {",
    "  /** The notebook's SparkSession. */\n  const spark: Sluice.SparkSession;",
  ];
  for (const name of types.functions) {
    if (!exported.has(name) && isIdentifier(name))
      lines.push(`  export import ${name} = Sluice.functions.${name};`);
  }
  for (const name of types.values) {
    if (isIdentifier(name)) lines.push(`  export import ${name} = Sluice.${name};`);
  }
  lines.push("  /** pyspark.sql.functions, as `F`. */\n  const F: typeof Sluice.functions;");
  lines.push(HELPERS, "}", "export {};");
  return lines.join("\n");
}

const HELPERS = `
  interface DisplayOptions {
    /** Draw the rows as a chart instead of a table. */
    chart?: { type: "bar" | "line" | "area"; x: string; y: string[] };
    /** Streaming DataFrames: the memory sink's query name. */
    name?: string;
    checkpointLocation?: string;
    trigger?: { processingTime?: string; once?: boolean; availableNow?: boolean };
  }
  /**
   * Shows a value in the cell: a DataFrame as a table (its first 10,000 rows), a streaming DataFrame as a live
   * query into a memory sink (complete mode when it aggregates, append otherwise), rows as a table.
   */
  function display(value: unknown, options?: DisplayOptions): Promise<any>;
  /** Waits, e.g. between looks at a running query. */
  function sleep(ms: number): Promise<void>;
  const console: {
    log(...values: unknown[]): void;
    info(...values: unknown[]): void;
    warn(...values: unknown[]): void;
    error(...values: unknown[]): void;
    debug(...values: unknown[]): void;
    table(rows: unknown): void;
  };
  function setTimeout(callback: () => void, ms?: number): number;
  function clearTimeout(id: number): void;
  function setInterval(callback: () => void, ms?: number): number;
  function clearInterval(id: number): void;
  interface FileInfo { path: string; name: string; size: number; modificationTime: number; isDirectory: boolean }
  /** Files in the browser's storage (OPFS), as in Databricks' dbutils.fs. */
  const dbutils: {
    fs: {
      ls(path?: string): Promise<FileInfo[]>;
      rm(path: string): Promise<boolean>;
      head(path: string, maxBytes?: number): Promise<string>;
      put(path: string, contents: string): Promise<boolean>;
      mkdirs(path: string): Promise<boolean>;
    };
  };
  interface EventsOptions { seed?: number; files?: number; rowsPerFile?: number; users?: number; secondsPerFile?: number }
  /** Teaching data: a BedBricks-like clickstream as Parquet files. */
  const datasets: {
    /** DDL of the events files, for readStream.schema(...). */
    eventsSchema: string;
    /** Writes part-00000.parquet, part-00001.parquet, ... into dir (default /data/events). */
    writeEvents(dir?: string, options?: EventsOptions): Promise<string[]>;
    /** Drops the next file into dir every few seconds, so a stream can be watched as it arrives. */
    startDrip(options?: EventsOptions & { dir?: string; everySeconds?: number }): Promise<unknown>;
    stopDrip(): unknown;
  };`;

function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(name) && !RESERVED.has(name);
}

const RESERVED = new Set([
  "default",
  "function",
  "class",
  "delete",
  "new",
  "in",
  "instanceof",
  "typeof",
  "void",
]);
