/**
 * Kafka's own client errors (org.apache.kafka.common.errors), with Kafka's messages, for what the in-browser
 * cluster refuses: a topic that does not exist, one that already does, a bad name, partition count or config.
 */

export class KafkaException extends Error {
  override name = "KafkaException";
}

export class UnknownTopicOrPartitionException extends KafkaException {
  override name = "UnknownTopicOrPartitionException";
}

export class TopicExistsException extends KafkaException {
  override name = "TopicExistsException";
}

export class InvalidTopicException extends KafkaException {
  override name = "InvalidTopicException";
}

export class InvalidPartitionsException extends KafkaException {
  override name = "InvalidPartitionsException";
}

export class InvalidConfigurationException extends KafkaException {
  override name = "InvalidConfigurationException";
}

/**
 * Kafka's reply for a topic or partition the cluster does not have, with what Sluice knows to add: which
 * one, and how to make it.
 */
export function unknownTopicOrPartition(
  topic: string,
  servers: string,
  partition?: number,
): UnknownTopicOrPartitionException {
  const what = partition === undefined ? `topic '${topic}'` : `partition ${partition} of topic '${topic}'`;
  return new UnknownTopicOrPartitionException(
    `This server does not host this topic-partition. (The in-browser Kafka cluster '${servers}' has no ${what}: create it with KafkaAdmin.createTopics, or produce to it, which creates it.)`,
  );
}

const LEGAL_TOPIC = /^[a-zA-Z0-9._-]+$/;
const MAX_TOPIC_LENGTH = 249;

/** Kafka's Topic.validate, with its messages. */
export function validateTopicName(name: string): void {
  if (name.length === 0) throw new InvalidTopicException("Topic name is illegal, it can't be empty");
  if (name === "." || name === "..") throw new InvalidTopicException('Topic name cannot be "." or ".."');
  if (name.length > MAX_TOPIC_LENGTH)
    throw new InvalidTopicException(
      `Topic name is illegal, it can't be longer than ${MAX_TOPIC_LENGTH} characters, topic name: ${name}`,
    );
  if (!LEGAL_TOPIC.test(name))
    throw new InvalidTopicException(
      `Topic name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`,
    );
}
