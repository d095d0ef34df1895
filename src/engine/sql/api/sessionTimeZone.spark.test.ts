/**
 * `spark.sql.session.timeZone` as Spark reads it, under America/Los_Angeles (the zone Spark's own SQL tests run
 * in): sql-tests/inputs/timestamp.sql (queries and answers from results/timestamp.sql.out), DateFunctionsSuite's
 * from_unixtime / unix_timestamp / to_timestamp / hour cases, CastSuite's casts between strings, dates and
 * timestamps in a zone, SQLConfSuite's invalid time zone, and show() and collect() in the session zone.
 *
 * Not ported:
 * - timestamp.sql's patterns with optional sections (`[zzz]`, `[.SSSSSS]`): Sluice's datetime patterns have no
 *   optional sections.
 * - timestamp.sql's `to_timestamp("16", "dd")` (a pattern without a year reads 1970, DuckDB's strptime 1900) and
 *   `UNIX_SECONDS(null)` (a bare NULL argument): neither is about the time zone.
 * - timestamp.sql's `date'2020-01-01' - timestamp'...'` (SubtractTimestamps of wall clocks): ported in
 *   ../subtractTimestamps.spark.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import type { DataFrame } from "./DataFrame";
import { col, from_unixtime, hour, lit, to_timestamp, unix_timestamp } from "./functions";

let t: TestSession;
let printed: string[] = [];
beforeAll(async () => {
  t = await newTestSession();
  t.spark.setOutput((text) => printed.push(text));
  t.spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles");
}, 120_000);
afterAll(() => t.cleanup());

/** The cells `show(truncate = false)` prints, row by row (as sql-tests' answers print them). */
async function shown(df: DataFrame): Promise<string[][]> {
  printed = [];
  await df.show(20, false);
  const lines = printed
    .join("")
    .split("\n")
    .filter((l) => l.startsWith("|"));
  return lines.slice(1).map((l) =>
    l
      .slice(1, -1)
      .split("|")
      .map((c) => c.trim()),
  );
}

const SLOW = 300_000;

describe("timestamp.sql in America/Los_Angeles", () => {
  it(
    "SELECT make_timestamp(2021, 07, 11, 6, 30, 45.678), and with 'CET'",
    async () => {
      expect(
        await shown(
          t.spark.sql(
            "SELECT make_timestamp(2021, 07, 11, 6, 30, 45.678), make_timestamp(2021, 07, 11, 6, 30, 45.678, 'CET')",
          ),
        ),
      ).toEqual([["2021-07-11 06:30:45.678", "2021-07-10 21:30:45.678"]]);
    },
    SLOW,
  );

  it(
    "select TIMESTAMP_SECONDS(1230219000),TIMESTAMP_SECONDS(-1230219000),TIMESTAMP_SECONDS(null)",
    async () => {
      expect(
        await shown(
          t.spark.sql(
            "select TIMESTAMP_SECONDS(1230219000),TIMESTAMP_SECONDS(-1230219000),TIMESTAMP_SECONDS(null)",
          ),
        ),
      ).toEqual([["2008-12-25 07:30:00", "1931-01-07 00:30:00", "NULL"]]);
    },
    SLOW,
  );

  it(
    "select TIMESTAMP_MILLIS(1230219000123),TIMESTAMP_MILLIS(-1230219000123),TIMESTAMP_MILLIS(null)",
    async () => {
      expect(
        await shown(
          t.spark.sql(
            "select TIMESTAMP_MILLIS(1230219000123),TIMESTAMP_MILLIS(-1230219000123),TIMESTAMP_MILLIS(null)",
          ),
        ),
      ).toEqual([["2008-12-25 07:30:00.123", "1931-01-07 00:29:59.877", "NULL"]]);
    },
    SLOW,
  );

  it(
    "select UNIX_SECONDS(timestamp'2020-12-01 14:30:08Z'), UNIX_SECONDS(timestamp'2020-12-01 14:30:08.999999Z')",
    async () => {
      const df = t.spark.sql(
        "select UNIX_SECONDS(timestamp'2020-12-01 14:30:08Z'), UNIX_SECONDS(timestamp'2020-12-01 14:30:08.999999Z')",
      );
      expect(df.columns).toEqual([
        "unix_seconds(TIMESTAMP '2020-12-01 06:30:08')",
        "unix_seconds(TIMESTAMP '2020-12-01 06:30:08.999999')",
      ]);
      expect(await shown(df)).toEqual([["1606833008", "1606833008"]]);
    },
    SLOW,
  );

  it(
    "select to_timestamp(null), to_timestamp('2016-12-31 00:12:00'), to_timestamp('2016-12-31', 'yyyy-MM-dd')",
    async () => {
      const df = t.spark.sql(
        "select to_timestamp(null), to_timestamp('2016-12-31 00:12:00'), to_timestamp('2016-12-31', 'yyyy-MM-dd')",
      );
      expect(await shown(df)).toEqual([["NULL", "2016-12-31 00:12:00", "2016-12-31 00:00:00"]]);
      // The wall clocks are Los Angeles's: the instants are eight hours after UTC's.
      const [row] = await df.collect();
      expect(Object.values(row).map((v) => (v instanceof Date ? v.toISOString() : v))).toEqual([
        null,
        "2016-12-31T08:12:00.000Z",
        "2016-12-31T08:00:00.000Z",
      ]);
    },
    SLOW,
  );

  it(
    'select to_timestamp("2019 40", "yyyy mm"), to_timestamp("2019 10:10:10", "yyyy hh:mm:ss")',
    async () => {
      const df = t.spark.sql(
        'select to_timestamp("2019 40", "yyyy mm"), to_timestamp("2019 10:10:10", "yyyy hh:mm:ss")',
      );
      expect(await shown(df)).toEqual([["2019-01-01 00:40:00", "2019-01-01 10:10:10"]]);
    },
    SLOW,
  );

  it(
    "select timestamp'2011-11-11 11:11:11' + interval '2' day, - interval '2' second",
    async () => {
      const df = t.spark.sql(
        "select timestamp'2011-11-11 11:11:11' + interval '2' day, timestamp'2011-11-11 11:11:11' - interval '2' second",
      );
      expect(await shown(df)).toEqual([["2011-11-13 11:11:11", "2011-11-11 11:11:09"]]);
    },
    SLOW,
  );
});

describe("DateFunctionsSuite in America/Los_Angeles", () => {
  it(
    "from_unixtime",
    async () => {
      const df = t.spark.createDataFrame(
        [
          { a: 1000, b: "yyyy-MM-dd HH:mm:ss.SSS" },
          { a: -1000, b: "yy-MM-dd HH:mm:ss.SSS" },
        ],
        "a int, b string",
      );
      const rows = await df.select(from_unixtime(col("a")).alias("x")).collect();
      expect(rows.map((r) => r.x)).toEqual(["1969-12-31 16:16:40", "1969-12-31 15:43:20"]);
      const formatted = await df
        .select(from_unixtime(col("a"), "yyyy-MM-dd HH:mm:ss.SSS").alias("x"))
        .collect();
      expect(formatted.map((r) => r.x)).toEqual(["1969-12-31 16:16:40.000", "1969-12-31 15:43:20.000"]);
    },
    SLOW,
  );

  it(
    "unix_timestamp",
    async () => {
      const df = t.spark.createDataFrame(
        [{ ss: "2015-07-24 10:00:00", ts: new Date("2015-07-24T17:00:00Z") }],
        "ss string, ts timestamp",
      );
      // 2015-07-24 10:00:00 in Los Angeles (PDT) is 17:00 UTC.
      const expected = 1437757200;
      const [row] = await df
        .select(
          unix_timestamp(col("ss")).alias("a"),
          unix_timestamp(col("ts")).alias("b"),
          unix_timestamp(col("ss"), "yyyy-MM-dd HH:mm:ss").alias("c"),
          unix_timestamp(lit("2015-07-24"), "yyyy-MM-dd").alias("d"),
        )
        .collect();
      expect(row).toEqual({ a: expected, b: expected, c: expected, d: expected - 10 * 3600 });
    },
    SLOW,
  );

  it(
    "to_timestamp and hour in the session time zone",
    async () => {
      const df = t.spark.createDataFrame([{ s: "2015-07-24 10:00:00" }], "s string");
      const [row] = await df
        .select(
          to_timestamp(col("s")).alias("ts"),
          hour(to_timestamp(col("s"))).alias("h"),
          hour(col("s")).alias("hs"),
        )
        .collect();
      expect(row).toEqual({ ts: new Date("2015-07-24T17:00:00Z"), h: 10, hs: 10 });
    },
    SLOW,
  );
});

describe("CastSuite in a session time zone", () => {
  it(
    "cast string to timestamp, timestamp to string and date, date to timestamp",
    async () => {
      const df = t.spark.sql(`select
        cast(cast('2015-03-18 12:03:17' as timestamp) as long),
        cast('2015-03-18T12:03:17Z' as timestamp),
        cast('2015-03-18 12:03:17+07:30' as timestamp),
        cast(timestamp'2015-03-18 23:03:17' as date),
        cast(date'2015-03-18' as timestamp),
        cast(cast(date'2015-03-18' as timestamp) as long),
        cast(timestamp'2015-03-18 12:03:17' as string)`);
      expect(await shown(df)).toEqual([
        [
          "1426705397",
          "2015-03-18 05:03:17",
          "2015-03-17 21:33:17",
          "2015-03-18",
          "2015-03-18 00:00:00",
          "1426662000",
          "2015-03-18 12:03:17",
        ],
      ]);
    },
    SLOW,
  );

  it(
    "a fixed offset session time zone: +08:00",
    async () => {
      t.spark.conf.set("spark.sql.session.timeZone", "+08:00");
      try {
        const df = t.spark.sql(
          "select cast(cast('1970-01-01 08:00:00' as timestamp) as long), hour(timestamp_seconds(0)), date_format(timestamp_seconds(0), 'yyyy-MM-dd HH:mm')",
        );
        expect(await shown(df)).toEqual([["0", "8", "1970-01-01 08:00"]]);
      } finally {
        t.spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles");
      }
    },
    SLOW,
  );
});

describe("SQLConfSuite: spark.sql.session.timeZone", () => {
  it("set time zone", () => {
    for (const valid of [
      "America/Chicago",
      "GMT+8:00",
      "+08",
      "-08:00",
      "+8:00",
      "UTC",
      "Z",
      "Asia/Calcutta",
    ]) {
      t.spark.conf.set("spark.sql.session.timeZone", valid);
      expect(t.spark.conf.get("spark.sql.session.timeZone")).toBe(valid);
    }
    for (const invalid of ["pst", "GMT+8:1", "Asia/shanghai", "+19:00", "Invalid/Zone"]) {
      let error: unknown;
      try {
        t.spark.conf.set("spark.sql.session.timeZone", invalid);
      } catch (e) {
        error = e;
      }
      expect((error as { getCondition(): string }).getCondition()).toBe("INVALID_CONF_VALUE.TIME_ZONE");
      expect((error as Error).message).toBe(
        `[INVALID_CONF_VALUE.TIME_ZONE] The value '${invalid}' in the config "spark.sql.session.timeZone" is invalid. Cannot resolve the given timezone. SQLSTATE: 22022`,
      );
    }
    t.spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles");
  });
});
