/**
 * A user-defined data source as a streaming sink (Spark's PythonStreamingWrite): each batch's rows go to the
 * source's stream writer, which writes and commits them under the batch id, or aborts the batch.
 */
import { quoteIdentifier } from "../duckdb/DuckDB";
import type { SparkSession } from "../session/SparkSession";
import type { UserDefinedDataSource, UserStreamWriter } from "../sources/UserDefinedDataSource";
import { toRows } from "../sql/api/rows";
import type { StructType } from "../sql/types";
import type { BatchOutput, Sink } from "./Sink";

export class UserDefinedSink implements Sink {
  readonly description: string;
  private writer: UserStreamWriter | undefined;

  constructor(
    private readonly session: SparkSession,
    private readonly source: UserDefinedDataSource,
    name: string,
    private readonly schema: StructType,
    private readonly options: Readonly<Record<string, string>>,
  ) {
    // Spark's progress names a DataSource V2 sink by its table, a Python source's table by the source's name.
    this.description = name;
  }

  /** The writer is made as the query starts, as Spark makes the write's Python runner. */
  async open(): Promise<void> {
    await this.streamWriter();
  }

  async addBatch(batchId: number, output: BatchOutput): Promise<void> {
    const rows =
      output.numRows === 0
        ? []
        : toRows(this.session.db.query(`SELECT * FROM ${quoteIdentifier(output.table)}`));
    await (await this.streamWriter()).writeBatch(batchId, rows);
  }

  private async streamWriter(): Promise<UserStreamWriter> {
    this.writer ??= await this.source.streamWriter!(this.schema, this.options);
    return this.writer;
  }
}
