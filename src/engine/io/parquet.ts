import * as arrow from "apache-arrow";
import * as pq from "parquet-wasm/esm";
import { codecNotAvailable } from "../errors/QueryExecutionErrors";
import { currentPlatform } from "../platform/Platform";
import { optionOf } from "../sources/Source";

/**
 * All Parquet I/O goes through here. DuckDB-WASM cannot read or write Parquet offline (its parquet extension is
 * downloaded at run time), so parquet-wasm (arrow-rs compiled to WebAssembly) decodes files to Arrow IPC for
 * DuckDB and encodes results back.
 */
let ready: Promise<void> | undefined;

export function initParquet(): Promise<void> {
  ready ??= currentPlatform().then((platform) => platform.initParquet());
  return ready;
}

/** A file that is not valid Parquet; names the file, as the engine reports it. */
export class CorruptParquetError extends Error {
  override name = "CorruptParquetError";
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(
      `${path} is not a Parquet file (or is corrupt): ${cause instanceof Error ? cause.message : cause}`,
      {
        cause,
      },
    );
  }
}

/** Decodes a whole Parquet file to an Arrow IPC stream. */
export function decodeParquet(bytes: Uint8Array, path: string): Uint8Array {
  try {
    return pq.readParquet(bytes).intoIPCStream();
  } catch (error) {
    throw new CorruptParquetError(path, error);
  }
}

/** An open Parquet file: its footer read once, for the schema, the row count and any column subset. */
export interface ParquetSource {
  readonly schema: arrow.Schema;
  readonly numRows: number;
  /**
   * Decodes only `columns` (top-level names; a struct's leaves come along) to an Arrow IPC stream.
   * parquet-wasm's synchronous readParquet ignores its `columns` option (0.8: it decodes every column); its
   * ParquetFile reader applies it, so the columns a query does not use are never decoded nor inserted.
   */
  read(columns: string[]): Promise<Uint8Array>;
  close(): void;
}

/** Opens a Parquet file from its bytes; rejects with CorruptParquetError naming the file. */
export async function openParquet(bytes: Uint8Array, path: string): Promise<ParquetSource> {
  let file: pq.ParquetFile | undefined;
  try {
    file = await pq.ParquetFile.fromFile(new Blob([bytes as Uint8Array<ArrayBuffer>]));
    const opened = file;
    return {
      schema: arrow.tableFromIPC(opened.schema().intoIPCStream()).schema,
      numRows: opened.metadata().fileMetadata().numRows(),
      async read(columns) {
        try {
          return (await opened.read({ columns })).intoIPCStream();
        } catch (error) {
          throw new CorruptParquetError(path, error);
        }
      },
      close: () => opened.free(),
    };
  } catch (error) {
    file?.free();
    throw new CorruptParquetError(path, error);
  }
}

/** Decodes only `columns` of a Parquet file to an Arrow IPC stream (see ParquetSource.read). */
export async function decodeParquetColumns(
  bytes: Uint8Array,
  path: string,
  columns: string[],
): Promise<Uint8Array> {
  const file = await openParquet(bytes, path);
  try {
    return await file.read(columns);
  } finally {
    file.close();
  }
}

/** The Arrow schema stored in a Parquet file's footer. */
export function readParquetSchema(bytes: Uint8Array, path: string): arrow.Schema {
  let ipc: Uint8Array;
  try {
    ipc = pq.readParquet(bytes, { limit: 0 }).intoIPCStream();
  } catch (error) {
    throw new CorruptParquetError(path, error);
  }
  return arrow.tableFromIPC(ipc).schema;
}

/** Spark's ParquetCompressionCodec short names and the parquet-mr codec each stands for. */
const PARQUET_CODECS: Readonly<Record<string, ParquetCodec>> = {
  none: "UNCOMPRESSED",
  uncompressed: "UNCOMPRESSED",
  snappy: "SNAPPY",
  gzip: "GZIP",
  lzo: "LZO",
  brotli: "BROTLI",
  lz4: "LZ4",
  lz4_raw: "LZ4_RAW",
  zstd: "ZSTD",
};

export type ParquetCodec = "UNCOMPRESSED" | "SNAPPY" | "GZIP" | "LZO" | "BROTLI" | "LZ4" | "LZ4_RAW" | "ZSTD";

/** parquet-mr's CompressionCodecName extensions: the part file is named `part-...<extension>.parquet`. */
const PARQUET_CODEC_EXTENSIONS: Readonly<Record<ParquetCodec, string>> = {
  UNCOMPRESSED: "",
  SNAPPY: ".snappy",
  GZIP: ".gz",
  LZO: ".lzo",
  BROTLI: ".br",
  LZ4: ".lz4hadoop",
  ZSTD: ".zstd",
  LZ4_RAW: ".lz4raw",
};

/** The session conf naming the Parquet codec, passed to the writer among its options. */
export const PARQUET_CODEC_CONF = "spark.sql.parquet.compression.codec";

/**
 * Spark's ParquetOptions.compressionCodecClassName: `compression`, then `parquet.compression`, then the session's
 * spark.sql.parquet.compression.codec (snappy by default); an unknown name is CODEC_NOT_AVAILABLE naming the
 * codecs Spark knows. LZO has no implementation in the browser (as on a Spark without the native hadoop-lzo):
 * it is refused the same way, naming the codecs that can be written.
 */
export function parquetCodec(options: Readonly<Record<string, string>>): ParquetCodec {
  const name = (
    optionOf(options, "compression") ??
    optionOf(options, "parquet.compression") ??
    optionOf(options, PARQUET_CODEC_CONF) ??
    "snappy"
  ).toLowerCase();
  const codec = PARQUET_CODECS[name];
  if (codec === undefined) throw codecNotAvailable(name, Object.keys(PARQUET_CODECS).join(", "));
  if (codec === "LZO")
    throw codecNotAvailable(
      name,
      Object.keys(PARQUET_CODECS)
        .filter((n) => n !== "lzo")
        .join(", "),
    );
  return codec;
}

/** The part file's suffix for `codec`: `.snappy.parquet`, `.gz.parquet`, `.parquet` uncompressed. */
export function parquetExtension(codec: ParquetCodec): string {
  return `${PARQUET_CODEC_EXTENSIONS[codec]}.parquet`;
}

/**
 * Encodes an Arrow table (or IPC stream) to Parquet with `codec` (Snappy, as Spark writes by default).
 * `required`: the top-level columns written as Parquet REQUIRED (Spark's ParquetWriteSupport writes a column the
 * schema says is not nullable as REQUIRED); the others are OPTIONAL.
 */
export function encodeParquet(
  table: arrow.Table | Uint8Array,
  required?: ReadonlySet<string>,
  codec: ParquetCodec = "SNAPPY",
): Uint8Array {
  let source = table;
  if (required && required.size > 0 && !(table instanceof Uint8Array)) {
    const schema = new arrow.Schema(
      table.schema.fields.map((f) => (required.has(f.name) && f.nullable ? f.clone({ nullable: false }) : f)),
      table.schema.metadata,
    );
    source = new arrow.Table(
      schema,
      table.batches.map((b) => new arrow.RecordBatch(schema, b.data)),
    );
  }
  const ipc = source instanceof Uint8Array ? source : arrow.tableToIPC(source, "stream");
  const properties = new pq.WriterPropertiesBuilder().setCompression(pq.Compression[codec]).build();
  return pq.writeParquet(pq.Table.fromIPCStream(ipc), properties);
}
