import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

/** `from sluice import kafka` and `socket_server`: what a Python cell produces data with. */
let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

describe("sluice.kafka, with kafka-python's names", () => {
  it("creates topics, sends records with a serializer, and reads them back with Spark's Kafka source", async () => {
    const printed = await t.printed(`
import json
from sluice import kafka
admin = kafka.KafkaAdminClient(bootstrap_servers="localhost:9092")
admin.create_topics([kafka.NewTopic("orders", num_partitions=2, replication_factor=1)])
print(admin.list_topics())
producer = kafka.KafkaProducer(bootstrap_servers=["localhost:9092"], value_serializer=lambda v: json.dumps(v).encode())
futures = [producer.send("orders", {"id": i, "amount": i * 10}, key=f"c{i % 3}".encode()) for i in range(6)]
producer.send("orders", value={"id": 99}, partition=1, headers=[("source", b"cell")], timestamp_ms=1_700_000_000_000)
producer.flush()
meta = futures[0].get()
print(meta.topic, meta.partition in (0, 1), meta.offset)
print([p["latest_offset"] for p in admin.describe_topics(["orders"])[0]["partitions"]])
`);
    const lines = printed.trim().split("\n");
    expect(lines[0]).toBe("['orders']");
    expect(lines[1]).toBe("orders True 0");
    const ends = JSON.parse(lines[2]) as number[];
    expect(ends.reduce((a, b) => a + b, 0)).toBe(7);

    // The same records as Spark's batch Kafka read sees them.
    const rows = await t.printed(`
from pyspark.sql.functions import col, from_json
df = (spark.read.format("kafka").option("kafka.bootstrap.servers", "localhost:9092")
    .option("subscribe", "orders").option("includeHeaders", "true").load())
parsed = df.select(from_json(col("value").cast("string"), "id INT, amount INT").alias("o"), "headers", "timestamp")
for r in parsed.orderBy("o.id").collect():
    print(r.o.id, r.o.amount, r.headers and [(h.key, bytes(h.value).decode()) for h in r.headers])
`);
    expect(rows.trim().split("\n")).toEqual([
      "0 0 None",
      "1 10 None",
      "2 20 None",
      "3 30 None",
      "4 40 None",
      "5 50 None",
      "99 None [('source', 'cell')]",
    ]);
  });

  it("refuses a value that is not bytes without a serializer, saying what to pass", async () => {
    await expect(
      t.py.run(`
from sluice import kafka
kafka.KafkaProducer().send("orders", {"id": 1})`),
    ).rejects.toThrow("pass value_serializer= to the producer");
  });

  it("looks at records with a KafkaConsumer", async () => {
    const printed = await t.printed(`
from sluice import kafka
consumer = kafka.KafkaConsumer("orders", bootstrap_servers="localhost:9092")
records = consumer.poll()
print(len(records), sorted(r.offset for r in records if r.partition == 1)[:1])
`);
    expect(printed.trim()).toBe("7 [0]");
  });

  it("produces the teaching events, late and out of order, for from_json with EVENT_JSON_SCHEMA", async () => {
    const printed = await t.printed(`
from sluice import kafka
from pyspark.sql.functions import col, from_json
events = kafka.EventProducer("clicks", rows_per_second=100, late_fraction=0.5, max_lateness_seconds=600, seed=3)
print(events.produce_now(40), events.produced, events.is_active)
df = (spark.read.format("kafka").option("kafka.bootstrap.servers", "localhost:9092").option("subscribe", "clicks").load()
    .select(from_json(col("value").cast("string"), kafka.EVENT_JSON_SCHEMA).alias("e"), "timestamp")
    .select("e.*", "timestamp"))
rows = df.collect()
late = [r for r in rows if (r.timestamp - r.event_time).total_seconds() > 1]
print(len(rows), 5 < len(late) < 35, all(r.event_name for r in rows))
`);
    expect(printed.trim().split("\n")).toEqual(["40 40 False", "40 True True"]);
  });
});

describe("socket_server", () => {
  it("plays nc -lk for the socket source: the guide's word count", async () => {
    const printed = await t.printed(`
from sluice import socket_server
from pyspark.sql.functions import explode, split
nc = socket_server("localhost", 9999)
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
words = lines.select(explode(split(lines.value, " ")).alias("word"))
query = words.groupBy("word").count().writeStream.outputMode("complete").format("memory").queryName("wc").start()
print(nc.send("apache spark", "apache hadoop\\nspark"), nc.connection_count)
query.processAllAvailable()
print(sorted((r.word, r["count"]) for r in spark.table("wc").collect()))
query.stop()
`);
    expect(printed.trim().split("\n")).toEqual(["3 1", "[('apache', 2), ('hadoop', 1), ('spark', 2)]"]);
  });
});
