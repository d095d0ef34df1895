/**
 * cube, rollup, groupingSets, grouping, grouping_id, pivot and unpivot in Python: the examples of PySpark's
 * DataFrame.cube, DataFrame.rollup, GroupedData.pivot, DataFrame.unpivot, functions.grouping and
 * functions.grouping_id docstrings, with their answers.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

it("cube and rollup count per set, nulls where a set leaves a column out", async () => {
  const result = await t.py.run(`
df = spark.createDataFrame([(2, "Alice"), (5, "Bob")], schema=["age", "name"])
[[tuple(r) for r in g.count().orderBy("name", "age").collect()]
 for g in (df.cube("name", df.age), df.rollup("name", df.age))]`);
  expect(result.value).toEqual([
    [
      [null, null, 2],
      [null, 2, 1],
      [null, 5, 1],
      ["Alice", null, 1],
      ["Alice", 2, 1],
      ["Bob", null, 1],
      ["Bob", 5, 1],
    ],
    [
      [null, null, 2],
      ["Alice", null, 1],
      ["Alice", 2, 1],
      ["Bob", null, 1],
      ["Bob", 5, 1],
    ],
  ]);
});

it("grouping and grouping_id, named as PySpark names them", async () => {
  const result = await t.py.run(`
from pyspark.sql import functions as sf
df = spark.createDataFrame([(1, "a", "a"), (3, "a", "a"), (4, "b", "c")], "c1 INT, c2 STRING, c3 STRING")
ids = df.cube("c2", "c3").agg(sf.grouping_id(), sf.sum("c1")).orderBy("c2", "c3")
people = spark.createDataFrame([("Alice", 2), ("Bob", 5)], ("name", "age"))
g = people.cube("name").agg(sf.grouping("name"), sf.sum("age")).orderBy("name")
[ids.columns, [tuple(r) for r in ids.collect()], g.columns, [tuple(r) for r in g.collect()]]`);
  expect(result.value).toEqual([
    ["c2", "c3", "grouping_id()", "sum(c1)"],
    [
      [null, null, 3, 8],
      [null, "a", 2, 4],
      [null, "c", 2, 4],
      ["a", null, 1, 4],
      ["a", "a", 0, 4],
      ["b", null, 1, 4],
      ["b", "c", 0, 4],
    ],
    ["name", "grouping(name)", "sum(age)"],
    [
      [null, 1, 7],
      ["Alice", 0, 2],
      ["Bob", 0, 5],
    ],
  ]);
});

it("groupingSets with tuples of names, and grouping outside them is PySpark's AnalysisException", async () => {
  const result = await t.py.run(`
from pyspark.errors import AnalysisException
from pyspark.sql import functions as sf
df = spark.createDataFrame([("Fremont", "Honda", 10), ("Fremont", "Honda", 5), ("Dublin", "Civic", 20)],
                           ["city", "car_model", "quantity"])
sets = df.groupingSets([("city", "car_model"), ("city",), ()], "city", "car_model")
rows = [tuple(r) for r in sets.agg(sf.sum("quantity").alias("sum")).sort("city", "car_model").collect()]
try:
    df.groupBy("city").agg(sf.grouping("city"))
    error = None
except AnalysisException as e:
    error = e.getCondition()
[rows, error]`);
  expect(result.value).toEqual([
    [
      [null, null, 35],
      ["Dublin", null, 20],
      ["Dublin", "Civic", 20],
      ["Fremont", null, 15],
      ["Fremont", "Honda", 15],
    ],
    "UNSUPPORTED_GROUPING_EXPRESSION",
  ]);
});

it("pivot with and without values, as PySpark's GroupedData.pivot docstring", async () => {
  const result = await t.py.run(`
from pyspark.sql import Row
df1 = spark.createDataFrame([
    Row(course="dotNET", year=2012, earnings=10000),
    Row(course="Java", year=2012, earnings=20000),
    Row(course="dotNET", year=2012, earnings=5000),
    Row(course="dotNET", year=2013, earnings=48000),
    Row(course="Java", year=2013, earnings=30000),
])
given = df1.groupBy("year").pivot("course", ["dotNET", "Java"]).sum("earnings").sort("year")
found = df1.groupBy("year").pivot("course").sum("earnings").sort("year")
[given.columns, [tuple(r) for r in given.collect()], found.columns, [tuple(r) for r in found.collect()]]`);
  expect(result.value).toEqual([
    ["year", "dotNET", "Java"],
    [
      [2012, 15000, 20000],
      [2013, 48000, 30000],
    ],
    ["year", "Java", "dotNET"],
    [
      [2012, 20000, 15000],
      [2013, 30000, 48000],
    ],
  ]);
});

it("unpivot and melt, as PySpark's DataFrame.unpivot docstring", async () => {
  const result = await t.py.run(`
df = spark.createDataFrame([(1, 11, 1.1), (2, 12, 1.2)], ["id", "int", "double"])
u = df.unpivot("id", ["int", "double"], "var", "val")
m = df.melt(["id"], None, "var", "val")
[u.columns, [tuple(r) for r in u.collect()], [tuple(r) for r in m.collect()]]`);
  const rows = [
    [1, "int", 11],
    [1, "double", 1.1],
    [2, "int", 12],
    [2, "double", 1.2],
  ];
  expect(result.value).toEqual([["id", "var", "val"], rows, rows]);
});

it("SQL PIVOT over several columns and UNPIVOT of value pairs, as Spark's pivot.sql and unpivot.sql", async () => {
  const result = await t.py.run(`
spark.createDataFrame(
    [("dotNET", 2012, 10000, 1), ("Java", 2012, 20000, 1), ("dotNET", 2012, 5000, 1),
     ("dotNET", 2013, 48000, 2), ("Java", 2013, 30000, 2)],
    "course string, year int, earnings int, s int").createOrReplaceTempView("py_course_sales")
p = spark.sql("""SELECT * FROM py_course_sales
  PIVOT (sum(earnings) FOR (course, s) IN (('dotNET', 2) AS c1, ('Java', 1) AS c2)) ORDER BY year""")
spark.createDataFrame(
    [("dotNET", 15000, 2, 48000, 1), ("Java", 20000, 1, None, None)],
    "course string, earnings2012 int, sales2012 int, earnings2013 int, sales2013 int",
).createOrReplaceTempView("py_earnings_sales")
u = spark.sql("""SELECT * FROM py_earnings_sales
  UNPIVOT ((earnings, sales) FOR year IN ((earnings2012, sales2012), (earnings2013, sales2013) AS \`2013\`))
  ORDER BY course, year""")
[p.columns, [tuple(r) for r in p.collect()], u.columns, [tuple(r) for r in u.collect()]]`);
  expect(result.value).toEqual([
    ["year", "c1", "c2"],
    [
      [2012, null, 20000],
      [2013, 48000, null],
    ],
    ["course", "year", "earnings", "sales"],
    [
      ["Java", "earnings2012_sales2012", 20000, 1],
      ["dotNET", "2013", 48000, 1],
      ["dotNET", "earnings2012_sales2012", 15000, 2],
    ],
  ]);
});
