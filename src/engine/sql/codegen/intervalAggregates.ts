/**
 * Spark's sum, avg, try_sum and try_avg over ANSI intervals (Sum and Average with interval inputs): the sum keeps
 * the input's type, the average is the whole range of its kind (`interval day to second`, `interval year to
 * month`) rounded half up; an overflow is INTERVAL_ARITHMETIC_OVERFLOW, and null for the try_ forms. Sums are
 * counted in the interval's microseconds or months as 128-bit integers, so that an overflow is seen and not
 * wrapped. Streaming aggregation keeps the same count and the number of values as its buffers
 * (state/aggregateBuffers.ts).
 */
import { intervalArithmeticOverflowSql } from "../../errors/QueryExecutionErrors";
import { type DataType, DayTimeIntervalType, YearMonthIntervalType } from "../types";
import { dtMicros, ymMonths } from "./intervalCasts";

/** The aggregates this file compiles over intervals. */
export const INTERVAL_AGGREGATES = new Set(["sum", "avg", "mean", "try_sum", "try_avg"]);

type AnsiInterval = DayTimeIntervalType | YearMonthIntervalType;

export const isAnsiIntervalType = (t: DataType | undefined): t is AnsiInterval =>
  t instanceof DayTimeIntervalType || t instanceof YearMonthIntervalType;

/** The result type of `name` over an interval of `type` (Sum keeps it, Average widens it). */
export function intervalAggregateType(name: string, type: AnsiInterval): DataType {
  if (name === "sum" || name === "try_sum") return type;
  return type instanceof DayTimeIntervalType
    ? new DayTimeIntervalType(0, 3)
    : new YearMonthIntervalType(0, 1);
}

/** An interval's count of its unit (microseconds or months), as a 128-bit integer. */
export function intervalUnitsSql(x: string, type: AnsiInterval): string {
  return `CAST(${type instanceof DayTimeIntervalType ? dtMicros(x) : ymMonths(x)} AS HUGEINT)`;
}

/**
 * The interval of `units` (a sum, or an average's sum and count), where it fits the interval's range: else
 * Spark's overflow error, or null for try_sum and try_avg.
 */
export function intervalFromUnitsSql(name: string, type: AnsiInterval, sum: string, count?: string): string {
  const tryForm = name.startsWith("try_");
  const value =
    count === undefined
      ? sum
      : // LongMath.divide / IntMath.divide with HALF_UP: half away from zero.
        `(sign(${sum}) * ((abs(${sum}) * 2 + ${count}) // (2 * ${count})))`;
  const dayTime = type instanceof DayTimeIntervalType;
  const [min, max] = dayTime
    ? ["-9223372036854775808", "9223372036854775807"]
    : ["-2147483648", "2147483647"];
  const make = dayTime ? `to_microseconds(CAST(${value} AS BIGINT))` : `to_months(CAST(${value} AS INTEGER))`;
  const fail = tryForm ? "NULL" : intervalArithmeticOverflowSql("try_add");
  const empty = count === undefined ? `${sum} IS NULL` : `${count} = 0 OR ${sum} IS NULL`;
  return `(CASE WHEN ${empty} THEN NULL WHEN ${sum} BETWEEN ${min} AND ${max} THEN ${make} ELSE ${fail} END)`;
}

/** `name(x)` over an interval of `type` as a DuckDB aggregate (over a window where `over` is its clause). */
export function intervalAggregateSql(
  name: string,
  x: string,
  type: AnsiInterval,
  distinct: boolean,
  over?: string,
): string {
  const d = distinct ? "DISTINCT " : "";
  const w = over === undefined ? "" : ` OVER (${over})`;
  const sum = `sum(${d}${intervalUnitsSql(x, type)})${w}`;
  if (name === "sum" || name === "try_sum") return intervalFromUnitsSql(name, type, sum);
  return intervalFromUnitsSql(name, type, sum, `count(${d}${x})${w}`);
}
