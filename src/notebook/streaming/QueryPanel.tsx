import { useState } from "react";
import type { QuerySnapshot } from "../../kernel/protocol";
import { useAppState } from "../SessionContext";
import { Tabs } from "../ui/Tabs";
import { BatchScrubber } from "./BatchScrubber";
import { CheckpointFilesView } from "./CheckpointFilesView";
import { InputView } from "./InputView";
import { LateDataView } from "./LateDataView";
import { PastRunNote } from "./PastRunNote";
import { ProgressCharts } from "./ProgressCharts";
import { QueryHeader } from "./QueryHeader";
import { RawProgressView } from "./RawProgressView";
import { ResultView } from "./ResultView";
import { StateView } from "./StateView";
import { BatchHistoryContext, useBatchHistory, useBatchHistoryOf } from "./useBatchHistory";
import { type PartProps, useQuery } from "./useQuery";
import { WaitingLine } from "./WaitingLine";
import "./timeTravel.css";

const TABS = {
  result: "Result table",
  input: "Input rows",
  state: "State",
  late: "Late data",
  progress: "Raw progress",
  files: "Checkpoint files",
} as const;

type Tab = keyof typeof TABS;

/**
 * The live panel of one streaming query: status line with its actions, what the output is waiting for, the batch
 * scrubber, and the views of the batch it selects (live: the latest) — result table, input rows, state, late
 * data (for a query with a watermark), raw progress, checkpoint files — over the per-trigger charts. Live parts
 * draw from the store, which the kernel pushes every change to; a selected batch is read from the query's
 * history. Each part reads only its own slice, so a trigger redraws what it changed.
 */
export function QueryPanel({ queryId, snapshot }: { queryId: string; snapshot?: QuerySnapshot }) {
  const phase = useQuery(queryId, snapshot, (q) => q.phase);
  const name = useQuery(queryId, snapshot, (q) => q.info.name ?? q.info.id.slice(0, 8));
  const history = useBatchHistoryOf(queryId, snapshot);
  if (!phase) return <div className="query-panel">Waiting for the query to start…</div>;
  return (
    <section
      className={`query-panel phase-${phase}`}
      aria-label={`Streaming query ${name}`}
      data-query-id={queryId}
    >
      <BatchHistoryContext.Provider value={history}>
        <QueryHeader queryId={queryId} snapshot={snapshot} />
        <QueryError queryId={queryId} snapshot={snapshot} />
        <QueryPast queryId={queryId} snapshot={snapshot} />
        <WaitingLine queryId={queryId} snapshot={snapshot} />
        <BatchScrubber />
        <QueryViews queryId={queryId} snapshot={snapshot} />
      </BatchHistoryContext.Provider>
    </section>
  );
}

function QueryViews({ queryId, snapshot }: PartProps) {
  const [tab, setTab] = useState<Tab>("result");
  const watermark = useQuery(queryId, snapshot, (q) => q.progress.some((p) => p.eventTime?.watermark));
  const { ids } = useBatchHistory();
  const history = ids.length > 0;
  const tabs = Object.fromEntries(
    (Object.keys(TABS) as Tab[])
      .filter((t) => history || (t !== "state" && t !== "late" && t !== "files"))
      .filter((t) => watermark || t !== "late")
      .map((t) => [t, TABS[t]]),
  ) as Record<Tab, string>;
  const shown = tab in tabs ? tab : "result";
  return (
    <>
      <Tabs tabs={tabs} selected={shown} onSelect={setTab} />
      <div className="query-body">
        <div className="query-table">
          {shown === "result" && <ResultView queryId={queryId} snapshot={snapshot} />}
          {shown === "input" && <InputView queryId={queryId} snapshot={snapshot} />}
          {shown === "state" && <StateView />}
          {shown === "late" && <LateDataView />}
          {shown === "progress" && <RawProgressView queryId={queryId} snapshot={snapshot} />}
          {shown === "files" && <CheckpointFilesView />}
        </div>
        <QueryCharts queryId={queryId} snapshot={snapshot} />
      </div>
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

function QueryCharts({ queryId, snapshot }: PartProps) {
  const progress = useQuery(queryId, snapshot, (q) => q.progress);
  const { pinned } = useBatchHistory();
  return <ProgressCharts progress={progress ?? []} selected={pinned ?? undefined} />;
}
