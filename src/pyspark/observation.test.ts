/**
 * pyspark.sql.Observation: PySpark's test_observe and test_observe_with_same_name_on_different_dataframe
 * (python/pyspark/sql/tests/test_observation.py), run as a Python cell runs them.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

it("test_observe: metrics after an action, and PySpark's errors", async () => {
  const result = await t.py.run(`
from pyspark.sql import Observation
from pyspark.sql.functions import col, count, lit, mean, sum
from pyspark.errors import PySparkAssertionError, PySparkTypeError, PySparkValueError, IllegalArgumentException
df = spark.createDataFrame([(1, 1.0, "one"), (2, 2.0, "two"), (3, 3.0, "three")], ["id", "val", "label"])
unnamed = Observation()
named = Observation("metric")
out = []
try:
    unnamed.get
except PySparkAssertionError as e:
    out.append(e.getErrorClass())
observed = (df.orderBy("id")
            .observe(named, count(lit(1)).alias("cnt"), sum(col("id")).alias("sum"), mean(col("val")).alias("mean"))
            .observe(unnamed, count(lit(1)).alias("rows")))
out.append([row.asDict() for row in observed.collect()])
out.append(named.get == dict(cnt=3, sum=6, mean=2.0))
out.append(unnamed.get)
try:
    df.observe(named, count(lit(1)).alias("count"))
except PySparkAssertionError as e:
    out.append(e.getErrorClass())
for f, kind in ((lambda: Observation(123), TypeError), (lambda: Observation(""), ValueError)):
    try:
        f()
    except kind as e:
        out.append(str(e))
try:
    df.observe(Observation())
except PySparkValueError as e:
    out.append([e.getErrorClass(), e.getMessageParameters()])
for args in [(None,), ("id",), (lit(1), None), (lit(1), "id")]:
    try:
        df.observe(Observation(), *args)
    except PySparkTypeError as e:
        out.append(e.getErrorClass())
stream = spark.readStream.format("rate").load()
try:
    stream.observe(Observation("stream"), count(lit(1)).alias("rows"))
except IllegalArgumentException as e:
    out.append("Observation does not support streaming Datasets" in str(e))
out`);
  expect(result.value).toEqual([
    "NO_OBSERVE_BEFORE_GET",
    [
      { id: 1, val: 1, label: "one" },
      { id: 2, val: 2, label: "two" },
      { id: 3, val: 3, label: "three" },
    ],
    true,
    { rows: 3 },
    "REUSE_OBSERVATION",
    expect.stringContaining("`name` should be a str, got int"),
    expect.stringContaining("must be a non-empty string"),
    ["CANNOT_BE_EMPTY", { item: "exprs" }],
    "NOT_LIST_OF_COLUMN",
    "NOT_LIST_OF_COLUMN",
    "NOT_LIST_OF_COLUMN",
    "NOT_LIST_OF_COLUMN",
    true,
  ]);
});

it("observations of the same name on different DataFrames keep their own metrics (SPARK-45656)", async () => {
  const result = await t.py.run(`
from pyspark.sql import Observation
from pyspark.sql.functions import count, lit
observation1 = Observation("named")
observed_df1 = spark.range(50).observe(observation1, count(lit(1)).alias("cnt"))
observation2 = Observation("named")
observed_df2 = spark.range(100).observe(observation2, count(lit(1)).alias("cnt"))
observed_df1.collect()
observed_df2.collect()
[observation1.get, observation2.get]`);
  expect(result.value).toEqual([{ cnt: 50 }, { cnt: 100 }]);
});

it("a double metric is a float in Observation.get and in a progress's observedMetrics (3.0, not 3)", async () => {
  // PySpark's test_observe reads mean(val) of 1.0, 2.0, 3.0 as the float 2.0; a stream's progress carries
  // Spark's JSON (StreamingQueryStatusAndProgressSuite writes the double c2 as 3.0), read back as a Row.
  const result = await t.py.run(`
from pyspark.sql import Observation
from pyspark.sql.functions import avg, col, count, lit, sum
df = spark.createDataFrame([(1,), (2,), (3,)], ["id"])
o = Observation("metric")
df.observe(o, count(lit(1)).alias("cnt"), sum(col("id")).alias("sum"), avg(col("id")).alias("mean")).collect()
out = [repr(o.get)]
spark.createDataFrame([(2,), (4,)], ["v"]).write.json("/data/observed_in")
q = (spark.readStream.schema("v LONG").json("/data/observed_in")
     .observe("event", count(lit(1)).alias("c1"), avg(col("v")).alias("c2"))
     .writeStream.format("noop").trigger(availableNow=True).start())
q.awaitTermination()
p = q.lastProgress
out.append(repr(p.observedMetrics["event"]))
out.append('"c2" : 3.0' in p.prettyJson)
out`);
  expect(result.value).toEqual(["{'cnt': 3, 'sum': 6, 'mean': 2.0}", "Row(c1=2, c2=3.0)", true]);
});
