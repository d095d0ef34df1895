/**
 * Spark's memory sink: the result as a table named after the query, for `spark.sql("SELECT * FROM name")`.
 * Complete mode replaces the table's rows each trigger (a small output when something reads them, as Spark's
 * sink keeps its rows in the driver); append and update add the trigger's rows. A query restarted
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
 * A complete-mode output whose last batch had at most this many rows is read whole and kept as Arrow IPC, its
 * table written only when a statement reads it (see writeCompleteOutput): the batch history and the notebook
 * read small outputs whole anyway, and the table swap per trigger costs DuckDB a statement's planning (bench P2).
 */
const READ_BACK_MAX_ROWS = 1000;

export class MemorySink implements Sink {
  readonly description = "MemorySink";
  private state: TableState | undefined;
  /** The batch writeCompleteOutput wrote last, and its row count. */
  private writtenBatchId: number | undefined;
  private writtenRows: number | undefined;
  /** Whether a statement read the table since the last complete-mode write (see writeCompleteOutput). */
  private readSinceWrite = false;

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
    this.db.cancelDeferred(this.tableName);
    this.createEmpty();
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
    const output = `SELECT ${this.columnsByPosition()} FROM (${sql}) AS __output`;
    let ipc: Uint8Array | undefined;
    if (this.writtenRows === undefined || this.writtenRows > READ_BACK_MAX_ROWS) {
      this.db.cancelDeferred(this.tableName);
      this.writtenRows = this.db.queryNumber(`CREATE OR REPLACE TABLE ${table} AS ${output}`);
    } else if (this.readSinceWrite) {
      // Read since the last write (a notebook's live table reads it every trigger): written at once, with its
      // read-back in the same call, which costs less than a deferred write; a read is only noted.
      ipc = this.db.queryStream(`CREATE OR REPLACE TABLE ${table} AS ${output};\nSELECT * FROM ${table}`);
      this.writtenRows = ipcRowCount(ipc);
      this.readSinceWrite = !this.db.deferTable(this.tableName, () => {
        this.readSinceWrite = true;
      });
    } else {
      // The output was small last time: its rows are read, and the table is written from them only when a
      // statement reads it (a grown output is read whole this once).
      ipc = this.db.queryStream(output);
      this.writtenRows = ipcRowCount(ipc);
      const rows = ipc;
      if (!this.db.deferTable(this.tableName, () => this.fill(rows))) this.fill(rows);
    }
    this.writtenBatchId = batchId;
    return { table: this.tableName, numRows: this.writtenRows, ipc };
  }

  /** Writes the table's rows from an output read as Arrow IPC, with the query's column types. */
  private fill(ipc: Uint8Array): void {
    this.readSinceWrite = true;
    if (ipcRowCount(ipc) === 0) {
      this.createEmpty();
      return;
    }
    const rows = this.db.uniqueName("memory_rows");
    this.db.insertArrowIPC(rows, ipc, true);
    this.db.exec(
      `CREATE OR REPLACE TABLE ${quoteIdentifier(this.tableName)} AS SELECT ${this.columnsByPosition()} FROM ${quoteIdentifier(rows)};\nDROP TABLE ${quoteIdentifier(rows)}`,
    );
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
    // A complete-mode batch replaces what a deferred write would fill; append and update add to it.
    if (mode === "complete") this.db.cancelDeferred(this.tableName);
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

  private createEmpty(): void {
    const columns = this.schema.fields
      .map((f) => `${quoteIdentifier(f.name)} ${f.dataType.sql()}`)
      .join(", ");
    this.db.exec(`CREATE OR REPLACE TABLE ${quoteIdentifier(this.tableName)} (${columns})`);
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
