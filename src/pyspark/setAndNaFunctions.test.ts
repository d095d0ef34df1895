/**
 * DataFrame set operations and missing values in Python: cases of PySpark's test_dataframe.py (test_replace,
 * test_fillna, test_dropna) and its DataFrame reference.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

it("intersect, intersectAll, subtract, exceptAll", async () => {
  const result = await t.py.run(`
df1 = spark.createDataFrame([("a", 1), ("a", 1), ("a", 1), ("a", 2), ("b", 3), ("c", 4)], ["C1", "C2"])
df2 = spark.createDataFrame([("a", 1), ("a", 1), ("b", 3)], ["C1", "C2"])
[sorted(tuple(r) for r in d.collect()) for d in
 (df1.intersect(df2), df1.intersectAll(df2), df1.subtract(df2), df1.exceptAll(df2))]`);
  expect(result.value).toEqual([
    [
      ["a", 1],
      ["b", 3],
    ],
    [
      ["a", 1],
      ["a", 1],
      ["b", 3],
    ],
    [
      ["a", 2],
      ["c", 4],
    ],
    [
      ["a", 1],
      ["a", 2],
      ["c", 4],
    ],
  ]);
});

it("replace, fillna, dropna and df.na, with PySpark's arguments and errors", async () => {
  const result = await t.py.run(`
from pyspark.errors import PySparkTypeError, PySparkValueError
from pyspark.sql.types import StructType, StructField, StringType, IntegerType, DoubleType
schema = StructType([StructField("name", StringType(), True), StructField("age", IntegerType(), True),
                     StructField("height", DoubleType(), True)])
df = spark.createDataFrame([("Alice", 10, 80.1)], schema)
out = [tuple(r) for r in (
    df.replace(10, 20).first(),
    df.replace(80, 82).first(),
    df.replace(10.0, 20.0).first(),
    df.replace("Alice", "Ann").first(),
    df.replace(10, 20, subset=["name", "age"]).first(),
    df.replace(10, 20, subset="height").first(),
    df.replace({10: 11, 80.1: 82.1}).first(),
    df.na.replace(["Alice", "Bob"], ["Ann", "Robert"]).first(),
)]
nulls = spark.createDataFrame([(u"Alice", None, None)], schema)
out.append(tuple(nulls.fillna(50).first()))
out.append(tuple(nulls.fillna("x").first()))
out.append(tuple(nulls.na.fill({"age": 5, "height": 1.5}).first()))
out.append(tuple(nulls.fillna(True).first()))
out.append([nulls.dropna().count(), nulls.dropna(how="all").count(), nulls.na.drop(thresh=1).count(),
            nulls.dropna(subset=["name"]).count(), nulls.dropna(thresh=2).count()])
errors = []
for f in (lambda: df.replace(10), lambda: df.replace([1, 2], [3]), lambda: df.dropna(how="some"),
          lambda: df.fillna([1])):
    try:
        f()
        errors.append(None)
    except (PySparkTypeError, PySparkValueError) as e:
        errors.append(e.getErrorClass())
out.append(errors)
out`);
  expect(result.value).toEqual([
    ["Alice", 20, 80.1],
    ["Alice", 10, 80.1],
    ["Alice", 20, 80.1],
    ["Ann", 10, 80.1],
    ["Alice", 20, 80.1],
    ["Alice", 10, 80.1],
    ["Alice", 11, 82.1],
    ["Ann", 10, 80.1],
    ["Alice", 50, 50],
    ["Alice", null, null],
    ["Alice", 5, 1.5],
    ["Alice", null, null],
    [0, 1, 1, 1, 0],
    [
      "ARGUMENT_REQUIRED",
      "LENGTH_SHOULD_BE_THE_SAME",
      "VALUE_NOT_ANY_OR_ALL",
      "NOT_BOOL_OR_DICT_OR_FLOAT_OR_INT_OR_STR",
    ],
  ]);
});

it("offset: the rows after the first n (PySpark's DataFrame.offset example)", async () => {
  const result = await t.py.run(`
df = spark.createDataFrame([(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])
(df.offset(1).count(), df.offset(10).count(), [tuple(r) for r in df.offset(1).limit(1).collect()])`);
  expect(result.value).toEqual([2, 0, [[23, "Alice"]]]);
});

it("describe: PySpark's DataFrame.describe example", async () => {
  const result = await t.py.run(`
df = spark.createDataFrame([("Bob", 13, 40.3, 150.5), ("Alice", 12, 37.8, 142.3), ("Tom", 11, 44.1, 142.2)],
                           ["name", "age", "weight", "height"])
[tuple(r) for r in df.describe(["age"]).collect()]`);
  expect(result.value).toEqual([
    ["count", "3"],
    ["mean", "12.0"],
    ["stddev", "1.0"],
    ["min", "11"],
    ["max", "13"],
  ]);
});
