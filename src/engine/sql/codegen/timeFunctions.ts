/**
 * Spark's datetime functions added for issue 11, as DuckDB SQL: convert_timezone (ConvertTimezone), extract and
 * date_part (Extract, DatePart: Spark's field names and their synonyms), timestamp_add and timestamp_diff
 * (TimestampAdd, TimestampDiff: SQL's TIMESTAMPADD and TIMESTAMPDIFF). A TIMESTAMP's wall clock is read in UTC;
 * time-zone offsets come from timeZones.ts.
 */
import { invalidExtractField, nonFoldableArgument } from "../../errors/QueryCompilationErrors";
import { unsupportedInSluice } from "../../errors/QueryExecutionErrors";
import { expressionSql } from "../analysis/naming";
import type { InputType } from "../analysis/typeCoercion";
import type { Expression } from "../expressions";
import { type DataType, isIntervalType } from "../types";
import { DATETIME_FUNCTIONS } from "./datetimeFunctions";
import { type FunctionSpec, I, literalString, partially, S, sqlOf, TS } from "./functionSpecs";
import { TIME_ZONE_NOTE, zoneArgumentOffsetSql } from "./timeZones";

/** The note of to_timestamp_ntz: a TIMESTAMP argument's wall clock is read in UTC, not the session time zone. */
export const NTZ_NOTE =
  "a TIMESTAMP argument gives its UTC wall clock, where Spark's gives its wall clock in the session time zone (CAST(ts AS TIMESTAMP_NTZ) reads the session time zone)";

const TS_OR_INTERVAL: InputType = "timestampOrInterval";

/**
 * ConvertTimezone: the wall-clock time `ts` of `source` as the wall-clock time of `target` at that instant
 * (DateTimeUtils.convertTimestampNtzToAnotherTz: a time in a gap moves forward, one in an overlap takes the
 * earlier offset). The two-argument form reads `current_timezone()` as the source, as Spark's builder adds it.
 * Either zone may be a literal or any string per row; a null zone gives null.
 */
function convertTimezoneSql(a: string[], raw: readonly Expression[]): string {
  const local = `epoch_us(${a[2]})`;
  const instant = `(${local} - ${zoneArgumentOffsetSql(raw[0], a[0], local, true)})`;
  return `make_timestamp(${instant} + ${zoneArgumentOffsetSql(raw[1], a[1], instant)})`;
}

/** Spark's extract fields (DatePart.parseExtractField) by every name it accepts, upper case. */
const EXTRACT_FIELDS: Readonly<Record<string, (x: string) => string>> = {};
function field(names: string, sql: (x: string) => string): void {
  for (const name of names.split(" ")) (EXTRACT_FIELDS as Record<string, (x: string) => string>)[name] = sql;
}
const int = (sql: string) => `CAST(${sql} AS INTEGER)`;
field("YEAR Y YEARS YR YRS", (x) => int(`year(${x})`));
field("YEAROFWEEK", (x) => int(`isoyear(${x})`));
field("QUARTER QTR", (x) => int(`quarter(${x})`));
field("MONTH MON MONS MONTHS", (x) => int(`month(${x})`));
field("WEEK W WEEKS", (x) => int(`weekofyear(${x})`));
field("DAY D DAYS", (x) => int(`day(${x})`));
field("DAYOFWEEK DOW", (x) => int(`(dayofweek(${x}) + 1)`));
field("DAYOFWEEK_ISO DOW_ISO", (x) => int(`isodow(${x})`));
field("DOY", (x) => int(`dayofyear(${x})`));
field("HOUR H HOURS HR HRS", (x) => int(`hour(${x})`));
field("MINUTE M MIN MINS MINUTES", (x) => int(`minute(${x})`));
// SecondWithFraction: seconds and microseconds as DECIMAL(8, 6).
field(
  "SECOND S SEC SECONDS SECS",
  (x) => `CAST(CAST(microsecond(${x}) AS DECIMAL(18, 6)) / 1000000 AS DECIMAL(8, 6))`,
);

/**
 * Spark's fields of an interval (ExtractIntervalPart, ExtractANSIIntervalYears, ... Days, Hours, Minutes, Seconds)
 * by every name it accepts: a year-month interval's years and months, a day-time interval's days, hours, minutes
 * and seconds (DECIMAL(8, 6)), signed as the interval is. DuckDB's INTERVAL keeps months apart from days and
 * microseconds, so each part reads the kind it belongs to.
 */
const INTERVAL_FIELDS: Readonly<Record<string, (x: string) => string>> = {};
function intervalField(names: string, sql: (x: string) => string): void {
  for (const name of names.split(" ")) (INTERVAL_FIELDS as Record<string, (x: string) => string>)[name] = sql;
}
const months = (x: string) => `(datepart('year', ${x}) * 12 + datepart('month', ${x}))`;
/** The microseconds of the days and time of an interval (a day is 24 hours), without its months. */
const dayTimeMicros = (x: string) => `(epoch_us(${x}) - CAST(${months(x)} AS BIGINT) * 2592000000000)`;
intervalField("YEAR Y YEARS YR YRS", (x) => `CAST(${months(x)} // 12 AS INTEGER)`);
intervalField("MONTH MON MONS MONTHS", (x) => `CAST(${months(x)} % 12 AS TINYINT)`);
intervalField("DAY D DAYS", (x) => `CAST(${dayTimeMicros(x)} // 86400000000 AS INTEGER)`);
intervalField(
  "HOUR H HOURS HR HRS",
  (x) => `CAST(${dayTimeMicros(x)} % 86400000000 // 3600000000 AS TINYINT)`,
);
intervalField(
  "MINUTE M MIN MINS MINUTES",
  (x) => `CAST(${dayTimeMicros(x)} % 3600000000 // 60000000 AS TINYINT)`,
);
intervalField(
  "SECOND S SEC SECONDS SECS",
  (x) => `CAST(CAST(${dayTimeMicros(x)} % 60000000 AS DECIMAL(18, 6)) / 1000000 AS DECIMAL(8, 6))`,
);

/** Extract / DatePart: the field must be a string literal Spark knows; a null field is a null DOUBLE. */
function extractSql(
  fn: string,
  a: string[],
  raw: readonly Expression[],
  typeOf?: (sql: string) => DataType,
): string {
  const f = raw[0];
  if (f?.kind === "literal" && f.value === null) return "CAST(NULL AS DOUBLE)";
  const name = literalString(f);
  if (name === undefined) throw nonFoldableArgument(fn, "field", "STRING");
  const interval = isIntervalType(typeOf?.(a[1]));
  const sql = (interval ? INTERVAL_FIELDS : EXTRACT_FIELDS)[name.toUpperCase()];
  if (!sql) throw invalidExtractField(name, raw[1] ? expressionSql(raw[1]) : "");
  return sql(a[1]);
}

/** The units of TIMESTAMPADD and TIMESTAMPDIFF (DateTimeUtils' timestampAdd and timestampDiff), in microseconds where fixed. */
const FIXED_UNITS: Readonly<Record<string, number>> = {
  MICROSECOND: 1,
  MILLISECOND: 1000,
  SECOND: 1_000_000,
  MINUTE: 60_000_000,
  HOUR: 3_600_000_000,
};
const CALENDAR_UNITS: Readonly<Record<string, { readonly months?: number; readonly days?: number }>> = {
  DAY: { days: 1 },
  DAYOFYEAR: { days: 1 },
  WEEK: { days: 7 },
  MONTH: { months: 1 },
  QUARTER: { months: 3 },
  YEAR: { months: 12 },
};
const DATETIME_UNITS = [...Object.keys(FIXED_UNITS), ...Object.keys(CALENDAR_UNITS)];

function unitOf(e: Expression | undefined, fn: string): string {
  const unit = literalString(e)?.toUpperCase();
  if (unit === undefined || !DATETIME_UNITS.includes(unit))
    throw unsupportedInSluice(`${fn} with the unit ${e ? expressionSql(e) : ""}`);
  return unit;
}

/** TimestampAdd (DateTimeUtils.timestampAdd): fixed units add to the instant, calendar units to the local date. */
function timestampAddSql(a: string[], raw: readonly Expression[]): string {
  const unit = unitOf(raw[0], "timestampadd");
  const q = `CAST(${a[1]} AS BIGINT)`;
  if (unit in FIXED_UNITS) return `make_timestamp(epoch_us(${a[2]}) + ${q} * ${FIXED_UNITS[unit]})`;
  const { months, days } = CALENDAR_UNITS[unit];
  return months
    ? `CAST(${a[2]} + to_months(CAST(${q} * ${months} AS INTEGER)) AS TIMESTAMP)`
    : `CAST(${a[2]} + to_days(CAST(${q} * ${days} AS INTEGER)) AS TIMESTAMP)`;
}

/**
 * TimestampDiff (DateTimeUtils.timestampDiff): java.time's ChronoUnit.between of the local date-times, whole
 * units towards zero; for calendar units the end date moves a day towards the start when its time of day has not
 * reached the start's (LocalDateTime.until), then months count as LocalDate.until counts them.
 */
function timestampDiffSql(a: string[], raw: readonly Expression[]): string {
  const unit = unitOf(raw[0], "timestampdiff");
  const [start, end] = [a[1], a[2]];
  const us = (x: string) => `epoch_us(${x})`;
  if (unit in FIXED_UNITS) {
    const diff = `(${us(end)} - ${us(start)})`;
    return FIXED_UNITS[unit] === 1 ? diff : `(${diff} // ${FIXED_UNITS[unit]})`;
  }
  const date = (x: string) => `CAST(${x} AS DATE)`;
  const timeOfDay = (x: string) => `(${us(x)} - epoch_us(date_trunc('day', ${x})))`;
  const [sd, ed, st, et] = [date(start), date(end), timeOfDay(start), timeOfDay(end)];
  const endDate = `(CASE WHEN ${ed} > ${sd} AND ${et} < ${st} THEN ${ed} - 1 WHEN ${ed} < ${sd} AND ${et} > ${st} THEN ${ed} + 1 ELSE ${ed} END)`;
  const { months, days } = CALENDAR_UNITS[unit];
  if (days) return `(datediff('day', ${sd}, ${endDate}) // ${days})`;
  const packed = (d: string) => `((year(${d}) * 12 + month(${d}) - 1) * 32 + day(${d}))`;
  return `CAST((${packed(endDate)} - ${packed(sd)}) // 32 // ${months} AS BIGINT)`;
}

export const TIME_FUNCTIONS: Record<string, FunctionSpec> = {
  convert_timezone: partially(sqlOf(convertTimezoneSql, [S, S, TS]), TIME_ZONE_NOTE),
  // A field of the other interval kind is refused before these run (expressionCompiler's checkIntervalExtract).
  extract: sqlOf((a, raw, typeOf) => extractSql("extract", a, raw, typeOf), [S, TS_OR_INTERVAL]),
  date_part: sqlOf((a, raw, typeOf) => extractSql("date_part", a, raw, typeOf), [S, TS_OR_INTERVAL]),
  timestampadd: sqlOf(timestampAddSql, [S, I, TS]),
  timestampdiff: sqlOf(timestampDiffSql, [S, TS, TS]),
  // Spark's TIMESTAMP_NTZ versions: the same wall-clock values, typed TIMESTAMP_NTZ (timestampNtz.ts).
  to_timestamp_ntz: partially(DATETIME_FUNCTIONS.to_timestamp, NTZ_NOTE),
  // Six fields, no time zone (Spark's MakeTimestampNTZ takes none).
  make_timestamp_ntz: { ...DATETIME_FUNCTIONS.make_timestamp, maxArgs: 6 },
  try_make_timestamp_ntz: { ...DATETIME_FUNCTIONS.try_make_timestamp, maxArgs: 6 },
};
