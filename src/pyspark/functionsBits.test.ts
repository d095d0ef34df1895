/**
 * Issue 11's hash, bit and number functions in Python cells, with PySpark 4's signatures and the answers of
 * PySpark's functions reference examples.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

it("hash, xxhash64, crc32, bit_get, getbit, bitwise_not, shiftrightunsigned, conv, nullifzero, zeroifnull, negate, to_binary, try_to_binary", async () => {
  const result = await t.py.run(`
import pyspark.sql.functions as sf
df = spark.createDataFrame([("ABC", "DEF", 11, 0)], ["c1", "c2", "n", "z"])
row = df.select(
    sf.hash("c1").alias("hash"),
    sf.hash("c1", "c2").alias("hash2"),
    sf.xxhash64("c1").alias("xxhash64"),
    sf.xxhash64("c1", "c2").alias("xxhash64_2"),
    sf.crc32("c1").alias("crc32"),
    sf.bit_get("n", sf.lit(1)).alias("bit_get"),
    sf.getbit("n", sf.lit(2)).alias("getbit"),
    sf.bitwise_not(sf.lit(0)).alias("bitwise_not"),
    sf.shiftrightunsigned(sf.lit(-42), 1).alias("shiftrightunsigned"),
    sf.conv(sf.lit("100"), 2, 10).alias("conv"),
    sf.nullifzero("z").alias("nullifzero"),
    sf.zeroifnull(sf.lit(None)).alias("zeroifnull"),
    sf.negate("n").alias("negate"),
    sf.to_binary(sf.lit("abc"), sf.lit("utf-8")).alias("to_binary"),
    sf.try_to_binary(sf.lit("abc"), sf.lit("invalidFormat")).alias("try_to_binary"),
).first()
d = row.asDict()
d["to_binary"] = list(d["to_binary"])
d`);
  expect(result.value).toEqual({
    hash: -757602832,
    hash2: 599895104,
    xxhash64: 4105715581806190027n,
    xxhash64_2: 3233247871021311208n,
    crc32: 2743272264,
    bit_get: 1,
    getbit: 0,
    bitwise_not: -1,
    shiftrightunsigned: 2147483627,
    conv: "4",
    nullifzero: null,
    zeroifnull: 0,
    negate: -11,
    to_binary: [97, 98, 99],
    try_to_binary: null,
  });
});
