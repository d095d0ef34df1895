/**
 * Kafka's KafkaConsumer, reduced to manual assignment (no consumer groups): assign partitions, seek, poll.
 * What a cell or the notebook's Topics tab uses to look at a topic's records; Spark's Kafka source does not
 * go through it.
 * @example
 * const consumer = new KafkaConsumer(spark);
 * consumer.assign([{ topic: "events", partition: 0 }]);
 * consumer.seekToBeginning();
 * const records = await consumer.poll(100);
 */
import { IllegalArgumentException } from "../errors/exceptions";
import { unknownTopicOrPartition } from "./errors";
import { DEFAULT_BOOTSTRAP_SERVERS, KafkaCluster } from "./KafkaCluster";
import type { KafkaContext } from "./KafkaContext";
import type { ConsumerRecord } from "./KafkaRecord";
import { type TopicPartition, tpKey } from "./TopicPartition";

export class KafkaConsumer {
  readonly cluster: KafkaCluster;
  private assignment: TopicPartition[] = [];
  /** The next offset to read per partition; undefined: the partition's earliest (auto.offset.reset). */
  private readonly positions = new Map<string, number | "earliest" | "latest">();

  constructor(
    context: KafkaContext,
    private readonly config: {
      readonly "bootstrap.servers"?: string;
      readonly "auto.offset.reset"?: "earliest" | "latest";
      readonly [other: string]: unknown;
    } = {},
  ) {
    this.cluster = KafkaCluster.of(context.fs, config["bootstrap.servers"] ?? DEFAULT_BOOTSTRAP_SERVERS);
  }

  /** Reads these partitions from now on (replacing any earlier assignment). */
  assign(partitions: readonly TopicPartition[]): void {
    this.assignment = [...partitions];
  }

  assignmentOf(): TopicPartition[] {
    return [...this.assignment];
  }

  /** The next poll of that partition starts at `offset`. */
  seek(partition: TopicPartition, offset: number): void {
    if (!Number.isSafeInteger(offset) || offset < 0)
      throw new IllegalArgumentException(`seek offset must not be a negative number: ${offset}`);
    this.positions.set(tpKey(partition.topic, partition.partition), offset);
  }

  seekToBeginning(partitions: readonly TopicPartition[] = this.assignment): void {
    for (const p of partitions) this.positions.set(tpKey(p.topic, p.partition), "earliest");
  }

  seekToEnd(partitions: readonly TopicPartition[] = this.assignment): void {
    for (const p of partitions) this.positions.set(tpKey(p.topic, p.partition), "latest");
  }

  /** The offset the next poll reads from. */
  async position(partition: TopicPartition): Promise<number> {
    return this.resolve(partition);
  }

  /** Up to `maxRecords` records after each partition's position (records a partition no longer has are skipped). */
  async poll(maxRecords = 500): Promise<ConsumerRecord[]> {
    const out: ConsumerRecord[] = [];
    for (const p of this.assignment) {
      if (out.length >= maxRecords) break;
      const from = await this.resolve(p);
      const log = this.cluster.log(p.topic, p.partition);
      const { start, end } = await log.offsets();
      const first = Math.max(from, start);
      const records = await log.read(first, Math.min(end, first + (maxRecords - out.length)));
      for (const r of records) out.push({ topic: p.topic, partition: p.partition, ...r });
      this.positions.set(tpKey(p.topic, p.partition), records.at(-1) ? records.at(-1)!.offset + 1 : first);
    }
    return out;
  }

  private async resolve(p: TopicPartition): Promise<number> {
    const topic = await this.cluster.requireTopic(p.topic);
    if (p.partition < 0 || p.partition >= topic.partitions)
      throw unknownTopicOrPartition(p.topic, this.cluster.servers, p.partition);
    const log = this.cluster.log(p.topic, p.partition);
    const position =
      this.positions.get(tpKey(p.topic, p.partition)) ?? this.config["auto.offset.reset"] ?? "latest";
    if (position === "earliest") return log.logStartOffset();
    if (position === "latest") return log.logEndOffset();
    return position;
  }
}
