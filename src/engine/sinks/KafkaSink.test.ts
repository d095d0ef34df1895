import { describe, expect, it } from "vitest";
import { AnalysisException } from "../errors/exceptions";
import { KafkaAdmin } from "../kafka/KafkaAdmin";
import { KafkaCluster } from "../kafka/KafkaCluster";
import { KafkaRelation } from "../kafka/KafkaRelation";
import { toRows } from "../sql/api/rows";
import type { StructType } from "../sql/types";
import { sharedSession } from "../testing/files";
import { KafkaSink } from "./KafkaSink";

const text = (v: unknown) => (v === null ? null : new TextDecoder().decode(v as Uint8Array));

describe("the Kafka sink and batch reads", () => {
  const ctx = sharedSession();
  const servers = () => `host${ctx.dir.replaceAll("/", "_")}:9092`;
  /** A DuckDB table holding `rows`, as a batch's output would be. */
  const table = (ddl: string, rows: Record<string, unknown>[]) => {
    const schema = ctx.t.spark.parseSchema(ddl);
    const name = ctx.t.spark.db.uniqueName("out");
    ctx.t.spark.files.insertRows(name, rows, schema);
    return { table: name, schema, numRows: rows.length };
  };
  const sink = (schema: StructType, options: Record<string, string> = {}) =>
    new KafkaSink(ctx.t.spark, { "kafka.bootstrap.servers": servers(), ...options }, schema);
  const read = async (options: Record<string, string>) => {
    const relation = new KafkaRelation(ctx.t.spark, { "kafka.bootstrap.servers": servers(), ...options });
    const batch = await relation.load();
    const rows = toRows(ctx.t.spark.db.query(batch.sql));
    ctx.t.spark.files.dropTables(batch.tables);
    return rows;
  };

  it("writes key, value, topic, headers and partition columns, and reads them back", async () => {
    await KafkaAdmin.create(ctx.t.spark, { "bootstrap.servers": servers() }).createTopics([
      { name: "out", numPartitions: 2 },
    ]);
    const output = table(
      "topic STRING, key STRING, value STRING, partition INT, headers ARRAY<STRUCT<key: STRING, value: BINARY>>",
      [
        {
          topic: "out",
          key: "a",
          value: "één",
          partition: 1,
          headers: [{ key: "h", value: new TextEncoder().encode("x") }],
        },
        { topic: "out", key: null, value: "2", partition: 0, headers: null },
        { topic: "out", key: "c", value: null, partition: 1, headers: [] },
      ],
    );
    await sink(output.schema).addBatch(0, output);
    const rows = await read({ subscribe: "out", includeHeaders: "true" });
    expect(rows.map((r) => [r.partition, r.offset, text(r.key), text(r.value)])).toEqual([
      [0, 0, null, "2"],
      [1, 0, "a", "één"],
      [1, 1, "c", null],
    ]);
    expect(
      (rows[1].headers as { key: string; value: Uint8Array }[]).map((h) => [h.key, text(h.value)]),
    ).toEqual([["h", "x"]]);
    expect(rows[0].headers).toBeNull();
  });

  it("sends to the topic option over the topic column; keys choose partitions as Kafka's partitioner", async () => {
    const output = table("topic STRING, key BINARY, value BINARY", [
      { topic: "ignored", key: new TextEncoder().encode("foobar"), value: new Uint8Array([1, 2]) },
    ]);
    await KafkaAdmin.create(ctx.t.spark, { "bootstrap.servers": servers() }).createTopics([
      { name: "chosen", numPartitions: 4 },
    ]);
    await sink(output.schema, { topic: "chosen" }).addBatch(0, output);
    const [row] = await read({ subscribe: "chosen" });
    // murmur2("foobar") positive, modulo 4, is 2.
    expect(row.partition).toBe(2);
    expect([...(row.value as Uint8Array)]).toEqual([1, 2]);
    expect(await KafkaCluster.of(ctx.t.spark.fs, servers()).listTopics()).toEqual(["chosen"]);
  });

  it("writes a re-run batch again after a restart (at-least-once), but not twice in one run", async () => {
    const output = table("value STRING", [{ value: "x" }]);
    const first = sink(output.schema, { topic: "t" });
    await first.addBatch(0, output);
    await first.addBatch(0, output);
    expect(await read({ subscribe: "t" })).toHaveLength(1);
    await sink(output.schema, { topic: "t" }).addBatch(0, output);
    expect(await read({ subscribe: "t" })).toHaveLength(2);
  });

  it("refuses a schema it cannot write before writing anything, with Spark's messages", () => {
    const schema = (ddl: string) => ctx.t.spark.parseSchema(ddl);
    expect(() => sink(schema("value STRING"))).toThrow(AnalysisException);
    expect(() => sink(schema("value STRING"))).toThrow(
      "topic option required when no 'topic' attribute is present. Use the topic option for setting a topic.",
    );
    expect(() => sink(schema("key STRING"), { topic: "t" })).toThrow("Required attribute 'value' not found");
    expect(() => sink(schema("value INT"), { topic: "t" })).toThrow(
      "value attribute unsupported type int. value must be a(n) string or binary",
    );
    expect(() => sink(schema("value STRING, partition BIGINT"), { topic: "t" })).toThrow(
      "partition attribute unsupported type bigint. partition must be a(n) int",
    );
    expect(() => new KafkaSink(ctx.t.spark, { topic: "t" }, schema("value STRING"))).toThrow(
      "Option 'kafka.bootstrap.servers' must be specified for configuring Kafka producer",
    );
  });

  it("lists the options it accepts but cannot honour", () => {
    const notes: string[] = [];
    const options = {
      "kafka.bootstrap.servers": servers(),
      topic: "t",
      "kafka.acks": "all",
      "kafka.linger.ms": "5",
    };
    new KafkaSink(ctx.t.spark, options, ctx.t.spark.parseSchema("value STRING"), (m) => notes.push(m));
    expect(notes).toEqual([
      "KafkaSink: options not honoured by Sluice's in-browser Kafka (accepted and ignored): kafka.acks, kafka.linger.ms",
    ]);
  });

  it("refuses a row without a topic", async () => {
    const output = table("topic STRING, value STRING", [{ topic: null, value: "x" }]);
    await expect(sink(output.schema).addBatch(0, output)).rejects.toThrow(
      "[KAFKA_NULL_TOPIC_IN_DATA] The Kafka message data sent to the producer contains a null topic. Use the `topic` option for setting a default topic.",
    );
  });

  it("reads a batch between starting and ending offsets", async () => {
    const output = table(
      "value STRING",
      Array.from({ length: 6 }, (_, i) => ({ value: `v${i}` })),
    );
    await sink(output.schema, { topic: "b" }).addBatch(0, output);
    const values = async (o: Record<string, string>) =>
      (await read({ subscribe: "b", ...o })).map((r) => text(r.value));
    expect(await values({})).toEqual(["v0", "v1", "v2", "v3", "v4", "v5"]);
    expect(await values({ startingOffsets: '{"b":{"0":2}}', endingOffsets: '{"b":{"0":4}}' })).toEqual([
      "v2",
      "v3",
    ]);
    expect(await values({ startingOffsets: '{"b":{"0":-2}}', endingOffsets: '{"b":{"0":-1}}' })).toHaveLength(
      6,
    );
    await expect(values({ startingOffsets: '{"b":{"0":9}}' })).rejects.toThrow(
      /^\[RESOLVED_START_OFFSET_GREATER_THAN_END_OFFSET\] The resolved start offset 9 is greater than the resolved end offset 6 for topic b partition 0\./,
    );
    await expect(values({ subscribe: "nope" })).rejects.toThrow(/no topic 'nope'/);
  });
});
