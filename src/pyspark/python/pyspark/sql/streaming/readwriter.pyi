"""pyspark.sql.streaming.readwriter: `spark.readStream` and `df.writeStream`."""

from typing import Any, Callable, List, Optional, Union

from pyspark.sql.dataframe import DataFrame
from pyspark.sql.streaming.query import StreamingQuery
from pyspark.sql.types import StructType

class DataStreamReader:
    """`spark.readStream`: a streaming DataFrame over files arriving in a directory, a rate source, a table."""

    def format(self, source: str) -> DataStreamReader:
        """The source: "parquet", "csv", "json", "text", "rate"."""
    def schema(self, schema: Union[StructType, str]) -> DataStreamReader:
        """The schema (file sources need one): a StructType or DDL ("a INT, b STRING")."""
    def option(self, key: str, value: Any) -> DataStreamReader:
        """A source option: "maxFilesPerTrigger", "rowsPerSecond", "header"..."""
    def options(self, **options: Any) -> DataStreamReader:
        """Several source options."""
    def name(self, source_name: str) -> DataStreamReader:
        """Names the source (Spark 4.2's source evolution): ASCII letters, digits and underscores only."""
    def load(self, path: Optional[str] = None, format: Optional[str] = None, schema: Union[StructType, str, None] = None, **options: Any) -> DataFrame:
        """The stream of the files under `path` (or of the source)."""
    def parquet(self, path: str, **options: Any) -> DataFrame:
        """A stream of the Parquet files arriving under `path`."""
    def csv(self, path: str, schema: Union[StructType, str, None] = None, **options: Any) -> DataFrame:
        """A stream of the CSV files arriving under `path`."""
    def json(self, path: str, schema: Union[StructType, str, None] = None, **options: Any) -> DataFrame:
        """A stream of the JSON-lines files arriving under `path`."""
    def text(self, path: str, **options: Any) -> DataFrame:
        """A stream of the text files arriving under `path`."""
    def table(self, tableName: str) -> DataFrame:
        """A stream over a table: the files in its location, those there now and then each new one; or a
        streaming temporary view."""
    def orc(self, path: str, **options: Any) -> DataFrame:
        """Not in Sluice (no ORC reader): raises PySpark's NOT_IMPLEMENTED."""
    def xml(self, path: str, rowTag: Optional[str] = None, **options: Any) -> DataFrame:
        """A stream of the XML files arriving under `path`: a row per `rowTag` element (give a schema)."""

class DataStreamWriter:
    """`df.writeStream`: where a streaming query writes (format, sink path), how (outputMode) and when
    (trigger); start() runs it."""

    def outputMode(self, outputMode: str) -> DataStreamWriter:
        """"append" (new rows only), "update" (changed rows) or "complete" (the whole result every trigger)."""
    def format(self, source: str) -> DataStreamWriter:
        """The sink: "memory", "console", "parquet", "csv", "json", "noop"."""
    def option(self, key: str, value: Any) -> DataStreamWriter:
        """A sink option, e.g. "checkpointLocation"."""
    def options(self, **options: Any) -> DataStreamWriter:
        """Several sink options."""
    def partitionBy(self, *cols: Any) -> DataStreamWriter:
        """File sinks: a directory per value of these columns."""
    def queryName(self, queryName: str) -> DataStreamWriter:
        """The query's name (the memory sink's table name)."""
    def trigger(self, *, processingTime: Optional[str] = None, once: Optional[bool] = None, continuous: Optional[str] = None, availableNow: Optional[bool] = None) -> DataStreamWriter:
        """When batches run: `processingTime="3 seconds"`, `once=True`, `availableNow=True`, or `continuous="1 second"`."""
    def foreachBatch(self, func: Callable[[DataFrame, int], None]) -> DataStreamWriter:
        """Calls `func(batch_df, batch_id)` with each micro-batch's output as a batch DataFrame."""
    def foreach(self, f: Any) -> DataStreamWriter:
        """Hands each row to `f`: a function of a Row, or an object with `process(row)` and optional
        `open(partition_id, epoch_id)` (False skips the batch) and `close(error)`."""
    def start(self, path: Optional[str] = None, format: Optional[str] = None, outputMode: Optional[str] = None, partitionBy: Union[str, List[str], None] = None, queryName: Optional[str] = None, **options: Any) -> StreamingQuery:
        """Starts the query (file sinks: into `path`); checks everything before the first batch."""
    def toTable(self, tableName: str, format: Optional[str] = None, outputMode: Optional[str] = None, partitionBy: Union[str, List[str], None] = None, queryName: Optional[str] = None, **options: Any) -> StreamingQuery:
        """Starts the query writing into a table of the catalog, created first where it does not exist."""
    def clusterBy(self, *cols: Any) -> DataStreamWriter:
        """The clustering columns of the table toTable creates (recorded in the catalog)."""
