import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { BatchView, QuerySnapshot } from "../../kernel/protocol";
import { useSession } from "../SessionContext";
import { BatchCache } from "./batchCache";
import { useQuery } from "./useQuery";

/** Batches a panel keeps read: the scrubber's neighbourhood and the late-data lens's span, with room to spare. */
export const BATCHES_CACHED = 32;

/** A panel's time travel: the batches its history keeps and the one its views show. */
export interface BatchHistory {
  ids: readonly number[];
  /** `spark.sql.session.timeZone`, for the times the panel words itself. */
  timeZone: string;
  /** The batch the scrubber holds; null follows the stream ("live"). */
  pinned: number | null;
  /** The batch the views show: the pinned one, else the latest kept. */
  selected: number | undefined;
  select(batchId: number | null): void;
  cache: BatchCache<BatchView>;
  /** Why the history could not be read (a checkpoint deleted since, history off...). */
  error?: string;
}

export const BatchHistoryContext = createContext<BatchHistory | null>(null);

/** The panel's batch history (for its BatchHistoryContext): read again whenever the query commits a batch. */
export function useBatchHistoryOf(queryId: string, snapshot: QuerySnapshot | undefined): BatchHistory {
  const session = useSession();
  const last = useQuery(queryId, snapshot, (q) => q.progress.at(-1)?.batchId);
  const phase = useQuery(queryId, snapshot, (q) => q.phase);
  // history/N is written just after the trigger's progress, so the list is read again once the trigger is over.
  const active = useQuery(queryId, snapshot, (q) => q.status.isTriggerActive);
  const [ids, setIds] = useState<readonly number[]>([]);
  const [timeZone, setTimeZone] = useState("UTC");
  const [pinned, setPinned] = useState<number | null>(null);
  const [error, setError] = useState<string>();
  const cache = useMemo(
    () => new BatchCache(BATCHES_CACHED, (batchId: number) => session.queryBatch(queryId, batchId)),
    [session, queryId],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: the end of a trigger is a reason to read it again
  useEffect(() => {
    if (last === undefined || phase === undefined) return;
    let current = true;
    session.queryHistory(queryId).then(
      (history) => {
        if (!current) return;
        setIds((before) => (sameIds(before, history.batchIds) ? before : history.batchIds));
        setTimeZone(history.timeZone);
        setError(undefined);
      },
      (e: unknown) => current && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      current = false;
    };
  }, [session, queryId, last, phase, active]);
  const select = useCallback((batchId: number | null) => setPinned(batchId), []);
  const kept = pinned !== null && ids.includes(pinned) ? pinned : null;
  return useMemo(
    () => ({ ids, timeZone, pinned: kept, selected: kept ?? ids.at(-1), select, cache, error }),
    [ids, timeZone, kept, select, cache, error],
  );
}

export function useBatchHistory(): BatchHistory {
  const history = useContext(BatchHistoryContext);
  if (!history) throw new Error("useBatchHistory is used outside a query panel");
  return history;
}

/**
 * Batches read through the panel's cache, in the order asked; while one is read, the ones shown before stay, so
 * scrubbing never flashes an empty view.
 */
export function useBatches(batchIds: readonly number[]): { batches: BatchView[]; error?: string } {
  const { cache } = useBatchHistory();
  const key = batchIds.join();
  const [shown, setShown] = useState<{ key: string; batches: BatchView[]; error?: string }>(() => ({
    key: "",
    batches: [],
  }));
  useEffect(() => {
    const ids = key ? key.split(",").map(Number) : [];
    const ready = ids.map((id) => cache.peek(id));
    if (ready.every((b) => b !== undefined)) {
      setShown({ key, batches: ready as BatchView[] });
      return;
    }
    let current = true;
    Promise.all(ids.map((id) => cache.get(id))).then(
      (batches) => current && setShown({ key, batches }),
      (e: unknown) =>
        current && setShown((s) => ({ ...s, error: e instanceof Error ? e.message : String(e) })),
    );
    return () => {
      current = false;
    };
  }, [cache, key]);
  return shown;
}

/** The selected batch and the one before it (what the views mark changes against). */
export function useSelectedBatch(): { batch?: BatchView; previous?: BatchView; error?: string } {
  const { ids, selected } = useBatchHistory();
  const at = selected === undefined ? -1 : ids.indexOf(selected);
  const wanted = at < 0 ? [] : at > 0 ? [ids[at - 1], ids[at]] : [ids[at]];
  const { batches, error } = useBatches(wanted);
  const batch = batches.at(-1);
  return { batch, previous: batches.length > 1 ? batches[0] : undefined, error };
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
