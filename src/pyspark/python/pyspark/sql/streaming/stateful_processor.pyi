"""pyspark.sql.streaming.stateful_processor: the classes of PySpark 4's `transformWithStateInPandas`.

A StatefulProcessor can be written and imported, as in PySpark; running one needs `transformWithStateInPandas`
(pandas, and a state server Sluice does not have), which raises NOT_IMPLEMENTED. The state handles are never
given to user code here, so their methods say the same.
"""
from abc import ABC, abstractmethod
from typing import Any, Iterator, List, Optional, Tuple, Union
from pyspark.sql.types import Row, StructType

class ValueState:
    """A single value of state per grouping key."""

    def exists(self) -> bool:
        ...

    def get(self) -> Optional[Row]:
        ...

    def update(self, newValue: Tuple) -> None:
        ...

    def clear(self) -> None:
        ...

class ListState:
    """A list of values of state per grouping key."""

    def exists(self) -> bool:
        ...

    def get(self) -> Iterator[Row]:
        ...

    def put(self, newState: List[Tuple]) -> None:
        ...

    def appendValue(self, newState: Tuple) -> None:
        ...

    def appendList(self, newState: List[Tuple]) -> None:
        ...

    def clear(self) -> None:
        ...

class MapState:
    """A map of state per grouping key."""

    def exists(self) -> bool:
        ...

    def getValue(self, key: Tuple) -> Optional[Row]:
        ...

    def containsKey(self, key: Tuple) -> bool:
        ...

    def updateValue(self, key: Tuple, value: Tuple) -> None:
        ...

    def iterator(self) -> Iterator[Tuple[Row, Row]]:
        ...

    def keys(self) -> Iterator[Row]:
        ...

    def values(self) -> Iterator[Row]:
        ...

    def removeKey(self, key: Tuple) -> None:
        ...

    def clear(self) -> None:
        ...

class TimerValues:
    """The processing time and watermark of the batch that calls the processor."""

    def __init__(self, current_processing_time_in_ms: int=-1, current_watermark_in_ms: int=-1) -> None:
        ...

    def getCurrentProcessingTimeInMs(self) -> int:
        ...

    def getCurrentWatermarkInMs(self) -> int:
        ...

class ExpiredTimerInfo:
    """The expiry time of the timer that fired."""

    def __init__(self, expiry_time_in_ms: int=-1) -> None:
        ...

    def getExpiryTimeInMs(self) -> int:
        ...

class StatefulProcessorHandle:
    """What a processor's `init` receives to declare its state and timers."""

    def getValueState(self, stateName: str, schema: Union[StructType, str], ttlDurationMs: Optional[int]=None) -> ValueState:
        ...

    def getListState(self, stateName: str, schema: Union[StructType, str], ttlDurationMs: Optional[int]=None) -> ListState:
        ...

    def getMapState(self, stateName: str, userKeySchema: Union[StructType, str], valueSchema: Union[StructType, str], ttlDurationMs: Optional[int]=None) -> MapState:
        ...

    def registerTimer(self, expiryTimestampMs: int) -> None:
        ...

    def deleteTimer(self, expiryTimestampMs: int) -> None:
        ...

    def listTimers(self) -> Iterator[int]:
        ...

    def deleteIfExists(self, stateName: str) -> None:
        ...

class StatefulProcessor(ABC):
    """Arbitrary state per grouping key, for `transformWithStateInPandas` (subclass it as in PySpark)."""

    @abstractmethod
    def init(self, handle: StatefulProcessorHandle) -> None:
        """Declares the state variables, before any data."""

    @abstractmethod
    def handleInputRows(self, key: Any, rows: Iterator[Any], timerValues: TimerValues) -> Iterator[Any]:
        """The rows of one grouping key in a batch; yields the output."""

    def handleExpiredTimer(self, key: Any, timerValues: TimerValues, expiredTimerInfo: ExpiredTimerInfo) -> Iterator[Any]:
        """A timer of the key fired; yields the output."""

    @abstractmethod
    def close(self) -> None:
        """Called last, to release what the processor holds."""

    def handleInitialState(self, key: Any, initialState: Any, timerValues: TimerValues) -> None:
        """The initial state of one grouping key, before its first rows."""
