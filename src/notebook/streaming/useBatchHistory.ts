import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { BatchView, QuerySnapshot } from "../../kernel/protocol";
import { useSession } from "../SessionContext";
import { BatchCache } from "./batchCache";
import { useQuery } from "./useQuery";
import { zonedValue } from "./zonedTime";

/** Batches a panel keeps read: the scrubber's neighbourhood and the late-data lens's span, with room to spare. */
export const BATCHES_CACHED = 32;

/** A panel's time travel: the batches its history keeps and the one its views show. */
export interface BatchHistory {
  ids: readonly number[];
  /** `spark.sql.session.timeZone`, for the times the panel words itself. */
  timeZone: string;
  /** A table cell's value as Spark's show() prints it, in the session time zone. */
  format: (value: unknown) => string;
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

/** A running query's history is listed again at most this often; the batches it commits between are appended. */
export const HISTORY_LIST_INTERVAL_MS = 1000;

/**
 * The panel's batch history (for its BatchHistoryContext). Each batch the query commits joins the list as its
 * trigger ends (the progress says which batch it was); the kernel's listing, which also says what retention
 * purged, is asked again at most every HISTORY_LIST_INTERVAL_MS and never while one is on its way.
 */
export function useBatchHistoryOf(queryId: string, snapshot: QuerySnapshot | undefined): BatchHistory {
  const session = useSession();
  const last = useQuery(queryId, snapshot, (q) => q.progress.at(-1)?.batchId);
  const phase = useQuery(queryId, snapshot, (q) => q.phase);
  // history/N is written just after the trigger's progress: batch N is in the history once its trigger is over.
  const over = useQuery(queryId, snapshot, (q) => !q.status.isTriggerActive);
  const [ids, setIds] = useState<readonly number[]>([]);
  const [timeZone, setTimeZone] = useState("UTC");
  const [pinned, setPinned] = useState<number | null>(null);
  const [error, setError] = useState<string>();
  const cache = useMemo(
    () => new BatchCache(BATCHES_CACHED, (batchId: number) => session.queryBatch(queryId, batchId)),
    [session, queryId],
  );
  useEffect(() => {
    if (last === undefined || !over) return;
    // Progress events are coalesced per frame, so a trigger's batch can arrive with the one before it unseen:
    // every batch between the last listed and this one committed too (ids run without gaps), so all join.
    setIds((before) => {
      const newest = before.at(-1);
      if (newest === undefined || last <= newest) return before;
      return [...before, ...Array.from({ length: last - newest }, (_, i) => newest + 1 + i)];
    });
  }, [last, over]);
  const listing = useRef({ busy: false, again: false, at: Number.NEGATIVE_INFINITY, mounted: true });
  const [listAgain, setListAgain] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new batch or phase, or a listing due again, lists it
  useEffect(() => {
    const l = listing.current;
    if (last === undefined || phase === undefined) return;
    if (l.busy) {
      l.again = true;
      return;
    }
    const wait = l.at + HISTORY_LIST_INTERVAL_MS - performance.now();
    if (wait > 0) {
      const timer = setTimeout(() => setListAgain((n) => n + 1), wait);
      return () => clearTimeout(timer);
    }
    l.busy = true;
    l.at = performance.now();
    session
      .queryHistory(queryId)
      .then(
        (history) => {
          if (!l.mounted) return;
          setIds((before) => merged(history.batchIds, before));
          setTimeZone(history.timeZone);
          setError(undefined);
        },
        (e: unknown) => l.mounted && setError(e instanceof Error ? e.message : String(e)),
      )
      .finally(() => {
        l.busy = false;
        if (l.again && l.mounted) {
          l.again = false;
          setListAgain((n) => n + 1);
        }
      });
  }, [session, queryId, last, phase, listAgain]);
  useEffect(() => {
    const l = listing.current;
    l.mounted = true;
    return () => {
      l.mounted = false;
    };
  }, []);
  const select = useCallback((batchId: number | null) => setPinned(batchId), []);
  const kept = pinned !== null && ids.includes(pinned) ? pinned : null;
  const format = useMemo(() => (value: unknown) => zonedValue(timeZone, value), [timeZone]);
  return useMemo(
    () => ({ ids, timeZone, format, pinned: kept, selected: kept ?? ids.at(-1), select, cache, error }),
    [ids, timeZone, format, kept, select, cache, error],
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
  const ids = useMemo(() => (key ? key.split(",").map(Number) : []), [key]);
  // Batches already read are shown in this render: playing, each step's batches were read ahead.
  const ready = useMemo(() => {
    const batches = ids.map((id) => cache.peek(id));
    return batches.every((b) => b !== undefined) ? { key, batches: batches as BatchView[] } : undefined;
  }, [cache, ids, key]);
  const [read, setRead] = useState<{ key: string; batches: BatchView[]; error?: string }>(() => ({
    key: "",
    batches: [],
  }));
  // One read at a time: asked for newer batches while one is on its way (a live query's triggers come faster
  // than the kernel answers), the panel reads only the newest once it is back.
  const reading = useRef(false);
  const [readAgain, setReadAgain] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a read that came back late asks for the newest again
  useEffect(() => {
    if (ready || reading.current) return;
    reading.current = true;
    let current = true;
    Promise.all(ids.map((id) => cache.get(id)))
      .then(
        (batches) => current && setRead({ key, batches }),
        (e: unknown) =>
          current && setRead({ key, batches: [], error: e instanceof Error ? e.message : String(e) }),
      )
      .finally(() => {
        reading.current = false;
        if (!current) setReadAgain((n) => n + 1);
      });
    return () => {
      current = false;
    };
  }, [cache, ids, key, ready, readAgain]);
  // While batches are read, the ones shown before stay.
  const before = useRef(read);
  const shown = ready ?? (read.key === key ? read : before.current);
  useEffect(() => {
    before.current = shown;
  });
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

/**
 * The kernel's listing, with the batches appended since it was asked (it may have been on its way as they
 * committed); the list before where nothing changed, so the panel does not redraw.
 */
function merged(listed: readonly number[], before: readonly number[]): readonly number[] {
  const newest = listed.at(-1);
  const next = newest === undefined ? listed : [...listed, ...before.filter((id) => id > newest)];
  return sameIds(before, next) ? before : next;
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
