/**
 * The rows of a query's latest batch, for the notebook's live tables: the batch's input (every source's rows)
 * and its output, read a page at a time. Each batch replaces the last; a stopped query keeps the first rows of
 * its last batch in small tables of its own and frees the rest.
 */
import * as arrow from "apache-arrow";
import type { RecordedTable } from "../../checkpoint/BatchHistoryLog";
import { quoteIdentifier } from "../../duckdb/DuckDB";
import { ipcSchemaBytes } from "../../duckdb/ipcStream";
import type { SparkSession } from "../../session/SparkSession";
import type { SourceBatch } from "../../sources/Source";
import { type Row, toRows } from "../../sql/api/rows";
import { fromArrowType } from "../../sql/types";

/** A page of rows for the notebook's live tables. */
export interface BatchPage {
  batchId: number;
  /** Each column's name and Spark type ("string", "bigint", "timestamp"). */
  columns: { name: string; type: string }[];
  rows: Row[];
  totalRows: number;
  /** The batch's row count where a stopped query kept only its first `totalRows` rows. */
  batchRows?: number;
}

/** Rows of its last batch's input and output a stopped query keeps for its panel; the batch's tables go. */
const RETAINED_ROWS = 1000;

/**
 * A batch of at most this many rows is read whole at its first page, its Arrow IPC kept (and decoded at the first
 * page asked for): the notebook's tables and the batch history then read the same rows once per trigger, not
 * once each.
 */
const HEAD_ROWS = 1000;

/** A batch's rows held in DuckDB: its tables, and the count it had before a stopped query trimmed it. */
interface HeldRows {
  batchId: number;
  sql: string;
  tables: readonly string[];
  numRows: number;
  batchRows?: number;
  /** Every row as DuckDB's Arrow IPC stream, once a small batch has been read (see HEAD_ROWS). */
  ipc?: Uint8Array;
  /** Every row, decoded from `ipc`. */
  all?: { columns: BatchPage["columns"]; rows: Row[] };
}

export class LatestBatchRows {
  /** Per schema of a source's Arrow IPC, whether DuckDB reads the rows back with that very schema. */
  private readonly sameAsDuckDB = new Map<string, boolean>();
  /** Per schema message's bytes, its schemaKey: a trigger's source schema is the same bytes each time. */
  private readonly schemaKeys = new Map<string, string>();
  /** The latest batch's input (read by the notebook's input table) until the next batch replaces it. */
  private input: HeldRows | undefined;
  /** The latest batch's output; its table belongs to the plan's execution, which drops it when it closes. */
  private output: HeldRows | undefined;

  constructor(private readonly session: SparkSession) {}

  /** Holds batch `batchId`'s input, dropping the tables of the input it replaces. */
  holdInput(batchId: number, batches: readonly SourceBatch[]): void {
    if (this.input) this.session.db.dropTablesLater(this.input.tables);
    this.input = heldInput(batchId, batches);
    const read = batches.filter((b) => b.sql !== "");
    const ipc = read.length === 1 ? read[0].ipc : undefined;
    if (ipc && this.input.numRows <= HEAD_ROWS) this.input.ipc = this.asDuckDBReadsIt(this.input, ipc);
  }

  /**
   * A source's own Arrow IPC of a small batch, kept instead of reading the rows back from DuckDB (bench P2),
   * where it has the columns and types DuckDB's read would have: checked once per schema by reading them back.
   */
  private asDuckDBReadsIt(held: HeldRows, ipc: Uint8Array): Uint8Array | undefined {
    const key = this.schemaKeyOf(ipc);
    const same = this.sameAsDuckDB.get(key);
    // Not the same: DuckDB's read, once something asks for the rows (wholeIPC).
    if (same !== undefined) return same ? ipc : undefined;
    const read = this.session.db.queryStream(held.sql);
    this.sameAsDuckDB.set(key, schemaKey(read) === key);
    return read;
  }

  /** schemaKey, decoded once per schema message's bytes. */
  private schemaKeyOf(ipc: Uint8Array): string {
    const bytes = ipcSchemaBytes(ipc);
    if (bytes === undefined) return schemaKey(ipc);
    let key = this.schemaKeys.get(bytes);
    if (key === undefined) {
      // A query's sources have a schema or two; anything else starts the cache over.
      if (this.schemaKeys.size >= 16) this.schemaKeys.clear();
      key = schemaKey(ipc);
      this.schemaKeys.set(bytes, key);
    }
    return key;
  }

  /** Holds batch `batchId`'s output, read from `table` (or `ipc`: its rows, read back as they were written). */
  holdOutput(batchId: number, table: string, numRows: number, ipc?: Uint8Array): void {
    this.output = {
      batchId,
      sql: `SELECT * FROM ${quoteIdentifier(table)}`,
      tables: [],
      numRows,
      ipc: ipc && numRows <= HEAD_ROWS ? ipc : undefined,
    };
  }

  inputPage(offset: number, limit: number): BatchPage | undefined {
    return this.page(this.input, offset, limit);
  }

  outputPage(offset: number, limit: number): BatchPage | undefined {
    return this.page(this.output, offset, limit);
  }

  /**
   * The first `limit` rows of the latest batch's input or output as an Arrow IPC stream, undecoded (the batch
   * history writes them as they are), with the batch's row count; no stream where the batch had no rows.
   */
  table(which: "input" | "output", limit: number): RecordedTable | undefined {
    const held = which === "input" ? this.input : this.output;
    if (!held?.sql) return undefined;
    if (held.numRows === 0 || limit <= 0) return { ipc: undefined, numRows: held.numRows };
    const db = this.session.db;
    const ipc =
      held.numRows <= Math.min(limit, HEAD_ROWS)
        ? this.wholeIPC(held)
        : db.queryStream(held.numRows <= limit ? held.sql : `SELECT * FROM (${held.sql}) LIMIT ${limit}`);
    return { ipc, numRows: held.numRows };
  }

  /** A small batch's rows, read once (see HEAD_ROWS). */
  private wholeIPC(held: HeldRows): Uint8Array {
    held.ipc ??= this.session.db.queryStream(held.sql);
    return held.ipc;
  }

  private page(held: HeldRows | undefined, offset: number, limit: number): BatchPage | undefined {
    if (!held?.sql) return undefined;
    const page = (columns: BatchPage["columns"], rows: Row[]): BatchPage => ({
      batchId: held.batchId,
      columns,
      rows,
      totalRows: held.numRows,
      batchRows: held.batchRows,
    });
    if (held.all) return page(held.all.columns, held.all.rows.slice(offset, offset + limit));
    // A small batch is read whole, without LIMIT: DuckDB plans a LIMIT over a table as a late materialisation
    // (a semi-join on rowid, then a sort), which costs more than reading a small table (bench P2).
    const whole = held.numRows <= HEAD_ROWS;
    const db = this.session.db;
    const table = whole
      ? arrow.tableFromIPC(this.wholeIPC(held))
      : db.query(`SELECT * FROM (${held.sql}) LIMIT ${limit} OFFSET ${offset}`);
    // Spark's type names, as every other table of the notebook shows them (not Arrow's Utf8, Int64).
    const columns = table.schema.fields.map((f) => ({
      name: f.name,
      type: fromArrowType(f.type).simpleString(),
    }));
    const rows = toRows(table);
    if (!whole) return page(columns, rows);
    held.all = { columns, rows };
    return page(columns, rows.slice(offset, offset + limit));
  }

  /** Frees the rows a stopped query kept: a later run of the same query shows its own. */
  release(): void {
    const tables = [...(this.input?.tables ?? []), ...(this.output?.tables ?? [])];
    this.input = undefined;
    this.output = undefined;
    this.session.db.dropTablesLater(tables);
  }

  /**
   * A stopped query keeps the first rows of its last batch's input and output in small tables of its own, so its
   * panel still shows them, and frees the rest: a notebook's finished queries would otherwise hold whole batches
   * in DuckDB's memory for as long as the page lives.
   */
  retain(): void {
    const db = this.session.db;
    const retain = (held: HeldRows | undefined): HeldRows | undefined => {
      if (!held?.sql) return undefined;
      const table = db.uniqueName("retained");
      try {
        const kept = db.queryNumber(
          `CREATE TABLE ${quoteIdentifier(table)} AS SELECT * FROM (${held.sql}) LIMIT ${RETAINED_ROWS}`,
        );
        return {
          batchId: held.batchId,
          sql: `SELECT * FROM ${quoteIdentifier(table)}`,
          tables: [table],
          numRows: kept,
          batchRows: kept < held.numRows ? held.numRows : undefined,
        };
      } catch {
        // A failed batch may have lost its tables already: there is nothing left to show.
        return undefined;
      }
    };
    const input = this.input;
    this.input = retain(input);
    if (input) this.session.files.dropTables(input.tables);
    this.output = retain(this.output);
  }
}

/** An Arrow IPC stream's columns: names, types and nullability. */
function schemaKey(ipc: Uint8Array): string {
  const { schema } = arrow.RecordBatchReader.from(ipc).open();
  return JSON.stringify(schema.fields.map((f) => [f.name, String(f.type), f.nullable]));
}

/**
 * A batch's input as the notebook shows it: every source's rows (the columns the query reads). Sources can read
 * different columns (a union of a MemoryStream and a table), so their rows are put together by column name, a
 * column another source lacks being null.
 */
function heldInput(batchId: number, batches: readonly SourceBatch[]): HeldRows {
  return {
    batchId,
    sql: batches
      .filter((b) => b.sql !== "")
      .map((b) => b.displaySql ?? b.sql)
      .join(" UNION ALL BY NAME "),
    tables: batches.flatMap((b) => b.tables),
    numRows: batches.reduce((n, b) => n + b.numRows, 0),
  };
}
