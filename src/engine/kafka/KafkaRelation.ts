/**
 * Spark's KafkaRelation: `spark.read.format("kafka")`, the records between `startingOffsets` (earliest by
 * default) and `endingOffsets` (latest by default) of the subscribed partitions, as one DuckDB table with the
 * Kafka source's schema.
 */
import type { LoadedFile } from "../io/DataFileReader";
import type { SourceBatch } from "../sources/Source";
import type { StructType } from "../sql/types";
import { KafkaCluster } from "./KafkaCluster";
import type { KafkaContext } from "./KafkaContext";
import { type BatchLoader, loadRanges } from "./KafkaDataConsumer";
import { IllegalStateException, resolvedStartOffsetGreaterThanEndOffset } from "./KafkaExceptions";
import { type KafkaOffsetRange, KafkaOffsetReader } from "./KafkaOffsetReader";
import {
  EARLIEST,
  type KafkaReadOptions,
  kafkaSchema,
  LATEST,
  validateBatchOptions,
} from "./KafkaSourceProvider";
import { parseTpKey, setString, sortedKeys } from "./TopicPartition";

export class KafkaRelation {
  readonly options: KafkaReadOptions;
  readonly schema: StructType;

  /** Checks the options (Spark's validateBatchOptions) as the DataFrame is built. */
  constructor(
    private readonly session: KafkaContext & BatchLoader,
    options: Readonly<Record<string, string>>,
    /** Where warnings go (ignored options, skipped data); the console by default. */
    private readonly log: (message: string) => void = (m) => console.warn(m),
  ) {
    this.options = validateBatchOptions(options);
    this.schema = kafkaSchema(this.options.includeHeaders);
  }

  /** The records as a loaded "file" of a batch plan's relation (QueryExecution drops its tables). */
  async loadedFile(): Promise<LoadedFile> {
    const batch = await this.load();
    return {
      path: `kafka:${this.options.strategy.description}`,
      sql: batch.sql,
      rows: batch.numRows,
      bytes: 0,
      tables: batch.tables,
    };
  }

  /** The records, loaded into DuckDB; the caller drops the batch's tables once read. */
  async load(): Promise<SourceBatch> {
    const { servers, strategy, startingOffsets, endingOffsets, failOnDataLoss, includeHeaders, ignored } =
      this.options;
    if (ignored.length > 0)
      this.log(
        `Kafka batch read: options not honoured by Sluice's in-browser Kafka (accepted and ignored): ${ignored.join(", ")}`,
      );
    const reader = new KafkaOffsetReader(KafkaCluster.of(this.session.fs, servers), strategy);
    const from = await reader.fetchPartitionOffsets(startingOffsets, true);
    const until = await reader.fetchPartitionOffsets(endingOffsets, false);
    if (setString(from.keys()) !== setString(until.keys())) {
      const topics = (keys: Iterable<string>) => [...keys].sort().join(",");
      throw new IllegalStateException(
        `different topic partitions for starting offsets topics[${topics(from.keys())}] and ending offsets topics[${topics(until.keys())}]`,
      );
    }
    const ranges: KafkaOffsetRange[] = [];
    for (const key of sortedKeys(until.keys())) {
      const { topic, partition } = parseTpKey(key);
      const log = reader.cluster.log(topic, partition);
      // Spark's KafkaSourceRDD.resolveRange: earliest and latest become the partition's offsets now.
      const start = from.get(key)!;
      const end = until.get(key)!;
      const fromOffset =
        start === EARLIEST ? await log.logStartOffset() : start === LATEST ? await log.logEndOffset() : start;
      const untilOffset =
        end === LATEST ? await log.logEndOffset() : end === EARLIEST ? await log.logStartOffset() : end;
      if (fromOffset > untilOffset)
        throw resolvedStartOffsetGreaterThanEndOffset(fromOffset, untilOffset, topic, partition);
      ranges.push({ topic, partition, fromOffset, untilOffset });
    }
    return loadRanges(reader.cluster, this.session, ranges, {
      failOnDataLoss,
      includeHeaders,
      groupId: `spark-kafka-relation-${crypto.randomUUID()}-executor`,
      warn: this.log,
    });
  }
}
