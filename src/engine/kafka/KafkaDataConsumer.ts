/**
 * Spark's KafkaDataConsumer, reduced to what the in-browser log needs: the records of an offset range, where
 * records retention already deleted are data loss (an IllegalStateException with failOnDataLoss, otherwise a
 * warning and the records skipped), and the rows they become, loaded into DuckDB as one table.
 */
import { type DuckDB, quoteIdentifier } from "../duckdb/DuckDB";
import type { DataFileReader } from "../io/DataFileReader";
import type { SourceBatch } from "../sources/Source";
import type { KafkaCluster } from "./KafkaCluster";
import {
  IllegalStateException,
  INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_FALSE,
  INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_TRUE,
} from "./KafkaExceptions";
import type { KafkaOffsetRange } from "./KafkaOffsetReader";
import { kafkaSchema } from "./KafkaSourceProvider";
import { tpKey } from "./TopicPartition";

/** What loading a batch needs of the session: DuckDB, and the reader that turns rows into tables. */
export interface BatchLoader {
  readonly db: DuckDB;
  readonly files: DataFileReader;
}

export interface ConsumerSettings {
  readonly failOnDataLoss: boolean;
  readonly includeHeaders: boolean;
  /** Named in data-loss messages, as Spark names its executor consumer group. */
  readonly groupId: string;
  /** Where warnings go (data skipped with failOnDataLoss false). */
  readonly warn: (message: string) => void;
}

/** The rows of the ranges, as the Kafka source's schema; the table is the caller's to drop. */
export async function loadRanges(
  cluster: KafkaCluster,
  loader: BatchLoader,
  ranges: readonly KafkaOffsetRange[],
  settings: ConsumerSettings,
): Promise<SourceBatch> {
  const schema = kafkaSchema(settings.includeHeaders);
  const rows: Record<string, unknown>[] = [];
  for (const range of ranges) {
    if (range.untilOffset <= range.fromOffset) continue;
    const records = await cluster.read(range.topic, range.partition, range.fromOffset, range.untilOffset);
    const first = records[0]?.offset ?? range.untilOffset;
    if (first > range.fromOffset) {
      // Retention deleted the front of the range after its offsets were planned.
      const tp = tpKey(range.topic, range.partition);
      if (settings.failOnDataLoss)
        throw new IllegalStateException(
          `Cannot fetch records in [${range.fromOffset}, ${first}) (GroupId: ${settings.groupId}, TopicPartition: ${tp}). ${INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_TRUE}`,
        );
      settings.warn(
        `Skip missing records in [${range.fromOffset}, ${first}) (GroupId: ${settings.groupId}, TopicPartition: ${tp}). ${INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_FALSE}`,
      );
    }
    for (const r of records) {
      const row: Record<string, unknown> = {
        key: r.key,
        value: r.value,
        topic: range.topic,
        partition: range.partition,
        offset: r.offset,
        timestamp: new Date(r.timestamp),
        timestampType: r.timestampType,
      };
      // Spark's converter gives null, not an empty array, for a record without headers.
      if (settings.includeHeaders)
        row.headers = r.headers.length > 0 ? r.headers.map((h) => ({ ...h })) : null;
      rows.push(row);
    }
  }
  const table = loader.db.uniqueName("kafka");
  loader.files.insertRows(table, rows, schema);
  const columns = schema.fieldNames.map(quoteIdentifier).join(", ");
  return { sql: `SELECT ${columns} FROM ${quoteIdentifier(table)}`, numRows: rows.length, tables: [table] };
}
