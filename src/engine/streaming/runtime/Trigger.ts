/** Spark's triggers: when micro-batches run. */
import {
  emptyInterval,
  invalidInterval,
  monthIntervalInTrigger,
  negativeTriggerInterval,
  onlyOneTrigger,
  unknownTrigger,
} from "../../errors/QueryExecutionErrors";
import { parseIntervalString } from "../../sql/parser/intervals";

/** What `.trigger(...)` takes, as PySpark's keyword arguments. */
export interface TriggerOptions {
  /** A batch at each interval: "3 seconds", "1 minute", or milliseconds. */
  processingTime?: string | number;
  /** One batch with everything available, then stop. */
  once?: boolean;
  /** Everything available at start, in as many batches as the rate limits make, then stop. */
  availableNow?: boolean;
  /** Continuous processing, checkpointed at this interval: "1 second". */
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

/** "3 seconds", "1 minute", "500 milliseconds", "interval 2 seconds", or a number of milliseconds. */
export function parseDuration(value: string | number, what: string): number {
  let ms: number;
  if (typeof value === "number") {
    ms = value;
  } else {
    const text = value.trim();
    if (text === "") throw emptyInterval(what, value);
    const interval = parseIntervalString(/^-?\d+$/.test(text) ? `${text} milliseconds` : text);
    if (!interval) throw invalidInterval(value);
    if (interval.months !== 0) throw monthIntervalInTrigger(value);
    ms = interval.micros / 1000;
  }
  if (!Number.isFinite(ms) || ms < 0) throw negativeTriggerInterval();
  return ms;
}

export function parseTrigger(options: TriggerOptions): Trigger {
  const given = Object.entries(options).filter(([, v]) => v !== undefined && v !== false);
  if (given.length !== 1) {
    throw onlyOneTrigger();
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
      throw unknownTrigger(key);
  }
}

/** Spark's ProcessingTimeExecutor.nextBatchTime: the next multiple of the interval after `now`. */
export function nextBatchTime(nowMs: number, intervalMs: number): number {
  return (Math.floor(nowMs / intervalMs) + 1) * intervalMs;
}

/** The trigger as a progress reports it (Spark's progress `trigger`): its type and interval. */
export function progressTriggerOf(trigger: Trigger): { type: string; intervalMs?: number } {
  switch (trigger.kind) {
    case "processingTime":
      return { type: "ProcessingTime", intervalMs: trigger.intervalMs };
    case "continuous":
      return { type: "Continuous", intervalMs: trigger.intervalMs };
    case "once":
      return { type: "Once" };
    case "availableNow":
      return { type: "AvailableNow" };
  }
}
