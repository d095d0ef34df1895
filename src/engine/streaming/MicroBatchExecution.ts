/**
 * Spark's MicroBatchExecution: the loop that plans, runs and commits micro-batches. Per batch, as Spark:
 * offsets/N is written before anything runs; the batch reads exactly the data between the previous offsets and
 * N; state and sink take batch N idempotently; commits/N marks it done. A batch with offsets but no commit is
 * run again with the same offsets after a restart, so output is exactly-once.
 */
import { CommitLog } from "../checkpoint/CommitLog";
import { type OffsetSeq, OffsetSeqLog } from "../checkpoint/OffsetSeqLog";
import type { SparkSession } from "../session/SparkSession";
import type { BatchOutput, Sink } from "../sinks/Sink";
import type { ReadLimit, Source, SourceBatch } from "../sources/Source";
import { StreamingQueryException } from "../sql/errors";
import type { Row } from "../sql/rows";
import { toRows } from "../sql/rows";
import type { StructType } from "../sql/types";
import type { IncrementalExecution } from "./IncrementalExecution";
import type { OutputMode } from "./OutputMode";
import { ProgressReporter, type TriggerReport } from "./ProgressReporter";
import type { StreamingQueryProgress, StreamingQueryStatus } from "./progress";
import type { Trigger } from "./Trigger";

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
  /** The streaming relations' plan ids, in source order. */
  relationIds: readonly number[];
  schema: StructType;
  /** Called once the query ends, however it ends. */
  onTerminated(error: StreamingQueryException | undefined): void;
  onProgress(progress: StreamingQueryProgress): void;
  onIdle(): void;
}

/** A page of rows for the notebook's live tables. */
export interface BatchPage {
  batchId: number;
  columns: { name: string; type: string }[];
  rows: Row[];
  totalRows: number;
}

export class MicroBatchExecution {
  private readonly offsetLog: OffsetSeqLog;
  private readonly commitLog: CommitLog;
  private readonly reporter: ProgressReporter;
  /** The offsets of the last committed batch, per source. */
  private committed: (string | undefined)[];
  /** The batch to run next. */
  private currentBatchId = 0;
  /** Offsets logged for a batch that never committed: run it again with exactly these. */
  private pendingRerun: OffsetSeq | undefined;
  private stopRequested = false;
  private wake: (() => void) | undefined;
  private idleWaiters: (() => void)[] = [];
  private lastInput: { batchId: number; batches: SourceBatch[] } | undefined;
  private lastOutput: { batchId: number; table: string; numRows: number } | undefined;
  /** When progress was last reported (idle triggers report again only after noDataProgressEventInterval). */
  private lastProgressMs = 0;
  finished: Promise<void> | undefined;
  status: StreamingQueryStatus = {
    message: "Initializing sources",
    isDataAvailable: false,
    isTriggerActive: false,
  };

  constructor(private readonly p: ExecutionParams) {
    this.offsetLog = new OffsetSeqLog(p.session.fs, p.checkpoint);
    this.commitLog = new CommitLog(p.session.fs, p.checkpoint);
    this.reporter = new ProgressReporter(
      p.id,
      p.runId,
      p.name,
      p.session.conf.getNumber("spark.sql.streaming.numRecentProgressUpdates"),
    );
    this.committed = p.sources.map(() => undefined);
  }

  get recentProgress(): StreamingQueryProgress[] {
    return this.reporter.recentProgress;
  }

  get lastProgress(): StreamingQueryProgress | null {
    return this.reporter.lastProgress;
  }

  /** Reads the checkpoint: where to resume, and the state as of the last committed batch. */
  async recover(): Promise<void> {
    const latestOffsets = await this.offsetLog.getLatest();
    const latestCommit = await this.commitLog.getLatest();
    if (!latestOffsets) {
      await this.p.execution.restore(undefined);
      return;
    }
    const { batchId, metadata } = latestOffsets;
    if (metadata.offsets.length !== this.p.sources.length) {
      throw new Error(
        `The checkpoint ${this.p.checkpoint} was written by a query with ${metadata.offsets.length} source(s), but this query has ${this.p.sources.length}. Use a new checkpoint location for a changed query.`,
      );
    }
    if (latestCommit && latestCommit.batchId >= batchId) {
      this.committed = metadata.offsets;
      this.currentBatchId = batchId + 1;
      await this.p.execution.restore(batchId);
    } else {
      // offsets/N without commits/N: batch N starts again from batch N-1's offsets.
      const previous = batchId > 0 ? await this.offsetLog.get(batchId - 1) : undefined;
      if (batchId > 0 && !previous)
        throw new Error(
          `The offset log ${this.offsetLog.pathOf(batchId - 1)} is missing; batch ${batchId} cannot be re-run`,
        );
      this.committed = previous?.offsets ?? this.p.sources.map(() => undefined);
      this.currentBatchId = batchId;
      this.pendingRerun = metadata;
      await this.p.execution.restore(batchId > 0 ? batchId - 1 : undefined);
    }
  }

  /** Starts the trigger loop; `finished` settles when the query ends. */
  start(): void {
    this.finished = this.runLoop();
  }

  /** Asks the loop to stop after the current batch, and waits for it. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    this.wake?.();
    await this.finished;
  }

  /** Resolves once a trigger finds no new data (everything available has been processed). */
  waitForIdle(): Promise<void> {
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async latestInput(offset: number, limit: number): Promise<BatchPage | undefined> {
    const input = this.lastInput;
    const sql = input?.batches
      .filter((b) => b.sql !== "")
      .map((b) => b.sql)
      .join(" UNION ALL ");
    if (!input || !sql) return undefined;
    const total = input.batches.reduce((n, b) => n + b.numRows, 0);
    return this.page(input.batchId, `SELECT * FROM (${sql}) LIMIT ${limit} OFFSET ${offset}`, total);
  }

  async latestOutput(offset: number, limit: number): Promise<BatchPage | undefined> {
    const output = this.lastOutput;
    if (!output) return undefined;
    return this.page(
      output.batchId,
      `SELECT * FROM "${output.table}" LIMIT ${limit} OFFSET ${offset}`,
      output.numRows,
    );
  }

  private page(batchId: number, sql: string, totalRows: number): BatchPage {
    const table = this.p.session.db.query(sql);
    return {
      batchId,
      columns: table.schema.fields.map((f) => ({ name: f.name, type: String(f.type) })),
      rows: toRows(table),
      totalRows,
    };
  }

  private async runLoop(): Promise<void> {
    let failure: StreamingQueryException | undefined;
    try {
      const { trigger } = this.p;
      if (trigger.kind === "availableNow") {
        for (const s of this.p.sources) await s.prepareForTriggerAvailableNow?.();
      }
      while (!this.stopRequested) {
        const triggerStartMs = Date.now();
        const ran = await this.runTrigger(triggerStartMs, trigger.kind === "once" ? "all" : "default");
        if (trigger.kind === "once") break;
        if (trigger.kind === "availableNow" && !ran) break;
        if (this.stopRequested) break;
        await this.waitForNextTrigger(triggerStartMs, ran);
      }
    } catch (error) {
      failure = this.wrapFailure(error);
    } finally {
      this.status = {
        message: failure ? `Terminated with exception: ${failure.message}` : "Stopped",
        isDataAvailable: false,
        isTriggerActive: false,
      };
      for (const s of this.p.sources) await s.stop().catch(() => {});
      await this.p.sink.stop?.().catch(() => {});
      // The query records how it ended before anyone waiting on it wakes up.
      this.p.onTerminated(failure);
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /** Runs one trigger; false where there was no new data (no batch ran). */
  private async runTrigger(triggerStartMs: number, limit: ReadLimit): Promise<boolean> {
    const durationMs: Record<string, number> = {};
    const time = async <T>(key: string, f: () => Promise<T> | T): Promise<T> => {
      const started = performance.now();
      try {
        return await f();
      } finally {
        durationMs[key] = (durationMs[key] ?? 0) + Math.round(performance.now() - started);
      }
    };
    this.status = {
      message: "Getting offsets from sources",
      isDataAvailable: this.status.isDataAvailable,
      isTriggerActive: true,
    };
    const batchId = this.currentBatchId;
    let ends: (string | undefined)[];
    let latest: (string | undefined)[];
    if (this.pendingRerun) {
      ends = this.pendingRerun.offsets;
      latest = ends;
    } else {
      latest = await time("latestOffset", () =>
        Promise.all(this.p.sources.map((s, i) => s.latestOffset(this.committed[i], limit))),
      );
      ends = latest;
      const hasNewData = ends.some((end, i) => end !== undefined && end !== this.committed[i]);
      if (!hasNewData) {
        this.status = {
          message: "Waiting for data to arrive",
          isDataAvailable: false,
          isTriggerActive: false,
        };
        this.reportIdle(triggerStartMs, durationMs);
        return false;
      }
      await time("walCommit", () =>
        this.offsetLog.add(batchId, {
          metadata: { batchWatermarkMs: 0, batchTimestampMs: triggerStartMs, conf: this.loggedConf() },
          offsets: ends,
        }),
      );
    }
    this.pendingRerun = undefined;
    this.status = { message: "Processing new data", isDataAvailable: true, isTriggerActive: true };

    const previousInput = this.lastInput;
    const batches = await time("getBatch", () =>
      Promise.all(
        this.p.sources.map((s, i) =>
          ends[i] === undefined || ends[i] === this.committed[i]
            ? Promise.resolve(emptyBatch)
            : s.getBatch(this.committed[i], ends[i]!),
        ),
      ),
    );
    if (previousInput) this.p.session.files.dropTables(previousInput.batches.flatMap((b) => b.tables));
    this.lastInput = { batchId, batches };

    let output: { table: string; numRows: number };
    try {
      output = await time("queryPlanning", () => {
        const inputs = new Map<number, string>();
        batches.forEach((b, i) => {
          if (b.sql !== "") inputs.set(this.p.relationIds[i], b.sql);
        });
        return this.p.execution.runBatch(inputs);
      });
      const batchOutput: BatchOutput = {
        table: output.table,
        schema: this.p.schema,
        numRows: output.numRows,
      };
      await time("addBatch", async () => {
        await this.p.sink.addBatch(batchId, batchOutput, this.p.outputMode);
      });
    } catch (error) {
      this.p.execution.discard();
      throw new BatchFailure(batchId, error);
    }
    this.lastOutput = { batchId, ...output };
    const stateOperators = await time("commitOffsets", async () => {
      const state = await this.p.execution.commit(batchId);
      await this.commitLog.add(batchId, { nextBatchWatermarkMs: 0 });
      return state;
    });
    for (const [i, s] of this.p.sources.entries()) if (ends[i] !== undefined) await s.commit(ends[i]!);
    const started = this.committed;
    this.committed = ends;
    this.currentBatchId = batchId + 1;
    await this.purge(batchId);
    durationMs.triggerExecution = Date.now() - triggerStartMs;

    const report: TriggerReport = {
      batchId,
      triggerStartMs,
      durationMs,
      sources: this.p.sources.map((s, i) => ({
        description: s.description,
        startOffset: started[i],
        endOffset: ends[i],
        latestOffset: latest[i],
        numInputRows: batches[i].numRows,
        metrics: s.metrics?.(ends[i]) ?? {},
      })),
      sink: { description: this.p.sink.description, numOutputRows: output.numRows },
      stateOperators,
      eventTime: {},
    };
    this.p.onProgress(this.reporter.report(report));
    this.lastProgressMs = Date.now();
    this.status = { message: "Waiting for next trigger", isDataAvailable: true, isTriggerActive: false };
    return true;
  }

  /** Spark reports an idle trigger's progress at most every noDataProgressEventInterval. */
  private reportIdle(triggerStartMs: number, durationMs: Record<string, number>): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve();
    this.p.onIdle();
    const interval = parseMs(this.p.session.conf.get("spark.sql.streaming.noDataProgressEventInterval"));
    if (this.lastProgress === null || triggerStartMs - this.lastProgressMs < interval) return;
    this.lastProgressMs = triggerStartMs;
    durationMs.triggerExecution = Date.now() - triggerStartMs;
    const progress = this.reporter.report({
      batchId: this.currentBatchId,
      triggerStartMs,
      durationMs,
      sources: this.p.sources.map((s, i) => ({
        description: s.description,
        startOffset: this.committed[i],
        endOffset: this.committed[i],
        latestOffset: this.committed[i],
        numInputRows: 0,
        metrics: {},
      })),
      sink: { description: this.p.sink.description, numOutputRows: 0 },
      stateOperators: [],
      eventTime: {},
    });
    this.p.onProgress(progress);
  }

  private async waitForNextTrigger(triggerStartMs: number, ranBatch: boolean): Promise<void> {
    const { trigger } = this.p;
    let delay: number;
    if (trigger.kind === "processingTime" && trigger.intervalMs > 0) {
      const interval = trigger.intervalMs;
      const elapsed = Date.now() - triggerStartMs;
      if (elapsed > interval) {
        console.warn(
          `Current batch is falling behind. The trigger interval is ${interval} milliseconds, but spent ${elapsed} milliseconds`,
        );
        return;
      }
      // Triggers fire on multiples of the interval, as Spark's ProcessingTimeExecutor does.
      delay = triggerStartMs - (triggerStartMs % interval) + interval - Date.now();
    } else if (ranBatch) {
      return;
    } else {
      delay = Math.max(10, parseMs(this.p.session.conf.get("spark.sql.streaming.pollingDelay")));
    }
    if (delay <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delay);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }

  private async purge(batchId: number): Promise<void> {
    const retain = this.p.session.conf.getNumber("spark.sql.streaming.minBatchesToRetain");
    const threshold = batchId - retain + 1;
    if (threshold <= 0) return;
    await this.offsetLog.purge(threshold);
    await this.commitLog.purge(threshold);
  }

  private loggedConf(): Record<string, string> {
    const keys = [
      "spark.sql.shuffle.partitions",
      "spark.sql.streaming.multipleWatermarkPolicy",
      "spark.sql.streaming.stateStore.minDeltasForSnapshot",
    ];
    return Object.fromEntries(keys.map((k) => [k, this.p.session.conf.get(k)]));
  }

  private wrapFailure(error: unknown): StreamingQueryException {
    const batchId = error instanceof BatchFailure ? error.batchId : this.currentBatchId;
    const cause = error instanceof BatchFailure ? error.cause : error;
    const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    const name = this.p.name ?? "null";
    return new StreamingQueryException(
      `Query ${name} [id = ${this.p.id}, runId = ${this.p.runId}] terminated with exception: batch ${batchId} failed: ${detail}`,
      this.p.id,
      this.p.runId,
      batchId,
      cause,
    );
  }
}

const emptyBatch: SourceBatch = { sql: "", numRows: 0, tables: [] };

class BatchFailure extends Error {
  constructor(
    readonly batchId: number,
    override readonly cause: unknown,
  ) {
    super(`batch ${batchId} failed`);
  }
}

function parseMs(value: string): number {
  const m = /^(\d+)\s*(ms|s)?$/.exec(value.trim());
  if (!m) return 10;
  return Number(m[1]) * (m[2] === "s" ? 1000 : 1);
}
