"""What every Python cell has in scope, besides what it imports."""

from typing import Any, Optional

from pyspark.sql import SparkSession
from sluice import _DBUtils

spark: SparkSession
"""The notebook's SparkSession."""

dbutils: _DBUtils
"""Databricks' dbutils: `dbutils.fs.ls(path)`, `rm`, `head`, `put`, `mkdirs` on the browser's storage."""

def display(value: Any = None, *, processingTime: Optional[str] = None, checkpointLocation: Optional[str] = None, streamName: Optional[str] = None) -> None:
    """Shows a value in the cell: a streaming DataFrame as a live query (its panel: result table, input rows,
    progress charts), a DataFrame or a list of Rows as a table."""
