/**
 * pyspark.sql.functions wrappers of Spark's other built-ins take PySpark 4's arguments (names, defaults, which
 * are columns and which literals); examples from PySpark's functions reference and test_functions.py.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

it("PySpark's signatures: keyword arguments, defaults, literals where PySpark takes them", async () => {
  const result = await t.py.run(`
import pyspark.sql.functions as sf
df = spark.createDataFrame([("Spark", "1a 2b 14m", r"(\\d+)", "SPARK_SQL", 6000, 15)], ["a", "s", "r", "x", "n", "m"])
row = df.select(
    sf.like(df.a, sf.lit("_park")).alias("like"),
    sf.ilike("a", sf.lit("%SpArk%")).alias("ilike"),
    sf.regexp_count("s", "r").alias("count"),
    sf.regexp_substr(str="s", regexp="r").alias("substr"),
    sf.try_divide("n", "m").alias("div"),
    sf.overlay("x", sf.lit("CORE"), 7).alias("overlay"),
    sf.overlay(src="x", replace=sf.lit("CORE"), pos=7, len=0).alias("overlay0"),
    sf.position(sf.lit("bar"), sf.lit("foobarbar"), start=sf.lit(5)).alias("position"),
    sf.format_number("n", 2).alias("formatted"),
    sf.months_between(sf.lit("1997-02-28 10:30:00"), sf.lit("1996-10-30"), roundOff=False).alias("months"),
    sf.next_day(sf.lit("2015-07-27"), "Sun").cast("string").alias("next"),
    sf.hypot(3, 4).alias("hypot"),
    sf.shiftleft("m", 1).alias("shifted"),
    sf.get(sf.array(sf.lit("a"), sf.lit("b")), 1).alias("get"),
    sf.typeof("n").alias("type"),
    sf.elt(sf.lit(2), "a", "x").alias("elt"),
).first()
row.asDict()`);
  expect(result.value).toEqual({
    like: true,
    ilike: true,
    count: 3,
    substr: "1",
    div: 400,
    overlay: "SPARK_CORE",
    overlay0: "SPARK_CORESQL",
    position: 7,
    formatted: "6,000.00",
    months: 3.9495967741935485,
    next: "2015-08-02",
    hypot: 5,
    shifted: 30,
    get: "b",
    type: "bigint",
    elt: "SPARK_SQL",
  });
});

it("aggregates and raise_error", async () => {
  const result = await t.py.run(`
import pyspark.sql.functions as sf
from pyspark.errors import PySparkException
df = spark.createDataFrame([(1.0, 1.0), (1.0, 2.0), (2.0, 3.0)], ["y", "x"])
row = df.agg(
    sf.regr_count("y", "x").alias("count"),
    sf.regr_sxx(y="y", x="x").alias("sxx"),
    sf.std("x").alias("std"),
    sf.approx_percentile("x", [0.0, 1.0], accuracy=100).alias("ends"),
).first()
try:
    spark.range(1).select(sf.raise_error("My error")).collect()
    raised = None
except Exception as e:
    raised = [type(e).__name__, e.getCondition(), e.getMessageParameters(), e.getSqlState(), str(e)]
[row.asDict(), raised]`);
  expect(result.value).toEqual([
    { count: 3, sxx: 2, std: 1, ends: [1, 3] },
    [
      "SparkRuntimeException",
      "USER_RAISED_EXCEPTION",
      { errorMessage: "My error" },
      "P0001",
      "[USER_RAISED_EXCEPTION] My error SQLSTATE: P0001",
    ],
  ]);
});

it("assert_true as PySpark's check_assert_true", async () => {
  const result = await t.py.run(`
import pyspark.sql.functions as F
from pyspark.errors import PySparkTypeError, SparkRuntimeException
df = spark.range(3)
passed = df.select(F.assert_true(df.id < 3)).toDF("val").collect()
failures = []
for message in ["too big", df.id * 1000, None]:
    try:
        df.select(F.assert_true(df.id < 2, message)).collect()
    except SparkRuntimeException as e:
        failures.append(str(e))
try:
    df.select(F.assert_true(df.id < 2, 5))
except PySparkTypeError as e:
    failures.append([e.getCondition(), e.getMessageParameters()])
[[r.val for r in passed], failures]`);
  expect(result.value).toEqual([
    [null, null, null],
    [
      "[USER_RAISED_EXCEPTION] too big SQLSTATE: P0001",
      "[USER_RAISED_EXCEPTION] 2000 SQLSTATE: P0001",
      "[USER_RAISED_EXCEPTION] '(id < 2)' is not true! SQLSTATE: P0001",
      ["NOT_COLUMN_OR_STR", { arg_name: "errMsg", arg_type: "int" }],
    ],
  ]);
});

it("current_date() and curdate() are the session time zone's date, in SQL and through functions", async () => {
  const result = await t.py.run(`
import datetime
import pyspark.sql.functions as sf
row = spark.sql("SELECT current_date() AS d, curdate() AS c, current_timezone() AS tz").first()
api = spark.range(2).select(sf.current_date().alias("d"), sf.curdate().alias("c"), sf.current_timestamp().alias("ts")).collect()
[str(row.d) == str(row.c), row.tz, type(row.d).__name__, len({(r.d, r.c, r.ts) for r in api}), type(api[0].d).__name__,
 str(api[0].d) == api[0].ts.astimezone(datetime.timezone.utc).date().isoformat()]`);
  expect(result.value).toEqual([true, "UTC", "date", 1, "date", true]);
});

it("lit(None) and a bare SQL NULL are NullType, void in dtypes (Spark's literals.sql: struct<NULL:void>)", async () => {
  const result = await t.py.run(`
from pyspark.sql.functions import lit
from pyspark.sql.types import NullType
df = spark.sql("SELECT NULL AS n")
selected = spark.range(1).select(lit(None).alias("n"))
[df.dtypes, isinstance(df.schema["n"].dataType, NullType), repr(selected.schema), df.collect()[0].n is None]`);
  expect(result.value).toEqual([
    [["n", "void"]],
    true,
    "StructType([StructField('n', NullType(), True)])",
    true,
  ]);
});
