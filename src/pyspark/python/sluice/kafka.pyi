"""Kafka for notebooks: the in-browser cluster that `format("kafka")` reads and writes, with kafka-python's names,
and EventProducer, the teaching events as JSON at a rate with late and disordered events. Cells that import it
are left out of a notebook exported for a Spark cluster."""

from typing import Any, Callable, Dict, Iterator, List, NamedTuple, Optional

EVENT_JSON_SCHEMA: str
"""The teaching events' fields as DDL, for `from_json(col("value").cast("string"), EVENT_JSON_SCHEMA)`."""

class NewTopic:
    """A topic to create; num_partitions -1 takes the broker default (`sluice.kafka.numPartitions`)."""

    def __init__(self, name: str, num_partitions: int = -1, replication_factor: int = -1, topic_configs: Optional[Dict[str, Any]] = None) -> None: ...

class KafkaAdminClient:
    """kafka-python's KafkaAdminClient over the in-browser cluster named by bootstrap_servers."""

    def __init__(self, bootstrap_servers: Any = "localhost:9092", **configs: Any) -> None: ...
    def create_topics(self, new_topics: List[NewTopic], timeout_ms: Optional[int] = None, validate_only: bool = False) -> None:
        """Creates the topics; fails (TopicExistsException, ...) at the first that cannot be made."""
    def list_topics(self) -> List[str]:
        """The cluster's topic names, sorted."""
    def describe_topics(self, topics: Optional[List[str]] = None) -> List[Dict[str, Any]]:
        """Each topic with its partitions' earliest and latest offsets."""
    def delete_topics(self, topics: List[str], timeout_ms: Optional[int] = None) -> None:
        """Deletes topics and their records."""
    def create_partitions(self, topic_partitions: Dict[str, int], timeout_ms: Optional[int] = None) -> None:
        """Raises each topic's partition count to the number given."""
    def close(self) -> None: ...

class RecordMetadata(NamedTuple):
    """Where a sent record landed."""

    topic: str
    partition: int
    offset: int
    timestamp: int

class FutureRecordMetadata:
    """What send() returns."""

    def get(self, timeout: Optional[float] = None) -> RecordMetadata:
        """Waits until the record is in its topic; its partition and offset."""

class KafkaProducer:
    """kafka-python's KafkaProducer: send() does not wait, flush() waits until the records are in their topics.
    Keys and values are bytes or str (UTF-8), or what the serializers make bytes of."""

    def __init__(self, bootstrap_servers: Any = "localhost:9092", key_serializer: Optional[Callable[[Any], bytes]] = None, value_serializer: Optional[Callable[[Any], bytes]] = None, **configs: Any) -> None: ...
    def send(self, topic: str, value: Any = None, key: Any = None, headers: Optional[List[tuple]] = None, partition: Optional[int] = None, timestamp_ms: Optional[int] = None) -> FutureRecordMetadata:
        """Sends a record (to `partition`, else by the key's hash, sticky without a key); a topic that does not exist is created."""
    def flush(self, timeout: Optional[float] = None) -> None:
        """Waits until every record sent so far is in its topic."""
    def close(self, timeout: Optional[float] = None) -> None:
        """Flushes and closes."""

class ConsumerRecord(NamedTuple):
    topic: str
    partition: int
    offset: int
    timestamp: int
    timestamp_type: int
    key: Optional[bytes]
    value: Optional[bytes]
    headers: List[tuple]

class KafkaConsumer:
    """kafka-python's KafkaConsumer reduced to looking at topics (no consumer groups)."""

    def __init__(self, *topics: str, bootstrap_servers: Any = "localhost:9092", auto_offset_reset: str = "earliest", **configs: Any) -> None: ...
    def subscribe(self, topics: List[str]) -> None:
        """Reads every partition of these topics."""
    def poll(self, max_records: int = 500) -> List[ConsumerRecord]:
        """The next records after each partition's position."""
    def __iter__(self) -> Iterator[ConsumerRecord]: ...
    def close(self) -> None: ...

class EventProducer:
    """The teaching events as JSON into a topic at `rows_per_second`, some of them late or out of order."""

    def __init__(self, topic: str, rows_per_second: float = 5, late_fraction: float = 0, max_lateness_seconds: float = 60, max_disorder_seconds: float = 0, total: Optional[int] = None, seed: int = 7, bootstrap_servers: Any = "localhost:9092") -> None: ...
    def start(self) -> EventProducer:
        """Sends events in the background, at the rate, until stop()."""
    def stop(self) -> None:
        """Stops; returns once the events already sent are in the topic."""
    def produce_now(self, count: int) -> int:
        """Sends `count` events at once, whatever the rate."""
    @property
    def produced(self) -> int:
        """Events sent so far."""
    @property
    def is_active(self) -> bool: ...
