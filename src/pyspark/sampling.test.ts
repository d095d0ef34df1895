/**
 * DataFrame.sample and randomSplit in Python: PySpark's argument forms and errors (test_dataframe.py
 * test_sample), and DataFrameStatSuite's randomSplit with Spark's tolerances.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

it("sample: PySpark's argument forms, repeatable with a seed, and its errors", async () => {
  const result = await t.py.run(`
from pyspark.errors import PySparkTypeError, IllegalArgumentException
df = spark.range(1000)
ids = lambda d: [r.id for r in d.collect()]
a = ids(df.sample(0.3, 42))
forms = [ids(df.sample(False, 0.3, 42)) == a, ids(df.sample(fraction=0.3, seed=42)) == a,
         ids(df.sample(withReplacement=False, fraction=0.3, seed=42)) == a, abs(len(a) - 300) < 60,
         abs(df.sample(True, 2.0, 3).count() - 2000) < 200, df.sample(0.5).count() <= 1000]
errors = []
try:
    spark.range(1).sample()
except PySparkTypeError as e:
    errors.append([e.getErrorClass(), e.getMessageParameters()])
for f in (lambda: spark.range(1).sample("a"), lambda: spark.range(1).sample(seed="abc")):
    try:
        f()
    except TypeError as e:
        errors.append(type(e).__name__)
try:
    spark.range(1).sample(-1.0)
except IllegalArgumentException as e:
    errors.append(str(e))
[forms, errors]`);
  expect(result.value).toEqual([
    [true, true, true, true, true, true],
    [
      [
        "NOT_BOOL_OR_FLOAT_OR_INT",
        {
          arg_name: "withReplacement (optional), fraction (required) and seed (optional)",
          arg_type: "NoneType, NoneType, NoneType",
        },
      ],
      "PySparkTypeError",
      "PySparkTypeError",
      expect.stringContaining(
        "requirement failed: Sampling fraction (-1.0) must be on interval [0, 1] without replacement",
      ),
    ],
  ]);
});

it("randomSplit: disjoint splits covering the input, by the weights; PySpark's errors", async () => {
  const result = await t.py.run(`
from pyspark.errors import PySparkValueError
data = spark.range(1, 601)
splits = data.randomSplit([1.0, 2.0, 3.0], 5)
ids = sorted(r.id for s in splits for r in s.collect())
again = [[r.id for r in s.collect()] for s in data.randomSplit([1.0, 2.0, 3.0], 5)]
out = [len(splits), ids == list(range(1, 601)), [abs(s.count() - e) < 50 for s, e in zip(splits, (100, 200, 300))],
       again == [[r.id for r in s.collect()] for s in splits]]
try:
    data.randomSplit([1.0, -2.0])
except PySparkValueError as e:
    out.append([e.getErrorClass(), e.getMessageParameters()])
out`);
  expect(result.value).toEqual([
    3,
    true,
    [true, true, true],
    true,
    ["VALUE_NOT_POSITIVE", { arg_name: "weights", arg_value: "-2.0" }],
  ]);
});
