/**
 * Kafka's TopicPartition, and Spark's PartitionOffsetMap (TopicPartition → offset) keyed by Kafka's
 * `topic-partition` string, with Spark's JSON forms (JsonUtils): `{"topicA":{"0":23,"1":-1}}` for offsets and
 * timestamps, `{"topicA":[0,1]}` for partitions to assign.
 */
import { IllegalArgumentException } from "../errors/exceptions";

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** Offsets (or timestamps) by `topic-partition`. */
export type PartitionOffsetMap = ReadonlyMap<string, number>;

/** Kafka's TopicPartition.toString: "topic-0" (also the PartitionOffsetMap key). */
export function tpKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/** The topic and partition of a `topic-partition` key (a topic may itself contain '-'). */
export function parseTpKey(key: string): TopicPartition {
  const at = key.lastIndexOf("-");
  return { topic: key.slice(0, at), partition: Number(key.slice(at + 1)) };
}

/** Keys ordered as Spark orders TopicPartitions: by topic, then partition. */
export function sortedKeys(keys: Iterable<string>): string[] {
  return [...keys]
    .map((k) => ({ k, tp: parseTpKey(k) }))
    .sort((a, b) =>
      a.tp.topic < b.tp.topic ? -1 : a.tp.topic > b.tp.topic ? 1 : a.tp.partition - b.tp.partition,
    )
    .map(({ k }) => k);
}

/** A set of TopicPartitions as Scala prints one in messages: "Set(t-0, t-1)". */
export function setString(keys: Iterable<string>): string {
  return `Set(${sortedKeys(keys).join(", ")})`;
}

/** A PartitionOffsetMap as Scala prints a Map in messages: "Map(t-0 -> 5)". */
export function mapString(offsets: PartitionOffsetMap): string {
  return `Map(${sortedKeys(offsets.keys())
    .map((k) => `${k} -> ${offsets.get(k)}`)
    .join(", ")})`;
}

/** Spark's JsonUtils.partitionOffsets(map): topics then partitions in order, so equal maps give equal JSON. */
export function partitionOffsetsJson(offsets: PartitionOffsetMap): string {
  const out: Record<string, Record<string, number>> = {};
  for (const key of sortedKeys(offsets.keys())) {
    const { topic, partition } = parseTpKey(key);
    out[topic] ??= {};
    out[topic][String(partition)] = offsets.get(key)!;
  }
  // Partition keys are integer-like, which JavaScript objects already keep in ascending order.
  return JSON.stringify(out);
}

/** Spark's JsonUtils.partitionOffsets(json), with its message for anything else. */
export function parsePartitionOffsets(json: string): Map<string, number> {
  return parseNestedLongs(json, `Expected e.g. {"topicA":{"0":23,"1":-1},"topicB":{"0":-2}}, got ${json}`);
}

/** Spark's JsonUtils.partitionTimestamps(json). */
export function parsePartitionTimestamps(json: string): Map<string, number> {
  return parseNestedLongs(
    json,
    `Expected e.g. {"topicA": {"0": 123456789, "1": 123456789},\n"topicB": {"0": 123456789, "1": 123456789}}, got ${json}`,
  );
}

function parseNestedLongs(json: string, message: string): Map<string, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new IllegalArgumentException(message);
  }
  if (!isObject(parsed)) throw new IllegalArgumentException(message);
  const out = new Map<string, number>();
  for (const [topic, partitions] of Object.entries(parsed)) {
    if (!isObject(partitions)) throw new IllegalArgumentException(message);
    for (const [partition, value] of Object.entries(partitions)) {
      if (!/^-?\d+$/.test(partition) || typeof value !== "number" || !Number.isSafeInteger(value))
        throw new IllegalArgumentException(message);
      out.set(tpKey(topic, Number(partition)), value);
    }
  }
  return out;
}

/** Spark's JsonUtils.partitions(json): the `assign` option. */
export function parsePartitions(json: string): TopicPartition[] {
  const message = `Expected e.g. {"topicA":[0,1],"topicB":[0,1]}, got ${json}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new IllegalArgumentException(message);
  }
  if (!isObject(parsed)) throw new IllegalArgumentException(message);
  const out: TopicPartition[] = [];
  for (const [topic, partitions] of Object.entries(parsed)) {
    if (!Array.isArray(partitions)) throw new IllegalArgumentException(message);
    for (const p of partitions) {
      if (!Number.isInteger(p)) throw new IllegalArgumentException(message);
      out.push({ topic, partition: p });
    }
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
