import { lazy, Suspense } from "react";
import type { KernelError, OutputItem } from "../../kernel/protocol";
import { useSession } from "../SessionContext";
import { DataTable } from "./DataTable";

// The live query panel and charts draw with recharts, most of the page's script: loaded when an output shows
// one, so opening the app evaluates none of it (bench part P5).
const QueryPanel = lazy(() => import("../streaming/QueryPanel").then((m) => ({ default: m.QueryPanel })));
const RowsChart = lazy(() => import("./RowsChart").then((m) => ({ default: m.RowsChart })));

export function OutputView({ item }: { item: OutputItem }) {
  const session = useSession();
  switch (item.kind) {
    case "stream":
      return <pre className={`output-text ${item.name}`}>{item.text}</pre>;
    case "value":
      return <pre className="output-text value">{item.text}</pre>;
    case "error":
      return <ErrorView error={item.error} />;
    case "table":
      return (
        <div className="output-table">
          {item.chart && (
            <Suspense fallback={<div className="rows-chart" aria-busy="true" />}>
              <RowsChart page={item.page} chart={item.chart} />
            </Suspense>
          )}
          <DataTable
            label="Table"
            page={item.page}
            fetchPage={(offset) => session.pageTable(item.tableId, offset)}
          />
        </div>
      );
    case "query":
      return (
        <Suspense fallback={<div className="query-panel">Loading the query panel…</div>}>
          <QueryPanel queryId={item.queryId} snapshot={item.snapshot} />
        </Suspense>
      );
  }
}

function ErrorView({ error }: { error: KernelError }) {
  return (
    <div className="output-error" role="alert">
      <div>
        <strong className="error-name">{error.name}</strong>
        {error.line !== undefined && (
          <span className="error-where">
            {" "}
            at line {error.line}
            {error.column !== undefined ? `, column ${error.column}` : ""}
          </span>
        )}
        {error.batchId !== undefined && <span className="error-where"> in batch {error.batchId}</span>}
      </div>
      <pre className="error-message">{error.message}</pre>
    </div>
  );
}
