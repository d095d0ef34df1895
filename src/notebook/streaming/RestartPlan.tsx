import type { RestartPlan as Plan } from "../Session";
import { useAppState } from "../SessionContext";
import "./restart.css";

/**
 * What Restart will run, asked before it runs: the cells above that define the names the query's cell needs
 * (this kernel has not run them since the page loaded), then the query's cell; names no cell defines are named.
 * The checkpoint is protected: no cell run here may delete it.
 */
export function RestartPlan({
  plan,
  onRun,
  onCancel,
}: {
  plan: Plan;
  onRun: () => void;
  onCancel: () => void;
}) {
  const cells = useAppState((s) => s.notebook.cells);
  const cellAt = (id: string) => {
    const index = cells.findIndex((c) => c.id === id);
    const line = cells[index]?.source.split("\n").find((l) => l.trim() !== "") ?? "";
    return { number: index + 1, line: line.length > 70 ? `${line.slice(0, 69)}…` : line };
  };
  const own = cellAt(plan.cellId);
  return (
    <div className="restart-plan" role="alertdialog" aria-label="Restart plan">
      <p>
        This kernel has not run the query's cell since the page loaded. Restart will run, in this order
        {plan.checkpoint && (
          <>
            {" "}
            (none of them may delete the checkpoint <code>{plan.checkpoint}</code>)
          </>
        )}
        :
      </p>
      <ol>
        {plan.run.map((c) => {
          const { number, line } = cellAt(c.id);
          return (
            <li key={c.id}>
              Cell {number} <code>{line}</code>, which defines <Names names={c.defines} />
            </li>
          );
        })}
        <li>
          Cell {own.number} <code>{own.line}</code>, the query's own
        </li>
      </ol>
      {plan.missing.length > 0 && (
        <p className="restart-missing" role="note">
          No cell above defines <Names names={plan.missing} />: the cell that uses{" "}
          {plan.missing.length === 1 ? "it fails unless you define it" : "them fails unless you define them"}{" "}
          first.
        </p>
      )}
      <div className="restart-actions">
        <button type="button" onClick={onRun}>
          Run {plan.run.length + 1} cell{plan.run.length === 0 ? "" : "s"} and restart
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function Names({ names }: { names: string[] }) {
  return names.map((n, i) => (
    <span key={n}>
      {i > 0 && ", "}
      <code>{n}</code>
    </span>
  ));
}
