import { describe, expect, it } from "vitest";
import { quoteString } from "../duckdb/DuckDB";
import { sharedSession } from "../testing/files";
import { type StateColumn, StateStore } from "./StateStore";

/** Per user: the user (a key column), a count and the last page seen (a string that changes). */
const COLUMNS: StateColumn[] = [
  { name: "user_id", sqlType: "VARCHAR", key: true },
  { name: "events", sqlType: "BIGINT" },
  { name: "page", sqlType: "VARCHAR" },
];
const OPTIONS = { minDeltasForSnapshot: 10, minBatchesToRetain: 100 };

/** `n` users (ids longer than DuckDB's 12 inline bytes), one event each, on page `page`. */
const events = (n: number, page: string, from = 0) =>
  `SELECT user_id AS __key, user_id, 1::BIGINT AS events, ${quoteString(page)} AS page FROM (SELECT 'UA000000' || CAST(100000000 + r AS VARCHAR) AS user_id FROM range(${from}, ${from + n}) t(r))`;
const countAndLastPage = { events: "__stored.events + __incoming.events" };

describe("the state store", () => {
  const ctx = sharedSession();
  const storeAt = (dir: string) => new StateStore(ctx.t.spark.db, ctx.t.spark.fs, dir, COLUMNS, OPTIONS);
  const rowsOf = (store: StateStore) =>
    ctx.t.spark.db
      .query(`SELECT user_id, events, page FROM "${store.table}" ORDER BY user_id`)
      .toArray()
      .map((r) => ({ user_id: r.user_id as string, events: Number(r.events), page: r.page as string }));
  const tableOid = (store: StateStore) =>
    ctx.t.spark.db.queryNumber(`SELECT table_oid FROM duckdb_tables() WHERE table_name = '${store.table}'`);

  const changesTables = () =>
    ctx.t.spark.db.queryNumber(
      "SELECT count(*) FROM duckdb_tables() WHERE contains(table_name, 'state_changes')",
    );

  // A caller that reads no table of a merge's changes lets a small merge run as one statement returning its
  // rows (after a first merge, which has no size to go by): its counts, delta and reload are the same.
  for (const changesAsTable of [true, false]) {
    const how = changesAsTable ? "" : " (small merges returning their rows, no changes table)";
    const suffix = changesAsTable ? "" : "-returning";
    it(`merges updates into the stored rows, and a reload from the files sees the same rows${how}`, async () => {
      const dir = `${ctx.dir}/merge${suffix}`;
      const store = storeAt(dir);
      await store.load(undefined);
      for (let batch = 0; batch < 12; batch++) {
        store.upsert(events(50, `p${batch}`, batch * 10), countAndLastPage, changesAsTable);
        if (batch === 5) store.remove("user_id = 'UA000000100000007'");
        await store.commit(batch);
      }
      const live = rowsOf(store);
      expect(live).toHaveLength(159);
      expect(live.find((r) => r.user_id === "UA000000100000050")).toEqual({
        user_id: "UA000000100000050",
        events: 5,
        page: "p5",
      });
      expect(live.find((r) => r.user_id === "UA000000100000007")).toBeUndefined();
      const reloaded = storeAt(dir);
      await reloaded.load(11);
      expect(rowsOf(reloaded)).toEqual(live);
      await reloaded.load(5);
      expect(rowsOf(reloaded).find((r) => r.user_id === "UA000000100000007")).toBeUndefined();
      expect(rowsOf(reloaded)).toHaveLength(99);
      store.drop();
      reloaded.drop();
    });

    it(`counts the keys a merge adds and updates, whether its batch follows one that updated or one that only added${how}`, async () => {
      const dir = `${ctx.dir}/counts${suffix}`;
      const store = storeAt(dir);
      await store.load(undefined);
      // [first user, users]: new keys only, stored only, new after stored, half and half (twice), then new only.
      const batches = [
        [0, 10],
        [0, 10],
        [10, 10],
        [15, 10],
        [20, 10],
        [30, 5],
      ];
      const expected = new Map<string, number>();
      for (const [batch, [from, n]] of batches.entries()) {
        store.upsert(events(n, `p${batch}`, from), countAndLastPage, changesAsTable);
        // The changes' table exists only where the merge made one: always, or for the first merge.
        expect(changesTables() > 0).toBe(changesAsTable || batch === 0);
        const metrics = await store.commit(batch);
        for (let r = from; r < from + n; r++) {
          const id = `UA000000${100000000 + r}`;
          expected.set(id, (expected.get(id) ?? 0) + 1);
        }
        expect([metrics.numRowsTotal, metrics.numRowsUpdated]).toEqual([expected.size, n]);
      }
      const rows = [...expected].sort(([a], [b]) => a.localeCompare(b));
      expect(rowsOf(store).map((r) => [r.user_id, r.events])).toEqual(rows);
      const reloaded = storeAt(dir);
      await reloaded.load(batches.length - 1);
      expect(rowsOf(reloaded).map((r) => [r.user_id, r.events])).toEqual(rows);
      store.drop();
      reloaded.drop();
    });
  }

  it("counts a small state's keys from its merges' returned rows, also after a removal or a reload", async () => {
    const dir = `${ctx.dir}/key-set`;
    const store = storeAt(dir);
    await store.load(undefined);
    const db = ctx.t.spark.db;
    const statements: string[] = [];
    const queryIPC = db.queryIPC.bind(db);
    db.queryIPC = (sql: string) => {
      statements.push(sql);
      return queryIPC(sql);
    };
    const expected = new Set<number>();
    const merge = async (batch: number, from: number, n: number) => {
      store.upsert(events(n, `p${batch}`, from), countAndLastPage, false);
      for (let r = from; r < from + n; r++) expected.add(r);
      const metrics = await store.commit(batch);
      expect([metrics.numRowsTotal, metrics.numRowsUpdated]).toEqual([expected.size, n]);
    };
    try {
      // [first user, users] per batch: new keys, stored ones, some of each.
      await merge(0, 0, 10);
      await merge(1, 5, 10);
      statements.length = 0;
      await merge(2, 10, 10);
      await merge(3, 0, 25);
      // Once the store knows the keys, a merge counts nothing in DuckDB.
      expect(statements.filter((s) => /count\(\*\)/.test(s))).toEqual([]);
      store.remove("user_id = 'UA000000100000003'");
      expected.delete(3);
      await merge(4, 3, 1);
      await merge(5, 24, 4);
      const reloaded = storeAt(dir);
      await reloaded.load(3);
      reloaded.upsert(events(3, "q", 26), countAndLastPage, false);
      await reloaded.commit(4);
      reloaded.upsert(events(3, "q", 28), countAndLastPage, false);
      // As of batch 3 the store held users 0-24; 26-30 are new.
      expect((await reloaded.commit(5)).numRowsTotal).toBe(30);
      reloaded.drop();
    } finally {
      db.queryIPC = queryIPC;
    }
    expect(rowsOf(store).map((r) => r.user_id)).toEqual(
      [...expected].sort((a, b) => a - b).map((r) => `UA000000${100000000 + r}`),
    );
    store.drop();
  });

  it("replays changes to one key within a batch in the order they happened", async () => {
    const dir = `${ctx.dir}/order`;
    const store = storeAt(dir);
    await store.load(undefined);
    store.upsert(events(3, "a"), "replace");
    await store.commit(0);
    store.remove("user_id = 'UA000000100000001'");
    store.upsert(events(2, "b", 1), "replace");
    store.remove("user_id = 'UA000000100000002'");
    await store.commit(1);
    const live = rowsOf(store);
    expect(live.map((r) => `${r.user_id}:${r.page}`)).toEqual(["UA000000100000000:a", "UA000000100000001:b"]);
    const reloaded = storeAt(dir);
    await reloaded.load(1);
    expect(rowsOf(reloaded)).toEqual(live);
    store.drop();
    reloaded.drop();
  });

  it("rebuilds its table once updated strings left behind outnumber the rows, keeping every row", async () => {
    const store = storeAt(`${ctx.dir}/rebuild`);
    await store.load(undefined);
    store.upsert(events(12_000, "first"), countAndLastPage);
    await store.commit(0);
    const oid = tableOid(store);
    // Each update of the string column leaves the old value behind: 6k, then 12k, as many as the rows.
    store.upsert(events(6000, "second"), countAndLastPage);
    await store.commit(1);
    expect(tableOid(store)).toBe(oid);
    store.upsert(events(6000, "second", 6000), countAndLastPage);
    await store.commit(2);
    expect(tableOid(store)).not.toBe(oid);
    const rows = rowsOf(store);
    expect(rows).toHaveLength(12_000);
    expect(rows.every((r) => r.events === 2 && r.page === "second")).toBe(true);
    // The rebuilt table is the store's table: the next batch updates it.
    store.upsert(events(1, "third"), countAndLastPage);
    await store.commit(3);
    expect(rowsOf(store)[0]).toEqual({ user_id: "UA000000100000000", events: 3, page: "third" });
    store.drop();
  });

  it("spreads a large state's snapshot over the next batches, and loads from its parts and the deltas", async () => {
    const dir = `${ctx.dir}/parts`;
    // Parts of about 64 KiB: 20k rows of about 40 bytes make a snapshot of several parts.
    const store = new StateStore(ctx.t.spark.db, ctx.t.spark.fs, dir, COLUMNS, {
      ...OPTIONS,
      minDeltasForSnapshot: 5,
      snapshotPartBytes: 64 * 1024,
    });
    await store.load(undefined);
    const states: ReturnType<typeof rowsOf>[] = [];
    for (let batch = 0; batch < 16; batch++) {
      if (batch === 0) store.upsert(events(20_000, "start"), countAndLastPage);
      else store.upsert(events(500, `p${batch}`, batch * 1000), countAndLastPage);
      if (batch === 7) store.remove("user_id = 'UA000000100007001'");
      if (batch === 8) store.upsert(events(10, "new", 30_000), countAndLastPage);
      await store.commit(batch);
      states.push(rowsOf(store));
    }
    const names = (await ctx.t.spark.fs.list(dir)).map((f) => f.name);
    // Snapshots start at batches 4, 9 and 14 (every 5), each written over the batches after it.
    const parts = names.filter((n) => /^9\.\d+of\d+\.snapshot$/.test(n));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.length).toBeLessThanOrEqual(5);
    expect(names).not.toContain("9.snapshot");
    const reloaded = storeAt(dir);
    for (const version of [3, 4, 8, 9, 12, 13, 15]) {
      await reloaded.load(version);
      expect(rowsOf(reloaded), `state as of batch ${version}`).toEqual(states[version]);
    }
    store.drop();
    reloaded.drop();
  });

  it("sizes a snapshot's parts by the rows a batch changes, so a part costs about what a delta does", async () => {
    const dir = `${ctx.dir}/rows-per-part`;
    // 40k keys, 2k of them changed a batch: parts of at most 10k rows (twice a batch's rows, never under 10k),
    // so the snapshot starting at batch 4 (every 5) is written in 4 parts, at batches 4 to 7.
    const store = new StateStore(ctx.t.spark.db, ctx.t.spark.fs, dir, COLUMNS, {
      ...OPTIONS,
      minDeltasForSnapshot: 5,
    });
    await store.load(undefined);
    const states: ReturnType<typeof rowsOf>[] = [];
    for (let batch = 0; batch < 10; batch++) {
      store.upsert(events(batch === 0 ? 40_000 : 2000, `p${batch}`, batch * 2000), countAndLastPage);
      await store.commit(batch);
      states.push(rowsOf(store));
    }
    const names = (await ctx.t.spark.fs.list(dir)).map((f) => f.name);
    expect(names.filter((n) => /^4\.\d+of\d+\.snapshot$/.test(n)).sort()).toEqual([
      "4.0of4.snapshot",
      "4.1of4.snapshot",
      "4.2of4.snapshot",
      "4.3of4.snapshot",
    ]);
    const reloaded = storeAt(dir);
    for (const version of [7, 8, 9]) {
      await reloaded.load(version);
      expect(rowsOf(reloaded), `state as of batch ${version}`).toEqual(states[version]);
    }
    store.drop();
    reloaded.drop();
  });

  it("loads from the previous snapshot while a snapshot's parts are incomplete", async () => {
    const dir = `${ctx.dir}/incomplete`;
    const options = { ...OPTIONS, minDeltasForSnapshot: 3, snapshotPartBytes: 64 * 1024 };
    const store = new StateStore(ctx.t.spark.db, ctx.t.spark.fs, dir, COLUMNS, options);
    await store.load(undefined);
    for (let batch = 0; batch < 6; batch++) {
      store.upsert(events(batch === 0 ? 20_000 : 100, `p${batch}`), countAndLastPage);
      await store.commit(batch);
    }
    const expected = rowsOf(store);
    const names = (await ctx.t.spark.fs.list(dir)).map((f) => f.name);
    // Snapshot 2 is complete (batches 2 to 4); snapshot 5 has its first part only.
    expect(names.filter((n) => /^2\.\dof3\.snapshot$/.test(n))).toHaveLength(3);
    expect(names.filter((n) => /^5\.\dof3\.snapshot$/.test(n))).toEqual(["5.0of3.snapshot"]);
    const reloaded = new StateStore(ctx.t.spark.db, ctx.t.spark.fs, dir, COLUMNS, options);
    await reloaded.load(5);
    expect(rowsOf(reloaded)).toEqual(expected);
    store.drop();
    reloaded.drop();
  });

  it("passes over a snapshot a stopped query left incomplete once later batches commit", async () => {
    const dir = `${ctx.dir}/abandoned`;
    const options = { ...OPTIONS, minDeltasForSnapshot: 3, snapshotPartBytes: 64 * 1024 };
    const first = new StateStore(ctx.t.spark.db, ctx.t.spark.fs, dir, COLUMNS, options);
    await first.load(undefined);
    for (let batch = 0; batch < 6; batch++) {
      first.upsert(events(batch === 0 ? 20_000 : 100, `p${batch}`), countAndLastPage);
      await first.commit(batch);
    }
    first.drop();
    // The query stops with snapshot 5 at its first part of 3; a restart runs batches 6 and 7 past where it
    // would have been whole.
    const restarted = new StateStore(ctx.t.spark.db, ctx.t.spark.fs, dir, COLUMNS, options);
    await restarted.load(5);
    for (let batch = 6; batch < 8; batch++) {
      restarted.upsert(events(100, `p${batch}`), countAndLastPage);
      await restarted.commit(batch);
    }
    const expected = rowsOf(restarted);
    const names = (await ctx.t.spark.fs.list(dir)).map((f) => f.name);
    expect(names.filter((n) => /^5\.\dof3\.snapshot$/.test(n))).toEqual(["5.0of3.snapshot"]);
    const reloaded = new StateStore(ctx.t.spark.db, ctx.t.spark.fs, dir, COLUMNS, options);
    await reloaded.load(7);
    expect(rowsOf(reloaded)).toEqual(expected);
    restarted.drop();
    reloaded.drop();
  });

  it("fails the batch with a clear error, before it commits, once state would pass the memory limit", async () => {
    const dir = `${ctx.dir}/limit`;
    const store = new StateStore(ctx.t.spark.db, ctx.t.spark.fs, dir, COLUMNS, {
      ...OPTIONS,
      memoryLimitBytes: 1024 * 1024,
    });
    await store.load(undefined);
    store.upsert(events(50_000, "a"), countAndLastPage);
    const failure = await store.commit(0).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ errorClass: "SLUICE_STATE_EXCEEDS_MEMORY" });
    expect(String((failure as Error).message)).toMatch(
      /^\[SLUICE_STATE_EXCEEDS_MEMORY\] The state in .*limit has grown to 50000 keys, and DuckDB now holds \d+ MiB of memory: past the 1 MiB .* 4 GiB/,
    );
    expect(await ctx.t.spark.fs.list(dir)).toEqual([]);
    store.drop();
  });
});
