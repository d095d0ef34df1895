/**
 * A user-defined function's result as a value of its return type (what Spark's encoders do for a ScalaUDF's
 * result, and EvaluatePython for a PythonUDF's). A value the type cannot hold is the function's failure, not a
 * silent null: a fraction or a string for an INT, a string for a DATE that no date parses from. Python's results
 * were already converted by PySpark's rules on the Python side (mismatches became None there), so they pass.
 */
import { Decimal } from "../decimals";
import { ArrayType, AtomicType, type DataType, DecimalType, MapType, StructType } from "../types";

/** Why a result does not fit its type. */
export class UDFResultError extends Error {
  override name = "UDFResultError";
}

const INTEGER_BOUNDS: Record<string, bigint> = {
  byte: 2n ** 7n,
  short: 2n ** 15n,
  integer: 2n ** 31n,
  long: 2n ** 63n,
};

function shown(value: unknown): string {
  if (typeof value === "string") return `'${value}' (string)`;
  if (value instanceof Date) return `${value.toISOString()} (Date)`;
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return `an object`;
  return `${String(value)} (${typeof value})`;
}

function mismatch(value: unknown, type: DataType): never {
  throw new UDFResultError(
    `the result ${shown(value)} is not a value of the return type ${type.simpleString().toUpperCase()}`,
  );
}

function objectKey(key: string, type: DataType): unknown {
  const name = type instanceof AtomicType ? type.name : "";
  if (["byte", "short", "integer", "float", "double"].includes(name) && key.trim() !== "") return Number(key);
  if (name === "long" && /^-?\d+$/.test(key)) return BigInt(key);
  if (name === "boolean" && (key === "true" || key === "false")) return key === "true";
  return key;
}

/** `value` as a value of `type` for the Arrow builders (arrowTypes.ts); null stays null. */
export function toSparkValue(value: unknown, type: DataType): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" && type instanceof AtomicType) {
    // The common case first: a number for a numeric type, checked without BigInt arithmetic.
    const name = type.name;
    if (name === "double" || name === "float") return value;
    if (name === "long" && Number.isSafeInteger(value)) return value;
  }
  if (typeof value === "object" && typeof (value as { then?: unknown }).then === "function") {
    throw new UDFResultError("the function returned a Promise; a user-defined function returns its value");
  }
  if (type instanceof StructType) {
    if (typeof value !== "object" || value instanceof Date || value instanceof Uint8Array)
      mismatch(value, type);
    const byPosition = Array.isArray(value);
    const source = value as Record<string, unknown>;
    const keys = byPosition ? [] : Object.keys(source);
    const out: Record<string, unknown> = {};
    for (const [i, f] of type.fields.entries()) {
      const key = f.name in source ? f.name : keys.find((k) => k.toLowerCase() === f.name.toLowerCase());
      out[f.name] = toSparkValue(byPosition ? (value as unknown[])[i] : key && source[key], f.dataType);
    }
    return out;
  }
  if (type instanceof ArrayType) {
    if (!Array.isArray(value)) mismatch(value, type);
    return value.map((v) => toSparkValue(v, type.elementType));
  }
  if (type instanceof MapType) {
    if (typeof value !== "object" || Array.isArray(value) || value instanceof Date) mismatch(value, type);
    // A plain object's keys are strings: a map of numbers or booleans reads them back as such (rows give maps so).
    const entries =
      value instanceof Map
        ? [...value.entries()]
        : Object.entries(value as object).map(([k, v]) => [objectKey(k, type.keyType), v]);
    return new Map(entries.map(([k, v]) => [toSparkValue(k, type.keyType), toSparkValue(v, type.valueType)]));
  }
  if (type instanceof DecimalType) {
    // Exact: a Decimal, a bigint or a string keeps its digits; a number its shortest ones.
    if (value instanceof Decimal) return value;
    const n = typeof value === "string" ? Number(value) : value;
    if ((typeof n !== "number" || !Number.isFinite(n)) && typeof n !== "bigint") mismatch(value, type);
    return typeof value === "string" ? Decimal.parse(value) : Decimal.from(n as number | bigint);
  }
  const name = (type as AtomicType).name;
  switch (name) {
    case "string":
      if (typeof value === "string") return value;
      if (value instanceof Date) return value.toISOString();
      return typeof value === "object" ? JSON.stringify(value) : String(value);
    case "boolean":
      if (typeof value !== "boolean") mismatch(value, type);
      return value;
    case "byte":
    case "short":
    case "integer":
    case "long": {
      const bound = INTEGER_BOUNDS[name];
      // The common case without BigInt arithmetic: a safe integer within the type's bounds.
      if (Number.isSafeInteger(value) && (name === "long" || Math.abs(value as number) <= Number(bound) - 1))
        return value;
      const integral =
        typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value))
          ? BigInt(value)
          : undefined;
      if (integral === undefined || integral < -bound || integral >= bound) mismatch(value, type);
      return name === "long" ? integral : Number(integral);
    }
    case "float":
    case "double":
      if (typeof value !== "number" && typeof value !== "bigint") mismatch(value, type);
      return Number(value);
    case "date":
    case "timestamp":
    case "timestamp_ntz": {
      const date =
        value instanceof Date
          ? value
          : typeof value === "string" || typeof value === "number"
            ? new Date(value)
            : undefined;
      if (date === undefined || Number.isNaN(date.getTime())) mismatch(value, type);
      return date;
    }
    case "binary":
      if (value instanceof Uint8Array) return value;
      if (typeof value === "string") return new TextEncoder().encode(value);
      if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b < 256))
        return Uint8Array.from(value as number[]);
      return mismatch(value, type);
    case "null":
      return null;
    default:
      if (!(type instanceof AtomicType)) mismatch(value, type);
      return value;
  }
}
