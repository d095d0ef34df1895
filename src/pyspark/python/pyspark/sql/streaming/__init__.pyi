from pyspark.errors import StreamingQueryException as StreamingQueryException
from pyspark.sql.streaming.listener import StreamingQueryListener as StreamingQueryListener
from pyspark.sql.streaming.query import StreamingQuery as StreamingQuery
from pyspark.sql.streaming.query import StreamingQueryManager as StreamingQueryManager
from pyspark.sql.streaming.readwriter import DataStreamReader as DataStreamReader
from pyspark.sql.streaming.readwriter import DataStreamWriter as DataStreamWriter
from pyspark.sql.streaming.stateful_processor import StatefulProcessor as StatefulProcessor
from pyspark.sql.streaming.stateful_processor import StatefulProcessorHandle as StatefulProcessorHandle
