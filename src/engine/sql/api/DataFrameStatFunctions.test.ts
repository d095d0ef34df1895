/**
 * df.stat after Spark's DataFrameStatSuite: its inputs, its answers (exact ones where Spark's are exact), its
 * tolerances where Spark's tests allow some, and its errors.
 */
import { describe, expect, it } from "vitest";
import { AnalysisException, IllegalArgumentException } from "../../errors";
import { MemoryStream } from "../../sources/MemoryStream";
import { sharedSession } from "../../testing/files";
import { col } from "./functions";

describe("DataFrameStatFunctions", () => {
  const ctx = sharedSession();
  const letter = (i: number) => String.fromCharCode(97 + i);

  it("approxQuantile: within the relative error, exact at 0, nulls and NaN left out", async () => {
    const { spark } = ctx.t;
    const n = 1000;
    const df = spark.createDataFrame(
      Array.from({ length: n + 1 }, (_, i) => ({ singles: i, doubles: 2 * i })),
      "singles INT, doubles DOUBLE",
    );
    for (const epsilon of [0.1, 0.05, 0.001]) {
      const [single1] = (await df.stat.approxQuantile("singles", [0.5], epsilon)) as number[];
      const [d1, d2] = (await df.stat.approxQuantile("doubles", [0.5, 0.8], epsilon)) as number[];
      expect(Math.abs(single1 - 0.5 * n)).toBeLessThanOrEqual(2 * 1000 * epsilon);
      expect(Math.abs(d1 - 2 * 0.5 * n)).toBeLessThanOrEqual(2 * 2000 * epsilon);
      expect(Math.abs(d2 - 2 * 0.8 * n)).toBeLessThanOrEqual(2 * 2000 * epsilon);
      const both = (await df.stat.approxQuantile(["singles", "doubles"], [0.5, 0.8], epsilon)) as number[][];
      expect(both[1]).toEqual([d1, d2]);
    }
    // Small data, relative error 0: exact, and one of the values (PySpark's approxQuantile example).
    const small = spark.createDataFrame(
      [19, 1, 8, 2, 7, 3, 6, 4, 5].map((v) => ({ v })),
      "v INT",
    );
    expect(await small.approxQuantile("v", [0.0, 0.25, 0.5, 0.75, 1.0], 0)).toEqual([1, 3, 5, 7, 19]);
    await expect(df.stat.approxQuantile(["singles", "doubles"], [0.5, 0.8, -0.1], 0.1)).rejects.toThrow(
      "percentile should be in the range [0.0, 1.0]",
    );
    await expect(df.stat.approxQuantile(["singles", "doubles"], [0.5], -1.0)).rejects.toThrow(
      "Relative Error must be non-negative but got -1.0",
    );
  });

  it("approxQuantile on NaN and null values (approximate quantile 3)", async () => {
    const nan = Number.NaN;
    const df = ctx.t.spark.createDataFrame(
      [
        [nan, 1.0, nan],
        [1.0, -1.0, null],
        [-1.0, nan, null],
        [nan, nan, null],
        [null, null, nan],
        [null, 1.0, null],
        [-1.0, null, nan],
        [nan, null, null],
      ],
      "input1 DOUBLE, input2 DOUBLE, input3 DOUBLE",
    );
    const all = (await df.stat.approxQuantile(["input1", "input2", "input3"], [0.5, 0.8], 0.1)) as number[][];
    expect(all).toEqual([[-1, 1], [1, 1], []]);
    expect(await df.stat.approxQuantile("input1", [0.5, 0.8], 0.1)).toEqual([-1, 1]);
    expect(await df.na.drop().stat.approxQuantile("input1", [0.5, 0.8], 0.1)).toEqual([]);
  });

  it("corr and cov (pearson correlation, covariance)", async () => {
    const { spark } = ctx.t;
    const df = spark.createDataFrame(
      Array.from({ length: 10 }, (_, i) => ({ a: i, b: 2 * i, c: -i })),
      "a INT, b INT, c DOUBLE",
    );
    expect(Math.abs((await df.stat.corr("a", "b", "pearson")) - 1)).toBeLessThan(1e-12);
    expect(Math.abs((await df.corr("a", "c")) + 1)).toBeLessThan(1e-12);
    const df2 = spark.createDataFrame(
      Array.from({ length: 20 }, (_, x) => ({ a: x, b: x * x - 2 * x + 3.5 })),
      "a INT, b DOUBLE",
    );
    expect(Math.abs((await df2.stat.corr("a", "b")) - 0.95723391394758572)).toBeLessThan(1e-12);
    await expect(df.stat.corr("a", "b", "spearman")).rejects.toThrow(
      "Currently only the calculation of the Pearson Correlation coefficient is supported.",
    );
    const letters = spark.createDataFrame(
      Array.from({ length: 10 }, (_, i) => ({ singles: i, doubles: 2 * i, letters: letter(i) })),
      "singles INT, doubles DOUBLE, letters STRING",
    );
    expect(Math.abs((await letters.stat.cov("singles", "doubles")) - 55 / 3)).toBeLessThan(1e-12);
    await expect(letters.stat.cov("singles", "letters")).rejects.toThrow(IllegalArgumentException);
    await expect(letters.stat.cov("singles", "letters")).rejects.toThrow(
      "Currently covariance calculation for columns with dataType string not supported.",
    );
    const decimals = spark.createDataFrame(
      Array.from({ length: 6 }, (_, i) => ({ a: i % 3, b: i % 2 })),
      "a DECIMAL(10, 0), b DECIMAL(10, 0)",
    );
    expect(Math.abs(await decimals.cov("a", "b"))).toBeLessThan(1e-12);
  });

  it("crosstab: a_b, the second column's values as sorted column names, 0 where none", async () => {
    const df = ctx.t.spark.createDataFrame(
      [
        [0, 0],
        [2, 1],
        [1, 0],
        [2, 0],
        [0, 0],
        [2, 0],
      ],
      "a INT, b INT",
    );
    const ct = df.stat.crosstab("a", "b");
    const rows = await ct.collect();
    expect((await ct.resolve()).columns).toEqual(["a_b", "0", "1"]);
    expect((await ct.resolve()).dtypes.map(([, t]) => t)).toEqual(["string", "bigint", "bigint"]);
    expect(rows).toEqual([
      { a_b: "0", 0: 2, 1: 0 },
      { a_b: "1", 0: 1, 1: 0 },
      { a_b: "2", 0: 2, 1: 1 },
    ]);
  });

  // Spark's input has an empty string too, which would name a column "": DuckDB has no column without a name.
  it("crosstab of special elements: ., null and backticks (special crosstab elements)", async () => {
    const df = ctx.t.spark.createDataFrame(
      [
        ["a", Number.NaN, "ho"],
        [null, 2.0, "ho"],
        ["a.b", Number.NEGATIVE_INFINITY, "hi"],
        ["b", Number.POSITIVE_INFINITY, "`ha`"],
        ["a", 1.0, null],
      ],
      "`1` STRING, `2` DOUBLE, `3` STRING",
    );
    const ct1 = await df.stat.crosstab("1", "2").resolve();
    expect(ct1.columns).toHaveLength(6);
    expect(await ct1.count()).toBe(4);
    const ct2 = await df.stat.crosstab("1", "3").resolve();
    expect(ct2.columns).toHaveLength(5);
    expect(ct2.columns).toContain("ha");
    expect(await ct2.count()).toBe(4);
    const ct4 = await df.stat.crosstab("3", "1").resolve();
    expect(ct4.columns).toHaveLength(5);
    expect(ct4.columns).toEqual(expect.arrayContaining(["null", "a.b"]));
    expect(await ct4.count()).toBe(4);
  });

  it("freqItems: the values above the support, in <c>_freqItems (Frequent Items)", async () => {
    const rows = Array.from({ length: 1000 }, (_, i) =>
      i % 3 === 0
        ? { numbers: 1, letters: letter(1), negDoubles: -1.0 }
        : { numbers: i, letters: letter(i % 26), negDoubles: -i },
    );
    const df = ctx.t.spark.createDataFrame(rows, "numbers INT, letters STRING, negDoubles DOUBLE");
    const [items] = await df.stat.freqItems(["numbers", "letters"], 0.1).collect();
    expect(Object.keys(items)).toEqual(["numbers_freqItems", "letters_freqItems"]);
    expect(items.numbers_freqItems).toContain(1);
    expect(items.letters_freqItems).toContain(letter(1));
    const [doubles] = await df.freqItems(["negDoubles"], 0.1).collect();
    expect(doubles.negDoubles_freqItems).toEqual([-1]);
    // Frequent Items 2: "3" is the one value in more than a quarter of the rows.
    const values = [..."01234", ..."01234", ..."01234", ..."33333"].map((a) => ({ a }));
    const [two] = await ctx.t.spark.createDataFrame(values, "a STRING").stat.freqItems(["a"], 0.25).collect();
    expect(two.a_freqItems).toEqual(["3"]);
    expect(() => df.stat.freqItems(["numbers"], 0)).toThrow("Support must be in [1e-4, 1], but got 0.0.");
  });

  it("sampleBy: each stratum with its fraction, others left out, the same with the same seed", async () => {
    const df = ctx.t.spark.range(0, 1000).select(col("id").mod(3).alias("key"));
    const sampled = df.stat.sampleBy(
      "key",
      new Map([
        [0, 0.1],
        [1, 0.2],
      ]),
      0,
    );
    const counts = await sampled.groupBy("key").count().orderBy("key").collect();
    expect(counts.map((r) => r.key)).toEqual([0, 1]);
    expect(Math.abs((counts[0].count as number) - 33.4)).toBeLessThan(25); // std 5.5
    expect(Math.abs((counts[1].count as number) - 66.6)).toBeLessThan(30); // std 7.3
    expect(await sampled.groupBy("key").count().orderBy("key").collect()).toEqual(counts);
    expect(() => df.sampleBy("key", { 0: 1.5 })).toThrow(IllegalArgumentException);
  });

  it("on a stream the eager ones are batch actions and refused", async () => {
    const stream = new MemoryStream(ctx.t.spark, "a INT, b INT").toDF();
    expect(() => stream.stat.crosstab("a", "b")).toThrow(AnalysisException);
    expect(() => stream.stat.freqItems(["a"])).toThrow(
      "Queries with streaming sources must be executed with writeStream.start()",
    );
    return expect(stream.stat.corr("a", "b")).rejects.toThrow(AnalysisException);
  });
});
