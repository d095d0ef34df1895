/**
 * `writeStream.foreach(writer)`: Spark's ForeachWriterTable. For each batch (epoch) the writer is opened with
 * the partition and the batch id, given each row if `open` said yes, and closed with the error that stopped
 * it or null; Sluice has one partition, 0. `open`'s ids let a writer skip what it already wrote: a batch that
 * runs again after a failure is offered again with the same batch id (Spark's at-least-once foreach).
 */

import { quoteIdentifier } from "../duckdb/DuckDB";
import { SparkError } from "../errors/exceptions";
import { foreachUserFunctionError, foreachWriterAborted } from "../errors/QueryExecutionErrors";
import type { SparkSession } from "../session/SparkSession";
import { type Row, toRows } from "../sql/api/rows";
import type { BatchOutput, Sink } from "./Sink";

/**
 * Spark's ForeachWriter: what `writeStream.foreach` hands each batch's rows to. `open` is optional (all rows
 * are processed), and so is `close`. A plain function `(row) => void` is a writer with `process` only.
 * @example df.writeStream.foreach({ open: (p, epoch) => true, process: (row) => save(row), close: (e) => {} })
 */
export interface ForeachWriter<T = Row> {
  /** Called first for each batch: `partitionId` (always 0 here) and `epochId` (the batch id); false skips it. */
  open?(partitionId: number, epochId: number): boolean | Promise<boolean>;
  /** Called for each row of the batch. */
  process(row: T): void | Promise<void>;
  /** Called last: with the error that stopped the batch, or null. */
  close?(error: Error | null): void | Promise<void>;
  /**
   * Sluice: takes a batch's rows at once instead of one `process` call each (the PySpark bridge uses it, so a
   * batch crosses into Python once). Its error is the user's, as `process`'s is.
   */
  processRows?(rows: readonly T[]): void | Promise<void>;
}

/** What `foreach` accepts: a ForeachWriter, or a function of a row. */
export type ForeachWriterLike = ForeachWriter | ((row: Row) => void | Promise<void>);

export function asForeachWriter(writer: ForeachWriterLike): ForeachWriter {
  return typeof writer === "function" ? { process: writer } : writer;
}

const PARTITION_ID = 0;

export class ForeachSink implements Sink {
  readonly description = "ForeachSink";
  private readonly writer: ForeachWriter;

  constructor(
    private readonly session: SparkSession,
    writer: ForeachWriterLike,
  ) {
    this.writer = asForeachWriter(writer);
  }

  async addBatch(batchId: number, output: BatchOutput): Promise<void> {
    const { writer } = this;
    const opened = writer.open ? await writer.open(PARTITION_ID, batchId) : true;
    let error: unknown = null;
    if (opened) {
      try {
        await this.process(output);
      } catch (cause) {
        error = cause;
      }
    }
    await writer.close?.(error === null ? null : toError(error));
    // Spark wraps what the user's code threw; errors of the engine itself keep their own condition.
    if (error !== null) throw error instanceof SparkError ? error : foreachUserFunctionError(error);
  }

  /** The batch failed before its rows could reach the writer: it is opened and closed with the abort. */
  async abort(batchId: number): Promise<void> {
    await this.writer.open?.(PARTITION_ID, batchId);
    await this.writer.close?.(foreachWriterAborted());
  }

  private async process(output: BatchOutput): Promise<void> {
    const { writer } = this;
    if (output.numRows === 0) return;
    const table = this.session.db.query(`SELECT * FROM ${quoteIdentifier(output.table)}`);
    const size = Math.max(1, this.session.conf.getNumber("spark.sql.execution.arrow.maxRecordsPerBatch"));
    for (let start = 0; start < table.numRows; start += size) {
      const rows = toRows(table.slice(start, start + size));
      if (writer.processRows) {
        await writer.processRows(rows);
        continue;
      }
      for (const row of rows) {
        const done = writer.process(row);
        if (done) await done;
      }
    }
  }
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
