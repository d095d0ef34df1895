/**
 * Spark's memory sink: the result as a table named after the query, for `spark.sql("SELECT * FROM name")`.
 * Complete mode replaces the table each trigger; append and update add the trigger's rows.
 */
import { type DuckDB, quoteIdentifier } from "../duckdb/DuckDB";
import type { StructType } from "../sql/types";
import type { OutputMode } from "../streaming/OutputMode";
import type { BatchOutput, Sink } from "./Sink";

export class MemorySink implements Sink {
  readonly description = "MemorySink";
  private lastBatchId = -1;

  constructor(
    private readonly db: DuckDB,
    readonly tableName: string,
    schema: StructType,
  ) {
    const columns = schema.fields.map((f) => `${quoteIdentifier(f.name)} ${f.dataType.sql()}`).join(", ");
    db.exec(`CREATE OR REPLACE TABLE ${quoteIdentifier(tableName)} (${columns})`);
  }

  async addBatch(batchId: number, output: BatchOutput, mode: OutputMode): Promise<void> {
    if (batchId <= this.lastBatchId) return;
    const table = quoteIdentifier(this.tableName);
    this.db.exec("BEGIN TRANSACTION");
    try {
      if (mode === "complete") this.db.exec(`DELETE FROM ${table}`);
      this.db.exec(`INSERT INTO ${table} SELECT * FROM ${quoteIdentifier(output.table)}`);
      this.db.exec("COMMIT");
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
    this.lastBatchId = batchId;
  }
}
