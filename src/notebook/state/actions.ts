import type { AppState } from "./AppState";
import { historyHandlers } from "./cellHistory";
import { cellHandlers } from "./cells";
import { type ActionCreators, type ActionOf, actionCreators, createReducer } from "./createReducer";
import { fileHandlers } from "./file";
import { kernelHandlers } from "./kernel";
import { queryHandlers } from "./queries";

/**
 * The one reducer of the notebook's state: every change is one of these named actions. Components read the
 * state and dispatch actions; the Session does the I/O (kernel requests, saving) and dispatches what came of it.
 */
const handlers = {
  ...cellHandlers,
  ...historyHandlers,
  ...kernelHandlers,
  ...queryHandlers,
  ...fileHandlers,
};

export type Action = ActionOf<typeof handlers>;

export const reducer = createReducer<AppState, typeof handlers>(handlers);

/** Makes actions: `action.deleteCell({ id })` is `{ type: "deleteCell", payload: { id } }`. */
export const action = actionCreators(handlers);

/** Every action as a function that dispatches it. */
export type NotebookActions = ActionCreators<typeof handlers, void>;

export function bindActions(dispatch: (action: Action) => void): NotebookActions {
  return actionCreators(handlers, dispatch);
}
