/**
 * Spark's implicit casts for function arguments (ImplicitCastInputTypes): a function that takes a string takes
 * any atomic value cast to a string, `hour` takes a timestamp string, math takes numeric strings; a value that
 * cannot be cast (an array where a string is wanted) fails analysis with DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE.
 * DuckDB casts far less on its own, so the casts are written into the SQL here.
 */

import { unexpectedInputType } from "../../errors/QueryCompilationErrors";
import type { Expression } from "../expressions";
import {
  ArrayType,
  AtomicType,
  type DataType,
  DecimalType,
  isIntervalType,
  MapType,
  StructType,
} from "../types";
import { expressionSql } from "./naming";

/** What a function parameter accepts, in Spark's terms. */
export type InputType =
  | "any"
  | "string"
  /** Spark's BinaryType parameter: a string is its UTF-8 bytes (the implicit cast Spark adds). */
  | "binary"
  /** TypeCollection(StringType, BinaryType): a binary as it is, anything else as a string parameter takes it. */
  | "stringOrBinary"
  | "numeric"
  | "integral"
  | "boolean"
  | "timestamp"
  /** A timestamp (dates and strings cast to one), or an interval as it is: what extract and date_part take. */
  | "timestampOrInterval"
  | "date"
  | "array"
  | "map"
  | "arrayOrMap"
  | "struct";

const DISPLAY: Record<InputType, string> = {
  any: "ANY",
  string: '"STRING"',
  binary: '"BINARY"',
  stringOrBinary: '("STRING" or "BINARY")',
  numeric: '"NUMERIC"',
  integral: '"INTEGRAL"',
  boolean: '"BOOLEAN"',
  timestamp: '"TIMESTAMP"',
  timestampOrInterval: '"TIMESTAMP"',
  date: '"DATE"',
  array: '"ARRAY"',
  map: '"MAP"',
  arrayOrMap: '("ARRAY" or "MAP")',
  struct: '"STRUCT"',
};

const atomicName = (t: DataType) => (t instanceof AtomicType ? t.name : undefined);
const isNull = (t: DataType) => atomicName(t) === "null";
const isString = (t: DataType) => atomicName(t) === "string";
export const isNumericType = (t: DataType) =>
  t instanceof DecimalType || (t instanceof AtomicType && t.isNumeric());
const isIntegral = (t: DataType) => ["byte", "short", "integer", "long"].includes(atomicName(t) ?? "");
const isDatetime = (t: DataType) => ["date", "timestamp", "timestamp_ntz"].includes(atomicName(t) ?? "");

/** The SQL that feeds `sql` (of type `type`) to a parameter accepting `wanted`, or undefined where Spark refuses. */
function coerce(sql: string, type: DataType, wanted: InputType): string | undefined {
  if (wanted === "any" || isNull(type)) return sql;
  const complex = type instanceof ArrayType || type instanceof MapType || type instanceof StructType;
  switch (wanted) {
    case "string":
      if (isString(type)) return sql;
      return complex || atomicName(type) === "binary" ? undefined : `CAST(${sql} AS VARCHAR)`;
    case "binary":
      if (atomicName(type) === "binary") return sql;
      return isString(type) ? `encode(${sql})` : undefined;
    case "stringOrBinary":
      return atomicName(type) === "binary" ? sql : coerce(sql, type, "string");
    case "numeric":
      if (isNumericType(type)) return sql;
      return isString(type) ? `CAST(${sql} AS DOUBLE)` : undefined;
    case "integral":
      if (isIntegral(type)) return sql;
      return isString(type) ? `CAST(${sql} AS BIGINT)` : undefined;
    case "boolean":
      if (atomicName(type) === "boolean") return sql;
      return isString(type) ? `CAST(${sql} AS BOOLEAN)` : undefined;
    case "timestampOrInterval":
      return isIntervalType(type) ? sql : coerce(sql, type, "timestamp");
    case "timestamp":
      if (atomicName(type)?.startsWith("timestamp")) return sql;
      return isString(type) || atomicName(type) === "date" ? `CAST(${sql} AS TIMESTAMP)` : undefined;
    case "date":
      if (atomicName(type) === "date") return sql;
      return isString(type) || isDatetime(type) ? `CAST(${sql} AS DATE)` : undefined;
    case "array":
      return type instanceof ArrayType ? sql : undefined;
    case "map":
      return type instanceof MapType ? sql : undefined;
    case "arrayOrMap":
      return type instanceof ArrayType || type instanceof MapType ? sql : undefined;
    case "struct":
      return type instanceof StructType ? sql : undefined;
  }
}

/**
 * Casts each argument of `call` to what its parameter takes. `inputTypes[i]` (the last repeats for varargs)
 * says what parameter i accepts; `typeOf` gives the type of compiled SQL.
 */
export function coerceArguments(
  call: Extract<Expression, { kind: "call" }>,
  args: readonly string[],
  inputTypes: readonly InputType[],
  typeOf: (sql: string) => DataType,
): string[] {
  return args.map((sql, i) => {
    if (sql === "*") return sql;
    const wanted = inputTypes[Math.min(i, inputTypes.length - 1)];
    if (wanted === "any") return sql;
    const type = typeOf(sql);
    const coerced = coerce(sql, type, wanted);
    if (coerced !== undefined) return coerced;
    throw unexpectedInputType(expressionSql(call), i, DISPLAY[wanted], expressionSql(call.args[i]), type);
  });
}
