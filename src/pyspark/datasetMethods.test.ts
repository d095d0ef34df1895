/**
 * DataFrame.to, colRegex, withMetadata, isLocal, inputFiles, sameSemantics, semanticHash and storageLevel in
 * Python, with the examples of PySpark's docstrings (python/pyspark/sql/dataframe.py).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

it("to: PySpark's example reorders by name and casts; Spark's error for a column it cannot cast", async () => {
  const result = await t.py.run(`
from pyspark.sql.types import StructType, StructField, StringType, IntegerType
from pyspark.errors import AnalysisException
df = spark.createDataFrame([("a", 1)], ["i", "j"])
schema = StructType([StructField("j", StringType()), StructField("i", StringType())])
df2 = df.to(schema)
out = [df2.schema.simpleString(), [tuple(r) for r in df2.collect()]]
try:
    df.to(StructType([StructField("i", IntegerType())]))
except AnalysisException as e:
    out.append([e.getCondition(), e.getMessageParameters()])
out`);
  expect(result.value).toEqual([
    "struct<j:string,i:string>",
    [["1", "a"]],
    ["INVALID_COLUMN_OR_FIELD_DATA_TYPE", { name: "`i`", type: '"STRING"', expectedType: '"INT"' }],
  ]);
});

it("colRegex, withMetadata, isLocal: PySpark's examples", async () => {
  const result = await t.py.run(`
from pyspark.errors import PySparkTypeError
df = spark.createDataFrame([("a", 1), ("b", 2), ("c",  3)], ["Col1", "Col2"])
regex = df.select(df.colRegex("\`(Col1)?+.+\`"))
people = spark.createDataFrame([(2, "Alice"), (5, "Bob")], schema=["age", "name"])
meta = people.withMetadata("age", {"foo": "bar"})
out = [regex.columns, [r.Col2 for r in regex.collect()], meta.schema["age"].metadata,
       people.isLocal(), spark.range(3).isLocal()]
try:
    people.withMetadata("age", "foo")
except PySparkTypeError as e:
    out.append(e.getErrorClass())
out`);
  expect(result.value).toEqual([["Col2"], [1, 2, 3], { foo: "bar" }, true, false, "NOT_DICT"]);
});

it("sameSemantics, semanticHash, storageLevel, inputFiles: PySpark's examples", async () => {
  const result = await t.py.run(`
from pyspark import StorageLevel
from pyspark.errors import PySparkTypeError
df1 = spark.range(10)
df2 = spark.range(10)
same = [df1.withColumn("col1", df1.id * 2).sameSemantics(df2.withColumn("col1", df2.id * 2)),
        df1.withColumn("col1", df1.id * 2).sameSemantics(df2.withColumn("col1", df2.id + 2)),
        df1.withColumn("col1", df1.id * 2).sameSemantics(df2.withColumn("col0", df2.id * 2)),
        spark.range(10).selectExpr("id as col0").semanticHash() == spark.range(10).selectExpr("id as col1").semanticHash()]
try:
    df1.sameSemantics(1)
except PySparkTypeError as e:
    same.append(e.getErrorClass())
d = spark.range(7)
levels = [repr(d.storageLevel), repr(d.cache().storageLevel)]
d5 = spark.range(5)
levels.append(repr(d5.persist(StorageLevel.DISK_ONLY_2).storageLevel))
levels.append(str(d5.storageLevel))
d5.unpersist()
levels.append(d5.storageLevel == StorageLevel.NONE)
spark.createDataFrame([{"age": 100, "name": "Hyukjin Kwon"}]).repartition(1).write.json("/tmp/inputFiles", mode="overwrite")
files = spark.read.format("json").load("/tmp/inputFiles").inputFiles()
[same, levels, len(files)]`);
  expect(result.value).toEqual([
    [true, false, true, true, "NOT_DATAFRAME"],
    [
      "StorageLevel(False, False, False, False, 1)",
      "StorageLevel(True, True, False, True, 1)",
      "StorageLevel(True, False, False, False, 2)",
      "Disk Serialized 2x Replicated",
      true,
    ],
    1,
  ]);
});
