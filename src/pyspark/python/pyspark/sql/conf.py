"""pyspark.sql.conf.RuntimeConfig: `spark.conf`."""

from typing import Any, Dict, Optional

from pyspark._sluice import js
from pyspark.errors.exceptions.captured import captured
from pyspark.sql.utils import is_js_null

__all__ = ["RuntimeConfig"]

_NO_DEFAULT = object()


@captured
class RuntimeConfig:
    def __init__(self, jconf):
        self._js = jconf

    def set(self, key: str, value: Any) -> None:
        self._js.set(key, str(value).lower() if isinstance(value, bool) else js(value))

    def get(self, key: str, default: Any = _NO_DEFAULT) -> Optional[str]:
        if default is _NO_DEFAULT:
            value = self._js.get(key)
        else:
            value = self._js.getOption(key)
            if is_js_null(value):
                return default
        return None if is_js_null(value) else str(value)

    @property
    def getAll(self) -> Dict[str, str]:
        """Every key set, with its value (a property, as in PySpark 4)."""
        return {str(k): str(v) for k, v in self._js.getAll().to_py().items()}

    def unset(self, key: str) -> None:
        self._js.unset(key)

    def isModifiable(self, key: str) -> bool:
        return True
