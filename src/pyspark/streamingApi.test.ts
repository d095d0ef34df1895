/**
 * Every public name of PySpark 4's `pyspark.sql.streaming`, and each method of its classes, exists in Sluice's
 * package; what Sluice cannot do raises PySpark's PySparkNotImplementedError (NOT_IMPLEMENTED), never an
 * AttributeError. The lists are PySpark 4.0's (python/pyspark/sql/streaming/*.py).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

it("has each name and method of PySpark 4's pyspark.sql.streaming", async () => {
  const result = await t.py.run(`
import importlib
API = {
    "pyspark.sql.streaming": {
        "DataStreamReader": ["format", "schema", "option", "options", "load", "json", "orc", "parquet", "text",
                             "csv", "xml", "table"],
        "DataStreamWriter": ["outputMode", "format", "option", "options", "partitionBy", "clusterBy", "queryName",
                             "trigger", "foreach", "foreachBatch", "start", "toTable"],
        "StreamingQuery": ["id", "runId", "name", "isActive", "awaitTermination", "processAllAvailable", "stop",
                           "explain", "exception", "status", "recentProgress", "lastProgress"],
        "StreamingQueryManager": ["active", "get", "awaitAnyTermination", "resetTerminated", "addListener",
                                  "removeListener"],
        "StreamingQueryListener": ["onQueryStarted", "onQueryProgress", "onQueryIdle", "onQueryTerminated", "spark"],
        "StreamingQueryException": ["getCondition", "getErrorClass", "getMessageParameters", "getSqlState"],
        "StatefulProcessor": ["init", "handleInputRows", "handleExpiredTimer", "close", "handleInitialState"],
        "StatefulProcessorHandle": ["getValueState", "getListState", "getMapState", "registerTimer", "deleteTimer",
                                    "listTimers", "deleteIfExists"],
    },
    "pyspark.sql.streaming.listener": {
        "QueryStartedEvent": ["fromJson", "id", "runId", "name", "timestamp", "jobTags"],
        "QueryProgressEvent": ["fromJson", "progress"],
        "QueryIdleEvent": ["fromJson", "id", "runId", "timestamp"],
        "QueryTerminatedEvent": ["fromJson", "id", "runId", "exception", "errorClassOnException"],
        "StreamingQueryProgress": ["fromJson", "id", "runId", "name", "timestamp", "batchId", "batchDuration",
                                   "durationMs", "eventTime", "stateOperators", "sources", "sink", "observedMetrics",
                                   "numInputRows", "inputRowsPerSecond", "processedRowsPerSecond", "json",
                                   "prettyJson"],
        "StateOperatorProgress": ["fromJson", "operatorName", "numRowsTotal", "numRowsUpdated", "allUpdatesTimeMs",
                                  "numRowsRemoved", "allRemovalsTimeMs", "commitTimeMs", "memoryUsedBytes",
                                  "numRowsDroppedByWatermark", "numShufflePartitions", "numStateStoreInstances",
                                  "customMetrics", "json", "prettyJson"],
        "SourceProgress": ["fromJson", "description", "startOffset", "endOffset", "latestOffset", "numInputRows",
                           "inputRowsPerSecond", "processedRowsPerSecond", "metrics", "json", "prettyJson"],
        "SinkProgress": ["fromJson", "description", "numOutputRows", "metrics", "json", "prettyJson"],
    },
    "pyspark.sql.streaming.state": {
        "GroupState": ["exists", "get", "getOption", "hasTimedOut", "update", "remove", "setTimeoutDuration",
                       "setTimeoutTimestamp", "getCurrentWatermarkMs", "getCurrentProcessingTimeMs",
                       "oldTimeoutTimestamp", "json", "NO_TIMESTAMP"],
        "GroupStateTimeout": ["NoTimeout", "ProcessingTimeTimeout", "EventTimeTimeout"],
    },
    "pyspark.sql.streaming.stateful_processor": {
        "ValueState": ["exists", "get", "update", "clear"],
        "ListState": ["exists", "get", "put", "appendValue", "appendList", "clear"],
        "MapState": ["exists", "getValue", "containsKey", "updateValue", "iterator", "keys", "values", "removeKey",
                     "clear"],
        "TimerValues": ["getCurrentProcessingTimeInMs", "getCurrentWatermarkInMs"],
        "ExpiredTimerInfo": ["getExpiryTimeInMs"],
    },
}
missing = []
for module_name, classes in API.items():
    module = importlib.import_module(module_name)
    for class_name, members in classes.items():
        cls = getattr(module, class_name, None)
        if cls is None:
            missing.append(f"{module_name}.{class_name}")
            continue
        missing += [f"{module_name}.{class_name}.{m}" for m in members if not hasattr(cls, m)]
from pyspark.sql import streaming
missing += [n for n in ["DataStreamReader", "DataStreamWriter", "StreamingQuery", "StreamingQueryManager",
                        "StreamingQueryListener", "StreamingQueryException", "StatefulProcessor",
                        "StatefulProcessorHandle"] if n not in streaming.__all__]
missing`);
  expect(result.value).toEqual([]);
});

it("what Sluice cannot do raises PySparkNotImplementedError (NOT_IMPLEMENTED)", async () => {
  const result = await t.py.run(`
from pyspark.errors import PySparkNotImplementedError
from pyspark.sql.streaming import StatefulProcessor, StatefulProcessorHandle
from pyspark.sql.streaming.state import GroupStateTimeout

class Counter(StatefulProcessor):
    def init(self, handle):
        self.count = handle.getValueState("count", "count INT")
    def handleInputRows(self, key, rows, timerValues):
        yield from rows
    def close(self):
        pass

df = spark.range(3)
calls = {
    "readStream.orc": lambda: spark.readStream.orc("/in"),
    "transformWithStateInPandas": lambda: df.groupBy("id").transformWithStateInPandas(
        Counter(), "id LONG", "append", "None"),
    "transformWithState": lambda: df.groupBy("id").transformWithState(Counter(), "id LONG", "append", "None"),
    "applyInPandasWithState": lambda: df.groupBy("id").applyInPandasWithState(
        lambda k, pdfs, state: pdfs, "id LONG", "count LONG", "append", GroupStateTimeout.NoTimeout),
    "StatefulProcessor.init": lambda: Counter().init(StatefulProcessorHandle()),
}
answers = {}
for name, call in calls.items():
    try:
        call()
        answers[name] = "no error"
    except PySparkNotImplementedError as e:
        answers[name] = e.getCondition()
answers`);
  expect(result.value).toEqual({
    "readStream.orc": "NOT_IMPLEMENTED",
    transformWithStateInPandas: "NOT_IMPLEMENTED",
    transformWithState: "NOT_IMPLEMENTED",
    applyInPandasWithState: "NOT_IMPLEMENTED",
    "StatefulProcessor.init": "NOT_IMPLEMENTED",
  });
});
