/**
 * Spark's ConsumerStrategy: which topic partitions a Kafka read covers. `subscribe` names topics (each must
 * exist, as Kafka's describeTopics requires), `subscribePattern` matches topic names with a regular expression
 * (anywhere in the name, as Scala's findFirstIn; new matching topics join as they appear), `assign` names
 * partitions (those the topic does not have are left out).
 */
import { IllegalArgumentException } from "../errors/exceptions";
import type { KafkaCluster } from "./KafkaCluster";
import { parsePartitions, type TopicPartition, tpKey } from "./TopicPartition";

export interface ConsumerStrategy {
  /** As Spark's toString: "Subscribe[a, b]", "SubscribePattern[t.*]", "Assign[a-0, a-1]". */
  readonly description: string;
  /** The partitions read now, sorted by topic and partition. */
  assignedTopicPartitions(cluster: KafkaCluster): Promise<TopicPartition[]>;
}

/** The strategy for an option key (lower case) and its value, as Spark's KafkaSourceProvider.strategy. */
export function consumerStrategy(key: string, value: string): ConsumerStrategy {
  switch (key) {
    case "assign":
      return assignStrategy(parsePartitions(value));
    case "subscribe":
      return subscribeStrategy(
        value
          .split(",")
          .map((t) => t.trim())
          .filter((t) => t !== ""),
      );
    case "subscribepattern":
      return subscribePatternStrategy(value.trim());
    default:
      throw new IllegalArgumentException("Unknown option");
  }
}

/** Every partition of the topics, which must all exist. */
async function allPartitions(cluster: KafkaCluster, topics: readonly string[]): Promise<TopicPartition[]> {
  const out: TopicPartition[] = [];
  for (const topic of [...new Set(topics)].sort()) {
    const description = await cluster.requireTopic(topic);
    for (let partition = 0; partition < description.partitions; partition++) out.push({ topic, partition });
  }
  return out;
}

function assignStrategy(partitions: readonly TopicPartition[]): ConsumerStrategy {
  const wanted = new Set(partitions.map((p) => tpKey(p.topic, p.partition)));
  return {
    description: `Assign[${partitions.map((p) => tpKey(p.topic, p.partition)).join(", ")}]`,
    async assignedTopicPartitions(cluster) {
      const all = await allPartitions(
        cluster,
        partitions.map((p) => p.topic),
      );
      return all.filter((p) => wanted.has(tpKey(p.topic, p.partition)));
    },
  };
}

function subscribeStrategy(topics: readonly string[]): ConsumerStrategy {
  return {
    description: `Subscribe[${topics.join(", ")}]`,
    assignedTopicPartitions: (cluster) => allPartitions(cluster, topics),
  };
}

function subscribePatternStrategy(pattern: string): ConsumerStrategy {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch (error) {
    throw new IllegalArgumentException(
      `Invalid pattern '${pattern}' for option 'subscribePattern': ${(error as Error).message}`,
    );
  }
  return {
    description: `SubscribePattern[${pattern}]`,
    async assignedTopicPartitions(cluster) {
      const topics = (await cluster.listTopics()).filter((t) => regex.test(t));
      return allPartitions(cluster, topics);
    },
  };
}
