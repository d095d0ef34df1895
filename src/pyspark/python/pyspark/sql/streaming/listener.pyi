"""pyspark.sql.streaming.listener: StreamingQueryListener, its events, and the progress objects."""

import uuid
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Optional, Set

from pyspark.sql.types import Row

class StreamingQueryListener(ABC):
    """Hears of every streaming query of the session once added with `spark.streams.addListener(listener)`:
    onQueryStarted (before start() returns), onQueryProgress (after each batch), onQueryIdle (a trigger found no
    new data), onQueryTerminated (stopped or failed)."""

    @property
    def spark(self) -> Optional[Any]:
        """The session the listener was added to (settable)."""
    @abstractmethod
    def onQueryStarted(self, event: QueryStartedEvent) -> None:
        """A query started: called before `start()` returns."""
    @abstractmethod
    def onQueryProgress(self, event: QueryProgressEvent) -> None:
        """A trigger ran a batch: its progress."""
    def onQueryIdle(self, event: QueryIdleEvent) -> None:
        """A trigger found no new data."""
    @abstractmethod
    def onQueryTerminated(self, event: QueryTerminatedEvent) -> None:
        """A query stopped, with or without an error."""

class QueryStartedEvent:
    """A query started."""

    def __init__(self, id: uuid.UUID, runId: uuid.UUID, name: Optional[str], timestamp: str, jobTags: Set[str]) -> None: ...
    @classmethod
    def fromJson(cls, j: Dict[str, Any]) -> QueryStartedEvent:
        """The event from its JSON form."""
    @property
    def id(self) -> uuid.UUID:
        """The query's id, the same across restarts."""
    @property
    def runId(self) -> uuid.UUID:
        """This run's id."""
    @property
    def name(self) -> Optional[str]:
        """The query's name, or None."""
    @property
    def timestamp(self) -> str:
        """When the query started (ISO 8601, UTC)."""
    @property
    def jobTags(self) -> Set[str]:
        """The query's job tags (always empty in Sluice)."""

class QueryProgressEvent:
    """A trigger ran a batch."""

    def __init__(self, progress: StreamingQueryProgress) -> None: ...
    @classmethod
    def fromJson(cls, j: Dict[str, Any]) -> QueryProgressEvent:
        """The event from its JSON form."""
    @property
    def progress(self) -> StreamingQueryProgress:
        """The trigger's progress."""

class QueryIdleEvent:
    """A trigger found no new data."""

    def __init__(self, id: uuid.UUID, runId: uuid.UUID, timestamp: str) -> None: ...
    @classmethod
    def fromJson(cls, j: Dict[str, Any]) -> QueryIdleEvent:
        """The event from its JSON form."""
    @property
    def id(self) -> uuid.UUID:
        """The query's id."""
    @property
    def runId(self) -> uuid.UUID:
        """This run's id."""
    @property
    def timestamp(self) -> str:
        """When the idle trigger ran (ISO 8601, UTC)."""

class QueryTerminatedEvent:
    """A query stopped or failed."""

    def __init__(self, id: uuid.UUID, runId: uuid.UUID, exception: Optional[str], errorClassOnException: Optional[str]) -> None: ...
    @classmethod
    def fromJson(cls, j: Dict[str, Any]) -> QueryTerminatedEvent:
        """The event from its JSON form."""
    @property
    def id(self) -> uuid.UUID:
        """The query's id."""
    @property
    def runId(self) -> uuid.UUID:
        """This run's id."""
    @property
    def exception(self) -> Optional[str]:
        """The message of the exception that ended the query, or None."""
    @property
    def errorClassOnException(self) -> Optional[str]:
        """Spark's error class of that exception, or None."""

class StreamingQueryProgress(Dict[str, Any]):
    """One trigger of a query, a dict with attribute access: `p.numInputRows` or `p["numInputRows"]`."""

    def __init__(self, id: uuid.UUID, runId: uuid.UUID, name: Optional[str], timestamp: str, batchId: int, batchDuration: int, durationMs: Dict[str, int], eventTime: Dict[str, str], stateOperators: List[StateOperatorProgress], sources: List[SourceProgress], sink: SinkProgress, numInputRows: Optional[int], inputRowsPerSecond: Optional[float], processedRowsPerSecond: Optional[float], observedMetrics: Dict[str, Row], jdict: Optional[Dict[str, Any]] = None) -> None: ...
    @classmethod
    def fromJson(cls, j: Dict[str, Any]) -> StreamingQueryProgress:
        """The progress from its JSON form."""
    @property
    def id(self) -> uuid.UUID:
        """The query's id (`p["id"]` is its string)."""
    @property
    def runId(self) -> uuid.UUID:
        """This run's id (`p["runId"]` is its string)."""
    @property
    def name(self) -> Optional[str]:
        """The query's name, or None."""
    @property
    def timestamp(self) -> str:
        """When the trigger started (ISO 8601, UTC)."""
    @property
    def batchId(self) -> int:
        """The batch's id."""
    @property
    def batchDuration(self) -> int:
        """How long the batch took, in milliseconds."""
    @property
    def trigger(self) -> Optional[Dict[str, Any]]:
        """The query's trigger, where the progress says."""
    @property
    def durationMs(self) -> Dict[str, int]:
        """Milliseconds per phase: addBatch, getBatch, latestOffset, queryPlanning, triggerExecution, walCommit..."""
    @property
    def eventTime(self) -> Dict[str, str]:
        """Event-time statistics of the batch: max, min, avg, watermark."""
    @property
    def stateOperators(self) -> List[StateOperatorProgress]:
        """Each stateful operator's part."""
    @property
    def sources(self) -> List[SourceProgress]:
        """Each source's part."""
    @property
    def sink(self) -> SinkProgress:
        """The sink's part."""
    @property
    def observedMetrics(self) -> Dict[str, Row]:
        """The metrics of `df.observe(name, ...)`, by name."""
    @property
    def numInputRows(self) -> int:
        """Rows read in the trigger, over all sources."""
    @property
    def inputRowsPerSecond(self) -> float:
        """The rate data arrived at."""
    @property
    def processedRowsPerSecond(self) -> float:
        """The rate data was processed at."""
    @property
    def json(self) -> str:
        """The compact JSON."""
    @property
    def prettyJson(self) -> str:
        """The indented JSON (what str() and print() show)."""

class StateOperatorProgress(Dict[str, Any]):
    """One stateful operator's part of a trigger."""

    def __init__(self, operatorName: str, numRowsTotal: int, numRowsUpdated: int, numRowsRemoved: int, allUpdatesTimeMs: int, allRemovalsTimeMs: int, commitTimeMs: int, memoryUsedBytes: int, numRowsDroppedByWatermark: int, numShufflePartitions: int, numStateStoreInstances: int, customMetrics: Dict[str, int], jdict: Optional[Dict[str, Any]] = None) -> None: ...
    @classmethod
    def fromJson(cls, j: Dict[str, Any]) -> StateOperatorProgress:
        """The progress from its JSON form."""
    @property
    def operatorName(self) -> str:
        """stateStoreSave, dedupe, symmetricHashJoin, ..."""
    @property
    def numRowsTotal(self) -> int:
        """Rows in state after the batch."""
    @property
    def numRowsUpdated(self) -> int:
        """Rows of state the batch added or changed."""
    @property
    def allUpdatesTimeMs(self) -> int: ...
    @property
    def numRowsRemoved(self) -> int:
        """Rows of state the batch removed (the watermark passed them)."""
    @property
    def allRemovalsTimeMs(self) -> int: ...
    @property
    def commitTimeMs(self) -> int: ...
    @property
    def memoryUsedBytes(self) -> int: ...
    @property
    def numRowsDroppedByWatermark(self) -> int:
        """Input rows dropped as late."""
    @property
    def numShufflePartitions(self) -> int: ...
    @property
    def numStateStoreInstances(self) -> int: ...
    @property
    def customMetrics(self) -> Dict[str, int]: ...
    @property
    def json(self) -> str:
        """The compact JSON."""
    @property
    def prettyJson(self) -> str:
        """The indented JSON."""

class SourceProgress(Dict[str, Any]):
    """One source's part of a trigger."""

    def __init__(self, description: str, startOffset: str, endOffset: str, latestOffset: str, numInputRows: int, inputRowsPerSecond: float, processedRowsPerSecond: float, metrics: Dict[str, str], jdict: Optional[Dict[str, Any]] = None) -> None: ...
    @classmethod
    def fromJson(cls, j: Dict[str, Any]) -> SourceProgress:
        """The progress from its JSON form."""
    @property
    def description(self) -> str:
        """The source, e.g. FileStreamSource[file:/data/events]."""
    @property
    def startOffset(self) -> str:
        """The offset the batch started at, as JSON text."""
    @property
    def endOffset(self) -> str:
        """The offset the batch ended at, as JSON text."""
    @property
    def latestOffset(self) -> str:
        """The latest offset the source had, as JSON text."""
    @property
    def numInputRows(self) -> int:
        """Rows read from this source."""
    @property
    def inputRowsPerSecond(self) -> float: ...
    @property
    def processedRowsPerSecond(self) -> float: ...
    @property
    def metrics(self) -> Dict[str, str]: ...
    @property
    def json(self) -> str:
        """The compact JSON."""
    @property
    def prettyJson(self) -> str:
        """The indented JSON."""

class SinkProgress(Dict[str, Any]):
    """The sink's part of a trigger."""

    def __init__(self, description: str, numOutputRows: int, metrics: Dict[str, str], jdict: Optional[Dict[str, Any]] = None) -> None: ...
    @classmethod
    def fromJson(cls, j: Dict[str, Any]) -> SinkProgress:
        """The progress from its JSON form."""
    @property
    def description(self) -> str:
        """The sink, e.g. MemorySink."""
    @property
    def numOutputRows(self) -> int:
        """Rows written to the sink."""
    @property
    def metrics(self) -> Dict[str, str]: ...
    @property
    def json(self) -> str:
        """The compact JSON."""
    @property
    def prettyJson(self) -> str:
        """The indented JSON."""
