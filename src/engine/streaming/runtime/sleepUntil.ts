/** A sleep in progress; `wake()` ends it early. */
export interface Sleep {
  readonly done: Promise<void>;
  wake(): void;
}

/**
 * Sleeps until `clock()` reaches `deadlineMs`, as Spark's Clock.waitTillTime does: a timer may fire a
 * millisecond before the wall clock gets there (Node times timers on its own monotonic clock), so whatever is
 * left is slept again.
 */
export function sleepUntil(deadlineMs: number, clock: () => number = Date.now): Sleep {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let resolve!: () => void;
  const done = new Promise<void>((r) => {
    resolve = r;
  });
  const check = () => {
    const left = deadlineMs - clock();
    if (left > 0) timer = setTimeout(check, left);
    else resolve();
  };
  check();
  return {
    done,
    wake: () => {
      clearTimeout(timer);
      resolve();
    },
  };
}
