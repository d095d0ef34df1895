import * as arrow from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import { DuckDB } from "./DuckDB";
import { ipcRowCount, ipcSchemaBytes } from "./ipcStream";

describe("a small Arrow IPC stream read without decoding it", () => {
  let db: DuckDB;
  beforeAll(async () => {
    db = await DuckDB.open();
  });

  it("counts the rows of every record batch, as decoding does", () => {
    for (const sql of [
      "SELECT 'a' AS s, 1::BIGINT AS n WHERE FALSE",
      "SELECT 'google' AS s, r::BIGINT AS n FROM range(5) t(r)",
      // More than one of DuckDB's record batches (2,048 rows each at most).
      "SELECT r::VARCHAR AS s, r AS n FROM range(5000) t(r)",
    ]) {
      const ipc = db.queryStream(sql);
      expect(ipcRowCount(ipc)).toBe(arrow.tableFromIPC(ipc).numRows);
    }
    const table = arrow.tableFromArrays({ n: Int32Array.from([1, 2, 3]) });
    expect(ipcRowCount(arrow.tableToIPC(table, "stream"))).toBe(3);
  });

  it("gives equal schema bytes for equal schemas and different ones otherwise", () => {
    const a = ipcSchemaBytes(db.queryStream("SELECT 'x' AS s, 1::BIGINT AS n"));
    const b = ipcSchemaBytes(db.queryStream("SELECT 'yy' AS s, r::BIGINT AS n FROM range(7) t(r)"));
    const c = ipcSchemaBytes(db.queryStream("SELECT 'x' AS s, 1::INTEGER AS n"));
    expect(a).toBeDefined();
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(ipcSchemaBytes(new Uint8Array(4))).toBeUndefined();
  });
});
