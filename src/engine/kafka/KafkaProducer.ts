/**
 * Kafka's KafkaProducer, over the in-browser cluster: `send` queues a record and resolves to its
 * RecordMetadata once it is in the log; records sent in the same tick of the event loop are written together
 * (one file write per partition), as Kafka's producer batches what arrives within `linger.ms`. A topic that
 * does not exist is created with `sluice.kafka.numPartitions` partitions, as a broker with
 * `auto.create.topics.enable` does.
 * @example
 * const producer = new KafkaProducer(spark);
 * await producer.send({ topic: "events", key: "u1", value: JSON.stringify(event) });
 */
import { IllegalArgumentException } from "../errors/exceptions";
import { BuiltInPartitioner, DEFAULT_BATCH_SIZE } from "./BuiltInPartitioner";
import { unknownTopicOrPartition } from "./errors";
import { DEFAULT_BOOTSTRAP_SERVERS, KafkaCluster, type TopicDescription } from "./KafkaCluster";
import { defaultNumPartitions, type KafkaContext } from "./KafkaContext";
import {
  type Header,
  type ProducerRecord,
  type RecordMetadata,
  TimestampType,
  toBytesOrNull,
} from "./KafkaRecord";
import type { NewRecord } from "./PartitionLog";

/** Kafka producer configs Sluice reads; others are accepted and have no effect (there is no network). */
export interface ProducerConfig {
  readonly "bootstrap.servers"?: string;
  readonly "batch.size"?: number | string;
  readonly "partitioner.ignore.keys"?: boolean | string;
  readonly [other: string]: unknown;
}

interface Pending {
  readonly record: ProducerRecord;
  readonly timestamp: number;
  readonly resolve: (metadata: RecordMetadata) => void;
  readonly reject: (error: unknown) => void;
}

export class KafkaProducer {
  /** The cluster the producer writes to. */
  readonly cluster: KafkaCluster;
  private readonly partitioner: BuiltInPartitioner;
  private pending: Pending[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly context: KafkaContext,
    config: ProducerConfig = {},
  ) {
    this.cluster = KafkaCluster.of(context.fs, config["bootstrap.servers"] ?? DEFAULT_BOOTSTRAP_SERVERS);
    const batchSize = Number(config["batch.size"] ?? DEFAULT_BATCH_SIZE);
    if (!Number.isSafeInteger(batchSize) || batchSize < 0)
      throw new IllegalArgumentException(
        `Invalid value ${config["batch.size"]} for configuration batch.size: must be a whole number of bytes`,
      );
    const ignoreKeys = String(config["partitioner.ignore.keys"] ?? "false").toLowerCase() === "true";
    this.partitioner = new BuiltInPartitioner(batchSize, undefined, ignoreKeys);
  }

  /** Queues the record; resolves to where it landed once it is written. */
  send(record: ProducerRecord): Promise<RecordMetadata> {
    if (this.closed)
      return Promise.reject(new IllegalArgumentException("Cannot send after the producer is closed."));
    if (typeof record?.topic !== "string")
      return Promise.reject(new IllegalArgumentException("A record needs a topic (a string)."));
    const partition = record.partition;
    if (partition !== undefined && partition !== null && (!Number.isInteger(partition) || partition < 0))
      return Promise.reject(
        new IllegalArgumentException(
          `Invalid partition given with record: ${partition} is not in the range [0...).`,
        ),
      );
    const given = record.timestamp instanceof Date ? record.timestamp.getTime() : record.timestamp;
    if (given !== undefined && given !== null && (!Number.isFinite(given) || given < 0))
      return Promise.reject(
        new IllegalArgumentException(
          `Invalid timestamp: ${given}. Timestamp should always be non-negative or null.`,
        ),
      );
    return new Promise((resolve, reject) => {
      this.pending.push({ record, timestamp: given ?? this.cluster.clock(), resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // Everything sent in this tick goes out together.
        queueMicrotask(() => {
          this.scheduled = false;
          void this.flush().catch(() => undefined);
        });
      }
    });
  }

  /** Writes every queued record; resolves once all are in the log (rejects where a write failed). */
  flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const run = this.flushing.then(() => this.write(batch));
    this.flushing = run.catch(() => undefined);
    return run;
  }

  /** Flushes and refuses further sends. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  /** The partitions of a topic (Kafka's partitionsFor), creating the topic as a send would. */
  async partitionsFor(topic: string): Promise<{ topic: string; partition: number }[]> {
    const description = await this.topic(topic);
    return Array.from({ length: description.partitions }, (_, partition) => ({ topic, partition }));
  }

  private topic(name: string): Promise<TopicDescription> {
    return this.cluster.getOrCreateTopic(name, defaultNumPartitions(this.context));
  }

  private async write(batch: readonly Pending[]): Promise<void> {
    if (batch.length === 0) return;
    try {
      const topics = new Map<string, TopicDescription>();
      for (const p of batch)
        if (!topics.has(p.record.topic)) topics.set(p.record.topic, await this.topic(p.record.topic));
      // Partitions are chosen in send order, so sticky partitioning sees the records as Kafka's would.
      const byPartition = new Map<
        string,
        { topic: TopicDescription; partition: number; items: Pending[]; records: NewRecord[] }
      >();
      for (const p of batch) {
        const topic = topics.get(p.record.topic)!;
        const record = toNewRecord(p);
        const size = (record.key?.length ?? 0) + (record.value?.length ?? 0);
        const partition =
          p.record.partition ?? this.partitioner.partition(topic.name, topic.partitions, record.key, size);
        if (partition >= topic.partitions)
          throw unknownTopicOrPartition(topic.name, this.cluster.servers, partition);
        const key = `${topic.name}\u0000${partition}`;
        let group = byPartition.get(key);
        if (!group) {
          group = { topic, partition, items: [], records: [] };
          byPartition.set(key, group);
        }
        group.items.push(p);
        group.records.push(record);
      }
      for (const group of byPartition.values()) {
        const base = await this.cluster.append(group.topic, group.partition, group.records);
        group.items.forEach((p, i) => {
          p.resolve({
            topic: group.topic.name,
            partition: group.partition,
            offset: base + i,
            timestamp: group.records[i].timestamp,
          });
        });
      }
    } catch (error) {
      // Records already written stay resolved (a settled promise ignores the rejection): at least once.
      for (const p of batch) p.reject(error);
      throw error;
    }
  }
}

function toNewRecord(p: Pending): NewRecord {
  const { record } = p;
  return {
    timestamp: p.timestamp,
    timestampType: TimestampType.CREATE_TIME,
    key: toBytesOrNull(record.key),
    value: toBytesOrNull(record.value),
    headers: toHeaders(record.headers),
  };
}

function toHeaders(headers: ProducerRecord["headers"]): Header[] {
  if (!headers) return [];
  if (Array.isArray(headers))
    return (headers as { key: string; value?: Uint8Array | string | null }[]).map((h) => ({
      key: String(h.key),
      value: toBytesOrNull(h.value),
    }));
  return Object.entries(headers).map(([key, value]) => ({ key, value: toBytesOrNull(value as string) }));
}
