/**
 * Named actions, as marimo's frontend has them (core/cells): each action is a handler that takes the state and
 * the action's payload and returns the next state, and one reducer applies them by name. A component or the
 * session says what happened ("deleteCell", "queryProgressed"); the handler says what that does to the state.
 */

/** The next state after one action. A handler without a payload takes only the state. */
// `never` as the payload accepts a handler of any payload type (parameters are contravariant).
export type Handler<S> = (state: S, payload: never) => S;
export type Handlers<S> = Record<string, Handler<S>>;
/** Handlers of any state, for what only needs their names and payloads. */
type SomeHandlers = Record<string, (state: never, payload: never) => unknown>;

type PayloadOf<H> = H extends (state: never, payload: infer P) => unknown ? P : never;

/** One action of a set of handlers: its name and payload. */
export type ActionOf<H> = {
  [K in keyof H & string]: unknown extends PayloadOf<H[K]>
    ? { type: K; payload?: undefined }
    : { type: K; payload: PayloadOf<H[K]> };
}[keyof H & string];

/** A function per action that makes it (or, bound, dispatches it): `actions.deleteCell({ id })`. */
export type ActionCreators<H, R> = {
  [K in keyof H & string]: unknown extends PayloadOf<H[K]> ? () => R : (payload: PayloadOf<H[K]>) => R;
};

export function createReducer<S, H extends Handlers<S>>(handlers: H): (state: S, action: ActionOf<H>) => S {
  return (state, action) => {
    const handler: Handler<S> = handlers[action.type];
    return (handler as (state: S, payload: unknown) => S)(state, action.payload);
  };
}

/** The actions' creators; with `dispatch`, each also dispatches what it makes. */
export function actionCreators<H extends SomeHandlers, R = ActionOf<H>>(
  handlers: H,
  dispatch: (action: ActionOf<H>) => R = (action) => action as R,
): ActionCreators<H, R> {
  const creators: Record<string, (payload?: unknown) => R> = {};
  for (const type of Object.keys(handlers))
    creators[type] = (payload) => dispatch({ type, payload } as ActionOf<H>);
  return creators as ActionCreators<H, R>;
}
