import { useCallback } from "react";
import { DataTable } from "../outputs/DataTable";
import { RowsChart } from "../outputs/RowsChart";
import { useSession } from "../SessionContext";
import { BatchRows, rowIdentity } from "./BatchRows";
import { useBatchHistory, useSelectedBatch } from "./useBatchHistory";
import { type PartProps, useLive, useQuery } from "./useQuery";

/**
 * The result. Live, the sink's table as the latest trigger left it (a memory sink's whole table), changed rows
 * marked; on a batch the scrubber holds, the rows that batch gave the sink, those not given by the batch before
 * marked new.
 */
export function ResultView({ queryId, snapshot }: PartProps) {
  const { pinned } = useBatchHistory();
  return pinned === null ? <LatestResult queryId={queryId} snapshot={snapshot} /> : <BatchOutput />;
}

function LatestResult({ queryId, snapshot }: PartProps) {
  const session = useSession();
  const result = useQuery(queryId, snapshot, (q) => q.result);
  const chart = useQuery(queryId, snapshot, (q) => q.info.chart);
  const live = useLive(queryId);
  const { format } = useBatchHistory();
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
        format={format}
      />
    </>
  );
}

function BatchOutput() {
  const { format } = useBatchHistory();
  const { batch, previous, error } = useSelectedBatch();
  if (error) return <div className="empty">{error}</div>;
  if (!batch) return <div className="empty">Reading the batch…</div>;
  const before = new Set((previous?.output ?? []).map(rowIdentity));
  const marks = batch.output.map((row) => (before.has(rowIdentity(row)) ? undefined : ("new" as const)));
  return (
    <>
      <div className="caption">Rows batch {batch.batchId} gave the sink</div>
      <BatchRows
        label="Batch output"
        rows={batch.output}
        marks={marks}
        total={batch.numRows.output}
        empty={`Batch ${batch.batchId} gave the sink no rows.`}
        format={format}
      />
    </>
  );
}
