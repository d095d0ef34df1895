/**
 * Spark's memory sink: the result as a table named after the query, for `spark.sql("SELECT * FROM name")`.
 * Complete mode replaces the table each trigger; append and update add the trigger's rows. A query restarted
 * from its checkpoint in the same session keeps the table and skips the batches it already holds, so a re-run
 * batch is not added twice.
 */
import { type DuckDB, quoteIdentifier } from "../duckdb/DuckDB";
import type { StructType } from "../sql/types";
import type { OutputMode } from "../streaming/runtime/OutputMode";
import type { BatchOutput, Sink } from "./Sink";

interface TableState {
  queryId: string;
  lastBatchId: number;
}

/** Per database: which query last wrote each memory table, and its last batch. */
const tables = new WeakMap<DuckDB, Map<string, TableState>>();

export class MemorySink implements Sink {
  readonly description = "MemorySink";
  private state: TableState | undefined;

  constructor(
    private readonly db: DuckDB,
    readonly tableName: string,
    private readonly schema: StructType,
    private readonly queryId: string,
  ) {}

  open(resumed: boolean): void {
    const byName = tables.get(this.db) ?? new Map<string, TableState>();
    tables.set(this.db, byName);
    const previous = byName.get(this.tableName);
    if (resumed && previous?.queryId === this.queryId && this.tableExists()) {
      this.state = previous;
      return;
    }
    const columns = this.schema.fields
      .map((f) => `${quoteIdentifier(f.name)} ${f.dataType.sql()}`)
      .join(", ");
    this.db.exec(`CREATE OR REPLACE TABLE ${quoteIdentifier(this.tableName)} (${columns})`);
    this.state = { queryId: this.queryId, lastBatchId: -1 };
    byName.set(this.tableName, this.state);
  }

  async addBatch(batchId: number, output: BatchOutput, mode: OutputMode): Promise<void> {
    if (!this.state) this.open(false);
    const state = this.state!;
    if (batchId <= state.lastBatchId) return;
    const table = quoteIdentifier(this.tableName);
    const insert = `INSERT INTO ${table} SELECT * FROM ${quoteIdentifier(output.table)}`;
    try {
      // One call: in complete mode the old rows go and the new ones come in one transaction.
      this.db.exec(
        mode === "complete" ? `BEGIN TRANSACTION; DELETE FROM ${table}; ${insert}; COMMIT` : insert,
      );
    } catch (error) {
      // The statement that failed left the transaction open (or none, if BEGIN itself failed).
      if (mode === "complete") rollback(this.db);
      throw error;
    }
    state.lastBatchId = batchId;
  }

  private tableExists(): boolean {
    const name = this.tableName.replaceAll("'", "''");
    const found = this.db.query(`SELECT count(*) FROM duckdb_tables() WHERE table_name = '${name}'`);
    return Number(found.getChildAt(0)!.get(0)) > 0;
  }
}

function rollback(db: DuckDB): void {
  try {
    db.exec("ROLLBACK");
  } catch {
    // No transaction was open.
  }
}
