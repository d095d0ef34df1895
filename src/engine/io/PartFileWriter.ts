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
import { activeConf } from "../sql/activeConf";
import { toRows } from "../sql/api/rows";
import { castSql } from "../sql/codegen/castSql";
import { javaToStrftime } from "../sql/codegen/datetimeFormat";
import { toJsonSql } from "../sql/codegen/toJson";
import {
  AtomicType,
  DateType,
  fromArrowSchema,
  StringType,
  type StructType,
  TimestampNTZType,
  TimestampType,
} from "../sql/types";
import type { DataFormat } from "./DataFileReader";
import {
  booleanOption,
  charsetOption,
  codecExtension,
  compress,
  encodeText,
  lineSepOption,
  option,
  writeCodec,
} from "./FileFormat";
import { type FileStatus, type FileSystem, joinPath } from "./FileSystem";
import { encodeParquet, initParquet, PARQUET_CODEC_CONF, parquetCodec, parquetExtension } from "./parquet";
import { encodeXml } from "./XmlFileFormat";

const EXTENSIONS: Record<Exclude<DataFormat, "parquet">, string> = {
  csv: ".csv",
  json: ".json",
  text: ".txt",
  xml: ".xml",
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

/**
 * The writer's options with the session's Parquet codec (spark.sql.parquet.compression.codec) among them, which
 * `compression` and `parquet.compression` override.
 */
export function withSessionCodec(
  options: Readonly<Record<string, string>>,
  conf: { get(key: string): string },
): Record<string, string> {
  return { [PARQUET_CODEC_CONF]: conf.get(PARQUET_CODEC_CONF), ...options };
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
    const codec = this.format === "parquet" ? undefined : writeCodec(this.options);
    const extension =
      this.format === "parquet" ? parquetExtension(parquetCodec(this.options)) : EXTENSIONS[this.format];
    const written: FileStatus[] = [];
    const columns = schema.fieldNames
      .filter((n) => !this.partitionBy.includes(n))
      .map(quoteIdentifier)
      .join(", ");
    for (const { subdir, where } of this.partitions(table, schema)) {
      const keepEmpty = this.format === "parquet" && this.partitionBy.length === 0;
      const bytes = await this.encode(
        `SELECT ${columns} FROM ${quoteIdentifier(table)}${where}`,
        keepEmpty,
        schema,
      );
      if (!bytes) continue;
      const name = `part-00000-${crypto.randomUUID()}.c000${extension}${codecExtension(codec)}`;
      const path = joinPath(dir, subdir, name);
      await this.fs.writeFile(path, compress(bytes, codec));
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
  partitionDirectories(table: string, schema?: StructType): string[] {
    return this.partitionBy.length === 0 ? [] : this.partitions(table, schema).map((p) => p.subdir);
  }

  /**
   * One output directory per distinct value of the partition columns. A date or timestamp value is named as
   * Spark's cast to string writes it (`2015-05-23`, `1990-02-24 12:00:30`, in the writer's `timeZone` option or
   * the session's), so it reads back as a date or timestamp.
   */
  private partitions(table: string, schema?: StructType): { subdir: string; where: string }[] {
    if (this.partitionBy.length === 0) return [{ subdir: "", where: "" }];
    const keys = this.partitionBy.map(quoteIdentifier).join(", ");
    const timeZone = this.options.timeZone ?? activeConf()?.("spark.sql.session.timeZone", "UTC") ?? "UTC";
    const texts = this.partitionBy.flatMap((k, i) => {
      const type = schema?.field(k)?.dataType;
      const datetime = type === DateType || type === TimestampType || type === TimestampNTZType;
      return datetime
        ? [
            `${castSql(quoteIdentifier(k), type, StringType, "LEGACY", timeZone)} AS ${quoteIdentifier(`__text${i}`)}`,
          ]
        : [];
    });
    const values = toRows(
      this.db.query(
        `SELECT ${keys}${texts.map((t) => `, ${t}`).join("")} FROM (SELECT DISTINCT ${keys} FROM ${quoteIdentifier(table)})`,
      ),
    );
    return values.map((row) => ({
      subdir: partitionPath(
        this.partitionBy.map((k, i) => [k, Object.hasOwn(row, `__text${i}`) ? row[`__text${i}`] : row[k]]),
      ),
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
        return encodeParquet(table, required, parquetCodec(this.options));
      }
      case "csv":
        return this.encodeCsv(select, fromArrowSchema(table.schema));
      case "json": {
        // Spark's JSON writer: one object per line, null fields left out (`ignoreNullFields`, by default
        // spark.sql.jsonGenerator.ignoreNullFields), timestamps in ISO-8601.
        const rowType = fromArrowSchema(table.schema);
        const formats = this.datetimeFormats();
        if (booleanOption(this.options, "ignoreNullFields", true))
          return this.encodeLines(
            `SELECT ${toJsonSql(`struct_pack(${this.structFields(table)})`, rowType, 0, formats)} AS __line FROM (${select})`,
          );
        // A null column is written as `null` (nested structs still leave their null fields out).
        const members = rowType.fields.map(
          (f) =>
            `${quoteString(`${JSON.stringify(f.name)}:`)} || coalesce(${toJsonSql(quoteIdentifier(f.name), f.dataType, 0, formats)}, 'null')`,
        );
        return this.encodeLines(
          `SELECT '{' || concat_ws(',', ${members.join(", ") || "NULL"}) || '}' AS __line FROM (${select})`,
        );
      }
      case "xml":
        // issue 11: Spark's XML writer, one document per file (XmlFileFormat.ts).
        return encodeText(
          encodeXml(toRows(table) as Record<string, unknown>[], fromArrowSchema(table.schema), this.options),
          charsetOption(this.options),
        );
      case "text":
        return this.encodeLines(
          `SELECT CAST(${quoteIdentifier(table.schema.fields[0].name)} AS VARCHAR) AS __line FROM (${select})`,
        );
    }
  }

  /** The writer's `timestampFormat` and `dateFormat` options as strftime patterns, where given. */
  private datetimeFormats(): { timestamp?: string; date?: string } {
    const timestamp = option(this.options, "timestampFormat");
    const date = option(this.options, "dateFormat");
    return {
      timestamp: timestamp === undefined ? undefined : javaToStrftime(timestamp),
      date: date === undefined ? undefined : javaToStrftime(date),
    };
  }

  /** A field list for struct_pack over the columns of `table`. */
  private structFields(table: arrow.Table): string {
    return table.schema.fields
      .map((f) => `${quoteIdentifier(f.name)} := ${quoteIdentifier(f.name)}`)
      .join(", ");
  }

  /** The text of a one-column query, a line per row (each ended by `lineSep`), in the `encoding`'s charset. */
  private encodeLines(sql: string): Uint8Array {
    const lines = this.db.query(sql).getChildAt(0)!;
    const text: string[] = [];
    for (let i = 0; i < lines.length; i++) text.push(String(lines.get(i) ?? ""));
    return this.encodeText(text, "");
  }

  /** Lines (after `head`) each ended by `lineSep` (`\n` by default), as bytes in the charset of `encoding`. */
  private encodeText(lines: readonly string[], head: string): Uint8Array {
    const sep = lineSepOption(this.options) ?? "\n";
    const body = lines.map((l) => `${l}${sep}`).join("");
    return encodeText(`${head}${body}`, charsetOption(this.options));
  }

  /**
   * CSV as Spark's writer (univocity) makes it: `quote` and `escape` (`"` and `\\`), a field quoted where it holds
   * the separator, a line break or (with `escapeQuotes`, the default) the quote, every field with `quoteAll`; a
   * quote inside a quoted field escaped, and an escape before a quote escaped by `charToEscapeQuoteEscaping`;
   * leading and trailing whitespace trimmed unless `ignoreLeadingWhiteSpace` / `ignoreTrailingWhiteSpace` are
   * false; nulls as `nullValue`, empty strings as `emptyValue` (`""`); timestamps as yyyy-MM-ddTHH:mm:ss.SSSZ.
   * The values are formatted in SQL and quoted here. DuckDB's COPY TO is not used: in Node it writes into the
   * working directory rather than into a buffer.
   */
  private encodeCsv(select: string, schema: StructType): Uint8Array {
    const o = this.options;
    const sep = option(o, "sep") ?? option(o, "delimiter") ?? ",";
    const header = booleanOption(o, "header", false);
    const quote = option(o, "quote") ?? '"';
    const esc = option(o, "escape") ?? "\\";
    const escapeEscape = option(o, "charToEscapeQuoteEscaping") ?? (esc !== quote ? esc : "");
    const quoteAll = booleanOption(o, "quoteAll", false);
    const escapeQuotes = booleanOption(o, "escapeQuotes", true);
    const trimLeading = booleanOption(o, "ignoreLeadingWhiteSpace", true);
    const trimTrailing = booleanOption(o, "ignoreTrailingWhiteSpace", true);
    const nullValue = option(o, "nullValue") ?? "";
    const emptyValue = option(o, "emptyValue") ?? `${quote}${quote}`;
    const formats = this.datetimeFormats();
    const trim = (text: string) => {
      let from = 0;
      let to = text.length;
      if (trimLeading) while (from < to && text.charCodeAt(from) <= 0x20) from++;
      if (trimTrailing) while (to > from && text.charCodeAt(to - 1) <= 0x20) to--;
      return text.slice(from, to);
    };
    const quoted = (text: string) => {
      let body = "";
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quote !== "" && text.startsWith(quote, i)) body += `${esc}${quote}`;
        else if (c === esc && escapeEscape !== "" && text.startsWith(quote, i + 1))
          body += `${escapeEscape}${c}`;
        else body += c;
      }
      return `${quote}${body}${quote}`;
    };
    const field = (value: string | null) => {
      if (value === null) return nullValue;
      const text = trim(value);
      if (text === "") return quoteAll ? `${quote}${quote}` : emptyValue;
      const hasQuote = quote !== "" && text.includes(quote);
      const needs =
        quoteAll ||
        text.includes(sep) ||
        text.includes("\n") ||
        text.includes("\r") ||
        (hasQuote && (escapeQuotes || text.startsWith(quote)));
      return needs ? quoted(text) : text;
    };
    const cells = schema.fields.map((f) => {
      const ref = quoteIdentifier(f.name);
      const type = f.dataType;
      if (!(type instanceof AtomicType)) throw dataTypeUnsupportedByDataSource("CSV", f.name, type);
      const zone = type.name === "timestamp" ? "Z" : "";
      const text = type.name.startsWith("timestamp")
        ? formats.timestamp !== undefined
          ? `strftime(${ref}, ${quoteString(formats.timestamp.replaceAll("%z", zone))})`
          : `strftime(${ref}, '%Y-%m-%dT%H:%M:%S.%g${zone}')`
        : type.name === "date"
          ? `strftime(${ref}, ${quoteString(formats.date ?? "%Y-%m-%d")})`
          : `CAST(${ref} AS VARCHAR)`;
      return `${text} AS ${quoteIdentifier(`__c${cellIndex(f.name, schema)}`)}`;
    });
    const result = this.db.query(`SELECT ${cells.join(", ")} FROM (${select}) AS __rows`);
    const columns = schema.fields.map((_, i) => result.getChildAt(i)!);
    const lines: string[] = [];
    for (let r = 0; r < result.numRows; r++)
      lines.push(columns.map((c) => field((c.get(r) as string | null) ?? null)).join(sep));
    const head = header
      ? `${schema.fieldNames.map((n) => field(n)).join(sep)}${lineSepOption(o) ?? "\n"}`
      : "";
    return this.encodeText(lines, head);
  }
}

function cellIndex(name: string, schema: StructType): number {
  return schema.fieldNames.indexOf(name);
}

function literal(value: unknown): string {
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return `make_timestamp(${value.getTime() * 1000})`;
  return quoteString(String(value));
}
