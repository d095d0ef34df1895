/**
 * PySpark's python/pyspark/sql/tests/streaming/test_streaming.py (StreamingTestsMixin), case by case with its
 * inputs and assertions, in a Python cell. Files PySpark's tests look at with os.walk / os.listdir are in the
 * session's storage here, listed with dbutils.fs; waits run on the session's manual clock.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ManualClock } from "../../engine/index";
import type { PythonTestSession } from "../testing";
import { liveCell, newPySparkTestSession } from "./pysparkTests";

let t: PythonTestSession;
let clock: ManualClock;
beforeAll(async () => {
  ({ clock, ...t } = await newPySparkTestSession());
  await t.py.run(`
import time
from pyspark.sql.functions import col, lit, udf
from pyspark.sql.types import IntegerType, StringType, StructField, StructType, TimestampType
from pyspark.errors import PySparkValueError, StreamingQueryException
STREAMING = "python/test_support/sql/streaming"

def assert_exception_tree_contains_msg(exception, msg):
    e = exception
    contains = msg in e._desc
    while e._cause is not None and not contains:
        e = e._cause
        contains = msg in e._desc
    tc.assertTrue(contains, "Exception tree doesn't contain the expected message: %s" % msg)`);
});
afterAll(() => t.cleanup());

/** Runs a cell with the clock moving to whatever the engine or the cell waits for. */
const run = async (code: string) => (await clock.fastForward(t.py.run(code))).value;

describe("test_streaming.py", () => {
  it("test_streaming_query_functions_basic", async () => {
    expect(
      await run(`
df = spark.readStream.format("text").load(STREAMING)
query = df.writeStream.format("memory").queryName("test_streaming_query_functions_basic").start()
try:
    tc.assertEqual(query.name, "test_streaming_query_functions_basic")
    tc.assertTrue(isinstance(query.id, str))
    tc.assertTrue(isinstance(query.runId, str))
    tc.assertTrue(query.isActive)
    tc.assertEqual(query.exception(), None)
    tc.assertFalse(query.awaitTermination(1))
    query.processAllAvailable()
    lastProgress = query.lastProgress
    recentProgress = query.recentProgress
    tc.assertEqual(lastProgress["name"], query.name)
    tc.assertEqual(lastProgress["id"], query.id)
    tc.assertTrue(any(p == lastProgress for p in recentProgress))
    query.explain()
finally:
    query.stop()
sorted(r.value for r in spark.table("test_streaming_query_functions_basic").collect())`),
    ).toEqual(["hello", "this"]);
  });

  it("test_streaming_progress", async () => {
    expect(
      await run(`
df = spark.readStream.format("text").load(STREAMING)
query = df.writeStream.format("noop").start()
try:
    query.processAllAvailable()
    lastProgress = query.lastProgress
    recentProgress = query.recentProgress
    tc.assertEqual(lastProgress["name"], query.name)
    tc.assertEqual(lastProgress["id"], query.id)
    tc.assertEqual(lastProgress.name, query.name)
    tc.assertEqual(str(lastProgress.id), query.id)
    tc.assertTrue(any(p == lastProgress for p in recentProgress))
    tc.assertTrue(lastProgress.numInputRows > 0)
    tc.assertTrue(len(lastProgress.sources) > 0)
    tc.assertTrue(lastProgress.sources[0].numInputRows > 0)
    tc.assertTrue(lastProgress["sources"][0]["numInputRows"] > 0)
    tc.assertTrue(lastProgress.sink.numOutputRows > 0)
    tc.assertTrue(lastProgress["sink"]["numOutputRows"] > 0)
    lastProgress["name"] = "myNewQuery"
    tc.assertEqual(lastProgress.name, "myNewQuery")
finally:
    query.stop()
(lastProgress.numInputRows, lastProgress.sources[0].numInputRows, lastProgress.sink.numOutputRows)`),
    ).toEqual([2, 2, 2]);
  });

  it("test_streaming_query_name_edge_case", async () => {
    expect(
      await run(`
q1 = spark.readStream.format("rate").load().writeStream.format("noop").start()
tc.assertEqual(q1.name, None)
try:
    spark.readStream.format("rate").load().writeStream.format("noop").queryName("").start()
    error = None
except PySparkValueError as e:
    error = (e.getCondition(), e.getMessageParameters())
stop_all()
error`),
    ).toEqual(["VALUE_NOT_NON_EMPTY_STR", { arg_name: "queryName", arg_value: "" }]);
  });

  it("test_stream_trigger", async () => {
    expect(
      await run(`
df = spark.readStream.format("text").load(STREAMING)
raised = []
for args, kwargs in [((), {}), ((), {"once": True, "processingTime": "5 seconds"}),
                     ((), {"processingTime": "5 seconds", "continuous": "1 second"}), (("5 seconds",), {})]:
    try:
        df.writeStream.trigger(*args, **kwargs)
        raised.append(None)
    except (ValueError, TypeError) as e:
        raised.append("TypeError" if isinstance(e, TypeError) else "ValueError")
raised`),
    ).toEqual(["ValueError", "ValueError", "ValueError", "TypeError"]);
  });

  it("test_stream_read_options", async () => {
    expect(
      await run(`
schema = StructType([StructField("data", StringType(), False)])
df = spark.readStream.format("text").option("path", STREAMING).schema(schema).load()
(df.isStreaming, df.schema.simpleString())`),
    ).toEqual([true, "struct<data:string>"]);
  });

  it("test_stream_read_options_overwrite", async () => {
    expect(
      await run(`
bad_schema = StructType([StructField("test", IntegerType(), False)])
schema = StructType([StructField("data", StringType(), False)])
with sql_conf({"spark.sql.legacy.pathOptionBehavior.enabled": True}):
    df = (spark.readStream.format("csv").option("path", "python/test_support/sql/fake").schema(bad_schema)
          .load(path=STREAMING, schema=schema, format="text"))
    tc.assertTrue(df.isStreaming)
    tc.assertEqual(df.schema.simpleString(), "struct<data:string>")
(df.isStreaming, df.schema.simpleString())`),
    ).toEqual([true, "struct<data:string>"]);
  });

  it("test_stream_save_options", async () => {
    expect(
      await run(`
df = spark.readStream.format("text").load(STREAMING).withColumn("id", lit(1))
stop_all()
tmpPath = tmp_path()
tc.assertTrue(df.isStreaming)
out, chk = tmpPath + "/out", tmpPath + "/chk"
q = (df.writeStream.option("checkpointLocation", chk).queryName("this_query").format("parquet")
     .partitionBy("id").outputMode("append").option("path", out).start())
try:
    tc.assertEqual(q.name, "this_query")
    tc.assertTrue(q.isActive)
    q.processAllAvailable()
    output_files = files_under(out)
    tc.assertTrue(len(output_files) > 0)
    tc.assertTrue(len(dbutils.fs.ls(chk)) > 0)
finally:
    q.stop()
(sorted(r.value for r in spark.read.parquet(out).collect()), any("/id=1/" in f for f in output_files))`),
    ).toEqual([["hello", "this"], true]);
  });

  it("test_stream_save_options_overwrite", async () => {
    expect(
      await run(`
df = spark.readStream.format("text").load(STREAMING)
stop_all()
tmpPath = tmp_path()
tc.assertTrue(df.isStreaming)
out, chk, fake1, fake2 = (tmpPath + d for d in ("/out", "/chk", "/fake1", "/fake2"))
with sql_conf({"spark.sql.legacy.pathOptionBehavior.enabled": True}):
    q = (df.writeStream.option("checkpointLocation", fake1).format("memory").option("path", fake2)
         .queryName("fake_query").outputMode("append")
         .start(path=out, format="parquet", queryName="this_query", checkpointLocation=chk))
try:
    tc.assertEqual(q.name, "this_query")
    tc.assertTrue(q.isActive)
    q.processAllAvailable()
    tc.assertTrue(len(files_under(out)) > 0)
    tc.assertTrue(len(dbutils.fs.ls(chk)) > 0)
    tc.assertEqual(dbutils.fs.ls(fake1), [])
    tc.assertEqual(dbutils.fs.ls(fake2), [])
finally:
    q.stop()
sorted(r.value for r in spark.read.parquet(out).collect())`),
    ).toEqual(["hello", "this"]);
  });

  it("test_stream_status_and_progress", async () => {
    expect(
      await run(`
df = spark.readStream.format("text").load(STREAMING)
stop_all()
tmpPath = tmp_path()
tc.assertTrue(df.isStreaming)
out, chk = tmpPath + "/out", tmpPath + "/chk"

def func(x):
    time.sleep(1)
    return x

sleep_udf = udf(func)
q = df.select(sleep_udf(col("value")).alias("value")).writeStream.start(
    path=out, format="parquet", queryName="this_query", checkpointLocation=chk)
try:
    q.lastProgress
    q.processAllAvailable()
    lastProgress = q.lastProgress
    recentProgress = q.recentProgress
    status = q.status
    tc.assertEqual(lastProgress["name"], q.name)
    tc.assertEqual(lastProgress["id"], q.id)
    tc.assertTrue(any(p == lastProgress for p in recentProgress))
    tc.assertTrue("message" in status and "isDataAvailable" in status and "isTriggerActive" in status)
finally:
    q.stop()
(lastProgress.numInputRows, sorted(status))`),
    ).toEqual([2, ["isDataAvailable", "isTriggerActive", "message"]]);
  });

  it("test_stream_await_termination", async () => {
    expect(
      await run(`
df = spark.readStream.format("text").load(STREAMING)
stop_all()
tmpPath = tmp_path()
tc.assertTrue(df.isStreaming)
out, chk = tmpPath + "/out", tmpPath + "/chk"
q = df.writeStream.start(path=out, format="parquet", queryName="this_query", checkpointLocation=chk)
try:
    tc.assertTrue(q.isActive)
    with tc.assertRaises(ValueError):
        q.awaitTermination("hello")
    now = time.time()
    res = q.awaitTermination(2.6)
    duration = time.time() - now
    tc.assertTrue(duration >= 2)
    tc.assertFalse(res)
    q.processAllAvailable()
    q.stop()
    q.awaitTermination()
    tc.assertFalse(q.isActive)
finally:
    q.stop()
(round(duration, 1), res)`),
    ).toEqual([2.6, false]);
  });

  it("test_stream_exception", async () => {
    expect(
      await run(`
with sql_conf({"spark.sql.execution.pyspark.udf.simplifiedTraceback.enabled": True}):
    sdf = spark.readStream.format("text").load(STREAMING)
    sq = sdf.writeStream.format("memory").queryName("query_explain").start()
    try:
        sq.processAllAvailable()
        tc.assertEqual(sq.exception(), None)
    finally:
        sq.stop()

    bad_udf = udf(lambda x: 1 / 0)
    sq = sdf.select(bad_udf(col("value"))).writeStream.format("memory").queryName("this_query").start()
    try:
        sq.processAllAvailable()
        tc.fail("bad udf should fail the query")
    except StreamingQueryException as e:
        assert_exception_tree_contains_msg(e, "ZeroDivisionError")
    finally:
        exception = sq.exception()
        sq.stop()
    tc.assertIsInstance(exception, StreamingQueryException)
    assert_exception_tree_contains_msg(exception, "ZeroDivisionError")
(exception.getCondition(), exception._cause.getCondition())`),
    ).toEqual(["STREAM_FAILED", null]);
  });

  it("test_query_manager_no_recreation", async () => {
    expect(await run("all(spark.streams == spark.streams for i in range(5))")).toBe(true);
  });

  it("test_query_manager_get", async () => {
    expect(
      await run(`
df = spark.readStream.format("rate").load()
stop_all()
q = df.writeStream.format("noop").start()
tc.assertTrue(q.isActive)
tc.assertTrue(q.id == spark.streams.get(q.id).id)
q.stop()
tc.assertIsNone(spark.streams.get(q.id))
q.isActive`),
    ).toBe(false);
  });

  it("test_query_manager_await_termination", async () => {
    expect(
      await run(`
df = spark.readStream.format("text").load(STREAMING)
stop_all()
spark.streams.resetTerminated()
tmpPath = tmp_path()
tc.assertTrue(df.isStreaming)
out, chk = tmpPath + "/out", tmpPath + "/chk"
q = df.writeStream.start(path=out, format="parquet", queryName="this_query", checkpointLocation=chk)
try:
    tc.assertTrue(q.isActive)
    with tc.assertRaises(ValueError):
        spark.streams.awaitAnyTermination("hello")
    now = time.time()
    res = spark.streams.awaitAnyTermination(2.6)
    duration = time.time() - now
    tc.assertTrue(duration >= 2)
    tc.assertFalse(res)
finally:
    q.processAllAvailable()
    q.stop()
(round(duration, 1), res)`),
    ).toEqual([2.6, false]);
  });

  it("test_streaming_read_from_table", async () => {
    expect(
      await run(`
with table("input_table", "this_query"):
    spark.sql("CREATE TABLE input_table (value string) USING parquet")
    spark.sql("INSERT INTO input_table VALUES ('aaa'), ('bbb'), ('ccc')")
    df = spark.readStream.table("input_table")
    tc.assertTrue(df.isStreaming)
    q = df.writeStream.format("memory").queryName("this_query").start()
    q.processAllAvailable()
    q.stop()
    result = spark.sql("SELECT * FROM this_query ORDER BY value").collect()
    tc.assertEqual(set([Row(value="aaa"), Row(value="bbb"), Row(value="ccc")]), set(result))
[r.value for r in result]`),
    ).toEqual(["aaa", "bbb", "ccc"]);
  });

  it("test_streaming_write_to_table", async () => {
    expect(
      await liveCell(
        t,
        clock,
        `
with table("output_table"):
    tmpdir = tmp_path()
    df = spark.readStream.format("rate").option("rowsPerSecond", 10).load()
    q = df.writeStream.toTable("output_table", format="parquet", checkpointLocation=tmpdir)
    tc.assertTrue(q.isActive)
    time.sleep(10)
    q.stop()
    result = spark.sql("SELECT value FROM output_table").collect()
    tc.assertTrue(len(result) > 0)
sorted(r.value for r in result)[:3]`,
      ),
    ).toEqual([0, 1, 2]);
  });

  it("test_streaming_write_to_table_cluster_by", async () => {
    expect(
      await liveCell(
        t,
        clock,
        `
with table("output_table"):
    tmpdir = tmp_path()
    df = spark.readStream.format("rate").option("rowsPerSecond", 10).load()
    q = df.writeStream.clusterBy("value").toTable("output_table", format="parquet", checkpointLocation=tmpdir)
    tc.assertTrue(q.isActive)
    time.sleep(10)
    q.stop()
    result = spark.sql("DESCRIBE output_table").collect()
    tc.assertEqual(
        set([
            Row(col_name="timestamp", data_type="timestamp", comment=None),
            Row(col_name="value", data_type="bigint", comment=None),
            Row(col_name="# Clustering Information", data_type="", comment=""),
            Row(col_name="# col_name", data_type="data_type", comment="comment"),
            Row(col_name="value", data_type="bigint", comment=None),
        ]),
        set(result),
    )
    result = spark.sql("SELECT value FROM output_table").collect()
    tc.assertTrue(len(result) > 0)
len(result) > 0`,
      ),
    ).toBe(true);
  });

  it("test_streaming_with_temporary_view", async () => {
    expect(
      await run(`
with table("input_table", "this_query"):
    spark.sql("CREATE TABLE input_table (value string) USING parquet")
    spark.sql("INSERT INTO input_table VALUES ('a'), ('b'), ('c')")
    df = spark.readStream.table("input_table")
    tc.assertTrue(df.isStreaming)
    df.createOrReplaceTempView("test_view")
    view_df = spark.sql("SELECT CONCAT('view_', value) as vv from test_view")
    tc.assertTrue(view_df.isStreaming)
    q = view_df.writeStream.format("memory").queryName("this_query").start()
    q.processAllAvailable()
    q.stop()
    result = spark.sql("SELECT * FROM this_query ORDER BY vv").collect()
    tc.assertEqual(set([Row(value="view_a"), Row(value="view_b"), Row(value="view_c")]), set(result))
[r.vv for r in result]`),
    ).toEqual(["view_a", "view_b", "view_c"]);
  });

  it("test_streaming_drop_duplicate_within_watermark", async () => {
    expect(
      await run(`
user_schema = StructType().add("time", TimestampType()).add("id", "integer")
df = spark.readStream.option("sep", ";").schema(user_schema).csv(STREAMING + "/time")
q1 = (df.withWatermark("time", "2 seconds").dropDuplicatesWithinWatermark(["id"]).writeStream
      .outputMode("update").format("memory").queryName("test_streaming_drop_duplicates_within_wm").start())
tc.assertTrue(q1.isActive)
q1.processAllAvailable()
q1.stop()
result = spark.sql("SELECT * FROM test_streaming_drop_duplicates_within_wm").collect()
tc.assertTrue(len(result) >= 6 and len(result) <= 9)
sorted(r.id for r in result)`),
    ).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
