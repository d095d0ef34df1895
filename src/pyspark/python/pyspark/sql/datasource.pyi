"""pyspark.sql.datasource: data sources written in Python (`spark.dataSource.register(MySource)`)."""

from abc import ABC
from collections import UserDict
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Type, Union

from pyspark.sql.types import Row, StructType

ColumnPath = Tuple[str, ...]

class DataSource(ABC):
    """A data source: implement `schema` and `reader` / `streamReader` / `simpleStreamReader` to read it,
    register it with `spark.dataSource.register(MySource)`, read it with `spark.read.format(name).load()`."""

    options: Dict[str, str]
    def __init__(self, options: Dict[str, str]) -> None: ...
    @classmethod
    def name(cls) -> str:
        """The format name the source is read by: the class name unless overridden."""
    def schema(self) -> Union[StructType, str]:
        """The source's schema, a StructType or a DDL string ("a INT, b STRING")."""
    def reader(self, schema: StructType) -> DataSourceReader:
        """A reader for batch reads (`spark.read.format(name).load()`)."""
    def writer(self, schema: StructType, overwrite: bool) -> DataSourceWriter:
        """A writer for batch writes (`df.write.format(name).save()`)."""
    def streamWriter(self, schema: StructType, overwrite: bool) -> DataSourceStreamWriter:
        """A writer for streaming writes (`df.writeStream.format(name).start()`)."""
    def simpleStreamReader(self, schema: StructType) -> SimpleDataSourceStreamReader:
        """A simple stream reader, used where `streamReader` is not implemented."""
    def streamReader(self, schema: StructType) -> DataSourceStreamReader:
        """A stream reader (`spark.readStream.format(name).load()`)."""

class Filter(ABC):
    """A filter a reader may take over in `pushFilters` (Sluice never calls it)."""

class EqualTo(Filter):
    attribute: ColumnPath
    value: Any

class EqualNullSafe(Filter):
    attribute: ColumnPath
    value: Any

class GreaterThan(Filter):
    attribute: ColumnPath
    value: Any

class GreaterThanOrEqual(Filter):
    attribute: ColumnPath
    value: Any

class LessThan(Filter):
    attribute: ColumnPath
    value: Any

class LessThanOrEqual(Filter):
    attribute: ColumnPath
    value: Any

class In(Filter):
    attribute: ColumnPath
    value: Tuple[Any, ...]

class IsNull(Filter):
    attribute: ColumnPath

class IsNotNull(Filter):
    attribute: ColumnPath

class Not(Filter):
    child: Filter

class StringStartsWith(Filter):
    attribute: ColumnPath
    value: str

class StringEndsWith(Filter):
    attribute: ColumnPath
    value: str

class StringContains(Filter):
    attribute: ColumnPath
    value: str

class InputPartition:
    """A split of the data one `read` call produces; subclass it to carry more than `value`."""

    value: Any
    def __init__(self, value: Any) -> None: ...

class DataSourceReader(ABC):
    """Reads a data source in batch: `partitions()` splits it, `read(partition)` yields its rows."""

    def pushFilters(self, filters: List[Filter]) -> Iterable[Filter]:
        """The filters the reader leaves to Spark: all of them by default."""
    def partitions(self) -> Sequence[InputPartition]:
        """The partitions to read (one partition of None where not implemented)."""
    def read(self, partition: InputPartition) -> Iterator[Tuple]:
        """Yields the partition's rows as tuples or Rows."""

class DataSourceStreamReader(ABC):
    """Reads a stream: offsets are dicts, kept as JSON in the checkpoint's offset log."""

    def initialOffset(self) -> dict:
        """Where a new query starts reading."""
    def latestOffset(self, start_offset: Optional[dict] = None, read_limit: Optional[dict] = None) -> dict:
        """The offset the next micro-batch reads up to from `start_offset`, within `read_limit`."""
    def reportLatestOffset(self) -> Optional[dict]:
        """The latest offset regardless of the read limit, for progress; None where unknown."""
    def partitions(self, start: dict, end: dict) -> Sequence[InputPartition]:
        """The partitions holding the rows between two offsets."""
    def read(self, partition: InputPartition) -> Iterator[Tuple]:
        """Yields a partition's rows as tuples or Rows."""
    def commit(self, end: dict) -> None:
        """Everything up to `end` is processed."""
    def stop(self) -> None:
        """The query stopped."""

class SimpleDataSourceStreamReader(ABC):
    """A stream reader without partitions: `read(start)` returns the rows after `start` and the next offset."""

    def initialOffset(self) -> dict:
        """Where a new query starts reading."""
    def read(self, start: dict) -> Tuple[Iterator[Tuple], dict]:
        """The rows after `start`, and the offset the next read starts from."""
    def readBetweenOffsets(self, start: dict, end: dict) -> Iterator[Tuple]:
        """The rows between two offsets again (a batch re-run after a restart)."""
    def commit(self, end: dict) -> None:
        """Everything up to `end` is processed."""

class DataSourceWriter(ABC):
    """Writes a batch DataFrame: `write` per partition, then `commit` or `abort`."""

    def write(self, iterator: Iterator[Row]) -> WriterCommitMessage:
        """Writes a partition's rows; returns a commit message."""
    def commit(self, messages: List[Optional[WriterCommitMessage]]) -> None:
        """All partitions were written."""
    def abort(self, messages: List[Optional[WriterCommitMessage]]) -> None:
        """A partition failed."""

class DataSourceArrowWriter(DataSourceWriter):
    """A writer of pyarrow RecordBatches (pyarrow is not available in Sluice's Python)."""

    def write(self, iterator: Iterator[Any]) -> WriterCommitMessage:
        """Writes a partition's record batches."""

class DataSourceStreamWriter(ABC):
    """Writes each micro-batch: `write` per partition, then `commit(messages, batchId)` or `abort`."""

    def write(self, iterator: Iterator[Row]) -> WriterCommitMessage:
        """Writes a partition's rows of the batch; returns a commit message."""
    def commit(self, messages: List[Optional[WriterCommitMessage]], batchId: int) -> None:
        """The batch's partitions were all written."""
    def abort(self, messages: List[Optional[WriterCommitMessage]], batchId: int) -> None:
        """A partition of the batch failed."""

class WriterCommitMessage:
    """What `write` returns for `commit` / `abort`."""

class DataSourceRegistration:
    """`spark.dataSource`: registers Python data sources by their `name()`."""

    sparkSession: Any
    def __init__(self, sparkSession: Any) -> None: ...
    def register(self, dataSource: Type[DataSource]) -> None:
        """Registers a DataSource subclass under `dataSource.name()` (case-insensitive)."""

class CaseInsensitiveDict(UserDict):
    """The options a DataSource gets: keys looked up whatever their case."""

    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    def update(self, *args: Any, **kwargs: Any) -> None:
        """Adds the pairs, keys lower-cased."""
    def copy(self) -> CaseInsensitiveDict:
        """A copy."""
