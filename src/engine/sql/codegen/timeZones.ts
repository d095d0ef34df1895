/**
 * Time-zone ids as Spark reads them (DateTimeUtils.getZoneId: java.time's ZoneId.of with ZoneId.SHORT_IDS, after
 * padding a one-digit hour, `+8:00` → `+08:00`), and the offsets of a zone over time as DuckDB SQL. DuckDB-WASM
 * has no ICU offline, so a region's offsets come from the JavaScript runtime's tz database (Intl): its
 * transitions from 1900 to 2100 become a list the SQL looks an instant up in; outside that range the nearest
 * offset holds.
 */
import * as arrow from "apache-arrow";
import type { DuckDB } from "../../duckdb/DuckDB";
import { IllegalArgumentException } from "../../errors/exceptions";
import { unsupportedInSluice } from "../../errors/QueryExecutionErrors";
import type { Expression } from "../expressions";
import { literalString } from "./functionSpecs";

/** The compatibility note of the functions taking a time zone. */
export const TIME_ZONE_NOTE =
  "a region's offsets are the tz database's from 1900 to 2100, the nearest outside; a column of zones is looked up row by row in JavaScript";

/** java.time's ZoneId.SHORT_IDS, which Spark passes to ZoneId.of. */
const SHORT_IDS: Readonly<Record<string, string>> = {
  ACT: "Australia/Darwin",
  AET: "Australia/Sydney",
  AGT: "America/Argentina/Buenos_Aires",
  ART: "Africa/Cairo",
  AST: "America/Anchorage",
  BET: "America/Sao_Paulo",
  BST: "Asia/Dhaka",
  CAT: "Africa/Harare",
  CNT: "America/St_Johns",
  CST: "America/Chicago",
  CTT: "Asia/Shanghai",
  EAT: "Africa/Addis_Ababa",
  ECT: "Europe/Paris",
  IET: "America/Indiana/Indianapolis",
  IST: "Asia/Kolkata",
  JST: "Asia/Tokyo",
  MIT: "Pacific/Apia",
  NET: "Asia/Yerevan",
  NST: "Pacific/Auckland",
  PLT: "Asia/Karachi",
  PNT: "America/Phoenix",
  PRT: "America/Puerto_Rico",
  PST: "America/Los_Angeles",
  SST: "Pacific/Guadalcanal",
  VST: "Asia/Ho_Chi_Minh",
  EST: "-05:00",
  MST: "-07:00",
  HST: "-10:00",
};

/** The tz database's ids outside its areas (links and legacy zones) that java.time knows. */
const TZDB_SINGLE_IDS = new Set(
  (
    "CET CST6CDT Cuba EET EST5EDT Egypt Eire GB GB-Eire GMT0 Greenwich Hongkong Iceland Iran Israel Jamaica " +
    "Japan Kwajalein Libya MET MST7MDT NZ NZ-CHAT Navajo PRC PST8PDT Poland Portugal ROC ROK Singapore Turkey " +
    "UCT Universal W-SU WET Zulu"
  ).split(" "),
);

/** Whether an id Intl resolves to another is one of the tz database's (a link such as US/Pacific). */
function isTzDatabaseId(id: string): boolean {
  return id.includes("/") || TZDB_SINGLE_IDS.has(id);
}

/** A zone: a fixed offset in seconds, or a region of the tz database. */
export type Zone = { readonly offsetSeconds: number } | { readonly region: string };

function unknownZone(id: string): IllegalArgumentException {
  return new IllegalArgumentException(`Unknown time-zone ID: ${id}`);
}

/** ZoneOffset.of: `+h`, `+hh`, `+hh:mm`, `+hhmm`, `+hh:mm:ss`, `+hhmmss`, within ±18:00. */
function parseOffset(text: string, id: string): number {
  const m = /^([+-])(\d{1,2})(?::?(\d{2})(?::?(\d{2}))?)?$/.exec(text);
  if (!m || (m[2].length === 1 && m[3] !== undefined))
    throw new IllegalArgumentException(`Invalid ID for ZoneOffset, invalid format: ${id}`);
  const [h, mi, s] = [Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)];
  const seconds = h * 3600 + mi * 60 + s;
  if (mi > 59 || s > 59 || seconds > 18 * 3600)
    throw new IllegalArgumentException(`Zone offset not in valid range: ${id}`);
  return m[1] === "-" ? -seconds : seconds;
}

/** Spark's getZoneId. */
export function zoneOf(timeZoneId: string): Zone {
  const id0 = timeZoneId.replace(/([+-])(\d):/, "$10$2:");
  const id = Object.hasOwn(SHORT_IDS, id0) ? SHORT_IDS[id0] : id0;
  if (id === "Z") return { offsetSeconds: 0 };
  if (id.startsWith("+") || id.startsWith("-")) return { offsetSeconds: parseOffset(id, timeZoneId) };
  if (id === "UTC" || id === "GMT" || id === "UT") return { offsetSeconds: 0 };
  for (const prefix of ["UTC", "GMT", "UT"]) {
    if (id.startsWith(prefix) && (id[prefix.length] === "+" || id[prefix.length] === "-"))
      return { offsetSeconds: parseOffset(id.slice(prefix.length), timeZoneId) };
  }
  if (!/^[A-Za-z][A-Za-z0-9~/._+-]+$/.test(id)) throw unknownZone(timeZoneId);
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: id }).resolvedOptions().timeZone;
  } catch {
    throw unknownZone(timeZoneId);
  }
  // Intl reads ids in any case and knows ICU's own aliases ("pst"); java.time's ZoneId.of knows only the tz
  // database's ids as it spells them ("Asia/shanghai" fails).
  if (resolved !== id && !(isTzDatabaseId(id) && resolved.toLowerCase() !== id.toLowerCase()))
    throw unknownZone(timeZoneId);
  return { region: id };
}

/** A region's offset changes: at instant `at` (ms since the epoch) the offset becomes `after` (seconds). */
interface Transitions {
  readonly first: number;
  readonly at: readonly number[];
  readonly before: readonly number[];
  readonly after: readonly number[];
}

const transitionsCache = new Map<string, Transitions>();

/** A wall-clock reading: the proleptic year (1 BC is 0), month 1-12, day, hour 0-23, minute, second. */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** The wall clock of a time zone Intl knows (a region or an offset): the reading at an instant (ms). */
export function wallClockOf(timeZone: string): (ms: number) => WallClock {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
    era: "short",
  });
  return (ms) => {
    const parts: Record<string, string> = {};
    for (const p of format.formatToParts(new Date(ms))) parts[p.type] = p.value;
    return {
      year: parts.era === "BC" || parts.era === "B" ? 1 - Number(parts.year) : Number(parts.year),
      month: Number(parts.month),
      day: Number(parts.day),
      hour: Number(parts.hour),
      minute: Number(parts.minute),
      second: Number(parts.second),
    };
  };
}

function offsetFunction(region: string): (ms: number) => number {
  const wallClock = wallClockOf(region);
  return (ms) => {
    const w = wallClock(ms);
    const local = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    const whole = ms - (((ms % 1000) + 1000) % 1000);
    return Math.round((local - whole) / 1000);
  };
}

const offsetFunctions = new Map<string, (ms: number) => number>();

/**
 * The offset (ms) of the session time zone `timeZone` at an instant (ms since the epoch): what an instant's wall
 * clock there adds to it (DateTimeUtils.getZoneId's zone, java.time's rules from the tz database).
 */
export function zoneOffsetMillis(timeZone: string, ms: number): number {
  let f = offsetFunctions.get(timeZone);
  if (!f) {
    const zone = zoneOf(timeZone);
    if ("offsetSeconds" in zone) {
      const fixed = zone.offsetSeconds * 1000;
      f = () => fixed;
    } else {
      const offsetAt = offsetFunction(zone.region);
      f = (t) => offsetAt(t) * 1000;
    }
    offsetFunctions.set(timeZone, f);
  }
  return f(ms);
}

/** An instant as its wall clock in `timeZone`: a Date whose UTC fields read as the zone's local time. */
export function toWallClockDate(value: Date, timeZone: string | undefined): Date {
  if (timeZone === undefined || timeZone === "UTC") return value;
  const ms = value.getTime();
  if (Number.isNaN(ms)) return value;
  return new Date(ms + zoneOffsetMillis(timeZone, ms));
}

/** A wall clock in `timeZone` (a Date whose UTC fields are the local time) as its instant; a gap moves forward. */
export function fromWallClockDate(value: Date, timeZone: string | undefined): Date {
  if (timeZone === undefined || timeZone === "UTC") return value;
  const local = value.getTime();
  if (Number.isNaN(local)) return value;
  // java.time's ZonedDateTime.ofLocal: the earlier offset in an overlap, the offset before a gap.
  const before = zoneOffsetMillis(timeZone, local - 86_400_000 / 2);
  const after = zoneOffsetMillis(timeZone, local + 86_400_000 / 2);
  const candidates = [Math.max(before, after), Math.min(before, after)].filter(
    (o) => zoneOffsetMillis(timeZone, local - o) === o,
  );
  return new Date(local - (candidates[0] ?? before));
}

function transitionsOf(region: string): Transitions {
  const cached = transitionsCache.get(region);
  if (cached) return cached;
  const offsetAt = offsetFunction(region);
  const start = Date.UTC(1900, 0, 1);
  const end = Date.UTC(2100, 0, 1);
  const step = 7 * 86_400_000;
  const at: number[] = [];
  const before: number[] = [];
  const after: number[] = [];
  const first = offsetAt(start);
  let previous = first;
  for (let t = start + step; t <= end; t += step) {
    const offset = offsetAt(t);
    if (offset === previous) continue;
    // The change lies in (t - step, t]: find its first second.
    let lo = t - step;
    let hi = t;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (offsetAt(mid) === previous) lo = mid;
      else hi = mid;
    }
    at.push(hi);
    before.push(previous);
    after.push(offset);
    previous = offset;
  }
  const transitions = { first, at, before, after };
  transitionsCache.set(region, transitions);
  return transitions;
}

/**
 * The zone's offset in microseconds at an instant (`micros`: SQL of microseconds since the epoch, UTC). With
 * `local`, `micros` is a wall-clock time in the zone instead, read as java.time's ZonedDateTime.of does: a time
 * in a gap takes the offset before it (so it moves forward by the gap), a time in an overlap the earlier offset.
 */
export function zoneOffsetMicrosSql(zone: Zone, micros: string, local = false): string {
  if ("offsetSeconds" in zone) return `CAST(${zone.offsetSeconds * 1_000_000} AS BIGINT)`;
  const { first, at, before, after } = transitionsOf(zone.region);
  if (at.length === 0) return `CAST(${first * 1_000_000} AS BIGINT)`;
  const thresholds = at.map((ms, i) =>
    local ? ms * 1000 + Math.max(before[i], after[i]) * 1_000_000 : ms * 1000,
  );
  const offsets = [first, ...after].map((s) => s * 1_000_000);
  return `CAST([${offsets.join(", ")}][1 + len(list_filter([${thresholds.join(", ")}], lambda __t: __t <= ${micros}))] AS BIGINT)`;
}

/** The offset (seconds) of `zone` at an instant (ms), or with `local` at a wall-clock time: zoneOffsetMicrosSql's. */
function zoneOffsetSecondsAt(zone: Zone, ms: number, local: boolean): number {
  if ("offsetSeconds" in zone) return zone.offsetSeconds;
  const { first, at, before, after } = transitionsOf(zone.region);
  let count = 0;
  while (
    count < at.length &&
    (local ? at[count] + Math.max(before[count], after[count]) * 1000 : at[count]) <= ms
  )
    count++;
  return count === 0 ? first : after[count - 1];
}

const zonesById = new Map<string, Zone>();

/** getZoneId of a zone id met in a row (an unknown id raises Spark's error each time it is met). */
function rowZone(id: string): Zone {
  let zone = zonesById.get(id);
  if (!zone) {
    zone = zoneOf(id);
    zonesById.set(id, zone);
  }
  return zone;
}

/** The SQL function that gives a zone's offset in seconds per row: (zone id, ms since the epoch, local 0/1). */
const ROW_OFFSET_FUNCTION = "__zone_offset_seconds";

/**
 * The error a zone id met in a row raised, kept here because duckdb-wasm reports a JavaScript function's throw
 * only as text; the caller of the query rethrows it (rowZoneFailure).
 */
let rowZoneError: Error | undefined;

/** The error of the last query whose zone column held an unknown id, once (undefined if none). */
export function rowZoneFailure(): Error | undefined {
  const error = rowZoneError;
  rowZoneError = undefined;
  return error;
}

/** Why the per-row function could not be registered, if it could not (a session still opens; a zone column fails). */
let unavailable: Error | undefined;

/** Registers the per-row zone offset in a session's DuckDB (a column of zones, where SQL cannot list offsets). */
export function registerTimeZoneFunctions(db: DuckDB): void {
  try {
    db.registerScalarFunction(ROW_OFFSET_FUNCTION, new arrow.Int32(), (id, ms, local) => {
      if (id === null || ms === null) return null;
      try {
        return zoneOffsetSecondsAt(rowZone(String(id)), Number(ms), Number(local) === 1);
      } catch (error) {
        rowZoneError = error as Error;
        throw error;
      }
    });
    unavailable = undefined;
  } catch (error) {
    unavailable = error as Error;
  }
}

/**
 * The offset in microseconds (BIGINT SQL) of the zone argument `tz` (compiled as `tzSql`) at `micros`, as
 * zoneOffsetMicrosSql reads it: a literal zone as SQL listing its offsets, a zone that is not a literal looked up
 * per row (Spark's FromUTCTimestamp and ConvertTimezone take any string expression). Null for a null zone.
 */
export function zoneArgumentOffsetSql(
  tz: Expression | undefined,
  tzSql: string,
  micros: string,
  local = false,
): string {
  if (tz?.kind === "literal" && tz.value === null) return "CAST(NULL AS BIGINT)";
  if (tz?.kind === "call" && tz.name === "current_timezone" && tz.args.length === 0)
    return "CAST(0 AS BIGINT)";
  const id = literalString(tz);
  if (id !== undefined) return zoneOffsetMicrosSql(zoneOf(id), micros, local);
  if (unavailable)
    throw unsupportedInSluice(`A time zone that is not a literal in this runtime (${unavailable.message})`);
  const ms = `CAST(floor(${micros} / 1000) AS DOUBLE)`;
  return `(CAST(${ROW_OFFSET_FUNCTION}(CAST(${tzSql} AS VARCHAR), ${ms}, ${local ? 1 : 0}) AS BIGINT) * 1000000)`;
}
