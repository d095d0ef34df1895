import type { QuerySnapshot } from "../../kernel/protocol";
import { useAppState } from "../SessionContext";

/** What each part of a query panel is given: the query, and its snapshot as the saved notebook had it. */
export interface PartProps {
  queryId: string;
  snapshot?: QuerySnapshot;
}

/**
 * A slice of the query as the store has it (or as the saved notebook had it, before the query runs in this
 * kernel). `select` must return a part of the snapshot or a plain value, so an unchanged slice is the same.
 */
export function useQuery<T>(
  queryId: string,
  snapshot: QuerySnapshot | undefined,
  select: (q: QuerySnapshot) => T,
) {
  return useAppState((s) => {
    const query = s.queries[queryId] ?? snapshot;
    return query ? select(query) : undefined;
  });
}

/** Whether the query runs in this kernel, so its tables can page through it. */
export function useLive(queryId: string): boolean {
  return useAppState((s) => s.queries[queryId]?.phase === "running");
}
