import { useActions, useAppState, useSession } from "../SessionContext";
import { statusLine } from "./statusLine";

/** All queries of the session, active and finished; a click scrolls to the cell that started one. */
export function QueryList() {
  const session = useSession();
  const actions = useActions();
  const queries = useAppState((s) => s.queries);
  const pastRuns = useAppState((s) => s.pastRuns);
  const list = Object.values(queries).sort((a, b) => b.info.startedAt - a.info.startedAt);
  if (list.length === 0) return <p className="muted">No streaming queries yet.</p>;
  return (
    <ul className="query-list" aria-label="Streaming queries">
      {list.map((q) => (
        <li key={q.info.id} className={`phase-${q.phase}`}>
          <button
            type="button"
            className="link"
            onClick={() => {
              if (q.info.cellId) {
                actions.selectCell({ id: q.info.cellId, mode: "command" });
                document
                  .getElementById(`cell-${q.info.cellId}`)
                  ?.scrollIntoView({ behavior: "smooth", block: "start" });
              }
            }}
          >
            {q.info.name ?? q.info.id.slice(0, 8)}
          </button>
          <span className="muted small">{statusLine(q, pastRuns[q.info.id])}</span>
          {q.phase === "running" && (
            <button type="button" className="small-button" onClick={() => void session.stopQuery(q.info.id)}>
              Stop
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
