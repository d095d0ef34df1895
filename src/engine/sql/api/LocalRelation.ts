/**
 * Rows given from code (`spark.createDataFrame(rows, schema)`): the schema PySpark infers when none is given,
 * and PySpark's checks that each value fits its field (`verifySchema`), with PySpark's error classes.
 */

import { PySparkTypeError } from "../../errors/exceptions";
import {
  cannotAcceptObjectInType,
  cannotDetermineType,
  cannotInferEmptySchema,
  cannotInferTypeForField,
  cannotMergeType,
  fieldDataTypeUnacceptable,
  fieldNotNullable,
  lengthShouldBeTheSame,
  unsupportedDataType,
} from "../../errors/PySparkErrors";
import { Decimal } from "../decimals";
import {
  ArrayType,
  AtomicType,
  BooleanType,
  type DataType,
  DecimalType,
  DoubleType,
  LongType,
  MapType,
  NullType,
  StringType,
  StructField,
  StructType,
  TimestampType,
} from "../types";

/** A row from code: a plain object (by field name) or an array (in schema order). */
export type LocalRow = object;

/** The Spark type PySpark infers for a JavaScript value (numbers: bigint for integers, double otherwise). */
function inferType(value: unknown): DataType {
  if (value === null || value === undefined) return NullType;
  if (typeof value === "boolean") return BooleanType;
  if (typeof value === "bigint") return LongType;
  if (typeof value === "number") return Number.isInteger(value) ? LongType : DoubleType;
  if (typeof value === "string") return StringType;
  if (value instanceof Date) return TimestampType;
  // PySpark's _infer_type of a decimal.Decimal (and Spark's of a BigDecimal): DecimalType(38, 18).
  if (value instanceof Decimal) return new DecimalType(38, 18);
  if (Array.isArray(value)) {
    return new ArrayType(value.map(inferType).reduce(mergeTypes, NullType));
  }
  if (value instanceof Map) {
    const entries = [...value.entries()];
    return new MapType(
      entries.map(([k]) => inferType(k)).reduce(mergeTypes, NullType),
      entries.map(([, v]) => inferType(v)).reduce(mergeTypes, NullType),
    );
  }
  if (typeof value === "object") {
    return new StructType(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => new StructField(k, inferField(k, v))),
    );
  }
  throw unsupportedDataType(jsTypeName(value));
}

/** PySpark's `_infer_schema`: a field whose value has no Spark type is named in the error. */
function inferField(name: string, value: unknown): DataType {
  try {
    return inferType(value);
  } catch (error) {
    if (error instanceof PySparkTypeError) throw cannotInferTypeForField(name);
    throw error;
  }
}

const isNull = (t: DataType) => t instanceof AtomicType && t.name === "null";

/** Two rows' types for one field, merged as PySpark merges them (null takes the other; long and double: double). */
function mergeTypes(a: DataType, b: DataType): DataType {
  if (isNull(a)) return b;
  if (isNull(b) || a.equals(b)) return a;
  if (a instanceof AtomicType && b instanceof AtomicType && a.isNumeric() && b.isNumeric()) return DoubleType;
  if (a instanceof ArrayType && b instanceof ArrayType)
    return new ArrayType(mergeTypes(a.elementType, b.elementType));
  if (a instanceof StructType && b instanceof StructType) {
    const names = [...new Set([...a.fieldNames, ...b.fieldNames])];
    return new StructType(
      names.map(
        (n) =>
          new StructField(n, mergeTypes(a.field(n)?.dataType ?? NullType, b.field(n)?.dataType ?? NullType)),
      ),
    );
  }
  throw cannotMergeType(typeClass(a), typeClass(b));
}

/** PySpark's class name of a type (`LongType()`), as its messages print types. */
function typeClass(t: DataType): string {
  if (t instanceof AtomicType) {
    const names: Record<string, string> = {
      string: "StringType()",
      boolean: "BooleanType()",
      byte: "ByteType()",
      short: "ShortType()",
      integer: "IntegerType()",
      long: "LongType()",
      float: "FloatType()",
      double: "DoubleType()",
      date: "DateType()",
      timestamp: "TimestampType()",
      timestamp_ntz: "TimestampNTZType()",
      binary: "BinaryType()",
      null: "NullType()",
    };
    return names[t.name];
  }
  if (t instanceof DecimalType) return `DecimalType(${t.precision}, ${t.scale})`;
  if (t instanceof ArrayType) return `ArrayType(${typeClass(t.elementType)}, True)`;
  if (t instanceof MapType) return `MapType(${typeClass(t.keyType)}, ${typeClass(t.valueType)}, True)`;
  return "StructType([...])";
}

/** The schema PySpark infers from rows, with `names` for array rows (or to rename object rows' fields). */
export function inferSchema(rows: readonly LocalRow[], names?: readonly string[]): StructType {
  if (rows.length === 0) {
    throw cannotInferEmptySchema();
  }
  const keys =
    names ??
    (Array.isArray(rows[0])
      ? (rows[0] as unknown[]).map((_, i) => `_${i + 1}`)
      : [...new Set(rows.flatMap((r) => Object.keys(r as object)))]);
  const fields = keys.map((name, i) => {
    const type = rows
      .map((r) =>
        inferField(
          name,
          Array.isArray(r) ? r[i] : (r as Record<string, unknown>)[names ? Object.keys(r)[i] : name],
        ),
      )
      .reduce(mergeTypes, NullType);
    if (isNull(type)) {
      throw cannotDetermineType();
    }
    return new StructField(name, type, true);
  });
  return new StructType(fields);
}

function jsTypeName(value: unknown): string {
  if (value instanceof Date) return "Date";
  if (Array.isArray(value)) return "Array";
  return typeof value;
}

/** PySpark's verifySchema: every value must fit its field, nulls only where the field is nullable. */
function verifyValue(value: unknown, type: DataType, name: string, nullable: boolean): void {
  if (value === null || value === undefined) {
    if (!nullable) {
      throw fieldNotNullable(name);
    }
    return;
  }
  const reject = (): never => {
    throw fieldDataTypeUnacceptable(
      name,
      typeClass(type),
      JSON.stringify(value) ?? String(value),
      jsTypeName(value),
    );
  };
  if (type instanceof StructType) {
    if (typeof value !== "object" || value instanceof Date) reject();
    const source = value as Record<string, unknown>;
    for (const [i, f] of type.fields.entries()) {
      const v = Array.isArray(value) ? value[i] : source[f.name];
      verifyValue(v, f.dataType, `field ${f.name} in ${name}`, f.nullable);
    }
    return;
  }
  if (type instanceof ArrayType) {
    if (!Array.isArray(value)) reject();
    for (const v of value as unknown[])
      verifyValue(v, type.elementType, `element in array ${name}`, type.containsNull);
    return;
  }
  if (type instanceof MapType) {
    if (typeof value !== "object" || Array.isArray(value) || value instanceof Date) reject();
    const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object);
    for (const [k, v] of entries) {
      verifyValue(k, type.keyType, `key of map ${name}`, false);
      verifyValue(v, type.valueType, `value of map ${name}`, type.valueContainsNull);
    }
    return;
  }
  if (type instanceof DecimalType) {
    if (
      typeof value !== "number" &&
      typeof value !== "bigint" &&
      typeof value !== "string" &&
      !(value instanceof Decimal)
    )
      reject();
    return;
  }
  const atomic = (type as AtomicType).name;
  const ok: Record<string, (v: unknown) => boolean> = {
    string: (v) => typeof v === "string",
    boolean: (v) => typeof v === "boolean",
    byte: (v) => integerIn(v, 2 ** 7),
    short: (v) => integerIn(v, 2 ** 15),
    integer: (v) => integerIn(v, 2 ** 31),
    long: (v) => typeof v === "bigint" || integerIn(v, 2 ** 63),
    float: (v) => typeof v === "number",
    double: (v) => typeof v === "number",
    // Dates and timestamps also take ISO-8601 strings: JavaScript has no date literal.
    date: (v) => v instanceof Date || (typeof v === "string" && !Number.isNaN(Date.parse(v))),
    timestamp: (v) => v instanceof Date || (typeof v === "string" && !Number.isNaN(Date.parse(v))),
    timestamp_ntz: (v) => v instanceof Date || (typeof v === "string" && !Number.isNaN(Date.parse(v))),
    binary: (v) => v instanceof Uint8Array,
    null: () => false,
  };
  if (!ok[atomic](value)) reject();
  if (
    typeof value === "number" &&
    ["byte", "short", "integer", "long"].includes(atomic) &&
    !Number.isInteger(value)
  )
    reject();
}

function integerIn(v: unknown, bound: number): boolean {
  if (typeof v === "bigint") return v >= -BigInt(bound) && v < BigInt(bound);
  return typeof v === "number" && Number.isInteger(v) && v >= -bound && v < bound;
}

/** The rows as objects keyed by the schema's names, each value checked against its field. */
export function verifyRows(rows: readonly LocalRow[], schema: StructType): Record<string, unknown>[] {
  return rows.map((row) => {
    if (typeof row !== "object" || row === null) {
      throw cannotAcceptObjectInType("StructType()", String(row), typeof row);
    }
    if (Array.isArray(row) && row.length !== schema.fields.length) {
      throw lengthShouldBeTheSame("obj", "fields", row.length, schema.fields.length);
    }
    const values = row as readonly unknown[];
    const object: Record<string, unknown> = Array.isArray(row)
      ? Object.fromEntries(schema.fieldNames.map((n, i) => [n, values[i]]))
      : (row as Record<string, unknown>);
    for (const f of schema.fields) {
      const key =
        f.name in object ? f.name : Object.keys(object).find((k) => k.toLowerCase() === f.name.toLowerCase());
      verifyValue(key === undefined ? null : object[key], f.dataType, `field ${f.name}`, f.nullable);
    }
    return object;
  });
}
