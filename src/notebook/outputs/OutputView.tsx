import type { KernelError, OutputItem } from "../../kernel/protocol";
import { useSession } from "../SessionContext";
import { QueryPanel } from "../streaming/QueryPanel";
import { DataTable } from "./DataTable";
import { RowsChart } from "./RowsChart";

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
          {item.chart && <RowsChart page={item.page} chart={item.chart} />}
          <DataTable
            label="Table"
            page={item.page}
            fetchPage={(offset) => session.pageTable(item.tableId, offset)}
          />
        </div>
      );
    case "query":
      return <QueryPanel queryId={item.queryId} snapshot={item.snapshot} />;
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
