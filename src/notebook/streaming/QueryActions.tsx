import type { RestartPlan } from "../Session";
import { useAppState, useSession } from "../SessionContext";
import { Icon } from "../ui/icons";
import { CompareModesAction } from "./modes/CompareModesAction";
import { type PartProps, useQuery } from "./useQuery";

/**
 * The panel's action row: Compare output modes (for an aggregation), Stop while the query runs, Restart (from
 * the checkpoint) once it has stopped. Each action is one element of this row; a new one is added here.
 */
export function QueryActions({
  queryId,
  snapshot,
  onRestartPlan,
}: PartProps & { onRestartPlan: (plan: RestartPlan | undefined) => void }) {
  const session = useSession();
  const kernelReady = useAppState((s) => s.kernel.phase === "ready");
  const phase = useQuery(queryId, snapshot, (q) => q.phase);
  const name = useQuery(queryId, snapshot, (q) => q.info.name ?? q.info.id.slice(0, 8));
  return (
    <div className="query-actions">
      <CompareModesAction queryId={queryId} name={name ?? queryId} />
      {phase === "running" ? (
        <button type="button" onClick={() => void session.stopQuery(queryId)}>
          <Icon name="stop" /> Stop
        </button>
      ) : (
        <button
          type="button"
          disabled={!kernelReady}
          onClick={() => void session.restartQuery(queryId).then(onRestartPlan)}
          title="Start again from the checkpoint"
        >
          <Icon name="restart" /> Restart
        </button>
      )}
    </div>
  );
}
