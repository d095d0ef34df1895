/**
 * `pyspark.sql.functions`, in TypeScript. As in PySpark, a string argument in a column position is a column
 * name (`sum("price")`), and options such as patterns and durations are plain values.
 */
import { Column, type ColumnOrName, toColumn } from "./Column";
import type { Expression } from "./expressions";
import { parseNamedExpression } from "./parser";
import { type DataType, StructType } from "./types";

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
  // Spark names the column `session_window`.
  return call("session_window", toColumn(timeColumn), lit_(gapDuration)).alias("session_window");
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
/** `from_json(col, "a INT, b STRING")` or with a StructType/ArrayType/MapType; options are accepted and ignored. */
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
export function to_json(c: ColumnOrName): Column {
  return call("to_json", toColumn(c));
}
export function get_json_object(c: ColumnOrName, path: string): Column {
  return call("get_json_object", toColumn(c), lit_(path));
}
export function monotonically_increasing_id(): Column {
  return call("monotonically_increasing_id");
}
export function hash(...columns: ColumnOrName[]): Column {
  return call("hash", ...cols(columns));
}

// ---- more of pyspark.sql.functions: one column in, one out
const unary =
  (name: string) =>
  (c: ColumnOrName): Column =>
    call(name, toColumn(c));

export const ascii = unary("ascii");
export const base64 = unary("base64");
export const unbase64 = unary("unbase64");
export const bit_length = unary("bit_length");
export const octet_length = unary("octet_length");
export const char_length = unary("char_length");
export const reverse = unary("reverse");
export const sha1 = unary("sha1");
export const quarter = unary("quarter");
export const dayofyear = unary("dayofyear");
export const weekofyear = unary("weekofyear");
export const weekday = unary("weekday");
export const last_day = unary("last_day");
export const unix_seconds = unary("unix_seconds");
export const unix_millis = unary("unix_millis");
export const unix_micros = unary("unix_micros");
export const unix_date = unary("unix_date");
export const date_from_unix_date = unary("date_from_unix_date");
export const exp = unary("exp");
export const expm1 = unary("expm1");
export const ln = unary("ln");
export const log10 = unary("log10");
export const log2 = unary("log2");
export const log1p = unary("log1p");
export const cbrt = unary("cbrt");
export const signum = unary("signum");
export const sign = unary("sign");
export const negative = unary("negative");
export const positive = unary("positive");
export const sin = unary("sin");
export const cos = unary("cos");
export const tan = unary("tan");
export const asin = unary("asin");
export const acos = unary("acos");
export const atan = unary("atan");
export const sinh = unary("sinh");
export const cosh = unary("cosh");
export const tanh = unary("tanh");
export const degrees = unary("degrees");
export const radians = unary("radians");
export const factorial = unary("factorial");
export const rint = unary("rint");
export const hex = unary("hex");
export const bit_count = unary("bit_count");
export const ceiling = unary("ceiling");
export const isnotnull = unary("isnotnull");
export const array_distinct = unary("array_distinct");
export const array_max = unary("array_max");
export const array_min = unary("array_min");
export const array_size = unary("array_size");
export const array_compact = unary("array_compact");
export const cardinality = unary("cardinality");
export const flatten = unary("flatten");
export const map_keys = unary("map_keys");
export const map_values = unary("map_values");
export const map_entries = unary("map_entries");
export const map_from_entries = unary("map_from_entries");
export const explode_outer = unary("explode_outer");
export const posexplode = unary("posexplode");
export const posexplode_outer = unary("posexplode_outer");
export const inline = unary("inline");
export const inline_outer = unary("inline_outer");
export const median = unary("median");
export const mode = unary("mode");
export const product = unary("product");
export const stddev_samp = unary("stddev_samp");
export const stddev_pop = unary("stddev_pop");
export const var_samp = unary("var_samp");
export const var_pop = unary("var_pop");
export const count_if = unary("count_if");
export const bool_and = unary("bool_and");
export const bool_or = unary("bool_or");
export const every = unary("every");
export const some = unary("some");
export const any_value = unary("any_value");
export const bit_and = unary("bit_and");
export const bit_or = unary("bit_or");
export const bit_xor = unary("bit_xor");
export const array_agg = unary("array_agg");

// ---- several arguments
export function bround(c: ColumnOrName, scale = 0): Column {
  return call("bround", toColumn(c), lit_(scale));
}
export function log(base: number | ColumnOrName, c?: ColumnOrName): Column {
  if (c === undefined) return call("log", toColumn(base as ColumnOrName));
  return call("log", typeof base === "number" ? lit_(base) : toColumn(base), toColumn(c));
}
export const power = pow;
export function pmod(dividend: ColumnOrName | number, divisor: ColumnOrName | number): Column {
  return call("pmod", num(dividend), num(divisor));
}
export function atan2(y: ColumnOrName | number, x: ColumnOrName | number): Column {
  return call("atan2", num(y), num(x));
}
export function nanvl(a: ColumnOrName, b: ColumnOrName): Column {
  return call("nanvl", toColumn(a), toColumn(b));
}
export function ifnull(a: ColumnOrName, b: ColumnOrName): Column {
  return call("ifnull", toColumn(a), toColumn(b));
}
export const nvl = ifnull;
export function nvl2(a: ColumnOrName, b: ColumnOrName, c: ColumnOrName): Column {
  return call("nvl2", toColumn(a), toColumn(b), toColumn(c));
}
export function nullif(a: ColumnOrName, b: ColumnOrName): Column {
  return call("nullif", toColumn(a), toColumn(b));
}
export function equal_null(a: ColumnOrName, b: ColumnOrName): Column {
  return call("equal_null", toColumn(a), toColumn(b));
}
export function instr(c: ColumnOrName, substr: string): Column {
  return call("instr", toColumn(c), lit_(substr));
}
export function locate(substr: string, c: ColumnOrName, pos = 1): Column {
  return call("locate", lit_(substr), toColumn(c), lit_(pos));
}
export function left(c: ColumnOrName, len: ColumnOrName | number): Column {
  return call("left", toColumn(c), num(len));
}
export function right(c: ColumnOrName, len: ColumnOrName | number): Column {
  return call("right", toColumn(c), num(len));
}
export function repeat(c: ColumnOrName, n: number): Column {
  return call("repeat", toColumn(c), lit_(n));
}
export function translate(c: ColumnOrName, matching: string, replace: string): Column {
  return call("translate", toColumn(c), lit_(matching), lit_(replace));
}
export function replace(c: ColumnOrName, search: ColumnOrName, replacement?: ColumnOrName): Column {
  return replacement === undefined
    ? call("replace", toColumn(c), toColumn(search))
    : call("replace", toColumn(c), toColumn(search), toColumn(replacement));
}
export function substring_index(c: ColumnOrName, delim: string, count: number): Column {
  return call("substring_index", toColumn(c), lit_(delim), lit_(count));
}
export function split_part(c: ColumnOrName, delim: ColumnOrName, part: ColumnOrName): Column {
  return call("split_part", toColumn(c), toColumn(delim), toColumn(part));
}
export function regexp_extract_all(c: ColumnOrName, pattern: string, idx = 1): Column {
  return call("regexp_extract_all", toColumn(c), lit_(pattern), lit_(idx));
}
export function regexp_like(c: ColumnOrName, pattern: ColumnOrName): Column {
  return call("regexp_like", toColumn(c), toColumn(pattern));
}
export function levenshtein(a: ColumnOrName, b: ColumnOrName): Column {
  return call("levenshtein", toColumn(a), toColumn(b));
}
export function format_string(format: string, ...columns: ColumnOrName[]): Column {
  return call("format_string", lit_(format), ...cols(columns));
}
export function printf(format: ColumnOrName, ...columns: ColumnOrName[]): Column {
  return call("printf", toColumn(format), ...cols(columns));
}
export function contains(c: ColumnOrName, right: ColumnOrName): Column {
  return call("contains", toColumn(c), toColumn(right));
}
export function startswith(c: ColumnOrName, prefix: ColumnOrName): Column {
  return call("startswith", toColumn(c), toColumn(prefix));
}
export function endswith(c: ColumnOrName, suffix: ColumnOrName): Column {
  return call("endswith", toColumn(c), toColumn(suffix));
}
export function try_to_timestamp(c: ColumnOrName, format?: string): Column {
  return format === undefined
    ? call("try_to_timestamp", toColumn(c))
    : call("try_to_timestamp", toColumn(c), lit_(format));
}
export function add_months(c: ColumnOrName, months: number | Column): Column {
  return call("add_months", toColumn(c), Column.of(months));
}
export function make_date(year: ColumnOrName, month: ColumnOrName, day: ColumnOrName): Column {
  return call("make_date", toColumn(year), toColumn(month), toColumn(day));
}
export function trunc(c: ColumnOrName, format: string): Column {
  return call("trunc", toColumn(c), lit_(format));
}
export function date_part(field: string, c: ColumnOrName): Column {
  return call("date_part", lit_(field), toColumn(c));
}
export function array_position(c: ColumnOrName, value: unknown): Column {
  return call("array_position", toColumn(c), Column.of(value));
}
export function array_remove(c: ColumnOrName, value: unknown): Column {
  return call("array_remove", toColumn(c), Column.of(value));
}
export function array_append(c: ColumnOrName, value: unknown): Column {
  return call("array_append", toColumn(c), Column.of(value));
}
export function array_join(c: ColumnOrName, delimiter: string, nullReplacement?: string): Column {
  return nullReplacement === undefined
    ? call("array_join", toColumn(c), lit_(delimiter))
    : call("array_join", toColumn(c), lit_(delimiter), lit_(nullReplacement));
}
export function array_union(a: ColumnOrName, b: ColumnOrName): Column {
  return call("array_union", toColumn(a), toColumn(b));
}
export function array_intersect(a: ColumnOrName, b: ColumnOrName): Column {
  return call("array_intersect", toColumn(a), toColumn(b));
}
export function array_except(a: ColumnOrName, b: ColumnOrName): Column {
  return call("array_except", toColumn(a), toColumn(b));
}
export function arrays_overlap(a: ColumnOrName, b: ColumnOrName): Column {
  return call("arrays_overlap", toColumn(a), toColumn(b));
}
export function array_repeat(c: ColumnOrName, count: number | ColumnOrName): Column {
  return call("array_repeat", toColumn(c), num(count));
}
export function array_sort(c: ColumnOrName): Column {
  return call("array_sort", toColumn(c));
}
export function sort_array(c: ColumnOrName, asc = true): Column {
  return call("sort_array", toColumn(c), lit_(asc));
}
export function slice(c: ColumnOrName, start: number | ColumnOrName, length: number | ColumnOrName): Column {
  return call("slice", toColumn(c), num(start), num(length));
}
export function sequence(start: ColumnOrName, stop: ColumnOrName, step?: ColumnOrName): Column {
  return step === undefined
    ? call("sequence", toColumn(start), toColumn(stop))
    : call("sequence", toColumn(start), toColumn(stop), toColumn(step));
}
export function create_map(...columns: (ColumnOrName | ColumnOrName[])[]): Column {
  return call("map", ...cols(columns.flat()));
}
export function map_from_arrays(keys: ColumnOrName, values: ColumnOrName): Column {
  return call("map_from_arrays", toColumn(keys), toColumn(values));
}
export function map_contains_key(c: ColumnOrName, key: unknown): Column {
  return call("map_contains_key", toColumn(c), Column.of(key));
}
export function named_struct(...columns: ColumnOrName[]): Column {
  return call("named_struct", ...cols(columns));
}
export function percentile_approx(c: ColumnOrName, percentage: number, accuracy = 10000): Column {
  return call("percentile_approx", toColumn(c), lit_(percentage), lit_(accuracy));
}
export function percentile(c: ColumnOrName, percentage: number): Column {
  return call("percentile", toColumn(c), lit_(percentage));
}
export function corr(a: ColumnOrName, b: ColumnOrName): Column {
  return call("corr", toColumn(a), toColumn(b));
}
export function covar_pop(a: ColumnOrName, b: ColumnOrName): Column {
  return call("covar_pop", toColumn(a), toColumn(b));
}
export function covar_samp(a: ColumnOrName, b: ColumnOrName): Column {
  return call("covar_samp", toColumn(a), toColumn(b));
}
export function first_value(c: ColumnOrName, ignoreNulls = false): Column {
  return first(c, ignoreNulls);
}
export function last_value(c: ColumnOrName, ignoreNulls = false): Column {
  return last(c, ignoreNulls);
}
/** A sort order by name: `orderBy(asc("a"), desc_nulls_first("b"))`. */
export function asc(c: ColumnOrName): Column {
  return toColumn(c).asc();
}
export function desc(c: ColumnOrName): Column {
  return toColumn(c).desc();
}
export function asc_nulls_first(c: ColumnOrName): Column {
  return toColumn(c).asc_nulls_first();
}
export function asc_nulls_last(c: ColumnOrName): Column {
  return toColumn(c).asc_nulls_last();
}
export function desc_nulls_first(c: ColumnOrName): Column {
  return toColumn(c).desc_nulls_first();
}
export function desc_nulls_last(c: ColumnOrName): Column {
  return toColumn(c).desc_nulls_last();
}
export function transform(c: ColumnOrName, f: (x: Column) => Column): Column {
  return call("transform", toColumn(c), lambda(f));
}
export function filter(c: ColumnOrName, f: (x: Column) => Column): Column {
  return call("filter", toColumn(c), lambda(f));
}
export function exists(c: ColumnOrName, f: (x: Column) => Column): Column {
  return call("exists", toColumn(c), lambda(f));
}
export function forall(c: ColumnOrName, f: (x: Column) => Column): Column {
  return call("forall", toColumn(c), lambda(f));
}
export function aggregate(
  c: ColumnOrName,
  initialValue: unknown,
  merge: (acc: Column, x: Column) => Column,
  finish?: (acc: Column) => Column,
): Column {
  const args = [toColumn(c), Column.of(initialValue), lambda2(merge)];
  return call("aggregate", ...(finish ? [...args, lambda(finish)] : args));
}
export const reduce = aggregate;
/** `broadcast(df)` is a join hint in Spark; Sluice joins in one process, so it returns the DataFrame. */
export function broadcast<T>(df: T): T {
  return df;
}
export function spark_partition_id(): Column {
  return call("spark_partition_id");
}
export function uuid(): Column {
  return call("uuid");
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
export function row_number(): Column {
  return call("row_number");
}
export function rank(): Column {
  return call("rank");
}
export function dense_rank(): Column {
  return call("dense_rank");
}
export function percent_rank(): Column {
  return call("percent_rank");
}
export function cume_dist(): Column {
  return call("cume_dist");
}
export function ntile(n: number): Column {
  return call("ntile", lit_(n));
}
export function lag(c: ColumnOrName, offset = 1, defaultValue: unknown = null): Column {
  return call("lag", toColumn(c), lit_(offset), Column.of(defaultValue));
}
export function lead(c: ColumnOrName, offset = 1, defaultValue: unknown = null): Column {
  return call("lead", toColumn(c), lit_(offset), Column.of(defaultValue));
}
