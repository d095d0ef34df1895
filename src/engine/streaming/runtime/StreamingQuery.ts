/** The handle `writeStream.start()` returns: Spark's StreamingQuery. */

import { CommitLog } from "../../checkpoint/CommitLog";
import type { StreamingQueryException } from "../../errors";
import { timeoutNotPositive } from "../../errors/QueryExecutionErrors";
import type { SparkSession } from "../../session/SparkSession";
import { explainMicroBatch, type MicroBatchExecutionPlan } from "../../sql/execution/explain";
import { BatchHistory, type BatchRecord } from "./BatchHistory";
import type { Clock } from "./Clock";
import type { BatchPage } from "./LatestBatchRows";
import type { MicroBatchExecution } from "./MicroBatchExecution";
import {
  type SparkJson,
  type StreamingQueryProgress,
  type StreamingQueryStatus,
  withSparkJson,
} from "./progress";
import { type WaitingFor, waitingFor } from "./WaitingFor";

/**
 * A running streaming query, as `writeStream.start()` returns it: watch it (`status`, `lastProgress`,
 * `recentProgress`), wait for it (`awaitTermination`, `processAllAvailable`) and `stop()` it.
 */
export class StreamingQuery {
  private failure: StreamingQueryException | undefined;
  private active = true;
  private readonly terminated: Promise<void>;
  private markTerminated!: () => void;

  constructor(
    /** The session that started the query. */
    readonly sparkSession: SparkSession,
    /** Stays the same across restarts from the same checkpoint. */
    readonly id: string,
    /** New for every start. */
    readonly runId: string,
    /** The name given with `queryName`, or null. */
    readonly name: string | null,
    /** Where the query keeps its offsets, commits and state. */
    readonly checkpointLocation: string,
    private readonly execution: MicroBatchExecution,
    /**
     * Releases what the query holds (checkpoint lock, temporary checkpoint); `failure` where it ended with an
     * error.
     */
    private readonly release: (failure: StreamingQueryException | undefined) => Promise<void>,
    /** The session's clock when the query started: awaitTermination's timeout runs on it. */
    private readonly clock: Clock,
  ) {
    this.terminated = new Promise((resolve) => {
      this.markTerminated = resolve;
    });
  }

  /** The sink as progress describes it ("MemorySink", "FileSink[/out]", ...), known before the first trigger. */
  get sinkDescription(): string {
    return this.execution.sinkDescription;
  }

  /** Whether the query is still running. */
  get isActive(): boolean {
    return this.active;
  }

  /**
   * What the query is doing now: `message` ("Waiting for data to arrive", "Processing new data", ...),
   * `isDataAvailable`, `isTriggerActive`; with Spark's `json` and `prettyJson`.
   */
  get status(): StreamingQueryStatus & SparkJson {
    return withSparkJson({ ...this.execution.status });
  }

  /**
   * The progress of the latest trigger, in Spark's fields (`batchId`, `numInputRows`, `inputRowsPerSecond`,
   * `durationMs`, `stateOperators`, `sources`, `sink`...) with Spark's `json` and `prettyJson`, or null before
   * the first one.
   */
  get lastProgress(): (StreamingQueryProgress & SparkJson) | null {
    const progress = this.execution.lastProgress;
    return progress && withSparkJson(progress);
  }

  /** The progress of recent triggers, oldest first (up to `spark.sql.streaming.numRecentProgressUpdates`). */
  get recentProgress(): (StreamingQueryProgress & SparkJson)[] {
    return this.execution.recentProgress.map(withSparkJson);
  }

  /**
   * The StreamingQueryException that ended the query, or null (PySpark's `exception()`; Spark's Scala API has
   * `exception: Option[StreamingQueryException]`).
   */
  exception(): StreamingQueryException | null {
    return this.failure ?? null;
  }

  /**
   * Waits for the query to end (rejects with its StreamingQueryException if it failed). With a timeout in
   * milliseconds, resolves to whether it ended within it.
   */
  async awaitTermination(timeoutMs?: number): Promise<boolean> {
    if (timeoutMs === undefined) {
      await this.terminated;
    } else {
      if (!(timeoutMs > 0)) throw timeoutNotPositive();
      const timeout = new AbortController();
      await Promise.race([
        this.terminated,
        this.clock.waitTillTime(this.clock.getTimeMillis() + timeoutMs, timeout.signal),
      ]);
      timeout.abort();
    }
    if (this.failure) throw this.failure;
    return !this.active;
  }

  /**
   * Waits until everything available in the sources when it is called has been processed and committed (a
   * trigger that started after the call found nothing new), or the query ended. Meant for tests and teaching.
   */
  async processAllAvailable(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.active) return;
    await Promise.race([this.execution.waitForIdle(), this.terminated]);
    if (this.failure) throw this.failure;
  }

  /** Stops the query after the batch in progress. */
  async stop(): Promise<void> {
    await this.execution.stop();
    await this.terminated;
  }

  /** Sluice: rows the latest trigger read, a page at a time (the notebook's input table). */
  latestInput(offset = 0, limit = 50): Promise<BatchPage | undefined> {
    return this.execution.latestInput(offset, limit);
  }

  /** Sluice: rows the latest trigger handed to the sink, a page at a time. */
  latestOutput(offset = 0, limit = 50): Promise<BatchPage | undefined> {
    return this.execution.latestOutput(offset, limit);
  }

  /** Engine internal: the rows of its last batch a stopped run keeps, freed once the query runs again. */
  get latestBatchRows(): { release(): void } {
    return this.execution.latestBatchRows;
  }

  /**
   * Sluice: what committed batch `batchId` did — its offsets, input rows, the rows dropped as late (with the
   * watermark that dropped them), the watermark before and after, each stateful operator's state before and
   * after, the rows it emitted, its progress and the checkpoint files it wrote. Running or stopped.
   */
  batch(batchId: number): Promise<BatchRecord> {
    return this.history.batch(batchId);
  }

  /** Sluice: the ids of the batches `batch(n)` can read (retention follows minBatchesToRetain). */
  batchIds(): Promise<number[]> {
    return this.history.batchIds();
  }

  /**
   * Sluice: what the output is waiting for now — in append mode, the next window to be emitted and the watermark
   * it waits on (with the max event time and the delay behind it); else the new data, and where the query looks
   * for it (a file source's directory and maxFilesPerTrigger) — with the answer as one sentence in `message`.
   */
  async waitingFor(): Promise<WaitingFor> {
    const latest = await new CommitLog(this.sparkSession.fs, this.checkpointLocation).getLatest();
    const state = latest ? await this.history.stateAt(latest.batchId) : [];
    return waitingFor({
      ...this.execution.queryFacts(),
      watermarkMs: this.execution.watermarkMs,
      state: state.map((s) => ({ operatorId: s.operatorId, after: s.rows })),
      hasNewData: this.execution.status.isDataAvailable,
      timeZone: this.sparkSession.conf.get("spark.sql.session.timeZone"),
    });
  }

  private get history(): BatchHistory {
    return new BatchHistory(this.sparkSession, this.checkpointLocation);
  }

  /**
   * Prints the physical plan of the last batch (with the logical plans where `extended`), as Spark's
   * `explain`; before the first batch of this run, "No physical plan. Waiting for data."
   */
  explain(extended = false): void {
    this.sparkSession.write(`${this.explainInternal(extended)}\n`);
  }

  /** What `explain` prints, less println's newline (Spark's `explainInternal`). */
  explainInternal(extended = false): string {
    const last = this.execution.lastExecution;
    return last === undefined ? "No physical plan. Waiting for data." : explainMicroBatch(last, extended);
  }

  /**
   * What the last batch of this run ran (Spark's StreamExecution.lastExecution): its plan, and the watermarks each
   * stateful operator ran with; undefined before the first batch.
   */
  get lastExecution(): MicroBatchExecutionPlan | undefined {
    return this.execution.lastExecution;
  }

  /** Called by the execution once its loop has ended. */
  async terminate(failure: StreamingQueryException | undefined): Promise<void> {
    this.failure = failure;
    this.active = false;
    await this.release(failure).catch(() => {});
    this.markTerminated();
  }

  /** What a printed or serialised query shows (not the session and database it holds). */
  toJSON(): { id: string; runId: string; name: string | null; isActive: boolean } {
    return { id: this.id, runId: this.runId, name: this.name, isActive: this.isActive };
  }

  /** A short description with the query's name, id and run id. */
  toString(): string {
    return `<StreamingQuery ${this.name ?? ""} id=${this.id} runId=${this.runId}>`;
  }
}
