/**
 * Spark's StorageLevel: where a persisted DataFrame would be kept (disk, memory, off-heap), whether as objects,
 * and on how many nodes. Sluice keeps nothing (DuckDB reads the source again), but reports the level a
 * `persist` or `cache` asked for, as `df.storageLevel` does on Spark.
 */
export class StorageLevel {
  constructor(
    readonly useDisk: boolean,
    readonly useMemory: boolean,
    readonly useOffHeap: boolean,
    readonly deserialized: boolean,
    readonly replication = 1,
  ) {}

  static readonly NONE = new StorageLevel(false, false, false, false);
  static readonly DISK_ONLY = new StorageLevel(true, false, false, false);
  static readonly DISK_ONLY_2 = new StorageLevel(true, false, false, false, 2);
  static readonly DISK_ONLY_3 = new StorageLevel(true, false, false, false, 3);
  static readonly MEMORY_ONLY = new StorageLevel(false, true, false, true);
  static readonly MEMORY_ONLY_2 = new StorageLevel(false, true, false, true, 2);
  static readonly MEMORY_ONLY_SER = new StorageLevel(false, true, false, false);
  static readonly MEMORY_ONLY_SER_2 = new StorageLevel(false, true, false, false, 2);
  static readonly MEMORY_AND_DISK = new StorageLevel(true, true, false, true);
  static readonly MEMORY_AND_DISK_2 = new StorageLevel(true, true, false, true, 2);
  static readonly MEMORY_AND_DISK_SER = new StorageLevel(true, true, false, false);
  static readonly MEMORY_AND_DISK_SER_2 = new StorageLevel(true, true, false, false, 2);
  static readonly OFF_HEAP = new StorageLevel(true, true, true, false, 1);

  equals(other: StorageLevel): boolean {
    return (
      this.useDisk === other.useDisk &&
      this.useMemory === other.useMemory &&
      this.useOffHeap === other.useOffHeap &&
      this.deserialized === other.deserialized &&
      this.replication === other.replication
    );
  }

  /** Scala's form: "StorageLevel(disk, memory, deserialized, 1 replicas)". */
  toString(): string {
    const parts = [
      this.useDisk ? "disk" : "",
      this.useMemory ? "memory" : "",
      this.useOffHeap ? "offheap" : "",
      this.deserialized ? "deserialized" : "",
      `${this.replication} replicas`,
    ].filter((p) => p !== "");
    return `StorageLevel(${parts.join(", ")})`;
  }
}
