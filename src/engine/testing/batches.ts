/** Test helper: a foreachBatch function that keeps every batch's rows, by batch id (a re-run replaces). */
import type { ForeachBatchFunction } from "../sinks/ForeachBatchSink";
import type { Row } from "../sql/api/rows";

export interface BatchCollector {
  readonly fn: ForeachBatchFunction;
  /** Rows per batch id, in batch order. */
  readonly batches: Map<number, Row[]>;
  /** Every row of every batch, in batch order. */
  all(): Row[];
}

export function collectBatches(): BatchCollector {
  const batches = new Map<number, Row[]>();
  return {
    batches,
    fn: async (df, batchId) => {
      batches.set(batchId, await df.collect());
    },
    all: () => [...batches.entries()].sort(([a], [b]) => a - b).flatMap(([, rows]) => rows),
  };
}

/** Rows as sorted JSON lines, to compare tables whatever their row order. */
export function sortedRows(rows: readonly Row[]): string[] {
  return rows
    .map((r) =>
      JSON.stringify(r, (_, v) =>
        typeof v === "bigint" ? String(v) : v instanceof Date ? v.toISOString() : v,
      ),
    )
    .sort();
}
