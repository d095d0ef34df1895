/**
 * The queries the crash harness kills and restarts, each with what its sink holds (read back by the parent) and
 * the answer computed without the engine. Sink contents are multisets of units: rows for a file sink, input
 * events for a running count, so a duplicated or lost unit is counted as exactly one.
 */
import { joinPath } from "../../io/FileSystem";
import { KafkaAdmin } from "../../kafka/KafkaAdmin";
import { KafkaCluster } from "../../kafka/KafkaCluster";
import { KafkaProducer } from "../../kafka/KafkaProducer";
import type { SparkSession } from "../../session/SparkSession";
import { col } from "../../sql/api/functions";
import type { Row } from "../../sql/api/rows";
import { SEED_SCHEMA } from "../eventFiles";
import { readParquetRows } from "../expected";

/** Where the harness writes its input (read-only for every episode). */
export const INPUT_DIR = "/input/events";

export interface EpisodeDirs {
  checkpoint: string;
  out: string;
  /** foreachBatch deliveries: `<received>/<batchId>/<attempt>.json`. */
  received: string;
}

export function episodeDirs(episode: string): EpisodeDirs {
  const base = joinPath("/episodes", episode);
  return {
    checkpoint: joinPath(base, "checkpoint"),
    out: joinPath(base, "out"),
    received: joinPath(base, "received"),
  };
}

export type Multiset = Map<string, number>;

export interface SinkContents {
  units: Multiset;
  /** Re-deliveries of a batch (after a crash) whose rows differ from the first delivery. */
  inconsistentRedeliveries: number;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Whether the query keeps state (crash and quota points inside state files apply to it). */
  readonly stateful: boolean;
  /** Child process: runs the query on the episode's checkpoint until the input is processed. */
  run(spark: SparkSession, dirs: EpisodeDirs, attempt: number): Promise<void>;
  /** Parent: what the sink holds. */
  output(spark: SparkSession, dirs: EpisodeDirs): Promise<SinkContents>;
  /** Parent: the answer, from the input files decoded and counted in plain JavaScript. */
  expected(spark: SparkSession, inputFiles: readonly string[]): Promise<Multiset>;
}

const addTo = (m: Multiset, key: string, n = 1) => m.set(key, (m.get(key) ?? 0) + n);

const events = (spark: SparkSession) =>
  spark.readStream.schema(SEED_SCHEMA).option("maxFilesPerTrigger", 1).parquet(INPUT_DIR);

const OUT_SCHEMA = "user_id STRING, event_timestamp BIGINT, event_name STRING";
const outRow = (r: Row | Record<string, unknown>) =>
  JSON.stringify([r.user_id, Number(r.event_timestamp), r.event_name]);

/** A stateless query into a Parquet file sink, read back through its `_spark_metadata` log. */
const fileSink: Scenario = {
  name: "parquet sink",
  description: "filter + select, a file per trigger (availableNow), Parquet file sink",
  stateful: false,
  async run(spark, dirs) {
    const query = await events(spark)
      .filter(col("event_name").neq("main"))
      .select("user_id", "event_timestamp", "event_name")
      .writeStream.format("parquet")
      .trigger({ availableNow: true })
      .option("checkpointLocation", dirs.checkpoint)
      .start(dirs.out);
    await query.awaitTermination();
  },
  async output(spark, dirs) {
    const units: Multiset = new Map();
    if (await spark.fs.stat(dirs.out))
      for (const r of await spark.read.schema(OUT_SCHEMA).parquet(dirs.out).collect())
        addTo(units, outRow(r));
    return { units, inconsistentRedeliveries: 0 };
  },
  async expected(spark, inputFiles) {
    const units: Multiset = new Map();
    for (const path of inputFiles)
      for (const r of await readParquetRows(spark.fs, path))
        if (r.event_name !== "main") addTo(units, outRow(r));
    return units;
  },
};

/**
 * A stateful count in update mode into foreachBatch, which records each delivery on disk; the table is rebuilt
 * by applying the last delivery of each batch in batch order. Snapshots every 2 batches, 2 batches retained.
 */
const statefulForeachBatch: Scenario = {
  name: "state + foreachBatch",
  description:
    "groupBy(traffic_source, device).count(), update mode, foreachBatch, snapshots every 2 batches",
  stateful: true,
  async run(spark, dirs, attempt) {
    const query = await events(spark)
      .groupBy("traffic_source", "device")
      .count()
      .writeStream.outputMode("update")
      .foreachBatch(async (df, batchId) => {
        const rows = (await df.collect()).map((r) => [r.traffic_source, r.device, Number(r.count)]);
        await spark.fs.writeFile(
          joinPath(dirs.received, String(batchId), `${attempt}.json`),
          JSON.stringify(rows.sort()),
        );
      })
      .option("checkpointLocation", dirs.checkpoint)
      .start();
    await query.processAllAvailable();
    await query.stop();
  },
  async output(spark, dirs) {
    const table = new Map<string, number>();
    let inconsistentRedeliveries = 0;
    const batches = (await spark.fs.list(dirs.received))
      .filter((d) => d.isDirectory)
      .sort((a, b) => Number(a.name) - Number(b.name));
    for (const batch of batches) {
      const deliveries = (await spark.fs.list(batch.path))
        .filter((f) => /^\d+\.json$/.test(f.name))
        .sort((a, b) => Number.parseInt(a.name, 10) - Number.parseInt(b.name, 10));
      const texts = await Promise.all(
        deliveries.map(async (f) => new TextDecoder().decode(await spark.fs.readFile(f.path))),
      );
      inconsistentRedeliveries += texts.filter((t) => t !== texts[0]).length;
      const last = JSON.parse(texts.at(-1) ?? "[]") as [string, string, number][];
      for (const [source, device, count] of last) table.set(`${source}|${device}`, count);
    }
    return { units: table, inconsistentRedeliveries };
  },
  async expected(spark, inputFiles) {
    const counts: Multiset = new Map();
    for (const path of inputFiles)
      for (const r of await readParquetRows(spark.fs, path)) addTo(counts, `${r.traffic_source}|${r.device}`);
    return counts;
  },
};

/** Where the parent produces the Kafka scenario's input: the event files' rows as JSON, over 3 partitions. */
export const INPUT_TOPIC = "crash-events";
const KAFKA_SERVERS = "localhost:9092";

/** Parent: the input topic, made once from the event files (keyed by user, so partitions get uneven shares). */
export async function produceInputTopic(spark: SparkSession, inputFiles: readonly string[]): Promise<void> {
  await KafkaAdmin.create(spark, { "bootstrap.servers": KAFKA_SERVERS }).createTopics([
    { name: INPUT_TOPIC, numPartitions: 3 },
  ]);
  const producer = new KafkaProducer(spark, { "bootstrap.servers": KAFKA_SERVERS });
  for (const path of inputFiles) {
    const rows = await readParquetRows(spark.fs, path);
    await Promise.all(
      rows.map((r) =>
        producer.send({ topic: INPUT_TOPIC, key: String(r.user_id), value: JSON.stringify(eventJson(r)) }),
      ),
    );
  }
}

const eventJson = (r: Row | Record<string, unknown>) => ({
  user_id: r.user_id,
  event_timestamp: Number(r.event_timestamp),
  event_name: r.event_name,
});

/** A Kafka-sourced query into a Parquet file sink: each record once, by partition and offset. */
const kafkaFileSink: Scenario = {
  name: "kafka source",
  description: "Kafka topic of 3 partitions, maxOffsetsPerTrigger 150, availableNow, Parquet file sink",
  stateful: false,
  async run(spark, dirs) {
    const query = await spark.readStream
      .format("kafka")
      .option("kafka.bootstrap.servers", KAFKA_SERVERS)
      .option("subscribe", INPUT_TOPIC)
      .option("startingOffsets", "earliest")
      .option("maxOffsetsPerTrigger", 150)
      .load()
      .selectExpr("partition", "offset", "CAST(value AS STRING) AS value")
      .writeStream.format("parquet")
      .trigger({ availableNow: true })
      .option("checkpointLocation", dirs.checkpoint)
      .start(dirs.out);
    await query.awaitTermination();
  },
  async output(spark, dirs) {
    const units: Multiset = new Map();
    if (await spark.fs.stat(dirs.out))
      for (const r of await spark.read
        .schema("partition INT, offset BIGINT, value STRING")
        .parquet(dirs.out)
        .collect())
        addTo(units, JSON.stringify([r.partition, Number(r.offset), r.value]));
    return { units, inconsistentRedeliveries: 0 };
  },
  async expected(spark) {
    const units: Multiset = new Map();
    const cluster = KafkaCluster.of(spark.fs, KAFKA_SERVERS);
    const topic = await cluster.requireTopic(INPUT_TOPIC);
    for (let p = 0; p < topic.partitions; p++)
      for (const r of await cluster.read(INPUT_TOPIC, p, 0, Number.MAX_SAFE_INTEGER))
        addTo(units, JSON.stringify([p, r.offset, new TextDecoder().decode(r.value!)]));
    return units;
  },
};

export const SCENARIOS: readonly Scenario[] = [fileSink, statefulForeachBatch, kafkaFileSink];

export function scenarioNamed(name: string): Scenario {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) throw new Error(`no crash scenario named ${name}`);
  return s;
}

/** Units the sink holds more often than the answer (duplicated) and less often (lost). */
export function compareUnits(got: Multiset, expected: Multiset): { duplicated: number; lost: number } {
  let duplicated = 0;
  let lost = 0;
  for (const key of new Set([...got.keys(), ...expected.keys()])) {
    const d = (got.get(key) ?? 0) - (expected.get(key) ?? 0);
    if (d > 0) duplicated += d;
    else lost -= d;
  }
  return { duplicated, lost };
}
