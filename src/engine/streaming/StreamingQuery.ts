/** The handle `writeStream.start()` returns: Spark's StreamingQuery. */
import type { SparkSession } from "../session/SparkSession";
import { IllegalArgumentException, type StreamingQueryException } from "../sql/errors";
import type { BatchPage, MicroBatchExecution } from "./MicroBatchExecution";
import type { StreamingQueryProgress, StreamingQueryStatus } from "./progress";

export class StreamingQuery {
  private failure: StreamingQueryException | undefined;
  private active = true;
  private readonly terminated: Promise<void>;
  private markTerminated!: () => void;

  constructor(
    readonly sparkSession: SparkSession,
    /** Stays the same across restarts from the same checkpoint. */
    readonly id: string,
    /** New for every start. */
    readonly runId: string,
    readonly name: string | null,
    readonly checkpointLocation: string,
    private readonly execution: MicroBatchExecution,
    /** Releases what the query holds (checkpoint lock, temporary checkpoint, manager registration). */
    private readonly release: () => Promise<void>,
  ) {
    this.terminated = new Promise((resolve) => {
      this.markTerminated = resolve;
    });
  }

  get isActive(): boolean {
    return this.active;
  }

  get status(): StreamingQueryStatus {
    return { ...this.execution.status };
  }

  get lastProgress(): StreamingQueryProgress | null {
    return this.execution.lastProgress;
  }

  get recentProgress(): StreamingQueryProgress[] {
    return this.execution.recentProgress;
  }

  /** The error that ended the query, or null. */
  get exception(): StreamingQueryException | null {
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
      if (!(timeoutMs > 0))
        throw new IllegalArgumentException("requirement failed: Timeout has to be positive");
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([this.terminated, timeout]);
      clearTimeout(timer);
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

  explain(): void {
    this.sparkSession.write(
      `== Streaming query ${this.name ?? this.id} ==\ncheckpoint: ${this.checkpointLocation}\n`,
    );
  }

  /** Called by the execution once its loop has ended. */
  async terminate(failure: StreamingQueryException | undefined): Promise<void> {
    this.failure = failure;
    this.active = false;
    await this.release().catch(() => {});
    this.markTerminated();
  }

  /** What a printed or serialised query shows (not the session and database it holds). */
  toJSON(): { id: string; runId: string; name: string | null; isActive: boolean } {
    return { id: this.id, runId: this.runId, name: this.name, isActive: this.isActive };
  }

  toString(): string {
    return `<StreamingQuery ${this.name ?? ""} id=${this.id} runId=${this.runId}>`;
  }
}
