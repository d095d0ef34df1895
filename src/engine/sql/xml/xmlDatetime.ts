/**
 * issue 11: dates and timestamps as the XML functions and data source read and write them, in JavaScript (the
 * values cross on the UDF path, sql/udf/): Spark's default parsers (DateTimeUtils.stringToDate and
 * stringToTimestamp: `yyyy[-MM[-dd]]`, then ` ` or `T` and `HH[:mm[:ss[.S…]]]` and a zone) and the Java patterns
 * of the `dateFormat` / `timestampFormat` options (DateTimeFormatter's letters y M d H h m s S a X Z and
 * quoted text). A timestamp without a zone is a wall-clock time in the session's time zone.
 */
import { illegalDatetimePatternCharacter } from "../../errors/QueryExecutionErrors";
import { wallClockOf } from "../codegen/timeZones";

/** Microseconds since the epoch of a wall-clock time (ms part in `ms`, extra micros apart) in `zone`. */
function instantOf(wallMs: number, zone: string): number {
  if (zone === "UTC" || zone === "Z" || zone === "GMT") return wallMs;
  const fixed = fixedOffsetSeconds(zone);
  if (fixed !== undefined) return wallMs - fixed * 1000;
  const clock = wallClockOf(zone);
  const offsetAt = (ms: number) => {
    const w = clock(ms);
    const local = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    const whole = ms - (((ms % 1000) + 1000) % 1000);
    return local - whole;
  };
  // java.time: the earlier offset in an overlap, the offset before a gap.
  const first = offsetAt(wallMs);
  const second = offsetAt(wallMs - first);
  return wallMs - (first === second ? first : Math.max(first, second));
}

/** The seconds of an offset zone (`+08:00`, `GMT-8`), undefined for a region. */
function fixedOffsetSeconds(zone: string): number | undefined {
  const offset = /^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$/.exec(zone);
  if (!offset) return undefined;
  return (Number(offset[2]) * 3600 + Number(offset[3] ?? 0) * 60) * (offset[1] === "-" ? -1 : 1);
}

/** The zone offset of `zone` at instant `ms`, in seconds. */
function offsetSecondsAt(ms: number, zone: string): number {
  if (zone === "UTC" || zone === "Z" || zone === "GMT") return 0;
  const fixed = fixedOffsetSeconds(zone);
  if (fixed !== undefined) return fixed;
  const w = wallClockOf(zone)(ms);
  const local = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((local - (ms - (((ms % 1000) + 1000) % 1000))) / 1000);
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micros: number;
  offsetSeconds?: number;
}

function zoneSeconds(text: string): number | undefined {
  if (text === "Z" || text === "UTC" || text === "GMT") return 0;
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?(?::?(\d{2}))?$/.exec(text);
  if (!m) return undefined;
  const s = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return m[1] === "-" ? -s : s;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(2000, m, 0)).getUTCDate() - (m === 2 && !leap(y) ? 1 : 0);
}

function leap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function fraction(digits: string): number {
  return Number(digits.slice(0, 6).padEnd(6, "0"));
}

/** Spark's stringToTimestamp, without its special values: the parts, or undefined. */
function defaultTimestampParts(text: string): Parts | undefined {
  const m =
    /^\s*([+-]?\d{4,6})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[ T](\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:\.(\d{0,9}))?)?)?)?\s*(Z|[+-]\d{1,2}(?::?\d{2})?(?::?\d{2})?|(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?|[A-Za-z]+\/[A-Za-z_/+-]+)?\s*$/.exec(
      text,
    );
  if (!m) return undefined;
  const parts: Parts = {
    year: Number(m[1]),
    month: Number(m[2] ?? 1),
    day: Number(m[3] ?? 1),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    micros: m[7] ? fraction(m[7]) : 0,
  };
  if (
    !validDate(parts.year, parts.month, parts.day) ||
    parts.hour > 23 ||
    parts.minute > 59 ||
    parts.second > 59
  )
    return undefined;
  if (m[8]) {
    const s = zoneSeconds(m[8]);
    if (s === undefined) {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: m[8] });
      } catch {
        return undefined;
      }
      return { ...parts, offsetSeconds: Number.NaN, zone: m[8] } as Parts;
    }
    parts.offsetSeconds = s;
  }
  return parts;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

type Token = { letter: string; count: number } | { text: string };

/** A Java DateTimeFormatter pattern's tokens (optional sections `[ ]` are kept as optional groups). */
function tokens(pattern: string): (Token | { optional: Token[] })[] {
  const out: (Token | { optional: Token[] })[] = [];
  let stack: Token[] | undefined;
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    const target = stack ?? (out as Token[]);
    if (c === "[") {
      stack = [];
      i++;
    } else if (c === "]") {
      if (stack) out.push({ optional: stack });
      stack = undefined;
      i++;
    } else if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      const text = end === i + 1 ? "'" : pattern.slice(i + 1, end < 0 ? undefined : end);
      target.push({ text });
      i = end < 0 ? pattern.length : end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      target.push({ letter: c, count: j - i });
      i = j;
    } else {
      target.push({ text: c });
      i++;
    }
  }
  return out;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function tokenRegex(t: Token, groups: string[], pattern: string): string {
  if ("text" in t) return escapeRegex(t.text);
  const push = (name: string, re: string) => {
    groups.push(name);
    return `(${re})`;
  };
  switch (t.letter) {
    case "y":
    case "u":
      return push("year", t.count === 2 ? "\\d{2}" : "[+-]?\\d{4,9}");
    case "M":
    case "L":
      return t.count >= 3 ? push(t.count === 3 ? "mon" : "month", "[A-Za-z]+") : push("M", "\\d{1,2}");
    case "d":
      return push("d", t.count === 1 ? "\\d{1,2}" : "\\d{2}");
    case "H":
      return push("H", t.count === 1 ? "\\d{1,2}" : "\\d{2}");
    case "h":
      return push("h", t.count === 1 ? "\\d{1,2}" : "\\d{2}");
    case "m":
      return push("m", t.count === 1 ? "\\d{1,2}" : "\\d{2}");
    case "s":
      return push("s", t.count === 1 ? "\\d{1,2}" : "\\d{2}");
    case "S":
      return push("S", `\\d{${t.count}}`);
    case "a":
      return push("a", "[AaPp][Mm]");
    case "X":
    case "x":
    case "Z":
    case "O":
      return push("zone", "Z|[+-]\\d{2}(?::?\\d{2})?(?::?\\d{2})?|GMT[+-]?\\d{0,2}(?::?\\d{2})?");
    case "z":
    case "V":
      return push("zoneId", "[A-Za-z][A-Za-z0-9_/+-]*");
    case "E":
      return push("E", "[A-Za-z]+");
    default:
      throw illegalDatetimePatternCharacter(pattern, t.letter);
  }
}

const compiledPatterns = new Map<string, { re: RegExp; groups: string[] }>();

function compilePattern(pattern: string): { re: RegExp; groups: string[] } {
  const known = compiledPatterns.get(pattern);
  if (known) return known;
  const groups: string[] = [];
  const source = tokens(pattern)
    .map((t) =>
      "optional" in t
        ? `(?:${t.optional.map((o) => tokenRegex(o, groups, pattern)).join("")})?`
        : tokenRegex(t, groups, pattern),
    )
    .join("");
  const compiled = { re: new RegExp(`^${source}$`), groups };
  compiledPatterns.set(pattern, compiled);
  return compiled;
}

function patternParts(text: string, pattern: string): Parts | undefined {
  const { re, groups } = compilePattern(pattern);
  const m = re.exec(text);
  if (!m) return undefined;
  const p: Parts = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, micros: 0 };
  let pm: boolean | undefined;
  let hour12: number | undefined;
  groups.forEach((g, i) => {
    const v = m[i + 1];
    if (v === undefined) return;
    switch (g) {
      case "year":
        p.year = v.length === 2 ? 2000 + Number(v) : Number(v);
        break;
      case "mon":
      case "month": {
        const idx = MONTHS.findIndex((name) =>
          g === "mon"
            ? name.slice(0, 3).toLowerCase() === v.toLowerCase()
            : name.toLowerCase() === v.toLowerCase(),
        );
        p.month = idx + 1;
        break;
      }
      case "M":
        p.month = Number(v);
        break;
      case "d":
        p.day = Number(v);
        break;
      case "H":
        p.hour = Number(v);
        break;
      case "h":
        hour12 = Number(v);
        break;
      case "m":
        p.minute = Number(v);
        break;
      case "s":
        p.second = Number(v);
        break;
      case "S":
        p.micros = fraction(v);
        break;
      case "a":
        pm = v.toLowerCase() === "pm";
        break;
      case "zone":
        p.offsetSeconds = zoneSeconds(v);
        break;
      case "zoneId":
        (p as Parts & { zone?: string }).zone = v;
        break;
    }
  });
  if (hour12 !== undefined) p.hour = (hour12 % 12) + (pm ? 12 : 0);
  if (p.month < 1 || !validDate(p.year, p.month, p.day) || p.hour > 23 || p.minute > 59 || p.second > 59)
    return undefined;
  return p;
}

/**
 * A timestamp as Sluice's rows carry it: microseconds since the epoch. Text without its own zone or offset is a
 * wall clock in the session's time zone (`timeZone`); undefined where the text does not parse.
 */
export function parseTimestamp(
  text: string,
  pattern: string | undefined,
  timeZone: string,
): number | undefined {
  const p = pattern === undefined ? defaultTimestampParts(text) : patternParts(text, pattern);
  if (!p) return undefined;
  const wall = new Date(Date.UTC(2000, p.month - 1, p.day, p.hour, p.minute, p.second));
  wall.setUTCFullYear(p.year);
  const wallMs = wall.getTime();
  const zone = (p as Parts & { zone?: string }).zone;
  let instantMs: number | undefined;
  if (p.offsetSeconds !== undefined && !Number.isNaN(p.offsetSeconds))
    instantMs = wallMs - p.offsetSeconds * 1000;
  else if (zone !== undefined) instantMs = instantOf(wallMs, zone);
  return (instantMs ?? instantOf(wallMs, timeZone)) * 1000 + p.micros;
}

/** A date's days since the epoch, or undefined where the text does not parse. */
export function parseDate(text: string, pattern: string | undefined): number | undefined {
  let p: Parts | undefined;
  if (pattern === undefined) {
    const m = /^\s*([+-]?\d{4,6})(?:-(\d{1,2})(?:-(\d{1,2})(?:[ T].*)?)?)?\s*$/.exec(text);
    if (!m) return undefined;
    p = {
      year: Number(m[1]),
      month: Number(m[2] ?? 1),
      day: Number(m[3] ?? 1),
      hour: 0,
      minute: 0,
      second: 0,
      micros: 0,
    };
    if (!validDate(p.year, p.month, p.day)) return undefined;
  } else p = patternParts(text, pattern);
  if (!p) return undefined;
  const d = new Date(Date.UTC(2000, p.month - 1, p.day));
  d.setUTCFullYear(p.year);
  return Math.round(d.getTime() / 86_400_000);
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, "0");
  return n < 0 ? `-${s}` : s;
}

function offsetText(seconds: number, letter: string, count: number): string {
  if (seconds === 0 && letter === "X") return "Z";
  const sign = seconds < 0 ? "-" : "+";
  const a = Math.abs(seconds);
  const h = pad(Math.floor(a / 3600), 2);
  const m = pad(Math.floor((a % 3600) / 60), 2);
  const s = a % 60;
  if (count === 1) return `${sign}${h}${m === "00" ? "" : m}`;
  const sep = count === 2 || (letter === "Z" && count < 4) ? "" : ":";
  return `${sign}${h}${sep}${m}${s ? `${sep}${pad(s, 2)}` : ""}`;
}

function formatParts(p: Parts, pattern: string, offsetSeconds: number): string {
  const one = (t: Token): string => {
    if ("text" in t) return t.text;
    switch (t.letter) {
      case "y":
      case "u":
        return t.count === 2 ? pad(p.year % 100, 2) : pad(p.year, t.count);
      case "M":
      case "L":
        if (t.count === 3) return MONTHS[p.month - 1].slice(0, 3);
        if (t.count >= 4) return MONTHS[p.month - 1];
        return pad(p.month, t.count);
      case "d":
        return pad(p.day, t.count);
      case "H":
        return pad(p.hour, t.count);
      case "h":
        return pad(p.hour % 12 === 0 ? 12 : p.hour % 12, t.count);
      case "m":
        return pad(p.minute, t.count);
      case "s":
        return pad(p.second, t.count);
      case "S":
        return String(p.micros).padStart(6, "0").padEnd(9, "0").slice(0, t.count);
      case "a":
        return p.hour < 12 ? "AM" : "PM";
      case "X":
      case "x":
      case "Z":
        return offsetText(offsetSeconds, t.letter, t.count);
      default:
        return "";
    }
  };
  return tokens(pattern)
    .map((t) => ("optional" in t ? t.optional.map(one).join("") : one(t)))
    .join("");
}

/** Spark's default timestamp format for writing XML (and JSON): yyyy-MM-dd'T'HH:mm:ss.SSSXXX. */
export const DEFAULT_TIMESTAMP_WRITE_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

/** A timestamp as rows carry it (an instant, as a Date or microseconds) in the pattern, at the session's wall clock. */
export function formatTimestamp(value: Date | number | bigint, pattern: string, timeZone: string): string {
  const micros =
    value instanceof Date
      ? value.getTime() * 1000
      : typeof value === "bigint"
        ? Number(value)
        : Number(value);
  const ms = Math.floor(micros / 1000);
  const offset = offsetSecondsAt(ms, timeZone);
  const wall = new Date(ms + offset * 1000);
  const p: Parts = {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    micros: ((micros % 1_000_000) + 1_000_000) % 1_000_000,
  };
  return formatParts(p, pattern, offset);
}

/** A date (a Date at UTC midnight, or days since the epoch) in the pattern. */
export function formatDate(value: Date | number, pattern: string): string {
  const d = value instanceof Date ? value : new Date(value * 86_400_000);
  const p: Parts = {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: 0,
    minute: 0,
    second: 0,
    micros: 0,
  };
  return formatParts(p, pattern, 0);
}
