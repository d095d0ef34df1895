/**
 * Spark's ANSI interval types in expressions: which interval type an expression has (DuckDB has one INTERVAL for
 * all of Spark's, so the analyzer asks here), and the arithmetic Spark's ResolveBinaryArithmetic allows on them —
 * timestamp or date ± interval, interval ± interval of one kind, interval × or ÷ a number, timestamp − timestamp
 * and date − date — compiled to DuckDB with Spark's rounding (HALF_UP) and errors.
 */
import { binaryOpDiffTypes } from "../../errors/QueryCompilationErrors";
import { intervalDividedByZeroSql } from "../../errors/QueryExecutionErrors";
import { resolveColumn, type Scope } from "../analysis/columnResolution";
import { expressionSql } from "../analysis/naming";
import type { Expression } from "../expressions";
import {
  AtomicType,
  CalendarIntervalTypeInstance,
  type DataType,
  DayTimeIntervalType,
  DecimalType,
  DoubleType,
  isIntervalType,
  YearMonthIntervalType,
} from "../types";
import { compileExpression } from "./expressionCompiler";

type Binary = Extract<Expression, { kind: "binary" }>;

const atomic = (t: DataType | undefined) => (t instanceof AtomicType ? t.name : undefined);
const isNumeric = (t: DataType | undefined) =>
  t instanceof AtomicType ? t.isNumeric() : t instanceof DecimalType;

/**
 * Types already worked out, per scope and expression: a binary expression asks its operands' types, which ask
 * theirs, so without this a deep chain of `-` would be typed (and compiled) again at every level above it.
 */
const TYPES = new WeakMap<Scope, WeakMap<Expression, DataType | null>>();
const INTERVAL_TYPES = new WeakMap<Scope, WeakMap<Expression, DataType | null>>();

function memo(
  cache: WeakMap<Scope, WeakMap<Expression, DataType | null>>,
  e: Expression,
  scope: Scope,
  compute: () => DataType | undefined,
): DataType | undefined {
  let types = cache.get(scope);
  if (!types) {
    types = new WeakMap();
    cache.set(scope, types);
  }
  const known = types.get(e);
  if (known !== undefined) return known ?? undefined;
  const type = compute();
  types.set(e, type ?? null);
  return type;
}

/** The type of an expression: its interval type, else DuckDB's type of its SQL. */
function typeOf(e: Expression, scope: Scope): DataType | undefined {
  return memo(TYPES, e, scope, () => {
    const interval = intervalTypeOf(e, scope);
    if (interval) return interval;
    if (!scope.typeOf) return undefined;
    try {
      return scope.typeOf(compileExpression(e, scope));
    } catch {
      return undefined;
    }
  });
}

/** Spark's type of an interval-valued expression, or undefined where the expression is no interval. */
export function intervalTypeOf(e: Expression, scope: Scope): DataType | undefined {
  return memo(INTERVAL_TYPES, e, scope, () => computeIntervalType(e, scope));
}

function computeIntervalType(e: Expression, scope: Scope): DataType | undefined {
  switch (e.kind) {
    case "interval":
      return e.dataType ?? new DayTimeIntervalType(0, 3);
    case "alias":
    case "negate":
      return intervalTypeOf(e.child, scope);
    case "cast":
      return isIntervalType(e.dataType) ? e.dataType : undefined;
    case "column":
      try {
        const type = resolveColumn(e.parts, scope, e.planId, e.index).dataType;
        return isIntervalType(type) ? type : undefined;
      } catch {
        return undefined;
      }
    case "case":
      for (const [, value] of e.branches) {
        const type = intervalTypeOf(value, scope);
        if (type) return type;
      }
      return e.otherwise ? intervalTypeOf(e.otherwise, scope) : undefined;
    case "binary":
      return binaryIntervalType(e, scope);
    case "windowFunction":
      return intervalTypeOf(e.function, scope);
    case "call":
      switch (e.name) {
        case "make_dt_interval":
          return new DayTimeIntervalType(0, 3);
        case "make_ym_interval":
          return new YearMonthIntervalType(0, 1);
        case "make_interval":
        case "try_make_interval":
          return CalendarIntervalTypeInstance;
        case "avg":
        case "mean":
        case "try_avg": {
          // Average of an interval is the whole range of its kind.
          const type = e.args[0] ? intervalTypeOf(e.args[0], scope) : undefined;
          if (type instanceof DayTimeIntervalType) return new DayTimeIntervalType(0, 3);
          if (type instanceof YearMonthIntervalType) return new YearMonthIntervalType(0, 1);
          return type;
        }
        case "unary_minus":
        case "negative":
        case "positive":
        case "abs":
        case "sum":
        case "min":
        case "max":
        case "first":
        case "last":
        case "first_value":
        case "last_value":
        case "any_value":
        case "coalesce":
        case "nvl":
        case "ifnull":
        case "greatest":
        case "least":
        case "try_sum":
          return e.args[0] ? intervalTypeOf(e.args[0], scope) : undefined;
        case "if":
        case "nvl2":
          return e.args[1] ? intervalTypeOf(e.args[1], scope) : undefined;
        default:
          return undefined;
      }
    default:
      return undefined;
  }
}

/** The wider of two ranges of one interval kind: Spark's findWiderTypeForTwo on interval types. */
function widerInterval(a: DataType, b: DataType): DataType | undefined {
  if (a instanceof DayTimeIntervalType && b instanceof DayTimeIntervalType)
    return new DayTimeIntervalType(Math.min(a.startField, b.startField), Math.max(a.endField, b.endField));
  if (a instanceof YearMonthIntervalType && b instanceof YearMonthIntervalType)
    return new YearMonthIntervalType(Math.min(a.startField, b.startField), Math.max(a.endField, b.endField));
  return undefined;
}

function binaryIntervalType(e: Binary, scope: Scope): DataType | undefined {
  if (!["+", "-", "*", "/"].includes(e.op)) return undefined;
  const left = intervalTypeOf(e.left, scope);
  const right = intervalTypeOf(e.right, scope);
  // MultiplyDTInterval, DivideYMInterval...: the whole range of the interval's kind.
  const whole = (t: DataType | undefined) =>
    t instanceof DayTimeIntervalType
      ? new DayTimeIntervalType(0, 3)
      : t instanceof YearMonthIntervalType
        ? new YearMonthIntervalType(0, 1)
        : t;
  if (e.op === "*") return whole(left ?? right);
  if (e.op === "/") return whole(left);
  if (left && right) return widerInterval(left, right) ?? (left.equals(right) ? left : undefined);
  if (left || right) return undefined; // a datetime plus or minus an interval is a datetime
  if (e.op === "-" && !isNumberLiteral(e.left) && !isNumberLiteral(e.right)) {
    const l = atomic(typeOf(e.left, scope));
    const r = atomic(typeOf(e.right, scope));
    const datetime = (n: string | undefined) => n === "date" || n === "timestamp" || n === "timestamp_ntz";
    if (datetime(l) && datetime(r))
      return l === "date" && r === "date" ? new DayTimeIntervalType(0, 0) : new DayTimeIntervalType(0, 3);
  }
  return undefined;
}

const isNumberLiteral = (e: Expression) => e.kind === "literal" && typeof e.value === "number";

/** A day-time interval's microseconds, a year-month interval's months, as DuckDB numbers. */
const micros = (x: string) => `epoch_us(${x})`;
const months = (x: string) => `(datepart('year', ${x}) * 12 + datepart('month', ${x}))`;

/**
 * A binary expression with an interval operand (or timestamp − timestamp) as DuckDB SQL, or undefined where
 * DuckDB's own operator is Spark's. Refuses what Spark refuses with DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES.
 */
export function compileIntervalBinary(e: Binary, scope: Scope): string | undefined {
  if (!["+", "-", "*", "/"].includes(e.op)) return undefined;
  const left = intervalTypeOf(e.left, scope);
  const right = intervalTypeOf(e.right, scope);
  const c = (x: Expression) => compileExpression(x, scope);
  // A string operand stands as the double Spark's type coercion makes of it.
  const operandType = (x: Expression) => {
    const type = typeOf(x, scope) ?? DoubleType;
    return atomic(type) === "string" ? DoubleType : type;
  };
  const refuse = () =>
    binaryOpDiffTypes(expressionSql(e), left ?? operandType(e.left), right ?? operandType(e.right));
  if (!left && !right) {
    if (e.op !== "-" || isNumberLiteral(e.left) || isNumberLiteral(e.right)) return undefined;
    const l = atomic(typeOf(e.left, scope));
    const r = atomic(typeOf(e.right, scope));
    // Spark 4: date − date is an INTERVAL DAY (DuckDB gives a number of days).
    if (l === "date" && r === "date") return `to_days(CAST(${c(e.left)} - ${c(e.right)} AS INTEGER))`;
    if ((l === "date" || l === "timestamp") && (r === "date" || r === "timestamp") && l !== r)
      return `(CAST(${c(e.left)} AS TIMESTAMP) - CAST(${c(e.right)} AS TIMESTAMP))`;
    return undefined;
  }
  if (e.op === "*" || e.op === "/") {
    const interval = (left ?? right) as DataType;
    if (e.op === "/" && !left) throw refuse();
    if (left && right) throw refuse();
    const number = left ? e.right : e.left;
    const numberType = typeOf(number, scope);
    const n =
      atomic(numberType) === "string" || atomic(numberType) === "null"
        ? `TRY_CAST(${c(number)} AS DOUBLE)`
        : `CAST(${c(number)} AS DOUBLE)`;
    if (numberType && !isNumeric(numberType) && !["string", "null"].includes(atomic(numberType) ?? ""))
      throw refuse();
    const x = c(left ? e.left : e.right);
    const value = (part: string) =>
      e.op === "*"
        ? `round(${part} * ${n})`
        : `(CASE WHEN ${n} = 0 THEN ${intervalDividedByZeroSql()} ELSE round(${part} / ${n}) END)`;
    if (interval instanceof YearMonthIntervalType) return `to_months(CAST(${value(months(x))} AS INTEGER))`;
    if (interval instanceof DayTimeIntervalType)
      return `to_microseconds(CAST(${value(micros(x))} AS BIGINT))`;
    return undefined;
  }
  // + and −
  if (left && right) {
    if (!widerInterval(left, right) && !left.equals(right)) throw refuse();
    return undefined;
  }
  const other = left ? e.right : e.left;
  const interval = (left ?? right) as DataType;
  const otherType = atomic(typeOf(other, scope));
  if (e.op === "-" && right === undefined) throw refuse(); // interval − datetime
  if (otherType === "date") {
    const sum = `(${c(e.left)} ${e.op} ${c(e.right)})`;
    // A date plus days or months stays a date; plus hours, minutes or seconds it is a timestamp.
    const stays =
      interval instanceof YearMonthIntervalType ||
      (interval instanceof DayTimeIntervalType && interval.endField === 0);
    return stays ? `CAST(${sum} AS DATE)` : sum;
  }
  if (otherType === "timestamp" || otherType === "timestamp_ntz" || otherType === "null") return undefined;
  if (otherType === "string") {
    const operand = (x: Expression) => (x === other ? `CAST(${c(x)} AS TIMESTAMP)` : c(x));
    return `(${operand(e.left)} ${e.op} ${operand(e.right)})`;
  }
  throw refuse();
}
