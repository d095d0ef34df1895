/**
 * Spark 4's variant functions (parse_json, try_parse_json, is_variant_null, variant_get, try_variant_get,
 * schema_of_variant, schema_of_variant_agg) and casts from and to VARIANT, as DuckDB SQL over the canonical text
 * of variantValues.ts kept in a one-field struct (VariantType).
 *
 * Building canonical text needs a parser, which SQL cannot write (DuckDB's JSON extension cannot be loaded
 * offline), and duckdb-wasm's JavaScript functions cannot return strings (upstream #1720): the result crosses as
 * numbers, six UTF-8 bytes each (see `span`). Navigation reuses the JSON scanner's functions (jsonScanner.ts) over the canonical text.
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
  VARIANT_SIZE_LIMIT,
  VariantParseError,
} from "../variantValues";
import { canCastIn } from "./Cast";
import { castSql } from "./castSql";
import { fromJsonSql } from "./fromJson";
import { ANY, type FunctionSpec, literalString, partially } from "./functionSpecs";
import { toJsonSql } from "./toJson";

/** What `__variant_span` computes, by op number. */
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

/**
 * The channel from JavaScript's strings to DuckDB's (duckdb-wasm's JavaScript functions return only 32-bit
 * numbers, and garble strings): `__variant_span(op, text)` computes op's result once per distinct input and answers
 * a handle to its UTF-8 bytes (or MALFORMED / TOO_BIG), `__variant_size(handle)` their count and
 * `__variant_bytes(handle, k)` the k-th four of them as one number, which SQL prints as hex and decodes. Four bytes
 * a call and the input text passed once: linear in the result's size.
 */
const BYTES_PER_CALL = 4;
const MAX_CACHED = 65536;
const encoder = new TextEncoder();
const byText = new Map<string, number>();
const byHandle = new Map<number, Uint8Array>();
let nextHandle = 0;

function span(op: number, text: string): number {
  const key = `${op}\u0000${text}`;
  const known = byText.get(key);
  if (known !== undefined) return known;
  let found: number;
  try {
    const bytes = encoder.encode(OPS[op](text));
    if (bytes.length > VARIANT_SIZE_LIMIT) throw new VariantParseError("size");
    // Handles wrap well past any one query's rows; the oldest entries go first.
    nextHandle = (nextHandle + 1) % 2 ** 30;
    byHandle.set(nextHandle, bytes);
    found = nextHandle;
  } catch (error) {
    if (!(error instanceof VariantParseError)) throw error;
    found = error.reason === "size" ? TOO_BIG : MALFORMED;
  }
  if (byText.size >= MAX_CACHED) {
    const oldest = byText.keys().next().value as string;
    const old = byText.get(oldest) as number;
    byText.delete(oldest);
    if (old >= 0) byHandle.delete(old);
  }
  byText.set(key, found);
  return found;
}

function fourBytes(handle: number, k: number): number | null {
  const bytes = byHandle.get(handle);
  if (bytes === undefined) return null;
  const from = k * BYTES_PER_CALL;
  let n = 0;
  for (let i = 0; i < BYTES_PER_CALL; i++) n = (n << 8) | (bytes[from + i] ?? 0);
  return n | 0;
}

/** Registers the variant functions' JavaScript half in a session's DuckDB. */
export function registerVariantFunctions(db: DuckDB): void {
  const int = new arrow.Int32();
  db.registerScalarFunction("__variant_span", int, (op, text) => {
    if (text === null || op === null) return null;
    return span(Number(op), String(text));
  });
  db.registerScalarFunction("__variant_size", int, (handle) =>
    handle === null ? null : (byHandle.get(Number(handle))?.length ?? null),
  );
  db.registerScalarFunction("__variant_bytes", int, (handle, k) =>
    handle === null || k === null ? null : fourBytes(Number(handle), Number(k)),
  );
}

let nextName = 0;

/** `body` over `value` evaluated once (DuckDB repeats a repeated subexpression): a one-element list's lambda. */
export function letSql(value: string, body: (name: string) => string): string {
  nextName += 1;
  const name = `__let${nextName}`;
  return `(list_transform([${value}], lambda ${name}: ${body(name)}))[1]`;
}

/** SQL of the result behind a handle (SQL of a non-negative `__variant_span`, a name or a column). */
function handleResultSql(handle: string): string {
  const size = `__variant_size(${handle})`;
  const hex = `array_to_string(list_transform(range((${size} + ${BYTES_PER_CALL - 1}) // ${BYTES_PER_CALL}), lambda __i: printf('%08x', CAST(__variant_bytes(${handle}, CAST(__i AS INTEGER)) AS BIGINT) & 4294967295)), '')`;
  return `decode(unhex(left(${hex}, 2 * ${size})))`;
}

/** SQL of op's result for `text` (a valid input assumed). */
function opResultSql(op: number, text: string): string {
  return letSql(`__variant_span(${op}, ${text})`, handleResultSql);
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
  return letSql(
    `__variant_span(0, ${x})`,
    (h) =>
      `(CASE WHEN ${h} IS NULL THEN NULL WHEN ${h} = ${MALFORMED} THEN ${fail("malformed")} WHEN ${h} = ${TOO_BIG} THEN ${fail("size")} ELSE struct_pack(${quoteIdentifier(VARIANT_FIELD)} := ${handleResultSql(h)}) END)`,
  );
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
  return letSql(`replace(substring(${quoted}, 2, length(${quoted}) - 2), '\\\\', chr(1))`, (raw) => {
    let s = raw;
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
    return letSql(
      s,
      (t) => `replace(CASE WHEN contains(${t}, '\\u') THEN ${controlEscapes(t)} ELSE ${t} END, chr(1), '\\')`,
    );
  });
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
    // Spark's VariantGet.cast: a TRY cast from the value's own type, where an ANSI cast is allowed at all.
    const tryCast = (x: string, from: DataType) =>
      canCastIn("ANSI", from, to) ? letSql(x, (n) => castSql(n, from, to, "TRY")) : "NULL";
    const number = `(CASE WHEN regexp_matches(${sub}, '[EIN]') THEN ${tryCast(`TRY_CAST(replace(${sub}, 'E0', '') AS DOUBLE)`, DoubleType)} WHEN contains(${sub}, '.') THEN ${tryCast(`TRY_CAST(${sub} AS DECIMAL(38,18))`, new DecimalType(38, 18))} ELSE ${tryCast(`TRY_CAST(${sub} AS BIGINT)`, LongType)} END)`;
    const exactDecimal =
      to instanceof DecimalType
        ? `WHEN ${kind} = ${KIND.number} AND NOT regexp_matches(${sub}, '[EIN]') THEN TRY_CAST(${json} AS ${to.sql()}) `
        : "";
    value = `(CASE ${exactDecimal}WHEN ${kind} = ${KIND.number} THEN ${number} WHEN ${kind} = ${KIND.boolean} THEN ${tryCast(`(${sub} = 'true')`, BooleanType)} WHEN ${kind} = ${KIND.string} THEN ${tryCast(decodeStringSql(sub), StringType)} END)`;
  }
  const failure = failOnError
    ? raiseErrorSql("SparkRuntimeException", "INVALID_VARIANT_CAST", {
        value: json,
        dataType: quoteString(toSQLType(to)),
      })
    : "NULL";
  return `(CASE WHEN ${kind} IS NULL OR ${kind} = ${KIND.null} THEN CAST(NULL AS ${to.sql()}) ELSE ${letSql(value, (v) => `(CASE WHEN ${v} IS NOT NULL THEN ${v} ELSE ${failure} END)`)} END)`;
}

/** variant_get / try_variant_get (and a cast from VARIANT: the path `$`). */
export function variantGetSql(
  variant: string,
  steps: readonly Step[],
  to: DataType,
  failOnError: boolean,
): string {
  const path = quoteString(JSON.stringify(steps));
  // Each value bound once: the variant, then the value at the path and its kind.
  return letSql(variantTextSql(variant), (text) => {
    const kind = steps.length === 0 ? `__json_kind(${text}, '[]')` : `__json_kind(${text}, ${path})`;
    const sub =
      steps.length === 0
        ? text
        : `substring(${text}, __json_start(${text}, ${path}), __json_length(${text}, ${path}))`;
    return letSql(`struct_pack(s := ${sub}, k := ${kind})`, (at) =>
      castVariantValueSql(`${at}.s`, `${at}.k`, to, failOnError),
    );
  });
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
