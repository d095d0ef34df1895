/**
 * Spark's ANSI interval types in expressions: which interval type an expression has (DuckDB has one INTERVAL for
 * all of Spark's, so the analyzer asks here), and the arithmetic Spark's ResolveBinaryArithmetic allows on them —
 * timestamp or date ± interval, interval ± interval of one kind, interval × or ÷ a number, timestamp − timestamp
 * and date − date — compiled to DuckDB with Spark's rounding (HALF_UP) and errors.
 */
import { binaryOpDiffTypes, dataDiffTypes } from "../../errors/QueryCompilationErrors";
import { divideByZeroSql, intervalDividedByZeroSql } from "../../errors/QueryExecutionErrors";
import { resolveColumn, type Scope } from "../analysis/columnResolution";
import { expressionSql } from "../analysis/naming";
import type { Expression } from "../expressions";
import {
  ArrayType,
  AtomicType,
  CalendarIntervalTypeInstance,
  type DataType,
  DayTimeIntervalType,
  DecimalType,
  DoubleType,
  isIntervalType,
  MapType,
  NullType,
  StringType,
  StructField,
  StructType,
  TimestampType,
  YearMonthIntervalType,
} from "../types";
import { castSql, ltzToNtzSql } from "./castSql";
import { compileExpression } from "./expressionCompiler";
import { parseJsonSchema } from "./jsonFunctions";
import { ntzTypeOf } from "./timestampNtz";

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
        case "try_sum":
          return e.args[0] ? intervalTypeOf(e.args[0], scope) : undefined;
        case "coalesce":
        case "nvl":
        case "ifnull":
        case "greatest":
        case "least": {
          // The wider range of the arguments' (TypeCoercion's wider common type of one interval kind).
          const types = e.args.map((a) => intervalTypeOf(a, scope));
          const first = types.find((t) => t !== undefined);
          return first && types.reduce<DataType>((a, b) => (b ? (widerInterval(a, b) ?? a) : a), first);
        }
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

/** isIntervalType without narrowing (every DataType is structurally a CalendarIntervalType). */
const anyInterval = (type: DataType): boolean => isIntervalType(type);

/** Whether a type holds an interval at any depth. */
function holdsInterval(type: DataType): boolean {
  if (anyInterval(type)) return true;
  if (type instanceof StructType) return type.fields.some((f) => holdsInterval(f.dataType));
  if (type instanceof ArrayType) return holdsInterval(type.elementType);
  if (type instanceof MapType) return holdsInterval(type.keyType) || holdsInterval(type.valueType);
  return false;
}

/** The functions building a struct, an array or a map of their arguments. */
const STRUCT_FUNCTIONS = new Set(["struct", "named_struct"]);
const ARRAY_FUNCTIONS = new Set(["array"]);
const COLLECTING_FUNCTIONS = new Set(["collect_list", "collect_set", "array_agg"]);

/**
 * Spark's type of an expression holding an interval inside a struct, an array or a map (`struct(INTERVAL '1'
 * YEAR)`, `array(INTERVAL '1' DAY)`, `map('a', INTERVAL ...)`, a column of one), with the other fields as NULL
 * placeholders (the analyzer keeps DuckDB's type where the declared one says nothing), or undefined.
 */
export function nestedIntervalTypeOf(e: Expression, scope: Scope): DataType | undefined {
  const of = (x: Expression): DataType =>
    nestedIntervalTypeOf(x, scope) ?? intervalTypeOf(x, scope) ?? NullType;
  const nested = (type: DataType) => (holdsInterval(type) ? type : undefined);
  switch (e.kind) {
    case "alias":
      return nestedIntervalTypeOf(e.child, scope);
    case "column":
      try {
        const type = resolveColumn(e.parts, scope, e.planId, e.index).dataType;
        return anyInterval(type) ? undefined : nested(type);
      } catch {
        return undefined;
      }
    case "extract": {
      const parent = nestedIntervalTypeOf(e.child, scope);
      if (parent instanceof StructType && e.key.kind === "literal" && typeof e.key.value === "string") {
        const field = parent.field(e.key.value);
        return field && holdsInterval(field.dataType) ? field.dataType : undefined;
      }
      if (parent instanceof ArrayType) return nested(parent.elementType);
      if (parent instanceof MapType) return nested(parent.valueType);
      return undefined;
    }
    case "call": {
      if (STRUCT_FUNCTIONS.has(e.name)) {
        const values = e.name === "named_struct" ? e.args.filter((_, i) => i % 2 === 1) : e.args;
        return nested(new StructType(values.map((v, i) => new StructField(`col${i + 1}`, of(v), true))));
      }
      if (ARRAY_FUNCTIONS.has(e.name)) {
        const element = e.args.map(of).reduce<DataType>((a, b) => widerOrFirst(a, b), NullType);
        return nested(new ArrayType(element, true));
      }
      if (e.name === "map" && e.args.length >= 2) {
        const keys = e.args.filter((_, i) => i % 2 === 0).map(of);
        const values = e.args.filter((_, i) => i % 2 === 1).map(of);
        const key = keys.reduce<DataType>((a, b) => widerOrFirst(a, b), NullType);
        const value = values.reduce<DataType>((a, b) => widerOrFirst(a, b), NullType);
        return nested(new MapType(key, value, true));
      }
      if (COLLECTING_FUNCTIONS.has(e.name) && e.args[0]) return nested(new ArrayType(of(e.args[0]), true));
      // from_json's literal schema with an interval field: the struct of it (the value is read so, fromJson.ts).
      if (e.name === "from_json" && e.args[1]?.kind === "literal" && typeof e.args[1].value === "string") {
        try {
          return nested(parseJsonSchema(e.args[1].value));
        } catch {
          return undefined;
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function widerOrFirst(a: DataType, b: DataType): DataType {
  if (a === NullType) return b;
  if (b === NullType) return a;
  return widerInterval(a, b) ?? a;
}

/** The functions whose arguments Spark requires to share one type (TypeCoercion finds their wider common type). */
const SAME_TYPE_FUNCTIONS = new Set(["array", "coalesce", "greatest", "least", "nvl", "ifnull"]);

/**
 * Refuses, as Spark does with DATATYPE_MISMATCH.DATA_DIFF_TYPES, a call mixing day-time and year-month intervals
 * where its arguments must share a type: no type is wider than both kinds.
 */
export function checkIntervalArguments(e: Extract<Expression, { kind: "call" }>, scope: Scope): void {
  if (!SAME_TYPE_FUNCTIONS.has(e.name) || e.args.length < 2) return;
  const types = e.args.map((a) => intervalTypeOf(a, scope));
  const dayTime = types.find((t) => t instanceof DayTimeIntervalType);
  const yearMonth = types.find((t) => t instanceof YearMonthIntervalType);
  if (!dayTime || !yearMonth) return;
  const distinct = types.filter(
    (t, i): t is DataType => t !== undefined && types.findIndex((u) => u?.equals(t)) === i,
  );
  throw dataDiffTypes(e.name, expressionSql(e), distinct);
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
    if (l === "date" && r === "date") return new DayTimeIntervalType(0, 0);
    if (subtractsTimestamps(l, r)) return new DayTimeIntervalType(0, 3);
  }
  return undefined;
}

const isTimestamp = (n: string | undefined) => n === "timestamp" || n === "timestamp_ntz";

/**
 * Whether `l - r` is Spark's SubtractTimestamps: ResolveBinaryArithmetic makes one of any subtraction with a
 * timestamp side, and its implicit casts turn a date, a string or a NULL on the other side into a timestamp.
 */
function subtractsTimestamps(l: string | undefined, r: string | undefined): boolean {
  const operand = (n: string | undefined) => isTimestamp(n) || n === "date" || n === "string" || n === "null";
  return (isTimestamp(l) || isTimestamp(r)) && operand(l) && operand(r);
}

/**
 * Spark's SubtractTimestamps: DateTimeUtils.subtractTimestamps counts the microseconds between the two sides'
 * local date-times (a TIMESTAMP's in the session time zone, a TIMESTAMP_NTZ's as it is), so across a daylight
 * saving change a day of 23 hours is still `1 00:00:00`. A date is its midnight; a string is read as a TIMESTAMP
 * in the session zone.
 */
function subtractTimestampsSql(e: Binary, scope: Scope): string {
  const timeZone = e.timeZone ?? "UTC";
  const wallClock = (x: Expression): string => {
    const sql = compileExpression(x, scope);
    const type = atomic(typeOf(x, scope));
    if (type === "null") return "CAST(NULL AS TIMESTAMP)";
    if (type === "date") return `CAST(${sql} AS TIMESTAMP)`;
    if (type === "string") {
      const mode = e.ansi === false ? "LEGACY" : "ANSI";
      return ltzToNtzSql(castSql(sql, StringType, TimestampType, mode, timeZone), timeZone);
    }
    return ntzTypeOf(x, scope) ? sql : ltzToNtzSql(sql, timeZone);
  };
  return `to_microseconds(epoch_us(${wallClock(e.left)}) - epoch_us(${wallClock(e.right)}))`;
}

const isNumberLiteral = (e: Expression) => e.kind === "literal" && typeof e.value === "number";

/** A day-time interval's microseconds, a year-month interval's months, as DuckDB numbers. */
const micros = (x: string) => `epoch_us(${x})`;
const months = (x: string) => `(datepart('year', ${x}) * 12 + datepart('month', ${x}))`;

const COMPARISONS = new Set(["=", "<=>", "!=", "<", "<=", ">", ">="]);

const isAnsiInterval = (t: DataType | undefined) =>
  t instanceof DayTimeIntervalType || t instanceof YearMonthIntervalType;

/**
 * Spark compares an ANSI interval only with one of its own kind: a day-time interval against a year-month one, or
 * either against a string, is DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES (no implicit cast between them).
 */
function checkIntervalComparison(e: Binary, scope: Scope): void {
  const left = intervalTypeOf(e.left, scope);
  const right = intervalTypeOf(e.right, scope);
  if (!isAnsiInterval(left) && !isAnsiInterval(right)) return;
  const other = (t: DataType | undefined, x: Expression) => t ?? typeOf(x, scope);
  const l = other(left, e.left);
  const r = other(right, e.right);
  const differ =
    (left && right && left.constructor !== right.constructor) ||
    atomic(l) === "string" ||
    atomic(r) === "string";
  if (differ && l && r) throw binaryOpDiffTypes(expressionSql(e), l, r);
}

/**
 * A binary expression with an interval operand (or timestamp − timestamp) as DuckDB SQL, or undefined where
 * DuckDB's own operator is Spark's. Refuses what Spark refuses with DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES.
 */
export function compileIntervalBinary(e: Binary, scope: Scope): string | undefined {
  if (COMPARISONS.has(e.op)) {
    checkIntervalComparison(e, scope);
    return undefined;
  }
  if (e.op === "div") return intervalDivSql(e, scope);
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
    if (subtractsTimestamps(l, r)) return subtractTimestampsSql(e, scope);
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

/**
 * Spark's IntegralDivide of two ANSI intervals of one kind (`INTERVAL '1-1' YEAR TO MONTH div INTERVAL '-1'
 * MONTH` is -13): their months or microseconds divided, truncated toward zero, a bigint; a zero divisor is
 * DIVIDE_BY_ZERO under ANSI, else null. Intervals of the two kinds are DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES;
 * a `div` without an interval is not this function's.
 */
function intervalDivSql(e: Binary, scope: Scope): string | undefined {
  const left = intervalTypeOf(e.left, scope);
  const right = intervalTypeOf(e.right, scope);
  if (!isAnsiInterval(left) && !isAnsiInterval(right)) return undefined;
  const l = left ?? typeOf(e.left, scope);
  const r = right ?? typeOf(e.right, scope);
  if (!left || !right || left.constructor !== right.constructor) {
    if (l && r) throw binaryOpDiffTypes(expressionSql(e), l, r);
    return undefined;
  }
  const units = left instanceof YearMonthIntervalType ? months : micros;
  const [a, b] = [units(compileExpression(e.left, scope)), units(compileExpression(e.right, scope))];
  const zero = e.ansi === false ? "CAST(NULL AS BIGINT)" : divideByZeroSql();
  return `(CASE WHEN ${b} = 0 THEN ${zero} ELSE CAST((abs(${a}) // abs(${b})) * sign(${a}) * sign(${b}) AS BIGINT) END)`;
}
