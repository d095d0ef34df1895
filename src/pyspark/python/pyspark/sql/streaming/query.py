"""pyspark.sql.streaming.StreamingQuery and StreamingQueryManager: the handle of a running query."""

import weakref
from typing import Any, Dict, List, Optional

from pyspark._sluice import bridge, from_json_string, wait
from pyspark.errors import PySparkValueError, StreamingQueryException
from pyspark.errors.exceptions.captured import captured, convert_js_error
from pyspark.sql.utils import is_js_null

__all__ = ["StreamingQuery", "StreamingQueryManager"]


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
        return from_json_string(bridge.statusJson(self._js))

    @property
    def lastProgress(self) -> Optional[Dict[str, Any]]:
        return from_json_string(bridge.progressJson(self._js.lastProgress))

    @property
    def recentProgress(self) -> List[Dict[str, Any]]:
        return from_json_string(bridge.recentProgressJson(self._js))

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
        error = self._js.exception
        return None if is_js_null(error) else convert_js_error(error)  # type: ignore[return-value]

    def explain(self, extended: bool = False) -> None:
        self._js.explain()

    def __repr__(self) -> str:
        name = f" name={self.name}" if self.name else ""
        return f"<StreamingQuery{name} id={self.id} runId={self.runId} isActive={self.isActive}>"


@captured
class StreamingQueryManager:
    """`spark.streams`: the session's streaming queries."""

    def __init__(self, jsqm):
        self._js = jsqm

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
