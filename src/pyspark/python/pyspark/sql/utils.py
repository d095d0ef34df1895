"""pyspark.sql.utils: where older PySpark code imports its exceptions from."""

from pyodide.ffi import jsnull

from pyspark.errors import (  # noqa: F401  (re-exported, as PySpark does)
    AnalysisException,
    IllegalArgumentException,
    ParseException,
    PythonException,
    QueryExecutionException,
    StreamingQueryException,
    UnknownException,
)


def is_js_null(value) -> bool:
    """JavaScript's null and undefined, as Pyodide gives them."""
    return value is None or value is jsnull
