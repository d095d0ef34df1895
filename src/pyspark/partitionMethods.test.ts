/** sortWithinPartitions, repartitionByRange and registerTempTable in Python, on Sluice's one partition. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

it("sorts within the one partition, keeps rows when ranged, and names a view by the old name", async () => {
  const result = await t.py.run(`
import warnings
df = spark.createDataFrame([(2, "b"), (1, "a"), (3, "c")], "k INT, v STRING")
up = [r.k for r in df.sortWithinPartitions("k").collect()]
down = [r.k for r in df.sortWithinPartitions("k", ascending=False).collect()]
ranged = df.repartitionByRange(2, "k").count()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    df.registerTempTable("old_name_view")
[up, down, ranged, spark.sql("SELECT v FROM old_name_view WHERE k = 3").first().v, [w.category.__name__ for w in caught]]`);
  expect(result.value).toEqual([[1, 2, 3], [3, 2, 1], 3, "c", ["FutureWarning"]]);
});
