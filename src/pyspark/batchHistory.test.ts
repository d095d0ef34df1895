/**
 * `query.batch(n)` in Python gives a batch's rows typed as `collect()` gives the same rows (PySpark's
 * conversions): a DATE a `datetime.date`, a TIMESTAMP a naive `datetime` on the session time zone's wall clock,
 * in every list — input, output, late rows and state — and from `spark.streams.history` once the query stopped.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

it("a batch's DATE and TIMESTAMP values are dates and session-zone datetimes, as collect() gives them", async () => {
  const result = await t.py.run(`
import datetime
from pyspark.sql.functions import col, window
from pyspark.sql.types import DateType, IntegerType, StructField, StructType, TimestampType
from pyspark.testing.streaming import MemoryStream

spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
schema = StructType([StructField("d", DateType()), StructField("ts", TimestampType()), StructField("n", IntegerType())])
first = [(datetime.date(2024, 3, 1), datetime.datetime(2024, 3, 1, 23, 30, 5), 1),
         (datetime.date(2024, 3, 2), datetime.datetime(2024, 3, 1, 23, 30, 40), 2)]
late = [(datetime.date(2024, 2, 29), datetime.datetime(2024, 3, 1, 23, 29, 0), 3)]
stream = MemoryStream(spark, schema)
counts = (stream.to_df().withWatermark("ts", "10 seconds")
    .groupBy(window("ts", "10 seconds"), "d").count())
query = (counts.writeStream.outputMode("append").format("memory").queryName("typed_history")
    .option("checkpointLocation", "/checkpoints/typed_history").start())
stream.add_data(*first)
query.processAllAvailable()
stream.add_data(*late)
query.processAllAvailable()
ids = query.batchIds()
batches = [query.batch(i) for i in ids]
query.stop()
stopped = spark.streams.history("/checkpoints/typed_history").batch(ids[0])

def plain(rows):
    return [{k: (plain([v])[0] if hasattr(v, "asDict") else v) for k, v in r.asDict().items()} for r in rows]

collected = spark.createDataFrame(first, schema).collect()
first_batch = batches[0]
late_rows = [r for b in batches for r in b["late"]]
[op] = first_batch["state"]
state_keys = sorted((r.key.d, r.key.window.start) for r in op["after"])
windows = sorted((r.d, r.window.start) for r in spark.table("typed_history").collect())
(
    plain(first_batch["input"]) == plain(collected),
    plain(stopped["input"]) == plain(collected),
    [(type(r.d).__name__, type(r.ts).__name__) for r in first_batch["input"]],
    [(r.d.isoformat(), r.ts.isoformat(), r.n) for r in late_rows],
    [(d.isoformat(), start.isoformat()) for d, start in state_keys],
    [(type(r.key.d).__name__, type(r.key.window.start).__name__) for r in op["after"]],
    sorted((r.d, r.window.start) for b in batches for r in b["output"]) == windows,
    len(windows),
)`);
  const [input, stoppedInput, types, late, stateKeys, stateTypes, output, emitted] =
    result.value as unknown[];
  expect([input, stoppedInput]).toEqual([true, true]);
  expect(types).toEqual([
    ["date", "datetime"],
    ["date", "datetime"],
  ]);
  // The late row as it was added: its date a date, its time the same wall clock (the session's zone).
  expect(late).toEqual([["2024-02-29", "2024-03-01T23:29:00", 3]]);
  expect(stateKeys).toEqual([
    ["2024-03-01", "2024-03-01T23:30:00"],
    ["2024-03-02", "2024-03-01T23:30:40"],
  ]);
  expect(stateTypes).toEqual([
    ["date", "datetime"],
    ["date", "datetime"],
  ]);
  // The first window (closed by the watermark of 23:30:30) was emitted; the output's rows are the sink's.
  expect([output, emitted]).toEqual([true, 1]);
});
