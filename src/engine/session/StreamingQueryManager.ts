/** `spark.streams`: the session's active queries and its listeners. */

import { IllegalArgumentException, type StreamingQueryException } from "../sql/analysis/errors";
import type { StreamingQuery } from "../streaming/runtime/StreamingQuery";
import type {
  QueryIdleEvent,
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
  StreamingQueryListener,
} from "../streaming/runtime/StreamingQueryListener";
import { sleepUntil } from "../streaming/runtime/sleepUntil";
import type { SparkSession } from "./SparkSession";

/**
 * `spark.streams`: the session's streaming queries. List the active ones, find one by id, wait for any to
 * end, and add listeners that hear of every query's start, progress and end.
 */
export class StreamingQueryManager {
  private readonly queries = new Map<string, StreamingQuery>();
  private readonly listeners: StreamingQueryListener[] = [];
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

  /**
   * Waits until any query of the session has ended since the session began or since `resetTerminated()`;
   * rejects with its exception where it failed. With a timeout in milliseconds, resolves to whether one ended.
   */
  async awaitAnyTermination(timeoutMs?: number): Promise<boolean> {
    if (this.lastTerminatedWithException) throw this.lastTerminatedWithException;
    if (timeoutMs !== undefined && !(timeoutMs > 0))
      throw new IllegalArgumentException("requirement failed: Timeout has to be positive");
    const timeout = timeoutMs === undefined ? undefined : sleepUntil(Date.now() + timeoutMs);
    const query = await (timeout
      ? Promise.race([this.anyTerminated, timeout.done.then(() => undefined)])
      : this.anyTerminated);
    timeout?.wake();
    if (query?.exception) throw query.exception;
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

  /** Engine internal: adds a started query to the active ones. */
  register(query: StreamingQuery): void {
    this.queries.set(query.id, query);
  }

  /** Called when a query ends: unregisters it and wakes awaitAnyTermination. */
  terminated(query: StreamingQuery): void {
    this.queries.delete(query.id);
    if (query.exception) this.lastTerminatedWithException = query.exception;
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
