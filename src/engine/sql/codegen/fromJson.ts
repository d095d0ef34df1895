/**
 * From JSON text to Spark values, in SQL over the scanner's UDFs (jsonScanner.ts): `from_json`,
 * `get_json_object` and the JSON file reader. A value's text is cut out with `substring`, unescaped and cast to
 * the Spark type asked for, with Spark's rules: unknown keys ignored, keys case-sensitive, a value of the wrong
 * type is null, a string field of a non-string value gets its JSON text.
 */
import { quoteIdentifier, quoteString } from "../../duckdb/DuckDB";
import {
  ArrayType,
  AtomicType,
  type DataType,
  DayTimeIntervalType,
  DecimalType,
  MapType,
  StringType,
  StructType,
  YearMonthIntervalType,
} from "../types";
import { castSql } from "./castSql";
import { javaToStrftime } from "./datetimeFormat";
import { JsonKind, requireJsonFunctions } from "./jsonScanner";

/** A path as SQL yielding its JSON text; steps are JSON literals or SQL integers (lambda parameters). */
type PathSql = readonly (string | { sql: string; wrap?: "k" | "v" })[];

function pathSql(path: PathSql): string {
  if (path.every((s) => typeof s === "string")) return quoteString(`[${path.join(",")}]`);
  const parts = path.map((s) => {
    if (typeof s === "string") return quoteString(s);
    const n = `CAST(${s.sql} AS VARCHAR)`;
    return s.wrap ? `'{"${s.wrap}":' || ${n} || '}'` : n;
  });
  return `('[' || ${parts.join(" || ',' || ")} || ']')`;
}

const PRIVATE = "chr(57344)";

/** SQL unescaping a JSON string literal's text (quotes included) into the string it stands for. */
export function unescapeSql(raw: string): string {
  const inner = `substring(${raw}, 2, length(${raw}) - 2)`;
  const simple: [string, string][] = [
    ['\\"', "'\"'"],
    ["\\'", "''''"],
    ["\\/", "'/'"],
    ["\\n", "chr(10)"],
    ["\\t", "chr(9)"],
    ["\\r", "chr(13)"],
    ["\\b", "chr(8)"],
    ["\\f", "chr(12)"],
  ];
  let s = `replace(${inner}, '\\\\', ${PRIVATE})`;
  for (const [from, to] of simple) s = `replace(${s}, ${quoteString(from)}, ${to})`;
  const code = "CAST(('0x' || __p[1:4]) AS INTEGER)";
  const unicode = `array_to_string(list_transform(string_split(${s}, '\\u'), lambda __p, __n: CASE WHEN __n = 1 THEN __p ELSE (CASE WHEN ${code} BETWEEN 55296 AND 57343 THEN chr(65533) ELSE chr(${code}) END) || __p[5:] END), '')`;
  return `(CASE WHEN contains(${inner}, '\\') THEN replace(${unicode}, ${PRIVATE}, '\\') ELSE ${inner} END)`;
}

/** SQL for the value at `path` of JSON text `text`, as Spark type `type`; `depth` names nested lambdas apart. */
/** The JSON reader's `dateFormat` and `timestampFormat` (Java patterns), where given. */
export interface JsonFormats {
  readonly dateFormat?: string;
  readonly timestampFormat?: string;
}

function valueSql(text: string, path: PathSql, type: DataType, depth = 0, formats: JsonFormats = {}): string {
  const p = pathSql(path);
  const kind = `__json_kind(${text}, ${p})`;
  const raw = `substring(${text}, __json_start(${text}, ${p}), __json_length(${text}, ${p}))`;
  if (type instanceof StructType) {
    const fields = type.fields.map(
      (f) =>
        `${quoteIdentifier(f.name)} := ${valueSql(text, [...path, JSON.stringify(f.name)], f.dataType, depth, formats)}`,
    );
    return `(CASE WHEN ${kind} = ${JsonKind.object} THEN struct_pack(${fields.join(", ")}) END)`;
  }
  if (type instanceof ArrayType) {
    const i = `__i${depth}`;
    const element = valueSql(text, [...path, { sql: i }], type.elementType, depth + 1, formats);
    return `(CASE WHEN ${kind} = ${JsonKind.array} THEN list_transform(range(__json_count(${text}, ${p})), lambda ${i}: ${element}) END)`;
  }
  if (type instanceof MapType) {
    const i = `__i${depth}`;
    const key = unescapeSql(
      `substring(${text}, __json_start(${text}, ${pathSql([...path, { sql: i, wrap: "k" }])}), __json_length(${text}, ${pathSql([...path, { sql: i, wrap: "k" }])}))`,
    );
    const value = valueSql(text, [...path, { sql: i, wrap: "v" }], type.valueType, depth + 1, formats);
    return `(CASE WHEN ${kind} = ${JsonKind.object} THEN map_from_entries(list_transform(range(__json_count(${text}, ${p})), lambda ${i}: struct_pack(k := CAST(${key} AS ${type.keyType.sql()}), v := ${value}))) END)`;
  }
  return scalarSql(kind, raw, type, formats);
}

function scalarSql(kind: string, raw: string, type: DataType, formats: JsonFormats = {}): string {
  const of = (k: number, sql: string) => `(CASE WHEN ${kind} = ${k} THEN ${sql} END)`;
  if (type instanceof DecimalType) return of(JsonKind.number, `TRY_CAST(${raw} AS ${type.sql()})`);
  // An ANSI interval field: JacksonParser reads its string as CAST(string AS interval) does ('1', or
  // "INTERVAL '1' DAY"); what does not parse is null.
  if (type instanceof DayTimeIntervalType || type instanceof YearMonthIntervalType)
    return of(JsonKind.string, castSql(unescapeSql(raw), StringType, type, "TRY"));
  const name = type instanceof AtomicType ? type.name : "string";
  switch (name) {
    case "string":
      // A string field of another kind of value holds that value's JSON text.
      return `(CASE ${kind} WHEN ${JsonKind.null} THEN NULL WHEN ${JsonKind.string} THEN ${unescapeSql(raw)} ELSE ${raw} END)`;
    case "byte":
    case "short":
    case "integer":
    case "long":
      return of(
        JsonKind.number,
        `(CASE WHEN regexp_full_match(${raw}, '-?[0-9]+') THEN TRY_CAST(${raw} AS ${type.sql()}) END)`,
      );
    case "float":
    case "double":
      return of(JsonKind.number, `TRY_CAST(replace(${raw}, '+', '') AS ${type.sql()})`);
    case "boolean":
      return of(JsonKind.boolean, `(${raw} = 'true')`);
    case "timestamp":
    case "timestamp_ntz":
      if (formats.timestampFormat)
        return of(
          JsonKind.string,
          `CAST(try_strptime(${unescapeSql(raw)}, ${quoteString(javaToStrftime(formats.timestampFormat))}) AS TIMESTAMP)`,
        );
      return `(CASE ${kind} WHEN ${JsonKind.string} THEN TRY_CAST(TRY_CAST(${unescapeSql(raw)} AS TIMESTAMPTZ) AS TIMESTAMP) WHEN ${JsonKind.number} THEN TRY_CAST(to_timestamp(TRY_CAST(${raw} AS DOUBLE)) AS TIMESTAMP) END)`;
    case "date":
      if (formats.dateFormat)
        return of(
          JsonKind.string,
          `CAST(try_strptime(${unescapeSql(raw)}, ${quoteString(javaToStrftime(formats.dateFormat))}) AS DATE)`,
        );
      return of(JsonKind.string, `TRY_CAST(${unescapeSql(raw)} AS DATE)`);
    case "binary":
      return of(JsonKind.string, `TRY_CAST(${unescapeSql(raw)} AS BLOB)`);
    default:
      return `CAST(NULL AS ${type.sql()})`;
  }
}

/**
 * `from_json(text, schema)`: a struct (or array, or map) of the JSON text's values. A null text is null; text
 * that is not JSON, or not an object for a struct schema, is a struct of nulls (Spark's PERMISSIVE mode).
 */
export function fromJsonSql(text: string, type: DataType, formats: JsonFormats = {}): string {
  requireJsonFunctions();
  if (type instanceof StructType) {
    const fields = type.fields.map(
      (f) =>
        `${quoteIdentifier(f.name)} := ${valueSql(text, [JSON.stringify(f.name)], f.dataType, 0, formats)}`,
    );
    return `(CASE WHEN ${text} IS NULL THEN NULL ELSE struct_pack(${fields.join(", ")}) END)`;
  }
  return valueSql(text, [], type, 0, formats);
}

/** Whether the text is JSON at all (for the JSON reader's malformed records). */
export function jsonKindSql(text: string): string {
  return `__json_kind(${text}, '[]')`;
}

/** The number of elements of a top-level JSON array. */
export function jsonCountSql(text: string): string {
  return `__json_count(${text}, '[]')`;
}

/** The struct for element `indexSql` of a top-level JSON array (JSON files whose lines hold arrays of records). */
export function fromJsonElementSql(
  text: string,
  indexSql: string,
  type: StructType,
  formats: JsonFormats = {},
): string {
  return valueSql(text, [{ sql: indexSql }], type, 0, formats);
}

/** Spark's `get_json_object(json, '$.a.b[0]')`: the value's text (strings unquoted), or null. */
export function getJsonObjectSql(text: string, jsonPath: string): string {
  requireJsonFunctions();
  const steps: string[] = [];
  const pattern = /\.([^.[\]]+)|\['([^']*)'\]|\[(\d+)\]/gy;
  if (!jsonPath.startsWith("$")) return "CAST(NULL AS VARCHAR)";
  pattern.lastIndex = 1;
  let consumed = 1;
  for (let m = pattern.exec(jsonPath); m; m = pattern.exec(jsonPath)) {
    steps.push(m[3] !== undefined ? m[3] : JSON.stringify(m[1] ?? m[2]));
    consumed = pattern.lastIndex;
  }
  if (consumed !== jsonPath.length) return "CAST(NULL AS VARCHAR)";
  const p = pathSql(steps);
  const kind = `__json_kind(${text}, ${p})`;
  const raw = `substring(${text}, __json_start(${text}, ${p}), __json_length(${text}, ${p}))`;
  return `(CASE ${kind} WHEN ${JsonKind.null} THEN NULL WHEN ${JsonKind.string} THEN ${unescapeSql(raw)} ELSE ${raw} END)`;
}
