"""Spark 4's TableArg: a DataFrame as a table argument (``df.asTable()``), with its partitioning and ordering."""
from typing import Any

from pyspark.sql.column import Column


def _js_cols(cols: Any) -> list:
    if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
        cols = cols[0]
    return [c._js if isinstance(c, Column) else c for c in cols]


class TableArg:
    def __init__(self, js: Any) -> None:
        self._js = js

    def partitionBy(self, *cols: Any) -> "TableArg":
        return TableArg(self._js.partitionBy(*_js_cols(cols)))

    def orderBy(self, *cols: Any) -> "TableArg":
        return TableArg(self._js.orderBy(*_js_cols(cols)))

    def withSinglePartition(self) -> "TableArg":
        return TableArg(self._js.withSinglePartition())
