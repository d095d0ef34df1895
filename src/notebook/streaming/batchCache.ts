/**
 * The batches a panel has read from the kernel, at most `capacity` of them, the least recently used dropped
 * first: scrubbing back and forth reads each batch once, and a long history never piles up in the page. A read
 * that fails is forgotten, so the next look asks again.
 */
export class BatchCache<T> {
  private readonly entries = new Map<number, Promise<T>>();
  private readonly settled = new Map<number, T>();

  constructor(
    private readonly capacity: number,
    private readonly load: (batchId: number) => Promise<T>,
  ) {}

  /** The batch, read once and kept while it is among the `capacity` most recently used. */
  get(batchId: number): Promise<T> {
    let entry = this.entries.get(batchId);
    if (entry) {
      this.entries.delete(batchId);
    } else {
      entry = this.load(batchId).then(
        (value) => {
          if (this.entries.get(batchId) === entry) this.settled.set(batchId, value);
          return value;
        },
        (error: unknown) => {
          if (this.entries.get(batchId) === entry) this.forget(batchId);
          throw error;
        },
      );
    }
    this.entries.set(batchId, entry);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as number;
      this.forget(oldest);
    }
    return entry;
  }

  /** The batch if it has been read and is still kept, without reading it. */
  peek(batchId: number): T | undefined {
    return this.settled.get(batchId);
  }

  get size(): number {
    return this.entries.size;
  }

  private forget(batchId: number): void {
    this.entries.delete(batchId);
    this.settled.delete(batchId);
  }
}
