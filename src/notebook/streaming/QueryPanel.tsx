import { useState } from "react";
import type { QuerySnapshot, TablePage } from "../../kernel/protocol";
import { DataTable } from "../outputs/DataTable";
import { RowsChart } from "../outputs/RowsChart";
import { useAppState, useSession } from "../SessionContext";
import { ProgressCharts } from "./ProgressCharts";
import { statusLine } from "./queries";

/**
 * The live panel of one streaming query: status line with Stop / Restart, the input rows of the latest
 * trigger, the result table with changed rows highlighted, and the per-trigger charts. Draws from the store
 * only; the kernel pushes every change.
 */
export function QueryPanel({ queryId, snapshot }: { queryId: string; snapshot?: QuerySnapshot }) {
  const session = useSession();
  const live = useAppState((s) => s.queries[queryId]);
  const kernelReady = useAppState((s) => s.kernel.phase === "ready");
  const [tab, setTab] = useState<"result" | "input" | "progress">("result");
  const query = live ?? snapshot;
  if (!query) return <div className="query-panel">Waiting for the query to start…</div>;
  const name = query.info.name ?? query.info.id.slice(0, 8);
  const last = query.progress.at(-1);
  const running = query.phase === "running";
  return (
    <section
      className={`query-panel phase-${query.phase}`}
      aria-label={`Streaming query ${name}`}
      data-query-id={queryId}
    >
      <header className="query-header">
        <span
          className={`dot ${running ? (query.status.isTriggerActive ? "active" : "waiting") : query.phase}`}
          aria-hidden
        />
        <strong className="query-name">{name}</strong>
        <span className="query-status" data-batch-id={last?.batchId ?? -1}>
          {statusLine(query)}
        </span>
        <span className="spacer" />
        {running ? (
          <button type="button" onClick={() => void session.stopQuery(queryId)}>
            ■ Stop
          </button>
        ) : (
          <button
            type="button"
            disabled={!kernelReady}
            onClick={() => void session.restartQuery(queryId)}
            title="Start again from the checkpoint"
          >
            ↻ Restart
          </button>
        )}
      </header>
      {query.error && (
        <div className="query-error" role="alert">
          <strong>{query.error.name}</strong>
          {query.error.batchId !== undefined && <span> in batch {query.error.batchId}</span>}:{" "}
          {query.error.message}
        </div>
      )}
      <div className="tabs" role="tablist">
        {(["result", "input", "progress"] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={tab === t ? "tab on" : "tab"}
            onClick={() => setTab(t)}
          >
            {t === "result" ? "Result table" : t === "input" ? "Input (latest trigger)" : "Raw progress"}
          </button>
        ))}
      </div>
      <div className="query-body">
        <div className="query-table">
          {tab === "result" && query.result && query.info.chart && (
            <RowsChart page={query.result} chart={query.info.chart} />
          )}
          {tab === "result" &&
            (query.result ? (
              <DataTable
                label="Result table"
                page={query.result}
                changed={query.result.changed}
                fetchPage={
                  live && running ? (offset) => session.pageQuery(queryId, "result", offset) : undefined
                }
              />
            ) : (
              <div className="empty">No results yet.</div>
            ))}
          {tab === "input" &&
            (query.input ? (
              <>
                <div className="caption">Rows read by batch {query.input.batchId}</div>
                <DataTable
                  label="Input rows"
                  page={query.input as TablePage}
                  fetchPage={
                    live && running ? (offset) => session.pageQuery(queryId, "input", offset) : undefined
                  }
                />
              </>
            ) : (
              <div className="empty">No input yet.</div>
            ))}
          {tab === "progress" && (
            <pre className="raw-progress">{last ? JSON.stringify(last, null, 2) : "No progress yet."}</pre>
          )}
        </div>
        <ProgressCharts progress={query.progress} />
      </div>
    </section>
  );
}
