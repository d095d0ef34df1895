/**
 * `df.writeStream`: where and how a streaming query writes. `start()` hands the query and the writer's settings
 * to `spark.streams.startQuery`, which checks everything Spark checks (output mode, sink options, checkpoint,
 * the query itself) before any batch runs or any file is written, then starts the micro-batch loop.
 */

import {
  clusterByWithPartitionedBy,
  dataSourceNotFound,
  inputSourceDiffersFromProvider,
  pathOptionAndPathParameter,
  streamingIntoViewNotSupported,
  tempViewNotSupportStreamingWrite,
  writeStreamNotAllowed,
} from "../errors/QueryCompilationErrors";
import {
  foreachBatchFunctionNull,
  foreachWriterNull,
  streamedOperatorUnsupportedByDataSource,
} from "../errors/QueryExecutionErrors";
import { DATA_FORMATS } from "../io/DataFileReader";
import { normalizePath } from "../io/FileSystem";
import type { ForeachBatchFunction } from "../sinks/ForeachBatchSink";
import type { ForeachWriterLike } from "../sinks/ForeachSink";
import { optionOf, setOption } from "../sources/Source";
import type { DataFrame } from "../sql/api/DataFrame";
import { flattenArgs } from "../sql/api/DataFrame";
import { createDataSourceTable } from "../sql/execution/command/createDataSourceTables";
import { StructField, StructType } from "../sql/types";
import { type OutputMode, parseOutputMode } from "../streaming/runtime/OutputMode";
import type { StreamingQuery } from "../streaming/runtime/StreamingQuery";
import {
  DEFAULT_TRIGGER,
  parseTrigger,
  type Trigger,
  type TriggerOptions,
} from "../streaming/runtime/Trigger";

const SINK_FORMATS = ["memory", "console", "noop", "foreach", "foreachBatch", "kafka", ...DATA_FORMATS];
/** Spark's built-in sources that have no streaming sink: Spark knows them, and refuses to stream into them. */
const SOURCE_ONLY_FORMATS = ["rate", "rate-micro-batch", "socket", "jdbc", "binaryFile", "image", "libsvm"];

/**
 * `df.writeStream`: how a streaming DataFrame runs as a query. Choose a sink (`format`, or `foreachBatch`), an
 * output mode, a trigger, a checkpoint location and a query name, then `start()`.
 * @example df.writeStream.format("memory").queryName("counts").outputMode("complete").start()
 */
export class DataStreamWriter {
  private mode: OutputMode = "append";
  private sinkFormat = "parquet";
  private readonly extraOptions: Record<string, string> = {};
  private name: string | null | undefined;
  private triggerSpec: Trigger = DEFAULT_TRIGGER;
  private partitionColumns: string[] = [];
  private clusteringColumns: string[] = [];
  private batchFunction: ForeachBatchFunction | undefined;
  private foreachWriter: ForeachWriterLike | undefined;

  constructor(private readonly df: DataFrame) {}

  /**
   * What each trigger writes to the sink: "append" (default; only new rows, final once the watermark passes
   * for aggregations), "update" (rows that changed in the trigger), "complete" (the whole result, for
   * aggregations).
   */
  outputMode(mode: string): this {
    this.mode = parseOutputMode(mode);
    return this;
  }

  /**
   * The sink: "memory" (a table named by `queryName`, read with `spark.sql`), "console" (prints each batch),
   * "parquet", "csv", "json", "text" (files under a path, exactly once), "kafka" (records of a topic of the
   * in-browser cluster, at-least-once), "noop" (discards); see also `foreachBatch`.
   */
  format(source: string): this {
    this.sinkFormat = source.toLowerCase();
    return this;
  }

  /**
   * Sets a sink or query option (keys are case-insensitive):
   * - `checkpointLocation`: where the query keeps its progress and state, so a restart continues where it left
   *   off. Without it, `spark.sql.streaming.checkpointLocation`/<queryName> is used; memory, console, noop,
   *   foreach and foreachBatch queries may also run on a temporary one, deleted when they stop without an
   *   error (file sinks need one).
   * - `path`: the output directory of a file sink (or pass it to `start(path)`).
   * - console sink: `numRows` (default 20), `truncate` (default true).
   * - csv sink: `header`, `sep`, `nullValue`.
   * - kafka sink: `kafka.bootstrap.servers` (required), `topic` (where rows have no `topic` column).
   * @example .option("checkpointLocation", "/checkpoints/program_ratings")
   */
  option(key: string, value: string | number | boolean): this {
    setOption(this.extraOptions, key, String(value));
    return this;
  }

  /** Sets several options at once: `options({ checkpointLocation: "/checkpoints/q", numRows: 50 })`. */
  options(options: Record<string, string | number | boolean>): this {
    for (const [k, v] of Object.entries(options)) this.option(k, v);
    return this;
  }

  /**
   * Names the query (unique among the session's active queries); with the memory sink it is also the table
   * the results go to.
   */
  queryName(name: string | null): this {
    this.name = name;
    return this;
  }

  /**
   * When micro-batches run:
   * - `{}` (the default): each batch as soon as the previous one has finished and there is new data.
   * - `{ processingTime: "3 seconds" }`: a batch at each interval (right after the previous one, where that
   *   one ran over).
   * - `{ once: true }`: one batch with everything available, then the query stops.
   * - `{ availableNow: true }`: everything available at start, in as many batches as the source's rate
   *   limits make, then the query stops. Where a source has no support for it (rate, socket), one batch with
   *   everything, as Spark, unless `spark.sql.streaming.triggerAvailableNow.wrapper.enabled` is set.
   * - `{ continuous: "1 second" }`: Spark's continuous mode, checkpointed every interval (map-like queries).
   * @example .trigger({ processingTime: "3 seconds" })
   */
  trigger(options: TriggerOptions = {}): this {
    this.triggerSpec = Object.keys(options).length === 0 ? DEFAULT_TRIGGER : parseTrigger(options);
    return this;
  }

  /** File sinks: writes rows into one `column=value` subdirectory per value of the given columns. */
  partitionBy(...columns: (string | string[])[]): this {
    this.partitionColumns = flattenArgs(columns);
    return this;
  }

  /**
   * Runs `fn(batchDF, batchId)` on each micro-batch's output, a batch DataFrame: write it anywhere, with any
   * batch API. Use `batchId` to make what it writes idempotent (a batch may run again after a failure).
   */
  foreachBatch(fn: ForeachBatchFunction): this {
    this.sinkFormat = "foreachBatch";
    // Spark checks at the call, not at start(); untyped callers (JavaScript, the Python bridge) may pass null.
    if (fn === null || fn === undefined) throw foreachBatchFunctionNull();
    this.batchFunction = fn;
    return this;
  }

  /**
   * Hands each row of each micro-batch to `writer`: for each batch, `open(partitionId, epochId)` (the batch id;
   * false skips the batch), `process(row)` per row, `close(error)` (null when all went well); or a function
   * called per row. A batch may be offered again after a failure, with the same epoch id.
   * @example .foreach({ process: (row) => console.info(row) })
   */
  foreach(writer: ForeachWriterLike): this {
    this.sinkFormat = "foreach";
    if (writer === null || writer === undefined) throw foreachWriterNull();
    this.foreachWriter = writer;
    return this;
  }

  /**
   * Starts the query and resolves to its StreamingQuery once everything is checked (output mode, sink,
   * checkpoint); batches then run in the background. File sinks take their output directory here (or from the
   * "path" option).
   */
  async start(path?: string): Promise<StreamingQuery> {
    const df = await this.df.resolve();
    const session = df.sparkSession;
    const pathOption = optionOf(this.extraOptions, "path");
    if (
      path !== undefined &&
      pathOption !== undefined &&
      !session.conf.getBoolean("spark.sql.legacy.pathOptionBehavior.enabled")
    ) {
      throw pathOptionAndPathParameter("start");
    }
    if (!df.isStreaming) {
      throw writeStreamNotAllowed();
    }
    // Spark checks at start as well: partitionBy may come after clusterBy.
    if (this.clusteringColumns.length > 0 && this.partitionColumns.length > 0)
      throw clusterByWithPartitionedBy();
    return this.startQuery(df, path ?? pathOption);
  }

  /** Starts the query over the resolved streaming DataFrame, writing to `outputPath` where the sink has one. */
  private startQuery(df: DataFrame, outputPath: string | undefined): Promise<StreamingQuery> {
    const format = this.sinkFormat;
    const userDefined = df.sparkSession.dataSource.lookup(format)?.streamWriter !== undefined;
    if (!SINK_FORMATS.includes(format) && !userDefined) {
      if (SOURCE_ONLY_FORMATS.includes(format))
        throw streamedOperatorUnsupportedByDataSource(format, "writing");
      throw dataSourceNotFound(format);
    }
    return df.sparkSession.streams.startQuery({
      userSpecifiedName: this.name,
      df,
      extraOptions: this.extraOptions,
      sinkFormat: format,
      outputPath,
      partitionColumns: this.partitionColumns,
      foreachBatch: this.batchFunction,
      foreachWriter: this.foreachWriter,
      outputMode: this.mode,
      trigger: this.triggerSpec,
    });
  }

  /**
   * Starts the query writing into a table of the catalog, as Spark's `toTable`: a table that does not exist is
   * created first (the stream's columns, the writer's format, `partitionBy`/`clusterBy`, `option("path", dir)`
   * for an external table); then the query is a file sink into the table's location, whose `_spark_metadata`
   * log makes each batch's files appear in the table exactly once.
   * @example await df.writeStream.option("checkpointLocation", "/checkpoints/clicks").toTable("clicks")
   */
  async toTable(tableName: string): Promise<StreamingQuery> {
    const df = await this.df.resolve();
    const session = df.sparkSession;
    if (!df.isStreaming) throw writeStreamNotAllowed();
    const catalog = session.sessionCatalog;
    const parts = catalog.nameParts(tableName);
    if (catalog.isTempView(parts)) throw tempViewNotSupportStreamingWrite(tableName);
    const ident = catalog.qualify(parts);
    if (!catalog.tableExists(ident)) {
      const path = optionOf(this.extraOptions, "path");
      const schema = new StructType(
        df.schema.fields.map((f) => new StructField(f.name, f.dataType, true, f.metadata)),
      );
      await createDataSourceTable(
        session,
        {
          ident,
          provider: this.sinkFormat,
          schema,
          partitionColumns: this.partitionColumns,
          clusteringColumns: this.clusteringColumns,
          location: path === undefined ? undefined : normalizePath(path),
          options: {},
          properties: {},
        },
        false,
      );
    }
    const table = catalog.getTableMetadata(ident);
    if (table.tableType === "VIEW") throw streamingIntoViewNotSupported(tableName);
    if (this.sinkFormat !== table.provider) {
      throw inputSourceDiffersFromProvider(this.sinkFormat, tableName, table.provider!);
    }
    // Spark's toTable starts the query on the table itself: a `path` option named the table's location above.
    return this.startQuery(df, table.location);
  }

  /**
   * Spark 4's clustering columns of the table `toTable` creates: recorded in the catalog (the files are
   * written as they come). Not together with partitionBy.
   */
  clusterBy(...columns: (string | string[])[]): this {
    this.clusteringColumns = flattenArgs(columns);
    if (this.clusteringColumns.length > 0 && this.partitionColumns.length > 0)
      throw clusterByWithPartitionedBy();
    return this;
  }
}
