/**
 * Writes a DuckDB table as Spark writes a DataFrame: `part-00000-<uuid>.c000.<ext>` files, one per partition
 * directory (`key=value/`) where partition columns are given. Shared by batch writes and the file sink.
 */
import { type DuckDB, quoteIdentifier, quoteString } from "../duckdb/DuckDB";
import { toRows } from "../sql/rows";
import type { StructType } from "../sql/types";
import type { DataFormat } from "./DataFileReader";
import { type FileStatus, type FileSystem, joinPath } from "./FileSystem";
import { encodeParquet, initParquet } from "./parquet";

const EXTENSIONS: Record<DataFormat, string> = {
  parquet: ".snappy.parquet",
  csv: ".csv",
  json: ".json",
  text: ".txt",
};

export class PartFileWriter {
  constructor(
    private readonly db: DuckDB,
    private readonly fs: FileSystem,
    private readonly format: DataFormat,
    private readonly options: Readonly<Record<string, string>>,
    private readonly partitionBy: readonly string[] = [],
  ) {}

  /** Writes `table` under `dir`; returns the files written (none for an empty table). */
  async write(table: string, schema: StructType, dir: string): Promise<FileStatus[]> {
    const written: FileStatus[] = [];
    const columns = schema.fieldNames
      .filter((n) => !this.partitionBy.includes(n))
      .map(quoteIdentifier)
      .join(", ");
    for (const { subdir, where } of this.partitions(table)) {
      const bytes = await this.encode(`SELECT ${columns} FROM ${quoteIdentifier(table)}${where}`);
      if (!bytes) continue;
      const path = joinPath(dir, subdir, `part-00000-${crypto.randomUUID()}.c000${EXTENSIONS[this.format]}`);
      await this.fs.writeFile(path, bytes);
      const status = await this.fs.stat(path);
      if (status) written.push(status);
    }
    return written;
  }

  /** One output directory per distinct value of the partition columns. */
  private partitions(table: string): { subdir: string; where: string }[] {
    if (this.partitionBy.length === 0) return [{ subdir: "", where: "" }];
    const keys = this.partitionBy.map(quoteIdentifier).join(", ");
    const values = toRows(this.db.query(`SELECT DISTINCT ${keys} FROM ${quoteIdentifier(table)}`));
    return values.map((row) => ({
      subdir: this.partitionBy
        .map(
          (k) =>
            `${k}=${row[k] === null ? "__HIVE_DEFAULT_PARTITION__" : encodeURIComponent(String(row[k] instanceof Date ? (row[k] as Date).toISOString() : row[k]))}`,
        )
        .join("/"),
      where: ` WHERE ${this.partitionBy.map((k) => (row[k] === null ? `${quoteIdentifier(k)} IS NULL` : `${quoteIdentifier(k)} = ${literal(row[k])}`)).join(" AND ")}`,
    }));
  }

  /** The file's bytes, or undefined where there are no rows to write. */
  private async encode(select: string): Promise<Uint8Array | undefined> {
    const table = this.db.query(select);
    if (table.numRows === 0) return undefined;
    switch (this.format) {
      case "parquet":
        await initParquet();
        return encodeParquet(table);
      case "csv":
        return this.encodeCsv(select);
      case "json":
        // Spark's JSON writer leaves nulls out and writes timestamps as ISO-8601 strings.
        return new TextEncoder().encode(
          `${toRows(table)
            .map((row) =>
              JSON.stringify(row, (_k, v) =>
                v === null ? undefined : typeof v === "bigint" ? Number(v) : v,
              ),
            )
            .join("\n")}\n`,
        );
      case "text":
        return new TextEncoder().encode(
          `${toRows(table)
            .map((r) => String(Object.values(r)[0] ?? ""))
            .join("\n")}\n`,
        );
    }
  }

  private encodeCsv(select: string): Uint8Array {
    const name = `${this.db.uniqueName("csv_out")}.csv`;
    const header = (this.options.header ?? "false").toLowerCase() === "true";
    const sep = this.options.sep ?? this.options.delimiter ?? ",";
    this.db.exec(
      `COPY (${select}) TO ${quoteString(name)} (FORMAT csv, HEADER ${header}, DELIMITER ${quoteString(sep)})`,
    );
    try {
      return this.db.bindings.copyFileToBuffer(name);
    } finally {
      this.db.dropBuffer(name);
    }
  }
}

function literal(value: unknown): string {
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return `make_timestamp(${value.getTime() * 1000})`;
  return quoteString(String(value));
}
