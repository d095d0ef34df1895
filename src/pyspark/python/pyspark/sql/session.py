"""pyspark.sql.SparkSession: the entry point. In a notebook `spark` is ready; `SparkSession.builder...
getOrCreate()` returns that same session, as it does on a cluster where one is running."""

from typing import Any, Iterable, List, Optional, Union

from pyspark._sluice import bridge, sync_files, wait
from pyspark.errors import PySparkRuntimeError, PySparkTypeError, PySparkValueError
from pyspark.errors.exceptions.captured import captured
from pyspark.sql.catalog import Catalog
from pyspark.sql.conf import RuntimeConfig
from pyspark.sql.dataframe import DataFrame
from pyspark.sql.readwriter import DataFrameReader
from pyspark.sql.streaming.query import StreamingQueryManager
from pyspark.sql.streaming.readwriter import DataStreamReader
from pyspark.sql.types import (
    DataType,
    Row,
    StructType,
    _infer_schema,
    _merge_type,
    _parse_datatype_string,
    _to_engine_json,
)

__all__ = ["SparkSession"]


class _Builder:
    """`SparkSession.builder`: options are set on the running session; getOrCreate() returns it."""

    def __init__(self):
        self._options = {}

    def appName(self, name: str) -> "_Builder":
        return self.config("spark.app.name", name)

    def master(self, master: str) -> "_Builder":
        return self

    def remote(self, url: str) -> "_Builder":
        return self

    def enableHiveSupport(self) -> "_Builder":
        return self

    def config(
        self, key: Optional[str] = None, value: Any = None, conf: Any = None, map: Any = None
    ) -> "_Builder":
        if key is not None:
            self._options[key] = value
        for k, v in (map or {}).items():
            self._options[k] = v
        return self

    def getOrCreate(self) -> "SparkSession":
        session = SparkSession._active
        if session is None:
            raise PySparkRuntimeError(errorClass="NO_ACTIVE_SESSION", messageParameters={})
        for k, v in self._options.items():
            if v is not None and k != "spark.master":
                session.conf.set(k, v)
        return session

    create = getOrCreate


class _classproperty:
    def __init__(self, f):
        self.f = f

    def __get__(self, instance, owner):
        return self.f(owner)


class SparkContext:
    """The few SparkContext members notebooks touch; Sluice has no cluster behind it."""

    def __init__(self, session: "SparkSession"):
        self._session = session
        self.appName = session.conf.get("spark.app.name", "Sluice")
        self.master = "local[*]"
        self.defaultParallelism = 1

    @property
    def version(self) -> str:
        return self._session.version

    def setLogLevel(self, logLevel: str) -> None:
        pass

    def setCheckpointDir(self, dirName: str) -> None:
        """Where DataFrame.checkpoint() keeps its rows (Sluice keeps them in the session's database)."""
        self._session._js.sparkContext.setCheckpointDir(dirName)

    def getCheckpointDir(self) -> Optional[str]:
        directory = self._session._js.sparkContext.getCheckpointDir()
        return None if directory is None else str(directory)

    def stop(self) -> None:
        """Stops the session's streaming queries, as SparkSession.stop() (the notebook's session lives on)."""
        self._session.stop()


@captured
class SparkSession:
    """The session: readers (`read`, `readStream`), SQL (`sql`), local data (`createDataFrame`), queries
    (`streams`)."""

    _active: Optional["SparkSession"] = None

    def __init__(self, jspark):
        self._js = jspark
        self._conf = RuntimeConfig(jspark.conf)
        self._streams = StreamingQueryManager(jspark.streams, self)
        self._catalog = Catalog(jspark.catalog, self)
        SparkSession._active = self

    @_classproperty
    def builder(cls) -> _Builder:
        return _Builder()

    @classmethod
    def getActiveSession(cls) -> Optional["SparkSession"]:
        return cls._active

    @classmethod
    def active(cls) -> "SparkSession":
        return cls.builder.getOrCreate()

    @property
    def version(self) -> str:
        return str(self._js.version)

    def newSession(self) -> "SparkSession":
        # PySpark's newSession: its own conf, temporary views and functions; the active session stays as it was.
        active = SparkSession._active
        session = SparkSession(self._js.newSession())
        SparkSession._active = active
        return session

    @property
    def conf(self) -> RuntimeConfig:
        return self._conf

    @property
    def catalog(self) -> Catalog:
        return self._catalog

    @property
    def streams(self) -> StreamingQueryManager:
        return self._streams

    @property
    def udf(self) -> "UDFRegistration":
        """Registers Python functions for SQL: `spark.udf.register("slen", lambda s: len(s), "int")`."""
        from pyspark.sql.udf import UDFRegistration

        return UDFRegistration(self)

    @property
    def dataSource(self) -> "DataSourceRegistration":
        """Registers Python data sources: `spark.dataSource.register(MySource)`, then read `MySource.name()`."""
        from pyspark.sql.datasource import DataSourceRegistration

        return DataSourceRegistration(self)

    @property
    def sparkContext(self) -> SparkContext:
        return SparkContext(self)

    @property
    def read(self) -> DataFrameReader:
        return DataFrameReader(self._js.read, self)

    @property
    def readStream(self) -> DataStreamReader:
        return DataStreamReader(self._js.readStream, self)

    def sql(self, sqlQuery: str, args: Any = None, **kwargs: Any) -> DataFrame:
        if args or kwargs:
            raise PySparkValueError(
                errorClass="UNSUPPORTED_OPERATION",
                messageParameters={"operation": "Parameterized spark.sql(...) in Sluice (format the values into the text instead)"},
            )
        # Spark runs a command (CREATE TABLE, INSERT...) as spark.sql returns, and fails there where it fails.
        sync_files()  # a query over files (json.`/tmp/x`, LOCATION) sees what Python wrote
        return DataFrame(wait(self._js.sql(sqlQuery), "resolve"), self)

    def table(self, tableName: str) -> DataFrame:
        return DataFrame(wait(self._js.table(tableName), "resolve"), self)

    def range(
        self, start: int, end: Optional[int] = None, step: int = 1, numPartitions: Optional[int] = None
    ) -> DataFrame:
        return DataFrame(self._js.range(start, end, step), self)

    def createDataFrame(
        self,
        data: Iterable[Any],
        schema: Union[StructType, DataType, str, List[str], None] = None,
        samplingRatio: Optional[float] = None,
        verifySchema: bool = True,
    ) -> DataFrame:
        """Rows (tuples, lists, dicts or Rows) and a schema: a StructType, a DDL string, or column names (the
        types then inferred from the values, as PySpark infers them)."""
        if hasattr(data, "toPandas") or type(data).__module__.startswith("pandas"):
            raise PySparkTypeError(errorClass="UNSUPPORTED_DATA_TYPE", messageParameters={"data_type": "pandas.DataFrame"})
        rows = list(data)
        if isinstance(schema, str):
            schema = _parse_datatype_string(schema)
        if isinstance(schema, DataType) and not isinstance(schema, StructType):
            # A single type: each value is one column named "value".
            from pyspark.sql.types import StructField

            schema = StructType([StructField("value", schema, True)])
            rows = [(r,) for r in rows]
        if schema is None or isinstance(schema, (list, tuple)):
            schema = self._infer(rows, list(schema) if schema else None)
        if not isinstance(schema, StructType):
            raise PySparkTypeError(
                errorClass="NOT_LIST_OR_NONE_OR_STRUCT",
                messageParameters={"arg_name": "schema", "arg_type": type(schema).__name__},
            )
        values = [_row_values(r, schema) for r in rows]
        import json

        jrows = bridge.rowsFromJson(json.dumps(values), self.conf.get("spark.sql.session.timeZone"))
        return DataFrame(self._js.createDataFrame(jrows, schema._js), self)

    def _infer(self, rows: List[Any], names: Optional[List[str]]) -> StructType:
        if not rows:
            raise PySparkValueError(errorClass="CANNOT_INFER_EMPTY_SCHEMA", messageParameters={})
        schema = _infer_schema(rows[0], names)
        for row in rows[1:]:
            schema = _merge_type(schema, _infer_schema(row, names))
        if names:
            # Column names given for tuples name the inferred fields in order.
            from pyspark.sql.types import StructField

            named = [StructField(n, f.dataType, True) for n, f in zip(names, schema.fields)]
            schema = StructType(named + schema.fields[len(names) :])
        return schema

    def stop(self) -> None:
        """The notebook's session lives as long as the notebook; stopping it stops its queries."""
        for q in self.streams.active:
            q.stop()

    def __repr__(self) -> str:
        return f"<pyspark.sql.session.SparkSession (Sluice {self.version})>"


def _row_values(row: Any, schema: StructType) -> Any:
    """One row as the engine takes it: values in the schema's order (a dict or Row by name)."""
    if isinstance(row, Row) and hasattr(row, "__fields__"):
        row = row.asDict()
    if isinstance(row, dict):
        return [_to_engine_json(row.get(f.name), f.dataType) for f in schema.fields]
    if isinstance(row, (list, tuple)):
        types = [f.dataType for f in schema.fields]
        return [_to_engine_json(v, types[i] if i < len(types) else None) for i, v in enumerate(row)]
    return [_to_engine_json(row, schema.fields[0].dataType if schema.fields else None)]
