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

describe("DuckDB's deferred tables (a memory sink's small complete-mode output, bench P2)", () => {
  let db: DuckDB;
  beforeAll(async () => {
    db = await DuckDB.open();
  });

  it("fills a table before a statement naming it, once, and not before others", () => {
    db.exec("CREATE TABLE Later (v INTEGER)");
    let fills = 0;
    const fill = () => {
      fills += 1;
      db.exec("INSERT INTO Later VALUES (1), (2)");
    };
    expect(db.deferTable("Later", fill)).toBe(true);
    expect(db.queryNumber("SELECT count(*) FROM range(3)")).toBe(3);
    expect(fills).toBe(0);
    expect(db.queryNumber('SELECT count(*) FROM "later"')).toBe(2);
    expect(db.queryNumber("SELECT sum(v) FROM LATER")).toBe(3);
    expect(fills).toBe(1);
    // A write by other means supersedes the deferred one.
    db.deferTable("Later", fill);
    db.cancelDeferred("later");
    expect(db.queryNumber("SELECT count(*) FROM Later")).toBe(2);
    expect(fills).toBe(1);
  });

  it("a view naming the table fills it and stops deferring it: the view's reads do not name it", () => {
    db.exec("CREATE TABLE viewed (v INTEGER)");
    db.deferTable("viewed", () => db.exec("INSERT INTO viewed VALUES (7)"));
    db.exec("CREATE VIEW over_it AS SELECT * FROM viewed");
    expect(db.queryNumber("SELECT sum(v) FROM over_it")).toBe(7);
    expect(db.deferTable("viewed", () => db.exec("INSERT INTO viewed VALUES (8)"))).toBe(false);
  });
});
