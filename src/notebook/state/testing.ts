import type { QueryProgress } from "../../kernel/protocol";
import { type Cell, newCell } from "../model/notebook";
import { type AppState, initialState, type Origin } from "./AppState";
import { type Action, reducer } from "./actions";

/** A fresh page's state over these cells (by default three code cells "a", "b", "c"), the first selected. */
export function stateOf(
  cells: Cell[] = ["a", "b", "c"].map((s) => newCell("code", s)),
  origin: Origin = "new",
) {
  return initialState({ name: "Test", cells }, origin);
}

/** The state after these actions, in order. */
export function apply(state: AppState, ...actions: Action[]): AppState {
  return actions.reduce(reducer, state);
}

export const sources = (state: AppState): string[] => state.notebook.cells.map((c) => c.source);

/** Query q1's progress for a batch, with Spark's fields (a timestamp a second per batch, up to batch 9). */
export function progress(batchId: number, extra: Partial<QueryProgress> = {}): QueryProgress {
  return {
    id: "q1",
    runId: "r1",
    name: "program_ratings",
    timestamp: `2024-01-01T00:00:0${batchId}.000Z`,
    batchId,
    numInputRows: 100 * (batchId + 1),
    inputRowsPerSecond: 50,
    processedRowsPerSecond: 200,
    durationMs: { addBatch: 30, getBatch: 5, latestOffset: 2, triggerExecution: 40 },
    ...extra,
  };
}
