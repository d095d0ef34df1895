import { useCallback } from "react";
import type { TablePage } from "../../kernel/protocol";
import { DataTable } from "../outputs/DataTable";
import { useSession } from "../SessionContext";
import { BatchRows, type RowMark, rowIdentity } from "./BatchRows";
import { useBatchHistory, useSelectedBatch } from "./useBatchHistory";
import { type PartProps, useLive, useQuery } from "./useQuery";

/**
 * The rows a batch read. Live, the latest trigger's rows paged from the kernel; on a batch the scrubber holds,
 * that batch's rows from its history, the ones a stateful operator judged late marked (dropped or kept).
 */
export function InputView({ queryId, snapshot }: PartProps) {
  const { pinned } = useBatchHistory();
  return pinned === null ? <LatestInput queryId={queryId} snapshot={snapshot} /> : <BatchInput />;
}

function LatestInput({ queryId, snapshot }: PartProps) {
  const session = useSession();
  const input = useQuery(queryId, snapshot, (q) => q.input);
  const live = useLive(queryId);
  const { format } = useBatchHistory();
  const fetchPage = useCallback(
    (offset: number) => session.pageQuery(queryId, "input", offset),
    [session, queryId],
  );
  if (!input) return <div className="empty">No input yet.</div>;
  return (
    <>
      <div className="caption">Rows read by batch {input.batchId}</div>
      <DataTable
        label="Input rows"
        page={input as TablePage}
        fetchPage={live ? fetchPage : undefined}
        format={format}
      />
    </>
  );
}

function BatchInput() {
  const { format } = useBatchHistory();
  const { batch, error } = useSelectedBatch();
  if (error) return <div className="empty">{error}</div>;
  if (!batch) return <div className="empty">Reading the batch…</div>;
  const marks = lateMarks(batch.input, batch.late, batch.lateAccepted);
  return (
    <>
      <div className="caption">Rows read by batch {batch.batchId}</div>
      <BatchRows
        label="Input rows"
        rows={batch.input}
        marks={marks.some(Boolean) ? marks : undefined}
        total={batch.numRows.input}
        empty={`Batch ${batch.batchId} read no rows.`}
        format={format}
      />
    </>
  );
}

/** Which input rows were judged late: matched on the input's columns (late rows add `window`, `__watermark`). */
function lateMarks(
  input: readonly Record<string, unknown>[],
  late: readonly Record<string, unknown>[],
  accepted: readonly Record<string, unknown>[],
): (RowMark | undefined)[] {
  const columns = Object.keys(input[0] ?? {});
  const pick = (row: Record<string, unknown>) =>
    rowIdentity(Object.fromEntries(columns.map((c) => [c, row[c]])));
  const judged = new Map<string, RowMark[]>();
  for (const [rows, mark] of [
    [late, "late, dropped"],
    [accepted, "late, kept"],
  ] as const) {
    for (const row of rows) {
      const key = pick(row);
      judged.set(key, [...(judged.get(key) ?? []), mark]);
    }
  }
  return input.map((row) => judged.get(pick(row))?.shift());
}
