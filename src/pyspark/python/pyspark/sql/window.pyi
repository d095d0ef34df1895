"""pyspark.sql.window: window specifications for window functions."""

from typing import Any

class WindowSpec:
    """Which rows a window function sees: a partition, an order, and a frame."""

    def partitionBy(self, *cols: Any) -> WindowSpec:
        """Rows with the same values of these columns form a window."""
    def orderBy(self, *cols: Any) -> WindowSpec:
        """The order within each window."""
    def rowsBetween(self, start: int, end: int) -> WindowSpec:
        """A frame of rows relative to the current one (Window.unboundedPreceding, Window.currentRow, ...)."""
    def rangeBetween(self, start: int, end: int) -> WindowSpec:
        """A frame of rows whose ordering value lies within start..end of the current row's."""

class Window:
    """`Window.partitionBy("device").orderBy(col("ts").desc())`, for `row_number().over(w)`."""

    unboundedPreceding: int
    unboundedFollowing: int
    currentRow: int
    @staticmethod
    def partitionBy(*cols: Any) -> WindowSpec:
        """A window partitioned by these columns."""
    @staticmethod
    def orderBy(*cols: Any) -> WindowSpec:
        """A window ordered by these columns."""
    @staticmethod
    def rowsBetween(start: int, end: int) -> WindowSpec:
        """A window with a frame of rows."""
    @staticmethod
    def rangeBetween(start: int, end: int) -> WindowSpec:
        """A window with a frame of values."""
