/**
 * Spark's ManualClock, with the checks of its tests' StreamManualClock: a Clock whose time moves only when a test
 * moves it (`advance`, `setTime`). Whatever waits on it (a query's next trigger, awaitTermination) resumes as soon
 * as the time it waits for is reached. A test knows the query is waiting (so its trigger is done) by an event:
 * `waitingAt(time)` and `waitingFor(target)` resolve once something waits on the clock, where Spark's tests poll
 * isStreamWaitingAt and isStreamWaitingFor.
 */
import type { Clock } from "./Clock";

/** Something waiting on the clock: since when, for which time. */
interface Wait {
  readonly startTime: number;
  readonly targetTime: number;
  resume(time: number): void;
}

/** A test waiting for a wait that `matches`. */
interface Watch {
  readonly matches: (wait: Wait) => boolean;
  readonly resolve: () => void;
}

export class ManualClock implements Clock {
  private readonly waits = new Set<Wait>();
  private readonly watches = new Set<Watch>();
  private fastForwarding = 0;

  constructor(
    /** The starting time, in milliseconds since the epoch. */
    private time = 0,
  ) {}

  getTimeMillis(): number {
    return this.time;
  }

  /** Sets the time (it may go back, as Spark's may); waits whose time has come resume. */
  setTime(timeToSet: number): void {
    this.time = timeToSet;
    for (const wait of [...this.waits]) {
      if (wait.targetTime > this.time) continue;
      this.waits.delete(wait);
      wait.resume(this.time);
    }
  }

  /** Moves the time on by `timeToAdd` milliseconds; waits whose time has come resume. */
  advance(timeToAdd: number): void {
    this.setTime(this.time + timeToAdd);
  }

  waitTillTime(targetTime: number, signal?: AbortSignal): Promise<number> {
    if (this.time >= targetTime || signal?.aborted) return Promise.resolve(this.time);
    return new Promise((resolve) => {
      const aborted = () => {
        this.waits.delete(wait);
        resolve(this.time);
      };
      const wait: Wait = {
        startTime: this.time,
        targetTime,
        resume: (time) => {
          signal?.removeEventListener("abort", aborted);
          resolve(time);
        },
      };
      this.waits.add(wait);
      signal?.addEventListener("abort", aborted, { once: true });
      for (const watch of [...this.watches]) {
        if (!watch.matches(wait)) continue;
        this.watches.delete(watch);
        watch.resolve();
      }
      if (this.fastForwarding > 0) this.moveToNextWait();
    });
  }

  /**
   * Resolves once something waits on the clock, having started to wait when the clock read `time` (Spark's
   * isStreamWaitingAt): with `time` the time now, a query's trigger has finished and the next is due later.
   */
  waitingAt(time: number): Promise<void> {
    return this.watch((wait) => wait.startTime === time);
  }

  /** Resolves once something waits on the clock for `targetTime` (Spark's isStreamWaitingFor). */
  waitingFor(targetTime: number): Promise<void> {
    return this.watch((wait) => wait.targetTime === targetTime);
  }

  /**
   * Until `until` settles, moves the time to whatever is waited for as soon as it is waited for: a query's
   * processing-time triggers follow one another at once, each at the time it is due. For one query at a time
   * (two queries would each move the time for the other).
   */
  async fastForward<T>(until: Promise<T>): Promise<T> {
    this.fastForwarding += 1;
    this.moveToNextWait();
    try {
      return await until;
    } finally {
      this.fastForwarding -= 1;
    }
  }

  /** The earliest time waited for, if anything waits. */
  private moveToNextWait(): void {
    const next = Math.min(...[...this.waits].map((w) => w.targetTime));
    if (Number.isFinite(next)) this.setTime(next);
  }

  private watch(matches: (wait: Wait) => boolean): Promise<void> {
    if ([...this.waits].some(matches)) return Promise.resolve();
    return new Promise((resolve) => this.watches.add({ matches, resolve }));
  }
}
