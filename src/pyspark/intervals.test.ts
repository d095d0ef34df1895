/**
 * Interval values in Python cells as PySpark returns them: a day-time interval is a `datetime.timedelta`
 * (DayTimeIntervalType.fromInternal), a year-month interval its number of months; the schema's types are
 * PySpark's DayTimeIntervalType and YearMonthIntervalType with their fields.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

it("collect() gives a timedelta for a day-time interval and months for a year-month interval", async () => {
  const result = await t.py.run(`
import datetime
from pyspark.sql.types import DayTimeIntervalType, YearMonthIntervalType
import pyspark.sql.functions as sf
df = spark.sql("SELECT INTERVAL '1 2:3:4.5' DAY TO SECOND AS d, INTERVAL '1-2' YEAR TO MONTH AS y, INTERVAL '3' HOUR AS h")
row = df.select("d", "y", "h", sf.make_dt_interval(sf.lit(1), sf.lit(2)).alias("m")).first()
[
    row.d == datetime.timedelta(days=1, hours=2, minutes=3, seconds=4.5),
    row.y,
    row.h == datetime.timedelta(hours=3),
    row.m == datetime.timedelta(days=1, hours=2),
    df.schema["d"].dataType == DayTimeIntervalType(DayTimeIntervalType.DAY, DayTimeIntervalType.SECOND),
    df.schema["y"].dataType == YearMonthIntervalType(),
    df.schema["h"].dataType == DayTimeIntervalType(DayTimeIntervalType.HOUR),
    df.dtypes,
]`);
  expect(result.value).toEqual([
    true,
    14,
    true,
    true,
    true,
    true,
    true,
    [
      ["d", "interval day to second"],
      ["y", "interval year to month"],
      ["h", "interval hour"],
    ],
  ]);
});

it("collect() gives intervals inside arrays, structs and maps as timedeltas and months", async () => {
  const result = await t.py.run(`
import datetime
from pyspark.sql import Row
row = spark.sql("""SELECT array(INTERVAL '1' DAY, INTERVAL '01:01' HOUR TO MINUTE) AS a,
  named_struct('y', INTERVAL 32 YEAR, 'm', INTERVAL 10 MONTH) AS s,
  map('a', INTERVAL 100 DAY 130 MINUTE) AS m""").first()
[
    row.a == [datetime.timedelta(days=1), datetime.timedelta(hours=1, minutes=1)],
    isinstance(row.s, Row),
    row.s.y,
    row.s.m,
    row.m == {"a": datetime.timedelta(days=100, minutes=130)},
]`);
  expect(result.value).toEqual([true, true, 384, 10, true]);
});
