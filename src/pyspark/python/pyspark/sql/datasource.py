"""pyspark.sql.datasource: data sources written in Python (`spark.dataSource.register(MySource)`).

PySpark's classes with their signatures and defaults (Spark master's python/pyspark/sql/datasource.py): a
method a source does not implement raises PySpark's NOT_IMPLEMENTED. Spark runs these in Python workers and
pickles them across; here they run in the cell's interpreter, called by the engine at the same points (planning,
each micro-batch's offsets, partitions and rows, commits).
"""

from abc import ABC, abstractmethod
from collections import UserDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Type, Union

from pyspark.errors import PySparkNotImplementedError
from pyspark.sql.types import Row, StructType

if TYPE_CHECKING:
    from pyspark.sql.session import SparkSession

__all__ = [
    "DataSource",
    "DataSourceReader",
    "DataSourceStreamReader",
    "SimpleDataSourceStreamReader",
    "DataSourceWriter",
    "DataSourceArrowWriter",
    "DataSourceStreamWriter",
    "DataSourceRegistration",
    "InputPartition",
    "WriterCommitMessage",
    "Filter",
    "EqualTo",
    "EqualNullSafe",
    "GreaterThan",
    "GreaterThanOrEqual",
    "LessThan",
    "LessThanOrEqual",
    "In",
    "IsNull",
    "IsNotNull",
    "Not",
    "StringStartsWith",
    "StringEndsWith",
    "StringContains",
]


def _not_implemented(feature: str) -> PySparkNotImplementedError:
    return PySparkNotImplementedError(errorClass="NOT_IMPLEMENTED", messageParameters={"feature": feature})


class DataSource(ABC):
    """A data source: `reader` / `streamReader` / `simpleStreamReader` to read it, `writer` / `streamWriter`
    to write it. Register the class with `spark.dataSource.register(MySource)`, then read it with
    `spark.read.format(MySource.name()).load()` or `spark.readStream.format(...).load()`."""

    def __init__(self, options: Dict[str, str]) -> None:
        self.options = options

    @classmethod
    def name(cls) -> str:
        """The format name the source is read by: the class name unless overridden."""
        return cls.__name__

    def schema(self) -> Union[StructType, str]:
        """The source's schema, a StructType or a DDL string ("a INT, b STRING")."""
        raise _not_implemented("schema")

    def reader(self, schema: StructType) -> "DataSourceReader":
        raise _not_implemented("reader")

    def writer(self, schema: StructType, overwrite: bool) -> "DataSourceWriter":
        raise _not_implemented("writer")

    def streamWriter(self, schema: StructType, overwrite: bool) -> "DataSourceStreamWriter":
        raise _not_implemented("streamWriter")

    def simpleStreamReader(self, schema: StructType) -> "SimpleDataSourceStreamReader":
        """Used where `streamReader` is not implemented."""
        raise _not_implemented("simpleStreamReader")

    def streamReader(self, schema: StructType) -> "DataSourceStreamReader":
        raise _not_implemented("streamReader")


ColumnPath = Tuple[str, ...]


@dataclass(frozen=True)
class Filter(ABC):
    """A filter a reader may take over in `pushFilters` (Sluice does not push filters: it never calls it)."""


@dataclass(frozen=True)
class EqualTo(Filter):
    attribute: ColumnPath
    value: Any


@dataclass(frozen=True)
class EqualNullSafe(Filter):
    attribute: ColumnPath
    value: Any


@dataclass(frozen=True)
class GreaterThan(Filter):
    attribute: ColumnPath
    value: Any


@dataclass(frozen=True)
class GreaterThanOrEqual(Filter):
    attribute: ColumnPath
    value: Any


@dataclass(frozen=True)
class LessThan(Filter):
    attribute: ColumnPath
    value: Any


@dataclass(frozen=True)
class LessThanOrEqual(Filter):
    attribute: ColumnPath
    value: Any


@dataclass(frozen=True)
class In(Filter):
    attribute: ColumnPath
    value: Tuple[Any, ...]


@dataclass(frozen=True)
class IsNull(Filter):
    attribute: ColumnPath


@dataclass(frozen=True)
class IsNotNull(Filter):
    attribute: ColumnPath


@dataclass(frozen=True)
class Not(Filter):
    child: Filter


@dataclass(frozen=True)
class StringStartsWith(Filter):
    attribute: ColumnPath
    value: str


@dataclass(frozen=True)
class StringEndsWith(Filter):
    attribute: ColumnPath
    value: str


@dataclass(frozen=True)
class StringContains(Filter):
    attribute: ColumnPath
    value: str


class InputPartition:
    """A split of the data one `read` call produces; subclass it to carry more than `value`."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        attributes = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{self.__class__.__name__}({attributes})"


class DataSourceReader(ABC):
    """Reads a data source in batch: `partitions()` splits it, `read(partition)` yields its rows."""

    def pushFilters(self, filters: List[Filter]) -> Iterable[Filter]:
        """The filters the reader leaves to Spark: all of them by default."""
        return filters

    def partitions(self) -> Sequence[InputPartition]:
        raise _not_implemented("partitions")

    @abstractmethod
    def read(self, partition: InputPartition) -> Iterator[Tuple]:
        """Yields the partition's rows as tuples or Rows (pyarrow's RecordBatches are not available here)."""
        ...


class DataSourceStreamReader(ABC):
    """Reads a stream: offsets are dicts (kept as JSON in the checkpoint's offset log), each micro-batch reads
    the partitions between the last batch's end and the latest offset."""

    def initialOffset(self) -> dict:
        raise _not_implemented("initialOffset")

    def latestOffset(self, start_offset: Optional[dict] = None, read_limit: Optional[dict] = None) -> dict:
        """The offset the next micro-batch reads up to from `start_offset`, within `read_limit`
        ({"type": "maxRows", "maxRows": n}, {"type": "allAvailable"}, ...)."""
        raise _not_implemented("latestOffset")

    def reportLatestOffset(self) -> Optional[dict]:
        """The latest offset available regardless of the read limit, for progress; None where unknown."""
        return None

    def partitions(self, start: dict, end: dict) -> Sequence[InputPartition]:
        raise _not_implemented("partitions")

    @abstractmethod
    def read(self, partition: InputPartition) -> Iterator[Tuple]:
        raise _not_implemented("read")

    def commit(self, end: dict) -> None:
        """Everything up to `end` is processed: the reader may forget it."""
        ...

    def stop(self) -> None:
        """The query stopped: free what the reader holds."""
        ...


class SimpleDataSourceStreamReader(ABC):
    """A stream reader without partitions: `read(start)` returns the rows after `start` and the next offset."""

    def initialOffset(self) -> dict:
        raise _not_implemented("initialOffset")

    def read(self, start: dict) -> Tuple[Iterator[Tuple], dict]:
        raise _not_implemented("read")

    def readBetweenOffsets(self, start: dict, end: dict) -> Iterator[Tuple]:
        """The rows between two offsets again, deterministically (a batch re-run after a restart)."""
        raise _not_implemented("readBetweenOffsets")

    def commit(self, end: dict) -> None:
        ...


class DataSourceWriter(ABC):
    """Writes a batch DataFrame: `write` per partition returns a commit message, then `commit` or `abort`."""

    @abstractmethod
    def write(self, iterator: Iterator[Row]) -> "WriterCommitMessage":
        ...

    def commit(self, messages: List[Optional["WriterCommitMessage"]]) -> None:
        ...

    def abort(self, messages: List[Optional["WriterCommitMessage"]]) -> None:
        ...


class DataSourceArrowWriter(DataSourceWriter):
    """A writer of pyarrow RecordBatches (pyarrow is not available in Sluice's Python)."""

    @abstractmethod
    def write(self, iterator: Iterator[Any]) -> "WriterCommitMessage":
        ...


class DataSourceStreamWriter(ABC):
    """Writes each micro-batch: `write` per partition, then `commit(messages, batchId)` or `abort`."""

    @abstractmethod
    def write(self, iterator: Iterator[Row]) -> "WriterCommitMessage":
        ...

    def commit(self, messages: List[Optional["WriterCommitMessage"]], batchId: int) -> None:
        ...

    def abort(self, messages: List[Optional["WriterCommitMessage"]], batchId: int) -> None:
        ...


class WriterCommitMessage:
    """What `write` returns for `commit` / `abort`."""

    ...


class DataSourceRegistration:
    """`spark.dataSource`: registers Python data sources by their `name()`."""

    def __init__(self, sparkSession: "SparkSession"):
        self.sparkSession = sparkSession

    def register(self, dataSource: Type["DataSource"]) -> None:
        """Registers a DataSource subclass under `dataSource.name()` (case-insensitive)."""
        from pyspark.sql.datasource_internal import register

        register(self.sparkSession, dataSource)


class CaseInsensitiveDict(UserDict):
    """The options a DataSource gets: keys looked up whatever their case, kept lower-cased."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.update(*args, **kwargs)

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key.lower(), value)

    def __getitem__(self, key: str) -> Any:
        return super().__getitem__(key.lower())

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())

    def update(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        for k, v in dict(*args, **kwargs).items():
            self[k] = v

    def copy(self) -> "CaseInsensitiveDict":
        return type(self)(self)
