/**
 * The names Spark gives to unnamed expressions: `count(1)`, `(event_name = finalize)`, `sum(price)`, so that
 * `df.columns` reads as it does in Spark.
 */

import { formatDouble, formatFloat } from "../api/showString";
import { defaultFrame, frameSql, OFFSET_FUNCTIONS } from "../api/Window";
import { callDisplayName } from "../codegen/functionRegistry";
import { toWallClockDate } from "../codegen/timeZones";
import { decimalOfLiteral, javaBigDecimalString } from "../decimals";
import type { Expression } from "../expressions";
import { dayTimeIntervalString, yearMonthIntervalString } from "../intervalValues";
import { type DataType, DayTimeIntervalType, DecimalType, YearMonthIntervalType } from "../types";
import { outerReferences } from "./subqueries";

const INFIX: Record<string, string> = {
  and: "AND",
  or: "OR",
  like: "LIKE",
  ilike: "ILIKE",
  rlike: "RLIKE",
  div: "div",
};

export function expressionName(e: Expression): string {
  switch (e.kind) {
    case "alias":
      return e.name;
    case "column":
      return e.parts[e.parts.length - 1];
    case "cast":
      // Spark's ResolveAliases names a cast of a column after the column (`CAST(value AS STRING)` is `value`),
      // and the analyzer's own casts are invisible; any other cast is named by its SQL.
      if (e.typedLiteral) return expressionSql(e);
      return e.userSpecified && e.child.kind !== "column" ? expressionSql(e) : expressionName(e.child);
    default:
      return expressionSql(e);
  }
}

/** Spark's `toPrettySQL` of an expression, used for generated column names and in error messages. */
export function expressionSql(e: Expression): string {
  switch (e.kind) {
    case "column":
      return e.parts.join(".");
    case "star":
      return e.qualifier ? `${e.qualifier}.*` : "*";
    case "literal":
      if (e.value === null || e.value === undefined) return "NULL";
      // A double or float literal (400.00D, 1e10) prints as Java prints it: 400.0, 1.0E10.
      if (typeof e.value === "number" && e.dataType?.simpleString() === "double")
        return formatDouble(e.value);
      if (typeof e.value === "number" && e.dataType?.simpleString() === "float") return formatFloat(e.value);
      // A decimal literal as Spark's Decimal.toString: its scale's digits (1.10), tiny ones in E notation.
      if (e.dataType instanceof DecimalType && (typeof e.value === "number" || typeof e.value === "string"))
        return javaBigDecimalString(decimalOfLiteral(e.value, e.dataType.scale));
      if (e.value instanceof Uint8Array)
        return `X'${Array.from(e.value, (b) => b.toString(16).padStart(2, "0"))
          .join("")
          .toUpperCase()}'`;
      if (e.value instanceof Date)
        return `TIMESTAMP '${e.value.toISOString().replace("T", " ").replace("Z", "")}'`;
      return String(e.value);
    case "interval":
      if (e.dataType instanceof DayTimeIntervalType)
        return dayTimeIntervalString(e.micros, e.dataType.startField, e.dataType.endField);
      if (e.dataType instanceof YearMonthIntervalType)
        return yearMonthIntervalString(e.months, e.dataType.startField, e.dataType.endField);
      return e.text.toUpperCase().startsWith("INTERVAL") ? e.text : `INTERVAL '${e.text}'`;
    case "call": {
      // Spark's AggregateExpression.sql: the function, then ` FILTER (WHERE cond)`.
      if (e.filter)
        return `${expressionSql({ ...e, filter: undefined })} FILTER (WHERE ${expressionSql(e.filter)})`;
      if (e.name === "count" && (e.args.length === 0 || e.args[0].kind === "star")) return "count(1)";
      const display = callDisplayName(e);
      if (display) return display;
      const args = e.args.map(expressionSql).join(", ");
      return `${e.name}(${e.distinct ? "DISTINCT " : ""}${args})`;
    }
    case "udf":
      // Spark names a ScalaUDF or PythonUDF call by the function's name: `plus_one(id)`, `<lambda>(x)`.
      return `${e.udf.name}(${e.args
        .slice(0, e.udf.namedArgs ?? e.args.length)
        .map(expressionSql)
        .join(", ")})`;
    case "binary":
      // Spark has no `!=`: it is NOT of `=`; LIKE prints without parentheses.
      if (e.op === "!=") return `(NOT (${expressionSql(e.left)} = ${expressionSql(e.right)}))`;
      if (e.op === "like" || e.op === "ilike" || e.op === "rlike")
        return `${expressionSql(e.left)} ${INFIX[e.op]} ${expressionSql(e.right)}`;
      // Spark's MultiplyYMInterval / MultiplyDTInterval put the interval first: `(INTERVAL '2' YEAR * 2)`.
      if (e.op === "*" && isIntervalValued(e.right) && !isIntervalValued(e.left))
        return `(${expressionSql(e.right)} * ${expressionSql(e.left)})`;
      return `(${expressionSql(e.left)} ${INFIX[e.op] ?? e.op} ${expressionSql(e.right)})`;
    case "not":
      return `(NOT ${expressionSql(e.child)})`;
    case "negate":
      return `(- ${expressionSql(e.child)})`;
    case "isNull":
      return `(${expressionSql(e.child)} IS ${e.negated ? "NOT " : ""}NULL)`;
    case "in":
      return `(${expressionSql(e.child)}${e.negated ? " NOT" : ""} IN (${e.list.map(expressionSql).join(", ")}))`;
    case "between":
      return `(${expressionSql(e.child)}${e.negated ? " NOT" : ""} BETWEEN ${expressionSql(e.low)} AND ${expressionSql(e.high)})`;
    case "alias":
      return expressionSql(e.child);
    case "cast":
      // Spark's Literal.sql of a date: DATE '2001-01-01'.
      if (e.typedLiteral && e.child.kind === "literal" && /^\d{4}-\d{2}-\d{2}$/.test(String(e.child.value)))
        return `${typedLiteralKeyword(e.dataType)} '${e.child.value}${typedLiteralTime(e.dataType)}'`;
      // TIMESTAMP '2016-12-31 00:12:00', TIMESTAMP_NTZ '2016-12-31 00:00:00': the value as Spark prints it.
      if (e.typedLiteral && e.child.kind === "literal" && typeof e.child.value === "string") {
        const text =
          timestampLiteralText(e.child.value) ??
          (e.dataType.simpleString() === "timestamp"
            ? zonedLiteralText(e.child.value, e.timeZone)
            : undefined);
        if (text !== undefined && /^timestamp/.test(e.dataType.simpleString()))
          return `${typedLiteralKeyword(e.dataType)} '${text}'`;
      }
      if (!e.userSpecified) return expressionSql(e.child);
      return `${e.tryCast ? "TRY_CAST" : "CAST"}(${expressionSql(e.child)} AS ${e.dataType.simpleString().toUpperCase()})`;
    case "case": {
      const branches = e.branches
        .map(([c, v]) => ` WHEN ${expressionSql(c)} THEN ${expressionSql(v)}`)
        .join("");
      return `CASE${branches}${e.otherwise ? ` ELSE ${expressionSql(e.otherwise)}` : ""} END`;
    }
    case "extract":
      return e.key.kind === "literal" && typeof e.key.value === "string"
        ? `${expressionSql(e.child)}.${e.key.value}`
        : `${expressionSql(e.child)}[${expressionSql(e.key)}]`;
    case "sortOrder":
      return `${expressionSql(e.child)} ${e.ascending ? "ASC" : "DESC"} NULLS ${e.nullsFirst ? "FIRST" : "LAST"}`;
    case "lambda":
      return `lambdafunction(${expressionSql(e.body)}, ${e.params.join(", ")})`;
    case "subquery":
      // Spark's ScalarSubquery and Exists print as their pretty name over their outer references.
      return `${e.subqueryType === "scalar" ? "scalarsubquery" : "exists"}(${outerReferences(e.plan)
        .map((o) => expressionSql(o.child))
        .join(", ")})`;
    case "outer":
      return `outer(${expressionSql(e.child)})`;
    case "windowFunction": {
      const spec = [
        ...(e.partitionBy.length > 0 ? [`PARTITION BY ${e.partitionBy.map(expressionSql).join(", ")}`] : []),
        ...(e.orderBy.length > 0 ? [`ORDER BY ${e.orderBy.map(expressionSql).join(", ")}`] : []),
      ];
      const isOffset = e.function.kind === "call" && OFFSET_FUNCTIONS.has(e.function.name);
      const frame = frameSql(e.frame ?? defaultFrame(e), isOffset && !e.frame);
      return `${expressionSql(offsetWithDefaults(e.function))} OVER (${[...spec, frame].join(" ")})`;
    }
  }
}

/** Spark names lag/lead with all three arguments: `lag(x, 1, NULL)`. */
function offsetWithDefaults(e: Expression): Expression {
  if (e.kind !== "call" || !OFFSET_FUNCTIONS.has(e.name)) return e;
  const args = [...e.args];
  if (args.length < 2) args.push({ kind: "literal", value: 1 });
  if (args.length < 3) args.push({ kind: "literal", value: null });
  return { ...e, args };
}

/** Whether an expression is an interval by its form alone (a literal, a make_*interval call, a difference). */
function isIntervalValued(e: Expression): boolean {
  if (e.kind === "interval") return true;
  if (e.kind === "alias" || e.kind === "negate") return isIntervalValued(e.child);
  if (e.kind === "call") return ["make_dt_interval", "make_ym_interval", "make_interval"].includes(e.name);
  if (e.kind === "binary" && (e.op === "+" || e.op === "-" || e.op === "*" || e.op === "/"))
    return isIntervalValued(e.left) || (e.op !== "/" && isIntervalValued(e.right));
  return false;
}

/** The keyword of a typed literal's Literal.sql: DATE, TIMESTAMP, TIMESTAMP_NTZ. */
function typedLiteralKeyword(type: DataType): string {
  return type.simpleString().toUpperCase();
}

/** A timestamp literal written as a date gets midnight in its name, as Spark prints the value. */
function typedLiteralTime(type: DataType): string {
  return /^timestamp/.test(type.simpleString()) ? " 00:00:00" : "";
}

/** `yyyy-MM-dd[ HH:mm[:ss[.f]]]` as Spark prints the timestamp (fraction without trailing zeros), else undefined. */
/**
 * A TIMESTAMP literal with a zone (`'2020-12-01 14:30:08Z'`, `'... +08:00'`) as Spark prints the instant: its wall
 * clock in the session time zone.
 */
function zonedLiteralText(value: string, timeZone: string | undefined): string | undefined {
  const m =
    /^\s*(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:\d{2})\s*$/.exec(
      value,
    );
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? "00"}${m[6] === "Z" ? "Z" : m[6]}`);
  if (Number.isNaN(ms)) return undefined;
  const local = toWallClockDate(new Date(ms), timeZone).toISOString();
  const fraction = (m[5] ?? "").slice(0, 6).replace(/0+$/, "");
  return `${local.slice(0, 10)} ${local.slice(11, 19)}${fraction ? `.${fraction}` : ""}`;
}

function timestampLiteralText(value: string): string | undefined {
  const m = /^\s*(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*$/.exec(value);
  if (!m) return undefined;
  const fraction = (m[5] ?? "").slice(0, 6).replace(/0+$/, "");
  return `${m[1]} ${m[2].padStart(2, "0")}:${m[3]}:${m[4] ?? "00"}${fraction ? `.${fraction}` : ""}`;
}
