/**
 * Spark's JSON functions (`from_json`, `to_json`, `get_json_object`), compiled by fromJson.ts and toJson.ts.
 */
import { invalidSchemaNonStringLiteral } from "../../errors/QueryCompilationErrors";
import { internalError, unsupportedInSluice } from "../../errors/QueryExecutionErrors";
import { expressionSql } from "../analysis/naming";
import { type DataType, parseDataType, parseSchema, VariantType, VariantTypeInstance } from "../types";
import { fromJsonSql, getJsonObjectSql } from "./fromJson";
import { ANY, type FunctionSpec, literalString, S } from "./functionSpecs";
import { schemaOfJson } from "./jsonTextFunctions";
import { toJsonSql } from "./toJson";
import { parseJsonSql } from "./variantFunctions";

export const JSON_FUNCTIONS: Record<string, FunctionSpec> = {
  from_json: {
    sql: (a, raw) => {
      const schemaCall = raw[1]?.kind === "call" && raw[1].name === "schema_of_json" ? raw[1] : undefined;
      const schema = schemaCall ? schemaOfJson(schemaCall.args) : literalString(raw[1]);
      if (schema === undefined) throw invalidSchemaNonStringLiteral(expressionSql(raw[1]));
      const type = parseJsonSchema(schema);
      // Spark 4: from_json(j, 'variant') is the JSON as a VARIANT (null where malformed, as PERMISSIVE).
      if (type instanceof VariantType) return parseJsonSql(a[0], false);
      return fromJsonSql(a[0], type);
    },
    minArgs: 2,
    maxArgs: 3,
    inputTypes: [S, ANY, ANY],
  },
  to_json: {
    sql: (a, _raw, _d, typeOf) => {
      if (!typeOf) throw internalError("to_json was compiled without the type of its argument");
      return toJsonSql(a[0], typeOf(a[0]));
    },
    minArgs: 1,
    maxArgs: 2,
    inputTypes: ["any"],
  },
  get_json_object: {
    sql: (a, raw) => {
      const path = literalString(raw[1]);
      if (path === undefined)
        throw unsupportedInSluice("get_json_object with a path that is not a string literal");
      return getJsonObjectSql(a[0], path);
    },
    minArgs: 2,
    maxArgs: 2,
    inputTypes: [S, S],
  },
};

/** from_json's schema: a DDL list of fields ("a INT, b STRING") or one type ("array<int>", "map<string,int>"). */
/** from_json's schema text: a DDL list of fields, or a type (`array<...>`, `map<...>`, `struct<...>`, `variant`). */
export function parseJsonSchema(ddl: string): DataType {
  const trimmed = ddl.trim().toLowerCase();
  if (trimmed === "variant") return VariantTypeInstance;
  if (/^(array|map|struct)\s*</.test(trimmed)) return parseDataType(ddl);
  return parseSchema(ddl);
}
