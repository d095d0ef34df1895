/**
 * "What is the output waiting for?" — the facts behind the answer, and the answer as one plain sentence. In append
 * mode an event-time window reaches the sink only once the watermark passes its end, so the sink waits for the
 * oldest window still in state; otherwise the query waits for new data, and the facts say where it looks and how
 * much a trigger may take.
 */
import type { Row } from "../../sql/api/rows";
import type { OutputMode } from "./OutputMode";

/** A source as the waiting facts name it: a file source's directory and rate limit. */
export interface WatchedSource {
  description: string;
  /** The directory a file source watches; null for other sources. */
  path: string | null;
  maxFilesPerTrigger: number | null;
  maxBytesPerTrigger: number | null;
}

export interface WaitingFor {
  /** One plain sentence: what the sink receives next, and why nothing came yet. */
  message: string;
  /** Append mode with an event-time window in state: the next window to be emitted (epoch ms). */
  window: { operatorId: number; start: number; end: number } | null;
  /** Epoch ms; null where the query has no watermark. */
  watermarkMs: number | null;
  /** The max event time seen (the watermark plus the delay); null before any event time was seen. */
  maxEventTimeMs: number | null;
  /** The watermark's delay (the `withWatermark` threshold), in ms. */
  delayMs: number | null;
  /** Whether the sources had data not yet processed when this was worked out; null where not known. */
  hasNewData: boolean | null;
  sources: WatchedSource[];
}

export interface WaitingFacts {
  outputMode: OutputMode;
  watermarkMs: number | null;
  delayMs: number | null;
  /** Each stateful operator's state rows after the batch (`key` and `value`, as the state reader shows them). */
  state: readonly { operatorId: number; after: readonly Row[] }[];
  sources: WatchedSource[];
  hasNewData: boolean | null;
  /** The session time zone (`spark.sql.session.timeZone`) the sentence's times are said in; UTC if absent. */
  timeZone?: string;
  /**
   * By stateful operator id, how far (ms) the watermark the operator runs with stays behind the query's (Spark's
   * per-operator watermark: a time-interval stream-stream join below it holds it back by its range).
   */
  heldBackMs?: Readonly<Record<number, number>>;
}

/** Works out what the output is waiting for, from the state after a batch and the query's sources. */
export function waitingFor(facts: WaitingFacts): WaitingFor {
  const { outputMode, watermarkMs, delayMs, sources, hasNewData } = facts;
  const seen = watermarkMs !== null && watermarkMs > 0;
  const maxEventTimeMs = seen && delayMs !== null ? watermarkMs + delayMs : null;
  const window = outputMode === "append" ? oldestWindow(facts.state) : null;
  const base = { window, watermarkMs, maxEventTimeMs, delayMs, hasNewData, sources };
  if (window) {
    // Every time in the sentence to the same precision: to the minute unless one of them has seconds.
    const heldMs = facts.heldBackMs?.[window.operatorId] ?? 0;
    const times = [window.start, window.end, watermarkMs ?? 0, maxEventTimeMs ?? 0];
    if (heldMs > 0 && watermarkMs !== null) times.push(watermarkMs - heldMs);
    const clock = wallClock(
      facts.timeZone ?? "UTC",
      times.some((ms) => ms % 60_000 !== 0),
    );
    const why =
      maxEventTimeMs !== null && watermarkMs !== null
        ? `the watermark is ${clock(watermarkMs)} (max event time ${clock(maxEventTimeMs)} minus the ${duration(delayMs ?? 0)} delay)`
        : "no event time has been seen yet, so the watermark is not set";
    if (heldMs > 0) {
      // The window's operator runs with the query's watermark held back by the join below it.
      const operatorWatermark =
        watermarkMs !== null && maxEventTimeMs !== null
          ? `its watermark is ${clock(watermarkMs - heldMs)} (the query's, held back by ${duration(heldMs)} by the stream-stream join before it), and ${why}`
          : why;
      return {
        ...base,
        message: `Window ${clock(window.start)}–${clock(window.end)} is emitted when its operator's watermark passes ${clock(window.end)}; ${operatorWatermark}.`,
      };
    }
    return {
      ...base,
      message: `Window ${clock(window.start)}–${clock(window.end)} is emitted when the watermark passes ${clock(window.end)}; ${why}.`,
    };
  }
  if (hasNewData) return { ...base, message: "New data is waiting: the next trigger reads it." };
  return { ...base, message: noDataSentence(sources) };
}

/** The oldest window end among the operators' state keys (a `window` or `session_window` struct). */
function oldestWindow(state: WaitingFacts["state"]): WaitingFor["window"] {
  let oldest: WaitingFor["window"] = null;
  for (const { operatorId, after } of state) {
    for (const row of after) {
      for (const value of Object.values((row.key ?? {}) as Row)) {
        const w = value as { start?: unknown; end?: unknown } | null;
        if (!(w?.start instanceof Date) || !(w.end instanceof Date)) continue;
        if (!oldest || w.end.getTime() < oldest.end)
          oldest = { operatorId, start: w.start.getTime(), end: w.end.getTime() };
      }
    }
  }
  return oldest;
}

function noDataSentence(sources: readonly WatchedSource[]): string {
  const files = sources.filter((s) => s.path !== null);
  if (files.length === 0) {
    const names = sources.map((s) => s.description).join(" and ");
    return `No new data: the query waits for rows from ${names || "its sources"}.`;
  }
  const each = files.map((s) => {
    const limit =
      s.maxFilesPerTrigger !== null
        ? `each trigger takes at most ${s.maxFilesPerTrigger} file${s.maxFilesPerTrigger === 1 ? "" : "s"} (maxFilesPerTrigger)`
        : s.maxBytesPerTrigger !== null
          ? `each trigger takes at most ${s.maxBytesPerTrigger} bytes of files (maxBytesPerTrigger)`
          : "each trigger takes every new file";
    return `${s.path}, and ${limit}`;
  });
  return `No new files: the query watches ${each.join("; it also watches ")}.`;
}

/**
 * Hours and minutes (and seconds) on the session time zone's wall clock, as the user's data shows them. Spark takes
 * zone ids the runtime may not know (a bare offset like "+01:00"): those are said in UTC.
 */
function wallClock(timeZone: string, seconds: boolean): (ms: number) => string {
  const options: Intl.DateTimeFormatOptions = {
    hourCycle: "h23",
    hour: "2-digit",
    minute: "2-digit",
    ...(seconds ? { second: "2-digit" } : {}),
  };
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-GB", { ...options, timeZone });
  } catch {
    format = new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" });
  }
  return (ms) => format.format(ms);
}

/** A delay as a person says it before "delay": "10 minute", "1 hour 30 minute", "500 millisecond". */
function duration(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, "day"],
    [3_600_000, "hour"],
    [60_000, "minute"],
    [1000, "second"],
    [1, "millisecond"],
  ];
  const parts: string[] = [];
  let rest = ms;
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n} ${name}`);
    rest -= n * size;
  }
  return parts.join(" ") || "0 second";
}
