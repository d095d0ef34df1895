/**
 * `df.writeStream`: where and how a streaming query writes. `start()` checks everything Spark checks (output
 * mode, sink options, checkpoint, the query itself) before any batch runs or any file is written, then starts
 * the micro-batch loop.
 */
import { readStreamMetadata, writeStreamMetadata } from "../checkpoint/StreamMetadata";
import { DATA_FORMATS, type DataFormat } from "../io/DataFileReader";
import { joinPath, normalizePath } from "../io/FileSystem";
import { ConsoleSink } from "../sinks/ConsoleSink";
import { FileStreamSink } from "../sinks/FileStreamSink";
import { type ForeachBatchFunction, ForeachBatchSink } from "../sinks/ForeachBatchSink";
import { MemorySink } from "../sinks/MemorySink";
import { NoopSink } from "../sinks/NoopSink";
import type { Sink } from "../sinks/Sink";
import { FileStreamSource } from "../sources/FileStreamSource";
import type { MemoryStream } from "../sources/MemoryStream";
import { RatePerMicroBatchSource } from "../sources/RatePerMicroBatchSource";
import { RateStreamSource } from "../sources/RateStreamSource";
import { booleanOption, optionOf, type Source } from "../sources/Source";
import { AnalysisException, IllegalArgumentException } from "../sql/analysis/errors";
import { checkContinuousIO, checkStreamingQuery } from "../sql/analysis/UnsupportedOperationChecker";
import type { DataFrame } from "../sql/api/DataFrame";
import { flattenArgs } from "../sql/api/DataFrame";
import type { LogicalPlan } from "../sql/plan";
import { planNodes } from "../sql/plan";
import { requiredStreamColumns } from "../streaming/runtime/ColumnPruning";
import { IncrementalExecution } from "../streaming/runtime/IncrementalExecution";
import { MicroBatchExecution } from "../streaming/runtime/MicroBatchExecution";
import { type OutputMode, parseOutputMode } from "../streaming/runtime/OutputMode";
import { StreamingQuery } from "../streaming/runtime/StreamingQuery";
import {
  DEFAULT_TRIGGER,
  parseTrigger,
  type Trigger,
  type TriggerOptions,
} from "../streaming/runtime/Trigger";
import type { SparkSession } from "./SparkSession";

type Relation = Extract<LogicalPlan, { kind: "relation" }>;

const SINK_FORMATS = ["memory", "console", "noop", "foreachBatch", ...DATA_FORMATS];

/**
 * `df.writeStream`: how a streaming DataFrame runs as a query. Choose a sink (`format`, or `foreachBatch`), an
 * output mode, a trigger, a checkpoint location and a query name, then `start()`.
 * @example df.writeStream.format("memory").queryName("counts").outputMode("complete").start()
 */
export class DataStreamWriter {
  private mode: OutputMode = "append";
  private sinkFormat = "parquet";
  private readonly extraOptions: Record<string, string> = {};
  private name: string | undefined;
  private triggerSpec: Trigger = DEFAULT_TRIGGER;
  private partitionColumns: string[] = [];
  private batchFunction: ForeachBatchFunction | undefined;

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
   * "parquet", "csv", "json", "text" (files under a path, exactly once), "noop" (discards); see also
   * `foreachBatch`.
   */
  format(source: string): this {
    this.sinkFormat = source.toLowerCase();
    return this;
  }

  /**
   * Sets a sink or query option (keys are case-insensitive):
   * - `checkpointLocation`: where the query keeps its progress and state, so a restart continues where it left
   *   off (needed for file sinks; else `spark.sql.streaming.checkpointLocation`/<queryName> is used).
   * - `path`: the output directory of a file sink (or pass it to `start(path)`).
   * - console sink: `numRows` (default 20), `truncate` (default true).
   * - csv sink: `header`, `sep`, `nullValue`.
   * @example .option("checkpointLocation", "/checkpoints/program_ratings")
   */
  option(key: string, value: string | number | boolean): this {
    this.extraOptions[key] = String(value);
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
  queryName(name: string): this {
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
   *   limits make, then the query stops.
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
    this.batchFunction = fn;
    this.sinkFormat = "foreachBatch";
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
    if (!df.isStreaming) {
      throw new AnalysisException(
        "'writeStream' can be called only on streaming Dataset/DataFrame",
        "WRITE_STREAM_NOT_ALLOWED",
      );
    }
    const format = this.sinkFormat;
    if (!SINK_FORMATS.includes(format))
      throw new AnalysisException(
        `Data source ${format} does not support streamed writing. SQLSTATE: 42000`,
        "UNSUPPORTED_DATA_SOURCE_FOR_STREAMING_WRITE",
      );
    const trigger = this.triggerSpec;
    checkStreamingQuery(df.plan, this.mode, trigger);
    if (trigger.kind === "continuous") checkContinuousIO(df.plan, format);
    const isFileSink = DATA_FORMATS.includes(format as DataFormat);
    const outputPath = path ?? optionOf(this.extraOptions, "path");
    if (isFileSink && !outputPath) throw new IllegalArgumentException("'path' is not specified");
    if (isFileSink && this.mode !== "append") {
      throw new AnalysisException(
        `Invalid streaming output mode: ${this.mode[0].toUpperCase()}${this.mode.slice(1)}. This output mode is not supported in Data Source ${format}. SQLSTATE: 42KDE`,
        "STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE",
      );
    }
    if (format === "memory" && !this.name)
      throw new AnalysisException("queryName must be specified for memory sink", "QUERY_NAME_REQUIRED");
    for (const c of this.partitionColumns) {
      if (!df.schema.field(c))
        throw new AnalysisException(
          `Partition column \`${c}\` not found in schema ${df.schema.simpleString()}`,
          "PARTITION_COLUMN_NOT_FOUND",
        );
    }
    if (this.name && session.streams.active.some((q) => q.name === this.name)) {
      throw new IllegalArgumentException(
        `Cannot start query with name ${this.name} as a query with that name is already active in this SparkSession`,
      );
    }

    // Checkpoint: the option, else spark.sql.streaming.checkpointLocation/<name>, else temporary (memory,
    // console and noop sinks only, as in Spark).
    const configured = session.conf.getOption("spark.sql.streaming.checkpointLocation");
    let checkpoint = optionOf(this.extraOptions, "checkpointLocation");
    if (!checkpoint && configured) checkpoint = joinPath(configured, this.name ?? crypto.randomUUID());
    const temporary = !checkpoint;
    if (temporary) {
      if (!["memory", "console", "noop"].includes(format)) {
        throw new AnalysisException(
          'checkpointLocation must be specified either through option("checkpointLocation", ...) or SparkSession.conf.set("spark.sql.streaming.checkpointLocation", ...). SQLSTATE: 42000',
          "CHECKPOINT_LOCATION_REQUIRED",
        );
      }
      checkpoint = `/tmp/temporary-${crypto.randomUUID()}`;
    }
    checkpoint = normalizePath(checkpoint!);

    // A platform without cross-tab locks (Node) holds none; one with them may refuse (another tab has it).
    const release = session.platform.tryLock
      ? await session.platform.tryLock(`sluice-checkpoint:${checkpoint}`)
      : () => {};
    if (release === undefined) {
      throw new AnalysisException(
        `The checkpoint ${checkpoint} is in use by another query (in another tab or window). Stop that query first, or use another checkpoint location.`,
        "CHECKPOINT_IN_USE",
      );
    }
    let execution: IncrementalExecution | undefined;
    try {
      // Everything is read and checked before anything is written: a query refused here leaves no trace.
      const existing = await readStreamMetadata(session.fs, checkpoint);
      if (existing && session.streams.get(existing.id)) {
        throw new IllegalArgumentException(
          `Cannot start query with id ${existing.id} as another query with same id is already active. Perhaps you are attempting to restart a query from checkpoint that is already active.`,
        );
      }
      const relations = planNodes(df.plan).filter(
        (n): n is Relation => n.kind === "relation" && n.relation.type === "stream",
      );
      const readColumns = requiredStreamColumns(df.plan);
      const sources = relations.map((r, i) =>
        this.createSource(session, r, joinPath(checkpoint!, "sources", String(i)), readColumns.get(r.id)),
      );
      for (const s of sources) await s.validate?.();
      execution = new IncrementalExecution(session, df.plan, this.mode, checkpoint);

      const id = existing?.id ?? crypto.randomUUID();
      const runId = crypto.randomUUID();
      const name = this.name ?? null;
      const sink = this.createSink(session, df, format, outputPath, id);
      let query: StreamingQuery | undefined;
      const micro = new MicroBatchExecution({
        session,
        id,
        runId,
        name,
        checkpoint,
        sources,
        sink,
        execution,
        outputMode: this.mode,
        trigger,
        relationIds: relations.map((r) => r.id),
        schema: df.schema,
        onProgress: (progress) => session.streams.postProgress({ progress }),
        onIdle: (timestamp) => session.streams.postIdle({ id, runId, timestamp }),
        onTerminated: (failure) => {
          void query!.terminate(failure).then(() => {
            session.streams.terminated(query!);
            const cause = failure?.cause;
            session.streams.postTerminated({
              id,
              runId,
              exception: failure ? describeCause(cause) : null,
              errorClassOnException: (cause as { errorClass?: string } | undefined)?.errorClass ?? null,
            });
          });
        },
      });
      const resumed = await micro.recover();

      if (!existing) await writeStreamMetadata(session.fs, checkpoint, { id });
      await sink.open?.(resumed);
      const owned = execution;
      query = new StreamingQuery(session, id, runId, name, checkpoint, micro, async () => {
        owned.close();
        release();
        if (temporary) await session.fs.delete(checkpoint!);
      });
      session.streams.register(query);
      session.streams.postStarted({ id, runId, name, timestamp: new Date().toISOString() });
      micro.start();
      return query;
    } catch (error) {
      execution?.close();
      release();
      throw error;
    }
  }

  /** Sluice: `toTable(name)` writes to a memory table named `name`. */
  toTable(name: string): Promise<StreamingQuery> {
    return this.format("memory").queryName(name).start();
  }

  private createSource(
    session: SparkSession,
    relation: Relation,
    metadataDir: string,
    readColumns: ReadonlySet<string> | undefined,
  ): Source {
    if (relation.relation.type !== "stream") throw new Error("not a streaming relation");
    const { format, path, options, memoryStream } = relation.relation.source;
    if (format === "memory") return memoryStream as MemoryStream;
    if (format === "rate") return new RateStreamSource(session.db, session.fs, options, metadataDir);
    if (format === "rate-micro-batch") return new RatePerMicroBatchSource(session.db, options);
    return new FileStreamSource(
      session.fs,
      session.files,
      path!,
      format as DataFormat,
      relation.schema,
      options,
      metadataDir,
      readColumns,
    );
  }

  private createSink(
    session: SparkSession,
    df: DataFrame,
    format: string,
    outputPath: string | undefined,
    queryId: string,
  ): Sink {
    switch (format) {
      case "memory":
        return new MemorySink(session.db, this.name!, df.schema, queryId);
      case "console": {
        const numRows = Number(optionOf(this.extraOptions, "numRows") ?? 20);
        const truncate = booleanOption(this.extraOptions, "truncate", true);
        return new ConsoleSink(session.db, (text) => session.write(text, { queryId }), numRows, truncate);
      }
      case "noop":
        return new NoopSink();
      case "foreachBatch":
        return new ForeachBatchSink(session, this.batchFunction!);
      default:
        return new FileStreamSink(
          session.db,
          session.fs,
          outputPath!,
          format as DataFormat,
          this.extraOptions,
          this.partitionColumns,
        );
    }
  }
}

/** Spark's QueryTerminatedEvent.exception: the cause's message and stack. */
function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.stack ?? `${cause.name}: ${cause.message}`;
  return String(cause);
}
