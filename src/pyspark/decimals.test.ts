/**
 * Decimals in Python cells as PySpark gives them: `collect()` returns decimal.Decimal with the column's scale
 * and every digit (DecimalType.fromInternal), a decimal.Decimal goes into createDataFrame and lit() exactly, and
 * a Python UDF returning a Decimal keeps its digits. toPandas() is not ported: Pyodide's npm package has no
 * pandas (PACKAGE_NOT_INSTALLED); the rows it would build are these Decimals, PySpark's `object` dtype.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
  await t.py.run(`
from decimal import Decimal
from pyspark.sql.functions import lit, udf
from pyspark.sql.types import *`);
}, 300_000);
afterAll(() => t.cleanup());

const value = async (code: string) => (await t.py.run(code)).value;

describe("decimal.Decimal in Python cells", () => {
  it("collect() gives decimal.Decimal with all 38 digits", async () => {
    expect(
      await value(`
row = spark.sql("SELECT CAST('12345678901234567890.123456789' AS DECIMAL(38,9)) AS d, CAST(1.5 AS DECIMAL(10,2)) AS e").collect()[0]
(type(row.d).__name__, str(row.d), str(row.e), row.d == Decimal('12345678901234567890.123456789'))`),
    ).toEqual(["Decimal", "12345678901234567890.123456789", "1.50", true]);
  });

  it("nested decimals and nulls", async () => {
    expect(
      await value(`
row = spark.sql("SELECT array(CAST(0.1 AS DECIMAL(38,18)), NULL) a, named_struct('x', CAST(-7 AS DECIMAL(3,1))) s").collect()[0]
([str(v) if v is not None else None for v in row.a], str(row.s.x))`),
    ).toEqual([["0.100000000000000000", null], "-7.0"]);
  });

  it("createDataFrame and lit keep a Decimal's digits", async () => {
    expect(
      await value(`
df = spark.createDataFrame([(Decimal('12345678901234567890.123456789'), 3)], "d decimal(38,9), n decimal(5,2)")
r = df.select("d", "n", lit(Decimal('98765432109876543210.12')).alias("l")).collect()[0]
inferred = spark.createDataFrame([(Decimal('1.5'),)], ["x"])
(str(r.d), str(r.n), str(r.l), inferred.schema.simpleString(), str(inferred.first().x))`),
    ).toEqual([
      "12345678901234567890.123456789",
      "3.00",
      "98765432109876543210.12",
      "struct<x:decimal(38,18)>",
      "1.500000000000000000",
    ]);
  });

  it("show() prints the plain digits with the scale's zeros", async () => {
    const out = await t.py.run(
      `spark.sql("SELECT CAST('12345678901234567890.123456789' AS DECIMAL(38,9)) AS d").show(truncate=False)`,
    );
    expect(out.stdout).toBe(
      [
        "+------------------------------+",
        "|d                             |",
        "+------------------------------+",
        "|12345678901234567890.123456789|",
        "+------------------------------+",
        "",
      ].join("\n"),
    );
  });

  it("a UDF returning DecimalType keeps its digits", async () => {
    expect(
      await value(`
f = udf(lambda s: Decimal(s), DecimalType(38, 9))
str(spark.sql("SELECT '12345678901234567890.123456789' AS s").select(f("s").alias("d")).first().d)`),
    ).toBe("12345678901234567890.123456789");
  });
});
