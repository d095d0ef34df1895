/**
 * Kafka's Admin client, over the in-browser cluster: create, list, describe and delete topics, add partitions,
 * change topic configs, look up offsets, and run retention now.
 * @example
 * const admin = KafkaAdmin.create(spark);
 * await admin.createTopics([{ name: "events", numPartitions: 3, configs: { "retention.ms": 3_600_000 } }]);
 */
import { IllegalArgumentException } from "../errors/exceptions";
import { InvalidPartitionsException, unknownTopicOrPartition } from "./errors";
import { DEFAULT_BOOTSTRAP_SERVERS, KafkaCluster } from "./KafkaCluster";
import { defaultNumPartitions, type KafkaContext } from "./KafkaContext";
import type { TopicConfig } from "./TopicConfig";

export interface NewTopic {
  readonly name: string;
  /** The broker default (`sluice.kafka.numPartitions`, else 1) where missing. */
  readonly numPartitions?: number;
  /** Accepted for Kafka compatibility: the in-browser cluster keeps one copy. */
  readonly replicationFactor?: number;
  /** Topic configs by Kafka's names: retention.ms, retention.bytes, segment.bytes, message.timestamp.type. */
  readonly configs?: Readonly<Record<string, string | number>>;
}

export interface TopicPartitionInfo {
  readonly partition: number;
  /** The first offset still kept (retention moves it forward). */
  readonly earliestOffset: number;
  /** The offset the next record will get. */
  readonly latestOffset: number;
}

export interface TopicDescriptionWithPartitions {
  readonly name: string;
  readonly topicId: string;
  readonly partitions: readonly TopicPartitionInfo[];
  readonly config: TopicConfig;
}

/** Kafka's OffsetSpec: the earliest, the latest, or the first offset at or after a timestamp. */
export type OffsetSpec = "earliest" | "latest" | { readonly timestamp: number };

export interface ListOffsetsResultInfo {
  readonly topic: string;
  readonly partition: number;
  /** -1 where no record has a timestamp at or after the one asked for (Kafka's answer). */
  readonly offset: number;
}

export class KafkaAdmin {
  readonly cluster: KafkaCluster;

  private constructor(
    private readonly context: KafkaContext,
    servers: string,
  ) {
    this.cluster = KafkaCluster.of(context.fs, servers);
  }

  /** Kafka's Admin.create: `config["bootstrap.servers"]` names the cluster (default "localhost:9092"). */
  static create(
    context: KafkaContext,
    config: { readonly "bootstrap.servers"?: string; readonly [other: string]: unknown } = {},
  ): KafkaAdmin {
    return new KafkaAdmin(context, config["bootstrap.servers"] ?? DEFAULT_BOOTSTRAP_SERVERS);
  }

  /** Creates topics; fails (TopicExistsException, InvalidTopicException...) at the first that cannot be made. */
  async createTopics(topics: readonly NewTopic[]): Promise<void> {
    for (const t of topics) {
      if (
        t.replicationFactor !== undefined &&
        (!Number.isInteger(t.replicationFactor) || t.replicationFactor < 1)
      )
        throw new InvalidPartitionsException(`Replication factor must be larger than 0.`);
      await this.cluster.createTopic(
        t.name,
        t.numPartitions ?? defaultNumPartitions(this.context),
        t.configs,
      );
    }
  }

  /** The cluster's topic names, sorted. */
  listTopics(): Promise<string[]> {
    return this.cluster.listTopics();
  }

  /** Each topic with its partitions' offsets; a missing topic is UnknownTopicOrPartitionException. */
  async describeTopics(names: readonly string[]): Promise<TopicDescriptionWithPartitions[]> {
    const out: TopicDescriptionWithPartitions[] = [];
    for (const name of names) {
      const topic = await this.cluster.requireTopic(name);
      const partitions: TopicPartitionInfo[] = [];
      for (let p = 0; p < topic.partitions; p++) {
        const { start, end } = await this.cluster.log(name, p).offsets();
        partitions.push({ partition: p, earliestOffset: start, latestOffset: end });
      }
      out.push({ name, topicId: topic.topicId, partitions, config: topic.config });
    }
    return out;
  }

  /** Deletes topics and their records. */
  async deleteTopics(names: readonly string[]): Promise<void> {
    for (const name of names) await this.cluster.deleteTopic(name);
  }

  /** Kafka's createPartitions: `{ topic: newTotalCount }`. */
  async createPartitions(counts: Readonly<Record<string, number>>): Promise<void> {
    for (const [name, total] of Object.entries(counts)) await this.cluster.createPartitions(name, total);
  }

  /** Sets topic configs (Kafka's incrementalAlterConfigs with SET operations). */
  async incrementalAlterConfigs(
    changes: Readonly<Record<string, Readonly<Record<string, string | number>>>>,
  ): Promise<void> {
    for (const [name, configs] of Object.entries(changes)) {
      await this.cluster.alterConfigs(name, configs);
      // As a broker's cleaner would on its next pass: a shorter retention applies at once.
      await this.cluster.enforceRetention(name);
    }
  }

  /** Kafka's listOffsets: per partition, the earliest, the latest, or the offset for a timestamp. */
  async listOffsets(
    requests: readonly { topic: string; partition: number; spec: OffsetSpec }[],
  ): Promise<ListOffsetsResultInfo[]> {
    const out: ListOffsetsResultInfo[] = [];
    for (const { topic, partition, spec } of requests) {
      const description = await this.cluster.requireTopic(topic);
      if (!Number.isInteger(partition) || partition < 0 || partition >= description.partitions)
        throw unknownTopicOrPartition(topic, this.cluster.servers, partition);
      const log = this.cluster.log(topic, partition);
      let offset: number;
      if (spec === "earliest") offset = await log.logStartOffset();
      else if (spec === "latest") offset = await log.logEndOffset();
      else if (typeof spec === "object" && Number.isFinite(spec.timestamp))
        offset = (await log.offsetForTimestamp(spec.timestamp)) ?? -1;
      else
        throw new IllegalArgumentException(
          `Unknown OffsetSpec ${JSON.stringify(spec)}: use "earliest", "latest" or { timestamp }`,
        );
      out.push({ topic, partition, offset });
    }
    return out;
  }

  /** Applies retention now to one topic, or to all (a broker does it every few minutes on its own). */
  enforceRetention(topic?: string): Promise<void> {
    return this.cluster.enforceRetention(topic);
  }
}
