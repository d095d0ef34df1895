/**
 * `df.show()`'s table, as Spark's Dataset.showString formats it, with values printed as Spark's ToPrettyString
 * prints them: NULL for nulls (nested ones too), doubles as Java prints them (`1.0`, `1.0E10`), timestamps in the
 * session time zone (`spark.sql.session.timeZone`; TIMESTAMP_NTZ as it is) without trailing zero fractions, `[1, 2]`, `{a, 1}`, `{k -> v}`.
 */

import { toWallClockDate } from "../codegen/timeZones";
import { Decimal } from "../decimals";
import { CalendarInterval, formatInterval } from "../intervalValues";
import { ArrayType, AtomicType, type DataType, DecimalType, MapType, StructType } from "../types";
import { VariantVal } from "../variantValues";
import type { Row } from "./rows";

/** Java's Double.toString / Float.toString for a value already reduced to its shortest digits. */
function javaNumber(shortest: string, value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e7) {
    const plain = Number(shortest).toString();
    return plain.includes(".") ? plain : `${plain}.0`;
  }
  const [mantissa, exponent] = Number(shortest).toExponential().split("e");
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

export function formatDouble(value: number): string {
  return javaNumber(String(value), value);
}

/** A float's shortest decimal digits (the value arrives widened to a double). */
export function formatFloat(value: number): string {
  if (!Number.isFinite(value)) return javaNumber(String(value), value);
  for (let p = 1; p <= 9; p++) {
    const candidate = value.toPrecision(p);
    if (Math.fround(Number(candidate)) === Math.fround(value))
      return javaNumber(candidate, Number(candidate));
  }
  return javaNumber(String(value), value);
}

/** A timestamp as Spark prints it: "2024-01-02 03:04:05", with ".5" or ".123" when there is a fraction. */
export function formatTimestamp(value: Date): string {
  const iso = value.toISOString();
  const fraction = iso.slice(20, 23).replace(/0+$/, "");
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ""}`;
}

/**
 * One value as Spark's ToPrettyString prints it; a TIMESTAMP (not a TIMESTAMP_NTZ) as its wall clock in
 * `timeZone`, the session time zone.
 */
export function formatValue(value: unknown, type: DataType | undefined, timeZone?: string): string {
  if (value === null || value === undefined) return "NULL";
  if (value instanceof CalendarInterval) return formatInterval(value, type);
  if (value instanceof VariantVal) return value.toJson();
  if (value instanceof Date) {
    if (type instanceof AtomicType && type.name === "date") return value.toISOString().slice(0, 10);
    if (type instanceof AtomicType && type.name === "timestamp_ntz") return formatTimestamp(value);
    return formatTimestamp(toWallClockDate(value, timeZone));
  }
  if (typeof value === "number" && type instanceof AtomicType) {
    if (type.name === "double") return formatDouble(value);
    if (type.name === "float") return formatFloat(value);
  }
  // A decimal as BigDecimal.toPlainString: exact digits with the scale's trailing zeros.
  if (value instanceof Decimal) return value.toPlainString();
  if (typeof value === "number" && type instanceof DecimalType) return value.toFixed(type.scale);
  if (Array.isArray(value)) {
    const element = type instanceof ArrayType ? type.elementType : undefined;
    return `[${value.map((v) => formatValue(v, element, timeZone)).join(", ")}]`;
  }
  if (value instanceof Uint8Array)
    return `[${Array.from(value, (b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ")}]`;
  if (typeof value === "object") {
    if (type instanceof MapType) {
      return `{${Object.entries(value)
        .map(([k, v]) => `${k} -> ${formatValue(v, type.valueType, timeZone)}`)
        .join(", ")}}`;
    }
    const record = value as Record<string, unknown>;
    const parts =
      type instanceof StructType
        ? type.fields.map((f) => formatValue(record[f.name], f.dataType, timeZone))
        : Object.values(record).map((v) => formatValue(v, undefined, timeZone));
    return `{${parts.join(", ")}}`;
  }
  return String(value);
}

/**
 * A value with its TIMESTAMPs (not TIMESTAMP_NTZs) as their wall clocks in `timeZone` (Dates whose UTC fields
 * are the zone's local time): what PySpark's collect() makes naive datetimes of.
 */
export function wallClockValue(value: unknown, type: DataType | undefined, timeZone: string): unknown {
  if (value === null || value === undefined || timeZone === "UTC") return value;
  if (value instanceof Date)
    return type instanceof AtomicType && type.name === "timestamp" ? toWallClockDate(value, timeZone) : value;
  if (type instanceof ArrayType && Array.isArray(value))
    return value.map((v) => wallClockValue(v, type.elementType, timeZone));
  if (type instanceof MapType && typeof value === "object" && !(value instanceof Uint8Array))
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        wallClockValue(v, type.valueType, timeZone),
      ]),
    );
  if (type instanceof StructType && typeof value === "object" && !(value instanceof Uint8Array)) {
    if (Array.isArray(value))
      return value.map((v, i) => wallClockValue(v, type.fields[i]?.dataType, timeZone));
    const record = value as Record<string, unknown>;
    const out: Record<string, unknown> = { ...record };
    for (const f of type.fields) out[f.name] = wallClockValue(record[f.name], f.dataType, timeZone);
    return out;
  }
  return value;
}

/** Spark's SchemaUtils.escapeMetaCharacters: control characters shown escaped so they keep the table's shape. */
function escapeMetaCharacters(s: string): string {
  return s
    .replaceAll("\n", "\\n")
    .replaceAll("\r", "\\r")
    .replaceAll("\t", "\\t")
    .replaceAll("\f", "\\f")
    .replaceAll("\b", "\\b")
    .replaceAll("\u000B", "\\v")
    .replaceAll("\u0007", "\\a");
}

/** Columns a string takes in a terminal: East Asian wide and full-width characters take two. */
function stringHalfWidth(s: string): number {
  let width = 0;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6);
    width += wide ? 2 : 1;
  }
  return width;
}

const padLeft = (s: string, width: number) => " ".repeat(Math.max(0, width - stringHalfWidth(s))) + s;
const padRight = (s: string, width: number, fill = " ") =>
  s + fill.repeat(Math.max(0, width - stringHalfWidth(s)));

/**
 * The text `show(numRows, truncate, vertical)` prints for `rows` (objects, or arrays in column order; up to
 * numRows + 1 of them, the extra one telling that there is more), ending with a newline.
 */
export function showString(
  rows: readonly (Row | readonly unknown[])[],
  schema: StructType,
  numRows: number,
  truncate: boolean | number,
  vertical = false,
  timeZone?: string,
): string {
  const limit = typeof truncate === "number" ? truncate : truncate ? 20 : 0;
  const cut = (s: string) =>
    limit > 0 && s.length > limit ? (limit < 4 ? s.slice(0, limit) : `${s.slice(0, limit - 3)}...`) : s;
  const header = schema.fieldNames.map(escapeMetaCharacters);
  const cells = rows.slice(0, numRows).map((row) =>
    schema.fields.map((f, j) => {
      const value = Array.isArray(row) ? row[j] : (row as Row)[f.name];
      return cut(escapeMetaCharacters(formatValue(value, f.dataType, timeZone)));
    }),
  );
  const more = rows.length > numRows ? `only showing top ${numRows} ${numRows === 1 ? "row" : "rows"}\n` : "";
  const minimum = 3;
  if (vertical) {
    const nameWidth = Math.max(minimum, ...header.map(stringHalfWidth));
    const dataWidth = Math.max(minimum, ...cells.flat().map(stringHalfWidth));
    const records = cells.map((row, i) => {
      const lines = row.map((c, j) => ` ${padRight(header[j], nameWidth)} | ${padRight(c, dataWidth)} `);
      return `${padRight(`-RECORD ${i}`, nameWidth + dataWidth + 5, "-")}\n${lines.join("\n")}\n`;
    });
    return cells.length === 0 ? "(0 rows)\n" : `${records.join("")}${more}`;
  }
  const widths = header.map((h, j) =>
    Math.max(minimum, stringHalfWidth(h), ...cells.map((r) => stringHalfWidth(r[j]))),
  );
  const pad = (s: string, w: number) => (limit > 0 ? padLeft(s, w) : padRight(s, w));
  const line = `+${widths.map((w) => "-".repeat(w)).join("+")}+\n`;
  const render = (r: readonly string[]) => `|${r.map((c, j) => pad(c, widths[j])).join("|")}|\n`;
  return `${line}${render(header)}${line}${cells.map(render).join("")}${line}${more}`;
}
