/**
 * Spark's TIMESTAMP_NTZ in expressions. DuckDB holds TIMESTAMP_NTZ and TIMESTAMP (LTZ) alike as its TIMESTAMP —
 * an LTZ value as its UTC wall clock, an NTZ value as its own wall clock — so DuckDB's result types do not say
 * which one a column is: the analyzer asks here, and keeps the answer beside the column as it keeps an interval's
 * range (types.ts `declaredType`). An expression is NTZ where Spark's would be: a TIMESTAMP_NTZ literal or cast,
 * a column of one, the functions Spark types TIMESTAMP_NTZ, an NTZ value plus or minus an interval, and the
 * functions whose result has their argument's type (coalesce, min, max, first...).
 */
import { resolveColumn, type Scope } from "../analysis/columnResolution";
import type { Expression } from "../expressions";
import {
  ArrayType,
  type DataType,
  isIntervalType,
  isTimestampNTZ,
  StructField,
  StructType,
  TimestampNTZType,
} from "../types";
import { intervalTypeOf } from "./intervalArithmetic";

/** The functions whose result Spark types TIMESTAMP_NTZ whatever their arguments. */
const NTZ_FUNCTIONS = new Set([
  "to_timestamp_ntz",
  "make_timestamp_ntz",
  "try_make_timestamp_ntz",
  "localtimestamp",
  "convert_timezone",
  "try_to_timestamp_ntz",
]);

/** The functions whose result has the type of their first argument. */
const SAME_AS_FIRST = new Set([
  "coalesce",
  "nvl",
  "ifnull",
  "greatest",
  "least",
  "min",
  "max",
  "first",
  "last",
  "first_value",
  "last_value",
  "any_value",
  "lag",
  "lead",
  "nth_value",
  "mode",
  "max_by",
  "min_by",
  "nullif",
]);

/** The functions whose result has the type of their second argument. */
const SAME_AS_SECOND = new Set(["if", "iff", "nvl2"]);

/** The event-time window functions: a struct of `start` and `end` of their time column's type. */
const WINDOW_FUNCTIONS = new Set(["window", "session_window", "__session_window"]);

const NULL_LITERAL = (e: Expression) => e.kind === "literal" && e.value === null && e.dataType === undefined;

/**
 * The Spark type of an expression where it holds a TIMESTAMP_NTZ (TIMESTAMP_NTZ itself, or a struct or array
 * with one), or undefined: the expression's type is DuckDB's.
 */
export function ntzTypeOf(e: Expression, scope: Scope): DataType | undefined {
  switch (e.kind) {
    case "literal":
      return e.dataType && holdsNtz(e.dataType) ? e.dataType : undefined;
    case "cast":
      return holdsNtz(e.dataType) ? e.dataType : undefined;
    case "alias":
      return ntzTypeOf(e.child, scope);
    case "column":
      try {
        const type = resolveColumn(e.parts, scope, e.planId, e.index).dataType;
        return holdsNtz(type) ? type : undefined;
      } catch {
        return undefined;
      }
    case "extract": {
      const parent = ntzTypeOf(e.child, scope);
      if (parent instanceof StructType && e.key.kind === "literal" && typeof e.key.value === "string") {
        const field = parent.field(e.key.value);
        return field && holdsNtz(field.dataType) ? field.dataType : undefined;
      }
      if (parent instanceof ArrayType) return holdsNtz(parent.elementType) ? parent.elementType : undefined;
      return undefined;
    }
    case "case": {
      const values = [...e.branches.map(([, v]) => v), ...(e.otherwise ? [e.otherwise] : [])];
      return allNtz(values, scope);
    }
    case "binary": {
      if (e.op !== "+" && e.op !== "-") return undefined;
      const left = ntzTypeOf(e.left, scope);
      if (isTimestampNTZ(left) && isIntervalType(intervalTypeOf(e.right, scope))) return left;
      if (
        e.op === "+" &&
        isTimestampNTZ(ntzTypeOf(e.right, scope)) &&
        isIntervalType(intervalTypeOf(e.left, scope))
      )
        return TimestampNTZType;
      return undefined;
    }
    case "windowFunction":
      return ntzTypeOf(e.function, scope);
    case "call": {
      if (NTZ_FUNCTIONS.has(e.name)) return TimestampNTZType;
      if (WINDOW_FUNCTIONS.has(e.name)) {
        const time = e.args[0] && ntzTypeOf(e.args[0], scope);
        return isTimestampNTZ(time)
          ? new StructType([
              new StructField("start", TimestampNTZType, true),
              new StructField("end", TimestampNTZType, true),
            ])
          : undefined;
      }
      if (e.name === "window_time") {
        const window = e.args[0] && ntzTypeOf(e.args[0], scope);
        return window instanceof StructType && isTimestampNTZ(window.field("end")?.dataType)
          ? TimestampNTZType
          : undefined;
      }
      if (e.name === "timestampadd" || e.name === "timestamp_add" || e.name === "dateadd") {
        const ts = e.args[e.args.length - 1];
        return ts && isTimestampNTZ(ntzTypeOf(ts, scope)) ? TimestampNTZType : undefined;
      }
      if (e.name === "coalesce" || e.name === "greatest" || e.name === "least" || e.name === "nvl")
        return allNtz(e.args, scope);
      if (SAME_AS_FIRST.has(e.name)) {
        const first = e.args[0] && ntzTypeOf(e.args[0], scope);
        return first && isTimestampNTZ(first) ? first : undefined;
      }
      if (SAME_AS_SECOND.has(e.name)) return allNtz(e.args.slice(1), scope);
      if (e.name === "collect_list" || e.name === "collect_set" || e.name === "array_agg") {
        const element = e.args[0] && ntzTypeOf(e.args[0], scope);
        return isTimestampNTZ(element) ? new ArrayType(TimestampNTZType) : undefined;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** TIMESTAMP_NTZ where every value that is not a bare NULL is (Spark widens NTZ and LTZ to LTZ). */
function allNtz(values: readonly Expression[], scope: Scope): DataType | undefined {
  const typed = values.filter((v) => !NULL_LITERAL(v));
  if (typed.length === 0) return undefined;
  return typed.every((v) => isTimestampNTZ(ntzTypeOf(v, scope))) ? TimestampNTZType : undefined;
}

/** Whether a type holds a TIMESTAMP_NTZ at any depth. */
export function holdsNtz(type: DataType): boolean {
  if (isTimestampNTZ(type)) return true;
  if (type instanceof StructType) return type.fields.some((f) => holdsNtz(f.dataType));
  if (type instanceof ArrayType) return holdsNtz(type.elementType);
  return false;
}
