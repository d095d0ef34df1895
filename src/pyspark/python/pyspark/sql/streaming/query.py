"""pyspark.sql.streaming.StreamingQuery and StreamingQueryManager: the handle of a running query."""

import datetime
import json
import sys
import weakref
from typing import Any, Dict, List, Optional

from pyspark._sluice import bridge, current_writer, from_json_string, python_callback, using_writer, wait
from pyspark.errors import PySparkTypeError, PySparkValueError, StreamingQueryException
from pyspark.errors.exceptions.captured import captured, convert_js_error
from pyspark.sql.streaming.listener import (
    QueryIdleEvent,
    QueryProgressEvent,
    QueryStartedEvent,
    QueryTerminatedEvent,
    StreamingQueryListener,
    StreamingQueryProgress,
)
from pyspark.sql.utils import is_js_null

__all__ = ["BatchHistory", "StreamingQuery", "StreamingQueryManager"]


@captured
class StreamingQuery:
    """A query started by `writeStream.start()`: its progress, and stop / awaitTermination."""

    _handles: "weakref.WeakValueDictionary[str, StreamingQuery]" = weakref.WeakValueDictionary()

    def __init__(self, jsq):
        self._js = jsq

    @classmethod
    def of(cls, jsq) -> "StreamingQuery":
        """One Python handle per run of a query, so `spark.streams.active` holds the handles cells have."""
        run_id = str(jsq.runId)
        handle = cls._handles.get(run_id)
        if handle is None:
            handle = cls(jsq)
            cls._handles[run_id] = handle
        return handle

    @property
    def id(self) -> str:
        return str(self._js.id)

    @property
    def runId(self) -> str:
        return str(self._js.runId)

    @property
    def name(self) -> Optional[str]:
        name = self._js.name
        return None if is_js_null(name) else str(name)

    @property
    def isActive(self) -> bool:
        return bool(self._js.isActive)

    @property
    def status(self) -> Dict[str, Any]:
        """What the query does now: {"message", "isDataAvailable", "isTriggerActive"}."""
        return from_json_string(bridge.statusJson(self._js))

    @property
    def lastProgress(self) -> Optional[StreamingQueryProgress]:
        progress = from_json_string(bridge.progressJson(self._js.lastProgress))
        return None if progress is None else StreamingQueryProgress.fromJson(progress)

    @property
    def recentProgress(self) -> List[StreamingQueryProgress]:
        return [StreamingQueryProgress.fromJson(p) for p in from_json_string(bridge.recentProgressJson(self._js))]

    def awaitTermination(self, timeout: Optional[float] = None) -> Optional[bool]:
        """Waits for the query to end; with a timeout in seconds, returns whether it ended within it. Raises
        the query's StreamingQueryException if it failed."""
        if timeout is None:
            wait(self._js, "awaitTermination")
            return None
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
            raise PySparkValueError(
                errorClass="VALUE_NOT_POSITIVE",
                messageParameters={"arg_name": "timeout", "arg_value": type(timeout).__name__},
            )
        return bool(wait(self._js, "awaitTermination", timeout * 1000))

    def processAllAvailable(self) -> None:
        wait(self._js, "processAllAvailable")

    def stop(self) -> None:
        wait(self._js, "stop")

    def exception(self) -> Optional[StreamingQueryException]:
        """The StreamingQueryException that ended the query, or None."""
        error = self._js.exception()
        return None if is_js_null(error) else convert_js_error(error)  # type: ignore[return-value]

    def explain(self, extended: bool = False) -> None:
        print(self._js.explainInternal(extended))

    def batch(self, batchId: int) -> Dict[str, Any]:
        """Sluice: what committed batch `batchId` did, as a dict: batchId, startOffset, endOffset, input, late
        (with `__watermark`), lateAccepted, watermark {before, after} (epoch ms or None), state (one dict per
        stateful operator: before, after, added, updated, removed), output, progress, files. Rows are Rows."""
        return _batch_record(bridge.batchJson(wait(self._js, "batch", batchId)))

    def batchIds(self) -> List[int]:
        """Sluice: the ids of the batches `batch(n)` can read, ascending."""
        return [int(i) for i in wait(self._js, "batchIds")]

    def __repr__(self) -> str:
        name = f" name={self.name}" if self.name else ""
        return f"<StreamingQuery{name} id={self.id} runId={self.runId} isActive={self.isActive}>"


@captured
class StreamingQueryManager:
    """`spark.streams`: the session's streaming queries."""

    def __init__(self, jsqm, session: Any = None):
        self._js = jsqm
        self._session = session
        self._listeners: Dict[int, Any] = {}

    @property
    def active(self) -> List[StreamingQuery]:
        return [StreamingQuery.of(q) for q in self._js.active]

    def get(self, id: str) -> Optional[StreamingQuery]:
        query = self._js.get(id)
        return None if is_js_null(query) else StreamingQuery.of(query)

    def awaitAnyTermination(self, timeout: Optional[float] = None) -> Optional[bool]:
        if timeout is None:
            wait(self._js, "awaitAnyTermination")
            return None
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
            raise PySparkValueError(
                errorClass="VALUE_NOT_POSITIVE",
                messageParameters={"arg_name": "timeout", "arg_value": type(timeout).__name__},
            )
        return bool(wait(self._js, "awaitAnyTermination", timeout * 1000))

    def resetTerminated(self) -> None:
        self._js.resetTerminated()

    def addListener(self, listener: StreamingQueryListener) -> None:
        """Adds a listener: it hears of every query of the session from now on (see StreamingQueryListener)."""
        if not isinstance(listener, StreamingQueryListener):
            raise PySparkTypeError(
                f"[NOT_INSTANCE_OF] {listener!r} is not an instance of type StreamingQueryListener.",
                errorClass="NOT_INSTANCE_OF",
                messageParameters={"value": repr(listener), "type": "StreamingQueryListener"},
            )
        if id(listener) in self._listeners:
            return
        if self._session is not None:
            listener._set_spark_session(self._session)
        deliver = python_callback(_Delivery(listener, current_writer()))
        jlistener = bridge.streamingQueryListener(deliver)
        self._listeners[id(listener)] = (listener, jlistener, deliver)
        self._js.addListener(jlistener)

    def removeListener(self, listener: StreamingQueryListener) -> None:
        """Removes a listener added with addListener (one not added is ignored)."""
        entry = self._listeners.pop(id(listener), None)
        if entry is None:
            return
        _, jlistener, deliver = entry
        self._js.removeListener(jlistener)
        deliver.destroy()

    def history(self, checkpointLocation: str) -> "BatchHistory":
        """Sluice: the batch history of a query that is not running, from its checkpoint."""
        return BatchHistory(wait(self._js, "history", checkpointLocation))


class _Delivery:
    """Hands the engine's events to a Python listener. What the listener prints goes to the cell running when
    the event happens, else to the cell that added it; its exceptions are printed, as Spark logs them."""

    _EVENTS = {
        "started": ("onQueryStarted", QueryStartedEvent),
        "progress": ("onQueryProgress", QueryProgressEvent),
        "idle": ("onQueryIdle", QueryIdleEvent),
        "terminated": ("onQueryTerminated", QueryTerminatedEvent),
    }

    def __init__(self, listener: StreamingQueryListener, writer: Any):
        self.listener = listener
        self.writer = writer

    def __call__(self, kind: str, text: str) -> None:
        method, event_class = self._EVENTS[kind]
        with using_writer(current_writer() or self.writer):
            try:
                getattr(self.listener, method)(event_class.fromJson(json.loads(text)))
            except Exception:  # noqa: BLE001 - a listener's failure stops neither the query nor other listeners
                import traceback

                print(f"Error in StreamingQueryListener.{method}:", file=sys.stderr)
                traceback.print_exc()


@captured
class BatchHistory:
    """A checkpoint's batch history: `batch(n)` and `batchIds()`, as a query answers them."""

    def __init__(self, jsh):
        self._js = jsh

    def batch(self, batchId: int) -> Dict[str, Any]:
        return _batch_record(bridge.batchJson(wait(self._js, "batch", batchId)))

    def batchIds(self) -> List[int]:
        return [int(i) for i in wait(self._js, "batchIds")]


_EPOCH = datetime.datetime(1970, 1, 1)
_ROW_LISTS = ("input", "late", "lateAccepted", "output")
_STATE_LISTS = ("before", "after", "added", "updated", "removed")


def _untag(value: Dict[str, Any]) -> Any:
    """Values JSON has no type for, as collect() gives them: timestamps as naive datetimes (the engine sends the
    wall clock in the session time zone), dates as dates, big integers, bytes, non-finite doubles."""
    if len(value) == 1:
        if "$date" in value:
            return _EPOCH + datetime.timedelta(milliseconds=value["$date"])
        if "$day" in value:
            return (_EPOCH + datetime.timedelta(milliseconds=value["$day"])).date()
        if "$bigint" in value:
            return int(value["$bigint"])
        if "$binary" in value:
            return bytearray(value["$binary"])
        if "$double" in value:
            return float(value["$double"])
    return value


def _row(value: Any) -> Any:
    """A row (and its structs) as Rows."""
    if isinstance(value, dict):
        from pyspark.sql.types import Row

        return Row(**{k: _row(v) for k, v in value.items()})
    return value


def _batch_record(text: str) -> Dict[str, Any]:
    record = json.loads(text, object_hook=_untag)
    for name in _ROW_LISTS:
        record[name] = [_row(r) for r in record[name]]
    for operator in record["state"]:
        for name in _STATE_LISTS:
            operator[name] = [_row(r) for r in operator[name]]
    return record
