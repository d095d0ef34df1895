"""pyspark.testing: what PySpark offers tests (the `streaming` module's MemoryStream)."""
