/** Spark types as Arrow types, for building Arrow tables from JavaScript values (createDataFrame, JSON). */
import * as arrow from "apache-arrow";
import { Decimal } from "./decimals";
import {
  ArrayType,
  AtomicType,
  type DataType,
  DecimalType,
  LongType,
  MapType,
  StringType,
  StructType,
} from "./types";

export function toArrowType(type: DataType): arrow.DataType {
  if (type instanceof StructType) {
    return new arrow.Struct(type.fields.map((f) => new arrow.Field(f.name, toArrowType(f.dataType), true)));
  }
  if (type instanceof ArrayType)
    return new arrow.List(new arrow.Field("element", toArrowType(type.elementType), true));
  if (type instanceof MapType) {
    const entries = new arrow.Struct([
      new arrow.Field("key", toArrowType(type.keyType), false),
      new arrow.Field("value", toArrowType(type.valueType), true),
    ]) as unknown as arrow.Struct<{ key: arrow.DataType; value: arrow.DataType }>;
    return new arrow.Map_(new arrow.Field("entries", entries, false));
  }
  if (type instanceof DecimalType) return new arrow.Decimal(type.scale, type.precision, 128);
  switch ((type as AtomicType).name) {
    case "string":
      return new arrow.Utf8();
    case "boolean":
      return new arrow.Bool();
    case "byte":
      return new arrow.Int8();
    case "short":
      return new arrow.Int16();
    case "integer":
      return new arrow.Int32();
    case "long":
      return new arrow.Int64();
    case "float":
      return new arrow.Float32();
    case "double":
      return new arrow.Float64();
    case "date":
      return new arrow.DateMillisecond();
    case "timestamp":
    case "timestamp_ntz":
      return new arrow.TimestampMicrosecond();
    case "binary":
      return new arrow.Binary();
    default:
      return new arrow.Null();
  }
}

/** Normalises a JavaScript value to what Arrow's builders take for `type`; undefined stays null. */
function normalise(value: unknown, type: DataType): unknown {
  if (value === undefined || value === null) return null;
  if (type instanceof StructType) {
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const f of type.fields) {
      const key =
        f.name in source ? f.name : Object.keys(source).find((k) => k.toLowerCase() === f.name.toLowerCase());
      out[f.name] = normalise(key === undefined ? null : source[key], f.dataType);
    }
    return out;
  }
  if (type instanceof ArrayType) return (value as unknown[]).map((v) => normalise(v, type.elementType));
  if (type instanceof MapType) {
    const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object);
    return new Map(entries.map(([k, v]) => [normalise(k, type.keyType), normalise(v, type.valueType)]));
  }
  if (type instanceof AtomicType) {
    switch (type.name) {
      case "long":
        return typeof value === "bigint" ? value : BigInt(Math.trunc(Number(value)));
      case "integer":
      case "short":
      case "byte":
        return Number(value);
      case "float":
      case "double":
        return typeof value === "string" ? Number(value) : Number(value);
      case "timestamp":
      case "timestamp_ntz": {
        const ms =
          value instanceof Date
            ? value.getTime()
            : typeof value === "string"
              ? Date.parse(
                  value.endsWith("Z") || /[+-]\d\d:?\d\d$/.test(value)
                    ? value
                    : `${value.replace(" ", "T")}Z`,
                )
              : Number(value);
        return ms;
      }
      case "date":
        return value instanceof Date
          ? value
          : new Date(typeof value === "string" ? `${value.slice(0, 10)}T00:00:00Z` : Number(value));
      case "string":
        return typeof value === "string"
          ? value
          : typeof value === "object"
            ? JSON.stringify(value)
            : String(value);
      case "boolean":
        return typeof value === "string" ? value.toLowerCase() === "true" : Boolean(value);
      default:
        return value;
    }
  }
  if (type instanceof DecimalType) return decimalWords(value, type);
  return value;
}

/** A decimal as Arrow's builders take it: four 32-bit words of the unscaled value at the type's scale. */
function decimalWords(value: unknown, type: DecimalType): Uint32Array | null {
  const d = toDecimal(value);
  if (d === undefined) return null;
  const unscaled = d.setScale(type.scale).unscaled;
  const bound = 10n ** BigInt(type.precision);
  if (unscaled >= bound || unscaled <= -bound) return null;
  const words = new Uint32Array(4);
  let w = BigInt.asUintN(128, unscaled);
  for (let k = 0; k < 4; k++) {
    words[k] = Number(w & 0xffffffffn);
    w >>= 32n;
  }
  return words;
}

/** An Arrow table holding `rows` (plain objects) under `schema`. */
export function arrowTableFromRows(
  rows: readonly Record<string, unknown>[],
  schema: StructType,
): arrow.Table {
  const columns: Record<string, arrow.Vector> = {};
  for (const field of schema.fields) {
    const values = rows.map((row) => {
      const key =
        field.name in row
          ? field.name
          : Object.keys(row).find((k) => k.toLowerCase() === field.name.toLowerCase());
      return key === undefined ? null : row[key];
    });
    columns[field.name] = arrowVectorFromValues(values, field.dataType);
  }
  if (schema.fields.length === 0) return new arrow.Table();
  return new arrow.Table(columns);
}

const NUMERIC_ARRAYS = {
  byte: Int8Array,
  short: Int16Array,
  integer: Int32Array,
  float: Float32Array,
  double: Float64Array,
  long: BigInt64Array,
} as const;

/** An Arrow vector of `type` holding `values` (a column's JavaScript values). */
export function arrowVectorFromValues(values: readonly unknown[], type: DataType): arrow.Vector {
  if (type instanceof DecimalType) return decimalVector(values, type);
  if (type instanceof AtomicType && type.name in NUMERIC_ARRAYS)
    return numericVector(values, type.name as keyof typeof NUMERIC_ARRAYS, toArrowType(type));
  if (type instanceof AtomicType && type.name === "string") return stringVector(values);
  const normalised = new Array<unknown>(values.length);
  for (let i = 0; i < values.length; i++) normalised[i] = normalise(values[i], type);
  return arrow.vectorFromArray(normalised, toArrowType(type));
}

/** A numeric column written straight into its typed array and validity bitmap (Arrow's builders go value by value). */
function numericVector(
  values: readonly unknown[],
  name: keyof typeof NUMERIC_ARRAYS,
  type: arrow.DataType,
): arrow.Vector {
  const length = values.length;
  const nullBitmap = new Uint8Array(((length + 63) >> 6) << 3);
  let nullCount = 0;
  const set = (i: number) => {
    nullBitmap[i >> 3] |= 1 << (i & 7);
  };
  let data: Int8Array | Int16Array | Int32Array | Float32Array | Float64Array | BigInt64Array;
  if (name === "long") {
    const longs = new BigInt64Array(length);
    // Safe integers go in as two 32-bit words (little-endian), without a BigInt each.
    const words = new Int32Array(longs.buffer);
    for (let i = 0; i < length; i++) {
      const v = values[i];
      if (v === null || v === undefined) nullCount++;
      else {
        if (Number.isSafeInteger(v)) {
          const high = Math.floor((v as number) / 2 ** 32);
          words[2 * i] = (v as number) - high * 2 ** 32;
          words[2 * i + 1] = high;
        } else longs[i] = normalise(v, LongType) as bigint;
        set(i);
      }
    }
    data = longs;
  } else {
    const numbers = new NUMERIC_ARRAYS[name](length);
    for (let i = 0; i < length; i++) {
      const v = values[i];
      if (v === null || v === undefined) nullCount++;
      else {
        numbers[i] = Number(v);
        set(i);
      }
    }
    data = numbers;
  }
  return arrow.makeVector(
    arrow.makeData({ type, length, nullCount, nullBitmap: nullCount > 0 ? nullBitmap : null, data } as never),
  );
}

/**
 * A decimal column as Arrow's 128-bit decimals (little-endian two's complement), each value exact: a Decimal, a
 * string or bigint by its digits, a number by its shortest digits; all rounded half up to the type's scale.
 * A value past the type's precision is null, as Spark's non-ANSI cast makes it.
 */
function decimalVector(values: readonly unknown[], type: DecimalType): arrow.Vector {
  const length = values.length;
  const words = new Uint32Array(length * 4);
  const nullBitmap = new Uint8Array(((length + 63) >> 6) << 3);
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    const v = values[i];
    const value = v === null || v === undefined ? null : decimalWords(v, type);
    if (value === null) {
      nullCount++;
      continue;
    }
    words.set(value, i * 4);
    nullBitmap[i >> 3] |= 1 << (i & 7);
  }
  return arrow.makeVector(
    arrow.makeData({
      type: toArrowType(type),
      length,
      nullCount,
      nullBitmap: nullCount > 0 ? nullBitmap : null,
      data: words,
    } as never),
  );
}

function toDecimal(value: unknown): Decimal | undefined {
  try {
    if (value instanceof Decimal) return value;
    if (typeof value === "number" || typeof value === "bigint" || typeof value === "string")
      return Decimal.from(value);
    if (typeof value === "object" && value !== null) {
      const { unscaled, scale } = value as { unscaled?: unknown; scale?: unknown };
      if (typeof unscaled === "bigint" && typeof scale === "number") return new Decimal(unscaled, scale);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

const utf8 = new TextEncoder();

/** A string column encoded into one UTF-8 buffer with its offsets (Arrow's builder encodes value by value). */
function stringVector(values: readonly unknown[]): arrow.Vector {
  const length = values.length;
  const strings = new Array<string | null>(length);
  let units = 0;
  for (let i = 0; i < length; i++) {
    const text = normalise(values[i], StringType) as string | null;
    strings[i] = text;
    if (text !== null) units += text.length;
  }
  // A UTF-16 code unit takes at most 3 bytes of UTF-8.
  const bytes = new Uint8Array(units * 3);
  const valueOffsets = new Int32Array(length + 1);
  const nullBitmap = new Uint8Array(((length + 63) >> 6) << 3);
  let nullCount = 0;
  let end = 0;
  for (let i = 0; i < length; i++) {
    const text = strings[i];
    if (text === null) nullCount++;
    else {
      end += utf8.encodeInto(text, bytes.subarray(end)).written;
      nullBitmap[i >> 3] |= 1 << (i & 7);
    }
    valueOffsets[i + 1] = end;
  }
  return arrow.makeVector(
    arrow.makeData({
      type: new arrow.Utf8(),
      length,
      nullCount,
      nullBitmap: nullCount > 0 ? nullBitmap : null,
      valueOffsets,
      data: bytes.subarray(0, end),
    }),
  );
}
