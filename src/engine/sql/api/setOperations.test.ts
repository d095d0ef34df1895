/**
 * DataFrame.intersect / intersectAll / subtract / exceptAll, tail and transform: cases of Spark's DataFrameSuite
 * ("intersect", "intersectAll", "except distinct", "exceptAll") and PySpark's DataFrame reference.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalysisException } from "../../errors";
import type { DataFrame } from "../../index";
import { newTestSession, type TestSession } from "../../testing/fixtures";

describe("set operations", () => {
  let t: TestSession;
  let lowerCaseData: DataFrame;
  let withDuplicates: DataFrame;
  let nullInts: DataFrame;
  let allNulls: DataFrame;
  beforeAll(async () => {
    t = await newTestSession();
    const letters = (ns: number[]) => ns.map((n) => ({ n, l: "abcd"[n - 1] }));
    lowerCaseData = t.spark.createDataFrame(letters([1, 2, 3, 4]), "n INT, l STRING");
    withDuplicates = t.spark.createDataFrame(letters([1, 2, 2, 3, 3, 3, 4]), "n INT, l STRING");
    nullInts = t.spark.createDataFrame([{ a: 1 }, { a: 2 }, { a: 3 }, { a: null }], "a INT");
    allNulls = t.spark.createDataFrame([{ a: null }, { a: null }, { a: null }, { a: null }], "a INT");
  });
  afterAll(() => t.cleanup());

  const rows = async (df: DataFrame) =>
    (await df.collect())
      .map((r) => JSON.stringify(Object.values(r)))
      .sort()
      .map((s) => JSON.parse(s));

  it("intersect: distinct rows in both, nulls equal", async () => {
    expect(await rows(withDuplicates.intersect(lowerCaseData))).toEqual(await rows(lowerCaseData));
    expect(await rows(nullInts.intersect(nullInts))).toEqual([[1], [2], [3], [null]]);
    expect(await rows(allNulls.intersect(allNulls))).toEqual([[null]]);
  });

  it("intersectAll keeps each row as many times as it is in both", async () => {
    expect(await rows(withDuplicates.intersectAll(withDuplicates))).toEqual(await rows(withDuplicates));
    expect(await rows(allNulls.intersectAll(allNulls))).toEqual([[null], [null], [null], [null]]);
    const left = t.spark.createDataFrame(
      [1, 2, 2, 3, 3, 4].map((id) => ({ id })),
      "id INT",
    );
    const right = t.spark.createDataFrame(
      [1, 2, 2, 3].map((id) => ({ id })),
      "id INT",
    );
    expect(await rows(left.intersectAll(right))).toEqual([[1], [2], [2], [3]]);
  });

  it("subtract: distinct rows not in the other", async () => {
    expect(await rows(withDuplicates.subtract(lowerCaseData))).toEqual([]);
    expect(await rows(nullInts.subtract(nullInts.filter("a IS NOT NULL")))).toEqual([[null]]);
    expect(await rows(withDuplicates.subtract(lowerCaseData.filter("n < 3")))).toEqual([
      [3, "c"],
      [4, "d"],
    ]);
  });

  it("exceptAll keeps the copies the other does not match", async () => {
    expect(await rows(withDuplicates.exceptAll(withDuplicates))).toEqual([]);
    expect(await rows(withDuplicates.exceptAll(lowerCaseData))).toEqual([
      [2, "b"],
      [3, "c"],
      [3, "c"],
    ]);
    expect(await rows(nullInts.exceptAll(nullInts.filter("0 = 1")))).toEqual(await rows(nullInts));
    const df1 = t.spark.createDataFrame(
      [
        ["a", 1],
        ["a", 1],
        ["a", 1],
        ["a", 2],
        ["b", 3],
        ["c", 4],
      ].map(([C1, C2]) => ({ C1, C2 })),
      "C1 STRING, C2 INT",
    );
    const df2 = t.spark.createDataFrame(
      [
        { C1: "a", C2: 1 },
        { C1: "b", C2: 3 },
      ],
      "C1 STRING, C2 INT",
    );
    expect(await rows(df1.exceptAll(df2))).toEqual([
      ["a", 1],
      ["a", 1],
      ["a", 2],
      ["c", 4],
    ]);
  });

  it("SQL's INTERSECT ALL and EXCEPT ALL keep duplicates (Spark's intersect-all.sql, except-all.sql)", async () => {
    const intersect = t.spark.sql(`
      SELECT * FROM VALUES (1, 2), (1, 2), (1, 3), (1, 3), (2, 3), (null, null), (null, null) AS tab1(k, v)
      INTERSECT ALL
      SELECT * FROM VALUES (1, 2), (1, 2), (2, 3), (3, 4), (null, null), (null, null) AS tab2(k, v)`);
    expect(intersect.columns).toEqual(["k", "v"]);
    expect(await rows(intersect)).toEqual(
      await rows(
        t.spark.sql("SELECT * FROM VALUES (1, 2), (1, 2), (2, 3), (null, null), (null, null) AS t(k, v)"),
      ),
    );
    const except = t.spark.sql(`
      SELECT * FROM VALUES (0), (1), (2), (2), (2), (2), (3), (null), (null) AS tab1(c1)
      EXCEPT ALL
      SELECT * FROM VALUES (1), (2), (2), (3), (5), (5), (null) AS tab2(c1)`);
    expect(await rows(except)).toEqual(
      await rows(t.spark.sql("SELECT * FROM VALUES (0), (2), (2), (null) AS t(c1)")),
    );
  });

  it("refuses different column counts with NUM_COLUMNS_MISMATCH, and streams as Spark's checker does", () => {
    const thrown = (f: () => unknown): AnalysisException | undefined => {
      try {
        f();
      } catch (e) {
        return e as AnalysisException;
      }
      return undefined;
    };
    const e = thrown(() => lowerCaseData.exceptAll(nullInts));
    expect(e?.getCondition()).toBe("NUM_COLUMNS_MISMATCH");
    expect(e?.getMessageParameters()).toMatchObject({ operator: "EXCEPT ALL" });
    const stream = t.spark.readStream.format("rate").load();
    expect(thrown(() => stream.subtract(stream))?.message).toMatch(
      /Except on a streaming DataFrame\/Dataset on the right is not supported/,
    );
    expect(thrown(() => stream.intersect(stream))?.message).toMatch(
      /Intersect between two streaming DataFrames\/Datasets is not supported/,
    );
  });

  it("tail gives the last rows; transform chains a function", async () => {
    const df = t.spark.range(5);
    expect((await df.tail(2)).map((r) => r.id)).toEqual([3, 4]);
    expect(await df.tail(0)).toEqual([]);
    const plus = (d: DataFrame, n: number) => d.selectExpr(`id + ${n} AS id`);
    expect((await df.transform(plus, 10).collect()).map((r) => r.id)).toEqual([10, 11, 12, 13, 14]);
  });
});
