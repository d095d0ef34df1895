/**
 * The session time zone (`spark.sql.session.timeZone`) in Spark's TimeZoneAwareExpressions. Sluice holds a
 * TIMESTAMP as DuckDB's TIMESTAMP of its UTC wall clock, so the DuckDB SQL of a datetime function reads UTC; where
 * the session zone is another, the analyzer gives each call of a function here the zone (as Spark's
 * ResolveTimeZone does) and its SQL is adjusted around the UTC one:
 * - functions that read a wall clock (hour, day, date_format, trunc...) get the instant's wall clock in the zone
 *   (a TIMESTAMP_NTZ of it) instead of the instant, and a string argument is read in the zone first;
 * - functions that make an instant of a wall clock (make_timestamp, to_timestamp, unix_timestamp of a string)
 *   read the wall clock in the zone;
 * - date_trunc truncates the wall clock and reads it back in the zone.
 * Event-time windows stay on epoch time, as Spark's TimeWindow does.
 */
import type { Expression } from "../expressions";
import { AtomicType, type DataType, StringType, TimestampType } from "../types";
import { castSql, isUtc, ltzToNtzSql, ntzToLtzSql, stringHasZoneSql } from "./castSql";
import { zoneOf, zoneOffsetMicrosSql } from "./timeZones";

/** Wall-clock readers: the argument positions whose instants are read as wall clocks, by function. */
const WALL_CLOCK_ARGS: Readonly<Record<string, readonly number[]>> = {
  year: [0],
  quarter: [0],
  month: [0],
  day: [0],
  dayofmonth: [0],
  dayofweek: [0],
  weekday: [0],
  dayofyear: [0],
  dayname: [0],
  monthname: [0],
  weekofyear: [0],
  last_day: [0],
  next_day: [0],
  date_add: [0],
  date_sub: [0],
  datediff: [0, 1],
  date_diff: [0, 1],
  add_months: [0],
  months_between: [0, 1],
  hour: [0],
  minute: [0],
  second: [0],
  date_format: [0],
  trunc: [0],
  extract: [1],
  date_part: [1],
  datepart: [1],
  to_date: [0],
  try_to_date: [0],
  unix_date: [0],
  to_timestamp_ntz: [0],
  try_to_timestamp_ntz: [0],
};

/** Functions taking an instant as it is, whose string arguments are read in the session zone. */
const INSTANT_ARGS: Readonly<Record<string, readonly number[]>> = {
  from_utc_timestamp: [0],
  to_utc_timestamp: [0],
  unix_seconds: [0],
  unix_millis: [0],
  unix_micros: [0],
};

/** Functions whose result (an instant) is made of a wall clock read in the session zone. */
const FROM_WALL_CLOCK = new Set([
  "make_timestamp",
  "make_timestamp_ltz",
  "try_make_timestamp",
  "try_make_timestamp_ltz",
  "to_timestamp",
  "try_to_timestamp",
  "date_trunc",
  "unix_timestamp",
  "to_unix_timestamp",
  "from_unixtime",
  "timestamp_add",
  "timestampadd",
  "dateadd",
]);

/** TimestampAdd's units that move the wall clock in the session zone (DateTimeUtils.timestampAdd). */
const CALENDAR_UNITS = new Set(["DAY", "DAYOFYEAR", "WEEK", "MONTH", "QUARTER", "YEAR"]);

/** timestamp_add of a TIMESTAMP by a calendar unit: the position of the timestamp argument, else undefined. */
function calendarAdd(z: ZonedCall, args: readonly string[]): number | undefined {
  if (!["timestamp_add", "timestampadd", "dateadd"].includes(z.call.name) || args.length !== 3)
    return undefined;
  const unit = z.call.args[0];
  const name =
    unit?.kind === "literal" && typeof unit.value === "string"
      ? unit.value
      : unit?.kind === "column" && unit.parts.length === 1
        ? unit.parts[0]
        : undefined;
  if (name === undefined || !CALENDAR_UNITS.has(name.toUpperCase())) return undefined;
  const type = z.typeOf?.(args[2]);
  return atomic(type) === "timestamp" && !z.isNtz(2) ? 2 : undefined;
}

/** The functions the analyzer gives the session time zone (Spark's TimeZoneAwareExpression among them). */
export function isZoneAwareFunction(name: string): boolean {
  return (
    Object.hasOwn(WALL_CLOCK_ARGS, name) || Object.hasOwn(INSTANT_ARGS, name) || FROM_WALL_CLOCK.has(name)
  );
}

const atomic = (t: DataType | undefined) => (t instanceof AtomicType ? t.name : undefined);

export interface ZonedCall {
  readonly call: Extract<Expression, { kind: "call" }>;
  /** Whether the argument at a position is a TIMESTAMP_NTZ (which has no zone). */
  readonly isNtz: (i: number) => boolean;
  readonly typeOf?: (sql: string) => DataType;
}

/** The arguments of a zone-aware call, compiled, adjusted to the session zone before the function's SQL. */
export function zonedArguments(z: ZonedCall, args: readonly string[], timeZone: string): string[] {
  const name = z.call.name;
  const typeOf = z.typeOf;
  if (!typeOf || isUtc(timeZone)) return [...args];
  const wallClock = WALL_CLOCK_ARGS[name] ?? [];
  const instant = INSTANT_ARGS[name] ?? [];
  return args.map((sql, i) => {
    if (!wallClock.includes(i) && !instant.includes(i)) return sql;
    const type = typeOf(sql);
    const kind = atomic(type);
    // A string read as an instant in the session zone (Spark's implicit cast to TIMESTAMP).
    const asInstant =
      kind === "string" && (instant.includes(i) || !DATE_PARAMS.has(name))
        ? castSql(sql, StringType, TimestampType, "ANSI", timeZone)
        : kind === "timestamp" && !z.isNtz(i)
          ? sql
          : undefined;
    if (asInstant === undefined) return sql;
    return wallClock.includes(i) ? ltzToNtzSql(asInstant, timeZone) : asInstant;
  });
}

/** Functions whose wall-clock parameter is a DATE: a string argument is read as a date, with no zone. */
const DATE_PARAMS = new Set([
  "year",
  "quarter",
  "month",
  "day",
  "dayofmonth",
  "dayofweek",
  "weekday",
  "dayofyear",
  "dayname",
  "monthname",
  "weekofyear",
  "last_day",
  "next_day",
  "date_add",
  "date_sub",
  "datediff",
  "date_diff",
  "add_months",
  "trunc",
  "to_date",
  "try_to_date",
  "unix_date",
  "to_timestamp_ntz",
  "try_to_timestamp_ntz",
]);

/** Whether a Spark datetime pattern reads a zone or offset (then the parsed instant needs no session zone). */
function patternHasZone(e: Expression | undefined): boolean {
  if (e?.kind !== "literal" || typeof e.value !== "string") return false;
  const unquoted = e.value.replace(/'[^']*'/g, "");
  return /[VzOXxZ]/.test(unquoted);
}

/** The result of a zone-aware call, adjusted to the session zone after the function's SQL. */
export function zonedResult(z: ZonedCall, args: readonly string[], sql: string, timeZone: string): string {
  const name = z.call.name;
  if (!FROM_WALL_CLOCK.has(name) || !z.typeOf || isUtc(timeZone)) return sql;
  const raw = z.call.args;
  const typeOf = z.typeOf;
  const argType = (i: number) => (args[i] === undefined ? undefined : atomic(typeOf(args[i])));
  switch (name) {
    case "make_timestamp":
    case "make_timestamp_ltz":
    case "try_make_timestamp":
    case "try_make_timestamp_ltz":
      return args.length === 7 ? sql : ntzToLtzSql(sql, timeZone);
    case "to_timestamp":
    case "try_to_timestamp": {
      if (args.length === 2) return patternHasZone(raw[1]) ? sql : ntzToLtzSql(sql, timeZone);
      const kind = argType(0);
      if (kind === "string")
        return `(CASE WHEN ${stringHasZoneSql(args[0])} THEN ${sql} ELSE ${ntzToLtzSql(sql, timeZone)} END)`;
      if (kind === "date" || (kind === "timestamp" && z.isNtz(0))) return ntzToLtzSql(sql, timeZone);
      return sql;
    }
    case "unix_timestamp":
    case "to_unix_timestamp": {
      if (args.length === 0) return sql;
      const kind = argType(0);
      if (kind === "timestamp") return sql;
      if (args.length === 2 && patternHasZone(raw[1])) return sql;
      if (kind === "string" && args.length === 1)
        return `(CASE WHEN ${stringHasZoneSql(args[0])} THEN ${sql} ELSE ${secondsOfWallClock(sql, timeZone)} END)`;
      return secondsOfWallClock(sql, timeZone);
    }
    case "timestamp_add":
    case "timestampadd":
    case "dateadd":
      return calendarAdd(z, args) !== undefined ? ntzToLtzSql(sql, timeZone) : sql;
    case "date_trunc":
      return argType(1) === "timestamp" && z.isNtz(1) ? sql : ntzToLtzSql(sql, timeZone);
    default:
      return sql;
  }
}

/** Seconds since the epoch of a wall clock (given as its seconds read in UTC) read in the session zone. */
function secondsOfWallClock(seconds: string, timeZone: string): string {
  const micros = `(CAST(${seconds} AS BIGINT) * 1000000)`;
  return `CAST((${micros} - ${zoneOffsetMicrosSql(zoneOf(timeZone), micros, true)}) // 1000000 AS BIGINT)`;
}

/**
 * date_trunc and from_unixtime: their argument becomes the wall clock before the function's SQL (date_trunc's
 * result is read back in the zone by zonedResult's caller).
 */
export function zonedSpecialArguments(z: ZonedCall, args: readonly string[], timeZone: string): string[] {
  const typeOf = z.typeOf;
  if (!typeOf || isUtc(timeZone)) return [...args];
  if (z.call.name === "date_trunc" && args.length === 2) {
    const kind = atomic(typeOf(args[1]));
    if (kind === "timestamp" && z.isNtz(1)) return [...args];
    const instant =
      kind === "string"
        ? castSql(args[1], StringType, TimestampType, "ANSI", timeZone)
        : kind === "date"
          ? ntzToLtzSql(`CAST(${args[1]} AS TIMESTAMP)`, timeZone)
          : args[1];
    return [args[0], ltzToNtzSql(instant, timeZone)];
  }
  if (calendarAdd(z, args) !== undefined) return [args[0], args[1], ltzToNtzSql(args[2], timeZone)];
  if (z.call.name === "from_unixtime" && args.length >= 1) {
    const zone = zoneOf(timeZone);
    const micros = `(CAST(${args[0]} AS BIGINT) * 1000000)`;
    return [`((${micros} + ${zoneOffsetMicrosSql(zone, micros)}) // 1000000)`, ...args.slice(1)];
  }
  return [...args];
}
