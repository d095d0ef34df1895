/**
 * pyspark.sql.functions' convert_timezone, extract, date_part, timestamp_add and timestamp_diff take PySpark 4's
 * arguments; the examples of PySpark's functions reference (its doctests run with the America/Los_Angeles zone,
 * which the session time zone is set to here).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

it("PySpark's examples of the datetime functions", async () => {
  const result = await t.py.run(`
import datetime
import pyspark.sql.functions as sf
spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
df = spark.sql("SELECT timestamp_ntz'2015-04-08 00:00:00' AS dt, timestamp'2016-03-11 09:00:07' AS ts, timestamp'2024-02-11 09:00:07' AS e")
row = df.select(
    sf.convert_timezone(None, sf.lit("Asia/Hong_Kong"), "dt").cast("string").alias("two"),
    sf.convert_timezone(sf.lit("America/Los_Angeles"), sf.lit("Asia/Hong_Kong"), "dt").cast("string").alias("three"),
    sf.extract(sf.lit("YEAR"), "ts").alias("year"),
    sf.date_part(sf.lit("MONTH"), "ts").alias("month"),
    sf.timestamp_add("WEEK", sf.lit(5), "ts").cast("string").alias("add"),
    sf.timestamp_diff("YEAR", "ts", "e").alias("diff"),
).first()
spark.conf.set("spark.sql.session.timeZone", "UTC")
row.asDict()`);
  expect(result.value).toEqual({
    two: "2015-04-08 15:00:00",
    three: "2015-04-08 15:00:00",
    year: 2016,
    month: 3,
    add: "2016-04-15 09:00:07",
    diff: 7,
  });
});

it("collect() gives naive datetimes of the session time zone's wall clock, as PySpark does", async () => {
  const result = await t.py.run(`
import datetime
spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
df = spark.createDataFrame([(datetime.datetime(2015, 7, 24, 10, 0, 0),)], "ts timestamp")
row = df.selectExpr("ts", "cast(ts as long) AS s", "hour(ts) AS h", "timestamp_seconds(0) AS z").first()
text = df.selectExpr("cast(ts as string) AS t").first().t
spark.conf.set("spark.sql.session.timeZone", "UTC")
[row.ts.isoformat(), row.s, row.h, row.z.isoformat(), text]`);
  expect(result.value).toEqual([
    "2015-07-24T10:00:00",
    1437757200,
    10,
    "1969-12-31T16:00:00",
    "2015-07-24 10:00:00",
  ]);
});
