/**
 * Spark's csv-functions.sql (sql-tests) and the `@ExpressionDescription` examples of CsvToStructs and SchemaOfCsv,
 * with Spark 4's inputs and answers.
 *
 * Not ported:
 * - from_csv with `timestampFormat` and the options' errors ("Must use a map() function for options"): Sluice's
 *   from_csv ignores its options (the compatibility table says so).
 * - to_csv: not yet implemented (UNRESOLVED_ROUTINE).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { col, from_csv, schema_of_csv } from "./functions";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

const first = async (sql: string) => {
  const df = t.spark.sql(sql);
  const row = await df.first();
  return { name: df.columns[0], schema: df.schema.simpleString(), value: row?.[df.columns[0]] };
};

const condition = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { getCondition?: () => string }).getCondition?.();
  }
  return undefined;
};

describe("csv-functions.sql", () => {
  it("from_csv", async () => {
    const r = await first("select from_csv('1, 3.14', 'a INT, f FLOAT')");
    expect(r.schema).toBe("struct<from_csv(1, 3.14):struct<a:int,f:float>>");
    const v = r.value as { a: number; f: number };
    expect(v.a).toBe(1);
    expect(v.f).toBeCloseTo(3.14, 5);
  });

  it("schema_of_csv", async () => {
    const r = await first("select schema_of_csv('1|abc', map('delimiter', '|'))");
    expect(r.value).toBe("STRUCT<_c0: INT, _c1: STRING>");
    expect(condition(() => t.spark.sql("select schema_of_csv(null)").columns)).toBe(
      "DATATYPE_MISMATCH.UNEXPECTED_NULL",
    );
    t.spark
      .sql("CREATE OR REPLACE TEMPORARY VIEW csvTable(csvField, a) AS SELECT * FROM VALUES ('1,abc', 'a')")
      .collect();
    expect(condition(() => t.spark.sql("SELECT schema_of_csv(csvField) FROM csvTable").columns)).toBe(
      "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
    );
  });

  it("from_csv with the schema schema_of_csv infers", async () => {
    const r = await first("select from_csv('1,abc', schema_of_csv('1,abc'))");
    expect(r.schema).toBe("struct<from_csv(1,abc):struct<_c0:int,_c1:string>>");
    expect(r.value).toEqual({ _c0: 1, _c1: "abc" });
  });
});

describe("the expressions' examples", () => {
  it("CsvToStructs and SchemaOfCsv", async () => {
    expect((await first("SELECT from_csv('1, 0.8', 'a INT, b DOUBLE')")).value).toEqual({ a: 1, b: 0.8 });
    expect((await first("SELECT schema_of_csv('1,abc')")).value).toBe("STRUCT<_c0: INT, _c1: STRING>");
  });

  it("inferred types, missing and empty fields, through the API", async () => {
    const inferred = await first("SELECT schema_of_csv('3000000000,1.5,true,2015-08-26 10:00:00,,x')");
    expect(inferred.value).toBe(
      "STRUCT<_c0: BIGINT, _c1: DOUBLE, _c2: BOOLEAN, _c3: TIMESTAMP, _c4: STRING, _c5: STRING>",
    );
    const df = t.spark
      .createDataFrame([{ line: '7,"x",' }, { line: "oops" }, { line: null }], "line string")
      .select(
        from_csv(col("line"), "a INT, b STRING, c BOOLEAN").alias("s"),
        schema_of_csv("1,true").alias("k"),
      );
    expect(await df.collect()).toEqual([
      { s: { a: 7, b: "x", c: null }, k: "STRUCT<_c0: INT, _c1: BOOLEAN>" },
      { s: { a: null, b: null, c: null }, k: "STRUCT<_c0: INT, _c1: BOOLEAN>" },
      { s: null, k: "STRUCT<_c0: INT, _c1: BOOLEAN>" },
    ]);
  });
});
