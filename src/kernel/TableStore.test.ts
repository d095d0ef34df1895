import { describe, expect, it } from "vitest";
import { columnsOfRows } from "./TableStore";

describe("columns of rows without a schema", () => {
  it("types them as Spark infers them: a column of whole and fractional numbers is a double", () => {
    const rows = [
      { id: 1, price: 2, name: "a", at: new Date(0), ok: true, missing: null },
      { id: 2, price: 2.5, name: "b", at: new Date(1), ok: false, missing: "x" },
    ];
    expect(columnsOfRows(rows)).toEqual([
      { name: "id", type: "bigint" },
      { name: "price", type: "double" },
      { name: "name", type: "string" },
      { name: "at", type: "timestamp" },
      { name: "ok", type: "boolean" },
      { name: "missing", type: "string" },
    ]);
  });
});
