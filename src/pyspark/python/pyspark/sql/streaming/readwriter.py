"""pyspark.sql.streaming.DataStreamReader / DataStreamWriter: `spark.readStream` and `df.writeStream`."""

import json
from typing import TYPE_CHECKING, Any, Callable, List, Optional, Union

from pyodide.ffi import JsException

from pyspark._sluice import (
    bridge,
    current_writer,
    js_object,
    python_callback,
    python_failure,
    sync_files,
    using_writer,
    wait,
)
from pyspark.errors import (
    PySparkAttributeError,
    PySparkNotImplementedError,
    PySparkTypeError,
    PySparkValueError,
)
from pyspark.errors.exceptions.captured import captured, convert_exception
from pyspark.sql.readwriter import _Reader, _Writer
from pyspark.sql.types import StructType, _from_engine
from pyspark.sql.utils import is_js_null

if TYPE_CHECKING:
    from pyspark.sql.dataframe import DataFrame
    from pyspark.sql.session import SparkSession
    from pyspark.sql.streaming.query import StreamingQuery

__all__ = ["DataStreamReader", "DataStreamWriter"]


@captured
class DataStreamReader(_Reader):
    """`spark.readStream`: a streaming DataFrame over files arriving in a directory, a rate source, a table."""

    def name(self, source_name: str) -> "DataStreamReader":
        """Names the source (Spark 4.2's source evolution): ASCII letters, digits and underscores only."""
        if not isinstance(source_name, str):
            raise PySparkTypeError(
                errorClass="NOT_STR",
                messageParameters={"arg_name": "source_name", "arg_type": type(source_name).__name__},
            )
        try:
            self._js = self._js.name(source_name)
        except JsException as e:
            # PySpark refuses a bad name with a ValueError; the engine words it (its condition and text).
            error = convert_exception(e)
            raise PySparkValueError(
                str(error), errorClass=error.getCondition(), messageParameters=error.getMessageParameters()
            ) from None
        return self

    def load(
        self,
        path: Optional[str] = None,
        format: Optional[str] = None,
        schema: Union[StructType, str, None] = None,
        **options: Any,
    ) -> "DataFrame":
        if format is not None:
            self.format(format)
        self._set_opts(schema=schema, **options)
        sync_files()
        return self._df(self._js.load(path))

    def parquet(self, path: str, **options: Any) -> "DataFrame":
        self._set_opts(**options)
        sync_files()
        return self._df(self._js.parquet(path))

    def csv(self, path: str, schema: Union[StructType, str, None] = None, **options: Any) -> "DataFrame":
        self._set_opts(schema=schema, **options)
        sync_files()
        return self._df(self._js.csv(path))

    def json(self, path: str, schema: Union[StructType, str, None] = None, **options: Any) -> "DataFrame":
        self._set_opts(schema=schema, **options)
        sync_files()
        return self._df(self._js.json(path))

    def text(self, path: str, **options: Any) -> "DataFrame":
        self._set_opts(**options)
        sync_files()
        return self._df(self._js.text(path))

    def table(self, tableName: str) -> "DataFrame":
        return self._df(self._js.table(tableName))

    def orc(self, path: str, **options: Any) -> "DataFrame":
        raise _format_not_implemented("orc")

    def xml(self, path: str, rowTag: Optional[str] = None, **options: Any) -> "DataFrame":
        self._set_opts(rowTag=rowTag, **options)
        sync_files()
        return self._df(self._js.xml(path))


def _format_not_implemented(format: str) -> PySparkNotImplementedError:
    return PySparkNotImplementedError(
        errorClass="NOT_IMPLEMENTED",
        messageParameters={"feature": f"The {format} file source (Sluice reads parquet, csv, json and text files)"},
    )


@captured
class DataStreamWriter(_Writer):
    """`df.writeStream`: where a streaming query writes, how (output mode) and when (trigger)."""

    def outputMode(self, outputMode: str) -> "DataStreamWriter":
        if not isinstance(outputMode, str) or not outputMode.strip():
            raise PySparkValueError(
                errorClass="VALUE_NOT_NON_EMPTY_STR",
                messageParameters={"arg_name": "outputMode", "arg_value": str(outputMode)},
            )
        self._js = self._js.outputMode(outputMode)
        return self

    def queryName(self, queryName: str) -> "DataStreamWriter":
        if not isinstance(queryName, str) or not queryName.strip():
            raise PySparkValueError(
                errorClass="VALUE_NOT_NON_EMPTY_STR",
                messageParameters={"arg_name": "queryName", "arg_value": str(queryName)},
            )
        self._js = self._js.queryName(queryName)
        return self

    def trigger(
        self,
        *,
        processingTime: Optional[str] = None,
        once: Optional[bool] = None,
        continuous: Optional[str] = None,
        availableNow: Optional[bool] = None,
    ) -> "DataStreamWriter":
        """One of `processingTime="3 seconds"`, `once=True`, `availableNow=True`, `continuous="1 second"`."""
        given = {
            k: v
            for k, v in dict(
                processingTime=processingTime, once=once, continuous=continuous, availableNow=availableNow
            ).items()
            if v is not None
        }
        if len(given) != 1:
            raise PySparkValueError(errorClass="ONLY_ALLOW_SINGLE_TRIGGER", messageParameters={})
        ((key, value),) = given.items()
        if key in ("processingTime", "continuous"):
            if not isinstance(value, str) or not value.strip():
                raise PySparkValueError(
                    errorClass="VALUE_NOT_NON_EMPTY_STR", messageParameters={"arg_name": key, "arg_value": str(value)}
                )
        elif value is not True:
            raise PySparkValueError(
                errorClass="VALUE_NOT_TRUE",
                messageParameters={"arg_name": key, "arg_value": str(value)},
            )
        self._js = self._js.trigger(js_object({key: value}))
        return self

    def foreachBatch(self, func: Callable[["DataFrame", int], None]) -> "DataStreamWriter":
        """Calls `func(batch_df, batch_id)` with each micro-batch's output as a batch DataFrame."""
        if not callable(func):
            raise PySparkTypeError(
                errorClass="NOT_CALLABLE", messageParameters={"arg_name": "func", "arg_type": type(func).__name__}
            )
        from pyspark.sql.dataframe import DataFrame

        spark = self._df.sparkSession
        # What the function prints goes to the cell that started the query.
        writer = current_writer()

        def call(jdf, batch_id):
            with using_writer(writer):
                try:
                    func(DataFrame(jdf, spark), int(batch_id))
                except BaseException as error:  # noqa: BLE001 - the engine fails the batch with it
                    return python_failure(error)
            return None

        self._js = bridge.foreachBatch(self._js, python_callback(call))
        return self

    def foreach(self, f: Any) -> "DataStreamWriter":
        """Hands each row to `f`: a function of a Row, or an object with `process(row)` and optional
        `open(partition_id, epoch_id)` (a false answer skips the batch) and `close(error)` methods."""
        writer = _ForeachWriter(f, self._df.schema, current_writer())
        self._js = bridge.foreach(
            self._js,
            python_callback(writer.open),
            python_callback(writer.process),
            python_callback(writer.close),
        )
        return self

    def _prepare(self, format, outputMode, partitionBy, queryName, options) -> None:
        """start() and toTable() take the writer's settings as keyword arguments too."""
        if format is not None:
            self.format(format)
        if outputMode is not None:
            self.outputMode(outputMode)
        if partitionBy is not None:
            self.partitionBy(partitionBy)
        if queryName is not None:
            self.queryName(queryName)
        self._set_opts(**options)

    def start(
        self,
        path: Optional[str] = None,
        format: Optional[str] = None,
        outputMode: Optional[str] = None,
        partitionBy: Union[str, List[str], None] = None,
        queryName: Optional[str] = None,
        **options: Any,
    ) -> "StreamingQuery":
        from pyspark.sql.streaming.query import StreamingQuery

        self._prepare(format, outputMode, partitionBy, queryName, options)
        return StreamingQuery.of(wait(bridge, "start", self._js, path))

    def toTable(
        self,
        tableName: str,
        format: Optional[str] = None,
        outputMode: Optional[str] = None,
        partitionBy: Union[str, List[str], None] = None,
        queryName: Optional[str] = None,
        **options: Any,
    ) -> "StreamingQuery":
        from pyspark.sql.streaming.query import StreamingQuery

        self._prepare(format, outputMode, partitionBy, queryName, options)
        return StreamingQuery.of(wait(self._js, "toTable", tableName))


class _ForeachWriter:
    """PySpark's foreach function over a batch's rows: `open`, then `process` for each row if open answered
    true, then `close` with the error of `process` (or the engine's, or None). Each batch's rows arrive as JSON
    a chunk at a time, so they cross into Python once per chunk."""

    def __init__(self, f: Any, schema: StructType, writer: Any):
        self.schema = schema
        self.writer = writer
        self.error: Optional[BaseException] = None
        if callable(f):
            self.process_row = f
            self.open_method = self.close_method = None
            return
        # An object: `process` is required, `open` and `close` optional, each callable (PySpark's checks).
        if not hasattr(f, "process") or not callable(f.process):
            raise PySparkAttributeError(
                errorClass="ATTRIBUTE_NOT_CALLABLE", messageParameters={"attr_name": "process", "obj_name": "f"}
            )
        for name in ("open", "close"):
            if hasattr(f, name) and not callable(getattr(f, name)):
                raise PySparkAttributeError(
                    errorClass="ATTRIBUTE_NOT_CALLABLE", messageParameters={"attr_name": name, "obj_name": "f"}
                )
        self.process_row = f.process
        self.open_method = getattr(f, "open", None)
        self.close_method = getattr(f, "close", None)

    def open(self, partition_id, epoch_id):
        self.error = None
        if self.open_method is None:
            return True
        with using_writer(self.writer):
            try:
                return bool(self.open_method(int(partition_id), int(epoch_id)))
            except BaseException as error:  # noqa: BLE001 - the engine fails the batch with it
                return python_failure(error)

    def process(self, rows_json):
        rows = [_from_engine(values, self.schema) for values in json.loads(rows_json)]
        with using_writer(self.writer):
            try:
                for row in rows:
                    self.process_row(row)
            except BaseException as error:  # noqa: BLE001 - the engine fails the batch with it
                self.error = error
                return python_failure(error)
        return None

    def close(self, js_error):
        if self.close_method is None:
            return None
        from pyspark.errors.exceptions.captured import convert_js_error

        # The error `process` raised reaches `close` as itself; the engine's as PySpark's exception.
        error = self.error if self.error is not None else (None if is_js_null(js_error) else convert_js_error(js_error))
        with using_writer(self.writer):
            try:
                self.close_method(error)
            except BaseException as failure:  # noqa: BLE001 - the engine fails the batch with it
                return python_failure(failure)
        return None
