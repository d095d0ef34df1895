/**
 * Spark's date and time functions as DuckDB SQL (the session time zone is UTC; Java datetime patterns become
 * strftime patterns), and the event-time window functions (TimeWindowing.ts).
 */

import { quoteString } from "../../duckdb/DuckDB";
import { unsupportedInSluice } from "../../errors/QueryExecutionErrors";
import {
  sessionGapUsSql,
  sessionNumberSql,
  sessionStartFlagSql,
  sessionWindowSql,
  timeWindowSpec,
  timeWindowSql,
} from "../analysis/TimeWindowing";
import type { Expression } from "../expressions";
import { AtomicType, type DataType, StructType } from "../types";
import { ntzToLtzSql } from "./castSql";
import { javaToStrftime } from "./datetimeFormat";
import {
  ANY,
  D,
  type FunctionSpec,
  fn,
  I,
  literalString,
  N,
  nullary,
  partially,
  S,
  sqlOf,
  TS,
} from "./functionSpecs";
import { TIME_ZONE_NOTE, zoneArgumentOffsetSql } from "./timeZones";

/** A Spark datetime pattern argument as a strftime pattern (translated when it is a literal). */
function strftimePattern(raw: readonly Expression[], index: number): string {
  const literal = literalString(raw[index]);
  if (literal === undefined) throw unsupportedInSluice("A datetime pattern that is not a string literal");
  return quoteString(javaToStrftime(literal));
}

/** from_utc_timestamp / to_utc_timestamp of `ts` in the zone `tz` (a literal, or any string per row). */
function utcShift(ts: string, tzSql: string, tz: Expression | undefined, direction: "from" | "to"): string {
  const micros = `epoch_us(${ts})`;
  return direction === "from"
    ? `make_timestamp(${micros} + ${zoneArgumentOffsetSql(tz, tzSql, micros)})`
    : `make_timestamp(${micros} - ${zoneArgumentOffsetSql(tz, tzSql, micros, true)})`;
}

/** Spark's ToDate: a string read as Spark reads dates (or with a format), any other value cast. */
const TO_DATE: FunctionSpec = {
  sql: (a, raw, _d, typeOf) => {
    if (a.length === 1) {
      const type = typeOf?.(a[0]);
      return type instanceof AtomicType && type.name === "string"
        ? `CAST(CAST(CAST(${a[0]} AS TIMESTAMPTZ) AS TIMESTAMP) AS DATE)`
        : `CAST(${a[0]} AS DATE)`;
    }
    return `CAST(strptime(${a[0]}, ${strftimePattern(raw, 1)}) AS DATE)`;
  },
  minArgs: 1,
  maxArgs: 2,
};

/** A wall clock read in the zone of `tz` (a literal), as MakeTimestamp's timezone argument; as it is without one. */
function inZone(wallClock: string, tz: Expression | undefined): string {
  if (tz === undefined) return wallClock;
  if (tz.kind === "literal" && tz.value === null) return "CAST(NULL AS TIMESTAMP)";
  const id = literalString(tz);
  if (id === undefined) throw unsupportedInSluice("make_timestamp with a time zone that is not a literal");
  return ntzToLtzSql(wallClock, id);
}

function makeTimestampSql(a: readonly string[]): string {
  return `make_timestamp(CAST(${a[0]} AS BIGINT), CAST(${a[1]} AS BIGINT), CAST(${a[2]} AS BIGINT), CAST(${a[3]} AS BIGINT), CAST(${a[4]} AS BIGINT), CAST(${a[5]} AS DOUBLE))`;
}

export const DATETIME_FUNCTIONS: Record<string, FunctionSpec> = {
  // ---- dates and times. ComputeCurrentTime makes the current-time functions literals before a plan compiles;
  // these are for expressions it does not reach (DuckDB-WASM has no cast of TIMESTAMPTZ to DATE).
  current_timestamp: nullary("CAST(get_current_timestamp() AS TIMESTAMP)"),
  current_date: nullary("CAST(CAST(get_current_timestamp() AS TIMESTAMP) AS DATE)"),
  // The session time zone's wall-clock time, typed TIMESTAMP_NTZ (ComputeCurrentTime).
  localtimestamp: nullary("CAST(get_current_timestamp() AS TIMESTAMP)"),
  current_timezone: nullary("'UTC'"),
  year: fn("year", [D]),
  quarter: fn("quarter", [D]),
  month: fn("month", [D]),
  dayofmonth: fn("day", [D]),
  day: fn("day", [D]),
  dayofweek: sqlOf((a) => `(dayofweek(${a[0]}) + 1)`, [D]),
  weekday: sqlOf((a) => `(isodow(${a[0]}) - 1)`, [D]),
  dayofyear: fn("dayofyear", [D]),
  dayname: sqlOf((a) => `strftime(${a[0]}, '%a')`, [D]),
  monthname: sqlOf((a) => `strftime(${a[0]}, '%b')`, [D]),
  // The first date after `start` on the given day of the week (SU, SUN or SUNDAY; any case).
  next_day: partially(
    sqlOf(
      (a) => {
        const day = `list_position(['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'], left(upper(trim(${a[1]})), 2))`;
        const known = `upper(trim(${a[1]})) IN ('SU', 'SUN', 'SUNDAY', 'MO', 'MON', 'MONDAY', 'TU', 'TUE', 'TUESDAY', 'WE', 'WED', 'WEDNESDAY', 'TH', 'THU', 'THURSDAY', 'FR', 'FRI', 'FRIDAY', 'SA', 'SAT', 'SATURDAY')`;
        return `(CASE WHEN ${known} THEN CAST(${a[0]} AS DATE) + CAST(((${day} - 1 - dayofweek(${a[0]}) + 6) % 7 + 1) AS INTEGER) END)`;
      },
      [D, S],
    ),
    "an unknown day name is null, where Spark's ANSI mode raises ILLEGAL_DAY_OF_WEEK",
  ),
  // Whole months where the days of month match (or both are month ends), else a fraction of 31-day months.
  months_between: sqlOf(
    (a) => {
      const months = `((year(${a[0]}) - year(${a[1]})) * 12 + month(${a[0]}) - month(${a[1]}))`;
      const secondOfDay = (x: string) => `(epoch_us(${x}) - epoch_us(date_trunc('day', ${x}))) / 1000000`;
      const sameDay = `day(${a[0]}) = day(${a[1]}) OR (day(${a[0]}) = day(last_day(${a[0]})) AND day(${a[1]}) = day(last_day(${a[1]})))`;
      const fraction = `((day(${a[0]}) - day(${a[1]})) * 86400 + ${secondOfDay(a[0])} - ${secondOfDay(a[1])}) / 2678400.0`;
      const raw = `CAST(${months} AS DOUBLE) + ${fraction}`;
      const rounded =
        a[2] === undefined ? `round(${raw}, 8)` : `(CASE WHEN ${a[2]} THEN round(${raw}, 8) ELSE ${raw} END)`;
      return `(CASE WHEN ${sameDay} THEN CAST(${months} AS DOUBLE) ELSE ${rounded} END)`;
    },
    [TS, TS, "boolean"],
    2,
    3,
  ),
  weekofyear: fn("weekofyear", [D]),
  hour: fn("hour", [TS]),
  minute: fn("minute", [TS]),
  second: sqlOf((a) => `CAST(second(${a[0]}) AS INTEGER)`, [TS]),
  date_format: {
    sql: (a, raw) => `strftime(${a[0]}, ${strftimePattern(raw, 1)})`,
    minArgs: 2,
    maxArgs: 2,
    inputTypes: [TS, S],
  },
  // Spark 4 (ANSI) fails on text that is no timestamp; try_to_timestamp gives null instead.
  to_timestamp: { ...toTimestamp(false), minArgs: 1, maxArgs: 2 },
  try_to_timestamp: { ...toTimestamp(true), minArgs: 1, maxArgs: 2 },
  to_date: TO_DATE,
  // Spark's TryToDate: to_date, with text that is no date (or no date in the format) null instead of an error.
  try_to_date: { ...TO_DATE, sql: (...args) => `try(${TO_DATE.sql(...args)})` },
  unix_timestamp: {
    sql: (a, raw) =>
      a.length === 0
        ? // epoch() of DuckDB-WASM's TIMESTAMPTZ kills the worker; of a TIMESTAMP it is fine.
          "CAST(floor(epoch(CAST(get_current_timestamp() AS TIMESTAMP))) AS BIGINT)"
        : a.length === 1
          ? `CAST(epoch(CAST(${a[0]} AS TIMESTAMP)) AS BIGINT)`
          : `CAST(epoch(try_strptime(${a[0]}, ${strftimePattern(raw, 1)})) AS BIGINT)`,
    minArgs: 0,
    maxArgs: 2,
  },
  to_unix_timestamp: {
    sql: (a, raw) =>
      a.length === 1
        ? `CAST(epoch(CAST(${a[0]} AS TIMESTAMP)) AS BIGINT)`
        : `CAST(epoch(try_strptime(${a[0]}, ${strftimePattern(raw, 1)})) AS BIGINT)`,
    minArgs: 1,
    maxArgs: 2,
  },
  from_unixtime: {
    sql: (a, raw) =>
      `strftime(CAST(to_timestamp(${a[0]}) AS TIMESTAMP), ${a.length > 1 ? strftimePattern(raw, 1) : "'%Y-%m-%d %H:%M:%S'"})`,
    minArgs: 1,
    maxArgs: 2,
    inputTypes: [N, S],
  },
  // The instant read in UTC shown as the wall-clock time of a zone, and back (Spark's FromUTCTimestamp and
  // ToUTCTimestamp); DuckDB-WASM has no time-zone database of its own, so offsets come from timeZones.ts.
  from_utc_timestamp: partially(
    sqlOf((a, raw) => utcShift(a[0], a[1], raw[1], "from"), [TS, S]),
    TIME_ZONE_NOTE,
  ),
  to_utc_timestamp: partially(
    sqlOf((a, raw) => utcShift(a[0], a[1], raw[1], "to"), [TS, S]),
    TIME_ZONE_NOTE,
  ),
  timestamp_seconds: sqlOf((a) => `CAST(to_timestamp(${a[0]}) AS TIMESTAMP)`, [N]),
  timestamp_millis: sqlOf((a) => `make_timestamp(CAST(${a[0]} AS BIGINT) * 1000)`, [I]),
  timestamp_micros: sqlOf((a) => `make_timestamp(CAST(${a[0]} AS BIGINT))`, [I]),
  // Whole seconds, rounded down (Spark's floorDiv of the microseconds), where DuckDB's epoch() rounds.
  unix_seconds: sqlOf((a) => `CAST(floor(epoch_us(${a[0]}) / 1000000) AS BIGINT)`, [TS]),
  unix_millis: sqlOf((a) => `epoch_ms(${a[0]})`, [TS]),
  unix_micros: sqlOf((a) => `epoch_us(${a[0]})`, [TS]),
  unix_date: sqlOf((a) => `CAST(datediff('day', DATE '1970-01-01', ${a[0]}) AS INTEGER)`, [D]),
  date_from_unix_date: sqlOf(
    (a) => `CAST(DATE '1970-01-01' + to_days(CAST(${a[0]} AS INTEGER)) AS DATE)`,
    [I],
  ),
  date_trunc: sqlOf((a) => `date_trunc(lower(${a[0]}), ${a[1]})`, [S, TS]),
  trunc: sqlOf((a) => `CAST(date_trunc(lower(${a[1]}), ${a[0]}) AS DATE)`, [D, S]),
  date_add: sqlOf((a) => `CAST(${a[0]} + to_days(CAST(${a[1]} AS INTEGER)) AS DATE)`, [D, I]),
  date_sub: sqlOf((a) => `CAST(${a[0]} - to_days(CAST(${a[1]} AS INTEGER)) AS DATE)`, [D, I]),
  datediff: sqlOf((a) => `CAST(datediff('day', ${a[1]}, ${a[0]}) AS INTEGER)`, [D, D]),
  add_months: sqlOf((a) => `CAST(${a[0]} + to_months(CAST(${a[1]} AS INTEGER)) AS DATE)`, [D, I]),
  last_day: fn("last_day", [D]),
  make_date: sqlOf(
    (a) => `make_date(CAST(${a[0]} AS BIGINT), CAST(${a[1]} AS BIGINT), CAST(${a[2]} AS BIGINT))`,
    [I, I, I],
  ),
  // The fields are a wall clock in the seventh argument's zone, else in the session time zone (sessionTimeZone.ts).
  make_timestamp: sqlOf((a, raw) => inZone(makeTimestampSql(a), raw[6]), [I, I, I, I, I, N, S], 6, 7),
  // Spark 4's TryMakeTimestamp: fields that make no timestamp (month 13, second 61) give null, not an error.
  try_make_timestamp: sqlOf(
    (a, raw) => inZone(`try(${makeTimestampSql(a)})`, raw[6]),
    [I, I, I, I, I, N, S],
    6,
    7,
  ),

  // ---- event-time windows (TimeWindowing.ts): a struct {start, end} per window containing the row
  // A window struct as the time column (an aggregation's window, windowed again) stands for its window_time.
  window: {
    sql: (a, raw, _d, typeOf) =>
      timeWindowSql(isWindowStruct(typeOf?.(a[0])) ? windowTimeSql(a[0]) : a[0], timeWindowSpec(raw)),
    minArgs: 2,
    maxArgs: 4,
  },
  // The event time of a window's rows: its end less a microsecond, as Spark's window_time.
  window_time: sqlOf((a) => windowTimeSql(a[0]), [ANY]),
  // Session windows are computed in three projections below the aggregation (TimeWindowing.ts).
  __session_gap_us: { sql: sessionGapUsSql, minArgs: 1, maxArgs: 1 },
  __session_start_flag: { sql: sessionStartFlagSql, minArgs: 2, maxArgs: Number.POSITIVE_INFINITY },
  __session_number: { sql: sessionNumberSql, minArgs: 2, maxArgs: Number.POSITIVE_INFINITY },
  __session_window: { sql: sessionWindowSql, minArgs: 3, maxArgs: Number.POSITIVE_INFINITY },
};

function toTimestamp(lenient: boolean): Omit<FunctionSpec, "minArgs" | "maxArgs"> {
  const cast = lenient ? "TRY_CAST" : "CAST";
  return {
    sql: (a, raw, _d, typeOf) => {
      if (a.length === 2)
        return `CAST(${lenient ? "try_strptime" : "strptime"}(${a[0]}, ${strftimePattern(raw, 1)}) AS TIMESTAMP)`;
      const type = typeOf?.(a[0]);
      if (type instanceof AtomicType && type.isNumeric()) return `CAST(to_timestamp(${a[0]}) AS TIMESTAMP)`;
      if (type instanceof AtomicType && type.name !== "string") return `CAST(${a[0]} AS TIMESTAMP)`;
      // Through TIMESTAMPTZ so that an offset ("+02:00", "Z") is honoured; UTC otherwise.
      return `${cast}(${cast}(${a[0]} AS TIMESTAMPTZ) AS TIMESTAMP)`;
    },
  };
}

/** Spark's window_time of a window struct: its end less a microsecond. */
function windowTimeSql(windowSql: string): string {
  return `((${windowSql})."end" - INTERVAL 1 MICROSECOND)`;
}

/** A `{start, end}` struct, as `window()` and `session_window()` make. */
function isWindowStruct(type: DataType | undefined): boolean {
  return (
    type instanceof StructType &&
    type.fields.length === 2 &&
    type.fields[0].name === "start" &&
    type.fields[1].name === "end"
  );
}
