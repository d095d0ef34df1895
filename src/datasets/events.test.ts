import * as arrow from "apache-arrow";
import { describe, expect, it } from "vitest";
import { MemoryFileSystem } from "../engine/index";
import { decodeParquet } from "../engine/internal";
import {
  DEVICES,
  EVENTS_EPOCH_US,
  type EventsOptions,
  generateEventFile,
  generateEvents,
  TRAFFIC_SOURCES,
  writeEvents,
} from "./events";

interface EventRow {
  user_id: string;
  event_timestamp: bigint;
  event_name: string;
  traffic_source: string;
  device: string;
  geo: { city: string; state: string };
  ecommerce: {
    purchase_revenue_in_usd: number | null;
    total_item_quantity: bigint | null;
    unique_items: bigint | null;
  };
  items: { item_id: string; item_revenue_in_usd: number; quantity: bigint }[];
}

function rowsOf(bytes: Uint8Array): EventRow[] {
  const table = arrow.tableFromIPC(decodeParquet(bytes, "/events.parquet"));
  return table.toArray().map((row) => {
    const json = row.toJSON();
    return { ...json, items: [...json.items].map((item: arrow.StructRowProxy) => item.toJSON()) } as EventRow;
  });
}

describe("BedBricks-like events generator", () => {
  it("is deterministic: the same seed gives the same bytes, another seed other data", async () => {
    const a = await generateEvents({ seed: 7, files: 2, rowsPerFile: 300 });
    const b = await generateEvents({ seed: 7, files: 2, rowsPerFile: 300 });
    const c = await generateEvents({ seed: 8, files: 2, rowsPerFile: 300 });
    expect(a).toHaveLength(2);
    expect(a).toEqual(b);
    expect(rowsOf(a[0]).map((r) => r.user_id)).not.toEqual(rowsOf(c[0]).map((r) => r.user_id));
  });

  it("has the BedBricks schema", async () => {
    const [file] = await generateEvents({ files: 1, rowsPerFile: 10 });
    const schema = arrow.tableFromIPC(decodeParquet(file, "/events.parquet")).schema;
    expect(schema.fields.map((f) => `${f.name}: ${f.type}`)).toEqual([
      "user_id: Utf8",
      "event_timestamp: Int64",
      "event_name: Utf8",
      "traffic_source: Utf8",
      "device: Utf8",
      "geo: Struct<{city:Utf8, state:Utf8}>",
      "ecommerce: Struct<{purchase_revenue_in_usd:Float64, total_item_quantity:Int64, unique_items:Int64}>",
      "items: List<Struct<{coupon:Utf8, item_id:Utf8, item_name:Utf8, item_revenue_in_usd:Float64, price_in_usd:Float64, quantity:Int64}>>",
    ]);
  });

  it("draws every traffic source and device, has purchases whose totals match their items", async () => {
    const rows = rowsOf((await generateEvents({ files: 1, rowsPerFile: 2000 }))[0]);
    expect(rows).toHaveLength(2000);
    expect(new Set(rows.map((r) => r.traffic_source))).toEqual(new Set(TRAFFIC_SOURCES.map(([v]) => v)));
    expect(new Set(rows.map((r) => r.device))).toEqual(new Set(DEVICES.map(([v]) => v)));
    expect(rows.every((r) => /^UA\d{15}$/.test(r.user_id))).toBe(true);
    const purchases = rows.filter((r) => r.event_name === "finalize");
    expect(purchases.length).toBeGreaterThan(40);
    for (const p of purchases) {
      const revenue = p.items.reduce((sum, i) => sum + i.item_revenue_in_usd, 0);
      expect(p.ecommerce.purchase_revenue_in_usd).toBeCloseTo(revenue, 6);
      expect(Number(p.ecommerce.total_item_quantity)).toBe(
        p.items.reduce((s, i) => s + Number(i.quantity), 0),
      );
      expect(Number(p.ecommerce.unique_items)).toBe(new Set(p.items.map((i) => i.item_id)).size);
    }
    const views = rows.filter((r) => r.event_name === "main");
    expect(views.every((r) => r.items.length === 0 && r.ecommerce.purchase_revenue_in_usd === null)).toBe(
      true,
    );
  });

  it("moves event time forward file by file, with a few late events", async () => {
    const files = await generateEvents({ files: 3, rowsPerFile: 500, secondsPerFile: 60 });
    const medians = files.map((f) => {
      const ts = rowsOf(f)
        .map((r) => Number(r.event_timestamp - BigInt(EVENTS_EPOCH_US)) / 1e6)
        .sort((x, y) => x - y);
      return ts[ts.length >> 1];
    });
    expect(medians[0]).toBeGreaterThan(20);
    expect(medians[0]).toBeLessThan(40);
    expect(medians[1] - medians[0]).toBeCloseTo(60, -1);
    expect(medians[2] - medians[1]).toBeCloseTo(60, -1);
    const late = rowsOf(files[2]).filter((r) => r.event_timestamp < BigInt(EVENTS_EPOCH_US + 120_000_000));
    expect(late.length).toBeGreaterThan(0);
    expect(late.length).toBeLessThan(50);
  });

  /** Each row's event time against the time its place in the file stands for: file start + row × span/rows. */
  async function offsets(options: EventsOptions & { index?: number }): Promise<number[]> {
    const index = options.index ?? 0;
    const rows = options.rowsPerFile ?? 1000;
    const spanUs = (options.secondsPerFile ?? 60) * 1e6;
    const file = await generateEventFile({ ...options, index });
    return rowsOf(file).map(
      (r, i) =>
        Number(r.event_timestamp) - (EVENTS_EPOCH_US + index * spanUs + Math.floor((i * spanUs) / rows)),
    );
  }

  it("disorder: every row lands 0 to disorderSeconds after its place, so rows come out of order", async () => {
    const rows = 2000;
    const inOrder = await offsets({ rowsPerFile: rows, disorderSeconds: 0, lateFraction: 0 });
    expect(inOrder.every((o) => o === 0)).toBe(true);
    const shuffled = await offsets({
      rowsPerFile: rows,
      secondsPerFile: 100,
      disorderSeconds: 30,
      lateFraction: 0,
      index: 2,
    });
    expect(Math.min(...shuffled)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...shuffled)).toBeLessThan(30e6);
    // Spread over the whole range: each tenth of it holds about a tenth of the rows.
    const tenths = Array.from(
      { length: 10 },
      (_, t) => shuffled.filter((o) => Math.floor(o / 3e6) === t).length,
    );
    for (const n of tenths) expect(n).toBeGreaterThan(rows / 10 - 70);
    // Rows are 50 ms apart, jittered over 30 s: most rows have a later neighbour before them.
    const times = shuffled.map((o, i) => o + i * 50_000);
    const inversions = times.filter((t, i) => i > 0 && t < times[i - 1]).length;
    expect(inversions).toBeGreaterThan(rows / 3);
  });

  it("lateness: about lateFraction of the rows, each 0 to lateBySeconds behind its place", async () => {
    const rows = 5000;
    const late = (
      await offsets({
        rowsPerFile: rows,
        disorderSeconds: 0,
        lateFraction: 0.2,
        lateBySeconds: 900,
        index: 20,
      })
    )
      .filter((o) => o < 0)
      .map((o) => -o);
    // Binomial(5000, 0.2): standard deviation about 28 rows.
    expect(late.length).toBeGreaterThan(1000 - 120);
    expect(late.length).toBeLessThan(1000 + 120);
    expect(Math.max(...late)).toBeLessThanOrEqual(900e6);
    expect(Math.max(...late)).toBeGreaterThan(850e6);
    expect(Math.min(...late)).toBeLessThan(50e6);
    expect(late.filter((o) => o > 450e6).length / late.length).toBeCloseTo(0.5, 1);
    const none = await offsets({ rowsPerFile: rows, disorderSeconds: 0, lateFraction: 0 });
    expect(none.every((o) => o === 0)).toBe(true);
    const all = await offsets({
      rowsPerFile: 200,
      disorderSeconds: 0,
      lateFraction: 1,
      lateBySeconds: 60,
      index: 1,
    });
    expect(all.every((o) => o < 0 && o >= -60e6)).toBe(true);
  });

  it("no late row goes back before file 0's start: one that would stays on time", async () => {
    const options = {
      rowsPerFile: 600,
      secondsPerFile: 60,
      disorderSeconds: 0,
      lateFraction: 1,
      lateBySeconds: 600,
    };
    const first = await offsets(options);
    const times = first.map((o, i) => o + i * 100_000);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(0);
    // Row i is due i × 0.1 s in; drawn up to 600 s back, it stays late only when the draw is within that.
    expect(first.filter((o) => o < 0).length).toBeGreaterThan(0);
    expect(first.filter((o) => o === 0).length).toBeGreaterThan(500);
  });

  it("lateness and disorder are drawn from the seed: the same options give the same rows", async () => {
    const options = {
      rowsPerFile: 500,
      disorderSeconds: 120,
      lateFraction: 0.1,
      lateBySeconds: 1500,
      index: 3,
    };
    expect(await offsets(options)).toEqual(await offsets(options));
    expect(await offsets(options)).not.toEqual(await offsets({ ...options, seed: 7 }));
    // The other columns do not depend on the timing options.
    const [a, b] = await Promise.all([
      generateEventFile({ ...options }),
      generateEventFile({ ...options, disorderSeconds: 0, lateFraction: 0 }),
    ]);
    const strip = (bytes: Uint8Array) => rowsOf(bytes).map(({ event_timestamp: _, ...rest }) => rest);
    expect(strip(a)).toEqual(strip(b));
  });

  it("says which timing option is out of range", async () => {
    await expect(generateEventFile({ index: 0, lateFraction: 1.5 })).rejects.toThrow(
      "lateFraction must be a number from 0 to 1",
    );
    await expect(generateEventFile({ index: 0, disorderSeconds: -1 })).rejects.toThrow(
      "disorderSeconds must be a non-negative number of seconds",
    );
    await expect(generateEventFile({ index: 0, lateBySeconds: Number.NaN })).rejects.toThrow(
      "lateBySeconds must be a non-negative number of seconds",
    );
  });

  it("writes numbered parquet files into a directory", async () => {
    const fs = new MemoryFileSystem();
    const paths = await writeEvents(fs, "/data/events", { files: 3, rowsPerFile: 50 });
    expect(paths).toEqual([
      "/data/events/part-00000.parquet",
      "/data/events/part-00001.parquet",
      "/data/events/part-00002.parquet",
    ]);
    expect((await fs.list("/data/events")).map((f) => f.name)).toEqual(paths.map((p) => p.slice(13)));
    expect(rowsOf(await fs.readFile(paths[1]))).toHaveLength(50);
    const more = await writeEvents(fs, "/data/events", { files: 1, rowsPerFile: 50, firstIndex: 3 });
    expect(more).toEqual(["/data/events/part-00003.parquet"]);
    expect(await fs.readFile(more[0])).toEqual((await generateEvents({ files: 4, rowsPerFile: 50 }))[3]);
  });
});
