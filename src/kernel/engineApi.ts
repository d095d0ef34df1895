import type { ColumnInfo, QueryProgress, QueryStatus, Row } from "./protocol";

/**
 * The part of the engine's public API (DESIGN.md) that the kernel drives, typed structurally so the kernel does
 * not depend on the engine's internals (and its tests can drive the kernel with the real engine in Node).
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
  readonly schema: { readonly fields: readonly { name: string; dataType: unknown }[] };
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
  /** The batch's row count where a stopped query kept only its first `totalRows` rows. */
  batchRows?: number;
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

/** The engine's public API; typed against the interfaces above, so a change to the contract fails the build. */
export async function loadEngine(): Promise<EngineModule | undefined> {
  const engine: EngineModule = await import("../engine/index");
  return engine;
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
