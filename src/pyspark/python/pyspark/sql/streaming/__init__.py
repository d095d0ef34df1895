"""pyspark.sql.streaming: Structured Streaming's reader, writer, query handle, listener and stateful processor."""

from pyspark.errors import StreamingQueryException
from pyspark.sql.streaming.listener import StreamingQueryListener
from pyspark.sql.streaming.query import StreamingQuery, StreamingQueryManager
from pyspark.sql.streaming.readwriter import DataStreamReader, DataStreamWriter
from pyspark.sql.streaming.stateful_processor import StatefulProcessor, StatefulProcessorHandle

__all__ = [
    "DataStreamReader",
    "DataStreamWriter",
    "StatefulProcessor",
    "StatefulProcessorHandle",
    "StreamingQuery",
    "StreamingQueryException",
    "StreamingQueryListener",
    "StreamingQueryManager",
]
