/**
 * Spark 4's VARIANT in Python cells, as PySpark 4 returns it (pyspark/sql/tests/test_types.py, test_variant_type):
 * `collect()` gives a `VariantVal` whose `toJson()` is Spark's JSON and whose `toPython()` is the value (ints,
 * `Decimal`s for decimals, strings, booleans, None, lists and dicts); the schema's type is `VariantType`.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

it("test_variant_type: VariantVal from collect(), toJson() and toPython()", async () => {
  const result = await t.py.run(`
from decimal import Decimal
from pyspark.sql.types import VariantType, VariantVal
import pyspark.sql.functions as F
expected_values = [
    ("str", '"%s"' % ("0123456789" * 10), "0123456789" * 10),
    ("short_str", '"abc"', "abc"),
    ("emoji", '"\u{1F600}"', "\u{1F600}"),
    ("null", "null", None),
    ("true", "true", True),
    ("false", "false", False),
    ("int1", "1", 1),
    ("-int1", "-5", -5),
    ("int2", "257", 257),
    ("-int2", "-124", -124),
    ("int4", "65793", 65793),
    ("-int4", "-69633", -69633),
    ("int8", "4295033089", 4295033089),
    ("-int8", "-4294967297", -4294967297),
    ("dec4", "123.456", Decimal("123.456")),
    ("-dec4", "-321.654", Decimal("-321.654")),
    ("dec8", "429.4967297", Decimal("429.4967297")),
    ("-dec8", "-5.678373902", Decimal("-5.678373902")),
    ("dec16", "467440737095.51617", Decimal("467440737095.51617")),
    ("-dec16", "-67.849438003827263", Decimal("-67.849438003827263")),
    ("arr", '[1.1,"2",[3],{"4":5}]', [Decimal("1.1"), "2", [3], {"4": 5}]),
    ("obj", '{"a":["123",{"b":2}],"c":3}', {"a": ["123", {"b": 2}], "c": 3}),
]
json_str = "{%s}" % ",".join(['"%s": %s' % (k, j) for k, j, _ in expected_values])
df = spark.createDataFrame([(json_str,)], "json string")
vdf = df.select(F.parse_json(df.json).alias("v"))
v = vdf.collect()[0]["v"]
as_string = str(v)
as_python = v.toPython()
[
    type(v) is VariantVal,
    isinstance(vdf.schema["v"].dataType, VariantType),
    VariantType().simpleString(),
    [k for k, j, _ in expected_values if ('"%s":%s' % (k, j)) not in as_string],
    [k for k, _, o in expected_values if as_python[k] != o or type(as_python[k]) is not type(o)],
    v.toJson() == as_string,
    spark.sql("SELECT to_json(parse_json('{\\"b\\": 1.50, \\"a\\": [1, \\"x\\"]}')) AS j").first().j,
    spark.sql("SELECT parse_json('{\\"b\\": 1.50, \\"a\\": [1, \\"x\\"]}') AS v").first().v.toJson(),
]`);
  expect(result.value).toEqual([
    true,
    true,
    "variant",
    [],
    [],
    true,
    '{"a":[1,"x"],"b":1.5}',
    '{"a":[1,"x"],"b":1.5}',
  ]);
});
