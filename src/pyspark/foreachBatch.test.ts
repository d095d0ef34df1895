/**
 * writeStream.foreachBatch in a Python cell, with the cases of PySpark's
 * python/pyspark/sql/tests/streaming/test_streaming_foreach_batch.py (their inputs and expected answers; Spark's
 * test_support/sql/streaming holds one text file, "hello\nthis", written here too).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../engine/index";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
  await t.spark.fs.writeFile("/test_support/sql/streaming/text-test.txt", "hello\nthis");
  await t.py.run(`
from pyspark.sql import DataFrame
from pyspark.errors import StreamingQueryException
STREAMING = "/test_support/sql/streaming"
def my_test_function_1():
    return 1`);
});
afterAll(() => t.cleanup());

let clock: ManualClock;
beforeEach(() => {
  clock = new ManualClock(Date.UTC(2024, 0, 1));
  t.spark.clock = clock;
});

describe("test_streaming_foreach_batch.py", () => {
  it("test_streaming_foreach_batch: each batch saved as a table", async () => {
    const result = await clock.fastForward(
      t.py.run(`
def collectBatch(batch_df, batch_id):
    batch_df.write.format("parquet").saveAsTable("test_table1")
q = spark.readStream.format("text").load(STREAMING).writeStream.foreachBatch(collectBatch).start()
try:
    q.processAllAvailable()
    collected = sorted(r.value for r in spark.sql("select * from test_table1").collect())
finally:
    q.stop()
    spark.sql("DROP TABLE IF EXISTS test_table1")
collected`),
    );
    expect(result.value).toEqual(["hello", "this"]);
  });

  it("test_streaming_foreach_batch_tempview: the batch's session sees the batch's temp view", async () => {
    const result = await clock.fastForward(
      t.py.run(`
seen = []
def collectBatch(batch_df, batch_id):
    batch_df.createOrReplaceTempView("updates")
    seen.append(len(batch_df.sparkSession.sql("SELECT * FROM updates").collect()))
q = spark.readStream.format("text").load(STREAMING).writeStream.foreachBatch(collectBatch).start()
q.processAllAvailable()
q.stop()
seen`),
    );
    expect(result.value).toEqual([2]);
  });

  it("test_streaming_foreach_batch_propagates_python_errors", async () => {
    const result = await clock.fastForward(
      t.py.run(`
def collectBatch(df, id):
    raise RuntimeError("this should fail the query")
q = spark.readStream.format("text").load(STREAMING).writeStream.foreachBatch(collectBatch).start()
try:
    q.processAllAvailable()
    err_msg = None
except StreamingQueryException as e:
    err_msg = str(e)
finally:
    q.stop()
("this should fail" in err_msg, "FOREACH_BATCH_USER_FUNCTION_ERROR" in err_msg)`),
    );
    expect(result.value).toEqual([true, true]);
  });

  it("test_streaming_foreach_batch_spark_session and _function_calling: the batch's session writes tables", async () => {
    const result = await clock.fastForward(
      t.py.run(`
def func(df: DataFrame, batch_id: int):
    if batch_id > 0:
        return
    spark = df.sparkSession
    df1 = spark.createDataFrame([("structured",), ("streaming",)])
    df1.union(df).write.mode("append").saveAsTable("testTable_foreach_batch")
q = spark.readStream.format("text").load(STREAMING).writeStream.foreachBatch(func).start()
q.processAllAvailable()
q.stop()
actual = spark.read.table("testTable_foreach_batch")
expected = spark.read.format("text").load(path=STREAMING + "/").union(
    spark.createDataFrame([("structured",), ("streaming",)]))
same_session = sorted(expected.collect()) == sorted(actual.collect())

class Holder:
    @staticmethod
    def my_test_function_2():
        return 2
def my_test_function_3():
    return 3
def func2(df: DataFrame, batch_id: int):
    if batch_id > 0:
        return
    df.sparkSession.createDataFrame([(my_test_function_1(),), (Holder.my_test_function_2(),),
                                     (my_test_function_3(),)]).write.mode("append").saveAsTable("testTable_fn")
q = spark.readStream.format("rate").load().writeStream.foreachBatch(func2).start()
q.awaitTermination(2)  # the rate source's first row is a second away
q.processAllAvailable()
q.stop()
calls = sorted(tuple(r) for r in spark.read.table("testTable_fn").collect())
spark.sql("DROP TABLE testTable_foreach_batch")
spark.sql("DROP TABLE testTable_fn")
(same_session, calls)`),
    );
    expect(result.value).toEqual([true, [[1], [2], [3]]]);
  });

  it("test_streaming_foreach_batch_external_column: a Column defined outside the function", async () => {
    const result = await clock.fastForward(
      t.py.run(`
from pyspark.sql import functions as sf
col = sf.col("value")
def func(df: DataFrame, batch_id: int):
    df.select(col.alias("result")).write.mode("append").saveAsTable("testTable_external_column")
q = spark.readStream.format("text").load(STREAMING).writeStream.foreachBatch(func).start()
q.processAllAvailable()
q.stop()
results = sorted(row["result"] for row in spark.sql("select * from testTable_external_column").collect())
spark.sql("DROP TABLE testTable_external_column")
results`),
    );
    expect(result.value).toEqual(["hello", "this"]);
  });
});
