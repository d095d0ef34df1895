/**
 * Spark's KafkaOffsetReader (the Admin-based one): the offsets of the partitions a strategy covers, earliest,
 * latest, specific or by timestamp, and the offset ranges a batch reads between two resolved offset maps, with
 * Spark's data-loss checks (partitions gone, added partitions not starting at 0, offsets moved backwards).
 */
import { IllegalArgumentException } from "../errors/exceptions";
import type { ConsumerStrategy } from "./ConsumerStrategy";
import type { KafkaCluster } from "./KafkaCluster";
import { IllegalStateException } from "./KafkaExceptions";
import { EARLIEST, type KafkaOffsetRangeLimit, LATEST, type StrategyOnNoMatch } from "./KafkaSourceProvider";
import { type PartitionOffsetMap, parseTpKey, setString, sortedKeys, tpKey } from "./TopicPartition";

/** Spark's KafkaOffsetRange: [fromOffset, untilOffset) of one partition. */
export interface KafkaOffsetRange {
  readonly topic: string;
  readonly partition: number;
  readonly fromOffset: number;
  readonly untilOffset: number;
}

export type ReportDataLoss = (message: string) => void;

export class KafkaOffsetReader {
  constructor(
    readonly cluster: KafkaCluster,
    readonly strategy: ConsumerStrategy,
  ) {}

  /** Spark's toString: the strategy. */
  get description(): string {
    return this.strategy.description;
  }

  async assignedKeys(): Promise<string[]> {
    return (await this.strategy.assignedTopicPartitions(this.cluster)).map((p) =>
      tpKey(p.topic, p.partition),
    );
  }

  /** The log start offset of every assigned partition. */
  async fetchEarliestOffsets(keys?: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const key of keys ?? (await this.assignedKeys())) {
      const { topic, partition } = parseTpKey(key);
      out.set(key, await this.cluster.log(topic, partition).logStartOffset());
    }
    return out;
  }

  /** The log end offset of every assigned partition. */
  async fetchLatestOffsets(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const key of await this.assignedKeys()) {
      const { topic, partition } = parseTpKey(key);
      out.set(key, await this.cluster.log(topic, partition).logEndOffset());
    }
    return out;
  }

  /** The earliest offsets of partitions new since the last batch; ones deleted meanwhile are left out. */
  async fetchEarliestOffsetsOf(newPartitions: readonly string[]): Promise<Map<string, number>> {
    if (newPartitions.length === 0) return new Map();
    const assigned = new Set(await this.assignedKeys());
    return this.fetchEarliestOffsets(newPartitions.filter((k) => assigned.has(k)));
  }

  /** Spark's fetchSpecificOffsets: every assigned partition named, -1 and -2 resolved to latest and earliest. */
  async fetchSpecificOffsets(partitionOffsets: PartitionOffsetMap): Promise<Map<string, number>> {
    const assigned = await this.assignedKeys();
    if (setString(assigned) !== setString(partitionOffsets.keys()))
      throw new AssertionError(
        `If startingOffsets contains specific offsets, you must specify all TopicPartitions.\nUse -1 for latest, -2 for earliest, if you don't care.\nSpecified: ${setString(partitionOffsets.keys())} Assigned: ${setString(assigned)}`,
      );
    return this.resolve(partitionOffsets);
  }

  /** Spark's fetchSpecificTimestampBasedOffsets: the first offset at or after each partition's timestamp. */
  async fetchSpecificTimestampBasedOffsets(
    partitionTimestamps: PartitionOffsetMap,
    isStartingOffsets: boolean,
    strategyOnNoMatch: StrategyOnNoMatch,
  ): Promise<Map<string, number>> {
    const assigned = await this.assignedKeys();
    if (setString(assigned) !== setString(partitionTimestamps.keys()))
      throw new AssertionError(
        `If starting/endingOffsetsByTimestamp contains specific offsets, you must specify all topics. Specified: ${setString(partitionTimestamps.keys())} Assigned: ${setString(assigned)}`,
      );
    const byTimestamp = new Map<string, number>();
    for (const key of assigned)
      byTimestamp.set(
        key,
        await this.offsetForTimestamp(
          key,
          partitionTimestamps.get(key)!,
          isStartingOffsets,
          strategyOnNoMatch,
        ),
      );
    return this.resolve(byTimestamp);
  }

  /** Spark's fetchGlobalTimestampBasedOffsets: one timestamp for every partition. */
  async fetchGlobalTimestampBasedOffsets(
    timestamp: number,
    isStartingOffsets: boolean,
    strategyOnNoMatch: StrategyOnNoMatch,
  ): Promise<Map<string, number>> {
    const byTimestamp = new Map<string, number>();
    for (const key of await this.assignedKeys())
      byTimestamp.set(
        key,
        await this.offsetForTimestamp(key, timestamp, isStartingOffsets, strategyOnNoMatch),
      );
    return this.resolve(byTimestamp);
  }

  /**
   * Spark's fetchPartitionOffsets (batch reads): the limit as offsets per assigned partition, earliest and
   * latest left as -2 and -1 for the read to resolve.
   */
  async fetchPartitionOffsets(
    limit: KafkaOffsetRangeLimit,
    isStartingOffsets: boolean,
  ): Promise<Map<string, number>> {
    const assigned = await this.assignedKeys();
    switch (limit.kind) {
      case "earliest":
        return new Map(assigned.map((k) => [k, EARLIEST]));
      case "latest":
        return new Map(assigned.map((k) => [k, LATEST]));
      case "specific":
        if (setString(assigned) !== setString(limit.partitionOffsets.keys()))
          throw new AssertionError(
            `If startingOffsets contains specific offsets, you must specify all TopicPartitions.\nUse -1 for latest, -2 for earliest.\nSpecified: ${setString(limit.partitionOffsets.keys())} Assigned: ${setString(assigned)}`,
          );
        return new Map(limit.partitionOffsets);
      case "specificTimestamp":
        return this.fetchSpecificTimestampBasedOffsets(
          limit.topicTimestamps,
          isStartingOffsets,
          limit.strategyOnNoMatch,
        );
      case "globalTimestamp":
        return this.fetchGlobalTimestampBasedOffsets(
          limit.timestamp,
          isStartingOffsets,
          limit.strategyOnNoMatch,
        );
    }
  }

  /**
   * Spark's getOffsetRangesFromResolvedOffsets: the ranges between two offset maps. New partitions start at
   * their earliest offset; partitions gone, added partitions not starting at 0 and offsets that went back are
   * reported as data loss.
   */
  async getOffsetRangesFromResolvedOffsets(
    from: PartitionOffsetMap,
    until: PartitionOffsetMap,
    reportDataLoss: ReportDataLoss,
  ): Promise<KafkaOffsetRange[]> {
    const newPartitions = [...until.keys()].filter((k) => !from.has(k));
    const newPartitionInitialOffsets = await this.fetchEarliestOffsetsOf(newPartitions);
    const lost = newPartitions.filter((k) => !newPartitionInitialOffsets.has(k));
    if (lost.length > 0)
      reportDataLoss(`Cannot find earliest offsets of ${setString(lost)}. Some data may have been missed`);
    for (const [key, offset] of newPartitionInitialOffsets) {
      if (offset !== 0)
        reportDataLoss(
          `Added partition ${key} starts from ${offset} instead of 0. Some data may have been missed`,
        );
    }
    const deleted = [...from.keys()].filter((k) => !until.has(k));
    if (deleted.length > 0) reportDataLoss(`${setString(deleted)} are gone. Some data may have been missed.`);

    const ranges: KafkaOffsetRange[] = [];
    for (const key of sortedKeys(until.keys())) {
      const fromOffset = from.get(key) ?? newPartitionInitialOffsets.get(key);
      if (fromOffset === undefined) continue;
      const untilOffset = until.get(key)!;
      if (untilOffset < fromOffset)
        reportDataLoss(
          `Partition ${key}'s offset was changed from ${fromOffset} to ${untilOffset}, some data may have been missed`,
        );
      const { topic, partition } = parseTpKey(key);
      ranges.push({ topic, partition, fromOffset, untilOffset });
    }
    return ranges;
  }

  /** -1 and -2 resolved to the partition's latest and earliest offsets. */
  private async resolve(offsets: PartitionOffsetMap): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const [key, offset] of offsets) {
      const { topic, partition } = parseTpKey(key);
      const log = this.cluster.log(topic, partition);
      out.set(
        key,
        offset === LATEST
          ? await log.logEndOffset()
          : offset === EARLIEST
            ? await log.logStartOffset()
            : offset,
      );
    }
    return out;
  }

  /** Kafka's ListOffsets for a timestamp, with Spark's answer where no record matches. */
  private async offsetForTimestamp(
    key: string,
    timestamp: number,
    isStartingOffsets: boolean,
    strategyOnNoMatch: StrategyOnNoMatch,
  ): Promise<number> {
    const { topic, partition } = parseTpKey(key);
    const found = await this.cluster.log(topic, partition).offsetForTimestamp(timestamp);
    if (found !== undefined) return found;
    if (isStartingOffsets && strategyOnNoMatch === "error")
      throw new IllegalArgumentException(
        `No offset matched from request of topic-partition ${key} and timestamp ${timestamp}.`,
      );
    return LATEST;
  }
}

/** Scala's `assert` failure, as Spark's offset reader raises it for partitions that do not match. */
export class AssertionError extends IllegalStateException {
  override name = "AssertionError";
  constructor(message: string) {
    super(`assertion failed: ${message}`);
  }
}
