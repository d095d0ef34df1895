import { afterEach, describe, expect, it, vi } from "vitest";
import { SystemClock } from "./Clock";

describe("SystemClock", () => {
  // Timers and the wall clock are faked apart, as they are apart in Node: timers follow a monotonic clock.
  let wall = 0;
  const fakeTimers = () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    vi.spyOn(Date, "now").mockImplementation(() => wall);
  };
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("reads the wall clock", () => {
    fakeTimers();
    wall = 1234;
    expect(new SystemClock().getTimeMillis()).toBe(1234);
  });

  it("waitTillTime does not return before the wall clock reaches the target, even where a timer fires early", async () => {
    fakeTimers();
    wall = 1000;
    let woke: number | undefined;
    void new SystemClock().waitTillTime(1020).then((time) => {
      woke = time;
    });
    // The timer fires after 20 ms while the wall clock reads a millisecond less: the wait goes on.
    wall = 1019;
    await vi.advanceTimersByTimeAsync(20);
    expect(woke).toBeUndefined();
    wall = 1020;
    await vi.advanceTimersByTimeAsync(1);
    expect(woke).toBe(1020);
  });

  it("an abort ends the wait at once, with the time then; an aborted signal does not wait at all", async () => {
    fakeTimers();
    wall = 5000;
    const clock = new SystemClock();
    const stop = new AbortController();
    const wait = clock.waitTillTime(65_000, stop.signal);
    wall = 5001;
    stop.abort();
    expect(await wait).toBe(5001);
    expect(await clock.waitTillTime(65_000, stop.signal)).toBe(5001);
    expect(vi.getTimerCount()).toBe(0);
  });
});
