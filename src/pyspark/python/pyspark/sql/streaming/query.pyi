"""pyspark.sql.streaming.query: the handle of a running query, and `spark.streams`."""

from typing import Any, Dict, List, Optional

from pyspark.errors import StreamingQueryException
from pyspark.sql.streaming.listener import StreamingQueryListener, StreamingQueryProgress

class StreamingQuery:
    """A query started by `writeStream.start()`."""

    @property
    def id(self) -> str:
        """The query's id: the same across restarts from its checkpoint."""
    @property
    def runId(self) -> str:
        """This run's id: new at every start."""
    @property
    def name(self) -> Optional[str]:
        """The query's name (queryName)."""
    @property
    def isActive(self) -> bool:
        """True while the query runs."""
    @property
    def status(self) -> Dict[str, Any]:
        """What the query does now: {"message", "isDataAvailable", "isTriggerActive"}."""
    @property
    def lastProgress(self) -> Optional[StreamingQueryProgress]:
        """The last trigger's progress, as Spark reports it (batchId, numInputRows, durationMs, sources, sink...):
        `p.numInputRows` or `p["numInputRows"]`; `p.json`, `p.prettyJson`."""
    @property
    def recentProgress(self) -> List[StreamingQueryProgress]:
        """The recent triggers' progress, oldest first."""
    def awaitTermination(self, timeout: Optional[float] = None) -> Optional[bool]:
        """Waits for the query to end (at most `timeout` seconds; then returns whether it ended); raises its
        StreamingQueryException if it failed."""
    def processAllAvailable(self) -> None:
        """Waits until everything available now has been processed."""
    def stop(self) -> None:
        """Stops the query after the batch in progress."""
    def exception(self) -> Optional[StreamingQueryException]:
        """The exception that ended the query, or None."""
    def explain(self, extended: bool = False) -> None:
        """Prints what the query runs."""
    def batch(self, batchId: int) -> Dict[str, Any]:
        """Sluice: what committed batch `batchId` did: batchId, startOffset, endOffset, input, late (each row with
        the `__watermark` that dropped it), lateAccepted, watermark {before, after}, state (per stateful operator:
        before, after, added, updated, removed), output, progress, files. Rows are Rows."""
    def batchIds(self) -> List[int]:
        """Sluice: the ids of the batches `batch(n)` can read, ascending."""

class BatchHistory:
    """Sluice: a checkpoint's batch history, for a query that is not running."""

    def batch(self, batchId: int) -> Dict[str, Any]:
        """What committed batch `batchId` did (as StreamingQuery.batch)."""
    def batchIds(self) -> List[int]:
        """The ids of the batches `batch(n)` can read, ascending."""

class StreamingQueryManager:
    """`spark.streams`: the session's streaming queries."""

    @property
    def active(self) -> List[StreamingQuery]:
        """The queries running now."""
    def get(self, id: str) -> Optional[StreamingQuery]:
        """A query by id."""
    def awaitAnyTermination(self, timeout: Optional[float] = None) -> Optional[bool]:
        """Waits until any query ends (at most `timeout` seconds)."""
    def resetTerminated(self) -> None:
        """Forgets ended queries, so awaitAnyTermination waits for a new one."""
    def addListener(self, listener: StreamingQueryListener) -> None:
        """Adds a StreamingQueryListener: it hears of every query of the session from now on."""
    def removeListener(self, listener: StreamingQueryListener) -> None:
        """Removes a listener added with addListener."""
    def history(self, checkpointLocation: str) -> BatchHistory:
        """Sluice: the batch history of a query that is not running, read from its checkpoint."""
