"""pyspark.sql.streaming.datasource: Spark 4.2's read limits for Python stream readers.

Spark master hands `DataSourceStreamReader.latestOffset(start, limit)` one of these objects; Sluice's readers
get the limit as a dict too ({"type": "maxRows", "maxRows": n}, as the admission-control tests read it), so
each limit here is both: a ReadLimit with Spark's attributes (`max_rows`, `dump()`) and that dict.
"""

from abc import ABC, abstractmethod
from typing import Any, Dict

__all__ = [
    "ReadLimit",
    "ReadAllAvailable",
    "ReadMinRows",
    "ReadMaxRows",
    "ReadMaxFiles",
    "ReadMaxBytes",
    "SupportsTriggerAvailableNow",
]


class ReadLimit(ABC, dict):
    """How much a micro-batch may read from a source."""

    @classmethod
    @abstractmethod
    def type_name(cls) -> str:
        ...

    @classmethod
    @abstractmethod
    def load(cls, params: dict) -> "ReadLimit":
        ...

    def dump(self) -> dict:
        """Spark's serialized form: the parameters and the type name."""
        params = self._dump()
        params.update({"type": self.type_name()})
        return params

    @abstractmethod
    def _dump(self) -> dict:
        ...


class ReadAllAvailable(ReadLimit):
    """Read everything available, whatever the source's options (Trigger.Once, AvailableNow)."""

    def __init__(self) -> None:
        dict.__init__(self, type="allAvailable")

    @classmethod
    def type_name(cls) -> str:
        return "ReadAllAvailable"

    @classmethod
    def load(cls, params: dict) -> "ReadAllAvailable":
        return ReadAllAvailable()

    def _dump(self) -> dict:
        return {}


class ReadMinRows(ReadLimit):
    """Read at least `min_rows` rows: with fewer available, the source waits for more."""

    def __init__(self, min_rows: int) -> None:
        dict.__init__(self, type="minRows", minRows=min_rows)
        self.min_rows = min_rows

    @classmethod
    def type_name(cls) -> str:
        return "ReadMinRows"

    @classmethod
    def load(cls, params: dict) -> "ReadMinRows":
        return ReadMinRows(params["min_rows"])

    def _dump(self) -> dict:
        return {"min_rows": self.min_rows}


class ReadMaxRows(ReadLimit):
    """Read at most `max_rows` rows (the `maxRecordsPerBatch` option)."""

    def __init__(self, max_rows: int) -> None:
        dict.__init__(self, type="maxRows", maxRows=max_rows)
        self.max_rows = max_rows

    @classmethod
    def type_name(cls) -> str:
        return "ReadMaxRows"

    @classmethod
    def load(cls, params: dict) -> "ReadMaxRows":
        return ReadMaxRows(params["max_rows"])

    def _dump(self) -> dict:
        return {"max_rows": self.max_rows}


class ReadMaxFiles(ReadLimit):
    """Read at most `max_files` files (the `maxFilesPerBatch` option)."""

    def __init__(self, max_files: int) -> None:
        dict.__init__(self, type="maxFiles", maxFiles=max_files)
        self.max_files = max_files

    @classmethod
    def type_name(cls) -> str:
        return "ReadMaxFiles"

    @classmethod
    def load(cls, params: dict) -> "ReadMaxFiles":
        return ReadMaxFiles(params["max_files"])

    def _dump(self) -> dict:
        return {"max_files": self.max_files}


class ReadMaxBytes(ReadLimit):
    """Read at most `max_bytes` bytes (the `maxBytesPerBatch` option)."""

    def __init__(self, max_bytes: int) -> None:
        dict.__init__(self, type="maxBytes", maxBytes=max_bytes)
        self.max_bytes = max_bytes

    @classmethod
    def type_name(cls) -> str:
        return "ReadMaxBytes"

    @classmethod
    def load(cls, params: dict) -> "ReadMaxBytes":
        return ReadMaxBytes(params["max_bytes"])

    def _dump(self) -> dict:
        return {"max_bytes": self.max_bytes}


class SupportsTriggerAvailableNow(ABC):
    """A stream reader that fixes its target offset as a Trigger.AvailableNow query starts; the query then reads
    up to it in batches within the read limit. A reader without it is read up to its latest offset at the start,
    in one batch."""

    @abstractmethod
    def prepareForTriggerAvailableNow(self) -> None:
        ...


def _read_limit(limit: Dict[str, Any]) -> ReadLimit:
    """The engine's read limit (a dict) as the ReadLimit object Spark passes."""
    kind = limit.get("type")
    if kind == "maxRows":
        return ReadMaxRows(limit["maxRows"])
    if kind == "maxFiles":
        return ReadMaxFiles(limit["maxFiles"])
    if kind == "maxBytes":
        return ReadMaxBytes(limit["maxBytes"])
    if kind == "minRows":
        return ReadMinRows(limit["minRows"])
    return ReadAllAvailable()
