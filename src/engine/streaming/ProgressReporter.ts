/** Builds Spark's StreamingQueryProgress for each trigger and keeps the recent ones. */
import type { SinkProgress, SourceProgress, StateOperatorProgress, StreamingQueryProgress } from "./progress";

export interface TriggerReport {
  batchId: number;
  triggerStartMs: number;
  durationMs: Record<string, number>;
  sources: {
    description: string;
    startOffset?: string;
    endOffset?: string;
    latestOffset?: string;
    numInputRows: number;
    metrics: Record<string, string>;
  }[];
  sink: { description: string; numOutputRows: number };
  stateOperators: StateOperatorProgress[];
  eventTime: Record<string, string>;
}

export class ProgressReporter {
  private readonly recent: StreamingQueryProgress[] = [];
  private lastTriggerStartMs: number | undefined;

  constructor(
    private readonly id: string,
    private readonly runId: string,
    private readonly name: string | null,
    private readonly capacity: number,
  ) {}

  get recentProgress(): StreamingQueryProgress[] {
    return [...this.recent];
  }

  get lastProgress(): StreamingQueryProgress | null {
    return this.recent.at(-1) ?? null;
  }

  report(t: TriggerReport): StreamingQueryProgress {
    const numInputRows = t.sources.reduce((n, s) => n + s.numInputRows, 0);
    const sinceLast =
      this.lastTriggerStartMs === undefined
        ? Number.NaN
        : (t.triggerStartMs - this.lastTriggerStartMs) / 1000;
    const processing = (t.durationMs.triggerExecution ?? 0) / 1000;
    const rate = (rows: number, seconds: number) => (seconds > 0 ? rows / seconds : Number.NaN);
    const sources: SourceProgress[] = t.sources.map((s) => ({
      description: s.description,
      startOffset: parseOffset(s.startOffset),
      endOffset: parseOffset(s.endOffset),
      latestOffset: parseOffset(s.latestOffset),
      numInputRows: s.numInputRows,
      inputRowsPerSecond: rate(s.numInputRows, sinceLast),
      processedRowsPerSecond: rate(s.numInputRows, processing),
      metrics: s.metrics,
    }));
    const sink: SinkProgress = {
      description: t.sink.description,
      numOutputRows: t.sink.numOutputRows,
      metrics: {},
    };
    const progress: StreamingQueryProgress = {
      id: this.id,
      runId: this.runId,
      name: this.name,
      timestamp: new Date(t.triggerStartMs).toISOString(),
      batchId: t.batchId,
      batchDuration: t.durationMs.triggerExecution ?? 0,
      numInputRows,
      inputRowsPerSecond: rate(numInputRows, sinceLast),
      processedRowsPerSecond: rate(numInputRows, processing),
      durationMs: Object.fromEntries(Object.entries(t.durationMs).sort(([a], [b]) => (a < b ? -1 : 1))),
      eventTime: t.eventTime,
      stateOperators: t.stateOperators,
      sources,
      sink,
      observedMetrics: {},
    };
    this.lastTriggerStartMs = t.triggerStartMs;
    this.recent.push(progress);
    if (this.recent.length > this.capacity) this.recent.shift();
    return progress;
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
