import type { QuerySnapshot } from "../../kernel/protocol";
import { useAppState } from "../SessionContext";
import "./restart.css";

/**
 * What a panel restored with the notebook (or left by a restarted kernel) must say to be true: its memory table
 * is gone until the query runs again (the rows shown are as saved), and how far its checkpoint really got.
 */
export function PastRunNote({ query }: { query: QuerySnapshot }) {
  const past = useAppState((s) => s.pastRuns[query.info.id]);
  if (!past) return null;
  const saved = query.result?.batchId ?? query.progress.at(-1)?.batchId;
  const sink = query.info.sink ?? query.progress.at(-1)?.sink?.description ?? "";
  const memory = /memory/i.test(sink) && query.info.name;
  const gone = past.cause === "reload" ? "went with the page it ran in" : "went with the restarted kernel";
  const behind = past.committedBatchId !== undefined && saved !== undefined && past.committedBatchId > saved;
  const pending =
    past.plannedBatchId !== undefined && past.plannedBatchId > (past.committedBatchId ?? -1)
      ? past.plannedBatchId
      : undefined;
  return (
    <div className="past-run" role="note" aria-label="Not running in this kernel">
      {memory && (
        <p>
          Its memory table <code>{query.info.name}</code> {gone}: the rows below are as saved
          {saved !== undefined && ` after batch ${saved}`}, and SQL over <code>{query.info.name}</code> fails
          until the query runs again (Restart).
        </p>
      )}
      {behind && (
        <p>
          The checkpoint has batches up to {past.committedBatchId} committed; the panel was saved after batch{" "}
          {saved}.
        </p>
      )}
      {pending !== undefined && <p>Batch {pending} was planned but not committed: Restart runs it again.</p>}
    </div>
  );
}
