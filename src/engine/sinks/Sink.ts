/** Spark's streaming Sink: takes each batch's output, idempotently by batch id. */
import type { StructType } from "../sql/types";
import type { OutputMode } from "../streaming/runtime/OutputMode";

/** What one batch hands to the sink: a DuckDB table that lives until the next batch. */
export interface BatchOutput {
  readonly table: string;
  readonly schema: StructType;
  readonly numRows: number;
}

export interface Sink {
  /** As Spark's progress reports name it ("MemorySink", "FileSink[/out]"). */
  readonly description: string;
  /**
   * A V1 sink (Spark's `Sink`, as its FileStreamSink and ForeachBatchSink are, not a `SupportsWrite` table):
   * Spark gets no commit progress from one, and its progress reports the sink's numOutputRows as -1.
   */
  readonly v1?: boolean;
  /**
   * Called by `start()` once every check has passed, before the first batch: the sink may create what it
   * writes to. `resumed` where the query restarts from a checkpoint that already ran batches.
   */
  open?(resumed: boolean): void | Promise<void>;
  /** Writes batch `batchId`; a batch id it has already written is skipped (a re-run after a crash). */
  addBatch(batchId: number, output: BatchOutput, mode: OutputMode): Promise<void>;
  /**
   * Complete mode, where the sink keeps the whole output in a DuckDB table of its own: writes batch `batchId`'s
   * output, given as a query, straight into that table and returns it with its row count, so the batch makes no
   * table of its own for the sink to copy (bench P2). `addBatch` is then called with that table. Undefined where
   * the sink skips the batch (it holds it already). A small output may come with its rows as DuckDB's Arrow IPC
   * stream (`ipc`), read in the same call as the write, for the notebook's tables and the batch history.
   */
  writeCompleteOutput?(
    batchId: number,
    sql: string,
  ): { table: string; numRows: number; ipc?: Uint8Array } | undefined;
  /** Batch `batchId` failed before its output reached the sink (Spark's DataWriter.abort). */
  abort?(batchId: number): Promise<void>;
  stop?(): Promise<void>;
}
