/**
 * The values of a file's hidden `_metadata` column (Spark's FileFormat metadata fields), as SQL. A
 * file is one split here, so its block starts at 0 and spans the whole file. The path is the file's URI as
 * Spark gives it for local files (`file:///dir/f.parquet`, as FileMetadataStructSuite expects).
 */
import { quoteString } from "../duckdb/DuckDB";
import type { StructType } from "../sql/types";
import type { FileStatus } from "./FileSystem";

/** `file:` and the path, percent-encoded as a URI (a space is `%20`). */
export function fileUri(path: string): string {
  return `file://${encodeURI(path)}`;
}

/**
 * SQL for the `_metadata` struct of one file, as `struct` (a format's own). Parquet's `row_index` is the row's
 * position in the file, from 0: the rows of a loaded file come in the file's order.
 */
export function fileMetadataSql(path: string, status: FileStatus | undefined, struct: StructType): string {
  const size = status?.size ?? 0;
  const name = path.slice(path.lastIndexOf("/") + 1);
  const modified = status?.modificationTime ?? 0;
  const fields = [
    `'file_path': ${quoteString(fileUri(path))}`,
    `'file_name': ${quoteString(name)}`,
    `'file_size': ${size}::BIGINT`,
    `'file_block_start': 0::BIGINT`,
    `'file_block_length': ${size}::BIGINT`,
    `'file_modification_time': make_timestamp(${Math.trunc(modified) * 1000}::BIGINT)`,
  ];
  if (struct.field("row_index")) fields.push(`'row_index': (row_number() OVER () - 1)::BIGINT`);
  return `CAST({${fields.join(", ")}} AS ${struct.sql()})`;
}
