/**
 * The current time in a batch query, as Spark's ComputeCurrentTime makes it: one instant for the whole query
 * (ComputeCurrentTimeSuite's "analyzer should replace current_timestamp with literals" and "analyzer should use
 * equal timestamps across subqueries"), dates and local timestamps in the session time zone.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../streaming/runtime/ManualClock";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import {
  curdate,
  current_date,
  current_timestamp,
  current_timezone,
  localtimestamp,
  now,
  unix_timestamp,
} from "../api/functions";

/** 2024-03-01 06:30:00.123 UTC: still the 29th of February in Los Angeles. */
const INSTANT = Date.UTC(2024, 2, 1, 6, 30, 0, 123);

describe("current time in a batch query", () => {
  const clock = new ManualClock(INSTANT);
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession(clock);
  });
  afterAll(() => t.cleanup());
  beforeEach(() => {
    clock.setTime(INSTANT);
    t.spark.conf.set("spark.sql.session.timeZone", "UTC");
  });

  it("current_date() and curdate() in SQL are the session time zone's date of the query's time", async () => {
    const df = t.spark.sql("SELECT current_date(), curdate()");
    expect(df.dtypes).toEqual([
      ["current_date()", "date"],
      ["curdate()", "date"],
    ]);
    expect(await df.first()).toEqual({
      "current_date()": new Date("2024-03-01T00:00:00Z"),
      "curdate()": new Date("2024-03-01T00:00:00Z"),
    });
    t.spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles");
    expect((await t.spark.sql("SELECT current_date() AS d").first())?.d).toEqual(
      new Date("2024-02-29T00:00:00Z"),
    );
  });

  it("current_timestamp(), now(), localtimestamp(), unix_timestamp(), current_timezone() in SQL", async () => {
    t.spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles");
    const row = await t.spark
      .sql(
        "SELECT current_timestamp() AS ts, now() AS n, localtimestamp() AS lt, unix_timestamp() AS u, current_timezone() AS tz",
      )
      .first();
    expect(row).toEqual({
      ts: new Date(INSTANT),
      n: new Date(INSTANT),
      // The wall-clock time in Los Angeles (UTC-8), without a zone.
      lt: new Date("2024-02-29T22:30:00.123Z"),
      u: Math.floor(INSTANT / 1000),
      tz: "America/Los_Angeles",
    });
  });

  it("the same functions through the DataFrame API, named as Spark names them", async () => {
    const df = t.spark
      .range(3)
      .select(
        current_date(),
        curdate(),
        current_timestamp(),
        now(),
        localtimestamp(),
        unix_timestamp().alias("u"),
        current_timezone(),
      );
    expect(df.columns).toEqual([
      "current_date()",
      "curdate()",
      "current_timestamp()",
      "now()",
      "localtimestamp()",
      "u",
      "current_timezone()",
    ]);
    const rows = await df.collect();
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(Object.values(row)).toEqual([
        new Date("2024-03-01T00:00:00Z"),
        new Date("2024-03-01T00:00:00Z"),
        new Date(INSTANT),
        new Date(INSTANT),
        new Date(INSTANT),
        Math.floor(INSTANT / 1000),
        "UTC",
      ]);
    }
  });

  it("is one instant for the whole query, subqueries included", async () => {
    const df = t.spark.sql(
      "SELECT count(DISTINCT t) AS n FROM (SELECT current_timestamp() AS t FROM range(100) UNION ALL SELECT now() AS t)",
    );
    expect((await df.first())?.n).toBe(1);
    const today = t.spark.sql("SELECT current_date() AS d");
    clock.setTime(INSTANT + 86_400_000);
    // The time is taken when the query runs, not when it was built.
    expect((await today.first())?.d).toEqual(new Date("2024-03-02T00:00:00Z"));
  });
});
