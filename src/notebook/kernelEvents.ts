import type { KernelEvent } from "../kernel/protocol";
import { type Cell, updateCell } from "./model/notebook";
import { type AppState, appendOutput } from "./store";
import { applyQueryEvent } from "./streaming/queries";

/**
 * Drops what a later event of the same frame makes moot, so a burst costs one render of its last state: a
 * query's status and table pages are replaced by the next trigger's (its progress is kept: every trigger is a
 * point on the charts), and loading, drip and file-change notices by the next of their kind. Order is kept.
 */
export function coalesce(events: readonly KernelEvent[]): KernelEvent[] {
  const out: KernelEvent[] = [];
  const seen = new Set<string>();
  const has = (key: string) => seen.has(key);
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    switch (e.type) {
      case "query.progress": {
        const { input, result, ...rest } = e;
        const id = e.queryId;
        out.push({
          ...rest,
          ...(input && !has(`input:${id}`) ? { input } : {}),
          ...(result && !has(`result:${id}`) ? { result } : {}),
        });
        seen.add(`status:${id}`);
        if (input) seen.add(`input:${id}`);
        if (result) seen.add(`result:${id}`);
        break;
      }
      case "query.status":
        if (!has(`status:${e.queryId}`)) out.push(e);
        seen.add(`status:${e.queryId}`);
        break;
      case "loading":
      case "python.loading":
      case "drip":
      case "fs.changed":
        if (!has(e.type)) out.push(e);
        seen.add(e.type);
        break;
      default:
        out.push(e);
    }
  }
  return out.reverse();
}

/** The state after one kernel event. */
export function applyKernelEvent(state: AppState, event: KernelEvent): AppState {
  switch (event.type) {
    case "loading":
      return { ...state, kernel: { ...state.kernel, stage: event.stage, fraction: event.fraction } };
    case "python.loading":
      return {
        ...state,
        python: event.fraction < 1 ? { stage: event.stage, fraction: event.fraction } : undefined,
      };
    case "output":
      return withCell(state, event.cellId, (c) => ({ outputs: appendOutput(c.outputs, event.item) }));
    case "cell.started":
      return {
        ...withCell(state, event.cellId, () => ({ executionCount: event.executionCount })),
        running: { ...state.running, [event.cellId]: "running" },
      };
    case "drip":
      return { ...state, drip: event.state };
    case "fs.changed":
      return { ...state, filesVersion: state.filesVersion + 1 };
    default:
      return { ...state, queries: applyQueryEvent(state.queries, event) };
  }
}

function withCell(state: AppState, id: string, change: (cell: Cell) => Partial<Cell>): AppState {
  const cell = state.notebook.cells.find((c) => c.id === id);
  if (!cell) return state;
  return {
    ...state,
    notebook: { ...state.notebook, cells: updateCell(state.notebook.cells, id, change(cell)) },
  };
}
