import { beforeAll, describe, expect, it, vi } from "vitest";
import { DRAIN_EVERY_CALLS, DuckDB } from "./DuckDB";

describe("DuckDB's eviction queue drain", () => {
  let db: DuckDB;
  const limit = () => String(db.query("SELECT current_setting('memory_limit') AS m").getChild("m")?.get(0));
  const join =
    "SELECT count(*) AS n FROM range(2000) b(k) LEFT JOIN (SELECT r AS k FROM range(20000) t(r)) s ON s.k = b.k";
  beforeAll(async () => {
    db = await DuckDB.open();
  });

  it("keeps the memory limit, the tables and their rows", () => {
    db.exec(
      "CREATE TABLE kept AS SELECT r AS k, 'user-' || r::VARCHAR || '-with-a-long-id' AS id FROM range(50000) t(r)",
    );
    db.exec(join);
    const before = limit();
    db.drainEvictionQueue();
    expect(limit()).toBe(before);
    expect(db.queryNumbers("SELECT count(*), count(DISTINCT id) FROM kept")).toEqual([50000, 50000]);
    expect(db.queryNumber(join)).toBe(2000);
  });

  it("a database holding under 1 MB keeps answering after a drain", async () => {
    const empty = await DuckDB.open();
    const before = String(empty.query("SELECT current_setting('memory_limit') AS m").getChild("m")?.get(0));
    empty.drainEvictionQueue();
    expect(empty.queryNumber("SELECT count(*) FROM range(1000)")).toBe(1000);
    const after = String(empty.query("SELECT current_setting('memory_limit') AS m").getChild("m")?.get(0));
    expect(after).not.toBe("1000 bytes");
    expect(after.endsWith("GiB") || after.endsWith("MiB")).toBe(
      before.endsWith("GiB") || before.endsWith("MiB"),
    );
  });

  it("leaves a memory limit set by hand alone", () => {
    db.exec("SET memory_limit = '512MB'");
    const set = limit();
    db.drainEvictionQueue();
    expect(limit()).toBe(set);
    db.exec("RESET memory_limit");
  });

  it(`drains on its own once every ${DRAIN_EVERY_CALLS} calls`, () => {
    const drain = vi.spyOn(db, "drainEvictionQueue");
    try {
      for (let i = 0; i < 2 * DRAIN_EVERY_CALLS; i++) db.exec("SELECT 1");
      expect(drain).toHaveBeenCalledTimes(2);
    } finally {
      drain.mockRestore();
    }
  });
});
