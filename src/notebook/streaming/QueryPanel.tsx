import { useCallback, useState } from "react";
import type { QuerySnapshot, TablePage } from "../../kernel/protocol";
import { DataTable } from "../outputs/DataTable";
import { RowsChart } from "../outputs/RowsChart";
import type { RestartPlan as Plan } from "../Session";
import { useAppState, useSession } from "../SessionContext";
import { Icon } from "../ui/icons";
import { Tabs } from "../ui/Tabs";
import { CompareModesAction } from "./modes/CompareModesAction";
import { PastRunNote } from "./PastRunNote";
import { ProgressCharts } from "./ProgressCharts";
import { RestartPlan } from "./RestartPlan";
import { batchOf, statusLine } from "./statusLine";

const TABS = { result: "Result table", input: "Input (latest trigger)", progress: "Raw progress" } as const;

/**
 * The live panel of one streaming query: status line with Stop / Restart, the input rows of the latest
 * trigger, the result table with changed rows highlighted, and the per-trigger charts. Draws from the store
 * only; the kernel pushes every change. Each part reads only its own slice of the query, so a trigger redraws
 * what it changed: the status line for a status, the tables for new pages, the charts for new progress.
 */
export function QueryPanel({ queryId, snapshot }: { queryId: string; snapshot?: QuerySnapshot }) {
  const [tab, setTab] = useState<keyof typeof TABS>("result");
  const phase = useQuery(queryId, snapshot, (q) => q.phase);
  const name = useQuery(queryId, snapshot, (q) => q.info.name ?? q.info.id.slice(0, 8));
  if (!phase) return <div className="query-panel">Waiting for the query to start…</div>;
  return (
    <section
      className={`query-panel phase-${phase}`}
      aria-label={`Streaming query ${name}`}
      data-query-id={queryId}
    >
      <QueryHeader queryId={queryId} snapshot={snapshot} />
      <QueryError queryId={queryId} snapshot={snapshot} />
      <QueryPast queryId={queryId} snapshot={snapshot} />
      <Tabs tabs={TABS} selected={tab} onSelect={setTab} />
      <div className="query-body">
        <div className="query-table">
          {tab === "result" && <ResultTable queryId={queryId} snapshot={snapshot} />}
          {tab === "input" && <InputTable queryId={queryId} snapshot={snapshot} />}
          {tab === "progress" && <RawProgress queryId={queryId} snapshot={snapshot} />}
        </div>
        <QueryCharts queryId={queryId} snapshot={snapshot} />
      </div>
    </section>
  );
}

interface PartProps {
  queryId: string;
  snapshot?: QuerySnapshot;
}

/**
 * A slice of the query as the store has it (or as the saved notebook had it, before the query runs in this
 * kernel). `select` must return a part of the snapshot or a plain value, so an unchanged slice is the same.
 */
function useQuery<T>(queryId: string, snapshot: QuerySnapshot | undefined, select: (q: QuerySnapshot) => T) {
  return useAppState((s) => {
    const query = s.queries[queryId] ?? snapshot;
    return query ? select(query) : undefined;
  });
}

/** Whether the query runs in this kernel, so its tables can page through it. */
function useLive(queryId: string): boolean {
  return useAppState((s) => s.queries[queryId]?.phase === "running");
}

function QueryHeader({ queryId, snapshot }: PartProps) {
  const session = useSession();
  const kernelReady = useAppState((s) => s.kernel.phase === "ready");
  const name = useQuery(queryId, snapshot, (q) => q.info.name ?? q.info.id.slice(0, 8));
  const phase = useQuery(queryId, snapshot, (q) => q.phase);
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
        <CompareModesAction queryId={queryId} name={name ?? queryId} />
        {phase === "running" ? (
          <button type="button" onClick={() => void session.stopQuery(queryId)}>
            <Icon name="stop" /> Stop
          </button>
        ) : (
          <button
            type="button"
            disabled={!kernelReady}
            onClick={() => void session.restartQuery(queryId).then(setPlan)}
            title="Start again from the checkpoint"
          >
            <Icon name="restart" /> Restart
          </button>
        )}
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

function QueryPast({ queryId, snapshot }: PartProps) {
  const query = useAppState((s) => s.queries[queryId] ?? snapshot);
  return query ? <PastRunNote query={query} /> : null;
}

function QueryError({ queryId, snapshot }: PartProps) {
  const error = useQuery(queryId, snapshot, (q) => q.error);
  if (!error) return null;
  return (
    <div className="query-error" role="alert">
      <strong>{error.name}</strong>
      {error.batchId !== undefined && <span> in batch {error.batchId}</span>}: {error.message}
    </div>
  );
}

function ResultTable({ queryId, snapshot }: PartProps) {
  const session = useSession();
  const result = useQuery(queryId, snapshot, (q) => q.result);
  const chart = useQuery(queryId, snapshot, (q) => q.info.chart);
  const live = useLive(queryId);
  const fetchPage = useCallback(
    (offset: number) => session.pageQuery(queryId, "result", offset),
    [session, queryId],
  );
  if (!result) return <div className="empty">No results yet.</div>;
  return (
    <>
      {chart && <RowsChart page={result} chart={chart} />}
      <DataTable
        label="Result table"
        page={result}
        changed={result.changed}
        fetchPage={live ? fetchPage : undefined}
      />
    </>
  );
}

function InputTable({ queryId, snapshot }: PartProps) {
  const session = useSession();
  const input = useQuery(queryId, snapshot, (q) => q.input);
  const live = useLive(queryId);
  const fetchPage = useCallback(
    (offset: number) => session.pageQuery(queryId, "input", offset),
    [session, queryId],
  );
  if (!input) return <div className="empty">No input yet.</div>;
  return (
    <>
      <div className="caption">Rows read by batch {input.batchId}</div>
      <DataTable label="Input rows" page={input as TablePage} fetchPage={live ? fetchPage : undefined} />
    </>
  );
}

function RawProgress({ queryId, snapshot }: PartProps) {
  const last = useQuery(queryId, snapshot, (q) => q.progress.at(-1));
  return <pre className="raw-progress">{last ? JSON.stringify(last, null, 2) : "No progress yet."}</pre>;
}

function QueryCharts({ queryId, snapshot }: PartProps) {
  const progress = useQuery(queryId, snapshot, (q) => q.progress);
  return <ProgressCharts progress={progress ?? []} />;
}
