import { useSyncExternalStore } from "react";

type Listener = () => void;

/**
 * The notebook's state: one immutable object, changed only by dispatching actions through a reducer (every
 * change makes a new object, so React sees what changed), read by React through useSyncExternalStore.
 */
export class Store<S, A> {
  private readonly listeners = new Set<Listener>();

  constructor(
    private state: S,
    private readonly reducer: (state: S, action: A) => S,
  ) {}

  get(): S {
    return this.state;
  }

  /** Applies the actions in order; subscribers hear of it once (a frame of kernel events is one render). */
  dispatch(...actions: A[]): void {
    const next = actions.reduce(this.reducer, this.state);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export function useStore<S, A, T>(store: Store<S, A>, select: (state: S) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
