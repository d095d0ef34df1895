/**
 * Rows across the language boundary as JSON. The engine's rows go to Python as arrays in column order (the
 * `pyspark` package builds Row objects and converts the values by the schema); rows from Python tag the values
 * JSON has no type for.
 */
import { ArrayType, type DataType, Decimal, MapType, StructType, VariantVal } from "../engine";

import { AtomicType, fromWallClockDate, rowSchemaOf, wallClockValue } from "../engine/internal";

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

/**
 * Rows that kept their schema apart from a DataFrame (a batch history's), as Python reads them: by the row's
 * types, a DATE as `{"$day": ms}` (a datetime.date in Python) and a TIMESTAMP as its wall clock in the session
 * time zone, the naive datetime collect() gives. A row without a schema stays as it is.
 */
export function typedRowsForPython(rows: readonly Record<string, unknown>[], timeZone: string): unknown[] {
  return rows.map((row) => {
    const schema = rowSchemaOf(row);
    return schema ? typedForPython(row, schema, timeZone) : row;
  });
}

function typedForPython(value: unknown, type: DataType | undefined, timeZone: string): unknown {
  if (value === null || value === undefined || type === undefined) return value;
  if (value instanceof Date)
    return type instanceof AtomicType && type.name === "date"
      ? { $day: value.getTime() }
      : wallClockValue(value, type, timeZone);
  if (type instanceof ArrayType && Array.isArray(value))
    return value.map((v) => typedForPython(v, type.elementType, timeZone));
  if (typeof value !== "object" || value instanceof Uint8Array || Array.isArray(value)) return value;
  if (type instanceof MapType)
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        typedForPython(v, type.valueType, timeZone),
      ]),
    );
  if (type instanceof StructType) {
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const f of type.fields)
      if (f.name in out) out[f.name] = typedForPython(out[f.name], f.dataType, timeZone);
    return out;
  }
  return value;
}
