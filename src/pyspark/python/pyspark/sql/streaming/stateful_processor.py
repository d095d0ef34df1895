"""pyspark.sql.streaming.stateful_processor: the classes of PySpark 4's `transformWithStateInPandas`.

A StatefulProcessor can be written and imported, as in PySpark; running one needs `transformWithStateInPandas`
(pandas, and a state server Sluice does not have), which raises NOT_IMPLEMENTED. The state handles are never
given to user code here, so their methods say the same.
"""

from abc import ABC, abstractmethod
from typing import Any, Iterator, List, Optional, Tuple, Union

from pyspark.errors import PySparkNotImplementedError
from pyspark.sql.types import Row, StructType

__all__ = ["StatefulProcessor", "StatefulProcessorHandle"]


def _not_implemented(feature: str) -> PySparkNotImplementedError:
    return PySparkNotImplementedError(
        errorClass="NOT_IMPLEMENTED",
        messageParameters={"feature": f"{feature} (transformWithStateInPandas needs pandas and a state server)"},
    )


class ValueState:
    """A single value of state per grouping key."""

    def exists(self) -> bool:
        raise _not_implemented("ValueState.exists")

    def get(self) -> Optional[Row]:
        raise _not_implemented("ValueState.get")

    def update(self, newValue: Tuple) -> None:
        raise _not_implemented("ValueState.update")

    def clear(self) -> None:
        raise _not_implemented("ValueState.clear")


class ListState:
    """A list of values of state per grouping key."""

    def exists(self) -> bool:
        raise _not_implemented("ListState.exists")

    def get(self) -> Iterator[Row]:
        raise _not_implemented("ListState.get")

    def put(self, newState: List[Tuple]) -> None:
        raise _not_implemented("ListState.put")

    def appendValue(self, newState: Tuple) -> None:
        raise _not_implemented("ListState.appendValue")

    def appendList(self, newState: List[Tuple]) -> None:
        raise _not_implemented("ListState.appendList")

    def clear(self) -> None:
        raise _not_implemented("ListState.clear")


class MapState:
    """A map of state per grouping key."""

    def exists(self) -> bool:
        raise _not_implemented("MapState.exists")

    def getValue(self, key: Tuple) -> Optional[Row]:
        raise _not_implemented("MapState.getValue")

    def containsKey(self, key: Tuple) -> bool:
        raise _not_implemented("MapState.containsKey")

    def updateValue(self, key: Tuple, value: Tuple) -> None:
        raise _not_implemented("MapState.updateValue")

    def iterator(self) -> Iterator[Tuple[Row, Row]]:
        raise _not_implemented("MapState.iterator")

    def keys(self) -> Iterator[Row]:
        raise _not_implemented("MapState.keys")

    def values(self) -> Iterator[Row]:
        raise _not_implemented("MapState.values")

    def removeKey(self, key: Tuple) -> None:
        raise _not_implemented("MapState.removeKey")

    def clear(self) -> None:
        raise _not_implemented("MapState.clear")


class TimerValues:
    """The processing time and watermark of the batch that calls the processor."""

    def __init__(self, current_processing_time_in_ms: int = -1, current_watermark_in_ms: int = -1) -> None:
        self._current_processing_time_in_ms = current_processing_time_in_ms
        self._current_watermark_in_ms = current_watermark_in_ms

    def getCurrentProcessingTimeInMs(self) -> int:
        return self._current_processing_time_in_ms

    def getCurrentWatermarkInMs(self) -> int:
        return self._current_watermark_in_ms


class ExpiredTimerInfo:
    """The expiry time of the timer that fired."""

    def __init__(self, expiry_time_in_ms: int = -1) -> None:
        self._expiry_time_in_ms = expiry_time_in_ms

    def getExpiryTimeInMs(self) -> int:
        return self._expiry_time_in_ms


class StatefulProcessorHandle:
    """What a processor's `init` receives to declare its state and timers."""

    def getValueState(
        self, stateName: str, schema: Union[StructType, str], ttlDurationMs: Optional[int] = None
    ) -> ValueState:
        raise _not_implemented("StatefulProcessorHandle.getValueState")

    def getListState(
        self, stateName: str, schema: Union[StructType, str], ttlDurationMs: Optional[int] = None
    ) -> ListState:
        raise _not_implemented("StatefulProcessorHandle.getListState")

    def getMapState(
        self,
        stateName: str,
        userKeySchema: Union[StructType, str],
        valueSchema: Union[StructType, str],
        ttlDurationMs: Optional[int] = None,
    ) -> MapState:
        raise _not_implemented("StatefulProcessorHandle.getMapState")

    def registerTimer(self, expiryTimestampMs: int) -> None:
        raise _not_implemented("StatefulProcessorHandle.registerTimer")

    def deleteTimer(self, expiryTimestampMs: int) -> None:
        raise _not_implemented("StatefulProcessorHandle.deleteTimer")

    def listTimers(self) -> Iterator[int]:
        raise _not_implemented("StatefulProcessorHandle.listTimers")

    def deleteIfExists(self, stateName: str) -> None:
        raise _not_implemented("StatefulProcessorHandle.deleteIfExists")


class StatefulProcessor(ABC):
    """Arbitrary state per grouping key, for `transformWithStateInPandas` (subclass it as in PySpark)."""

    @abstractmethod
    def init(self, handle: StatefulProcessorHandle) -> None:
        """Declares the state variables, before any data."""

    @abstractmethod
    def handleInputRows(self, key: Any, rows: Iterator[Any], timerValues: TimerValues) -> Iterator[Any]:
        """The rows of one grouping key in a batch; yields the output."""

    def handleExpiredTimer(
        self, key: Any, timerValues: TimerValues, expiredTimerInfo: ExpiredTimerInfo
    ) -> Iterator[Any]:
        """A timer of the key fired; yields the output."""
        return iter([])

    @abstractmethod
    def close(self) -> None:
        """Called last, to release what the processor holds."""

    def handleInitialState(self, key: Any, initialState: Any, timerValues: TimerValues) -> None:
        """The initial state of one grouping key, before its first rows."""
