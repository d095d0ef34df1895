import { useCallback, useEffect, useRef, useState } from "react";
import type {
  ModeRun,
  ModeStepView,
  ModesComparison,
  ModesStepView,
  TablePage,
} from "../../../kernel/protocol";
import { DataTable } from "../../outputs/DataTable";
import { formatTimestamp } from "../../outputs/format";
import { useSession } from "../../SessionContext";
import { Icon } from "../../ui/icons";
import { MODE_DEFINITIONS, MODE_TITLES } from "./modeDefinitions";
import "./modes.css";

/**
 * Output modes side by side: the query run again in append, update and complete mode on the input it read (the
 * kernel's compareModes), one column per mode, stepped through batch by batch with one selector for all three:
 * what each mode emitted, and its memory sink's table after it. A mode Spark refuses shows Spark's error.
 * Closing the dialog removes the runs' tables and temporary checkpoints.
 */
export function ModesView({
  queryId,
  name,
  onClose,
}: {
  queryId: string;
  name: string;
  onClose: () => void;
}) {
  const session = useSession();
  const dialog = useRef<HTMLDialogElement>(null);
  const [comparison, setComparison] = useState<ModesComparison>();
  const [error, setError] = useState<string>();
  const [step, setStep] = useState(0);
  const [view, setView] = useState<ModesStepView>();

  useEffect(() => dialog.current?.showModal(), []);

  useEffect(() => {
    let closed = false;
    let opened: string | undefined;
    session.modes("modes.compare", { queryId }).then(
      (c) => {
        opened = c.id;
        if (closed) void session.modes("modes.close", { comparisonId: c.id });
        else setComparison(c);
      },
      (e: Error) => !closed && setError(e.message),
    );
    return () => {
      closed = true;
      if (opened) void session.modes("modes.close", { comparisonId: opened });
    };
  }, [session, queryId]);

  useEffect(() => {
    if (!comparison) return;
    let current = true;
    session.modes("modes.step", { comparisonId: comparison.id, step }).then(
      (v) => current && setView(v),
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [session, comparison, step]);

  return (
    <dialog
      ref={dialog}
      className="modes-dialog"
      aria-label={`Output modes side by side: ${name}`}
      onClose={onClose}
    >
      <header>
        <h2>Output modes side by side: {name}</h2>
        <button type="button" className="close" aria-label="Close" onClick={() => dialog.current?.close()}>
          <Icon name="close" />
        </button>
      </header>
      {error && (
        <div className="query-error" role="alert">
          {error}
        </div>
      )}
      {!comparison && !error && (
        <p className="modes-running" role="status">
          Running {name} in append, update and complete mode on the input it has read…
        </p>
      )}
      {comparison && comparison.steps.length > 0 && (
        <>
          <StepSelector comparison={comparison} step={step} onStep={setStep} />
          {view?.step === step && <StepFacts view={view} />}
          <div className="modes-columns">
            {comparison.runs.map((run, i) => (
              <ModeColumn
                key={run.mode}
                comparison={comparison}
                run={run}
                batchIds={comparison.steps[step].batchIds[i]}
                step={step}
                view={view?.step === step ? view.modes.find((m) => m.mode === run.mode) : undefined}
              />
            ))}
          </div>
        </>
      )}
    </dialog>
  );
}

const batchesLabel = ([first, last]: readonly [number, number]) =>
  first === last ? `batch ${first}` : `batches ${first}–${last}`;

/** One selector for the three columns: previous, next, and a slider over the steps (arrow keys move it). */
function StepSelector({
  comparison,
  step,
  onStep,
}: {
  comparison: ModesComparison;
  step: number;
  onStep: (step: number) => void;
}) {
  const last = comparison.steps.length - 1;
  const label = `The query's ${batchesLabel(comparison.steps[step].originalBatchIds)} (${step + 1} of ${last + 1})`;
  return (
    <fieldset className="modes-steps" aria-label="Batch">
      <button
        type="button"
        aria-label="Previous batch"
        disabled={step === 0}
        onClick={() => onStep(step - 1)}
      >
        <Icon name="prev" />
      </button>
      <input
        type="range"
        min={0}
        max={last}
        value={step}
        aria-label="Batch"
        aria-valuetext={label}
        onChange={(e) => onStep(Number(e.target.value))}
      />
      <button type="button" aria-label="Next batch" disabled={step === last} onClick={() => onStep(step + 1)}>
        <Icon name="next" />
      </button>
      <span className="modes-step-label">{label}</span>
    </fieldset>
  );
}

const watermarkText = (ms: number | null) => (ms === null ? "none" : formatTimestamp(new Date(ms)));

function StepFacts({ view }: { view: ModesStepView }) {
  const { before, after } = view.watermark;
  return (
    <p className="modes-facts">
      Read {view.inputRows} input {view.inputRows === 1 ? "row" : "rows"}
      {before !== null && (
        <>
          {" "}
          · watermark {watermarkText(before)} → {watermarkText(after)}
        </>
      )}
    </p>
  );
}

function ModeColumn({
  comparison,
  run,
  batchIds,
  step,
  view,
}: {
  comparison: ModesComparison;
  run: ModeRun;
  batchIds: number[];
  step: number;
  view: ModeStepView | undefined;
}) {
  const { mode } = run;
  return (
    <section className="mode-column" aria-label={`${MODE_TITLES[mode]} mode`}>
      <h3>
        {MODE_TITLES[mode]}
        {mode === comparison.queryMode && <span className="mode-badge">the query's mode</span>}
      </h3>
      <p className="mode-definition">{MODE_DEFINITIONS[mode]}</p>
      {run.error && (
        <div className="mode-error" role="note" aria-label={`Spark's error for ${mode} mode`}>
          <strong>{run.error.name}</strong>
          {/* Spark 4's messages already start with their condition; a legacy one's does not. */}
          {run.error.condition && !run.error.message.startsWith(`[${run.error.condition}]`) && (
            <code> [{run.error.condition}]</code>
          )}
          {run.error.batchId !== undefined && <span> in batch {run.error.batchId}</span>}: {run.error.message}
        </div>
      )}
      {view && (
        <ModeStep comparisonId={comparison.id} run={run} batchIds={batchIds} step={step} view={view} />
      )}
    </section>
  );
}

function ModeStep({
  comparisonId,
  run,
  batchIds,
  step,
  view,
}: {
  comparisonId: string;
  run: ModeRun;
  batchIds: number[];
  step: number;
  view: ModeStepView;
}) {
  const session = useSession();
  const { mode } = run;
  const fetcher = useCallback(
    (which: "emitted" | "table") => (offset: number) =>
      session.modes("modes.page", { comparisonId, step, mode, which, offset, limit: 50 }),
    [session, comparisonId, step, mode],
  );
  const [data, ...noData] = batchIds;
  const emitted = view.emitted.batchRows ?? view.emitted.totalRows;
  return (
    <>
      <div className="caption">
        Emitted by batch {data}
        {noData.length > 0 &&
          ` and no-data ${noData.length === 1 ? "batch" : "batches"} ${noData.join(", ")}`}
        : {emitted} {emitted === 1 ? "row" : "rows"}
        {view.lateRows > 0 && ` · ${view.lateRows} late ${view.lateRows === 1 ? "row" : "rows"} dropped`}
      </div>
      <Rows
        key={`e${step}`}
        label={`${MODE_TITLES[mode]}: emitted`}
        page={view.emitted}
        fetch={fetcher("emitted")}
      />
      <div className="caption">
        Result table, as the memory sink <code>{run.table}</code> holds it
      </div>
      <Rows
        key={`t${step}`}
        label={`${MODE_TITLES[mode]}: result table`}
        page={view.table}
        changed={view.table.changed}
        fetch={fetcher("table")}
      />
    </>
  );
}

function Rows({
  label,
  page,
  changed,
  fetch,
}: {
  label: string;
  page: TablePage;
  changed?: boolean[];
  fetch: (offset: number) => Promise<TablePage>;
}) {
  if (page.totalRows === 0)
    return (
      <section className="empty" aria-label={label}>
        No rows.
      </section>
    );
  return <DataTable label={label} page={page} changed={changed} fetchPage={fetch} />;
}
