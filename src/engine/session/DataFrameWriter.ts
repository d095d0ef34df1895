/** `df.write`: batch output to files (parquet, csv, json, text), a Kafka topic, or a memory table. */
import { tableToIPC } from "apache-arrow";
import {
  dataSourceNotFound,
  pathAlreadyExists,
  pathNotSpecified,
  tableOrViewAlreadyExists,
} from "../errors/QueryCompilationErrors";
import type { DataFormat } from "../io/DataFileReader";
import { DATA_FORMATS } from "../io/DataFileReader";
import { joinPath, normalizePath } from "../io/FileSystem";
import { PartFileWriter } from "../io/PartFileWriter";
import { kafkaSaveModeNotAllowed } from "../kafka/KafkaExceptions";
import { KafkaProducer } from "../kafka/KafkaProducer";
import { validateWriteOptions } from "../kafka/KafkaSourceProvider";
import { validateQuery, writeTable } from "../kafka/KafkaWriter";
import type { DataFrame } from "../sql/api/DataFrame";
import { flattenArgs } from "../sql/api/DataFrame";

export type SaveMode = "error" | "errorifexists" | "append" | "overwrite" | "ignore";

/**
 * `df.write`: saves a batch DataFrame to files (parquet, csv, json, text) or a table. Set the format, save mode
 * and options, then `save(path)`, or use a shortcut such as `parquet(path)`.
 */
export class DataFrameWriter {
  private formatName = "parquet";
  private saveMode: SaveMode = "errorifexists";
  private readonly extraOptions: Record<string, string> = {};
  private partitionColumns: string[] = [];

  constructor(private readonly df: DataFrame) {}

  /**
   * The output format: "parquet" (the default), "csv", "json", "text", or "kafka" (records of a topic:
   * options `kafka.bootstrap.servers` and `topic`; columns `value`, and `key`, `topic`, `headers`, `partition`).
   */
  format(source: string): this {
    this.formatName = source.toLowerCase();
    return this;
  }

  /**
   * What to do where the target exists: "errorifexists"/"error" (the default: fail), "append" (add files),
   * "overwrite" (replace it), "ignore" (write nothing).
   */
  mode(mode: SaveMode | string): this {
    this.saveMode = mode.toLowerCase() as SaveMode;
    return this;
  }

  /**
   * Sets an option of the output format: csv `header` (write the column names first), `sep` (default ","),
   * `nullValue` (how nulls are written); `path` where `save()` gets none.
   * @example df.write.mode("overwrite").option("header", true).csv("/out/report")
   */
  option(key: string, value: string | number | boolean): this {
    this.extraOptions[key] = String(value);
    return this;
  }

  /** Sets several options at once: `options({ header: true, sep: ";" })`. */
  options(options: Record<string, string | number | boolean>): this {
    for (const [k, v] of Object.entries(options)) this.option(k, v);
    return this;
  }

  /** Writes rows into one `column=value` subdirectory per value of the given columns. */
  partitionBy(...columns: (string | string[])[]): this {
    this.partitionColumns = flattenArgs(columns);
    return this;
  }

  /** Writes the DataFrame as part files in the directory `path` (Spark's layout, with `_SUCCESS`). */
  async save(path?: string): Promise<void> {
    const df = await this.df.resolve();
    const session = df.sparkSession;
    if (this.formatName === "kafka") return this.saveToKafka(df);
    const format = this.formatName as DataFormat;
    if (!DATA_FORMATS.includes(format)) throw dataSourceNotFound(this.formatName);
    const target = path ?? this.extraOptions.path;
    if (!target) throw pathNotSpecified();
    const dir = normalizePath(target);
    const exists = (await session.fs.stat(dir)) !== undefined;
    if (exists) {
      if (this.saveMode === "ignore") return;
      if (this.saveMode === "error" || this.saveMode === "errorifexists") {
        throw pathAlreadyExists(`file:${dir}`);
      }
      if (this.saveMode === "overwrite") await session.fs.delete(dir);
    }
    await session.fs.mkdirs(dir);
    const table = session.db.uniqueName("write");
    session.db.insertArrowIPC(table, tableToIPC(await df.toArrow(), "stream"), true);
    try {
      await new PartFileWriter(
        session.db,
        session.fs,
        format,
        this.extraOptions,
        this.partitionColumns,
      ).write(table, df.schema, dir);
      await session.fs.writeFile(joinPath(dir, "_SUCCESS"), "");
    } finally {
      session.db.dropTable(table);
    }
  }

  /**
   * Spark's KafkaSourceProvider.createRelation for writes: append or errorifexists only; every row becomes a
   * record (KafkaWriter), the schema checked first.
   */
  private async saveToKafka(df: DataFrame): Promise<void> {
    if (this.saveMode === "overwrite" || this.saveMode === "ignore")
      throw kafkaSaveModeNotAllowed(this.saveMode === "overwrite" ? "Overwrite" : "Ignore");
    const session = df.sparkSession;
    const { servers, topic, ignored } = validateWriteOptions(this.extraOptions);
    validateQuery(df.schema, topic);
    if (ignored.length > 0)
      session.write(
        `WARN Kafka write: options not honoured by Sluice's in-browser Kafka (accepted and ignored): ${ignored.join(", ")}`,
      );
    const table = session.db.uniqueName("write");
    session.db.insertArrowIPC(table, tableToIPC(await df.toArrow(), "stream"), true);
    try {
      await writeTable(
        session.db,
        table,
        df.schema,
        new KafkaProducer(session, { "bootstrap.servers": servers }),
        topic,
      );
    } finally {
      session.db.dropTable(table);
    }
  }

  /** Writes the DataFrame as Parquet files in the directory `path`. */
  parquet(path: string): Promise<void> {
    return this.format("parquet").save(path);
  }

  /** Writes the DataFrame as CSV files in the directory `path` (see `option` for `header`, `sep`). */
  csv(path: string): Promise<void> {
    return this.format("csv").save(path);
  }

  /** Writes the DataFrame as JSON Lines files in the directory `path`. */
  json(path: string): Promise<void> {
    return this.format("json").save(path);
  }

  /** Writes a DataFrame of one string column as text files in the directory `path`, one line per row. */
  text(path: string): Promise<void> {
    return this.format("text").save(path);
  }

  /** Saves as a table `spark.sql` can read (kept in the session's DuckDB). */
  async saveAsTable(name: string): Promise<void> {
    const df = await this.df.resolve();
    const db = df.sparkSession.db;
    const exists =
      db
        .query(`SELECT count(*) FROM duckdb_tables() WHERE table_name = '${name.replaceAll("'", "''")}'`)
        .getChildAt(0)!
        .get(0) > 0;
    if (exists && (this.saveMode === "error" || this.saveMode === "errorifexists")) {
      throw tableOrViewAlreadyExists(name);
    }
    if (exists && this.saveMode === "ignore") return;
    if (exists && this.saveMode === "overwrite") db.dropTable(name);
    db.insertArrowIPC(
      name,
      tableToIPC(await df.toArrow(), "stream"),
      !exists || this.saveMode === "overwrite",
    );
  }
}
