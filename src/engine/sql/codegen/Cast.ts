/**
 * Spark's `object Cast`: which casts are allowed under each evaluation mode (`canCast` for legacy casts,
 * `canAnsiCast` under `spark.sql.ansi.enabled`, `canTryCast` for `try_cast`), whether a cast can turn a value into
 * null (`forceNullable`), and the DATATYPE_MISMATCH a refused cast fails analysis with. How a cast computes its
 * value is castSql.ts.
 */
import type { AnalysisException } from "../../errors";
import {
  castWithConfSuggestion,
  castWithFuncSuggestion,
  castWithoutSuggestion,
} from "../../errors/QueryCompilationErrors";
import {
  ArrayType,
  AtomicType,
  CalendarIntervalType,
  type DataType,
  DayTimeIntervalType,
  DecimalType,
  MapType,
  StructType,
  YearMonthIntervalType,
} from "../types";

/**
 * Spark's EvalMode: LEGACY casts give null where a value does not fit; ANSI casts fail the query (Spark 4's
 * default, `spark.sql.ansi.enabled`); TRY casts (`try_cast`) give null where ANSI would fail.
 */
export type EvalMode = "LEGACY" | "ANSI" | "TRY";

const name = (t: DataType) => (t instanceof AtomicType ? t.name : undefined);
const is = (t: DataType, ...names: string[]) => names.includes(name(t) ?? "");

export const isStringType = (t: DataType) => is(t, "string");
export const isIntegralType = (t: DataType) => is(t, "byte", "short", "integer", "long");
export const isFractionalType = (t: DataType) => t instanceof DecimalType || is(t, "float", "double");
export const isNumericType = (t: DataType) => isIntegralType(t) || isFractionalType(t);
const isNull = (t: DataType) => is(t, "null");
const TIMESTAMP = "timestamp";
const NTZ = "timestamp_ntz";

const isAnsiInterval = (t: DataType) =>
  t instanceof DayTimeIntervalType || t instanceof YearMonthIntervalType;

/**
 * The interval rows both `canCast` and `canAnsiCast` have (Spark 3.3+): strings to any interval type, ANSI
 * intervals to and from integral and decimal numbers, and between intervals of one kind.
 */
function canCastInterval(from: DataType, to: DataType): boolean {
  if (isStringType(from) && (isAnsiInterval(to) || to instanceof CalendarIntervalType)) return true;
  if (isAnsiInterval(from) && (isIntegralType(to) || to instanceof DecimalType)) return true;
  if ((isIntegralType(from) || from instanceof DecimalType) && isAnsiInterval(to)) return true;
  return (
    (from instanceof DayTimeIntervalType && to instanceof DayTimeIntervalType) ||
    (from instanceof YearMonthIntervalType && to instanceof YearMonthIntervalType)
  );
}

/** Whether a nullable input (`from`) may land where `to` says whether nulls are allowed. */
const resolvableNullability = (from: boolean, to: boolean) => !from || to;

/** Spark's `Cast.canCast`: the casts of legacy (non-ANSI) mode. */
export function canCast(from: DataType, to: DataType): boolean {
  if (from.equals(to) || isNull(from) || isStringType(to) || canCastInterval(from, to)) return true;
  if (is(to, "binary")) return isStringType(from) || isIntegralType(from);
  if (is(to, "boolean")) return isStringType(from) || is(from, "date", TIMESTAMP) || isNumericType(from);
  if (is(to, TIMESTAMP)) return isStringType(from) || is(from, "boolean", "date", NTZ) || isNumericType(from);
  if (is(to, NTZ)) return isStringType(from) || is(from, "date", TIMESTAMP);
  if (is(to, "date")) return isStringType(from) || is(from, TIMESTAMP, NTZ);
  if (isNumericType(to))
    return isStringType(from) || is(from, "boolean", "date", TIMESTAMP) || isNumericType(from);
  return canCastComplex(from, to, canCast, true);
}

/**
 * Spark's `Cast.canAnsiCast`: the SQL standard's casts, plus numeric <=> boolean and string <=> binary. No date or
 * boolean to timestamp, no date to numbers, no numbers to binary.
 */
export function canAnsiCast(from: DataType, to: DataType): boolean {
  if (from.equals(to) || isNull(from) || isStringType(to) || canCastInterval(from, to)) return true;
  if (is(to, "binary")) return isStringType(from);
  if (is(to, "boolean")) return isStringType(from) || isNumericType(from);
  if (is(to, TIMESTAMP)) return isStringType(from) || is(from, "date", NTZ) || isNumericType(from);
  if (is(to, NTZ)) return isStringType(from) || is(from, "date", TIMESTAMP);
  if (is(to, "date")) return isStringType(from) || is(from, TIMESTAMP, NTZ);
  if (isNumericType(to)) return isNumericType(from) || isStringType(from) || is(from, "boolean", TIMESTAMP);
  return canCastComplex(from, to, canAnsiCast, false);
}

/** Spark's `Cast.canTryCast`: ANSI's casts, and inside arrays, maps and structs legacy's (a failure is null). */
export function canTryCast(from: DataType, to: DataType): boolean {
  const bothComplex =
    (from instanceof ArrayType && to instanceof ArrayType) ||
    (from instanceof MapType && to instanceof MapType) ||
    (from instanceof StructType && to instanceof StructType);
  return bothComplex ? canCastComplex(from, to, canCast, true) : canAnsiCast(from, to);
}

/** Arrays, maps and structs cast element by element (structs field by field, by position). */
function canCastComplex(
  from: DataType,
  to: DataType,
  element: (from: DataType, to: DataType) => boolean,
  nullsFromCasts: boolean,
): boolean {
  const forced = (f: DataType, t: DataType) => nullsFromCasts && forceNullable(f, t);
  if (from instanceof ArrayType && to instanceof ArrayType) {
    return (
      element(from.elementType, to.elementType) &&
      resolvableNullability(from.containsNull || forced(from.elementType, to.elementType), to.containsNull)
    );
  }
  if (from instanceof MapType && to instanceof MapType) {
    return (
      element(from.keyType, to.keyType) &&
      !forced(from.keyType, to.keyType) &&
      element(from.valueType, to.valueType) &&
      resolvableNullability(
        from.valueContainsNull || forced(from.valueType, to.valueType),
        to.valueContainsNull,
      )
    );
  }
  if (from instanceof StructType && to instanceof StructType) {
    return (
      from.fields.length === to.fields.length &&
      from.fields.every(
        (f, i) =>
          element(f.dataType, to.fields[i].dataType) &&
          resolvableNullability(
            f.nullable || forced(f.dataType, to.fields[i].dataType),
            to.fields[i].nullable,
          ),
      )
    );
  }
  return false;
}

/** Whether `cast` under `mode` is allowed. */
export function canCastIn(mode: EvalMode, from: DataType, to: DataType): boolean {
  if (mode === "LEGACY") return canCast(from, to);
  return mode === "ANSI" ? canAnsiCast(from, to) : canTryCast(from, to);
}

/** The digits of each integral type, as Spark's DecimalType.forType counts them. */
const INTEGRAL_DIGITS: Record<string, number> = { byte: 3, short: 5, integer: 10, long: 20 };

/** Spark's `DecimalType.isWiderThan`: every value of `from` fits in `to`. */
function decimalWiderThan(to: DecimalType, from: DataType): boolean {
  if (from instanceof DecimalType) {
    return to.precision - to.scale >= from.precision - from.scale && to.scale >= from.scale;
  }
  const digits = INTEGRAL_DIGITS[name(from) ?? ""];
  return digits !== undefined && to.precision - to.scale >= digits;
}

/** Spark's `Cast.canNullSafeCastToDecimal`: no value of `from` overflows `to`. */
function canNullSafeCastToDecimal(from: DataType, to: DecimalType): boolean {
  if (is(from, "boolean")) return to.precision - to.scale >= 1;
  if (from instanceof DecimalType) return to.precision - to.scale > from.precision - from.scale;
  return isNumericType(from) && decimalWiderThan(to, from);
}

/** Spark's `Cast.forceNullable`: whether a cast can give null for a value that is not null. */
export function forceNullable(from: DataType, to: DataType): boolean {
  if (isNull(from) || from.equals(to)) return false;
  if (isStringType(from)) return !is(to, "binary", "string");
  if (isStringType(to)) return false;
  if (is(from, TIMESTAMP) && is(to, "byte", "short", "integer")) return true;
  if (is(from, "float", "double") && is(to, TIMESTAMP)) return true;
  if (is(from, TIMESTAMP) && is(to, "date")) return false;
  if (is(to, "date")) return true;
  if (is(from, "date") && is(to, TIMESTAMP)) return false;
  if (is(from, "date")) return true;
  if (to instanceof DecimalType && !canNullSafeCastToDecimal(from, to)) return true;
  return isFractionalType(from) && isIntegralType(to);
}

/** Spark's `Cast.canUpCast`, for the nullability of `try_cast`: casts that never lose a value. */
function canUpCast(from: DataType, to: DataType): boolean {
  if (from.equals(to) || isNull(from)) return true;
  if (to instanceof DecimalType && isNumericType(from) && decimalWiderThan(to, from)) return true;
  const order = ["byte", "short", "integer", "long", "float", "double"];
  const f = order.indexOf(name(from) ?? "");
  const t = order.indexOf(name(to) ?? "");
  if (f >= 0 && f < t) return true;
  if (from instanceof DecimalType && is(to, "double")) return true;
  if (is(from, "date") && is(to, TIMESTAMP)) return true;
  if (from instanceof AtomicType && isStringType(to)) return true;
  return (is(from, TIMESTAMP) && is(to, "long")) || (is(from, "long") && is(to, TIMESTAMP));
}

/** Spark's `Cast.nullable`: whether the cast of a value of `from` (nullable or not) can be null. */
export function castNullable(mode: EvalMode, from: DataType, to: DataType, childNullable: boolean): boolean {
  if (mode !== "TRY") return childNullable || forceNullable(from, to);
  if (isStringType(from) && is(to, "binary")) return childNullable;
  if (from instanceof DecimalType && isIntegralType(to)) return true;
  return childNullable || !canUpCast(from, to);
}

/** Spark's `Cast.typeCheckFailureMessage`: the analysis error of a cast `mode` does not allow. */
export function castTypeMismatch(
  mode: EvalMode,
  sqlExpr: string,
  from: DataType,
  to: DataType,
): AnalysisException {
  if (mode === "LEGACY") return castWithoutSuggestion(sqlExpr, from, to);
  if (isNumericType(from) && is(to, TIMESTAMP)) {
    return castWithFuncSuggestion(sqlExpr, from, to, [
      "TIMESTAMP_SECONDS",
      "TIMESTAMP_MILLIS",
      "TIMESTAMP_MICROS",
    ]);
  }
  if (is(from, TIMESTAMP) && isNumericType(to)) {
    return castWithFuncSuggestion(sqlExpr, from, to, ["UNIX_SECONDS", "UNIX_MILLIS", "UNIX_MICROS"]);
  }
  if (isNumericType(from) && is(to, "date"))
    return castWithFuncSuggestion(sqlExpr, from, to, ["DATE_FROM_UNIX_DATE"]);
  if (is(from, "date") && isNumericType(to)) return castWithFuncSuggestion(sqlExpr, from, to, ["UNIX_DATE"]);
  if (mode === "ANSI" && canCast(from, to)) {
    return castWithConfSuggestion(sqlExpr, from, to, "spark.sql.ansi.enabled", "false");
  }
  return castWithoutSuggestion(sqlExpr, from, to);
}
