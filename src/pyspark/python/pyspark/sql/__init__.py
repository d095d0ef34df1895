"""pyspark.sql: Spark SQL and DataFrames, forwarded to Sluice's engine."""

from pyspark.sql.catalog import Catalog
from pyspark.sql.column import Column
from pyspark.sql.conf import RuntimeConfig
from pyspark.sql.dataframe import DataFrame
from pyspark.sql.group import GroupedData
from pyspark.sql.observation import Observation
from pyspark.sql.readwriter import DataFrameReader, DataFrameWriter, DataFrameWriterV2
from pyspark.sql.session import SparkSession
from pyspark.sql.types import Row
from pyspark.sql.window import Window, WindowSpec

__all__ = [
    "SparkSession",
    "DataFrame",
    "GroupedData",
    "Observation",
    "Column",
    "Catalog",
    "Row",
    "DataFrameReader",
    "DataFrameWriter",
    "DataFrameWriterV2",
    "RuntimeConfig",
    "Window",
    "WindowSpec",
]
