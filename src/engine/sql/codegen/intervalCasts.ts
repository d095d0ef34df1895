/**
 * Spark's casts of interval values, as DuckDB SQL: an interval to a string (ToStringBase: the ANSI literal of a
 * day-time or year-month interval, CalendarInterval.toString for `interval`), a string to an ANSI interval
 * (IntervalUtils.castStringToDTInterval / castStringToYMInterval: the bare form of the target's fields or its
 * typed literal, and INVALID_INTERVAL_FORMAT for anything else), an ANSI interval to another of its kind (the
 * value cut to the target's last field), and ANSI intervals to and from integral and decimal numbers (Spark 3.3+:
 * the count of the interval's last field, CAST_OVERFLOW where it does not fit).
 *
 * DuckDB holds every interval as one INTERVAL: a day-time interval's microseconds are `epoch_us(x)`, a year-month
 * interval's months `datepart('year', x) * 12 + datepart('month', x)`.
 */
import { toSQLType } from "../../errors/QueryErrorsBase";
import { raiseErrorSql } from "../../errors/QueryExecutionErrors";
import {
  AtomicType,
  CalendarIntervalType,
  DAY_TIME_FIELDS,
  type DataType,
  DayTimeIntervalType,
  DecimalType,
  YEAR_MONTH_FIELDS,
  YearMonthIntervalType,
} from "../types";
import type { EvalMode } from "./Cast";

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Microseconds in one unit of each day-time field (DAY, HOUR, MINUTE, SECOND). */
const DT_UNIT = [86_400_000_000, 3_600_000_000, 60_000_000, 1_000_000];

/** A day-time interval's microseconds, a year-month interval's months, as DuckDB numbers. */
export const dtMicros = (x: string) => `epoch_us(${x})`;
export const ymMonths = (x: string) => `(datepart('year', ${x}) * 12 + datepart('month', ${x}))`;

/** The fields of a type as its literal names them: `DAY TO MINUTE`, `SECOND`, `YEAR TO MONTH`. */
function fieldsLabel(type: DayTimeIntervalType | YearMonthIntervalType): string {
  const names: readonly string[] = type instanceof DayTimeIntervalType ? DAY_TIME_FIELDS : YEAR_MONTH_FIELDS;
  const from = names[type.startField].toUpperCase();
  return type.startField === type.endField ? from : `${from} TO ${names[type.endField].toUpperCase()}`;
}

/** `BigDecimal.valueOf(micros, 6).stripTrailingZeros.toPlainString` of a non-negative count, as SQL. */
function plainSeconds(micros: string): string {
  const fraction = `rtrim(lpad(CAST(${micros} % 1000000 AS VARCHAR), 6, '0'), '0')`;
  return `(CAST(${micros} // 1000000 AS VARCHAR) || CASE WHEN ${fraction} = '' THEN '' ELSE '.' || ${fraction} END)`;
}

/** Seconds as the ANSI literal writes them: two digits before the point at least. */
const twoDigitSeconds = (micros: string) =>
  `(CASE WHEN ${micros} < 10000000 THEN '0' ELSE '' END || ${plainSeconds(micros)})`;
// Not lpad, which cuts longer text to the width: a leading field (100 hours) keeps all its digits.
const twoDigits = (n: string) => `(CASE WHEN ${n} < 10 THEN '0' ELSE '' END || CAST(${n} AS VARCHAR))`;

/** IntervalUtils.toDayTimeIntervalString in ANSI style, as SQL over a day-time interval `x`. */
export function dayTimeStringSql(x: string, type: DayTimeIntervalType): string {
  const { startField: s, endField: e } = type;
  const a = "__dt_abs";
  const parts: string[] = [];
  if (s === 0) parts.push(`CAST(${a} // ${DT_UNIT[0]} AS VARCHAR)`);
  else if (s === 1) parts.push(twoDigits(`${a} // ${DT_UNIT[1]}`));
  else if (s === 2) parts.push(twoDigits(`${a} // ${DT_UNIT[2]}`));
  else parts.push(twoDigitSeconds(a));
  if (s < 1 && e >= 1) parts.push(`' ' || ${twoDigits(`(${a} % ${DT_UNIT[0]}) // ${DT_UNIT[1]}`)}`);
  if (s < 2 && e >= 2) parts.push(`':' || ${twoDigits(`(${a} % ${DT_UNIT[1]}) // ${DT_UNIT[2]}`)}`);
  if (s < 3 && e >= 3) parts.push(`':' || ${twoDigitSeconds(`(${a} % ${DT_UNIT[2]})`)}`);
  const body = `'INTERVAL ''' || CASE WHEN __dt_m < 0 THEN '-' ELSE '' END || ${parts.join(" || ")} || ''' ${fieldsLabel(type)}'`;
  return `list_transform([${dtMicros(x)}], lambda __dt_m: list_transform([abs(CAST(__dt_m AS HUGEINT))], lambda ${a}: ${body})[1])[1]`;
}

/** IntervalUtils.toYearMonthIntervalString in ANSI style, as SQL over a year-month interval `x`. */
export function yearMonthStringSql(x: string, type: YearMonthIntervalType): string {
  const label = fieldsLabel(type);
  const m = "__ym_m";
  const sign = `CASE WHEN ${m} < 0 THEN '-' ELSE '' END`;
  const years = `CAST(abs(${m}) // 12 AS VARCHAR)`;
  const body =
    type.startField !== type.endField
      ? `${sign} || ${years} || '-' || CAST(abs(${m}) % 12 AS VARCHAR)`
      : type.startField === 0
        ? `${sign} || ${years}`
        : `CAST(${m} AS VARCHAR)`;
  return `list_transform([${ymMonths(x)}], lambda ${m}: 'INTERVAL ''' || ${body} || ''' ${label}')[1]`;
}

/** CalendarInterval.toString ("1 years 2 months 3 days 4 hours 5 minutes 6.7 seconds"), as SQL. */
export function calendarIntervalStringSql(x: string): string {
  const months = ymMonths(x);
  const days = `datepart('day', ${x})`;
  const hours = `datepart('hour', ${x})`;
  const minutes = `datepart('minute', ${x})`;
  const micros = `datepart('microseconds', ${x})`;
  const unit = (v: string, name: string) =>
    `CASE WHEN ${v} <> 0 THEN CAST(${v} AS VARCHAR) || ' ${name}' END`;
  const seconds = `CASE WHEN ${micros} <> 0 THEN CASE WHEN ${micros} < 0 THEN '-' ELSE '' END || ${plainSeconds(`abs(${micros})`)} || ' seconds' END`;
  return `(CASE WHEN ${x} IS NULL THEN NULL WHEN ${months} = 0 AND ${days} = 0 AND ${hours} = 0 AND ${minutes} = 0 AND ${micros} = 0 THEN '0 seconds' ELSE concat_ws(' ', ${unit(`(${months} // 12)`, "years")}, ${unit(`${months} % 12`, "months")}, ${unit(days, "days")}, ${unit(hours, "hours")}, ${unit(minutes, "minutes")}, ${seconds}) END)`;
}

/** An interval as a string, or undefined where `from` is no interval type. */
export function intervalToStringSql(x: string, from: DataType): string | undefined {
  if (from instanceof DayTimeIntervalType) return dayTimeStringSql(x, from);
  if (from instanceof YearMonthIntervalType) return yearMonthStringSql(x, from);
  if (from instanceof CalendarIntervalType) return calendarIntervalStringSql(x);
  return undefined;
}

// ---- strings to ANSI intervals ---------------------------------------------------------------------------

/** IntervalUtils.supportedFormat: the forms a string cast to each type may take, as the error lists them. */
function supportedFormat(type: DayTimeIntervalType | YearMonthIntervalType): string {
  const forms: Record<string, string> = {
    "year to month": "[+|-]y-m",
    year: "[+|-]y",
    month: "[+|-]m",
    day: "[+|-]d",
    "day to hour": "[+|-]d h",
    "day to minute": "[+|-]d h:m",
    "day to second": "[+|-]d h:m:s.n",
    hour: "[+|-]h",
    "hour to minute": "[+|-]h:m",
    "hour to second": "[+|-]h:m:s.n",
    minute: "[+|-]m",
    "minute to second": "[+|-]m:s.n",
    second: "[+|-]s.n",
  };
  const form = forms[type.simpleString().replace(/^interval /, "")];
  return `\`${form}\`, \`INTERVAL [+|-]'${form}' ${fieldsLabel(type)}\``;
}

/** INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING(_WITH_NOTICE), or null under try_cast. */
function unmatched(mode: EvalMode, x: string, type: DayTimeIntervalType | YearMonthIntervalType): string {
  if (mode === "TRY") return "NULL";
  const dayTime = type instanceof DayTimeIntervalType;
  const parameters = {
    intervalStr: quote(dayTime ? "day-time" : "year-month"),
    supportedFormat: quote(supportedFormat(type)),
    typeName: quote(type.simpleString()),
    input: x,
  };
  return dayTime
    ? raiseErrorSql(
        "SparkIllegalArgumentException",
        "INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING_WITH_NOTICE",
        parameters,
      )
    : raiseErrorSql(
        "SparkIllegalArgumentException",
        "INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING",
        parameters,
      );
}

/** Whitespace and control characters, which Spark trims (UTF8String.trimAll). */
const TRIMMED = `'${String.fromCharCode(...Array.from({ length: 32 }, (_, i) => i + 1), 127)}'`;

/** The bare form of each day-time range, with its fields as groups (IntervalUtils' patterns). */
const DT_BARE: Record<string, string> = {
  "0-1": "([+|-])?([0-9]{1,9}) ([0-9]{1,2})",
  "0-2": "([+|-])?([0-9]{1,9}) ([0-9]{1,2}):([0-9]{1,2})",
  "0-3": "([+|-])?([0-9]{1,9}) ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})([.][0-9]{1,9})?",
  "1-2": "([+|-])?([0-9]{1,10}):([0-9]{1,2})",
  "1-3": "([+|-])?([0-9]{1,10}):([0-9]{1,2}):([0-9]{1,2})([.][0-9]{1,9})?",
  "2-3": "([+|-])?([0-9]{1,12}):([0-9]{1,2})([.][0-9]{1,9})?",
};
/** The most digits the leading field of a single-field day-time interval may have. */
const DT_SINGLE_DIGITS = [9, 10, 12, 13];
/** The largest value of each leading field (a day-time interval is at most 106751991 days). */
const DT_MAX = ["106751991", "2562047788", "153722867280", "9223372036854"];

/** SQL reading string `s` as a day-time interval of `type` (null where it does not match). */
function stringToDayTime(s: string, type: DayTimeIntervalType): string {
  const { startField: start, endField: end } = type;
  const label = fieldsLabel(type).replaceAll(" ", "\\s+");
  const groups =
    start === end
      ? ["sign", "v", ...(start === 3 ? ["f"] : [])]
      : ["sign", ...DAY_TIME_FIELDS.slice(start, end + 1), ...(end === 3 ? ["f"] : [])];
  const bare =
    start === end
      ? `([+|-])?([0-9]{1,${DT_SINGLE_DIGITS[start]}})${start === 3 ? "([.][0-9]{1,9})?" : ""}`
      : DT_BARE[`${start}-${end}`];
  const literal = `(?i)^INTERVAL\\s+([+|-])?'${bare}'\\s+${label}$`;
  const t = "__s";
  const num = (g: string) => `coalesce(TRY_CAST(nullif(p.${g}, '') AS HUGEINT), 0)`;
  // Micros of the fields, each field after the first within its range (hours < 24, minutes and seconds < 60).
  const names = start === end ? ["v"] : DAY_TIME_FIELDS.slice(start, end + 1);
  const terms = names.map((g, i) => `${num(g)} * ${DT_UNIT[start + i]}`);
  const fraction = end === 3 ? ` + CAST(rpad(substr(coalesce(p.f, ''), 2, 6), 6, '0') AS HUGEINT)` : "";
  const limits = names.map((g, i) =>
    i === 0 ? `${num(g)} <= ${DT_MAX[start]}` : `${num(g)} <= ${start + i === 1 ? 23 : 59}`,
  );
  const value = (sign: string) =>
    `CASE WHEN ${limits.join(" AND ")} THEN ${sign} * (${terms.join(" + ")}${fraction}) END`;
  const extract = (pattern: string, withOuter: boolean) =>
    `regexp_extract(${t}, ${quote(pattern)}, [${(withOuter ? ["outer", ...groups] : groups).map(quote).join(", ")}])`;
  const bareSign = "CASE WHEN p.sign = '-' THEN -1 ELSE 1 END";
  const literalSign = "CASE WHEN (p.outer = '-') <> (p.sign = '-') THEN -1 ELSE 1 END";
  const micros = `CASE
    WHEN regexp_full_match(${t}, ${quote(bare)}) THEN list_transform([${extract(`^${bare}$`, false)}], lambda p: ${value(bareSign)})[1]
    WHEN regexp_matches(${t}, ${quote(literal)}) THEN list_transform([${extract(literal, true)}], lambda p: ${value(literalSign)})[1] END`;
  return `list_transform([trim(${s}, ${TRIMMED})], lambda ${t}: to_microseconds(CAST(${micros} AS BIGINT)))[1]`;
}

/** SQL reading string `s` as a year-month interval of `type` (null where it does not match). */
function stringToYearMonth(s: string, type: YearMonthIntervalType): string {
  const t = "__s";
  const both = type.startField !== type.endField;
  const bare = both ? "([+|-])?([0-9]+)-([0-9]+)" : "([+|-])?([0-9]+)";
  const label = fieldsLabel(type).replaceAll(" ", "\\s+");
  const literal = `(?i)^INTERVAL\\s+([+|-])?'${bare}'\\s+${label}$`;
  const groups = both ? ["sign", "y", "m"] : ["sign", "v"];
  const num = (g: string) => `TRY_CAST(p.${g} AS HUGEINT)`;
  const months = both
    ? `CASE WHEN ${num("y")} <= 178956970 AND ${num("m")} <= 11 THEN ${num("y")} * 12 + ${num("m")} END`
    : type.startField === 0
      ? `${num("v")} * 12`
      : num("v");
  const value = (sign: string) =>
    `CASE WHEN ${months} BETWEEN -2147483648 AND 2147483647 THEN ${sign} * ${months} END`;
  const extract = (pattern: string, withOuter: boolean) =>
    `regexp_extract(${t}, ${quote(pattern)}, [${(withOuter ? ["outer", ...groups] : groups).map(quote).join(", ")}])`;
  const result = `CASE
    WHEN regexp_full_match(${t}, ${quote(bare)}) THEN list_transform([${extract(`^${bare}$`, false)}], lambda p: ${value("CASE WHEN p.sign = '-' THEN -1 ELSE 1 END")})[1]
    WHEN regexp_matches(${t}, ${quote(literal)}) THEN list_transform([${extract(literal, true)}], lambda p: ${value("CASE WHEN (p.outer = '-') <> (p.sign = '-') THEN -1 ELSE 1 END")})[1] END`;
  return `list_transform([trim(${s}, ${TRIMMED})], lambda ${t}: to_months(CAST(${result} AS INTEGER)))[1]`;
}

/** A string cast to an ANSI interval type: its value, or Spark's INVALID_INTERVAL_FORMAT (null for try_cast). */
export function stringToIntervalSql(
  x: string,
  to: DayTimeIntervalType | YearMonthIntervalType,
  mode: EvalMode,
): string {
  const value = to instanceof DayTimeIntervalType ? stringToDayTime(x, to) : stringToYearMonth(x, to);
  const fail = unmatched(mode, x, to);
  if (fail === "NULL") return value;
  return `(CASE WHEN ${x} IS NULL THEN NULL WHEN (${value}) IS NOT NULL THEN (${value}) ELSE ${fail} END)`;
}

// ---- ANSI intervals between themselves and numbers ------------------------------------------------------

/** An interval cast to another of its kind: the value cut to the target's last field, toward zero. */
export function intervalToIntervalSql(x: string, from: DataType, to: DataType): string | undefined {
  if (from instanceof DayTimeIntervalType && to instanceof DayTimeIntervalType) {
    if (to.endField === 3) return x;
    const unit = DT_UNIT[to.endField];
    return `to_microseconds(${dtMicros(x)} - ${dtMicros(x)} % ${unit})`;
  }
  if (from instanceof YearMonthIntervalType && to instanceof YearMonthIntervalType) {
    if (to.endField === 1) return x;
    return `to_months(CAST(${ymMonths(x)} - ${ymMonths(x)} % 12 AS INTEGER))`;
  }
  return undefined;
}

const INTEGRAL_RANGE: Record<string, [string, string]> = {
  byte: ["-128", "127"],
  short: ["-32768", "32767"],
  integer: ["-2147483648", "2147483647"],
  long: ["-9223372036854775808", "9223372036854775807"],
};

/** CAST_OVERFLOW of an interval cast (Spark raises it whatever the ANSI setting; try_cast gives null). */
function castOverflow(mode: EvalMode, value: string, from: DataType, to: DataType): string {
  if (mode === "TRY") return "NULL";
  return raiseErrorSql("SparkArithmeticException", "CAST_OVERFLOW", {
    value,
    sourceType: quote(toSQLType(from)),
    targetType: quote(toSQLType(to)),
  });
}

/** How many of its last field an interval holds, toward zero (Spark's dayTimeIntervalToLong and kin). */
function unitsOf(x: string, from: DayTimeIntervalType | YearMonthIntervalType): string {
  if (from instanceof DayTimeIntervalType)
    return `(CAST(${dtMicros(x)} AS HUGEINT) // ${DT_UNIT[from.endField]})`;
  return from.endField === 0 ? `(${ymMonths(x)} // 12)` : `CAST(${ymMonths(x)} AS HUGEINT)`;
}

/** An ANSI interval cast to an integral or decimal type, or undefined where `from` is no ANSI interval. */
export function intervalToNumberSql(
  x: string,
  from: DataType,
  to: DataType,
  mode: EvalMode,
  decimalOverflow: (x: string) => string,
): string | undefined {
  if (!(from instanceof DayTimeIntervalType || from instanceof YearMonthIntervalType)) return undefined;
  const literal = intervalToStringSql(x, from) as string;
  if (to instanceof DecimalType) {
    // A day-time interval ending in SECOND is its seconds with six decimals; other ranges are whole units.
    const exact =
      from instanceof DayTimeIntervalType && from.endField === 3
        ? `(CAST(${dtMicros(x)} AS DECIMAL(38, 0)) * CAST(0.000001 AS DECIMAL(7, 6)))`
        : `CAST(${unitsOf(x, from)} AS DECIMAL(38, 0))`;
    const value = `TRY_CAST(${exact} AS ${to.sql()})`;
    const fail = mode === "TRY" ? "NULL" : decimalOverflow(x);
    return `(CASE WHEN ${x} IS NULL THEN NULL WHEN ${value} IS NOT NULL THEN ${value} ELSE ${fail} END)`;
  }
  const range = INTEGRAL_RANGE[to instanceof AtomicType ? to.name : ""];
  if (!range) return undefined;
  const units = unitsOf(x, from);
  return `(CASE WHEN ${x} IS NULL THEN NULL WHEN ${units} BETWEEN ${range[0]} AND ${range[1]} THEN CAST(${units} AS ${to.sql()}) ELSE ${castOverflow(mode, literal, from, to)} END)`;
}

/** Spark's toSQLValue of a number, as the overflow error quotes it (`128Y`, `2147483648L`, `1.5BD`). */
function numberValue(x: string, from: DataType): string {
  const suffixes: Record<string, string> = { byte: "Y", short: "S", long: "L" };
  const suffix = from instanceof DecimalType ? "BD" : (suffixes[(from as AtomicType).name] ?? "");
  return `(CAST(${x} AS VARCHAR) || '${suffix}')`;
}

/**
 * An integral or decimal number cast to an ANSI interval: that many of the target's last field (a decimal rounded
 * half up to microseconds or months, then cut to the last field). Undefined where `to` is no ANSI interval.
 */
export function numberToIntervalSql(
  x: string,
  from: DataType,
  to: DataType,
  mode: EvalMode,
): string | undefined {
  if (!(to instanceof DayTimeIntervalType || to instanceof YearMonthIntervalType)) return undefined;
  const decimal = from instanceof DecimalType;
  const dayTime = to instanceof DayTimeIntervalType;
  const unit = dayTime ? DT_UNIT[to.endField] : to.endField === 0 ? 12 : 1;
  const exact = decimal
    ? `round(CAST(${x} AS DECIMAL(38, 10)) * ${unit})`
    : `(CAST(${x} AS HUGEINT) * ${unit})`;
  const cuts = dayTime ? to.endField < 3 : to.endField === 0;
  const cut = decimal && cuts ? `(${exact} - ${exact} % ${unit})` : exact;
  const [min, max] = dayTime ? INTEGRAL_RANGE.long : INTEGRAL_RANGE.integer;
  const make = dayTime ? `to_microseconds(CAST(${cut} AS BIGINT))` : `to_months(CAST(${cut} AS INTEGER))`;
  const fail = castOverflow(mode, numberValue(x, from), from, to);
  return `(CASE WHEN ${x} IS NULL THEN NULL WHEN ${cut} BETWEEN ${min} AND ${max} THEN ${make} ELSE ${fail} END)`;
}
