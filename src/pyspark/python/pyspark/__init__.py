"""PySpark's API on Sluice's engine: Spark Structured Streaming in the browser, in Python (Pyodide).

The package has PySpark's module layout and names (pyspark.sql, pyspark.sql.functions, pyspark.sql.types,
pyspark.sql.streaming, pyspark.errors), so lesson code runs unchanged; each call forwards to the engine.
"""

__version__ = "4.0.0"

from pyspark.sql.types import Row  # noqa: E402
from pyspark.storagelevel import StorageLevel  # noqa: E402

__all__ = ["Row", "StorageLevel", "__version__"]
