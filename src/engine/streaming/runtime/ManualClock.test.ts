import { describe, expect, it } from "vitest";
import { ManualClock } from "./ManualClock";

/** Whether `promise` has settled once pending callbacks ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await Promise.resolve();
  await Promise.resolve();
  return done;
}

describe("ManualClock", () => {
  it("moves only when told: advance and setTime", () => {
    const clock = new ManualClock(1000);
    expect(clock.getTimeMillis()).toBe(1000);
    clock.advance(250);
    expect(clock.getTimeMillis()).toBe(1250);
    clock.setTime(100);
    expect(clock.getTimeMillis()).toBe(100);
    expect(new ManualClock().getTimeMillis()).toBe(0);
  });

  it("waitTillTime returns once the time is reached, with the time then; a time already passed returns at once", async () => {
    const clock = new ManualClock(0);
    const wait = clock.waitTillTime(100);
    clock.advance(99);
    expect(await settled(wait)).toBe(false);
    clock.advance(51);
    expect(await wait).toBe(150);
    expect(await clock.waitTillTime(150)).toBe(150);
  });

  it("an abort ends a wait at once", async () => {
    const clock = new ManualClock(0);
    const stop = new AbortController();
    const wait = clock.waitTillTime(100, stop.signal);
    stop.abort();
    expect(await wait).toBe(0);
    expect(await clock.waitTillTime(100, stop.signal)).toBe(0);
  });

  it("waitingAt and waitingFor resolve once something waits, started at that time or for that target", async () => {
    const clock = new ManualClock(0);
    const atZero = clock.waitingAt(0);
    const forHundred = clock.waitingFor(100);
    const forTwoHundred = clock.waitingFor(200);
    expect(await settled(atZero)).toBe(false);
    const wait = clock.waitTillTime(100);
    expect(await settled(atZero)).toBe(true);
    expect(await settled(forHundred)).toBe(true);
    expect(await settled(forTwoHundred)).toBe(false);
    // A wait already under way counts too; one that has ended does not.
    await clock.waitingFor(100);
    clock.advance(100);
    await wait;
    expect(await settled(clock.waitingAt(0))).toBe(false);
    // A wait that needs no waiting (its time has come) is no wait.
    await clock.waitTillTime(50);
    expect(await settled(clock.waitingFor(50))).toBe(false);
  });

  it("fastForward moves the time to each wait's target (one under way, then each new one) until its promise settles", async () => {
    const clock = new ManualClock(0);
    const times: number[] = [];
    const triggers = async () => {
      for (let i = 1; i <= 3; i++) times.push(await clock.waitTillTime(i * 1000));
      return "done";
    };
    expect(await clock.fastForward(triggers())).toBe("done");
    expect(times).toEqual([1000, 2000, 3000]);
    // Once it has settled, waits wait again.
    expect(await settled(clock.waitTillTime(4000))).toBe(false);
  });
});
