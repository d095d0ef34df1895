"""pyspark.sql.streaming.state: GroupState and GroupStateTimeout, for `applyInPandasWithState`.

`applyInPandasWithState` needs pandas, which Sluice's Python does not have: it raises NOT_IMPLEMENTED, so a
GroupState never reaches user code and its methods say the same.
"""
import datetime
from typing import Any, Optional, Tuple, Union

class GroupStateTimeout:
    """The timeout kinds of `applyInPandasWithState`'s `timeoutConf`."""
    NoTimeout: str = 'NoTimeout'
    ProcessingTimeTimeout: str = 'ProcessingTimeTimeout'
    EventTimeTimeout: str = 'EventTimeTimeout'

class GroupState:
    """The state of one group in `applyInPandasWithState`."""
    NO_TIMESTAMP: int = -1

    @property
    def exists(self) -> bool:
        ...

    def get(self) -> Tuple:
        ...

    def getOption(self) -> Optional[Tuple]:
        ...

    @property
    def hasTimedOut(self) -> bool:
        ...

    def update(self, newValue: Tuple) -> None:
        ...

    def remove(self) -> None:
        ...

    def setTimeoutDuration(self, durationMs: int) -> None:
        ...

    def setTimeoutTimestamp(self, timestampMs: Union[int, datetime.datetime], additionalDuration: Optional[Any]=None) -> None:
        ...

    def getCurrentWatermarkMs(self) -> int:
        ...

    def getCurrentProcessingTimeMs(self) -> int:
        ...
