/**
 * Spark 4's collations (CollationSuite, sql-tests/inputs/collations*.sql): `string collate <name>` types, the
 * `collate()` function, COLLATION_INVALID_NAME, and equality, grouping and distinct by a UTF8_LCASE collation.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SparkError } from "../errors/exceptions";
import { newTestSession, type TestSession } from "../testing/fixtures";
import { col, collate, lit } from "./api/functions";
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
});
