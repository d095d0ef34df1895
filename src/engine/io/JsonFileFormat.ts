/**
 * JSON files as Spark reads them: JSON Lines by default (blank lines skipped, a line holding an array yields
 * one row per element), the whole file as one record with `multiLine`. Records are parsed in SQL through the
 * JSON functions (sql/codegen/fromJson.ts), so a record is malformed where it is not JSON, not an object, or has a
 * field of the wrong type: PERMISSIVE keeps it (nulls, and its text in the corrupt-record column),
 * DROPMALFORMED drops it, FAILFAST fails naming the file and the record.
 *
 * Schema inference reads the records in JavaScript (JSON.parse), as a one-off scan before any query runs.
 */

import { type DuckDB, quoteIdentifier, quoteString } from "../duckdb/DuckDB";
import { IllegalArgumentException } from "../errors/exceptions";
import { unableToInferSchema } from "../errors/QueryCompilationErrors";
import { failedReadFile } from "../errors/QueryExecutionErrors";
import { fromJsonElementSql, fromJsonSql, jsonCountSql, jsonKindSql } from "../sql/codegen/fromJson";
import { JsonKind } from "../sql/codegen/jsonScanner";
import {
  ArrayType,
  AtomicType,
  BooleanType,
  type DataType,
  DoubleType,
  LongType,
  StringType,
  StructField,
  StructType,
} from "../sql/types";
import {
  applyParseMode,
  booleanOption,
  type LoadedFile,
  linesSql,
  option,
  parseOptions,
  withBuffer,
} from "./FileFormat";

/** The file's records: one per non-blank line, or the whole text with `multiLine`. */
function recordsSql(buffer: string, multiLine: boolean): string {
  if (multiLine) return `SELECT 1 AS __n, content AS __line FROM read_text(${quoteString(buffer)})`;
  return `SELECT __n, __line FROM (${linesSql(buffer)}) WHERE trim(__line) <> ''`;
}

/** Jackson's parser features Spark's JSON options turn on (all off by default). */
interface Leniency {
  readonly comments: boolean;
  readonly unquotedFieldNames: boolean;
  readonly numericLeadingZeros: boolean;
  readonly backslashEscapingAnyCharacter: boolean;
  readonly unquotedControlChars: boolean;
}

function leniency(options: Readonly<Record<string, string>>): Leniency | undefined {
  const l = {
    comments: booleanOption(options, "allowComments", false),
    unquotedFieldNames: booleanOption(options, "allowUnquotedFieldNames", false),
    // Spark's option is allowNumericLeadingZeros; its docs call it allowNumericLeadingZero.
    numericLeadingZeros: booleanOption(
      options,
      "allowNumericLeadingZeros",
      booleanOption(options, "allowNumericLeadingZero", false),
    ),
    backslashEscapingAnyCharacter: booleanOption(options, "allowBackslashEscapingAnyCharacter", false),
    unquotedControlChars: booleanOption(options, "allowUnquotedControlChars", false),
  };
  return Object.values(l).some((v) => v) ? l : undefined;
}

const JSON_ESCAPES = `"\\/bfnrtu`;

/**
 * A record in the lenient syntax the options allow, rewritten as the strict JSON the parsers read: comments
 * (`/* *\/`, `//`) dropped, unquoted field names quoted, leading zeros of numbers dropped, `\\x` for any x read as
 * x, control characters in strings escaped. What the options do not allow is left as it is, so stays malformed.
 */
function strictJson(text: string, l: Leniency): string {
  let out = "";
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === "/" && l.comments && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
      out += " ";
    } else if (c === "/" && l.comments && text[i + 1] === "/") {
      const end = text.indexOf("\n", i);
      i = end < 0 ? n : end;
    } else if (c === '"' || c === "'") {
      out += c;
      i += 1;
      while (i < n && text[i] !== c) {
        const d = text[i];
        if (d === "\\" && i + 1 < n) {
          const e = text[i + 1];
          const valid = JSON_ESCAPES.includes(e) || (c === "'" && e === "'");
          out += valid || !l.backslashEscapingAnyCharacter ? `${d}${e}` : e === c ? `\\${e}` : e;
          i += 2;
        } else {
          out +=
            d.charCodeAt(0) < 0x20 && l.unquotedControlChars
              ? `\\u${d.charCodeAt(0).toString(16).padStart(4, "0")}`
              : d;
          i += 1;
        }
      }
      if (i < n) out += c;
      i += 1;
    } else if (/[0-9-]/.test(c) && l.numericLeadingZeros) {
      let j = i;
      while (j < n && /[0-9eE.+-]/.test(text[j])) j++;
      const sign = text[i] === "-" ? "-" : "";
      const body = text.slice(i + sign.length, j);
      out += sign + body.replace(/^0+(?=[0-9])/, "");
      i = j;
    } else if (/[A-Za-z_$]/.test(c)) {
      let j = i;
      while (j < n && /[A-Za-z0-9_$]/.test(text[j])) j++;
      const word = text.slice(i, j);
      let k = j;
      while (k < n && /\s/.test(text[k])) k++;
      out += l.unquotedFieldNames && text[k] === ":" ? JSON.stringify(word) : word;
      i = j;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** The file's bytes with each record rewritten as strict JSON where the options allow a lenient syntax. */
function strictRecords(bytes: Uint8Array, options: Readonly<Record<string, string>>): Uint8Array {
  const l = leniency(options);
  if (!l) return bytes;
  const text = new TextDecoder().decode(bytes);
  const records = booleanOption(options, "multiLine", false) ? [text] : text.split("\n");
  return new TextEncoder().encode(records.map((r) => strictJson(r, l)).join("\n"));
}

/** Spark requires `samplingRatio` above 0; inference here reads every record. */
function checkSamplingRatio(options: Readonly<Record<string, string>>): void {
  const ratio = option(options, "samplingRatio");
  if (ratio !== undefined && !(Number(ratio) > 0))
    throw new IllegalArgumentException(
      `requirement failed: samplingRatio (${ratio}) should be greater than 0`,
    );
}

export function loadJson(
  db: DuckDB,
  path: string,
  fileBytes: Uint8Array,
  schema: StructType,
  options: Readonly<Record<string, string>>,
): LoadedFile {
  const bytes = strictRecords(fileBytes, options);
  const parse = parseOptions(options, schema);
  const data = new StructType(schema.fields.filter((f) => f.name !== parse.corruptColumn));
  const table = db.uniqueName("json");
  withBuffer(db, bytes, "json", (buffer) => {
    try {
      const records = recordsSql(buffer, booleanOption(options, "multiLine", false));
      const kind = jsonKindSql("__line");
      const formats = {
        dateFormat: option(options, "dateFormat"),
        timestampFormat: option(options, "timestampFormat"),
      };
      const object = fromJsonSql("__line", data, formats);
      const elements = `list_transform(range(${jsonCountSql("__line")}), lambda __r: ${fromJsonElementSql("__line", "__r", data, formats)})`;
      // A field present in the record whose value did not fit its type makes the record malformed.
      const mismatches = data.fields.map(
        (f) =>
          `(coalesce(__json_kind(__line, ${quoteString(JSON.stringify([f.name]))}) <> ${JsonKind.null}, FALSE) AND (__rec).${quoteIdentifier(f.name)} IS NULL)`,
      );
      const malformed = [
        `__kind IS NULL`,
        `__kind NOT IN (${JsonKind.array}, ${JsonKind.object})`,
        ...(mismatches.length > 0 ? [`(__kind = ${JsonKind.object} AND (${mismatches.join(" OR ")}))`] : []),
      ].join(" OR ");
      db.exec(
        `CREATE TABLE ${quoteIdentifier(table)} AS SELECT __n, __line, coalesce(${malformed}, FALSE) AS __malformed, __rec FROM (SELECT __n, __line, __kind, unnest(CASE WHEN __kind = ${JsonKind.object} THEN [${object}] WHEN __kind = ${JsonKind.array} THEN ${elements} ELSE [NULL] END) AS __rec FROM (SELECT __n, __line, ${kind} AS __kind FROM (${records})))`,
      );
    } catch (error) {
      db.dropTable(table);
      throw failedReadFile(path, (error as Error).message.split("\n")[0], error);
    }
  });
  return applyParseMode(
    db,
    path,
    bytes.byteLength,
    table,
    schema,
    parse,
    "__line",
    (name) => `(__rec).${quoteIdentifier(name)}`,
  );
}

interface JsonRecord {
  text: string;
  /** Undefined where the text is not valid JSON. */
  value: unknown;
}

/**
 * The text with its single-quoted strings ('a') double-quoted ("a"), as Spark's parser reads them with
 * `allowSingleQuotes` (on by default); double-quoted strings are kept as they are.
 */
function doubleQuoted(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '"' && c !== "'") {
      out += c;
      i += 1;
      continue;
    }
    let body = "";
    let j = i + 1;
    for (; j < text.length && text[j] !== c; j++) {
      if (text[j] === "\\" && j + 1 < text.length) {
        // An escaped quote of the other kind needs no escape once the string is double-quoted.
        body += c === "'" && text[j + 1] === "'" ? "'" : text.slice(j, j + 2);
        j += 1;
      } else body += c === "'" && text[j] === '"' ? '\\"' : text[j];
    }
    out += `"${body}"`;
    i = j + 1;
  }
  return out;
}

/** JSON Lines by default; `multiLine` reads the whole file as one JSON value or an array of them. */
function parseJsonRecords(fileBytes: Uint8Array, options: Readonly<Record<string, string>>): JsonRecord[] {
  const bytes = strictRecords(fileBytes, options);
  const singleQuotes = booleanOption(options, "allowSingleQuotes", true);
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(singleQuotes && text.includes("'") ? doubleQuoted(text) : text);
    } catch {
      return undefined;
    }
  };
  const text = new TextDecoder().decode(bytes);
  if (booleanOption(options, "multiLine", false)) {
    const value = parse(text);
    if (Array.isArray(value)) return value.map((v) => ({ text: JSON.stringify(v), value: v }));
    return [{ text, value }];
  }
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .flatMap((line) => {
      const value = parse(line);
      return Array.isArray(value) ? value.map((v) => ({ text: line, value: v })) : [{ text: line, value }];
    });
}

const isVoid = (t: DataType | undefined) => t instanceof AtomicType && t.name === "null";

/** Two records' types for a field, merged as Spark's JSON inference does. */
function merge(a: DataType | undefined, b: DataType): DataType {
  if (!a || isVoid(a)) return b;
  if (isVoid(b) || a.equals(b)) return a;
  if (a instanceof StructType && b instanceof StructType) {
    const names = [...new Set([...a.fieldNames, ...b.fieldNames])].sort();
    return new StructType(
      names.map(
        (n) => new StructField(n, merge(a.field(n)?.dataType, b.field(n)?.dataType ?? a.field(n)!.dataType)),
      ),
    );
  }
  if (a instanceof ArrayType && b instanceof ArrayType)
    return new ArrayType(merge(a.elementType, b.elementType));
  const numeric = [LongType.simpleString(), DoubleType.simpleString()];
  if (numeric.includes(a.simpleString()) && numeric.includes(b.simpleString())) return DoubleType;
  return StringType;
}

/** `primitivesAsString`: every number and boolean inferred as a string. */
function typeOf(v: unknown, primitivesAsString = false): DataType {
  if (v === null || v === undefined) return new AtomicType("null");
  if (typeof v === "boolean") return primitivesAsString ? StringType : BooleanType;
  if (typeof v === "number")
    return primitivesAsString ? StringType : Number.isInteger(v) ? LongType : DoubleType;
  if (typeof v === "string") return StringType;
  if (Array.isArray(v))
    return new ArrayType(
      v.reduce<DataType | undefined>((t, x) => merge(t, typeOf(x, primitivesAsString)), undefined) ??
        new AtomicType("null"),
    );
  const entries = Object.entries(v as object).sort(([x], [y]) => (x < y ? -1 : 1));
  return new StructType(entries.map(([k, x]) => new StructField(k, typeOf(x, primitivesAsString))));
}

/**
 * `dropFieldIfAllNull`: a field whose values were all null, or empty arrays or structs, is left out (Spark's
 * JsonInferSchema canonicalizeType); else such a field is a string.
 */
function dropAllNull(t: DataType): DataType | undefined {
  if (isVoid(t)) return undefined;
  if (t instanceof StructType) {
    const fields = t.fields.flatMap((f) => {
      const type = dropAllNull(f.dataType);
      return type ? [new StructField(f.name, type)] : [];
    });
    return fields.length > 0 ? new StructType(fields) : undefined;
  }
  if (t instanceof ArrayType) {
    const element = dropAllNull(t.elementType);
    return element ? new ArrayType(element) : undefined;
  }
  return t;
}

/** Fields seen only as null are strings in Spark. */
function nullToString(t: DataType): DataType {
  if (isVoid(t)) return StringType;
  if (t instanceof StructType)
    return new StructType(t.fields.map((f) => new StructField(f.name, nullToString(f.dataType))));
  if (t instanceof ArrayType) return new ArrayType(nullToString(t.elementType));
  return t;
}

/**
 * Spark's JSON schema inference: fields sorted by name, integers as bigint, mixed numbers as double, other
 * mixtures as string; malformed records (PERMISSIVE) add the corrupt-record column.
 */
export function inferJsonSchema(bytes: Uint8Array, options: Readonly<Record<string, string>>): StructType {
  const records = parseJsonRecords(bytes, options);
  const objects = records.filter(
    (r) => r.value !== null && typeof r.value === "object" && !Array.isArray(r.value),
  );
  checkSamplingRatio(options);
  const primitivesAsString = booleanOption(options, "primitivesAsString", false);
  const merged = objects.reduce<DataType | undefined>(
    (t, r) => merge(t, typeOf(r.value, primitivesAsString)),
    undefined,
  );
  const canonical =
    merged && booleanOption(options, "dropFieldIfAllNull", false)
      ? dropAllNull(merged)
      : merged && nullToString(merged);
  let fields = canonical instanceof StructType ? canonical.fields : [];
  const mode = (option(options, "mode") ?? "PERMISSIVE").toUpperCase();
  if (objects.length < records.length && mode === "PERMISSIVE") {
    const corrupt = option(options, "columnNameOfCorruptRecord") ?? "_corrupt_record";
    fields = [...fields, new StructField(corrupt, StringType)].sort((x, y) => (x.name < y.name ? -1 : 1));
  }
  if (fields.length === 0) {
    throw unableToInferSchema("JSON");
  }
  return new StructType(fields);
}
