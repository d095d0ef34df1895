import * as arrow from "apache-arrow";
import { describe, expect, it } from "vitest";
import { MemoryFileSystem } from "../engine/index";
import { decodeParquet } from "../engine/internal";
import { DEVICES, EVENTS_EPOCH_US, generateEvents, TRAFFIC_SOURCES, writeEvents } from "./events";

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
