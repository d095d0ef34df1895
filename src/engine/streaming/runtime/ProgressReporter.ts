/**
 * Spark's ProgressReporter: builds a StreamingQueryProgress at the end of each trigger and keeps the recent
 * ones. A trigger that ran a batch is reported at once (onQueryProgress); an idle trigger is recorded only
 * every `noDataProgressEventInterval`, and announced with onQueryIdle rather than as progress.
 */
import type { Row } from "../../sql/api/rows";
import type { Clock } from "./Clock";
import type {
  ProgressTrigger,
  SinkProgress,
  SourceProgress,
  StateOperatorProgress,
  StreamingQueryProgress,
} from "./progress";

/** What one source did in a trigger. */
export interface SourceReport {
  description: string;
  startOffset: string | undefined;
  endOffset: string | undefined;
  /** Spark's reportLatestOffset: null where the source does not report one. */
  latestOffset: string | undefined;
  numInputRows: number;
  metrics: Record<string, string>;
}

/** What one trigger did. */
export interface TriggerReport {
  batchId: number;
  durationMs: Record<string, number>;
  sources: SourceReport[];
  numOutputRows: number;
  stateOperators: StateOperatorProgress[];
  eventTime: Record<string, string>;
  /** What the batch's `observe` operators computed, by name (none when no batch ran). */
  observedMetrics?: Record<string, Row>;
}

export interface ProgressReporterParams {
  id: string;
  runId: string;
  name: string | null;
  sinkDescription: string;
  /** The query's trigger, reported in every progress. */
  trigger?: ProgressTrigger;
  /** spark.sql.streaming.numRecentProgressUpdates */
  capacity: number;
  /** spark.sql.streaming.noDataProgressEventInterval */
  noDataProgressEventIntervalMs: number;
  /** The query's clock: trigger timestamps and durations are read from it, as Spark's from triggerClock. */
  clock: Clock;
  onProgress(progress: StreamingQueryProgress): void;
  /** An idle trigger was recorded; `timestamp` is when it started. */
  onIdle(timestamp: string): void;
}

export class ProgressReporter {
  private readonly recent: StreamingQueryProgress[] = [];
  private currentTriggerStartMs = -1;
  private lastTriggerStartMs = -1;
  private lastNoExecutionProgressEventMs = Number.NEGATIVE_INFINITY;
  /** The state operators of the last batch run, reported again (as a snapshot) by idle triggers. */
  private lastStateOperators: StateOperatorProgress[] = [];

  constructor(private readonly p: ProgressReporterParams) {}

  get recentProgress(): StreamingQueryProgress[] {
    return [...this.recent];
  }

  get lastProgress(): StreamingQueryProgress | null {
    return this.recent.at(-1) ?? null;
  }

  /** Begins a trigger; returns its start time. */
  startTrigger(): number {
    this.lastTriggerStartMs = this.currentTriggerStartMs;
    this.currentTriggerStartMs = this.p.clock.getTimeMillis();
    return this.currentTriggerStartMs;
  }

  /** A trigger that ran batch `report.batchId`. */
  finishTrigger(report: TriggerReport): StreamingQueryProgress {
    const progress = this.build(report);
    this.lastStateOperators = report.stateOperators;
    this.lastNoExecutionProgressEventMs = this.p.clock.getTimeMillis();
    this.add(progress);
    this.p.onProgress(progress);
    return progress;
  }

  /** A trigger that found nothing to run; `report.batchId` is the batch that would run next. */
  finishNoExecutionTrigger(report: Omit<TriggerReport, "stateOperators">): void {
    const now = this.p.clock.getTimeMillis();
    if (now - this.p.noDataProgressEventIntervalMs < this.lastNoExecutionProgressEventMs) return;
    // Batch metrics go back to zero; state totals stay as the last batch left them.
    const stateOperators = this.lastStateOperators.map((op) => ({
      ...op,
      numRowsUpdated: 0,
      numRowsDroppedByWatermark: 0,
    }));
    this.add(this.build({ ...report, stateOperators }));
    if (this.lastNoExecutionProgressEventMs > Number.NEGATIVE_INFINITY)
      this.p.onIdle(new Date(this.currentTriggerStartMs).toISOString());
    this.lastNoExecutionProgressEventMs = now;
  }

  private build(t: TriggerReport): StreamingQueryProgress {
    const processingMs = this.p.clock.getTimeMillis() - this.currentTriggerStartMs;
    const processingSeconds = Math.max(1, processingMs) / 1000;
    // The first trigger has no previous one: its input rate is 0, as Spark's.
    const inputSeconds =
      this.lastTriggerStartMs >= 0
        ? (this.currentTriggerStartMs - this.lastTriggerStartMs) / 1000
        : Number.POSITIVE_INFINITY;
    const sources: SourceProgress[] = t.sources.map((s) => ({
      description: s.description,
      startOffset: parseOffset(s.startOffset),
      endOffset: parseOffset(s.endOffset),
      latestOffset: parseOffset(s.latestOffset),
      numInputRows: s.numInputRows,
      inputRowsPerSecond: s.numInputRows / inputSeconds,
      processedRowsPerSecond: s.numInputRows / processingSeconds,
      metrics: s.metrics,
    }));
    const sink: SinkProgress = {
      description: this.p.sinkDescription,
      numOutputRows: t.numOutputRows,
      metrics: {},
    };
    return {
      id: this.p.id,
      runId: this.p.runId,
      name: this.p.name,
      timestamp: new Date(this.currentTriggerStartMs).toISOString(),
      batchId: t.batchId,
      batchDuration: processingMs,
      ...(this.p.trigger ? { trigger: { ...this.p.trigger } } : {}),
      numInputRows: sources.reduce((n, s) => n + s.numInputRows, 0),
      inputRowsPerSecond: sources.reduce((n, s) => n + s.inputRowsPerSecond, 0),
      processedRowsPerSecond: sources.reduce((n, s) => n + s.processedRowsPerSecond, 0),
      durationMs: Object.fromEntries(Object.entries(t.durationMs).sort(([a], [b]) => (a < b ? -1 : 1))),
      eventTime: t.eventTime,
      stateOperators: t.stateOperators,
      sources,
      sink,
      observedMetrics: t.observedMetrics ?? {},
    };
  }

  private add(progress: StreamingQueryProgress): void {
    this.recent.push(progress);
    while (this.recent.length > this.p.capacity) this.recent.shift();
  }
}

function parseOffset(offset: string | undefined): unknown {
  if (offset === undefined) return null;
  try {
    return JSON.parse(offset);
  } catch {
    return offset;
  }
}
