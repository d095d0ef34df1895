/**
 * Spark's json-functions.sql (sql-tests) and the `@ExpressionDescription` examples of JsonTuple, JsonArrayLength,
 * JsonObjectKeys and SchemaOfJson, with Spark 4's inputs and answers, in SQL and through the functions API.
 *
 * Not ported:
 * - to_json/from_json's `timestampFormat` options and the "Must use a map() function for options" errors: their
 *   options are accepted and ignored by Sluice's from_json/to_json (the compatibility table says so).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { col, json_array_length, json_object_keys, json_tuple, lit, schema_of_json } from "./functions";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

const one = async (sql: string) => {
  const df = t.spark.sql(sql);
  const row = await df.first();
  return { schema: df.schema.simpleString(), values: df.columns.map((c) => row?.[c]) };
};

const condition = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { getCondition?: () => string }).getCondition?.();
  }
  return undefined;
};

describe("json-functions.sql: json_tuple", () => {
  it("json_tuple with null field names", async () => {
    const r = await one(
      `SELECT json_tuple('{"a" : 1, "b" : 2}', CAST(NULL AS STRING), 'b', CAST(NULL AS STRING), 'a')`,
    );
    expect(r.schema).toBe("struct<c0:string,c1:string,c2:string,c3:string>");
    expect(r.values).toEqual([null, "2", null, "1"]);
  });

  it("json_tuple over a view's columns, a field name from a column", async () => {
    t.spark
      .sql(
        `CREATE OR REPLACE TEMPORARY VIEW jsonTable(jsonField, a) AS SELECT * FROM VALUES ('{"a": 1, "b": 2}', 'a')`,
      )
      .collect();
    const r = await one("SELECT json_tuple(jsonField, 'b', CAST(NULL AS STRING), a) FROM jsonTable");
    expect(r.schema).toBe("struct<c0:string,c1:string,c2:string>");
    expect(r.values).toEqual(["2", null, "1"]);
  });

  it("JsonTuple's example, names given with AS, one row of nulls for text that is not a JSON object", async () => {
    expect((await one(`SELECT json_tuple('{"a":1, "b":2}', 'a', 'b')`)).values).toEqual(["1", "2"]);
    const named = await one(`SELECT json_tuple('{"a":"x", "b":[1, 2]}', 'a', 'b') AS (x, y)`);
    expect(named.schema).toBe("struct<x:string,y:string>");
    expect(named.values).toEqual(["x", "[1, 2]"]);
    for (const text of ["not json", "[1, 2]", null]) {
      const df = t.spark.createDataFrame([{ j: text }], "j string").select(json_tuple(col("j"), "a", "b"));
      expect(await df.collect()).toEqual([{ c0: null, c1: null }]);
    }
  });

  it("json_tuple refuses too few arguments, non-string ones, and a place inside an expression", () => {
    expect(condition(() => t.spark.sql(`SELECT json_tuple('{"a":1}')`).columns)).toBe(
      "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
    );
    expect(condition(() => t.spark.sql(`SELECT json_tuple('{"a":1}', 1)`).columns)).toBe(
      "DATATYPE_MISMATCH.NON_STRING_TYPE",
    );
    expect(condition(() => t.spark.sql(`SELECT concat(json_tuple('{"a":1}', 'a'))`).columns)).toBe(
      "UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS",
    );
  });
});

describe("json-functions.sql: schema_of_json", () => {
  it("schema_of_json in Spark's DDL form", async () => {
    const r = await one(`select schema_of_json('{"c1":0, "c2":[1]}')`);
    expect(r.schema).toBe('struct<schema_of_json({"c1":0, "c2":[1]}):string>');
    expect(r.values).toEqual(["STRUCT<c1: BIGINT, c2: ARRAY<BIGINT>>"]);
  });

  it("from_json with the schema schema_of_json infers", async () => {
    const r = await one(`select from_json('{"c1":[1, 2, 3]}', schema_of_json('{"c1":[0]}'))`);
    expect(r.values).toEqual([{ c1: [1, 2, 3] }]);
  });

  it("schema_of_json's options", async () => {
    expect(
      (await one(`select schema_of_json('{"c1":1}', map('primitivesAsString', 'true'))`)).values,
    ).toEqual(["STRUCT<c1: STRING>"]);
    expect(
      (
        await one(
          `select schema_of_json('{"c1":01, "c2":0.1}', map('allowNumericLeadingZeros', 'true', 'prefersDecimal', 'true'))`,
        )
      ).values,
    ).toEqual(["STRUCT<c1: BIGINT, c2: DECIMAL(1,1)>"]);
  });

  it("SchemaOfJson's examples and the collation suite's cases", async () => {
    const cases: [string, string][] = [
      [`'[{"col":0}]'`, "ARRAY<STRUCT<col: BIGINT>>"],
      [`'[{"col":01}]', map('allowNumericLeadingZeros', 'true')`, "ARRAY<STRUCT<col: BIGINT>>"],
      ["'[]'", "ARRAY<STRING>"],
      ["''", "STRING"],
    ];
    for (const [args, answer] of cases) {
      expect((await one(`SELECT schema_of_json(${args}) AS s`)).values).toEqual([answer]);
    }
    const df = t.spark
      .range(1)
      .select(schema_of_json(lit('{"b": null, "a": [1, 2.5], "c": {"d": true}}')).alias("s"));
    expect((await df.first())?.s).toBe("STRUCT<a: ARRAY<DOUBLE>, b: STRING, c: STRUCT<d: BOOLEAN>>");
  });

  it("schema_of_json refuses a null and a column", () => {
    expect(condition(() => t.spark.sql("select schema_of_json(null)").columns)).toBe(
      "DATATYPE_MISMATCH.UNEXPECTED_NULL",
    );
    t.spark
      .sql(
        `CREATE OR REPLACE TEMPORARY VIEW jsonTable(jsonField, a) AS SELECT * FROM VALUES ('{"a": 1, "b": 2}', 'a')`,
      )
      .collect();
    expect(condition(() => t.spark.sql("SELECT schema_of_json(jsonField) FROM jsonTable").columns)).toBe(
      "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
    );
  });
});

describe("json-functions.sql: json_array_length and json_object_keys", () => {
  it("json_array_length", async () => {
    const cases: [string, number | null][] = [
      ["null", null],
      ["''", null],
      ["'[]'", 0],
      ["'[1,2,3]'", 3],
      ["'[[1,2],[5,6,7]]'", 2],
      [`'[{"a":123},{"b":"hello"}]'`, 2],
      [`'[1,2,3,[33,44],{"key":[2,3,4]}]'`, 5],
      [`'{"key":"not a json array"}'`, null],
      ["'[1,2,3,4,5'", null],
    ];
    for (const [arg, answer] of cases) {
      const r = await one(`select json_array_length(${arg}) AS n`);
      expect(r.schema).toBe("struct<n:int>");
      expect(r.values).toEqual([answer]);
    }
    expect((await one("select json_array_length('[1,2]')")).schema).toBe(
      "struct<json_array_length([1,2]):int>",
    );
    expect(condition(() => t.spark.sql("select json_array_length(2)").columns)).toBe(
      "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
    );
    expect(condition(() => t.spark.sql("select json_array_length()").columns)).toBe(
      "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
    );
  });

  it("json_object_keys", async () => {
    const cases: [string, string[] | null][] = [
      [`'{"key": 1}'`, ["key"]],
      ["'{}'", []],
      [`'{"key": "value", "key2": 2}'`, ["key", "key2"]],
      [`'{"arrayKey": [1, 2, 3]}'`, ["arrayKey"]],
      [`'{"key":[1,2,3,{"key":"value"},[1,2,3]]}'`, ["key"]],
      [`'{"f1":"abc","f2":{"f3":"a", "f4":"b"}}'`, ["f1", "f2"]],
      [`'{"k1": [1, 2, {"key": 5}], "k2": {"key2": [1, 2]}}'`, ["k1", "k2"]],
      ["'[1, 2]'", null],
      ["null", null],
    ];
    for (const [arg, answer] of cases) {
      const r = await one(`select json_object_keys(${arg}) AS k`);
      expect(r.schema).toBe("struct<k:array<string>>");
      expect(r.values).toEqual([answer]);
    }
    const df = t.spark
      .createDataFrame([{ j: '{"a\\"b": 1, "c": 2}' }], "j string")
      .select(json_object_keys("j").alias("k"), json_array_length(lit("[0]")).alias("n"));
    expect(await df.collect()).toEqual([{ k: ['a"b', "c"], n: 1 }]);
  });
});
