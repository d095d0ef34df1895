/**
 * issue 11: Spark's to_csv, from csv-functions.sql (sql-tests), CsvFunctionsSuite's "to_csv - struct" and "to_csv
 * with option", StructsToCsv's `@ExpressionDescription` examples and Spark 4's UNSUPPORTED_INPUT_TYPE for what CSV
 * cannot hold, in SQL and through the functions API.
 *
 * Not ported:
 * - `to_csv(named_struct(...), named_struct('mode', 'PERMISSIVE'))` and `map('mode', 1)` (options that are not a
 *   map of strings): Sluice reads the options of a `map(...)` of string literals and ignores anything else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { col, struct, to_csv } from "./functions";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

const one = async (sql: string) => {
  const df = t.spark.sql(sql);
  const row = await df.first();
  return { name: df.columns[0], value: row?.[df.columns[0]] };
};

const error = (f: () => unknown): { condition?: string; parameters?: Record<string, string> } => {
  try {
    f();
  } catch (e) {
    const x = e as { getCondition?: () => string; getMessageParameters?: () => Record<string, string> };
    return { condition: x.getCondition?.(), parameters: x.getMessageParameters?.() };
  }
  return {};
};

describe("csv-functions.sql: to_csv", () => {
  it("to_csv of a struct, named as Spark names it", async () => {
    expect(await one("select to_csv(named_struct('a', 1, 'b', 2))")).toEqual({
      name: "to_csv(named_struct(a, 1, b, 2))",
      value: "1,2",
    });
  });

  it("to_csv with a timestampFormat option", async () => {
    expect(
      await one(
        "select to_csv(named_struct('time', to_timestamp('2015-08-26', 'yyyy-MM-dd')), map('timestampFormat', 'dd/MM/yyyy'))",
      ),
    ).toEqual({
      name: "to_csv(named_struct(time, to_timestamp(2015-08-26, yyyy-MM-dd)))",
      value: "26/08/2015",
    });
  });
});

describe("StructsToCsv", () => {
  it("its examples", async () => {
    expect((await one("SELECT to_csv(named_struct('a', 1, 'b', 2))")).value).toBe("1,2");
    expect(
      (
        await one(
          "SELECT to_csv(named_struct('time', to_timestamp('2015-08-26', 'yyyy-MM-dd')), map('timestampFormat', 'dd/MM/yyyy'))",
        )
      ).value,
    ).toBe("26/08/2015");
  });

  it("the CSV writer's quoting, nulls, empty strings, trimmed spaces, booleans, dates and timestamps", async () => {
    const r = await one(
      `SELECT to_csv(named_struct('a', 'x,y', 'b', 'q"z', 'c', '', 'd', CAST(NULL AS STRING), 'e', ' sp ', 'f', true, 'g', 1.5D, 'h', DATE '2020-01-02', 't', to_timestamp('2015-08-26 01:02:03', 'yyyy-MM-dd HH:mm:ss')))`,
    );
    expect(r.value).toBe('"x,y","q\\"z","",,sp,true,1.5,2020-01-02,2015-08-26T01:02:03.000Z');
    const options = await one(
      "SELECT to_csv(named_struct('a', 1, 'b', 'x', 'c', CAST(NULL AS INT)), map('sep', '|', 'quoteAll', 'true', 'nullValue', 'N'))",
    );
    expect(options.value).toBe('"1"|"x"|N');
    expect((await one("SELECT to_csv(CAST(NULL AS STRUCT<a: INT>))")).value).toBeNull();
  });

  it("Spark 4 refuses arrays, maps, structs and binaries, and what is not a struct", () => {
    for (const [sql, sqlExpr] of [
      ["SELECT to_csv(named_struct('a', array(1)))", '"to_csv(named_struct(a, array(1)))"'],
      ["SELECT to_csv(named_struct('a', map('k', 1)))", '"to_csv(named_struct(a, map(k, 1)))"'],
      [
        "SELECT to_csv(named_struct('a', named_struct('b', 1)))",
        '"to_csv(named_struct(a, named_struct(b, 1)))"',
      ],
      ["SELECT to_csv(named_struct('a', unhex('AB')))", '"to_csv(named_struct(a, unhex(AB)))"'],
      ["SELECT to_csv(1)", '"to_csv(1)"'],
    ]) {
      const e = error(() => t.spark.sql(sql).columns);
      expect(e.condition).toBe("DATATYPE_MISMATCH.UNSUPPORTED_INPUT_TYPE");
      expect(e.parameters).toMatchObject({ sqlExpr, functionName: "`to_csv`" });
    }
  });
});

describe("CsvFunctionsSuite", () => {
  it("to_csv - struct", async () => {
    const df = t.spark.sql("SELECT named_struct('_1', 1) AS a");
    expect(await df.select(to_csv(col("a"))).collect()).toEqual([{ "to_csv(a)": "1" }]);
  });

  it("to_csv with option", async () => {
    const df = t.spark.sql("SELECT named_struct('_1', TIMESTAMP '2015-08-26 18:00:00') AS a");
    const csv = df.select(to_csv(col("a"), { timestampFormat: "dd/MM/yyyy HH:mm" }).alias("csv"));
    expect(await csv.collect()).toEqual([{ csv: "26/08/2015 18:00" }]);
  });

  it("PySpark's example: to_csv(struct(age, name))", async () => {
    const df = t.spark.createDataFrame([[2, "Alice"]], "age int, name string");
    expect(await df.select(to_csv(struct(col("age"), col("name"))).alias("csv")).collect()).toEqual([
      { csv: "2,Alice" },
    ]);
  });
});
