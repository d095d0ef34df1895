import { describe, expect, it } from "vitest";
import { sleepUntil } from "./sleepUntil";

describe("sleepUntil", () => {
  it("does not wake before the clock reaches the deadline, even where timers fire early for that clock", async () => {
    // A clock running at half the speed of the one timers follow: one timer would end the sleep half-way.
    const start = Date.now();
    const slow = () => start + (Date.now() - start) / 2;
    const deadline = slow() + 20;
    await sleepUntil(deadline, slow).done;
    expect(slow()).toBeGreaterThanOrEqual(deadline);
  });

  it("wake() ends the sleep at once", async () => {
    const sleep = sleepUntil(Date.now() + 60_000);
    sleep.wake();
    await expect(sleep.done).resolves.toBeUndefined();
  });
});
