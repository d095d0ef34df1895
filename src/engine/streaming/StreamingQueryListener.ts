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

export interface StreamingQueryListener {
  onQueryStarted?(event: QueryStartedEvent): void;
  onQueryProgress?(event: QueryProgressEvent): void;
  onQueryIdle?(event: QueryIdleEvent): void;
  onQueryTerminated?(event: QueryTerminatedEvent): void;
}
