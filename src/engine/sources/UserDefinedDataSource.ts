/**
 * A data source defined by user code (Spark's UserDefinedPythonDataSource): the engine calls it to learn its
 * schema, to read its rows in batch, and to run it as a stream (offsets, rows between two offsets, commits).
 * The engine stays language-neutral: Python cells supply these callbacks from a `pyspark.sql.datasource`
 * DataSource class (src/pyspark/bridge.ts), and TypeScript code may implement them directly.
 */
import type { LocalRow } from "../sql/api/LocalRelation";
import type { StructType } from "../sql/types";

/**
 * How much a micro-batch may read, as Spark's ReadLimit reaches a Python stream reader: `{"type":
 * "allAvailable"}`, `{"type": "maxRows", "maxRows": n}`, `{"type": "maxFiles", "maxFiles": n}`,
 * `{"type": "maxBytes", "maxBytes": n}`.
 */
export type UserReadLimit =
  | { readonly type: "allAvailable" }
  | { readonly type: "maxRows"; readonly maxRows: number }
  | { readonly type: "maxFiles"; readonly maxFiles: number }
  | { readonly type: "maxBytes"; readonly maxBytes: number };

export interface UserDefinedDataSource {
  /** The schema the source declares for these options (Spark's `DataSource.schema()`), where none was given. */
  schema(options: Readonly<Record<string, string>>): StructType;
  /** Every row of a batch read (all partitions), each an array in the schema's order or an object by name. */
  read(schema: StructType, options: Readonly<Record<string, string>>): Promise<readonly LocalRow[]>;
  /** A reader of the stream for one run of a query (Spark creates one per PythonMicroBatchStream). */
  streamReader(schema: StructType, options: Readonly<Record<string, string>>): Promise<UserStreamReader>;
  /**
   * A batch write of `rows` (Spark's DataSourceWriter: each partition written, then commit, or abort where one
   * failed); `overwrite` where the save mode is "overwrite".
   */
  write?(
    schema: StructType,
    options: Readonly<Record<string, string>>,
    overwrite: boolean,
    rows: readonly Record<string, unknown>[],
  ): Promise<void>;
  /** A writer of a streaming query's batches for one run of the query (Spark's DataSourceStreamWriter). */
  streamWriter?(schema: StructType, options: Readonly<Record<string, string>>): Promise<UserStreamWriter>;
}

/** One run of a streaming write. */
export interface UserStreamWriter {
  /** Writes batch `batchId`'s rows and commits them; where writing fails, aborts the batch and throws. */
  writeBatch(batchId: number, rows: readonly Record<string, unknown>[]): Promise<void>;
}

/** One run of a stream: offsets are JSON texts, written to the offset log as they are. */
export interface UserStreamReader {
  initialOffset(): Promise<string>;
  /**
   * The offset the next micro-batch reads up to from `start`, within `limit`; and the latest offset regardless
   * of the limit where the reader reports one (Spark's reportLatestOffset), for progress.
   */
  latestOffset(start: string, limit: UserReadLimit): Promise<{ offset: string; reported?: string }>;
  /** The rows after `start` up to `end`. */
  read(start: string, end: string): Promise<readonly LocalRow[]>;
  commit(end: string): Promise<void>;
  stop(): Promise<void>;
  /**
   * Trigger.AvailableNow: the reader fixes its target offset now and answers true (Spark's
   * SupportsTriggerAvailableNow); false or absent where it cannot, and the engine fixes the latest offset.
   */
  prepareForTriggerAvailableNow?(): Promise<boolean>;
}
