/**
 * `pyspark.sql.functions`, in TypeScript. As in PySpark, a string argument in a column position is a column
 * name (`sum("price")`), and options such as patterns and durations are plain values.
 */
import { Column, type ColumnOrName, toColumn } from "./Column";
import type { Expression } from "./expressions";
import { parseNamedExpression } from "./parser";

function call(name: string, ...args: (Column | Expression)[]): Column {
  return new Column({ kind: "call", name, args: args.map((a) => (a instanceof Column ? a.expr : a)) });
}

const lit_ = (value: unknown): Expression => ({ kind: "literal", value });
const cols = (names: ColumnOrName[]): Column[] =>
  (names.length === 1 && Array.isArray(names[0]) ? (names[0] as ColumnOrName[]) : names).map(toColumn);

export function col(name: string): Column {
  return toColumn(name);
}
export const column = col;

export function lit(value: unknown): Column {
  return Column.of(value);
}

/** Parses a SQL expression string: `expr("count(*) AS n")`. */
export function expr(sql: string): Column {
  return new Column(parseNamedExpression(sql));
}

export function when(condition: Column, value: unknown): Column {
  return new Column({ kind: "case", branches: [[condition.expr, Column.of(value).expr]] });
}

// ---- aggregates
export function count(c: ColumnOrName): Column {
  return call("count", c === "*" ? { kind: "star" } : toColumn(c));
}
export function countDistinct(c: ColumnOrName, ...more: ColumnOrName[]): Column {
  return new Column({
    kind: "call",
    name: "count",
    args: [c, ...more].map((x) => toColumn(x).expr),
    distinct: true,
  });
}
export const count_distinct = countDistinct;
export function sum(c: ColumnOrName): Column {
  return call("sum", toColumn(c));
}
export function sumDistinct(c: ColumnOrName): Column {
  return new Column({ kind: "call", name: "sum", args: [toColumn(c).expr], distinct: true });
}
export const sum_distinct = sumDistinct;
export function avg(c: ColumnOrName): Column {
  return call("avg", toColumn(c));
}
export function mean(c: ColumnOrName): Column {
  return call("mean", toColumn(c));
}
export function min(c: ColumnOrName): Column {
  return call("min", toColumn(c));
}
export function max(c: ColumnOrName): Column {
  return call("max", toColumn(c));
}
export function first(c: ColumnOrName, ignoreNulls = false): Column {
  return ignoreNulls ? call("first", toColumn(c), lit_(true)) : call("first", toColumn(c));
}
export function last(c: ColumnOrName, ignoreNulls = false): Column {
  return ignoreNulls ? call("last", toColumn(c), lit_(true)) : call("last", toColumn(c));
}
export function approx_count_distinct(c: ColumnOrName, rsd?: number): Column {
  return rsd === undefined
    ? call("approx_count_distinct", toColumn(c))
    : call("approx_count_distinct", toColumn(c), lit_(rsd));
}
export const approxCountDistinct = approx_count_distinct;
export function collect_list(c: ColumnOrName): Column {
  return call("collect_list", toColumn(c));
}
export function collect_set(c: ColumnOrName): Column {
  return call("collect_set", toColumn(c));
}
export function stddev(c: ColumnOrName): Column {
  return call("stddev", toColumn(c));
}
export function variance(c: ColumnOrName): Column {
  return call("variance", toColumn(c));
}
export function max_by(c: ColumnOrName, ord: ColumnOrName): Column {
  return call("max_by", toColumn(c), toColumn(ord));
}
export function min_by(c: ColumnOrName, ord: ColumnOrName): Column {
  return call("min_by", toColumn(c), toColumn(ord));
}

// ---- conditionals and nulls
export function coalesce(...columns: ColumnOrName[]): Column {
  return call("coalesce", ...cols(columns));
}
export function isnull(c: ColumnOrName): Column {
  return toColumn(c).isNull();
}
export function isnan(c: ColumnOrName): Column {
  return call("isnan", toColumn(c));
}
export function greatest(...columns: ColumnOrName[]): Column {
  return call("greatest", ...cols(columns));
}
export function least(...columns: ColumnOrName[]): Column {
  return call("least", ...cols(columns));
}

// ---- math
export function abs(c: ColumnOrName): Column {
  return call("abs", toColumn(c));
}
export function round(c: ColumnOrName, scale = 0): Column {
  return call("round", toColumn(c), lit_(scale));
}
export function floor(c: ColumnOrName): Column {
  return call("floor", toColumn(c));
}
export function ceil(c: ColumnOrName): Column {
  return call("ceil", toColumn(c));
}
export function sqrt(c: ColumnOrName): Column {
  return call("sqrt", toColumn(c));
}
export function pow(c: ColumnOrName, p: ColumnOrName | number): Column {
  return call("pow", toColumn(c), typeof p === "number" ? lit_(p) : toColumn(p));
}
export function rand(): Column {
  return call("rand");
}

// ---- strings
export function lower(c: ColumnOrName): Column {
  return call("lower", toColumn(c));
}
export function upper(c: ColumnOrName): Column {
  return call("upper", toColumn(c));
}
export function length(c: ColumnOrName): Column {
  return call("length", toColumn(c));
}
export function trim(c: ColumnOrName): Column {
  return call("trim", toColumn(c));
}
export function ltrim(c: ColumnOrName): Column {
  return call("ltrim", toColumn(c));
}
export function rtrim(c: ColumnOrName): Column {
  return call("rtrim", toColumn(c));
}
export function initcap(c: ColumnOrName): Column {
  return call("initcap", toColumn(c));
}
export function concat(...columns: ColumnOrName[]): Column {
  return call("concat", ...cols(columns));
}
export function concat_ws(sep: string, ...columns: ColumnOrName[]): Column {
  return call("concat_ws", lit_(sep), ...cols(columns));
}
export function substring(c: ColumnOrName, pos: number, len: number): Column {
  return call("substring", toColumn(c), lit_(pos), lit_(len));
}
export function split(c: ColumnOrName, pattern: string): Column {
  return call("split", toColumn(c), lit_(pattern));
}
export function regexp_replace(c: ColumnOrName, pattern: string, replacement: string): Column {
  return call("regexp_replace", toColumn(c), lit_(pattern), lit_(replacement));
}
export function regexp_extract(c: ColumnOrName, pattern: string, idx: number): Column {
  return call("regexp_extract", toColumn(c), lit_(pattern), lit_(idx));
}
export function lpad(c: ColumnOrName, len: number, pad: string): Column {
  return call("lpad", toColumn(c), lit_(len), lit_(pad));
}
export function rpad(c: ColumnOrName, len: number, pad: string): Column {
  return call("rpad", toColumn(c), lit_(len), lit_(pad));
}
export function md5(c: ColumnOrName): Column {
  return call("md5", toColumn(c));
}
export function sha2(c: ColumnOrName, numBits: number): Column {
  return call("sha2", toColumn(c), lit_(numBits));
}

// ---- dates and times
export function current_timestamp(): Column {
  return call("current_timestamp");
}
export function current_date(): Column {
  return call("current_date");
}
export function to_timestamp(c: ColumnOrName, format?: string): Column {
  return format === undefined
    ? call("to_timestamp", toColumn(c))
    : call("to_timestamp", toColumn(c), lit_(format));
}
export function to_date(c: ColumnOrName, format?: string): Column {
  return format === undefined ? call("to_date", toColumn(c)) : call("to_date", toColumn(c), lit_(format));
}
export function date_format(c: ColumnOrName, format: string): Column {
  return call("date_format", toColumn(c), lit_(format));
}
export function unix_timestamp(c?: ColumnOrName, format?: string): Column {
  if (c === undefined) return call("unix_timestamp");
  return format === undefined
    ? call("unix_timestamp", toColumn(c))
    : call("unix_timestamp", toColumn(c), lit_(format));
}
export function from_unixtime(c: ColumnOrName, format?: string): Column {
  return format === undefined
    ? call("from_unixtime", toColumn(c))
    : call("from_unixtime", toColumn(c), lit_(format));
}
export function timestamp_seconds(c: ColumnOrName): Column {
  return call("timestamp_seconds", toColumn(c));
}
export function timestamp_millis(c: ColumnOrName): Column {
  return call("timestamp_millis", toColumn(c));
}
export function timestamp_micros(c: ColumnOrName): Column {
  return call("timestamp_micros", toColumn(c));
}
export function date_trunc(format: string, c: ColumnOrName): Column {
  return call("date_trunc", lit_(format), toColumn(c));
}
export function date_add(c: ColumnOrName, days: number | Column): Column {
  return call("date_add", toColumn(c), Column.of(days));
}
export function date_sub(c: ColumnOrName, days: number | Column): Column {
  return call("date_sub", toColumn(c), Column.of(days));
}
export function datediff(end: ColumnOrName, start: ColumnOrName): Column {
  return call("datediff", toColumn(end), toColumn(start));
}
export function year(c: ColumnOrName): Column {
  return call("year", toColumn(c));
}
export function month(c: ColumnOrName): Column {
  return call("month", toColumn(c));
}
export function dayofmonth(c: ColumnOrName): Column {
  return call("dayofmonth", toColumn(c));
}
export function dayofweek(c: ColumnOrName): Column {
  return call("dayofweek", toColumn(c));
}
export function hour(c: ColumnOrName): Column {
  return call("hour", toColumn(c));
}
export function minute(c: ColumnOrName): Column {
  return call("minute", toColumn(c));
}
export function second(c: ColumnOrName): Column {
  return call("second", toColumn(c));
}

/**
 * Event-time windows: `window(col("ts"), "10 minutes")` (tumbling) or with a slide (sliding). The result is a
 * struct column `window` with `start` and `end`.
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

/** Session windows: a session closes after `gapDuration` without events. */
export function session_window(timeColumn: ColumnOrName, gapDuration: string): Column {
  return call("session_window", toColumn(timeColumn), lit_(gapDuration));
}

// ---- collections and structs
export function size(c: ColumnOrName): Column {
  return call("size", toColumn(c));
}
export function array(...columns: ColumnOrName[]): Column {
  return call("array", ...cols(columns));
}
export function array_contains(c: ColumnOrName, value: unknown): Column {
  return call("array_contains", toColumn(c), Column.of(value));
}
export function element_at(c: ColumnOrName, extraction: unknown): Column {
  return call("element_at", toColumn(c), Column.of(extraction));
}
export function explode(c: ColumnOrName): Column {
  return call("explode", toColumn(c));
}
export function struct(...columns: ColumnOrName[]): Column {
  return call("struct", ...cols(columns));
}
export function from_json(c: ColumnOrName, schema: string): Column {
  return call("from_json", toColumn(c), lit_(schema));
}
export function to_json(c: ColumnOrName): Column {
  return call("to_json", toColumn(c));
}
export function monotonically_increasing_id(): Column {
  return call("monotonically_increasing_id");
}
export function hash(...columns: ColumnOrName[]): Column {
  return call("hash", ...cols(columns));
}
