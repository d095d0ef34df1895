import type { WaitingFor } from "../../kernel/protocol";
import { zonedClock } from "./zonedTime";

/**
 * "What is the output waiting for?" as one plain sentence, its times in the session time zone. The engine words
 * it in UTC; where a window is waited on, the sentence is said again here with the zone's clock (the words are
 * the engine's). About data (no new files, new data waiting) it has no times, so the engine's sentence stands.
 */
export function waitingSentence(waiting: WaitingFor, timeZone: string): string {
  const { window, watermarkMs, maxEventTimeMs, delayMs } = waiting;
  if (!window) return waiting.message;
  const clock = zonedClock(timeZone, [window.start, window.end, watermarkMs ?? 0, maxEventTimeMs ?? 0]);
  const why =
    maxEventTimeMs !== null && watermarkMs !== null
      ? `the watermark is ${clock(watermarkMs)} (max event time ${clock(maxEventTimeMs)} minus the ${delay(delayMs ?? 0)} delay)`
      : "no event time has been seen yet, so the watermark is not set";
  return `Window ${clock(window.start)}–${clock(window.end)} is emitted when the watermark passes ${clock(window.end)}; ${why}.`;
}

/** A delay as a person says it before "delay": "10 minute", "1 hour 30 minute". */
function delay(ms: number): string {
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
