/**
 * Kafka's default partitioning (the producer's BuiltInPartitioner, KIP-794): a record with a key goes to
 * `toPositive(murmur2(key)) % partitions`, so one key always lands in one partition; records without a key stick
 * to one partition until `batch.size` bytes have gone to it, then to another chosen at random.
 */
import { murmur2, toPositive } from "./murmur2";

/** Kafka's `batch.size` default: how many bytes stick to one partition before the next is chosen. */
export const DEFAULT_BATCH_SIZE = 16_384;

/** The partition Kafka's default partitioner gives a key (BuiltInPartitioner.partitionForKey). */
export function partitionForKey(key: Uint8Array, numPartitions: number): number {
  return toPositive(murmur2(key)) % numPartitions;
}

export class BuiltInPartitioner {
  private readonly sticky = new Map<string, { partition: number; producedBytes: number }>();

  constructor(
    private readonly batchSize: number = DEFAULT_BATCH_SIZE,
    /** A source of random 31-bit integers (tests pass a fixed sequence). */
    private readonly random: () => number = () => Math.floor(Math.random() * 0x80000000),
    /** Kafka's `partitioner.ignore.keys`: where true, keys do not choose the partition. */
    private readonly ignoreKeys = false,
  ) {}

  /** The partition for a record of `sizeInBytes` bytes to `topic`, which has `numPartitions` partitions. */
  partition(topic: string, numPartitions: number, key: Uint8Array | null, sizeInBytes: number): number {
    if (key !== null && !this.ignoreKeys) return partitionForKey(key, numPartitions);
    let state = this.sticky.get(topic);
    if (!state || state.partition >= numPartitions) {
      state = { partition: this.nextPartition(numPartitions), producedBytes: 0 };
      this.sticky.set(topic, state);
    }
    const partition = state.partition;
    state.producedBytes += sizeInBytes;
    // The batch is full: the next record without a key starts another one, elsewhere.
    if (state.producedBytes >= this.batchSize) this.sticky.delete(topic);
    return partition;
  }

  private nextPartition(numPartitions: number): number {
    return toPositive(this.random()) % numPartitions;
  }
}
