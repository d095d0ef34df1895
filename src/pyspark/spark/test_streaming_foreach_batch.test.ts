/**
 * PySpark's python/pyspark/sql/tests/streaming/test_streaming_foreach_batch.py
 * (StreamingTestsForeachBatchMixin), case by case with its inputs and assertions, in a Python cell; waits run on
 * the session's manual clock.
 *
 * Not ported, as they are older copies of these cases: test_streaming_foreachBatch.py (its four tests are this
 * file's first four, same bodies) and test_streaming_foreach_family.py (its foreach tests are
 * test_streaming_foreach.py's, ported in ./test_streaming_foreach.test.ts; its foreachBatch tests are these, with
 * the batch collected into a dict; its graceful-stop case sleeps with the JVM's Thread.sleep through
 * `batch_df.sparkSession._jvm`, which needs a JVM).
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
import time
from pyspark.sql.dataframe import DataFrame
from pyspark.errors import StreamingQueryException
STREAMING = "python/test_support/sql/streaming"

def my_test_function_1():
    return 1

class StreamingTestsForeachBatchMixin:
    @staticmethod
    def my_test_function_2():
        return 2`);
});
afterAll(() => t.cleanup());

/** Runs a cell with the clock moving to whatever the engine or the cell waits for. */
const run = async (code: string) => (await clock.fastForward(t.py.run(code))).value;

describe("test_streaming_foreach_batch.py", () => {
  it("test_streaming_foreach_batch", async () => {
    expect(
      await run(`
q = None
def collectBatch(batch_df, batch_id):
    batch_df.createOrReplaceGlobalTempView("test_view")
try:
    df = spark.readStream.format("text").load(STREAMING)
    q = df.writeStream.foreachBatch(collectBatch).start()
    q.processAllAvailable()
    collected = spark.sql("select * from global_temp.test_view").collect()
    tc.assertTrue(len(collected), 2)
finally:
    if q:
        q.stop()
sorted(r.value for r in collected)`),
    ).toEqual(["hello", "this"]);
  });

  it("test_streaming_foreach_batch_tempview", async () => {
    expect(
      await run(`
q = None
def collectBatch(batch_df, batch_id):
    batch_df.createOrReplaceTempView("updates")
    assert len(batch_df.sparkSession.sql("SELECT * FROM updates").collect()) == 2
    batch_df.createOrReplaceGlobalTempView("temp_view")
try:
    df = spark.readStream.format("text").load(STREAMING)
    q = df.writeStream.foreachBatch(collectBatch).start()
    q.processAllAvailable()
    collected = spark.sql("SELECT * FROM global_temp.temp_view").collect()
    tc.assertTrue(len(collected[0]), 2)
finally:
    if q:
        q.stop()
(len(collected), q.exception())`),
    ).toEqual([2, null]);
  });

  it("test_streaming_foreach_batch_propagates_python_errors", async () => {
    expect(
      await run(`
q = None
def collectBatch(df, id):
    raise RuntimeError("this should fail the query")
try:
    df = spark.readStream.format("text").load(STREAMING)
    q = df.writeStream.foreachBatch(collectBatch).start()
    q.processAllAvailable()
    tc.fail("Expected a failure")
except StreamingQueryException as e:
    tc.assertTrue("this should fail" in str(e))
    error = e
finally:
    if q:
        q.stop()
(error.getCondition(), "[FOREACH_BATCH_USER_FUNCTION_ERROR]" in str(error), error._cause.getCondition(),
 "RuntimeError: this should fail the query" in str(error))`),
    ).toEqual(["STREAM_FAILED", true, null, true]);
  });

  // PySpark sleeps in the batch with the JVM's Thread.sleep (batch_df.sparkSession._jvm); Python's time.sleep,
  // on the session's clock, is the same wait here.
  it("test_streaming_foreach_batch_graceful_stop", async () => {
    expect(
      await run(`
def func(batch_df, _):
    time.sleep(10)
q = spark.readStream.format("rate").load().writeStream.foreachBatch(func).start()
time.sleep(3)
q.stop()
tc.assertIsNone(q.exception(), "No exception has to be propagated.")
(q.isActive, q.exception())`),
    ).toEqual([false, null]);
  });

  it("test_streaming_foreach_batch_spark_session", async () => {
    expect(
      await run(`
table_name = "testTable_foreach_batch"
def func(df: DataFrame, batch_id: int):
    if batch_id > 0:
        return
    spark = df.sparkSession
    df1 = spark.createDataFrame([("structured",), ("streaming",)])
    df1.union(df).write.mode("append").saveAsTable(table_name)
df = spark.readStream.format("text").load(STREAMING)
q = df.writeStream.foreachBatch(func).start()
q.processAllAvailable()
q.stop()
actual = spark.read.table(table_name)
df = spark.read.format("text").load(path=STREAMING + "/").union(spark.createDataFrame([("structured",), ("streaming",)]))
tc.assertEqual(sorted(df.collect()), sorted(actual.collect()))
sorted(r[0] for r in actual.collect())`),
    ).toEqual(["hello", "streaming", "structured", "this"]);
  });

  it("test_streaming_foreach_batch_path_access", async () => {
    expect(
      await run(`
table_name = "testTable_foreach_batch_path"
def func(df: DataFrame, batch_id: int):
    if batch_id > 0:
        return
    spark = df.sparkSession
    df1 = spark.read.format("text").load(STREAMING)
    df1.union(df).write.mode("append").saveAsTable(table_name)
df = spark.readStream.format("text").load(STREAMING)
q = df.writeStream.foreachBatch(func).start()
q.processAllAvailable()
q.stop()
actual = spark.read.table(table_name)
df = spark.read.format("text").load(path=STREAMING + "/")
df = df.union(df)
tc.assertEqual(sorted(df.collect()), sorted(actual.collect()))
sorted(r[0] for r in actual.collect())`),
    ).toEqual(["hello", "hello", "this", "this"]);
  });

  it("test_streaming_foreach_batch_function_calling", async () => {
    expect(
      await run(`
def my_test_function_3():
    return 3
table_name = "testTable_foreach_batch_function"
def func(df: DataFrame, batch_id: int):
    if batch_id > 0:
        return
    spark = df.sparkSession
    df1 = spark.createDataFrame([(my_test_function_1(),), (StreamingTestsForeachBatchMixin.my_test_function_2(),),
                                 (my_test_function_3(),)])
    df1.write.mode("append").saveAsTable(table_name)
df = spark.readStream.format("rate").load()
q = df.writeStream.foreachBatch(func).start()
q.processAllAvailable()
q.stop()
actual = spark.read.table(table_name)
df = spark.createDataFrame([(my_test_function_1(),), (StreamingTestsForeachBatchMixin.my_test_function_2(),),
                            (my_test_function_3(),)])
tc.assertEqual(sorted(df.collect()), sorted(actual.collect()))
sorted(r[0] for r in actual.collect())`),
    ).toEqual([1, 2, 3]);
  });

  it("test_streaming_foreach_batch_import", async () => {
    expect(
      await run(`
table_name = "testTable_foreach_batch_import"
def func(df: DataFrame, batch_id: int):
    if batch_id > 0:
        return
    time.sleep(1)
    spark = df.sparkSession
    df1 = spark.read.format("text").load(STREAMING)
    df1.write.mode("append").saveAsTable(table_name)
df = spark.readStream.format("rate").load()
q = df.writeStream.foreachBatch(func).start()
q.processAllAvailable()
q.stop()
actual = spark.read.table(table_name)
df = spark.read.format("text").load(STREAMING)
tc.assertEqual(sorted(df.collect()), sorted(actual.collect()))
sorted(r[0] for r in actual.collect())`),
    ).toEqual(["hello", "this"]);
  });

  it("test_streaming_foreach_batch_external_column", async () => {
    expect(
      await run(`
from pyspark.sql import functions as sf
table_name = "testTable_foreach_batch_external_column"
col = sf.col("value")
def func(df: DataFrame, batch_id: int):
    df.select(col.alias("result")).write.mode("append").saveAsTable(table_name)
df = spark.readStream.format("text").load(STREAMING)
q = df.writeStream.foreachBatch(func).start()
q.processAllAvailable()
q.stop()
results = spark.sql(f"select * from {table_name}").collect()
tc.assertEqual(sorted(row["result"] for row in results), ["hello", "this"])
sorted(row["result"] for row in results)`),
    ).toEqual(["hello", "this"]);
  });
});
