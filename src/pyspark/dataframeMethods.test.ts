/**
 * Spark 4's DataFrame methods of issue 11 in Python cells: transpose (PySpark's test_dataframe.py
 * test_transpose, case by case), dropDuplicates' arguments.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

it("test_transpose", async () => {
  const result = await t.py.run(`
from pyspark.sql import Row
from pyspark.sql.types import StructType, StructField, StringType
from pyspark.errors import AnalysisException
out = []
df = spark.createDataFrame([{"a": "x", "b": "y", "c": "z"}])
# default index column
transposed_df = df.transpose()
out.append([(f.name, f.dataType.simpleString(), f.nullable) for f in transposed_df.schema.fields])
out.append([tuple(r) for r in transposed_df.collect()])
# specified index column
transposed_df = df.transpose("c")
out.append([(f.name, f.nullable) for f in transposed_df.schema.fields])
out.append([tuple(r) for r in transposed_df.collect()])
# enforce transpose max values
spark.conf.set("spark.sql.transposeMaxValues", 0)
try:
    df.transpose().collect()
except AnalysisException as e:
    out.append([e.getCondition(), e.getMessageParameters()])
spark.conf.unset("spark.sql.transposeMaxValues")
# enforce ascending order based on index column values for transposed columns
df = spark.createDataFrame([{"a": "z"}, {"a": "y"}, {"a": "x"}])
transposed_df = df.transpose()
out.append([transposed_df.columns, transposed_df.collect()])
# enforce AtomicType Attribute for index column values
df = spark.createDataFrame([{"a": ["x", "x"], "b": "y", "c": "z"}])
try:
    df.transpose().collect()
except AnalysisException as e:
    out.append([e.getCondition(), e.getMessageParameters()])
# enforce least common type for non-index columns
df = spark.createDataFrame([{"a": "x", "b": "y", "c": 1}])
try:
    df.transpose().collect()
except AnalysisException as e:
    out.append([e.getCondition(), e.getMessageParameters()])
out`);
  expect(result.value).toEqual([
    [
      ["key", "string", false],
      ["x", "string", true],
    ],
    [
      ["b", "y"],
      ["c", "z"],
    ],
    [
      ["key", false],
      ["z", true],
    ],
    [
      ["a", "x"],
      ["b", "y"],
    ],
    ["TRANSPOSE_EXCEED_ROW_LIMIT", { maxValues: "0", config: '"spark.sql.transposeMaxValues"' }],
    [["key", "x", "y", "z"], []],
    [
      "TRANSPOSE_INVALID_INDEX_COLUMN",
      { reason: "Index column must be of atomic type, but found: ArrayType(StringType,true)" },
    ],
    ["TRANSPOSE_NO_LEAST_COMMON_TYPE", { dt1: '"STRING"', dt2: '"BIGINT"' }],
  ]);
});

it("checkpoint and localCheckpoint: rows computed once, checkpoint needs setCheckpointDir", async () => {
  const result = await t.py.run(`
from pyspark.sql.functions import rand, col
from pyspark.errors import AnalysisException
out = []
df = spark.range(10).filter(col("id") > 5).orderBy(col("id").desc())
out.append([r.id for r in df.localCheckpoint().collect()])
out.append([r.id for r in df.localCheckpoint(eager=False).collect()])
try:
    df.checkpoint()
except Exception as e:
    out.append([type(e).__name__, str(e)])
out.append(spark.sparkContext.getCheckpointDir())
spark.sparkContext.setCheckpointDir("/tmp/checkpoints")
out.append(spark.sparkContext.getCheckpointDir().startswith("/tmp/checkpoints/"))
cp = spark.range(5).withColumn("r", rand()).checkpoint(False)
out.append([r.r for r in cp.collect()] == [r.r for r in cp.collect()])
try:
    spark.readStream.format("rate").load().localCheckpoint()
except AnalysisException as e:
    out.append(e.getCondition())
out`);
  expect(result.value).toEqual([
    [9, 8, 7, 6],
    [9, 8, 7, 6],
    ["SparkException", "Checkpoint directory has not been set in the SparkContext"],
    null,
    true,
    true,
    "_LEGACY_ERROR_TEMP_3102",
  ]);
});

it("writeTo: DataFrameWriterV2Suite's create, append, overwrite, overwritePartitions, replace in Python", async () => {
  const result = await t.py.run(`
from pyspark.sql.functions import col, lit
from pyspark.errors import AnalysisException
from pyspark.sql import DataFrameWriterV2
out = []
source = spark.createDataFrame([(1, "a"), (2, "b"), (3, "c")], "id bigint, data string")
source2 = spark.createDataFrame([(4, "d"), (5, "e"), (6, "f")], "id bigint, data string")
read = lambda: sorted(tuple(r) for r in spark.table("py_v2").select("id", "data").collect())
out.append(isinstance(source.writeTo("py_v2"), DataFrameWriterV2))
source.writeTo("py_v2").using("parquet").create()
out.append(read())
try:
    source.writeTo("py_v2").create()
except AnalysisException as e:
    out.append(e.getCondition())
source2.writeTo("py_v2").append()
out.append(len(read()))
source2.writeTo("py_v2").overwrite(col("id") > 3)
out.append(read())
source2.writeTo("py_v2").overwritePartitions()
out.append(read())
source.writeTo("py_v2").partitionedBy(col("id")).createOrReplace()
out.append(read())
spark.sql("DROP TABLE py_v2")
try:
    source.writeTo("py_v2").replace()
except AnalysisException as e:
    out.append(e.getCondition())
out`);
  expect(result.value).toEqual([
    true,
    [
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ],
    "TABLE_OR_VIEW_ALREADY_EXISTS",
    6,
    [
      [1, "a"],
      [2, "b"],
      [3, "c"],
      [4, "d"],
      [5, "e"],
      [6, "f"],
    ],
    [
      [4, "d"],
      [5, "e"],
      [6, "f"],
    ],
    [
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ],
    "TABLE_OR_VIEW_NOT_FOUND",
  ]);
});

// PySpark's python/pyspark/sql/tests/test_subquery.py (Spark 4), with its inputs; answers are its SQL's on Spark.
it("test_subquery: scalar, exists and outer", async () => {
  const result = await t.py.run(`
from pyspark.sql import functions as sf
from pyspark.errors import AnalysisException
out = []
l = spark.createDataFrame([(1, 2.0), (1, 2.0), (2, 1.0), (2, 1.0), (3, 3.0), (None, None), (None, 5.0), (6, None)], ["a", "b"])
r = spark.createDataFrame([(2, 3.0), (2, 3.0), (3, 2.0), (4, 1.0), (None, None), (None, 5.0), (6, None)], ["c", "d"])
# test_simple_uncorrelated_scalar_subquery
out.append([tuple(x) for x in spark.range(1).select(spark.range(1).select(sf.lit(1)).scalar().alias("b")).collect()])
# test_exists_subquery
out.append(sorted([tuple(x) for x in l.where(r.where(sf.col("a").outer() == sf.col("c")).exists()).collect()], key=str))
# test_correlated_scalar_subquery (in where)
out.append([tuple(x) for x in l.where(sf.col("b") < r.where(sf.col("a").outer() == sf.col("c")).select(sf.max("d")).scalar()).collect()])
# test_scalar_subquery_with_outer_reference_errors (missing outer())
try:
    l.select("a", r.where(sf.col("c") == sf.col("a")).select(sf.sum("d")).scalar()).collect()
except AnalysisException as e:
    out.append([e.getCondition(), e.getMessageParameters()])
try:
    spark.range(1).select(sf.col("id") == sf.col("id").outer()).schema
except AnalysisException as e:
    out.append([e.getCondition(), e.getMessageParameters()])
out`);
  expect(result.value).toEqual([
    [[1]],
    [
      [2, 1.0],
      [2, 1.0],
      [3, 3.0],
      [6, null],
    ],
    [
      [2, 1.0],
      [2, 1.0],
    ],
    ["UNRESOLVED_COLUMN.WITH_SUGGESTION", { objectName: "`a`", proposal: "`c`, `d`" }],
    ["UNANALYZABLE_EXPRESSION", { expr: '"outer(id)"' }],
  ]);
});

it("test_subquery: lateral joins", async () => {
  const result = await t.py.run(`
from pyspark.sql import functions as sf
out = []
t1 = spark.createDataFrame([(0, 1), (1, 2)], ["c1", "c2"]).alias("t1")
t2 = spark.createDataFrame([(0, 2), (0, 3)], ["c1", "c2"]).alias("t2")
# test_lateral_join_with_single_column_select
out.append(sorted([tuple(x) for x in t1.lateralJoin(spark.range(1).select(sf.col("c1").outer())).collect()]))
# test_lateral_join_with_different_join_types
c3 = spark.range(1).select((sf.col("c1").outer() + sf.col("c2").outer()).alias("c3"))
out.append(sorted([tuple(x) for x in t1.lateralJoin(c3, sf.col("c2") == sf.col("c3")).collect()]))
out.append(sorted([tuple(x) for x in t1.lateralJoin(c3, sf.col("c2") == sf.col("c3"), "left").collect()], key=str))
out.append(sorted([tuple(x) for x in t1.lateralJoin(c3, how="cross").collect()]))
# test_lateral_join_with_correlated_predicates
out.append(sorted([tuple(x) for x in t1.lateralJoin(t2.where(sf.col("t1.c1").outer() == sf.col("t2.c1")).select("c2")).collect()]))
out`);
  expect(result.value).toEqual([
    [
      [0, 1, 0],
      [1, 2, 1],
    ],
    [[0, 1, 1]],
    [
      [0, 1, 1],
      [1, 2, null],
    ],
    [
      [0, 1, 1],
      [1, 2, 3],
    ],
    [
      [0, 1, 2],
      [0, 1, 3],
    ],
  ]);
});

it("asTable: Spark 4's TableArg with partitionBy, orderBy and withSinglePartition", async () => {
  const result = await t.py.run(`
from pyspark.sql import functions as sf
from pyspark.sql.table_arg import TableArg
df = spark.createDataFrame([(1, "a"), (2, "b")], ["id", "v"])
arg = df.asTable()
out = [type(arg).__name__, isinstance(arg.partitionBy("id"), TableArg), isinstance(arg.partitionBy(sf.col("id")).orderBy("v"), TableArg), isinstance(arg.withSinglePartition(), TableArg)]
out`);
  expect(result.value).toEqual(["TableArg", true, true, true]);
});

// PySpark 4's DataFrame.dropDuplicates(*subset) (python/pyspark/sql/classic/dataframe.py, and the docstring's
// rows): column names as arguments or one list of them; a name that is no column is Spark's legacy refusal.
it("dropDuplicates and dropDuplicatesWithinWatermark take names as arguments or one list", async () => {
  const result = await t.py.run(`
from pyspark.sql import Row
from pyspark.errors import AnalysisException
df = spark.createDataFrame([
    Row(name="Alice", age=5, height=80),
    Row(name="Alice", age=5, height=80),
    Row(name="Alice", age=10, height=80),
])
out = [
    df.dropDuplicates().count(),
    df.dropDuplicates(["name", "height"]).count(),
    df.dropDuplicates("name", "height").count(),
    df.dropDuplicates("age").count(),
    df.drop_duplicates("age").count(),
]
try:
    df.dropDuplicates("nope")
except AnalysisException as e:
    out.append([e.getCondition(), e.getMessageParameters()])
out.append(type(df.dropDuplicatesWithinWatermark("name")).__name__)
out`);
  expect(result.value).toEqual([
    2,
    1,
    1,
    2,
    2,
    ["_LEGACY_ERROR_TEMP_1201", { colName: "nope", fieldNames: "name, age, height" }],
    "DataFrame",
  ]);
});
