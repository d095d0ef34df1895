/**
 * Issue 11's from_xml, to_xml and schema_of_xml in Python cells, with PySpark 4's signatures and the examples of
 * PySpark's functions reference (their docstrings' inputs and answers).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

it("from_xml, to_xml and schema_of_xml as PySpark's reference shows them", async () => {
  const result = await t.py.run(`
import pyspark.sql.functions as sf
from pyspark.sql import Row
from pyspark.sql.types import ArrayType, IntegerType, StructField, StructType
df = spark.createDataFrame([(1, '''<p><a>1</a></p>''')], ("key", "value"))
ddl = df.select(sf.from_xml(df.value, "STRUCT<a: INT>").alias("xml")).collect()
typed = df.select(sf.from_xml(df.value, StructType([StructField("a", IntegerType())])).alias("xml")).collect()
data = [(1, '<p><a>1</a><a>2</a></p>')]
arrays = spark.createDataFrame(data, ("key", "value"))
array_schema = StructType([StructField("a", ArrayType(IntegerType()))])
with_array = arrays.select(sf.from_xml(arrays.value, array_schema).alias("xml")).collect()
inferred = arrays.select(sf.from_xml(arrays.value, sf.schema_of_xml(sf.lit(data[0][1]))).alias("xml")).collect()
people = spark.createDataFrame([(1, Row(age=2, name='Alice'))], ("key", "value"))
one = spark.range(1)
{
    "ddl": [r.xml.a for r in ddl],
    "typed": [r.xml.a for r in typed],
    "array": [r.xml.a for r in with_array],
    "inferred": [r.xml.a for r in inferred],
    "to_xml": people.select(sf.to_xml(people.value, {'rowTag': 'person'}).alias("xml")).first().xml,
    "schema": one.select(sf.schema_of_xml(sf.lit('<p><a>1</a></p>')).alias("xml")).first().xml,
    "schema_array": one.select(sf.schema_of_xml(sf.lit('<p><a>1</a><a>2</a></p>')).alias("xml")).first().xml,
    "schema_options": one.select(sf.schema_of_xml('<p><a attr="2">1</a></p>', {'excludeAttribute': 'true'}).alias("xml")).first().xml,
}`);
  expect(result.value).toEqual({
    ddl: [1],
    typed: [1],
    array: [[1, 2]],
    inferred: [[1, 2]],
    to_xml: "<person>\n    <age>2</age>\n    <name>Alice</name>\n</person>",
    schema: "STRUCT<a: BIGINT>",
    schema_array: "STRUCT<a: ARRAY<BIGINT>>",
    schema_options: "STRUCT<a: BIGINT>",
  });
});

it("spark.read.xml, df.write.xml and spark.readStream.xml as PySpark's reference shows them", async () => {
  const result = await t.py.run(`
import tempfile
with tempfile.TemporaryDirectory(prefix="xml") as d:
    spark.createDataFrame([{"age": 100, "name": "Hyukjin Kwon"}]).write.mode("overwrite").option("rowTag", "person").xml(d)
    df = spark.read.option("rowTag", "person").xml(d)
    rows = [r.asDict() for r in df.collect()]
    stream = spark.readStream.schema("age INT, name STRING").xml(d, rowTag="person")
    q = stream.writeStream.format("memory").queryName("xml_people").start()
    q.processAllAvailable()
    q.stop()
    streamed = [r.asDict() for r in spark.sql("SELECT * FROM xml_people").collect()]
{"rows": rows, "streamed": streamed}`);
  expect(result.value).toEqual({
    rows: [{ age: 100, name: "Hyukjin Kwon" }],
    streamed: [{ age: 100, name: "Hyukjin Kwon" }],
  });
});
