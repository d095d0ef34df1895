/**
 * issue 11: Spark 4's XML functions, evaluated in JavaScript on the UDF path (scriptFunctions.ts):
 * `from_xml(xml, schema[, options])` (XmlToStructs: the schema a DDL string or schema_of_xml of a constant, a
 * struct; PERMISSIVE keeps a record's converted fields and puts the text in columnNameOfCorruptRecord where the
 * schema has it, XML that does not parse gives a row of nulls, FAILFAST raises
 * MALFORMED_RECORD_IN_PARSING), `to_xml(struct[, options])` (StructsToXml) and `schema_of_xml(xml[, options])`
 * (SchemaOfXml: the constant text's inferred schema as `STRUCT<a: BIGINT>`).
 */
import {
  invalidOptionsNonMapFunction,
  invalidOptionsNonStringType,
  invalidSchemaNonStringLiteral,
  invalidXmlSchema,
  nonFoldableInput,
  unexpectedNullInput,
} from "../../errors/QueryCompilationErrors";
import { malformedRecordInParsing } from "../../errors/QueryExecutionErrors";
import { parseSyntaxError } from "../../errors/QueryParsingErrors";
import { activeConf } from "../activeConf";
import { expressionSql } from "../analysis/naming";
import { literalString } from "../codegen/functionSpecs";
import type { Expression } from "../expressions";
import {
  AtomicType,
  type DataType,
  DataTypeParseError,
  parseDataType,
  parseSchema,
  StringType,
  StructType,
} from "../types";
import { isFoldable, type ScriptFunctionTable } from "../udf/ScriptFunction";
import { StaxXmlGenerator } from "./StaxXmlGenerator";
import { MalformedXmlError, PartialResultError, StaxXmlParser } from "./StaxXmlParser";
import { typeSql, XmlInferSchema } from "./XmlInferSchema";
import { type XmlDefaults, type XmlOptions, xmlOptions } from "./XmlOptions";

/** The session's time zone, corrupt-record column and case sensitivity, as the options fall back to them. */
export function sessionXmlDefaults(): XmlDefaults {
  const get = activeConf();
  if (!get) return {};
  return {
    timeZone: get("spark.sql.session.timeZone", "UTC"),
    columnNameOfCorruptRecord: get("spark.sql.columnNameOfCorruptRecord", "_corrupt_record"),
    caseSensitive: get("spark.sql.caseSensitive", "false").toLowerCase() === "true",
  };
}

/** ExprUtils.convertToMapData: the options argument, a `map()` of string literals. */
function optionsOf(e: Expression | undefined): Record<string, string> {
  if (e === undefined) return {};
  if (e.kind !== "call" || (e.name !== "map" && e.name !== "create_map"))
    throw invalidOptionsNonMapFunction();
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < e.args.length; i += 2) {
    const k = e.args[i];
    const v = e.args[i + 1];
    const ks = literalString(k);
    const vs = literalString(v);
    if (ks === undefined || vs === undefined) {
      const typeOf = (x: Expression) =>
        x.kind === "literal" && typeof x.value === "number"
          ? Number.isInteger(x.value)
            ? "INT"
            : "DOUBLE"
          : x.kind === "literal" && typeof x.value === "boolean"
            ? "BOOLEAN"
            : "STRING";
      throw invalidOptionsNonStringType(`"MAP<${typeOf(k)}, ${typeOf(v)}>"`);
    }
    out[ks] = vs;
  }
  return out;
}

/** The schema text of a constant XML value inferred as SchemaOfXml infers it. */
function schemaOfXmlText(xml: string, options: XmlOptions): string {
  const infer = new XmlInferSchema(options);
  let type: DataType;
  try {
    type = infer.merge([infer.inferRecord(xml)]);
  } catch (error) {
    if (!(error instanceof MalformedXmlError)) throw error;
    if (options.mode === "FAILFAST") throw malformedRecordInParsing(xml, error);
    type = new StructType([]);
  }
  return typeSql(type);
}

function isNullLiteral(e: Expression): boolean {
  return e.kind === "literal" && e.value === null;
}

/** from_xml's schema: a string literal, or schema_of_xml of a constant. */
function schemaText(e: Expression): string {
  const text = literalString(e);
  if (text !== undefined) return text;
  if (e.kind === "udf" && e.udf.name === "schema_of_xml") {
    const xml = literalString(e.args[0]);
    if (xml !== undefined)
      return schemaOfXmlText(xml, xmlOptions(optionsOf(e.args[1]), sessionXmlDefaults()));
  }
  throw invalidSchemaNonStringLiteral(expressionSql(e));
}

function parseXmlSchema(text: string): DataType {
  const trimmed = text.trim();
  try {
    if (/^(array|map|struct)\s*</i.test(trimmed)) return parseDataType(trimmed);
    return parseSchema(trimmed);
  } catch (error) {
    // DataType.fromDDL reports the first parser's error: `a InvalidType` read as one type (Spark's grammar takes
    // an unknown identifier as a type) stops at the second word, a PARSE_SYNTAX_ERROR.
    const words = /^([A-Za-z_]\w*)\s+([A-Za-z_]\w*)$/.exec(trimmed);
    if (words && error instanceof DataTypeParseError && error.exception.errorClass === "UNSUPPORTED_DATATYPE")
      throw parseSyntaxError(`'${words[2]}'`, trimmed.indexOf(words[2], words[1].length), trimmed);
    if (error instanceof DataTypeParseError) throw error.exception;
    throw error;
  }
}

/** from_xml bound to its schema and options. */
function bindFromXml(args: readonly Expression[]) {
  const callName = `from_xml(${expressionSql(args[0])})`;
  const schema = parseXmlSchema(schemaText(args[1]));
  if (!(schema instanceof StructType)) throw invalidXmlSchema(schema, callName);
  const parameters = optionsOf(args[2]);
  const options = xmlOptions(parameters, sessionXmlDefaults());
  const parser = new StaxXmlParser(schema, options);
  const corrupt = schema.fields.find((f) => f.name === options.columnNameOfCorruptRecord);
  return {
    key: JSON.stringify([
      schema.simpleString(),
      parameters,
      options.timeZone,
      options.caseSensitive,
      options.columnNameOfCorruptRecord,
    ]),
    dataType: schema,
    evaluate(values: readonly unknown[]) {
      const xml = values[0];
      if (xml === null || xml === undefined) return null;
      const text = String(xml);
      try {
        return parser.parse(text);
      } catch (error) {
        if (!(error instanceof MalformedXmlError || error instanceof PartialResultError)) throw error;
        if (options.mode === "FAILFAST") throw malformedRecordInParsing(text, error);
        // PERMISSIVE (and DROPMALFORMED, which from_xml reads as PERMISSIVE without the column): the converted
        // fields of a partial result, nulls for XML that does not parse, the text in the corrupt-record column.
        const row: Record<string, unknown> =
          error instanceof PartialResultError
            ? { ...error.row }
            : Object.fromEntries(schema.fields.map((f) => [f.name, null]));
        if (corrupt) row[corrupt.name] = text;
        return row;
      }
    },
  };
}

/** to_xml bound to its options (the struct's type comes with each batch). */
function bindToXml(args: readonly Expression[]) {
  const parameters = optionsOf(args[1]);
  const options = xmlOptions(parameters, sessionXmlDefaults());
  const generators = new Map<string, StaxXmlGenerator>();
  return {
    key: JSON.stringify([parameters, options.timeZone]),
    dataType: StringType,
    evaluate(values: readonly unknown[], types: readonly DataType[]) {
      const value = values[0];
      if (value === null || value === undefined) return null;
      const type = types[0];
      if (!(type instanceof StructType)) return null;
      const key = type.simpleString();
      let generator = generators.get(key);
      if (!generator) {
        generator = new StaxXmlGenerator(type, options);
        generators.set(key, generator);
      }
      return generator.write(value);
    },
  };
}

export const FROM_XML_NOTE =
  "timestamps at millisecond precision; no TIME or nanosecond types; the options rowValidationXSDPath and locale are not read";
export const TO_XML_NOTE = "timestamps at millisecond precision; no TIME or nanosecond types";

export const XML_FUNCTIONS: ScriptFunctionTable = {
  from_xml: {
    minArgs: 2,
    maxArgs: 3,
    dataType: new StructType([]),
    namedArgs: 1,
    partial: FROM_XML_NOTE,
    evaluate: () => null,
    bind: bindFromXml,
  },
  to_xml: {
    minArgs: 1,
    maxArgs: 2,
    dataType: StringType,
    namedArgs: 1,
    partial: TO_XML_NOTE,
    evaluate: () => null,
    bind: bindToXml,
  },
  schema_of_xml: {
    minArgs: 1,
    maxArgs: 2,
    dataType: StringType,
    check(args, name) {
      const call = `${name}(${args.map(expressionSql).join(", ")})`;
      if (isNullLiteral(args[0])) throw unexpectedNullInput(call, "xml");
      if (!isFoldable(args[0])) throw nonFoldableInput(call, "xml", '"STRING"', expressionSql(args[0]));
      optionsOf(args[1]);
    },
    bind(args) {
      const parameters = optionsOf(args[1]);
      const options = xmlOptions(parameters, sessionXmlDefaults());
      return {
        key: JSON.stringify([parameters, options.timeZone]),
        dataType: StringType,
        evaluate(values: readonly unknown[]) {
          const xml = values[0];
          if (xml === null || xml === undefined) return null;
          return schemaOfXmlText(String(xml), options);
        },
      };
    },
    evaluate: () => null,
  },
};

/** Whether `t` is Spark's StringType (the corrupt-record column's type). */
export function isStringType(t: DataType): boolean {
  return t instanceof AtomicType && t.name === "string";
}
