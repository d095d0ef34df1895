"""pyspark.testing.streaming: PySpark's MemoryStream, a streaming source a test adds rows to."""

from typing import Any, Union

from pyspark.sql.dataframe import DataFrame
from pyspark.sql.session import SparkSession
from pyspark.sql.types import StructType

class MemoryStream:
    """A streaming source a test controls: `add_data(...)` adds one batch of rows, `to_df()` reads them."""

    def __init__(self, spark: SparkSession, schema: Union[str, StructType] = "int") -> None:
        """A stream of `schema`: "int", "long", "string", "double", "float", "boolean" (one column `value`) or a StructType."""
    @property
    def schema(self) -> StructType:
        """The stream's schema."""
    @property
    def current_offset(self) -> int:
        """The offset the last `add_data` returned, or -1."""
    def add_data(self, *rows: Any) -> int:
        """Adds the rows (values, Rows, dicts, tuples) as one batch and returns its offset; with none, adds nothing."""
    def to_df(self) -> DataFrame:
        """A streaming DataFrame over the rows added so far and from now on."""
