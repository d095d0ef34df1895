/**
 * Rows across the language boundary as JSON. The engine's rows go to Python as arrays in column order (the
 * `pyspark` package builds Row objects and converts the values by the schema); rows from Python tag the values
 * JSON has no type for.
 */
import { Decimal, VariantVal } from "../engine";

import { fromWallClockDate } from "../engine/internal";

/** Rows as JSON arrays in column order. */
export function rowsToJson(rows: readonly Record<string, unknown>[], names: readonly string[]): string {
  return JSON.stringify(
    rows.map((r) => names.map((n) => r[n] ?? null)),
    jsonReplacer,
  );
}

/** Columns of values (a UDF's arguments, column by column) as JSON arrays. */
export function columnsToJson(columns: readonly (readonly unknown[])[]): string {
  return JSON.stringify(columns, jsonReplacer);
}

/**
 * Rows from Python's JSON, tagged values restored; `{"$wall": ms}` (a naive datetime for a TIMESTAMP) is a wall
 * clock in the session time zone `timeZone`, as PySpark reads one.
 */
export function rowsFromJson(json: string, timeZone = "UTC"): unknown[] {
  return JSON.parse(json, (key, value) => {
    if (value && typeof value === "object" && typeof (value as { $wall?: unknown }).$wall === "number")
      return fromWallClockDate(new Date((value as { $wall: number }).$wall), timeZone);
    return jsonReviver(key, value);
  });
}

/**
 * Dates as epoch milliseconds, bigints, decimals (their exact digits) and non-finite doubles as strings: Python
 * converts them by the schema.
 */
function jsonReplacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Date) return raw.getTime();
  // A variant crosses as its canonical text; Python's VariantVal reads it by the schema.
  if (raw instanceof VariantVal) return raw.canonical;
  if (raw instanceof Decimal) return raw.toPlainString();
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (value instanceof Uint8Array) return Array.from(value);
  return value;
}

/**
 * Rows from Python: `{"$date": ms}` is a timestamp, `{"$bigint": "..."}` an integer past 2^53, `{"$decimal":
 * "..."}` a decimal.Decimal's exact digits.
 */
function jsonReviver(_key: string, value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.$date === "number") return new Date(v.$date);
    if (typeof v.$bigint === "string") return BigInt(v.$bigint);
    if (typeof v.$double === "string") return Number(v.$double);
    if (typeof v.$decimal === "string") return Decimal.parse(v.$decimal);
  }
  return value;
}
