/**
 * Spark 4's VARIANT type and its functions, with the cases and expected answers of Spark's VariantEndToEndSuite,
 * VariantSuite and VariantExpressionSuite (sql/core/src/test/scala/org/apache/spark/sql/,
 * sql/catalyst/src/test/scala/org/apache/spark/sql/catalyst/expressions/variant/).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SparkException, SparkRuntimeException } from "../errors";
import { newTestSession, type TestSession } from "../testing/fixtures";
import { rejectionOf } from "../testing/thrown";
import { col, parse_json } from "./api/functions";
import { dataTypeToJson } from "./dataTypeJson";
import { Decimal } from "./decimals";
import { parseSchema, VariantType } from "./types";
import { VariantVal } from "./variantValues";

describe("VariantEndToEndSuite", () => {
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  const one = async (sql: string) => {
    const rows = await t.spark.sql(sql).collect();
    return Object.values(rows[0])[0];
  };
  const str = (s: string) => `'${s.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;

  it("parse_json/to_json round-trip", async () => {
    const check = async (input: string, output = input) =>
      expect(await one(`SELECT to_json(parse_json(${str(input)}))`)).toBe(output);
    await check("null");
    await check("true");
    await check("false");
    await check("-1");
    await check("1.0E10");
    await check('""');
    await check(`"${"a".repeat(63)}"`);
    await check(`"${"你好，世界".repeat(20)}"`);
    await check("[]");
    await check("{}");
    await check(
      '[null, true,   false,-1, 1e10, "\\uD83D\\uDE05", [ ], { } ]',
      '[null,true,false,-1,1.0E10,"😅",[],{}]',
    );
    await check("[0.0, 1.00, 1.10, 1.23]", "[0,1,1.1,1.23]");
  });

  it("try_parse_json/to_json round-trip", async () => {
    const check = async (input: string, output: string | null = input) =>
      expect(await one(`SELECT to_json(try_parse_json(${str(input)}))`)).toBe(output);
    await check("null");
    await check("-1");
    await check("1.0E10");
    await check("[0.0, 1.00, 1.10, 1.23]", "[0,1,1.1,1.23]");
    await check("{1:2}", null);
    await check('{"a":1', null);
    await check('{"a":[a,b,c]}', null);
  });

  it("to_json with nested variant", async () => {
    expect(
      await one(`SELECT to_json(array(parse_json('{}'), parse_json('""'), parse_json('[1, 2, 3]')))`),
    ).toBe('[{},"",[1,2,3]]');
    expect(
      await one(
        `SELECT to_json(named_struct('a', parse_json('{ "x": 1, "y": null, "z": "str" }'), 'b', parse_json('[[]]'), 'c', parse_json('false')))`,
      ),
    ).toBe('{"a":{"x":1,"y":null,"z":"str"},"b":[[]],"c":false}');
  });

  it("schema_of_variant", async () => {
    const check = async (json: string, expected: string) =>
      expect(await one(`SELECT schema_of_variant(parse_json(${str(json)}))`)).toBe(expected);
    await check("null", "VOID");
    await check("1", "BIGINT");
    await check("1.0", "DECIMAL(1,0)");
    await check("0.01", "DECIMAL(2,2)");
    await check("1.00", "DECIMAL(1,0)");
    await check("10.00", "DECIMAL(2,0)");
    await check("10.10", "DECIMAL(3,1)");
    await check("0.0", "DECIMAL(1,0)");
    await check("-0.0", "DECIMAL(1,0)");
    await check("2147483647.999", "DECIMAL(13,3)");
    await check("9223372036854775808", "DECIMAL(19,0)");
    await check("-9223372036854775808.0", "DECIMAL(19,0)");
    await check("9999999999999999999.9999999999999999999", "DECIMAL(38,19)");
    await check("9999999999999999999.99999999999999999999", "DOUBLE");
    await check("1E0", "DOUBLE");
    await check("true", "BOOLEAN");
    await check('"2000-01-01"', "STRING");
    await check('{"a":0}', "OBJECT<a: BIGINT>");
    await check('{"b": {"c": "c"}, "a":["a"]}', "OBJECT<a: ARRAY<STRING>, b: OBJECT<c: STRING>>");
    await check("[]", "ARRAY<VOID>");
    await check("[false]", "ARRAY<BOOLEAN>");
    await check("[null, 1, 1.0]", "ARRAY<DECIMAL(20,0)>");
    await check("[null, 1, 1.1]", "ARRAY<DECIMAL(21,1)>");
    await check("[123456.789, 123.456789]", "ARRAY<DECIMAL(12,6)>");
    await check("[1, 11111111111111111111111111111111111111]", "ARRAY<DECIMAL(38,0)>");
    await check("[1.1, 11111111111111111111111111111111111111]", "ARRAY<DOUBLE>");
    await check('[1, "1"]', "ARRAY<VARIANT>");
    await check("[{}, true]", "ARRAY<VARIANT>");
    await check('[{"c": ""}, {"a": null}, {"b": 1}]', "ARRAY<OBJECT<a: VOID, b: BIGINT, c: STRING>>");
    await check('[{"a": ""}, {"a": null}, {"b": 1}]', "ARRAY<OBJECT<a: STRING, b: BIGINT>>");
    await check('[{"a": 1, "b": null}, {"b": true, "a": 1E0}]', "ARRAY<OBJECT<a: DOUBLE, b: BOOLEAN>>");
  });

  it("is_variant_null with parse_json and variant_get", async () => {
    const check = async (json: string, path: string, expected: boolean) =>
      expect(await one(`SELECT is_variant_null(variant_get(parse_json(${str(json)}), "${path}"))`)).toBe(
        expected,
      );
    await check('{ "a": null }', "$.a", true);
    await check('{ "a": null }', "$.b", false);
    await check('{ "a": null, "b": "null" }', "$.b", false);
    await check('{ "a": null, "b": {"c": null} }', "$.b.c", true);
    await check('{ "a": null, "b": {"c": null, "d": [13, null]} }', "$.b.d", false);
    await check('{ "a": null, "b": {"c": null, "d": [13, null]} }', "$.b.d[0]", false);
    await check('{ "a": null, "b": {"c": null, "d": [13, null]} }', "$.b.d[1]", true);
    await check('{ "a": null, "b": {"c": null, "d": [13, null]} }', "$.b.d[2]", false);
  });

  it("schema_of_variant_agg", async () => {
    expect(await one(`SELECT schema_of_variant_agg(parse_json('{"a": [1, 2, 3]}'))`)).toBe(
      "OBJECT<a: ARRAY<BIGINT>>",
    );
    const checkNonGrouping = async (input: (string | null)[], expected: string) => {
      const df = t.spark.createDataFrame(
        input.map((json) => ({ json })),
        "json STRING",
      );
      const rows = await df.selectExpr("schema_of_variant_agg(parse_json(json))").collect();
      expect(Object.values(rows[0])[0]).toBe(expected);
    };
    await checkNonGrouping(['{"a": [1, 2, 3]}'], "OBJECT<a: ARRAY<BIGINT>>");
    await checkNonGrouping(
      Array.from({ length: 101 }, (_, i) => `{"a": [${i}]}`),
      "OBJECT<a: ARRAY<BIGINT>>",
    );
    await checkNonGrouping(['[{"a": 1}, {"b": 2}]'], "ARRAY<OBJECT<a: BIGINT, b: BIGINT>>");
    await checkNonGrouping(['{"a": [1, 2, 3]}', '{"a": "banana"}'], "OBJECT<a: VARIANT>");
    await checkNonGrouping(['{"a": "banana"}', '{"b": "apple"}'], "OBJECT<a: STRING, b: STRING>");
    await checkNonGrouping(['{"a": "data"}', null], "OBJECT<a: STRING>");
    await checkNonGrouping([null, null], "VOID");
    await checkNonGrouping(['{"a": null}', '{"a": null}'], "OBJECT<a: VOID>");
    await checkNonGrouping(
      ['{"hi":[]}', '{"hi":[{},{}]}', `{"hi":[{"it's":[{"me":[{"a": 1}]}]}]}`],
      "OBJECT<hi: ARRAY<OBJECT<`it's`: ARRAY<OBJECT<me: ARRAY<OBJECT<a: BIGINT>>>>>>>",
    );
    t.spark
      .createDataFrame(
        Array.from({ length: 101 }, (_, id) => ({
          id,
          json: id % 4 === 0 ? `{"a": [${id}]}` : `{"a": ["${id}"]}`,
        })),
        "id INT, json STRING",
      )
      .createOrReplaceTempView("v");
    const grouped = async (sql: string) =>
      (await t.spark.sql(sql).collect()).map((r) => Object.values(r)[0]).sort();
    expect(await grouped("select schema_of_variant_agg(parse_json(json)) from v group by id % 2")).toEqual([
      "OBJECT<a: ARRAY<STRING>>",
      "OBJECT<a: ARRAY<VARIANT>>",
    ]);
    expect(await grouped("select schema_of_variant_agg(parse_json(json)) from v group by id % 3")).toEqual(
      Array(3).fill("OBJECT<a: ARRAY<VARIANT>>"),
    );
    expect(await grouped("select schema_of_variant_agg(parse_json(json)) from v group by id % 4")).toEqual([
      "OBJECT<a: ARRAY<BIGINT>>",
      ...Array(3).fill("OBJECT<a: ARRAY<STRING>>"),
    ]);
  });

  it("from_json variant data type parsing", async () => {
    for (const type of ["variant", "     \t variant ", "  \n  VaRiaNt  "]) {
      const df = t.spark
        .createDataFrame([{ j: '{"a": 1, "b": [2, 3.1]}' }], "j STRING")
        .selectExpr(`variant_get(from_json(j, ${JSON.stringify(type)}), "$.b[0]")::int AS v`);
      expect(await df.collect()).toEqual([{ v: 2 }]);
    }
  });

  it("show, collect and printSchema of a variant column (VariantVal, JSON text)", async () => {
    const df = t.spark
      .createDataFrame([{ j: '{"b": 1.50, "a": [1, 1e2, "x"]}' }, { j: null }], "j STRING")
      .select(parse_json(col("j")).alias("v"));
    expect(df.schema.fields[0].dataType.simpleString()).toBe("variant");
    expect(JSON.stringify(dataTypeToJson(df.schema))).toContain('"type":"variant"');
    const rows = await df.collect();
    expect(rows[0].v).toBeInstanceOf(VariantVal);
    expect((rows[0].v as VariantVal).toJson()).toBe('{"a":[1,100.0,"x"],"b":1.5}');
    expect((rows[0].v as VariantVal).toJs()).toEqual({ a: [1, 100, "x"], b: 1.5 });
    expect(rows[1].v).toBeNull();
    const printed: string[] = [];
    t.spark.setOutput((text) => printed.push(text));
    await df.show(20, false);
    expect(printed.join("")).toBe(
      [
        "+---------------------------+",
        "|v                          |",
        "+---------------------------+",
        '|{"a":[1,100.0,"x"],"b":1.5}|',
        "|NULL                       |",
        "+---------------------------+",
        "",
      ].join("\n"),
    );
    const schema = parseSchema("id INT, v VARIANT");
    expect(schema.fields[1].dataType).toBeInstanceOf(VariantType);
    expect(schema.treeString()).toContain(" |-- v: variant (nullable = true)");
  });
});

/** VariantExpressionSuite's variant_get cases, run through SQL (`variant_get(parse_json(input), path, type)`). */
describe("VariantExpressionSuite", () => {
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  const q = (s: string) => `'${s.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  const get = async (fn: string, input: string, path: string, type: string) => {
    const rows = await t.spark
      .sql(`SELECT ${fn}(parse_json(${q(input)}), ${q(path)}, ${q(type)}) AS r`)
      .collect();
    return rows[0].r;
  };
  /** Spark's testVariantGet: variant_get and try_variant_get give `expected`. */
  const ok = async (input: string, path: string, type: string, expected: unknown) => {
    expect(await get("variant_get", input, path, type)).toEqual(expected);
    expect(await get("try_variant_get", input, path, type)).toEqual(expected);
  };
  /** Spark's testInvalidVariantGet: INVALID_VARIANT_CAST, and null from try_variant_get. */
  const invalid = async (
    input: string,
    path: string,
    type: string,
    value = input,
    sqlType = type.toUpperCase(),
  ) => {
    const error = await rejectionOf(get("variant_get", input, path, type));
    expect(error).toBeInstanceOf(SparkRuntimeException);
    const e = error as SparkRuntimeException;
    expect(e.getCondition()).toBe("INVALID_VARIANT_CAST");
    expect(e.getMessageParameters()).toEqual({ value, dataType: `"${sqlType}"` });
    expect(await get("try_variant_get", input, path, type)).toBeNull();
  };

  it("variant_get cast", async () => {
    // Source type is string.
    await ok('"true"', "$", "boolean", true);
    await ok('"false"', "$", "boolean", false);
    await ok('" t "', "$", "boolean", true);
    await invalid('"true"', "$", "int");
    await ok('"1"', "$", "int", 1);
    await ok('"9223372036854775807"', "$", "bigint", 9223372036854775807n);
    await ok('"12.34"', "$", "decimal(9,4)", Decimal.parse("12.3400"));
    await ok('"1970-03-01"', "$", "date", new Date(Date.UTC(1970, 2, 1)));
    // Source type is boolean.
    await ok("true", "$", "boolean", true);
    await ok("true", "$", "tinyint", 1);
    await ok("true", "$", "double", 1);
    await ok("false", "$", "decimal(18,18)", Decimal.parse("0.000000000000000000"));
    // Source type is integer.
    await ok("1", "$", "boolean", true);
    await ok("0", "$", "boolean", false);
    await invalid("1", "$", "binary");
    await ok("127", "$", "tinyint", 127);
    await invalid("128", "$", "tinyint");
    await ok("-32768", "$", "smallint", -32768);
    await invalid("-32769", "$", "smallint");
    await ok("2147483647", "$", "int", 2147483647);
    await invalid("2147483648", "$", "int");
    await ok("-9223372036854775808", "$", "bigint", -9223372036854775808n);
    await ok("2147483647", "$", "double", 2147483647);
    await ok("1", "$", "decimal(9,4)", Decimal.parse("1.0000"));
    await invalid("12345", "$", "decimal(6,3)");
    // Source type is double.
    await ok("1E0", "$", "boolean", true);
    await ok("0E0", "$", "boolean", false);
    await ok("127E0", "$", "tinyint", 127);
    await invalid("128E0", "$", "tinyint", "128.0");
    await ok("12345E-4", "$", "decimal(5,2)", Decimal.parse("1.23"));
    // Source type is decimal.
    await ok("1.0", "$", "boolean", true);
    await ok("0.0", "$", "boolean", false);
    await ok("2147483647.999", "$", "int", 2147483647);
    await invalid("9223372036854775808", "$", "bigint");
    await ok("123.0", "$", "decimal(6,3)", Decimal.parse("123.000"));
    await ok("1.14", "$", "decimal(2,1)", Decimal.parse("1.1"));
    await ok("1.15", "$", "decimal(2,1)", Decimal.parse("1.2"));
    await invalid("9.5", "$", "decimal(1,0)");
    await ok(
      "9999999999999999999.9999999999999999999",
      "$",
      "string",
      "9999999999999999999.9999999999999999999",
    );
    await ok("9999999999999999999.99999999999999999999", "$", "string", "1.0E19");
    await ok("1.10", "$", "string", "1.1");
    await ok("-1.00", "$", "string", "-1");
    await ok("-100000000000000000000", "$", "string", "-100000000000000000000");
    // Source type is null.
    await ok("null", "$", "boolean", null);
    await ok("null", "$", "int", null);
    await ok("null", "$", "date", null);
  });

  it("variant_get path extraction", async () => {
    const json = `{"store":{"fruit":[{"weight":8,"type":"apple"},{"weight":9,"type":"pear"}],
"basket":[[1,2,{"b":"y","a":"x"}],[3,4],[5,6]],"book":[{"author":"Nigel Rees",
"title":"Sayings of the Century","category":"reference","price":8.95},
{"author":"Herman Melville","title":"Moby Dick","category":"fiction","price":8.99,
"isbn":"0-553-21311-3"},{"author":"J. R. R. Tolkien","title":"The Lord of the Rings",
"category":"fiction","reader":[{"age":25,"name":"bob"},{"age":26,"name":"jack"}],
"price":22.99,"isbn":"0-395-19395-8"}],"bicycle":{"price":19.95,"color":"red"}},
"email":"amy@only_for_json_udf_test.net","owner":"amy","zip code":"94025",
"fb:testid":"1234"}`;
    await ok(json, "$.store.bicycle", "string", '{"color":"red","price":19.95}');
    await ok(json, "$.store.bicycle.color", "string", "red");
    await ok(json, "$.store.bicycle.price", "double", 19.95);
    await ok(
      json,
      "$.store.book[0]",
      "string",
      '{"author":"Nigel Rees","category":"reference","price":8.95,"title":"Sayings of the Century"}',
    );
    await ok(json, "$.store.book[0].category", "string", "reference");
    await ok(json, "$.store.book[1].price", "double", 8.99);
    await ok(json, "$.store.book[2].reader[0].name", "string", "bob");
    await ok(json, "$.store.book[2].reader[1].age", "int", 26);
    await ok(json, "$.store.basket[0][1]", "int", 2);
    await ok(json, "$.store.basket[0][2]", "string", '{"a":"x","b":"y"}');
    await ok(json, "$.zip code", "int", 94025);
    await ok(json, "$.fb:testid", "int", 1234);
    await ok(json, "$.store.fruit", "array<struct<weight int, type string>>", [
      { weight: 8, type: "apple" },
      { weight: 9, type: "pear" },
    ]);
  });

  it("variant_get negative", async () => {
    await ok('{"a": 1}', "$[0]", "int", null);
    await ok('{"a": 1}', "$.A", "int", null);
    await ok("[1]", "$.a", "int", null);
    await ok("[1]", "$[1]", "int", null);
    await ok("1", "$.a", "int", null);
    await ok("1", "$[0]", "int", null);
    await invalid('{"a": 1}', "$", "int", '{"a":1}');
    await invalid("[1]", "$", "int");
  });

  it("variant_get invalid path", async () => {
    for (const path of ["", ".a", "$1", "$[-1]", "$[1", "$.", "$['a]"]) {
      const error = await rejectionOf(get("variant_get", "1", path, "int"));
      expect((error as SparkRuntimeException).getCondition()).toBe("INVALID_VARIANT_GET_PATH");
      expect((error as SparkRuntimeException).getMessageParameters()).toEqual({
        path,
        functionName: "`variant_get`",
      });
    }
  });

  it("parse_json of malformed JSON: MALFORMED_RECORD_IN_PARSING", async () => {
    const error = await rejectionOf(t.spark.sql(`SELECT parse_json('{"a":1')`).collect());
    expect(error).toBeInstanceOf(SparkException);
    expect((error as SparkException).getCondition()).toBe("MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION");
    expect((error as SparkException).getMessageParameters()).toEqual({
      badRecord: '{"a":1',
      failFastMode: "FAILFAST",
    });
  });

  it("cast to and from variant", async () => {
    const one = async (sql: string) => Object.values((await t.spark.sql(sql).collect())[0])[0];
    expect(await one("SELECT to_json(cast(1.5D AS variant))")).toBe("1.5");
    expect(await one("SELECT schema_of_variant(cast(1.5D AS variant))")).toBe("DOUBLE");
    expect(await one("SELECT schema_of_variant(cast(1.50BD AS variant))")).toBe("DECIMAL(2,1)");
    expect(await one("SELECT to_json(cast('{\"a\":1}' AS variant))")).toBe('"{\\"a\\":1}"');
    expect(
      await one("SELECT to_json(cast(named_struct('a', 1, 'b', CAST(NULL AS STRING)) AS variant))"),
    ).toBe('{"a":1,"b":null}');
    expect(await one("SELECT to_json(cast(array(1, NULL, 3) AS variant))")).toBe("[1,null,3]");
    expect(await one("SELECT to_json(cast(map('k1', false) AS variant))")).toBe('{"k1":false}');
    expect(await one("SELECT cast(parse_json('[1,2]') AS string)")).toBe("[1,2]");
    expect(await one("SELECT cast(parse_json('\"12\"') AS int)")).toBe(12);
    expect(await one("SELECT try_cast(parse_json('\"x\"') AS int)")).toBeNull();
    // Cast.scala: a cast from VARIANT fails unless it is a try_cast (evalMode != TRY), ANSI or not.
    expect(await one("SELECT try_cast(parse_json('{\"a\": [5]}') AS array<int>) IS NULL")).toBe(true);
    const error = await rejectionOf(t.spark.sql("SELECT parse_json('{\"a\": [5]}')::array<int>").collect());
    expect((error as SparkRuntimeException).getCondition()).toBe("INVALID_VARIANT_CAST");
    expect((error as SparkRuntimeException).getMessageParameters()).toEqual({
      value: '{"a":[5]}',
      dataType: '"ARRAY<INT>"',
    });
  });
});
