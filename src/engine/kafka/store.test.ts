import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryFileSystem } from "../io/MemoryFileSystem";
import { NodeFileSystem } from "../platform/NodeFileSystem";
import { RuntimeConfig } from "../session/RuntimeConfig";
import { BuiltInPartitioner, partitionForKey } from "./BuiltInPartitioner";
import {
  InvalidConfigurationException,
  InvalidTopicException,
  TopicExistsException,
  UnknownTopicOrPartitionException,
} from "./errors";
import { KafkaAdmin } from "./KafkaAdmin";
import { clusterDirName, KafkaCluster } from "./KafkaCluster";
import { KafkaConsumer } from "./KafkaConsumer";
import type { KafkaContext } from "./KafkaContext";
import { KafkaProducer } from "./KafkaProducer";
import {
  CorruptSegmentError,
  decodeSegment,
  emptySegment,
  encodeRecords,
  type LogRecord,
} from "./LogSegment";
import { murmur2 } from "./murmur2";

const text = (bytes: Uint8Array | null) => (bytes === null ? null : new TextDecoder().decode(bytes));
const bytes = (s: string) => new TextEncoder().encode(s);

function memoryContext(conf: Record<string, string> = {}): KafkaContext {
  return { fs: new MemoryFileSystem(), conf: new RuntimeConfig(conf) };
}

describe("murmur2", () => {
  it("matches Kafka's Utils.murmur2 on Kafka's own test vectors", () => {
    const cases: [string, number][] = [
      ["21", -973932308],
      ["foobar", -790332482],
      ["a-little-bit-long-string", -985981536],
      ["a-little-bit-longer-string", -1486304829],
      ["lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971],
      ["abc", 479470107],
    ];
    for (const [input, hash] of cases) expect(murmur2(bytes(input))).toBe(hash);
  });
});

describe("BuiltInPartitioner", () => {
  it("puts a key where Kafka's default partitioner does: positive murmur2 modulo partitions", () => {
    // toPositive(-790332482) = 1357151166; 1357151166 % 3 = 0, % 4 = 2
    expect(partitionForKey(bytes("foobar"), 3)).toBe(0);
    expect(partitionForKey(bytes("foobar"), 4)).toBe(2);
    const partitioner = new BuiltInPartitioner();
    expect(partitioner.partition("t", 4, bytes("foobar"), 10)).toBe(2);
    expect(partitioner.partition("t", 4, bytes("foobar"), 10)).toBe(2);
  });

  it("sticks to one partition without a key until batch.size bytes went to it", () => {
    const draws = [5, 6, 7];
    const partitioner = new BuiltInPartitioner(100, () => draws.shift()!);
    const chosen = Array.from({ length: 7 }, () => partitioner.partition("t", 4, null, 40));
    // 40 + 40 + 40 >= 100 after the third record: the fourth starts a new sticky partition.
    expect(chosen).toEqual([1, 1, 1, 2, 2, 2, 3]);
  });

  it("ignores keys with partitioner.ignore.keys", () => {
    const partitioner = new BuiltInPartitioner(100, () => 3, true);
    expect(partitioner.partition("t", 4, bytes("foobar"), 1)).toBe(3);
  });
});

describe("log segments", () => {
  const records: LogRecord[] = [
    { offset: 7, timestamp: 1000, timestampType: 0, key: bytes("k"), value: bytes("v1"), headers: [] },
    {
      offset: 8,
      timestamp: 2000,
      timestampType: 1,
      key: null,
      value: null,
      headers: [
        { key: "h", value: bytes("x") },
        { key: "é", value: null },
      ],
    },
  ];

  it("round-trips records, null keys and values, headers", () => {
    const file = new Uint8Array([...emptySegment(), ...encodeRecords(records)]);
    expect(decodeSegment(file, "/s.log", 7)).toEqual(records);
  });

  it("names a damaged file and what is wrong with it", () => {
    const file = new Uint8Array([...emptySegment(), ...encodeRecords(records)]);
    expect(() => decodeSegment(file.subarray(0, file.length - 3), "/t/0/x.log", 7)).toThrow(
      /\/t\/0\/x\.log is corrupt: record 1 ends past the end of the file/,
    );
    expect(() => decodeSegment(file, "/t/0/x.log", 6)).toThrow(CorruptSegmentError);
    expect(() => decodeSegment(bytes("hello"), "/t/0/x.log", 0)).toThrow(/does not start with SLKLOG/);
  });
});

describe("the topic store", () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
  });

  it("keeps topics under /kafka/<servers>, one directory per partition, few segment files", async () => {
    const context = memoryContext();
    const admin = KafkaAdmin.create(context, { "bootstrap.servers": "localhost:9092" });
    await admin.createTopics([{ name: "events", numPartitions: 2 }]);
    const producer = new KafkaProducer(context, { "bootstrap.servers": "localhost:9092" });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        producer.send({ topic: "events", partition: i % 2, value: `v${i}` }),
      ),
    );
    expect(clusterDirName("localhost:9092,b:1")).toBe("localhost_9092_b_1");
    expect((await context.fs.list("/kafka/localhost_9092/events")).map((f) => f.name)).toEqual([
      "0",
      "1",
      "topic.json",
    ]);
    // Sends of one tick are one write: one segment file per partition.
    expect((await context.fs.list("/kafka/localhost_9092/events/0")).map((f) => f.name)).toEqual([
      "00000000000000000000.log",
    ]);
    const [described] = await admin.describeTopics(["events"]);
    expect(described.partitions).toEqual([
      { partition: 0, earliestOffset: 0, latestOffset: 25 },
      { partition: 1, earliestOffset: 0, latestOffset: 25 },
    ]);
  });

  it("assigns per-partition offsets and reads any range back, across segment files", async () => {
    const context = memoryContext();
    const admin = KafkaAdmin.create(context);
    await admin.createTopics([{ name: "t", numPartitions: 1, configs: { "segment.bytes": 200 } }]);
    const producer = new KafkaProducer(context);
    const sent = [];
    const t0 = Date.now();
    for (let i = 0; i < 30; i++)
      sent.push(await producer.send({ topic: "t", key: `k${i}`, value: `value-${i}`, timestamp: t0 + i }));
    expect(sent.map((m) => m.offset)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const segments = await context.fs.list("/kafka/localhost_9092/t/0");
    expect(segments.length).toBeGreaterThan(2);
    const cluster = KafkaCluster.of(context.fs);
    const range = await cluster.read("t", 0, 5, 23);
    expect(range.map((r) => r.offset)).toEqual(Array.from({ length: 18 }, (_, i) => 5 + i));
    expect(range.map((r) => text(r.value))).toEqual(Array.from({ length: 18 }, (_, i) => `value-${5 + i}`));
    expect(range[0]).toMatchObject({ timestamp: t0 + 5, timestampType: 0 });
    expect(text(range[0].key)).toBe("k5");
    // A fresh view of the same storage (a new session) reads the same.
    const fresh = new KafkaCluster(context.fs, "localhost:9092");
    expect((await fresh.read("t", 0, 0, 100)).map((r) => text(r.value))).toEqual(
      Array.from({ length: 30 }, (_, i) => `value-${i}`),
    );
  });

  it("is durable in a directory: a new process sees the records, and appends after them", async () => {
    const root = mkdtempSync(join(tmpdir(), "sluice-kafka-"));
    roots.push(root);
    const first: KafkaContext = { fs: new NodeFileSystem(root), conf: new RuntimeConfig() };
    await new KafkaProducer(first).send({ topic: "d", value: "one" });
    const second: KafkaContext = { fs: new NodeFileSystem(root), conf: new RuntimeConfig() };
    const metadata = await new KafkaProducer(second).send({ topic: "d", value: "two" });
    expect(metadata).toMatchObject({ topic: "d", partition: 0, offset: 1 });
    const records = await KafkaCluster.of(first.fs).read("d", 0, 0, 10);
    expect(records.map((r) => text(r.value))).toEqual(["one", "two"]);
  });

  it("creates a missing topic on first write with sluice.kafka.numPartitions partitions", async () => {
    const context = memoryContext({ "sluice.kafka.numPartitions": "3" });
    const metadata = await new KafkaProducer(context).send({ topic: "auto", key: "foobar", value: "x" });
    expect(metadata.partition).toBe(0);
    const admin = KafkaAdmin.create(context);
    expect(await admin.listTopics()).toEqual(["auto"]);
    expect((await admin.describeTopics(["auto"]))[0].partitions).toHaveLength(3);
    await expect(
      new KafkaProducer(memoryContext({ "sluice.kafka.numPartitions": "0" })).send({ topic: "x" }),
    ).rejects.toThrow(/sluice.kafka.numPartitions.*positive integer/);
  });

  it("refuses what Kafka refuses, with Kafka's messages", async () => {
    const context = memoryContext();
    const admin = KafkaAdmin.create(context);
    await admin.createTopics([{ name: "t", numPartitions: 2 }]);
    await expect(admin.createTopics([{ name: "t" }])).rejects.toThrow(
      new TopicExistsException("Topic 't' already exists."),
    );
    await expect(admin.createTopics([{ name: "bad name" }])).rejects.toThrow(InvalidTopicException);
    await expect(admin.createTopics([{ name: "u", numPartitions: 0 }])).rejects.toThrow(
      "Number of partitions must be larger than 0.",
    );
    await expect(admin.createTopics([{ name: "u", configs: { "retention.mss": 1 } }])).rejects.toThrow(
      new InvalidConfigurationException("Unknown topic config name: retention.mss"),
    );
    await expect(admin.describeTopics(["nope"])).rejects.toThrow(UnknownTopicOrPartitionException);
    await expect(new KafkaProducer(context).send({ topic: "t", partition: 5, value: "x" })).rejects.toThrow(
      /This server does not host this topic-partition. \(.*partition 5 of topic 't'/,
    );
    await expect(admin.createPartitions({ t: 1 })).rejects.toThrow(
      "Topic currently has 2 partitions, which is higher than the requested 1.",
    );
    await admin.createPartitions({ t: 4 });
    expect((await admin.describeTopics(["t"]))[0].partitions).toHaveLength(4);
    await admin.deleteTopics(["t"]);
    expect(await admin.listTopics()).toEqual([]);
  });

  it("deletes old segments by size and by age, moving the earliest offset forward", async () => {
    const context = memoryContext();
    let now = 1_000_000;
    const cluster = KafkaCluster.of(context.fs);
    cluster.clock = () => now;
    const admin = KafkaAdmin.create(context);
    await admin.createTopics([{ name: "r", numPartitions: 1, configs: { "segment.bytes": 120 } }]);
    const producer = new KafkaProducer(context);
    for (let i = 0; i < 20; i++)
      await producer.send({ topic: "r", value: `v${i}`, timestamp: now - (20 - i) * 1000 });
    const offsets = async () => (await admin.describeTopics(["r"]))[0].partitions[0];
    expect(await offsets()).toEqual({ partition: 0, earliestOffset: 0, latestOffset: 20 });
    const size = await cluster.log("r", 0).size();
    await admin.incrementalAlterConfigs({ r: { "retention.bytes": Math.floor(size / 2) } });
    const afterSize = await offsets();
    expect(afterSize.earliestOffset).toBeGreaterThan(0);
    expect(afterSize.latestOffset).toBe(20);
    expect(await cluster.log("r", 0).size()).toBeLessThanOrEqual(Math.floor(size / 2) + 120);
    // By age: every record is older than 1 s; the active segment is rolled so that it can go too.
    await admin.incrementalAlterConfigs({ r: { "retention.bytes": -1, "retention.ms": 500 } });
    expect(await offsets()).toEqual({ partition: 0, earliestOffset: 20, latestOffset: 20 });
    expect(await cluster.read("r", 0, 0, 20)).toEqual([]);
    now += 10;
    expect((await producer.send({ topic: "r", value: "new" })).offset).toBe(20);
  });

  it("looks up offsets by timestamp, earliest and latest", async () => {
    const context = memoryContext();
    const producer = new KafkaProducer(context);
    // Recent timestamps: the default retention (7 days) would delete records stamped in 1970 at once.
    const t0 = Date.now() - 1000;
    for (const ts of [t0 + 100, t0 + 200, t0 + 300])
      await producer.send({ topic: "ts", value: "x", timestamp: ts });
    const admin = KafkaAdmin.create(context);
    const look = (spec: Parameters<KafkaAdmin["listOffsets"]>[0][0]["spec"]) =>
      admin.listOffsets([{ topic: "ts", partition: 0, spec }]).then((r) => r[0].offset);
    expect(await look("earliest")).toBe(0);
    expect(await look("latest")).toBe(3);
    expect(await look({ timestamp: t0 + 150 })).toBe(1);
    expect(await look({ timestamp: t0 + 200 })).toBe(1);
    expect(await look({ timestamp: t0 + 301 })).toBe(-1);
  });

  it("stamps records with the append time where the topic says LogAppendTime", async () => {
    const context = memoryContext();
    const now = Date.now();
    KafkaCluster.of(context.fs).clock = () => now;
    await KafkaAdmin.create(context).createTopics([
      { name: "lat", configs: { "message.timestamp.type": "LogAppendTime" } },
    ]);
    await new KafkaProducer(context).send({ topic: "lat", value: "x", timestamp: 5 });
    const [record] = await KafkaCluster.of(context.fs).read("lat", 0, 0, 1);
    expect(record).toMatchObject({ timestamp: now, timestampType: 1 });
  });

  it("keeps headers given as a list or an object", async () => {
    const context = memoryContext();
    const producer = new KafkaProducer(context);
    await producer.send({
      topic: "h",
      value: "a",
      headers: [
        { key: "x", value: "1" },
        { key: "x", value: null },
      ],
    });
    await producer.send({ topic: "h", value: "b", headers: { y: "2" } });
    const records = await KafkaCluster.of(context.fs).read("h", 0, 0, 2);
    expect(records.map((r) => r.headers.map((h) => [h.key, text(h.value)]))).toEqual([
      [
        ["x", "1"],
        ["x", null],
      ],
      [["y", "2"]],
    ]);
  });
});

describe("KafkaConsumer", () => {
  it("reads assigned partitions from a position, seeks, and starts at latest by default (auto.offset.reset)", async () => {
    const context = memoryContext();
    await KafkaAdmin.create(context).createTopics([{ name: "c", numPartitions: 2 }]);
    const producer = new KafkaProducer(context);
    for (let i = 0; i < 4; i++) await producer.send({ topic: "c", partition: i % 2, value: `v${i}` });
    const consumer = new KafkaConsumer(context);
    consumer.assign([
      { topic: "c", partition: 0 },
      { topic: "c", partition: 1 },
    ]);
    expect(await consumer.poll()).toEqual([]);
    consumer.seekToBeginning();
    expect((await consumer.poll(3)).map((r) => [r.partition, r.offset, text(r.value)])).toEqual([
      [0, 0, "v0"],
      [0, 1, "v2"],
      [1, 0, "v1"],
    ]);
    expect((await consumer.poll()).map((r) => text(r.value))).toEqual(["v3"]);
    consumer.seek({ topic: "c", partition: 0 }, 1);
    expect((await consumer.poll()).map((r) => text(r.value))).toEqual(["v2"]);
    expect(await consumer.position({ topic: "c", partition: 0 })).toBe(2);
    consumer.assign([{ topic: "c", partition: 7 }]);
    await expect(consumer.poll()).rejects.toThrow(UnknownTopicOrPartitionException);
  });
});
