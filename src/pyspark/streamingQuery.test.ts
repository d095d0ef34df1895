/**
 * StreamingQuery and spark.streams in a Python cell, with the cases of PySpark's
 * python/pyspark/sql/tests/streaming/test_streaming.py (their inputs and expected answers). Spark's
 * test_support/sql/streaming directory holds one text file, "hello\nthis"; the same is written here. Waits run on
 * the session's manual clock (fastForward), never on wall time.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../engine/index";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
  await t.spark.fs.writeFile("/test_support/sql/streaming/text-test.txt", "hello\nthis");
  await t.py.run(`
from pyspark.sql import Row
from pyspark.sql.functions import col, lit, udf
from pyspark.sql.types import IntegerType, StringType, StructField, StructType
from pyspark.errors import StreamingQueryException
STREAMING = "/test_support/sql/streaming"
def stop_all():
    for q in spark.streams.active:
        q.stop()`);
});
afterAll(() => t.cleanup());

let clock: ManualClock;
beforeEach(() => {
  clock = new ManualClock(Date.UTC(2024, 0, 1));
  t.spark.clock = clock;
});

describe("test_streaming.py", () => {
  it("test_streaming_query_functions_basic", async () => {
    const result = await clock.fastForward(
      t.py.run(`
df = spark.readStream.format("rate").option("rowsPerSecond", 10).load()
query = df.writeStream.format("memory").queryName("test_streaming_query_functions_basic").start()
try:
    basics = (query.name, isinstance(query.id, str), isinstance(query.runId, str), query.isActive,
              query.exception(), query.awaitTermination(1))
    query.processAllAvailable()
    recentProgress = query.recentProgress
    lastProgress = query.lastProgress
    query.explain()
    checks = (lastProgress["name"] == query.name, lastProgress["id"] == query.id,
              any(p == lastProgress for p in recentProgress))
finally:
    query.stop()
(basics, checks)`),
    );
    expect(result.value).toEqual([
      ["test_streaming_query_functions_basic", true, true, true, null, false],
      [true, true, true],
    ]);
  });

  it("test_stream_trigger: one keyword argument, exactly", async () => {
    const result = await t.py.run(`
df = spark.readStream.format("text").load(STREAMING)
raised = []
for args, kwargs in [((), {}), ((), {"once": True, "processingTime": "5 seconds"}),
                     ((), {"processingTime": "5 seconds", "continuous": "1 second"}), (("5 seconds",), {})]:
    try:
        df.writeStream.trigger(*args, **kwargs)
        raised.append(None)
    except (ValueError, TypeError) as e:
        raised.append("ValueError" if isinstance(e, ValueError) else "TypeError")
raised`);
    expect(result.value).toEqual(["ValueError", "ValueError", "ValueError", "TypeError"]);
  });

  it("test_stream_read_options", async () => {
    const result = await t.py.run(`
schema = StructType([StructField("data", StringType(), False)])
df = spark.readStream.format("text").option("path", STREAMING).schema(schema).load()
(df.isStreaming, df.schema.simpleString())`);
    expect(result.value).toEqual([true, "struct<data:string>"]);
  });

  it("test_stream_save_options: a partitioned parquet sink from options", async () => {
    const result = await clock.fastForward(
      t.py.run(`
df = spark.readStream.format("text").load(STREAMING).withColumn("id", lit(1))
stop_all()
q = (df.writeStream.option("checkpointLocation", "/tmp/save_options/chk").queryName("this_query")
     .format("parquet").partitionBy("id").outputMode("append").option("path", "/tmp/save_options/out").start())
try:
    name, active = q.name, q.isActive
    q.processAllAvailable()
finally:
    q.stop()
written = sorted(r.value for r in spark.read.parquet("/tmp/save_options/out").collect())
(name, active, written, "id=1/" in [f.name for f in dbutils.fs.ls("/tmp/save_options/out")],
 len(dbutils.fs.ls("/tmp/save_options/chk")) > 0)`),
    );
    expect(result.value).toEqual(["this_query", true, ["hello", "this"], true, true]);
  });

  it("test_stream_status_and_progress: progress and status with a Python UDF in the query", async () => {
    const result = await clock.fastForward(
      t.py.run(`
df = spark.readStream.format("text").load(STREAMING)
stop_all()
same_udf = udf(lambda x: x)
q = df.select(same_udf(col("value")).alias("value")).writeStream.start(
    path="/tmp/status/out", format="parquet", queryName="this_query", checkpointLocation="/tmp/status/chk")
try:
    q.lastProgress
    q.processAllAvailable()
    lastProgress, recentProgress, status = q.lastProgress, q.recentProgress, q.status
finally:
    q.stop()
(lastProgress["name"] == q.name, lastProgress["id"] == q.id, any(p == lastProgress for p in recentProgress),
 sorted(status))`),
    );
    expect(result.value).toEqual([true, true, true, ["isDataAvailable", "isTriggerActive", "message"]]);
  });

  it("test_stream_await_termination and test_query_manager_await_termination", async () => {
    const result = await clock.fastForward(
      t.py.run(`
df = spark.readStream.format("text").load(STREAMING)
stop_all()
spark.streams.resetTerminated()  # queries stopped before would end awaitAnyTermination at once
q = df.writeStream.start(path="/tmp/await/out", format="parquet", queryName="this_query",
                         checkpointLocation="/tmp/await/chk")
answers = [q.isActive]
for wait in (lambda: q.awaitTermination("hello"), lambda: spark.streams.awaitAnyTermination("hello")):
    try:
        wait()
        answers.append("no error")
    except ValueError:
        answers.append("ValueError")
answers += [q.awaitTermination(2.6), spark.streams.awaitAnyTermination(2.6)]
q.processAllAvailable()
q.stop()
q.awaitTermination()
answers + [q.isActive]`),
    );
    expect(result.value).toEqual([true, "ValueError", "ValueError", false, false, false]);
  });

  it("test_stream_exception: exception() is None, then the StreamingQueryException with the cause", async () => {
    const result = await clock.fastForward(
      t.py.run(`
sdf = spark.readStream.format("text").load(STREAMING)
sq = sdf.writeStream.format("memory").queryName("query_explain").start()
try:
    sq.processAllAvailable()
    first = sq.exception()
finally:
    sq.stop()
bad_udf = udf(lambda x: 1 / 0)
sq = sdf.select(bad_udf(col("value"))).writeStream.format("memory").queryName("this_query").start()
try:
    sq.processAllAvailable()
    raised = None
except StreamingQueryException as e:
    raised = e
finally:
    exception = sq.exception()
    sq.stop()
(first, type(raised).__name__, "ZeroDivisionError" in str(raised), isinstance(exception, StreamingQueryException),
 "ZeroDivisionError" in str(exception))`),
    );
    expect(result.value).toEqual([null, "StreamingQueryException", true, true, true]);
  });

  it("test_query_manager_no_recreation and test_query_manager_get", async () => {
    const result = await clock.fastForward(
      t.py.run(`
same = all(spark.streams == spark.streams for _ in range(5))
stop_all()
q = spark.readStream.format("rate").load().writeStream.format("noop").start()
found = (q.isActive, q.id == spark.streams.get(q.id).id)
q.stop()
(same, found, spark.streams.get(q.id))`),
    );
    expect(result.value).toEqual([true, [true, true], null]);
  });

  it("test_streaming_read_from_table", async () => {
    const result = await clock.fastForward(
      t.py.run(`
spark.sql("CREATE TABLE input_table (value string) USING parquet")
spark.sql("INSERT INTO input_table VALUES ('aaa'), ('bbb'), ('ccc')")
df = spark.readStream.table("input_table")
q = df.writeStream.format("memory").queryName("read_from_table").start()
q.processAllAvailable()
q.stop()
result = spark.sql("SELECT * FROM read_from_table ORDER BY value").collect()
spark.sql("DROP TABLE input_table")
(df.isStreaming, set(result) == {Row(value="aaa"), Row(value="bbb"), Row(value="ccc")})`),
    );
    expect(result.value).toEqual([true, true]);
  });
});
