import type { QuerySnapshot } from "../../kernel/protocol";

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
