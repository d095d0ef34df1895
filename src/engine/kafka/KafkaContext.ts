/**
 * What the Kafka API needs of a session: its file system and its conf. A SparkSession is one; taking only this
 * keeps the kafka folder free of the session's imports.
 */

import { IllegalArgumentException } from "../errors/exceptions";
import type { FileSystem } from "../io/FileSystem";

export interface KafkaContext {
  readonly fs: FileSystem;
  readonly conf: { getOption(key: string): string | undefined };
}

/** The session conf giving auto-created topics their partitions (the broker's `num.partitions`). */
export const NUM_PARTITIONS_CONF = "sluice.kafka.numPartitions";

/** `sluice.kafka.numPartitions`, 1 where unset; anything but a positive integer is refused. */
export function defaultNumPartitions(context: KafkaContext): number {
  const raw = context.conf.getOption(NUM_PARTITIONS_CONF);
  if (raw === undefined) return 1;
  const n = Number(raw.trim());
  if (raw.trim() === "" || !Number.isSafeInteger(n) || n <= 0)
    throw new IllegalArgumentException(
      `Invalid value '${raw}' for the conf ${NUM_PARTITIONS_CONF}: the number of partitions of auto-created topics must be a positive integer`,
    );
  return n;
}
