/**
 * What the file formats share: a loaded file as SQL over DuckDB tables, Spark's parse modes for malformed
 * records, and Spark's errors for files that cannot be read (they name the file).
 */
import { type DuckDB, quoteIdentifier, quoteString } from "../duckdb/DuckDB";
import { FailedReadFileError } from "../errors/exceptions";
import { malformedRecord } from "../errors/QueryExecutionErrors";
import { optionOf } from "../sources/Source";
import type { StructType } from "../sql/types";

export { FailedReadFileError };

export type DataFormat = "parquet" | "csv" | "json" | "text";

export const DATA_FORMATS: readonly DataFormat[] = ["parquet", "csv", "json", "text"];

/** One file loaded into DuckDB. */
export interface LoadedFile {
  readonly path: string;
  /** SELECT over the file's table giving exactly the schema's columns, in order. */
  readonly sql: string;
  readonly rows: number;
  readonly bytes: number;
  /** DuckDB tables to drop once the batch is done with the file. */
  readonly tables: readonly string[];
  /**
   * The rows `sql` gives as the Arrow IPC stream they were decoded from, where `sql` reads them as they are
   * (a small Parquet file whose columns are the schema's): the batch history can keep them without reading them
   * back from DuckDB (bench P2).
   */
  readonly ipc?: Uint8Array;
}

/** Spark's modes for records that do not parse (option `mode`). */
export type ParseMode = "PERMISSIVE" | "DROPMALFORMED" | "FAILFAST";

export interface ParseOptions {
  readonly mode: ParseMode;
  /** The column that receives a malformed record's text, where the schema has it. */
  readonly corruptColumn: string | undefined;
}

/** Options are case-insensitive in Spark. */
export const option = optionOf;

export function booleanOption(
  options: Readonly<Record<string, string>>,
  key: string,
  fallback: boolean,
): boolean {
  const value = option(options, key);
  return value === undefined ? fallback : value.toLowerCase() === "true";
}

export function parseOptions(options: Readonly<Record<string, string>>, schema: StructType): ParseOptions {
  const mode = (option(options, "mode") ?? "PERMISSIVE").toUpperCase();
  const corrupt = option(options, "columnNameOfCorruptRecord") ?? "_corrupt_record";
  return {
    mode: mode === "DROPMALFORMED" || mode === "FAILFAST" ? mode : "PERMISSIVE",
    corruptColumn: schema.field(corrupt)?.name,
  };
}

/** The file's text as one row per line (`\n` or `\r\n`), numbered from 1; a final newline ends the last line. */
export function linesSql(buffer: string): string {
  const split = `SELECT string_split(content, chr(10)) AS __parts FROM read_text(${quoteString(buffer)})`;
  const lines = `SELECT unnest(__parts) AS __line, unnest(range(1, len(__parts) + 1)) AS __n, len(__parts) AS __count FROM (${split})`;
  return `SELECT __n, rtrim(__line, chr(13)) AS __line FROM (${lines}) WHERE NOT (__n = __count AND __line = '')`;
}

/** The number of rows of a table. */
export function countRows(db: DuckDB, table: string): number {
  return Number(
    db
      .query(`SELECT count(*) AS n FROM "${table.replaceAll('"', '""')}"`)
      .getChildAt(0)!
      .get(0),
  );
}

/** Runs `f` with `bytes` readable by DuckDB's file functions under a unique name. */
export function withBuffer<T>(db: DuckDB, bytes: Uint8Array, extension: string, f: (name: string) => T): T {
  const name = `${db.uniqueName("file")}.${extension}`;
  db.registerBuffer(name, bytes);
  try {
    return f(name);
  } finally {
    db.dropBuffer(name);
  }
}

/**
 * The parse modes applied to a loaded file's table, which holds `__malformed`, `__n` (record number) and the
 * record's text in `textColumn`: FAILFAST fails on the first malformed record, DROPMALFORMED leaves them out,
 * and the corrupt-record column (where the schema has it) gets the text of malformed records.
 */
export function applyParseMode(
  db: DuckDB,
  path: string,
  bytes: number,
  table: string,
  schema: StructType,
  parse: ParseOptions,
  textColumn: string,
  fieldSql: (field: string) => string,
): LoadedFile {
  if (parse.mode === "FAILFAST") {
    const bad = db.query(
      `SELECT ${textColumn} FROM ${quoteIdentifier(table)} WHERE __malformed ORDER BY __n LIMIT 1`,
    );
    if (bad.numRows > 0) {
      db.dropTable(table);
      throw malformedRecord(path, String(bad.getChildAt(0)!.get(0)));
    }
  }
  const select = schema.fields.map((f) =>
    f.name === parse.corruptColumn
      ? `CASE WHEN __malformed THEN ${textColumn} END AS ${quoteIdentifier(f.name)}`
      : `${fieldSql(f.name)} AS ${quoteIdentifier(f.name)}`,
  );
  const where = parse.mode === "DROPMALFORMED" ? " WHERE NOT __malformed" : "";
  return {
    path,
    sql: `SELECT ${select.join(", ") || "1 AS __row"} FROM ${quoteIdentifier(table)}${where}`,
    rows: countRows(db, table),
    bytes,
    tables: [table],
  };
}
