/**
 * Spark's Kafka connector errors (KafkaExceptions, kafka-error-conditions.json), with Spark's error classes
 * and wording, and the data-loss instructions the source appends to its messages. The connector's conditions
 * stay here, as Spark keeps them in their own file; those of Spark's main catalogue come from it.
 */
import { AnalysisException, IllegalStateException } from "../errors/exceptions";

/** Java's IllegalStateException, as Spark's Kafka source throws it for data loss and bad offsets. */
export { IllegalStateException };

/** Spark's KafkaSourceProvider.createRelation for a batch write in a mode Kafka cannot honour. */
export function kafkaSaveModeNotAllowed(mode: "Overwrite" | "Ignore"): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_3081", {
    mode,
    append: "Append",
    errorIfExists: "ErrorIfExists",
  });
}

/** Spark's KafkaWriter.validateQuery: what is wrong with the columns to write. */
export function invalidWriteSchema(msg: string): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_3080", { msg });
}

/**
 * Spark's KafkaIllegalStateException: an IllegalStateException carrying a condition of the connector's own
 * kafka-error-conditions.json (which has no SQL state).
 */
export class KafkaIllegalStateException extends IllegalStateException {
  override name = "KafkaIllegalStateException";
  constructor(
    message: string,
    override readonly errorClass: string,
    override readonly messageParameters: Readonly<Record<string, string>> = {},
  ) {
    super(`[${errorClass}] ${message}`);
  }
}

export const INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_FALSE =
  'Some data may have been lost because they are not available in Kafka any more; either the data was aged out by Kafka or the topic may have been deleted before all the data in the topic was processed. If you want your streaming query to fail on such cases, set the source option "failOnDataLoss" to "true".';

export const INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_TRUE =
  'Some data may have been lost because they are not available in Kafka any more; either the data was aged out by Kafka or the topic may have been deleted before all the data in the topic was processed. If you don\'t want your streaming query to fail on such cases, set the source option "failOnDataLoss" to "false".';

export function resolvedStartOffsetGreaterThanEndOffset(
  startOffset: number,
  endOffset: number,
  topic: string,
  partition: number,
): KafkaIllegalStateException {
  return new KafkaIllegalStateException(
    `The resolved start offset ${startOffset} is greater than the resolved end offset ${endOffset} for topic ${topic} partition ${partition}.\nThere may be multiple reasons:\n1. Start offset is set to too big a value that after resolution, end offset is smaller than it. There are multiple input cases:\n  (a) Start offset is set to a timestamp, and the end offset is set to an index.\n  (b) Start offset is set to an index, and the end offset is set to a timestamp.\n  (c) Start offset is set, and the end offset is set to latest.\n2. The Kafka topic partition is broken.`,
    "RESOLVED_START_OFFSET_GREATER_THAN_END_OFFSET",
    {
      startOffset: String(startOffset),
      endOffset: String(endOffset),
      topic,
      partition: String(partition),
    },
  );
}

export function unresolvedStartOffsetGreaterThanEndOffset(
  startOffset: number,
  endOffset: number,
  topic: string,
  partition: number,
): KafkaIllegalStateException {
  return new KafkaIllegalStateException(
    `The specified start offset ${startOffset} is greater than the end offset ${endOffset} for topic ${topic} partition ${partition}.`,
    "UNRESOLVED_START_OFFSET_GREATER_THAN_END_OFFSET",
    { startOffset: String(startOffset), endOffset: String(endOffset), topic, partition: String(partition) },
  );
}

export function unmatchedTopicPartitionsBetweenOffsets(
  tpsForStartOffset: string,
  tpsForEndOffset: string,
): KafkaIllegalStateException {
  return new KafkaIllegalStateException(
    `The specified start offset and end offset should have the same topic-partitions.\nTopic-partitions for start offset: ${tpsForStartOffset}, topic-partitions for end offset: ${tpsForEndOffset}.`,
    "MISMATCHED_TOPIC_PARTITIONS_BETWEEN_START_OFFSET_AND_END_OFFSET",
    { tpsForStartOffset, tpsForEndOffset },
  );
}

export function nullTopicInData(): KafkaIllegalStateException {
  return new KafkaIllegalStateException(
    "The Kafka message data sent to the producer contains a null topic. Use the `topic` option for setting a default topic.",
    "KAFKA_NULL_TOPIC_IN_DATA",
  );
}
