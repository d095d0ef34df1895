/**
 * Spark's interval constructors as DuckDB SQL: make_dt_interval (MakeDTInterval: days, hours, minutes and
 * DECIMAL(18, 6) seconds as an INTERVAL DAY TO SECOND), make_ym_interval (MakeYMInterval: years and months as an
 * INTERVAL YEAR TO MONTH), make_interval and try_make_interval (MakeInterval: Spark's legacy CalendarInterval of
 * months, days and microseconds). Missing arguments are zeros, and are in the call's name as Spark's defaults.
 */
import { arithmeticOverflowSql } from "../../errors/QueryExecutionErrors";
import { type FunctionSpec, N, partially, sqlOf } from "./functionSpecs";

/** Where Sluice's interval constructors fall short of Spark's. */
export const INTERVAL_NOTE =
  "an interval past 292 years (or a day-time interval of more than 106,751 days) cannot be read back: DuckDB hands intervals over as Arrow's month-day-nanosecond intervals; calendar intervals print as Spark's CalendarInterval text, and Python gets them as a dict";

/** The defaults Spark's builders add, as the call's name shows them: `make_dt_interval(1, 0, 0, 0.000000)`. */
export const INTERVAL_DEFAULTS: Readonly<Record<string, readonly string[]>> = {
  make_dt_interval: ["0", "0", "0", "0.000000"],
  make_ym_interval: ["0", "0"],
  make_interval: ["0", "0", "0", "0", "0", "0", "0.000000"],
  try_make_interval: ["0", "0", "0", "0", "0", "0", "0.000000"],
};

const arg = (a: string[], i: number, fallback = "0") => a[i] ?? fallback;
/** Whole units of an argument (Spark casts them to INT). */
const int = (x: string) => `CAST(${x} AS BIGINT)`;
/** Seconds with six decimals as microseconds; null where they do not fit DECIMAL(18, 6), as Spark's cast. */
const secondsMicros = (x: string) =>
  `CAST(CAST(TRY_CAST(${x} AS DECIMAL(18, 6)) AS DECIMAL(38, 6)) * 1000000 AS HUGEINT)`;

/** Whether a count leaves Spark's int, or long. */
const outOfInt = (x: string) => `${x} NOT BETWEEN -2147483648 AND 2147483647`;
const outOfLong = (x: string) => `${x} NOT BETWEEN -9223372036854775808 AND 9223372036854775807`;

/** ARITHMETIC_OVERFLOW where a sum leaves Spark's int (months, days) or long (microseconds). */
const overflow = arithmeticOverflowSql;

function dtIntervalSql(a: string[]): string {
  const micros = `(${int(arg(a, 0))}::HUGEINT * 86400000000 + ${int(arg(a, 1))}::HUGEINT * 3600000000 + ${int(arg(a, 2))}::HUGEINT * 60000000 + ${secondsMicros(arg(a, 3))})`;
  return `(CASE WHEN ${outOfLong(micros)} THEN ${overflow("long overflow")} ELSE to_microseconds(CAST(${micros} AS BIGINT)) END)`;
}

function ymIntervalSql(a: string[]): string {
  const months = `(${int(arg(a, 0))}::HUGEINT * 12 + ${int(arg(a, 1))})`;
  return `(CASE WHEN ${outOfInt(months)} THEN ${overflow("integer overflow")} ELSE to_months(CAST(${months} AS INTEGER)) END)`;
}

/** MakeInterval: null where the seconds do not fit, an error (or null for try_make_interval) where a sum overflows. */
function calendarIntervalSql(a: string[], tryMode: boolean): string {
  const months = `(${int(arg(a, 0))}::HUGEINT * 12 + ${int(arg(a, 1))})`;
  const days = `(${int(arg(a, 2))}::HUGEINT * 7 + ${int(arg(a, 3))})`;
  const micros = `(${int(arg(a, 4))}::HUGEINT * 3600000000 + ${int(arg(a, 5))}::HUGEINT * 60000000 + ${secondsMicros(arg(a, 6))})`;
  const overflows = `${outOfInt(months)} OR ${outOfInt(days)} OR ${outOfLong(micros)}`;
  const value = `(to_months(CAST(${months} AS INTEGER)) + to_days(CAST(${days} AS INTEGER)) + to_microseconds(CAST(${micros} AS BIGINT)))`;
  return `(CASE WHEN ${overflows} THEN ${tryMode ? "CAST(NULL AS INTERVAL)" : overflow("integer overflow")} ELSE ${value} END)`;
}

export const INTERVAL_FUNCTIONS: Record<string, FunctionSpec> = {
  make_dt_interval: partially(sqlOf(dtIntervalSql, [N, N, N, N], 0, 4), INTERVAL_NOTE),
  make_ym_interval: sqlOf(ymIntervalSql, [N, N], 0, 2),
  make_interval: partially(
    sqlOf((a) => calendarIntervalSql(a, false), [N, N, N, N, N, N, N], 0, 7),
    INTERVAL_NOTE,
  ),
  try_make_interval: partially(
    sqlOf((a) => calendarIntervalSql(a, true), [N, N, N, N, N, N, N], 0, 7),
    INTERVAL_NOTE,
  ),
};
