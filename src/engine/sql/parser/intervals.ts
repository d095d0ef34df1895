/** Spark's interval units and interval strings ("10 minutes", "1 hour 30 minutes"), as Spark's IntervalUtils. */

const INTERVAL_UNITS: Record<string, { months?: number; micros?: number }> = {
  year: { months: 12 },
  month: { months: 1 },
  week: { micros: 7 * 86_400_000_000 },
  day: { micros: 86_400_000_000 },
  hour: { micros: 3_600_000_000 },
  minute: { micros: 60_000_000 },
  second: { micros: 1_000_000 },
  millisecond: { micros: 1000 },
  microsecond: { micros: 1 },
};

/** Matches "minutes", "MIN", "secs"... to a unit of INTERVAL_UNITS. */
export function intervalUnit(word: string): { months?: number; micros?: number } | undefined {
  const w = word.toLowerCase().replace(/s$/, "");
  const aliases: Record<string, string> = {
    min: "minute",
    sec: "second",
    ms: "millisecond",
    us: "microsecond",
  };
  return INTERVAL_UNITS[aliases[w] ?? w];
}

/** "10 minutes", "1 hour 30 minutes", "2 seconds": Spark's interval strings (durations, triggers, windows). */
export function parseIntervalString(text: string): { months: number; micros: number } | undefined {
  const words = text
    .trim()
    .replace(/^interval\s+/i, "")
    .split(/\s+/);
  if (words.length === 0 || words.length % 2 !== 0) return undefined;
  let months = 0;
  let micros = 0;
  for (let i = 0; i < words.length; i += 2) {
    const amount = Number(words[i]);
    const unit = intervalUnit(words[i + 1]);
    if (!unit || !Number.isFinite(amount)) return undefined;
    months += (unit.months ?? 0) * amount;
    micros += (unit.micros ?? 0) * amount;
  }
  return { months, micros };
}
