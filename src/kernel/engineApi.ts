import type { ColumnInfo, QueryProgress, QueryStatus, Row } from "./protocol";

/**
 * The part of the engine's public API (DESIGN.md) that the kernel drives, typed structurally so the kernel does
 * not depend on the engine's internals. The engine module is found at build time: while src/engine/index.ts
 * does not exist, cells run without `spark`.
 */
export interface EngineModule {
  SparkSession: { builder(): SessionBuilder };
  [name: string]: unknown;
}

export interface SessionBuilder {
  appName(name: string): SessionBuilder;
  config(key: string, value: string | number | boolean): SessionBuilder;
  getOrCreate(): Promise<SparkLike>;
}

export interface SparkLike {
  sql(query: string): DataFrameLike;
  readonly streams: {
    readonly active: QueryLike[];
    get(id: string): QueryLike | null | undefined;
    addListener(listener: QueryListener): void;
  };
  setOutput?(print: (text: string, origin?: { queryId?: string }) => void): void;
}

export interface DataFrameLike {
  readonly isStreaming: boolean;
  readonly columns: string[];
  readonly schema: { fields: { name: string; dataType: unknown }[] };
  collect(): Promise<Row[]>;
  limit(n: number): DataFrameLike;
  count(): Promise<number>;
  readonly writeStream: StreamWriterLike;
}

export interface StreamWriterLike {
  outputMode(mode: string): StreamWriterLike;
  format(format: string): StreamWriterLike;
  queryName(name: string): StreamWriterLike;
  option(key: string, value: string | number | boolean): StreamWriterLike;
  trigger(trigger: Record<string, unknown>): StreamWriterLike;
  start(path?: string): Promise<QueryLike>;
}

/** Rows read (input) or changed (output) by the latest trigger; the engine's hook for the live panel. */
export interface TriggerRows {
  batchId: number;
  columns: ColumnInfo[];
  rows: Row[];
  totalRows: number;
}

export interface QueryLike {
  readonly id: string;
  readonly runId: string;
  readonly name: string | null;
  readonly isActive: boolean;
  readonly status: QueryStatus;
  readonly lastProgress: QueryProgress | null;
  readonly recentProgress: QueryProgress[];
  readonly exception: (Error & { batchId?: number }) | null | undefined;
  stop(): Promise<void>;
  latestInput?(offset?: number, limit?: number): Promise<TriggerRows | undefined>;
  latestOutput?(offset?: number, limit?: number): Promise<TriggerRows | undefined>;
}

export interface QueryListener {
  onQueryStarted?(event: { id: string; runId: string; name: string | null }): void;
  onQueryProgress?(event: { progress: QueryProgress }): void;
  onQueryIdle?(event: { id: string; runId: string }): void;
  onQueryTerminated?(event: { id: string; runId: string; exception?: string | null }): void;
}

const candidates = import.meta.glob<EngineModule>("../engine/index.ts");

/** The engine module, or undefined in a build made before the engine's public API existed. */
export async function loadEngine(): Promise<EngineModule | undefined> {
  const load = candidates["../engine/index.ts"];
  return load ? load() : undefined;
}

/** A column type as Spark names it ("string", "bigint", "struct<...>"), whatever shape the engine gives. */
export function typeName(dataType: unknown): string {
  if (typeof dataType === "string") return dataType;
  const t = dataType as { simpleString?: () => string; typeName?: string | (() => string) } | null;
  if (t && typeof t.simpleString === "function") return t.simpleString();
  if (t && typeof t.typeName === "function") return t.typeName();
  if (t && typeof t.typeName === "string") return t.typeName;
  return String(dataType);
}

export function isDataFrame(value: unknown): value is DataFrameLike {
  return (
    typeof value === "object" &&
    value !== null &&
    "isStreaming" in value &&
    "writeStream" in value &&
    typeof (value as DataFrameLike).collect === "function"
  );
}

export function isStreamingQuery(value: unknown): value is QueryLike {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as QueryLike).stop === "function" &&
    "runId" in value &&
    "recentProgress" in value
  );
}
