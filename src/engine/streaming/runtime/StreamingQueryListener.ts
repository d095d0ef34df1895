/** Spark's StreamingQueryListener and its events. */
import type { StreamingQueryProgress } from "./progress";

export interface QueryStartedEvent {
  id: string;
  runId: string;
  name: string | null;
  timestamp: string;
}

export interface QueryProgressEvent {
  progress: StreamingQueryProgress;
}

export interface QueryIdleEvent {
  id: string;
  runId: string;
  timestamp: string;
}

export interface QueryTerminatedEvent {
  id: string;
  runId: string;
  /** The error's message and stack, where the query failed. */
  exception: string | null;
  errorClassOnException: string | null;
}

/** Hears of every query of the session (`spark.streams.addListener(listener)`); each method is optional. */
export interface StreamingQueryListener {
  /** A query started (or restarted from its checkpoint). */
  onQueryStarted?(event: QueryStartedEvent): void;
  /** A trigger finished: its progress, as `query.lastProgress`. */
  onQueryProgress?(event: QueryProgressEvent): void;
  /** A trigger found no new data (and had no state to clean up). */
  onQueryIdle?(event: QueryIdleEvent): void;
  /** A query stopped or failed. */
  onQueryTerminated?(event: QueryTerminatedEvent): void;
}
