/**
 * Interval values as rows carry them and as Spark prints them: Spark's CalendarInterval (months, days and
 * microseconds) and IntervalUtils' ANSI strings (`INTERVAL '1 02:03:04.001' DAY TO SECOND`, `INTERVAL '1-2' YEAR TO
 * MONTH`), which name interval literals and are what `show()` prints for the ANSI interval types.
 */
import {
  DAY_TIME_FIELDS,
  type DataType,
  DayTimeIntervalType,
  YEAR_MONTH_FIELDS,
  YearMonthIntervalType,
} from "./types";

export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
export const MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
export const MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

/** Spark's CalendarInterval: how rows carry a value of any interval type (DuckDB's INTERVAL has these parts). */
export class CalendarInterval {
  constructor(
    readonly months: number,
    readonly days: number,
    readonly microseconds: number,
  ) {}

  /** Spark's CalendarInterval.toString: "1 years 2 months 25 days 5 hours 6 minutes 7.008009 seconds". */
  toString(): string {
    if (this.months === 0 && this.days === 0 && this.microseconds === 0) return "0 seconds";
    const parts: string[] = [];
    const unit = (value: number, name: string) => {
      if (value !== 0) parts.push(`${value} ${name}`);
    };
    if (this.months !== 0) {
      unit(Math.trunc(this.months / 12), "years");
      unit(this.months % 12, "months");
    }
    unit(this.days, "days");
    if (this.microseconds !== 0) {
      let rest = this.microseconds;
      unit(Math.trunc(rest / MICROS_PER_HOUR), "hours");
      rest %= MICROS_PER_HOUR;
      unit(Math.trunc(rest / MICROS_PER_MINUTE), "minutes");
      rest %= MICROS_PER_MINUTE;
      if (rest !== 0) parts.push(`${decimalMicros(rest)} seconds`);
    }
    return parts.join(" ");
  }

  /** The microseconds of a day-time interval (a day is 24 hours, as Spark's DayTimeIntervalType counts). */
  get totalMicros(): number {
    return this.days * MICROS_PER_DAY + this.microseconds;
  }
}

/** `BigDecimal.valueOf(micros, 6).stripTrailingZeros.toPlainString`: 7008009 is "7.008009", 2000000 is "2". */
function decimalMicros(micros: number): string {
  const negative = micros < 0;
  const abs = Math.abs(micros);
  const whole = Math.trunc(abs / MICROS_PER_SECOND);
  const fraction = String(abs % MICROS_PER_SECOND)
    .padStart(6, "0")
    .replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** IntervalUtils.toDayTimeIntervalString in ANSI style: `INTERVAL '-0 23:00:59' DAY TO SECOND`. */
export function dayTimeIntervalString(micros: number, startField: number, endField: number): string {
  const from = DAY_TIME_FIELDS[startField].toUpperCase();
  const to = DAY_TIME_FIELDS[endField].toUpperCase();
  const postfix = `' ${startField === endField ? from : `${from} TO ${to}`}`;
  const sign = micros < 0 ? "-" : "";
  let rest = Math.abs(micros);
  const two = (n: number) => String(n).padStart(2, "0");
  const seconds = (r: number) => `${r < 10 * MICROS_PER_SECOND ? "0" : ""}${decimalMicros(r)}`;
  let text = sign;
  if (startField === 0) {
    text += String(Math.trunc(rest / MICROS_PER_DAY));
    rest %= MICROS_PER_DAY;
  } else if (startField === 1) {
    text += two(Math.trunc(rest / MICROS_PER_HOUR));
    rest %= MICROS_PER_HOUR;
  } else if (startField === 2) {
    text += two(Math.trunc(rest / MICROS_PER_MINUTE));
    rest %= MICROS_PER_MINUTE;
  } else {
    text += seconds(rest);
  }
  if (startField < 1 && endField >= 1) {
    text += ` ${two(Math.trunc(rest / MICROS_PER_HOUR))}`;
    rest %= MICROS_PER_HOUR;
  }
  if (startField < 2 && endField >= 2) {
    text += `:${two(Math.trunc(rest / MICROS_PER_MINUTE))}`;
    rest %= MICROS_PER_MINUTE;
  }
  if (startField < 3 && endField >= 3) text += `:${seconds(rest)}`;
  return `INTERVAL '${text}${postfix}`;
}

/** IntervalUtils.toYearMonthIntervalString in ANSI style: `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL '-11' MONTH`. */
export function yearMonthIntervalString(months: number, startField: number, endField: number): string {
  const sign = months < 0 ? "-" : "";
  const abs = Math.abs(months);
  const year = `${sign}${Math.trunc(abs / 12)}`;
  const from = YEAR_MONTH_FIELDS[startField].toUpperCase();
  if (startField === endField) return `INTERVAL '${startField === 0 ? year : months}' ${from}`;
  return `INTERVAL '${year}-${abs % 12}' ${from} TO ${YEAR_MONTH_FIELDS[endField].toUpperCase()}`;
}

/** An interval value as Spark's `show()` (ToPrettyString) prints a value of `type`. */
export function formatInterval(value: CalendarInterval, type: DataType | undefined): string {
  if (type instanceof DayTimeIntervalType)
    return dayTimeIntervalString(
      value.totalMicros + value.months * 30 * MICROS_PER_DAY,
      type.startField,
      type.endField,
    );
  if (type instanceof YearMonthIntervalType)
    return yearMonthIntervalString(value.months, type.startField, type.endField);
  return value.toString();
}

/**
 * An interval as Spark's HiveResult prints it (what spark-sql and SQLQueryTestSuite's answers show): `2-4`,
 * `-0 23:00:59.000000000`, and CalendarInterval's own text for `interval`.
 */
export function hiveIntervalString(value: CalendarInterval, type: DataType | undefined): string {
  if (type instanceof YearMonthIntervalType) {
    const sign = value.months < 0 ? "-" : "";
    const abs = Math.abs(value.months);
    return `${sign}${Math.trunc(abs / 12)}-${abs % 12}`;
  }
  if (type instanceof DayTimeIntervalType) {
    const total = value.totalMicros + value.months * 30 * MICROS_PER_DAY;
    const sign = total < 0 ? "-" : "";
    let rest = Math.abs(total);
    const days = Math.trunc(rest / MICROS_PER_DAY);
    rest %= MICROS_PER_DAY;
    const two = (n: number) => String(n).padStart(2, "0");
    const hours = Math.trunc(rest / MICROS_PER_HOUR);
    rest %= MICROS_PER_HOUR;
    const minutes = Math.trunc(rest / MICROS_PER_MINUTE);
    rest %= MICROS_PER_MINUTE;
    const seconds = Math.trunc(rest / MICROS_PER_SECOND);
    const nanos = String((rest % MICROS_PER_SECOND) * 1000).padStart(9, "0");
    return `${sign}${days} ${two(hours)}:${two(minutes)}:${two(seconds)}.${nanos}`;
  }
  return value.toString();
}
