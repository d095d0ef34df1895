"""pyspark.sql.GroupedData: what groupBy() returns; its aggregations make a DataFrame."""

from typing import Any, Dict, Union

from pyspark.sql.column import Column
from pyspark.sql.dataframe import DataFrame

class GroupedData:
    """Rows grouped by `groupBy(...)`: aggregate them with agg(), count(), sum()..."""

    def agg(self, *exprs: Union[Column, Dict[str, str]]) -> DataFrame:
        """Aggregates per group: `agg(count("*").alias("n"), max("price"))` or `agg({"price": "max"})`."""
    def pivot(self, pivot_col: str, values: Any = None) -> GroupedData:
        """One column per value of `pivot_col` and aggregate: `groupBy("year").pivot("course", ["dotNET", "Java"])
        .sum("earnings")`; without values, the column's distinct values, sorted."""
    def count(self) -> DataFrame:
        """The number of rows per group, in a column `count`."""
    def sum(self, *cols: str) -> DataFrame:
        """The sum of numeric columns per group."""
    def avg(self, *cols: str) -> DataFrame:
        """The average of numeric columns per group."""
    def mean(self, *cols: str) -> DataFrame:
        """The average of numeric columns per group."""
    def min(self, *cols: str) -> DataFrame:
        """The smallest value of columns per group."""
    def max(self, *cols: str) -> DataFrame:
        """The largest value of columns per group."""
    def applyInPandasWithState(self, *args: Any, **kwargs: Any) -> DataFrame:
        """Not available in Sluice's Python: pandas is not part of the offline runtime."""
    def transformWithStateInPandas(self, *args: Any, **kwargs: Any) -> DataFrame:
        """Not in Sluice (it needs pandas): raises PySpark's NOT_IMPLEMENTED."""
    def transformWithState(self, *args: Any, **kwargs: Any) -> DataFrame:
        """Not in Sluice: raises PySpark's NOT_IMPLEMENTED."""
