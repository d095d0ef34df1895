"""pyspark.sql.session: the entry point."""

from typing import Any, Iterable, List, Optional, Union

from pyspark.sql.catalog import Catalog
from pyspark.sql.datasource import DataSourceRegistration
from pyspark.sql.conf import RuntimeConfig
from pyspark.sql.dataframe import DataFrame
from pyspark.sql.readwriter import DataFrameReader
from pyspark.sql.streaming.query import StreamingQueryManager
from pyspark.sql.streaming.readwriter import DataStreamReader
from pyspark.sql.types import DataType, StructType
from pyspark.sql.udf import UDFRegistration

class _Builder:
    """`SparkSession.builder`: in a notebook, getOrCreate() returns the running session."""

    def appName(self, name: str) -> _Builder:
        """Sets spark.app.name."""
    def master(self, master: str) -> _Builder:
        """Ignored: Sluice runs in the browser."""
    def remote(self, url: str) -> _Builder:
        """Ignored: Sluice runs in the browser."""
    def enableHiveSupport(self) -> _Builder:
        """Ignored."""
    def config(self, key: Optional[str] = None, value: Any = None, conf: Any = None, map: Any = None) -> _Builder:
        """Sets a configuration value on the session."""
    def getOrCreate(self) -> SparkSession:
        """The notebook's session."""
    def create(self) -> SparkSession:
        """The notebook's session."""

class SparkContext:
    """The few SparkContext members notebooks use."""

    appName: str
    master: str
    defaultParallelism: int
    @property
    def version(self) -> str: ...
    def setLogLevel(self, logLevel: str) -> None:
        """Ignored."""
    def setCheckpointDir(self, dirName: str) -> None:
        """Where DataFrame.checkpoint() keeps its rows; checkpoint() needs it set."""
    def getCheckpointDir(self) -> Optional[str]: ...
    def stop(self) -> None:
        """Stops the session's streaming queries; they end inactive, without an exception."""

class SparkSession:
    """The session: `spark.readStream` and `spark.read` read data, `spark.sql` runs SQL, `spark.streams`
    holds the streaming queries."""

    builder: _Builder
    @classmethod
    def getActiveSession(cls) -> Optional[SparkSession]:
        """The notebook's session."""
    @classmethod
    def active(cls) -> SparkSession:
        """The notebook's session."""
    @property
    def version(self) -> str:
        """The Spark version Sluice follows."""
    def newSession(self) -> SparkSession:
        """A new session with its own conf, temporary views and functions, sharing the tables and the
        global temporary views (`global_temp`)."""
    @property
    def conf(self) -> RuntimeConfig:
        """The session's configuration."""
    @property
    def catalog(self) -> Catalog:
        """Tables and temporary views."""
    @property
    def streams(self) -> StreamingQueryManager:
        """The streaming queries: `spark.streams.active`."""
    @property
    def udf(self) -> UDFRegistration:
        """Registers Python functions for SQL: `spark.udf.register("slen", lambda s: len(s), "int")`."""
    @property
    def dataSource(self) -> DataSourceRegistration:
        """Registers Python data sources: `spark.dataSource.register(MySource)`, then read `MySource.name()`."""
    @property
    def sparkContext(self) -> SparkContext:
        """A minimal SparkContext."""
    @property
    def read(self) -> DataFrameReader:
        """Reads batch data: `spark.read.parquet("/data/events")`."""
    @property
    def readStream(self) -> DataStreamReader:
        """Reads a stream: `spark.readStream.schema(schema).option("maxFilesPerTrigger", 1).parquet(path)`."""
    def sql(self, sqlQuery: str, args: Any = None, **kwargs: Any) -> DataFrame:
        """Runs SQL: a query's DataFrame; a command (CREATE TABLE, INSERT, DROP, SHOW, DESCRIBE...) runs now."""
    def table(self, tableName: str) -> DataFrame:
        """A table or view of the catalog ("t", "db.t"), a temporary view or a memory sink's table."""
    def range(self, start: int, end: Optional[int] = None, step: int = 1, numPartitions: Optional[int] = None) -> DataFrame:
        """A column `id` of numbers from start to end."""
    def createDataFrame(self, data: Iterable[Any], schema: Union[StructType, DataType, str, List[str], None] = None, samplingRatio: Optional[float] = None, verifySchema: bool = True) -> DataFrame:
        """A DataFrame from rows (tuples, dicts, Rows) and a schema (StructType, DDL, or column names)."""
    def stop(self) -> None:
        """Stops the session's streaming queries."""
