/**
 * Spark's SubtractTimestamps (`ts1 - ts2` is an INTERVAL DAY TO SECOND) under the session time zone
 * America/Los_Angeles, the zone Spark's SQLQueryTestSuite runs in: sql-tests/inputs/timestamp.sql's
 * "timestamp - timestamp" queries with results/timestamp.sql.out's schemas and answers, datetime.sql's
 * "subtract timestamps without time zone" queries, and DateTimeUtils.subtractTimestamps' rule across a daylight
 * saving change: the microseconds between the two local date-times in the session zone (a TIMESTAMP_NTZ's as it
 * is), so the 23-hour day of 2021-03-14 in Los Angeles is `1 00:00:00`, and a TIMESTAMP_NTZ and a TIMESTAMP of
 * one wall clock are 0 apart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../testing/fixtures";
import { sqlAnswers } from "../testing/sqlAnswers";
import { thrownBy } from "../testing/thrown";
import { col } from "./api/functions";
import type { CalendarInterval } from "./intervalValues";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
  t.spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles");
  await t.spark.sql("create temporary view ts_view as select '2011-11-11 11:11:11' str").collect();
}, 120_000);
afterAll(() => t.cleanup());

const { answer } = sqlAnswers(() => t.spark);

describe("timestamp.sql: timestamp - timestamp", () => {
  it.each([
    [
      "select timestamp'2011-11-11 11:11:11' - timestamp'2011-11-11 11:11:10'",
      "struct<(TIMESTAMP '2011-11-11 11:11:11' - TIMESTAMP '2011-11-11 11:11:10'):interval day to second>",
      "0 00:00:01.000000000",
    ],
    [
      "select date'2020-01-01' - timestamp'2019-10-06 10:11:12.345678'",
      "struct<(DATE '2020-01-01' - TIMESTAMP '2019-10-06 10:11:12.345678'):interval day to second>",
      "86 13:48:47.654322000",
    ],
    [
      "select timestamp'2019-10-06 10:11:12.345678' - date'2020-01-01'",
      "struct<(TIMESTAMP '2019-10-06 10:11:12.345678' - DATE '2020-01-01'):interval day to second>",
      "-86 13:48:47.654322000",
    ],
    // "if one side is string/null literal, promote it to timestamp type."
    [
      "select timestamp'2011-11-11 11:11:11' - '2011-11-11 11:11:10'",
      "struct<(TIMESTAMP '2011-11-11 11:11:11' - 2011-11-11 11:11:10):interval day to second>",
      "0 00:00:01.000000000",
    ],
    [
      "select '2011-11-11 11:11:11' - timestamp'2011-11-11 11:11:10'",
      "struct<(2011-11-11 11:11:11 - TIMESTAMP '2011-11-11 11:11:10'):interval day to second>",
      "0 00:00:01.000000000",
    ],
    [
      "select timestamp'2011-11-11 11:11:11' - null",
      "struct<(TIMESTAMP '2011-11-11 11:11:11' - NULL):interval day to second>",
      "NULL",
    ],
    [
      "select null - timestamp'2011-11-11 11:11:11'",
      "struct<(NULL - TIMESTAMP '2011-11-11 11:11:11'):interval day to second>",
      "NULL",
    ],
    // A string column, not only a literal.
    [
      "select str - timestamp'2011-11-11 11:11:11' from ts_view",
      "struct<(str - TIMESTAMP '2011-11-11 11:11:11'):interval day to second>",
      "0 00:00:00.000000000",
    ],
    [
      "select timestamp'2011-11-11 11:11:11' - str from ts_view",
      "struct<(TIMESTAMP '2011-11-11 11:11:11' - str):interval day to second>",
      "0 00:00:00.000000000",
    ],
  ])("%s", async (sql, schema, output) => {
    expect(await answer(sql)).toEqual({ schema, output });
  });

  it("a timestamp minus a number is DATATYPE_MISMATCH, as the implicit cast of an INT to TIMESTAMP fails", () => {
    expect(thrownBy(() => t.spark.sql("select timestamp'2011-11-11 11:11:11' - 1"))).toMatchObject({
      errorClass: expect.stringMatching(/^DATATYPE_MISMATCH\./),
    });
  });
});

describe("datetime.sql: subtract timestamps without time zone", () => {
  it.each([
    ["select date'2020-01-01' - to_timestamp_ntz('2019-10-06 10:11:12.345678')", "86 13:48:47.654322000"],
    ["select to_timestamp_ntz('2019-10-06 10:11:12.345678') - date'2020-01-01'", "-86 13:48:47.654322000"],
    ["select to_timestamp_ntz('2019-10-06 10:11:12.345678') - null", "NULL"],
    ["select null - to_timestamp_ntz('2019-10-06 10:11:12.345678')", "NULL"],
    [
      "select to_timestamp_ntz('2019-10-07 10:11:12.345678') - to_timestamp_ntz('2019-10-06 10:11:12.345677')",
      "1 00:00:00.000001000",
    ],
    [
      "select to_timestamp_ntz('2019-10-06 10:11:12.345677') - to_timestamp_ntz('2019-10-07 10:11:12.345678')",
      "-1 00:00:00.000001000",
    ],
    [
      "select to_timestamp_ntz('2019-10-07 10:11:12.345678') - to_timestamp('2019-10-06 10:11:12.345678')",
      "1 00:00:00.000000000",
    ],
    [
      "select to_timestamp('2019-10-06 10:11:12.345678') - to_timestamp_ntz('2019-10-07 10:11:12.345678')",
      "-1 00:00:00.000000000",
    ],
  ])("%s", async (sql, output) => {
    const result = await answer(sql);
    expect(result.schema).toMatch(/:interval day to second>$/);
    expect(result.output).toBe(output);
  });
});

describe("across a daylight saving change in America/Los_Angeles (2021-03-14 02:00 → 03:00)", () => {
  it.each([
    // 23 hours of instants, one day of wall clocks: Spark counts between the local date-times.
    ["select timestamp'2021-03-14 12:00:00' - timestamp'2021-03-13 12:00:00'", "1 00:00:00.000000000"],
    ["select timestamp'2021-03-14 03:00:00' - timestamp'2021-03-14 01:00:00'", "0 02:00:00.000000000"],
    [
      "select timestamp_ntz'2021-03-14 12:00:00' - timestamp_ntz'2021-03-13 12:00:00'",
      "1 00:00:00.000000000",
    ],
    // A TIMESTAMP_NTZ and a TIMESTAMP of one wall clock are no time apart, whatever the zone's offset.
    ["select timestamp'2021-03-14 12:00:00' - timestamp_ntz'2021-03-13 12:00:00'", "1 00:00:00.000000000"],
    ["select timestamp_ntz'2021-03-14 12:00:00' - timestamp'2021-03-14 12:00:00'", "0 00:00:00.000000000"],
    // A date is its midnight.
    ["select date'2021-03-14' - timestamp'2021-03-13 12:00:00'", "0 12:00:00.000000000"],
    ["select timestamp'2021-03-14 12:00:00' - date'2021-03-13'", "1 12:00:00.000000000"],
    // The autumn change (2021-11-07 02:00 → 01:00): 25 hours of instants, one day of wall clocks.
    ["select timestamp'2021-11-07 12:00:00' - timestamp'2021-11-06 12:00:00'", "1 00:00:00.000000000"],
  ])("%s", async (sql, output) => {
    expect((await answer(sql)).output).toBe(output);
  });

  it("over columns of a DataFrame, as in SQL", async () => {
    const df = t.spark.sql(
      "select timestamp'2021-03-14 12:00:00' as a, timestamp'2021-03-13 12:00:00' as b, to_timestamp_ntz('2021-03-13 12:00:00') as c",
    );
    const rows = await df
      .select(col("a").minus(col("b")).alias("ab"), col("a").minus(col("c")).alias("ac"))
      .collect();
    const [row] = rows as { ab: CalendarInterval; ac: CalendarInterval }[];
    expect([row.ab, row.ac].map((i) => [i.days, Number(i.microseconds)])).toEqual([
      [0, 86_400_000_000],
      [0, 86_400_000_000],
    ]);
  });
});
