/**
 * Spark's MicroBatchExecution: the loop that plans, runs and commits micro-batches. Per trigger, as Spark: ask
 * each source how far its data goes; where there is new data, write offsets/N (the write-ahead log) before
 * anything runs; read exactly the data between the previous offsets and N; let state and sink take batch N
 * idempotently; write commits/N. A batch with offsets but no commit is run again with the same offsets after a
 * restart, so output is exactly-once.
 */

import { CommitLog } from "../../checkpoint/CommitLog";
import { type OffsetSeq, OffsetSeqLog } from "../../checkpoint/OffsetSeqLog";
import { CorruptCheckpointError, StreamingQueryException } from "../../errors";
import {
  checkpointStateFormat,
  concurrentStreamLogUpdate,
  sourceCountChanged,
} from "../../errors/QueryExecutionErrors";
import type { SparkSession } from "../../session/SparkSession";
import type { BatchOutput, Sink } from "../../sinks/Sink";
import { FileStreamSource } from "../../sources/FileStreamSource";
import { EMPTY_BATCH, type ReadLimit, type Source, type SourceBatch } from "../../sources/Source";
import type { Row } from "../../sql/api/rows";
import type { MicroBatchExecutionPlan } from "../../sql/execution/explain";
import type { StructType } from "../../sql/types";
import { BatchHistoryRecorder } from "./BatchHistoryRecorder";
import { type Clock, SystemClock } from "./Clock";
import type { IncrementalExecution } from "./IncrementalExecution";
import { type BatchPage, LatestBatchRows } from "./LatestBatchRows";
import { loggedConf, STATE_KEY_FORMAT_CONF, STATE_KEY_FORMAT_VERSION } from "./OffsetSeqConf";
import type { OutputMode } from "./OutputMode";
import { ProgressReporter, type SourceReport } from "./ProgressReporter";
import type { StateOperatorProgress, StreamingQueryProgress, StreamingQueryStatus } from "./progress";
import { nextBatchTime, progressTriggerOf, type Trigger } from "./Trigger";
import { timeStringAsMs } from "./timeStrings";
import type { WatchedSource } from "./WaitingFor";

/** The pause between idle triggers runs on the wall clock, whatever the query's clock (runLoop says why). */
const WALL_CLOCK = new SystemClock();

export interface ExecutionParams {
  session: SparkSession;
  id: string;
  runId: string;
  name: string | null;
  checkpoint: string;
  sources: readonly Source[];
  sink: Sink;
  execution: IncrementalExecution;
  outputMode: OutputMode;
  trigger: Trigger;
  /** Per source, the plan ids of the streaming relations that read it (more than one: a self-union or join). */
  relationIds: readonly (readonly number[])[];
  schema: StructType;
  /** The session's clock (Spark's triggerClock): trigger times, batch timestamps, the waits between triggers. */
  clock: Clock;
  /**
   * Sluice: the end offsets of each batch with new data to run, in order (another query's offsets/N, to run its
   * input again in another output mode). After each, where its step allows, the no-data batches this query's
   * operators ask for run, as they would have; the query stops after the last.
   */
  replay?: readonly ReplayStep[];
  /**
   * Called once the query ends, however it ends; with the error class of what failed it (Spark's
   * errorClassOnException: the error raised, before a foreach function's own error is unwrapped as the cause).
   */
  onTerminated(error: StreamingQueryException | undefined, errorClass?: string): void;
  onProgress(progress: StreamingQueryProgress): void;
  /** An idle trigger was recorded (at most every noDataProgressEventInterval). */
  onIdle(timestamp: string): void;
}

/** Per source, the offset a batch reads up to (undefined: nothing read from it yet). */
export type Offsets = readonly (string | undefined)[];

/** One step of a replay: a batch with new data read to `ends`, and whether no-data batches may follow it. */
export interface ReplayStep {
  ends: Offsets;
  /** False where the original read its next data at once: no trigger between could have been a no-data batch. */
  noDataAfter: boolean;
}

export class MicroBatchExecution {
  private readonly offsetLog: OffsetSeqLog;
  private readonly commitLog: CommitLog;
  private readonly reporter: ProgressReporter;
  private readonly clock: Clock;
  /** Where the next batch starts: the end offsets of the last committed batch, per source. */
  private committed: Offsets;
  /** The batch to run next. */
  private currentBatchId = 0;
  /** A batch already in the offset log (found on restart without its commit): run it with exactly these. */
  private constructed: OffsetSeq | undefined;
  /** Trigger.AvailableNow: where sources without their own support for it stop (by source index). */
  private readonly availableNowEnds = new Map<number, string | undefined>();
  private stopRequested = false;
  /** Aborted by stop(): ends a wait between triggers at once. */
  private readonly stopping = new AbortController();
  private triggersStarted = 0;
  /** Whether a batch has run since this start (only then may a batch without new data follow). */
  private ranBatch = false;
  /** The id of the last batch this run ran (Spark's lastExecution's), undefined before the first. */
  private lastBatchId: number | undefined;
  /** processAllAvailable callers, each waiting for an idle trigger that started after it asked. */
  private idleWaiters: { afterTrigger: number; resolve: () => void }[] = [];
  /** The latest batch's input and output rows, for the notebook's tables. */
  private readonly latestBatch: LatestBatchRows;
  /** Records each committed batch into history/N, unless sluice.sql.streaming.history.enabled is false. */
  private readonly history: BatchHistoryRecorder | undefined;
  finished: Promise<void> | undefined;
  status: StreamingQueryStatus = {
    message: "Initializing sources",
    isDataAvailable: false,
    isTriggerActive: false,
  };

  constructor(private readonly p: ExecutionParams) {
    const { session } = p;
    this.clock = p.clock;
    this.offsetLog = new OffsetSeqLog(session.fs, p.checkpoint);
    this.commitLog = new CommitLog(session.fs, p.checkpoint);
    this.reporter = new ProgressReporter({
      id: p.id,
      runId: p.runId,
      name: p.name,
      sinkDescription: p.sink.description,
      trigger: progressTriggerOf(p.trigger),
      capacity: session.conf.getNumber("spark.sql.streaming.numRecentProgressUpdates"),
      noDataProgressEventIntervalMs: timeStringAsMs(
        session.conf.get("spark.sql.streaming.noDataProgressEventInterval"),
      ),
      clock: this.clock,
      onProgress: p.onProgress,
      onIdle: p.onIdle,
    });
    this.committed = p.sources.map(() => undefined);
    this.latestBatch = new LatestBatchRows(session);
    this.history = BatchHistoryRecorder.enabled(session)
      ? new BatchHistoryRecorder(session, p.checkpoint)
      : undefined;
    p.execution.lateRows = this.history?.lateRows;
  }

  /** What the last batch of this run ran (Spark's `lastExecution`), for `explain`; undefined before the first. */
  get lastExecution(): MicroBatchExecutionPlan | undefined {
    if (this.lastBatchId === undefined) return undefined;
    const sources = new Map<number, string>();
    this.p.relationIds.forEach((ids, i) => {
      for (const id of ids) sources.set(id, this.p.sources[i].description);
    });
    const mode = this.p.outputMode;
    return {
      plan: this.p.execution.plan,
      batchId: this.lastBatchId,
      queryId: this.p.id,
      outputMode: mode.charAt(0).toUpperCase() + mode.slice(1),
      sink: this.p.sink.description,
      sources,
      checkpointLocation: this.p.checkpoint,
      runId: this.p.runId,
      operatorWatermarks: this.p.execution.lastOperatorWatermarks,
    };
  }

  /** The sink as progress describes it ("MemorySink", "FileSink[/out]", ...). */
  get sinkDescription(): string {
    return this.p.sink.description;
  }

  get recentProgress(): StreamingQueryProgress[] {
    return this.reporter.recentProgress;
  }

  get lastProgress(): StreamingQueryProgress | null {
    return this.reporter.lastProgress;
  }

  /**
   * Reads the checkpoint (Spark's populateStartOffsets): which batch runs next, from which offsets, and the
   * state as of the last committed batch. Returns whether the checkpoint had run batches before. A checkpoint
   * whose logs contradict each other is refused, naming the file, rather than silently started over.
   */
  async recover(): Promise<boolean> {
    const latest = await this.offsetLog.getLatest();
    const latestCommit = await this.commitLog.getLatest();
    if (!latest) {
      if (latestCommit) {
        throw new CorruptCheckpointError(
          this.commitLog.pathOf(latestCommit.batchId),
          `the commit has no offset log (${this.offsetLog.dir} is empty)`,
        );
      }
      await this.p.execution.restore(undefined);
      return false;
    }
    const { batchId, metadata } = latest;
    if (metadata.offsets.length !== this.p.sources.length) {
      throw sourceCountChanged(metadata.offsets.length, this.p.sources.length);
    }
    if (
      this.p.execution.operators.length > 0 &&
      metadata.metadata.conf[STATE_KEY_FORMAT_CONF] !== STATE_KEY_FORMAT_VERSION
    ) {
      throw checkpointStateFormat(
        this.p.checkpoint,
        this.offsetLog.pathOf(batchId),
        STATE_KEY_FORMAT_CONF,
        metadata.metadata.conf[STATE_KEY_FORMAT_CONF] ?? "none",
        STATE_KEY_FORMAT_VERSION,
      );
    }
    if (latestCommit && latestCommit.batchId > batchId) {
      throw new CorruptCheckpointError(
        this.commitLog.pathOf(latestCommit.batchId),
        `the offset log ends at ${this.offsetLog.pathOf(batchId)}, before this commit`,
      );
    }
    if (latestCommit?.batchId === batchId) {
      this.committed = metadata.offsets;
      this.currentBatchId = batchId + 1;
      this.p.execution.restoreWatermark(
        metadata.metadata.batchWatermarkMs,
        latestCommit.metadata.nextBatchWatermarkMs,
      );
      await this.p.execution.restore(batchId);
      return true;
    }
    // offsets/N without commits/N: batch N runs again, from batch N-1's end offsets.
    const previous = batchId > 0 ? await this.offsetLog.get(batchId - 1) : undefined;
    if (batchId > 0 && !previous) {
      throw new CorruptCheckpointError(
        this.offsetLog.pathOf(batchId - 1),
        `the file is missing, and batch ${batchId} must run again from the offsets it held`,
      );
    }
    this.committed = previous?.offsets ?? this.p.sources.map(() => undefined);
    this.currentBatchId = batchId;
    this.constructed = metadata;
    this.p.execution.restoreWatermark(
      previous?.metadata.batchWatermarkMs ?? 0,
      metadata.metadata.batchWatermarkMs,
    );
    await this.p.execution.restore(batchId > 0 ? batchId - 1 : undefined);
    return true;
  }

  /** Starts the trigger loop; `finished` settles when the query ends. */
  start(): void {
    this.finished = this.runLoop();
  }

  /** Asks the loop to stop after the batch in progress, and waits for it. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    this.stopping.abort();
    await this.finished;
  }

  /** Resolves at the first trigger, started after this call, that finds no new data (or when the query ends). */
  waitForIdle(): Promise<void> {
    return new Promise((resolve) => this.idleWaiters.push({ afterTrigger: this.triggersStarted, resolve }));
  }

  async latestInput(offset: number, limit: number): Promise<BatchPage | undefined> {
    return this.latestBatch.inputPage(offset, limit);
  }

  async latestOutput(offset: number, limit: number): Promise<BatchPage | undefined> {
    return this.latestBatch.outputPage(offset, limit);
  }

  /** The latest batch's rows, which a stopped run keeps until its query runs again. */
  get latestBatchRows(): LatestBatchRows {
    return this.latestBatch;
  }

  private setStatus(change: Partial<StreamingQueryStatus>): void {
    this.status = { ...this.status, ...change };
  }

  private async runLoop(): Promise<void> {
    let failure: StreamingQueryException | undefined;
    let errorClass: string | undefined;
    try {
      const { trigger } = this.p;
      // Spark creates its sources in the stream thread: an option refused there fails the query.
      for (const s of this.p.sources) await s.setUp?.();
      // Spark's SingleBatchExecutor: Trigger.Once, or Trigger.AvailableNow where a source has no support for it
      // and the wrapper is off (Spark's default), which Spark runs as one batch with everything available.
      const singleBatch =
        trigger.kind === "once" ||
        (trigger.kind === "availableNow" &&
          !this.p.session.conf.getBoolean("spark.sql.streaming.triggerAvailableNow.wrapper.enabled") &&
          this.p.sources.some((s) => !s.prepareForTriggerAvailableNow));
      if (trigger.kind === "availableNow" && !singleBatch) await this.prepareForTriggerAvailableNow();
      // A single batch reads everything available, whatever the sources' rate limits (as Spark).
      const limit: ReadLimit = singleBatch ? "all" : "default";
      for (const step of this.p.replay ?? []) {
        let next: Offsets | undefined = step.ends;
        while (next && !this.stopRequested) {
          const { ran } = await this.runTrigger(limit, next);
          next = ran && step.noDataAfter ? this.committed : undefined;
          await yieldToEventLoop();
        }
      }
      while (!this.stopRequested && !this.p.replay) {
        const { ran, triggerStartMs } = await this.runTrigger(limit);
        if (singleBatch || (trigger.kind === "availableNow" && !ran)) break;
        // Spark's Thread.sleep(pollingDelayMs): a pause on the wall clock, whatever the query's clock, so an
        // idle query polls its sources without spinning; no time the query reports depends on it.
        if (!ran)
          await WALL_CLOCK.waitTillTime(
            WALL_CLOCK.getTimeMillis() +
              timeStringAsMs(this.p.session.conf.get("spark.sql.streaming.pollingDelay")),
            this.stopping.signal,
          );
        this.setStatus({ message: "Waiting for next trigger" });
        if (this.stopRequested) break;
        await this.waitForNextTrigger(triggerStartMs);
        // A source that always has data and a file system that answers at once would otherwise keep the loop
        // in microtasks: no timer, message or stop() could run in between (in the worker, nor the UI's Stop).
        await yieldToEventLoop();
      }
      this.setStatus({ message: "Stopped" });
    } catch (error) {
      failure = this.wrapFailure(error);
      const raised = error instanceof BatchFailure ? error.cause : error;
      errorClass = (raised as { errorClass?: string } | undefined)?.errorClass;
      this.setStatus({ message: `Terminated with exception: ${failure.getMessageParameters().message}` });
    } finally {
      this.setStatus({ isDataAvailable: false, isTriggerActive: false });
      this.latestBatch.retain();
      for (const s of this.p.sources) await s.stop().catch(() => {});
      await this.p.sink.stop?.().catch(() => {});
      // The query records how it ended before anyone waiting on it wakes up.
      this.p.onTerminated(failure, errorClass);
      for (const w of this.idleWaiters.splice(0)) w.resolve();
    }
  }

  /** Sources with their own Trigger.AvailableNow support fix their files; the others their latest offset. */
  private async prepareForTriggerAvailableNow(): Promise<void> {
    for (const [i, s] of this.p.sources.entries()) {
      if (s.prepareForTriggerAvailableNow) await s.prepareForTriggerAvailableNow();
      else this.availableNowEnds.set(i, await s.latestOffset(this.committed[i], "all"));
    }
  }

  /** One trigger (Spark's executeOneBatch); `ran` is false where there was nothing to run. */
  private async runTrigger(
    limit: ReadLimit,
    /** A replayed batch's end offsets, read instead of asking the sources. */
    replayed?: Offsets,
  ): Promise<{ ran: boolean; triggerStartMs: number }> {
    const triggerStartMs = this.reporter.startTrigger();
    this.triggersStarted += 1;
    const triggerNumber = this.triggersStarted;
    this.setStatus({ isTriggerActive: true });
    const durationMs: Record<string, number> = {};
    const time = async <T>(key: string, f: () => Promise<T> | T): Promise<T> => {
      const started = this.clock.getTimeMillis();
      try {
        return await f();
      } finally {
        durationMs[key] = (durationMs[key] ?? 0) + Math.max(0, this.clock.getTimeMillis() - started);
      }
    };
    const batchId = this.currentBatchId;
    const { ends, latest } = this.constructed
      ? { ends: this.constructed.offsets, latest: this.constructed.offsets }
      : replayed
        ? { ends: replayed, latest: replayed }
        : await this.nextOffsets(limit, time);
    const hasNewData = ends.some((end, i) => end !== undefined && end !== this.committed[i]);
    // Spark's no-data batch: after a batch of this run, the new watermark (or the clock) may give stateful
    // operators work (evict state, close windows) even without new rows.
    const runAnother = this.ranBatch && this.p.execution.shouldRunAnotherBatch(triggerStartMs);
    if (!this.constructed && (hasNewData || runAnother)) {
      this.setStatus({ message: "Writing offsets to log" });
      await time("walCommit", () => this.writeOffsets(batchId, ends, triggerStartMs));
    }
    this.setStatus({ isDataAvailable: hasNewData });

    const sourceReports = (batches?: readonly SourceBatch[]): SourceReport[] =>
      this.p.sources.map((s, i) => ({
        description: s.description,
        startOffset: this.committed[i],
        endOffset: ends[i],
        latestOffset: latest[i],
        // Each relation reading the source reads its rows, as Spark counts a self-union's input twice.
        numInputRows: (batches?.[i].numRows ?? 0) * this.p.relationIds[i].length,
        metrics: s.metrics?.(ends[i]) ?? {},
      }));

    if (!this.constructed) {
      this.setStatus({ message: "Waiting for data to arrive" });
      durationMs.triggerExecution = this.clock.getTimeMillis() - triggerStartMs;
      const watermark: Record<string, string> = this.p.execution.hasWatermark
        ? { watermark: new Date(this.p.execution.watermarkMs).toISOString() }
        : {};
      this.reporter.finishNoExecutionTrigger({
        batchId,
        durationMs,
        sources: sourceReports(),
        // Spark reports 0 rows where the batch did not run, and -1 for a V1 sink, which reports none.
        numOutputRows: this.p.sink.v1 ? -1 : 0,
        eventTime: watermark,
      });
      this.setStatus({ isTriggerActive: false });
      for (const w of this.idleWaiters.filter((w) => w.afterTrigger < triggerNumber)) {
        this.idleWaiters.splice(this.idleWaiters.indexOf(w), 1);
        w.resolve();
      }
      return { ran: false, triggerStartMs };
    }

    this.setStatus({ message: hasNewData ? "Processing new data" : "No new data but cleaning up state" });
    const { batches, numOutputRows, stateOperators, eventTime, observedMetrics } = await this.runBatch(
      batchId,
      this.constructed,
      time,
    );
    this.ranBatch = true;
    this.lastBatchId = batchId;
    durationMs.triggerExecution = this.clock.getTimeMillis() - triggerStartMs;
    const reports = sourceReports(batches);
    this.committed = ends;
    this.currentBatchId = batchId + 1;
    this.constructed = undefined;
    const progress = this.reporter.finishTrigger({
      batchId,
      durationMs,
      sources: reports,
      numOutputRows,
      stateOperators,
      eventTime,
      observedMetrics,
    });
    await this.recordHistory(batchId, progress);
    this.setStatus({ isTriggerActive: false });
    return { ran: true, triggerStartMs };
  }

  /**
   * Writes the committed batch's history/N. The batch is already committed, so a failure here costs only its
   * record (the batch is then not in the history), not the query: it is reported as a warning.
   */
  private async recordHistory(batchId: number, progress: StreamingQueryProgress): Promise<void> {
    if (!this.history) return;
    try {
      await this.history.record(batchId, this.queryFacts(), progress, (which, limit) =>
        this.latestBatch.table(which, limit),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.p.session.write(`WARN The history of batch ${batchId} was not recorded: ${message}`, {
        queryId: this.p.id,
      });
    }
  }

  /** What the batch history and "waiting for" need of the query: output mode, watermark, its sources. */
  queryFacts(): {
    hasWatermark: boolean;
    outputMode: OutputMode;
    delayMs: number | null;
    sources: WatchedSource[];
    heldBackMs: Record<number, number>;
  } {
    const { execution } = this.p;
    const delays = execution.watermarks.map((w) => w.delayMs);
    return {
      hasWatermark: execution.hasWatermark,
      heldBackMs: execution.heldBackMs(),
      outputMode: this.p.outputMode,
      delayMs: delays.length > 0 ? Math.min(...delays) : null,
      sources: this.p.sources.map((s) => ({
        description: s.description,
        path: s instanceof FileStreamSource ? s.path : null,
        maxFilesPerTrigger: s instanceof FileStreamSource ? (s.options.maxFilesPerTrigger ?? null) : null,
        maxBytesPerTrigger: s instanceof FileStreamSource ? (s.options.maxBytesPerTrigger ?? null) : null,
      })),
    };
  }

  /** The watermark the next batch runs with (epoch ms), or null where the query has none. */
  get watermarkMs(): number | null {
    return this.p.execution.hasWatermark ? this.p.execution.watermarkMs : null;
  }

  /** Asks every source how far to read this trigger (Spark's constructNextBatch, before the log write). */
  private async nextOffsets(
    limit: ReadLimit,
    time: <T>(key: string, f: () => Promise<T> | T) => Promise<T>,
  ): Promise<{ ends: Offsets; latest: Offsets }> {
    const ends: (string | undefined)[] = [];
    const latest: (string | undefined)[] = [];
    for (const [i, s] of this.p.sources.entries()) {
      this.setStatus({ message: `Getting offsets from ${s.description}` });
      const end = await time("latestOffset", () =>
        this.availableNowEnds.has(i)
          ? this.availableNowEnds.get(i)
          : s.latestOffset(this.committed[i], limit),
      );
      ends.push(end);
      latest.push(s.reportLatestOffset ? s.reportLatestOffset() : end);
    }
    return { ends, latest };
  }

  /** offsets/N, then the purge of log entries no longer needed (Spark keeps minBatchesToRetain). */
  private async writeOffsets(batchId: number, ends: Offsets, triggerStartMs: number): Promise<void> {
    const seq: OffsetSeq = {
      metadata: {
        batchWatermarkMs: this.p.execution.watermarkMs,
        batchTimestampMs: triggerStartMs,
        conf: loggedConf(this.p.session.conf),
      },
      offsets: [...ends],
    };
    if (!(await this.offsetLog.add(batchId, seq))) throw concurrentStreamLogUpdate(batchId);
    this.constructed = seq;
    const retain = this.p.session.conf.getNumber("spark.sql.streaming.minBatchesToRetain");
    if (retain < batchId) {
      await this.offsetLog.purge(batchId - retain);
      await this.commitLog.purge(batchId - retain);
    }
  }

  /** Reads the batch's data, runs the plan, hands the output to the sink, commits state and the batch. */
  private async runBatch(
    batchId: number,
    { offsets: ends, metadata }: OffsetSeq,
    time: <T>(key: string, f: () => Promise<T> | T) => Promise<T>,
  ): Promise<{
    batches: SourceBatch[];
    numOutputRows: number;
    stateOperators: StateOperatorProgress[];
    eventTime: Record<string, string>;
    observedMetrics: Record<string, Row>;
  }> {
    const { sources, execution, sink } = this.p;
    let sinkReached = false;
    try {
      const batches = await time("getBatch", () =>
        Promise.all(
          sources.map((s, i) =>
            ends[i] === undefined || ends[i] === this.committed[i]
              ? EMPTY_BATCH
              : s.getBatch(this.committed[i], ends[i]!),
          ),
        ),
      );
      this.latestBatch.holdInput(batchId, batches);

      const inputs = await time("queryPlanning", () => {
        const byRelation = new Map<number, string>();
        batches.forEach((b, i) => {
          if (b.sql === "") return;
          for (const id of this.p.relationIds[i]) byRelation.set(id, b.sql);
        });
        return byRelation;
      });
      const { output, stateOperators } = await time("addBatch", async () => {
        // A complete-mode sink with a table of its own may take the output's query straight into it.
        const writeOutput =
          this.p.outputMode === "complete" && sink.writeCompleteOutput
            ? (sql: string) => {
                const written = sink.writeCompleteOutput!(batchId, sql);
                if (written) sinkReached = true;
                return written;
              }
            : undefined;
        const result = await execution.runBatch(
          inputs,
          {
            batchId,
            batchTimestampMs: metadata.batchTimestampMs,
            batchWatermarkMs: metadata.batchWatermarkMs,
          },
          writeOutput,
        );
        const batchOutput: BatchOutput = {
          table: result.table,
          schema: this.p.schema,
          numRows: result.numRows,
        };
        sinkReached = true;
        await sink.addBatch(batchId, batchOutput, this.p.outputMode);
        return { output: result, stateOperators: await execution.commit(batchId) };
      });
      this.latestBatch.holdOutput(batchId, output.table, output.numRows, output.ipc);
      await time("commitOffsets", async () => {
        if (!(await this.commitLog.add(batchId, { nextBatchWatermarkMs: execution.watermarkMs })))
          throw concurrentStreamLogUpdate(batchId);
      });
      for (const [i, s] of sources.entries()) if (ends[i] !== undefined) await s.commit(ends[i]!);
      return {
        batches,
        numOutputRows: sink.v1 ? -1 : output.numRows,
        stateOperators,
        eventTime: output.eventTime,
        observedMetrics: output.observedMetrics,
      };
    } catch (error) {
      execution.discard();
      this.history?.discard();
      if (!sinkReached) await sink.abort?.(batchId).catch(() => {});
      throw new BatchFailure(batchId, error);
    }
  }

  /** Spark's ProcessingTimeExecutor: the next trigger on the next multiple of the interval. */
  private async waitForNextTrigger(triggerStartMs: number): Promise<void> {
    const { trigger } = this.p;
    // A continuous trigger's interval is its epoch: each epoch is checkpointed as a batch (offsets/N, commits/N).
    if ((trigger.kind !== "processingTime" && trigger.kind !== "continuous") || trigger.intervalMs <= 0)
      return;
    const interval = trigger.intervalMs;
    const elapsed = this.clock.getTimeMillis() - triggerStartMs;
    if (elapsed > interval) {
      console.warn(
        `Current batch is falling behind. The trigger interval is ${interval} milliseconds, but spent ${elapsed} milliseconds`,
      );
    }
    await this.clock.waitTillTime(nextBatchTime(triggerStartMs, interval), this.stopping.signal);
  }

  /** Spark's STREAM_FAILED: the query, the batch that failed, its range of offsets and why. */
  private wrapFailure(error: unknown): StreamingQueryException {
    const batchId = error instanceof BatchFailure ? error.batchId : this.currentBatchId;
    const failure = error instanceof BatchFailure ? error.cause : error;
    const message = failure instanceof Error ? failure.message : String(failure);
    // A foreach writer's or foreachBatch function's own error is the cause, under Spark's message for it.
    const errorClass = (failure as { errorClass?: string } | undefined)?.errorClass;
    const cause =
      errorClass === "FOREACH_USER_FUNCTION_ERROR" || errorClass === "FOREACH_BATCH_USER_FUNCTION_ERROR"
        ? (failure as Error).cause
        : failure;
    const start = this.committed;
    const end = this.constructed?.offsets ?? this.committed;
    return new StreamingQueryException(
      {
        id: this.p.id,
        runId: this.p.runId,
        message,
        queryDebugString: this.debugString(start, end),
        startOffset: offsetSeqString(start),
        endOffset: offsetSeqString(end),
      },
      batchId,
      cause,
    );
  }

  /** Spark's StreamExecution.toDebugString (Sluice has no plan to print, nor threads: the batch loop runs). */
  private debugString(start: Offsets, end: Offsets): string {
    const progress = (offsets: Offsets) =>
      `{${this.p.sources
        .flatMap((s, i) => (offsets[i] === undefined ? [] : [`${s.description}: ${offsets[i]}`]))
        .join(",")}}`;
    const prettyId = `${this.p.name ? `${this.p.name} ` : ""}[id = ${this.p.id}, runId = ${this.p.runId}]`;
    return [
      "=== Streaming Query ===",
      `Identifier: ${prettyId}`,
      `Current Committed Offsets: ${progress(start)}`,
      `Current Available Offsets: ${progress(end)}`,
      "",
      "Current State: ACTIVE",
      "Thread State: RUNNABLE",
    ].join("\n");
  }
}

/** Spark's OffsetSeq.toString: each source's offset JSON, `-` where it has none. */
function offsetSeqString(offsets: Offsets): string {
  return `[${offsets.map((o) => o ?? "-").join(", ")}]`;
}

/** An error inside batch N: the query fails with N as the failing batch. */
class BatchFailure extends Error {
  constructor(
    readonly batchId: number,
    override readonly cause: unknown,
  ) {
    super(`batch ${batchId} failed`);
  }
}

/** Lets the event loop run its queued tasks (timers, messages) before going on. */
function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === "function") return new Promise((resolve) => setImmediate(resolve));
  // Workers have no setImmediate, and nested setTimeout(0) waits at least 4 ms there; a message does not.
  const channel = new MessageChannel();
  return new Promise((resolve) => {
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}
