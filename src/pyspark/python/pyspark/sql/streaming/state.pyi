"""pyspark.sql.streaming.state: GroupState and GroupStateTimeout, as PySpark's (python/pyspark/sql/streaming/state.py).

GroupState is PySpark's pure-Python state of one group: its value, its timeout and the batch's times, with
PySpark's checks and errors. `applyInPandasWithState` itself needs pandas, which Sluice's Python does not have, so
it raises NOT_IMPLEMENTED; a GroupState can still be made and used on its own, as PySpark's own tests do.
"""
import datetime
from typing import Optional, Tuple, Union

from pyspark.sql.types import Row, StructType

class GroupStateTimeout:
    """The timeout kinds of `applyInPandasWithState`'s `timeoutConf`."""
    NoTimeout: str = 'NoTimeout'
    ProcessingTimeTimeout: str = 'ProcessingTimeTimeout'
    EventTimeTimeout: str = 'EventTimeTimeout'

class GroupState:
    """The state of one group in `applyInPandasWithState`: its value, its timeout and the batch's times."""
    NO_TIMESTAMP: int = -1

    def __init__(self, optionalValue: Row, batchProcessingTimeMs: int, eventTimeWatermarkMs: int, timeoutConf: str, hasTimedOut: bool, watermarkPresent: bool, defined: bool, updated: bool, removed: bool, timeoutTimestamp: int, keyAsUnsafe: bytes, valueSchema: StructType) -> None:
        ...

    @property
    def exists(self) -> bool:
        """Whether the state exists."""

    @property
    def get(self) -> Tuple:
        """The state's value, or PySpark's STATE_NOT_EXISTS when there is none."""

    @property
    def getOption(self) -> Optional[Tuple]:
        """The state's value, or None."""

    @property
    def hasTimedOut(self) -> bool:
        """Whether the function was called because the key timed out."""

    @property
    def oldTimeoutTimestamp(self) -> int:
        """The timeout timestamp the state had when the function was called (PySpark only)."""

    def update(self, newValue: Tuple) -> None:
        """Replaces the state's value; it cannot be None."""

    def remove(self) -> None:
        """Removes the state."""

    def setTimeoutDuration(self, durationMs: Union[int, str]) -> None:
        """Times the key out `durationMs` after this batch's processing time (an int, or an interval string)."""

    def setTimeoutTimestamp(self, timestampMs: Union[int, datetime.datetime]) -> None:
        """Times the key out at `timestampMs` (epoch ms or a datetime), not before the current watermark."""

    def getCurrentWatermarkMs(self) -> int:
        """The batch's event-time watermark in epoch ms; needs a watermark before applyInPandasWithState."""

    def getCurrentProcessingTimeMs(self) -> int:
        """The batch's processing time in epoch ms (the same through the whole trigger)."""

    def json(self) -> str:
        """The state's fields as JSON, as PySpark's worker sends them back (the value goes separately)."""
