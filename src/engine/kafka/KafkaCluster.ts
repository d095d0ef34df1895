/**
 * The in-browser Kafka cluster: what a broker holds, on the engine's FileSystem (OPFS in the browser, a
 * directory in Node, memory in tests). A `kafka.bootstrap.servers` value names a cluster; its topics live
 * under `/kafka/<servers>/` (characters other than letters, digits, '.', '_' and '-' become '_'):
 *
 *   /kafka/localhost_9092/<topic>/topic.json     {"topic","topicId","partitions","config"}
 *   /kafka/localhost_9092/<topic>/<partition>/<base offset>.log    the partition's segments (LogSegment.ts)
 *
 * One cluster object per file system and servers string, shared by the session's producers, admins, sources
 * and sinks, so they share one in-memory view of each log and one queue of writes to it.
 */
import { invalidTopicMetadata } from "../errors/QueryExecutionErrors";
import { FileNotFoundError, type FileSystem, joinPath } from "../io/FileSystem";
import {
  InvalidPartitionsException,
  TopicExistsException,
  unknownTopicOrPartition,
  validateTopicName,
} from "./errors";
import { TimestampType } from "./KafkaRecord";
import type { LogRecord } from "./LogSegment";
import { type NewRecord, PartitionLog } from "./PartitionLog";
import { parseTopicConfig, type TopicConfig } from "./TopicConfig";

/** Where every cluster's topics live. */
export const KAFKA_ROOT = "/kafka";
/** The servers lesson code names most often; Sluice's API uses it where none is given. */
export const DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";

export interface TopicDescription {
  readonly name: string;
  /** A new id each time a topic of this name is created, as Kafka's topic ids. */
  readonly topicId: string;
  readonly partitions: number;
  readonly config: TopicConfig;
}

const clusters = new WeakMap<FileSystem, Map<string, KafkaCluster>>();

export class KafkaCluster {
  /** The directory of this cluster's topics. */
  readonly root: string;
  private readonly logs = new Map<string, PartitionLog>();
  /** Topic creation, deletion and changes run one at a time. */
  private metadataQueue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly fs: FileSystem,
    /** The `bootstrap.servers` string that names the cluster. */
    readonly servers: string,
    /** Milliseconds since the epoch: record timestamps and retention read it (tests pass their own). */
    public clock: () => number = Date.now,
  ) {
    this.root = joinPath(KAFKA_ROOT, clusterDirName(servers));
  }

  /** The session's cluster for `servers` (one per file system and servers string). */
  static of(fs: FileSystem, servers: string = DEFAULT_BOOTSTRAP_SERVERS): KafkaCluster {
    let byServers = clusters.get(fs);
    if (!byServers) {
      byServers = new Map();
      clusters.set(fs, byServers);
    }
    const key = servers.trim();
    let cluster = byServers.get(key);
    if (!cluster) {
      cluster = new KafkaCluster(fs, key);
      byServers.set(key, cluster);
    }
    return cluster;
  }

  /** Kafka's CreateTopics: fails with TopicExistsException where the topic is there already. */
  createTopic(
    name: string,
    numPartitions: number,
    configs: Readonly<Record<string, string | number>> = {},
  ): Promise<TopicDescription> {
    return this.metadataChange(async () => {
      validateTopicName(name);
      checkPartitionCount(numPartitions);
      const config = parseTopicConfig(configs);
      if (await this.readTopic(name)) throw new TopicExistsException(`Topic '${name}' already exists.`);
      const topic: TopicDescription = {
        name,
        topicId: crypto.randomUUID(),
        partitions: numPartitions,
        config,
      };
      await this.writeTopic(topic);
      return topic;
    });
  }

  /**
   * The topic, created with `numPartitions` partitions where it does not exist, as a broker with
   * `auto.create.topics.enable` does when a producer writes to it.
   */
  async getOrCreateTopic(name: string, numPartitions: number): Promise<TopicDescription> {
    const existing = await this.describeTopic(name);
    if (existing) return existing;
    return this.metadataChange(async () => {
      validateTopicName(name);
      const raced = await this.readTopic(name);
      if (raced) return raced;
      checkPartitionCount(numPartitions);
      const topic: TopicDescription = {
        name,
        topicId: crypto.randomUUID(),
        partitions: numPartitions,
        config: parseTopicConfig(),
      };
      await this.writeTopic(topic);
      return topic;
    });
  }

  /** The topic, or undefined where the cluster has none of that name. */
  describeTopic(name: string): Promise<TopicDescription | undefined> {
    return this.readTopic(name);
  }

  /** Like describeTopic, but a missing topic is Kafka's UnknownTopicOrPartitionException. */
  async requireTopic(name: string): Promise<TopicDescription> {
    const topic = await this.readTopic(name);
    if (!topic) throw unknownTopicOrPartition(name, this.servers);
    return topic;
  }

  /** The names of the cluster's topics, sorted. */
  async listTopics(): Promise<string[]> {
    const names: string[] = [];
    for (const entry of await this.fs.list(this.root)) {
      if (entry.isDirectory && (await this.fs.stat(this.topicFile(entry.name)))) names.push(entry.name);
    }
    return names.sort();
  }

  /** Kafka's DeleteTopics: the topic and all its records. */
  deleteTopic(name: string): Promise<void> {
    return this.metadataChange(async () => {
      await this.requireTopic(name);
      // The metadata goes first: a crash half way leaves a directory no listing shows as a topic.
      await this.fs.delete(this.topicFile(name));
      await this.fs.delete(joinPath(this.root, name));
      for (const key of [...this.logs.keys()]) if (key.startsWith(`${name}/`)) this.logs.delete(key);
    });
  }

  /** Kafka's CreatePartitions: grows the topic to `totalCount` partitions (never shrinks it). */
  createPartitions(name: string, totalCount: number): Promise<TopicDescription> {
    return this.metadataChange(async () => {
      const topic = await this.requireTopic(name);
      if (totalCount <= topic.partitions)
        throw new InvalidPartitionsException(
          totalCount === topic.partitions
            ? `Topic already has ${topic.partitions} partitions.`
            : `Topic currently has ${topic.partitions} partitions, which is higher than the requested ${totalCount}.`,
        );
      const grown = { ...topic, partitions: totalCount };
      await this.writeTopic(grown);
      return grown;
    });
  }

  /** Kafka's IncrementalAlterConfigs (set): changes some of a topic's configs. */
  alterConfigs(name: string, configs: Readonly<Record<string, string | number>>): Promise<TopicDescription> {
    return this.metadataChange(async () => {
      const topic = await this.requireTopic(name);
      const altered = { ...topic, config: parseTopicConfig(configs, topic.config) };
      await this.writeTopic(altered);
      return altered;
    });
  }

  /** The log of one partition. */
  log(topic: string, partition: number): PartitionLog {
    const key = `${topic}/${partition}`;
    let log = this.logs.get(key);
    if (!log) {
      log = new PartitionLog(this.fs, joinPath(this.root, topic, String(partition)));
      this.logs.set(key, log);
    }
    return log;
  }

  /** Appends records to a partition of an existing topic; returns the first record's offset. */
  async append(topic: TopicDescription, partition: number, records: readonly NewRecord[]): Promise<number> {
    if (!Number.isInteger(partition) || partition < 0 || partition >= topic.partitions)
      throw unknownTopicOrPartition(topic.name, this.servers, partition);
    const now = this.clock();
    const stamped =
      topic.config["message.timestamp.type"] === "LogAppendTime"
        ? records.map((r) => ({ ...r, timestamp: now, timestampType: TimestampType.LOG_APPEND_TIME }))
        : records;
    return this.log(topic.name, partition).append(stamped, topic.config, now);
  }

  /** The records of a partition with offsets in [from, until) still in the log. */
  read(topic: string, partition: number, from: number, until: number): Promise<LogRecord[]> {
    return this.log(topic, partition).read(from, until);
  }

  /** Applies retention to every partition of the topic (or of every topic) now. */
  async enforceRetention(topicName?: string): Promise<void> {
    const names = topicName === undefined ? await this.listTopics() : [topicName];
    for (const name of names) {
      const topic = await this.requireTopic(name);
      for (let p = 0; p < topic.partitions; p++)
        await this.log(name, p).enforceRetention(topic.config, this.clock());
    }
  }

  private metadataChange<T>(f: () => Promise<T>): Promise<T> {
    const run = this.metadataQueue.then(f, f);
    this.metadataQueue = run.catch(() => undefined);
    return run;
  }

  private topicFile(name: string): string {
    return joinPath(this.root, name, "topic.json");
  }

  private async readTopic(name: string): Promise<TopicDescription | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await this.fs.readFile(this.topicFile(name));
    } catch (error) {
      if (error instanceof FileNotFoundError) return undefined;
      throw error;
    }
    let json: { topic: string; topicId: string; partitions: number; config: Record<string, string | number> };
    try {
      json = JSON.parse(new TextDecoder().decode(bytes));
    } catch (error) {
      throw invalidTopicMetadata(this.topicFile(name), "is not valid JSON", error);
    }
    if (!Number.isInteger(json?.partitions) || json.partitions <= 0)
      throw invalidTopicMetadata(this.topicFile(name), "has no valid partition count");
    return {
      name: json.topic,
      topicId: json.topicId,
      partitions: json.partitions,
      config: parseTopicConfig(json.config),
    };
  }

  private async writeTopic(topic: TopicDescription): Promise<void> {
    const json = {
      topic: topic.name,
      topicId: topic.topicId,
      partitions: topic.partitions,
      config: topic.config,
    };
    await this.fs.writeFile(this.topicFile(topic.name), JSON.stringify(json));
  }
}

/** The directory name a servers string maps to: "localhost:9092" → "localhost_9092". */
export function clusterDirName(servers: string): string {
  const trimmed = servers.trim();
  return trimmed === "" ? "_" : trimmed.replace(/[^a-zA-Z0-9._-]/g, "_");
}

function checkPartitionCount(n: number): void {
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidPartitionsException("Number of partitions must be larger than 0.");
}
