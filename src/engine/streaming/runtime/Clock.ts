/**
 * Spark's Clock (org.apache.spark.util.Clock): where the engine reads the time and waits for it. A session has one
 * (`spark.clock`, the system clock unless the builder or a test sets another); every query started from it reads
 * its trigger times, batch timestamps, timeouts and timers from that clock, and waits on it for its next trigger
 * and in awaitTermination. Tests set a ManualClock and move time on themselves.
 */
export interface Clock {
  /** The time now, in milliseconds since the epoch. */
  getTimeMillis(): number;
  /**
   * Resolves once the clock reads `targetTime` or later, with the time it reads then. Where `signal` aborts first,
   * resolves at once with the time then (Spark interrupts the waiting thread instead).
   */
  waitTillTime(targetTime: number, signal?: AbortSignal): Promise<number>;
}

/** The wall clock: Date.now(), and timers to wait on it. */
export class SystemClock implements Clock {
  getTimeMillis(): number {
    return Date.now();
  }

  /**
   * A timer may fire a millisecond before the wall clock gets there (Node times timers on its own monotonic clock),
   * so whatever is left is waited again, as Spark's SystemClock.waitTillTime does.
   */
  waitTillTime(targetTime: number, signal?: AbortSignal): Promise<number> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const aborted = () => {
        clearTimeout(timer);
        resolve(this.getTimeMillis());
      };
      const check = () => {
        const now = this.getTimeMillis();
        if (now >= targetTime) {
          signal?.removeEventListener("abort", aborted);
          resolve(now);
        } else {
          timer = setTimeout(check, targetTime - now);
        }
      };
      if (signal?.aborted) return aborted();
      signal?.addEventListener("abort", aborted, { once: true });
      check();
    });
  }
}
