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

/** DecimalType.fromDecimal: a value's type, its precision at least its scale. */
export function decimalTypeOf(value: DecimalValue): DecimalType {
  return new DecimalType(
    Math.min(MAX_PRECISION, Math.max(digitCount(value.unscaled), value.scale)),
    value.scale,
  );
}

/**
 * A decimal value as rows carry it (Spark's Row gives a java.math.BigDecimal, PySpark a decimal.Decimal): exact,
 * `unscaled × 10^-scale`. `toString()` is its plain digits with the scale's trailing zeros (`1.50`), as Spark's
 * `show()` prints it; `toNumber()` (and `valueOf()`, so `+d`, `d * 2` and `d < 3` work) the nearest double;
 * `toJSON()` the plain digits as a string, as decimal libraries in JavaScript write them (a JSON number would
 * round them to a double's).
 */
export class Decimal implements DecimalValue {
  readonly unscaled: bigint;
  readonly scale: number;

  constructor(unscaled: bigint, scale: number) {
    this.unscaled = unscaled;
    this.scale = scale;
  }

  /** Java's `new BigDecimal(text)` (`"1.50"`, `"-3"`, `"1E+3"`); a negative scale is made 0. */
  static parse(text: string): Decimal {
    const parsed = parseBigDecimal(text.trim());
    if (parsed === undefined) throw new RangeError(`Not a decimal number: ${text}`);
    if (parsed.scale < 0) return new Decimal(parsed.unscaled * 10n ** BigInt(-parsed.scale), 0);
    return new Decimal(parsed.unscaled, parsed.scale);
  }

  /** A value as a Decimal: a Decimal as it is, a bigint with scale 0, a number or string by its shortest digits. */
  static from(value: Decimal | DecimalValue | bigint | number | string): Decimal {
    if (value instanceof Decimal) return value;
    if (typeof value === "bigint") return new Decimal(value, 0);
    if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new RangeError(`Not a decimal number: ${value}`);
      return Decimal.parse(String(value));
    }
    if (typeof value === "string") return Decimal.parse(value);
    return new Decimal(value.unscaled, value.scale);
  }

  /** BigDecimal.precision: the unscaled value's digits (1 for zero). */
  get precision(): number {
    return digitCount(this.unscaled);
  }

  /** BigDecimal.unscaledValue. */
  unscaledValue(): bigint {
    return this.unscaled;
  }

  /** The value at `scale` digits after the point, rounded half up (BigDecimal.setScale(scale, HALF_UP)). */
  setScale(scale: number): Decimal {
    if (scale >= this.scale) return new Decimal(this.unscaled * 10n ** BigInt(scale - this.scale), scale);
    const divisor = 10n ** BigInt(this.scale - scale);
    const negative = this.unscaled < 0n;
    const magnitude = negative ? -this.unscaled : this.unscaled;
    let q = magnitude / divisor;
    if ((magnitude % divisor) * 2n >= divisor) q += 1n;
    return new Decimal(negative ? -q : q, scale);
  }

  /** Equal numbers whatever their scales (BigDecimal.compareTo, not equals): -1, 0 or 1. */
  compareTo(other: Decimal | DecimalValue | bigint | number | string): number {
    const o = Decimal.from(other);
    const scale = Math.max(this.scale, o.scale);
    const a = this.unscaled * 10n ** BigInt(scale - this.scale);
    const b = o.unscaled * 10n ** BigInt(scale - o.scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** The same number and the same scale (BigDecimal.equals: 1.5 and 1.50 differ). */
  equals(other: unknown): boolean {
    return other instanceof Decimal && other.unscaled === this.unscaled && other.scale === this.scale;
  }

  /** BigDecimal.toPlainString: `12345678901234567890.123456789`, `0.0010`. */
  toPlainString(): string {
    return plainString(this);
  }

  /** The plain digits with the scale's trailing zeros, as `show()` prints a decimal. */
  toString(): string {
    return plainString(this);
  }

  /** The nearest double (digits past a double's 15–17 are lost). */
  toNumber(): number {
    return Number(plainString(this));
  }

  valueOf(): number {
    return this.toNumber();
  }

  [Symbol.toPrimitive](hint: string): number | string {
    return hint === "string" ? this.toString() : this.toNumber();
  }

  toJSON(): string {
    return this.toString();
  }

  /** Node's console and inspect show the digits, as BigDecimal's toString does. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `Decimal(${this.toString()})`;
  }
}
