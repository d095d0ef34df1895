import { describe, expect, it } from "vitest";
import { Store } from "./Store";

type Counter = { count: number; name: string };
type CounterAction = { type: "set"; count: number } | { type: "increment" };

const counter = (state: Counter, action: CounterAction): Counter =>
  action.type === "set" ? { ...state, count: action.count } : { ...state, count: state.count + 1 };

describe("store", () => {
  it("notifies subscribers with a new state object on every change", () => {
    const store = new Store<Counter, CounterAction>({ count: 0, name: "a" }, counter);
    const seen: number[] = [];
    const before = store.get();
    const unsubscribe = store.subscribe(() => seen.push(store.get().count));
    store.dispatch({ type: "set", count: 1 });
    store.dispatch({ type: "increment" });
    unsubscribe();
    store.dispatch({ type: "set", count: 5 });
    expect(seen).toEqual([1, 2]);
    expect(store.get()).toEqual({ count: 5, name: "a" });
    expect(before).toEqual({ count: 0, name: "a" });
  });

  it("applies the actions of one dispatch in order and notifies once", () => {
    const store = new Store<Counter, CounterAction>({ count: 0, name: "a" }, counter);
    const seen: number[] = [];
    store.subscribe(() => seen.push(store.get().count));
    store.dispatch({ type: "set", count: 3 }, { type: "increment" }, { type: "increment" });
    expect(seen).toEqual([5]);
  });

  it("does not notify when the actions leave the state as it was", () => {
    const store = new Store<Counter, CounterAction>({ count: 0, name: "a" }, (state) => state);
    let calls = 0;
    store.subscribe(() => calls++);
    store.dispatch({ type: "increment" });
    expect(calls).toBe(0);
  });
});
