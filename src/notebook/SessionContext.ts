import { createContext, useContext } from "react";
import type { Session } from "./Session";
import type { AppState } from "./state/AppState";
import type { NotebookActions } from "./state/actions";
import { useStore } from "./state/Store";

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside <SessionContext>");
  return session;
}

/** Reads part of the app state; re-renders when that part changes. */
export function useAppState<T>(select: (state: AppState) => T): T {
  return useStore(useSession().store, select);
}

/** The notebook's named actions, each dispatching itself: `actions.deleteCell({ id })`. */
export function useActions(): NotebookActions {
  return useSession().actions;
}
