import type { KernelEvent, QueryProgress, QuerySnapshot } from "../../kernel/protocol";

/** Every query of the session (and those restored from a saved notebook), by id. */
export type Queries = Readonly<Record<string, QuerySnapshot>>;

/** Progress kept per query for the charts (Spark's UI keeps the last 100 too). */
export const PROGRESS_KEPT = 100;

const IDLE = { message: "Initializing", isDataAvailable: false, isTriggerActive: false };

/** Applies a kernel event about a query; other events leave the queries as they are. */
export function applyQueryEvent(queries: Queries, event: KernelEvent): Queries {
  switch (event.type) {
    case "query.started": {
      const previous = queries[event.query.id];
      // A restart from the checkpoint keeps the id: its history continues in the same panel.
      return {
        ...queries,
        [event.query.id]: {
          info: event.query,
          phase: "running",
          status: IDLE,
          progress: previous?.progress ?? [],
          input: previous?.input,
          result: previous?.result,
        },
      };
    }
    case "query.progress":
      return update(queries, event.queryId, (q) => ({
        ...q,
        progress: appendProgress(q.progress, event.progress),
        status: event.status,
        input: event.input ?? q.input,
        result: event.result ?? q.result,
      }));
    case "query.status":
      return update(queries, event.queryId, (q) => ({ ...q, status: event.status }));
    case "query.terminated":
      return update(queries, event.queryId, (q) => ({
        ...q,
        phase: event.error ? "failed" : "stopped",
        error: event.error,
        status: {
          ...q.status,
          isTriggerActive: false,
          message: event.error ? "Terminated with exception" : "Stopped",
        },
      }));
    default:
      return queries;
  }
}

function update(queries: Queries, id: string, change: (q: QuerySnapshot) => QuerySnapshot): Queries {
  const query = queries[id];
  return query ? { ...queries, [id]: change(query) } : queries;
}

function appendProgress(progress: QueryProgress[], next: QueryProgress): QueryProgress[] {
  const kept = progress.filter(
    (p) => !(p.runId === next.runId && p.batchId === next.batchId && p.timestamp === next.timestamp),
  );
  return [...kept, next].slice(-PROGRESS_KEPT);
}

/** Queries restored from a saved notebook are not running in this kernel: show them as stopped. */
export function restoredSnapshot(snapshot: QuerySnapshot): QuerySnapshot {
  if (snapshot.phase !== "running") return snapshot;
  return {
    ...snapshot,
    phase: "stopped",
    status: { ...snapshot.status, isTriggerActive: false, message: "Stopped (page reloaded)" },
  };
}

/** A query's status line: batch id, phase, Spark's status message. */
export function statusLine(query: QuerySnapshot): string {
  const last = query.progress.at(-1);
  const batch = last ? `batch ${last.batchId}` : "no batch yet";
  const phase =
    query.phase === "failed"
      ? "failed"
      : query.phase === "stopped"
        ? "stopped"
        : query.status.isTriggerActive
          ? "running"
          : "waiting";
  return `${batch} · ${phase} · ${query.status.message}`;
}
