"""pyspark.sql.Window: window specifications for window functions (`row_number().over(w)`)."""

from typing import Any

from pyspark._sluice import bridge, js
from pyspark.errors.exceptions.captured import captured

__all__ = ["Window", "WindowSpec"]


def _columns(cols: Any) -> Any:
    if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
        cols = tuple(cols[0])
    return js(list(cols))


@captured
class WindowSpec:
    """Which rows a window function sees: a partition, an order, and a frame."""

    def __init__(self, jspec):
        self._js = jspec

    def partitionBy(self, *cols: Any) -> "WindowSpec":
        return WindowSpec(self._js.partitionBy(_columns(cols)))

    def orderBy(self, *cols: Any) -> "WindowSpec":
        return WindowSpec(self._js.orderBy(_columns(cols)))

    def rowsBetween(self, start: int, end: int) -> "WindowSpec":
        return WindowSpec(self._js.rowsBetween(start, end))

    def rangeBetween(self, start: int, end: int) -> "WindowSpec":
        return WindowSpec(self._js.rangeBetween(start, end))


class Window:
    """`Window.partitionBy("device").orderBy(col("ts").desc())`; frames with rowsBetween / rangeBetween."""

    unboundedPreceding: int = -(1 << 63)
    unboundedFollowing: int = (1 << 63) - 1
    currentRow: int = 0

    @staticmethod
    def partitionBy(*cols: Any) -> WindowSpec:
        return WindowSpec(bridge.Window.partitionBy(_columns(cols)))

    @staticmethod
    def orderBy(*cols: Any) -> WindowSpec:
        return WindowSpec(bridge.Window.orderBy(_columns(cols)))

    @staticmethod
    def rowsBetween(start: int, end: int) -> WindowSpec:
        return WindowSpec(bridge.Window.rowsBetween(start, end))

    @staticmethod
    def rangeBetween(start: int, end: int) -> WindowSpec:
        return WindowSpec(bridge.Window.rangeBetween(start, end))
