import { describe, expect, it } from "vitest";
import { type ActionOf, actionCreators, createReducer } from "./createReducer";

const handlers = {
  add: (state: number, { n }: { n: number }) => state + n,
  reset: () => 0,
};

describe("named actions", () => {
  it("a reducer applies the handler an action names, with its payload", () => {
    const reducer = createReducer<number, typeof handlers>(handlers);
    expect(reducer(1, { type: "add", payload: { n: 2 } })).toBe(3);
    expect(reducer(5, { type: "reset" })).toBe(0);
  });

  it("creators make actions, or dispatch them once bound", () => {
    const make = actionCreators(handlers);
    expect(make.add({ n: 4 })).toEqual({ type: "add", payload: { n: 4 } });
    expect(make.reset()).toEqual({ type: "reset", payload: undefined });
    const seen: ActionOf<typeof handlers>[] = [];
    const bound = actionCreators(handlers, (a) => void seen.push(a));
    bound.add({ n: 1 });
    bound.reset();
    expect(seen.map((a) => a.type)).toEqual(["add", "reset"]);
  });
});
