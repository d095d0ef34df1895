/** `spark.readStream`: streaming DataFrames over files, the rate source, Kafka, a socket, or a MemoryStream. */

import type { ResolvedRelation } from "../catalog/SessionCatalog";
import {
  checkSchemaColumnNameDuplication,
  dataSourceNotFound,
  invalidStreamingSourceNameError,
  pathNotFound,
  pathOptionAndPathParameter,
  permanentViewNotStreaming,
  userSpecifiedSchemaUnsupported,
  viewNotStreaming,
} from "../errors/QueryCompilationErrors";
import {
  dataPathNotSpecified,
  streamingSchemaRequired,
  userSpecifiedSchemaUnsupportedByDataSource,
} from "../errors/QueryExecutionErrors";
import { DATA_FORMATS, type DataFormat } from "../io/DataFileReader";
import { normalizePath } from "../io/FileSystem";
import { kafkaSchema, userSchemaNotAllowed, validateStreamOptions } from "../kafka/KafkaSourceProvider";
import { parseRatePerMicroBatchOptions } from "../sources/RatePerMicroBatchSource";
import { parseRateOptions, RATE_SCHEMA } from "../sources/RateStreamSource";
import { optionOf } from "../sources/Source";
import { parseSocketOptions, SOCKET_SCHEMA, SOCKET_SCHEMA_TIMESTAMP } from "../sources/TextSocketSource";
import { DataFrame } from "../sql/api/DataFrame";
import { resolveSQLOnFile } from "../sql/execution/ResolveSQLOnFile";
import { newPlanId } from "../sql/plan";
import type { StructType } from "../sql/types";
import { ReaderOptions } from "./DataFrameReader";
import { fileSourceSchema, isGlobPath } from "./dataFiles";

/**
 * `spark.readStream`: a streaming DataFrame over a source. Set the format, schema and options, then
 * `load(path)`, or use a shortcut such as `parquet(path)`. Sources: parquet, csv, json and text files in a
 * directory (new files become new data), `rate` (generated rows), `kafka` (topics of the in-browser cluster),
 * `socket` (lines sent to `socketServer(spark, host, port)`), and MemoryStream.
 */
export class DataStreamReader extends ReaderOptions<DataStreamReader> {
  /**
   * Sets a source option (keys are case-insensitive). File sources (parquet, csv, json, text):
   * - `maxFilesPerTrigger`: at most this many new files per micro-batch (default: all new files).
   * - `maxBytesPerTrigger`: about this many bytes of new files per micro-batch, at least one file; not
   *   together with `maxFilesPerTrigger`.
   * - `latestFirst`: take the newest files first (default false).
   * - `maxFileAge`: skip files older than the newest one seen by more than this (default "7d").
   * - format options as for `spark.read`: csv `header`, `sep`, ...; json `multiLine`; `mode`.
   *
   * Rate source: `rowsPerSecond` (default 1), `rampUpTime`, `numPartitions`.
   * Rate-micro-batch source: `rowsPerBatch` (required), `startTimestamp` (ms, default 0),
   * `advanceMillisPerBatch` (default 1000), `numPartitions`.
   *
   * Kafka source: `kafka.bootstrap.servers` (required; names the in-browser cluster), one of `subscribe`,
   * `subscribePattern`, `assign`; `startingOffsets` ("latest" by default, "earliest", or per-partition JSON),
   * `startingTimestamp`, `startingOffsetsByTimestamp`, `maxOffsetsPerTrigger`, `minOffsetsPerTrigger`,
   * `maxTriggerDelay`, `failOnDataLoss` (default true), `includeHeaders`.
   * Socket source: `host`, `port`, `includeTimestamp`.
   * @example spark.readStream.schema(ddl).option("maxFilesPerTrigger", 1).parquet("/data/events")
   */
  override option(key: string, value: string | number | boolean): DataStreamReader {
    return super.option(key, value);
  }

  /** The name given with `name()`, kept for the source's identity in the checkpoint (Spark 4.2). */
  protected userProvidedSourceName: string | undefined;

  /**
   * Names the source (Spark 4.2's source evolution): ASCII letters, digits and underscores only, else
   * STREAMING_QUERY_EVOLUTION_ERROR.INVALID_SOURCE_NAME. Sluice still identifies sources by position in the
   * checkpoint, so the name does not yet let a query reorder or add sources.
   * @example spark.readStream.format("rate").name("clicks").load()
   */
  name(sourceName: string): DataStreamReader {
    // Spark's DataStreamReader.VALID_NAME_PATTERN.
    if (!/^[a-zA-Z0-9_]+$/.test(sourceName)) throw invalidStreamingSourceNameError(sourceName);
    this.userProvidedSourceName = sourceName;
    return this;
  }

  /**
   * A streaming DataFrame over the source: for files, the directory `path` (or the `path` option), whose
   * existing and newly arriving files become the stream's input; for "rate" and "rate-micro-batch", generated
   * rows (`timestamp`, `value`); for "kafka", the records of the subscribed topics (`key`, `value`, `topic`,
   * `partition`, `offset`, `timestamp`, `timestampType`, [`headers`]); for "socket", the lines sent (`value`,
   * [`timestamp`]). A file path may be a glob (`/data/day-*`); `key=value` subdirectories become partition
   * columns (`basePath` says where they start), `recursiveFileLookup` reads every file below the directory,
   * `pathGlobFilter` keeps the files whose names match.
   */
  load(path?: string): DataFrame {
    const format = this.formatName;
    const pathOption = optionOf(this.extraOptions, "path");
    if (path !== undefined && pathOption !== undefined) {
      if (!this.session.conf.getBoolean("spark.sql.legacy.pathOptionBehavior.enabled")) {
        throw pathOptionAndPathParameter("load");
      }
      for (const key of Object.keys(this.extraOptions)) {
        if (key.toLowerCase() === "path") delete this.extraOptions[key];
      }
    }
    const sourcePath = path ?? pathOption;
    const options: Record<string, string> = {
      ...this.extraOptions,
      ...(path !== undefined ? { path } : {}),
    };
    const relation = (schema: StructType) =>
      ({
        kind: "relation",
        id: newPlanId(),
        isStreaming: true,
        relation: {
          type: "stream",
          source: { format, path: sourcePath && normalizePath(sourcePath), options },
        },
        schema,
      }) as const;
    if (format === "rate" || format === "rate-micro-batch") {
      if (this.userSchema) throw userSpecifiedSchemaUnsupportedByDataSource(format);
      if (format === "rate") parseRateOptions(options);
      else parseRatePerMicroBatchOptions(options);
      return new DataFrame(this.session, relation(RATE_SCHEMA));
    }
    if (format === "kafka") {
      // Spark's KafkaSourceProvider.sourceSchema: the options first, then the fixed schema.
      const { includeHeaders } = validateStreamOptions(options);
      if (this.userSchema) throw userSchemaNotAllowed();
      return new DataFrame(this.session, relation(kafkaSchema(includeHeaders)));
    }
    if (format === "socket") {
      // As Spark's getTableFromProvider: the schema is refused before the options are read.
      if (this.userSchema) throw userSpecifiedSchemaUnsupportedByDataSource(format);
      const { includeTimestamp } = parseSocketOptions(options);
      return new DataFrame(
        this.session,
        relation(includeTimestamp ? SOCKET_SCHEMA_TIMESTAMP : SOCKET_SCHEMA),
      );
    }
    if (!DATA_FORMATS.includes(format as DataFormat)) {
      // Built-in formats first, then the session's registered ones (Spark's DataSource.lookupDataSource).
      const userDefined = this.session.dataSource.lookup(format);
      if (!userDefined) throw dataSourceNotFound(format);
      return new DataFrame(this.session, relation(this.userSchema ?? userDefined.schema(options)));
    }
    if (sourcePath === undefined) throw dataPathNotSpecified();
    // Spark checks the directory exists when the DataFrame is built (where storage can answer at once); a glob
    // may match only once files arrive.
    if (this.session.fs.sync && !isGlobPath(sourcePath) && !this.session.fs.sync.stat(sourcePath)) {
      throw pathNotFound(normalizePath(sourcePath));
    }
    if (
      !this.userSchema &&
      format !== "text" &&
      !this.session.conf.getBoolean("spark.sql.streaming.schemaInference")
    ) {
      throw streamingSchemaRequired();
    }
    if (this.userSchema) {
      const caseSensitive = this.session.conf.getBoolean("spark.sql.caseSensitive");
      checkSchemaColumnNameDuplication(this.userSchema.fieldNames, caseSensitive);
    }
    const schema = fileSourceSchema(this.session.fs, this.session.files, {
      format: format as DataFormat,
      paths: [sourcePath],
      options,
      userSchema: this.userSchema,
      ignoreSinkMetadata: this.session.conf.getBoolean("spark.sql.streaming.fileStreamSink.ignoreMetadata"),
      streaming: true,
      forceNullable: this.session.conf.getBoolean("spark.sql.streaming.fileSource.schema.forceNullable"),
    });
    return new DataFrame(this.session, schema instanceof Promise ? schema.then(relation) : relation(schema));
  }

  /** A stream of the Parquet files in the directory `path`, new files picked up at each trigger. */
  parquet(path: string): DataFrame {
    return this.format("parquet").load(path);
  }

  /** A stream of the CSV files in the directory `path`; `options` as for `option()` (`header`, `sep`...). */
  csv(path: string, options: Record<string, string | number | boolean> = {}): DataFrame {
    return this.format("csv").options(options).load(path);
  }

  /** A stream of the JSON Lines files in the directory `path`. */
  json(path: string, options: Record<string, string | number | boolean> = {}): DataFrame {
    return this.format("json").options(options).load(path);
  }

  /** issue 11: a stream of the XML files in the directory `path` (option `rowTag` names a record's element). */
  xml(path: string, options: Record<string, string | number | boolean> = {}): DataFrame {
    return this.format("xml").options(options).load(path);
  }

  /** A stream of the text files in the directory `path`: one string column `value`, one row per line. */
  text(path: string): DataFrame {
    return this.format("text").load(path);
  }

  /**
   * A streaming DataFrame over a table: a table of the catalog streams the files in its location (those there
   * now, then each new one), with the table's schema and format, as Spark streams a file-format table; a
   * temporary view of a streaming DataFrame is that DataFrame. Source options (`maxFilesPerTrigger`...) apply.
   * A file as SQL names one (``parquet.`/data/events` ``) where nothing else answers is read as Spark's
   * ResolveSQLOnFile reads it, streaming or not: a batch DataFrame (`isStreaming` false) over the files, with
   * the reader's options.
   */
  table(tableName: string): DataFrame {
    if (this.userSchema) throw userSpecifiedSchemaUnsupported("table");
    const catalog = this.session.sessionCatalog;
    const parts = catalog.nameParts(tableName);
    let resolved: ResolvedRelation;
    try {
      resolved = catalog.resolveRelation(parts);
    } catch (error) {
      const onFile = resolveSQLOnFile(this.session, parts, this.extraOptions);
      if (onFile) return onFile;
      throw error;
    }
    if (resolved.kind === "temp") {
      if (!resolved.df.isStreaming) throw viewNotStreaming(tableName);
      return catalog.tempViewAlias(resolved.df, resolved.name, resolved.global);
    }
    if (resolved.table.tableType === "VIEW") throw permanentViewNotStreaming(resolved.table.identifier);
    return catalog.tableFrame(resolved.table, true, this.extraOptions);
  }
}
