/**
 * How a table cell shows a value: timestamps and binary (a Kafka record's key and value) as Spark's show()
 * prints them, structs and arrays as compact JSON.
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "null";
  const decimal = decimalText(value);
  if (decimal !== undefined) return decimal;
  if (value instanceof Date) return formatTimestamp(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : formatDouble(value);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  if (value instanceof Uint8Array)
    return `[${Array.from(value, (b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ")}]`;
  return JSON.stringify(value, (_k, v) => decimalText(v) ?? (typeof v === "bigint" ? v.toString() : v));
}

/**
 * A decimal's plain digits with its scale's zeros (`1.50`), as Spark's show() prints it. The engine's Decimal
 * reaches the notebook structured-cloned, as a plain `{ unscaled, scale }` object.
 */
export function decimalText(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { unscaled, scale } = value as { unscaled?: unknown; scale?: unknown };
  if (typeof unscaled !== "bigint" || typeof scale !== "number") return undefined;
  const digits = (unscaled < 0n ? -unscaled : unscaled).toString();
  const padded = digits.padStart(scale + 1, "0");
  const text = scale > 0 ? `${padded.slice(0, -scale)}.${padded.slice(-scale)}` : digits;
  return unscaled < 0n ? `-${text}` : text;
}

/** A value as a chart's number: decimals by their digits, anything else as Number() reads it. */
export function numberOf(value: unknown): number {
  const decimal = decimalText(value);
  return decimal === undefined ? Number(value) : Number(decimal);
}

/** Spark's show(): 2020-07-01 00:00:00 (UTC here, as the engine's session time zone), with fractions when set. */
export function formatTimestamp(date: Date): string {
  if (Number.isNaN(date.getTime())) return "Invalid Date";
  const iso = date.toISOString();
  const base = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  const ms = iso.slice(20, 23);
  return ms === "000" ? base : `${base}.${ms.replace(/0+$/, "")}`;
}

function formatDouble(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "NaN" : n > 0 ? "Infinity" : "-Infinity";
  return Math.abs(n) >= 1e-4 && Math.abs(n) < 1e15 ? String(Number(n.toPrecision(15))) : n.toExponential(6);
}

export function isNumericType(type: string): boolean {
  return /^(tinyint|smallint|int|integer|bigint|long|float|double|decimal|number)/i.test(type);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

/** A chart axis label that fits its narrow column: 950, 1.2K, 3.4M, 1.7B. */
export function formatCompactNumber(n: number): string {
  return compact.format(n);
}

const DURATION_UNITS: [number, string][] = [
  [365.25 * 24 * 3600_000, "y"],
  [24 * 3600_000, "d"],
  [3600_000, "h"],
  [60_000, "min"],
  [1000, "s"],
];

/** A duration in its largest unit, for axes and tooltips: 800 ms, 45 s, 10 min, 3.5 h, 6.9 y. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "";
  const sign = ms < 0 ? "−" : "";
  const abs = Math.abs(ms);
  for (const [size, unit] of DURATION_UNITS) {
    if (abs >= size) {
      const v = abs / size;
      return `${sign}${v >= 10 ? Math.round(v) : Number(v.toFixed(1))} ${unit}`;
    }
  }
  return `${sign}${Math.round(abs)} ms`;
}
