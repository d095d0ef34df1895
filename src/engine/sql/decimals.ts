/**
 * Spark's Decimal values as the parser and the code generator see them: a literal's digits as Java's BigDecimal
 * reads them (an unscaled integer and a scale), the DecimalType Spark gives it, and its text as
 * `BigDecimal.toString` writes it (`1.10`, `1.230E-26`), which is how Spark names a literal's column.
 */
import { DecimalType } from "./types";

export const MAX_PRECISION = 38;
export const MINIMUM_ADJUSTED_SCALE = 6;

/** A decimal number: `unscaled × 10^-scale`. */
export interface DecimalValue {
  readonly unscaled: bigint;
  readonly scale: number;
}

/** Java's `new BigDecimal(text)`: digits with an optional point and exponent; undefined where it is no number. */
export function parseBigDecimal(text: string): DecimalValue | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return undefined;
  const fraction = m[3] ?? "";
  const digits = `${m[2]}${fraction}`.replace(/^0+(?=\d)/, "");
  const unscaled = BigInt(digits) * (m[1] === "-" ? -1n : 1n);
  return { unscaled, scale: fraction.length - Number(m[4] ?? 0) };
}

/** The number of digits of the unscaled value (1 for zero), BigDecimal.precision. */
export function digitCount(unscaled: bigint): number {
  return (unscaled < 0n ? -unscaled : unscaled).toString().length;
}

/**
 * Spark's Decimal of a BigDecimal: a negative scale is made 0 (spark.sql.legacy.allowNegativeScaleOfDecimal is
 * off), and its type DecimalType.fromDecimal: precision at least the scale. Undefined past 38 digits.
 */
export function sparkDecimal(value: DecimalValue): { value: DecimalValue; type: DecimalType } | undefined {
  const v = value.scale < 0 ? { unscaled: value.unscaled * 10n ** BigInt(-value.scale), scale: 0 } : value;
  const precision = Math.max(digitCount(v.unscaled), v.scale);
  if (precision > MAX_PRECISION) return undefined;
  return { value: v, type: new DecimalType(precision, v.scale) };
}

/** The number's plain digits (`BigDecimal.toPlainString`): `0.0010`, `-12.50`, `100`. */
export function plainString(value: DecimalValue): string {
  const negative = value.unscaled < 0n;
  const digits = (negative ? -value.unscaled : value.unscaled).toString();
  let text: string;
  if (value.scale <= 0) text = digits + "0".repeat(-value.scale);
  else {
    const padded = digits.padStart(value.scale + 1, "0");
    text = `${padded.slice(0, -value.scale)}.${padded.slice(-value.scale)}`;
  }
  return negative ? `-${text}` : text;
}

/** `BigDecimal.toString`: plain unless the scale is negative or the number is below 10^-6 (`1.230E-26`). */
export function javaBigDecimalString(value: DecimalValue): string {
  const negative = value.unscaled < 0n;
  const digits = (negative ? -value.unscaled : value.unscaled).toString();
  const adjusted = digits.length - 1 - value.scale;
  if (value.scale >= 0 && adjusted >= -6) return plainString(value);
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${negative ? "-" : ""}${mantissa}E${adjusted >= 0 ? "+" : ""}${adjusted}`;
}

/**
 * A decimal literal's value as the expression tree holds it: a number where its digits fit a double exactly
 * (up to 15), else its plain text, which the code generator casts unchanged.
 */
export function literalValue(value: DecimalValue): number | string {
  const text = plainString(value);
  return digitCount(value.unscaled) <= 15 ? Number(text) : text;
}

/** A decimal literal's value (number or text) as a DecimalValue of the literal's scale. */
export function decimalOfLiteral(value: number | string, scale: number): DecimalValue {
  const text = typeof value === "number" ? value.toFixed(scale) : value;
  const parsed = parseBigDecimal(text) ?? { unscaled: 0n, scale };
  if (parsed.scale === scale) return parsed;
  if (parsed.scale < scale) return { unscaled: parsed.unscaled * 10n ** BigInt(scale - parsed.scale), scale };
  return parsed;
}
