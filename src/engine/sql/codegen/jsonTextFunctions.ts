/**
 * Spark's functions over JSON text beyond from_json/to_json: `json_array_length`, `json_object_keys`,
 * `schema_of_json` and the generator `json_tuple` (one row of string columns c0, c1, ... per input row), over the
 * JSON scanner's UDFs (jsonScanner.ts).
 */
import { quoteString } from "../../duckdb/DuckDB";
import {
  generatorNestedInExpressions,
  nonFoldableInput,
  nonStringTypeArguments,
  typeCheckFailure,
  udtfAliasNumberMismatch,
  unexpectedInputType,
  unexpectedNullInput,
  wrongNumArgs,
} from "../../errors/QueryCompilationErrors";
import { toSQLType } from "../../errors/QueryErrorsBase";
import { expressionSql } from "../analysis/naming";
import { type Expression, stripAlias } from "../expressions";
import { AtomicType, type DataType } from "../types";
import { unescapeSql } from "./fromJson";
import { ANY, type FunctionSpec, literalOptions, literalString, MANY, partially, S } from "./functionSpecs";
import { JsonKind, requireJsonFunctions } from "./jsonScanner";
import { inferJsonType, inferredSql, JsonInferError, schemaOfJsonType } from "./schemaInference";

export const JSON_TUPLE_NOTE =
  "in a select list, in LATERAL VIEW and in FROM, as Spark's other generators; a nested object or array comes back as its text in the input, not re-serialised compactly";
export const SCHEMA_OF_JSON_NOTE =
  "the options primitivesAsString, prefersDecimal and allowNumericLeadingZeros; other JSON options are ignored";

const isStringOrNull = (t: DataType) => t instanceof AtomicType && (t.name === "string" || t.name === "null");

/** Spark's ExpectsInputTypes(StringType): a string, no implicit cast (json_array_length(2) is refused). */
function requireString(
  name: string,
  raw: readonly Expression[],
  args: string[],
  typeOf?: (sql: string) => DataType,
) {
  const type = typeOf?.(args[0]);
  if (type && !isStringOrNull(type)) {
    const call = `${name}(${raw.map((r) => expressionSql(r)).join(", ")})`;
    throw unexpectedInputType(call, 0, '"STRING"', expressionSql(raw[0]), type);
  }
}

/** The JSON text's value at a path of static steps: kind, raw text. */
const at = (text: string, path: string) => ({
  // The UDFs take VARCHAR only: a NULL literal is cast to one.
  kind: `__json_kind(${text}, ${path})`,
  raw: `substring(${text}, __json_start(${text}, ${path}), __json_length(${text}, ${path}))`,
});

/** A value's text as json_tuple and get_json_object give it: strings unquoted, a JSON null as null. */
function valueText(text: string, path: string): string {
  const { kind, raw } = at(text, path);
  return `(CASE ${kind} WHEN ${JsonKind.null} THEN NULL WHEN ${JsonKind.string} THEN ${unescapeSql(raw)} ELSE ${raw} END)`;
}

/**
 * The text a schema_of_json / schema_of_csv call infers from, which Spark requires as a non-null constant: null
 * is DATATYPE_MISMATCH.UNEXPECTED_NULL, a column NON_FOLDABLE_INPUT (with its type where the compiler knows it).
 */
export function constantText(
  call: string,
  inputName: string,
  e: Expression,
  typeOf?: (sql: string) => DataType,
  arg?: string,
): string {
  const text = literalString(e);
  if (text !== undefined) return text;
  if (e.kind === "literal" && e.value === null) throw unexpectedNullInput(call, inputName);
  const type = (arg !== undefined && typeOf?.(arg)) || new AtomicType("string");
  throw nonFoldableInput(call, inputName, toSQLType(type), expressionSql(e));
}

/** Spark's SchemaOfJson: the constant JSON text's schema as `DataType.sql`; the text must be a non-null constant. */
export function schemaOfJson(
  raw: readonly Expression[],
  typeOf?: (sql: string) => DataType,
  arg?: string,
): string {
  const call = `schema_of_json(${raw.map((r) => expressionSql(r)).join(", ")})`;
  const text = constantText(call, "json", raw[0], typeOf, arg);
  const options = literalOptions(raw[1]);
  const flag = (name: string) => options[name]?.toLowerCase() === "true";
  try {
    return inferredSql(
      schemaOfJsonType(
        inferJsonType(text, {
          primitivesAsString: flag("primitivesAsString"),
          prefersDecimal: flag("prefersDecimal"),
          allowNumericLeadingZeros: flag("allowNumericLeadingZeros"),
        }),
      ),
    );
  } catch (error) {
    if (error instanceof JsonInferError) throw typeCheckFailure(call, error.message, error);
    throw error;
  }
}

export const JSON_TEXT_FUNCTIONS: Record<string, FunctionSpec> = {
  json_array_length: {
    sql: (a, raw, _d, typeOf) => {
      requireString("json_array_length", raw, a, typeOf);
      requireJsonFunctions();
      const text = `CAST(${a[0]} AS VARCHAR)`;
      const { kind } = at(text, "'[]'");
      return `(CASE WHEN ${kind} = ${JsonKind.array} THEN __json_count(${text}, '[]') END)`;
    },
    minArgs: 1,
    maxArgs: 1,
  },
  json_object_keys: {
    sql: (a, raw, _d, typeOf) => {
      requireString("json_object_keys", raw, a, typeOf);
      requireJsonFunctions();
      const text = `CAST(${a[0]} AS VARCHAR)`;
      const { kind } = at(text, "'[]'");
      const keyPath = `('[{"k":' || CAST(__jk AS VARCHAR) || '}]')`;
      const key = unescapeSql(at(text, keyPath).raw);
      return `(CASE WHEN ${kind} = ${JsonKind.object} THEN CAST(list_transform(range(__json_count(${text}, '[]')), lambda __jk: ${key}) AS VARCHAR[]) END)`;
    },
    minArgs: 1,
    maxArgs: 1,
  },
  schema_of_json: partially(
    {
      sql: (a, raw, _d, typeOf) => quoteString(schemaOfJson(raw, typeOf, a[0])),
      minArgs: 1,
      maxArgs: 2,
      inputTypes: [ANY, ANY],
    },
    SCHEMA_OF_JSON_NOTE,
  ),
  json_tuple: partially(
    {
      sql: (_a, raw) => {
        throw generatorNestedInExpressions(`json_tuple(${raw.map((r) => expressionSql(r)).join(", ")})`);
      },
      minArgs: 2,
      maxArgs: MANY,
      inputTypes: [S],
    },
    JSON_TUPLE_NOTE,
  ),
};

/**
 * json_tuple's columns in a select list: c0, c1, ... (or the `AS (...)` names), each the field's value as a
 * string, all null where the text is null, not JSON or not an object. It emits exactly one row per input row.
 */
export function jsonTupleColumns(
  e: Expression,
  args: readonly string[],
  typeOf: ((sql: string) => DataType) | undefined,
): { sql: string; name: string }[] {
  const call = stripAlias(e) as Extract<Expression, { kind: "call" }>;
  if (call.args.length < 2) throw wrongNumArgs("json_tuple", "> 1", call.args.length);
  if (typeOf && args.some((a) => !isStringOrNull(typeOf(a))))
    throw nonStringTypeArguments(expressionSql(call), "json_tuple");
  requireJsonFunctions();
  const text = `CAST(${args[0]} AS VARCHAR)`;
  const keys = args.slice(1);
  const columns = keys.map((key, i) => {
    const literal = literalString(call.args[i + 1]);
    const path =
      literal !== undefined
        ? quoteString(JSON.stringify([literal]))
        : `CAST(('["' || replace(replace(CAST(${key} AS VARCHAR), '\\', '\\\\'), '"', '\\"') || '"]') AS VARCHAR)`;
    return { sql: `CAST(${valueText(text, path)} AS VARCHAR)`, name: `c${i}` };
  });
  const names = e.kind === "alias" ? (e.names ?? [e.name]) : undefined;
  if (names && names.length !== columns.length) throw udtfAliasNumberMismatch(columns.length, names);
  return columns.map((c, i) => ({ sql: c.sql, name: names?.[i] ?? c.name }));
}
