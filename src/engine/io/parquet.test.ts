import * as arrow from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import { DuckDB } from "../duckdb/DuckDB";
import {
  CorruptParquetError,
  decodeParquet,
  decodeParquetColumns,
  encodeParquet,
  initParquet,
  readParquetSchema,
} from "./parquet";

describe("parquet codec", () => {
  let db: DuckDB;
  beforeAll(async () => {
    await initParquet();
    db = await DuckDB.open();
  });

  it("round-trips a table through Parquet into DuckDB, reading only the asked columns", async () => {
    const table = arrow.tableFromArrays({
      event_name: ["finalize", "view", "finalize"],
      traffic_source: ["google", "email", "google"],
      revenue: Float64Array.from([1.5, 2, 3]),
    });
    const bytes = encodeParquet(table);
    expect(readParquetSchema(bytes, "/x.parquet").fields.map((f) => f.name)).toEqual([
      "event_name",
      "traffic_source",
      "revenue",
    ]);
    const ipc = await decodeParquetColumns(bytes, "/x.parquet", ["event_name", "traffic_source"]);
    // Only the columns asked for are decoded.
    expect(arrow.tableFromIPC(ipc).schema.fields.map((f) => f.name)).toEqual([
      "event_name",
      "traffic_source",
    ]);
    db.insertArrowIPC("events", ipc, true);
    const result = db.query(
      "SELECT traffic_source, count(*)::INT AS n FROM events WHERE event_name = 'finalize' GROUP BY 1",
    );
    expect(result.schema.fields.map((f) => f.name)).toEqual(["traffic_source", "n"]);
    expect(result.toArray().map((row) => row.toJSON())).toEqual([{ traffic_source: "google", n: 2 }]);
  });

  it("names the file that is not Parquet", () => {
    expect(() => decodeParquet(new TextEncoder().encode("not parquet"), "/data/bad.parquet")).toThrow(
      CorruptParquetError,
    );
    expect(() => decodeParquet(new Uint8Array(4), "/data/bad.parquet")).toThrow(/\/data\/bad\.parquet/);
  });
});
