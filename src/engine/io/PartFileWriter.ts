/**
 * Writes a DuckDB table as Spark writes a DataFrame: `part-00000-<uuid>.c000.<ext>` files, one per partition
 * directory (`key=value/`) where partition columns are given. Shared by batch writes and the file sink.
 */

import type * as arrow from "apache-arrow";
import { type DuckDB, quoteIdentifier, quoteString } from "../duckdb/DuckDB";
import {
  dataTypeUnsupportedByDataSource,
  textDataSourceWithMultiColumns,
} from "../errors/QueryCompilationErrors";
import { toRows } from "../sql/api/rows";
import { toJsonSql } from "../sql/codegen/toJson";
import { AtomicType, fromArrowSchema, StringType, type StructType } from "../sql/types";
import type { DataFormat } from "./DataFileReader";
import { type FileStatus, type FileSystem, joinPath } from "./FileSystem";
import { encodeParquet, initParquet } from "./parquet";

const EXTENSIONS: Record<DataFormat, string> = {
  parquet: ".snappy.parquet",
  csv: ".csv",
  json: ".json",
  text: ".txt",
};

/** Hive's name for a null partition value. */
const NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

/**
 * Spark's ExternalCatalogUtils.escapePathName: the characters a path segment cannot hold as themselves
 * (`/`, `=`, `%`, `:`, quotes, wildcards, control characters...) written as `%XX`; the rest, spaces included, kept.
 */
export function escapePathName(text: string): string {
  let out = "";
  for (const c of text) {
    const code = c.charCodeAt(0);
    out +=
      code < 0x20 || code === 0x7f || ESCAPED.includes(c)
        ? `%${code.toString(16).toUpperCase().padStart(2, "0")}`
        : c;
  }
  return out;
}

/** Spark's charToEscape, beside the control characters. */
const ESCAPED = `"#%'*/:=?\\{[]^`;

/** `a=1/b=x`: the directories of one partition, as Spark names them. */
export function partitionPath(values: readonly (readonly [string, unknown])[]): string {
  return values
    .map(([key, value]) => {
      const text =
        value === null || value === undefined
          ? NULL_PARTITION
          : escapePathName(value instanceof Date ? value.toISOString() : String(value));
      return `${escapePathName(key)}=${text}`;
    })
    .join("/");
}

export class PartFileWriter {
  constructor(
    private readonly db: DuckDB,
    private readonly fs: FileSystem,
    private readonly format: DataFormat,
    private readonly options: Readonly<Record<string, string>>,
    private readonly partitionBy: readonly string[] = [],
  ) {}

  /**
   * Writes `table` under `dir`; returns the files written. An empty table writes nothing, except unpartitioned
   * Parquet: one file with the schema and no rows, as Spark writes for an empty job (SPARK-23271), so the
   * directory reads back with its columns.
   */
  async write(table: string, schema: StructType, dir: string): Promise<FileStatus[]> {
    this.verifySchema(schema);
    const written: FileStatus[] = [];
    const columns = schema.fieldNames
      .filter((n) => !this.partitionBy.includes(n))
      .map(quoteIdentifier)
      .join(", ");
    for (const { subdir, where } of this.partitions(table)) {
      const keepEmpty = this.format === "parquet" && this.partitionBy.length === 0;
      const bytes = await this.encode(
        `SELECT ${columns} FROM ${quoteIdentifier(table)}${where}`,
        keepEmpty,
        schema,
      );
      if (!bytes) continue;
      const path = joinPath(dir, subdir, `part-00000-${crypto.randomUUID()}.c000${EXTENSIONS[this.format]}`);
      await this.fs.writeFile(path, bytes);
      const status = await this.fs.stat(path);
      if (status) written.push(status);
    }
    return written;
  }

  /**
   * Spark's FileFormatWriter checks the data columns (the partition columns aside) before it writes anything,
   * rows or not: each column's type must be one the format holds (DataSourceUtils.verifySchema), and text holds
   * one string column (TextFileFormat.verifySchema).
   */
  private verifySchema(schema: StructType): void {
    const data = schema.fields.filter((f) => !this.partitionBy.includes(f.name));
    if (this.format === "text") {
      for (const f of data)
        if (!f.dataType.equals(StringType)) throw dataTypeUnsupportedByDataSource("Text", f.name, f.dataType);
      if (data.length !== 1) throw textDataSourceWithMultiColumns(data.length);
    } else if (this.format === "csv") {
      for (const f of data)
        if (!(f.dataType instanceof AtomicType))
          throw dataTypeUnsupportedByDataSource("CSV", f.name, f.dataType);
    }
  }

  /** The `key=value` directories the rows of `table` go to (none where nothing is partitioned). */
  partitionDirectories(table: string): string[] {
    return this.partitionBy.length === 0 ? [] : this.partitions(table).map((p) => p.subdir);
  }

  /** One output directory per distinct value of the partition columns. */
  private partitions(table: string): { subdir: string; where: string }[] {
    if (this.partitionBy.length === 0) return [{ subdir: "", where: "" }];
    const keys = this.partitionBy.map(quoteIdentifier).join(", ");
    const values = toRows(this.db.query(`SELECT DISTINCT ${keys} FROM ${quoteIdentifier(table)}`));
    return values.map((row) => ({
      subdir: partitionPath(this.partitionBy.map((k) => [k, row[k]])),
      where: ` WHERE ${this.partitionBy.map((k) => (row[k] === null ? `${quoteIdentifier(k)} IS NULL` : `${quoteIdentifier(k)} = ${literal(row[k])}`)).join(" AND ")}`,
    }));
  }

  /** The file's bytes, or undefined where there are no rows to write (and no empty file is wanted). */
  private async encode(
    select: string,
    keepEmpty: boolean,
    schema: StructType,
  ): Promise<Uint8Array | undefined> {
    const table = this.db.query(select);
    if (table.numRows === 0 && !keepEmpty) return undefined;
    switch (this.format) {
      case "parquet": {
        await initParquet();
        // Spark writes the plan's nullability: a column that is not nullable (a count, a grouping key the
        // plan proves non-null) is REQUIRED in the file. A column whose rows hold a null anyway stays OPTIONAL.
        const required = new Set(
          schema.fields
            .filter((f) => !f.nullable && (table.getChild(f.name)?.nullCount ?? 1) === 0)
            .map((f) => f.name),
        );
        return encodeParquet(table, required);
      }
      case "csv":
        return this.encodeCsv(select, fromArrowSchema(table.schema));
      case "json":
        // Spark's JSON writer: one object per line, null fields left out, timestamps in ISO-8601.
        return this.encodeLines(
          `SELECT ${toJsonSql(`struct_pack(${this.structFields(table)})`, fromArrowSchema(table.schema))} AS __line FROM (${select})`,
        );
      case "text":
        return this.encodeLines(
          `SELECT CAST(${quoteIdentifier(table.schema.fields[0].name)} AS VARCHAR) AS __line FROM (${select})`,
        );
    }
  }

  /** A field list for struct_pack over the columns of `table`. */
  private structFields(table: arrow.Table): string {
    return table.schema.fields
      .map((f) => `${quoteIdentifier(f.name)} := ${quoteIdentifier(f.name)}`)
      .join(", ");
  }

  /** The text of a one-column query, a line per row. */
  private encodeLines(sql: string): Uint8Array {
    const lines = this.db.query(sql).getChildAt(0)!;
    const text: string[] = [];
    for (let i = 0; i < lines.length; i++) text.push(String(lines.get(i) ?? ""));
    return new TextEncoder().encode(`${text.join("\n")}\n`);
  }

  /**
   * CSV as Spark's writer makes it (quote `"`, escape `\\`, quoting only where needed, nulls as `nullValue`,
   * timestamps as yyyy-MM-ddTHH:mm:ss.SSSZ), built in SQL. DuckDB's COPY TO is not used: in Node it writes
   * into the working directory rather than into a buffer.
   */
  private encodeCsv(select: string, schema: StructType): Uint8Array {
    const sep = this.options.sep ?? this.options.delimiter ?? ",";
    const header = (this.options.header ?? "false").toLowerCase() === "true";
    const quoteText = (text: string) =>
      `CASE WHEN ${text} = '' THEN '""' WHEN contains(${text}, ${quoteString(sep)}) OR contains(${text}, '"') OR contains(${text}, chr(10)) OR contains(${text}, chr(13)) THEN '"' || replace(replace(${text}, '\\', '\\\\'), '"', '\\"') || '"' ELSE ${text} END`;
    const cells = schema.fields.map((f) => {
      const ref = quoteIdentifier(f.name);
      const type = f.dataType;
      if (!(type instanceof AtomicType)) throw dataTypeUnsupportedByDataSource("CSV", f.name, type);
      const text = type.name.startsWith("timestamp")
        ? `strftime(${ref}, '%Y-%m-%dT%H:%M:%S.%gZ')`
        : type.name === "date"
          ? `strftime(${ref}, '%Y-%m-%d')`
          : `CAST(${ref} AS VARCHAR)`;
      return `CASE WHEN ${ref} IS NULL THEN ${quoteString(this.options.nullValue ?? "")} ELSE ${quoteText(text)} END`;
    });
    const lines = `SELECT concat_ws(${quoteString(sep)}, ${cells.join(", ")}) AS line, row_number() OVER () AS n FROM (${select}) AS __rows`;
    const body = this.db
      .query(`SELECT string_agg(line, chr(10) ORDER BY n) FROM (${lines})`)
      .getChildAt(0)!
      .get(0) as string;
    const head = header ? `${schema.fieldNames.join(sep)}\n` : "";
    return new TextEncoder().encode(`${head}${body}\n`);
  }
}

function literal(value: unknown): string {
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return `make_timestamp(${value.getTime() * 1000})`;
  return quoteString(String(value));
}
