/**
 * Kafka and socket streams end to end: queries over the in-browser topics through readStream/read and
 * writeStream/write, as lesson code writes them; restarts from the checkpoint with nothing lost or duplicated;
 * errors before any batch.
 */
import { describe, expect, it } from "vitest";
import { StreamingQueryException } from "../../errors/exceptions";
import { EVENT_JSON_SCHEMA, EventProducer } from "../../kafka/EventProducer";
import { KafkaAdmin } from "../../kafka/KafkaAdmin";
import { KafkaProducer } from "../../kafka/KafkaProducer";
import { socketServer } from "../../sources/SocketServer";
import { col, explode, from_json, split } from "../../sql/api/functions";
import type { Row } from "../../sql/api/rows";
import { logIds, readText, sharedSession } from "../../testing/files";

const SERVERS = "localhost:9092";

describe("Kafka streams", () => {
  const ctx = sharedSession();
  const topic = (name: string) => `${ctx.dir.slice(1)}-${name}`;
  const producer = () => new KafkaProducer(ctx.t.spark);
  const admin = () => KafkaAdmin.create(ctx.t.spark);
  const send = async (t: string, values: string[], partition?: number) => {
    const p = producer();
    await Promise.all(values.map((value, i) => p.send({ topic: t, key: `k${i}`, value, partition })));
  };
  const kafka = (options: Record<string, string>) =>
    ctx.t.spark.readStream.format("kafka").option("kafka.bootstrap.servers", SERVERS).options(options).load();
  const values = async (path: string) =>
    (await ctx.t.spark.read.schema("value STRING").parquet(path).collect())
      .map((r) => r.value as string)
      .sort();

  it("reads a topic with lesson code: CAST(value AS STRING), offsets in the checkpoint as Spark's JSON", async () => {
    const t = topic("events");
    await admin().createTopics([{ name: t, numPartitions: 2 }]);
    await send(t, ["a", "b"], 0);
    await send(t, ["c"], 1);
    const df = kafka({ subscribe: t, startingOffsets: "earliest" });
    expect(df.isStreaming).toBe(true);
    expect(df.columns).toEqual([
      "key",
      "value",
      "topic",
      "partition",
      "offset",
      "timestamp",
      "timestampType",
    ]);
    const query = await df
      .selectExpr("CAST(key AS STRING) AS key", "CAST(value AS STRING) AS value", "partition", "offset")
      .writeStream.format("memory")
      .queryName("kafka_rows")
      .option("checkpointLocation", `${ctx.dir}/ckpt`)
      .start();
    await query.processAllAvailable();
    const rows = await ctx.t.spark.sql("SELECT * FROM kafka_rows ORDER BY partition, offset").collect();
    expect(rows.map((r) => [r.key, r.value, r.partition, Number(r.offset)])).toEqual([
      ["k0", "a", 0, 0],
      ["k1", "b", 0, 1],
      ["k0", "c", 1, 0],
    ]);
    const offsets = (await readText(ctx.t, `${ctx.dir}/ckpt/offsets/0`)).split("\n");
    expect(offsets[2]).toBe(`{"${t}":{"0":2,"1":1}}`);
    const progress = query.recentProgress.find((p) => p.numInputRows > 0)!;
    expect(progress.sources[0].description).toBe(`KafkaV2[Subscribe[${t}]]`);
    expect(progress.sources[0].endOffset).toEqual({ [t]: { "0": 2, "1": 1 } });
    await query.stop();
  });

  it("runs the README's example: teaching events produced as JSON, parsed with from_json", async () => {
    const t = topic("readme");
    await admin().createTopics([{ name: t, numPartitions: 3 }]);
    const events = new EventProducer(producer(), { topic: t, rowsPerSecond: 10, lateFraction: 0.1 });
    await events.produceNow(20);
    const query = await kafka({ subscribe: t, startingOffsets: "earliest" })
      .select(from_json(col("value").cast("string"), EVENT_JSON_SCHEMA).alias("e"))
      .select("e.*")
      .writeStream.format("memory")
      .queryName("readme_events")
      .start();
    await query.processAllAvailable();
    await query.stop();
    const rows = await ctx.t.spark.sql("SELECT * FROM readme_events").collect();
    expect(rows).toHaveLength(20);
    expect(Object.keys(rows[0])).toEqual(["user_id", "event_time", "event_name", "traffic_source", "device"]);
    for (const r of rows) expect(r.event_time).toBeInstanceOf(Date);
  });

  it("splits a backlog into batches of maxOffsetsPerTrigger under Trigger.AvailableNow", async () => {
    const t = topic("backlog");
    await send(
      t,
      Array.from({ length: 10 }, (_, i) => `v${i}`),
    );
    const query = await kafka({ subscribe: t, startingOffsets: "earliest", maxOffsetsPerTrigger: "4" })
      .selectExpr("CAST(value AS STRING) AS value")
      .writeStream.format("parquet")
      .trigger({ availableNow: true })
      .option("checkpointLocation", `${ctx.dir}/ckpt`)
      .start(`${ctx.dir}/out`);
    await query.awaitTermination();
    expect(query.recentProgress.filter((p) => p.numInputRows > 0).map((p) => p.numInputRows)).toEqual([
      4, 4, 2,
    ]);
    expect(await values(`${ctx.dir}/out`)).toEqual(Array.from({ length: 10 }, (_, i) => `v${i}`).sort());
  });

  it("restarts from its checkpoint with nothing lost or duplicated, whatever startingOffsets says then", async () => {
    const t = topic("restart");
    await send(t, ["1", "2", "3"]);
    const start = (startingOffsets: string) =>
      kafka({ subscribe: t, startingOffsets })
        .selectExpr("CAST(value AS STRING) AS value")
        .writeStream.format("parquet")
        .option("checkpointLocation", `${ctx.dir}/ckpt`)
        .start(`${ctx.dir}/out`);
    const first = await start("earliest");
    await first.processAllAvailable();
    await first.stop();
    await send(t, ["4", "5"]);
    const second = await start("latest");
    await second.processAllAvailable();
    await send(t, ["6"]);
    await second.processAllAvailable();
    await second.stop();
    expect(await values(`${ctx.dir}/out`)).toEqual(["1", "2", "3", "4", "5", "6"]);
    // A batch logged in offsets/N but not committed runs again with the same records.
    const ids = await logIds(ctx.t, `${ctx.dir}/ckpt/commits`);
    await ctx.t.spark.fs.delete(`${ctx.dir}/ckpt/commits/${ids.at(-1)}`);
    const third = await start("earliest");
    await third.processAllAvailable();
    await third.stop();
    expect(await values(`${ctx.dir}/out`)).toEqual(["1", "2", "3", "4", "5", "6"]);
  });

  it("fails with failOnDataLoss when retention deleted offsets the checkpoint needs; skips them without it", async () => {
    const t = topic("retention");
    await admin().createTopics([{ name: t, configs: { "segment.bytes": 100 } }]);
    // A memory sink in append mode cannot recover from a checkpoint (as Spark's): rows go to foreachBatch.
    const rows: Row[] = [];
    const start = (failOnDataLoss: string) =>
      kafka({ subscribe: t, startingOffsets: "earliest", failOnDataLoss })
        .selectExpr("CAST(value AS STRING) AS value")
        .writeStream.foreachBatch(async (batch) => {
          rows.push(...(await batch.collect()));
        })
        .option("checkpointLocation", `${ctx.dir}/ckpt`)
        .start();
    await send(t, ["a"]);
    const first = await start("true");
    await first.processAllAvailable();
    await first.stop();
    for (let i = 0; i < 10; i++) await send(t, [`b${i}`]);
    await admin().incrementalAlterConfigs({ [t]: { "retention.bytes": 150 } });
    const failing = await start("true");
    await expect(failing.awaitTermination()).rejects.toThrow(StreamingQueryException);
    expect(String((failing.exception()!.cause as Error).message)).toMatch(
      /^Cannot fetch records in \[1, \d+\)/,
    );
    rows.length = 0;
    const lenient = await start("false");
    await lenient.processAllAvailable();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(10);
    await lenient.stop();
  });

  it("says in the query's output which options it accepted but cannot honour", async () => {
    const t = topic("ignored");
    await send(t, ["a"]);
    const output: { text: string; queryId?: string }[] = [];
    ctx.t.spark.setOutput((text, origin) => output.push({ text, queryId: origin?.queryId }));
    try {
      const query = await kafka({
        subscribe: t,
        "kafka.security.protocol": "SASL_SSL",
        groupIdPrefix: "lesson",
      })
        .writeStream.format("noop")
        .start();
      await query.processAllAvailable();
      await query.stop();
      expect(output).toEqual([
        {
          text: `WARN KafkaV2[Subscribe[${t}]]: options not honoured by Sluice's in-browser Kafka (accepted and ignored): kafka.security.protocol, groupIdPrefix`,
          queryId: query.id,
        },
      ]);
    } finally {
      ctx.t.spark.setOutput((text) => console.info(text));
    }
  });

  it("refuses a bad option when the DataFrame is built, and a missing topic before any batch", async () => {
    expect(() => kafka({ subscribe: "a", assign: '{"a":[0]}' })).toThrow(
      /^Only one of the following options can be specified for Kafka source/,
    );
    expect(() => ctx.t.spark.readStream.format("kafka").option("subscribe", "a").load()).toThrow(
      "Option 'kafka.bootstrap.servers' must be specified for configuring Kafka consumer",
    );
    expect(() => kafka({ subscribe: "a" }).schema).not.toThrow();
    const withSchema = ctx.t.spark.readStream.format("kafka").schema("a INT");
    expect(() =>
      withSchema.option("kafka.bootstrap.servers", SERVERS).option("subscribe", "a").load(),
    ).toThrow("requirement failed: Kafka source has a fixed schema and cannot be set with a custom one");
    await expect(
      kafka({ subscribe: topic("missing") })
        .writeStream.format("memory")
        .queryName("missing_topic")
        .option("checkpointLocation", `${ctx.dir}/ckpt`)
        .start(),
    ).rejects.toThrow(/This server does not host this topic-partition/);
    expect(await logIds(ctx.t, `${ctx.dir}/ckpt/offsets`)).toEqual([]);
  });

  it("reads one topic and writes another with the Kafka sink; batch reads and writes", async () => {
    const input = topic("in");
    const output = topic("out");
    await send(input, ["x", "y"]);
    const query = await kafka({ subscribe: input, startingOffsets: "earliest" })
      .selectExpr("key", "upper(CAST(value AS STRING)) AS value")
      .writeStream.format("kafka")
      .option("kafka.bootstrap.servers", SERVERS)
      .option("topic", output)
      .option("checkpointLocation", `${ctx.dir}/ckpt`)
      .start();
    await query.processAllAvailable();
    await query.stop();
    await ctx.t.spark
      .createDataFrame([{ value: "z" }], "value STRING")
      .write.format("kafka")
      .option("kafka.bootstrap.servers", SERVERS)
      .option("topic", output)
      .save();
    await expect(
      ctx.t.spark
        .createDataFrame([{ value: "z" }], "value STRING")
        .write.format("kafka")
        .mode("overwrite")
        .save(),
    ).rejects.toThrow(
      "Save mode Overwrite not allowed for Kafka. Allowed save modes are Append and ErrorIfExists (default).",
    );
    const read = await ctx.t.spark.read
      .format("kafka")
      .option("kafka.bootstrap.servers", SERVERS)
      .option("subscribe", output)
      .load()
      .selectExpr("CAST(key AS STRING) AS key", "CAST(value AS STRING) AS value")
      .collect();
    expect(read.map((r) => [r.key, r.value])).toEqual([
      ["k0", "X"],
      ["k1", "Y"],
      [null, "z"],
    ]);
  });
});

describe("socket streams", () => {
  const ctx = sharedSession();

  it("counts the words of lines sent to the socket, as the programming guide's first example", async () => {
    const server = socketServer(ctx.t.spark, "localhost", 9999);
    const lines = ctx.t.spark.readStream
      .format("socket")
      .option("host", "localhost")
      .option("port", 9999)
      .load();
    expect(lines.columns).toEqual(["value"]);
    const query = await lines
      .select(explode(split(col("value"), " ")).alias("word"))
      .groupBy("word")
      .count()
      .writeStream.outputMode("complete")
      .format("memory")
      .queryName("word_counts")
      .start();
    server.send("the cat sat", "on the mat");
    await query.processAllAvailable();
    const rows = await ctx.t.spark.sql("SELECT word, count FROM word_counts ORDER BY word").collect();
    expect(rows.map((r) => [r.word, Number(r.count)])).toEqual([
      ["cat", 1],
      ["mat", 1],
      ["on", 1],
      ["sat", 1],
      ["the", 2],
    ]);
    await query.stop();
  });

  it("refuses to start where nothing listens, as Spark's does", async () => {
    await expect(
      ctx.t.spark.readStream
        .format("socket")
        .option("host", "localhost")
        .option("port", 9998)
        .load()
        .writeStream.format("memory")
        .queryName("nothing")
        .start(),
    ).rejects.toThrow(/Connection refused: nothing listens on localhost:9998/);
  });
});
