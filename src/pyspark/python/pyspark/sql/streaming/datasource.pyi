"""pyspark.sql.streaming.datasource: Spark 4.2's read limits for Python stream readers."""

from abc import ABC

class ReadLimit(ABC, dict):
    """How much a micro-batch may read from a source (also a dict: {"type": "maxRows", "maxRows": n})."""

    @classmethod
    def type_name(cls) -> str:
        """The limit's type name ("ReadMaxRows")."""
    @classmethod
    def load(cls, params: dict) -> ReadLimit:
        """The limit from its parameters."""
    def dump(self) -> dict:
        """Spark's serialized form: the parameters and the type name."""

class ReadAllAvailable(ReadLimit):
    """Read everything available, whatever the source's options."""

    def __init__(self) -> None: ...

class ReadMinRows(ReadLimit):
    """Read at least `min_rows` rows."""

    min_rows: int
    def __init__(self, min_rows: int) -> None: ...

class ReadMaxRows(ReadLimit):
    """Read at most `max_rows` rows (the `maxRecordsPerBatch` option)."""

    max_rows: int
    def __init__(self, max_rows: int) -> None: ...

class ReadMaxFiles(ReadLimit):
    """Read at most `max_files` files (the `maxFilesPerBatch` option)."""

    max_files: int
    def __init__(self, max_files: int) -> None: ...

class ReadMaxBytes(ReadLimit):
    """Read at most `max_bytes` bytes (the `maxBytesPerBatch` option)."""

    max_bytes: int
    def __init__(self, max_bytes: int) -> None: ...

class SupportsTriggerAvailableNow(ABC):
    """A stream reader that fixes its target offset as a Trigger.AvailableNow query starts."""

    def prepareForTriggerAvailableNow(self) -> None:
        """Records the latest offset as the query's target."""
