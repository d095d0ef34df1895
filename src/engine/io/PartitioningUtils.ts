/**
 * Spark's PartitioningUtils for the values of `key=value` directories: the type each raw value is inferred as
 * (inferPartitionColumnValue), the type a column's values share (findWiderTypeForPartitionColumn), and the SQL
 * that reads a raw value as its column's type (castPartValueToDesiredType).
 */
import { quoteString } from "../duckdb/DuckDB";
import { castSql } from "../sql/codegen/castSql";
import {
  AtomicType,
  type DataType,
  DateType,
  DecimalType,
  DoubleType,
  IntegerType,
  LongType,
  NullType,
  StringType,
  TimestampNTZType,
  TimestampType,
} from "../sql/types";

/** Spark's MAX_PRECISION of a decimal. */
const MAX_PRECISION = 38;

/** Java's Integer.parseInt / Long.parseLong: an optional sign and decimal digits, within the type's range. */
function parsesAsIntegral(raw: string, bits: 32n | 64n): boolean {
  if (!/^[+-]?\d+$/.test(raw)) return false;
  const value = BigInt(raw);
  return value >= -(2n ** (bits - 1n)) && value < 2n ** (bits - 1n);
}

/**
 * `new java.math.BigDecimal(raw)` with a scale of at most 0 and a precision Spark's DecimalType holds: an
 * integer too long for a bigint (an exponent gives a negative scale, which Spark refuses).
 */
function decimalOf(raw: string): DecimalType | undefined {
  const digits = /^[+-]?(\d+)$/.exec(raw)?.[1];
  if (digits === undefined) return undefined;
  const precision = Math.max(digits.replace(/^0+/, "").length, 1);
  return precision <= MAX_PRECISION ? new DecimalType(precision, 0) : undefined;
}

/** Java's Double.parseDouble: surrounding blanks, NaN, Infinity, a `d` or `f` suffix. */
function parsesAsDouble(raw: string): boolean {
  return /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/.test(raw.trim());
}

/** A proleptic Gregorian date with these fields exists (Spark's formatters resolve strictly). */
function validDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Spark's DateFormatter.defaultPattern `yyyy-MM-dd`, the whole text. */
function parsesAsDate(raw: string): boolean {
  const m = /^(\d{4,})-(\d{2})-(\d{2})$/.exec(raw);
  return m !== null && validDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Spark's timestampPartitionPattern `yyyy-MM-dd HH:mm:ss[.S]` (a fraction of 1 to 9 digits), the whole text. */
function parsesAsTimestamp(raw: string): boolean {
  const m = /^(\d{4,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?$/.exec(raw);
  return (
    m !== null &&
    validDate(Number(m[1]), Number(m[2]), Number(m[3])) &&
    Number(m[4]) < 24 &&
    Number(m[5]) < 60 &&
    Number(m[6]) < 60
  );
}

/**
 * Spark's inferPartitionColumnValue: the type of one raw (unescaped) partition value, null for Hive's default
 * partition name. Integral types first, then a decimal without fraction, a double, a timestamp (of
 * `spark.sql.timestampType`), a date; else a string. Without type inference every value is a string.
 */
export function inferPartitionColumnValue(
  raw: string | null,
  typeInference: boolean,
  timestampType: DataType,
): DataType {
  if (raw === null) return NullType;
  if (!typeInference) return StringType;
  if (parsesAsIntegral(raw, 32n)) return IntegerType;
  if (parsesAsIntegral(raw, 64n)) return LongType;
  const decimal = decimalOf(raw);
  if (decimal) return decimal;
  if (parsesAsDouble(raw)) return DoubleType;
  if (parsesAsTimestamp(raw)) return timestampType;
  if (parsesAsDate(raw)) return DateType;
  return StringType;
}

/** An integral type as the decimal that holds it (Spark's DecimalType.forType). */
function asDecimal(t: DataType): DecimalType | undefined {
  if (t instanceof DecimalType) return t;
  if (t === IntegerType) return new DecimalType(10, 0);
  if (t === LongType) return new DecimalType(20, 0);
  return undefined;
}

const isTimestamp = (t: DataType) => t === TimestampType || t === TimestampNTZType;

/**
 * Spark's findWiderTypeForPartitionColumn: TypeCoercion.findWiderTypeForTwo over the types partition values
 * are inferred as, except that a double does not widen a bigint or a decimal (it would lose digits): those,
 * and every pair with no wider type, are strings.
 */
export function findWiderTypeForPartitionColumn(a: DataType, b: DataType): DataType {
  if (a.equals(b)) return a;
  if (a === NullType) return b;
  if (b === NullType) return a;
  const pair = (x: DataType, y: DataType) => (a === x && b === y) || (a === y && b === x);
  if (pair(IntegerType, LongType)) return LongType;
  if (pair(IntegerType, DoubleType)) return DoubleType;
  const da = asDecimal(a);
  const db = asDecimal(b);
  if (da && db && (a instanceof DecimalType || b instanceof DecimalType)) {
    // Spark's DecimalPrecision.widerDecimalType, bounded by the maximum precision.
    const scale = Math.max(da.scale, db.scale);
    const range = Math.max(da.precision - da.scale, db.precision - db.scale);
    return new DecimalType(Math.min(range + scale, MAX_PRECISION), scale);
  }
  if (pair(DateType, TimestampType)) return TimestampType;
  if (pair(DateType, TimestampNTZType)) return TimestampNTZType;
  if (isTimestamp(a) && isTimestamp(b)) return TimestampType;
  return StringType;
}

/** The partition column's type over all its values (a column of nulls only: a string). */
export function partitionColumnType(
  values: readonly (string | null)[],
  typeInference: boolean,
  timestampType: DataType,
): DataType {
  const types = values.map((v) => inferPartitionColumnValue(v, typeInference, timestampType));
  const wider = types.reduce(findWiderTypeForPartitionColumn, NullType);
  return wider === NullType ? StringType : wider;
}

/**
 * Spark's castPartValueToDesiredType as SQL: a raw value read as the column's type (null stays null); dates and
 * timestamps as Spark's cast reads a string, in `timeZone`.
 */
export function castPartValueSql(value: string | null, type: DataType, timeZone: string): string {
  if (value === null) return `CAST(NULL AS ${type.sql()})`;
  const literal = quoteString(value);
  if (type === DateType || isTimestamp(type)) return castSql(literal, StringType, type, "LEGACY", timeZone);
  if (type === DoubleType || (type instanceof AtomicType && type.name === "float")) {
    // Java's parseDouble takes blanks around the number and a `d`/`f` suffix.
    const trimmed = value.trim().replace(/[fFdD]$/, "");
    return `CAST(${quoteString(trimmed)} AS ${type.sql()})`;
  }
  return `CAST(${literal} AS ${type.sql()})`;
}
