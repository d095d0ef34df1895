import { useState } from "react";
import type { RestartPlan as Plan } from "../Session";
import { useAppState, useSession } from "../SessionContext";
import { QueryActions } from "./QueryActions";
import { RestartPlan } from "./RestartPlan";
import { batchOf, statusLine } from "./statusLine";
import { type PartProps, useQuery } from "./useQuery";

/** The panel's first line: the query's state, name and status, and its actions; Restart's plan below it. */
export function QueryHeader({ queryId, snapshot }: PartProps) {
  const session = useSession();
  const name = useQuery(queryId, snapshot, (q) => q.info.name ?? q.info.id.slice(0, 8));
  const dot = useQuery(queryId, snapshot, (q) =>
    q.phase === "running" ? (q.status.isTriggerActive ? "active" : "waiting") : q.phase,
  );
  const past = useAppState((s) => s.pastRuns[queryId]);
  const batchId = useQuery(queryId, snapshot, (q) => batchOf(q, past) ?? -1);
  const line = useQuery(queryId, snapshot, (q) => statusLine(q, past));
  const [plan, setPlan] = useState<Plan>();
  return (
    <>
      <header className="query-header">
        <span className={`dot ${dot}`} aria-hidden />
        <strong className="query-name">{name}</strong>
        <span className="query-status" data-batch-id={batchId}>
          {line}
        </span>
        <span className="spacer" />
        <QueryActions queryId={queryId} snapshot={snapshot} onRestartPlan={setPlan} />
      </header>
      {plan && (
        <RestartPlan
          plan={plan}
          onRun={() => {
            setPlan(undefined);
            void session.runRestart(plan);
          }}
          onCancel={() => setPlan(undefined)}
        />
      )}
    </>
  );
}
