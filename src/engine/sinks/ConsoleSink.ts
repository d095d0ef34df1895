/** Spark's console sink: prints "Batch: N" and the batch's rows as `show()` prints them. */
import { type DuckDB, quoteIdentifier } from "../duckdb/DuckDB";
import { toRows } from "../sql/api/rows";
import { showString } from "../sql/api/showString";
import type { BatchOutput, Sink } from "./Sink";

export class ConsoleSink implements Sink {
  readonly description: string;
  private lastBatchId = -1;

  constructor(
    private readonly db: DuckDB,
    private readonly print: (text: string) => void,
    private readonly numRows: number,
    private readonly truncate: boolean,
    /** The session time zone (`spark.sql.session.timeZone`) timestamps print in, read at each batch. */
    private readonly timeZone: () => string = () => "UTC",
  ) {
    this.description = `ConsoleSink[numRows=${numRows}, truncate=${truncate}]`;
  }

  async addBatch(batchId: number, output: BatchOutput): Promise<void> {
    if (batchId <= this.lastBatchId) return;
    const rows = toRows(
      this.db.query(`SELECT * FROM ${quoteIdentifier(output.table)} LIMIT ${this.numRows + 1}`),
    );
    const rule = "-------------------------------------------";
    this.print(
      `${rule}\nBatch: ${batchId}\n${rule}\n${showString(rows, output.schema, this.numRows, this.truncate, false, this.timeZone())}\n`,
    );
    this.lastBatchId = batchId;
  }
}
