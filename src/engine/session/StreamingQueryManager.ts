/** `spark.streams`: the session's active queries and its listeners, and how a query starts. */

import { CommitLog } from "../checkpoint/CommitLog";
import { compactibleLogOptions } from "../checkpoint/CompactibleFileStreamLog";
import { readStreamMetadata, writeStreamMetadata } from "../checkpoint/StreamMetadata";
import type { StreamingQueryException } from "../errors";
import {
  checkpointInUse,
  checkpointLocationRequired,
  outputModeUnsupportedByDataSource,
  partitionColumnNotFound,
  queryNameRequiredForMemorySink,
} from "../errors/QueryCompilationErrors";
import {
  queryIdAlreadyActive,
  queryNameAlreadyActive,
  sinkPathNotSpecified,
  timeoutNotPositive,
} from "../errors/QueryExecutionErrors";
import { committedBatchUnavailable } from "../errors/StateDataSourceErrors";
import { DATA_FORMATS, type DataFormat } from "../io/DataFileReader";
import { joinPath, normalizePath } from "../io/FileSystem";
import { ConsoleSink } from "../sinks/ConsoleSink";
import { FileStreamSink } from "../sinks/FileStreamSink";
import { type ForeachBatchFunction, ForeachBatchSink } from "../sinks/ForeachBatchSink";
import { ForeachSink, type ForeachWriterLike } from "../sinks/ForeachSink";
import { KafkaSink } from "../sinks/KafkaSink";
import { MemorySink } from "../sinks/MemorySink";
import { NoopSink } from "../sinks/NoopSink";
import type { Sink } from "../sinks/Sink";
import { FileStreamSource } from "../sources/FileStreamSource";
import { KafkaSource } from "../sources/KafkaSource";
import type { MemoryStream } from "../sources/MemoryStream";
import { RatePerMicroBatchSource } from "../sources/RatePerMicroBatchSource";
import { RateStreamSource } from "../sources/RateStreamSource";
import { booleanOption, optionOf, type Source } from "../sources/Source";
import { TextSocketSource } from "../sources/TextSocketSource";
import { checkContinuousIO, checkStreamingQuery } from "../sql/analysis/UnsupportedOperationChecker";
import type { DataFrame } from "../sql/api/DataFrame";
import { type LogicalPlan, planNodes } from "../sql/plan";
import { BatchHistory } from "../streaming/runtime/BatchHistory";
import type { Clock } from "../streaming/runtime/Clock";
import { requiredStreamColumns } from "../streaming/runtime/ColumnPruning";
import { IncrementalExecution } from "../streaming/runtime/IncrementalExecution";
import { MicroBatchExecution } from "../streaming/runtime/MicroBatchExecution";
import type { OutputMode } from "../streaming/runtime/OutputMode";
import { StreamingQuery } from "../streaming/runtime/StreamingQuery";
import type {
  QueryIdleEvent,
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
  StreamingQueryListener,
} from "../streaming/runtime/StreamingQueryListener";
import type { Trigger } from "../streaming/runtime/Trigger";
import type { SparkSession } from "./SparkSession";

type Relation = Extract<LogicalPlan, { kind: "relation" }>;

/** What `writeStream` hands to startQuery: the query and everything its writer was told. */
export interface StartQueryParams {
  readonly userSpecifiedName: string | undefined;
  /** The resolved streaming DataFrame. */
  readonly df: DataFrame;
  readonly extraOptions: Readonly<Record<string, string>>;
  /** The sink's format: "memory", "console", "noop", "foreach", "foreachBatch", "kafka" or a file format. */
  readonly sinkFormat: string;
  /** A file sink's output directory. */
  readonly outputPath: string | undefined;
  readonly partitionColumns: readonly string[];
  readonly foreachBatch: ForeachBatchFunction | undefined;
  /** `foreach(writer)`'s writer. */
  readonly foreachWriter?: ForeachWriterLike;
  readonly outputMode: OutputMode;
  readonly trigger: Trigger;
}

/**
 * `spark.streams`: the session's streaming queries. List the active ones, find one by id, wait for any to
 * end, and add listeners that hear of every query's start, progress and end.
 */
export class StreamingQueryManager {
  private readonly queries = new Map<string, StreamingQuery>();
  private readonly listeners: StreamingQueryListener[] = [];
  private anyTerminated: Promise<StreamingQuery>;
  private resolveAnyTerminated!: (q: StreamingQuery) => void;
  private lastTerminatedWithException: StreamingQueryException | undefined;

  constructor(
    /** The session whose queries these are. */
    readonly sparkSession: SparkSession,
  ) {
    this.anyTerminated = this.newTerminationPromise();
  }

  /** The queries of the session that are running now. */
  get active(): StreamingQuery[] {
    return [...this.queries.values()];
  }

  /** The active query with this id, or null. */
  get(id: string): StreamingQuery | null {
    return this.queries.get(id) ?? null;
  }

  /**
   * Adds a listener: its `onQueryStarted`, `onQueryProgress`, `onQueryIdle` and `onQueryTerminated` are called
   * for every query of the session.
   */
  addListener(listener: StreamingQueryListener): void {
    this.listeners.push(listener);
  }

  /** Removes a listener added with `addListener`. */
  removeListener(listener: StreamingQueryListener): void {
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  /**
   * Waits until any query of the session has ended since the session began or since `resetTerminated()`;
   * rejects with its exception where it failed. With a timeout in milliseconds, resolves to whether one ended.
   */
  async awaitAnyTermination(timeoutMs?: number): Promise<boolean> {
    if (this.lastTerminatedWithException) throw this.lastTerminatedWithException;
    if (timeoutMs !== undefined && !(timeoutMs > 0)) throw timeoutNotPositive();
    const { clock } = this.sparkSession;
    const timeout = new AbortController();
    const query = await (timeoutMs === undefined
      ? this.anyTerminated
      : Promise.race([
          this.anyTerminated,
          clock.waitTillTime(clock.getTimeMillis() + timeoutMs, timeout.signal).then(() => undefined),
        ]));
    timeout.abort();
    if (query?.exception) throw query.exception;
    return query !== undefined;
  }

  /** Forgets past terminations, so awaitAnyTermination waits for a new one. */
  resetTerminated(): void {
    this.lastTerminatedWithException = undefined;
    this.anyTerminated = this.newTerminationPromise();
  }

  /** Stops every active query (Sluice; `spark.stop()` calls it). */
  async stopAll(): Promise<void> {
    await Promise.all(this.active.map((q) => q.stop()));
  }

  /**
   * Engine internal: what `writeStream.start()` does (Spark's startQuery). Checks the query and its sink,
   * resolves the checkpoint, creates the sources, the sink and the incremental execution, recovers from the
   * checkpoint and starts the micro-batch loop; resolves once the query is registered.
   */
  async startQuery(params: StartQueryParams): Promise<StreamingQuery> {
    const { userSpecifiedName, df, extraOptions, sinkFormat: format, outputPath, partitionColumns } = params;
    const { outputMode, trigger } = params;
    const session = this.sparkSession;
    // The query's one source of time, kept for its whole run (Spark's triggerClock).
    const { clock } = session;
    checkStreamingQuery(df.plan, outputMode, trigger);
    if (trigger.kind === "continuous") checkContinuousIO(df.plan, format);
    const isFileSink = DATA_FORMATS.includes(format as DataFormat);
    if (isFileSink && !outputPath) throw sinkPathNotSpecified();
    if (isFileSink && outputMode !== "append") {
      throw outputModeUnsupportedByDataSource(`${outputMode[0].toUpperCase()}${outputMode.slice(1)}`, format);
    }
    if (format === "memory" && !userSpecifiedName) throw queryNameRequiredForMemorySink();
    for (const c of partitionColumns) {
      if (!df.schema.field(c)) throw partitionColumnNotFound(c, df.schema.simpleString());
    }
    if (userSpecifiedName && this.active.some((q) => q.name === userSpecifiedName)) {
      throw queryNameAlreadyActive(userSpecifiedName);
    }

    // Checkpoint: the option, else spark.sql.streaming.checkpointLocation/<name>, else temporary (memory,
    // console and noop sinks only, as in Spark).
    const configured = session.conf.getOption("spark.sql.streaming.checkpointLocation");
    let checkpoint = optionOf(extraOptions, "checkpointLocation");
    if (!checkpoint && configured)
      checkpoint = joinPath(configured, userSpecifiedName ?? crypto.randomUUID());
    const temporary = !checkpoint;
    if (temporary) {
      if (!["memory", "console", "noop"].includes(format)) {
        throw checkpointLocationRequired();
      }
      checkpoint = `/tmp/temporary-${crypto.randomUUID()}`;
    }
    checkpoint = normalizePath(checkpoint!);

    // A platform without cross-tab locks (Node) holds none; one with them may refuse (another tab has it).
    const release = session.platform.tryLock
      ? await session.platform.tryLock(`sluice-checkpoint:${checkpoint}`)
      : () => {};
    if (release === undefined) {
      throw checkpointInUse(checkpoint);
    }
    let execution: IncrementalExecution | undefined;
    let sources: Source[] = [];
    try {
      // Everything is read and checked before anything is written: a query refused here leaves no trace.
      const existing = await readStreamMetadata(session.fs, checkpoint);
      if (existing && this.get(existing.id)) {
        throw queryIdAlreadyActive(existing.id);
      }
      const relations = planNodes(df.plan).filter(
        (n): n is Relation => n.kind === "relation" && n.relation.type === "stream",
      );
      const id = existing?.id ?? crypto.randomUUID();
      // What sources and sinks note (options they ignore, data skipped) goes to the query's output.
      const log = (message: string) => session.write(`WARN ${message}`, { queryId: id });
      const readColumns = requiredStreamColumns(df.plan);
      sources = relations.map((r, i) =>
        createSource(
          session,
          r,
          joinPath(checkpoint!, "sources", String(i)),
          readColumns.get(r.id),
          clock,
          log,
        ),
      );
      for (const s of sources) await s.validate?.();
      execution = new IncrementalExecution(session, df.plan, outputMode, checkpoint);

      const runId = crypto.randomUUID();
      const name = userSpecifiedName ?? null;
      const sink = createSink(session, params, id, log);
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
        outputMode,
        trigger,
        relationIds: relations.map((r) => r.id),
        schema: df.schema,
        clock,
        onProgress: (progress) => this.postProgress({ progress }),
        onIdle: (timestamp) => this.postIdle({ id, runId, timestamp }),
        onTerminated: (failure) => {
          void query!.terminate(failure).then(() => {
            this.terminated(query!);
            const cause = failure?.cause;
            this.postTerminated({
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
      query = new StreamingQuery(
        session,
        id,
        runId,
        name,
        checkpoint,
        micro,
        async () => {
          owned.close();
          release();
          if (temporary) await session.fs.delete(checkpoint!);
        },
        clock,
      );
      this.register(query);
      this.postStarted({ id, runId, name, timestamp: new Date(clock.getTimeMillis()).toISOString() });
      micro.start();
      return query;
    } catch (error) {
      execution?.close();
      // A socket source connected by validate() lets go of its server.
      for (const s of sources) await s.stop().catch(() => undefined);
      release();
      throw error;
    }
  }

  /**
   * Sluice: the batch history of a query's checkpoint, for a query that is not running (a running one answers
   * `query.batch(n)` itself): `batch(n)` and `batchIds()`. Throws where the checkpoint has no committed batch.
   */
  async history(checkpointLocation: string): Promise<BatchHistory> {
    const checkpoint = normalizePath(checkpointLocation);
    if (!(await new CommitLog(this.sparkSession.fs, checkpoint).getLatest()))
      throw committedBatchUnavailable(checkpoint);
    return new BatchHistory(this.sparkSession, checkpoint);
  }

  /** Engine internal: adds a started query to the active ones. */
  register(query: StreamingQuery): void {
    this.queries.set(query.id, query);
  }

  /** Called when a query ends: unregisters it and wakes awaitAnyTermination. */
  terminated(query: StreamingQuery): void {
    this.queries.delete(query.id);
    if (query.exception) this.lastTerminatedWithException = query.exception;
    this.resolveAnyTerminated(query);
  }

  /** Engine internal: tells the listeners a query started. */
  postStarted(event: QueryStartedEvent): void {
    this.post((l) => l.onQueryStarted?.(event));
  }

  /** Engine internal: tells the listeners a trigger made progress. */
  postProgress(event: QueryProgressEvent): void {
    this.post((l) => l.onQueryProgress?.(event));
  }

  /** Engine internal: tells the listeners a query found no new data. */
  postIdle(event: QueryIdleEvent): void {
    this.post((l) => l.onQueryIdle?.(event));
  }

  /** Engine internal: tells the listeners a query ended. */
  postTerminated(event: QueryTerminatedEvent): void {
    this.post((l) => l.onQueryTerminated?.(event));
  }

  /** A listener that throws does not stop the query or the other listeners, as on Spark's listener bus. */
  private post(deliver: (listener: StreamingQueryListener) => void): void {
    for (const listener of this.listeners) {
      try {
        deliver(listener);
      } catch (error) {
        console.error("A StreamingQueryListener threw:", error);
      }
    }
  }

  private newTerminationPromise(): Promise<StreamingQuery> {
    return new Promise((resolve) => {
      this.resolveAnyTerminated = resolve;
    });
  }
}

function createSource(
  session: SparkSession,
  relation: Relation,
  metadataDir: string,
  readColumns: ReadonlySet<string> | undefined,
  clock: Clock,
  log: (message: string) => void,
): Source {
  if (relation.relation.type !== "stream") throw new Error("not a streaming relation");
  const { format, path, options, memoryStream } = relation.relation.source;
  if (format === "memory") return memoryStream as MemoryStream;
  if (format === "kafka")
    return new KafkaSource({ session, options, metadataDir, clock: () => clock.getTimeMillis(), log });
  if (format === "socket") return new TextSocketSource(session, options, log);
  if (format === "rate") return new RateStreamSource(session.db, session.fs, options, metadataDir, clock);
  if (format === "rate-micro-batch") return new RatePerMicroBatchSource(session.db, options);
  return new FileStreamSource(
    session.fs,
    session.files,
    path!,
    format as DataFormat,
    relation.schema,
    options,
    metadataDir,
    compactibleLogOptions(session.conf, "fileSource"),
    readColumns,
  );
}

function createSink(
  session: SparkSession,
  params: StartQueryParams,
  queryId: string,
  log: (message: string) => void,
): Sink {
  const { sinkFormat, extraOptions, df } = params;
  switch (sinkFormat) {
    case "kafka":
      return new KafkaSink(session, extraOptions, df.schema, log);
    case "memory":
      return new MemorySink(session.db, params.userSpecifiedName!, df.schema, queryId);
    case "console": {
      const numRows = Number(optionOf(extraOptions, "numRows") ?? 20);
      const truncate = booleanOption(extraOptions, "truncate", true);
      return new ConsoleSink(session.db, (text) => session.write(text, { queryId }), numRows, truncate);
    }
    case "noop":
      return new NoopSink();
    case "foreachBatch":
      return new ForeachBatchSink(session, params.foreachBatch!);
    case "foreach":
      return new ForeachSink(session, params.foreachWriter!);
    default:
      return new FileStreamSink(
        session.db,
        session.fs,
        params.outputPath!,
        sinkFormat as DataFormat,
        extraOptions,
        compactibleLogOptions(session.conf, "fileSink"),
        params.partitionColumns,
      );
  }
}

/** Spark's QueryTerminatedEvent.exception: the cause's message and stack. */
function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.stack ?? `${cause.name}: ${cause.message}`;
  return String(cause);
}
