/**
 * Reads data files (Parquet, CSV, JSON, text) into DuckDB, shaped as the declared schema. Each file becomes its
 * own table (appending Arrow streams into one table is ~3x slower than a UNION ALL over per-file tables), and the
 * caller gets a SELECT that conforms the file to the schema, partition columns (`key=value` directories)
 * included. The formats live in CsvFileFormat and JsonFileFormat; Parquet goes through parquet.ts.
 */

import * as arrow from "apache-arrow";
import { type DuckDB, quoteIdentifier, quoteString } from "../duckdb/DuckDB";
import { IllegalArgumentException } from "../errors/exceptions";
import { failedReadFile, parquetColumnTypeMismatch } from "../errors/QueryExecutionErrors";
import { activeConf } from "../sql/activeConf";
import { isMetadataField } from "../sql/analysis/AddMetadataColumns";
import { arrowTableFromRows } from "../sql/arrowTypes";
import {
  AtomicType,
  CollatedStringType,
  type DataType,
  fromArrowSchema,
  StringType,
  StructField,
  StructType,
} from "../sql/types";
import { inferCsvSchema, loadCsv } from "./CsvFileFormat";
import {
  booleanOption,
  countRows,
  type DataFormat,
  FailedReadFileError,
  type LoadedFile,
  lineSepOption,
  linesSql,
  normalizedText,
  withBuffer,
} from "./FileFormat";
import { fileMetadataSql } from "./FileMetadata";
import { FileNotFoundError, type FileSystem } from "./FileSystem";
import { inferJsonSchema, loadJson } from "./JsonFileFormat";
import { castPartValueSql } from "./PartitioningUtils";
import {
  CorruptParquetError,
  initParquet,
  openParquet,
  type ParquetSource,
  readParquetSchema,
} from "./parquet";
import { inferXmlSchema, loadXml } from "./XmlFileFormat";

export { DATA_FORMATS, type DataFormat, FailedReadFileError, type LoadedFile } from "./FileFormat";

/** A Parquet file of at most this many rows keeps its decoded Arrow IPC for the batch history (LoadedFile.ipc). */
const SMALL_FILE_ROWS = 1000;

const WIDENINGS: Record<string, readonly string[]> = {
  short: ["byte"],
  integer: ["byte", "short"],
  long: ["byte", "short", "integer"],
  double: ["float", "byte", "short", "integer"],
};

/** Whether a column of the file's type can be read as the declared type, as Spark's Parquet reader allows. */
function readableAs(fileType: DataType, declared: DataType): boolean {
  if (fileType.equals(declared)) return true;
  if (fileType instanceof AtomicType && declared instanceof AtomicType) {
    if (declared.name.startsWith("timestamp") && fileType.name.startsWith("timestamp")) return true;
    // A collated string column (`STRING COLLATE UTF8_LCASE`) is a string in the file, as Spark writes it.
    if (declared.name === "string" && fileType.name === "string") return true;
    return WIDENINGS[declared.name]?.includes(fileType.name) ?? false;
  }
  // Nested types: same shape, DuckDB casts the leaves.
  return fileType.constructor === declared.constructor && !(fileType instanceof AtomicType);
}

/** The Parquet type Spark names in its mismatch message. */
function parquetTypeName(type: DataType): string {
  const names: Record<string, string> = {
    integer: "INT32",
    long: "INT64",
    short: "INT32",
    byte: "INT32",
    float: "FLOAT",
    double: "DOUBLE",
    boolean: "BOOLEAN",
    string: "BINARY",
    binary: "BINARY",
    date: "INT32",
    timestamp: "INT64",
  };
  return type instanceof AtomicType
    ? (names[type.name] ?? type.simpleString().toUpperCase())
    : type.simpleString().toUpperCase();
}

export class DataFileReader {
  constructor(
    private readonly db: DuckDB,
    private readonly fs: FileSystem,
  ) {}

  /**
   * Loads one file as `schema`. `partitionValues` are the file's `key=value` directories: schema fields named by
   * them are read from the path, not the file.
   */
  async load(
    path: string,
    format: DataFormat,
    schema: StructType,
    options: Readonly<Record<string, string>>,
    partitionValues: Readonly<Record<string, string | null>> = {},
  ): Promise<LoadedFile> {
    const isPartition = (name: string) =>
      Object.keys(partitionValues).some((k) => k.toLowerCase() === name.toLowerCase());
    const dataSchema = new StructType(
      schema.fields.filter((f) => !isPartition(f.name) && !isMetadataField(f)),
    );
    let loaded: LoadedFile;
    try {
      const bytes = await this.fs.readFile(path);
      loaded = await this.loadData(path, bytes, format, dataSchema, options);
    } catch (error) {
      if (!skipsFile(error, options)) throw error;
      console.warn(`Skipped the file ${path}: ${(error as Error).message}`);
      loaded = this.emptyFile(path, dataSchema);
    }
    if (dataSchema.fields.length === schema.fields.length) return loaded;
    // Only a plan that names `_metadata` has the field: then the file's status is read, once.
    const metadataField = schema.fields.find(isMetadataField);
    const metadata = metadataField
      ? fileMetadataSql(path, await this.fs.stat(path), metadataField.dataType as StructType)
      : undefined;
    // Spark reads a partition's dates and timestamps in the reader's `timeZone` option, else the session's.
    const timeZone = options.timeZone ?? activeConf()?.("spark.sql.session.timeZone", "UTC") ?? "UTC";
    const columns = schema.fields.map((f) => {
      if (isMetadataField(f)) return `${metadata} AS ${quoteIdentifier(f.name)}`;
      const key = Object.keys(partitionValues).find((k) => k.toLowerCase() === f.name.toLowerCase());
      if (key === undefined) return quoteIdentifier(f.name);
      return `${castPartValueSql(partitionValues[key], f.dataType, timeZone)} AS ${quoteIdentifier(f.name)}`;
    });
    // The partition and metadata columns are not in the file's decoded rows (`ipc`).
    return { ...loaded, sql: `SELECT ${columns.join(", ")} FROM (${loaded.sql})`, ipc: undefined };
  }

  private async loadData(
    path: string,
    bytes: Uint8Array,
    format: DataFormat,
    schema: StructType,
    options: Readonly<Record<string, string>>,
  ): Promise<LoadedFile> {
    if (format === "parquet") return this.loadParquet(path, bytes, schema);
    const text = normalizedText(path, bytes, options);
    switch (format) {
      case "csv":
        return loadCsv(this.db, path, csvRecords(text, options), schema, options);
      case "json":
        return loadJson(this.db, path, jsonRecords(text, options), schema, options);
      case "xml":
        return loadXml(this.db, path, text, schema, options);
      case "text":
        return this.loadText(path, text, schema, options, bytes.byteLength);
    }
  }

  /** The schema Spark infers for a file when none is given (parquet-wasm must be initialised). */
  inferSchema(
    bytes: Uint8Array,
    path: string,
    format: DataFormat,
    options: Readonly<Record<string, string>>,
  ): StructType {
    switch (format) {
      case "parquet":
        try {
          return fromArrowSchema(readParquetSchema(bytes, path));
        } catch (error) {
          throw failedReadFile(path, (error as Error).message, error);
        }
      case "csv":
        return inferCsvSchema(
          this.db,
          path,
          csvRecords(normalizedText(path, bytes, options), options),
          options,
        );
      case "json":
        return inferJsonSchema(jsonRecords(normalizedText(path, bytes, options), options), options);
      case "xml":
        return inferXmlSchema(normalizedText(path, bytes, options), path, options);
      case "text":
        return new StructType([new StructField("value", StringType)]);
    }
  }

  private async loadParquet(path: string, bytes: Uint8Array, schema: StructType): Promise<LoadedFile> {
    await initParquet();
    let file: ParquetSource;
    try {
      file = await openParquet(bytes, path);
    } catch (error) {
      throw failedReadFile(path, (error as Error).message, error);
    }
    try {
      return await this.loadParquetColumns(path, file, schema, bytes.byteLength);
    } finally {
      file.close();
    }
  }

  /** The declared schema's columns of an open Parquet file, as a table (the footer is read once). */
  private async loadParquetColumns(
    path: string,
    file: ParquetSource,
    schema: StructType,
    byteLength: number,
  ): Promise<LoadedFile> {
    const fileSchema = fromArrowSchema(file.schema);
    const present = schema.fields.map((f) => fileSchema.field(f.name));
    for (const [i, f] of schema.fields.entries()) {
      const fileField = present[i];
      if (fileField && !readableAs(fileField.dataType, f.dataType)) {
        throw parquetColumnTypeMismatch(
          path,
          f.name,
          f.dataType.simpleString().toUpperCase(),
          parquetTypeName(fileField.dataType),
        );
      }
    }
    const columns = [...new Set(present.filter((f) => f !== undefined).map((f) => f.name))];
    const table = this.db.uniqueName("parquet");
    let ipc: Uint8Array | undefined;
    try {
      if (columns.length > 0) {
        ipc = await file.read(columns);
        this.db.insertArrowIPC(table, ipc, true);
      } else {
        // Nothing to read but the row count.
        this.db.exec(
          `CREATE TABLE ${quoteIdentifier(table)} AS SELECT 1 AS __row FROM range(${file.numRows})`,
        );
      }
    } catch (error) {
      if (error instanceof CorruptParquetError) throw failedReadFile(path, error.message, error);
      throw error;
    }
    // A column the file lacks (the schema grew since it was written) reads as null.
    const select = schema.fields.map((f, i) => {
      const fileField = present[i];
      if (!fileField) return `CAST(NULL AS ${f.dataType.sql()}) AS ${quoteIdentifier(f.name)}`;
      const ref = quoteIdentifier(fileField.name);
      // DuckDB keeps a collation on the column it is given to, so comparisons, grouping and sorting use it.
      if (f.dataType instanceof CollatedStringType)
        return `${f.dataType.collateSql(ref)} AS ${quoteIdentifier(f.name)}`;
      return fileField.dataType.equals(f.dataType)
        ? `${ref} AS ${quoteIdentifier(f.name)}`
        : `CAST(${ref} AS ${f.dataType.sql()}) AS ${quoteIdentifier(f.name)}`;
    });
    // The decoded rows are what `sql` reads where it only names the file's columns, each once, as they are.
    const asTheyAre =
      columns.length === schema.fields.length &&
      schema.fields.every((f, i) => present[i]?.name === f.name && present[i]!.dataType.equals(f.dataType));
    return {
      path,
      sql: `SELECT ${select.join(", ") || "1 AS __row"} FROM ${quoteIdentifier(table)}`,
      rows: file.numRows,
      bytes: byteLength,
      tables: [table],
      ipc: asTheyAre && file.numRows <= SMALL_FILE_ROWS ? ipc : undefined,
    };
  }

  /** Spark's text format: a row per line in `value` (or the whole file with `wholetext`). */
  private loadText(
    path: string,
    file: { text: string | undefined; bytes: Uint8Array },
    schema: StructType,
    options: Readonly<Record<string, string>>,
    byteLength: number,
  ): LoadedFile {
    const table = this.db.uniqueName("text");
    const wholetext = booleanOption(options, "wholetext", false);
    if (file.text !== undefined) {
      // Another charset or line separator: the lines are split here.
      const sep = lineSepOption(options);
      const lines = wholetext ? [file.text] : splitLines(file.text, sep);
      this.insertRows(
        table,
        lines.map((value) => ({ value })),
        new StructType([new StructField("value", StringType)]),
      );
    } else
      withBuffer(this.db, file.bytes, "txt", (buffer) => {
        const lines = wholetext
          ? `SELECT content AS __line FROM read_text(${quoteString(buffer)})`
          : `SELECT __line FROM (${linesSql(buffer)}) ORDER BY __n`;
        this.db.exec(`CREATE TABLE ${quoteIdentifier(table)} AS SELECT __line AS value FROM (${lines})`);
      });
    const select = schema.fields.map((f) => `value AS ${quoteIdentifier(f.name)}`);
    return {
      path,
      sql: `SELECT ${select.join(", ") || "1 AS __row"} FROM ${quoteIdentifier(table)}`,
      rows: countRows(this.db, table),
      bytes: byteLength,
      tables: [table],
    };
  }

  /** A file skipped by ignoreCorruptFiles / ignoreMissingFiles: no rows, the schema's columns. */
  private emptyFile(path: string, schema: StructType): LoadedFile {
    const table = this.db.uniqueName("skipped");
    this.insertRows(table, [], schema);
    return {
      path,
      sql: `SELECT ${schema.fields.map((f) => quoteIdentifier(f.name)).join(", ") || "1 AS __row"} FROM ${quoteIdentifier(table)}`,
      rows: 0,
      bytes: 0,
      tables: [table],
    };
  }

  /** Creates `table` holding plain-object rows under `schema`. */
  insertRows(table: string, rows: readonly Record<string, unknown>[], schema: StructType): void {
    if (rows.length === 0 || schema.fields.length === 0) {
      const columns = schema.fields.map((f) => `${quoteIdentifier(f.name)} ${f.dataType.sql()}`);
      this.db.exec(`CREATE TABLE ${quoteIdentifier(table)} (${columns.join(", ") || "__empty INTEGER"})`);
      return;
    }
    const staging = `${table}_arrow`;
    this.db.insertArrowIPC(staging, arrow.tableToIPC(arrowTableFromRows(rows, schema), "stream"), true);
    // Arrow carries no DuckDB-specific types (decimals travel as doubles): cast into the declared ones.
    const select = schema.fields.map(
      (f) => `CAST(${quoteIdentifier(f.name)} AS ${f.dataType.sql()}) AS ${quoteIdentifier(f.name)}`,
    );
    this.db.exec(
      `CREATE TABLE ${quoteIdentifier(table)} AS SELECT ${select.join(", ")} FROM ${quoteIdentifier(staging)}`,
    );
    this.db.dropTable(staging);
  }

  dropTables(tables: readonly string[]): void {
    this.db.dropTables(tables);
  }
}

/** Text split at `sep` (Spark's default: `\n`, `\r\n` or `\r`); a separator at the end ends the last line. */
function splitLines(text: string, sep: string | undefined): string[] {
  const lines = sep === undefined ? text.split(/\r\n|\r|\n/) : text.split(sep);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** A CSV file's bytes with its records separated by `\n` (option `lineSep`, at most 2 characters in Spark). */
function csvRecords(
  file: { text: string | undefined; bytes: Uint8Array },
  options: Readonly<Record<string, string>>,
): Uint8Array {
  const sep = lineSepOption(options);
  if (sep !== undefined && sep.length > 2)
    throw new IllegalArgumentException("requirement failed: 'lineSep' can contain only 1 character.");
  if (file.text === undefined || sep === undefined) return file.bytes;
  return new TextEncoder().encode(file.text.split(sep).join("\n"));
}

/** A JSON file's bytes with its records separated by `\n`: with `lineSep`, a line break within one is a space. */
function jsonRecords(
  file: { text: string | undefined; bytes: Uint8Array },
  options: Readonly<Record<string, string>>,
): Uint8Array {
  const sep = lineSepOption(options);
  if (file.text === undefined || sep === undefined || booleanOption(options, "multiLine", false))
    return file.bytes;
  const records = file.text.split(sep).map((r) => r.replace(/[\r\n]/g, " "));
  return new TextEncoder().encode(records.join("\n"));
}

/**
 * Spark's generic options `ignoreMissingFiles` (a listed file gone when it is read) and `ignoreCorruptFiles` (a
 * file that cannot be read: a corrupt Parquet footer or compressed stream): such a file is skipped with a warning,
 * its rows left out. A malformed record in FAILFAST mode still fails, as in Spark.
 */
export function skipsFile(error: unknown, options: Readonly<Record<string, string>>): boolean {
  if (error instanceof FileNotFoundError) return booleanOption(options, "ignoreMissingFiles", false);
  if (!(error instanceof FailedReadFileError) || !booleanOption(options, "ignoreCorruptFiles", false))
    return false;
  const cause = error.cause as { getCondition?: () => string } | undefined;
  return !cause?.getCondition?.().startsWith("MALFORMED_RECORD");
}
