import { describe, expect, it } from "vitest";
import { DuckDB } from "./DuckDB";
import { withRandomBytePool } from "./randomBytePool";

describe("DuckDB's random bytes from a pool", () => {
  const platform = globalThis.crypto.getRandomValues;

  it("serves random bytes, each once, and puts the platform's generator back", () => {
    const served: number[][] = [];
    let calls = 0;
    const original = globalThis.crypto.getRandomValues;
    // Counts the platform's own calls: the pool asks it for many bytes at once.
    (globalThis.crypto as { getRandomValues: unknown }).getRandomValues = <T extends ArrayBufferView>(
      a: T,
    ) => {
      calls += 1;
      return original.call(globalThis.crypto, a as never) as T;
    };
    try {
      withRandomBytePool(() => {
        for (let i = 0; i < 200; i++) served.push([...globalThis.crypto.getRandomValues(new Uint32Array(1))]);
      });
      expect(calls).toBeLessThan(10);
      expect(new Set(served.map((s) => s[0])).size).toBeGreaterThan(190);
      // A large request goes to the platform as it is.
      const before = calls;
      withRandomBytePool(() => globalThis.crypto.getRandomValues(new Uint8Array(4096)));
      expect(calls).toBe(before + 1);
    } finally {
      delete (globalThis.crypto as { getRandomValues?: unknown }).getRandomValues;
    }
    expect(globalThis.crypto.getRandomValues).toBe(platform);
  });

  it("puts the platform's generator back when the call throws", () => {
    expect(() =>
      withRandomBytePool(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(globalThis.crypto.getRandomValues).toBe(platform);
  });

  it("DuckDB's UUIDs and random numbers stay random", async () => {
    const db = await DuckDB.open();
    expect(db.poolRandomBytes).toBe(true);
    db.exec("CREATE TABLE ids AS SELECT gen_random_uuid() AS id, random() AS r FROM range(1000)");
    expect(db.queryNumbers("SELECT count(DISTINCT id), count(DISTINCT r) FROM ids")).toEqual([1000, 1000]);
    db.exec("SELECT setseed(0.5)");
    expect(globalThis.crypto.getRandomValues).toBe(platform);
  });
});
