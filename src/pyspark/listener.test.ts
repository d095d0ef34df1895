/**
 * PySpark's StreamingQueryListener and progress objects, with cases ported from PySpark's
 * python/pyspark/sql/tests/streaming/test_streaming_listener.py (their inputs and expected answers).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../engine/index";
import { writeEventFiles } from "../engine/testing/eventFiles";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
  await writeEventFiles(t.spark, "/data/events", 2, 50);
  // PySpark's checks of each object (StreamingListenerTestsMixin), as one function the cells share.
  await t.py.run(`
import json, uuid
from datetime import datetime
from pyspark.sql import Row
from pyspark.sql.functions import col, udf
from pyspark.sql.streaming import StreamingQueryListener
from pyspark.sql.streaming.listener import (
    QueryIdleEvent, QueryProgressEvent, QueryStartedEvent, QueryTerminatedEvent,
    SinkProgress, SourceProgress, StateOperatorProgress, StreamingQueryProgress)

def events():
    return (spark.readStream
        .schema("user_id STRING, event_timestamp BIGINT, event_name STRING, traffic_source STRING, device STRING")
        .option("maxFilesPerTrigger", 1)
        .parquet("/data/events"))

def valid_json(p):
    for text in (p.json, p.prettyJson, str(p)):
        json.loads(text)
    return True

def check_start_event(event):
    assert isinstance(event, QueryStartedEvent)
    assert isinstance(event.id, uuid.UUID) and isinstance(event.runId, uuid.UUID)
    assert event.name is None or event.name.startswith("test")
    datetime.strptime(event.timestamp, "%Y-%m-%dT%H:%M:%S.%fZ")
    assert isinstance(event.jobTags, set)

def check_terminated_event(event, exception=None, errorClass=None):
    assert isinstance(event, QueryTerminatedEvent)
    assert isinstance(event.id, uuid.UUID) and isinstance(event.runId, uuid.UUID)
    if exception:
        assert exception in event.exception, event.exception
    else:
        assert event.exception is None, event.exception
    if errorClass:
        assert errorClass in event.errorClassOnException, event.errorClassOnException
    else:
        assert event.errorClassOnException is None

def check_progress(progress, is_stateful):
    assert isinstance(progress, StreamingQueryProgress)
    assert isinstance(progress.id, uuid.UUID) and isinstance(progress.runId, uuid.UUID)
    assert progress.name.startswith("test")
    assert valid_json(progress)
    assert progress.trigger == json.loads(progress.json).get("trigger")
    datetime.strptime(progress.timestamp, "%Y-%m-%dT%H:%M:%S.%fZ")
    assert isinstance(progress.batchId, int) and isinstance(progress.batchDuration, int)
    assert set(progress.durationMs) <= {"triggerExecution", "queryPlanning", "getBatch", "commitOffsets",
                                        "latestOffset", "addBatch", "walCommit"}, progress.durationMs
    assert all(isinstance(v, int) for v in progress.durationMs.values())
    assert all(isinstance(v, str) for v in progress.eventTime.values())
    assert isinstance(progress.stateOperators, list)
    if is_stateful:
        assert len(progress.stateOperators) >= 1
    for so in progress.stateOperators:
        assert isinstance(so, StateOperatorProgress) and valid_json(so)
        assert isinstance(so.operatorName, str)
        for name in ("numRowsTotal", "numRowsUpdated", "allUpdatesTimeMs", "numRowsRemoved", "allRemovalsTimeMs",
                     "commitTimeMs", "memoryUsedBytes", "numRowsDroppedByWatermark", "numShufflePartitions",
                     "numStateStoreInstances"):
            assert isinstance(getattr(so, name), int), name
        assert isinstance(so.customMetrics, dict)
    assert len(progress.sources) >= 1
    for s in progress.sources:
        assert isinstance(s, SourceProgress) and valid_json(s)
        assert isinstance(s.description, str)
        for name in ("startOffset", "endOffset", "latestOffset"):
            assert isinstance(getattr(s, name), (str, type(None))), name
        assert isinstance(s.numInputRows, int)
        assert isinstance(s.inputRowsPerSecond, float) and isinstance(s.processedRowsPerSecond, float)
        assert isinstance(s.metrics, dict)
    assert isinstance(progress.sink, SinkProgress) and valid_json(progress.sink)
    assert isinstance(progress.sink.description, str) and isinstance(progress.sink.numOutputRows, int)
    assert isinstance(progress.sink.metrics, dict)
    assert isinstance(progress.observedMetrics, dict)
    return True
`);
});
afterAll(() => t.cleanup());

let clock: ManualClock;
beforeEach(() => {
  clock = new ManualClock(Date.UTC(2024, 0, 1));
  t.spark.clock = clock;
});

describe("StreamingQueryListener (test_streaming_listener.py)", () => {
  it("test_listener_events: started before start() returns, progress per batch, terminated, for V1 and V2", async () => {
    const result = await clock.fastForward(
      t.py.run(`
class Recorder:
    def reset(self):
        self.started = None
        self.progress = []
        self.terminated = None
        self.started_before_return = False

class TestListenerV1(StreamingQueryListener, Recorder):
    def onQueryStarted(self, event):
        self.started = event
    def onQueryProgress(self, event):
        self.progress.append(event)
    def onQueryTerminated(self, event):
        self.terminated = event

class TestListenerV2(TestListenerV1):
    def onQueryIdle(self, event):
        pass

def verify(listener):
    listener.reset()
    spark.streams.addListener(listener)
    try:
        q = (events().groupBy().count().writeStream.format("noop").queryName("test")
             .outputMode("complete").start())
        started_before_return = listener.started is not None and str(listener.started.runId) == q.runId
        assert q.isActive
        q.processAllAvailable()
        q.stop()
        check_start_event(listener.started)
        assert all(isinstance(e, QueryProgressEvent) and check_progress(e.progress, True) for e in listener.progress)
        check_terminated_event(listener.terminated)
        batches = [e.progress.batchId for e in listener.progress]
        rows = [e.progress.numInputRows for e in listener.progress]

        listener.reset()
        bad_udf = udf(lambda x: 1 / 0)
        q = events().select(bad_udf(col("event_name"))).writeStream.format("noop").start()
        try:
            q.processAllAvailable()
        except Exception:
            pass
        q.stop()
        check_terminated_event(listener.terminated, "ZeroDivisionError")
        return started_before_return, batches, rows, listener.started.name, str(listener.terminated.id) == q.id
    finally:
        spark.streams.removeListener(listener)

[verify(TestListenerV1()), verify(TestListenerV2())]`),
    );
    expect(result.value).toEqual([
      [true, [0, 1], [50, 50], null, true],
      [true, [0, 1], [50, 50], null, true],
    ]);
  });

  it("onQueryIdle is called when a trigger finds no new data", async () => {
    const result = await clock.fastForward(
      t.py.run(`
class IdleListener(StreamingQueryListener):
    def __init__(self):
        self.idle = []
    def onQueryStarted(self, event):
        pass
    def onQueryProgress(self, event):
        pass
    def onQueryIdle(self, event):
        self.idle.append(event)
    def onQueryTerminated(self, event):
        pass

idle = IdleListener()
spark.streams.addListener(idle)
spark.conf.set("spark.sql.streaming.noDataProgressEventInterval", "0")
try:
    q = events().writeStream.format("noop").trigger(processingTime="1 second").start()
    q.processAllAvailable()
    q.awaitTermination(2.5)  # the triggers after the two files find nothing new
finally:
    spark.conf.unset("spark.sql.streaming.noDataProgressEventInterval")
spark.streams.removeListener(idle)
q.stop()
e = idle.idle[0] if idle.idle else None
(len(idle.idle) > 0, isinstance(e, QueryIdleEvent), str(e.id) == q.id, str(e.runId) == q.runId)`),
    );
    expect(result.value).toEqual([true, true, true, true]);
  });

  it("test_remove_listener: a removed listener hears nothing more; a listener that raises stops nothing", async () => {
    const result = await clock.fastForward(
      t.py.run(`
class Counting(StreamingQueryListener):
    def __init__(self):
        self.calls = 0
    def onQueryStarted(self, event):
        self.calls += 1
    def onQueryProgress(self, event):
        self.calls += 1
    def onQueryTerminated(self, event):
        self.calls += 1

class Failing(StreamingQueryListener):
    def onQueryStarted(self, event):
        raise ValueError("listener failed")
    def onQueryProgress(self, event):
        raise ValueError("listener failed")
    def onQueryTerminated(self, event):
        pass

removed, kept, failing = Counting(), Counting(), Failing()
for listener in (removed, kept, failing):
    spark.streams.addListener(listener)
spark.streams.removeListener(removed)
spark.streams.removeListener(Counting())  # one never added is ignored
q = events().writeStream.format("noop").start()
q.processAllAvailable()
q.stop()
spark.streams.removeListener(kept)
spark.streams.removeListener(failing)
(removed.calls, kept.calls, failing.spark is spark)`),
    );
    expect(result.value).toEqual([0, 4, true]);
    expect(result.stderr).toContain("ValueError: listener failed");
  });

  it("test_listener_observed_metrics: each batch's observe metrics reach the listener as Rows", async () => {
    const result = await clock.fastForward(
      t.py.run(`
from pyspark.sql.functions import count, lit

class MyErrorListener(StreamingQueryListener):
    def __init__(self):
        self.num_rows = -1
        self.num_error_rows = -1
        self.rows = []
    def onQueryStarted(self, event):
        pass
    def onQueryProgress(self, event):
        row = event.progress.observedMetrics.get("my_event")
        self.rows.append(row)
        self.num_rows = row["rc"]
        self.num_error_rows = row["erc"]
    def onQueryTerminated(self, event):
        pass

error_listener = MyErrorListener()
spark.streams.addListener(error_listener)
try:
    sdf = spark.readStream.format("rate").load().withColumn("error", col("value"))
    observed_ds = sdf.observe("my_event", count(lit(1)).alias("rc"), count(col("error")).alias("erc"))
    q = observed_ds.writeStream.format("noop").trigger(processingTime="1 second").start()
    while q.lastProgress is None or q.lastProgress["batchId"] == 0:
        q.awaitTermination(0.5)
    last = q.lastProgress.observedMetrics["my_event"]
finally:
    q.stop()
    spark.streams.removeListener(error_listener)
(error_listener.num_rows > 0, error_listener.num_error_rows > 0,
 all(isinstance(r, Row) and r.rc == r.erc for r in error_listener.rows),
 isinstance(last, Row), list(last.asDict()) == ["rc", "erc"])`),
    );
    expect(result.value).toEqual([true, true, true, true, true]);
  });

  it("observe refuses what PySpark refuses, and a metric that does not aggregate with Spark's condition", async () => {
    const result = await t.py.run(`
from pyspark.errors import AnalysisException, PySparkTypeError, PySparkValueError
from pyspark.sql.functions import count
sdf = spark.readStream.format("rate").load()
caught = []
for call in (lambda: sdf.observe(1, count("value")), lambda: sdf.observe("m"),
             lambda: sdf.observe("m", "value"), lambda: sdf.observe("m", col("value"))):
    try:
        call()
    except (AnalysisException, PySparkTypeError, PySparkValueError) as e:
        caught.append(e.getCondition())
caught`);
    expect(result.value).toEqual([
      "NOT_OBSERVATION_OR_STR",
      "CANNOT_BE_EMPTY",
      "NOT_LIST_OF_COLUMN",
      "INVALID_OBSERVED_METRICS.NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE",
    ]);
  });

  it("test_spark_property_in_listener: the spark attribute is settable", async () => {
    const result = await t.py.run(`
class TestListener(StreamingQueryListener):
    def __init__(self, session):
        self.spark = session
    def onQueryStarted(self, event):
        pass
    def onQueryProgress(self, event):
        pass
    def onQueryTerminated(self, event):
        pass

TestListener(spark).spark is spark`);
    expect(result.value).toBe(true);
  });

  it("addListener takes only a StreamingQueryListener", async () => {
    await expect(t.py.run("spark.streams.addListener(object())")).rejects.toMatchObject({
      name: "PySparkTypeError",
      errorClass: "NOT_INSTANCE_OF",
    });
  });
});

describe("events and progress from JSON (test_streaming_listener.py)", () => {
  it("test_query_started_event_fromJson and test_query_terminated_event_fromJson", async () => {
    const result = await t.py.run(`
old = QueryStartedEvent.fromJson(json.loads('''{"id" : "78923ec2-8f4d-4266-876e-1f50cf3c283b",
  "runId" : "55a95d45-e932-4e08-9caa-0a8ecd9391e8", "name" : null, "timestamp" : "2023-06-09T18:13:29.741Z"}'''))
new = QueryStartedEvent.fromJson(json.loads('''{"id" : "78923ec2-8f4d-4266-876e-1f50cf3c283b",
  "runId" : "55a95d45-e932-4e08-9caa-0a8ecd9391e8", "name" : null, "timestamp" : "2023-06-09T18:13:29.741Z",
  "jobTags": ["jobTag1", "jobTag2"]}'''))
check_start_event(old)
check_start_event(new)
terminated = QueryTerminatedEvent.fromJson(json.loads('''{"id" : "78923ec2-8f4d-4266-876e-1f50cf3c283b",
  "runId" : "55a95d45-e932-4e08-9caa-0a8ecd9391e8",
  "exception" : "org.apache.spark.SparkException: Job aborted due to stage failure",
  "errorClassOnException" : null}'''))
check_terminated_event(terminated, "SparkException")
(old.id == uuid.UUID("78923ec2-8f4d-4266-876e-1f50cf3c283b"), old.runId == uuid.UUID("55a95d45-e932-4e08-9caa-0a8ecd9391e8"),
 old.name, old.timestamp, sorted(old.jobTags), sorted(new.jobTags),
 terminated.id == uuid.UUID("78923ec2-8f4d-4266-876e-1f50cf3c283b"), terminated.errorClassOnException)`);
    expect(result.value).toEqual([
      true,
      true,
      null,
      "2023-06-09T18:13:29.741Z",
      [],
      ["jobTag1", "jobTag2"],
      true,
      null,
    ]);
  });

  it("test_streaming_query_progress_fromJson", async () => {
    const result = await t.py.run(`
progress_json = '''{
  "id" : "00000000-0000-0001-0000-000000000001", "runId" : "00000000-0000-0001-0000-000000000002",
  "name" : "test", "timestamp" : "2016-12-05T20:54:20.827Z", "batchId" : 2, "numInputRows" : 678,
  "inputRowsPerSecond" : 10.0, "processedRowsPerSecond" : 5.4, "batchDuration": 5,
  "durationMs" : {"getBatch" : 0},
  "eventTime" : {"min" : "2016-12-05T20:54:20.827Z", "avg" : "2016-12-05T20:54:20.827Z",
                 "watermark" : "2016-12-05T20:54:20.827Z", "max" : "2016-12-05T20:54:20.827Z"},
  "stateOperators" : [ {"operatorName" : "op1", "numRowsTotal" : 0, "numRowsUpdated" : 1, "allUpdatesTimeMs" : 1,
    "numRowsRemoved" : 2, "allRemovalsTimeMs" : 34, "commitTimeMs" : 23, "memoryUsedBytes" : 3,
    "numRowsDroppedByWatermark" : 0, "numShufflePartitions" : 2, "numStateStoreInstances" : 2,
    "customMetrics" : {"loadedMapCacheHitCount" : 1, "loadedMapCacheMissCount" : 0,
                       "stateOnCurrentVersionSizeBytes" : 2}} ],
  "sources" : [ {"description" : "source", "startOffset" : 123, "endOffset" : 456, "latestOffset" : 789,
    "numInputRows" : 678, "inputRowsPerSecond" : 10.0, "processedRowsPerSecond" : 5.4, "metrics": {}} ],
  "sink" : {"description" : "sink", "numOutputRows" : -1, "metrics": {}},
  "observedMetrics" : {"event1" : {"c1" : 1, "c2" : 3.0}, "event2" : {"rc" : 1, "min_q" : "hello", "max_q" : "world"}}
}'''
progress = StreamingQueryProgress.fromJson(json.loads(progress_json))
check_progress(progress, True)
configured = json.loads(progress_json)
configured["trigger"] = {"type": "ProcessingTime", "intervalMs": 3000000000}
configured_progress = StreamingQueryProgress.fromJson(configured)
op, source, sink = progress.stateOperators[0], progress.sources[0], progress.sink
assert progress.observedMetrics == {"event1": Row("c1", "c2")(1, 3.0), "event2": Row("rc", "min_q", "max_q")(1, "hello", "world")}
("trigger" in progress, configured_progress.trigger == configured["trigger"],
 configured_progress["trigger"] == configured["trigger"],
 progress.id == uuid.UUID("00000000-0000-0001-0000-000000000001"), progress["id"],
 progress.name, progress.timestamp, progress.batchId, progress.numInputRows, progress.inputRowsPerSecond,
 progress.batchDuration, progress.durationMs, progress.eventTime,
 [op.operatorName, op.numRowsTotal, op.numRowsUpdated, op.allUpdatesTimeMs, op.numRowsRemoved, op.allRemovalsTimeMs,
  op.commitTimeMs, op.memoryUsedBytes, op.numRowsDroppedByWatermark, op.numShufflePartitions,
  op.numStateStoreInstances, op.customMetrics],
 [source.description, source.startOffset, source.endOffset, source.latestOffset, source.numInputRows,
  source.inputRowsPerSecond, source.processedRowsPerSecond, source.metrics],
 [sink.description, sink.numOutputRows, sink.metrics])`);
    expect(result.value).toEqual([
      false,
      true,
      true,
      true,
      "00000000-0000-0001-0000-000000000001",
      "test",
      "2016-12-05T20:54:20.827Z",
      2,
      678,
      10,
      5,
      { getBatch: 0 },
      {
        min: "2016-12-05T20:54:20.827Z",
        avg: "2016-12-05T20:54:20.827Z",
        watermark: "2016-12-05T20:54:20.827Z",
        max: "2016-12-05T20:54:20.827Z",
      },
      [
        "op1",
        0,
        1,
        1,
        2,
        34,
        23,
        3,
        0,
        2,
        2,
        { loadedMapCacheHitCount: 1, loadedMapCacheMissCount: 0, stateOnCurrentVersionSizeBytes: 2 },
      ],
      ["source", "123", "456", "789", 678, 10, 5.4, {}],
      ["sink", -1, {}],
    ]);
  });
});

describe("lastProgress and recentProgress (test_streaming.py, test_streaming_progress)", () => {
  it("are StreamingQueryProgress objects: attributes, ['key'], json, prettyJson, str(), nested objects", async () => {
    const result = await clock.fastForward(
      t.py.run(`
q = (events().groupBy("event_name").count().writeStream.format("memory").queryName("test_progress")
     .outputMode("complete").start())
q.processAllAvailable()
q.stop()
last = q.lastProgress
assert check_progress(last, True)
assert all(check_progress(p, True) for p in q.recentProgress)
pretty = last.prettyJson
(type(last).__name__, isinstance(last, dict), last["id"] == q.id, last.id == uuid.UUID(q.id),
 last["batchId"] == last.batchId, json.loads(last.json) == json.loads(pretty), str(last) == pretty,
 pretty.splitlines()[1].startswith('  "id" : '), type(last.sources[0]).__name__, type(last.sink).__name__,
 type(last.stateOperators[0]).__name__, last.stateOperators[0]["operatorName"], last.sink.numOutputRows,
 [p.numInputRows for p in q.recentProgress if p.numInputRows > 0], q.status)`),
    );
    expect(result.value).toEqual([
      "StreamingQueryProgress",
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      "SourceProgress",
      "SinkProgress",
      "StateOperatorProgress",
      "stateStoreSave",
      expect.any(Number),
      [50, 50],
      { message: "Stopped", isDataAvailable: false, isTriggerActive: false },
    ]);
  });
});
