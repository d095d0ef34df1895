/**
 * Spark 4's Dataset.transpose (resolved by its ResolveTranspose rule): the index column's values become the
 * column names and the other columns' names become the values of a `key` column. The index column (the first
 * column unless given) must be a top-level column of an atomic type; the other columns are cast to their
 * tightest common type. Rows whose index is null are dropped, the rest are ordered by the index (ascending,
 * stable: equal values keep a column each) and at most `spark.sql.transposeMaxValues` of them are allowed. As
 * Spark, the index values are found by running a query over the input; the result is a local relation.
 */
import {
  transposeExceedRowLimit,
  transposeInvalidIndexColumn,
  transposeNoLeastCommonType,
} from "../../errors/QueryCompilationErrors";
import { newPlanId } from "../plan";
import {
  ArrayType,
  AtomicType,
  CollatedStringType,
  type DataType,
  DecimalType,
  MapType,
  StringType,
  StructField,
  StructType,
  sameName,
} from "../types";
import { Column, type ColumnOrName, toColumn } from "./Column";
import { DataFrame } from "./DataFrame";
import { col, monotonically_increasing_id } from "./functions";

export function transpose(df: DataFrame, indexColumn?: ColumnOrName): DataFrame {
  const fields = df.schema.fields;
  if (fields.length === 0) return noColumns(df);
  const index = indexColumn === undefined ? 0 : indexPosition(df, toColumn(indexColumn));
  const indexType = fields[index].dataType;
  if (!(indexType instanceof AtomicType || indexType instanceof DecimalType))
    throw transposeInvalidIndexColumn(
      `Index column must be of atomic type, but found: ${catalystString(indexType)}`,
    );
  const values = fields.filter((_, i) => i !== index);
  let common: DataType = StringType;
  if (values.length > 0) {
    common = values[0].dataType;
    for (const f of values.slice(1)) {
      const wider = tightestCommonType(common, f.dataType);
      if (!wider) throw transposeNoLeastCommonType(common, f.dataType);
      common = wider;
    }
  }
  return new DataFrame(
    df.sparkSession,
    transposed(df, index, values, common).then((out) => out.plan),
  );
}

/**
 * Where the index column is: a name or a column reference naming a top-level column; anything else (a nested
 * field, an expression) is not an attribute, as Spark's rule requires.
 */
function indexPosition(df: DataFrame, column: Column): number {
  const e = column.expr;
  if (e.kind === "column" && e.parts.length === 1) {
    const i = df.columns.findIndex((c) => sameName(c, e.parts[0]));
    if (i >= 0) return i;
  }
  // An unknown name fails as Spark's analyzer fails it (UNRESOLVED_COLUMN); a nested field or an expression
  // resolves but is not an attribute.
  df.select(column);
  throw transposeInvalidIndexColumn("Index column must be an atomic attribute");
}

/** The query over the input (Spark runs it during analysis), and the transposed rows as a local relation. */
async function transposed(
  df: DataFrame,
  index: number,
  values: readonly StructField[],
  common: DataType,
): Promise<DataFrame> {
  const spark = df.sparkSession;
  const maxValues = spark.conf.getNumber("spark.sql.transposeMaxValues");
  const indexCol = new Column({ kind: "column", parts: [df.columns[index]], index });
  const valueCols = values.map(
    (f) =>
      new Column({ kind: "column", parts: [f.name], index: df.schema.fields.indexOf(f) }).cast(
        common,
      ) as Column,
  );
  // Ordered by the index, then by the row's position: Spark's sort keeps equal indexes in input order.
  const query = df
    .select(
      indexCol.cast("string").alias("__name"),
      indexCol.alias("__index"),
      monotonically_increasing_id().alias("__position"),
      ...valueCols.map((c, i) => c.alias(`__v${i}`)),
    )
    .filter(col("__index").isNotNull())
    .orderBy(col("__index").asc(), col("__position").asc())
    .limit(maxValues + 1);
  const rows = await query.collect();
  if (rows.length > maxValues) throw transposeExceedRowLimit(maxValues);
  // The local rows under internal names (index values may repeat), renamed to the index values.
  const schema = new StructType([
    new StructField("key", StringType, false),
    ...rows.map((_, i) => new StructField(`__c${i}`, common, true)),
  ]);
  const out = values.map((f, j) => [f.name, ...rows.map((r) => r[`__v${j}`])]);
  const local = spark.createDataFrame(out, schema);
  return local.select(
    new Column({ kind: "column", parts: ["key"], index: 0 }),
    ...rows.map((r, i) =>
      new Column({ kind: "column", parts: [`__c${i}`], index: i + 1 }).alias(String(r.__name)),
    ),
  );
}

/** An input without columns transposes to nothing. */
function noColumns(df: DataFrame): DataFrame {
  return new DataFrame(df.sparkSession, {
    kind: "relation",
    id: newPlanId(),
    isStreaming: false,
    relation: { type: "sql", sql: "SELECT 1 WHERE false", views: new Map() },
    schema: new StructType([]),
  } as never);
}

/** Spark's TypeCoercion.findTightestCommonType over two types, where transpose uses it. */
function tightestCommonType(a: DataType, b: DataType): DataType | undefined {
  if (a.equals(b)) return a;
  if (isNull(a)) return b;
  if (isNull(b)) return a;
  if (a instanceof CollatedStringType || b instanceof CollatedStringType) return undefined;
  const ia = INTEGRAL.indexOf(atomicName(a));
  const ib = INTEGRAL.indexOf(atomicName(b));
  if (a instanceof DecimalType && ib >= 0) return isWiderThan(a, ib) ? a : undefined;
  if (b instanceof DecimalType && ia >= 0) return isWiderThan(b, ia) ? b : undefined;
  const na = NUMERIC.indexOf(atomicName(a));
  const nb = NUMERIC.indexOf(atomicName(b));
  if (na >= 0 && nb >= 0) return (na >= nb ? a : b) as DataType;
  const da = DATETIME.indexOf(atomicName(a));
  const db = DATETIME.indexOf(atomicName(b));
  if (da >= 0 && db >= 0) return da >= db ? a : b;
  return undefined;
}

const INTEGRAL = ["byte", "short", "integer", "long"];
const NUMERIC = ["byte", "short", "integer", "long", "float", "double"];
const DATETIME = ["date", "timestamp_ntz", "timestamp"];
/** The decimal each integral type fits in (DecimalType.forType). */
const INTEGRAL_PRECISION = [3, 5, 10, 20];

function atomicName(t: DataType): string {
  return t instanceof AtomicType && !(t instanceof CollatedStringType) ? t.name : "";
}

function isNull(t: DataType): boolean {
  return t instanceof AtomicType && t.name === "null";
}

/** DecimalType.isWiderThan an integral type: it holds every value of it. */
function isWiderThan(d: DecimalType, integral: number): boolean {
  const precision = INTEGRAL_PRECISION[integral];
  return d.precision - d.scale >= precision && d.scale >= 0;
}

/** A type as Scala prints it (`ArrayType(StringType,true)`), as Spark's reason text shows it. */
export function catalystString(t: DataType): string {
  if (t instanceof ArrayType) return `ArrayType(${catalystString(t.elementType)},${t.containsNull})`;
  if (t instanceof MapType)
    return `MapType(${catalystString(t.keyType)},${catalystString(t.valueType)},${t.valueContainsNull})`;
  if (t instanceof StructType)
    return `StructType(${t.fields.map((f) => `StructField(${f.name},${catalystString(f.dataType)},${f.nullable})`).join(",")})`;
  if (t instanceof DecimalType) return `DecimalType(${t.precision},${t.scale})`;
  if (t instanceof AtomicType) return SCALA_NAMES[t.name] ?? t.simpleString();
  return t.simpleString();
}

const SCALA_NAMES: Record<string, string> = {
  string: "StringType",
  boolean: "BooleanType",
  byte: "ByteType",
  short: "ShortType",
  integer: "IntegerType",
  long: "LongType",
  float: "FloatType",
  double: "DoubleType",
  date: "DateType",
  timestamp: "TimestampType",
  timestamp_ntz: "TimestampNTZType",
  binary: "BinaryType",
  null: "NullType",
};
