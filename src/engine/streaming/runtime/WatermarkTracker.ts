/**
 * Spark's WatermarkTracker: after each batch, every `withWatermark` operator proposes (max event time it has seen)
 * minus (its delay); the global watermark is the minimum of the proposals (or the maximum, under
 * `spark.sql.streaming.multipleWatermarkPolicy=max`) and never goes back. The next batch drops late rows and
 * evicts state by it.
 */

/** Event times seen by one watermark operator in one batch, in epoch milliseconds. */
export interface EventTimeStats {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly avg: number;
}

export type MultipleWatermarkPolicy = "min" | "max";

/** The policy of a `spark.sql.streaming.multipleWatermarkPolicy` value (checked when it was set). */
export function parseWatermarkPolicy(value: string): MultipleWatermarkPolicy {
  return value.trim().toLowerCase() === "max" ? "max" : "min";
}

export class WatermarkTracker {
  /** Each watermark operator's proposal, by its position in the plan. */
  private readonly operatorWatermarks = new Map<number, number>();
  private globalWatermarkMs = 0;

  constructor(private readonly policy: MultipleWatermarkPolicy) {}

  get currentWatermark(): number {
    return this.globalWatermarkMs;
  }

  /** Restores the watermark recorded in the checkpoint. */
  setWatermark(ms: number): void {
    this.globalWatermarkMs = ms;
  }

  /** Folds in one batch's event times: `stats[i]` and `delaysMs[i]` belong to watermark operator i. */
  updateWatermark(stats: readonly (EventTimeStats | undefined)[], delaysMs: readonly number[]): void {
    if (stats.length === 0) return;
    stats.forEach((s, i) => {
      const previous = this.operatorWatermarks.get(i);
      if (!s || s.count === 0) {
        // An operator that has seen no data yet holds the watermark at 0 (under the min policy).
        if (previous === undefined) this.operatorWatermarks.set(i, 0);
        return;
      }
      const proposal = s.max - delaysMs[i];
      if (previous === undefined || proposal > previous) this.operatorWatermarks.set(i, proposal);
    });
    const proposals = [...this.operatorWatermarks.values()];
    const chosen = this.policy === "min" ? Math.min(...proposals) : Math.max(...proposals);
    if (chosen > this.globalWatermarkMs) this.globalWatermarkMs = chosen;
  }
}
