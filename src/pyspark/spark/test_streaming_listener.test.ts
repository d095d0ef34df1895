/**
 * PySpark's python/pyspark/sql/tests/streaming/test_streaming_listener.py (StreamingListenerTestsMixin and
 * StreamingListenerTests), case by case with its inputs and assertions, in a Python cell; waits run on the
 * session's manual clock. Two cases need a JVM and do not apply: test_number_of_public_methods counts the JVM
 * classes' methods, test_remove_listener counts the JVM manager's listeners (spark.streams._jsqm); what a removed
 * listener hears is tested in ../listener.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ManualClock } from "../../engine/index";
import type { PythonTestSession } from "../testing";
import { liveCell, newPySparkTestSession } from "./pysparkTests";

let t: PythonTestSession;
let clock: ManualClock;
beforeAll(async () => {
  ({ clock, ...t } = await newPySparkTestSession());
  // The mixin's checks of each event and progress object, assertion by assertion.
  await t.py.run(`
import json, time
from datetime import datetime
from pyspark.sql.streaming import StreamingQueryListener
from pyspark.sql.streaming.listener import (
    QueryStartedEvent, QueryProgressEvent, QueryTerminatedEvent, SinkProgress, SourceProgress,
    StateOperatorProgress, StreamingQueryProgress)
from pyspark.sql.functions import count, col, lit, udf

def valid_json(p):
    for text in (p.json, p.prettyJson, str(p)):
        json.loads(text)

def check_start_event(event):
    tc.assertTrue(isinstance(event, QueryStartedEvent))
    tc.assertTrue(isinstance(event.id, uuid.UUID))
    tc.assertTrue(isinstance(event.runId, uuid.UUID))
    tc.assertTrue(event.name is None or event.name.startswith("test"))
    datetime.strptime(event.timestamp, "%Y-%m-%dT%H:%M:%S.%fZ")

def check_progress_event(event, is_stateful):
    tc.assertTrue(isinstance(event, QueryProgressEvent))
    check_streaming_query_progress(event.progress, is_stateful)

def check_terminated_event(event, exception=None, errorClass=None):
    tc.assertTrue(isinstance(event, QueryTerminatedEvent))
    tc.assertTrue(isinstance(event.id, uuid.UUID))
    tc.assertTrue(isinstance(event.runId, uuid.UUID))
    if exception:
        tc.assertTrue(exception in event.exception)
    else:
        tc.assertEqual(event.exception, None)
    if errorClass:
        tc.assertTrue(errorClass in event.errorClassOnException)
    else:
        tc.assertEqual(event.errorClassOnException, None)

def check_streaming_query_progress(progress, is_stateful):
    tc.assertTrue(isinstance(progress, StreamingQueryProgress))
    tc.assertTrue(isinstance(progress.id, uuid.UUID))
    tc.assertTrue(isinstance(progress.runId, uuid.UUID))
    tc.assertTrue(progress.name.startswith("test"))
    valid_json(progress)
    progress_json = json.loads(progress.json)
    datetime.strptime(progress.timestamp, "%Y-%m-%dT%H:%M:%S.%fZ")
    tc.assertTrue(isinstance(progress.batchId, int))
    tc.assertTrue(isinstance(progress.batchDuration, int))
    tc.assertEqual(progress.trigger, progress_json.get("trigger"))
    tc.assertEqual(progress.get("trigger"), progress_json.get("trigger"))
    tc.assertTrue(isinstance(progress.durationMs, dict))
    tc.assertTrue(set(progress.durationMs.keys()).issubset({
        "triggerExecution", "queryPlanning", "getBatch", "commitOffsets", "latestOffset", "addBatch", "walCommit"}))
    tc.assertTrue(all(map(lambda v: isinstance(v, int), progress.durationMs.values())))
    tc.assertTrue(all(map(lambda v: isinstance(v, str), progress.eventTime.values())))
    tc.assertTrue(isinstance(progress.stateOperators, list))
    if is_stateful:
        tc.assertTrue(len(progress.stateOperators) >= 1)
        for so in progress.stateOperators:
            check_state_operator_progress(so)
    tc.assertTrue(isinstance(progress.sources, list))
    tc.assertTrue(len(progress.sources) >= 1)
    for so in progress.sources:
        check_source_progress(so)
    tc.assertTrue(isinstance(progress.sink, SinkProgress))
    check_sink_progress(progress.sink)
    tc.assertTrue(isinstance(progress.observedMetrics, dict))

def check_state_operator_progress(progress):
    tc.assertTrue(isinstance(progress, StateOperatorProgress))
    valid_json(progress)
    tc.assertTrue(isinstance(progress.operatorName, str))
    for name in ("numRowsTotal", "numRowsUpdated", "allUpdatesTimeMs", "numRowsRemoved", "allRemovalsTimeMs",
                 "commitTimeMs", "memoryUsedBytes", "numRowsDroppedByWatermark", "numShufflePartitions",
                 "numStateStoreInstances"):
        tc.assertTrue(isinstance(getattr(progress, name), int), name)
    tc.assertTrue(isinstance(progress.customMetrics, dict))

def check_source_progress(progress):
    tc.assertTrue(isinstance(progress, SourceProgress))
    valid_json(progress)
    tc.assertTrue(isinstance(progress.description, str))
    tc.assertTrue(isinstance(progress.startOffset, (str, type(None))))
    tc.assertTrue(isinstance(progress.endOffset, (str, type(None))))
    tc.assertTrue(isinstance(progress.latestOffset, (str, type(None))))
    tc.assertTrue(isinstance(progress.numInputRows, int))
    tc.assertTrue(isinstance(progress.inputRowsPerSecond, float))
    tc.assertTrue(isinstance(progress.processedRowsPerSecond, float))
    tc.assertTrue(isinstance(progress.metrics, dict))

def check_sink_progress(progress):
    tc.assertTrue(isinstance(progress, SinkProgress))
    valid_json(progress)
    tc.assertTrue(isinstance(progress.description, str))
    tc.assertTrue(isinstance(progress.numOutputRows, int))
    tc.assertTrue(isinstance(progress.metrics, dict))`);
});
afterAll(() => t.cleanup());

/** Runs a cell with the clock moving to whatever the engine or the cell waits for. */
const run = async (code: string) => (await clock.fastForward(t.py.run(code))).value;

describe("test_streaming_listener.py", () => {
  it("test_listener_observed_metrics", async () => {
    expect(
      await run(`
class MyErrorListener(StreamingQueryListener):
    def __init__(self):
        self.num_rows = -1
        self.num_error_rows = -1
    def onQueryStarted(self, event):
        pass
    def onQueryProgress(self, event):
        row = event.progress.observedMetrics.get("my_event")
        self.num_rows = row["rc"]
        self.num_error_rows = row["erc"]
    def onQueryIdle(self, event):
        pass
    def onQueryTerminated(self, event):
        pass

q = None
try:
    error_listener = MyErrorListener()
    spark.streams.addListener(error_listener)
    sdf = spark.readStream.format("rate").load().withColumn("error", col("value"))
    observed_ds = sdf.observe("my_event", count(lit(1)).alias("rc"), count(col("error")).alias("erc"))
    q = observed_ds.writeStream.format("noop").start()
    while q.lastProgress is None or q.lastProgress.batchId == 0:
        q.awaitTermination(0.5)
    time.sleep(5)
    tc.assertTrue(error_listener.num_rows > 0)
    tc.assertTrue(error_listener.num_error_rows > 0)
finally:
    if q is not None:
        q.stop()
    spark.streams.removeListener(error_listener)
error_listener.num_rows == error_listener.num_error_rows`),
    ).toBe(true);
  });

  it("test_streaming_progress", async () => {
    expect(
      await run(`
q = None
try:
    df = spark.readStream.format("rate").option("rowsPerSecond", 10).load()
    df_observe = df.observe("my_event", count(lit(1)).alias("rc"))
    df_stateful = df_observe.groupBy().count()
    q = (df_stateful.writeStream.format("noop").queryName("test").outputMode("update")
         .trigger(processingTime="5 seconds").start())
    while q.lastProgress is None or q.lastProgress.batchId == 0:
        q.awaitTermination(0.5)
    q.stop()
    tc.assertEqual(q.lastProgress.trigger, {"type": "ProcessingTime", "intervalMs": 5000})
    check_streaming_query_progress(q.lastProgress, True)
    for p in q.recentProgress:
        check_streaming_query_progress(p, True)
finally:
    if q is not None:
        q.stop()
last = q.lastProgress
(last.batchId, last.numInputRows > 0, last.observedMetrics["my_event"].rc == last.numInputRows,
 last.stateOperators[0].operatorName)`),
    ).toEqual([1, true, true, "stateStoreSave"]);
  });

  // PySpark waits for the JVM's listener bus (_jsc.sc().listenerBus().waitUntilEmpty()); Sluice delivers each
  // event before the call that caused it returns, so there is nothing to wait for.
  it("test_listener_events", async () => {
    expect(
      await liveCell(
        t,
        clock,
        `
start_event = None
progress_event = None
terminated_event = None

class TestListenerV1(StreamingQueryListener):
    def onQueryStarted(self, event):
        global start_event
        start_event = event
    def onQueryProgress(self, event):
        global progress_event
        progress_event = event
    def onQueryTerminated(self, event):
        global terminated_event
        terminated_event = event

class TestListenerV2(TestListenerV1):
    def onQueryIdle(self, event):
        pass

def verify(test_listener):
    global start_event, progress_event, terminated_event
    start_event = None
    progress_event = None
    terminated_event = None
    try:
        spark.streams.addListener(test_listener)
        df = spark.readStream.format("rate").option("rowsPerSecond", 10).load()
        df_stateful = df.groupBy().count()
        q = df_stateful.writeStream.format("noop").queryName("test").outputMode("complete").start()
        tc.assertTrue(q.isActive)
        while progress_event is None or progress_event.progress.batchId == 0:
            q.awaitTermination(0.5)
        q.stop()
        check_start_event(start_event)
        check_progress_event(progress_event, True)
        check_terminated_event(terminated_event)
        batch = progress_event.progress.batchId

        bad_udf = udf(lambda x: 1 / 0)
        q = df.select(bad_udf(col("value"))).writeStream.format("noop").start()
        time.sleep(5)
        q.stop()
        check_terminated_event(terminated_event, "ZeroDivisionError")
        return (batch, start_event.name, str(terminated_event.id) == q.id)
    finally:
        spark.streams.removeListener(test_listener)

[verify(TestListenerV1()), verify(TestListenerV2())]`,
        500,
      ),
    ).toEqual([
      [1, null, true],
      [1, null, true],
    ]);
  });

  it("test_query_started_event_fromJson", async () => {
    expect(
      await run(`
start_event = QueryStartedEvent.fromJson(json.loads("""
    {
        "id" : "78923ec2-8f4d-4266-876e-1f50cf3c283b",
        "runId" : "55a95d45-e932-4e08-9caa-0a8ecd9391e8",
        "name" : null,
        "timestamp" : "2023-06-09T18:13:29.741Z"
    }
"""))
check_start_event(start_event)
tc.assertEqual(start_event.id, uuid.UUID("78923ec2-8f4d-4266-876e-1f50cf3c283b"))
tc.assertEqual(start_event.runId, uuid.UUID("55a95d45-e932-4e08-9caa-0a8ecd9391e8"))
tc.assertIsNone(start_event.name)
tc.assertEqual(start_event.timestamp, "2023-06-09T18:13:29.741Z")
(str(start_event.id), str(start_event.runId), start_event.name, start_event.timestamp)`),
    ).toEqual([
      "78923ec2-8f4d-4266-876e-1f50cf3c283b",
      "55a95d45-e932-4e08-9caa-0a8ecd9391e8",
      null,
      "2023-06-09T18:13:29.741Z",
    ]);
  });

  it("test_query_terminated_event_fromJson", async () => {
    expect(
      await run(`
terminated_event = QueryTerminatedEvent.fromJson(json.loads("""
    {
        "id" : "78923ec2-8f4d-4266-876e-1f50cf3c283b",
        "runId" : "55a95d45-e932-4e08-9caa-0a8ecd9391e8",
        "exception" : "org.apache.spark.SparkException: Job aborted due to stage failure",
        "errorClassOnException" : null}
"""))
check_terminated_event(terminated_event, "SparkException")
tc.assertEqual(terminated_event.id, uuid.UUID("78923ec2-8f4d-4266-876e-1f50cf3c283b"))
tc.assertEqual(terminated_event.runId, uuid.UUID("55a95d45-e932-4e08-9caa-0a8ecd9391e8"))
tc.assertIn("SparkException", terminated_event.exception)
tc.assertIsNone(terminated_event.errorClassOnException)
(terminated_event.exception, terminated_event.errorClassOnException)`),
    ).toEqual(["org.apache.spark.SparkException: Job aborted due to stage failure", null]);
  });

  it("test_streaming_query_progress_fromJson", async () => {
    expect(
      await run(`
progress = StreamingQueryProgress.fromJson(json.loads("""
    {
      "id" : "00000000-0000-0001-0000-000000000001",
      "runId" : "00000000-0000-0001-0000-000000000002",
      "name" : "test",
      "timestamp" : "2016-12-05T20:54:20.827Z",
      "batchId" : 2,
      "numInputRows" : 678,
      "inputRowsPerSecond" : 10.0,
      "processedRowsPerSecond" : 5.4,
      "batchDuration": 5,
      "durationMs" : {"getBatch" : 0},
      "eventTime" : {
        "min" : "2016-12-05T20:54:20.827Z",
        "avg" : "2016-12-05T20:54:20.827Z",
        "watermark" : "2016-12-05T20:54:20.827Z",
        "max" : "2016-12-05T20:54:20.827Z"
      },
      "stateOperators" : [ {
        "operatorName" : "op1", "numRowsTotal" : 0, "numRowsUpdated" : 1, "allUpdatesTimeMs" : 1,
        "numRowsRemoved" : 2, "allRemovalsTimeMs" : 34, "commitTimeMs" : 23, "memoryUsedBytes" : 3,
        "numRowsDroppedByWatermark" : 0, "numShufflePartitions" : 2, "numStateStoreInstances" : 2,
        "customMetrics" : {
          "loadedMapCacheHitCount" : 1, "loadedMapCacheMissCount" : 0, "stateOnCurrentVersionSizeBytes" : 2
        }
      } ],
      "sources" : [ {
        "description" : "source", "startOffset" : 123, "endOffset" : 456, "latestOffset" : 789,
        "numInputRows" : 678, "inputRowsPerSecond" : 10.0, "processedRowsPerSecond" : 5.4, "metrics": {}
      } ],
      "sink" : {"description" : "sink", "numOutputRows" : -1, "metrics": {}},
      "observedMetrics" : {
        "event1" : {"c1" : 1, "c2" : 3.0},
        "event2" : {"rc" : 1, "min_q" : "hello", "max_q" : "world"}
      }
    }
"""))
check_streaming_query_progress(progress, True)
tc.assertNotIn("trigger", progress)
configured_json = json.loads(progress.json)
configured_json["trigger"] = {"type": "ProcessingTime", "intervalMs": 3000000000}
configured_progress = StreamingQueryProgress.fromJson(configured_json)
tc.assertEqual(configured_progress.trigger, configured_json["trigger"])
tc.assertEqual(configured_progress["trigger"], configured_json["trigger"])
tc.assertEqual(progress.id, uuid.UUID("00000000-0000-0001-0000-000000000001"))
tc.assertEqual(progress.runId, uuid.UUID("00000000-0000-0001-0000-000000000002"))
tc.assertEqual(progress.name, "test")
tc.assertEqual(progress.timestamp, "2016-12-05T20:54:20.827Z")
tc.assertEqual(progress.batchId, 2)
tc.assertEqual(progress.numInputRows, 678)
tc.assertEqual(progress.inputRowsPerSecond, 10.0)
tc.assertEqual(progress.batchDuration, 5)
tc.assertEqual(progress.durationMs, {"getBatch": 0})
tc.assertEqual(progress.eventTime, {"min": "2016-12-05T20:54:20.827Z", "avg": "2016-12-05T20:54:20.827Z",
                                    "watermark": "2016-12-05T20:54:20.827Z", "max": "2016-12-05T20:54:20.827Z"})
tc.assertEqual(progress.observedMetrics, {"event1": Row("c1", "c2")(1, 3.0),
                                          "event2": Row("rc", "min_q", "max_q")(1, "hello", "world")})
tc.assertEqual(len(progress.stateOperators), 1)
state_operator = progress.stateOperators[0]
tc.assertTrue(isinstance(state_operator, StateOperatorProgress))
tc.assertEqual(state_operator.operatorName, "op1")
tc.assertEqual(state_operator.numRowsTotal, 0)
tc.assertEqual(state_operator.numRowsUpdated, 1)
tc.assertEqual(state_operator.allUpdatesTimeMs, 1)
tc.assertEqual(state_operator.numRowsRemoved, 2)
tc.assertEqual(state_operator.allRemovalsTimeMs, 34)
tc.assertEqual(state_operator.commitTimeMs, 23)
tc.assertEqual(state_operator.memoryUsedBytes, 3)
tc.assertEqual(state_operator.numRowsDroppedByWatermark, 0)
tc.assertEqual(state_operator.numShufflePartitions, 2)
tc.assertEqual(state_operator.numStateStoreInstances, 2)
tc.assertEqual(state_operator.customMetrics, {"loadedMapCacheHitCount": 1, "loadedMapCacheMissCount": 0,
                                              "stateOnCurrentVersionSizeBytes": 2})
tc.assertEqual(len(progress.sources), 1)
source = progress.sources[0]
tc.assertTrue(isinstance(source, SourceProgress))
tc.assertEqual(source.description, "source")
tc.assertEqual(source.startOffset, "123")
tc.assertEqual(source.endOffset, "456")
tc.assertEqual(source.latestOffset, "789")
tc.assertEqual(source.numInputRows, 678)
tc.assertEqual(source.inputRowsPerSecond, 10.0)
tc.assertEqual(source.processedRowsPerSecond, 5.4)
tc.assertEqual(source.metrics, {})
sink = progress.sink
tc.assertTrue(isinstance(sink, SinkProgress))
tc.assertEqual(sink.description, "sink")
tc.assertEqual(sink.numOutputRows, -1)
tc.assertEqual(sink.metrics, {})
(source.startOffset, source.endOffset, source.latestOffset, sink.numOutputRows)`),
    ).toEqual(["123", "456", "789", -1]);
  });

  it("test_spark_property_in_listener", async () => {
    expect(
      await run(`
class TestListener(StreamingQueryListener):
    def __init__(self, session):
        self.spark = session
    def onQueryStarted(self, event):
        pass
    def onQueryProgress(self, event):
        pass
    def onQueryTerminated(self, event):
        pass
tc.assertEqual(TestListener(spark).spark, spark)
TestListener(spark).spark is spark`),
    ).toBe(true);
  });
});
