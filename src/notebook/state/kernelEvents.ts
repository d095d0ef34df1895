import type { KernelEvent } from "../../kernel/protocol";
import { type Action, action } from "./actions";

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

/** The named action a kernel event is. */
export function actionOf(event: KernelEvent): Action {
  switch (event.type) {
    case "loading":
      return action.kernelLoading({ stage: event.stage, fraction: event.fraction });
    case "python.loading":
      return action.pythonLoading({ stage: event.stage, fraction: event.fraction });
    case "output":
      return action.addOutput({ cellId: event.cellId, item: event.item });
    case "cell.started":
      return action.cellStarted({ cellId: event.cellId, executionCount: event.executionCount });
    case "drip":
      return action.dripChanged({ drip: event.state });
    case "fs.changed":
      return action.filesChanged();
    case "query.started":
      return action.queryStarted({ query: event.query });
    case "query.progress": {
      const { type: _, ...trigger } = event;
      return action.queryProgressed(trigger);
    }
    case "query.status":
      return action.queryStatusChanged({ queryId: event.queryId, status: event.status });
    case "query.waiting":
      return action.queryWaiting({ queryId: event.queryId, waitingFor: event.waitingFor });
    case "query.terminated":
      return action.queryTerminated({ queryId: event.queryId, error: event.error });
  }
}
