import type {
  CheckpointProgress,
  KernelError,
  QueryInfo,
  QueryProgress,
  QuerySnapshot,
  QueryStatus,
  QueryTrigger,
  WaitingFor,
} from "../../kernel/protocol";
import type { AppState } from "./AppState";

/** Progress kept per query for the charts (Spark's UI keeps the last 100 too). */
export const PROGRESS_KEPT = 100;

const IDLE = { message: "Initializing", isDataAvailable: false, isTriggerActive: false };

/** The streaming queries' actions, one per kernel event about a query. */
export const queryHandlers = {
  /** A restart from the checkpoint keeps the query's id: its history continues in the same panel. */
  queryStarted(state: AppState, { query }: { query: QueryInfo }): AppState {
    const previous = state.queries[query.id];
    const { [query.id]: _, ...pastRuns } = state.pastRuns;
    return {
      ...state,
      pastRuns,
      queries: {
        ...state.queries,
        [query.id]: {
          info: query,
          phase: "running",
          status: IDLE,
          progress: previous?.progress ?? [],
          input: previous?.input,
          result: previous?.result,
          waitingFor: previous?.waitingFor,
        },
      },
      sessionQueries: { ...state.sessionQueries, [query.id]: true },
    };
  },

  /** A trigger: its progress, the status after it, and its tables (where they could not be read, the last). */
  queryProgressed(state: AppState, event: { queryId: string } & QueryTrigger): AppState {
    return withQuery(state, event.queryId, (q) => ({
      ...q,
      progress: appendProgress(q.progress, event.progress),
      status: event.status,
      input: event.input ?? q.input,
      result: event.result ?? q.result,
    }));
  },

  /** What the output waits for after a batch, worked out once the query was idle after it. */
  queryWaiting(
    state: AppState,
    { queryId, waitingFor }: { queryId: string; waitingFor: WaitingFor },
  ): AppState {
    return withQuery(state, queryId, (q) => ({ ...q, waitingFor }));
  },

  queryStatusChanged(
    state: AppState,
    { queryId, status }: { queryId: string; status: QueryStatus },
  ): AppState {
    return withQuery(state, queryId, (q) => ({ ...q, status }));
  },

  /** How far a past run's checkpoint got, as the kernel read it. */
  checkpointRead(
    state: AppState,
    { queryId, progress }: { queryId: string; progress: CheckpointProgress },
  ): AppState {
    const past = state.pastRuns[queryId];
    if (!past) return state;
    return { ...state, pastRuns: { ...state.pastRuns, [queryId]: { ...past, ...progress } } };
  },

  /** Restart did not get the query running again: the panel says why (the failing cell shows its error). */
  restartFailed(state: AppState, { queryId, message }: { queryId: string; message: string }): AppState {
    return withQuery(state, queryId, (q) => ({ ...q, status: { ...q.status, message } }));
  },

  queryTerminated(state: AppState, { queryId, error }: { queryId: string; error?: KernelError }): AppState {
    return withQuery(state, queryId, (q) => ({
      ...q,
      phase: error ? "failed" : "stopped",
      error,
      status: {
        ...q.status,
        isTriggerActive: false,
        message: error ? "Terminated with exception" : "Stopped",
      },
    }));
  },
};

/** Queries restored from a saved notebook are not running in this kernel: show them as stopped. */
export function restoredSnapshot(snapshot: QuerySnapshot): QuerySnapshot {
  return stopped(snapshot, "Stopped (page reloaded)");
}

/** A running query as stopped, with `message` as its status; a finished one as it is. */
export function stopped(q: QuerySnapshot, message: string): QuerySnapshot {
  return q.phase === "running"
    ? { ...q, phase: "stopped", status: { ...q.status, isTriggerActive: false, message } }
    : q;
}

function withQuery(state: AppState, id: string, change: (q: QuerySnapshot) => QuerySnapshot): AppState {
  const query = state.queries[id];
  return query ? { ...state, queries: { ...state.queries, [id]: change(query) } } : state;
}

function appendProgress(progress: QueryProgress[], next: QueryProgress): QueryProgress[] {
  const kept = progress.filter(
    (p) => !(p.runId === next.runId && p.batchId === next.batchId && p.timestamp === next.timestamp),
  );
  return [...kept, next].slice(-PROGRESS_KEPT);
}
