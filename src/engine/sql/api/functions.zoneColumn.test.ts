/**
 * from_utc_timestamp, to_utc_timestamp and convert_timezone with a column of time zones (Spark's FromUTCTimestamp,
 * ToUTCTimestamp and ConvertTimezone take any string expression as the zone). Cases from DateFunctionsSuite
 * ("from_utc_timestamp with column zone", "to_utc_timestamp with column zone", its CEST being "+02:00" and LA
 * "America/Los_Angeles") and DateExpressionsSuite ("from_utc_timestamp", "to_utc_timestamp": a null zone is null,
 * "convert_timezone": the examples of ConvertTimezone), with Spark's inputs and answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IllegalArgumentException } from "../../errors/exceptions";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { col, convert_timezone, from_utc_timestamp, to_utc_timestamp } from "./functions";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

const text = (v: unknown) =>
  v instanceof Date
    ? v
        .toISOString()
        .replace("T", " ")
        .replace(/\.000Z$|Z$/, "")
    : v;

const ZONES =
  "SELECT * FROM VALUES (timestamp'2015-07-24 00:00:00', '2015-07-24 00:00:00', '+02:00'), " +
  "(timestamp'2015-07-25 00:00:00', '2015-07-25 00:00:00', 'America/Los_Angeles') AS t(a, b, c)";

async function values(df: ReturnType<TestSession["spark"]["sql"]>): Promise<unknown[]> {
  return (await df.collect()).map((row) => text(Object.values(row)[0]));
}

describe("DateFunctionsSuite, column zone", () => {
  it("from_utc_timestamp with column zone", async () => {
    const df = t.spark.sql(ZONES);
    const expected = ["2015-07-24 02:00:00", "2015-07-24 17:00:00"];
    expect(await values(df.select(from_utc_timestamp(col("a"), col("c"))))).toEqual(expected);
    expect(await values(df.select(from_utc_timestamp(col("b"), col("c"))))).toEqual(expected);
  });

  it("to_utc_timestamp with column zone", async () => {
    const df = t.spark.sql(ZONES);
    const expected = ["2015-07-23 22:00:00", "2015-07-25 07:00:00"];
    expect(await values(df.select(to_utc_timestamp(col("a"), col("c"))))).toEqual(expected);
    expect(await values(df.select(to_utc_timestamp(col("b"), col("c"))))).toEqual(expected);
  });
});

describe("DateExpressionsSuite, zone from a row", () => {
  it("from_utc_timestamp and to_utc_timestamp in SQL, a null zone null", async () => {
    const rows = await t.spark
      .sql(
        "SELECT from_utc_timestamp(ts, z) AS f, to_utc_timestamp(ts, z) AS u FROM VALUES " +
          "(timestamp'2015-07-24 00:00:00', 'America/Los_Angeles'), (timestamp'2015-01-24 00:00:00', 'America/Los_Angeles'), " +
          "(timestamp'2015-01-24 00:00:00', 'Asia/Kolkata'), (timestamp'2015-07-24 00:00:00', NULL), " +
          "(CAST(NULL AS TIMESTAMP), 'UTC') AS t(ts, z)",
      )
      .collect();
    expect(rows.map((r) => [text(r.f), text(r.u)])).toEqual([
      ["2015-07-23 17:00:00", "2015-07-24 07:00:00"],
      ["2015-01-23 16:00:00", "2015-01-24 08:00:00"],
      ["2015-01-24 05:30:00", "2015-01-23 18:30:00"],
      [null, null],
      [null, null],
    ]);
  });

  it("convert_timezone with zones from columns (ConvertTimezone's examples)", async () => {
    const df = t.spark.sql(
      "SELECT * FROM VALUES ('Europe/Brussels', 'America/Los_Angeles', timestamp_ntz'2021-12-06 00:00:00'), " +
        "('UTC', NULL, timestamp_ntz'2021-12-06 00:00:00') AS t(s, d, ts)",
    );
    expect(await values(df.select(convert_timezone(col("s"), col("d"), col("ts"))))).toEqual([
      "2021-12-05 15:00:00",
      null,
    ]);
  });

  it("an unknown zone in a row raises getZoneId's error", async () => {
    const df = t.spark.sql(
      "SELECT * FROM VALUES (timestamp'2015-07-24 00:00:00', 'Mars/Olympus') AS t(ts, z)",
    );
    const error = await df
      .select(from_utc_timestamp(col("ts"), col("z")))
      .collect()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IllegalArgumentException);
    expect((error as Error).message).toBe("Unknown time-zone ID: Mars/Olympus");
  });
});
