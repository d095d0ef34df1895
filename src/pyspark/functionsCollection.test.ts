/**
 * Issue 11's stack, array_insert and map_zip_with in Python cells, with PySpark 4's signatures and the examples of
 * PySpark's functions reference.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

it("stack, array_insert and map_zip_with as PySpark's reference shows them", async () => {
  const result = await t.py.run(`
import pyspark.sql.functions as sf
df = spark.createDataFrame([(1, 2, 3)], ["a", "b", "c"])
stacked = df.select(sf.stack(sf.lit(2), df.a, df.b, "c"))
arrays = spark.createDataFrame([(["a", "b", "c"], 2, "d"), (["c", "b", "a"], -2, "d")], ["data", "pos", "val"])
maps = spark.createDataFrame([(1, {"IT": 24.0, "SALES": 12.00}, {"IT": 2.0, "SALES": 1.4})], ("id", "base", "ratio"))
row = maps.select(sf.map_zip_with("base", "ratio", lambda k, v1, v2: sf.round(v1 * v2, 2)).alias("updated_data")).head()
{
    "stack_columns": stacked.columns,
    "stack": [list(r) for r in stacked.collect()],
    "insert_columns": [r.data for r in arrays.select(sf.array_insert(arrays.data, arrays.pos.cast("integer"), arrays.val).alias("data")).collect()],
    "insert_literal": [r.data for r in arrays.select(sf.array_insert(arrays.data, 5, "hello").alias("data")).collect()],
    "map_zip_with": sorted(row["updated_data"].items()),
}`);
  expect(result.value).toEqual({
    stack_columns: ["col0", "col1"],
    stack: [
      [1, 2],
      [3, null],
    ],
    insert_columns: [
      ["a", "d", "b", "c"],
      ["c", "b", "d", "a"],
    ],
    insert_literal: [
      ["a", "b", "c", null, "hello"],
      ["c", "b", "a", null, "hello"],
    ],
    map_zip_with: [
      ["IT", 48.0],
      ["SALES", 16.8],
    ],
  });
});

it("listagg and string_agg as PySpark's reference shows them", async () => {
  const result = await t.py.run(`
import pyspark.sql.functions as sf
df = spark.createDataFrame([("c",), ("a",), ("b",), ("a",), (None,)], ["strings"])
{
    "listagg": sorted(df.select(sf.listagg("strings")).first()[0]),
    "listagg_comma": sorted(df.select(sf.listagg("strings", ", ")).first()[0].split(", ")),
    "listagg_distinct": sorted(df.select(sf.listagg_distinct("strings")).first()[0]),
    "string_agg": sorted(df.select(sf.string_agg("strings", "|")).first()[0].split("|")),
    "string_agg_distinct": sorted(df.select(sf.string_agg_distinct("strings")).first()[0]),
    "columns": df.select(sf.listagg("strings", ", "), sf.string_agg_distinct("strings")).columns,
    "sql": spark.sql("SELECT listagg(s, '-') WITHIN GROUP (ORDER BY s DESC) AS r FROM VALUES ('a'), ('c'), ('b') AS t(s)").first().r,
}`);
  expect(result.value).toEqual({
    listagg: ["a", "a", "b", "c"],
    listagg_comma: ["a", "a", "b", "c"],
    listagg_distinct: ["a", "b", "c"],
    string_agg: ["a", "a", "b", "c"],
    string_agg_distinct: ["a", "b", "c"],
    columns: ["listagg(strings, , )", "string_agg(DISTINCT strings, NULL)"],
    sql: "c-b-a",
  });
});

it("to_csv as PySpark's reference shows it", async () => {
  const result = await t.py.run(`
import pyspark.sql.functions as sf
from pyspark.sql import Row
df = spark.createDataFrame([(1, Row(age=2, name='Alice'))], ("key", "value"))
ts = spark.sql("SELECT named_struct('t', TIMESTAMP '2015-08-26 18:00:00') AS a")
{
    "plain": df.select(sf.to_csv(df.value).alias("csv")).first().csv,
    "options": ts.select(sf.to_csv("a", {"timestampFormat": "dd/MM/yyyy HH:mm"}).alias("csv")).first().csv,
}`);
  expect(result.value).toEqual({ plain: "2,Alice", options: "26/08/2015 18:00" });
});
