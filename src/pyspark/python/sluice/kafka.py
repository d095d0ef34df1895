"""Kafka for notebooks: the in-browser cluster that `format("kafka")` reads and writes, driven with the names of
kafka-python (`KafkaProducer`, `KafkaAdminClient`, `NewTopic`, `KafkaConsumer`), plus `EventProducer`, the
teaching events as JSON at a rate with late and disordered events.

`bootstrap_servers` names a cluster as `kafka.bootstrap.servers` does in a query ("localhost:9092" by default).
Cells that import this module are Sluice's own: a notebook exported for a Spark cluster leaves them out.
"""

from typing import Any, Callable, Dict, List, NamedTuple, Optional

from pyodide.ffi import jsnull, run_sync, to_js

from js import Object
from pyspark._sluice import bridge, js, js_object, wait

__all__ = [
    "EVENT_JSON_SCHEMA",
    "EventProducer",
    "FutureRecordMetadata",
    "KafkaAdminClient",
    "KafkaConsumer",
    "KafkaProducer",
    "NewTopic",
    "RecordMetadata",
    "ConsumerRecord",
]

DEFAULT_SERVERS = "localhost:9092"

EVENT_JSON_SCHEMA: str = str(bridge.kafka.EVENT_JSON_SCHEMA)
"""The teaching events' fields as DDL, for `from_json(col("value").cast("string"), EVENT_JSON_SCHEMA)`."""


def _servers(bootstrap_servers) -> str:
    if isinstance(bootstrap_servers, (list, tuple)):
        return ",".join(bootstrap_servers)
    return bootstrap_servers or DEFAULT_SERVERS


def _config(bootstrap_servers):
    return js_object({"bootstrap.servers": _servers(bootstrap_servers)})


def _bytes(value, serializer, what):
    """A key or value as the producer sends it: serialized, then bytes (text is sent as UTF-8)."""
    if serializer is not None and value is not None:
        value = serializer(value)
    if value is None or isinstance(value, (bytes, bytearray, str)):
        return value
    raise TypeError(
        f"The {what} must be bytes or str, got {type(value).__name__}: pass {what}_serializer= to the "
        f"producer (for JSON: {what}_serializer=lambda v: json.dumps(v).encode())"
    )


def _raise(outcome):
    from pyspark.errors.exceptions.captured import convert_js_error

    raise convert_js_error(outcome.error)


class NewTopic:
    """A topic to create (kafka-python's NewTopic)."""

    def __init__(
        self,
        name: str,
        num_partitions: int = -1,
        replication_factor: int = -1,
        topic_configs: Optional[Dict[str, Any]] = None,
    ):
        self.name = name
        self.num_partitions = num_partitions
        self.replication_factor = replication_factor
        self.topic_configs = topic_configs or {}

    def __repr__(self) -> str:
        return f"NewTopic(name={self.name!r}, num_partitions={self.num_partitions})"


class KafkaAdminClient:
    """kafka-python's KafkaAdminClient over the in-browser cluster: create, list, describe and delete topics."""

    def __init__(self, bootstrap_servers=DEFAULT_SERVERS, **configs):
        self._js = bridge.kafka.KafkaAdmin.create(bridge.spark, _config(bootstrap_servers))

    def create_topics(self, new_topics: List[NewTopic], timeout_ms: Optional[int] = None, validate_only: bool = False):
        """Creates the topics (num_partitions -1: the broker default, `sluice.kafka.numPartitions`)."""
        if validate_only:
            return None
        topics = []
        for t in new_topics:
            topic = {"name": t.name, "configs": dict(t.topic_configs)}
            if t.num_partitions != -1:
                topic["numPartitions"] = t.num_partitions
            if t.replication_factor != -1:
                topic["replicationFactor"] = t.replication_factor
            topics.append(js_object(topic))
        wait(self._js, "createTopics", to_js(topics))
        return None

    def list_topics(self) -> List[str]:
        return [str(t) for t in wait(self._js, "listTopics")]

    def describe_topics(self, topics: Optional[List[str]] = None) -> List[Dict[str, Any]]:
        """Each topic with its partitions' earliest and latest offsets."""
        names = self.list_topics() if topics is None else list(topics)
        described = wait(self._js, "describeTopics", to_js(names))
        return [
            {
                "topic": str(d.name),
                "partitions": [
                    {
                        "partition": int(p.partition),
                        "earliest_offset": int(p.earliestOffset),
                        "latest_offset": int(p.latestOffset),
                    }
                    for p in d.partitions
                ],
            }
            for d in described
        ]

    def delete_topics(self, topics: List[str], timeout_ms: Optional[int] = None):
        wait(self._js, "deleteTopics", to_js(list(topics)))
        return None

    def create_partitions(self, topic_partitions: Dict[str, int], timeout_ms: Optional[int] = None):
        """Raises each topic's partition count to the number given (kafka-python takes NewPartitions; a count works)."""
        counts = {k: getattr(v, "total_count", v) for k, v in topic_partitions.items()}
        wait(self._js, "createPartitions", js_object(counts))
        return None

    def close(self) -> None:
        return None


class RecordMetadata(NamedTuple):
    """Where a sent record landed."""

    topic: str
    partition: int
    offset: int
    timestamp: int


class FutureRecordMetadata:
    """What send() returns: get() waits until the record is in the topic and gives its RecordMetadata."""

    def __init__(self, outcome):
        self._outcome = outcome
        self._value = None

    def get(self, timeout: Optional[float] = None) -> RecordMetadata:
        if self._value is None:
            outcome = run_sync(self._outcome)
            if not outcome.ok:
                _raise(outcome)
            m = outcome.value
            self._value = RecordMetadata(str(m.topic), int(m.partition), int(m.offset), int(m.timestamp))
        return self._value


class KafkaProducer:
    """kafka-python's KafkaProducer over the in-browser cluster. send() does not wait: records sent together go
    to the log together; flush() (or a future's get()) waits until they are in it."""

    def __init__(
        self,
        bootstrap_servers=DEFAULT_SERVERS,
        key_serializer: Optional[Callable[[Any], bytes]] = None,
        value_serializer: Optional[Callable[[Any], bytes]] = None,
        **configs,
    ):
        self._js = bridge.kafka.KafkaProducer.new(bridge.spark, _config(bootstrap_servers))
        self._key_serializer = key_serializer
        self._value_serializer = value_serializer
        self._sent: List[FutureRecordMetadata] = []

    def send(
        self,
        topic: str,
        value=None,
        key=None,
        headers: Optional[List[tuple]] = None,
        partition: Optional[int] = None,
        timestamp_ms: Optional[int] = None,
    ) -> FutureRecordMetadata:
        record = {
            "topic": topic,
            "key": js(_bytes(key, self._key_serializer, "key")),
            "value": js(_bytes(value, self._value_serializer, "value")),
        }
        if partition is not None:
            record["partition"] = partition
        if timestamp_ms is not None:
            record["timestamp"] = timestamp_ms
        if headers:
            record["headers"] = to_js(
                [js_object({"key": k, "value": js(_bytes(v, None, "header value"))}) for k, v in headers]
            )
        outcome = bridge.settled(self._js, "send", to_js(record, dict_converter=Object.fromEntries))
        future = FutureRecordMetadata(outcome)
        self._sent.append(future)
        return future

    def flush(self, timeout: Optional[float] = None) -> None:
        """Waits until every record sent so far is in its topic; raises the first send's error."""
        wait(self._js, "flush")
        sent, self._sent = self._sent, []
        for future in sent:
            future.get()

    def close(self, timeout: Optional[float] = None) -> None:
        self.flush()
        wait(self._js, "close")


class ConsumerRecord(NamedTuple):
    topic: str
    partition: int
    offset: int
    timestamp: int
    timestamp_type: int
    key: Optional[bytes]
    value: Optional[bytes]
    headers: List[tuple]


def _py_bytes(value):
    return None if value is None or value is jsnull else bytes(value.to_py())


class KafkaConsumer:
    """kafka-python's KafkaConsumer reduced to what looks at a topic: subscribe to topics (or assign partitions),
    then poll() or iterate. No consumer groups: positions start at auto_offset_reset ('earliest' by default
    here, to look at what is there)."""

    def __init__(self, *topics: str, bootstrap_servers=DEFAULT_SERVERS, auto_offset_reset: str = "earliest", **configs):
        self._servers = _servers(bootstrap_servers)
        self._reset = auto_offset_reset
        self._js = bridge.kafka.KafkaConsumer.new(
            bridge.spark, js_object({"bootstrap.servers": self._servers, "auto.offset.reset": auto_offset_reset})
        )
        if topics:
            self.subscribe(list(topics))

    def subscribe(self, topics: List[str]) -> None:
        """Reads every partition of these topics (as they are now)."""
        admin = KafkaAdminClient(bootstrap_servers=self._servers)
        partitions = [
            {"topic": d["topic"], "partition": p["partition"]}
            for d in admin.describe_topics(list(topics))
            for p in d["partitions"]
        ]
        self._js.assign(to_js([js_object(p) for p in partitions]))

    def poll(self, max_records: int = 500) -> List[ConsumerRecord]:
        """The next records after each partition's position (kafka-python groups them by partition; a list here)."""
        return [
            ConsumerRecord(
                str(r.topic),
                int(r.partition),
                int(r.offset),
                int(r.timestamp),
                int(r.timestampType),
                _py_bytes(r.key),
                _py_bytes(r.value),
                [(str(h.key), _py_bytes(h.value)) for h in r.headers],
            )
            for r in wait(self._js, "poll", max_records)
        ]

    def __iter__(self):
        return iter(self.poll())

    def close(self) -> None:
        return None


class EventProducer:
    """The teaching events (user_id, event_time, event_name, traffic_source, device) as JSON into a topic, at
    `rows_per_second`, until stop() or `total`. Every event's time is up to `max_disorder_seconds` before its send
    time; a share `late_fraction` of them are up to `max_lateness_seconds` late (a watermark drops them). The
    record's Kafka timestamp is the send time; the key is the user_id."""

    def __init__(
        self,
        topic: str,
        rows_per_second: float = 5,
        late_fraction: float = 0,
        max_lateness_seconds: float = 60,
        max_disorder_seconds: float = 0,
        total: Optional[int] = None,
        seed: int = 7,
        bootstrap_servers=DEFAULT_SERVERS,
    ):
        options = {
            "topic": topic,
            "rowsPerSecond": rows_per_second,
            "lateFraction": late_fraction,
            "maxLatenessMs": max_lateness_seconds * 1000,
            "maxDisorderMs": max_disorder_seconds * 1000,
            "seed": seed,
        }
        if total is not None:
            options["total"] = total
        producer = bridge.kafka.KafkaProducer.new(bridge.spark, _config(bootstrap_servers))
        self._js = bridge.kafka.EventProducer.new(producer, js_object(options))

    def start(self) -> "EventProducer":
        """Sends events in the background, at the rate, until stop()."""
        self._js.start()
        return self

    def stop(self) -> None:
        """Stops; returns once the events already sent are in the topic."""
        wait(self._js, "stop")

    def produce_now(self, count: int) -> int:
        """Sends `count` events at once, whatever the rate; returns how many."""
        return len(wait(self._js, "produceNow", count))

    @property
    def produced(self) -> int:
        """Events sent so far."""
        return int(self._js.produced)

    @property
    def is_active(self) -> bool:
        return bool(self._js.isActive)
