/** `spark.streams`: the session's active queries and its listeners, and how a query starts. */

import { CommitLog } from "../checkpoint/CommitLog";
import { compactibleLogOptions } from "../checkpoint/CompactibleFileStreamLog";
import { OffsetSeqLog } from "../checkpoint/OffsetSeqLog";
import { readStreamMetadata, writeStreamMetadata } from "../checkpoint/StreamMetadata";
import type { StreamingQueryException } from "../errors";
import {
  allPartitionColumnsNotAllowed,
  checkpointInUse,
  checkpointLocationRequired,
  operationNotSupportPartitioning,
  outputModeUnsupportedByDataSource,
  partitionColumnNotFound,
  queryNameRequiredForMemorySink,
  recoverQueryFromCheckpointUnsupported,
} from "../errors/QueryCompilationErrors";
import {
  internalError,
  queryIdAlreadyActive,
  queryNameAlreadyActive,
  sinkPathNotSpecified,
  timeoutNotPositive,
} from "../errors/QueryExecutionErrors";
import { committedBatchUnavailable } from "../errors/StateDataSourceErrors";
import { DATA_FORMATS, type DataFormat } from "../io/DataFileReader";
import { joinPath, normalizePath } from "../io/FileSystem";
import { withSessionCodec } from "../io/PartFileWriter";
import { ConsoleSink } from "../sinks/ConsoleSink";
import { FileStreamSink } from "../sinks/FileStreamSink";
import { type ForeachBatchFunction, ForeachBatchSink } from "../sinks/ForeachBatchSink";
import { ForeachSink, type ForeachWriterLike } from "../sinks/ForeachSink";
import { KafkaSink } from "../sinks/KafkaSink";
import { MemorySink } from "../sinks/MemorySink";
import { NoopSink } from "../sinks/NoopSink";
import type { Sink } from "../sinks/Sink";
import { UserDefinedSink } from "../sinks/UserDefinedSink";
import { FileStreamSource } from "../sources/FileStreamSource";
import { KafkaSource } from "../sources/KafkaSource";
import type { MemoryStream } from "../sources/MemoryStream";
import { RatePerMicroBatchSource } from "../sources/RatePerMicroBatchSource";
import { RateStreamSource } from "../sources/RateStreamSource";
import { optionOf, type Source } from "../sources/Source";
import { TextSocketSource } from "../sources/TextSocketSource";
import { UserDefinedMicroBatchStream } from "../sources/UserDefinedMicroBatchStream";
import { checkContinuousIO, checkStreamingQuery } from "../sql/analysis/UnsupportedOperationChecker";
import type { DataFrame } from "../sql/api/DataFrame";
import { pushDownJoinPredicates } from "../sql/optimizer/PushDownJoinPredicates";
import { type LogicalPlan, planNodes } from "../sql/plan";
import { BatchHistory } from "../streaming/runtime/BatchHistory";
import { HISTORY_ENABLED_CONF } from "../streaming/runtime/BatchHistoryRecorder";
import type { Clock } from "../streaming/runtime/Clock";
import { requiredStreamColumns } from "../streaming/runtime/ColumnPruning";
import { IncrementalExecution } from "../streaming/runtime/IncrementalExecution";
import { MicroBatchExecution, type ReplayStep } from "../streaming/runtime/MicroBatchExecution";
import { operatorIdOrder, restoreConf } from "../streaming/runtime/OffsetSeqConf";
import type { OutputMode } from "../streaming/runtime/OutputMode";
import { StreamingQuery } from "../streaming/runtime/StreamingQuery";
import {
  QueryIdleEvent,
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
  type StreamingQueryListener,
} from "../streaming/runtime/StreamingQueryListener";
import type { Trigger } from "../streaming/runtime/Trigger";
import type { SparkSession } from "./SparkSession";

type Relation = Extract<LogicalPlan, { kind: "relation" }>;

/** What `writeStream` hands to startQuery: the query and everything its writer was told. */
export interface StartQueryParams {
  /** The name given with queryName: null where it was given as null (Spark's Some(null)), undefined if none. */
  readonly userSpecifiedName: string | null | undefined;
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
  /**
   * Sluice: the end offsets of the batches to run, in order (see replayQuery). Such a run is the notebook's, not
   * the user's: it is not among the active queries, its listeners hear nothing of it, and it keeps the history of
   * every batch it runs.
   */
  readonly replay?: readonly ReplayStep[];
}

/**
 * `spark.streams`: the session's streaming queries. List the active ones, find one by id, wait for any to
 * end, and add listeners that hear of every query's start, progress and end.
 */
export class StreamingQueryManager {
  private readonly queries = new Map<string, StreamingQuery>();
  /**
   * The rows each query's last stopped run keeps of its last batch for the notebook, by query id: freed when the
   * query runs again, so that restarts do not pile them up (the 10,000-batch soak restarts its query 44 times).
   * Only those rows are held here, not the stopped query.
   */
  private readonly keptRows = new Map<string, { release(): void }>();
  private readonly listeners: StreamingQueryListener[] = [];
  /** What each query was started with, so it can be run again (see replayQuery). */
  private readonly startedWith = new WeakMap<StreamingQuery, StartQueryParams>();
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

  /** The listeners added with `addListener` and not removed, in the order they were added. */
  listListeners(): StreamingQueryListener[] {
    return [...this.listeners];
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
    const failure = query?.exception();
    if (failure) throw failure;
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
   * The active run of the query with this id, in this session or another sharing its state (Spark's
   * sharedState.activeStreamingQueries).
   */
  private activeRun(id: string): StreamingQuery | undefined {
    return this.sparkSession.activeQueriesOfAllSessions.find((q) => q.id === id);
  }

  /** The active query whose checkpoint is `checkpoint`, if any. */
  private async activeRunOf(checkpoint: string): Promise<StreamingQuery | undefined> {
    const metadata = await readStreamMetadata(this.sparkSession.fs, checkpoint);
    return metadata && this.activeRun(metadata.id);
  }

  /**
   * Engine internal: what `writeStream.start()` does (Spark's DataStreamWriter.startInternal, createQuery and
   * startQuery). Checks the sink and the query, resolves the checkpoint (a temporary one for sinks Spark allows
   * to run once), clones the session for the query (taking the checkpoint's settings on a restart), creates the
   * sources, the sink and the incremental execution, recovers from the checkpoint and starts the micro-batch
   * loop; resolves once the query is registered.
   */
  async startQuery(params: StartQueryParams): Promise<StreamingQuery> {
    const { userSpecifiedName, df, sinkFormat: format } = params;
    const { outputMode, trigger } = params;
    const session = this.sparkSession;
    // The query's one source of time, kept for its whole run (Spark's triggerClock).
    const { clock } = session;
    const partitionColumns = checkSink(params);
    const { checkpoint, temporary } = this.resolveCheckpointLocation(params);
    if (!recoversFromCheckpoint(params) && (await session.fs.stat(joinPath(checkpoint, "offsets")))) {
      throw recoverQueryFromCheckpointUnsupported(joinPath(checkpoint, "offsets"));
    }
    checkStreamingQuery(df.plan, outputMode, trigger);
    if (trigger.kind === "continuous") checkContinuousIO(df.plan, format);
    // As Spark's userSpecifiedName.foreach: any given name, even "" or null (the name of an unnamed query).
    if (userSpecifiedName !== undefined && this.active.some((q) => q.name === userSpecifiedName)) {
      throw queryNameAlreadyActive(userSpecifiedName);
    }
    // A run of the same query (its checkpoint's id) still active: Spark stops it for the new run, unless
    // spark.sql.streaming.stopActiveRunOnRestart is off.
    const activeRun = await this.activeRunOf(checkpoint);
    if (activeRun) {
      if (!session.conf.getBoolean("spark.sql.streaming.stopActiveRunOnRestart")) {
        throw queryIdAlreadyActive(activeRun.id);
      }
      await activeRun.stop();
    }

    // A platform without cross-tab locks (Node) holds none; one with them may refuse (another tab has it).
    // Taken before the folder exists: a kernel starting in another tab meanwhile leaves a temporary one alone.
    const release = session.platform.tryLock
      ? await session.platform.tryLock(checkpointLockName(checkpoint))
      : () => {};
    if (release === undefined) {
      throw checkpointInUse(checkpoint);
    }
    let execution: IncrementalExecution | undefined;
    let sources: Source[] = [];
    try {
      // Everything is read and checked before anything is written: a query refused here leaves no trace.
      const existing = await readStreamMetadata(session.fs, checkpoint);
      if (existing && this.activeRun(existing.id)) {
        throw queryIdAlreadyActive(existing.id);
      }
      // The query's own session (Spark's sparkSessionForStream), with the checkpoint's settings on a restart.
      const streamSession = session.cloneSession();
      const logged = (await new OffsetSeqLog(session.fs, checkpoint).getLatest())?.metadata.metadata.conf;
      if (logged) restoreConf(streamSession.conf, logged);
      const { replay } = params;
      if (replay) {
        // What a replay is for is read from its history: on, and long enough for every batch replayed (the
        // history keeps minBatchesToRetain - 1 batches).
        const retain = streamSession.conf.getNumber("spark.sql.streaming.minBatchesToRetain");
        streamSession.conf.set("spark.sql.streaming.minBatchesToRetain", Math.max(retain, replay.length + 2));
        streamSession.conf.set(HISTORY_ENABLED_CONF, true);
      }
      // A replay is the notebook's own run: the user's listeners and spark.streams do not see it.
      const listened = !replay;

      const relations = streamingRelations(df.plan);
      const id = existing?.id ?? crypto.randomUUID();
      // What sources and sinks note (options they ignore, data skipped) goes to the query's output.
      const log = (message: string) => session.write(`WARN ${message}`, { queryId: id });
      const readColumns = requiredStreamColumns(df.plan);
      sources = relations.map(({ relation }, i) =>
        // Sources belong to the user's session (a socket server is the session's), not the query's clone.
        createSource(
          session,
          relation,
          joinPath(checkpoint, "sources", String(i)),
          readColumns.get(relation.id),
          clock,
          log,
        ),
      );
      for (const s of sources) await s.validate?.();
      execution = new IncrementalExecution(
        streamSession,
        // As Spark's optimizer: filters a join's condition implies go below its sides' watermarks.
        pushDownJoinPredicates(df.plan),
        outputMode,
        checkpoint,
        operatorIdOrder(logged),
      );

      const runId = crypto.randomUUID();
      const name = userSpecifiedName ?? null;
      const sink = createSink(streamSession, { ...params, partitionColumns }, id, log);
      let query: StreamingQuery | undefined;
      const micro = new MicroBatchExecution({
        session: streamSession,
        id,
        runId,
        name,
        checkpoint,
        sources,
        sink,
        execution,
        outputMode,
        trigger,
        relationIds: relations.map((r) => r.ids),
        schema: df.schema,
        clock,
        replay,
        onProgress: (progress) => listened && this.postProgress(new QueryProgressEvent(progress)),
        onIdle: (timestamp) => listened && this.postIdle(new QueryIdleEvent(id, runId, timestamp)),
        onTerminated: (failure, errorClass) => {
          void query!.terminate(failure).then(() => {
            if (!listened) return;
            this.terminated(query!);
            const cause = failure?.cause;
            this.postTerminated(
              new QueryTerminatedEvent(id, runId, failure ? describeCause(cause) : null, errorClass ?? null),
            );
          });
        },
      });
      const resumed = await micro.recover();

      if (temporary) {
        console.warn(
          `Temporary checkpoint location created which is deleted normally when the query didn't fail: ${checkpoint}. If it's required to delete it under any circumstances, please set spark.sql.streaming.forceDeleteTempCheckpointLocation to true. Important to know deleting temp checkpoint folder is best effort.`,
        );
      }
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
        async (failure) => {
          owned.close();
          // Spark deletes a temporary checkpoint when the query stops without an error, or always if asked to.
          const forceDelete = session.conf.getBoolean(
            "spark.sql.streaming.forceDeleteTempCheckpointLocation",
          );
          if (!temporary) return release();
          if (!failure || forceDelete) {
            try {
              await session.fs.delete(checkpoint);
            } finally {
              release();
            }
            return;
          }
          // A failed query's temporary checkpoint is kept, as Spark keeps it, for the user to look into (its
          // offsets, state and batch history). Its lock stays held for as long as this kernel lives, so no other
          // tab's start removes it from under the user. Once the tab is closed or reloaded the browser lets go
          // of the lock and the next kernel to start removes the folder (StreamingQueryManager's
          // TEMPORARY_CHECKPOINT_PREFIX, the kernel's removeUnheldFolders): what the user loses then is only
          // that post-mortem, since no notebook refers to the random path any more and a temporary checkpoint is
          // never restarted from (a new run gets a new one). A checkpointLocation keeps a run for good.
        },
        clock,
      );
      this.startedWith.set(query, params);
      if (listened) {
        this.register(query);
        this.postStarted(
          new QueryStartedEvent(id, runId, name, new Date(clock.getTimeMillis()).toISOString()),
        );
      }
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

  /** Engine internal: what `query` was started with (its plan, sink and options), for running it again. */
  startParamsOf(query: StreamingQuery): StartQueryParams | undefined {
    return this.startedWith.get(query);
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

  /**
   * Spark's ResolveWriteToStream.resolveCheckpointLocation: the `checkpointLocation` option, else
   * `spark.sql.streaming.checkpointLocation`/<query name or a random id>, else a temporary directory for the
   * sinks Spark allows to run without one (deleted when the query stops without an error).
   */
  private resolveCheckpointLocation(params: StartQueryParams): { checkpoint: string; temporary: boolean } {
    const configured = this.sparkSession.conf.getOption("spark.sql.streaming.checkpointLocation");
    const option = optionOf(params.extraOptions, "checkpointLocation");
    if (option) return { checkpoint: normalizePath(option), temporary: false };
    if (configured) {
      const name = params.userSpecifiedName ?? crypto.randomUUID();
      return { checkpoint: normalizePath(joinPath(configured, name)), temporary: false };
    }
    if (!SINKS_ALLOWING_TEMPORARY_CHECKPOINT.includes(params.sinkFormat)) throw checkpointLocationRequired();
    return {
      checkpoint: `${TEMPORARY_CHECKPOINT_DIR}/${TEMPORARY_CHECKPOINT_PREFIX}${crypto.randomUUID()}`,
      temporary: true,
    };
  }

  /** Engine internal: adds a started query to the active ones. */
  register(query: StreamingQuery): void {
    this.keptRows.get(query.id)?.release();
    this.keptRows.delete(query.id);
    this.queries.set(query.id, query);
  }

  /** Called when a query ends: unregisters it and wakes awaitAnyTermination. */
  terminated(query: StreamingQuery): void {
    this.queries.delete(query.id);
    this.keptRows.set(query.id, query.latestBatchRows);
    const failure = query.exception();
    if (failure) this.lastTerminatedWithException = failure;
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
  if (relation.relation.type !== "stream") throw internalError("not a streaming relation");
  const { format, path, options, memoryStream } = relation.relation.source;
  if (format === "memory") return memoryStream as MemoryStream;
  if (format === "kafka")
    return new KafkaSource({ session, options, metadataDir, clock: () => clock.getTimeMillis(), log });
  if (format === "socket") return new TextSocketSource(session, options, log);
  if (format === "rate") return new RateStreamSource(session.db, session.fs, options, metadataDir, clock);
  if (format === "rate-micro-batch") return new RatePerMicroBatchSource(session.db, options);
  const userDefined = DATA_FORMATS.includes(format as DataFormat)
    ? undefined
    : session.dataSource.lookup(format);
  if (userDefined) return new UserDefinedMicroBatchStream(session, userDefined, relation.schema, options);
  return new FileStreamSource(
    session.fs,
    session.files,
    path!,
    format as DataFormat,
    relation.schema,
    options,
    metadataDir,
    compactibleLogOptions(session.conf, "fileSource"),
    session.conf.getBoolean("spark.sql.streaming.fileStreamSink.ignoreMetadata"),
    readColumns,
  );
}

/** Spark's DataStreamWriter.SOURCES_ALLOW_ONE_TIME_QUERY: sinks that may run on a temporary checkpoint. */
/**
 * Where temporary checkpoints go (Spark's `Utils.createTempDir(namePrefix = "temporary")`): a folder of their
 * own under /tmp named with this prefix, removed when its query stops, and by the notebook's kernel as it starts
 * when left behind by a closed tab (no kernel holds its checkpointLockName).
 */
export const TEMPORARY_CHECKPOINT_DIR = "/tmp";
export const TEMPORARY_CHECKPOINT_PREFIX = "temporary-";

/** The cross-tab lock a running query holds on its checkpoint (a temporary one from before it exists). */
export function checkpointLockName(checkpoint: string): string {
  return `sluice-checkpoint:${checkpoint}`;
}

const SINKS_ALLOWING_TEMPORARY_CHECKPOINT = ["memory", "foreach", "foreachBatch", "console", "noop"];

/** A memory sink keeps its rows in the session only: it can take up its checkpoint again in complete mode only. */
function recoversFromCheckpoint(params: StartQueryParams): boolean {
  return params.sinkFormat !== "memory" || params.outputMode === "complete";
}

/**
 * Spark's sink checks (DataStreamWriter.startInternal and DataSource.createSink): memory needs a query name,
 * memory and foreach sinks take no partitioning, a file sink needs a path and append mode, and partition
 * columns must be columns of the query (named as the query names them, as Spark normalises them).
 */
function checkSink(params: StartQueryParams): string[] {
  const { sinkFormat: format, partitionColumns, df } = params;
  if (["memory", "foreach", "foreachBatch"].includes(format) && partitionColumns.length > 0) {
    throw operationNotSupportPartitioning(format);
  }
  if (format === "memory" && !params.userSpecifiedName) throw queryNameRequiredForMemorySink();
  if (!DATA_FORMATS.includes(format as DataFormat)) return [...partitionColumns];
  if (!params.outputPath) throw sinkPathNotSpecified();
  const normalized = partitionColumns.map((c) => {
    const field = df.schema.field(c);
    if (!field) throw partitionColumnNotFound(c, df.schema.fieldNames);
    return field.name;
  });
  if (params.outputMode !== "append") {
    throw outputModeUnsupportedByDataSource(params.outputMode, format);
  }
  if (normalized.length > 0 && normalized.length === df.schema.fields.length) {
    throw allPartitionColumnsNotAllowed();
  }
  return normalized;
}

/**
 * The distinct streaming relations of a plan, each with the plan id of every place it appears: a DataFrame
 * unioned or joined with itself, or a MemoryStream read twice, is one source (as Spark maps one
 * StreamingRelation to one source), whose rows every appearance reads (and counts, as Spark counts them).
 */
function streamingRelations(plan: LogicalPlan): { relation: Relation; ids: number[] }[] {
  const out: { relation: Relation; ids: number[]; key: unknown }[] = [];
  for (const n of planNodes(plan)) {
    if (n.kind !== "relation" || n.relation.type !== "stream") continue;
    const key = n.relation.source.memoryStream ?? n.id;
    const seen = out.find((r) => r.key === key);
    if (!seen) out.push({ relation: n, ids: [n.id], key });
    else seen.ids.push(n.id);
  }
  return out.map(({ relation, ids }) => ({ relation, ids }));
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
    case "console":
      return new ConsoleSink(
        session.db,
        (text) => session.write(text, { queryId }),
        extraOptions,
        () => session.conf.get("spark.sql.session.timeZone"),
      );
    case "noop":
      return new NoopSink();
    case "foreachBatch":
      return new ForeachBatchSink(session, params.foreachBatch!);
    case "foreach":
      return new ForeachSink(session, params.foreachWriter!);
    default: {
      const userDefined = DATA_FORMATS.includes(sinkFormat as DataFormat)
        ? undefined
        : session.dataSource.lookup(sinkFormat);
      if (userDefined) {
        const options = params.outputPath ? { ...extraOptions, path: params.outputPath } : extraOptions;
        return new UserDefinedSink(session, userDefined, sinkFormat, df.schema, options);
      }
      return new FileStreamSink(
        session.db,
        session.fs,
        params.outputPath!,
        sinkFormat as DataFormat,
        withSessionCodec(extraOptions, session.conf),
        compactibleLogOptions(session.conf, "fileSink"),
        params.partitionColumns,
      );
    }
  }
}

/** Spark's QueryTerminatedEvent.exception: the cause's message and stack. */
function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.stack ?? `${cause.name}: ${cause.message}`;
  return String(cause);
}
