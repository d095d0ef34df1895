/**
 * uniform and randstr: Spark's types, ranges and character pool (the functions' ExpressionDescription examples and
 * random.sql), and, with a seed, the same values run after run. Spark's own values (its XORShiftRandom sequence)
 * are not reproduced, so random.sql's exact answers are not ported; their shape is.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { col, randstr, uniform } from "../api/functions";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

describe("uniform", () => {
  it("the examples: in range, typed by the bounds", async () => {
    const df = t.spark.sql(
      "SELECT uniform(10, 20, 0) > 0 AS a, uniform(10, 20, 0) AS b, uniform(5.5, 10.5, 123) AS c, uniform(10, 20.0D, 0) AS d, uniform(CAST(1 AS BIGINT), 3, 1) AS e, uniform(NULL, 1, 0) AS f",
    );
    const types = Object.fromEntries(df.dtypes);
    expect([types.a, types.b, types.d, types.e]).toEqual(["boolean", "int", "double", "bigint"]);
    const row = await df.first();
    expect(row?.a).toBe(true);
    expect(row?.b).toBeGreaterThanOrEqual(10);
    expect(row?.b).toBeLessThan(20);
    expect(Number(row?.c)).toBeGreaterThanOrEqual(5.5);
    expect(Number(row?.c)).toBeLessThanOrEqual(10.5);
    expect(row?.f).toBeNull();
  });

  it("a seed gives the same values over the same input, run after run; the values fill the range", async () => {
    const run = async () =>
      (
        await t.spark
          .range(200)
          .select(uniform(0, 10, 42).alias("u"))
          .collect()
      ).map((r) => r.u as number);
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first.every((v) => Number.isInteger(v) && v >= 0 && v < 10)).toBe(true);
    expect(new Set(first).size).toBe(10);
  });

  it("a bound that is a column is DATATYPE_MISMATCH.NON_FOLDABLE_INPUT", () => {
    const error = (() => {
      try {
        t.spark.range(1).select(uniform(col("id"), 10, 0)).columns;
      } catch (e) {
        return e as { getCondition(): string };
      }
    })();
    expect(error?.getCondition()).toBe("DATATYPE_MISMATCH.NON_FOLDABLE_INPUT");
  });
});

describe("randstr", () => {
  it("the examples: a string of the length, from 0-9, a-z and A-Z", async () => {
    const df = t.spark.sql("SELECT randstr(3, 0) AS a, randstr(10) AS b, randstr(0, 1) AS c");
    expect(df.dtypes.map(([, type]) => type)).toEqual(["string", "string", "string"]);
    const row = await df.first();
    expect(row?.a).toMatch(/^[0-9a-zA-Z]{3}$/);
    expect(row?.b).toMatch(/^[0-9a-zA-Z]{10}$/);
    expect(row?.c).toBe("");
  });

  it("a seed gives the same strings over the same input, run after run, one per row", async () => {
    const run = async () =>
      (await t.spark.range(50).select(randstr(8, 7).alias("s")).collect()).map((r) => r.s as string);
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first).size).toBe(50);
  });
});
