/**
 * DataFrame.sample and randomSplit, after Spark's DatasetSuite and DataFrameStatSuite: their inputs, Spark's
 * errors, and counts within the tolerances Spark's own tests allow (the rows themselves come from Sluice's random
 * numbers, not the JVM's).
 */
import { describe, expect, it } from "vitest";
import { IllegalArgumentException } from "../../errors";
import { MemoryStream } from "../../sources/MemoryStream";
import { sharedSession } from "../../testing/files";
import { explainString } from "../execution/explain";
import { col } from "./functions";

describe("DataFrame.sample", () => {
  const ctx = sharedSession();
  const oneTo = (n: number) => ctx.t.spark.range(1, n + 1).select(col("id").cast("int").alias("id"));
  const ids = async (df: ReturnType<typeof oneTo>) => (await df.collect()).map((r) => r.id as number);

  it("keeps about the fraction of the rows, the same rows for the same seed", async () => {
    const data = oneTo(1000);
    const sampled = await ids(data.sample(0.3, 42));
    expect(Math.abs(sampled.length - 300)).toBeLessThan(60); // 4 standard deviations (14.5)
    expect(new Set(sampled).size).toBe(sampled.length);
    expect(await ids(data.sample(false, 0.3, 42))).toEqual(sampled);
    expect(await ids(oneTo(1000).sample(0.3, 42))).toEqual(sampled);
    expect(await ids(data.sample(0.3, 43))).not.toEqual(sampled);
    expect(await data.sample(0, 1).count()).toBe(0);
    expect(await data.sample(1.0, 1).count()).toBe(1000);
  });

  it("with replacement repeats rows a Poisson number of times; the fraction may exceed 1", async () => {
    const data = oneTo(1000);
    const twice = await ids(data.sample(true, 2.0, 7));
    expect(Math.abs(twice.length - 2000)).toBeLessThan(200); // std 44.7
    expect(new Set(twice).size).toBeLessThan(twice.length);
    expect(await ids(data.sample(true, 2.0, 7))).toEqual(twice);
    // DatasetSuite "sample with replacement": 5% of 1 to 100 (Spark draws 4 rows).
    expect(Math.abs((await oneTo(100).sample(true, 0.05, 13).count()) - 5)).toBeLessThan(10); // std 2.2
    // DatasetSuite: "Sampling fraction can be greater than 1 with replacement".
    expect(Math.abs((await data.sample(true, 1.05, 13).count()) - 1050)).toBeLessThan(130); // std 32.4
  });

  it("refuses a fraction as Spark's Sample does (DatasetSuite)", () => {
    const data = oneTo(2);
    expect(() => data.sample(true, -0.1, 0)).toThrow(IllegalArgumentException);
    expect(() => data.sample(true, -0.1, 0)).toThrow(
      "requirement failed: Sampling fraction (-0.1) must be nonnegative with replacement",
    );
    expect(() => data.sample(false, -0.1, 0)).toThrow(
      "Sampling fraction (-0.1) must be on interval [0, 1] without replacement",
    );
    expect(() => data.sample(false, 1.1, 0)).toThrow(
      "Sampling fraction (1.1) must be on interval [0, 1] without replacement",
    );
    expect(() => data.sample(-1.0)).toThrow(
      "requirement failed: Sampling fraction (-1.0) must be on interval [0, 1] without replacement",
    );
  });

  it("a seeded sample does not depend on what is done with it downstream (SPARK-16686)", async () => {
    const sampled = oneTo(20).sample(false, 0.7, 50);
    const all = await ids(sampled);
    expect(await ids(sampled.filter(col("id").notEqual(7)))).toEqual(all.filter((id) => id !== 7));
  });

  it("explain shows Spark's Sample operator", () => {
    const plan = oneTo(10).sample(false, 0.5, 42).plan;
    expect(explainString(plan, "extended")).toContain("Sample 0.0, 0.5, false, 42");
  });

  it("samples a stream, each micro-batch with the seed", async () => {
    const { spark } = ctx.t;
    const input = new MemoryStream(spark, "value INT");
    const query = await input.toDF().sample(0.5, 3).writeStream.format("memory").queryName("sampled").start();
    try {
      const values = Array.from({ length: 200 }, (_, i) => ({ value: i }));
      input.addData(values);
      await query.processAllAvailable();
      const kept = (await spark.sql("SELECT value FROM sampled").collect()).map((r) => r.value as number);
      expect(Math.abs(kept.length - 100)).toBeLessThan(40); // std 7.1
      const batch = spark.createDataFrame(values, "value INT").sample(0.5, 3);
      expect(kept).toEqual((await batch.collect()).map((r) => r.value));
    } finally {
      await query.stop();
    }
  });
});

describe("DataFrame.randomSplit", () => {
  const ctx = sharedSession();
  const oneTo = (n: number) => ctx.t.spark.range(1, n + 1).select(col("id").cast("int").alias("id"));

  it("splits by the normalised weights, disjoint and covering the input (DataFrameStatSuite randomSplit)", async () => {
    const data = oneTo(600);
    for (const seed of [1, 2, 3, 4, 5]) {
      const splits = data.randomSplit([1, 2, 3], seed);
      expect(splits).toHaveLength(3);
      const union = await splits
        .reduce((a, b) => a.union(b))
        .sort("id")
        .collect();
      expect(union.map((r) => r.id)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
      const counts = await Promise.all(splits.map((s) => s.count()));
      expect(Math.abs(counts[0] - 100)).toBeLessThan(50);
      expect(Math.abs(counts[1] - 200)).toBeLessThan(50);
      expect(Math.abs(counts[2] - 300)).toBeLessThan(50);
    }
  });

  it("gives the same splits whatever order the rows arrive in (randomSplit on reordered partitions)", async () => {
    const data = oneTo(100);
    const ids = async (df: ReturnType<typeof oneTo>) => (await df.sort("id").collect()).map((r) => r.id);
    const a = data.randomSplit([0.3, 0.7], 11);
    const b = data.orderBy(col("id").desc()).randomSplit([3, 7], 11);
    expect(await ids(a[0])).toEqual(await ids(b[0]));
    expect(await ids(a[1])).toEqual(await ids(b[1]));
  });

  it("refuses a negative weight or weights that add up to nothing, with Spark's messages", () => {
    const data = oneTo(10);
    expect(() => data.randomSplit([1, -2])).toThrow(IllegalArgumentException);
    expect(() => data.randomSplit([1, -2])).toThrow(
      "requirement failed: Weights must be nonnegative, but got [1.0,-2.0]",
    );
    expect(() => data.randomSplit([0, 0])).toThrow(
      "requirement failed: Sum of weights must be positive, but got [0.0,0.0]",
    );
    expect(() => data.randomSplit([])).toThrow(
      "requirement failed: Sum of weights must be positive, but got []",
    );
  });
});
