"""What runs a registered Python data source for the engine (Spark's data source workers, in-process).

The engine calls back with JSON texts (options, schemas, offsets) and takes rows as JSON; a Python exception
comes back as data ({"failure": ...}), which the bridge raises as Spark's PYTHON_DATA_SOURCE_ERROR or
PYTHON_STREAMING_DATA_SOURCE_RUNTIME_ERROR. `_SimpleStreamReaderWrapper` runs a SimpleDataSourceStreamReader
as a DataSourceStreamReader, as Spark's does: each latestOffset reads ahead and keeps the rows for the batch.
"""

import inspect
import json
from typing import Any, Dict, Iterator, List, Optional, Tuple

from pyspark._sluice import bridge, js_object, python_callback, python_failure
from pyspark.errors import PySparkAssertionError, PySparkRuntimeError
from pyspark.sql.datasource import (
    CaseInsensitiveDict,
    DataSource,
    DataSourceStreamReader,
    InputPartition,
    SimpleDataSourceStreamReader,
)
from pyspark.sql.streaming.datasource import SupportsTriggerAvailableNow, _read_limit
from pyspark.sql.types import (
    Row,
    StringType,
    StructType,
    _parse_datatype_json_string,
    _from_engine,
    _parse_datatype_string,
    _to_engine_json,
)


def register(spark, cls) -> None:
    """`spark.dataSource.register(cls)`: the class is the engine's source under `cls.name()`."""
    if not (isinstance(cls, type) and issubclass(cls, DataSource)):
        raise PySparkAssertionError(
            errorClass="PYTHON_DATA_SOURCE_TYPE_MISMATCH",
            messageParameters={"expected": "a subclass of DataSource", "actual": f"'{type(cls).__name__}'"},
        )
    name = cls.name()
    bridge.registerDataSource(
        spark._js,
        name,
        python_callback(_guarded(lambda options: _schema_json(cls, options))),
        python_callback(_guarded(lambda schema, options: _read_batch(cls, schema, options))),
        python_callback(_guarded(lambda schema, options: _open_stream(cls, name, schema, options))),
        python_callback(_guarded(lambda *args: _write_batch(cls, *args))),
        python_callback(_guarded(lambda schema, options: _open_stream_writer(cls, schema, options))),
    )


def _guarded(fn):
    """The callback's answer as {"value": ...}, or its exception as {"failure": ...} (never raised into JS)."""

    def call(*args):
        try:
            return js_object({"value": fn(*args)})
        except _TaskFailure as e:
            return js_object({"failure": python_failure(e.__cause__), "execution": True})
        except Exception as e:  # reported to the engine, which fails the read with it
            return js_object({"failure": python_failure(e)})

    return call


class _TaskFailure(Exception):
    """An exception of `read` or `write` itself (its cause): Spark raises it from the task as a PythonException,
    where a failure to plan the read or write is an AnalysisException."""


def _instance(cls, options_json: str) -> DataSource:
    return cls(CaseInsensitiveDict(json.loads(options_json)))


def _schema_json(cls, options_json: str) -> str:
    schema = _instance(cls, options_json).schema()
    if isinstance(schema, str):
        schema = _parse_datatype_string(schema)
    if not isinstance(schema, StructType):
        raise PySparkAssertionError(
            errorClass="PYTHON_DATA_SOURCE_TYPE_MISMATCH",
            messageParameters={"expected": "an output schema of type 'StructType'", "actual": f"'{type(schema).__name__}'"},
        )
    return schema.json()


def _rows_json(name: str, output: Any, schema: StructType) -> str:
    """What `read` returned, checked as Spark's records_to_arrow_batches checks it, as the engine's JSON rows:
    tuples and lists by position, Rows with names by name; a StringType column takes any value as its str."""
    try:
        rows = iter(output)
    except TypeError:
        raise PySparkRuntimeError(
            errorClass="DATA_SOURCE_INVALID_RETURN_TYPE",
            messageParameters={
                "type": type(output).__name__,
                "name": name,
                "supported_types": "iterator",
            },
        ) from None
    out = []
    names = [f.name for f in schema.fields]
    for row in rows:
        if hasattr(row, "__len__") and not isinstance(row, (str, bytes)) and len(row) != len(names):
            raise PySparkRuntimeError(
                errorClass="DATA_SOURCE_RETURN_SCHEMA_MISMATCH",
                messageParameters={"expected": str(len(names)), "actual": str(len(row))},
            )
        if not isinstance(row, (list, tuple)):
            raise PySparkRuntimeError(
                errorClass="DATA_SOURCE_INVALID_RETURN_TYPE",
                messageParameters={
                    "type": type(row).__name__,
                    "name": name,
                    "supported_types": "tuple, list, `pyspark.sql.types.Row`",
                },
            )
        if isinstance(row, Row) and hasattr(row, "__fields__"):
            if set(row.__fields__) != set(names):
                raise PySparkRuntimeError(
                    errorClass="DATA_SOURCE_RETURN_SCHEMA_MISMATCH",
                    messageParameters={"expected": str(names), "actual": str(list(row.__fields__))},
                )
            row = [row[n] for n in names]
        out.append([_engine_value(v, f.dataType) for v, f in zip(row, schema.fields)])
    return json.dumps(out)


def _engine_value(value: Any, data_type: Any) -> Any:
    if isinstance(data_type, StringType) and value is not None and not isinstance(value, str):
        value = str(value)
    return _to_engine_json(value, data_type)


def _read_batch(cls, schema_json: str, options_json: str) -> str:
    schema = _parse_datatype_json_string(schema_json)
    source = _instance(cls, options_json)
    try:
        reader = source.reader(schema)
    except NotImplementedError:
        raise PySparkRuntimeError(
            errorClass="PYTHON_DATA_SOURCE_METHOD_NOT_IMPLEMENTED",
            messageParameters={"type": "reader", "method": "reader"},
        ) from None
    except Exception as e:
        raise PySparkRuntimeError(
            errorClass="PYTHON_DATA_SOURCE_CREATE_ERROR", messageParameters={"type": "reader", "error": str(e)}
        ) from None
    # No partitions() (or none returned): one partition of None, as Spark plans it.
    try:
        partitions = list(reader.partitions() or [])
    except NotImplementedError:
        partitions = []
    for p in partitions:
        if not isinstance(p, InputPartition):
            raise PySparkRuntimeError(
                errorClass="PYTHON_DATA_SOURCE_TYPE_MISMATCH",
                messageParameters={"expected": "elements to be of type 'InputPartition'", "actual": f"'{type(p).__name__}'"},
            )
    try:
        rows = [_rows_json(cls.name(), reader.read(partition), schema) for partition in partitions or [None]]
    except Exception as e:
        raise _TaskFailure() from e
    return "[" + ",".join(r[1:-1] for r in rows if r != "[]") + "]"


class _SimpleStreamReaderWrapper(DataSourceStreamReader):
    """A SimpleDataSourceStreamReader as a DataSourceStreamReader: latestOffset reads from the start offset
    and keeps the rows; the batch then takes them, or readBetweenOffsets where none are kept (a restart)."""

    def __init__(self, simple_reader: SimpleDataSourceStreamReader):
        self.simple_reader = simple_reader
        # (start, end, rows) of the reads not yet committed, offsets as JSON texts
        self.cache: List[Tuple[str, str, List[Any]]] = []

    def initialOffset(self) -> dict:
        return self.simple_reader.initialOffset()

    def latestOffset(self, start_offset: Optional[dict] = None, read_limit: Optional[dict] = None) -> dict:
        rows, end = self.simple_reader.read(start_offset)
        if json.dumps(end) != json.dumps(start_offset):
            self.cache.append((json.dumps(start_offset), json.dumps(end), list(rows)))
        return end

    def partitions(self, start: dict, end: dict):
        return [_SimpleInputPartition(start, end)]

    def read(self, partition) -> Iterator[Tuple]:
        start, end = json.dumps(partition.start), json.dumps(partition.end)
        kept: List[Any] = []
        at = start
        for entry_start, entry_end, rows in self.cache:
            if entry_start == at:
                kept.extend(rows)
                at = entry_end
                if at == end:
                    return iter(kept)
        return iter(self.simple_reader.readBetweenOffsets(partition.start, partition.end))

    def commit(self, end: dict) -> None:
        text = json.dumps(end)
        for i, (_, entry_end, _) in enumerate(self.cache):
            if entry_end == text:
                self.cache = self.cache[i + 1 :]
                break
        self.simple_reader.commit(end)


class _SimpleInputPartition(InputPartition):
    def __init__(self, start: dict, end: dict):
        self.start = start
        self.end = end


def _takes_admission_control(method) -> bool:
    """Whether a reader's latestOffset takes (start, limit): Spark 4.2's signature, not the one before."""
    try:
        parameters = list(inspect.signature(method).parameters.values())
    except (TypeError, ValueError):
        return True
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 2 or any(p.kind == p.VAR_POSITIONAL for p in parameters)


def _open_stream(cls, name: str, schema_json: str, options_json: str):
    """A stream reader for one query run, as a callback `call(method, *args)` the engine calls."""
    schema = _parse_datatype_json_string(schema_json)
    source = _instance(cls, options_json)
    try:
        try:
            reader = source.streamReader(schema)
        except NotImplementedError:
            reader = _SimpleStreamReaderWrapper(source.simpleStreamReader(schema))
    except NotImplementedError:
        raise PySparkRuntimeError(
            errorClass="PYTHON_DATA_SOURCE_METHOD_NOT_IMPLEMENTED",
            messageParameters={"type": "streaming reader", "method": "streamReader or simpleStreamReader"},
        ) from None
    except Exception as e:
        raise PySparkRuntimeError(
            errorClass="PYTHON_DATA_SOURCE_CREATE_ERROR",
            messageParameters={"type": "streaming reader", "error": str(e)},
        ) from None
    with_limit = _takes_admission_control(reader.latestOffset)

    def latest_offset(start_json: str, limit_json: str) -> Dict[str, Optional[str]]:
        start = json.loads(start_json)
        limit = _read_limit(json.loads(limit_json))
        offset = reader.latestOffset(start, limit) if with_limit else reader.latestOffset()
        reported = reader.reportLatestOffset()
        return {"offset": json.dumps(offset), "reported": None if reported is None else json.dumps(reported)}

    def read(start_json: str, end_json: str) -> str:
        partitions = reader.partitions(json.loads(start_json), json.loads(end_json))
        rows = [_rows_json(name, reader.read(partition), schema) for partition in partitions or []]
        return "[" + ",".join(r[1:-1] for r in rows if r != "[]") + "]"

    def prepare_for_available_now() -> bool:
        target = reader.simple_reader if isinstance(reader, _SimpleStreamReaderWrapper) else reader
        if not isinstance(target, SupportsTriggerAvailableNow):
            return False
        target.prepareForTriggerAvailableNow()
        return True

    methods = {
        "prepareForTriggerAvailableNow": prepare_for_available_now,
        "initialOffset": lambda: json.dumps(reader.initialOffset()),
        "latestOffset": latest_offset,
        "read": read,
        "commit": lambda end_json: reader.commit(json.loads(end_json)),
        "stop": lambda: reader.stop() if hasattr(reader, "stop") else None,
    }
    return python_callback(_guarded(lambda method, *args: methods[method](*args)))


def _writer(source: DataSource, method: str, schema: StructType, overwrite: bool):
    try:
        return getattr(source, method)(schema, overwrite)
    except NotImplementedError:
        raise PySparkRuntimeError(
            errorClass="PYTHON_DATA_SOURCE_METHOD_NOT_IMPLEMENTED",
            messageParameters={"type": "writer", "method": method},
        ) from None
    except Exception as e:
        raise PySparkRuntimeError(
            errorClass="PYTHON_DATA_SOURCE_CREATE_ERROR", messageParameters={"type": "writer", "error": str(e)}
        ) from None


def _write_rows(writer, schema: StructType, rows_json: str, *batch_id: int) -> None:
    """One task's write (Sluice writes a batch as one partition), then the commit of its message; where the
    write fails, the abort, with None for the failed task's message, as Spark's driver calls it."""
    rows = [_from_engine(values, schema) for values in json.loads(rows_json)]
    try:
        message = writer.write(iter(rows))
    except Exception as e:
        writer.abort([None], *batch_id)
        raise _TaskFailure() from e
    writer.commit([message], *batch_id)


def _write_batch(cls, schema_json: str, options_json: str, overwrite: bool, rows_json: str) -> None:
    """`df.write.format(name).save()`: the source's DataSourceWriter writes the rows."""
    schema = _parse_datatype_json_string(schema_json)
    writer = _writer(_instance(cls, options_json), "writer", schema, overwrite)
    _write_rows(writer, schema, rows_json)


def _open_stream_writer(cls, schema_json: str, options_json: str):
    """`writeStream.format(name)`: the source's DataSourceStreamWriter, as a callback of (batch id, rows)."""
    schema = _parse_datatype_json_string(schema_json)
    writer = _writer(_instance(cls, options_json), "streamWriter", schema, False)
    return python_callback(_guarded(lambda batch_id, rows_json: _write_rows(writer, schema, rows_json, batch_id)))
