import { EventProducer, KafkaAdmin, KafkaConsumer, KafkaProducer, type SparkSession } from "../engine/index";
import type {
  EventsOptions,
  EventsState,
  QueryLag,
  TopicRecord,
  TopicRecords,
  TopicsView,
  TopicView,
} from "./protocol";

/** Where the engine keeps each cluster's topics (one folder per `kafka.bootstrap.servers`). */
const KAFKA_ROOT = "/kafka";

/**
 * What the notebook's Topics tab shows of the in-browser Kafka: the clusters, each topic's partitions and
 * offsets, how fast records arrive, a page of a partition's records, and for each running query reading Kafka
 * its committed offsets and lag per partition. The tab polls; the rate is measured between two polls. It also
 * runs the tab's event producers (the teaching events at a rate, with lateness and disorder).
 */
export class KafkaTopics {
  /** Per cluster and topic, the sum of the partitions' end offsets at the last poll, and when. */
  private readonly lastSeen = new Map<string, { at: number; total: number }>();
  private readonly producers = new Map<string, { options: EventsOptions; producer: EventProducer }>();

  constructor(
    private readonly spark: SparkSession,
    private readonly now: () => number = Date.now,
  ) {}

  async view(servers: string): Promise<TopicsView> {
    const admin = KafkaAdmin.create(this.spark, { "bootstrap.servers": servers });
    const at = this.now();
    const described = await admin.describeTopics(await admin.listTopics());
    const topics = described.map((t): TopicView => {
      const total = t.partitions.reduce((sum, p) => sum + p.latestOffset, 0);
      const key = `${servers}\u0000${t.name}`;
      const before = this.lastSeen.get(key);
      this.lastSeen.set(key, { at, total });
      const seconds = before ? (at - before.at) / 1000 : 0;
      return {
        name: t.name,
        partitions: t.partitions.map((p) => ({ ...p })),
        messagesPerSecond: before && seconds > 0 ? Math.max(0, total - before.total) / seconds : null,
        retentionMs: t.config["retention.ms"],
        retentionBytes: t.config["retention.bytes"],
      };
    });
    return {
      servers,
      clusters: await this.clusters(),
      topics,
      queries: this.lag(topics),
      producers: this.producerStates(),
    };
  }

  /** Starts producing events into a topic (made as the broker would, on the first write), replacing one there. */
  async startEvents(request: EventsOptions): Promise<EventsState[]> {
    const { servers, topic, rowsPerSecond, lateFraction, maxLatenessMs, maxDisorderMs } = request;
    const options = { servers, topic, rowsPerSecond, lateFraction, maxLatenessMs, maxDisorderMs };
    await this.stopEvents(options.servers, options.topic);
    const producer = new EventProducer(
      new KafkaProducer(this.spark, { "bootstrap.servers": options.servers }),
      {
        topic: options.topic,
        rowsPerSecond: options.rowsPerSecond,
        lateFraction: options.lateFraction,
        maxLatenessMs: options.maxLatenessMs,
        maxDisorderMs: options.maxDisorderMs,
        seed: Date.now() % 2 ** 31,
      },
    );
    // The first events go out now, so a bad topic name fails here rather than in the background.
    await producer.tick();
    this.producers.set(producerKey(options.servers, options.topic), { options, producer: producer.start() });
    return this.producerStates();
  }

  async stopEvents(servers: string, topic: string): Promise<EventsState[]> {
    const key = producerKey(servers, topic);
    await this.producers.get(key)?.producer.stop();
    this.producers.delete(key);
    return this.producerStates();
  }

  private producerStates(): EventsState[] {
    return [...this.producers.values()]
      .filter(({ producer }) => producer.isActive)
      .map(({ options, producer }) => ({ ...options, produced: producer.produced }));
  }

  /** Up to `limit` records of a partition from `offset` (default: the last `limit` records). */
  async records(
    servers: string,
    topic: string,
    partition: number,
    offset: number | undefined,
    limit: number,
  ): Promise<TopicRecords> {
    const [description] = await KafkaAdmin.create(this.spark, {
      "bootstrap.servers": servers,
    }).describeTopics([topic]);
    const info = description.partitions.find((p) => p.partition === partition);
    if (!info) throw new RangeError(`Topic ${topic} has no partition ${partition}`);
    const from = Math.max(info.earliestOffset, offset ?? info.latestOffset - limit);
    const consumer = new KafkaConsumer(this.spark, { "bootstrap.servers": servers });
    consumer.assign([{ topic, partition }]);
    consumer.seek({ topic, partition }, from);
    const records = from < info.latestOffset ? await consumer.poll(limit) : [];
    return {
      records: records.map(
        (r): TopicRecord => ({
          offset: r.offset,
          timestamp: r.timestamp,
          timestampType: r.timestampType,
          key: text(r.key),
          value: text(r.value),
          headers: r.headers.map((h) => ({ key: h.key, value: text(h.value) })),
        }),
      ),
      earliestOffset: info.earliestOffset,
      latestOffset: info.latestOffset,
    };
  }

  /** The clusters that have topics (their folder names: the servers with ':' and ',' as '_'). */
  private async clusters(): Promise<string[]> {
    return (await this.spark.fs.list(KAFKA_ROOT))
      .filter((f) => f.isDirectory)
      .map((f) => f.name)
      .sort();
  }

  /**
   * Each running query's Kafka sources, as their last progress reports them: the end offsets of the last
   * batch (what the query has committed, Spark's `endOffset`) against the topics' end offsets now.
   */
  private lag(topics: readonly TopicView[]): QueryLag[] {
    const byName = new Map(topics.map((t) => [t.name, t]));
    const out: QueryLag[] = [];
    for (const query of this.spark.streams.active) {
      for (const source of query.lastProgress?.sources ?? []) {
        if (!source.description.startsWith("KafkaV2")) continue;
        const committed = source.endOffset as Record<string, Record<string, number>> | null;
        for (const [topic, partitions] of Object.entries(committed ?? {})) {
          const now = byName.get(topic);
          if (!now) continue;
          out.push({
            queryId: query.id,
            name: query.name,
            topic,
            partitions: now.partitions.map((p) => {
              const offset = partitions[String(p.partition)];
              return {
                partition: p.partition,
                committed: offset ?? null,
                latest: p.latestOffset,
                lag: offset === undefined ? null : Math.max(0, p.latestOffset - offset),
              };
            }),
          });
        }
      }
    }
    return out;
  }
}

function producerKey(servers: string, topic: string): string {
  return `${servers}\u0000${topic}`;
}

/** Bytes as the browser shows them: UTF-8 text, or hex where they are not text. */
function text(bytes: Uint8Array | null): string | null {
  if (bytes === null) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
  }
}
