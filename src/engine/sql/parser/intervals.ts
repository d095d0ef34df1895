/** Spark's interval units and interval strings ("10 minutes", "1 hour 30 minutes"), as Spark's IntervalUtils. */

import { type DataType, DayTimeIntervalType, YearMonthIntervalType } from "../types";

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

/** The unit of INTERVAL_UNITS a word names ("minutes", "MIN", "secs"...), or undefined. */
export function intervalUnitName(word: string): string | undefined {
  const w = word.toLowerCase().replace(/s$/, "");
  const aliases: Record<string, string> = {
    min: "minute",
    sec: "second",
    ms: "millisecond",
    us: "microsecond",
  };
  const name = aliases[w] ?? w;
  return Object.hasOwn(INTERVAL_UNITS, name) ? name : undefined;
}

/**
 * The Spark type of an interval literal written with these units (AstBuilder's rule with ANSI intervals, Spark's
 * default): year and month give a year-month interval, the others a day-time interval from the largest unit to
 * the smallest (a week counts as days, milli- and microseconds as seconds); "mixed" where both kinds appear.
 */
export function intervalLiteralType(units: readonly string[]): DataType | "mixed" {
  const yearMonth = new Set<number>();
  const dayTime = new Set<number>();
  for (const unit of units) {
    if (unit === "year") yearMonth.add(0);
    else if (unit === "month") yearMonth.add(1);
    else if (unit === "week" || unit === "day") dayTime.add(0);
    else if (unit === "hour") dayTime.add(1);
    else if (unit === "minute") dayTime.add(2);
    else dayTime.add(3);
  }
  if (yearMonth.size > 0) {
    if (dayTime.size > 0) return "mixed";
    return new YearMonthIntervalType(Math.min(...yearMonth), Math.max(...yearMonth));
  }
  if (dayTime.size === 0) return new DayTimeIntervalType(0, 3);
  return new DayTimeIntervalType(Math.min(...dayTime), Math.max(...dayTime));
}

/** The units an interval string names ("1 day 2 hours" names day and hour). */
export function intervalStringUnits(text: string): string[] {
  return text
    .split(/\s+/)
    .map((w) => w.toLowerCase())
    .filter((w) => w !== "interval" && /^[a-z]+$/.test(w))
    .flatMap((w) => intervalUnitName(w) ?? []);
}

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

/**
 * Spark's ANSI interval literals with a range of fields: the text of each range, and the units of its numbers
 * from the largest down ('1-2' YEAR TO MONTH, '1 2:3:4' DAY TO SECOND, ...).
 */
const ANSI_RANGES: Readonly<Record<string, { pattern: RegExp; units: readonly string[] }>> = {
  "year to month": { pattern: /^(\d+)-(\d+)$/, units: ["year", "month"] },
  "day to hour": { pattern: /^(\d+) (\d+)$/, units: ["day", "hour"] },
  "day to minute": { pattern: /^(\d+) (\d+):(\d+)$/, units: ["day", "hour", "minute"] },
  "day to second": {
    pattern: /^(\d+) (\d+):(\d+):(\d+(?:\.\d+)?)$/,
    units: ["day", "hour", "minute", "second"],
  },
  "hour to minute": { pattern: /^(\d+):(\d+)$/, units: ["hour", "minute"] },
  "hour to second": { pattern: /^(\d+):(\d+):(\d+(?:\.\d+)?)$/, units: ["hour", "minute", "second"] },
  "minute to second": { pattern: /^(\d+):(\d+(?:\.\d+)?)$/, units: ["minute", "second"] },
};

/** `'1 2:3:4' DAY TO SECOND` (the text after INTERVAL), or undefined where it is no such literal. */
function parseAnsiRange(text: string): { months: number; micros: number } | undefined {
  const match = /^'([+-]?)([^']*)'\s+(\w+)\s+to\s+(\w+)$/i.exec(text);
  if (!match) return undefined;
  const range = ANSI_RANGES[`${match[3]} to ${match[4]}`.toLowerCase()];
  const values = range?.pattern.exec(match[2].trim());
  if (!range || !values) return undefined;
  const sign = match[1] === "-" ? -1 : 1;
  let months = 0;
  let micros = 0;
  range.units.forEach((name, i) => {
    const unit = INTERVAL_UNITS[name];
    months += sign * (unit.months ?? 0) * Number(values[i + 1]);
    micros += sign * Math.round((unit.micros ?? 0) * Number(values[i + 1]));
  });
  return { months, micros };
}

/**
 * "10 minutes", "1 hour 30 minutes", "2 seconds", "interval 3 days", "INTERVAL '3' DAY", "interval '1-2' year
 * to month": Spark's interval strings (durations, triggers, windows, watermark delays).
 */
export function parseIntervalString(text: string): { months: number; micros: number } | undefined {
  const body = text.trim().replace(/^interval\s+/i, "");
  const range = parseAnsiRange(body);
  if (range) return range;
  const words = body.split(/\s+/);
  if (words.length === 0 || words.length % 2 !== 0) return undefined;
  let months = 0;
  let micros = 0;
  for (let i = 0; i < words.length; i += 2) {
    const amount = Number(/^'(.*)'$/.exec(words[i])?.[1] ?? words[i]);
    const unit = intervalUnit(words[i + 1]);
    if (!unit || words[i] === "" || !Number.isFinite(amount)) return undefined;
    months += (unit.months ?? 0) * amount;
    micros += (unit.micros ?? 0) * amount;
  }
  return { months, micros };
}
