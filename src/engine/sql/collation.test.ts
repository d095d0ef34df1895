/**
 * Spark 4's collations (CollationSuite, sql-tests/inputs/collations*.sql): `string collate <name>` types, the
 * `collate()` function, COLLATION_INVALID_NAME, and equality, grouping and distinct by a UTF8_LCASE collation.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SparkError } from "../errors/exceptions";
import { newTestSession, type TestSession } from "../testing/fixtures";
import { col, collate, collation, lit } from "./api/functions";
import { parseDataType, StringType } from "./types";

describe("collations", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());

  it("type strings name the collation; UTF8_BINARY is the default string", () => {
    expect(parseDataType("string collate utf8_lcase").simpleString()).toBe("string collate UTF8_LCASE");
    expect(parseDataType("STRING COLLATE UNICODE_CI").simpleString()).toBe("string collate UNICODE_CI");
    expect(parseDataType("string collate UTF8_BINARY")).toBe(StringType);
  });

  it("an unknown collation name is COLLATION_INVALID_NAME", () => {
    let error: SparkError | undefined;
    try {
      collate(col("v"), "UTF8_XYZ");
    } catch (e) {
      error = e as SparkError;
    }
    expect(error?.getCondition()).toBe("COLLATION_INVALID_NAME");
    expect(error?.getSqlState()).toBe("42704");
    expect(error?.getMessageParameters().collationName).toBe("UTF8_XYZ");
  });

  it("UTF8_LCASE compares, groups and is distinct without case", async () => {
    const df = t.spark.createDataFrame([["aaa"], ["AAA"], ["b"]], "v STRING");
    const collated = df.select(collate(col("v"), "UTF8_LCASE").as("k"));
    await collated.resolve();
    expect(collated.schema.fields[0].dataType.simpleString()).toBe("string collate UTF8_LCASE");
    expect(await collated.filter(col("k").equalTo(lit("aAa"))).count()).toBe(2);
    expect(await collated.distinct().count()).toBe(2);
    const groups = await collated.groupBy("k").count().collect();
    expect(groups.map((r) => Number(r.count)).sort()).toEqual([1, 2]);
    // UTF8_BINARY compares bytes.
    const binary = df.select(collate(col("v"), "UTF8_BINARY").as("k"));
    expect(await binary.filter(col("k").equalTo(lit("aAa"))).count()).toBe(0);
    expect(await binary.distinct().count()).toBe(3);
  });

  it("a cast to a collated string type carries the collation", async () => {
    const df = t.spark
      .createDataFrame([["x"], ["X"]], "v STRING")
      .select(col("v").cast("string collate UTF8_LCASE").as("s"));
    await df.resolve();
    expect(df.schema.fields[0].dataType.simpleString()).toBe("string collate UTF8_LCASE");
    expect(await df.dropDuplicates(["s"]).count()).toBe(1);
  });

  // collations-basic.sql
  it("SQL's `expr COLLATE name` and collate(expr, name): the type, and Spark's column name as written", async () => {
    for (const query of ["select 'aaa' collate utf8_lcase", "select collate('aaa', 'utf8_lcase')"]) {
      const df = t.spark.sql(query);
      expect(df.schema.simpleString()).toBe("struct<collate(aaa, utf8_lcase):string collate UTF8_LCASE>");
      expect((await df.collect()).map((r) => r["collate(aaa, utf8_lcase)"])).toEqual(["aaa"]);
    }
    const row = await t.spark
      .sql("select 'a' collate unicode_ci = 'A' AS ci, 'a' collate utf8_binary = 'A' AS bin")
      .first();
    expect(row).toEqual({ ci: true, bin: false });
  });

  it("COLLATE binds to the primary expression, as Spark's grammar; an explicit collation wins in ||", async () => {
    const df = t.spark.sql(
      "select ('A' || 'b') collate utf8_lcase = 'ab' AS p, 'A' || 'b' collate utf8_lcase = 'ab' AS c",
    );
    expect(await df.first()).toEqual({ p: true, c: true });
  });

  it("an unknown name in SQL's COLLATE is COLLATION_INVALID_NAME", () => {
    let error: SparkError | undefined;
    try {
      t.spark.sql("select 'x' collate utf8_nope");
    } catch (e) {
      error = e as SparkError;
    }
    expect(error?.getCondition()).toBe("COLLATION_INVALID_NAME");
  });

  it("collation() names the collation fully qualified, as Spark's CollationExpressionSuite", async () => {
    const row = await t.spark
      .sql(
        "select collation('Spark SQL' collate UTF8_LCASE) AS l, collation('a') AS b, collation('a' collate unicode_ci) AS u",
      )
      .first();
    expect(row).toEqual({
      l: "SYSTEM.BUILTIN.UTF8_LCASE",
      b: "SYSTEM.BUILTIN.UTF8_BINARY",
      u: "SYSTEM.BUILTIN.UNICODE_CI",
    });
    const df = t.spark.createDataFrame([["x"]], "v STRING").select(collate("v", "UTF8_LCASE").as("k"));
    expect((await df.select(collation("k").as("c")).first())?.c).toBe("SYSTEM.BUILTIN.UTF8_LCASE");
  });

  it("select ... except select ... collate utf8_lcase compares without case (collations-basic.sql)", async () => {
    const df = t.spark.sql(
      "select col1 collate utf8_lcase from values ('aaa'), ('AAA'), ('bbb'), ('BBB'), ('zzz'), ('ZZZ') except select col1 collate utf8_lcase from values ('aaa'), ('bbb')",
    );
    expect((await df.collect()).map((r) => String(r["collate(col1, utf8_lcase)"]).toLowerCase())).toEqual([
      "zzz",
    ]);
  });
});
