/**
 * PySpark's python/pyspark/sql/tests/streaming/test_stream_test_framework.py (MemoryStreamTests), case by case
 * with its inputs and assertions, in a Python cell: `pyspark.testing.streaming.MemoryStream` adds rows to a
 * streaming source that a memory sink reads back. setUp's checkpoint and query name, and tearDown's stop and
 * DROP TABLE, are the `fresh()` / `tear_down()` helpers below.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ManualClock } from "../../engine/index";
import type { PythonTestSession } from "../testing";
import { newPySparkTestSession } from "./pysparkTests";

let t: PythonTestSession;
let clock: ManualClock;
beforeAll(async () => {
  ({ clock, ...t } = await newPySparkTestSession());
  await t.py.run(`
import os, shutil, tempfile, time
from collections import namedtuple
from pyspark.sql import Row
from pyspark.sql.types import IntegerType, StringType, StructField, StructType
from pyspark.testing.streaming import MemoryStream

def fresh():
    """MemoryStreamTests.setUp: a checkpoint directory and a query name of its own."""
    global _checkpoint, _query_name
    _checkpoint = tempfile.mkdtemp(prefix="memory_stream_test_")
    _query_name = f"memory_stream_test_{os.getpid()}_{time.monotonic_ns()}"

def tear_down():
    try:
        for q in spark.streams.active:
            if q.name == _query_name:
                q.stop()
    finally:
        shutil.rmtree(_checkpoint, ignore_errors=True)
        spark.sql(f"DROP TABLE IF EXISTS {_query_name}")

def _start_passthrough(df):
    return (
        df.writeStream.format("memory")
        .queryName(_query_name)
        .option("checkpointLocation", _checkpoint)
        .trigger(processingTime="0 seconds")
        .outputMode("append")
        .start()
    )

PERSON = StructType([StructField("name", StringType(), True), StructField("age", IntegerType(), True)])`);
});
afterAll(() => t.cleanup());

/** Runs a test body between setUp and tearDown, the clock moving to whatever the engine or the cell waits for. */
const run = async (body: string) =>
  (await clock.fastForward(t.py.run(`fresh()\ntry:\n${indent(body)}\nfinally:\n    tear_down()\nresult`)))
    .value;
const indent = (code: string) =>
  code
    .trim()
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");

describe("test_stream_test_framework.py", () => {
  it("test_simple_int_schema_round_trip", async () => {
    expect(
      await run(`
source = MemoryStream(spark, "int")
tc.assertEqual(source.schema.simpleString(), "struct<value:int>")
offset = source.add_data(1, 2, 3)
tc.assertEqual(offset, 0)
query = _start_passthrough(source.to_df())
try:
    query.processAllAvailable()
    rows = spark.sql(f"SELECT value FROM {_query_name}").collect()
    tc.assertEqual(sorted(r.value for r in rows), [1, 2, 3])
    result = sorted(r.value for r in rows)
finally:
    query.stop()
    query.awaitTermination(60)`),
    ).toEqual([1, 2, 3]);
  });

  it("test_subsequent_add_data_advances_offset", async () => {
    expect(
      await run(`
source = MemoryStream(spark, "int")
tc.assertEqual(source.add_data(1), 0)
tc.assertEqual(source.add_data(2, 3), 1)
tc.assertEqual(source.add_data(4, 5, 6), 2)
tc.assertEqual(source.current_offset, 2)
result = source.current_offset`),
    ).toBe(2);
  });

  it("test_empty_add_data_is_noop", async () => {
    expect(
      await run(`
source = MemoryStream(spark, "int")
tc.assertEqual(source.add_data(), -1)
tc.assertEqual(source.add_data(1), 0)
result = source.current_offset`),
    ).toBe(0);
  });

  it("test_struct_schema", async () => {
    expect(
      await run(`
source = MemoryStream(spark, PERSON)
source.add_data(Row(name="Alice", age=30), Row(name="Bob", age=25))
query = _start_passthrough(source.to_df())
try:
    query.processAllAvailable()
    rows = spark.sql(f"SELECT name, age FROM {_query_name} ORDER BY name").collect()
    tc.assertEqual([(r.name, r.age) for r in rows], [("Alice", 30), ("Bob", 25)])
    result = [[r.name, r.age] for r in rows]
finally:
    query.stop()
    query.awaitTermination(60)`),
    ).toEqual([
      ["Alice", 30],
      ["Bob", 25],
    ]);
  });

  it("test_struct_schema_accepts_tuples_and_dicts", async () => {
    expect(
      await run(`
source = MemoryStream(spark, PERSON)
source.add_data(("Alice", 30), {"name": "Bob", "age": 25})
query = _start_passthrough(source.to_df())
try:
    query.processAllAvailable()
    rows = spark.sql(f"SELECT name, age FROM {_query_name} ORDER BY name").collect()
    tc.assertEqual([(r.name, r.age) for r in rows], [("Alice", 30), ("Bob", 25)])
    result = [[r.name, r.age] for r in rows]
finally:
    query.stop()
    query.awaitTermination(60)`),
    ).toEqual([
      ["Alice", 30],
      ["Bob", 25],
    ]);
  });

  it("test_unsupported_simple_type_rejected", async () => {
    expect(
      await run(`
with tc.assertRaises(ValueError) as context:
    MemoryStream(spark, "uuid")
result = type(context.exception).__name__`),
    ).toBe("ValueError");
  });

  it("test_unsupported_schema_arg_type_rejected", async () => {
    expect(
      await run(`
with tc.assertRaises(TypeError) as context:
    MemoryStream(spark, schema=123)
result = type(context.exception).__name__`),
    ).toBe("TypeError");
  });

  it("test_to_df_is_streaming", async () => {
    expect(
      await run(`
source = MemoryStream(spark, "int")
df = source.to_df()
tc.assertTrue(df.isStreaming)
tc.assertEqual(df.schema.simpleString(), "struct<value:int>")
result = [df.isStreaming, df.schema.simpleString()]`),
    ).toEqual([true, "struct<value:int>"]);
  });

  it("test_namedtuple_resolved_by_field_name_not_position", async () => {
    expect(
      await run(`
PT = namedtuple("PT", ["age", "name"])
source = MemoryStream(spark, PERSON)
source.add_data(PT(age=30, name="Alice"))
query = _start_passthrough(source.to_df())
try:
    query.processAllAvailable()
    rows = spark.sql(f"SELECT name, age FROM {_query_name}").collect()
    tc.assertEqual([(r.name, r.age) for r in rows], [("Alice", 30)])
    result = [[r.name, r.age] for r in rows]
finally:
    query.stop()
    query.awaitTermination(60)`),
    ).toEqual([["Alice", 30]]);
  });
});
