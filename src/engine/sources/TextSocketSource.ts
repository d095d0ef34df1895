/**
 * Spark's socket source (TextSocketMicroBatchStream): lines from a socket server (SocketServer.ts, the
 * session's `nc -lk PORT`) as rows `value STRING` [, `timestamp TIMESTAMP` with includeTimestamp]. Offsets are
 * line counts since the source connected (Spark's LongOffset, -1 before the first line). As in Spark it is
 * for tutorials: nothing is replayable, and a restarted query opens a new connection whose counting starts
 * again at -1, so it neither re-reads nor recovers lines of the earlier run (Spark's slicing, kept as is).
 */

import type { DuckDB } from "../duckdb/DuckDB";
import { quoteIdentifier } from "../duckdb/DuckDB";
import { IllegalArgumentException } from "../errors/exceptions";
import { invalidIncludeTimestampValue, socketOptionNotSet } from "../errors/QueryCompilationErrors";
import { offsetsCommittedOutOfOrder } from "../errors/QueryExecutionErrors";
import type { DataFileReader } from "../io/DataFileReader";
import { parseSchema, type StructType } from "../sql/types";
import { findSocketServer, type ReceivedLine, type SocketConnection } from "./SocketServer";
import { EMPTY_BATCH, optionOf, type Source, type SourceBatch } from "./Source";

export const SOCKET_SCHEMA = parseSchema("value STRING");
export const SOCKET_SCHEMA_TIMESTAMP = parseSchema("value STRING, timestamp TIMESTAMP");

export interface SocketOptions {
  readonly host: string;
  readonly port: number;
  readonly includeTimestamp: boolean;
}

/** Spark's TextSocketSourceProvider.checkParameters, with its messages. */
export function parseSocketOptions(options: Readonly<Record<string, string>>): SocketOptions {
  const host = optionOf(options, "host");
  if (host === undefined) throw socketOptionNotSet("host");
  const rawPort = optionOf(options, "port");
  if (rawPort === undefined) throw socketOptionNotSet("port");
  const port = Number(rawPort.trim());
  if (!/^\s*-?\d+\s*$/.test(rawPort) || !Number.isSafeInteger(port))
    throw new IllegalArgumentException(`For input string: "${rawPort}"`);
  const rawTimestamp = (optionOf(options, "includeTimestamp") ?? "false").toLowerCase();
  if (rawTimestamp !== "true" && rawTimestamp !== "false") throw invalidIncludeTimestampValue();
  return { host, port, includeTimestamp: rawTimestamp === "true" };
}

/** Java's ConnectException where nothing listens, with how to start the session's nc. */
export class ConnectException extends Error {
  override name = "ConnectException";
}

export class TextSocketSource implements Source {
  readonly description: string;
  readonly schema: StructType;
  private readonly options: SocketOptions;
  private connection: SocketConnection | undefined;
  /** Lines after lastOffsetCommitted, in arrival order (Spark's `batches`). */
  private readonly lines: ReceivedLine[] = [];
  private currentOffset = -1;
  private lastOffsetCommitted = -1;

  constructor(
    private readonly session: { readonly db: DuckDB; readonly files: DataFileReader },
    options: Readonly<Record<string, string>>,
    private readonly log: (message: string) => void = (m) => console.warn(m),
  ) {
    this.options = parseSocketOptions(options);
    this.schema = this.options.includeTimestamp ? SOCKET_SCHEMA_TIMESTAMP : SOCKET_SCHEMA;
    this.description = `TextSocketV2[host: ${this.options.host}, port: ${this.options.port}]`;
    log("The socket source should not be used for production applications! It does not support recovery.");
  }

  /** Connects before the query starts: where no server listens, the query fails as Spark's does. */
  async validate(): Promise<void> {
    this.initialize();
  }

  async latestOffset(start: string | undefined): Promise<string | undefined> {
    this.initialize();
    if (start === undefined && this.currentOffset === -1) return undefined;
    return String(this.currentOffset);
  }

  reportLatestOffset(): string | undefined {
    return this.currentOffset === -1 ? undefined : String(this.currentOffset);
  }

  async getBatch(start: string | undefined, end: string): Promise<SourceBatch> {
    this.initialize();
    const startOrdinal = Number(start ?? -1) + 1;
    const endOrdinal = Number(end) + 1;
    // The buffer holds only the lines after lastOffsetCommitted.
    const slice = this.lines.slice(
      Math.max(0, startOrdinal - this.lastOffsetCommitted - 1),
      Math.max(0, endOrdinal - this.lastOffsetCommitted - 1),
    );
    if (slice.length === 0) return EMPTY_BATCH;
    const rows = slice.map((l) =>
      this.options.includeTimestamp
        ? { value: l.value, timestamp: new Date(l.timestamp) }
        : { value: l.value },
    );
    const table = this.session.db.uniqueName("socket");
    this.session.files.insertRows(table, rows, this.schema);
    const columns = this.schema.fieldNames.map(quoteIdentifier).join(", ");
    return { sql: `SELECT ${columns} FROM ${quoteIdentifier(table)}`, numRows: rows.length, tables: [table] };
  }

  async commit(end: string): Promise<void> {
    const newOffset = Number(end);
    const offsetDiff = newOffset - this.lastOffsetCommitted;
    if (offsetDiff < 0) throw offsetsCommittedOutOfOrder(this.lastOffsetCommitted, end);
    this.lines.splice(0, offsetDiff);
    this.lastOffsetCommitted = newOffset;
  }

  async stop(): Promise<void> {
    this.connection?.close();
    this.connection = undefined;
  }

  private initialize(): void {
    if (this.connection) return;
    const { host, port } = this.options;
    const server = findSocketServer(this.session, host, port);
    if (!server)
      throw new ConnectException(
        `Connection refused: nothing listens on ${host}:${port}. Start the session's socket server first, as you would run \`nc -lk ${port}\`: socketServer(spark, "${host}", ${port}).`,
      );
    this.connection = server.connect(
      (line) => {
        this.currentOffset += 1;
        this.lines.push(line);
      },
      () => this.log(`Stream closed by ${host}:${port}`),
    );
  }
}
