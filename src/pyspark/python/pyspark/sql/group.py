"""pyspark.sql.GroupedData: what `groupBy` returns; its aggregations make a DataFrame."""

from typing import TYPE_CHECKING, Any

from pyspark._sluice import js, wait
from pyspark.errors import PySparkNotImplementedError
from pyspark.errors.exceptions.captured import captured
from pyspark.sql.column import Column

if TYPE_CHECKING:
    from pyspark.sql.dataframe import DataFrame

__all__ = ["GroupedData"]


@captured
class GroupedData:
    def __init__(self, jgd, df: "DataFrame", finds_pivot_values: bool = False):
        self._js = jgd
        self._df = df
        self._finds_pivot_values = finds_pivot_values

    def _new(self, jdf) -> "DataFrame":
        from pyspark.sql.dataframe import DataFrame

        if self._finds_pivot_values:
            # A pivot without values finds them with a query first, as PySpark does at once.
            jdf = wait(jdf, "resolve")
        return DataFrame(jdf, self._df.sparkSession)

    def agg(self, *exprs: Any) -> "DataFrame":
        """`agg(count("*").alias("n"), max("price"))` or `agg({"price": "max"})`."""
        if len(exprs) == 1 and isinstance(exprs[0], dict):
            return self._new(self._js.agg(js(exprs[0])))
        return self._new(self._js.agg(*[e._js if isinstance(e, Column) else js(e) for e in exprs]))

    def pivot(self, pivot_col: str, values: Any = None) -> "GroupedData":
        """One column per value of `pivot_col` (its distinct values, sorted, where none are given)."""
        jgd = self._js.pivot(pivot_col) if values is None else self._js.pivot(pivot_col, js(list(values)))
        return GroupedData(jgd, self._df, values is None)

    def count(self) -> "DataFrame":
        return self._new(self._js.count())

    def sum(self, *cols: str) -> "DataFrame":
        return self._new(self._js.sum(*cols))

    def avg(self, *cols: str) -> "DataFrame":
        return self._new(self._js.avg(*cols))

    mean = avg

    def min(self, *cols: str) -> "DataFrame":
        return self._new(self._js.min(*cols))

    def max(self, *cols: str) -> "DataFrame":
        return self._new(self._js.max(*cols))

    def applyInPandasWithState(self, *args: Any, **kwargs: Any) -> "DataFrame":
        raise PySparkNotImplementedError(
            errorClass="NOT_IMPLEMENTED",
            messageParameters={"feature": "applyInPandasWithState in Sluice's Python cells (pandas is not part of the offline runtime)"},
        )

    def transformWithStateInPandas(self, *args: Any, **kwargs: Any) -> "DataFrame":
        raise PySparkNotImplementedError(
            errorClass="NOT_IMPLEMENTED",
            messageParameters={
                "feature": "transformWithStateInPandas (it needs pandas, which Sluice's offline Python does not have)"
            },
        )

    def transformWithState(self, *args: Any, **kwargs: Any) -> "DataFrame":
        raise PySparkNotImplementedError(
            errorClass="NOT_IMPLEMENTED",
            messageParameters={"feature": "transformWithState (a StatefulProcessor's state store in Python)"},
        )
