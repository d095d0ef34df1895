/** `spark.read`: batch DataFrames over files. A directory written by a streaming file sink is read through its log. */

import {
  checkSchemaColumnNameDuplication,
  dataSourceNotFound,
  unableToInferSchema,
} from "../errors/QueryCompilationErrors";
import { DATA_FORMATS, type DataFormat } from "../io/DataFileReader";
import { normalizePath } from "../io/FileSystem";
import { KafkaRelation } from "../kafka/KafkaRelation";
import { userSchemaNotAllowed } from "../kafka/KafkaSourceProvider";
import { setOption } from "../sources/Source";
import type { UserDefinedDataSource } from "../sources/UserDefinedDataSource";
import { DataFrame, flattenArgs } from "../sql/api/DataFrame";
import { type LogicalPlan, newPlanId } from "../sql/plan";
import type { StructType } from "../sql/types";
import { readStateSource, STATE_FORMATS } from "../state/StateDataSource";
import { fileSourceSchema } from "./dataFiles";
import type { SparkSession } from "./SparkSession";

/** Options and schema shared by `spark.read` and `spark.readStream`. */
export abstract class ReaderOptions<Self> {
  protected formatName = "parquet";
  protected userSchema: StructType | undefined;
  protected readonly extraOptions: Record<string, string> = {};

  constructor(protected readonly session: SparkSession) {}

  /**
   * The source format: "parquet" (the default), "csv", "json", "text". `spark.readStream` also takes "rate";
   * `spark.read` also reads a checkpoint's state with "statestore" and "state-metadata".
   */
  format(source: string): Self {
    this.formatName = source.toLowerCase();
    return this as unknown as Self;
  }

  /**
   * The schema of the data, as a DDL string (`"event_time TIMESTAMP, user_id STRING"`) or a StructType.
   * Streaming file sources need one (unless `spark.sql.streaming.schemaInference` is on).
   */
  schema(schema: StructType | string): Self {
    this.userSchema = typeof schema === "string" ? this.session.parseSchema(schema) : schema;
    return this as unknown as Self;
  }

  /** Sets one option of the source (keys are case-insensitive; values are kept as strings). */
  option(key: string, value: string | number | boolean): Self {
    setOption(this.extraOptions, key, String(value));
    return this as unknown as Self;
  }

  /** Sets several options at once: `options({ header: true, sep: ";" })`. */
  options(options: Record<string, string | number | boolean>): Self {
    for (const [k, v] of Object.entries(options)) this.option(k, v);
    return this as unknown as Self;
  }
}

/**
 * `spark.read`: loads files (parquet, csv, json, text) or tables as a batch DataFrame. Set the format, schema
 * and options, then `load(path)`, or use a shortcut such as `parquet(path)`.
 */
export class DataFrameReader extends ReaderOptions<DataFrameReader> {
  /**
   * Sets an option of the file format (keys are case-insensitive):
   * - csv: `header` (first line holds the names), `inferSchema` (types from the data, else strings), `sep`
   *   (default ","), `quote`, `escape`, `comment`, `nullValue`, `dateFormat`, `timestampFormat`.
   * - json: `multiLine` (one JSON document per file rather than one per line).
   * - csv and json: `mode` for malformed records: "PERMISSIVE" (nulls; the text goes to
   *   `columnNameOfCorruptRecord` where the schema has that column), "DROPMALFORMED" or "FAILFAST".
   * - text: `wholetext` (one row per file).
   * - statestore (a checkpoint's state): `batchId`, `operatorId`, `storeName`, `joinSide`.
   * @example spark.read.option("header", true).option("inferSchema", true).csv("/data/sales.csv")
   */
  override option(key: string, value: string | number | boolean): DataFrameReader {
    return super.option(key, value);
  }

  /** Loads the files at the given paths (files or directories) in the chosen format as a batch DataFrame. */
  load(...paths: (string | string[])[]): DataFrame {
    const list = flattenArgs(paths);
    if (STATE_FORMATS.includes(this.formatName)) {
      const checkpoint = list[0] ?? this.extraOptions.path;
      return readStateSource(
        this.session,
        this.formatName,
        checkpoint && normalizePath(checkpoint),
        this.extraOptions,
      );
    }
    if (this.formatName === "kafka") {
      // Checked now, as Spark's KafkaSourceProvider.createRelation; the records are read when an action runs.
      const kafka = new KafkaRelation(this.session, this.extraOptions);
      if (this.userSchema) throw userSchemaNotAllowed();
      const options = { ...this.extraOptions };
      return new DataFrame(this.session, {
        kind: "relation",
        id: newPlanId(),
        isStreaming: false,
        relation: { type: "files", format: "kafka", paths: [], options },
        schema: kafka.schema,
      });
    }
    const format = this.formatName as DataFormat;
    if (!DATA_FORMATS.includes(format)) {
      const userDefined = this.session.dataSource.lookup(this.formatName);
      if (!userDefined) throw dataSourceNotFound(this.formatName);
      return this.readUserDefined(userDefined, list);
    }
    if (list.length === 0) throw unableToInferSchema(format);
    const options = { ...this.extraOptions };
    const relation = { type: "files", format, paths: list.map(normalizePath), options } as const;
    const build = (schema: StructType): LogicalPlan => ({
      kind: "relation",
      id: newPlanId(),
      isStreaming: false,
      relation,
      schema,
    });
    if (this.userSchema) {
      const caseSensitive = this.session.conf.getBoolean("spark.sql.caseSensitive");
      checkSchemaColumnNameDuplication(this.userSchema.fieldNames, caseSensitive);
    }
    const schema = fileSourceSchema(this.session.fs, this.session.files, {
      format,
      paths: list,
      options,
      userSchema: this.userSchema,
      ignoreSinkMetadata: this.session.conf.getBoolean("spark.sql.streaming.fileStreamSink.ignoreMetadata"),
      streaming: false,
    });
    return new DataFrame(this.session, schema instanceof Promise ? schema.then(build) : build(schema));
  }

  /**
   * A registered data source read in batch: its schema (the user's, else the source's), every row its reader
   * gives, read now and held as a local relation (Spark's PythonDataSource scan, planned and run at once).
   */
  private readUserDefined(source: UserDefinedDataSource, paths: readonly string[]): DataFrame {
    const options = { ...this.extraOptions };
    if (paths.length > 0) setOption(options, "path", paths[0]);
    const schema = this.userSchema ?? source.schema(options);
    return new DataFrame(
      this.session,
      source.read(schema, options).then((rows) => this.session.createDataFrame(rows, schema).plan),
    );
  }

  /** Loads Parquet files (files or directories) as a DataFrame; the schema comes from the files. */
  parquet(...paths: (string | string[])[]): DataFrame {
    return this.format("parquet").load(...paths);
  }

  /** Loads CSV files as a DataFrame; `options` as for `option()` (`header`, `inferSchema`, `sep`...). */
  csv(path: string | string[], options: Record<string, string | number | boolean> = {}): DataFrame {
    return this.format("csv").options(options).load(path);
  }

  /** Loads JSON Lines files (one object per line; `multiLine` for whole documents) as a DataFrame. */
  json(path: string | string[], options: Record<string, string | number | boolean> = {}): DataFrame {
    return this.format("json").options(options).load(path);
  }

  /** issue 11: loads XML files as a DataFrame: a row per `rowTag` element (the option is required). */
  xml(path: string | string[], options: Record<string, string | number | boolean> = {}): DataFrame {
    return this.format("xml").options(options).load(path);
  }

  /** Loads text files as a DataFrame with one string column `value`, one row per line. */
  text(...paths: (string | string[])[]): DataFrame {
    return this.format("text").load(...paths);
  }

  /** A table or view of the catalog ("t", "db.t"), or a temporary view; same as `spark.table(name)`. */
  table(name: string): DataFrame {
    return this.session.table(name);
  }
}
