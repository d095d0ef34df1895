/**
 * hash (Murmur3Hash), xxhash64 (XxHash64) and crc32 with Spark's answers: the functions' ExpressionDescription
 * examples, HashExpressionsSuite ("crc32", "SPARK-52828: always collation aware hash expression" for
 * UTF8_BINARY strings, "SPARK-35207: Compute hash consistent between -0.0 and 0.0"), ExpressionTypeCheckingSuite
 * ("hash expressions are prohibited on MapType elements") and PySpark's docstring examples.
 *
 * Not ported: cases with a seed other than 42 (Murmur3Hash(Seq(x), 10) and XxHash64 with long seeds): the seed is
 * not an argument of the SQL functions or of PySpark's; HiveHash and the XXH3 family (not Spark SQL functions
 * Sluice offers); collations other than UTF8_BINARY (Spark 4 hashes their collation keys); interval, time and
 * nanosecond timestamp types, which Sluice does not have.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalysisException } from "../../errors";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { col, crc32, hash, xxhash64 } from "../api/functions";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

/** `SELECT` of each expression together, and the values in order (longs as bigints). */
async function values(exprs: readonly string[]): Promise<unknown[]> {
  const row = await t.spark.sql(`SELECT ${exprs.map((e, i) => `${e} AS c${i}`).join(", ")}`).first();
  return exprs.map((_, i) => row?.[`c${i}`] ?? null);
}

const asStrings = (vs: unknown[]) => vs.map((v) => (v === null ? null : String(v)));

describe("the examples", () => {
  it("hash('Spark', array(123), 2) is -1321691492", async () => {
    expect(await values(["hash('Spark', array(123), 2)"])).toEqual([-1321691492]);
  });

  it("xxhash64('Spark', array(123), 2) is 5602566077635097486", async () => {
    expect(asStrings(await values(["xxhash64('Spark', array(123), 2)"]))).toEqual(["5602566077635097486"]);
  });

  it("crc32('Spark') is 1557323817", async () => {
    expect(asStrings(await values(["crc32('Spark')"]))).toEqual(["1557323817"]);
  });

  it("the columns are named as Spark names them, with Spark's types", async () => {
    const df = t.spark.sql(
      "SELECT hash('Spark', array(123), 2), xxhash64('Spark', array(123), 2), crc32('Spark')",
    );
    expect(df.columns).toEqual([
      "hash(Spark, array(123), 2)",
      "xxhash64(Spark, array(123), 2)",
      "crc32(Spark)",
    ]);
    expect(df.schema.fields.map((f) => f.dataType.simpleString())).toEqual(["int", "bigint", "bigint"]);
  });
});

describe("HashExpressionsSuite", () => {
  it("crc32", async () => {
    expect(
      asStrings(
        await values(["crc32('ABC')", "crc32(unhex('010203040506'))", "crc32(CAST(NULL AS BINARY))"]),
      ),
    ).toEqual(["2743272264", "2180413220", null]);
  });

  it("SPARK-52828: always collation aware hash expression (UTF8_BINARY)", async () => {
    const cases: [string, number, string][] = [
      ["AAA", 22125783, "3965631622972380050"],
      ["AAA  ", 399014599, "196039582279068044"],
      ["aaa", -1689629761, "2465751751477118478"],
      ["aaa   ", -1721438718, "-2249763606958050730"],
    ];
    const exprs = cases.flatMap(([s]) => [`hash('${s}')`, `xxhash64('${s}')`]);
    expect(asStrings(await values(exprs))).toEqual(cases.flatMap(([, m, x]) => [String(m), x]));
  });

  it("SPARK-35207: Compute hash consistent between -0.0 and 0.0", async () => {
    const [a, b, c, d, e, f, g, h] = await values([
      "hash(-0.0D)",
      "hash(0.0D)",
      "hash(CAST(-0.0 AS FLOAT))",
      "hash(CAST(0.0 AS FLOAT))",
      "xxhash64(-0.0D)",
      "xxhash64(0.0D)",
      "xxhash64(CAST(-0.0 AS FLOAT))",
      "xxhash64(CAST(0.0 AS FLOAT))",
    ]);
    expect([a, c, e, g]).toEqual([b, d, f, h]);
  });

  it("a null argument leaves the seed as it is: hash(NULL) is 42", async () => {
    expect(asStrings(await values(["hash(NULL)", "xxhash64(NULL)", "hash(NULL, NULL)"]))).toEqual([
      "42",
      "42",
      "42",
    ]);
  });
});

describe("ExpressionTypeCheckingSuite", () => {
  it("hash expressions are prohibited on MapType elements", () => {
    for (const f of ["hash", "xxhash64"]) {
      let caught: unknown;
      try {
        t.spark.sql(`SELECT ${f}(map(42L, true))`).columns;
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(AnalysisException);
      const error = caught as AnalysisException;
      expect(error.getCondition()).toBe("DATATYPE_MISMATCH.HASH_MAP_TYPE");
      expect(error.getMessageParameters()).toEqual({
        sqlExpr: `"${f}(map(42, true))"`,
        functionName: `\`${f}\``,
      });
    }
  });

  it("hash with no arguments is WRONG_NUM_ARGS", () => {
    let caught: unknown;
    try {
      t.spark.sql("SELECT hash()").columns;
    } catch (e) {
      caught = e;
    }
    expect((caught as AnalysisException).getCondition()).toBe("WRONG_NUM_ARGS.WITHOUT_SUGGESTION");
  });

  it("crc32 takes a binary: an int is DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", () => {
    let caught: unknown;
    try {
      t.spark.sql("SELECT crc32(1)").columns;
    } catch (e) {
      caught = e;
    }
    expect((caught as AnalysisException).getCondition()).toBe("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE");
  });
});

describe("PySpark's examples, through the functions API", () => {
  it("hash, xxhash64 and crc32 of ('ABC', 'DEF')", async () => {
    const df = t.spark.createDataFrame([{ c1: "ABC", c2: "DEF" }]);
    const row = await df
      .select(
        hash(col("c1")).alias("h1"),
        hash("c1", "c2").alias("h2"),
        xxhash64("c1").alias("x1"),
        xxhash64("c1", "c2").alias("x2"),
        crc32("c1").alias("crc"),
      )
      .first();
    expect(asStrings([row?.h1, row?.h2, row?.x1, row?.x2, row?.crc])).toEqual([
      "-757602832",
      "599895104",
      "4105715581806190027",
      "3233247871021311208",
      "2743272264",
    ]);
  });
});
