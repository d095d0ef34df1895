import type { BatchStateChange } from "../../kernel/protocol";
import { BatchRows, flatStateRow, type RowMark, rowIdentity } from "./BatchRows";
import { useBatchHistory, useSelectedBatch } from "./useBatchHistory";

/**
 * What each stateful operator held after the selected batch, as the state store reader shows it: the rows the
 * batch added and updated marked, and the ones it removed (a window emitted and evicted, a key timed out) listed
 * after them, struck through.
 */
export function StateView() {
  const { batch, error } = useSelectedBatch();
  if (error) return <div className="empty">{error}</div>;
  if (!batch) return <div className="empty">Reading the batch…</div>;
  if (batch.state.length === 0) return <div className="empty">This query keeps no state.</div>;
  return (
    <div className="state-view">
      {batch.state.map((operator) => (
        <OperatorState key={operator.operatorId} batchId={batch.batchId} operator={operator} />
      ))}
    </div>
  );
}

function OperatorState({ batchId, operator }: { batchId: number; operator: BatchStateChange }) {
  const { format } = useBatchHistory();
  const added = new Set(operator.added.map(rowIdentity));
  const updated = new Set(operator.updated.map(rowIdentity));
  const mark = (row: Record<string, unknown>): RowMark | undefined => {
    const key = rowIdentity(row);
    return added.has(key) ? "added" : updated.has(key) ? "updated" : undefined;
  };
  const rows = [...operator.after, ...operator.removed];
  const marks = [...operator.after.map(mark), ...operator.removed.map(() => "removed" as const)];
  return (
    <section className="operator-state">
      <h4>
        Operator {operator.operatorId}: {operator.operatorName}
      </h4>
      <div className="caption">
        After batch {batchId}: {operator.after.length} row{operator.after.length === 1 ? "" : "s"} ·{" "}
        {operator.added.length} added · {operator.updated.length} updated · {operator.removed.length} removed
      </div>
      <BatchRows
        label={`State of operator ${operator.operatorId}`}
        rows={rows.map(flatStateRow)}
        marks={marks}
        empty="No state after this batch."
        format={format}
      />
    </section>
  );
}
