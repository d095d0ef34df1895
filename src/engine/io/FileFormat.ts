/**
 * What the file formats share: a loaded file as SQL over DuckDB tables, Spark's parse modes for malformed
 * records, and Spark's errors for files that cannot be read (they name the file).
 */

import { gunzipSync, gzipSync, unzlibSync, zlibSync } from "fflate";
import { type DuckDB, quoteIdentifier, quoteString } from "../duckdb/DuckDB";
import { FailedReadFileError, IllegalArgumentException } from "../errors/exceptions";
import {
  codecNotAvailable,
  failedReadFile,
  malformedRecord,
  unsupportedCharset,
} from "../errors/QueryExecutionErrors";
import { optionOf } from "../sources/Source";
import type { StructType } from "../sql/types";

export { FailedReadFileError };

export type DataFormat = "parquet" | "csv" | "json" | "text" | "xml";

export const DATA_FORMATS: readonly DataFormat[] = ["parquet", "csv", "json", "text", "xml"];

/** One file loaded into DuckDB. */
export interface LoadedFile {
  readonly path: string;
  /** SELECT over the file's table giving exactly the schema's columns, in order. */
  readonly sql: string;
  readonly rows: number;
  readonly bytes: number;
  /** DuckDB tables to drop once the batch is done with the file. */
  readonly tables: readonly string[];
  /**
   * The rows `sql` gives as the Arrow IPC stream they were decoded from, where `sql` reads them as they are
   * (a small Parquet file whose columns are the schema's): the batch history can keep them without reading them
   * back from DuckDB (bench P2).
   */
  readonly ipc?: Uint8Array;
}

/** Spark's modes for records that do not parse (option `mode`). */
export type ParseMode = "PERMISSIVE" | "DROPMALFORMED" | "FAILFAST";

export interface ParseOptions {
  readonly mode: ParseMode;
  /** The column that receives a malformed record's text, where the schema has it. */
  readonly corruptColumn: string | undefined;
}

/** Options are case-insensitive in Spark. */
export const option = optionOf;

export function booleanOption(
  options: Readonly<Record<string, string>>,
  key: string,
  fallback: boolean,
): boolean {
  const value = option(options, key);
  return value === undefined ? fallback : value.toLowerCase() === "true";
}

export function parseOptions(options: Readonly<Record<string, string>>, schema: StructType): ParseOptions {
  const mode = (option(options, "mode") ?? "PERMISSIVE").toUpperCase();
  const corrupt = option(options, "columnNameOfCorruptRecord") ?? "_corrupt_record";
  return {
    mode: mode === "DROPMALFORMED" || mode === "FAILFAST" ? mode : "PERMISSIVE",
    corruptColumn: schema.field(corrupt)?.name,
  };
}

/**
 * The file's text as one row per line, numbered from 1; a final line break ends the last line. A line ends at
 * `\n`, `\r\n` or a lone `\r`, as Spark's default line reader (Hadoop's LineRecordReader) ends it.
 */
export function linesSql(buffer: string): string {
  const lf = "chr(10)";
  const cr = "chr(13)";
  const text = `CASE WHEN contains(content, ${cr}) THEN replace(replace(content, ${cr} || ${lf}, ${lf}), ${cr}, ${lf}) ELSE content END`;
  const split = `SELECT string_split(${text}, ${lf}) AS __parts FROM read_text(${quoteString(buffer)})`;
  const lines = `SELECT unnest(__parts) AS __line, unnest(range(1, len(__parts) + 1)) AS __n, len(__parts) AS __count FROM (${split})`;
  return `SELECT __n, __line FROM (${lines}) WHERE NOT (__n = __count AND __line = '')`;
}

/** The number of rows of a table. */
export function countRows(db: DuckDB, table: string): number {
  return Number(
    db
      .query(`SELECT count(*) AS n FROM "${table.replaceAll('"', '""')}"`)
      .getChildAt(0)!
      .get(0),
  );
}

/** Runs `f` with `bytes` readable by DuckDB's file functions under a unique name. */
export function withBuffer<T>(db: DuckDB, bytes: Uint8Array, extension: string, f: (name: string) => T): T {
  const name = `${db.uniqueName("file")}.${extension}`;
  db.registerBuffer(name, bytes);
  try {
    return f(name);
  } finally {
    db.dropBuffer(name);
  }
}

/**
 * The parse modes applied to a loaded file's table, which holds `__malformed`, `__n` (record number) and the
 * record's text in `textColumn`: FAILFAST fails on the first malformed record, DROPMALFORMED leaves them out,
 * and the corrupt-record column (where the schema has it) gets the text of malformed records.
 */
export function applyParseMode(
  db: DuckDB,
  path: string,
  bytes: number,
  table: string,
  schema: StructType,
  parse: ParseOptions,
  textColumn: string,
  fieldSql: (field: string) => string,
): LoadedFile {
  if (parse.mode === "FAILFAST") {
    const bad = db.query(
      `SELECT ${textColumn} FROM ${quoteIdentifier(table)} WHERE __malformed ORDER BY __n LIMIT 1`,
    );
    if (bad.numRows > 0) {
      db.dropTable(table);
      throw malformedRecord(path, String(bad.getChildAt(0)!.get(0)));
    }
  }
  const select = schema.fields.map((f) =>
    f.name === parse.corruptColumn
      ? `CASE WHEN __malformed THEN ${textColumn} END AS ${quoteIdentifier(f.name)}`
      : `${fieldSql(f.name)} AS ${quoteIdentifier(f.name)}`,
  );
  const where = parse.mode === "DROPMALFORMED" ? " WHERE NOT __malformed" : "";
  return {
    path,
    sql: `SELECT ${select.join(", ") || "1 AS __row"} FROM ${quoteIdentifier(table)}${where}`,
    rows: countRows(db, table),
    bytes,
    tables: [table],
  };
}

// ---- Text files' bytes: compression, charset and line separator (CSV, JSON and text) -------------------------

/** Spark's short codec names (CompressionCodecs), in the order its error lists them. */
const SPARK_CODECS = "bzip2, deflate, uncompressed, snappy, none, lz4, gzip";
/** The codecs Sluice writes and reads: Hadoop's gzip (`.gz`) and deflate (zlib, `.deflate`). */
const CODEC_EXTENSIONS: Record<string, string> = { gzip: ".gz", deflate: ".deflate" };

/**
 * The codec of option `compression` (CSV also takes `codec`), or undefined for none. Spark's other codecs
 * (bzip2, lz4, snappy) have no implementation in the browser and raise Spark's CODEC_NOT_AVAILABLE.
 */
export function writeCodec(options: Readonly<Record<string, string>>): string | undefined {
  const name = option(options, "compression") ?? option(options, "codec");
  if (name === undefined) return undefined;
  const lower = name.toLowerCase();
  if (lower === "none" || lower === "uncompressed") return undefined;
  if (lower in CODEC_EXTENSIONS) return lower;
  if (["bzip2", "lz4", "snappy"].includes(lower))
    throw codecNotAvailable(name, "deflate, uncompressed, none, gzip");
  throw codecNotAvailable(name, SPARK_CODECS);
}

/** The file name suffix a codec adds (`.csv.gz`). */
export function codecExtension(codec: string | undefined): string {
  return codec ? CODEC_EXTENSIONS[codec] : "";
}

export function compress(bytes: Uint8Array, codec: string | undefined): Uint8Array {
  if (codec === "gzip") return gzipSync(bytes);
  if (codec === "deflate") return zlibSync(bytes);
  return bytes;
}

/** A file's bytes uncompressed, by its name's suffix as Hadoop's CompressionCodecFactory picks the codec. */
export function decompress(path: string, bytes: Uint8Array): Uint8Array {
  const lower = path.toLowerCase();
  try {
    if (lower.endsWith(".gz")) return gunzipSync(bytes);
    if (lower.endsWith(".deflate")) return unzlibSync(bytes);
  } catch (error) {
    throw failedReadFile(path, `java.io.IOException: ${(error as Error).message}`, error);
  }
  return bytes;
}

/** The charset of options `encoding` / `charset` (Java's names), UTF-8 by default. */
export function charsetOption(options: Readonly<Record<string, string>>): string {
  return option(options, "encoding") ?? option(options, "charset") ?? "UTF-8";
}

const normalCharset = (charset: string) => charset.toUpperCase().replaceAll("_", "-");

export function isUtf8(charset: string): boolean {
  return ["UTF-8", "UTF8"].includes(normalCharset(charset));
}

function utf32(bytes: Uint8Array, littleEndian: boolean, start: number): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let out = "";
  for (let i = start; i + 3 < bytes.length; i += 4)
    out += String.fromCodePoint(view.getUint32(i, littleEndian));
  return out;
}

/** Bytes in `charset` as text, as Java decodes them (UTF-16 and UTF-32 read a BOM, big-endian without one). */
export function decodeText(bytes: Uint8Array, charset: string): string {
  const name = normalCharset(charset);
  const bom16 =
    bytes[0] === 0xfe && bytes[1] === 0xff ? "BE" : bytes[0] === 0xff && bytes[1] === 0xfe ? "LE" : "";
  switch (name) {
    case "UTF-16":
    case "UTF16":
      return new TextDecoder(bom16 === "LE" ? "utf-16le" : "utf-16be").decode(bytes.subarray(bom16 ? 2 : 0));
    case "UTF-32":
    case "UTF32": {
      const le = bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0;
      const be = bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff;
      return utf32(bytes, le, le || be ? 4 : 0);
    }
    case "UTF-32LE":
      return utf32(bytes, true, 0);
    case "UTF-32BE":
      return utf32(bytes, false, 0);
    case "US-ASCII":
    case "ASCII":
      return Array.from(bytes, (b) => (b < 0x80 ? String.fromCharCode(b) : "\ufffd")).join("");
    case "ISO-8859-1":
    case "LATIN1":
      return Array.from(bytes, (b) => String.fromCharCode(b)).join("");
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(name.toLowerCase());
  } catch {
    throw unsupportedCharset(charset);
  }
  return decoder.decode(bytes);
}

function utf16(text: string, littleEndian: boolean, bom: boolean): Uint8Array {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(out.buffer);
  let at = 0;
  if (bom) {
    view.setUint16(0, 0xfeff, littleEndian);
    at = 2;
  }
  for (let i = 0; i < text.length; i++, at += 2) view.setUint16(at, text.charCodeAt(i), littleEndian);
  return out;
}

function utf32Bytes(text: string, littleEndian: boolean): Uint8Array {
  const points = Array.from(text, (c) => c.codePointAt(0)!);
  const out = new Uint8Array(points.length * 4);
  const view = new DataView(out.buffer);
  for (const [i, p] of points.entries()) view.setUint32(i * 4, p, littleEndian);
  return out;
}

/**
 * Text as bytes in `charset`, as Java's encoder writes them (UTF-16 big-endian with a BOM; a character the charset
 * lacks as `?`). The browser encodes only UTF-8 natively; these are the charsets written here, others fail.
 */
export function encodeText(text: string, charset: string): Uint8Array {
  switch (normalCharset(charset)) {
    case "UTF-8":
    case "UTF8":
      return new TextEncoder().encode(text);
    case "UTF-16":
    case "UTF16":
      return utf16(text, false, true);
    case "UTF-16BE":
      return utf16(text, false, false);
    case "UTF-16LE":
      return utf16(text, true, false);
    case "UTF-32":
    case "UTF32":
    case "UTF-32BE":
      return utf32Bytes(text, false);
    case "UTF-32LE":
      return utf32Bytes(text, true);
    case "US-ASCII":
    case "ASCII":
      return Uint8Array.from(text, (c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : 0x3f));
    case "ISO-8859-1":
    case "LATIN1":
      return Uint8Array.from(text, (c) => (c.charCodeAt(0) < 0x100 ? c.charCodeAt(0) : 0x3f));
  }
  throw unsupportedCharset(charset);
}

/** Option `lineSep`: the record separator, undefined for Spark's default (`\n`, `\r\n` or `\r`). */
export function lineSepOption(options: Readonly<Record<string, string>>): string | undefined {
  const sep = option(options, "lineSep");
  if (sep === undefined) return undefined;
  if (sep === "")
    throw new IllegalArgumentException("requirement failed: 'lineSep' cannot be an empty string.");
  return sep;
}

/**
 * A text file's bytes as the readers take them: uncompressed, UTF-8, records separated by `\n`. With a custom
 * `lineSep`, a `\n` or `\r` inside a record is kept for text (its lines are split here), a space for JSON (where it
 * is whitespace between tokens) and kept for CSV (a quoted field may hold it).
 */
export function normalizedText(
  path: string,
  bytes: Uint8Array,
  options: Readonly<Record<string, string>>,
): { text: string | undefined; bytes: Uint8Array } {
  const raw = decompress(path, bytes);
  const charset = charsetOption(options);
  const sep = lineSepOption(options);
  if (isUtf8(charset) && sep === undefined) return { text: undefined, bytes: raw };
  let text = decodeText(raw, charset);
  if (text.startsWith("\ufeff")) text = text.slice(1);
  return { text, bytes: new TextEncoder().encode(text) };
}
