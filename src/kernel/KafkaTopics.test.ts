import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testKernel } from "./testing";

/** The Topics tab's and the socket box's requests, on a kernel whose cells produce and read the data. */
describe("the kernel's topics and socket box", () => {
  const root = mkdtempSync(join(tmpdir(), "sluice-kernel-kafka-"));
  const { request, outputsOf } = testKernel(root);
  const run = async (cellId: string, code: string) => {
    const result = await request("run", { cellId, code, language: "typescript" });
    if (result.status !== "ok") throw new Error(JSON.stringify(outputsOf(cellId)));
  };

  beforeAll(async () => {
    await request("init", {});
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("lists topics with their offsets, and each running query's committed offsets and lag", async () => {
    await run(
      "produce",
      `const admin = KafkaAdmin.create(spark);
await admin.createTopics([{ name: "clicks", numPartitions: 2 }]);
const producer = new KafkaProducer(spark);
for (let i = 0; i < 10; i++) producer.send({ topic: "clicks", partition: i % 2, key: "k" + i, value: "v" + i });
await producer.flush();`,
    );
    const first = await request("kafka.topics", { servers: "localhost:9092" });
    expect(first.clusters).toEqual(["localhost_9092"]);
    expect(first.topics).toEqual([
      {
        name: "clicks",
        partitions: [
          { partition: 0, earliestOffset: 0, latestOffset: 5 },
          { partition: 1, earliestOffset: 0, latestOffset: 5 },
        ],
        messagesPerSecond: null,
        retentionMs: 604_800_000,
        retentionBytes: -1,
      },
    ]);
    expect(first.queries).toEqual([]);

    // A query that reads 4 offsets per trigger (Spark splits them by backlog: 2 from each partition).
    await run(
      "read",
      `const firstTrigger = new Promise((resolve) => spark.streams.addListener({ onQueryProgress: resolve }));
const q = await spark.readStream.format("kafka").option("kafka.bootstrap.servers", "localhost:9092")
  .option("subscribe", "clicks").option("startingOffsets", "earliest").option("maxOffsetsPerTrigger", 4).load()
  .writeStream.format("memory").queryName("clicks_read").trigger({ processingTime: "1 hour" }).start();
await firstTrigger;`,
    );
    const view = await request("kafka.topics", { servers: "localhost:9092" });
    expect(view.queries).toEqual([
      {
        queryId: expect.any(String),
        name: "clicks_read",
        topic: "clicks",
        partitions: [
          { partition: 0, committed: 2, latest: 5, lag: 3 },
          { partition: 1, committed: 2, latest: 5, lag: 3 },
        ],
      },
    ]);
    expect(view.topics[0].messagesPerSecond).toBe(0);
    await run("stop", "await q.stop()");
    expect((await request("kafka.topics", { servers: "localhost:9092" })).queries).toEqual([]);
  });

  it("pages through a partition's records as text", async () => {
    const last = await request("kafka.records", {
      servers: "localhost:9092",
      topic: "clicks",
      partition: 1,
      limit: 2,
    });
    expect(last.earliestOffset).toBe(0);
    expect(last.latestOffset).toBe(5);
    expect(last.records.map((r) => [r.offset, r.key, r.value])).toEqual([
      [3, "k7", "v7"],
      [4, "k9", "v9"],
    ]);
    const from = await request("kafka.records", {
      servers: "localhost:9092",
      topic: "clicks",
      partition: 0,
      offset: 1,
      limit: 1,
    });
    expect(from.records).toEqual([
      { offset: 1, timestamp: expect.any(Number), timestampType: 0, key: "k2", value: "v2", headers: [] },
    ]);
    await expect(
      request("kafka.records", { servers: "localhost:9092", topic: "nope", partition: 0, limit: 5 }),
    ).rejects.toThrow("nope");
  });

  it("produces the teaching events into a topic until told to stop", async () => {
    const options = {
      servers: "localhost:9092",
      topic: "events",
      rowsPerSecond: 20,
      lateFraction: 0.2,
      maxLatenessMs: 60_000,
      maxDisorderMs: 2000,
    };
    const started = await request("kafka.events.start", options);
    expect(started).toEqual([{ ...options, produced: 1 }]);
    const view = await request("kafka.topics", { servers: "localhost:9092" });
    expect(view.producers.map((p) => p.topic)).toEqual(["events"]);
    const [first] = (
      await request("kafka.records", { servers: "localhost:9092", topic: "events", partition: 0, limit: 1 })
    ).records;
    expect(Object.keys(JSON.parse(first.value ?? "{}"))).toEqual([
      "user_id",
      "event_time",
      "event_name",
      "traffic_source",
      "device",
    ]);
    expect(await request("kafka.events.stop", { servers: "localhost:9092", topic: "events" })).toEqual([]);
    await expect(request("kafka.events.start", { ...options, topic: "bad topic!" })).rejects.toThrow(
      "bad topic!",
    );
  });

  it("sends what is typed into the socket box to the queries reading that port", async () => {
    const before = await request("socket.view", { host: "localhost", port: 9999 });
    expect(before).toEqual({ host: "localhost", port: 9999, connections: 0, queries: [], lines: [] });
    await run(
      "words",
      `const lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load();
const words = lines.select(explode(split(col("value"), " ")).alias("word"));
const wq = await words.groupBy("word").count().writeStream.outputMode("complete").format("memory")
  .queryName("word_counts").start();`,
    );
    const sent = await request("socket.send", {
      host: "localhost",
      port: 9999,
      text: "apache spark\napache hadoop",
    });
    expect(sent.connections).toBe(1);
    expect(sent.lines.map((l) => l.value)).toEqual(["apache spark", "apache hadoop"]);
    await run("process", "await wq.processAllAvailable()");
    const after = await request("socket.view", { host: "localhost", port: 9999 });
    expect(after.queries).toEqual([{ id: expect.any(String), name: "word_counts" }]);
    await run(
      "counts",
      `const counts = await spark.sql("SELECT word, count FROM word_counts ORDER BY word").collect();
await wq.stop();
counts.map((r) => r.word + "=" + r.count).join(" ")`,
    );
    expect(outputsOf("counts")).toEqual([{ kind: "value", text: "apache=2 hadoop=1 spark=1" }]);
  });
});
