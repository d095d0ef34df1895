/**
 * A user-defined data source as a stream (Spark's PythonMicroBatchStream): offsets come from the reader as JSON
 * and go to the offset log unchanged; a micro-batch's rows are what the reader returns between two offsets.
 * Admission control as Spark 4.2's: `maxRecordsPerBatch` / `maxFilesPerBatch` / `maxBytesPerBatch` set the
 * read limit the reader's latestOffset gets, Trigger.Once and AvailableNow read all that is available.
 */
import type { DuckDB } from "../duckdb/DuckDB";
import { quoteIdentifier } from "../duckdb/DuckDB";
import { positiveIntegerOptionRequired } from "../errors/QueryExecutionErrors";
import type { DataFileReader } from "../io/DataFileReader";
import { verifyRows } from "../sql/api/LocalRelation";
import type { StructType } from "../sql/types";
import { EMPTY_BATCH, optionOf, type ReadLimit, type Source, type SourceBatch } from "./Source";
import type { UserDefinedDataSource, UserReadLimit, UserStreamReader } from "./UserDefinedDataSource";

let nextStreamId = 0;

/** Spark's PythonMicroBatchStream.getDefaultReadLimit: the first limit option set, else everything. */
export function defaultReadLimit(options: Readonly<Record<string, string>>): UserReadLimit {
  const positive = (key: string): number | undefined => {
    const raw = optionOf(options, key);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!/^\s*\+?\d+\s*$/.test(raw) || !Number.isSafeInteger(value) || value <= 0) {
      throw positiveIntegerOptionRequired(key, raw);
    }
    return value;
  };
  const maxRows = positive("maxRecordsPerBatch");
  if (maxRows !== undefined) return { type: "maxRows", maxRows };
  const maxFiles = positive("maxFilesPerBatch");
  if (maxFiles !== undefined) return { type: "maxFiles", maxFiles };
  const maxBytes = positive("maxBytesPerBatch");
  if (maxBytes !== undefined) return { type: "maxBytes", maxBytes };
  return { type: "allAvailable" };
}

export class UserDefinedMicroBatchStream implements Source {
  /** Spark's progress shows the stream object's toString: its class name and an identity. */
  readonly description =
    `org.apache.spark.sql.execution.datasources.v2.python.PythonMicroBatchStream@${(++nextStreamId).toString(16).padStart(8, "0")}`;
  private reader: UserStreamReader | undefined;
  private initial: string | undefined;
  private reported: string | undefined;
  private readonly limit: UserReadLimit;
  /**
   * Trigger.AvailableNow over a reader without SupportsTriggerAvailableNow: the latest offset of the first ask,
   * where every later batch ends (Spark's AvailableNowDataStreamWrapper). `pending` until that first ask.
   */
  private availableNowEnd: { offset: string | undefined } | "pending" | undefined;

  constructor(
    private readonly session: { readonly db: DuckDB; readonly files: DataFileReader },
    private readonly source: UserDefinedDataSource,
    readonly schema: StructType,
    private readonly options: Readonly<Record<string, string>>,
  ) {
    this.limit = defaultReadLimit(options);
  }

  /** The reader is made in the query's run, as Spark makes the stream's Python runner when the query starts. */
  async setUp(): Promise<void> {
    await this.open();
  }

  async prepareForTriggerAvailableNow(): Promise<void> {
    const reader = await this.open();
    if (!(await reader.prepareForTriggerAvailableNow?.())) this.availableNowEnd = "pending";
  }

  async latestOffset(start: string | undefined, limit: ReadLimit): Promise<string | undefined> {
    if (this.availableNowEnd === "pending") {
      this.availableNowEnd = { offset: await this.askLatestOffset(start, "all") };
    }
    if (this.availableNowEnd) return this.availableNowEnd.offset;
    return this.askLatestOffset(start, limit);
  }

  private async askLatestOffset(start: string | undefined, limit: ReadLimit): Promise<string | undefined> {
    const reader = await this.open();
    const from = start ?? (await this.initialOffset());
    const { offset, reported } = await reader.latestOffset(
      from,
      limit === "all" ? { type: "allAvailable" } : this.limit,
    );
    this.reported = reported ?? offset;
    // Nothing new since the initial offset: no batch yet, as Spark plans none where end equals start.
    if (start === undefined && offset === from) return undefined;
    return offset;
  }

  reportLatestOffset(): string | undefined {
    return this.reported;
  }

  async getBatch(start: string | undefined, end: string): Promise<SourceBatch> {
    const reader = await this.open();
    const rows = await reader.read(start ?? (await this.initialOffset()), end);
    if (rows.length === 0) return EMPTY_BATCH;
    const table = this.session.db.uniqueName("user_source");
    this.session.files.insertRows(table, verifyRows(rows, this.schema), this.schema);
    const columns = this.schema.fieldNames.map(quoteIdentifier).join(", ");
    return { sql: `SELECT ${columns} FROM ${quoteIdentifier(table)}`, numRows: rows.length, tables: [table] };
  }

  async commit(end: string): Promise<void> {
    await (await this.open()).commit(end);
  }

  async stop(): Promise<void> {
    const reader = this.reader;
    this.reader = undefined;
    await reader?.stop();
  }

  private async initialOffset(): Promise<string> {
    this.initial ??= await (await this.open()).initialOffset();
    return this.initial;
  }

  private async open(): Promise<UserStreamReader> {
    this.reader ??= await this.source.streamReader(this.schema, this.options);
    return this.reader;
  }
}
