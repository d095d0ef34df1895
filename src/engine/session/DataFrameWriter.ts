/** `df.write`: batch output to files (parquet, csv, json, text), a Kafka topic, or a table of the catalog. */
import { tableToIPC } from "apache-arrow";
import { type CatalogTable, qualifiedName } from "../catalog/CatalogTable";
import {
  cannotOverwriteTableBeingRead,
  cannotResolveColumnGivenInputColumns,
  clusterByWithPartitionedBy,
  dataSourceNotFound,
  insertIntoRddBasedTable,
  mismatchedTableColumnNumber,
  mismatchedTableFormat,
  mismatchedTableLocation,
  mismatchedTablePartitionColumns,
  partitionByNotAllowedWithInsertInto,
  pathAlreadyExists,
  saveDataIntoView,
  tableAlreadyExists,
} from "../errors/QueryCompilationErrors";
import { invalidSaveMode, sinkPathNotSpecified } from "../errors/QueryExecutionErrors";
import type { DataFormat } from "../io/DataFileReader";
import { DATA_FORMATS } from "../io/DataFileReader";
import { normalizePath } from "../io/FileSystem";
import { kafkaSaveModeNotAllowed } from "../kafka/KafkaExceptions";
import { KafkaProducer } from "../kafka/KafkaProducer";
import { validateWriteOptions } from "../kafka/KafkaSourceProvider";
import { validateQuery, writeTable } from "../kafka/KafkaWriter";
import { showOnConsole } from "../sinks/ConsoleSink";
import { setOption } from "../sources/Source";
import type { DataFrame } from "../sql/api/DataFrame";
import { flattenArgs } from "../sql/api/DataFrame";
import { createTableAsSelect } from "../sql/execution/command/createDataSourceTables";
import { insertIntoTable } from "../sql/execution/command/insertIntoTable";
import { writeFiles } from "../sql/execution/FileFormatWriter";
import { planNodes } from "../sql/plan";

export type SaveMode = "error" | "errorifexists" | "append" | "overwrite" | "ignore";

const SAVE_MODES: Readonly<Record<string, SaveMode>> = {
  append: "append",
  overwrite: "overwrite",
  ignore: "ignore",
  error: "errorifexists",
  errorifexists: "errorifexists",
  default: "errorifexists",
};

/** What saveAsTable's append says of a format where it differs from the table's (Spark's class names). */
const FILE_FORMAT_CLASSES: Readonly<Record<string, string>> = {
  parquet: "ParquetFileFormat",
  csv: "CSVFileFormat",
  json: "JsonFileFormat",
  text: "TextFileFormat",
};

/**
 * `df.write`: saves a batch DataFrame to files (parquet, csv, json, text) or a table. Set the format, save mode
 * and options, then `save(path)`, a shortcut such as `parquet(path)`, `saveAsTable(name)` or `insertInto(name)`.
 */
export class DataFrameWriter {
  private formatName: string;
  private saveMode: SaveMode = "errorifexists";
  private readonly extraOptions: Record<string, string> = {};
  private partitionColumns: string[] = [];
  private clusteringColumns: string[] = [];

  constructor(private readonly df: DataFrame) {
    this.formatName = df.sparkSession.conf.get("spark.sql.sources.default");
  }

  /**
   * The output format: "parquet" (the default, `spark.sql.sources.default`), "csv", "json", "text", "kafka"
   * (records of a topic: options `kafka.bootstrap.servers` and `topic`; columns `value`, and `key`, `topic`,
   * `headers`, `partition`), or "noop" (runs the query and writes nothing, as for a benchmark).
   */
  format(source: string): this {
    this.formatName = source.toLowerCase();
    return this;
  }

  /**
   * What to do where the target exists: "errorifexists"/"error"/"default" (the default: fail), "append" (add
   * rows), "overwrite" (replace it), "ignore" (write nothing). Another name is INVALID_SAVE_MODE.
   */
  mode(mode: SaveMode | string): this {
    const saveMode = SAVE_MODES[mode.toLowerCase()];
    if (!saveMode) throw invalidSaveMode(mode);
    this.saveMode = saveMode;
    return this;
  }

  /**
   * Sets an option of the output format: csv `header` (write the column names first), `sep` (default ","),
   * `nullValue` (how nulls are written); `path` where `save()` gets none, or, for saveAsTable, the location of
   * an external table.
   * @example df.write.mode("overwrite").option("header", true).csv("/out/report")
   */
  option(key: string, value: string | number | boolean): this {
    setOption(this.extraOptions, key, String(value));
    return this;
  }

  /** Sets several options at once: `options({ header: true, sep: ";" })`. */
  options(options: Record<string, string | number | boolean>): this {
    for (const [k, v] of Object.entries(options)) this.option(k, v);
    return this;
  }

  /** Writes rows into one `column=value` subdirectory per value of the given columns (a table's partitions). */
  partitionBy(...columns: (string | string[])[]): this {
    this.partitionColumns = flattenArgs(columns);
    if (this.clusteringColumns.length > 0 && this.partitionColumns.length > 0)
      throw clusterByWithPartitionedBy();
    return this;
  }

  /**
   * Spark 4's clustering columns of a new table (saveAsTable): recorded in the catalog and shown by DESCRIBE;
   * the files are written as they come (DuckDB reads them whole). Not together with partitionBy.
   */
  clusterBy(...columns: (string | string[])[]): this {
    this.clusteringColumns = flattenArgs(columns);
    if (this.clusteringColumns.length > 0 && this.partitionColumns.length > 0)
      throw clusterByWithPartitionedBy();
    return this;
  }

  /** Writes the DataFrame as part files in the directory `path` (Spark's layout, with `_SUCCESS`). */
  async save(path?: string): Promise<void> {
    const df = await this.df.resolve();
    const session = df.sparkSession;
    if (this.formatName === "kafka") return this.saveToKafka(df);
    // Spark's NoopDataSource: the query runs in full and its rows are dropped.
    if (this.formatName === "noop") {
      await df.toArrow();
      return;
    }
    if (this.formatName === "console") return showOnConsole(df, this.extraOptions);
    const format = this.formatName as DataFormat;
    if (!DATA_FORMATS.includes(format)) {
      const userDefined = session.dataSource.lookup(this.formatName);
      if (!userDefined?.write) throw dataSourceNotFound(this.formatName);
      // Spark's Python data source writes: the path as an option, the rows to the source's writer.
      const options = path === undefined ? { ...this.extraOptions } : { ...this.extraOptions, path };
      await userDefined.write(df.schema, options, this.saveMode === "overwrite", await df.collect());
      return;
    }
    const target = path ?? this.extraOptions.path;
    if (!target) throw sinkPathNotSpecified();
    const dir = normalizePath(target);
    const exists = (await session.fs.stat(dir)) !== undefined;
    if (exists) {
      if (this.saveMode === "ignore") return;
      if (this.saveMode === "error" || this.saveMode === "errorifexists") {
        throw pathAlreadyExists(`file:${dir}`);
      }
    }
    await writeFiles(session, df.plan, {
      format,
      options: this.extraOptions,
      partitionColumns: this.partitionColumns,
      dir,
      beforeWrite: async () => {
        if (exists && this.saveMode === "overwrite") await session.fs.delete(dir);
      },
    });
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

  /** issue 11: writes the DataFrame as XML files in the directory `path` (options `rootTag`, `rowTag`). */
  xml(path: string): Promise<void> {
    return this.format("xml").save(path);
  }

  /** Writes a DataFrame of one string column as text files in the directory `path`, one line per row. */
  text(path: string): Promise<void> {
    return this.format("text").save(path);
  }

  /**
   * Saves the DataFrame as a table of the catalog (`name`, `db.name`), kept in the warehouse across sessions
   * (or, with `option("path", dir)`, an external table over `dir`). Where the table exists, the save mode
   * decides: "errorifexists" fails, "ignore" leaves it, "overwrite" replaces it (schema and all), "append" adds
   * the rows, matching columns by name. Resolves once the files are written.
   * @example await df.write.mode("overwrite").partitionBy("day").saveAsTable("events")
   */
  async saveAsTable(name: string): Promise<void> {
    const df = await this.df.resolve();
    const session = df.sparkSession;
    const catalog = session.sessionCatalog;
    const parts = catalog.nameParts(name);
    const ident = catalog.qualify(parts);
    const existing = catalog.lookupTable(parts);
    let dropped: Promise<void> | undefined;
    if (existing) {
      if (this.saveMode === "ignore") return;
      if (this.saveMode === "errorifexists") throw tableAlreadyExists(ident);
      if (this.saveMode === "append") return this.appendToTable(existing, df);
      if (readsTable(df, existing)) throw cannotOverwriteTableBeingRead(ident);
      // Overwrite: Spark drops the table and creates it anew, with the DataFrame's schema.
      dropped = catalog.external.dropTable(ident);
    }
    const options = { ...this.extraOptions };
    const pathKey = Object.keys(options).find((k) => k.toLowerCase() === "path");
    const location = pathKey === undefined ? undefined : normalizePath(options[pathKey]);
    if (pathKey) delete options[pathKey];
    await createTableAsSelect(
      session,
      {
        ident,
        provider: this.formatName,
        partitionColumns: this.partitionColumns,
        clusteringColumns: this.clusteringColumns,
        location,
        options,
        properties: {},
      },
      df,
      this.saveMode === "ignore",
    );
    await dropped;
  }

  /**
   * Inserts the rows into an existing table, by position (column names do not matter), appending; "overwrite"
   * mode (or `overwrite`) replaces the table's rows. The table's format and partitioning are its own.
   */
  async insertInto(tableName: string, overwrite?: boolean): Promise<void> {
    if (this.partitionColumns.length > 0) throw partitionByNotAllowedWithInsertInto();
    const df = await this.df.resolve();
    const catalog = df.sparkSession.sessionCatalog;
    const resolved = catalog.resolveRelation(catalog.nameParts(tableName));
    if (resolved.kind === "temp") throw insertIntoRddBasedTable();
    await insertIntoTable(df.sparkSession, resolved.table, df, {
      overwrite: overwrite ?? this.saveMode === "overwrite",
      byName: false,
    });
  }

  /** saveAsTable's append: Spark's checks that the table is the one described, then an insert by name. */
  private async appendToTable(table: CatalogTable, df: DataFrame): Promise<void> {
    const ident = table.identifier;
    if (table.tableType === "VIEW") throw saveDataIntoView();
    if (table.provider !== this.formatName) {
      throw mismatchedTableFormat(
        ident,
        FILE_FORMAT_CLASSES[table.provider!] ?? table.provider!,
        FILE_FORMAT_CLASSES[this.formatName] ?? this.formatName,
      );
    }
    const pathKey = Object.keys(this.extraOptions).find((k) => k.toLowerCase() === "path");
    if (pathKey && normalizePath(this.extraOptions[pathKey]) !== table.location) {
      throw mismatchedTableLocation(ident, table.location!, normalizePath(this.extraOptions[pathKey]));
    }
    if (df.columns.length !== table.schema.fields.length) {
      throw mismatchedTableColumnNumber(ident, table.schema, df.schema);
    }
    for (const column of table.schema.fieldNames) {
      if (!df.columns.some((c) => c.toLowerCase() === column.toLowerCase())) {
        throw cannotResolveColumnGivenInputColumns(column, df.columns);
      }
    }
    const specified = this.partitionColumns.map(
      (p) => table.schema.fieldNames.find((n) => n.toLowerCase() === p.toLowerCase()) ?? p,
    );
    if (specified.join("\u0000") !== table.partitionColumnNames.join("\u0000")) {
      throw mismatchedTablePartitionColumns(ident, specified, table.partitionColumnNames);
    }
    await insertIntoTable(df.sparkSession, table, df, { overwrite: false, byName: true });
  }
}

/** Whether the DataFrame reads the table's files (an overwrite would delete them before they are read). */
function readsTable(df: DataFrame, table: CatalogTable): boolean {
  const name = qualifiedName(table.identifier);
  return planNodes(df.plan).some(
    (n) => n.kind === "relation" && n.relation.type === "files" && n.relation.table === name,
  );
}
