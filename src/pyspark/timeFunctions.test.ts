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

// PySpark's TimestampType.toInternal reads a naive datetime as a wall clock (an aware one as its instant); Sluice
// reads the wall clock in the session time zone, as collect() gives it back (10:00 in Los Angeles is 17:00 UTC).
it("lit() and comparisons take a naive datetime as the session time zone's wall clock", async () => {
  const result = await t.py.run(`
import datetime
from pyspark.sql.functions import col, lit
spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
naive = datetime.datetime(2015, 7, 24, 10, 0, 0)
aware = datetime.datetime(2015, 7, 24, 17, 0, 0, tzinfo=datetime.timezone.utc)
row = spark.range(1).select(
    lit(naive).alias("ts"), lit(naive).cast("long").alias("s"), lit(aware).cast("long").alias("a")
).first()
df = spark.createDataFrame([(naive,), (datetime.datetime(2015, 7, 24, 11, 0, 0),)], "ts timestamp")
matched = df.filter(col("ts") == naive).count()
later = df.filter(col("ts") > lit(naive)).count()
spark.conf.set("spark.sql.session.timeZone", "UTC")
utc = spark.range(1).select(lit(naive).cast("long").alias("s")).first().s
[row.ts.isoformat(), row.s, row.a, matched, later, utc]`);
  expect(result.value).toEqual(["2015-07-24T10:00:00", 1437757200, 1437757200, 1, 1, 1437732000]);
});

// DateFunctionsSuite's "from_utc_timestamp with column zone" and "to_utc_timestamp with column zone" in Python.
it("from_utc_timestamp and to_utc_timestamp take a column of zones", async () => {
  const result = await t.py.run(`
import datetime
import pyspark.sql.functions as sf
df = spark.createDataFrame(
    [(datetime.datetime(2015, 7, 24), "+02:00"), (datetime.datetime(2015, 7, 25), "America/Los_Angeles")],
    "a timestamp, c string",
)
[
    (r.f, r.u)
    for r in df.select(
        sf.from_utc_timestamp("a", sf.col("c")).cast("string").alias("f"),
        sf.to_utc_timestamp(df.a, df.c).cast("string").alias("u"),
    ).collect()
]`);
  expect(result.value).toEqual([
    ["2015-07-24 02:00:00", "2015-07-23 22:00:00"],
    ["2015-07-24 17:00:00", "2015-07-25 07:00:00"],
  ]);
});
