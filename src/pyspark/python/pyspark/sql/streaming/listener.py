"""pyspark.sql.streaming.listener: StreamingQueryListener, its events, and the progress objects PySpark 4 gives
(`lastProgress`, `recentProgress`, `QueryProgressEvent.progress`).

The progress classes are dicts, as in PySpark 4: `progress["numInputRows"]` and `progress.numInputRows` both work,
nested sources, sink and state operators are objects of their own, and `json` / `prettyJson` are the engine's JSON
text's fields (Spark's order, NaN and empty maps left out), as PySpark takes them from the JVM's progress.
"""

import json
import uuid
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Optional, Set

from pyspark.sql.types import Row

__all__ = ["StreamingQueryListener"]


class StreamingQueryListener(ABC):
    """Hears of every streaming query of the session once added with `spark.streams.addListener(listener)`.

    `onQueryStarted` is called before `writeStream.start()` returns, `onQueryProgress` after each trigger that
    ran a batch, `onQueryIdle` when a trigger found no new data, `onQueryTerminated` when a query stops or fails.
    An exception a method raises is printed and does not stop the query, as on Spark's listener bus.
    """

    def _set_spark_session(self, session: Any) -> None:
        if self.spark is None:
            self.spark = session

    @property
    def spark(self) -> Optional[Any]:
        return getattr(self, "_sparkSession", None)

    @spark.setter
    def spark(self, session: Any) -> None:
        self._sparkSession = session

    @abstractmethod
    def onQueryStarted(self, event: "QueryStartedEvent") -> None:
        """Called when a query starts, before `start()` returns its StreamingQuery."""

    @abstractmethod
    def onQueryProgress(self, event: "QueryProgressEvent") -> None:
        """Called after each trigger that ran a batch, with its progress."""

    def onQueryIdle(self, event: "QueryIdleEvent") -> None:
        """Called when a trigger finds no new data to process."""

    @abstractmethod
    def onQueryTerminated(self, event: "QueryTerminatedEvent") -> None:
        """Called when a query stops, with or without an error."""


class QueryStartedEvent:
    """A query started: its id, runId, name and start time."""

    def __init__(
        self, id: uuid.UUID, runId: uuid.UUID, name: Optional[str], timestamp: str, jobTags: Set[str]
    ) -> None:
        self._id = id
        self._runId = runId
        self._name = name
        self._timestamp = timestamp
        self._jobTags = jobTags

    @classmethod
    def fromJson(cls, j: Dict[str, Any]) -> "QueryStartedEvent":
        return cls(
            id=uuid.UUID(j["id"]),
            runId=uuid.UUID(j["runId"]),
            name=j["name"],
            timestamp=j["timestamp"],
            jobTags=set(j.get("jobTags", [])),
        )

    @property
    def id(self) -> uuid.UUID:
        """The query's id, the same across restarts from its checkpoint."""
        return self._id

    @property
    def runId(self) -> uuid.UUID:
        """This run's id, new at every start."""
        return self._runId

    @property
    def name(self) -> Optional[str]:
        """The query's name, None where it has none."""
        return self._name

    @property
    def timestamp(self) -> str:
        """When the query started (ISO 8601, UTC)."""
        return self._timestamp

    @property
    def jobTags(self) -> Set[str]:
        """The job tags of the query (Sluice has no jobs: always empty)."""
        return self._jobTags


class QueryProgressEvent:
    """A trigger ran a batch: its progress."""

    def __init__(self, progress: "StreamingQueryProgress") -> None:
        self._progress = progress

    @classmethod
    def fromJson(cls, j: Dict[str, Any]) -> "QueryProgressEvent":
        return cls(progress=StreamingQueryProgress.fromJson(j["progress"]))

    @property
    def progress(self) -> "StreamingQueryProgress":
        """The trigger's progress, as `query.lastProgress` has it."""
        return self._progress


class QueryIdleEvent:
    """A trigger found no new data."""

    def __init__(self, id: uuid.UUID, runId: uuid.UUID, timestamp: str) -> None:
        self._id = id
        self._runId = runId
        self._timestamp = timestamp

    @classmethod
    def fromJson(cls, j: Dict[str, Any]) -> "QueryIdleEvent":
        return cls(id=uuid.UUID(j["id"]), runId=uuid.UUID(j["runId"]), timestamp=j["timestamp"])

    @property
    def id(self) -> uuid.UUID:
        return self._id

    @property
    def runId(self) -> uuid.UUID:
        return self._runId

    @property
    def timestamp(self) -> str:
        """When the trigger that found no data ran (ISO 8601, UTC)."""
        return self._timestamp


class QueryTerminatedEvent:
    """A query stopped; where it failed, the exception's message and error class."""

    def __init__(
        self, id: uuid.UUID, runId: uuid.UUID, exception: Optional[str], errorClassOnException: Optional[str]
    ) -> None:
        self._id = id
        self._runId = runId
        self._exception = exception
        self._errorClassOnException = errorClassOnException

    @classmethod
    def fromJson(cls, j: Dict[str, Any]) -> "QueryTerminatedEvent":
        return cls(
            id=uuid.UUID(j["id"]),
            runId=uuid.UUID(j["runId"]),
            exception=j["exception"],
            errorClassOnException=j["errorClassOnException"],
        )

    @property
    def id(self) -> uuid.UUID:
        return self._id

    @property
    def runId(self) -> uuid.UUID:
        return self._runId

    @property
    def exception(self) -> Optional[str]:
        """The message of the exception that ended the query, None where it stopped without one."""
        return self._exception

    @property
    def errorClassOnException(self) -> Optional[str]:
        """Spark's error class of that exception, None where it has none."""
        return self._errorClassOnException


class _Progress(dict):
    """What the progress classes share: the JSON text they were read from, and dict printing as that JSON."""

    def _json_dict(self) -> Dict[str, Any]:
        return self._jdict if self._jdict is not None else {}

    @property
    def json(self) -> str:
        """The compact JSON of this progress."""
        return json.dumps(self._json_dict(), separators=(",", ":"))

    @property
    def prettyJson(self) -> str:
        """The indented JSON of this progress, keys as Spark prints them (`"id" : ...`)."""
        return json.dumps(self._json_dict(), indent=2, separators=(",", " : "))

    def __str__(self) -> str:
        return self.prettyJson

    def __repr__(self) -> str:
        return self.prettyJson


def _offset_text(value: Any) -> Optional[str]:
    """Offsets are JSON in Spark's progress; PySpark's objects give them as their JSON text."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"))


_RATES = ("inputRowsPerSecond", "processedRowsPerSecond")


def _with_float_rates(j: Dict[str, Any]) -> Dict[str, Any]:
    """Rates are doubles in Spark, but JavaScript's JSON writes 10.0 as 10: the JSON a progress keeps (and
    prints) has them as floats again, its sources' too."""
    j = {k: (float(v) if k in _RATES and isinstance(v, int) else v) for k, v in j.items()}
    if isinstance(j.get("sources"), list):
        j["sources"] = [_with_float_rates(s) for s in j["sources"]]
    return j


def _rate(j: Dict[str, Any], key: str, missing: Optional[float]) -> Optional[float]:
    """A rate as a float; NaN is left out of Spark's JSON."""
    value = j.get(key)
    return missing if value is None else float(value)


class StreamingQueryProgress(_Progress):
    """One trigger of a query: ids, batch, durations, event time, state operators, sources, sink, rates."""

    def __init__(
        self,
        id: uuid.UUID,
        runId: uuid.UUID,
        name: Optional[str],
        timestamp: str,
        batchId: int,
        batchDuration: int,
        durationMs: Dict[str, int],
        eventTime: Dict[str, str],
        stateOperators: List["StateOperatorProgress"],
        sources: List["SourceProgress"],
        sink: "SinkProgress",
        numInputRows: Optional[int],
        inputRowsPerSecond: Optional[float],
        processedRowsPerSecond: Optional[float],
        observedMetrics: Dict[str, Row],
        jdict: Optional[Dict[str, Any]] = None,
    ):
        super().__init__(
            id=id,
            runId=runId,
            name=name,
            timestamp=timestamp,
            batchId=batchId,
            batchDuration=batchDuration,
            durationMs=durationMs,
            eventTime=eventTime,
            stateOperators=stateOperators,
            sources=sources,
            sink=sink,
            numInputRows=numInputRows,
            inputRowsPerSecond=inputRowsPerSecond,
            processedRowsPerSecond=processedRowsPerSecond,
            observedMetrics=observedMetrics,
        )
        self._jdict = jdict
        if jdict is not None and "trigger" in jdict:
            self["trigger"] = jdict["trigger"]

    @classmethod
    def fromJson(cls, j: Dict[str, Any]) -> "StreamingQueryProgress":
        j = _with_float_rates(j)
        return cls(
            jdict=j,
            id=uuid.UUID(j["id"]),
            runId=uuid.UUID(j["runId"]),
            name=j.get("name"),
            timestamp=j["timestamp"],
            batchId=j["batchId"],
            batchDuration=j.get("batchDuration", 0),
            durationMs=dict(j.get("durationMs", {})),
            eventTime=dict(j.get("eventTime", {})),
            stateOperators=[StateOperatorProgress.fromJson(s) for s in j.get("stateOperators", [])],
            sources=[SourceProgress.fromJson(s) for s in j.get("sources", [])],
            sink=SinkProgress.fromJson(j["sink"]),
            numInputRows=j.get("numInputRows"),
            inputRowsPerSecond=_rate(j, "inputRowsPerSecond", None),
            processedRowsPerSecond=_rate(j, "processedRowsPerSecond", None),
            observedMetrics={
                k: Row(*row.keys())(*row.values()) for k, row in j.get("observedMetrics", {}).items()
            },
        )

    @property
    def id(self) -> uuid.UUID:
        """The query's id (a UUID here; `progress["id"]` is its string, as before Spark 4)."""
        return super().__getitem__("id")

    @property
    def runId(self) -> uuid.UUID:
        """This run's id (a UUID here; `progress["runId"]` is its string)."""
        return super().__getitem__("runId")

    @property
    def name(self) -> Optional[str]:
        return self["name"]

    @property
    def timestamp(self) -> str:
        """When the trigger started (ISO 8601, UTC)."""
        return self["timestamp"]

    @property
    def batchId(self) -> int:
        return self["batchId"]

    @property
    def batchDuration(self) -> int:
        return self["batchDuration"]

    @property
    def trigger(self) -> Optional[Dict[str, Any]]:
        """The query's trigger and its options, None where the progress does not say."""
        return self.get("trigger")

    @property
    def durationMs(self) -> Dict[str, int]:
        """Milliseconds spent in each phase of the trigger (addBatch, getBatch, latestOffset, ...)."""
        return self["durationMs"]

    @property
    def eventTime(self) -> Dict[str, str]:
        """The batch's event-time statistics: max, min, avg, watermark (ISO 8601, UTC)."""
        return self["eventTime"]

    @property
    def stateOperators(self) -> List["StateOperatorProgress"]:
        return self["stateOperators"]

    @property
    def sources(self) -> List["SourceProgress"]:
        return self["sources"]

    @property
    def sink(self) -> "SinkProgress":
        return self["sink"]

    @property
    def observedMetrics(self) -> Dict[str, Row]:
        return self["observedMetrics"]

    @property
    def numInputRows(self) -> int:
        if self["numInputRows"] is not None:
            return self["numInputRows"]
        return sum(s.numInputRows for s in self.sources)

    @property
    def inputRowsPerSecond(self) -> float:
        if self["inputRowsPerSecond"] is not None:
            return self["inputRowsPerSecond"]
        return sum(s.inputRowsPerSecond for s in self.sources)

    @property
    def processedRowsPerSecond(self) -> float:
        if self["processedRowsPerSecond"] is not None:
            return self["processedRowsPerSecond"]
        return sum(s.processedRowsPerSecond for s in self.sources)

    def __getitem__(self, key: str) -> Any:
        if key in ("id", "runId"):
            return str(super().__getitem__(key))
        return super().__getitem__(key)


class StateOperatorProgress(_Progress):
    """One stateful operator's part of a trigger: rows in state, updated, removed, dropped by the watermark."""

    def __init__(
        self,
        operatorName: str,
        numRowsTotal: int,
        numRowsUpdated: int,
        numRowsRemoved: int,
        allUpdatesTimeMs: int,
        allRemovalsTimeMs: int,
        commitTimeMs: int,
        memoryUsedBytes: int,
        numRowsDroppedByWatermark: int,
        numShufflePartitions: int,
        numStateStoreInstances: int,
        customMetrics: Dict[str, int],
        jdict: Optional[Dict[str, Any]] = None,
    ):
        super().__init__(
            operatorName=operatorName,
            numRowsTotal=numRowsTotal,
            numRowsUpdated=numRowsUpdated,
            numRowsRemoved=numRowsRemoved,
            allUpdatesTimeMs=allUpdatesTimeMs,
            allRemovalsTimeMs=allRemovalsTimeMs,
            commitTimeMs=commitTimeMs,
            memoryUsedBytes=memoryUsedBytes,
            numRowsDroppedByWatermark=numRowsDroppedByWatermark,
            numShufflePartitions=numShufflePartitions,
            numStateStoreInstances=numStateStoreInstances,
            customMetrics=customMetrics,
        )
        self._jdict = jdict

    @classmethod
    def fromJson(cls, j: Dict[str, Any]) -> "StateOperatorProgress":
        return cls(
            jdict=j,
            operatorName=j["operatorName"],
            numRowsTotal=j["numRowsTotal"],
            numRowsUpdated=j["numRowsUpdated"],
            numRowsRemoved=j["numRowsRemoved"],
            allUpdatesTimeMs=j["allUpdatesTimeMs"],
            allRemovalsTimeMs=j["allRemovalsTimeMs"],
            commitTimeMs=j["commitTimeMs"],
            memoryUsedBytes=j["memoryUsedBytes"],
            numRowsDroppedByWatermark=j["numRowsDroppedByWatermark"],
            numShufflePartitions=j["numShufflePartitions"],
            numStateStoreInstances=j["numStateStoreInstances"],
            customMetrics=dict(j.get("customMetrics", {})),
        )

    @property
    def operatorName(self) -> str:
        return self["operatorName"]

    @property
    def numRowsTotal(self) -> int:
        return self["numRowsTotal"]

    @property
    def numRowsUpdated(self) -> int:
        return self["numRowsUpdated"]

    @property
    def allUpdatesTimeMs(self) -> int:
        return self["allUpdatesTimeMs"]

    @property
    def numRowsRemoved(self) -> int:
        return self["numRowsRemoved"]

    @property
    def allRemovalsTimeMs(self) -> int:
        return self["allRemovalsTimeMs"]

    @property
    def commitTimeMs(self) -> int:
        return self["commitTimeMs"]

    @property
    def memoryUsedBytes(self) -> int:
        return self["memoryUsedBytes"]

    @property
    def numRowsDroppedByWatermark(self) -> int:
        return self["numRowsDroppedByWatermark"]

    @property
    def numShufflePartitions(self) -> int:
        return self["numShufflePartitions"]

    @property
    def numStateStoreInstances(self) -> int:
        return self["numStateStoreInstances"]

    @property
    def customMetrics(self) -> Dict[str, int]:
        return self["customMetrics"]


class SourceProgress(_Progress):
    """One source's part of a trigger: its offsets (as JSON text), rows read and rates."""

    def __init__(
        self,
        description: str,
        startOffset: str,
        endOffset: str,
        latestOffset: str,
        numInputRows: int,
        inputRowsPerSecond: float,
        processedRowsPerSecond: float,
        metrics: Dict[str, str],
        jdict: Optional[Dict[str, Any]] = None,
    ) -> None:
        super().__init__(
            description=description,
            startOffset=startOffset,
            endOffset=endOffset,
            latestOffset=latestOffset,
            numInputRows=numInputRows,
            inputRowsPerSecond=inputRowsPerSecond,
            processedRowsPerSecond=processedRowsPerSecond,
            metrics=metrics,
        )
        self._jdict = jdict

    @classmethod
    def fromJson(cls, j: Dict[str, Any]) -> "SourceProgress":
        j = _with_float_rates(j)
        return cls(
            jdict=j,
            description=j["description"],
            startOffset=_offset_text(j.get("startOffset")),  # type: ignore[arg-type]
            endOffset=_offset_text(j.get("endOffset")),  # type: ignore[arg-type]
            latestOffset=_offset_text(j.get("latestOffset")),  # type: ignore[arg-type]
            numInputRows=j["numInputRows"],
            inputRowsPerSecond=_rate(j, "inputRowsPerSecond", float("nan")),
            processedRowsPerSecond=_rate(j, "processedRowsPerSecond", float("nan")),
            metrics=dict(j.get("metrics", {})),
        )

    @property
    def description(self) -> str:
        return self["description"]

    @property
    def startOffset(self) -> str:
        return self["startOffset"]

    @property
    def endOffset(self) -> str:
        return self["endOffset"]

    @property
    def latestOffset(self) -> str:
        return self["latestOffset"]

    @property
    def numInputRows(self) -> int:
        return self["numInputRows"]

    @property
    def inputRowsPerSecond(self) -> float:
        return self["inputRowsPerSecond"]

    @property
    def processedRowsPerSecond(self) -> float:
        return self["processedRowsPerSecond"]

    @property
    def metrics(self) -> Dict[str, str]:
        return self["metrics"]


class SinkProgress(_Progress):
    """The sink's part of a trigger: its description and the rows it wrote."""

    def __init__(
        self,
        description: str,
        numOutputRows: int,
        metrics: Dict[str, str],
        jdict: Optional[Dict[str, Any]] = None,
    ) -> None:
        super().__init__(description=description, numOutputRows=numOutputRows, metrics=metrics)
        self._jdict = jdict

    @classmethod
    def fromJson(cls, j: Dict[str, Any]) -> "SinkProgress":
        return cls(
            jdict=j,
            description=j["description"],
            numOutputRows=j["numOutputRows"],
            metrics=dict(j.get("metrics", {})),
        )

    @property
    def description(self) -> str:
        return self["description"]

    @property
    def numOutputRows(self) -> int:
        return self["numOutputRows"]

    @property
    def metrics(self) -> Dict[str, str]:
        return self["metrics"]
