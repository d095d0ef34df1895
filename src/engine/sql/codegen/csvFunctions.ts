/**
 * Spark's CSV text functions `from_csv` and `schema_of_csv`. schema_of_csv infers each field of a constant line as
 * CSVInferSchema does (INT, BIGINT, DOUBLE, TIMESTAMP, BOOLEAN, else STRING; an empty field STRING), fields named
 * _c0, _c1, ...; from_csv splits a line at its commas and casts each field to the schema's type (a missing or
 * empty field, or one that does not parse, is null: PERMISSIVE mode).
 */
import { quoteIdentifier, quoteString } from "../../duckdb/DuckDB";
import { invalidSchemaNonStringLiteral } from "../../errors/QueryCompilationErrors";
import { expressionSql } from "../analysis/naming";
import type { Expression } from "../expressions";
import { AtomicType, type DataType, parseDataType, parseSchema, StructType } from "../types";
import { FROM_CSV_NOTE, SCHEMA_OF_CSV_NOTE } from "./csvNotes";
import { ANY, type FunctionSpec, literalOptions, literalString, partially, S } from "./functionSpecs";
import { constantText } from "./jsonTextFunctions";

/** A CSV line's fields: quoted fields (with "" or \" inside) unquoted, as Univocity reads the defaults. */
function splitCsvLine(line: string, sep = ","): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = "";
    if (line[i] === '"') {
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === "\\" && i + 1 < line.length) i++;
        field += line[i++];
      }
      i++;
      while (i < line.length && line[i] !== sep) field += line[i++];
    } else {
      while (i < line.length && line[i] !== sep) field += line[i++];
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++;
  }
}

/** CSVInferSchema.inferField for one field, from the most specific type to STRING. */
function inferCsvField(field: string): string {
  if (field === "") return "STRING";
  if (/^[+-]?\d+$/.test(field)) {
    const n = BigInt(field);
    if (n >= -2147483648n && n <= 2147483647n) return "INT";
    if (n >= -9223372036854775808n && n <= 9223372036854775807n) return "BIGINT";
    return field.replace(/^[+-]?0*/, "").length <= 38
      ? `DECIMAL(${field.replace(/^[+-]?0*/, "").length},0)`
      : "DOUBLE";
  }
  if (
    /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?\s*$/.test(field) ||
    /^[+-]?(NaN|Infinity|Inf)$/.test(field)
  )
    return "DOUBLE";
  if (
    /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(field) &&
    /[T ]/.test(field)
  )
    return "TIMESTAMP";
  if (/^(true|false)$/i.test(field)) return "BOOLEAN";
  return "STRING";
}

/** Spark's SchemaOfCsv: the constant line's schema as `DataType.sql`. */
function schemaOfCsv(raw: readonly Expression[], typeOf?: (sql: string) => DataType, arg?: string): string {
  const call = `schema_of_csv(${raw.map((r) => expressionSql(r)).join(", ")})`;
  const text = constantText(call, "csv", raw[0], typeOf, arg);
  const options = literalOptions(raw[1]);
  const sep = options.sep ?? options.delimiter ?? ",";
  const fields = splitCsvLine(text, sep).map((f, i) => `_c${i}: ${inferCsvField(f)}`);
  return `STRUCT<${fields.join(", ")}>`;
}

function fromCsvSql(text: string, schema: StructType): string {
  const parts = `string_split(${text}, ',')`;
  const fields = schema.fields.map((f, i) => {
    const raw = `regexp_replace(${parts}[${i + 1}], '^"(.*)"$', '\\1')`;
    const value = `NULLIF(${raw}, '')`;
    const isBoolean = f.dataType instanceof AtomicType && f.dataType.name === "boolean";
    const cast = isBoolean
      ? `(CASE lower(${value}) WHEN 'true' THEN true WHEN 'false' THEN false END)`
      : `TRY_CAST(${value} AS ${f.dataType.sql()})`;
    return `${quoteIdentifier(f.name)} := ${cast}`;
  });
  return `(CASE WHEN ${text} IS NOT NULL THEN struct_pack(${fields.join(", ")}) END)`;
}

export const CSV_FUNCTIONS: Record<string, FunctionSpec> = {
  from_csv: partially(
    {
      sql: (a, raw) => {
        const schemaCall = raw[1]?.kind === "call" && raw[1].name === "schema_of_csv" ? raw[1] : undefined;
        const ddl = schemaCall ? schemaOfCsv(schemaCall.args) : literalString(raw[1]);
        if (ddl === undefined) throw invalidSchemaNonStringLiteral(expressionSql(raw[1]));
        const type = /^\s*struct\s*</i.test(ddl) ? parseDataType(ddl) : parseSchema(ddl);
        if (!(type instanceof StructType)) throw invalidSchemaNonStringLiteral(expressionSql(raw[1]));
        return fromCsvSql(a[0], type);
      },
      minArgs: 2,
      maxArgs: 3,
      inputTypes: [S, ANY, ANY],
    },
    FROM_CSV_NOTE,
  ),
  schema_of_csv: partially(
    {
      sql: (a, raw, _d, typeOf) => quoteString(schemaOfCsv(raw, typeOf, a[0])),
      minArgs: 1,
      maxArgs: 2,
      inputTypes: [ANY, ANY],
    },
    SCHEMA_OF_CSV_NOTE,
  ),
};
