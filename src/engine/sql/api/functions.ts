/**
 * `pyspark.sql.functions`, in TypeScript. As in PySpark, a string argument in a column position is a column
 * name (`sum("price")`), and options such as patterns and durations are plain values.
 */

import type { Expression } from "../expressions";
import { collateExpression, parseNamedExpression } from "../parser/ExpressionParser";
import { type DataType, StructType } from "../types";
import {
  javaScriptUDF,
  returnTypeOf,
  type UserDefinedFunction,
  userDefinedFunction,
} from "../udf/UserDefinedFunction";
import { Column, type ColumnOrName, toColumn } from "./Column";

function call(name: string, ...args: (Column | Expression)[]): Column {
  return new Column({ kind: "call", name, args: args.map((a) => (a instanceof Column ? a.expr : a)) });
}

const lit_ = (value: unknown): Expression => ({ kind: "literal", value });
const cols = (names: ColumnOrName[]): Column[] =>
  (names.length === 1 && Array.isArray(names[0]) ? (names[0] as ColumnOrName[]) : names).map(toColumn);

/**
 * A reference to the column `name`; dotted names reach into structs (`col("geo.city")`), `"*"` is every column.
 */
export function col(name: string): Column {
  return toColumn(name);
}
/** Same as `col`: a reference to a column by name. */
export const column = col;

/** A Column holding a constant value (a Column passed in is returned as it is): `lit(1)`, `lit("web")`. */
export function lit(value: unknown): Column {
  return Column.of(value);
}

/**
 * Calls a SQL function by its name: `call_function("version")`, `call_function("int", col("s"))`. A name Spark
 * has and Sluice does not fails analysis with UNRESOLVED_ROUTINE, as any unknown function does.
 */
export function call_function(funcName: string, ...cols: ColumnOrName[]): Column {
  return call(funcName.toLowerCase(), ...cols.map(toColumn));
}

/** Spark's `version()`: the Spark release Sluice follows and that release's revision. */
export function version(): Column {
  return call("version");
}

/** The current database (Sluice's one database, `default`). */
export function current_database(): Column {
  return call("current_database");
}

/** Same as `current_database`. */
export function current_schema(): Column {
  return call("current_schema");
}

/** The current catalog (`spark_catalog`). */
export function current_catalog(): Column {
  return call("current_catalog");
}

/** The user running the session. */
export function current_user(): Column {
  return call("current_user");
}

/** Same as `current_user`. */
export function user(): Column {
  return call("user");
}

/** Same as `current_user`. */
export function session_user(): Column {
  return call("session_user");
}

/** Parses a SQL expression string: `expr("count(*) AS n")`. */
export function expr(sql: string): Column {
  return new Column(parseNamedExpression(sql));
}

/**
 * Starts a CASE expression: the value where `condition` holds; chain `.when(...)` and end with `.otherwise(...)`
 * (rows matching no branch get null without it).
 * @example when(col("amount").gt(100), "big").otherwise("small")
 */
export function when(condition: Column, value: unknown): Column {
  return new Column({ kind: "case", branches: [[condition.expr, Column.of(value).expr]] });
}

// ---- aggregates
/** Aggregate: the number of rows where the column is not null; `count("*")` counts every row. */
export function count(c: ColumnOrName): Column {
  return call("count", c === "*" ? { kind: "star" } : toColumn(c));
}
/** Aggregate: the number of distinct non-null values (of one column, or of several taken together). */
export function countDistinct(c: ColumnOrName, ...more: ColumnOrName[]): Column {
  return new Column({
    kind: "call",
    name: "count",
    args: [c, ...more].map((x) => toColumn(x).expr),
    distinct: true,
  });
}
/** Aggregate: the number of distinct non-null values; same as `countDistinct`. */
export const count_distinct = countDistinct;
/**
 * In a `cube`, `rollup` or `groupingSets` aggregation: 1 (a byte) where the row's grouping set leaves the column
 * out (its null is "all"), 0 where the row groups by it.
 */
export function grouping(c: ColumnOrName): Column {
  return call("grouping", toColumn(c));
}
/**
 * In a `cube`, `rollup` or `groupingSets` aggregation: the row's grouping set as a long, one bit per grouping
 * column, the first column the highest bit, 1 where the set leaves it out. Its columns, where given, are the
 * grouping columns in their order.
 */
export function grouping_id(...cols: ColumnOrName[]): Column {
  return new Column({ kind: "call", name: "grouping_id", args: cols.map((c) => toColumn(c).expr) });
}
/** Aggregate: the sum of the column's values (nulls are skipped). */
export function sum(c: ColumnOrName): Column {
  return call("sum", toColumn(c));
}
/** Aggregate: the sum of the column's distinct values. */
export function sumDistinct(c: ColumnOrName): Column {
  return new Column({ kind: "call", name: "sum", args: [toColumn(c).expr], distinct: true });
}
/** Aggregate: the sum of the column's distinct values; same as `sumDistinct`. */
export const sum_distinct = sumDistinct;
/** Aggregate: the mean of the column's non-null values. */
export function avg(c: ColumnOrName): Column {
  return call("avg", toColumn(c));
}
/** Aggregate: the mean of the column's non-null values; same as `avg`. */
export function mean(c: ColumnOrName): Column {
  return call("mean", toColumn(c));
}
/** Aggregate: the smallest value of the column. */
export function min(c: ColumnOrName): Column {
  return call("min", toColumn(c));
}
/** Aggregate: the largest value of the column. */
export function max(c: ColumnOrName): Column {
  return call("max", toColumn(c));
}
/**
 * Aggregate: the first value seen in the group; with `ignoreNulls`, the first non-null one.
 * Which row is first is not fixed unless the input is ordered.
 */
export function first(c: ColumnOrName, ignoreNulls = false): Column {
  return ignoreNulls ? call("first", toColumn(c), lit_(true)) : call("first", toColumn(c));
}
/**
 * Aggregate: the last value seen in the group; with `ignoreNulls`, the last non-null one.
 * Which row is last is not fixed unless the input is ordered.
 */
export function last(c: ColumnOrName, ignoreNulls = false): Column {
  return ignoreNulls ? call("last", toColumn(c), lit_(true)) : call("last", toColumn(c));
}
/**
 * Aggregate: an estimate of the number of distinct values (HyperLogLog++, as Spark), within relative
 * standard deviation `rsd` (default 0.05). Works in streaming aggregations, where exact distinct counts do not.
 */
export function approx_count_distinct(c: ColumnOrName, rsd?: number): Column {
  return rsd === undefined
    ? call("approx_count_distinct", toColumn(c))
    : call("approx_count_distinct", toColumn(c), lit_(rsd));
}
/** Aggregate: an estimate of the number of distinct values; same as `approx_count_distinct`. */
export const approxCountDistinct = approx_count_distinct;
/** Aggregate: the group's non-null values as an array, duplicates kept. */
export function collect_list(c: ColumnOrName): Column {
  return call("collect_list", toColumn(c));
}
/** Aggregate: the group's distinct non-null values as an array. */
export function collect_set(c: ColumnOrName): Column {
  return call("collect_set", toColumn(c));
}
/** Aggregate: the sample standard deviation of the column. */
export function stddev(c: ColumnOrName): Column {
  return call("stddev", toColumn(c));
}
/** Aggregate: the sample variance of the column. */
export function variance(c: ColumnOrName): Column {
  return call("variance", toColumn(c));
}
/** Aggregate: the value of `c` on the row where `ord` is largest. */
export function max_by(c: ColumnOrName, ord: ColumnOrName): Column {
  return call("max_by", toColumn(c), toColumn(ord));
}
/** Aggregate: the value of `c` on the row where `ord` is smallest. */
export function min_by(c: ColumnOrName, ord: ColumnOrName): Column {
  return call("min_by", toColumn(c), toColumn(ord));
}

// ---- conditionals and nulls
/** The first non-null value among the columns, row by row. */
export function coalesce(...columns: ColumnOrName[]): Column {
  return call("coalesce", ...cols(columns));
}
/** True where the column is null. */
export function isnull(c: ColumnOrName): Column {
  return toColumn(c).isNull();
}
/** True where the value is NaN (not a number). */
export function isnan(c: ColumnOrName): Column {
  return call("isnan", toColumn(c));
}
/** The largest value among the columns, row by row, skipping nulls. */
export function greatest(...columns: ColumnOrName[]): Column {
  return call("greatest", ...cols(columns));
}
/** The smallest value among the columns, row by row, skipping nulls. */
export function least(...columns: ColumnOrName[]): Column {
  return call("least", ...cols(columns));
}

// ---- math
/** The absolute value. */
export function abs(c: ColumnOrName): Column {
  return call("abs", toColumn(c));
}
/** Rounds to `scale` decimal places (default 0), halves away from zero. */
export function round(c: ColumnOrName, scale = 0): Column {
  return call("round", toColumn(c), lit_(scale));
}
/** Rounds down to the nearest integer. */
export function floor(c: ColumnOrName): Column {
  return call("floor", toColumn(c));
}
/** Rounds up to the nearest integer. */
export function ceil(c: ColumnOrName): Column {
  return call("ceil", toColumn(c));
}
/** The square root. */
export function sqrt(c: ColumnOrName): Column {
  return call("sqrt", toColumn(c));
}
/** `c` raised to the power `p`. */
export function pow(c: ColumnOrName, p: ColumnOrName | number): Column {
  return call("pow", toColumn(c), typeof p === "number" ? lit_(p) : toColumn(p));
}
/** A random number, uniform in [0, 1), per row; the same `seed` gives the same numbers over the same input. */
export function rand(seed?: number): Column {
  return seed === undefined ? call("rand") : call("rand", lit_(seed));
}

// ---- strings
/**
 * Spark 4's `collate(col, name)`: the string with a collation (`UTF8_BINARY`, `UTF8_LCASE`, `UNICODE`,
 * `UNICODE_CI`), by which it then compares, groups and is distinct. An unknown name is COLLATION_INVALID_NAME.
 */
export function collate(c: ColumnOrName, collation: string): Column {
  return new Column(collateExpression(toColumn(c).expr, collation));
}
/**
 * Spark 4's `collation(col)`: the fully qualified name of the string's collation, `SYSTEM.BUILTIN.UTF8_LCASE`
 * (`SYSTEM.BUILTIN.UTF8_BINARY` for a plain string).
 */
export function collation(c: ColumnOrName): Column {
  return call("collation", toColumn(c));
}
/** The string in lower case. */
export function lower(c: ColumnOrName): Column {
  return call("lower", toColumn(c));
}
/** The string in upper case. */
export function upper(c: ColumnOrName): Column {
  return call("upper", toColumn(c));
}
/** The number of characters in the string. */
export function length(c: ColumnOrName): Column {
  return call("length", toColumn(c));
}
/** The string without leading and trailing spaces. */
export function trim(c: ColumnOrName): Column {
  return call("trim", toColumn(c));
}
/** The string without leading spaces. */
export function ltrim(c: ColumnOrName): Column {
  return call("ltrim", toColumn(c));
}
/** The string without trailing spaces. */
export function rtrim(c: ColumnOrName): Column {
  return call("rtrim", toColumn(c));
}
/** Each word's first letter in upper case, the rest in lower case. */
export function initcap(c: ColumnOrName): Column {
  return call("initcap", toColumn(c));
}
/** The columns joined end to end (strings, or arrays); null if any input is null. */
export function concat(...columns: ColumnOrName[]): Column {
  return call("concat", ...cols(columns));
}
/** The columns joined with `sep` between them; null inputs are skipped. */
export function concat_ws(sep: string, ...columns: ColumnOrName[]): Column {
  return call("concat_ws", lit_(sep), ...cols(columns));
}
/** `len` characters of the string starting at `pos` (1-based; negative counts from the end). */
export function substring(c: ColumnOrName, pos: number, len: number): Column {
  return call("substring", toColumn(c), lit_(pos), lit_(len));
}
/** Splits the string around matches of the regular expression `pattern`, into an array. */
export function split(c: ColumnOrName, pattern: string): Column {
  return call("split", toColumn(c), lit_(pattern));
}
/** Replaces every match of the regular expression `pattern` with `replacement` (`$1` refers to a group). */
export function regexp_replace(c: ColumnOrName, pattern: string, replacement: string): Column {
  return call("regexp_replace", toColumn(c), lit_(pattern), lit_(replacement));
}
/**
 * The text matched by group `idx` of the regular expression `pattern` (0: the whole match); "" where it does not match.
 */
export function regexp_extract(c: ColumnOrName, pattern: string, idx: number): Column {
  return call("regexp_extract", toColumn(c), lit_(pattern), lit_(idx));
}
/** Pads the string on the left with `pad` up to `len` characters (longer strings are cut to `len`). */
export function lpad(c: ColumnOrName, len: number, pad: string): Column {
  return call("lpad", toColumn(c), lit_(len), lit_(pad));
}
/** Pads the string on the right with `pad` up to `len` characters (longer strings are cut to `len`). */
export function rpad(c: ColumnOrName, len: number, pad: string): Column {
  return call("rpad", toColumn(c), lit_(len), lit_(pad));
}
/** The MD5 digest of the value, as a hex string. */
export function md5(c: ColumnOrName): Column {
  return call("md5", toColumn(c));
}
/** The SHA-2 digest of the value as a hex string; Sluice computes `numBits` 256 (SHA-256). */
export function sha2(c: ColumnOrName, numBits: number): Column {
  return call("sha2", toColumn(c), lit_(numBits));
}

// ---- dates and times
/** The current time, as a timestamp (one value for the whole query or micro-batch). */
export function current_timestamp(): Column {
  return call("current_timestamp");
}
/** Today's date in the session time zone. */
export function current_date(): Column {
  return call("current_date");
}
/**
 * Parses a string into a timestamp, with a Spark datetime pattern (`"yyyy-MM-dd HH:mm:ss"`) or by the default
 * formats; also converts dates. Unparseable strings give null.
 */
export function to_timestamp(c: ColumnOrName, format?: string): Column {
  return format === undefined
    ? call("to_timestamp", toColumn(c))
    : call("to_timestamp", toColumn(c), lit_(format));
}
/**
 * Parses a string into a date, with a Spark datetime pattern (`"yyyy-MM-dd"`) or the default format; also
 * truncates timestamps to their date.
 */
export function to_date(c: ColumnOrName, format?: string): Column {
  return format === undefined ? call("to_date", toColumn(c)) : call("to_date", toColumn(c), lit_(format));
}
/** Formats a date or timestamp as a string with a Spark datetime pattern, e.g. `"yyyy-MM-dd HH:mm"`. */
export function date_format(c: ColumnOrName, format: string): Column {
  return call("date_format", toColumn(c), lit_(format));
}
/**
 * Seconds since the Unix epoch: now (no argument), of a timestamp, or of a string parsed with `format`
 * (default `"yyyy-MM-dd HH:mm:ss"`).
 */
export function unix_timestamp(c?: ColumnOrName, format?: string): Column {
  if (c === undefined) return call("unix_timestamp");
  return format === undefined
    ? call("unix_timestamp", toColumn(c))
    : call("unix_timestamp", toColumn(c), lit_(format));
}
/** Formats seconds since the Unix epoch as a string (default pattern `"yyyy-MM-dd HH:mm:ss"`). */
export function from_unixtime(c: ColumnOrName, format?: string): Column {
  return format === undefined
    ? call("from_unixtime", toColumn(c))
    : call("from_unixtime", toColumn(c), lit_(format));
}
/** The UTC instant `ts` as the wall-clock time of time zone `tz` (an id such as "America/Los_Angeles" or "+08:00"). */
export function from_utc_timestamp(ts: ColumnOrName, tz: string | Column): Column {
  return call("from_utc_timestamp", toColumn(ts), Column.of(tz));
}
/** The wall-clock time `ts` of time zone `tz` as the UTC instant it is. */
export function to_utc_timestamp(ts: ColumnOrName, tz: string | Column): Column {
  return call("to_utc_timestamp", toColumn(ts), Column.of(tz));
}
/** The timestamp that many seconds after the Unix epoch. */
export function timestamp_seconds(c: ColumnOrName): Column {
  return call("timestamp_seconds", toColumn(c));
}
/** The timestamp that many milliseconds after the Unix epoch. */
export function timestamp_millis(c: ColumnOrName): Column {
  return call("timestamp_millis", toColumn(c));
}
/** The timestamp that many microseconds after the Unix epoch. */
export function timestamp_micros(c: ColumnOrName): Column {
  return call("timestamp_micros", toColumn(c));
}
/**
 * The timestamp truncated to the unit `format`: "year", "month", "week", "day", "hour", "minute", "second"...
 */
export function date_trunc(format: string, c: ColumnOrName): Column {
  return call("date_trunc", lit_(format), toColumn(c));
}
/** The date `days` days after the given one. */
export function date_add(c: ColumnOrName, days: number | Column): Column {
  return call("date_add", toColumn(c), Column.of(days));
}
/** The date `days` days before the given one. */
export function date_sub(c: ColumnOrName, days: number | Column): Column {
  return call("date_sub", toColumn(c), Column.of(days));
}
/** The number of days from `start` to `end`. */
export function datediff(end: ColumnOrName, start: ColumnOrName): Column {
  return call("datediff", toColumn(end), toColumn(start));
}
/** The year of a date or timestamp. */
export function year(c: ColumnOrName): Column {
  return call("year", toColumn(c));
}
/** The month (1-12) of a date or timestamp. */
export function month(c: ColumnOrName): Column {
  return call("month", toColumn(c));
}
/** The day of the month (1-31) of a date or timestamp. */
export function dayofmonth(c: ColumnOrName): Column {
  return call("dayofmonth", toColumn(c));
}
/** The day of the week of a date or timestamp, from 1 (Sunday) to 7 (Saturday). */
export function dayofweek(c: ColumnOrName): Column {
  return call("dayofweek", toColumn(c));
}
/** The hour (0-23) of a timestamp. */
export function hour(c: ColumnOrName): Column {
  return call("hour", toColumn(c));
}
/** The minute (0-59) of a timestamp. */
export function minute(c: ColumnOrName): Column {
  return call("minute", toColumn(c));
}
/** The second (0-59) of a timestamp. */
export function second(c: ColumnOrName): Column {
  return call("second", toColumn(c));
}

/**
 * Event-time windows: `window(col("ts"), "10 minutes")` (tumbling) or with a slide (sliding). The result is a
 * struct column `window` with `start` and `end`; group by it to aggregate per window.
 * @example df.withWatermark("ts", "10 minutes").groupBy(window("ts", "5 minutes")).count()
 */
export function window(
  timeColumn: ColumnOrName,
  windowDuration: string,
  slideDuration?: string,
  startTime?: string,
): Column {
  const args: Expression[] = [toColumn(timeColumn).expr, lit_(windowDuration)];
  if (slideDuration !== undefined || startTime !== undefined)
    args.push(lit_(slideDuration ?? windowDuration));
  if (startTime !== undefined) args.push(lit_(startTime));
  // Spark names the column `window`.
  return call("window", ...args).alias("window");
}

/**
 * Session windows: a group's session closes after `gapDuration` without events. The result is a struct column
 * `session_window` with `start` and `end`; group by it (with a watermark, when streaming). The gap is an interval
 * string such as `"10 seconds"`, or a column giving each row's gap (an interval or such a string); a row whose gap
 * is zero, negative or null belongs to no session.
 */
export function session_window(timeColumn: ColumnOrName, gapDuration: string | Column): Column {
  const gap = typeof gapDuration === "string" ? lit_(gapDuration) : gapDuration;
  // Spark names the column `session_window`.
  return call("session_window", toColumn(timeColumn), gap).alias("session_window");
}

// ---- collections and structs
/** The number of elements of an array or entries of a map. */
export function size(c: ColumnOrName): Column {
  return call("size", toColumn(c));
}
/** An array column made of the given columns, row by row. */
export function array(...columns: ColumnOrName[]): Column {
  return call("array", ...cols(columns));
}
/** True where the array holds `value`. */
export function array_contains(c: ColumnOrName, value: unknown): Column {
  return call("array_contains", toColumn(c), Column.of(value));
}
/** The array element at a 1-based position (negative counts from the end), or a map's value for a key. */
export function element_at(c: ColumnOrName, extraction: unknown): Column {
  return call("element_at", toColumn(c), Column.of(extraction));
}
/**
 * One output row per element of an array (column `col`) or entry of a map (`key`, `value`); rows with
 * an empty or null collection produce none.
 */
export function explode(c: ColumnOrName): Column {
  return call("explode", toColumn(c));
}
/** A struct column whose fields are the given columns. */
export function struct(...columns: ColumnOrName[]): Column {
  return call("struct", ...cols(columns));
}
/**
 * Parses a JSON string column into a struct (or array, or map) of the given schema: `from_json(col, "a INT, b
 * STRING")`, or a StructType/ArrayType/MapType. Options are accepted and ignored.
 */
export function from_json(
  c: ColumnOrName,
  schema: string | DataType,
  _options?: Record<string, string>,
): Column {
  const ddl =
    typeof schema === "string"
      ? schema
      : schema instanceof StructType
        ? schema.toDDL()
        : schema.simpleString();
  return call("from_json", toColumn(c), lit_(ddl));
}
/** The struct, array or map as a JSON string. */
export function to_json(c: ColumnOrName): Column {
  return call("to_json", toColumn(c));
}
/** Spark 4: a JSON string as a VARIANT; malformed JSON fails the query (MALFORMED_RECORD_IN_PARSING). */
export function parse_json(c: ColumnOrName): Column {
  return call("parse_json", toColumn(c));
}
/** Spark 4: a JSON string as a VARIANT, null where it is not valid JSON. */
export function try_parse_json(c: ColumnOrName): Column {
  return call("try_parse_json", toColumn(c));
}
/** Spark 4: whether a VARIANT holds a JSON null (false for a SQL NULL). */
export function is_variant_null(v: ColumnOrName): Column {
  return call("is_variant_null", toColumn(v));
}
/**
 * Spark 4: the value at `path` (`$.a[0]`) of a VARIANT cast to `targetType` (a DDL type name; a VARIANT if
 * omitted); null where the path is missing, INVALID_VARIANT_CAST where the value does not cast.
 */
export function variant_get(v: ColumnOrName, path: string, targetType?: string): Column {
  return targetType === undefined
    ? call("variant_get", toColumn(v), lit_(path))
    : call("variant_get", toColumn(v), lit_(path), lit_(targetType));
}
/** Spark 4: variant_get with null where the value does not cast. */
export function try_variant_get(v: ColumnOrName, path: string, targetType?: string): Column {
  return targetType === undefined
    ? call("try_variant_get", toColumn(v), lit_(path))
    : call("try_variant_get", toColumn(v), lit_(path), lit_(targetType));
}
/** Spark 4: a VARIANT's schema as SQL (`OBJECT<a: BIGINT>`). */
export function schema_of_variant(v: ColumnOrName): Column {
  return call("schema_of_variant", toColumn(v));
}
/** Spark 4: the schema merged over a group's VARIANTs. */
export function schema_of_variant_agg(v: ColumnOrName): Column {
  return call("schema_of_variant_agg", toColumn(v));
}
/** The value at JSONPath `path` (e.g. `"$.a.b"`) in a JSON string, as a string. */
export function get_json_object(c: ColumnOrName, path: string): Column {
  return call("get_json_object", toColumn(c), lit_(path));
}
/**
 * A 64-bit id per row, increasing and unique within one result (Sluice numbers rows from 0; each
 * micro-batch starts again).
 */
export function monotonically_increasing_id(): Column {
  return call("monotonically_increasing_id");
}
/** Spark's Murmur3 hash (seed 42) of the columns' values, an int: the same numbers as Spark's. */
export function hash(...columns: ColumnOrName[]): Column {
  return call("hash", ...cols(columns));
}

// ---- more of pyspark.sql.functions: one column in, one out
const unary =
  (name: string) =>
  (c: ColumnOrName): Column =>
    call(name, toColumn(c));

/** The code of the string's first character. */
export const ascii = unary("ascii");
/** The value encoded as a base64 string. */
export const base64 = unary("base64");
/** Decodes a base64 string into binary. */
export const unbase64 = unary("unbase64");
/** The length of the value in bits. */
export const bit_length = unary("bit_length");
/** The length of the value in bytes. */
export const octet_length = unary("octet_length");
/** The number of characters in the string. */
export const char_length = unary("char_length");
/** The string with its characters in reverse order, or the array with its elements reversed. */
export const reverse = unary("reverse");
/** The SHA-1 digest of the value, as a hex string. */
export const sha1 = unary("sha1");
/** The quarter of the year (1-4) of a date or timestamp. */
export const quarter = unary("quarter");
/** The day of the year (1-366) of a date or timestamp. */
export const dayofyear = unary("dayofyear");
/** The ISO 8601 week number (1-53) of a date or timestamp. */
export const weekofyear = unary("weekofyear");
/** The day of the week of a date or timestamp, from 0 (Monday) to 6 (Sunday). */
export const weekday = unary("weekday");
/** The last day of the month the date falls in. */
export const last_day = unary("last_day");
/** Seconds since the Unix epoch of a timestamp. */
export const unix_seconds = unary("unix_seconds");
/** Milliseconds since the Unix epoch of a timestamp. */
export const unix_millis = unary("unix_millis");
/** Microseconds since the Unix epoch of a timestamp. */
export const unix_micros = unary("unix_micros");
/** Days since 1970-01-01 of a date. */
export const unix_date = unary("unix_date");
/** The date that many days after 1970-01-01. */
export const date_from_unix_date = unary("date_from_unix_date");
/** e raised to the value. */
export const exp = unary("exp");
/** e raised to the value, minus 1 (precise near 0). */
export const expm1 = unary("expm1");
/** The natural logarithm. */
export const ln = unary("ln");
/** The base-10 logarithm. */
export const log10 = unary("log10");
/** The base-2 logarithm. */
export const log2 = unary("log2");
/** The natural logarithm of the value plus 1 (precise near 0). */
export const log1p = unary("log1p");
/** The cube root. */
export const cbrt = unary("cbrt");
/** The sign of the value: -1, 0 or 1. */
export const signum = unary("signum");
/** The sign of the value: -1, 0 or 1; same as `signum`. */
export const sign = unary("sign");
/** The value negated. */
export const negative = unary("negative");
/** The value itself (unary plus). */
export const positive = unary("positive");
/** The sine of an angle in radians. */
export const sin = unary("sin");
/** The cosine of an angle in radians. */
export const cos = unary("cos");
/** The tangent of an angle in radians. */
export const tan = unary("tan");
/** The arc sine, in radians. */
export const asin = unary("asin");
/** The arc cosine, in radians. */
export const acos = unary("acos");
/** The arc tangent, in radians. */
export const atan = unary("atan");
/** The hyperbolic sine. */
export const sinh = unary("sinh");
/** The hyperbolic cosine. */
export const cosh = unary("cosh");
/** The hyperbolic tangent. */
export const tanh = unary("tanh");
/** Converts an angle from radians to degrees. */
export const degrees = unary("degrees");
/** Converts an angle from degrees to radians. */
export const radians = unary("radians");
/** The factorial of an integer from 0 to 20 (null outside that range). */
export const factorial = unary("factorial");
/** The closest integer value, as a double; halves go to the even neighbour. */
export const rint = unary("rint");
/** The value in hexadecimal, as an upper-case string. */
export const hex = unary("hex");
/** The number of bits set in an integer. */
export const bit_count = unary("bit_count");
/** Rounds up to the nearest integer; same as `ceil`. */
export const ceiling = unary("ceiling");
/** True where the column is not null. */
export const isnotnull = unary("isnotnull");
/** The array without duplicate elements. */
export const array_distinct = unary("array_distinct");
/** The largest element of the array. */
export const array_max = unary("array_max");
/** The smallest element of the array. */
export const array_min = unary("array_min");
/** The number of elements of the array. */
export const array_size = unary("array_size");
/** The array without its null elements. */
export const array_compact = unary("array_compact");
/** The number of elements of an array or entries of a map; same as `size`. */
export const cardinality = unary("cardinality");
/** An array of arrays made into one array. */
export const flatten = unary("flatten");
/** A random permutation of the array (nondeterministic, as Spark's). */
/** An array of structs whose i-th holds the i-th elements of the arrays, fields named after the columns. */
export function arrays_zip(...cols: ColumnOrName[]): Column {
  return call("arrays_zip", ...cols.map(toColumn));
}
/** The array in a random order; the same `seed` gives the same order over the same input. */
export function shuffle(c: ColumnOrName, seed?: Column | number): Column {
  return seed === undefined ? call("shuffle", toColumn(c)) : call("shuffle", toColumn(c), Column.of(seed));
}
/** The map's keys, as an array. */
export const map_keys = unary("map_keys");
/** The map's values, as an array. */
export const map_values = unary("map_values");
/** The map's entries, as an array of (key, value) structs. */
export const map_entries = unary("map_entries");
/** A map built from an array of (key, value) structs. */
export const map_from_entries = unary("map_from_entries");
/** As `explode`, but a null or empty collection gives one row with null. */
export const explode_outer = unary("explode_outer");
/** As `explode`, with each element's position (from 0) in a column `pos`. */
export const posexplode = unary("posexplode");
/** As `posexplode`, but a null or empty array gives one row with nulls. */
export const posexplode_outer = unary("posexplode_outer");
/** One row per struct of an array of structs, with the struct's fields as columns. */
export const inline = unary("inline");
/** As `inline`, but a null or empty array gives one row with nulls. */
export const inline_outer = unary("inline_outer");
/** Aggregate: the median of the column (interpolated between the middle values). */
export const median = unary("median");
/** Aggregate: the most frequent value of the column. */
export const mode = unary("mode");
/** Aggregate: the product of the column's values. */
export const product = unary("product");
/** Aggregate: the sample standard deviation. */
export const stddev_samp = unary("stddev_samp");
/** Aggregate: the population standard deviation. */
export const stddev_pop = unary("stddev_pop");
/** Aggregate: the sample variance. */
export const var_samp = unary("var_samp");
/** Aggregate: the population variance. */
export const var_pop = unary("var_pop");
/** Aggregate: the number of rows where the boolean column is true. */
export const count_if = unary("count_if");
/** Aggregate: true where every value of the boolean column is true. */
export const bool_and = unary("bool_and");
/** Aggregate: true where at least one value of the boolean column is true. */
export const bool_or = unary("bool_or");
/** Aggregate: true where every value of the boolean column is true; same as `bool_and`. */
export const every = unary("every");
/** Aggregate: true where at least one value of the boolean column is true; same as `bool_or`. */
export const some = unary("some");
/** Aggregate: some value of the column from the group. */
export const any_value = unary("any_value");
/** Aggregate: the bitwise AND of the column's values. */
export const bit_and = unary("bit_and");
/** Aggregate: the bitwise OR of the column's values. */
export const bit_or = unary("bit_or");
/** Aggregate: the bitwise XOR of the column's values. */
export const bit_xor = unary("bit_xor");
/** Aggregate: the group's non-null values as an array; same as `collect_list`. */
export const array_agg = unary("array_agg");

// ---- several arguments
/** Rounds to `scale` decimal places (default 0), halves to the even neighbour (banker's rounding). */
export function bround(c: ColumnOrName, scale = 0): Column {
  return call("bround", toColumn(c), lit_(scale));
}
/** `log(c)`: the natural logarithm; `log(base, c)`: the logarithm in that base. */
export function log(base: number | ColumnOrName, c?: ColumnOrName): Column {
  if (c === undefined) return call("log", toColumn(base as ColumnOrName));
  return call("log", typeof base === "number" ? lit_(base) : toColumn(base), toColumn(c));
}
/** `c` raised to the power `p`; same as `pow`. */
export const power = pow;
/** The positive remainder of `dividend` divided by `divisor`. */
export function pmod(dividend: ColumnOrName | number, divisor: ColumnOrName | number): Column {
  return call("pmod", num(dividend), num(divisor));
}
/** The angle in radians between the positive x axis and the point (`x`, `y`). */
export function atan2(y: ColumnOrName | number, x: ColumnOrName | number): Column {
  return call("atan2", num(y), num(x));
}
/** `a` unless it is NaN, then `b`. */
export function nanvl(a: ColumnOrName, b: ColumnOrName): Column {
  return call("nanvl", toColumn(a), toColumn(b));
}
/** `a` unless it is null, then `b`. */
export function ifnull(a: ColumnOrName, b: ColumnOrName): Column {
  return call("ifnull", toColumn(a), toColumn(b));
}
/** `a` unless it is null, then `b`; same as `ifnull`. */
export const nvl = ifnull;
/** `b` where `a` is not null, otherwise `c`. */
export function nvl2(a: ColumnOrName, b: ColumnOrName, c: ColumnOrName): Column {
  return call("nvl2", toColumn(a), toColumn(b), toColumn(c));
}
/** Null where `a` equals `b`, otherwise `a`. */
export function nullif(a: ColumnOrName, b: ColumnOrName): Column {
  return call("nullif", toColumn(a), toColumn(b));
}
/** True where `a` equals `b`, treating two nulls as equal (the `<=>` operator). */
export function equal_null(a: ColumnOrName, b: ColumnOrName): Column {
  return call("equal_null", toColumn(a), toColumn(b));
}
/** The 1-based position of the first occurrence of `substr` in the string (0 if absent). */
export function instr(c: ColumnOrName, substr: string): Column {
  return call("instr", toColumn(c), lit_(substr));
}
/** The 1-based position of the first occurrence of `substr` at or after `pos` (0 if absent). */
export function locate(substr: string, c: ColumnOrName, pos = 1): Column {
  return call("locate", lit_(substr), toColumn(c), lit_(pos));
}
/** The leftmost `len` characters of the string. */
export function left(c: ColumnOrName, len: ColumnOrName | number): Column {
  return call("left", toColumn(c), num(len));
}
/** The rightmost `len` characters of the string. */
export function right(c: ColumnOrName, len: ColumnOrName | number): Column {
  return call("right", toColumn(c), num(len));
}
/** The string repeated `n` times. */
export function repeat(c: ColumnOrName, n: number): Column {
  return call("repeat", toColumn(c), lit_(n));
}
/**
 * Replaces each character of `matching` by the character at the same place in `replace` (dropped if none).
 */
export function translate(c: ColumnOrName, matching: string, replace: string): Column {
  return call("translate", toColumn(c), lit_(matching), lit_(replace));
}
/** Replaces every occurrence of `search` with `replacement` (default: removes them). */
export function replace(c: ColumnOrName, search: ColumnOrName, replacement?: ColumnOrName): Column {
  return replacement === undefined
    ? call("replace", toColumn(c), toColumn(search))
    : call("replace", toColumn(c), toColumn(search), toColumn(replacement));
}
/**
 * The part of the string before the `count`-th occurrence of `delim` (after it, counting from the end,
 * where `count` is negative).
 */
export function substring_index(c: ColumnOrName, delim: string, count: number): Column {
  return call("substring_index", toColumn(c), lit_(delim), lit_(count));
}
/** The `part`-th field (1-based; negative counts from the end) of the string split by `delim`. */
export function split_part(c: ColumnOrName, delim: ColumnOrName, part: ColumnOrName): Column {
  return call("split_part", toColumn(c), toColumn(delim), toColumn(part));
}
/** Every match of group `idx` (default 1) of the regular expression `pattern`, as an array. */
export function regexp_extract_all(c: ColumnOrName, pattern: string, idx = 1): Column {
  return call("regexp_extract_all", toColumn(c), lit_(pattern), lit_(idx));
}
/** True where the string matches the regular expression `pattern`. */
export function regexp_like(c: ColumnOrName, pattern: ColumnOrName): Column {
  return call("regexp_like", toColumn(c), toColumn(pattern));
}
/** The Levenshtein edit distance between two strings. */
export function levenshtein(a: ColumnOrName, b: ColumnOrName): Column {
  return call("levenshtein", toColumn(a), toColumn(b));
}
/** Formats the columns printf-style: `format_string("%s has %d", "name", "n")`. */
export function format_string(format: string, ...columns: ColumnOrName[]): Column {
  return call("format_string", lit_(format), ...cols(columns));
}
/** Formats the columns printf-style; same as `format_string` with the format as a column. */
export function printf(format: ColumnOrName, ...columns: ColumnOrName[]): Column {
  return call("printf", toColumn(format), ...cols(columns));
}
/** True where the string contains `right`. */
export function contains(c: ColumnOrName, right: ColumnOrName): Column {
  return call("contains", toColumn(c), toColumn(right));
}
/** True where the string starts with `prefix`. */
export function startswith(c: ColumnOrName, prefix: ColumnOrName): Column {
  return call("startswith", toColumn(c), toColumn(prefix));
}
/** True where the string ends with `suffix`. */
export function endswith(c: ColumnOrName, suffix: ColumnOrName): Column {
  return call("endswith", toColumn(c), toColumn(suffix));
}
/** As `to_timestamp`, but a string that does not parse gives null rather than an error. */
export function try_to_timestamp(c: ColumnOrName, format?: string): Column {
  return format === undefined
    ? call("try_to_timestamp", toColumn(c))
    : call("try_to_timestamp", toColumn(c), lit_(format));
}
/** The date `months` months after the given one. */
export function add_months(c: ColumnOrName, months: number | Column): Column {
  return call("add_months", toColumn(c), Column.of(months));
}
/** A date from year, month and day columns. */
export function make_date(year: ColumnOrName, month: ColumnOrName, day: ColumnOrName): Column {
  return call("make_date", toColumn(year), toColumn(month), toColumn(day));
}
/** The date truncated to the unit `format`: "year", "quarter", "month" or "week". */
export function trunc(c: ColumnOrName, format: string): Column {
  return call("trunc", toColumn(c), lit_(format));
}
/** The part `field` ("year", "month", "day", "hour", ...) of a date or timestamp. */
export function date_part(field: string | Column, c: ColumnOrName): Column {
  return call("date_part", Column.of(field), toColumn(c));
}
/** The 1-based position of the first element equal to `value` (0 if absent). */
export function array_position(c: ColumnOrName, value: unknown): Column {
  return call("array_position", toColumn(c), Column.of(value));
}
/** The array without the elements equal to `value`. */
export function array_remove(c: ColumnOrName, value: unknown): Column {
  return call("array_remove", toColumn(c), Column.of(value));
}
/** The array with `value` added at the end. */
export function array_append(c: ColumnOrName, value: unknown): Column {
  return call("array_append", toColumn(c), Column.of(value));
}
/**
 * The array's elements joined into a string with `delimiter`; nulls are skipped, or replaced by
 * `nullReplacement`.
 */
export function array_join(c: ColumnOrName, delimiter: string, nullReplacement?: string): Column {
  return nullReplacement === undefined
    ? call("array_join", toColumn(c), lit_(delimiter))
    : call("array_join", toColumn(c), lit_(delimiter), lit_(nullReplacement));
}
/** The distinct elements found in either array. */
export function array_union(a: ColumnOrName, b: ColumnOrName): Column {
  return call("array_union", toColumn(a), toColumn(b));
}
/** The distinct elements found in both arrays. */
export function array_intersect(a: ColumnOrName, b: ColumnOrName): Column {
  return call("array_intersect", toColumn(a), toColumn(b));
}
/** The distinct elements of `a` not found in `b`. */
export function array_except(a: ColumnOrName, b: ColumnOrName): Column {
  return call("array_except", toColumn(a), toColumn(b));
}
/** True where the two arrays share a non-null element. */
export function arrays_overlap(a: ColumnOrName, b: ColumnOrName): Column {
  return call("arrays_overlap", toColumn(a), toColumn(b));
}
/** An array holding the value `count` times. */
export function array_repeat(c: ColumnOrName, count: number | ColumnOrName): Column {
  return call("array_repeat", toColumn(c), num(count));
}
/** The array sorted in ascending order, nulls last. */
export function array_sort(c: ColumnOrName): Column {
  return call("array_sort", toColumn(c));
}
/** The array sorted, ascending by default (nulls first) or descending with `asc` false (nulls last). */
export function sort_array(c: ColumnOrName, asc = true): Column {
  return call("sort_array", toColumn(c), lit_(asc));
}
/** `length` elements of the array from the 1-based position `start` (negative counts from the end). */
export function slice(c: ColumnOrName, start: number | ColumnOrName, length: number | ColumnOrName): Column {
  return call("slice", toColumn(c), num(start), num(length));
}
/** An array of values from `start` to `stop` inclusive, by `step` (default 1). */
export function sequence(start: ColumnOrName, stop: ColumnOrName, step?: ColumnOrName): Column {
  return step === undefined
    ? call("sequence", toColumn(start), toColumn(stop))
    : call("sequence", toColumn(start), toColumn(stop), toColumn(step));
}
/** A map from alternating key and value columns: `create_map(lit("a"), col("x"), lit("b"), col("y"))`. */
export function create_map(...columns: (ColumnOrName | ColumnOrName[])[]): Column {
  return call("map", ...cols(columns.flat()));
}
/** A map whose keys come from one array and values from the other. */
export function map_from_arrays(keys: ColumnOrName, values: ColumnOrName): Column {
  return call("map_from_arrays", toColumn(keys), toColumn(values));
}
/** True where the map holds `key`. */
export function map_contains_key(c: ColumnOrName, key: unknown): Column {
  return call("map_contains_key", toColumn(c), Column.of(key));
}
/** A struct from alternating field names and values: `named_struct(lit("a"), col("x"))`. */
export function named_struct(...columns: ColumnOrName[]): Column {
  return call("named_struct", ...cols(columns));
}
/** Aggregate: an approximate percentile (`percentage` from 0 to 1) of the column. */
export function percentile_approx(c: ColumnOrName, percentage: number, accuracy = 10000): Column {
  return call("percentile_approx", toColumn(c), lit_(percentage), lit_(accuracy));
}
/** Aggregate: the exact percentile (`percentage` from 0 to 1) of the column, interpolated. */
export function percentile(c: ColumnOrName, percentage: number): Column {
  return call("percentile", toColumn(c), lit_(percentage));
}
/** Aggregate: the Pearson correlation of two columns. */
export function corr(a: ColumnOrName, b: ColumnOrName): Column {
  return call("corr", toColumn(a), toColumn(b));
}
/** Aggregate: the population covariance of two columns. */
export function covar_pop(a: ColumnOrName, b: ColumnOrName): Column {
  return call("covar_pop", toColumn(a), toColumn(b));
}
/** Aggregate: the sample covariance of two columns. */
export function covar_samp(a: ColumnOrName, b: ColumnOrName): Column {
  return call("covar_samp", toColumn(a), toColumn(b));
}
/** Aggregate: the first value in the group; same as `first`. */
export function first_value(c: ColumnOrName, ignoreNulls = false): Column {
  return first(c, ignoreNulls);
}
/** Aggregate: the last value in the group; same as `last`. */
export function last_value(c: ColumnOrName, ignoreNulls = false): Column {
  return last(c, ignoreNulls);
}
/** A sort order by name: `orderBy(asc("a"), desc_nulls_first("b"))`. */
export function asc(c: ColumnOrName): Column {
  return toColumn(c).asc();
}
/** Descending sort order for the column, nulls last: `orderBy(desc("a"))`. */
export function desc(c: ColumnOrName): Column {
  return toColumn(c).desc();
}
/** Ascending sort order, nulls first. */
export function asc_nulls_first(c: ColumnOrName): Column {
  return toColumn(c).asc_nulls_first();
}
/** Ascending sort order, nulls last. */
export function asc_nulls_last(c: ColumnOrName): Column {
  return toColumn(c).asc_nulls_last();
}
/** Descending sort order, nulls first. */
export function desc_nulls_first(c: ColumnOrName): Column {
  return toColumn(c).desc_nulls_first();
}
/** Descending sort order, nulls last. */
export function desc_nulls_last(c: ColumnOrName): Column {
  return toColumn(c).desc_nulls_last();
}
/** The array with `f` applied to each element: `transform("xs", (x) => x.multiply(2))`. */
export function transform(c: ColumnOrName, f: (x: Column) => Column): Column {
  return call("transform", toColumn(c), lambda(f));
}
/** The array's elements for which `f` is true: `filter("xs", (x) => x.gt(0))`. */
export function filter(c: ColumnOrName, f: (x: Column) => Column): Column {
  return call("filter", toColumn(c), lambda(f));
}
/** The arrays merged element by element with `f`, the shorter padded with nulls. */
export function zip_with(
  left: ColumnOrName,
  right: ColumnOrName,
  f: (x: Column, y: Column) => Column,
): Column {
  return call("zip_with", toColumn(left), toColumn(right), lambda2(f));
}
/** The map's entries for which `f(key, value)` is true. */
export function map_filter(c: ColumnOrName, f: (k: Column, v: Column) => Column): Column {
  return call("map_filter", toColumn(c), lambda2(f));
}
/** The map with each value replaced by `f(key, value)`. */
export function transform_values(c: ColumnOrName, f: (k: Column, v: Column) => Column): Column {
  return call("transform_values", toColumn(c), lambda2(f));
}
/** The map with each key replaced by `f(key, value)`. */
export function transform_keys(c: ColumnOrName, f: (k: Column, v: Column) => Column): Column {
  return call("transform_keys", toColumn(c), lambda2(f));
}
/** True where `f` holds for at least one element of the array. */
export function exists(c: ColumnOrName, f: (x: Column) => Column): Column {
  return call("exists", toColumn(c), lambda(f));
}
/** True where `f` holds for every element of the array. */
export function forall(c: ColumnOrName, f: (x: Column) => Column): Column {
  return call("forall", toColumn(c), lambda(f));
}
/**
 * Folds the array into one value: starts from `initialValue`, combines each element with `merge`,
 * then applies `finish` if given.
 * @example aggregate("xs", lit(0), (acc, x) => acc.plus(x))
 */
export function aggregate(
  c: ColumnOrName,
  initialValue: unknown,
  merge: (acc: Column, x: Column) => Column,
  finish?: (acc: Column) => Column,
): Column {
  const args = [toColumn(c), Column.of(initialValue), lambda2(merge)];
  return call("aggregate", ...(finish ? [...args, lambda(finish)] : args));
}
/** Folds the array into one value; same as `aggregate`. */
export const reduce = aggregate;
/** `broadcast(df)` is a join hint in Spark; Sluice joins in one process, so it returns the DataFrame. */
export function broadcast<T>(df: T): T {
  return df;
}
/** The partition id of the row; always 0 here, as Sluice runs one partition. */
export function spark_partition_id(): Column {
  return call("spark_partition_id");
}
/** A random UUID string per row; the same `seed` gives the same UUIDs over the same input. */
export function uuid(seed?: number): Column {
  return seed === undefined ? call("uuid") : call("uuid", lit_(seed));
}

function num(value: ColumnOrName | number): Column {
  return typeof value === "number" ? lit(value) : toColumn(value);
}

let lambdaCounter = 0;
/** A JavaScript function over Columns as a SQL lambda (`x -> ...`), as PySpark's higher-order functions take. */
function lambda(f: (x: Column) => Column): Expression {
  lambdaCounter += 1;
  const x = `__x${lambdaCounter}`;
  return { kind: "lambda", params: [x], body: f(new Column({ kind: "column", parts: [x] })).expr };
}
function lambda2(f: (a: Column, b: Column) => Column): Expression {
  lambdaCounter += 1;
  const [a, b] = [`__a${lambdaCounter}`, `__b${lambdaCounter}`];
  return {
    kind: "lambda",
    params: [a, b],
    body: f(new Column({ kind: "column", parts: [a] }), new Column({ kind: "column", parts: [b] })).expr,
  };
}

// ---- window functions: use with `.over(Window.partitionBy(...).orderBy(...))`
/** Window function: the row's position in its window partition, from 1. */
export function row_number(): Column {
  return call("row_number");
}
/** Window function: the row's rank in its partition, with gaps after ties. */
export function rank(): Column {
  return call("rank");
}
/** Window function: the row's rank in its partition, without gaps after ties. */
export function dense_rank(): Column {
  return call("dense_rank");
}
/** Window function: the row's relative rank in its partition, from 0 to 1. */
export function percent_rank(): Column {
  return call("percent_rank");
}
/** Window function: the fraction of the partition's rows ordered at or before this row. */
export function cume_dist(): Column {
  return call("cume_dist");
}
/** Window function: the bucket (1 to `n`) the row falls in when the partition is split into `n` parts. */
export function ntile(n: number): Column {
  return call("ntile", lit_(n));
}
/**
 * Window function: the value `offset` rows before this one in the partition (`defaultValue` where there is none).
 */
export function lag(c: ColumnOrName, offset = 1, defaultValue: unknown = null): Column {
  return call("lag", toColumn(c), lit_(offset), Column.of(defaultValue));
}
/**
 * Window function: the value `offset` rows after this one in the partition (`defaultValue` where there is none).
 */
export function lead(c: ColumnOrName, offset = 1, defaultValue: unknown = null): Column {
  return call("lead", toColumn(c), lit_(offset), Column.of(defaultValue));
}

// ---- user-defined functions
/**
 * A user-defined function: `fn` called once per row with the argument columns' values (as `collect()` gives
 * them: numbers, strings, Dates, objects for structs, null), its result of `returnType` (DDL such as `"int"`,
 * `"array<string>"`, or a DataType; string by default, as PySpark). Call it with columns to use it in `select`,
 * `filter`, `withColumn`, `groupBy`; `.asNondeterministic()` for a function that may answer differently for the
 * same input; `spark.udf.register(name, ...)` to call it from SQL.
 * @example const plusOne = udf((x: number) => x + 1, "int"); df.select(plusOne(col("id")).alias("next"))
 */
export function udf<A extends unknown[]>(
  fn: (...args: A) => unknown,
  returnType?: DataType | string,
): UserDefinedFunction {
  return userDefinedFunction(
    javaScriptUDF(fn as (...args: never[]) => unknown, returnTypeOf(returnType)),
    fn,
  );
}
/** Calls the user-defined function registered as `name` (`spark.udf.register`) with these columns. */
export function call_udf(name: string, ...cols: ColumnOrName[]): Column {
  return call(name, ...cols.map(toColumn));
}
/** Calls the user-defined function registered as `name`; same as `call_udf`. */
export const callUDF = call_udf;

// ---- the rest of Spark's built-ins, with PySpark 4's signatures (a string is a column name unless noted)
const opt = (c: ColumnOrName | undefined): Column[] => (c === undefined ? [] : [toColumn(c)]);
const over = (name: string, ...cs: ColumnOrName[]): Column => call(name, ...cs.map(toColumn));

/** True where `str` matches the SQL LIKE `pattern` (`_` one character, `%` any run); `escapeChar` escapes them. */
export function like(str: ColumnOrName, pattern: ColumnOrName, escapeChar?: Column): Column {
  return call("like", toColumn(str), toColumn(pattern), ...opt(escapeChar));
}
/** `like`, ignoring case. */
export function ilike(str: ColumnOrName, pattern: ColumnOrName, escapeChar?: Column): Column {
  return call("ilike", toColumn(str), toColumn(pattern), ...opt(escapeChar));
}
/** True where the regular expression `regexp` matches part of `str`. */
export function rlike(str: ColumnOrName, regexp: ColumnOrName): Column {
  return over("rlike", str, regexp);
}
/** Same as `rlike`. */
export function regexp(str: ColumnOrName, regexp: ColumnOrName): Column {
  return over("regexp", str, regexp);
}
/** The inverse hyperbolic cosine. */
export function acosh(col: ColumnOrName): Column {
  return over("acosh", col);
}
/** The inverse hyperbolic sine. */
export function asinh(col: ColumnOrName): Column {
  return over("asinh", col);
}
/** The inverse hyperbolic tangent. */
export function atanh(col: ColumnOrName): Column {
  return over("atanh", col);
}
/** The binary digits of a long, as a string: `bin(5)` is `"101"`. */
export function bin(col: ColumnOrName): Column {
  return over("bin", col);
}
/** The cotangent of an angle in radians. */
export function cot(col: ColumnOrName): Column {
  return over("cot", col);
}
/** The cosecant of an angle in radians. */
export function csc(col: ColumnOrName): Column {
  return over("csc", col);
}
/** The secant of an angle in radians. */
export function sec(col: ColumnOrName): Column {
  return over("sec", col);
}
/** Euler's number. */
export function e(): Column {
  return call("e");
}
/** π. */
export function pi(): Column {
  return call("pi");
}
/** `sqrt(col1² + col2²)` without overflow on the way. */
export function hypot(col1: ColumnOrName | number, col2: ColumnOrName | number): Column {
  return call("hypot", num(col1), num(col2));
}
/** A random number from the standard normal distribution, per row; the same `seed` gives the same numbers. */
export function randn(seed?: number): Column {
  return seed === undefined ? call("randn") : call("randn", lit_(seed));
}
/** A random number, uniform in [0, 1), per row; the same `seed` gives the same numbers. */
export function random(seed?: Column | number): Column {
  return seed === undefined ? call("random") : call("random", Column.of(seed));
}
/** `left + right`, null where it overflows. */
export function try_add(left: ColumnOrName, right: ColumnOrName): Column {
  return over("try_add", left, right);
}
/** `left / right`, null where `right` is 0. */
export function try_divide(left: ColumnOrName, right: ColumnOrName): Column {
  return over("try_divide", left, right);
}
/** The remainder of `left / right`, null where `right` is 0. */
export function try_mod(left: ColumnOrName, right: ColumnOrName): Column {
  return over("try_mod", left, right);
}
/** `left * right`, null where it overflows. */
export function try_multiply(left: ColumnOrName, right: ColumnOrName): Column {
  return over("try_multiply", left, right);
}
/** `left - right`, null where it overflows. */
export function try_subtract(left: ColumnOrName, right: ColumnOrName): Column {
  return over("try_subtract", left, right);
}
/** The bytes of a hexadecimal string. */
export function unhex(col: ColumnOrName): Column {
  return over("unhex", col);
}
/** The bucket (1..numBucket, 0 below, numBucket+1 above) of `v` in equal-width buckets from `min` to `max`. */
export function width_bucket(
  v: ColumnOrName,
  min: ColumnOrName,
  max: ColumnOrName,
  numBucket: ColumnOrName | number,
): Column {
  return call("width_bucket", toColumn(v), toColumn(min), toColumn(max), num(numBucket));
}
/** The string without leading and trailing spaces, or characters of `trim`. */
export function btrim(str: ColumnOrName, trim?: ColumnOrName): Column {
  return call("btrim", toColumn(str), ...opt(trim));
}
/** The character of an ASCII code (the code modulo 256). */
export function char(col: ColumnOrName): Column {
  return over("char", col);
}
/** Same as `char`. */
export function chr(col: ColumnOrName): Column {
  return over("chr", col);
}
/** The number of characters of a string, or bytes of a binary. */
export function character_length(str: ColumnOrName): Column {
  return over("character_length", str);
}
/** Decodes binary into a string with `charset` (UTF-8 only). */
export function decode(col: ColumnOrName, charset: string): Column {
  return call("decode", toColumn(col), lit_(charset));
}
/** Encodes a string into binary with `charset` (UTF-8 only). */
export function encode(col: ColumnOrName, charset: string): Column {
  return call("encode", toColumn(col), lit_(charset));
}
/** The `n`-th of the inputs (1-based), `n` being the first. */
export function elt(...inputs: ColumnOrName[]): Column {
  return over("elt", ...inputs);
}
/** The 1-based position of `str` in the comma-separated list `str_array`, 0 if absent. */
export function find_in_set(str: ColumnOrName, str_array: ColumnOrName): Column {
  return over("find_in_set", str, str_array);
}
/** The number formatted as `#,###,###.##` with `d` decimal places, as a string. */
export function format_number(col: ColumnOrName, d: number): Column {
  return call("format_number", toColumn(col), lit_(d));
}
/** True where a string is valid UTF-8. */
export function is_valid_utf8(str: ColumnOrName): Column {
  return over("is_valid_utf8", str);
}
/** The string with invalid UTF-8 sequences replaced by U+FFFD. */
export function make_valid_utf8(str: ColumnOrName): Column {
  return over("make_valid_utf8", str);
}
/** The string if it is valid UTF-8, else an error. */
export function validate_utf8(str: ColumnOrName): Column {
  return over("validate_utf8", str);
}
/** The string if it is valid UTF-8, else null. */
export function try_validate_utf8(str: ColumnOrName): Column {
  return over("try_validate_utf8", str);
}
/** The string in lower case; same as `lower`. */
export function lcase(str: ColumnOrName): Column {
  return over("lcase", str);
}
/** The string in upper case; same as `upper`. */
export function ucase(str: ColumnOrName): Column {
  return over("ucase", str);
}
/** `src` with `len` characters from `pos` (1-based) replaced by `replace` (`len` -1: the length of `replace`). */
export function overlay(
  src: ColumnOrName,
  replace: ColumnOrName,
  pos: ColumnOrName | number,
  len: ColumnOrName | number = -1,
): Column {
  const rest = len === -1 ? [] : [num(len)];
  return call("overlay", toColumn(src), toColumn(replace), num(pos), ...rest);
}
/** The 1-based position of `substr` in `str` from `start`, 0 if absent. */
export function position(substr: ColumnOrName, str: ColumnOrName, start?: ColumnOrName): Column {
  return call("position", toColumn(substr), toColumn(str), ...opt(start));
}
/** The number of matches of the regular expression `regexp` in `str`. */
export function regexp_count(str: ColumnOrName, regexp: ColumnOrName): Column {
  return over("regexp_count", str, regexp);
}
/** The first match of the regular expression `regexp` in `str`, null if none. */
export function regexp_substr(str: ColumnOrName, regexp: ColumnOrName): Column {
  return over("regexp_substr", str, regexp);
}
/** The part of `str` from `pos` (1-based), `len` characters long or to the end. */
export function substr(str: ColumnOrName, pos: ColumnOrName, len?: ColumnOrName): Column {
  return call("substr", toColumn(str), toColumn(pos), ...opt(len));
}
/** The number shifted left by `numBits` bits. */
export function shiftleft(col: ColumnOrName, numBits: number): Column {
  return call("shiftleft", toColumn(col), lit_(numBits));
}
/** The number shifted right (signed) by `numBits` bits. */
export function shiftright(col: ColumnOrName, numBits: number): Column {
  return call("shiftright", toColumn(col), lit_(numBits));
}
/** The current date; same as `current_date`. */
export function curdate(): Column {
  return call("curdate");
}
/** The session's time zone (`spark.sql.session.timeZone`). */
export function current_timezone(): Column {
  return call("current_timezone");
}
/** The current timestamp without time zone. */
export function localtimestamp(): Column {
  return call("localtimestamp");
}
/** The current timestamp; same as `current_timestamp`. */
export function now(): Column {
  return call("now");
}
/** The number of days from `start` to `end`. */
export function date_diff(end: ColumnOrName, start: ColumnOrName): Column {
  return over("date_diff", end, start);
}
/** The date `days` after `start`; same as `date_add`. */
export function dateadd(start: ColumnOrName, days: ColumnOrName | number): Column {
  return call("dateadd", toColumn(start), num(days));
}
/** A part (`field`: `lit("YEAR")`, ...) of a date, timestamp or interval; same as `date_part`. */
export function datepart(field: Column, source: ColumnOrName): Column {
  return call("datepart", field, toColumn(source));
}
/** The day of the month; same as `dayofmonth`. */
export function day(col: ColumnOrName): Column {
  return over("day", col);
}
/** The three-letter day name of a date: `Mon`. */
export function dayname(col: ColumnOrName): Column {
  return over("dayname", col);
}
/** The three-letter month name of a date: `Jan`. */
export function monthname(col: ColumnOrName): Column {
  return over("monthname", col);
}
/**
 * The timestamp of these fields, in `timezone` or the session's; seconds may have a fraction.
 */
export function make_timestamp(
  years: ColumnOrName,
  months: ColumnOrName,
  days: ColumnOrName,
  hours: ColumnOrName,
  mins: ColumnOrName,
  secs: ColumnOrName,
  timezone?: ColumnOrName,
): Column {
  return call("make_timestamp", ...[years, months, days, hours, mins, secs].map(toColumn), ...opt(timezone));
}
/** Same as `make_timestamp`: a timestamp with the session's time zone. */
export function make_timestamp_ltz(
  years: ColumnOrName,
  months: ColumnOrName,
  days: ColumnOrName,
  hours: ColumnOrName,
  mins: ColumnOrName,
  secs: ColumnOrName,
  timezone?: ColumnOrName,
): Column {
  return call(
    "make_timestamp_ltz",
    ...[years, months, days, hours, mins, secs].map(toColumn),
    ...opt(timezone),
  );
}
/** As `make_timestamp`, but fields that make no timestamp (month 13, day 32) give null rather than an error. */
export function try_make_timestamp(
  years: ColumnOrName,
  months: ColumnOrName,
  days: ColumnOrName,
  hours: ColumnOrName,
  mins: ColumnOrName,
  secs: ColumnOrName,
  timezone?: ColumnOrName,
): Column {
  return call(
    "try_make_timestamp",
    ...[years, months, days, hours, mins, secs].map(toColumn),
    ...opt(timezone),
  );
}
/** As `make_timestamp_ltz`, but fields that make no timestamp give null rather than an error. */
export function try_make_timestamp_ltz(
  years: ColumnOrName,
  months: ColumnOrName,
  days: ColumnOrName,
  hours: ColumnOrName,
  mins: ColumnOrName,
  secs: ColumnOrName,
  timezone?: ColumnOrName,
): Column {
  return call(
    "try_make_timestamp_ltz",
    ...[years, months, days, hours, mins, secs].map(toColumn),
    ...opt(timezone),
  );
}
/** As `make_timestamp_ntz`, but fields that make no timestamp give null rather than an error. */
export function try_make_timestamp_ntz(
  years: ColumnOrName,
  months: ColumnOrName,
  days: ColumnOrName,
  hours: ColumnOrName,
  mins: ColumnOrName,
  secs: ColumnOrName,
): Column {
  return call("try_make_timestamp_ntz", ...[years, months, days, hours, mins, secs].map(toColumn));
}
/** As `to_date`, but a string that is no date (in the format, where given) gives null rather than an error. */
export function try_to_date(c: ColumnOrName, format?: string): Column {
  return format === undefined
    ? call("try_to_date", toColumn(c))
    : call("try_to_date", toColumn(c), lit_(format));
}
/** The months between two dates; a fraction rounded to 8 digits unless `roundOff` is false. */
export function months_between(date1: ColumnOrName, date2: ColumnOrName, roundOff = true): Column {
  return call("months_between", toColumn(date1), toColumn(date2), lit_(roundOff));
}
/** The first date after `date` falling on `dayOfWeek` (`"Mon"`, `"Tuesday"`, ...). */
export function next_day(date: ColumnOrName, dayOfWeek: string): Column {
  return call("next_day", toColumn(date), lit_(dayOfWeek));
}
/** Parses a string into a timestamp with the session's time zone, with a pattern column or the default. */
export function to_timestamp_ltz(timestamp: ColumnOrName, format?: ColumnOrName): Column {
  return call("to_timestamp_ltz", toColumn(timestamp), ...opt(format));
}
/** Seconds since the Unix epoch of a timestamp, or of a string parsed with `format`. */
export function to_unix_timestamp(timestamp: ColumnOrName, format?: ColumnOrName): Column {
  return call("to_unix_timestamp", toColumn(timestamp), ...opt(format));
}
/** The event time of a time window: its end less one microsecond. */
export function window_time(windowColumn: ColumnOrName): Column {
  return over("window_time", windowColumn);
}
/** The SHA-1 digest as hex; same as `sha1`. */
export function sha(col: ColumnOrName): Column {
  return over("sha", col);
}
/** `element_at`, null where the index is out of range. */
export function try_element_at(col: ColumnOrName, extraction: ColumnOrName): Column {
  return over("try_element_at", col, extraction);
}
/** The array with `value` first. */
export function array_prepend(col: ColumnOrName, value: unknown): Column {
  return call("array_prepend", toColumn(col), Column.of(value));
}
/** The array element at a 0-based `index`, null out of range. */
export function get(col: ColumnOrName, index: ColumnOrName | number): Column {
  return call("get", toColumn(col), num(index));
}
/** The union of the maps. */
export function map_concat(...maps: ColumnOrName[]): Column {
  return call("map_concat", ...cols(maps));
}
/** Aggregate: the approximate percentile (or array of percentiles) of the column; same as `percentile_approx`. */
export function approx_percentile(
  col: ColumnOrName,
  percentage: Column | number | readonly number[],
  accuracy: Column | number = 10000,
): Column {
  return call("approx_percentile", toColumn(col), Column.of(percentage), Column.of(accuracy));
}
/** Aggregate: the excess kurtosis of the values. */
export function kurtosis(col: ColumnOrName): Column {
  return over("kurtosis", col);
}
/** Aggregate: the skewness of the values. */
export function skewness(col: ColumnOrName): Column {
  return over("skewness", col);
}
/** Aggregate: the sample standard deviation; same as `stddev`. */
export function std(col: ColumnOrName): Column {
  return over("std", col);
}
/** Aggregate: the mean of `x` over the pairs where neither is null. */
export function regr_avgx(y: ColumnOrName, x: ColumnOrName): Column {
  return over("regr_avgx", y, x);
}
/** Aggregate: the mean of `y` over the pairs where neither is null. */
export function regr_avgy(y: ColumnOrName, x: ColumnOrName): Column {
  return over("regr_avgy", y, x);
}
/** Aggregate: the number of pairs where neither is null. */
export function regr_count(y: ColumnOrName, x: ColumnOrName): Column {
  return over("regr_count", y, x);
}
/** Aggregate: the intercept of the least-squares line of `y` on `x`. */
export function regr_intercept(y: ColumnOrName, x: ColumnOrName): Column {
  return over("regr_intercept", y, x);
}
/** Aggregate: the coefficient of determination of the least-squares line. */
export function regr_r2(y: ColumnOrName, x: ColumnOrName): Column {
  return over("regr_r2", y, x);
}
/** Aggregate: the slope of the least-squares line of `y` on `x`. */
export function regr_slope(y: ColumnOrName, x: ColumnOrName): Column {
  return over("regr_slope", y, x);
}
/** Aggregate: `regr_count(y, x) * var_pop(x)`. */
export function regr_sxx(y: ColumnOrName, x: ColumnOrName): Column {
  return over("regr_sxx", y, x);
}
/** Aggregate: `regr_count(y, x) * covar_pop(y, x)`. */
export function regr_sxy(y: ColumnOrName, x: ColumnOrName): Column {
  return over("regr_sxy", y, x);
}
/** Aggregate: `regr_count(y, x) * var_pop(y)`. */
export function regr_syy(y: ColumnOrName, x: ColumnOrName): Column {
  return over("regr_syy", y, x);
}
/** The file the row was read from: empty, as Sluice does not track it. */
export function input_file_name(): Column {
  return call("input_file_name");
}
/** The length of the block the row was read from: -1, as Spark gives where none is known. */
export function input_file_block_length(): Column {
  return call("input_file_block_length");
}
/** The start of the block the row was read from: -1, as Spark gives where none is known. */
export function input_file_block_start(): Column {
  return call("input_file_block_start");
}
/** Fails the query with `errMsg` (USER_RAISED_EXCEPTION). A string is the message, not a column. */
export function raise_error(errMsg: Column | string): Column {
  return call("raise_error", Column.of(errMsg));
}
/**
 * Null where `col` is true; fails the query (USER_RAISED_EXCEPTION) where it is false or null, with `errMsg` or
 * Spark's `'<condition>' is not true!`. A string is the message, not a column.
 */
export function assert_true(col: ColumnOrName, errMsg?: Column | string): Column {
  return errMsg === undefined
    ? call("assert_true", toColumn(col))
    : call("assert_true", toColumn(col), Column.of(errMsg));
}
/** The SQL type name of the value: `typeof(lit(1))` is `"int"`. */
function typeOf(col: ColumnOrName): Column {
  return over("typeof", col);
}

export {
  /** The SQL type name of the value: `typeof(lit(1))` is `"int"`. */
  typeOf as typeof,
};

// ---- number formats (Spark's ToNumberParser formats: 0 9 . D , G $ S MI PR) ----
/**
 * The string parsed as a decimal in the number format `format` (a literal: `lit("$99.99")`), typed
 * DECIMAL(digits, digits after the point); a string that does not match fails with INVALID_FORMAT.MISMATCH_INPUT.
 * As in PySpark, a string `format` is a column name.
 */
export function to_number(col: ColumnOrName, format: ColumnOrName): Column {
  return call("to_number", toColumn(col), toColumn(format));
}
/** `to_number`, null where the string does not match the format. */
export function try_to_number(col: ColumnOrName, format: ColumnOrName): Column {
  return call("try_to_number", toColumn(col), toColumn(format));
}
/**
 * A number as text in the number format `format` (`lit("99G999D9S")`), `#`s where it is too wide; a date or
 * timestamp in a datetime pattern (as `date_format`); a binary as `base64`, `hex` or `utf-8` text.
 */
export function to_char(col: ColumnOrName, format: ColumnOrName): Column {
  return call("to_char", toColumn(col), toColumn(format));
}
/** Same as `to_char`. */
export function to_varchar(col: ColumnOrName, format: ColumnOrName): Column {
  return call("to_varchar", toColumn(col), toColumn(format));
}

// ---- issue 11: soundex, quote, mask, regexp_instr, sentences ----
/** The Soundex code of the string (`soundex("Miller")` is `M460`); a string not starting with a letter as it is. */
export function soundex(col: ColumnOrName): Column {
  return call("soundex", toColumn(col));
}
/** The string in single quotes, each single quote in it escaped with a backslash. */
export function quote(col: ColumnOrName): Column {
  return call("quote", toColumn(col));
}
/**
 * The string with upper-case letters replaced by `upperChar` (X), lower-case by `lowerChar` (x), digits by
 * `digitChar` (n) and other characters by `otherChar` (kept); a null replacement keeps those characters. The
 * replacements are literal Columns (`lit("Q")`); as in PySpark, a string is a column name.
 */
export function mask(
  col: ColumnOrName,
  upperChar?: ColumnOrName,
  lowerChar?: ColumnOrName,
  digitChar?: ColumnOrName,
  otherChar?: ColumnOrName,
): Column {
  const or = (c: ColumnOrName | undefined, d: string | null) => (c === undefined ? lit_(d) : toColumn(c));
  return call(
    "mask",
    toColumn(col),
    or(upperChar, "X"),
    or(lowerChar, "x"),
    or(digitChar, "n"),
    or(otherChar, null),
  );
}
/** The 1-based position where the first match of `regexp` starts in the string, 0 if none. */
export function regexp_instr(str: ColumnOrName, regexp: ColumnOrName, idx?: number | Column): Column {
  return idx === undefined
    ? call("regexp_instr", toColumn(str), toColumn(regexp))
    : call("regexp_instr", toColumn(str), toColumn(regexp), Column.of(idx));
}
/** The text split into sentences, each an array of its words. */
export function sentences(string: ColumnOrName, language?: ColumnOrName, country?: ColumnOrName): Column {
  return call(
    "sentences",
    toColumn(string),
    language === undefined ? lit_("") : toColumn(language),
    country === undefined ? lit_("") : toColumn(country),
  );
}

// ---- issue 11: uniform, randstr ----
/**
 * A random number in [min, max): an integer where both bounds are integers, else a floating-point number. With a
 * seed, the same values run after run over the same input (not Spark's values).
 */
export function uniform(min: Column | number, max: Column | number, seed?: Column | number): Column {
  return seed === undefined
    ? call("uniform", Column.of(min), Column.of(max))
    : call("uniform", Column.of(min), Column.of(max), Column.of(seed));
}
/** A random string of `length` characters from 0-9, a-z and A-Z; with a seed, the same strings run after run. */
export function randstr(length: Column | number, seed?: Column | number): Column {
  return seed === undefined
    ? call("randstr", Column.of(length))
    : call("randstr", Column.of(length), Column.of(seed));
}

// ── issue 11: try aggregates ──────────────────────────────────────────────────────────────────────────────────

/** Aggregate: the sum of the column's values, null where it overflows (Spark's try_sum). */
export function try_sum(col: ColumnOrName): Column {
  return call("try_sum", toColumn(col));
}
/** Aggregate: the mean of the column's values, null where their sum overflows (Spark's try_avg). */
export function try_avg(col: ColumnOrName): Column {
  return call("try_avg", toColumn(col));
}

// ── issue 11: nth_value ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Window function: the value of the frame's `offset`-th row (from 1), null where there is none; with
 * `ignoreNulls` the nulls are not counted.
 */
export function nth_value(col: ColumnOrName, offset: number, ignoreNulls = false): Column {
  return ignoreNulls
    ? call("nth_value", toColumn(col), lit_(offset), lit_(true))
    : call("nth_value", toColumn(col), lit_(offset));
}

// ---- issue 11: datetime functions (timeFunctions.ts)

/**
 * The wall-clock time `sourceTs` of time zone `sourceTz` as the wall-clock time of `targetTz` at that instant:
 * `convert_timezone(lit("Europe/Brussels"), lit("America/Los_Angeles"), col("ts"))`. With two arguments (or a
 * null `sourceTz`, as PySpark passes it) the source is the session time zone.
 */
export function convert_timezone(targetTz: Column, sourceTs: ColumnOrName): Column;
export function convert_timezone(
  sourceTz: Column | null | undefined,
  targetTz: Column,
  sourceTs: ColumnOrName,
): Column;
export function convert_timezone(
  first: Column | null | undefined,
  second: Column | ColumnOrName,
  third?: ColumnOrName,
): Column {
  if (third === undefined)
    return call("convert_timezone", call("current_timezone"), Column.of(first), toColumn(second));
  const source = first === null || first === undefined ? call("current_timezone") : Column.of(first);
  return call("convert_timezone", source, Column.of(second), toColumn(third));
}
/** The part `field` (`lit("YEAR")`, `lit("dow")`, ...: Spark's field names and synonyms) of a date or timestamp. */
export function extract(field: string | Column, source: ColumnOrName): Column {
  return call("extract", Column.of(field), toColumn(source));
}
/** `ts` moved by `quantity` units (YEAR, QUARTER, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND). */
export function timestamp_add(unit: string, quantity: ColumnOrName | number, ts: ColumnOrName): Column {
  return call(
    "timestampadd",
    lit_(unit),
    typeof quantity === "number" ? lit_(quantity) : toColumn(quantity),
    toColumn(ts),
  );
}
/** The whole `unit`s from `start` to `end`, as Spark's TIMESTAMPDIFF counts them. */
export function timestamp_diff(unit: string, start: ColumnOrName, end: ColumnOrName): Column {
  return call("timestampdiff", lit_(unit), toColumn(start), toColumn(end));
}
/** Spark's make_dt_interval: an INTERVAL DAY TO SECOND of days, hours, minutes and seconds (missing ones 0). */
export function make_dt_interval(
  days?: ColumnOrName,
  hours?: ColumnOrName,
  mins?: ColumnOrName,
  secs?: ColumnOrName,
): Column {
  return call("make_dt_interval", ...leading(days, hours, mins, secs));
}
/** Spark's make_ym_interval: an INTERVAL YEAR TO MONTH of years and months (missing ones 0). */
export function make_ym_interval(years?: ColumnOrName, months?: ColumnOrName): Column {
  return call("make_ym_interval", ...leading(years, months));
}
/** Spark's make_interval: a CalendarInterval of years, months, weeks, days, hours, minutes and seconds. */
export function make_interval(
  years?: ColumnOrName,
  months?: ColumnOrName,
  weeks?: ColumnOrName,
  days?: ColumnOrName,
  hours?: ColumnOrName,
  mins?: ColumnOrName,
  secs?: ColumnOrName,
): Column {
  return call("make_interval", ...leading(years, months, weeks, days, hours, mins, secs));
}
/** Spark's try_make_interval: make_interval, null where the interval overflows. */
export function try_make_interval(
  years?: ColumnOrName,
  months?: ColumnOrName,
  weeks?: ColumnOrName,
  days?: ColumnOrName,
  hours?: ColumnOrName,
  mins?: ColumnOrName,
  secs?: ColumnOrName,
): Column {
  return call("try_make_interval", ...leading(years, months, weeks, days, hours, mins, secs));
}
/** The arguments given, up to the last one that is; a gap before it is 0, as Spark's builders fill it. */
function leading(...args: (ColumnOrName | undefined)[]): Column[] {
  let last = args.length;
  while (last > 0 && args[last - 1] === undefined) last -= 1;
  return args.slice(0, last).map((a) => toColumn(a ?? lit(0)));
}
/** Parses a string into a timestamp without time zone, with a pattern column or the default. */
export function to_timestamp_ntz(timestamp: ColumnOrName, format?: ColumnOrName): Column {
  return call("to_timestamp_ntz", toColumn(timestamp), ...opt(format));
}
/** The timestamp without time zone of these fields; seconds may have a fraction. */
export function make_timestamp_ntz(
  years: ColumnOrName,
  months: ColumnOrName,
  days: ColumnOrName,
  hours: ColumnOrName,
  mins: ColumnOrName,
  secs: ColumnOrName,
): Column {
  return call("make_timestamp_ntz", ...[years, months, days, hours, mins, secs].map(toColumn));
}

// --- JSON text functions (issue 11): json_tuple, json_array_length, json_object_keys, schema_of_json ---

/** A generator: one row of string columns c0, c1, ... holding the JSON object's fields `fields`. */
export function json_tuple(c: ColumnOrName, ...fields: string[]): Column {
  return call("json_tuple", toColumn(c), ...fields.map((f) => lit_(f)));
}
/** The number of elements of the outermost JSON array; null for text that is not one. */
export function json_array_length(c: ColumnOrName): Column {
  return call("json_array_length", toColumn(c));
}
/** The keys of the outermost JSON object, as an array; null for text that is not one. */
export function json_object_keys(c: ColumnOrName): Column {
  return call("json_object_keys", toColumn(c));
}
/** The schema Spark infers for a constant JSON text, in DDL form (`STRUCT<a: BIGINT>`). */
export function schema_of_json(json: string | Column, options?: Record<string, string>): Column {
  const text = typeof json === "string" ? lit_(json) : json;
  if (!options) return call("schema_of_json", text);
  const entries = Object.entries(options).flatMap(([k, v]) => [lit_(k), lit_(v)]);
  return call("schema_of_json", text, call("map", ...entries));
}

// --- URL functions and str_to_map (issue 11) ---

/** The text escaped as application/x-www-form-urlencoded (Java's URLEncoder: a space is `+`). */
export function url_encode(c: ColumnOrName): Column {
  return call("url_encode", toColumn(c));
}
/** The application/x-www-form-urlencoded text decoded; a malformed `%` escape fails (CANNOT_DECODE_URL). */
export function url_decode(c: ColumnOrName): Column {
  return call("url_decode", toColumn(c));
}
/** url_decode, null where the text cannot be decoded. */
export function try_url_decode(c: ColumnOrName): Column {
  return call("try_url_decode", toColumn(c));
}
/** A part of a URL (HOST, PATH, QUERY, REF, PROTOCOL, FILE, AUTHORITY, USERINFO), or a query parameter `key`. */
export function parse_url(url: ColumnOrName, partToExtract: ColumnOrName, key?: ColumnOrName): Column {
  const args = [url, partToExtract, ...(key == null ? [] : [key])].map(toColumn);
  return call("parse_url", ...args);
}
/** parse_url, null for an invalid URL. */
export function try_parse_url(url: ColumnOrName, partToExtract: ColumnOrName, key?: ColumnOrName): Column {
  const args = [url, partToExtract, ...(key == null ? [] : [key])].map(toColumn);
  return call("try_parse_url", ...args);
}
/** A map<string,string> from delimited text: pairs split by `pairDelim` (","), key from value by `keyValueDelim` (":"). */
export function str_to_map(
  text: ColumnOrName,
  pairDelim?: ColumnOrName,
  keyValueDelim?: ColumnOrName,
): Column {
  // Python passes a skipped middle argument as null.
  const pair = pairDelim ?? undefined;
  const kv = keyValueDelim ?? undefined;
  const args: ColumnOrName[] = [text];
  if (pair !== undefined || kv !== undefined) args.push(pair ?? lit(","));
  if (kv !== undefined) args.push(kv);
  return call("str_to_map", ...args.map(toColumn));
}

// --- CSV text functions (issue 11) ---

/** The CSV line parsed into a struct of the given schema (`"a INT, b DOUBLE"`); options are ignored. */
export function from_csv(
  c: ColumnOrName,
  schema: string | Column,
  _options?: Record<string, string>,
): Column {
  return call("from_csv", toColumn(c), typeof schema === "string" ? lit_(schema) : schema);
}
/** The schema Spark infers for a constant CSV line (`STRUCT<_c0: INT, _c1: STRING>`). */
export function schema_of_csv(csv: string | Column, options?: Record<string, string>): Column {
  const text = typeof csv === "string" ? lit_(csv) : csv;
  if (!options) return call("schema_of_csv", text);
  const entries = Object.entries(options).flatMap(([k, v]) => [lit_(k), lit_(v)]);
  return call("schema_of_csv", text, call("map", ...entries));
}

// ---- issue 11: hash functions (hashFunctions.ts) ----
/** Spark's XxHash64 (seed 42) of the columns' values, a long: the same numbers as Spark's. */
export function xxhash64(...cols_: ColumnOrName[]): Column {
  return call("xxhash64", ...cols(cols_));
}
/** The CRC-32 of a binary value (a string's UTF-8 bytes), a long. */
export function crc32(col: ColumnOrName): Column {
  return call("crc32", toColumn(col));
}

// ---- issue 11: bit and number functions (bitFunctions.ts) ----
/** The bit (0 or 1) at position `pos` of an integral value, counted from the right from 0; a tinyint. */
export function bit_get(col: ColumnOrName, pos: ColumnOrName | number): Column {
  return call("bit_get", toColumn(col), typeof pos === "number" ? lit_(pos) : toColumn(pos));
}
/** Same as bit_get(). */
export function getbit(col: ColumnOrName, pos: ColumnOrName | number): Column {
  return call("getbit", toColumn(col), typeof pos === "number" ? lit_(pos) : toColumn(pos));
}
/** The bitwise NOT of an integral value (SQL's `~`). */
export function bitwise_not(col: ColumnOrName): Column {
  return call("~", toColumn(col));
}
/** The value shifted right by `numBits` bits, zeros filling from the left (Java's `>>>`). */
export function shiftrightunsigned(col: ColumnOrName, numBits: number): Column {
  return call("shiftrightunsigned", toColumn(col), lit_(numBits));
}
/** The number written in base `fromBase` (a string) written in base `toBase` (negative: signed). */
export function conv(col: ColumnOrName, fromBase: number, toBase: number): Column {
  return call("conv", toColumn(col), lit_(fromBase), lit_(toBase));
}
/** Null where the value is 0, else the value. */
export function nullifzero(col: ColumnOrName): Column {
  return call("nullifzero", toColumn(col));
}
/** 0 where the value is null, else the value. */
export function zeroifnull(col: ColumnOrName): Column {
  return call("zeroifnull", toColumn(col));
}
/** The value negated: same as negative(). */
export function negate(col: ColumnOrName): Column {
  return call("negative", toColumn(col));
}

// --- issue 11: stack, array_insert, map_zip_with (collectionExtras.ts) ---

/** A generator: `stack(n, v1, ..., vk)` as n rows of columns col0, col1, ..., the last row padded with nulls. */
export function stack(...cols: ColumnOrName[]): Column {
  return call("stack", ...cols.map(toColumn));
}
/** The array with `value` inserted at `pos` (from 1; negative from the end; nulls pad past the end). */
export function array_insert(arr: ColumnOrName, pos: ColumnOrName | number, value: unknown): Column {
  const position = typeof pos === "number" ? lit(pos) : toColumn(pos);
  return call("array_insert", toColumn(arr), position, value instanceof Column ? value : lit(value));
}
/** The two maps merged by key: `f(key, value1, value2)`, a value missing from one map null. */
export function map_zip_with(
  col1: ColumnOrName,
  col2: ColumnOrName,
  f: (k: Column, v1: Column, v2: Column) => Column,
): Column {
  return call("map_zip_with", toColumn(col1), toColumn(col2), lambda3(f));
}
function lambda3(f: (a: Column, b: Column, c: Column) => Column): Expression {
  lambdaCounter += 1;
  const params = [`__k${lambdaCounter}`, `__v${lambdaCounter}`, `__w${lambdaCounter}`];
  const [a, b, c] = params.map((p) => new Column({ kind: "column", parts: [p] }));
  return { kind: "lambda", params, body: f(a, b, c).expr };
}

// --- issue 11: listagg and string_agg (listaggFunctions.ts) ---

function listaggCall(
  name: "listagg" | "string_agg",
  c: ColumnOrName,
  delimiter: string | Uint8Array | Column | null | undefined,
  distinct: boolean,
): Column {
  const args = [toColumn(c).expr];
  if (delimiter != null) args.push(delimiter instanceof Column ? delimiter.expr : lit_(delimiter));
  return new Column({ kind: "call", name, args, distinct });
}
/** Aggregate: the group's non-null values joined by `delimiter` (none by default); strings or binaries. */
export function listagg(c: ColumnOrName, delimiter?: string | Uint8Array | Column | null): Column {
  return listaggCall("listagg", c, delimiter, false);
}
/** Aggregate: listagg of the group's distinct values. */
export function listagg_distinct(c: ColumnOrName, delimiter?: string | Uint8Array | Column | null): Column {
  return listaggCall("listagg", c, delimiter, true);
}
/** Aggregate: Spark's other name for listagg. */
export function string_agg(c: ColumnOrName, delimiter?: string | Uint8Array | Column | null): Column {
  return listaggCall("string_agg", c, delimiter, false);
}
/** Aggregate: string_agg of the group's distinct values. */
export function string_agg_distinct(
  c: ColumnOrName,
  delimiter?: string | Uint8Array | Column | null,
): Column {
  return listaggCall("string_agg", c, delimiter, true);
}

// ---- issue 11: to_binary, try_to_binary (binaryFunctions.ts) ----
/** The string as binary in `format` ('hex' when not given, 'utf-8', 'utf8' or 'base64'; a literal Column). */
export function to_binary(col: ColumnOrName, format?: ColumnOrName): Column {
  return format === undefined
    ? call("to_binary", toColumn(col))
    : call("to_binary", toColumn(col), toColumn(format));
}
/** to_binary(), null where the string is malformed or the format is none of Spark's. */
export function try_to_binary(col: ColumnOrName, format?: ColumnOrName): Column {
  return format === undefined
    ? call("try_to_binary", toColumn(col))
    : call("try_to_binary", toColumn(col), toColumn(format));
}

// --- issue 11: to_csv (toCsv.ts) ---

/** The struct's fields as one CSV line, as Spark's CSV writer writes them under `options`. */
export function to_csv(c: ColumnOrName, options?: Record<string, string> | null): Column {
  if (!options) return call("to_csv", toColumn(c));
  const entries = Object.entries(options).flatMap(([k, v]) => [lit_(k), lit_(String(v))]);
  return call("to_csv", toColumn(c), call("map", ...entries));
}

// ---- issue 11: XML (src/engine/sql/xml/xmlFunctions.ts) ----

function xmlOptionsMap(options: Record<string, string> | null | undefined): Column[] {
  if (!options) return [];
  return [call("map", ...Object.entries(options).flatMap(([k, v]) => [lit_(k), lit_(String(v))]))];
}

/**
 * Parses an XML string column into a struct of the given schema: `from_xml(col, "a INT, b STRING")`, a
 * StructType, or a Column such as `schema_of_xml(lit(xml))`. Options are Spark's XML options (rowTag,
 * attributePrefix, valueTag, nullValue, mode, dateFormat, timestampFormat, ...).
 */
export function from_xml(
  c: ColumnOrName,
  schema: string | StructType | Column,
  options?: Record<string, string> | null,
): Column {
  const schemaColumn =
    schema instanceof Column ? schema : lit_(typeof schema === "string" ? schema : schema.toDDL());
  return call("from_xml", toColumn(c), schemaColumn, ...xmlOptionsMap(options));
}
/** The struct as an XML string: one `rowTag` element (ROW by default), pretty-printed as Spark prints it. */
export function to_xml(c: ColumnOrName, options?: Record<string, string> | null): Column {
  return call("to_xml", toColumn(c), ...xmlOptionsMap(options));
}
/** The schema Spark infers for a constant XML text, in DDL form (`STRUCT<a: BIGINT>`). */
export function schema_of_xml(xml: string | Column, options?: Record<string, string> | null): Column {
  const text = typeof xml === "string" ? lit_(xml) : xml;
  return call("schema_of_xml", text, ...xmlOptionsMap(options));
}

// ---- issue 11: XPath (src/engine/sql/xml/xpathFunctions.ts) ----
// As PySpark's: `path` is a Column (a string is a column name), whose value must be a constant: `lit("a/b")`.

/** The values of the nodes of `xml` that `path` (XPath 1.0) matches, as an array of strings. */
export function xpath(xml: ColumnOrName, path: ColumnOrName): Column {
  return call("xpath", toColumn(xml), toColumn(path));
}
/** Whether the XPath `path` is true over `xml`, or matches a node. */
export function xpath_boolean(xml: ColumnOrName, path: ColumnOrName): Column {
  return call("xpath_boolean", toColumn(xml), toColumn(path));
}
/** The XPath `path`'s number over `xml` as a double: 0 where nothing matches, NaN where a match is no number. */
export function xpath_double(xml: ColumnOrName, path: ColumnOrName): Column {
  return call("xpath_double", toColumn(xml), toColumn(path));
}
/** xpath_double under its other name. */
export function xpath_number(xml: ColumnOrName, path: ColumnOrName): Column {
  return call("xpath_number", toColumn(xml), toColumn(path));
}
/** The XPath `path`'s number over `xml` as a float: 0 where nothing matches, NaN where a match is no number. */
export function xpath_float(xml: ColumnOrName, path: ColumnOrName): Column {
  return call("xpath_float", toColumn(xml), toColumn(path));
}
/** The XPath `path`'s number over `xml` as an int: 0 where nothing matches or a match is no number. */
export function xpath_int(xml: ColumnOrName, path: ColumnOrName): Column {
  return call("xpath_int", toColumn(xml), toColumn(path));
}
/** The XPath `path`'s number over `xml` as a long: 0 where nothing matches or a match is no number. */
export function xpath_long(xml: ColumnOrName, path: ColumnOrName): Column {
  return call("xpath_long", toColumn(xml), toColumn(path));
}
/** The XPath `path`'s number over `xml` as a short: 0 where nothing matches or a match is no number. */
export function xpath_short(xml: ColumnOrName, path: ColumnOrName): Column {
  return call("xpath_short", toColumn(xml), toColumn(path));
}
/** The text of the first node of `xml` that the XPath `path` matches. */
export function xpath_string(xml: ColumnOrName, path: ColumnOrName): Column {
  return call("xpath_string", toColumn(xml), toColumn(path));
}

// ---- issue 11: AES (src/engine/sql/crypto/aesFunctions.ts) ----

function aesCall(name: string, cols: readonly (ColumnOrName | undefined | null)[]): Column {
  let n = cols.length;
  while (n > 2 && (cols[n - 1] === undefined || cols[n - 1] === null)) n--;
  const defaults = name === "aes_encrypt" ? ["GCM", "DEFAULT", "", ""] : ["GCM", "DEFAULT", ""];
  const args = cols
    .slice(0, n)
    .map((c, i) => (c === undefined || c === null ? lit_(defaults[i - 2]) : toColumn(c)));
  return call(name, ...args);
}

/**
 * `input` encrypted with AES under `key` (16, 24 or 32 bytes) in `mode` ('GCM' by default, 'CBC', 'ECB') and
 * `padding` ('DEFAULT': none for GCM, PKCS for CBC and ECB), with `iv` (random where not given) and, for GCM,
 * additional authenticated data `aad`. The IV comes first in the result, GCM's tag last, as Spark lays them out.
 */
export function aes_encrypt(
  input: ColumnOrName,
  key: ColumnOrName,
  mode?: ColumnOrName | null,
  padding?: ColumnOrName | null,
  iv?: ColumnOrName | null,
  aad?: ColumnOrName | null,
): Column {
  return aesCall("aes_encrypt", [input, key, mode, padding, iv, aad]);
}
/** The plaintext of a value aes_encrypt made, with the same key, mode, padding and (GCM) aad. */
export function aes_decrypt(
  input: ColumnOrName,
  key: ColumnOrName,
  mode?: ColumnOrName | null,
  padding?: ColumnOrName | null,
  aad?: ColumnOrName | null,
): Column {
  return aesCall("aes_decrypt", [input, key, mode, padding, aad]);
}
/** aes_decrypt(), null where it would fail (a wrong key, a damaged value). */
export function try_aes_decrypt(
  input: ColumnOrName,
  key: ColumnOrName,
  mode?: ColumnOrName | null,
  padding?: ColumnOrName | null,
  aad?: ColumnOrName | null,
): Column {
  return aesCall("try_aes_decrypt", [input, key, mode, padding, aad]);
}
