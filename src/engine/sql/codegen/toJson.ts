/** From Spark values to JSON text, in SQL only: `to_json` and the JSON file sink, as Spark's JSON generator. */
import { quoteIdentifier, quoteString } from "../../duckdb/DuckDB";
import {
  ArrayType,
  AtomicType,
  type DataType,
  MapType,
  StructType,
  VARIANT_FIELD,
  VariantType,
} from "../types";
import { VARIANT_JSON_PATTERN } from "../variantValues";
import { intervalToStringSql } from "./intervalCasts";

/** How toJsonSql writes: `variant` is the text a cast to VARIANT parses (see variantFunctions.ts). */
export interface ToJsonOptions extends JsonDatetimeFormats {
  /** Null struct fields kept as null, doubles marked as doubles, variants as their canonical text. */
  readonly variant?: boolean;
}

function jsonStringSql(sql: string): string {
  let s = `replace(replace(${sql}, '\\', '\\\\'), '"', '\\"')`;
  for (const [code, escaped] of [
    [10, "\\n"],
    [13, "\\r"],
    [9, "\\t"],
  ] as const)
    s = `replace(${s}, chr(${code}), ${quoteString(escaped)})`;
  return `('"' || ${s} || '"')`;
}

/** The writer's `timestampFormat` / `dateFormat` as strftime patterns (absent: Spark's ISO-8601 defaults). */
export interface JsonDatetimeFormats {
  readonly timestamp?: string;
  readonly date?: string;
}

/** SQL writing a value of `type` as JSON text, as Spark's JSON generator does (null struct fields left out). */
export function toJsonSql(sql: string, type: DataType, depth = 0, options: ToJsonOptions = {}): string {
  const json = (inner: string, t: DataType): string =>
    `coalesce(${toJsonSql(inner, t, depth + 1, options)}, 'null')`;
  if (type instanceof VariantType) {
    const text = `(${sql}).${quoteIdentifier(VARIANT_FIELD)}`;
    return options.variant
      ? text
      : `regexp_replace(${text}, ${quoteString(VARIANT_JSON_PATTERN)}, '\\1\\2\\3\\4\\5', 'g')`;
  }
  if (type instanceof StructType) {
    const members = type.fields.map((f) => {
      const value = `(${sql}).${quoteIdentifier(f.name)}`;
      const name = quoteString(`${JSON.stringify(f.name)}:`);
      if (options.variant) return `${name} || ${json(value, f.dataType)}`;
      return `CASE WHEN ${value} IS NULL THEN NULL ELSE ${name} || ${toJsonSql(value, f.dataType, depth, options)} END`;
    });
    return `(CASE WHEN ${sql} IS NULL THEN NULL ELSE '{' || concat_ws(',', ${members.join(", ") || "NULL"}) || '}' END)`;
  }
  if (type instanceof ArrayType) {
    const x = `__x${depth}`;
    const element = json(x, type.elementType);
    return `(CASE WHEN ${sql} IS NULL THEN NULL ELSE '[' || array_to_string(list_transform(${sql}, lambda ${x}: ${element}), ',') || ']' END)`;
  }
  if (type instanceof MapType) {
    const e = `__e${depth}`;
    const value = json(`${e}.value`, type.valueType);
    return `(CASE WHEN ${sql} IS NULL THEN NULL ELSE '{' || array_to_string(list_transform(map_entries(${sql}), lambda ${e}: ${jsonStringSql(`CAST(${e}.key AS VARCHAR)`)} || ':' || ${value}), ',') || '}' END)`;
  }
  // JacksonGenerator writes an interval as a string: an ANSI interval as its literal
  // (`"INTERVAL '1-2' YEAR TO MONTH"`), a CalendarInterval as its toString.
  const interval = intervalToStringSql(sql, type);
  if (interval !== undefined) return jsonStringSql(interval);
  const name = type instanceof AtomicType ? type.name : "decimal";
  switch (name) {
    case "string":
      return jsonStringSql(sql);
    case "boolean":
      return `(CASE WHEN ${sql} THEN 'true' WHEN NOT ${sql} THEN 'false' END)`;
    case "timestamp":
    case "timestamp_ntz":
      if (options.timestamp !== undefined)
        return jsonStringSql(
          `strftime(${sql}, ${quoteString(options.timestamp.replaceAll("%z", name === "timestamp" ? "Z" : ""))})`,
        );
      return `('"' || strftime(${sql}, '%Y-%m-%dT%H:%M:%S.%g') || '${name === "timestamp" ? "Z" : ""}"')`;
    case "date":
      if (options.date !== undefined) return jsonStringSql(`strftime(${sql}, ${quoteString(options.date)})`);
      return `('"' || strftime(${sql}, '%Y-%m-%d') || '"')`;
    case "binary":
      return jsonStringSql(`to_base64(${sql})`);
    case "null":
      return "CAST(NULL AS VARCHAR)";
    case "double":
    case "float":
      if (options.variant) {
        const text = `CAST(${sql} AS VARCHAR)`;
        return `(CASE WHEN contains(${text}, 'e') THEN ${text} ELSE ${text} || 'E0' END)`;
      }
      return `CAST(${sql} AS VARCHAR)`;
    default:
      return `CAST(${sql} AS VARCHAR)`;
  }
}
