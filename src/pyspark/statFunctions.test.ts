/**
 * df.stat in Python: PySpark's DataFrame reference examples (approxQuantile, corr, cov, crosstab, freqItems,
 * sampleBy) and its argument errors (test_stat.py).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

it("approxQuantile: floats, one list per column, PySpark's argument errors", async () => {
  const result = await t.py.run(`
from pyspark.sql import Row
from pyspark.errors import PySparkTypeError, PySparkValueError
df = spark.createDataFrame([Row(a=i, b=i + 10) for i in range(10)])
aq = df.stat.approxQuantile("a", [0.1, 0.5, 0.9], 0.1)
aqs = df.approxQuantile(["a", "b"], [0.1, 0.5, 0.9], 0.0)
errors = []
for f in (lambda: df.stat.approxQuantile(123, [0.1, 0.9], 0.1),
          lambda: df.stat.approxQuantile(("a", 123), [0.1, 0.9], 0.1),
          lambda: df.stat.approxQuantile(["a"], [0.1, 1.5], 0.1),
          lambda: df.stat.approxQuantile(["a"], [0.1], -0.1)):
    try:
        f()
    except (PySparkTypeError, PySparkValueError) as e:
        errors.append(e.getErrorClass())
[aq, all(isinstance(q, float) for q in aq), aqs, errors]`);
  expect(result.value).toEqual([
    [0, 4, 8],
    true,
    [
      [0, 4, 8],
      [10, 14, 18],
    ],
    [
      "NOT_LIST_OR_STR_OR_TUPLE",
      "DISALLOWED_TYPE_FOR_CONTAINER",
      "NOT_LIST_OF_FLOAT_OR_INT",
      "NEGATIVE_VALUE",
    ],
  ]);
});

it("corr, cov and crosstab: PySpark's examples", async () => {
  const result = await t.py.run(`
df = spark.createDataFrame([(1, 12), (10, 1), (19, 8)], ["c1", "c2"])
ct = spark.createDataFrame([(1, 11), (1, 11), (3, 10), (4, 8), (4, 8)], ["c1", "c2"]).crosstab("c1", "c2")
[round(df.corr("c1", "c2"), 12), df.cov("c1", "c2"), df.stat.cov("c1", "c2"), ct.columns,
 [tuple(r) for r in ct.sort("c1_c2").collect()]]`);
  expect(result.value).toEqual([
    -0.359210604054,
    -18,
    -18,
    ["c1_c2", "10", "11", "8"],
    [
      ["1", 0, 2, 0],
      ["3", 1, 0, 0],
      ["4", 0, 0, 2],
    ],
  ]);
});

it("freqItems and sampleBy", async () => {
  const result = await t.py.run(`
from pyspark.sql import functions as sf
df = spark.createDataFrame([(1, 11), (1, 11), (3, 10), (4, 8), (4, 8)], ["c1", "c2"])
items = df.freqItems(["c1", "c2"]).collect()[0]
strata = spark.range(0, 1000).select((sf.col("id") % 3).alias("key"))
sampled = strata.sampleBy("key", fractions={0: 0.1, 1: 0.2}, seed=0)
counts = [tuple(r) for r in sampled.groupBy("key").count().orderBy("key").collect()]
again = [tuple(r) for r in strata.stat.sampleBy("key", {0: 0.1, 1: 0.2}, 0).groupBy("key").count().orderBy("key").collect()]
[list(items.asDict().keys()), sorted(items.c1_freqItems), sorted(items.c2_freqItems), [k for k, _ in counts],
 abs(counts[0][1] - 33) < 25, abs(counts[1][1] - 67) < 30, again == counts]`);
  expect(result.value).toEqual([
    ["c1_freqItems", "c2_freqItems"],
    [1, 3, 4],
    [8, 10, 11],
    [0, 1],
    true,
    true,
    true,
  ]);
});

it("countMinSketch and bloomFilter raise PySpark's NOT_IMPLEMENTED", async () => {
  const result = await t.py.run(`
from pyspark.errors import PySparkNotImplementedError
df = spark.range(10)
out = []
for f in (lambda: df.stat.countMinSketch("id", 0.1, 0.9, 1), lambda: df.stat.bloomFilter("id", 10, 0.01)):
    try:
        f()
    except PySparkNotImplementedError as e:
        out.append(e.getErrorClass())
out`);
  expect(result.value).toEqual(["NOT_IMPLEMENTED", "NOT_IMPLEMENTED"]);
});
