/** df.na / fillna / dropna / replace: cases of Spark's DataFrameNaFunctionsSuite. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataFrame } from "../../index";
import { newTestSession, type TestSession } from "../../testing/fixtures";

describe("DataFrameNaFunctions", () => {
  let t: TestSession;
  let input: DataFrame;
  beforeAll(async () => {
    t = await newTestSession();
    input = t.spark.createDataFrame(
      [
        ["Bob", 16, 176.5],
        ["Alice", null, 164.3],
        ["David", 60, null],
        ["Nina", 25, null],
        ["Amy", null, null],
        [null, null, null],
      ].map(([name, age, height]) => ({ name, age, height })),
      "name STRING, age INT, height DOUBLE",
    );
  });
  afterAll(() => t.cleanup());

  const rows = async (df: DataFrame) => (await df.collect()).map((r) => Object.values(r));

  it("drop: any, all, a subset, a minimum of non-nulls", async () => {
    expect(await rows(input.na.drop())).toEqual([["Bob", 16, 176.5]]);
    expect((await input.na.drop("all").collect()).length).toBe(5);
    expect((await rows(input.na.drop("any", undefined, ["age"]))).map((r) => r[0])).toEqual([
      "Bob",
      "David",
      "Nina",
    ]);
    expect((await rows(input.na.drop("any", 2, ["age", "height"]))).map((r) => r[0])).toEqual(["Bob"]);
    expect((await rows(input.dropna("any", 2))).map((r) => r[0])).toEqual(["Bob", "Alice", "David", "Nina"]);
  });

  it("fill: numbers in numeric columns (cast to the column's type), strings in string columns, a map", async () => {
    expect(await rows(input.na.fill(50.6))).toEqual([
      ["Bob", 16, 176.5],
      ["Alice", 50, 164.3],
      ["David", 60, 50.6],
      ["Nina", 25, 50.6],
      ["Amy", 50, 50.6],
      [null, 50, 50.6],
    ]);
    expect((await rows(input.na.fill("unknown"))).map((r) => r[0])).toEqual([
      "Bob",
      "Alice",
      "David",
      "Nina",
      "Amy",
      "unknown",
    ]);
    expect((await rows(input.na.fill({ age: 1, height: 2.5 }))).at(-1)).toEqual([null, 1, 2.5]);
  });

  it("replace: a map on every column of its type, a subset, lists, null as a replacement", async () => {
    const numbers = new Map([
      [16, 61],
      [60, 6],
      [164.3, 461.3],
    ]);
    expect(await rows(input.na.replace(numbers, undefined, "*"))).toEqual([
      ["Bob", 61, 176.5],
      ["Alice", null, 461.3],
      ["David", 6, null],
      ["Nina", 25, null],
      ["Amy", null, null],
      [null, null, null],
    ]);
    expect(await rows(input.replace([16, 60, 164.3], [61, 6, 461.3]))).toEqual([
      ["Bob", 61, 176.5],
      ["Alice", null, 461.3],
      ["David", 6, null],
      ["Nina", 25, null],
      ["Amy", null, null],
      [null, null, null],
    ]);
    expect(
      (await rows(input.na.replace({ Bob: "Bravo", Alice: null }, undefined, "name"))).map((r) => r[0]),
    ).toEqual(["Bravo", null, "David", "Nina", "Amy", null]);
    expect((await rows(input.replace(16, 20, ["height"])))[0]).toEqual(["Bob", 16, 176.5]);
    expect(() => input.replace([1, 2], [3])).toThrow(/same length/);
  });
});
