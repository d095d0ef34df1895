/**
 * CSV as Spark reads it. DuckDB's reader splits the records into fields (all text, one field more than the
 * schema to see extra fields, missing fields as NULL); SQL then turns each field into its Spark type, and a
 * record with too few or too many fields or a field that does not parse is malformed: PERMISSIVE keeps it with
 * nulls for what did not parse and its text in the corrupt-record column, DROPMALFORMED drops it, FAILFAST
 * fails naming the file and the record. With `inferSchema`, each column's type is the narrowest Spark type all
 * its values parse as (int, bigint, double, date, timestamp, boolean, else string).
 */

import { type DuckDB, quoteIdentifier, quoteString } from "../duckdb/DuckDB";
import { IllegalArgumentException } from "../errors/exceptions";
import { failedReadFile } from "../errors/QueryExecutionErrors";
import { javaToStrftime } from "../sql/codegen/datetimeFormat";
import {
  AtomicType,
  BooleanType,
  type DataType,
  DateType,
  DecimalType,
  DoubleType,
  IntegerType,
  LongType,
  StringType,
  StructField,
  StructType,
  TimestampType,
} from "../sql/types";
import {
  CsvParsingError,
  type CsvRecord,
  canonicalCsv,
  tokenizeCsv,
  unescapedQuoteHandling,
} from "./csvTokenizer";
import {
  applyParseMode,
  booleanOption,
  countRows,
  FailedReadFileError,
  type LoadedFile,
  linesSql,
  option,
  parseOptions,
  withBuffer,
} from "./FileFormat";

/** Marks a field that is absent (the record was short), as opposed to empty. */
const ABSENT = "\u0001";

interface CsvOptions {
  readonly header: boolean;
  readonly sep: string;
  readonly quote: string;
  readonly escape: string;
  readonly comment: string | undefined;
  readonly nullValue: string;
  readonly dateFormat: string | undefined;
  readonly timestampFormat: string | undefined;
  readonly ignoreLeadingWhiteSpace: boolean;
  readonly ignoreTrailingWhiteSpace: boolean;
  readonly nanValue: string;
  readonly positiveInf: string;
  readonly negativeInf: string;
}

/**
 * The file as DuckDB reads it. Where univocity's rules matter (the file has quotes, or an option DuckDB's reader
 * has no setting for is given), the records are split here (csvTokenizer) and DuckDB reads a canonical text with
 * the options that text needs; `records` then holds each record's text in the file.
 */
interface Prepared {
  readonly bytes: Uint8Array;
  readonly o: CsvOptions;
  readonly records?: readonly CsvRecord[];
}

const TOKENIZER_OPTIONS = [
  "multiLine",
  "maxCharsPerColumn",
  "unescapedQuoteHandling",
  "charToEscapeQuoteEscaping",
  "emptyValue",
];

function prepare(bytes: Uint8Array, options: Readonly<Record<string, string>>, o: CsvOptions): Prepared {
  const quoteByte = o.quote.length === 1 && o.quote.charCodeAt(0) < 128 ? o.quote.charCodeAt(0) : undefined;
  const needed =
    TOKENIZER_OPTIONS.some((k) => option(options, k) !== undefined) ||
    o.nullValue !== "" ||
    (o.quote !== "" && (quoteByte === undefined || bytes.includes(quoteByte)));
  if (!needed) return { bytes, o };
  const esc = o.escape;
  const records = tokenizeCsv(new TextDecoder().decode(bytes), {
    sep: o.sep,
    quote: o.quote,
    escape: esc,
    escapeEscape: option(options, "charToEscapeQuoteEscaping") ?? (esc !== o.quote ? esc : ""),
    comment: o.comment,
    nullValue: o.nullValue,
    emptyValue: option(options, "emptyValue") ?? "",
    maxCharsPerColumn: Number(option(options, "maxCharsPerColumn") ?? -1),
    quoteHandling: unescapedQuoteHandling(option(options, "unescapedQuoteHandling")),
    multiLine: booleanOption(options, "multiLine", false),
    ignoreLeadingWhiteSpace: o.ignoreLeadingWhiteSpace,
    ignoreTrailingWhiteSpace: o.ignoreTrailingWhiteSpace,
  });
  return {
    bytes: new TextEncoder().encode(canonicalCsv(records)),
    o: {
      ...o,
      sep: ",",
      quote: '"',
      escape: '"',
      comment: undefined,
      ignoreLeadingWhiteSpace: false,
      ignoreTrailingWhiteSpace: false,
    },
    records,
  };
}

function csvOptions(options: Readonly<Record<string, string>>): CsvOptions {
  return {
    header: booleanOption(options, "header", false),
    sep: option(options, "sep") ?? option(options, "delimiter") ?? ",",
    quote: option(options, "quote") ?? '"',
    escape: option(options, "escape") ?? "\\",
    comment: option(options, "comment"),
    nullValue: option(options, "nullValue") ?? "",
    dateFormat: option(options, "dateFormat"),
    timestampFormat: option(options, "timestampFormat"),
    ignoreLeadingWhiteSpace: booleanOption(options, "ignoreLeadingWhiteSpace", false),
    ignoreTrailingWhiteSpace: booleanOption(options, "ignoreTrailingWhiteSpace", false),
    nanValue: option(options, "nanValue") ?? "NaN",
    positiveInf: option(options, "positiveInf") ?? "Inf",
    negativeInf: option(options, "negativeInf") ?? "-Inf",
  };
}

/** A raw field with the whitespace univocity trims when reading (`ignoreLeading/TrailingWhiteSpace`). */
function trimmedSql(v: string, o: CsvOptions): string {
  let out = v;
  if (o.ignoreLeadingWhiteSpace) out = `regexp_replace(${out}, '^[\\x00-\\x20]+', '')`;
  if (o.ignoreTrailingWhiteSpace) out = `regexp_replace(${out}, '[\\x00-\\x20]+$', '')`;
  return out;
}

/**
 * Spark's checks of the options it validates when a CSV file is read: `samplingRatio` above 0, `maxColumns`
 * (20480 by default) not below the record's width.
 */
function checkOptions(options: Readonly<Record<string, string>>): void {
  const ratio = option(options, "samplingRatio");
  if (ratio !== undefined && !(Number(ratio) > 0))
    throw new IllegalArgumentException(
      `requirement failed: samplingRatio (${ratio}) should be greater than 0`,
    );
}

function maxColumns(options: Readonly<Record<string, string>>, width: number): void {
  const max = Number(option(options, "maxColumns") ?? 20480);
  if (width > max)
    throw new IllegalArgumentException(
      `Number of columns processed may have exceeded limit of ${max} columns. Use settings.setMaxColumns(int) to define the maximum number of columns your input can have`,
    );
}

/**
 * With a header and `enforceSchema` false, Spark's CSVHeaderChecker: the header's names must be the schema's, in
 * order (case-insensitively), else the read fails naming both.
 */
function checkHeader(header: readonly string[], fieldNames: readonly string[], path: string): void {
  let message: string | undefined;
  if (header.length === fieldNames.length) {
    const i = header.findIndex((h, j) => h.toLowerCase() !== fieldNames[j].toLowerCase());
    if (i >= 0)
      message = `CSV header does not conform to the schema.\n Header: ${header.join(", ")}\n Schema: ${fieldNames.join(", ")}\nExpected: ${fieldNames[i]} but found: ${header[i]}\nCSV file: ${path}`;
  } else
    message = `Number of column in CSV header is not equal to number of fields in the schema:\n Header length: ${header.length}, schema size: ${fieldNames.length}\nCSV file: ${path}`;
  if (message !== undefined) throw new IllegalArgumentException(message);
}

/** DuckDB's read_csv over `buffer`, every field as text. */
function readCsvSql(buffer: string, columns: number, o: CsvOptions): string {
  const names = Array.from({ length: columns }, (_, i) => `'__c${i}': 'VARCHAR'`).join(", ");
  const args = [
    `columns = {${names}}`,
    `header = ${o.header}`,
    `delim = ${quoteString(o.sep)}`,
    `quote = ${quoteString(o.quote)}`,
    `escape = ${quoteString(o.escape)}`,
    `nullstr = ${quoteString(ABSENT)}`,
    "auto_detect = false",
    "null_padding = true",
    "strict_mode = false",
    // DuckDB's parallel scanner refuses null_padding with line breaks inside quotes (multiLine records).
    "parallel = false",
    ...(o.comment ? [`comment = ${quoteString(o.comment)}`] : []),
  ];
  return `SELECT *, row_number() OVER () AS __n FROM read_csv(${quoteString(buffer)}, ${args.join(", ")})`;
}

/** SQL parsing a field's text (`v`, NULL when absent) as `type`, as Spark's CSV parser would; NULL when it cannot. */
function fieldSql(v: string, type: DataType, o: CsvOptions): string {
  if (type instanceof DecimalType) return `TRY_CAST(${v} AS ${type.sql()})`;
  const name = type instanceof AtomicType ? type.name : "string";
  switch (name) {
    case "string":
      return v;
    case "byte":
    case "short":
    case "integer":
    case "long":
      return `(CASE WHEN regexp_full_match(${v}, '[+-]?[0-9]+') THEN TRY_CAST(${v} AS ${type.sql()}) END)`;
    case "float":
    case "double":
      // nanValue, positiveInf and negativeInf (NaN, Inf, -Inf) before Java's own forms.
      return `(CASE ${v} WHEN ${quoteString(o.nanValue)} THEN CAST('NaN' AS ${type.sql()}) WHEN ${quoteString(o.positiveInf)} THEN CAST('Infinity' AS ${type.sql()}) WHEN ${quoteString(o.negativeInf)} THEN CAST('-Infinity' AS ${type.sql()}) ELSE (CASE WHEN ${v} = trim(${v}) AND NOT regexp_matches(lower(${v}), '^[+-]?inf$') THEN TRY_CAST(${v} AS ${type.sql()}) END) END)`;
    case "boolean":
      return `(CASE lower(${v}) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END)`;
    case "date":
      return o.dateFormat
        ? `CAST(try_strptime(${v}, ${quoteString(javaToStrftime(o.dateFormat))}) AS DATE)`
        : `TRY_CAST(${v} AS DATE)`;
    case "timestamp":
    case "timestamp_ntz":
      return o.timestampFormat
        ? `CAST(try_strptime(${v}, ${quoteString(javaToStrftime(o.timestampFormat))}) AS TIMESTAMP)`
        : `TRY_CAST(TRY_CAST(${v} AS TIMESTAMPTZ) AS TIMESTAMP)`;
    default:
      return `TRY_CAST(${v} AS ${type.sql()})`;
  }
}

export function loadCsv(
  db: DuckDB,
  path: string,
  bytes: Uint8Array,
  schema: StructType,
  options: Readonly<Record<string, string>>,
): LoadedFile {
  const given = csvOptions(options);
  checkOptions(options);
  const parse = parseOptions(options, schema);
  const dataFields = schema.fields.filter((f) => f.name !== parse.corruptColumn);
  const table = db.uniqueName("csv");
  let prepared: Prepared;
  try {
    prepared = prepare(bytes, options, given);
  } catch (error) {
    if (!(error instanceof CsvParsingError)) throw error;
    throw failedReadFile(path, error.message, error);
  }
  const o = prepared.o;
  withBuffer(db, prepared.bytes, "csv", (buffer) => {
    try {
      if (o.header && !booleanOption(options, "enforceSchema", true))
        checkHeader(
          firstRecord(db, buffer, o, prepared.records).fields,
          dataFields.map((f) => f.name),
          path,
        );
      const fields = readCsvSql(buffer, dataFields.length + 1, o);
      const raw = (i: number) => trimmedSql(`__c${i}`, o);
      // A field equal to nullValue is null; an absent one is null and makes the record malformed.
      const value = (i: number) =>
        `(CASE WHEN ${raw(i)} = ${quoteString(o.nullValue)} OR ${raw(i)} = ${quoteString(ABSENT)} THEN NULL ELSE ${raw(i)} END)`;
      const parsed = dataFields.map((f, i) => fieldSql(value(i), f.dataType, o));
      const fieldErrors = dataFields.map((_, i) => `(${value(i)} IS NOT NULL AND ${parsed[i]} IS NULL)`);
      const shape = [
        ...(dataFields.length > 0 ? [`${raw(dataFields.length - 1)} IS NULL`] : []),
        `${raw(dataFields.length)} IS NOT NULL`,
      ];
      const malformed = [...shape, ...fieldErrors].join(" OR ") || "FALSE";
      const columns = dataFields.map((f, i) => `${parsed[i]} AS ${quoteIdentifier(f.name)}`);
      db.exec(
        `CREATE TABLE ${quoteIdentifier(table)} AS SELECT ${[...columns, `(${malformed}) AS __malformed`, "__n"].join(", ")} FROM (${fields})`,
      );
      if (parse.mode !== "PERMISSIVE" || parse.corruptColumn) {
        if (prepared.records) attachTokenizedRecordText(db, table, prepared.records, o.header);
        else attachRecordText(db, table, buffer, o);
      }
    } catch (error) {
      db.dropTable(table);
      if (error instanceof FailedReadFileError) throw error;
      const message =
        error instanceof IllegalArgumentException ? error.message : (error as Error).message.split("\n")[0];
      throw failedReadFile(path, message, error);
    }
  });
  return applyParseMode(db, path, bytes.byteLength, table, schema, parse, "__record", quoteIdentifier);
}

/** Adds each record's text (`__record`) from the records split by csvTokenizer. */
function attachTokenizedRecordText(
  db: DuckDB,
  table: string,
  records: readonly CsvRecord[],
  header: boolean,
): void {
  const texts = (header ? records.slice(1) : records).map((r) => r.text);
  db.exec(`ALTER TABLE ${quoteIdentifier(table)} ADD COLUMN __record VARCHAR`);
  if (texts.length === 0) return;
  const lines = new TextEncoder().encode(
    texts
      .map((t) => `"${t.replaceAll('"', '""')}"`)
      .join("\n")
      .concat("\n"),
  );
  withBuffer(db, lines, "csv", (name) => {
    const read = `SELECT __t, row_number() OVER () AS __r FROM read_csv(${quoteString(name)}, columns = {'__t': 'VARCHAR'}, header = false, delim = ',', quote = '"', escape = '"', auto_detect = false, nullstr = ${quoteString(ABSENT)}, strict_mode = false)`;
    db.exec(
      `UPDATE ${quoteIdentifier(table)} SET __record = l.__t FROM (${read}) AS l WHERE l.__r = ${quoteIdentifier(table)}.__n`,
    );
  });
}

/**
 * Adds each record's text (`__record`). Records are the file's non-blank lines after the header; where quoted
 * fields span lines that no longer holds, and the fields joined by the separator stand in.
 */
function attachRecordText(db: DuckDB, table: string, buffer: string, o: CsvOptions): void {
  const isComment = o.comment ? ` AND NOT starts_with(__line, ${quoteString(o.comment)})` : "";
  const lines = `SELECT row_number() OVER (ORDER BY __n) AS __r, __line FROM (${linesSql(buffer)}) WHERE trim(__line) <> ''${isComment}`;
  const records = countRows(db, table);
  const counted = Number(db.query(`SELECT count(*) FROM (${lines})`).getChildAt(0)!.get(0));
  const offset = o.header ? 1 : 0;
  db.exec(`ALTER TABLE ${quoteIdentifier(table)} ADD COLUMN __record VARCHAR`);
  if (counted - offset === records) {
    db.exec(
      `UPDATE ${quoteIdentifier(table)} SET __record = l.__line FROM (${lines}) AS l WHERE l.__r = ${quoteIdentifier(table)}.__n + ${offset}`,
    );
  } else {
    const columns = db
      .query(`SELECT * FROM ${quoteIdentifier(table)} LIMIT 0`)
      .schema.fields.map((f) => f.name)
      .filter((n) => !n.startsWith("__"));
    const joined = `concat_ws(${quoteString(o.sep)}, ${columns.map((c) => `CAST(${quoteIdentifier(c)} AS VARCHAR)`).join(", ") || "''"})`;
    db.exec(`UPDATE ${quoteIdentifier(table)} SET __record = ${joined}`);
  }
}

/** The schema Spark infers for a CSV file: header names (or _c0, _c1...), types only with `inferSchema`. */
export function inferCsvSchema(
  db: DuckDB,
  path: string,
  bytes: Uint8Array,
  options: Readonly<Record<string, string>>,
): StructType {
  checkOptions(options);
  let prepared: Prepared;
  try {
    prepared = prepare(bytes, options, csvOptions(options));
  } catch (error) {
    if (!(error instanceof CsvParsingError)) throw error;
    throw failedReadFile(path, error.message, error);
  }
  const o = prepared.o;
  return withBuffer(db, prepared.bytes, "csv", (buffer) => {
    try {
      // The first record sets the columns, as in Spark: its fields are the header, or only counted.
      const { fields: header, widest } = firstRecord(db, buffer, o, prepared.records);
      maxColumns(options, widest);
      const names = headerNames(header, o.header);
      if (!booleanOption(options, "inferSchema", false)) {
        return new StructType(names.map((n) => new StructField(n, StringType)));
      }
      const fields = readCsvSql(buffer, names.length, o);
      const value = (i: number) =>
        `nullif(nullif(${trimmedSql(`__c${i}`, o)}, ${quoteString(o.nullValue)}), ${quoteString(ABSENT)})`;
      // preferDate (true by default): a column of dates is a date column; without it, a timestamp column.
      const preferDate = booleanOption(options, "preferDate", true);
      const tests = names.flatMap((_, i) => {
        const v = value(i);
        return [
          `bool_and(${v} IS NULL OR (regexp_full_match(${v}, '[+-]?[0-9]+') AND TRY_CAST(${v} AS INTEGER) IS NOT NULL))`,
          `bool_and(${v} IS NULL OR (regexp_full_match(${v}, '[+-]?[0-9]+') AND TRY_CAST(${v} AS BIGINT) IS NOT NULL))`,
          `bool_and(${v} IS NULL OR ${v} IN (${quoteString(o.nanValue)}, ${quoteString(o.positiveInf)}, ${quoteString(o.negativeInf)}) OR (TRY_CAST(${v} AS DOUBLE) IS NOT NULL AND NOT regexp_matches(lower(${v}), '^[+-]?inf$')))`,
          `bool_and(${v} IS NULL OR (regexp_full_match(${v}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND TRY_CAST(${v} AS DATE) IS NOT NULL))`,
          `bool_and(${v} IS NULL OR TRY_CAST(${v} AS TIMESTAMPTZ) IS NOT NULL)`,
          `bool_and(${v} IS NULL OR lower(${v}) IN ('true', 'false'))`,
          `count(${v})`,
        ];
      });
      const row = db.query(`SELECT ${tests.join(", ")} FROM (${fields})`).toArray()[0];
      const results = Object.values(row.toJSON()) as unknown[];
      return new StructType(
        names.map((n, i) => {
          const [int, long, double, date, timestamp, bool, nonNull] = results.slice(i * 7, i * 7 + 7);
          let type: DataType = StringType;
          if (Number(nonNull) === 0) type = StringType;
          else if (int) type = IntegerType;
          else if (long) type = LongType;
          else if (double) type = DoubleType;
          else if (date && preferDate) type = DateType;
          else if (timestamp) type = TimestampType;
          else if (bool) type = BooleanType;
          return new StructField(n, type);
        }),
      );
    } catch (error) {
      if (error instanceof IllegalArgumentException) throw error;
      throw failedReadFile(path, (error as Error).message.split("\n")[0], error);
    }
  });
}

/** The fields of the file's first record (its header), and the most fields any record of the file has. */
function firstRecord(
  db: DuckDB,
  buffer: string,
  o: CsvOptions,
  records?: readonly CsvRecord[],
): { fields: string[]; widest: number } {
  if (records)
    return {
      fields: (records[0]?.fields ?? []).map((f) => (f === o.nullValue ? "" : f)),
      widest: records.reduce((n, r) => Math.max(n, r.fields.length), 0),
    };
  const widest = db.query(
    `SELECT * FROM read_csv(${quoteString(buffer)}, header = false, delim = ${quoteString(o.sep)}, quote = ${quoteString(o.quote)}, escape = ${quoteString(o.escape)}, all_varchar = true, null_padding = true${o.comment ? `, comment = ${quoteString(o.comment)}` : ""}) LIMIT 0`,
  ).numCols;
  const first = db
    .query(`SELECT * FROM (${readCsvSql(buffer, widest, { ...o, header: false })}) LIMIT 1`)
    .toArray()[0]
    ?.toJSON() as Record<string, string | null> | undefined;
  const values = Array.from({ length: widest }, (_, i) => first?.[`__c${i}`] ?? null);
  const count = values.findIndex((v) => v === null || v === ABSENT);
  return { fields: values.slice(0, count < 0 ? widest : count).map((v) => v ?? ""), widest };
}

/** Spark's column names: the header's, with empty ones as _c<i> and duplicates suffixed by position. */
function headerNames(names: readonly string[], header: boolean): string[] {
  if (!header) return names.map((_, i) => `_c${i}`);
  const cleaned = names.map((n, i) => (n === "" ? `_c${i}` : n));
  const lower = cleaned.map((n) => n.toLowerCase());
  return cleaned.map((n, i) => (lower.indexOf(lower[i]) !== lower.lastIndexOf(lower[i]) ? `${n}${i}` : n));
}
