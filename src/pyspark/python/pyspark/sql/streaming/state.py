"""pyspark.sql.streaming.state: GroupState and GroupStateTimeout, for `applyInPandasWithState`.

`applyInPandasWithState` needs pandas, which Sluice's Python does not have: it raises NOT_IMPLEMENTED, so a
GroupState never reaches user code and its methods say the same.
"""

import datetime
from typing import Any, Optional, Tuple, Union

from pyspark.errors import PySparkNotImplementedError

__all__ = ["GroupState", "GroupStateTimeout"]


class GroupStateTimeout:
    """The timeout kinds of `applyInPandasWithState`'s `timeoutConf`."""

    NoTimeout: str = "NoTimeout"
    ProcessingTimeTimeout: str = "ProcessingTimeTimeout"
    EventTimeTimeout: str = "EventTimeTimeout"


def _not_implemented(feature: str) -> PySparkNotImplementedError:
    return PySparkNotImplementedError(
        errorClass="NOT_IMPLEMENTED",
        messageParameters={"feature": f"{feature} (applyInPandasWithState needs pandas)"},
    )


class GroupState:
    """The state of one group in `applyInPandasWithState`."""

    NO_TIMESTAMP: int = -1

    @property
    def exists(self) -> bool:
        raise _not_implemented("GroupState.exists")

    def get(self) -> Tuple:
        raise _not_implemented("GroupState.get")

    def getOption(self) -> Optional[Tuple]:
        raise _not_implemented("GroupState.getOption")

    @property
    def hasTimedOut(self) -> bool:
        raise _not_implemented("GroupState.hasTimedOut")

    def update(self, newValue: Tuple) -> None:
        raise _not_implemented("GroupState.update")

    def remove(self) -> None:
        raise _not_implemented("GroupState.remove")

    def setTimeoutDuration(self, durationMs: int) -> None:
        raise _not_implemented("GroupState.setTimeoutDuration")

    def setTimeoutTimestamp(
        self, timestampMs: Union[int, datetime.datetime], additionalDuration: Optional[Any] = None
    ) -> None:
        raise _not_implemented("GroupState.setTimeoutTimestamp")

    def getCurrentWatermarkMs(self) -> int:
        raise _not_implemented("GroupState.getCurrentWatermarkMs")

    def getCurrentProcessingTimeMs(self) -> int:
        raise _not_implemented("GroupState.getCurrentProcessingTimeMs")
