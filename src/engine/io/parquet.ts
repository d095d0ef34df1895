import * as arrow from "apache-arrow";
import * as pq from "parquet-wasm/esm";
import { currentPlatform } from "../platform/Platform";

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

/**
 * Encodes an Arrow table (or IPC stream) to Parquet with Snappy compression, as Spark writes by default.
 * `required`: the top-level columns written as Parquet REQUIRED (Spark's ParquetWriteSupport writes a column the
 * schema says is not nullable as REQUIRED); the others are OPTIONAL.
 */
export function encodeParquet(table: arrow.Table | Uint8Array, required?: ReadonlySet<string>): Uint8Array {
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
  const properties = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.SNAPPY).build();
  return pq.writeParquet(pq.Table.fromIPCStream(ipc), properties);
}
