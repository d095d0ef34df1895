/**
 * Spark's built-in functions and the DuckDB SQL each compiles to. Names are Spark's (lower case); most map
 * one-to-one, the rest are rewritten here so that cells written for Spark run unchanged. `inputTypes` gives
 * Spark's implicit casts (typeCoercion.ts): `lower(1)` is "1", `hour('2024-01-01 10:00:00')` is 10.
 */
import { quoteString } from "../../duckdb/DuckDB";
import { hllEstimateSql, hllSketchSql, precisionFor } from "../../state/HyperLogLog";
import { AnalysisException } from "../analysis/errors";
import { expressionSql } from "../analysis/naming";
import {
  sessionNumberSql,
  sessionStartFlagSql,
  sessionWindowSql,
  timeWindowSpec,
  timeWindowSql,
} from "../analysis/TimeWindowing";
import type { InputType } from "../analysis/typeCoercion";
import type { Expression } from "../expressions";
import { ArrayType, AtomicType, type DataType, MapType, parseDataType, parseSchema } from "../types";
import { javaToStrftime } from "./datetimeFormat";
import { fromJsonSql, getJsonObjectSql } from "./fromJson";
import { toJsonSql } from "./toJson";

export interface FunctionSpec {
  /**
   * DuckDB SQL for the call; `args` are compiled (and cast as `inputTypes` asks), `raw` are the argument
   * expressions (for literal options), `typeOf` gives the type of compiled SQL where the compiler knows it.
   */
  sql(
    args: string[],
    raw: readonly Expression[],
    distinct: boolean,
    typeOf?: (sql: string) => DataType,
  ): string;
  minArgs: number;
  maxArgs: number;
  /** What each parameter takes (the last repeats), with Spark's implicit casts; unchecked where absent. */
  inputTypes?: readonly InputType[];
  /** Aggregate functions: computed per group, and through state in streaming queries. */
  aggregate?: true;
}

const MANY = Number.POSITIVE_INFINITY;

function literalString(e: Expression | undefined): string | undefined {
  return e?.kind === "literal" && typeof e.value === "string" ? e.value : undefined;
}

function literalNumber(e: Expression | undefined): number | undefined {
  return e?.kind === "literal" && typeof e.value === "number" ? e.value : undefined;
}

/** A Spark datetime pattern argument as a strftime pattern (translated when it is a literal). */
function strftimePattern(raw: readonly Expression[], index: number): string {
  const literal = literalString(raw[index]);
  if (literal === undefined) throw new Error("the datetime pattern must be a literal string");
  return quoteString(javaToStrftime(literal));
}

/** A function DuckDB has under `duck`, taking `types`. */
const fn = (
  duck: string,
  types: readonly InputType[],
  minArgs = types.length,
  maxArgs = minArgs,
): FunctionSpec => ({
  sql: (args) => `${duck}(${args.join(", ")})`,
  minArgs,
  maxArgs,
  inputTypes: types,
});

/** A function written as SQL over its (cast) arguments. */
const sqlOf = (
  sql: (a: string[], raw: readonly Expression[], typeOf?: (sql: string) => DataType) => string,
  types: readonly InputType[],
  minArgs = types.length,
  maxArgs = minArgs,
): FunctionSpec => ({
  sql: (a, raw, _d, typeOf) => sql(a, raw, typeOf),
  minArgs,
  maxArgs,
  inputTypes: types,
});

const agg = (
  sql: (args: string[], distinct: boolean) => string,
  minArgs = 1,
  maxArgs = minArgs,
  inputTypes?: readonly InputType[],
): FunctionSpec => ({
  sql: (args, _raw, distinct) => sql(args, distinct),
  minArgs,
  maxArgs,
  aggregate: true,
  ...(inputTypes ? { inputTypes } : {}),
});

const distinctPrefix = (distinct: boolean) => (distinct ? "DISTINCT " : "");

/** Generators are only allowed as a whole select item (generators.ts expands them there). */
const generator = (name: string): FunctionSpec => ({
  sql: () => {
    throw new AnalysisException(
      `The generator is not supported: nested in expressions "${name}". SQLSTATE: 42K0E`,
      "UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS",
    );
  },
  minArgs: 1,
  maxArgs: 1,
});

/** Spark's Java regex replacement (`$1`) in RE2's syntax (`\1`). */
function javaReplacement(raw: Expression | undefined, compiled: string): string {
  const literal = literalString(raw);
  return literal === undefined ? compiled : quoteString(literal.replace(/\$(\d)/g, "\\$1"));
}

const isArray = (t: DataType | undefined) => t instanceof ArrayType;

/** `log` and `sqrt` of values outside their domain are null (log) or NaN (sqrt) in Spark, errors in DuckDB. */
const positiveOnly = (f: string) =>
  sqlOf((a) => `(CASE WHEN ${a[0]} > 0 THEN ${f}(${a[0]}) END)`, ["numeric"]);

/** Spark's substring: 1-based, position 0 counts as 1, a negative length is empty. */
const SUBSTRING = sqlOf(
  (a) => {
    const pos = `(CASE WHEN ${a[1]} = 0 THEN 1 ELSE ${a[1]} END)`;
    return a.length === 2 ? `substring(${a[0]}, ${pos})` : `substring(${a[0]}, ${pos}, greatest(${a[2]}, 0))`;
  },
  ["string", "integral", "integral"],
  2,
  3,
);

/** A function of no arguments. */
const nullary = (sql: string): FunctionSpec => ({ sql: () => sql, minArgs: 0, maxArgs: 0 });

const S: InputType = "string";
const N: InputType = "numeric";
const I: InputType = "integral";
const TS: InputType = "timestamp";
const D: InputType = "date";
const A: InputType = "array";
const ANY: InputType = "any";

export const FUNCTIONS: Record<string, FunctionSpec> = {
  // ---- aggregates (Spark's result types: count → bigint, sum of integers → bigint, avg → double)
  count: agg(
    (a, d) => {
      if (a.length === 0 || a[0] === "*") return "count(*)";
      if (a.length === 1) return `count(${distinctPrefix(d)}${a[0]})`;
      // count(a, b) counts rows where none is null.
      const row = `CASE WHEN ${a.map((x) => `${x} IS NOT NULL`).join(" AND ")} THEN row(${a.join(", ")}) END`;
      return `count(${distinctPrefix(d)}${row})`;
    },
    0,
    MANY,
  ),
  sum: agg((a, d) => `sum(${distinctPrefix(d)}${a[0]})`, 1, 1, [N]),
  avg: agg((a, d) => `avg(${distinctPrefix(d)}${a[0]})`, 1, 1, [N]),
  min: agg((a) => `min(${a[0]})`),
  max: agg((a) => `max(${a[0]})`),
  first: agg((a) => (a[1] === "TRUE" ? `first(${a[0]} ORDER BY ${a[0]} IS NULL)` : `first(${a[0]})`), 1, 2),
  last: agg((a) => (a[1] === "TRUE" ? `last(${a[0]} ORDER BY ${a[0]} IS NOT NULL)` : `last(${a[0]})`), 1, 2),
  first_value: agg((a) => `first(${a[0]})`, 1, 2),
  last_value: agg((a) => `last(${a[0]})`, 1, 2),
  any_value: agg((a) => `any_value(${a[0]})`, 1, 2),
  // DuckDB's own sketch is far off Spark's 5% (measured 25%); HyperLogLog++ in SQL, as streaming state uses.
  approx_count_distinct: {
    sql: (a, raw) => {
      const p = precisionFor(literalNumber(raw[1]) ?? 0.05);
      return hllEstimateSql(hllSketchSql(a[0], p), p);
    },
    minArgs: 1,
    maxArgs: 2,
    aggregate: true,
  },
  count_distinct: agg((a) => `count(DISTINCT ${a.length === 1 ? a[0] : `row(${a.join(", ")})`})`, 1, MANY),
  collect_list: agg((a) => `coalesce(list(${a[0]}) FILTER (WHERE ${a[0]} IS NOT NULL), [])`),
  collect_set: agg((a) => `coalesce(list(DISTINCT ${a[0]}) FILTER (WHERE ${a[0]} IS NOT NULL), [])`),
  stddev: agg((a) => `stddev_samp(${a[0]})`, 1, 1, [N]),
  stddev_pop: agg((a) => `stddev_pop(${a[0]})`, 1, 1, [N]),
  variance: agg((a) => `var_samp(${a[0]})`, 1, 1, [N]),
  var_pop: agg((a) => `var_pop(${a[0]})`, 1, 1, [N]),
  count_if: agg((a) => `count_if(${a[0]})`, 1, 1, ["boolean"]),
  bool_and: agg((a) => `bool_and(${a[0]})`, 1, 1, ["boolean"]),
  bool_or: agg((a) => `bool_or(${a[0]})`, 1, 1, ["boolean"]),
  max_by: agg((a) => `arg_max(${a[0]}, ${a[1]})`, 2),
  min_by: agg((a) => `arg_min(${a[0]}, ${a[1]})`, 2),
  median: agg((a) => `quantile_cont(${a[0]}, 0.5)`, 1, 1, [N]),
  mode: agg((a) => `mode(${a[0]})`),
  product: agg((a) => `product(${a[0]})`, 1, 1, [N]),
  percentile: agg((a) => `quantile_cont(${a[0]}, ${a[1]})`, 2, 3, [N, ANY]),
  percentile_approx: agg((a) => `approx_quantile(${a[0]}, ${a[1]})`, 2, 3),
  corr: agg((a) => `corr(${a[0]}, ${a[1]})`, 2, 2, [N, N]),
  covar_pop: agg((a) => `covar_pop(${a[0]}, ${a[1]})`, 2, 2, [N, N]),
  covar_samp: agg((a) => `covar_samp(${a[0]}, ${a[1]})`, 2, 2, [N, N]),
  bit_and: agg((a) => `bit_and(${a[0]})`, 1, 1, [I]),
  bit_or: agg((a) => `bit_or(${a[0]})`, 1, 1, [I]),
  bit_xor: agg((a) => `bit_xor(${a[0]})`, 1, 1, [I]),

  // ---- conditionals and nulls
  coalesce: fn("coalesce", [ANY], 1, MANY),
  ifnull: fn("coalesce", [ANY, ANY]),
  nvl: fn("coalesce", [ANY, ANY]),
  nvl2: sqlOf((a) => `(CASE WHEN ${a[0]} IS NOT NULL THEN ${a[1]} ELSE ${a[2]} END)`, [ANY, ANY, ANY]),
  nullif: fn("nullif", [ANY, ANY]),
  if: sqlOf((a) => `(CASE WHEN ${a[0]} THEN ${a[1]} ELSE ${a[2]} END)`, ["boolean", ANY, ANY]),
  isnull: sqlOf((a) => `(${a[0]} IS NULL)`, [ANY]),
  isnotnull: sqlOf((a) => `(${a[0]} IS NOT NULL)`, [ANY]),
  equal_null: sqlOf((a) => `(${a[0]} IS NOT DISTINCT FROM ${a[1]})`, [ANY, ANY]),
  isnan: sqlOf((a) => `coalesce(isnan(${a[0]}), FALSE)`, ["numeric"]),
  nanvl: sqlOf((a) => `(CASE WHEN isnan(${a[0]}) THEN ${a[1]} ELSE ${a[0]} END)`, [N, N]),
  greatest: fn("greatest", [ANY], 2, MANY),
  least: fn("least", [ANY], 2, MANY),
  raise_error: sqlOf((a) => `error(${a[0]})`, [S]),

  // ---- math
  abs: fn("abs", [N]),
  round: sqlOf((a) => `round(${a[0]}, ${a[1] ?? 0})`, [N, I], 1, 2),
  bround: sqlOf((a) => `round_even(${a[0]}, ${a[1] ?? 0})`, [N, I], 1, 2),
  rint: sqlOf((a) => `CAST(round_even(${a[0]}, 0) AS DOUBLE)`, [N]),
  floor: sqlOf((a) => `CAST(floor(${a[0]}) AS BIGINT)`, [N]),
  ceil: sqlOf((a) => `CAST(ceil(${a[0]}) AS BIGINT)`, [N]),
  sqrt: sqlOf((a) => `(CASE WHEN ${a[0]} < 0 THEN CAST('NaN' AS DOUBLE) ELSE sqrt(${a[0]}) END)`, [N]),
  cbrt: fn("cbrt", [N]),
  exp: fn("exp", [N]),
  expm1: sqlOf((a) => `(exp(${a[0]}) - 1)`, [N]),
  ln: positiveOnly("ln"),
  log10: positiveOnly("log10"),
  log2: positiveOnly("log2"),
  log1p: sqlOf((a) => `(CASE WHEN ${a[0]} > -1 THEN ln(1 + ${a[0]}) END)`, [N]),
  log: sqlOf(
    (a) =>
      a.length === 1
        ? `(CASE WHEN ${a[0]} > 0 THEN ln(${a[0]}) END)`
        : `(CASE WHEN ${a[0]} > 0 AND ${a[1]} > 0 THEN ln(${a[1]}) / ln(${a[0]}) END)`,
    [N, N],
    1,
    2,
  ),
  pow: sqlOf((a) => `pow(CAST(${a[0]} AS DOUBLE), ${a[1]})`, [N, N]),
  pmod: sqlOf((a) => `(((${a[0]} % ${a[1]}) + ${a[1]}) % ${a[1]})`, [N, N]),
  mod: sqlOf((a) => `(${a[0]} % ${a[1]})`, [N, N]),
  div: sqlOf((a) => `CAST(${a[0]} // ${a[1]} AS BIGINT)`, [N, N]),
  try_divide: sqlOf((a) => `(CASE WHEN ${a[1]} = 0 THEN NULL ELSE ${a[0]} / ${a[1]} END)`, [N, N]),
  signum: sqlOf((a) => `CAST(sign(${a[0]}) AS DOUBLE)`, [N]),
  negative: sqlOf((a) => `(-${a[0]})`, [N]),
  positive: sqlOf((a) => `(+${a[0]})`, [N]),
  rand: { sql: () => "random()", minArgs: 0, maxArgs: 1 },
  pi: nullary("pi()"),
  e: nullary("exp(1)"),
  sin: fn("sin", [N]),
  cos: fn("cos", [N]),
  tan: fn("tan", [N]),
  cot: fn("cot", [N]),
  asin: fn("asin", [N]),
  acos: fn("acos", [N]),
  atan: fn("atan", [N]),
  atan2: fn("atan2", [N, N]),
  sinh: sqlOf((a) => `((exp(${a[0]}) - exp(-${a[0]})) / 2)`, [N]),
  cosh: sqlOf((a) => `((exp(${a[0]}) + exp(-${a[0]})) / 2)`, [N]),
  tanh: sqlOf((a) => `((exp(2 * ${a[0]}) - 1) / (exp(2 * ${a[0]}) + 1))`, [N]),
  degrees: fn("degrees", [N]),
  radians: fn("radians", [N]),
  factorial: sqlOf(
    (a) => `(CASE WHEN ${a[0]} BETWEEN 0 AND 20 THEN CAST(factorial(${a[0]}) AS BIGINT) END)`,
    [I],
  ),
  hex: sqlOf((a) => `upper(hex(${a[0]}))`, [ANY]),
  shiftleft: sqlOf((a) => `(${a[0]} << ${a[1]})`, [I, I]),
  shiftright: sqlOf((a) => `(${a[0]} >> ${a[1]})`, [I, I]),
  bit_count: fn("bit_count", [I]),
  "~": sqlOf((a) => `(~${a[0]})`, [I]),

  // ---- strings
  lower: fn("lower", [S]),
  lcase: fn("lower", [S]),
  upper: fn("upper", [S]),
  ucase: fn("upper", [S]),
  length: fn("length", [S]),
  len: fn("length", [S]),
  char_length: fn("length", [S]),
  character_length: fn("length", [S]),
  octet_length: sqlOf((a) => `octet_length(encode(${a[0]}))`, [S]),
  bit_length: sqlOf((a) => `(8 * octet_length(encode(${a[0]})))`, [S]),
  ascii: sqlOf((a) => `(CASE WHEN ${a[0]} = '' THEN 0 ELSE ascii(${a[0]}) END)`, [S]),
  chr: sqlOf((a) => `(CASE WHEN ${a[0]} < 0 THEN '' ELSE chr(CAST(${a[0]} % 256 AS INTEGER)) END)`, [I]),
  trim: fn("trim", [S], 1, 2),
  btrim: fn("trim", [S], 1, 2),
  ltrim: fn("ltrim", [S], 1, 2),
  rtrim: fn("rtrim", [S], 1, 2),
  // concat joins strings, or arrays when given arrays.
  concat: {
    sql: (a, _raw, _d, typeOf) => {
      if (typeOf && a.some((x) => isArray(typeOf(x)))) return `list_concat(${a.join(", ")})`;
      return `(${a.map((x) => `CAST(${x} AS VARCHAR)`).join(" || ")})`;
    },
    minArgs: 0,
    maxArgs: MANY,
  },
  concat_ws: sqlOf((a) => `concat_ws(${a.join(", ")})`, [S], 1, MANY),
  substring: SUBSTRING,
  substr: SUBSTRING,
  substring_index: sqlOf(
    (a) =>
      `(CASE WHEN ${a[2]} = 0 THEN '' WHEN ${a[2]} > 0 THEN array_to_string(list_slice(string_split(${a[0]}, ${a[1]}), 1, ${a[2]}), ${a[1]}) ELSE array_to_string(list_slice(string_split(${a[0]}, ${a[1]}), ${a[2]}, -1), ${a[1]}) END)`,
    [S, S, I],
  ),
  left: sqlOf((a) => `left(${a[0]}, greatest(${a[1]}, 0))`, [S, I]),
  right: sqlOf((a) => `right(${a[0]}, greatest(${a[1]}, 0))`, [S, I]),
  instr: fn("instr", [S, S]),
  locate: sqlOf(
    (a) =>
      a.length === 2
        ? `instr(${a[1]}, ${a[0]})`
        : `(CASE WHEN ${a[2]} < 1 THEN 0 WHEN instr(substring(${a[1]}, ${a[2]}), ${a[0]}) = 0 THEN 0 ELSE instr(substring(${a[1]}, ${a[2]}), ${a[0]}) + ${a[2]} - 1 END)`,
    [S, S, I],
    2,
    3,
  ),
  lpad: sqlOf((a) => `lpad(${a[0]}, ${a[1]}, ${a[2] ?? "' '"})`, [S, I, S], 2, 3),
  rpad: sqlOf((a) => `rpad(${a[0]}, ${a[1]}, ${a[2] ?? "' '"})`, [S, I, S], 2, 3),
  repeat: fn("repeat", [S, I]),
  space: sqlOf((a) => `repeat(' ', greatest(${a[0]}, 0))`, [I]),
  reverse: {
    sql: (a, _raw, _d, typeOf) =>
      isArray(typeOf?.(a[0])) ? `list_reverse(${a[0]})` : `reverse(CAST(${a[0]} AS VARCHAR))`,
    minArgs: 1,
    maxArgs: 1,
  },
  initcap: sqlOf(
    (a) =>
      `array_to_string(list_transform(string_split(lower(${a[0]}), ' '), lambda __w: upper(__w[1]) || __w[2:]), ' ')`,
    [S],
  ),
  split: sqlOf(
    (a, raw) => {
      const limit = raw[2] === undefined ? -1 : literalNumber(raw[2]);
      if (limit !== undefined && limit <= 0) return `regexp_split_to_array(${a[0]}, ${a[1]})`;
      // A positive limit keeps at most `limit` parts, the last holding the rest.
      const parts = `regexp_split_to_array(${a[0]}, ${a[1]})`;
      return `(CASE WHEN len(${parts}) <= ${a[2]} THEN ${parts} ELSE list_append(list_slice(${parts}, 1, ${a[2]} - 1), regexp_replace(${a[0]}, '^(?:.*?' || ${a[1]} || '){' || (${a[2]} - 1) || '}', '')) END)`;
    },
    [S, S, I],
    2,
    3,
  ),
  split_part: fn("split_part", [S, S, I]),
  regexp_replace: {
    sql: (a, raw) => `regexp_replace(${a[0]}, ${a[1]}, ${javaReplacement(raw[2], a[2])}, 'g')`,
    minArgs: 3,
    maxArgs: 4,
    inputTypes: [S, S, S, I],
  },
  regexp_extract: sqlOf((a) => `regexp_extract(${a[0]}, ${a[1]}, ${a[2] ?? 1})`, [S, S, I], 2, 3),
  regexp_extract_all: sqlOf((a) => `regexp_extract_all(${a[0]}, ${a[1]}, ${a[2] ?? 1})`, [S, S, I], 2, 3),
  regexp_substr: sqlOf((a) => `nullif(regexp_extract(${a[0]}, ${a[1]}, 0), '')`, [S, S]),
  regexp_count: sqlOf((a) => `len(regexp_extract_all(${a[0]}, ${a[1]}, 0))`, [S, S]),
  regexp_like: fn("regexp_matches", [S, S]),
  regexp: fn("regexp_matches", [S, S]),
  rlike: fn("regexp_matches", [S, S]),
  like: sqlOf((a) => `(${a[0]} LIKE ${a[1]} ESCAPE '\\')`, [S, S]),
  ilike: sqlOf((a) => `(${a[0]} ILIKE ${a[1]} ESCAPE '\\')`, [S, S]),
  contains: fn("contains", [S, S]),
  startswith: fn("starts_with", [S, S]),
  endswith: fn("ends_with", [S, S]),
  translate: fn("translate", [S, S, S]),
  replace: sqlOf((a) => `replace(${a[0]}, ${a[1]}, ${a[2] ?? "''"})`, [S, S, S], 2, 3),
  levenshtein: fn("levenshtein", [S, S]),
  md5: fn("md5", [S]),
  sha1: fn("sha1", [S]),
  sha: fn("sha1", [S]),
  sha2: {
    sql: (a, raw) => {
      const bits = literalNumber(raw[1]);
      if (bits !== 0 && bits !== 256)
        throw new Error(`sha2 with ${bits} bits is not available in Sluice (256 is)`);
      return `sha256(${a[0]})`;
    },
    minArgs: 2,
    maxArgs: 2,
    inputTypes: [S, I],
  },
  base64: sqlOf((a) => `to_base64(encode(${a[0]}))`, [S]),
  unbase64: sqlOf((a) => `from_base64(${a[0]})`, [S]),
  hash: {
    sql: (a) => `CAST(hash(${a.join(", ")}) % 2147483647 AS INTEGER)`,
    minArgs: 1,
    maxArgs: MANY,
  },
  format_string: sqlOf((a) => `printf(${a.join(", ")})`, [S, ANY], 1, MANY),

  // ---- dates and times (Sluice's session time zone is UTC)
  current_timestamp: nullary("CAST(get_current_timestamp() AS TIMESTAMP)"),
  current_date: nullary("CAST(get_current_timestamp() AS DATE)"),
  current_timezone: nullary("'UTC'"),
  year: fn("year", [D]),
  quarter: fn("quarter", [D]),
  month: fn("month", [D]),
  dayofmonth: fn("day", [D]),
  day: fn("day", [D]),
  dayofweek: sqlOf((a) => `(dayofweek(${a[0]}) + 1)`, [D]),
  weekday: sqlOf((a) => `(isodow(${a[0]}) - 1)`, [D]),
  dayofyear: fn("dayofyear", [D]),
  weekofyear: fn("weekofyear", [D]),
  hour: fn("hour", [TS]),
  minute: fn("minute", [TS]),
  second: sqlOf((a) => `CAST(second(${a[0]}) AS INTEGER)`, [TS]),
  date_part: sqlOf((a) => `date_part(lower(${a[0]}), ${a[1]})`, [S, TS]),
  date_format: {
    sql: (a, raw) => `strftime(${a[0]}, ${strftimePattern(raw, 1)})`,
    minArgs: 2,
    maxArgs: 2,
    inputTypes: [TS, S],
  },
  // Spark 4 (ANSI) fails on text that is no timestamp; try_to_timestamp gives null instead.
  to_timestamp: { ...toTimestamp(false), minArgs: 1, maxArgs: 2 },
  try_to_timestamp: { ...toTimestamp(true), minArgs: 1, maxArgs: 2 },
  to_date: {
    sql: (a, raw, _d, typeOf) => {
      if (a.length === 1) {
        const type = typeOf?.(a[0]);
        return type instanceof AtomicType && type.name === "string"
          ? `CAST(CAST(CAST(${a[0]} AS TIMESTAMPTZ) AS TIMESTAMP) AS DATE)`
          : `CAST(${a[0]} AS DATE)`;
      }
      return `CAST(strptime(${a[0]}, ${strftimePattern(raw, 1)}) AS DATE)`;
    },
    minArgs: 1,
    maxArgs: 2,
  },
  unix_timestamp: {
    sql: (a, raw) =>
      a.length === 0
        ? "CAST(epoch(get_current_timestamp()) AS BIGINT)"
        : a.length === 1
          ? `CAST(epoch(CAST(${a[0]} AS TIMESTAMP)) AS BIGINT)`
          : `CAST(epoch(try_strptime(${a[0]}, ${strftimePattern(raw, 1)})) AS BIGINT)`,
    minArgs: 0,
    maxArgs: 2,
  },
  to_unix_timestamp: {
    sql: (a, raw) =>
      a.length === 1
        ? `CAST(epoch(CAST(${a[0]} AS TIMESTAMP)) AS BIGINT)`
        : `CAST(epoch(try_strptime(${a[0]}, ${strftimePattern(raw, 1)})) AS BIGINT)`,
    minArgs: 1,
    maxArgs: 2,
  },
  from_unixtime: {
    sql: (a, raw) =>
      `strftime(CAST(to_timestamp(${a[0]}) AS TIMESTAMP), ${a.length > 1 ? strftimePattern(raw, 1) : "'%Y-%m-%d %H:%M:%S'"})`,
    minArgs: 1,
    maxArgs: 2,
    inputTypes: [N, S],
  },
  timestamp_seconds: sqlOf((a) => `CAST(to_timestamp(${a[0]}) AS TIMESTAMP)`, [N]),
  timestamp_millis: sqlOf((a) => `make_timestamp(CAST(${a[0]} AS BIGINT) * 1000)`, [I]),
  timestamp_micros: sqlOf((a) => `make_timestamp(CAST(${a[0]} AS BIGINT))`, [I]),
  unix_seconds: sqlOf((a) => `CAST(epoch(${a[0]}) AS BIGINT)`, [TS]),
  unix_millis: sqlOf((a) => `epoch_ms(${a[0]})`, [TS]),
  unix_micros: sqlOf((a) => `epoch_us(${a[0]})`, [TS]),
  unix_date: sqlOf((a) => `CAST(datediff('day', DATE '1970-01-01', ${a[0]}) AS INTEGER)`, [D]),
  date_from_unix_date: sqlOf(
    (a) => `CAST(DATE '1970-01-01' + to_days(CAST(${a[0]} AS INTEGER)) AS DATE)`,
    [I],
  ),
  date_trunc: sqlOf((a) => `date_trunc(lower(${a[0]}), ${a[1]})`, [S, TS]),
  trunc: sqlOf((a) => `CAST(date_trunc(lower(${a[1]}), ${a[0]}) AS DATE)`, [D, S]),
  date_add: sqlOf((a) => `CAST(${a[0]} + to_days(CAST(${a[1]} AS INTEGER)) AS DATE)`, [D, I]),
  date_sub: sqlOf((a) => `CAST(${a[0]} - to_days(CAST(${a[1]} AS INTEGER)) AS DATE)`, [D, I]),
  datediff: sqlOf((a) => `CAST(datediff('day', ${a[1]}, ${a[0]}) AS INTEGER)`, [D, D]),
  add_months: sqlOf((a) => `CAST(${a[0]} + to_months(CAST(${a[1]} AS INTEGER)) AS DATE)`, [D, I]),
  last_day: fn("last_day", [D]),
  make_date: sqlOf(
    (a) => `make_date(CAST(${a[0]} AS BIGINT), CAST(${a[1]} AS BIGINT), CAST(${a[2]} AS BIGINT))`,
    [I, I, I],
  ),
  make_timestamp: sqlOf(
    (a) =>
      `make_timestamp(CAST(${a[0]} AS BIGINT), CAST(${a[1]} AS BIGINT), CAST(${a[2]} AS BIGINT), CAST(${a[3]} AS BIGINT), CAST(${a[4]} AS BIGINT), CAST(${a[5]} AS DOUBLE))`,
    [I, I, I, I, I, N],
  ),

  // ---- collections and structs
  size: {
    sql: (a, _raw, _d, typeOf) =>
      typeOf?.(a[0]) instanceof MapType ? `cardinality(${a[0]})` : `len(${a[0]})`,
    minArgs: 1,
    maxArgs: 1,
    inputTypes: ["arrayOrMap"],
  },
  array_size: fn("len", [A]),
  array: { sql: (a) => `[${a.join(", ")}]`, minArgs: 0, maxArgs: MANY },
  array_contains: fn("list_contains", [A, ANY]),
  array_distinct: fn("list_distinct", [A]),
  array_sort: fn("list_sort", [A]),
  sort_array: sqlOf(
    (a, raw) =>
      raw[1]?.kind === "literal" && raw[1].value === false
        ? `list_sort(${a[0]}, 'DESC', 'NULLS LAST')`
        : `list_sort(${a[0]}, 'ASC', 'NULLS FIRST')`,
    [A, "boolean"],
    1,
    2,
  ),
  array_max: fn("list_max", [A]),
  array_min: fn("list_min", [A]),
  array_join: sqlOf(
    (a) =>
      a.length === 2
        ? `array_to_string(${a[0]}, ${a[1]})`
        : `array_to_string(list_transform(${a[0]}, lambda __x: coalesce(CAST(__x AS VARCHAR), ${a[2]})), ${a[1]})`,
    [A, S, S],
    2,
    3,
  ),
  array_position: sqlOf((a) => `CAST(coalesce(list_position(${a[0]}, ${a[1]}), 0) AS BIGINT)`, [A, ANY]),
  array_union: sqlOf((a) => `list_distinct(list_concat(${a[0]}, ${a[1]}))`, [A, A]),
  array_intersect: sqlOf(
    (a) => `list_distinct(list_filter(${a[0]}, lambda __x: list_contains(${a[1]}, __x)))`,
    [A, A],
  ),
  array_except: sqlOf(
    (a) => `list_distinct(list_filter(${a[0]}, lambda __x: NOT list_contains(${a[1]}, __x)))`,
    [A, A],
  ),
  array_remove: sqlOf((a) => `list_filter(${a[0]}, lambda __x: __x IS DISTINCT FROM ${a[1]})`, [A, ANY]),
  array_compact: sqlOf((a) => `list_filter(${a[0]}, lambda __x: __x IS NOT NULL)`, [A]),
  array_append: fn("list_append", [A, ANY]),
  array_prepend: sqlOf((a) => `list_prepend(${a[1]}, ${a[0]})`, [A, ANY]),
  array_repeat: sqlOf((a) => `list_transform(range(greatest(${a[1]}, 0)), lambda __x: ${a[0]})`, [ANY, I]),
  arrays_overlap: fn("list_has_any", [A, A]),
  sequence: sqlOf((a) => `generate_series(${a.join(", ")})`, [ANY], 2, 3),
  slice: sqlOf(
    (a) =>
      `list_slice(${a[0]}, CASE WHEN ${a[1]} < 0 THEN len(${a[0]}) + ${a[1]} + 1 ELSE ${a[1]} END, CASE WHEN ${a[1]} < 0 THEN len(${a[0]}) + ${a[1]} + ${a[2]} ELSE ${a[1]} + ${a[2]} - 1 END)`,
    [A, I, I],
  ),
  element_at: sqlOf((a) => `${a[0]}[${a[1]}]`, ["arrayOrMap", ANY]),
  get: sqlOf((a) => `${a[0]}[${a[1]} + 1]`, [A, I]),
  explode: generator("explode"),
  explode_outer: generator("explode_outer"),
  posexplode: generator("posexplode"),
  posexplode_outer: generator("posexplode_outer"),
  inline: generator("inline"),
  inline_outer: generator("inline_outer"),
  flatten: fn("flatten", [A]),
  transform: fn("list_transform", [A, ANY]),
  filter: fn("list_filter", [A, ANY]),
  exists: sqlOf((a) => `list_bool_or(list_transform(${a[0]}, ${a[1]}))`, [A, ANY]),
  forall: sqlOf((a) => `list_bool_and(list_transform(${a[0]}, ${a[1]}))`, [A, ANY]),
  aggregate: sqlOf(
    (a) => {
      const folded = `list_reduce(${a[0]}, ${a[2]}, ${a[1]})`;
      return a.length === 4 ? `list_transform([${folded}], ${a[3]})[1]` : folded;
    },
    [A, ANY, ANY, ANY],
    3,
    4,
  ),
  map: {
    sql: (a) => {
      const keys = a.filter((_, i) => i % 2 === 0);
      const values = a.filter((_, i) => i % 2 === 1);
      return `map([${keys.join(", ")}], [${values.join(", ")}])`;
    },
    minArgs: 0,
    maxArgs: MANY,
  },
  map_from_arrays: sqlOf((a) => `map(${a[0]}, ${a[1]})`, [A, A]),
  map_from_entries: fn("map_from_entries", [A]),
  map_entries: sqlOf(
    (a) =>
      `list_transform(map_entries(${a[0]}), lambda __e: struct_pack(key := __e.key, value := __e.value))`,
    ["map"],
  ),
  map_keys: fn("map_keys", ["map"]),
  map_values: fn("map_values", ["map"]),
  map_contains_key: fn("map_contains", ["map", ANY]),
  map_concat: fn("map_concat", ["map"], 1, MANY),
  struct: {
    sql: (a, raw) => `struct_pack(${a.map((x, i) => `${structFieldName(raw[i], i)} := ${x}`).join(", ")})`,
    minArgs: 1,
    maxArgs: MANY,
  },
  named_struct: {
    sql: (a, raw) => {
      const parts: string[] = [];
      for (let i = 0; i + 1 < a.length; i += 2) {
        parts.push(`"${(literalString(raw[i]) ?? `col${i / 2 + 1}`).replaceAll('"', '""')}" := ${a[i + 1]}`);
      }
      return `struct_pack(${parts.join(", ")})`;
    },
    minArgs: 2,
    maxArgs: MANY,
  },

  // ---- JSON (fromJson.ts, toJson.ts)
  from_json: {
    sql: (a, raw) => {
      const schema = literalString(raw[1]);
      if (schema === undefined) throw new Error("the schema must be a DDL string literal");
      return fromJsonSql(a[0], parseJsonSchema(schema));
    },
    minArgs: 2,
    maxArgs: 3,
    inputTypes: [S, ANY, ANY],
  },
  to_json: {
    sql: (a, _raw, _d, typeOf) => {
      if (!typeOf) throw new Error("to_json needs the type of its argument");
      return toJsonSql(a[0], typeOf(a[0]));
    },
    minArgs: 1,
    maxArgs: 2,
    inputTypes: ["any"],
  },
  get_json_object: {
    sql: (a, raw) => {
      const path = literalString(raw[1]);
      if (path === undefined) throw new Error("the JSON path must be a string literal");
      return getJsonObjectSql(a[0], path);
    },
    minArgs: 2,
    maxArgs: 2,
    inputTypes: [S, S],
  },

  // ---- event-time windows (TimeWindowing.ts): a struct {start, end} per window containing the row
  window: { sql: (a, raw) => timeWindowSql(a[0], timeWindowSpec(raw)), minArgs: 2, maxArgs: 4 },
  // Session windows are computed in three projections below the aggregation (TimeWindowing.ts).
  __session_start_flag: { sql: sessionStartFlagSql, minArgs: 2, maxArgs: Number.POSITIVE_INFINITY },
  __session_number: { sql: sessionNumberSql, minArgs: 2, maxArgs: Number.POSITIVE_INFINITY },
  __session_window: { sql: sessionWindowSql, minArgs: 3, maxArgs: Number.POSITIVE_INFINITY },

  // ---- window functions (ranking and offsets; aggregates work over windows too): `f() OVER (...)`
  row_number: nullary("row_number()"),
  rank: nullary("rank()"),
  dense_rank: nullary("dense_rank()"),
  percent_rank: nullary("percent_rank()"),
  cume_dist: nullary("cume_dist()"),
  ntile: fn("ntile", [I]),
  lag: { sql: (a) => `lag(${a.join(", ")})`, minArgs: 1, maxArgs: 3 },
  lead: { sql: (a) => `lead(${a.join(", ")})`, minArgs: 1, maxArgs: 3 },

  // ---- misc
  monotonically_increasing_id: {
    sql: () => "CAST(row_number() OVER () - 1 AS BIGINT)",
    minArgs: 0,
    maxArgs: 0,
  },
  spark_partition_id: nullary("0"),
  input_file_name: nullary("''"),
  uuid: nullary("CAST(gen_random_uuid() AS VARCHAR)"),
  // Spark's type name, known at analysis.
  typeof: {
    sql: (a, _raw, _d, typeOf) => quoteString(typeOf ? typeOf(a[0]).simpleString() : "unknown"),
    minArgs: 1,
    maxArgs: 1,
  },
};

function toTimestamp(lenient: boolean): Omit<FunctionSpec, "minArgs" | "maxArgs"> {
  const cast = lenient ? "TRY_CAST" : "CAST";
  return {
    sql: (a, raw, _d, typeOf) => {
      if (a.length === 2)
        return `CAST(${lenient ? "try_strptime" : "strptime"}(${a[0]}, ${strftimePattern(raw, 1)}) AS TIMESTAMP)`;
      const type = typeOf?.(a[0]);
      if (type instanceof AtomicType && type.isNumeric()) return `CAST(to_timestamp(${a[0]}) AS TIMESTAMP)`;
      if (type instanceof AtomicType && type.name !== "string") return `CAST(${a[0]} AS TIMESTAMP)`;
      // Through TIMESTAMPTZ so that an offset ("+02:00", "Z") is honoured; UTC otherwise.
      return `${cast}(${cast}(${a[0]} AS TIMESTAMPTZ) AS TIMESTAMP)`;
    },
  };
}

/** from_json's schema: a DDL list of fields ("a INT, b STRING") or one type ("array<int>", "map<string,int>"). */
function parseJsonSchema(ddl: string): DataType {
  const trimmed = ddl.trim().toLowerCase();
  if (/^(array|map|struct)\s*</.test(trimmed)) return parseDataType(ddl);
  return parseSchema(ddl);
}

/** Spark names struct fields after the columns they come from: struct(col("a"), col("b")) → {a, b}. */
function structFieldName(e: Expression | undefined, index: number): string {
  let name = `col${index + 1}`;
  if (e?.kind === "alias") name = e.name;
  else if (e?.kind === "column") name = e.parts[e.parts.length - 1];
  return `"${name.replaceAll('"', '""')}"`;
}

/** Spark's other names for the functions above (FunctionRegistry registers them as aliases). */
const ALIASES: Record<string, string> = {
  mean: "avg",
  array_agg: "collect_list",
  std: "stddev",
  stddev_samp: "stddev",
  var_samp: "variance",
  every: "bool_and",
  some: "bool_or",
  any: "bool_or",
  approx_percentile: "percentile_approx",
  iff: "if",
  ceiling: "ceil",
  power: "pow",
  char: "chr",
  printf: "format_string",
  datepart: "date_part",
  dateadd: "date_add",
  date_diff: "datediff",
  cardinality: "size",
  try_element_at: "element_at",
  reduce: "aggregate",
  create_map: "map",
  sign: "signum",
  random: "rand",
  now: "current_timestamp",
  localtimestamp: "current_timestamp",
  curdate: "current_date",
};

export function lookupFunction(name: string): FunctionSpec | undefined {
  const canonical = Object.hasOwn(ALIASES, name) ? ALIASES[name] : name;
  return Object.hasOwn(FUNCTIONS, canonical) ? FUNCTIONS[canonical] : undefined;
}

export function isAggregateFunction(name: string): boolean {
  return lookupFunction(name)?.aggregate === true;
}

/** The names Spark reports for calls whose SQL form differs from `name(args)`. */
export function callDisplayName(e: Extract<Expression, { kind: "call" }>): string | undefined {
  if (e.name === "from_json") return `from_json(${e.args[0] ? expressionSql(e.args[0]) : ""})`;
  return undefined;
}
