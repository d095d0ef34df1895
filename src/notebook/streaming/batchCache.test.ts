import { describe, expect, it } from "vitest";
import { BatchCache } from "./batchCache";

describe("BatchCache", () => {
  it("reads each batch once while it is kept, and keeps at most its capacity", async () => {
    const reads: number[] = [];
    const cache = new BatchCache(3, async (id) => {
      reads.push(id);
      return { id };
    });
    for (const id of [0, 1, 2, 1, 0, 3, 0, 1]) await cache.get(id);
    // 2 was the least recently used when 3 came; 0 and 1 were read again in between, so stayed.
    expect(reads).toEqual([0, 1, 2, 3]);
    expect(cache.size).toBe(3);
    expect(cache.peek(2)).toBeUndefined();
    expect(cache.peek(3)).toEqual({ id: 3 });
    await cache.get(2);
    expect(reads).toEqual([0, 1, 2, 3, 2]);
    expect(cache.size).toBe(3);
  });

  it("forgets a failed read, so the next look asks again", async () => {
    let fail = true;
    const cache = new BatchCache(2, async (id) => {
      if (fail) throw new Error(`batch ${id} is not there`);
      return id;
    });
    await expect(cache.get(5)).rejects.toThrow("batch 5 is not there");
    expect(cache.size).toBe(0);
    fail = false;
    await expect(cache.get(5)).resolves.toBe(5);
  });
});
