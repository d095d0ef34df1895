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
