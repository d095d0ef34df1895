import { describe, expect, it } from "vitest";
import { IllegalArgumentException } from "../errors/exceptions";
import { UnknownTopicOrPartitionException } from "../kafka/errors";
import { KafkaAdmin } from "../kafka/KafkaAdmin";
import { KafkaCluster } from "../kafka/KafkaCluster";
import { IllegalStateException } from "../kafka/KafkaExceptions";
import { KafkaProducer } from "../kafka/KafkaProducer";
import { validateBatchOptions, validateStreamOptions } from "../kafka/KafkaSourceProvider";
import { toRows } from "../sql/api/rows";
import { readText, sharedSession } from "../testing/files";
import { KafkaSource } from "./KafkaSource";
import type { SourceBatch } from "./Source";

const text = (v: unknown) => (v === null ? null : new TextDecoder().decode(v as Uint8Array));

describe("the Kafka source's options", () => {
  const base = { "kafka.bootstrap.servers": "localhost:9092" };
  const refused = (options: Record<string, string>, message: string | RegExp) =>
    expect(() => validateStreamOptions(options)).toThrow(message);

  it("refuses what Spark's KafkaSourceProvider refuses, with its messages", () => {
    refused(
      base,
      "One of the following options must be specified for Kafka source: subscribe, subscribepattern, assign. See the docs for more details.",
    );
    refused(
      { ...base, subscribe: "a", subscribePattern: "b" },
      /^Only one of the following options can be specified/,
    );
    refused(
      { ...base, subscribe: " , " },
      "No topics to subscribe to as specified value for option 'subscribe' is ' , '",
    );
    refused(
      { ...base, assign: "t-0" },
      "No topicpartitions to assign as specified value for option 'assign' is 't-0'",
    );
    refused({ ...base, assign: "{x" }, 'Expected e.g. {"topicA":[0,1],"topicB":[0,1]}, got {x');
    refused({ ...base, subscribePattern: " " }, /^Pattern to subscribe is empty/);
    refused(
      { subscribe: "t" },
      "Option 'kafka.bootstrap.servers' must be specified for configuring Kafka consumer",
    );
    refused(
      { ...base, subscribe: "t", endingOffsets: "latest" },
      "ending offset not valid in streaming queries",
    );
    refused(
      { ...base, subscribe: "t", "kafka.auto.offset.reset": "earliest" },
      /Kafka option 'auto.offset.reset' is not supported/,
    );
    refused(
      { ...base, subscribe: "t", "kafka.value.deserializer": "x" },
      /^Kafka option 'value.deserializer' is not supported/,
    );
    refused(
      { ...base, subscribe: "t", "kafka.enable.auto.commit": "true" },
      "Kafka option 'enable.auto.commit' is not supported",
    );
    refused(
      { ...base, subscribe: "t", startingOffsets: "{x" },
      /^Expected e.g. \{"topicA":\{"0":23,"1":-1\},"topicB":\{"0":-2\}\}, got \{x/,
    );
    refused({ ...base, subscribe: "t", startingTimestamp: "soon" }, "Expected a single long value, got soon");
    refused({ ...base, subscribe: "t", maxOffsetsPerTrigger: "lots" }, 'For input string: "lots"');
    refused({ ...base, subscribe: "t", failOnDataLoss: "maybe" }, 'For input string: "maybe"');
    refused(
      { ...base, subscribe: "t", minOffsetsPerTrigger: "10", maxOffsetsPerTrigger: "5" },
      "The value of minOffsetPerTrigger(10) is higher than the maxOffsetsPerTrigger(5).",
    );
    refused({ ...base, subscribe: "t", minPartitions: "0" }, "minPartitions must be positive");
    expect(() => validateStreamOptions({ subscribe: "t" })).toThrow(IllegalArgumentException);
  });

  it("refuses batch-only mistakes as Spark's validateBatchOptions does", () => {
    const batch = (o: Record<string, string>) => () =>
      validateBatchOptions({ ...base, subscribe: "t", ...o });
    expect(batch({ startingOffsets: "latest" })).toThrow(
      "starting offset can't be latest for batch queries on Kafka",
    );
    expect(batch({ endingOffsets: "earliest" })).toThrow(
      "ending offset can't be earliest for batch queries on Kafka",
    );
    expect(batch({ startingOffsets: '{"t":{"0":-1}}' })).toThrow(
      "startingOffsets for t-0 can't be latest for batch queries on Kafka",
    );
    expect(batch({ startingOffsets: '{"t":{"0":5}}', endingOffsets: '{"t":{"0":2}}' })).toThrow(
      "[UNRESOLVED_START_OFFSET_GREATER_THAN_END_OFFSET] The specified start offset 5 is greater than the end offset 2 for topic t partition 0.",
    );
    expect(batch({ startingOffsets: '{"t":{"0":1}}', endingOffsets: '{"t":{"1":2}}' })).toThrow(
      /MISMATCHED_TOPIC_PARTITIONS_BETWEEN_START_OFFSET_AND_END_OFFSET.*Set\(t-0\).*Set\(t-1\)/s,
    );
  });

  it("accepts what it cannot honour and lists it as ignored", () => {
    const options = validateStreamOptions({
      ...base,
      subscribe: "t",
      "kafka.security.protocol": "SASL_SSL",
      "kafka.group.id": "g",
      groupIdPrefix: "p",
      maxOffsetsPerTrigger: "5",
    });
    expect(options.ignored).toEqual(["kafka.security.protocol", "kafka.group.id", "groupIdPrefix"]);
    expect(validateBatchOptions({ ...base, subscribe: "t", maxOffsetsPerTrigger: "5" }).ignored).toEqual([
      "maxOffsetsPerTrigger",
    ]);
  });
});

describe("the Kafka source", () => {
  const ctx = sharedSession();
  const servers = () => `host${ctx.dir.replaceAll("/", "_")}:9092`;
  const admin = () => KafkaAdmin.create(ctx.t.spark, { "bootstrap.servers": servers() });
  const producer = () => new KafkaProducer(ctx.t.spark, { "bootstrap.servers": servers() });
  const source = (
    options: Record<string, string>,
    extra: { clock?: () => number; log?: (m: string) => void; metadataDir?: string } = {},
  ) =>
    new KafkaSource({
      session: ctx.t.spark,
      options: { "kafka.bootstrap.servers": servers(), ...options },
      metadataDir: `${ctx.dir}/checkpoint/sources/0`,
      ...extra,
    });
  const rowsOf = (batch: SourceBatch) => (batch.sql === "" ? [] : toRows(ctx.t.spark.db.query(batch.sql)));
  /** Sends `n` records to each partition: value "p<partition>-<i>". */
  const fill = async (topic: string, partitions: number[], n: number, first = 0) => {
    const p = producer();
    await Promise.all(
      partitions.flatMap((partition) =>
        Array.from({ length: n }, (_, i) =>
          p.send({ topic, partition, key: `k${i}`, value: `p${partition}-${first + i}` }),
        ),
      ),
    );
  };

  it("fails before any batch where a subscribed topic does not exist", async () => {
    await expect(source({ subscribe: "missing" }).validate()).rejects.toThrow(
      UnknownTopicOrPartitionException,
    );
    await expect(source({ assign: '{"missing":[0]}' }).validate()).rejects.toThrow(/no topic 'missing'/);
  });

  it("reads from earliest with Spark's schema, offsets as Spark's JSON, starting offsets in sources/<i>/0", async () => {
    await admin().createTopics([{ name: "t", numPartitions: 2 }]);
    await fill("t", [0, 1], 3);
    const s = source({ subscribe: "t", startingOffsets: "earliest" });
    await s.validate();
    expect(s.description).toBe("KafkaV2[Subscribe[t]]");
    expect(s.schema.fieldNames).toEqual([
      "key",
      "value",
      "topic",
      "partition",
      "offset",
      "timestamp",
      "timestampType",
    ]);
    const end = await s.latestOffset(undefined, "default");
    expect(end).toBe('{"t":{"0":3,"1":3}}');
    expect(await readText(ctx.t, `${ctx.dir}/checkpoint/sources/0/0`)).toBe('\u0000v1\n{"t":{"0":0,"1":0}}');
    const rows = rowsOf(await s.getBatch(undefined, end!));
    expect(
      rows.map((r) => [text(r.key), text(r.value), r.topic, r.partition, r.offset, r.timestampType]),
    ).toEqual([
      ["k0", "p0-0", "t", 0, 0, 0],
      ["k1", "p0-1", "t", 0, 1, 0],
      ["k2", "p0-2", "t", 0, 2, 0],
      ["k0", "p1-0", "t", 1, 0, 0],
      ["k1", "p1-1", "t", 1, 1, 0],
      ["k2", "p1-2", "t", 1, 2, 0],
    ]);
    expect(rows[0].timestamp).toBeInstanceOf(Date);
    expect(await s.latestOffset(end, "default")).toBe(end);
    expect(s.metrics(end)).toEqual({
      minOffsetsBehindLatest: "0",
      maxOffsetsBehindLatest: "0",
      avgOffsetsBehindLatest: "0.0",
    });
  });

  it("starts at latest by default: only records produced after start() are read", async () => {
    await fill("t", [0], 5);
    const s = source({ subscribe: "t" });
    await s.validate();
    expect(await s.latestOffset(undefined, "default")).toBeUndefined();
    await fill("t", [0], 2, 5);
    const end = await s.latestOffset(undefined, "default");
    expect(end).toBe('{"t":{"0":7}}');
    expect(rowsOf(await s.getBatch(undefined, end!)).map((r) => text(r.value))).toEqual(["p0-5", "p0-6"]);
  });

  it("splits maxOffsetsPerTrigger across partitions in proportion to their backlog", async () => {
    await admin().createTopics([{ name: "t", numPartitions: 3 }]);
    await fill("t", [0], 30);
    await fill("t", [1], 10);
    await fill("t", [2], 1);
    const s = source({ subscribe: "t", startingOffsets: "earliest", maxOffsetsPerTrigger: "8" });
    await s.validate();
    // Sizes 30, 10, 1 of 41: 8 × 30/41 = 5.85 → 5, 8 × 10/41 = 1.95 → 1, 8 × 1/41 = 0.2 → rounded up to 1.
    const first = await s.latestOffset(undefined, "default");
    expect(first).toBe('{"t":{"0":5,"1":1,"2":1}}');
    expect(rowsOf(await s.getBatch(undefined, first!))).toHaveLength(7);
    const second = await s.latestOffset(first, "default");
    expect(second).toBe('{"t":{"0":10,"1":3,"2":1}}');
    expect(s.metrics(second)).toEqual({
      minOffsetsBehindLatest: "0",
      maxOffsetsBehindLatest: "20",
      avgOffsetsBehindLatest: "9.0",
    });
    expect(s.reportLatestOffset()).toBe('{"t":{"0":30,"1":10,"2":1}}');
    // Trigger.Once reads everything, whatever the limit.
    expect(await s.latestOffset(second, "all")).toBe('{"t":{"0":30,"1":10,"2":1}}');
  });

  it("waits for minOffsetsPerTrigger records, at most maxTriggerDelay", async () => {
    await fill("t", [0], 1);
    let now = 1_000_000;
    const s = source(
      { subscribe: "t", startingOffsets: "earliest", minOffsetsPerTrigger: "5", maxTriggerDelay: "10s" },
      { clock: () => now },
    );
    await s.validate();
    // As Spark, the first trigger is never delayed.
    const first = await s.latestOffset(undefined, "default");
    expect(first).toBe('{"t":{"0":1}}');
    await fill("t", [0], 2);
    now += 1000;
    expect(await s.latestOffset(first, "default")).toBe(first);
    await fill("t", [0], 3);
    now += 1000;
    expect(await s.latestOffset(first, "default")).toBe('{"t":{"0":6}}');
    await fill("t", [0], 1);
    now += 1000;
    expect(await s.latestOffset('{"t":{"0":6}}', "default")).toBe('{"t":{"0":6}}');
    now += 10_000;
    expect(await s.latestOffset('{"t":{"0":6}}', "default")).toBe('{"t":{"0":7}}');
  });

  it("resumes from the checkpoint after a restart: startingOffsets is not read again", async () => {
    await fill("t", [0], 4);
    const first = source({ subscribe: "t", startingOffsets: "earliest" });
    await first.validate();
    const end = await first.latestOffset(undefined, "default");
    await fill("t", [0], 2, 4);
    const restarted = source({ subscribe: "t", startingOffsets: "latest" });
    await restarted.validate();
    // The query committed up to `end`; the restarted source continues from there.
    const next = await restarted.latestOffset(end, "default");
    expect(next).toBe('{"t":{"0":6}}');
    expect(rowsOf(await restarted.getBatch(end, next!)).map((r) => text(r.value))).toEqual(["p0-4", "p0-5"]);
    // A batch planned but not committed reads the same rows again, from the initial offsets in the checkpoint.
    expect(rowsOf(await restarted.getBatch(undefined, end!)).map((r) => text(r.value))).toEqual([
      "p0-0",
      "p0-1",
      "p0-2",
      "p0-3",
    ]);
  });

  it("fails on data loss where retention deleted offsets the checkpoint needs, or skips them with failOnDataLoss=false", async () => {
    await admin().createTopics([{ name: "t", numPartitions: 1, configs: { "segment.bytes": 100 } }]);
    // One send at a time: each is a write of its own, so the records spread over several segments.
    for (let i = 0; i < 10; i++) await producer().send({ topic: "t", partition: 0, value: `v${i}` });
    const s = source({ subscribe: "t", startingOffsets: "earliest" });
    await s.validate();
    const end = await s.latestOffset(undefined, "default");
    const cluster = KafkaCluster.of(ctx.t.spark.fs, servers());
    const size = await cluster.log("t", 0).size();
    await admin().incrementalAlterConfigs({ t: { "retention.bytes": Math.floor(size / 3) } });
    const earliest = (await admin().describeTopics(["t"]))[0].partitions[0].earliestOffset;
    expect(earliest).toBeGreaterThan(0);
    const failure = s.getBatch(undefined, end!);
    await expect(failure).rejects.toThrow(IllegalStateException);
    await expect(failure).rejects.toThrow(
      new RegExp(
        `^Cannot fetch records in \\[0, ${earliest}\\) \\(GroupId: spark-kafka-source-.*-executor, TopicPartition: t-0\\)\\. Some data may have been lost`,
      ),
    );
    const warnings: string[] = [];
    const lenient = new KafkaSource({
      session: ctx.t.spark,
      options: { "kafka.bootstrap.servers": servers(), subscribe: "t", failOnDataLoss: "false" },
      metadataDir: `${ctx.dir}/checkpoint/sources/0`,
      log: (m) => warnings.push(m),
    });
    const rows = rowsOf(await lenient.getBatch(undefined, end!));
    expect(rows.map((r) => r.offset)).toEqual(Array.from({ length: 10 - earliest }, (_, i) => earliest + i));
    expect(warnings).toEqual([
      expect.stringMatching(new RegExp(`^Skip missing records in \\[0, ${earliest}\\)`)),
    ]);
  });

  it("reports data loss when a partition's offsets went backwards (the topic was recreated)", async () => {
    await fill("t", [0], 5);
    const s = source({ subscribe: "t", startingOffsets: "earliest" });
    await s.validate();
    const end = await s.latestOffset(undefined, "default");
    await admin().deleteTopics(["t"]);
    await fill("t", [0], 2);
    const latest = await s.latestOffset(end, "default");
    await expect(s.getBatch(end, latest!)).rejects.toThrow(
      /^Partition t-0's offset was changed from 5 to 2, some data may have been missed\. Some data may have been lost/,
    );
  });

  it("takes specific starting offsets (-2 earliest, -1 latest) and refuses a set of partitions that does not match", async () => {
    await admin().createTopics([{ name: "t", numPartitions: 3 }]);
    await fill("t", [0, 1, 2], 4);
    const s = source({ subscribe: "t", startingOffsets: '{"t":{"0":2,"1":-2,"2":-1}}' });
    await s.validate();
    const end = await s.latestOffset(undefined, "default");
    expect(rowsOf(await s.getBatch(undefined, end!)).map((r) => text(r.value))).toEqual([
      "p0-2",
      "p0-3",
      "p1-0",
      "p1-1",
      "p1-2",
      "p1-3",
    ]);
    const elsewhere = { metadataDir: `${ctx.dir}/other/sources/0` };
    await expect(
      source({ subscribe: "t", startingOffsets: '{"t":{"0":2}}' }, elsewhere).validate(),
    ).rejects.toThrow(
      "assertion failed: If startingOffsets contains specific offsets, you must specify all TopicPartitions.\nUse -1 for latest, -2 for earliest, if you don't care.\nSpecified: Set(t-0) Assigned: Set(t-0, t-1, t-2)",
    );
  });

  it("starts at a timestamp: the first record at or after it, or Spark's error where none is", async () => {
    const p = producer();
    const t0 = Date.now() - 10_000;
    for (let i = 0; i < 5; i++) await p.send({ topic: "t", value: `v${i}`, timestamp: t0 + i * 1000 });
    const s = source({ subscribe: "t", startingTimestamp: String(t0 + 2500) });
    await s.validate();
    const end = await s.latestOffset(undefined, "default");
    expect(rowsOf(await s.getBatch(undefined, end!)).map((r) => text(r.value))).toEqual(["v3", "v4"]);
    const elsewhere = { metadataDir: `${ctx.dir}/other/sources/0` };
    await expect(
      source({ subscribe: "t", startingTimestamp: String(t0 + 99_000) }, elsewhere).validate(),
    ).rejects.toThrow(`No offset matched from request of topic-partition t-0 and timestamp ${t0 + 99_000}.`);
  });

  it("reads headers with includeHeaders, null where a record has none", async () => {
    const p = producer();
    await p.send({ topic: "t", value: "a", headers: [{ key: "h", value: "1" }] });
    await p.send({ topic: "t", value: "b" });
    const s = source({ subscribe: "t", startingOffsets: "earliest", includeHeaders: "true" });
    await s.validate();
    expect(s.schema.simpleString()).toContain("headers:array<struct<key:string,value:binary>>");
    const rows = rowsOf(await s.getBatch(undefined, (await s.latestOffset(undefined, "default"))!));
    expect(
      (rows[0].headers as { key: string; value: Uint8Array }[]).map((h) => [h.key, text(h.value)]),
    ).toEqual([["h", "1"]]);
    expect(rows[1].headers).toBeNull();
  });

  it("follows subscribePattern to topics created later, new partitions from offset 0", async () => {
    await fill("events-a", [0], 2);
    await fill("other", [0], 2);
    const s = source({ subscribePattern: "events-.*", startingOffsets: "earliest" });
    await s.validate();
    expect(s.description).toBe("KafkaV2[SubscribePattern[events-.*]]");
    const first = await s.latestOffset(undefined, "default");
    expect(first).toBe('{"events-a":{"0":2}}');
    await fill("events-b", [0], 3);
    const second = await s.latestOffset(first, "default");
    expect(second).toBe('{"events-a":{"0":2},"events-b":{"0":3}}');
    expect(rowsOf(await s.getBatch(first, second!)).map((r) => r.topic)).toEqual([
      "events-b",
      "events-b",
      "events-b",
    ]);
  });

  it("assigns partitions and, for Trigger.AvailableNow, stops at what was there when it started", async () => {
    await admin().createTopics([{ name: "t", numPartitions: 2 }]);
    await fill("t", [0, 1], 3);
    const s = source({ assign: '{"t":[1]}', startingOffsets: "earliest", maxOffsetsPerTrigger: "2" });
    await s.validate();
    expect(s.description).toBe("KafkaV2[Assign[t-1]]");
    await s.prepareForTriggerAvailableNow();
    const first = await s.latestOffset(undefined, "default");
    expect(first).toBe('{"t":{"1":2}}');
    await fill("t", [1], 5);
    const second = await s.latestOffset(first, "default");
    expect(second).toBe('{"t":{"1":3}}');
    expect(await s.latestOffset(second, "default")).toBe(second);
  });
});
