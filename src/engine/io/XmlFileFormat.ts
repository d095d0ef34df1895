/**
 * issue 11: Spark 4's XML data source. A file's records are its `rowTag` elements (Spark's XmlTokenizer: each
 * `<rowTag ...>` … `</rowTag>`, nested ones of the same name inside it included), each converted by the XML
 * parser of from_xml (sql/xml/StaxXmlParser.ts) or inferred by XmlInferSchema (every record, or a
 * `samplingRatio` of them); the rows go to DuckDB as Arrow. Parse modes as Spark's FailureSafeParser: PERMISSIVE
 * keeps a record's converted fields and its text in columnNameOfCorruptRecord (where the schema has it),
 * DROPMALFORMED drops it, FAILFAST fails the read. Writing: the rows as `rowTag` elements inside one `rootTag`
 * element, after the XML declaration.
 */
import * as arrow from "apache-arrow";
import { type DuckDB, quoteIdentifier } from "../duckdb/DuckDB";
import { IllegalArgumentException } from "../errors/exceptions";
import { malformedRecord } from "../errors/QueryExecutionErrors";
import { arrowTableFromRows } from "../sql/arrowTypes";
import type { DataType } from "../sql/types";
import { StringType, StructField, StructType } from "../sql/types";
import { StaxXmlGenerator } from "../sql/xml/StaxXmlGenerator";
import {
  MalformedXmlError,
  PartialResultError,
  parseXmlRecord,
  StaxXmlParser,
} from "../sql/xml/StaxXmlParser";
import { XmlInferSchema } from "../sql/xml/XmlInferSchema";
import { type XmlOptions, xmlOptions } from "../sql/xml/XmlOptions";
import { sessionXmlDefaults } from "../sql/xml/xmlFunctions";
import type { LoadedFile } from "./FileFormat";

/** The options of a read or write, with Spark's requirement that a read names its rowTag. */
export function xmlReadOptions(options: Readonly<Record<string, string>>, reading: boolean): XmlOptions {
  const parsed = xmlOptions(options, sessionXmlDefaults());
  if (reading && !Object.keys(options).some((k) => k.toLowerCase() === "rowtag"))
    throw new IllegalArgumentException(
      "[XML_ROW_TAG_MISSING] `rowTag` option is required for reading/writing files in XML format.",
    );
  if (parsed.rowTag.trim().length === 0)
    throw new IllegalArgumentException("'rowTag' option should not be an empty string.");
  return parsed;
}

function fileText(file: { text: string | undefined; bytes: Uint8Array }): string {
  const text = file.text ?? new TextDecoder().decode(file.bytes);
  return text.startsWith("\ufeff") ? text.slice(1) : text;
}

/** XmlTokenizer: the text of each `rowTag` element of the file, in order. */
export function xmlRecords(text: string, rowTag: string): string[] {
  const records: string[] = [];
  const open = new RegExp(`<${rowTag.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?=[\\s/>])`, "g");
  const tag = new RegExp(`<(/?)${rowTag.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?=[\\s/>])[^>]*?(/?)>`, "g");
  let from = 0;
  for (;;) {
    open.lastIndex = from;
    const start = open.exec(text);
    if (!start) break;
    tag.lastIndex = start.index;
    let depth = 0;
    let end = -1;
    for (let m = tag.exec(text); m; m = tag.exec(text)) {
      if (m[1] === "/") depth--;
      else if (m[2] !== "/") depth++;
      if (depth === 0) {
        end = m.index + m[0].length;
        break;
      }
    }
    if (end < 0) {
      // An unclosed record runs to the end of the file: a malformed record.
      records.push(text.slice(start.index));
      break;
    }
    records.push(text.slice(start.index, end));
    from = end;
  }
  return records;
}

/** A sample of the records, as RDD.sample without replacement with seed 1 (a deterministic fraction). */
function sampled<T>(records: readonly T[], ratio: number): readonly T[] {
  if (!(ratio < 1)) return records;
  let seed = 1;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const out = records.filter(() => random() < ratio);
  return out.length > 0 ? out : records.slice(0, 1);
}

/** XmlInferSchema over one file's records (the reader merges the files' schemas). */
export function inferXmlSchema(
  file: { text: string | undefined; bytes: Uint8Array },
  path: string,
  options: Readonly<Record<string, string>>,
): StructType {
  const parsed = xmlReadOptions(options, true);
  const infer = new XmlInferSchema(parsed);
  const types: DataType[] = [];
  for (const record of sampled(xmlRecords(fileText(file), parsed.rowTag), parsed.samplingRatio)) {
    try {
      types.push(infer.inferRecord(record));
    } catch (error) {
      if (!(error instanceof MalformedXmlError)) throw error;
      if (parsed.mode === "FAILFAST") throw malformedRecord(path, record);
      if (parsed.mode === "PERMISSIVE")
        types.push(new StructType([new StructField(parsed.columnNameOfCorruptRecord, StringType)]));
    }
  }
  return infer.merge(types);
}

/** One file's records as rows of `schema`, in a DuckDB table. */
export function loadXml(
  db: DuckDB,
  path: string,
  file: { text: string | undefined; bytes: Uint8Array },
  schema: StructType,
  options: Readonly<Record<string, string>>,
): LoadedFile {
  const parsed = xmlReadOptions(options, true);
  const corrupt = schema.fields.find((f) => f.name === parsed.columnNameOfCorruptRecord);
  const data = new StructType(schema.fields.filter((f) => f !== corrupt));
  const parser = new StaxXmlParser(data, parsed);
  const rows: Record<string, unknown>[] = [];
  for (const record of xmlRecords(fileText(file), parsed.rowTag)) {
    try {
      const row = parser.convertRoot(parseXmlRecord(record));
      if (corrupt) row[corrupt.name] = null;
      rows.push(row);
    } catch (error) {
      if (!(error instanceof MalformedXmlError || error instanceof PartialResultError)) throw error;
      if (parsed.mode === "FAILFAST") throw malformedRecord(path, record);
      if (parsed.mode === "DROPMALFORMED") continue;
      const row: Record<string, unknown> =
        error instanceof PartialResultError
          ? { ...error.row }
          : Object.fromEntries(data.fields.map((f) => [f.name, null]));
      if (corrupt) row[corrupt.name] = record;
      rows.push(row);
    }
  }
  const table = db.uniqueName("xml");
  if (rows.length === 0 || schema.fields.length === 0) {
    const columns = schema.fields.map((f) => `${quoteIdentifier(f.name)} ${f.dataType.sql()}`);
    db.exec(`CREATE TABLE ${quoteIdentifier(table)} (${columns.join(", ") || "__row INTEGER"})`);
    if (schema.fields.length === 0 && rows.length > 0)
      db.exec(`INSERT INTO ${quoteIdentifier(table)} SELECT 1 FROM range(${rows.length})`);
  } else {
    db.insertArrowIPC(table, arrow.tableToIPC(arrowTableFromRows(rows, schema), "stream"), true);
  }
  const select = schema.fields.map(
    (f) => `CAST(${quoteIdentifier(f.name)} AS ${f.dataType.sql()}) AS ${quoteIdentifier(f.name)}`,
  );
  return {
    path,
    sql: `SELECT ${select.join(", ") || "1 AS __row"} FROM ${quoteIdentifier(table)}`,
    rows: rows.length,
    bytes: file.bytes.byteLength,
    tables: [table],
  };
}

/** The rows as one XML document: the declaration, `rootTag`, a `rowTag` element per row. */
export function encodeXml(
  rows: readonly Record<string, unknown>[],
  schema: StructType,
  options: Readonly<Record<string, string>>,
): string {
  const parsed = xmlReadOptions(options, false);
  const generator = new StaxXmlGenerator(schema, parsed);
  const declaration = parsed.declaration.length > 0 ? `<?xml ${parsed.declaration}?>\n` : "";
  const body = rows.map((r) => generator.write(r, 1)).join("");
  return `${declaration}<${parsed.rootTag}>${body}\n</${parsed.rootTag}>\n`;
}
