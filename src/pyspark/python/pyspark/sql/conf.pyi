"""pyspark.sql.conf: `spark.conf`."""

from typing import Any, Dict, Optional

class RuntimeConfig:
    """The session's configuration (spark.sql.shuffle.partitions, spark.sql.streaming.*, ...)."""

    def set(self, key: str, value: Any) -> None:
        """Sets a configuration value."""
    def get(self, key: str, default: Any = ...) -> Optional[str]:
        """A configuration value, or `default` where it is not set."""
    @property
    def getAll(self) -> Dict[str, str]:
        """Every key set, with its value."""
    def unset(self, key: str) -> None:
        """Removes a configuration value."""
    def isModifiable(self, key: str) -> bool:
        """Whether the value may be set at run time."""
