import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { StubIndex } from "../../../python/StubIndex";
import { sqlCompletions } from "./sqlCompletion";

const functionsStub = readFileSync(
  new URL("../../../pyspark/python/pyspark/sql/functions.pyi", import.meta.url),
  "utf8",
);
const index = new StubIndex({ "pyspark/sql/functions.pyi": functionsStub });

describe("SQL cells' completion", () => {
  it("offers Spark SQL's keywords and built-in functions with their docs, and no TypeScript", () => {
    const items = sqlCompletions(index, []);
    const labels = items.map((c) => c.label);
    expect(labels).toEqual(expect.arrayContaining(["SELECT", "GROUP BY", "count", "window", "base64"]));
    expect(labels).not.toContain("break");
    // DataFrame helpers are not SQL.
    expect(labels).not.toContain("col");
    expect(labels).not.toContain("lit");
    const count = items.find((c) => c.label === "count");
    expect(count).toMatchObject({ kind: "function" });
    expect(count?.detail).toMatch(/^count\(/);
  });

  it("offers the names the notebook's SQL cells use, once each", () => {
    const items = sqlCompletions(index, [
      "SELECT traffic_source FROM program_ratings",
      "select * from program_ratings",
    ]);
    const names = items.filter((c) => c.kind === "name").map((c) => c.label);
    expect(names).toEqual(["traffic_source", "program_ratings"]);
  });
});
