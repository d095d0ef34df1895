/**
 * Python functions per row in Python cells: UDFs, with the cases of PySpark's test_udf.py
 * (python/pyspark/sql/tests/test_udf.py) that run without a JVM, and foreach writers, as PySpark's foreach
 * tests (test_streaming_foreach.py) use them, with PySpark's inputs and expected answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
  await t.py.run(`
import datetime, functools, random
from pyspark.sql import Row
from pyspark.sql.functions import col, lit, explode, sum, udf, pandas_udf
from pyspark.sql.udf import UserDefinedFunction
from pyspark.sql.types import *
from pyspark.errors import AnalysisException, PythonException, PySparkTypeError, PySparkImportError`);
});
afterAll(() => t.cleanup());

const value = async (code: string) => (await t.py.run(code)).value;

describe("Python UDFs (test_udf.py)", () => {
  it("udf_with_callable and udf_with_partial_function", async () => {
    expect(
      await value(`
data = spark.createDataFrame([(i, i**2) for i in range(10)], ["number", "squared"])
class PlusFour:
    def __call__(self, col):
        if col is not None:
            return col + 4
def some_func(col, param):
    if col is not None:
        return col + param
a = data.select(UserDefinedFunction(PlusFour(), LongType())(data["number"]).alias("plus_four"))
b = data.select(UserDefinedFunction(functools.partial(some_func, param=4), LongType())(data["number"]).alias("plus_four"))
(a.agg({"plus_four": "sum"}).collect()[0][0], b.agg({"plus_four": "sum"}).collect()[0][0])`),
    ).toEqual([85, 85]);
  });

  it("udf, udf2, udf3: registered functions in SQL, the default return type is string", async () => {
    expect(
      await value(`
spark.catalog.registerFunction("twoArgs", lambda x, y: len(x) + y, IntegerType())
[row] = spark.sql("SELECT twoArgs('test', 1)").collect()
spark.catalog.registerFunction("strlen", lambda string: len(string), IntegerType())
spark.createDataFrame([("test",)], ["a"]).createOrReplaceTempView("test")
[res] = spark.sql("SELECT strlen(a) FROM test WHERE strlen(a) > 1").collect()
two_args = spark.catalog.registerFunction("twoArgs", UserDefinedFunction(lambda x, y: len(x) + y))
[row3] = spark.sql("SELECT twoArgs('test', 1)").collect()
(row[0], res[0], two_args.deterministic, row3[0])`),
    ).toEqual([5, 4, true, "5"]);
  });

  it("udf_registration_return_type_none and not_none", async () => {
    expect(
      await value(`
two_args = spark.catalog.registerFunction("twoArgs", UserDefinedFunction(lambda x, y: len(x) + y, "integer"), None)
[row] = spark.sql("SELECT twoArgs('test', 1)").collect()
try:
    spark.catalog.registerFunction("f", UserDefinedFunction(lambda x, y: len(x) + y, StringType()), StringType())
    raised = None
except PySparkTypeError as e:
    raised = (e.getCondition(), e.getMessageParameters())
(row[0], raised)`),
    ).toEqual([5, ["CANNOT_SPECIFY_RETURN_TYPE_FOR_UDF", { arg_name: "f", return_type: "StringType()" }]]);
  });

  it("nondeterministic_udf: evaluated once per row in chained functions; refused inside aggregates", async () => {
    expect(
      await value(`
udf_random_col = udf(lambda: int(100 * random.random()), IntegerType()).asNondeterministic()
df = spark.createDataFrame([Row(1)]).select(udf_random_col().alias("RAND"))
udf_add_ten = udf(lambda rand: rand + 10, IntegerType())
[row] = df.withColumn("RAND_PLUS_TEN", udf_add_ten("RAND")).collect()
random_udf = udf(lambda: random.randint(6, 6), IntegerType()).asNondeterministic()
random_udf1 = spark.catalog.registerFunction("randInt", random_udf)
[r1] = spark.sql("SELECT randInt()").collect()
[r2] = spark.range(1).select(random_udf1()).collect()
messages = []
for build in (lambda: spark.range(10).groupby("id").agg(sum(udf_random_col())).collect(),
              lambda: spark.range(10).agg(sum(udf_random_col())).collect()):
    try:
        build()
    except AnalysisException as e:
        messages.append("Non-deterministic" in str(e))
(udf_random_col.deterministic, row[0] + 10 == row[1], random_udf1.deterministic, r1[0], r2[0], messages)`),
    ).toEqual([false, true, false, 6, 6, [true, true]]);
  });

  it("chained_udf, single_udf_with_repeated_argument, multiple_udfs", async () => {
    expect(
      await value(`
spark.catalog.registerFunction("double", lambda x: x + x, IntegerType())
a = [spark.sql(q).collect()[0][0] for q in ("SELECT double(1)", "SELECT double(double(1))", "SELECT double(double(1) + 1)")]
spark.catalog.registerFunction("add", lambda x, y: x + y, IntegerType())
b = tuple(spark.sql("SELECT add(1, 1)").first())
spark.catalog.registerFunction("double", lambda x: x * 2, IntegerType())
c = [tuple(spark.sql(q).collect()[0]) for q in ("SELECT double(1), double(2)",
    "SELECT double(double(1)), double(double(2) + 2)", "SELECT double(add(1, 2)), add(double(2), 1)")]
(a, b, c)`),
    ).toEqual([
      [2, 4, 6],
      [2],
      [
        [2, 4],
        [4, 12],
        [6, 5],
      ],
    ]);
  });

  it("udf in filters and join conditions, and the join types that refuse them", async () => {
    expect(
      await value(`
left = spark.createDataFrame([Row(a=1)])
right = spark.createDataFrame([Row(a=1)])
df = left.join(right, on="a", how="left_outer")
df = df.withColumn("b", udf(lambda x: "x")(df.a))
outer = df.filter('b = "x"').collect() == [Row(a=1, b="x")]
right = spark.createDataFrame([Row(b=1)])
f = udf(lambda a, b: a == b, BooleanType())
cross = left.crossJoin(right).filter(f("a", "b")).collect() == [Row(a=1, b=1)]
inner = left.join(right, f("a", "b")).collect() == [Row(a=1, b=1)]
g = udf(lambda a: str(a), StringType())
left_outer = left.join(right, g("a") == col("b").cast("string"), how="left_outer").collect() == [Row(a=1, b=1)]
left = spark.createDataFrame([Row(a=1, a1=1, a2=1), Row(a=2, a1=2, a2=2)])
right = spark.createDataFrame([Row(b=1, b1=1, b2=1), Row(b=1, b1=3, b2=1)])
common = left.join(right, [f("a", "b"), left.a1 == right.b1]).collect() == [Row(a=1, a1=1, a2=1, b=1, b1=1, b2=1)]
refused = []
for join_type, type_string in [("full", "FULL OUTER"), ("left", "LEFT OUTER"), ("right", "RIGHT OUTER"),
                               ("leftanti", "LEFT ANTI"), ("leftsemi", "LEFT SEMI")]:
    try:
        left.join(right, [f("a", "b"), left.a1 == right.b1], join_type).collect()
    except AnalysisException as e:
        refused.append(f"Python UDF in the ON clause of a {type_string} JOIN." in str(e))
same = udf(lambda a: a, IntegerType())
as_condition = left.join(right, [same("a") == same("b"), left.a1 == right.b1]).collect()
(outer, cross, inner, left_outer, common, refused, as_condition == [Row(a=1, a1=1, a2=1, b=1, b1=1, b2=1)])`),
    ).toEqual([true, true, true, true, true, [true, true, true, true, true], true]);
  });

  it("udf_without_arguments, udf_with_array_type, broadcast-free lookups", async () => {
    expect(
      await value(`
spark.catalog.registerFunction("foo", lambda: "bar")
[row] = spark.sql("SELECT foo()").collect()
spark.createDataFrame([([0, 1, 2], {"key": [0, 1, 2, 3, 4]})], ["l", "d"]).createOrReplaceTempView("test")
spark.catalog.registerFunction("copylist", lambda l: list(l), ArrayType(IntegerType()))
spark.catalog.registerFunction("maplen", lambda d: len(d), IntegerType())
[(l1, l2)] = spark.sql("select copylist(l), maplen(d) from test").collect()
bar = {"a": "aa", "b": "bb", "c": "abc"}
spark.catalog.registerFunction("MYUDF", lambda x: bar[x] if x else "")
[res1] = spark.sql("SELECT MYUDF('c')").collect()
[res2] = spark.sql("SELECT MYUDF('')").collect()
(row[0], l1, l2, res1[0], res2[0])`),
    ).toEqual(["bar", [0, 1, 2], 1, "abc", ""]);
  });

  it("udf_with_filter_function, udf_with_aggregate_function, udf_in_generate, order by and limit", async () => {
    expect(
      await value(`
df = spark.createDataFrame([(1, "1"), (2, "2"), (1, "2"), (1, "2")], ["key", "value"])
my_filter = udf(lambda a: a < 2, BooleanType())
filtered = df.select(col("key"), col("value")).filter((my_filter(col("key"))) & (df.value < "2")).collect()
my_filter = udf(lambda a: a == 1, BooleanType())
distinct = df.select(col("key")).distinct().filter(my_filter(col("key"))).collect()
my_copy = udf(lambda x: x, IntegerType())
my_add = udf(lambda a, b: int(a + b), IntegerType())
my_strlen = udf(lambda x: len(x), IntegerType())
aggregated = sorted(df.groupBy(my_copy(col("key")).alias("k")).agg(sum(my_strlen(col("value"))).alias("s"))
    .select(my_add(col("k"), col("s")).alias("t")).collect(), reverse=True)
f = udf(lambda x: list(range(x)), ArrayType(LongType()))
generated = spark.range(5).select(explode(f(*spark.range(5)))).groupBy().sum().first()[0]
res = spark.range(3).select("id", explode(f(spark.range(3).id))).collect()
ordered = spark.range(10).orderBy("id")
limited = ordered.select(ordered.id, my_copy(ordered.id).alias("copy")).limit(1).collect()
(filtered == [Row(key=1, value="1")], distinct == [Row(key=1)], aggregated == [Row(t=4), Row(t=3)], generated,
 [tuple(r) for r in res], limited == [Row(id=0, copy=0)])`),
    ).toEqual([
      true,
      true,
      true,
      10,
      [
        [1, 0],
        [2, 0],
        [2, 1],
      ],
      true,
    ]);
  });

  it("udf_registration_returns_udf: SQL and the returned function agree", async () => {
    expect(
      await value(`
df = spark.range(10)
add_three = spark.udf.register("add_three", lambda x: x + 3, IntegerType())
add_three_str = spark.udf.register("add_three_str", lambda x: x + 3)
(df.selectExpr("add_three(id) AS plus_three").collect() == df.select(add_three("id").alias("plus_three")).collect(),
 df.selectExpr("add_three_str(id) AS plus_three").collect() == df.select(add_three_str("id").alias("plus_three")).collect(),
 df.selectExpr("add_three_str(id) AS plus_three").first()[0])`),
    ).toEqual([true, true, "3"]);
  });

  it("udf_with_string_return_type and udf_with_decorator", async () => {
    expect(
      await value(`
add_one = UserDefinedFunction(lambda x: x + 1, "integer")
make_pair = UserDefinedFunction(lambda x: (-x, x), "struct<x:integer,y:integer>")
make_array = UserDefinedFunction(lambda x: [float(x) for x in range(x, x + 3)], "array<double>")
actual = spark.range(1, 2).toDF("x").select(add_one("x"), make_pair("x"), make_array("x")).first()

@udf(IntegerType())
def add_one(x):
    if x is not None:
        return x + 1
@udf(returnType=DoubleType())
def add_two(x):
    if x is not None:
        return float(x + 2)
@udf
def to_upper(x):
    if x is not None:
        return x.upper()
@udf()
def to_lower(x):
    if x is not None:
        return x.lower()
@udf
def substr(x, start, end):
    if x is not None:
        return x[start:end]
@udf("long")
def trunc(x):
    return int(x)
@udf(returnType="double")
def as_double(x):
    return float(x)
df = spark.createDataFrame([(1, "Foo", "foobar", 3.0)], ("one", "Foo", "foobar", "float")).select(
    add_one("one"), add_two("one"), to_upper("Foo"), to_lower("Foo"), substr("foobar", lit(0), lit(3)),
    trunc("float"), as_double("one"))
(tuple(actual) == (2, Row(x=-1, y=1), [1.0, 2.0, 3.0]), [tpe for _, tpe in df.dtypes], list(df.first()), df.columns[0])`),
    ).toEqual([
      true,
      ["int", "double", "string", "string", "string", "bigint", "double"],
      [2, 3.0, "FOO", "foo", "foo", 3, 1.0],
      "add_one(one)",
    ]);
  });

  it("udf_wrapper, udf_should_not_accept_noncallable_object, err_udf_init", async () => {
    expect(
      await value(`
def f(x):
    """Identity"""
    return x
f_ = udf(f, IntegerType())
errors = []
for build in (lambda: UserDefinedFunction("x", StringType()), lambda: UserDefinedFunction(lambda x: x, 1),
              lambda: UserDefinedFunction(lambda x: x, StringType(), evalType="SQL_BATCHED_UDF")):
    try:
        build()
    except PySparkTypeError as e:
        errors.append((e.getCondition(), e.getMessageParameters()))
(f.__doc__ in f_.__doc__, f_.func is f, f_.returnType == IntegerType(), errors)`),
    ).toEqual([
      true,
      true,
      true,
      [
        ["NOT_CALLABLE", { arg_name: "func", arg_type: "str" }],
        ["NOT_DATATYPE_OR_STR", { arg_name: "returnType", arg_type: "int" }],
        ["NOT_INT", { arg_name: "evalType", arg_type: "str" }],
      ],
    ]);
  });

  it("same_accumulator_in_udfs: each function runs once per row", async () => {
    expect(
      await value(`
calls = []
def first_udf(x):
    calls.append(1)
    return x
def second_udf(x):
    calls.append(100)
    return x
data = spark.createDataFrame([[1, 2]], schema="a INT, b INT")
data = data.withColumn("out1", udf(first_udf, IntegerType())(data["a"]))
data = data.withColumn("out2", udf(second_udf, IntegerType())(data["b"]))
data.collect()
builtins_sum = __builtins__["sum"] if isinstance(__builtins__, dict) else __builtins__.sum
builtins_sum(calls)`),
    ).toBe(101);
  });

  it("nested_struct, nested_map, nested_array and complex_return_types", async () => {
    expect(
      await value(`
df = spark.range(1).selectExpr("struct(1, struct('John', 30, struct('value', 10))) as nested_struct")
r1 = df.select(udf(lambda x: str(x))("nested_struct")).first()[0]
r2 = df.select(udf(lambda x: x, returnType=df.dtypes[0][1])("nested_struct")).first()[0]
dm = spark.range(1).selectExpr("map('a', map('b', 'c')) as nested_map")
r3 = dm.select(udf(lambda x: str(x))("nested_map")).first()[0]
@udf(returnType=dm.dtypes[0][1])
def f(x):
    x["a"]["b"] = "d"
    return x
r4 = dm.select(f("nested_map")).first()[0]
da = spark.range(1).selectExpr("array(array(1, 2), array(3, 4)) as nested_array")
r5 = da.select(udf(lambda x: str(x))("nested_array")).first()[0]
@udf(returnType=da.dtypes[0][1])
def g(x):
    x.append([4, 5])
    return x
r6 = da.select(g("nested_array")).first()[0]
row = (spark.range(1).selectExpr("array(1, 2, 3) as array", "map('a', 'b') as map", "struct(1, 2) as struct")
    .select(udf(lambda x: x, "array<int>")("array"), udf(lambda x: x, "map<string,string>")("map"),
            udf(lambda x: x, "struct<col1:int,col2:int>")("struct")).first())
(r1, r2 == Row(col1=1, col2=Row(col1="John", col2=30, col3=Row(col1="value", col2=10))), r3, r4, r5, r6,
 row[0], row[1], row[2] == Row(col1=1, col2=2))`),
    ).toEqual([
      "Row(col1=1, col2=Row(col1='John', col2=30, col3=Row(col1='value', col2=10)))",
      true,
      "{'a': {'b': 'c'}}",
      { a: { b: "d" } },
      "[[1, 2], [3, 4]]",
      [
        [1, 2],
        [3, 4],
        [4, 5],
      ],
      [1, 2, 3],
      { a: "b" },
      true,
    ]);
  });

  it("results convert by PySpark's rules: a wrong type is None, a string takes any value's text", async () => {
    expect(
      await value(`
df = spark.range(1)
def one(t, v):
    return df.select(udf(lambda _: v, t)("id")).first()[0]
(one("int", 1.0), one("double", 1), one("double", 1.5), one("boolean", 1), one("int", True),
 one("string", 1), one("string", 1.0), one("string", True), one("string", [1, None]), one("string", {"a": 1}),
 one("string", 1e20), one("tinyint", 300), str(one("date", datetime.datetime(1970, 1, 2, 3))),
 bytes(one("binary", "a")).decode(), one("decimal(10,2)", 1.5))`),
    ).toEqual([
      null,
      null,
      1.5,
      null,
      null,
      "1",
      "1.0",
      "true",
      "[1, null]",
      "{a=1}",
      "1.0E20",
      44,
      "1970-01-02",
      "a",
      null,
    ]);
  });

  it("raise_stop_iteration and a failing function: PythonException with the traceback and the row", async () => {
    const result = await value(`
@udf("int")
def test_udf(a):
    if a < 5:
        return a
    else:
        raise StopIteration()
ok = [r[0] for r in spark.range(5).select(test_udf(col("id"))).collect()]
try:
    spark.range(10).select(test_udf(col("id"))).show()
    failure = None
except PythonException as e:
    failure = str(e)
(ok, failure)`);
    const [ok, failure] = result as [number[], string];
    expect(ok).toEqual([0, 1, 2, 3, 4]);
    expect(failure).toContain(
      "An exception was thrown from the Python worker. Please see the stack trace below.",
    );
    expect(failure).toContain("Traceback (most recent call last):");
    expect(failure).toContain("StopIteration");
    expect(failure).toContain("test_udf failed on row 6 of 10: id = 5");
  });

  it("a date or timestamp result that is not one fails, as PySpark's toInternal fails", async () => {
    expect(
      await value(`
try:
    spark.range(1).select(udf(lambda _: "2020-01-01", "date")("id")).collect()
    raised = None
except PythonException as e:
    raised = "can not accept object '2020-01-01'" in str(e)
raised`),
    ).toBe(true);
  });

  it("pandas_udf is refused with PySpark's error for a missing pandas", async () => {
    expect(
      await value(`
try:
    pandas_udf(lambda s: s + 1, "long")
    raised = None
except PySparkImportError as e:
    raised = (e.getCondition(), str(e))
raised`),
    ).toEqual([
      "PACKAGE_NOT_INSTALLED",
      "[PACKAGE_NOT_INSTALLED] Pandas >= 2.0.0 must be installed; however, it was not found.",
    ]);
  });

  it("a UDF prints into the cell that runs it", async () => {
    const result = await t.py.run(`
@udf("long")
def noisy(x):
    print("saw", x)
    return x
spark.range(2).select(noisy("id")).collect()`);
    expect(result.stdout).toBe("saw 0\nsaw 1\n");
  });

  it("a Python UDF in a streaming query", async () => {
    expect(
      await value(`
@udf("string")
def parity(v):
    return "even" if v % 2 == 0 else "odd"
df = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 5).load()
q = (df.groupBy(parity("value").alias("parity")).count().writeStream.outputMode("complete").format("memory")
     .queryName("parities").option("checkpointLocation", "/checkpoints/parities").trigger(availableNow=True).start())
q.awaitTermination()
sorted((r.parity, r["count"]) for r in spark.sql("SELECT * FROM parities").collect())`),
    ).toEqual([
      ["even", 3],
      ["odd", 2],
    ]);
  });
});

describe("foreach in Python (DataStreamWriter.foreach)", () => {
  it("an object with open, process and close: one open and close per batch, with the epoch id", async () => {
    expect(
      await value(`
from pyspark.sql.streaming import DataStreamWriter
spark.createDataFrame([], "value INT")
events = []
class RowPrinter:
    def open(self, partition_id, epoch_id):
        events.append(("open", partition_id, epoch_id))
        return True
    def process(self, row):
        events.append(("process", row.value))
    def close(self, error):
        events.append(("close", error))
df = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 2).load().selectExpr("CAST(value AS INT) AS value")
q = df.writeStream.foreach(RowPrinter()).option("checkpointLocation", "/checkpoints/foreach-py").trigger(availableNow=True).start()
q.awaitTermination()
[list(e) for e in events]`),
    ).toEqual([
      ["open", 0, 0],
      ["process", 0],
      ["process", 1],
      ["close", null],
    ]);
  });

  it("a function per row; an error in process reaches close and fails the query", async () => {
    expect(
      await value(`
seen = []
df = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 3).load()
q = df.writeStream.foreach(lambda row: seen.append(row.value)).option("checkpointLocation", "/checkpoints/foreach-fn").trigger(availableNow=True).start()
q.awaitTermination()
closed = []
class Failing:
    def open(self, partition_id, epoch_id):
        return True
    def process(self, row):
        raise ValueError(f"bad row {row.value}")
    def close(self, error):
        closed.append(repr(error))
q2 = df.writeStream.foreach(Failing()).option("checkpointLocation", "/checkpoints/foreach-fail").trigger(availableNow=True).start()
try:
    q2.awaitTermination()
    message = None
except Exception as e:
    message = str(e)
(seen, closed, "FOREACH_USER_FUNCTION_ERROR" in message, "ValueError: bad row 0" in message, q2.isActive)`),
    ).toEqual([[0, 1, 2], ["ValueError('bad row 0')"], true, true, false]);
  });

  it("open answering false skips the rows; a writer without process is refused as PySpark refuses it", async () => {
    expect(
      await value(`
from pyspark.errors import PySparkAttributeError
processed = []
class Skipping:
    def open(self, partition_id, epoch_id):
        return False
    def process(self, row):
        processed.append(row)
df = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 2).load()
q = df.writeStream.foreach(Skipping()).option("checkpointLocation", "/checkpoints/foreach-skip").trigger(availableNow=True).start()
q.awaitTermination()
class NoProcess:
    def open(self, partition_id, epoch_id):
        return True
try:
    df.writeStream.foreach(NoProcess())
    refused = None
except PySparkAttributeError as e:
    refused = (e.getCondition(), e.getMessageParameters())
(processed, refused)`),
    ).toEqual([[], ["ATTRIBUTE_NOT_CALLABLE", { attr_name: "process", obj_name: "f" }]]);
  });
});
