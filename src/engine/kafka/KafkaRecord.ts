/**
 * Kafka's record shapes, by Kafka's names: what a producer sends (ProducerRecord), what the log stores and a
 * consumer reads (ConsumerRecord), and what a send returns (RecordMetadata). Keys, values and header values are
 * bytes; strings given to the producer are encoded as UTF-8, as Kafka's StringSerializer does.
 */

export interface Header {
  readonly key: string;
  readonly value: Uint8Array | null;
}

/** Kafka's TimestampType ids, as the Kafka source's `timestampType` column shows them. */
export const TimestampType = { CREATE_TIME: 0, LOG_APPEND_TIME: 1 } as const;
export type TimestampTypeId = (typeof TimestampType)[keyof typeof TimestampType];

/** Bytes, or text sent as UTF-8 (Kafka's StringSerializer); null for none. */
export type Bytes = Uint8Array | string | null | undefined;

export interface ProducerRecord {
  readonly topic: string;
  /** Where given, the record goes to this partition; otherwise the partitioner chooses. */
  readonly partition?: number | null;
  readonly key?: Bytes;
  readonly value?: Bytes;
  /** Milliseconds since the epoch (CreateTime); the send time where missing. */
  readonly timestamp?: number | Date | null;
  readonly headers?: readonly { key: string; value?: Bytes }[] | Readonly<Record<string, Bytes>>;
}

/** A record as the log holds it. */
export interface ConsumerRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly timestampType: TimestampTypeId;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: readonly Header[];
}

export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
}

/** Text as UTF-8 bytes; bytes as they are; null and undefined as null. */
export function toBytesOrNull(value: Bytes): Uint8Array | null {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? new TextEncoder().encode(value) : value;
}

/** Kafka's TopicPartition.toString: "topic-0". */
export function topicPartitionString(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}
