/**
 * Spark's time strings (JavaUtils.timeStringAs): an integer with an optional unit — "7d", "1h", "30m", "10s",
 * "500ms", "250us" — as options such as maxFileAge and rampUpTime and confs such as pollingDelay take them.
 */
import { invalidTimeSuffix, unparsableTimeString } from "../../errors/QueryExecutionErrors";

const MS_PER_UNIT: Readonly<Record<string, number>> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

function timeStringAs(value: string, defaultUnit: "ms" | "s"): number {
  const match = /^(-?[0-9]+)([a-z]+)?$/.exec(value.toLowerCase().trim());
  if (!match) throw unparsableTimeString(value);
  const suffix = match[2] ?? defaultUnit;
  const scale = MS_PER_UNIT[suffix];
  if (scale === undefined) throw invalidTimeSuffix(suffix);
  // Converting to a coarser unit truncates, as Java's TimeUnit.convert does.
  return Math.trunc((Number(match[1]) * scale) / MS_PER_UNIT[defaultUnit]);
}

/** Milliseconds; a bare number is milliseconds. */
export function timeStringAsMs(value: string): number {
  return timeStringAs(value, "ms");
}

/** Seconds; a bare number is seconds. */
export function timeStringAsSec(value: string): number {
  return timeStringAs(value, "s");
}
