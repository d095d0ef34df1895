import { formatValue } from "../outputs/format";

/**
 * Times as the user's data shows them: in the session time zone (`spark.sql.session.timeZone`, UTC unless the
 * session says otherwise), as wall-clock hours and minutes, with seconds only where some time has them.
 */
export function zonedClock(timeZone: string, times: readonly number[]): (ms: number) => string {
  const seconds = times.some((ms) => ms % 60_000 !== 0);
  const format = formatter(timeZone, seconds);
  return (ms) => format.format(ms);
}

/** A date and time in the session time zone, as "2024-01-01 12:04:00". */
export function zonedDateTime(timeZone: string, ms: number): string {
  const parts = Object.fromEntries(
    formatter(timeZone, true, true)
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/**
 * A value as Spark's `show()` prints it, its timestamps in the session time zone: "2024-01-01 12:04:00" (with
 * the fraction where there is one), a struct as {a, b}, an array as [a, b], a map as {k -> v}.
 */
export function zonedValue(timeZone: string, value: unknown): string {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) return "Invalid Date";
    const fraction = String(((ms % 1000) + 1000) % 1000)
      .padStart(3, "0")
      .replace(/0+$/, "");
    return fraction ? `${zonedDateTime(timeZone, ms)}.${fraction}` : zonedDateTime(timeZone, ms);
  }
  if (value instanceof Map)
    return `{${[...value].map(([k, v]) => `${zonedValue(timeZone, k)} -> ${zonedValue(timeZone, v)}`).join(", ")}}`;
  if (Array.isArray(value)) return `[${value.map((v) => zonedValue(timeZone, v)).join(", ")}]`;
  if (value !== null && typeof value === "object" && !(value instanceof Uint8Array))
    return `{${Object.values(value)
      .map((v) => zonedValue(timeZone, v))
      .join(", ")}}`;
  return formatValue(value);
}

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, seconds: boolean, date = false): Intl.DateTimeFormat {
  const key = `${timeZone}|${seconds}|${date}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone: safeZone(timeZone),
      hourCycle: "h23",
      hour: "2-digit",
      minute: "2-digit",
      ...(seconds ? { second: "2-digit" } : {}),
      ...(date ? { year: "numeric", month: "2-digit", day: "2-digit" } : {}),
    });
    cache.set(key, format);
  }
  return format;
}

/** Spark accepts zone ids the browser may not know (a bare offset like "+01:00"): those fall back to UTC. */
function safeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}
