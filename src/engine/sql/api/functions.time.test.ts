/**
 * Spark's answers for the datetime functions issue 11 added (timeFunctions.ts): convert_timezone, extract /
 * date_part / datepart, timestampadd and timestampdiff. Cases from extract.sql (sql-tests, its inputs and
 * results.sql.out with Spark 4's INVALID_EXTRACT_FIELD), and the `examples` of ConvertTimezone, TimestampAdd and
 * TimestampDiff's @ExpressionDescription (run by Spark's ExpressionInfoSuite in the America/Los_Angeles zone).
 *
 * Not ported:
 * - extract.sql's cases over intervals (`i`, `j`, `interval '2-1' YEAR TO MONTH`): Sluice has no interval types.
 * - extract.sql's `ntz` column: Sluice types TIMESTAMP_NTZ values as TIMESTAMP; the `c` column's answers are the
 *   same and are checked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import {
  col,
  convert_timezone,
  date_part,
  extract,
  lit,
  make_timestamp_ntz,
  timestamp_add,
  timestamp_diff,
  to_timestamp_ntz,
} from "./functions";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

const iso = (v: unknown) =>
  v instanceof Date
    ? v
        .toISOString()
        .replace("T", " ")
        .replace(/\.000Z$|Z$/, "")
    : v;
async function one(sql: string): Promise<{ name: string; type: string; value: unknown }> {
  const df = t.spark.sql(sql);
  const [row] = await df.collect();
  const field = df.schema.fields[0];
  return { name: field.name, type: field.dataType.simpleString(), value: iso(Object.values(row)[0]) };
}

describe("extract.sql", () => {
  const view = "(SELECT '2011-05-06 07:08:09.1234567' AS c) AS t";
  const cases: [string[], number | string][] = [
    [["year", "y", "years", "yr", "yrs"], 2011],
    [["yearofweek"], 2011],
    [["quarter", "qtr"], 2],
    [["month", "mon", "mons", "months"], 5],
    [["week", "w", "weeks"], 18],
    [["day", "d", "days"], 6],
    [["dayofweek", "dow"], 6],
    [["dayofweek_iso", "dow_iso"], 5],
    [["doy"], 126],
    [["hour", "h", "hours", "hr", "hrs"], 7],
    [["minute", "m", "min", "mins", "minutes"], 8],
  ];
  it("extract(field from c) and date_part('field', c) for every field name", async () => {
    const all = cases.flatMap(([names, expected]) => names.map((f) => [f, expected] as const));
    for (const [form, name] of [
      [(f: string) => `extract(${f} from c)`, (f: string) => `extract(${f} FROM c)`],
      [(f: string) => `date_part('${f}', c)`, (f: string) => `date_part(${f}, c)`],
    ] as const) {
      const df = t.spark.sql(`select ${all.map(([f]) => form(f)).join(", ")} from ${view}`);
      expect(df.schema.fields.map((x) => [x.name, x.dataType.simpleString()])).toEqual(
        all.map(([f]) => [name(f), "int"]),
      );
      const [row] = await df.collect();
      expect(Object.values(row)).toEqual(all.map(([, expected]) => expected));
    }
  });

  it("seconds with their fraction, as DECIMAL(8, 6)", async () => {
    for (const f of ["second", "s", "sec", "seconds", "secs"]) {
      const e = await one(`select extract(${f} from c) from ${view}`);
      expect([e.name, e.type, Number(e.value)]).toEqual([`extract(${f} FROM c)`, "decimal(8,6)", 9.123456]);
      const d = await one(`select date_part('${f}', c) from ${view}`);
      expect([d.name, d.type, Number(d.value)]).toEqual([`date_part(${f}, c)`, "decimal(8,6)", 9.123456]);
    }
  });

  it("datepart is named as Spark names it", async () => {
    expect(await one(`select datepart('year', c) from ${view}`)).toEqual({
      name: "datepart(year FROM c)",
      type: "int",
      value: 2011,
    });
  });

  it("an unknown field is INVALID_EXTRACT_FIELD", async () => {
    for (const sql of [
      `select extract(not_supported from c) from ${view}`,
      `select date_part('not_supported', c) from ${view}`,
    ]) {
      expect(() => t.spark.sql(sql).columns).toThrow(
        expect.objectContaining({
          errorClass: "INVALID_EXTRACT_FIELD",
          message: expect.stringContaining('Cannot extract `not_supported` from "c".'),
        }),
      );
    }
  });

  it("a field that is not a constant is NON_FOLDABLE_ARGUMENT", () => {
    expect(() => t.spark.sql(`select date_part(c, c) from ${view}`).columns).toThrow(
      expect.objectContaining({
        errorClass: "NON_FOLDABLE_ARGUMENT",
        message: expect.stringContaining(
          'The function `date_part` requires the parameter `field` to be a foldable expression of the type "STRING"',
        ),
      }),
    );
  });

  it("date_part(NULL, ...) is a null double", async () => {
    expect(await one(`select date_part(NULL, c) from ${view}`)).toEqual({
      name: "date_part(NULL, c)",
      type: "double",
      value: null,
    });
  });

  it("the functions API: extract and date_part", async () => {
    const df = t.spark.sql(`select * from ${view}`);
    const [row] = await df.select(extract(lit("YEAR"), "c"), date_part(lit("dow"), col("c"))).collect();
    expect(Object.values(row)).toEqual([2011, 6]);
    expect(df.select(extract(lit("YEAR"), "c")).columns).toEqual(["extract(YEAR FROM c)"]);
  });
});

describe("ConvertTimezone examples", () => {
  it("three arguments", async () => {
    expect(
      await one(
        "SELECT convert_timezone('Europe/Brussels', 'America/Los_Angeles', timestamp_ntz'2021-12-06 00:00:00')",
      ),
    ).toMatchObject({ value: "2021-12-05 15:00:00" });
  });

  it("two arguments: the source is the session time zone", async () => {
    t.spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles");
    try {
      expect(
        await one("SELECT convert_timezone('Europe/Brussels', timestamp_ntz'2021-12-05 15:00:00') AS r"),
      ).toMatchObject({ value: "2021-12-06 00:00:00" });
    } finally {
      t.spark.conf.set("spark.sql.session.timeZone", "UTC");
    }
    const df = t.spark.sql("SELECT timestamp_ntz'2021-12-05 15:00:00' AS ts");
    expect(df.select(convert_timezone(lit("Europe/Brussels"), col("ts"))).columns).toEqual([
      "convert_timezone(current_timezone(), Europe/Brussels, ts)",
    ]);
    const [row] = await df.select(convert_timezone(lit("Europe/Brussels"), col("ts"))).collect();
    expect(iso(Object.values(row)[0])).toBe("2021-12-05 16:00:00");
    const [py] = await df.select(convert_timezone(null, lit("Europe/Brussels"), col("ts"))).collect();
    expect(iso(Object.values(py)[0])).toBe("2021-12-05 16:00:00");
  });

  it("a null zone is null; an unknown zone is refused", async () => {
    expect(
      await one("SELECT convert_timezone(NULL, 'UTC', timestamp_ntz'2021-12-06 00:00:00')"),
    ).toMatchObject({ value: null });
    expect(
      () =>
        t.spark.sql("SELECT convert_timezone('Mars/Olympus', 'UTC', timestamp_ntz'2021-12-06 00:00:00')")
          .columns,
    ).toThrow(/Mars\/Olympus/);
  });
});

describe("TimestampAdd and TimestampDiff examples", () => {
  it("timestampadd", async () => {
    const cases: [string, string][] = [
      ["timestampadd(HOUR, 8, timestamp_ntz'2022-02-11 20:30:00')", "2022-02-12 04:30:00"],
      ["timestampadd(MONTH, 1, timestamp_ltz'2022-01-31 00:00:00')", "2022-02-28 00:00:00"],
      ["timestampadd(SECOND, -10, date'2022-01-01')", "2021-12-31 23:59:50"],
      ["timestampadd(YEAR, 10, timestamp'2000-01-01 01:02:03.123456')", "2010-01-01 01:02:03.123"],
      ["dateadd(MICROSECOND, 5, timestamp'2022-02-14 01:02:03')", "2022-02-14 01:02:03"],
      ["date_add(QUARTER, 1, timestamp'2022-02-14 01:02:03')", "2022-05-14 01:02:03"],
      ["timestampadd(WEEK, 2, timestamp'2022-02-14 01:02:03')", "2022-02-28 01:02:03"],
    ];
    for (const [sql, expected] of cases) expect((await one(`SELECT ${sql}`)).value).toBe(expected);
    expect((await one("SELECT timestampadd(YEAR, 10, timestamp'2000-01-01 01:02:03.123456')")).type).toBe(
      "timestamp",
    );
  });

  it("timestampdiff", async () => {
    const cases: [string, number][] = [
      ["timestampdiff(HOUR, timestamp_ntz'2022-02-11 20:30:00', timestamp_ntz'2022-02-12 04:30:00')", 8],
      ["timestampdiff(MONTH, timestamp_ltz'2022-01-01 00:00:00', timestamp_ltz'2022-02-28 00:00:00')", 1],
      ["timestampdiff(SECOND, date'2022-01-01', timestamp'2021-12-31 23:59:50')", -10],
      [
        "timestampdiff(YEAR, timestamp'2000-01-01 01:02:03.123456', timestamp'2010-01-01 01:02:03.123456')",
        10,
      ],
      // LocalDateTime.until: a month is whole only when the end's day and time reach the start's.
      ["timestampdiff(MONTH, timestamp'2022-01-31 00:00:00', timestamp'2022-02-28 00:00:00')", 0],
      ["timestampdiff(DAY, timestamp'2022-01-01 12:00:00', timestamp'2022-01-03 11:59:59')", 1],
      ["timestampdiff(DAY, timestamp'2022-01-03 11:59:59', timestamp'2022-01-01 12:00:00')", -1],
      ["datediff(QUARTER, timestamp'2021-01-15 00:00:00', timestamp'2022-01-14 00:00:00')", 3],
      ["date_diff(WEEK, date'2022-01-01', date'2022-01-15')", 2],
      ["timestampdiff(MILLISECOND, timestamp'2022-01-01 00:00:00', timestamp'2022-01-01 00:00:01.5')", 1500],
    ];
    for (const [sql, expected] of cases) {
      const r = await one(`SELECT ${sql}`);
      expect([sql, r.type, Number(r.value)]).toEqual([sql, "bigint", expected]);
    }
  });

  it("the functions API: timestamp_add and timestamp_diff", async () => {
    const df = t.spark.sql("SELECT timestamp'2022-02-11 20:30:00' AS a, timestamp'2022-02-12 04:30:00' AS b");
    const out = df.select(timestamp_add("HOUR", 8, "a"), timestamp_diff("HOUR", "a", col("b")));
    expect(out.columns).toEqual(["timestampadd(HOUR, 8, a)", "timestampdiff(HOUR, a, b)"]);
    const [row] = await out.collect();
    expect(Object.values(row).map(iso).map(String)).toEqual(["2022-02-12 04:30:00", "8"]);
  });
});

describe("ParseToTimestampNTZ and MakeTimestampNTZ examples", () => {
  it("to_timestamp_ntz", async () => {
    expect(await one("SELECT to_timestamp_ntz('2016-12-31 00:12:00')")).toMatchObject({
      name: "to_timestamp_ntz(2016-12-31 00:12:00)",
      value: "2016-12-31 00:12:00",
    });
    expect((await one("SELECT to_timestamp_ntz('2016-12-31', 'yyyy-MM-dd')")).value).toBe(
      "2016-12-31 00:00:00",
    );
    const df = t.spark.sql("SELECT '2016-12-31' AS s");
    const [row] = await df.select(to_timestamp_ntz("s", lit("yyyy-MM-dd"))).collect();
    expect(iso(Object.values(row)[0])).toBe("2016-12-31 00:00:00");
  });

  it("make_timestamp_ntz", async () => {
    expect((await one("SELECT make_timestamp_ntz(2014, 12, 28, 6, 30, 45.887)")).value).toBe(
      "2014-12-28 06:30:45.887",
    );
    expect((await one("SELECT make_timestamp_ntz(null, 7, 22, 15, 30, 0)")).value).toBe(null);
    const df = t.spark.sql("SELECT 2014 AS y, 12 AS m, 28 AS d, 6 AS h, 30 AS mi, 45.887 AS s");
    const [row] = await df.select(make_timestamp_ntz("y", "m", "d", "h", "mi", "s")).collect();
    expect(iso(Object.values(row)[0])).toBe("2014-12-28 06:30:45.887");
  });
});
