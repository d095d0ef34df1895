/**
 * Spark 4's variant functions (parse_json, try_parse_json, is_variant_null, variant_get, try_variant_get,
 * schema_of_variant, schema_of_variant_agg) and casts from and to VARIANT, as DuckDB SQL over the canonical text
 * of variantValues.ts kept in a one-field struct (VariantType).
 *
 * Building canonical text needs a parser, which SQL cannot write, and duckdb-wasm's JavaScript functions cannot
 * return strings (upstream #1720): `__variant_len(op, text)` gives the length in code points of a result computed
 * in JavaScript (cached by its input) and `__variant_cp(op, text, i)` its i-th code point, which SQL joins back
 * into a string. Navigation reuses the JSON scanner's functions (jsonScanner.ts) over the canonical text.
 */
import * as arrow from "apache-arrow";
import { type DuckDB, quoteIdentifier, quoteString } from "../../duckdb/DuckDB";
import { toSQLId, toSQLType } from "../../errors/QueryErrorsBase";
import { internalError, raiseErrorSql, unsupportedInSluice } from "../../errors/QueryExecutionErrors";
import type { Expression } from "../expressions";
import {
  ArrayType,
  AtomicType,
  BooleanType,
  type DataType,
  DecimalType,
  DoubleType,
  LongType,
  MapType,
  parseDataType,
  StringType,
  StructType,
  VARIANT_FIELD,
  VariantType,
  VariantTypeInstance,
} from "../types";
import {
  canonicalVariant,
  schemaOfVariant,
  schemaOfVariants,
  VARIANT_JSON_PATTERN,
  VariantParseError,
} from "../variantValues";
import { castSql } from "./castSql";
import { fromJsonSql } from "./fromJson";
import { ANY, type FunctionSpec, literalString, partially } from "./functionSpecs";
import { toJsonSql } from "./toJson";

/** What `__variant_len` / `__variant_cp` compute, by op number. */
const OPS: readonly ((text: string) => string)[] = [
  canonicalVariant,
  (text) => schemaOfVariant(text),
  (text) => {
    // The canonical texts of a group joined as one JSON array: their schemas merged.
    const inner = text.slice(1, -1);
    return schemaOfVariants(inner === "" ? [] : splitTopLevel(inner));
  },
];

/** The elements of canonical texts joined by commas (commas inside strings, arrays and objects kept). */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i += 1;
      while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    } else if (c === "{" || c === "[") depth += 1;
    else if (c === "}" || c === "]") depth -= 1;
    else if (c === "," && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

const MALFORMED = -1;
const TOO_BIG = -2;
const MAX_CACHED = 8192;
const results = new Map<string, number[] | number>();

function result(op: number, text: string): number[] | number {
  const key = `${op}\u0000${text}`;
  let found = results.get(key);
  if (found === undefined) {
    try {
      found = Array.from(OPS[op](text), (c) => c.codePointAt(0)!);
    } catch (error) {
      if (!(error instanceof VariantParseError)) throw error;
      found = error.reason === "size" ? TOO_BIG : MALFORMED;
    }
    if (results.size >= MAX_CACHED) results.clear();
    results.set(key, found);
  }
  return found;
}

/** Registers the variant functions' JavaScript half in a session's DuckDB. */
export function registerVariantFunctions(db: DuckDB): void {
  const int = new arrow.Int32();
  db.registerScalarFunction("__variant_len", int, (op, text) => {
    if (text === null || op === null) return null;
    const r = result(Number(op), String(text));
    return typeof r === "number" ? r : r.length;
  });
  db.registerScalarFunction("__variant_cp", int, (op, text, i) => {
    if (text === null || op === null || i === null) return null;
    const r = result(Number(op), String(text));
    return typeof r === "number" ? null : (r[Number(i)] ?? null);
  });
}

/** SQL of op's result for `text` (non-negative length assumed). */
function opResultSql(op: number, text: string): string {
  return `array_to_string(list_transform(range(__variant_len(${op}, ${text})), lambda __i: chr(__variant_cp(${op}, ${text}, CAST(__i AS INTEGER)))), '')`;
}

/** A variant of canonical text (SQL), null where the text is. */
export function wrapVariantSql(text: string): string {
  return `(CASE WHEN (${text}) IS NULL THEN NULL ELSE struct_pack(${quoteIdentifier(VARIANT_FIELD)} := ${text}) END)`;
}

/** The canonical text of a variant (SQL). */
export function variantTextSql(variant: string): string {
  return `(${variant}).${quoteIdentifier(VARIANT_FIELD)}`;
}

/** Spark's JSON of canonical text (SQL): what to_json, show() and a string cast give. */
export function variantJsonSql(text: string): string {
  return `regexp_replace(${text}, ${quoteString(VARIANT_JSON_PATTERN)}, '\\1\\2\\3\\4\\5', 'g')`;
}

/** parse_json / try_parse_json of a string (SQL). */
export function parseJsonSql(x: string, failOnError: boolean): string {
  const len = `__variant_len(0, ${x})`;
  const fail = (reason: "malformed" | "size") =>
    failOnError
      ? reason === "malformed"
        ? raiseErrorSql("SparkException", "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION", {
            badRecord: x,
            failFastMode: quoteString("FAILFAST"),
          })
        : raiseErrorSql("SparkRuntimeException", "VARIANT_SIZE_LIMIT", {
            sizeLimit: quoteString("16.0 MiB"),
            functionName: quoteString(toSQLId("parse_json")),
          })
      : "NULL";
  return `(CASE WHEN ${x} IS NULL THEN NULL WHEN ${len} = ${MALFORMED} THEN ${fail("malformed")} WHEN ${len} = ${TOO_BIG} THEN ${fail("size")} ELSE struct_pack(${quoteIdentifier(VARIANT_FIELD)} := ${opResultSql(0, x)}) END)`;
}

/** Canonical text of a value of `type` cast to VARIANT (SQL). */
export function toVariantSql(x: string, type: DataType): string {
  if (type instanceof VariantType) return x;
  const json = toJsonSql(x, type, 0, { variant: true });
  return `(CASE WHEN ${x} IS NULL THEN NULL ELSE struct_pack(${quoteIdentifier(VARIANT_FIELD)} := ${opResultSql(0, json)}) END)`;
}

// ---- variant_get -------------------------------------------------------------------------------------------

/** A step of a variant path as the JSON scanner takes it: a key or an index. */
type Step = string | number;

/** Spark's VariantPathParser: `$` then `[123]`, `.name`, `['name']` or `["name"]`; undefined where invalid. */
export function parseVariantPath(path: string): Step[] | undefined {
  if (!path.startsWith("$")) return undefined;
  const steps: Step[] = [];
  let rest = path.slice(1);
  const segment = /^(?:\[(\d+)\]|\.([^.[]+)|\['([^']+)'\]|\["([^"]+)"\])/;
  while (rest.length > 0) {
    const m = segment.exec(rest);
    if (!m) return undefined;
    if (m[1] !== undefined) {
      const index = Number(m[1]);
      if (!Number.isSafeInteger(index) || index > 2 ** 31 - 1) return undefined;
      steps.push(index);
    } else steps.push(m[2] ?? m[3] ?? m[4]);
    rest = rest.slice(m[0].length);
  }
  return steps;
}

/** SQL decoding a canonical JSON string literal (JSON.stringify's escapes) to its value. */
function decodeStringSql(quoted: string): string {
  let s = `replace(substring(${quoted}, 2, length(${quoted}) - 2), '\\\\', chr(1))`;
  const escapes: [string, string][] = [
    ['\\"', "'\"'"],
    ["\\/", "'/'"],
    ["\\b", "chr(8)"],
    ["\\f", "chr(12)"],
    ["\\n", "chr(10)"],
    ["\\r", "chr(13)"],
    ["\\t", "chr(9)"],
  ];
  for (const [from, to] of escapes) s = `replace(${s}, ${quoteString(from)}, ${to})`;
  s = `CASE WHEN contains(${s}, '\\u') THEN ${controlEscapes(s)} ELSE ${s} END`;
  return `replace(${s}, chr(1), '\\')`;
}

function controlEscapes(s: string): string {
  let out = s;
  for (let c = 0; c < 32; c++) out = `replace(${out}, '\\u${c.toString(16).padStart(4, "0")}', chr(${c}))`;
  return out;
}

/** The kinds the JSON scanner reports. */
const KIND = { null: 0, boolean: 1, number: 2, string: 3, array: 4, object: 5 };

/**
 * SQL casting the variant value of canonical text `sub` (of scanner kind `kind`) to `to`, as Spark's VariantGet.cast
 * does: a TRY cast from the value's own type, and where it gives null, `fail` (INVALID_VARIANT_CAST or null).
 */
function castVariantValueSql(sub: string, kind: string, to: DataType, failOnError: boolean): string {
  if (to instanceof VariantType) return wrapVariantSql(sub);
  const json = variantJsonSql(sub);
  let value: string;
  if (to instanceof AtomicType && to.name === "string") {
    value = `(CASE ${kind} WHEN ${KIND.string} THEN ${decodeStringSql(sub)} WHEN ${KIND.null} THEN NULL ELSE ${json} END)`;
  } else if (to instanceof StructType || to instanceof ArrayType || to instanceof MapType) {
    const fits = to instanceof ArrayType ? KIND.array : KIND.object;
    value = `(CASE WHEN ${kind} = ${fits} THEN ${fromJsonSql(json, to)} END)`;
  } else {
    const number = `(CASE WHEN regexp_matches(${sub}, '[EIN]') THEN ${castSql(`TRY_CAST(replace(${sub}, 'E0', '') AS DOUBLE)`, DoubleType, to, "TRY")} WHEN contains(${sub}, '.') THEN ${castSql(`TRY_CAST(${sub} AS DECIMAL(38,18))`, new DecimalType(38, 18), to, "TRY")} ELSE ${castSql(`TRY_CAST(${sub} AS BIGINT)`, LongType, to, "TRY")} END)`;
    const exactDecimal =
      to instanceof DecimalType
        ? `WHEN ${kind} = ${KIND.number} AND NOT regexp_matches(${sub}, '[EIN]') THEN TRY_CAST(${json} AS ${to.sql()}) `
        : "";
    value = `(CASE ${exactDecimal}WHEN ${kind} = ${KIND.number} THEN ${number} WHEN ${kind} = ${KIND.boolean} THEN ${castSql(`(${sub} = 'true')`, BooleanType, to, "TRY")} WHEN ${kind} = ${KIND.string} THEN ${castSql(decodeStringSql(sub), StringType, to, "TRY")} END)`;
  }
  const failure = failOnError
    ? raiseErrorSql("SparkRuntimeException", "INVALID_VARIANT_CAST", {
        value: json,
        dataType: quoteString(toSQLType(to)),
      })
    : "NULL";
  return `(CASE WHEN ${kind} IS NULL OR ${kind} = ${KIND.null} THEN CAST(NULL AS ${to.sql()}) WHEN (${value}) IS NOT NULL THEN (${value}) ELSE ${failure} END)`;
}

/** variant_get / try_variant_get (and a cast from VARIANT: the path `$`). */
export function variantGetSql(
  variant: string,
  steps: readonly Step[],
  to: DataType,
  failOnError: boolean,
): string {
  const text = variantTextSql(variant);
  const path = quoteString(JSON.stringify(steps));
  const kind = steps.length === 0 ? `__json_kind(${text}, '[]')` : `__json_kind(${text}, ${path})`;
  const sub =
    steps.length === 0
      ? text
      : `substring(${text}, __json_start(${text}, ${path}), __json_length(${text}, ${path}))`;
  return castVariantValueSql(sub, kind, to, failOnError);
}

/** variant_get's path argument: a string literal that parses, else INVALID_VARIANT_GET_PATH when run. */
function pathOf(raw: Expression | undefined, name: string): Step[] | string {
  const path = literalString(raw);
  if (path === undefined) throw unsupportedInSluice(`${name} with a path that is not a string literal`);
  return parseVariantPath(path) ?? path;
}

function typeArgument(raw: Expression | undefined, name: string): DataType {
  if (raw === undefined) return VariantTypeInstance;
  const text = literalString(raw);
  if (text === undefined) throw unsupportedInSluice(`${name} with a type that is not a string literal`);
  return parseDataType(text);
}

function variantGetSpec(name: string, failOnError: boolean): FunctionSpec {
  return {
    sql: (a, raw) => {
      const steps = pathOf(raw[1], name);
      const to = typeArgument(raw[2], name);
      if (typeof steps === "string") {
        const error = raiseErrorSql("SparkRuntimeException", "INVALID_VARIANT_GET_PATH", {
          path: quoteString(steps),
          functionName: quoteString(toSQLId(name)),
        });
        return `(CASE WHEN ${a[0]} IS NULL THEN CAST(NULL AS ${to.sql()}) ELSE ${error} END)`;
      }
      return variantGetSql(a[0], steps, to, failOnError);
    },
    minArgs: 2,
    maxArgs: 3,
    inputTypes: [ANY, ANY, ANY],
  };
}

/** Fails where the argument is not a variant (Spark's DATATYPE_MISMATCH is the analyzer's; here a guard). */
function requireVariant(type: DataType | undefined, name: string): void {
  if (
    type !== undefined &&
    !(type instanceof VariantType) &&
    !(type instanceof AtomicType && type.name === "null")
  )
    throw internalError(`${name} takes a VARIANT, not ${type.simpleString()}`);
}

/** Where variant_get differs from Spark's (the compatibility table's note). */
export const VARIANT_GET_NOTE =
  "the path and type must be literals; a struct, array or map target reads the value as from_json does (a field that does not cast is null, where Spark fails); DATE, TIMESTAMP and BINARY values cast to VARIANT are kept as strings";

export const VARIANT_FUNCTIONS: Record<string, FunctionSpec> = {
  parse_json: { sql: (a) => parseJsonSql(a[0], true), minArgs: 1, maxArgs: 1, inputTypes: ["string"] },
  try_parse_json: { sql: (a) => parseJsonSql(a[0], false), minArgs: 1, maxArgs: 1, inputTypes: ["string"] },
  is_variant_null: {
    sql: (a) => `coalesce(${variantTextSql(a[0])} = 'null', FALSE)`,
    minArgs: 1,
    maxArgs: 1,
    inputTypes: [ANY],
  },
  variant_get: partially(variantGetSpec("variant_get", true), VARIANT_GET_NOTE),
  try_variant_get: partially(variantGetSpec("try_variant_get", false), VARIANT_GET_NOTE),
  schema_of_variant: {
    sql: (a, _raw, _d, typeOf) => {
      requireVariant(typeOf?.(a[0]), "schema_of_variant");
      const text = variantTextSql(a[0]);
      return `(CASE WHEN ${a[0]} IS NULL THEN 'VOID' ELSE ${opResultSql(1, text)} END)`;
    },
    minArgs: 1,
    maxArgs: 1,
    inputTypes: [ANY],
  },
  schema_of_variant_agg: {
    sql: (a) => {
      const joined = `('[' || coalesce(string_agg(${variantTextSql(a[0])}, ','), '') || ']')`;
      return opResultSql(2, joined);
    },
    minArgs: 1,
    maxArgs: 1,
    inputTypes: [ANY],
    aggregate: true,
  },
};
