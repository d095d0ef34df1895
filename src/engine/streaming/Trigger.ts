/** Spark's triggers: when micro-batches run. */
import { IllegalArgumentException } from "../sql/errors";
import { parseIntervalString } from "../sql/parser";

/** What `.trigger(...)` takes, as PySpark's keyword arguments. */
export interface TriggerOptions {
  processingTime?: string | number;
  once?: boolean;
  availableNow?: boolean;
  continuous?: string | number;
}

export type Trigger =
  /** Every `intervalMs` (0: as soon as the previous batch ends, Spark's default). */
  | { kind: "processingTime"; intervalMs: number }
  /** One batch with everything available, then stop. */
  | { kind: "once" }
  /** Everything available at start, in as many batches as the rate limits need, then stop. */
  | { kind: "availableNow" }
  | { kind: "continuous"; intervalMs: number };

export const DEFAULT_TRIGGER: Trigger = { kind: "processingTime", intervalMs: 0 };

/** "3 seconds", "1 minute", "500 milliseconds", or a number of milliseconds. */
export function parseDuration(value: string | number, what: string): number {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0)
      throw new IllegalArgumentException(`${what} must not be negative: ${value}`);
    return value;
  }
  const text = value.trim();
  const interval = parseIntervalString(/^\d+$/.test(text) ? `${text} milliseconds` : text);
  if (interval?.months !== 0) {
    throw new IllegalArgumentException(
      `Invalid interval: '${value}'. Use a duration such as '3 seconds' or '1 minute'.`,
    );
  }
  if (interval.micros < 0) throw new IllegalArgumentException(`${what} must not be negative`);
  return interval.micros / 1000;
}

export function parseTrigger(options: TriggerOptions): Trigger {
  const given = Object.entries(options).filter(([, v]) => v !== undefined && v !== false);
  if (given.length !== 1) {
    throw new IllegalArgumentException(
      "Only one trigger can be set: processingTime, once, availableNow or continuous.",
    );
  }
  const [key, value] = given[0];
  switch (key) {
    case "processingTime":
      return { kind: "processingTime", intervalMs: parseDuration(value as string, "processingTime") };
    case "once":
      return { kind: "once" };
    case "availableNow":
      return { kind: "availableNow" };
    case "continuous":
      return { kind: "continuous", intervalMs: parseDuration(value as string, "continuous") };
    default:
      throw new IllegalArgumentException(
        `Unknown trigger '${key}'. Use processingTime, once, availableNow or continuous.`,
      );
  }
}
