/**
 * Spark's JSON form of a data type (DataType.json and DataType.fromJson in Spark, `StructType.json()` and
 * `_parse_datatype_json_string` in PySpark): how the `pyspark` package's types cross to the engine and back, and
 * how the catalog keeps a table's schema (as Spark keeps it in a table's properties).
 */
import { IllegalArgumentException } from "../errors";
import {
  ArrayType,
  AtomicType,
  BinaryType,
  BooleanType,
  ByteType,
  CollatedStringType,
  type DataType,
  DateType,
  DecimalType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  MapType,
  NullType,
  parseDataType,
  ShortType,
  StringType,
  StructField,
  StructType,
  TimestampNTZType,
  TimestampType,
  VariantTypeInstance,
} from "./types";

export type DataTypeJson =
  | string
  | { type: "array"; elementType: DataTypeJson; containsNull: boolean }
  | { type: "map"; keyType: DataTypeJson; valueType: DataTypeJson; valueContainsNull: boolean }
  | {
      type: "struct";
      fields: { name: string; type: DataTypeJson; nullable: boolean; metadata?: Record<string, unknown> }[];
    };

const ATOMIC_BY_JSON: Record<string, DataType> = {
  string: StringType,
  boolean: BooleanType,
  byte: ByteType,
  short: ShortType,
  integer: IntegerType,
  long: LongType,
  float: FloatType,
  double: DoubleType,
  date: DateType,
  timestamp: TimestampType,
  timestamp_ntz: TimestampNTZType,
  binary: BinaryType,
  void: NullType,
  null: NullType,
  variant: VariantTypeInstance,
};

/** Spark's JSON form of a data type (DataType.json in Spark and PySpark). */
export function dataTypeToJson(type: DataType): DataTypeJson {
  if (type instanceof StructType) {
    return {
      type: "struct",
      // Spark 4 writes a collated string as "string" with its collation in the field's `__COLLATIONS` metadata.
      fields: type.fields.map((f) => ({
        name: f.name,
        type: dataTypeToJson(f.dataType),
        nullable: f.nullable,
        metadata:
          f.dataType instanceof CollatedStringType
            ? { ...(f.metadata ?? {}), __COLLATIONS: { [f.name]: `spark.${f.dataType.collation}` } }
            : (f.metadata ?? {}),
      })),
    };
  }
  if (type instanceof ArrayType)
    return { type: "array", elementType: dataTypeToJson(type.elementType), containsNull: type.containsNull };
  if (type instanceof MapType)
    return {
      type: "map",
      keyType: dataTypeToJson(type.keyType),
      valueType: dataTypeToJson(type.valueType),
      valueContainsNull: type.valueContainsNull,
    };
  if (type instanceof DecimalType) return `decimal(${type.precision},${type.scale})`;
  if (type instanceof CollatedStringType) return "string";
  if (type instanceof AtomicType) return type.typeName();
  return type.simpleString();
}

export function dataTypeFromJson(json: DataTypeJson): DataType {
  if (typeof json === "string") {
    const decimal = /^decimal\((\d+),\s*(\d+)\)$/.exec(json);
    if (decimal) return new DecimalType(Number(decimal[1]), Number(decimal[2]));
    if (json === "decimal") return new DecimalType(10, 0);
    if (/^interval\b/.test(json)) return parseDataType(json);
    const atomic = ATOMIC_BY_JSON[json];
    if (!atomic) throw new IllegalArgumentException(`Unsupported data type: ${json}`);
    return atomic;
  }
  switch (json.type) {
    case "array":
      return new ArrayType(dataTypeFromJson(json.elementType), json.containsNull);
    case "map":
      return new MapType(
        dataTypeFromJson(json.keyType),
        dataTypeFromJson(json.valueType),
        json.valueContainsNull,
      );
    case "struct":
      return new StructType(
        json.fields.map(
          (f) => new StructField(f.name, dataTypeFromJson(f.type), f.nullable, f.metadata ?? {}),
        ),
      );
  }
}
