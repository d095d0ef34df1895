/**
 * Observation after DatasetSuite "SPARK-34806: observation on datasets" and "SPARK-37203": metrics of the first
 * batch action, readable again and again; one use per Observation; refused on a stream; a name required.
 */
import { describe, expect, it } from "vitest";
import { IllegalArgumentException } from "../../errors";
import { MemoryStream } from "../../sources/MemoryStream";
import { sharedSession } from "../../testing/files";
import { avg, col, count, lit, max, min, percentile_approx, sum, when } from "./functions";
import { Observation } from "./Observation";

describe("Observation", () => {
  const ctx = sharedSession();

  it("holds the metrics of the first action on the observed DataFrame (SPARK-34806)", async () => {
    const named = new Observation("named");
    const unnamed = new Observation();
    const df = ctx.t.spark.range(100);
    const observed = df
      .observe(
        named,
        min(col("id")).alias("min_val"),
        max(col("id")).alias("max_val"),
        sum(col("id")).alias("sum_val"),
        count(when(col("id").mod(2).eqNullSafe(0), 1)).alias("num_even"),
      )
      .observe(unnamed, avg(col("id")).cast("int").alias("avg_val"));
    expect(() => named.get).toThrow("has no metrics yet");
    expect(await observed.collect()).toHaveLength(100);
    for (let i = 0; i < 2; i++) {
      expect(named.get).toEqual({ min_val: 0, max_val: 99, sum_val: 4950, num_even: 50 });
      expect(unnamed.get).toEqual({ avg_val: 49 });
    }
    expect(await named.future).toEqual(named.get);
    // Later actions leave the first action's metrics as they are.
    expect(await observed.filter(col("id").lt(10)).count()).toBe(10);
    expect(named.get.max_val).toBe(99);

    expect(() => df.observe(named, sum(col("id")).alias("sum_val"))).toThrow(IllegalArgumentException);
    expect(() => df.observe(named, sum(col("id")).alias("sum_val"))).toThrow(
      "An Observation can be used with a Dataset only once",
    );
    const stream = new MemoryStream(ctx.t.spark, "value INT").toDF();
    expect(() =>
      stream.observe(new Observation("stream"), avg(col("value")).cast("int").alias("avg_val")),
    ).toThrow("Observation does not support streaming Datasets");
    expect(() => new Observation("")).toThrow("Name must not be empty");
  });

  it("observes through any action: count, and an empty DataFrame's metrics (SPARK-37203)", async () => {
    const observe = async (n: number) => {
      const o = new Observation("named");
      await ctx.t.spark
        .range(n)
        .observe(o, percentile_approx(col("id"), 0.5, 100).alias("percentile_approx_val"))
        .count();
      return o.get;
    };
    expect(await observe(100)).toEqual({ percentile_approx_val: 49 });
    expect(await observe(0)).toEqual({ percentile_approx_val: null });
    const rows = new Observation("rows");
    await ctx.t.spark
      .range(5)
      .observe(rows, count(lit(1)).alias("rows"))
      .filter(col("id").gt(2))
      .show();
    expect(rows.get).toEqual({ rows: 5 });
  });
});
