import type { QuerySnapshot } from "../../kernel/protocol";
import type { PastRun } from "../state/AppState";

/** The batch a panel stands at: a past run's last committed batch (its checkpoint says), else its last progress. */
export function batchOf(query: QuerySnapshot, past?: PastRun): number | undefined {
  return past?.committedBatchId ?? query.progress.at(-1)?.batchId;
}

/** A query's status line: batch id, phase, Spark's status message. */
export function statusLine(query: QuerySnapshot, past?: PastRun): string {
  const batchId = batchOf(query, past);
  const batch = batchId === undefined ? "no batch yet" : `batch ${batchId}`;
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
