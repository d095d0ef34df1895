/**
 * Spark's memory sink: the result as a table named after the query, for `spark.sql("SELECT * FROM name")`.
 * Complete mode replaces the table each trigger; append and update add the trigger's rows. A query restarted
 * from its checkpoint in the same session keeps the table and skips the batches it already holds, so a re-run
 * batch is not added twice.
 */
import { type DuckDB, quoteIdentifier } from "../duckdb/DuckDB";
import { ipcRowCount } from "../duckdb/ipcStream";
import type { StructType } from "../sql/types";
import type { OutputMode } from "../streaming/runtime/OutputMode";
import type { BatchOutput, Sink } from "./Sink";

interface TableState {
  queryId: string;
  lastBatchId: number;
}

/** Per database: which query last wrote each memory table, and its last batch. */
const tables = new WeakMap<DuckDB, Map<string, TableState>>();

/**
 * A complete-mode output whose last batch had at most this many rows is read back in the call that writes it
 * (see writeCompleteOutput): the batch history and the notebook read small outputs whole anyway, and a read in
 * the same call costs DuckDB-WASM a fraction of a call of its own (bench P2).
 */
const READ_BACK_MAX_ROWS = 1000;

export class MemorySink implements Sink {
  readonly description = "MemorySink";
  private state: TableState | undefined;
  /** The batch writeCompleteOutput wrote last, and its row count. */
  private writtenBatchId: number | undefined;
  private writtenRows: number | undefined;

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

  writeCompleteOutput(
    batchId: number,
    sql: string,
  ): { table: string; numRows: number; ipc?: Uint8Array } | undefined {
    if (!this.state) this.open(false);
    if (batchId <= this.state!.lastBatchId) return undefined;
    const table = quoteIdentifier(this.tableName);
    const write = `CREATE OR REPLACE TABLE ${table} AS SELECT ${this.columnsByPosition()} FROM (${sql}) AS __output`;
    let ipc: Uint8Array | undefined;
    if (this.writtenRows === undefined || this.writtenRows > READ_BACK_MAX_ROWS) {
      this.writtenRows = this.db.queryNumber(write);
    } else {
      // The output was small last time: the same call reads it back (a grown one is read whole this once).
      ipc = this.db.queryStream(`${write};\nSELECT * FROM ${table}`);
      this.writtenRows = ipcRowCount(ipc);
    }
    this.writtenBatchId = batchId;
    return { table: this.tableName, numRows: this.writtenRows, ipc };
  }

  async addBatch(batchId: number, batch: BatchOutput, mode: OutputMode): Promise<void> {
    if (!this.state) this.open(false);
    const state = this.state!;
    if (batchId <= state.lastBatchId) return;
    // The batch's output is already this table (writeCompleteOutput).
    if (batchId === this.writtenBatchId && batch.table === this.tableName) {
      state.lastBatchId = batchId;
      return;
    }
    const table = quoteIdentifier(this.tableName);
    const output = quoteIdentifier(batch.table);
    // Complete mode swaps in the batch's rows in one statement (atomic, as DuckDB runs each statement), which
    // costs less than a transaction deleting the old rows and inserting the new (bench P2). The columns keep the
    // query's names and types, taken by position from the output as an INSERT would.
    this.db.exec(
      mode === "complete"
        ? `CREATE OR REPLACE TABLE ${table} AS SELECT ${this.columnsByPosition()} FROM ${output}`
        : `INSERT INTO ${table} SELECT * FROM ${output}`,
    );
    state.lastBatchId = batchId;
  }

  /** The query's columns, each the output's column at its position cast to the column's type. */
  private columnsByPosition(): string {
    return this.schema.fields
      .map((f, i) => `CAST(#${i + 1} AS ${f.dataType.sql()}) AS ${quoteIdentifier(f.name)}`)
      .join(", ");
  }

  private tableExists(): boolean {
    const name = this.tableName.replaceAll("'", "''");
    const found = this.db.query(`SELECT count(*) FROM duckdb_tables() WHERE table_name = '${name}'`);
    return Number(found.getChildAt(0)!.get(0)) > 0;
  }
}
