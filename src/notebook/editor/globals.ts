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
  interface EventsOptions {
    /** Different seeds give different data; the same seed the same data. Default 42. */
    seed?: number;
    /** Number of files. Default 10. */
    files?: number;
    /** Rows in each file. Default 1000. */
    rowsPerFile?: number;
    /** Distinct users to draw user_id from. Default 20000. */
    users?: number;
    /** Event time covered by each file; file N starts where file N-1 ends. Default 60. */
    secondsPerFile?: number;
    /** Rows come out of event-time order: each row's time is its place in the file plus a random 0 to this many seconds. Default 2. */
    disorderSeconds?: number;
    /** The share of rows, 0 to 1, that arrive late: their event time is up to lateBySeconds behind (never before file 0's start). Default 0.03. */
    lateFraction?: number;
    /** How far behind a late row's event time is, at most, in seconds. Default 5 files' worth (5 × secondsPerFile). */
    lateBySeconds?: number;
  }
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
