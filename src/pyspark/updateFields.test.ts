/** Column.withField and dropFields in Python: PySpark's argument checks and Spark's answers. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

it("adds, replaces and drops struct fields, and checks its arguments as PySpark does", async () => {
  const result = await t.py.run(`
from pyspark.errors import PySparkTypeError
from pyspark.sql.functions import col, lit
df = spark.sql("SELECT named_struct('a', 1, 'b', CAST(NULL AS INT), 'c', 3) AS a")
added = df.withColumn("a", col("a").withField("d", lit(4))).first().a.asDict()
dropped = df.withColumn("a", col("a").withField("b", lit(2)).dropFields("c")).first().a.asDict()
errors = []
for f in (lambda: col("a").withField(1, lit(2)), lambda: col("a").withField("b", 2)):
    try:
        f()
    except PySparkTypeError as e:
        errors.append(e.getErrorClass())
[added, dropped, errors]`);
  expect(result.value).toEqual([{ a: 1, b: null, c: 3, d: 4 }, { a: 1, b: 2 }, ["NOT_STR", "NOT_COLUMN"]]);
});
