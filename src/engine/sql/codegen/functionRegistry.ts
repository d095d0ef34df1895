/**
 * Spark's FunctionRegistry: the built-in functions by their Spark names (lower case) and Spark's aliases for
 * them, each a FunctionSpec giving the DuckDB SQL it compiles to. Most map one-to-one; the rest are rewritten
 * so that cells written for Spark run unchanged. The specs are grouped as Spark groups its expressions.
 */
import { expressionSql } from "../analysis/naming";
import type { Expression } from "../expressions";
import { isScriptFunction, scriptFunctionPartial } from "../udf/scriptFunctions";
import { AGGREGATE_FUNCTIONS } from "./aggregateFunctions";
import { BINARY_FUNCTIONS } from "./binaryFunctions";
import { BIT_FUNCTIONS } from "./bitFunctions";
import { COLLECTION_EXTRA_FUNCTIONS } from "./collectionExtras";
import { COLLECTION_FUNCTIONS } from "./collectionFunctions";
import { CSV_FUNCTIONS } from "./csvFunctions";
import { DATETIME_FUNCTIONS } from "./datetimeFunctions";
import type { FunctionSpec } from "./functionSpecs";
import { HASH_FUNCTIONS } from "./hashFunctions";
import { INTERVAL_DEFAULTS, INTERVAL_FUNCTIONS } from "./intervalFunctions";
import { JSON_FUNCTIONS } from "./jsonFunctions";
import { JSON_TEXT_FUNCTIONS } from "./jsonTextFunctions";
import { LISTAGG_FUNCTIONS, listaggName } from "./listaggFunctions";
import { MATH_FUNCTIONS } from "./mathFunctions";
import { MISC_FUNCTIONS } from "./miscFunctions";
import { NTH_VALUE } from "./nthValue";
import { NUMBER_FORMAT_FUNCTIONS } from "./numberFormat";
import { PERCENTILE_FUNCTIONS, withinGroupName } from "./percentileFunctions";
import { RANDOM_FUNCTIONS } from "./randomFunctions";
import { SPARK_FUNCTION_NAMES } from "./sparkFunctionNames";
import { STRING_FUNCTIONS } from "./stringFunctions";
import { MASK_DEFAULTS, TEXT_FUNCTIONS } from "./textFunctions";
import { TIME_FUNCTIONS } from "./timeFunctions";
import { TO_CSV_FUNCTIONS } from "./toCsv";
import { TRY_AGGREGATE_FUNCTIONS } from "./tryAggregateFunctions";
import { UPDATE_FIELDS, updateFieldsName } from "./updateFields";
import { URL_FUNCTIONS } from "./urlFunctions";
import { VARIANT_FUNCTIONS } from "./variantFunctions";
import { WINDOW_FUNCTIONS } from "./windowFunctions";

const FUNCTIONS: Record<string, FunctionSpec> = {
  ...AGGREGATE_FUNCTIONS,
  ...MISC_FUNCTIONS,
  ...MATH_FUNCTIONS,
  ...STRING_FUNCTIONS,
  ...DATETIME_FUNCTIONS,
  ...COLLECTION_FUNCTIONS,
  ...JSON_FUNCTIONS,
  ...VARIANT_FUNCTIONS,
  ...JSON_TEXT_FUNCTIONS,
  ...URL_FUNCTIONS,
  ...CSV_FUNCTIONS,
  ...WINDOW_FUNCTIONS,
  update_fields: UPDATE_FIELDS,
  // issue 11: number formats (numberFormat.ts)
  ...NUMBER_FORMAT_FUNCTIONS,
  // issue 11: luhn_check, soundex, quote, mask, regexp_instr, sentences (textFunctions.ts)
  ...TEXT_FUNCTIONS,
  // issue 11: uniform, randstr (randomFunctions.ts)
  ...RANDOM_FUNCTIONS,
  // issue 11: try aggregates and percentiles
  ...TRY_AGGREGATE_FUNCTIONS,
  ...PERCENTILE_FUNCTIONS,
  nth_value: NTH_VALUE,
  // ---- issue 11: convert_timezone, extract, timestampadd, timestampdiff (timeFunctions.ts)
  ...TIME_FUNCTIONS,
  // ---- issue 11: hash, xxhash64, crc32 (hashFunctions.ts)
  ...HASH_FUNCTIONS,
  // ---- issue 11: bit_get, getbit, shiftrightunsigned, conv, nullifzero, zeroifnull (bitFunctions.ts)
  ...BIT_FUNCTIONS,
  // ---- issue 11: stack, array_insert, map_zip_with (collectionExtras.ts)
  ...COLLECTION_EXTRA_FUNCTIONS,
  // ---- issue 11: listagg, string_agg (listaggFunctions.ts)
  ...LISTAGG_FUNCTIONS,
  // ---- issue 11: to_binary, try_to_binary (binaryFunctions.ts)
  ...BINARY_FUNCTIONS,
  // ---- issue 11: to_csv (toCsv.ts)
  ...TO_CSV_FUNCTIONS,
  ...INTERVAL_FUNCTIONS,
};

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
  curdate: "current_date",
  to_timestamp_ltz: "to_timestamp",
  make_timestamp_ltz: "make_timestamp",
  try_make_timestamp_ltz: "try_make_timestamp",
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
  if (e.name === "from_csv") return `from_csv(${e.args[0] ? expressionSql(e.args[0]) : ""})`;
  // issue 11: to_csv's options are not in its name.
  if (e.name === "to_csv") return `to_csv(${e.args[0] ? expressionSql(e.args[0]) : ""})`;
  if (e.name === "update_fields") return updateFieldsName(e.args);
  // Sentences' missing language and country are empty strings in its name: `sentences(s, , )`.
  if (e.name === "sentences" && e.args.length >= 1 && e.args.length < 3)
    return `sentences(${[...e.args.map((a) => expressionSql(a)), "", ""].slice(0, 3).join(", ")})`;
  // Mask's missing arguments are its defaults in its name: `mask(s, X, x, n, NULL)` (textFunctions.ts).
  if (e.name === "mask" && e.args.length >= 1 && e.args.length < 5)
    return `mask(${[...e.args.map((a) => expressionSql(a)), ...MASK_DEFAULTS.slice(e.args.length - 1).map((d) => d ?? "NULL")].join(", ")})`;
  // The interval constructors are named with their defaults: `make_dt_interval(1, 0, 0, 0.000000)`.
  const defaults = INTERVAL_DEFAULTS[e.name];
  if (defaults && e.args.length < defaults.length)
    return `${e.name}(${[...e.args.map((a) => expressionSql(a)), ...defaults.slice(e.args.length)].join(", ")})`;
  // issue 11: percentile_cont and percentile_disc are named with their WITHIN GROUP ordering.
  if (e.name === "percentile_cont" || e.name === "percentile_disc") return withinGroupName(e);
  // NthValue's children are its input and offset: ignoreNulls is not in its name.
  if (e.name === "nth_value" && e.args.length === 3)
    return `nth_value(${e.args.slice(0, 2).map(expressionSql).join(", ")})`;
  // Spark's percentile names its frequency, 1 where none is given: `percentile(v, 0.5, 1)`.
  if (e.name === "percentile" && e.args.length === 2)
    return `percentile(${e.args.map(expressionSql).join(", ")}, 1)`;
  // Extract is named as SQL writes it, `extract(year FROM ts)`; Spark's `datepart` too (its prettyName).
  if ((e.name === "extract" || e.name === "datepart") && e.args.length === 2 && e.args[0]?.kind === "literal")
    return `${e.name}(${String(e.args[0].value)} FROM ${expressionSql(e.args[1])})`;
  // issue 11: array_insert's legacy marker (collectionExtras.ts) is not in its name.
  if (e.name === "array_insert" && e.args.length === 4)
    return `array_insert(${e.args.slice(0, 3).map(expressionSql).join(", ")})`;
  // issue 11: listagg and string_agg name their delimiter (NULL where none) and WITHIN GROUP ordering.
  if (e.name === "listagg" || e.name === "string_agg") return listaggName(e);
  // Spark's one-argument Ceil and Floor are UnaryMathExpressions named in capitals: `CEIL(sum(x))`.
  if ((e.name === "ceil" || e.name === "floor") && e.args.length === 1 && e.args[0])
    return `${e.name.toUpperCase()}(${expressionSql(e.args[0])})`;
  // issue 11: BitwiseNot is named `~x`, as SQL writes it.
  if (e.name === "~" && e.args.length === 1) return `~${expressionSql(e.args[0])}`;
  // issue 11: the shift operators are named as SQL writes them, `(a >>> 2)` (BitShiftOperation.sql).
  if ((e.name === "<<" || e.name === ">>" || e.name === ">>>") && e.args.length === 2)
    return `(${expressionSql(e.args[0])} ${e.name} ${expressionSql(e.args[1])})`;
  return undefined;
}

/** Spark's cast aliases: `int(x)` is `CAST(x AS INT)` (FunctionRegistry's castAlias). */
export const CAST_ALIASES: Readonly<Record<string, string>> = {
  boolean: "boolean",
  tinyint: "tinyint",
  smallint: "smallint",
  int: "int",
  bigint: "bigint",
  float: "float",
  double: "double",
  decimal: "decimal(10,0)",
  date: "date",
  timestamp: "timestamp",
  binary: "binary",
  string: "string",
};

/** Built-ins Sluice runs outside this table: SQL syntax, or rewritten by the analyzer. */
const OUTSIDE_THE_REGISTRY: Readonly<Record<string, string>> = {
  cast: "CAST(x AS type) in SQL, Column.cast in the API",
  session_window: "rewritten into session windows by the analyzer (TimeWindowing)",
  grouping: "in cube, rollup and grouping sets, read from the grouping id (groupingSets.ts)",
  grouping_id: "in cube, rollup and grouping sets, read from the grouping id (groupingSets.ts)",
  ...Object.fromEntries(Object.keys(CAST_ALIASES).map((name) => [name, `CAST(x AS ${name.toUpperCase()})`])),
};

/** How far Sluice runs one of Spark's built-in functions (the compatibility table reads this). */
export type FunctionSupport =
  | { readonly status: "supported"; readonly note?: string }
  | { readonly status: "partial"; readonly note: string }
  | { readonly status: "unsupported" };

/** Whether Sluice runs Spark's built-in `name`: a function it lacks fails analysis with UNRESOLVED_ROUTINE. */
export function functionSupport(name: string): FunctionSupport {
  const key = name.toLowerCase();
  if (Object.hasOwn(OUTSIDE_THE_REGISTRY, key))
    return { status: "supported", note: OUTSIDE_THE_REGISTRY[key] };
  if (isScriptFunction(key)) {
    const note = scriptFunctionPartial(key);
    return note ? { status: "partial", note } : { status: "supported" };
  }
  const spec = lookupFunction(key);
  if (!spec) return { status: "unsupported" };
  return spec.partial ? { status: "partial", note: spec.partial } : { status: "supported" };
}

/** Every built-in function of Spark's FunctionRegistry, by Spark's group, with how far Sluice runs it. */
export function builtinFunctions(): { name: string; group: string; support: FunctionSupport }[] {
  return Object.entries(SPARK_FUNCTION_NAMES).flatMap(([group, names]) =>
    names.map((name) => ({ name, group, support: functionSupport(name) })),
  );
}
