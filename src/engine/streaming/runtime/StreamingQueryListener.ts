/**
 * Spark's StreamingQueryListener and its events. Each event has Spark's fields and its `json` (the form Spark's
 * event log keeps), and `fromJson` reads that form back, as Spark's JsonProtocol does.
 */
import {
  progressFromJSON,
  progressToJSON,
  type SparkJson,
  type StreamingQueryProgress,
  withSparkJson,
} from "./progress";

/** A query started (or restarted from its checkpoint); listeners hear it before `start()` returns. */
export class QueryStartedEvent {
  constructor(
    /** Stays the same across restarts from the same checkpoint. */
    readonly id: string,
    /** New for every start. */
    readonly runId: string,
    /** The name given with `queryName`, or null. */
    readonly name: string | null,
    /** When the query started, ISO-8601 UTC. */
    readonly timestamp: string,
    /** The tags of the jobs the query runs (Spark's SparkContext job tags; Sluice runs no Spark jobs). */
    readonly jobTags: readonly string[] = [],
  ) {}

  get json(): string {
    const { id, runId, name, timestamp, jobTags } = this;
    return JSON.stringify({ id, runId, name, timestamp, jobTags });
  }

  static fromJson(json: string): QueryStartedEvent {
    const e = JSON.parse(json) as QueryStartedEvent;
    return new QueryStartedEvent(e.id, e.runId, e.name ?? null, e.timestamp, e.jobTags ?? []);
  }
}

/** A trigger ran a batch: its progress, as `query.lastProgress`. */
export class QueryProgressEvent {
  /** The trigger's progress, with Spark's `json` and `prettyJson`. */
  readonly progress: StreamingQueryProgress & SparkJson;

  constructor(progress: StreamingQueryProgress) {
    this.progress = withSparkJson(progress);
  }

  get json(): string {
    return JSON.stringify({ progress: progressToJSON(this.progress) });
  }

  static fromJson(json: string): QueryProgressEvent {
    return new QueryProgressEvent(
      progressFromJSON((JSON.parse(json) as { progress: Record<string, unknown> }).progress),
    );
  }
}

/** The query is idle, waiting for new data (at most every spark.sql.streaming.noDataProgressEventInterval). */
export class QueryIdleEvent {
  constructor(
    readonly id: string,
    readonly runId: string,
    /** When the latest trigger that found no data started. */
    readonly timestamp: string,
  ) {}

  get json(): string {
    const { id, runId, timestamp } = this;
    return JSON.stringify({ id, runId, timestamp });
  }

  static fromJson(json: string): QueryIdleEvent {
    const e = JSON.parse(json) as QueryIdleEvent;
    return new QueryIdleEvent(e.id, e.runId, e.timestamp);
  }
}

/** The query stopped, or failed. */
export class QueryTerminatedEvent {
  constructor(
    readonly id: string,
    readonly runId: string,
    /** The error's message and stack, where the query failed; else null. */
    readonly exception: string | null,
    /** The error's condition where it has one (Spark's error class framework); else null. */
    readonly errorClassOnException: string | null = null,
  ) {}

  get json(): string {
    const { id, runId, exception, errorClassOnException } = this;
    return JSON.stringify({ id, runId, exception, errorClassOnException });
  }

  static fromJson(json: string): QueryTerminatedEvent {
    const e = JSON.parse(json) as QueryTerminatedEvent;
    return new QueryTerminatedEvent(e.id, e.runId, e.exception ?? null, e.errorClassOnException ?? null);
  }
}

/**
 * Hears of every query of the session (`spark.streams.addListener(listener)`); each method is optional. A
 * listener that throws stops neither the query nor the other listeners.
 */
export interface StreamingQueryListener {
  /** A query started (or restarted from its checkpoint), before `start()` returns. */
  onQueryStarted?(event: QueryStartedEvent): void;
  /** A trigger ran a batch: its progress, as `query.lastProgress`. */
  onQueryProgress?(event: QueryProgressEvent): void;
  /** Triggers found no new data (and had no state to clean up) for noDataProgressEventInterval. */
  onQueryIdle?(event: QueryIdleEvent): void;
  /** A query stopped or failed. */
  onQueryTerminated?(event: QueryTerminatedEvent): void;
}
