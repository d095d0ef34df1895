/** Spark types as Arrow types, for building Arrow tables from JavaScript values (createDataFrame, JSON). */
import * as arrow from "apache-arrow";
import { ArrayType, AtomicType, type DataType, DecimalType, MapType, StructType } from "./types";

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
  if (type instanceof DecimalType) return new arrow.Float64();
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
  if (type instanceof DecimalType) return Number(value);
  return value;
}

/** An Arrow table holding `rows` (plain objects) under `schema`. */
export function arrowTableFromRows(
  rows: readonly Record<string, unknown>[],
  schema: StructType,
): arrow.Table {
  const columns: Record<string, arrow.Vector> = {};
  for (const field of schema.fields) {
    const type = toArrowType(field.dataType);
    const values = rows.map((row) => {
      const key =
        field.name in row
          ? field.name
          : Object.keys(row).find((k) => k.toLowerCase() === field.name.toLowerCase());
      return normalise(key === undefined ? null : row[key], field.dataType);
    });
    columns[field.name] = arrow.vectorFromArray(values, type);
  }
  if (schema.fields.length === 0) return new arrow.Table();
  return new arrow.Table(columns);
}
