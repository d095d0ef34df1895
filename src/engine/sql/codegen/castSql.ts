/**
 * How Spark's Cast computes a value, as DuckDB SQL: each cell of Spark's cast matrix (Cast.scala's `castTo*` and
 * ToStringBase) under each evaluation mode. DuckDB's own CAST differs from Spark's in most cells — strings are
 * parsed by other rules, fractions round instead of truncating, timestamps do not convert to numbers, narrowing
 * integers fails instead of wrapping, binary prints escaped, doubles print in another notation — so every cell is
 * written out. Where a value does not fit, LEGACY gives null, TRY gives null and ANSI fails the query with Spark's
 * error (raiseErrorSql). The parsers and printers several cells share are DuckDB macros (CAST_MACROS).
 */

import { toSQLType } from "../../errors/QueryErrorsBase";
import { raiseErrorSql } from "../../errors/QueryExecutionErrors";
import {
  ArrayType,
  AtomicType,
  CollatedStringType,
  type DataType,
  DayTimeIntervalType,
  DecimalType,
  isIntervalType,
  MapType,
  StringType,
  StructType,
  YearMonthIntervalType,
} from "../types";
import { type EvalMode, isIntegralType, isStringType } from "./Cast";
import {
  intervalToIntervalSql,
  intervalToNumberSql,
  intervalToStringSql,
  numberToIntervalSql,
  stringToIntervalSql,
} from "./intervalCasts";
import { zoneOf, zoneOffsetMicrosSql } from "./timeZones";

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
const name = (t: DataType) => (t instanceof AtomicType ? t.name : undefined);
const is = (t: DataType, ...names: string[]) => names.includes(name(t) ?? "");

/** Whitespace and control characters, which Spark trims from strings it parses (UTF8String.trimAll). */
const TRIMMED = `'${String.fromCharCode(...Array.from({ length: 32 }, (_, i) => i + 1), 127)}'`;

/** `[+-]yyyy[-[m]m[-[d]d]]`: the date Spark reads at the start of a date or timestamp string. */
const DATE_PART = "([+-]?[0-9]{4,6})(?:-([0-9]{1,2})(?:-([0-9]{1,2})";
/** An offset from UTC: `+h[h][:m[m][:s[s]]]` or `+hhmm[ss]`. */
const OFFSET = "([+-])([0-9]{1,2})(?::([0-9]{1,2})(?::([0-9]{1,2}))?|([0-9]{2})([0-9]{2})?)?";
/** A zone after a time: Z, an offset, or UTC/GMT/UT with an optional offset. */
const ZONE = "(Z|(?:UTC|GMT|UT)?[+-][0-9]{1,2}(?::[0-9]{1,2}(?::[0-9]{1,2})?|[0-9]{2}|[0-9]{4})?|UTC|GMT|UT)";
const TIMESTAMP_PATTERN = `^${DATE_PART}(?:[ T](?:([0-9]{1,2})(?::([0-9]{1,2})(?::([0-9]{1,2})(?:[.]([0-9]*))?)?)?)? *${ZONE}?)?)?)?$`;
const DATE_PATTERN = `^${DATE_PART}(?:[ T].*)?)?)?$`;
const DOUBLE_PATTERN = "[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[fFdD]?";
/** Timestamps DuckDB reads as Spark does (with hours below 24): yyyy-mm-dd[ T]hh:mm[:ss[.ffffff]]. */
const FAST_TIMESTAMP = "[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,6})?)?)?";

/**
 * DuckDB macros for the cells of the cast matrix, created with each database. Spark's own functions they follow:
 * `__spark_trim` UTF8String.trimAll; `__spark_fp_str` Java's Double.toString / Float.toString; `__spark_to_long`
 * UTF8String.toLong (a fraction allowed, and dropped, in legacy mode); `__spark_to_double` Java's
 * Double.parseDouble with Spark's special literals; `__spark_to_date` DateTimeUtils.stringToDate;
 * `__spark_to_timestamp` DateTimeUtils.stringToTimestamp (UTC, the session's time zone; `keep_zone` false ignores
 * a zone, as TIMESTAMP_NTZ does); `__spark_bin_str` UTF-8 decoding. Strings in the common shapes go through
 * DuckDB's own fast casts, guarded by cheap checks (`ltrim`/`rtrim` with character sets) to the shapes where DuckDB
 * reads them as Spark does; other strings are read by regular expressions.
 */
export const CAST_MACROS: readonly string[] = [
  `CREATE OR REPLACE MACRO __spark_trim(s) AS trim(s, ${TRIMMED})`,
  // Java prints 1e-3 <= |x| < 1e7 plainly, anything else as d.dddE[-]n, with digits as few as DuckDB's.
  `CREATE OR REPLACE MACRO __spark_sci(a) AS list_transform([CASE WHEN starts_with(a, '0.')
     THEN [ltrim(substr(a, 3), '0'), CAST(-1 - (length(a) - 2 - length(ltrim(substr(a, 3), '0'))) AS VARCHAR)]
     ELSE [rtrim(replace(a, '.', ''), '0'), CAST(strpos(a, '.') - 2 AS VARCHAR)] END],
     lambda d: left(d[1], 1) || '.' || coalesce(nullif(substr(d[1], 2), ''), '0') || 'E' || d[2])[1]`,
  `CREATE OR REPLACE MACRO __spark_fp_str(x) AS CASE
     WHEN isnan(x) THEN 'NaN'
     WHEN isinf(x) THEN CASE WHEN x > 0 THEN 'Infinity' ELSE '-Infinity' END
     WHEN x = 0 OR (abs(x) >= 0.001 AND abs(x) < 10000000) THEN CAST(x AS VARCHAR)
     WHEN contains(CAST(x AS VARCHAR), 'e') THEN (CASE WHEN x < 0 THEN '-' ELSE '' END)
       || regexp_replace(regexp_replace(ltrim(CAST(x AS VARCHAR), '-'), '^([0-9])e', '\\1.0e'),
         'e[+]?(-?)0*([0-9]+)', 'E\\1\\2')
     ELSE (CASE WHEN x < 0 THEN '-' ELSE '' END) || __spark_sci(ltrim(CAST(x AS VARCHAR), '-')) END`,
  `CREATE OR REPLACE MACRO __spark_long_of(t, allow_decimal) AS CASE
     WHEN regexp_full_match(t, '[+-]?[0-9]+') THEN TRY_CAST(t AS HUGEINT)
     WHEN allow_decimal AND regexp_full_match(t, '[+-]?[0-9]*[.][0-9]*')
       THEN coalesce(TRY_CAST(nullif(nullif(nullif(split_part(t, '.', 1), ''), '+'), '-') AS HUGEINT), 0) END`,
  // DuckDB's coalesce computes every argument: the trimmed string is read only where the plain one is no number.
  `CREATE OR REPLACE MACRO __spark_to_long(s, allow_decimal) AS CASE
     WHEN regexp_full_match(s, '[+-]?[0-9]+') THEN TRY_CAST(s AS HUGEINT)
     ELSE __spark_long_of(__spark_trim(s), allow_decimal) END`,
  `CREATE OR REPLACE MACRO __spark_double_of(t) AS CASE
     WHEN regexp_full_match(t, '${DOUBLE_PATTERN}') THEN coalesce(TRY_CAST(rtrim(t, 'fFdD') AS DOUBLE),
       CASE WHEN starts_with(t, '-') THEN CAST('-Infinity' AS DOUBLE) ELSE CAST('Infinity' AS DOUBLE) END)
     WHEN t IN ('NaN', '+NaN', '-NaN') OR lower(t) = 'nan' THEN CAST('NaN' AS DOUBLE)
     WHEN t IN ('Infinity', '+Infinity') OR lower(t) IN ('inf', '+inf', 'infinity', '+infinity')
       THEN CAST('Infinity' AS DOUBLE)
     WHEN lower(t) IN ('-inf', '-infinity') THEN CAST('-Infinity' AS DOUBLE) END`,
  `CREATE OR REPLACE MACRO __spark_to_double(s) AS CASE
     WHEN regexp_full_match(s, '${DOUBLE_PATTERN}') THEN __spark_double_of(s)
     ELSE __spark_double_of(__spark_trim(s)) END`,
  `CREATE OR REPLACE MACRO __spark_make_date(p) AS CASE WHEN p.y <> '' THEN
     try(make_date(CAST(p.y AS BIGINT), CAST(coalesce(nullif(p.m, ''), '1') AS BIGINT),
       CAST(coalesce(nullif(p.d, ''), '1') AS BIGINT))) END`,
  // yyyy-mm-dd, alone or before a time, is DuckDB's date too; other shapes are read by the pattern.
  `CREATE OR REPLACE MACRO __spark_to_date(s) AS CASE
     WHEN regexp_full_match(s, '[0-9]{4}-[0-9]{2}-[0-9]{2}([ T].*)?') THEN TRY_CAST(left(s, 10) AS DATE)
     ELSE list_transform([regexp_extract(__spark_trim(s), ${quote(DATE_PATTERN)}, ['y', 'm', 'd'])],
       lambda p: __spark_make_date(p))[1] END`,
  `CREATE OR REPLACE MACRO __spark_zone_seconds(z) AS
     list_transform([regexp_extract(z, ${quote(OFFSET)}, ['sign', 'h', 'm', 's', 'mm', 'ss'])], lambda o:
       (CASE WHEN o.sign = '-' THEN -1 ELSE 1 END) * (coalesce(TRY_CAST(nullif(o.h, '') AS BIGINT), 0) * 3600
         + CAST(coalesce(nullif(o.m, ''), nullif(o.mm, ''), '0') AS BIGINT) * 60
         + CAST(coalesce(nullif(o.s, ''), nullif(o.ss, ''), '0') AS BIGINT)))[1]`,
  `CREATE OR REPLACE MACRO __spark_make_timestamp(p, keep_zone) AS CASE
     WHEN p.y <> '' AND coalesce(TRY_CAST(nullif(p.h, '') AS INTEGER), 0) < 24
       AND coalesce(TRY_CAST(nullif(p.mi, '') AS INTEGER), 0) < 60 AND coalesce(TRY_CAST(nullif(p.s, '') AS INTEGER), 0) < 60
     THEN CAST(__spark_make_date(p) AS TIMESTAMP)
       + to_microseconds(coalesce(TRY_CAST(nullif(p.h, '') AS BIGINT), 0) * 3600000000
         + coalesce(TRY_CAST(nullif(p.mi, '') AS BIGINT), 0) * 60000000
         + coalesce(TRY_CAST(nullif(p.s, '') AS BIGINT), 0) * 1000000
         + CAST(rpad(left(p.f, 6), 6, '0') AS BIGINT)
         - CASE WHEN keep_zone THEN __spark_zone_seconds(p.z) * 1000000 ELSE 0 END) END`,
  // yyyy-mm-dd[ T]hh:mm[:ss[.f]][Z|+hh:mm] is DuckDB's timestamp too, but for hour 24, which Spark refuses.
  `CREATE OR REPLACE MACRO __spark_to_timestamp(s, keep_zone) AS CASE
     WHEN keep_zone AND regexp_full_match(s, '${FAST_TIMESTAMP}(Z|[+-][0-9]{2}:[0-9]{2})?')
       AND substr(s, 12, 2) < '24' AND TRY_CAST(s AS TIMESTAMPTZ) IS NOT NULL
       THEN CAST(TRY_CAST(s AS TIMESTAMPTZ) AS TIMESTAMP)
     WHEN NOT keep_zone AND regexp_full_match(s, '${FAST_TIMESTAMP}') AND substr(s, 12, 2) < '24'
       THEN TRY_CAST(s AS TIMESTAMP)
     ELSE list_transform([regexp_extract(__spark_trim(s), ${quote(TIMESTAMP_PATTERN)},
       ['y', 'm', 'd', 'h', 'mi', 's', 'f', 'z'])], lambda p: __spark_make_timestamp(p, keep_zone))[1] END`,
  // Bytes that are no UTF-8 become U+FFFD, as Java decodes them.
  `CREATE OR REPLACE MACRO __spark_bin_str(b) AS CASE WHEN b IS NULL OR try(decode(b)) IS NOT NULL THEN try(decode(b))
     ELSE regexp_replace(CAST(b AS VARCHAR), '\\\\x[0-9A-Fa-f]{2}', '\uFFFD', 'g') END`,
];

/** The range of each integral type, and its width in bits. */
const INTEGRAL: Record<string, { min: string; max: string; bits: number }> = {
  byte: { min: "-128", max: "127", bits: 8 },
  short: { min: "-32768", max: "32767", bits: 16 },
  integer: { min: "-2147483648", max: "2147483647", bits: 32 },
  long: { min: "-9223372036854775808", max: "9223372036854775807", bits: 64 },
};

/** Spark's `toSQLValue`: a value as error messages quote it (`'a'`, `128L`, `1.0E10D`, `TIMESTAMP '...'`). */
function sqlValue(x: string, type: DataType): string {
  if (isStringType(type)) return `('''' || replace(${x}, '''', '\\''') || '''')`;
  if (type instanceof DecimalType) return `(CAST(${x} AS VARCHAR) || 'BD')`;
  switch (name(type)) {
    case "byte":
      return `(CAST(${x} AS VARCHAR) || 'Y')`;
    case "short":
      return `(CAST(${x} AS VARCHAR) || 'S')`;
    case "long":
      return `(CAST(${x} AS VARCHAR) || 'L')`;
    case "float":
      return `__spark_fp_str(${x})`;
    case "double":
      return `(__spark_fp_str(${x}) || CASE WHEN isnan(${x}) OR isinf(${x}) THEN '' ELSE 'D' END)`;
    case "timestamp":
    case "timestamp_ntz":
      return `('TIMESTAMP ''' || CAST(${x} AS VARCHAR) || '''')`;
    case "date":
      return `('DATE ''' || CAST(${x} AS VARCHAR) || '''')`;
    default:
      return `CAST(${x} AS VARCHAR)`;
  }
}

/** What a cast of `x` gives where the value does not fit: null, or (ANSI) Spark's error. */
type Failure = (x: string) => string;

/** CAST_INVALID_INPUT: a string that does not parse as the target type. */
function invalidInput(mode: EvalMode, from: DataType, to: DataType): Failure {
  if (mode !== "ANSI") return () => "NULL";
  const exception = is(to, "boolean")
    ? "SparkRuntimeException"
    : is(to, "date", "timestamp", "timestamp_ntz")
      ? "SparkDateTimeException"
      : "SparkNumberFormatException";
  return (x) =>
    raiseErrorSql(exception, "CAST_INVALID_INPUT", {
      expression: sqlValue(x, from),
      sourceType: quote(toSQLType(from)),
      targetType: quote(toSQLType(to)),
    });
}

/** CAST_OVERFLOW: a number out of the target type's range. */
function overflow(mode: EvalMode, from: DataType, to: DataType): Failure {
  if (mode !== "ANSI") return () => "NULL";
  return (x) =>
    raiseErrorSql("SparkArithmeticException", "CAST_OVERFLOW", {
      value: sqlValue(x, from),
      sourceType: quote(toSQLType(from)),
      targetType: quote(toSQLType(to)),
    });
}

/** NUMERIC_VALUE_OUT_OF_RANGE: a value with more integral digits than the decimal type holds. */
function decimalOverflow(mode: EvalMode, to: DecimalType, plain: (x: string) => string): Failure {
  if (mode !== "ANSI") return () => "NULL";
  return (x) =>
    raiseErrorSql("SparkArithmeticException", "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION", {
      value: plain(x),
      precision: quote(String(to.precision)),
      scale: quote(String(to.scale)),
      config: quote('"spark.sql.ansi.enabled"'),
    });
}

/** `value` where it is not null, else (for a non-null input) the failure. */
function orFail(x: string, value: string, fail: Failure): string {
  const failure = fail(x);
  if (failure === "NULL") return value;
  return `(CASE WHEN (${value}) IS NOT NULL THEN (${value}) WHEN ${x} IS NULL THEN NULL ELSE ${failure} END)`;
}

/** Two's complement: a whole number wrapped into `bits` bits, as Java narrows integers. */
function wrap(v: string, bits: number): string {
  if (bits === 64) {
    const full = "CAST('18446744073709551616' AS HUGEINT)";
    const half = "CAST('9223372036854775808' AS HUGEINT)";
    return `(((CAST(${v} AS HUGEINT) + ${half}) % ${full} + ${full}) % ${full} - ${half})`;
  }
  const full = 2 ** bits;
  const half = full / 2;
  return `(((CAST(${v} AS HUGEINT) + ${half}) % ${full} + ${full}) % ${full} - ${half})`;
}

/**
 * SQL for Spark's `CAST(x AS to)` where `x` (SQL) is of type `from`, under `mode`. The cast must be one the mode
 * allows (Cast.ts checks that first).
 */
export function castSql(x: string, from: DataType, to: DataType, mode: EvalMode, timeZone = "UTC"): string {
  return new CastCompiler(mode, timeZone).cast(x, from, to);
}

class CastCompiler {
  private lambdas = 0;
  constructor(
    private readonly mode: EvalMode,
    /** The session time zone the cast was analysed in: TIMESTAMP <=> TIMESTAMP_NTZ read wall clocks in it. */
    private readonly timeZone = "UTC",
  ) {}

  cast(x: string, from: DataType, to: DataType): string {
    // A collation is a string's type in Spark; in DuckDB it is how the string compares.
    if (to instanceof CollatedStringType) return to.collateSql(this.cast(x, from, StringType));
    if (from.equals(to)) return x;
    // The child is still evaluated (raise_error is NullType too, and must raise), then typed.
    if (is(from, "null")) return `CAST(${x} AS ${to.sql()})`;
    if (isIntervalType(from) || isIntervalType(to)) {
      const interval = this.intervalCast(x, from, to);
      if (interval !== undefined) return interval;
    }
    if (isStringType(to)) return this.toStringSql(x, from);
    if (to instanceof ArrayType || to instanceof MapType || to instanceof StructType) {
      return this.toComplex(x, from, to);
    }
    if (to instanceof DecimalType) return this.toDecimal(x, from, to);
    switch (name(to)) {
      case "binary":
        return this.toBinary(x, from);
      case "boolean":
        return this.toBoolean(x, from);
      case "byte":
      case "short":
      case "integer":
      case "long":
        return this.toIntegral(x, from, to);
      case "float":
      case "double":
        return this.toFractional(x, from, to);
      case "date":
        return this.toDate(x, from);
      default:
        return this.toTimestamp(x, from, to);
    }
  }

  /** Casts from or to an interval type (intervalCasts.ts). */
  private intervalCast(x: string, from: DataType, to: DataType): string | undefined {
    if (isStringType(to)) return intervalToStringSql(x, from);
    if (isStringType(from)) {
      if (to instanceof DayTimeIntervalType || to instanceof YearMonthIntervalType)
        return stringToIntervalSql(x, to, this.mode);
      // `interval`: Spark's unit list ('interval 3 month 1 hour', '3 months 1 hour'), which DuckDB reads too.
      const text = `regexp_replace(__spark_trim(${x}), '^[iI][nN][tT][eE][rR][vV][aA][lL][ ]+', '')`;
      return orFail(x, `TRY_CAST(${text} AS INTERVAL)`, invalidInput(this.mode, from, to));
    }
    const decimalFail =
      to instanceof DecimalType
        ? decimalOverflow(this.mode === "TRY" ? "TRY" : "ANSI", to, (v) => intervalToStringSql(v, from) ?? v)
        : () => "NULL";
    return (
      intervalToIntervalSql(x, from, to) ??
      intervalToNumberSql(x, from, to, this.mode, decimalFail) ??
      numberToIntervalSql(x, from, to, this.mode)
    );
  }

  private lambda(): string {
    this.lambdas += 1;
    return `__cast${this.lambdas}`;
  }

  /** ToStringBase: how Spark prints each type. */
  private toStringSql(x: string, from: DataType): string {
    if (from instanceof ArrayType) {
      const e = this.lambda();
      const element = `coalesce(${this.toStringSql(e, from.elementType)}, 'null')`;
      return `('[' || array_to_string(list_transform(${x}, lambda ${e}: ${element}), ', ') || ']')`;
    }
    if (from instanceof MapType) {
      const e = this.lambda();
      const key = this.toStringSql(`${e}.key`, from.keyType);
      const value = `coalesce(${this.toStringSql(`${e}.value`, from.valueType)}, 'null')`;
      return `('{' || array_to_string(list_transform(map_entries(${x}), lambda ${e}: ${key} || ' -> ' || ${value}), ', ') || '}')`;
    }
    if (from instanceof StructType) {
      const fields = from.fields.map(
        (f) =>
          `coalesce(${this.toStringSql(`(${x})."${f.name.replaceAll('"', '""')}"`, f.dataType)}, 'null')`,
      );
      const body = fields.length === 0 ? "''" : fields.join(" || ', ' || ");
      return `(CASE WHEN ${x} IS NULL THEN NULL ELSE '{' || ${body} || '}' END)`;
    }
    const interval = intervalToStringSql(x, from);
    if (interval !== undefined) return interval;
    // DuckDB prints a decimal of no integer digits without its 0 (`.05`); Spark's toPlainString has it.
    if (from instanceof DecimalType && from.precision === from.scale)
      return `regexp_replace(CAST(${x} AS VARCHAR), '^(-?)[.]', '\\10.')`;
    switch (name(from)) {
      case "float":
      case "double":
        return `__spark_fp_str(${x})`;
      case "binary":
        return `__spark_bin_str(${x})`;
      // An instant prints as its wall clock in the session time zone (TimestampFormatter with zoneId).
      case "timestamp":
        return `CAST(${ltzToNtzSql(x, this.timeZone)} AS VARCHAR)`;
      default:
        return `CAST(${x} AS VARCHAR)`;
    }
  }

  private toBinary(x: string, from: DataType): string {
    if (isStringType(from)) return `encode(${x})`;
    // An integer's bytes, big-endian, as many as its type has.
    const bits = INTEGRAL[name(from) ?? ""]?.bits ?? 64;
    const unsigned = bits === 64 ? `CAST(${x} AS BIGINT)` : `(CAST(${x} AS BIGINT) & ${2 ** bits - 1})`;
    return `unhex(lpad(hex(${unsigned}), ${bits / 4}, '0'))`;
  }

  private toBoolean(x: string, from: DataType): string {
    if (isStringType(from)) {
      const t = `lower(__spark_trim(${x}))`;
      const parsed = `(CASE WHEN ${t} IN ('t', 'true', 'y', 'yes', '1') THEN TRUE WHEN ${t} IN ('f', 'false', 'n', 'no', '0') THEN FALSE END)`;
      return orFail(x, parsed, invalidInput(this.mode, from, new AtomicType("boolean")));
    }
    if (is(from, "timestamp", "timestamp_ntz")) return `(epoch_us(${x}) <> 0)`;
    if (is(from, "date")) return "CAST(NULL AS BOOLEAN)";
    return `(${x} <> 0)`;
  }

  private toIntegral(x: string, from: DataType, to: DataType): string {
    const range = INTEGRAL[name(to) ?? ""];
    const fits = (v: string) => `(${v}) BETWEEN ${range.min} AND ${range.max}`;
    const inRange = (v: string, fail: Failure) =>
      `(CASE WHEN ${x} IS NULL THEN NULL WHEN ${fits(v)} THEN CAST(${v} AS ${to.sql()}) ELSE ${fail(x)} END)`;
    if (isStringType(from)) {
      // LEGACY reads "1.9" as 1, ANSI (and TRY) want an integer; both fail where the number does not fit.
      const parsed = `__spark_to_long(${x}, ${this.mode === "LEGACY" ? "TRUE" : "FALSE"})`;
      const value = `(CASE WHEN ${fits(parsed)} THEN CAST(${parsed} AS ${to.sql()}) END)`;
      return orFail(x, value, invalidInput(this.mode, from, to));
    }
    if (is(from, "boolean")) return `CAST(${x} AS ${to.sql()})`;
    if (is(from, "date")) return `CAST(NULL AS ${to.sql()})`;
    if (is(from, "timestamp", "timestamp_ntz")) {
      // Seconds since the epoch, rounded down; a narrower type that cannot hold them gives null or fails.
      const seconds = `floor(epoch_us(${x}) / 1000000)`;
      if (name(to) === "long") return `CAST(${seconds} AS BIGINT)`;
      return inRange(seconds, overflow(this.mode, from, to));
    }
    if (isIntegralType(from) || from instanceof DecimalType) {
      const whole = from instanceof DecimalType ? `trunc(${x})` : x;
      if (this.mode === "LEGACY") return `CAST(${wrap(whole, range.bits)} AS ${to.sql()})`;
      return inRange(whole, overflow(this.mode, from, to));
    }
    // float and double: toward zero, saturating at the long (or int) range as Java does; NaN is 0.
    const wide = name(to) === "long" ? INTEGRAL.long : INTEGRAL.integer;
    const saturated = `(CASE WHEN isnan(${x}) THEN 0 WHEN ${x} >= ${wide.max} THEN ${wide.max} WHEN ${x} <= ${wide.min} THEN ${wide.min} ELSE CAST(trunc(${x}) AS HUGEINT) END)`;
    if (this.mode === "LEGACY") {
      return `CAST(${range.bits >= 32 ? saturated : wrap(saturated, range.bits)} AS ${to.sql()})`;
    }
    const exact = `(NOT isnan(${x}) AND floor(${x}) <= CAST(${wide.max} AS DOUBLE) AND ceil(${x}) >= CAST(${wide.min} AS DOUBLE) AND ${fits(saturated)})`;
    return `(CASE WHEN ${x} IS NULL THEN NULL WHEN ${exact} THEN CAST(${saturated} AS ${to.sql()}) ELSE ${overflow(this.mode, from, to)(x)} END)`;
  }

  private toFractional(x: string, from: DataType, to: DataType): string {
    if (isStringType(from)) {
      return orFail(x, `CAST(__spark_to_double(${x}) AS ${to.sql()})`, invalidInput(this.mode, from, to));
    }
    if (is(from, "date")) return `CAST(NULL AS ${to.sql()})`;
    if (is(from, "timestamp", "timestamp_ntz")) return `CAST(epoch_us(${x}) / 1000000 AS ${to.sql()})`;
    return `CAST(${x} AS ${to.sql()})`;
  }

  private toDecimal(x: string, from: DataType, to: DecimalType): string {
    if (is(from, "date")) return `CAST(NULL AS ${to.sql()})`;
    if (isStringType(from)) {
      const t = `__spark_trim(${x})`;
      const valid = `regexp_matches(${t}, '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$')`;
      const tooWide = decimalOverflow(this.mode, to, () => t);
      const fail = (v: string) =>
        `CASE WHEN ${valid} THEN ${tooWide(v)} ELSE ${invalidInput(this.mode, from, to)(v)} END`;
      return orFail(x, `CASE WHEN ${valid} THEN TRY_CAST(${t} AS ${to.sql()}) END`, fail);
    }
    // The number as Spark's Decimal holds it before rounding: a double by its shortest digits (as DuckDB prints
    // them), a timestamp as seconds; NaN and infinity have none and are null.
    const decimal = (v: string) =>
      is(from, "boolean")
        ? `CAST(${v} AS INTEGER)`
        : is(from, "timestamp", "timestamp_ntz")
          ? `CAST(epoch_us(${v}) / 1000000 AS VARCHAR)`
          : is(from, "float", "double")
            ? `CAST(${v} AS VARCHAR)`
            : v;
    const value = `TRY_CAST(${decimal(x)} AS ${to.sql()})`;
    const fail = decimalOverflow(this.mode, to, (v) => `CAST(${decimal(v)} AS VARCHAR)`);
    const noNumber = is(from, "float", "double") ? ` OR isnan(${x}) OR isinf(${x})` : "";
    return `(CASE WHEN ${x} IS NULL${noNumber} THEN NULL WHEN ${value} IS NOT NULL THEN ${value} ELSE ${fail(x)} END)`;
  }

  private toDate(x: string, from: DataType): string {
    if (isStringType(from)) {
      return orFail(x, `__spark_to_date(${x})`, invalidInput(this.mode, from, new AtomicType("date")));
    }
    // An instant's date is the date of its wall clock in the session time zone.
    if (is(from, "timestamp")) return `CAST(${ltzToNtzSql(x, this.timeZone)} AS DATE)`;
    return `CAST(${x} AS DATE)`;
  }

  private toTimestamp(x: string, from: DataType, to: DataType): string {
    if (isStringType(from)) {
      const fail = invalidInput(this.mode, from, to);
      if (name(to) !== "timestamp") return orFail(x, `__spark_to_timestamp(${x}, FALSE)`, fail);
      // A string without a zone is a wall clock in the session time zone (DateTimeUtils.stringToTimestamp).
      if (isUtc(this.timeZone)) return orFail(x, `__spark_to_timestamp(${x}, TRUE)`, fail);
      const local = ntzToLtzSql(`__spark_to_timestamp(${x}, FALSE)`, this.timeZone);
      const value = `(CASE WHEN ${stringHasZoneSql(x)} THEN __spark_to_timestamp(${x}, TRUE) ELSE ${local} END)`;
      return orFail(x, value, fail);
    }
    // A date is its midnight in the session time zone.
    if (is(from, "date") && is(to, "timestamp")) return ntzToLtzSql(`CAST(${x} AS TIMESTAMP)`, this.timeZone);
    if (is(from, "timestamp_ntz") && is(to, "timestamp")) return ntzToLtzSql(x, this.timeZone);
    if (is(from, "timestamp") && is(to, "timestamp_ntz")) return ltzToNtzSql(x, this.timeZone);
    if (is(from, "boolean")) return `make_timestamp(CAST(${x} AS BIGINT))`;
    if (isIntegralType(from)) return `make_timestamp(CAST(${x} AS BIGINT) * 1000000)`;
    if (from instanceof DecimalType) return `make_timestamp(CAST(trunc(${x} * 1000000) AS BIGINT))`;
    if (is(from, "float", "double")) {
      // Microseconds toward zero; NaN and infinity are no time (null, or ANSI's error).
      const micros = `(CAST(${x} AS DOUBLE) * 1000000)`;
      const fits = `${micros} >= -9.223372036854776e18 AND ${micros} < 9.223372036854776e18`;
      const invalid = invalidInput(this.mode, from, to);
      const tooBig = overflow(this.mode, from, to);
      return `(CASE WHEN ${x} IS NULL THEN NULL WHEN isnan(${x}) OR isinf(${x}) THEN ${invalid(x)} WHEN ${fits} THEN make_timestamp(CAST(trunc(${micros}) AS BIGINT)) ELSE ${tooBig(x)} END)`;
    }
    return `CAST(${x} AS TIMESTAMP)`;
  }

  /** Arrays element by element, maps entry by entry, structs field by field (by position, renamed). */
  private toComplex(x: string, from: DataType, to: DataType): string {
    if (from instanceof ArrayType && to instanceof ArrayType) {
      const e = this.lambda();
      return `list_transform(${x}, lambda ${e}: ${this.cast(e, from.elementType, to.elementType)})`;
    }
    if (from instanceof MapType && to instanceof MapType) {
      const k = this.lambda();
      const v = this.lambda();
      const keys = `list_transform(map_keys(${x}), lambda ${k}: ${this.cast(k, from.keyType, to.keyType)})`;
      const values = `list_transform(map_values(${x}), lambda ${v}: ${this.cast(v, from.valueType, to.valueType)})`;
      return `(CASE WHEN ${x} IS NULL THEN NULL ELSE map(${keys}, ${values}) END)`;
    }
    if (from instanceof StructType && to instanceof StructType) {
      const fields = to.fields.map((f, i) => {
        const source = from.fields[i];
        const value = this.cast(`(${x})."${source.name.replaceAll('"', '""')}"`, source.dataType, f.dataType);
        return `"${f.name.replaceAll('"', '""')}" := ${value}`;
      });
      return `(CASE WHEN ${x} IS NULL THEN NULL ELSE struct_pack(${fields.join(", ")}) END)`;
    }
    return `CAST(${x} AS ${to.sql()})`;
  }
}

/** Whether a session time zone is UTC (or an offset of zero), where an instant and its wall clock agree. */
export function isUtc(timeZone: string | undefined): boolean {
  if (timeZone === undefined) return true;
  const zone = zoneOf(timeZone);
  return "offsetSeconds" in zone && zone.offsetSeconds === 0;
}

/** Whether a timestamp string names its zone (`Z`, an offset, `UTC+1`...), as Spark's stringToTimestamp reads it. */
export function stringHasZoneSql(x: string): string {
  return `(regexp_extract(__spark_trim(${x}), ${quote(TIMESTAMP_PATTERN)}, 8) <> '')`;
}

/**
 * TIMESTAMP_NTZ to TIMESTAMP: the wall clock read in the session time zone (DateTimeUtils.convertTz to the
 * zone's instant; a time in a gap moves forward, one in an overlap takes the earlier offset).
 */
export function ntzToLtzSql(x: string, timeZone: string): string {
  const zone = zoneOf(timeZone);
  if ("offsetSeconds" in zone)
    return zone.offsetSeconds === 0 ? x : `(${x} - INTERVAL ${zone.offsetSeconds} SECOND)`;
  // The value is bound once (a lambda's parameter): the offset lookup reads it again.
  const m = zoneLambda();
  return `list_transform([epoch_us(${x})], lambda ${m}: make_timestamp(${m} - ${zoneOffsetMicrosSql(zone, m, true)}))[1]`;
}

/** TIMESTAMP to TIMESTAMP_NTZ: the instant's wall clock in the session time zone. */
export function ltzToNtzSql(x: string, timeZone: string): string {
  const zone = zoneOf(timeZone);
  if ("offsetSeconds" in zone)
    return zone.offsetSeconds === 0 ? x : `(${x} + INTERVAL ${zone.offsetSeconds} SECOND)`;
  const m = zoneLambda();
  return `list_transform([epoch_us(${x})], lambda ${m}: make_timestamp(${m} + ${zoneOffsetMicrosSql(zone, m)}))[1]`;
}

let zoneLambdas = 0;
/** A fresh lambda parameter name for a value bound once. */
function zoneLambda(): string {
  zoneLambdas = (zoneLambdas + 1) % 1_000_000;
  return `__zone${zoneLambdas}`;
}
