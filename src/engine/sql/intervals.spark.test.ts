/**
 * Spark's ANSI interval types and interval literals: cases from sql-tests' interval.sql (its queries, with the
 * schemas and answers of interval.sql.out, Spark 4's defaults: ANSI intervals, not legacy), values printed as
 * HiveResult prints them there and as `show()` prints them.
 *
 * Not ported:
 * - interval.sql's overflow cases (`interval 2147483647 month * 2`: "integer overflow"): Sluice's intervals are
 *   DuckDB's, whose month and microsecond counts are wider than Spark's int and long.
 * - make_dt_interval(2147483647), make_ym_interval(178956970, 8) and their kin: Spark fails with a plain
 *   java.lang.ArithmeticException ("long overflow", "integer overflow"), which has no error condition; Sluice
 *   raises ARITHMETIC_OVERFLOW with that message.
 * - make_interval(1, 2, 3, 4, 0, 0, 123456789012.123456) and make_dt_interval(1, 0, 0, 123456789012.123456):
 *   DuckDB hands intervals over as Arrow's month-day-nanosecond intervals, whose 64-bit nanoseconds end at 292
 *   years; these are 3,914 years.
 * - Column names with typed datetime literals (`TIMESTAMP '2019-10-15 10:11:12.001002'`): Sluice names a typed
 *   literal by its value; the answers and types are checked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../testing/fixtures";
import { sqlAnswers } from "../testing/sqlAnswers";
import { rejectionOf, thrownBy } from "../testing/thrown";
import { col, lit, make_dt_interval, make_interval, make_ym_interval } from "./api/functions";
import { showString } from "./api/showString";
import { type CalendarInterval, hiveIntervalString } from "./intervalValues";
import { DayTimeIntervalType, parseDataType, parseSchema, StructType, YearMonthIntervalType } from "./types";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

const { answer } = sqlAnswers(() => t.spark);

describe("interval.sql", () => {
  const cases: [string, string, string][] = [
    [
      "select interval 2 years 4 months",
      "struct<INTERVAL '2-4' YEAR TO MONTH:interval year to month>",
      "2-4",
    ],
    [
      "select interval 2 weeks 3 microseconds * 1.5",
      "struct<(INTERVAL '14 00:00:00.000003' DAY TO SECOND * 1.5):interval day to second>",
      "21 00:00:00.000005000",
    ],
    [
      "select interval 2 second * '2'",
      "struct<(INTERVAL '02' SECOND * 2):interval day to second>",
      "0 00:00:04.000000000",
    ],
    [
      "select interval 2 second / '2'",
      "struct<(INTERVAL '02' SECOND / 2):interval day to second>",
      "0 00:00:01.000000000",
    ],
    ["select interval 2 year * '2'", "struct<(INTERVAL '2' YEAR * 2):interval year to month>", "4-0"],
    ["select interval 2 year / '2'", "struct<(INTERVAL '2' YEAR / 2):interval year to month>", "1-0"],
    ["select interval 2 second * 'a'", "struct<(INTERVAL '02' SECOND * a):interval day to second>", "NULL"],
    ["select interval 2 second / 'a'", "struct<(INTERVAL '02' SECOND / a):interval day to second>", "NULL"],
    ["select interval 2 year * 'a'", "struct<(INTERVAL '2' YEAR * a):interval year to month>", "NULL"],
    ["select interval 2 year / 'a'", "struct<(INTERVAL '2' YEAR / a):interval year to month>", "NULL"],
    [
      "select '2' * interval 2 second",
      "struct<(INTERVAL '02' SECOND * 2):interval day to second>",
      "0 00:00:04.000000000",
    ],
    ["select '2' * interval 2 year", "struct<(INTERVAL '2' YEAR * 2):interval year to month>", "4-0"],
    ["select 'a' * interval 2 second", "struct<(INTERVAL '02' SECOND * a):interval day to second>", "NULL"],
    ["select 'a' * interval 2 year", "struct<(INTERVAL '2' YEAR * a):interval year to month>", "NULL"],
    [
      "select interval '2 seconds' / null",
      "struct<(INTERVAL '02' SECOND / NULL):interval day to second>",
      "NULL",
    ],
    [
      "select interval '2 seconds' * null",
      "struct<(INTERVAL '02' SECOND * NULL):interval day to second>",
      "NULL",
    ],
    [
      "select null * interval '2 seconds'",
      "struct<(INTERVAL '02' SECOND * NULL):interval day to second>",
      "NULL",
    ],
    ["select interval '2' year / null", "struct<(INTERVAL '2' YEAR / NULL):interval year to month>", "NULL"],
    ["select interval '2' year * null", "struct<(INTERVAL '2' YEAR * NULL):interval year to month>", "NULL"],
    ["select null * interval '2' year", "struct<(INTERVAL '2' YEAR * NULL):interval year to month>", "NULL"],
    [
      "select -interval '-1 year 1 month'",
      "struct<(- INTERVAL '-0-11' YEAR TO MONTH):interval year to month>",
      "0-11",
    ],
    [
      "select -interval '-1 day 1 hour -1 minute 1 second'",
      "struct<(- INTERVAL '-0 23:00:59' DAY TO SECOND):interval day to second>",
      "0 23:00:59.000000000",
    ],
    [
      "select -interval -1 year 1 month",
      "struct<(- INTERVAL '-0-11' YEAR TO MONTH):interval year to month>",
      "0-11",
    ],
    [
      "select -interval -1 day 1 hour -1 minute 1 second",
      "struct<(- INTERVAL '-0 23:00:59' DAY TO SECOND):interval day to second>",
      "0 23:00:59.000000000",
    ],
    [
      "select interval -'1-1' year to month",
      "struct<INTERVAL '-1-1' YEAR TO MONTH:interval year to month>",
      "-1-1",
    ],
    [
      "select interval -'-1-1' year to month",
      "struct<INTERVAL '1-1' YEAR TO MONTH:interval year to month>",
      "1-1",
    ],
    [
      "select interval +'-1-1' year to month",
      "struct<INTERVAL '-1-1' YEAR TO MONTH:interval year to month>",
      "-1-1",
    ],
    [
      "select interval - '1 2:3:4.001' day to second",
      "struct<INTERVAL '-1 02:03:04.001' DAY TO SECOND:interval day to second>",
      "-1 02:03:04.001000000",
    ],
    [
      "select interval +'1 2:3:4.001' day to second",
      "struct<INTERVAL '1 02:03:04.001' DAY TO SECOND:interval day to second>",
      "1 02:03:04.001000000",
    ],
    [
      "select interval -'-1 2:3:4.001' day to second",
      "struct<INTERVAL '1 02:03:04.001' DAY TO SECOND:interval day to second>",
      "1 02:03:04.001000000",
    ],
    ["select interval -'1' year", "struct<INTERVAL '-1' YEAR:interval year>", "-1-0"],
    ["select interval -'-1' year", "struct<INTERVAL '1' YEAR:interval year>", "1-0"],
    ["select interval -'11' month", "struct<INTERVAL '-11' MONTH:interval month>", "-0-11"],
    ["select interval -'-11' month", "struct<INTERVAL '11' MONTH:interval month>", "0-11"],
    ["select interval -'1' day", "struct<INTERVAL '-1' DAY:interval day>", "-1 00:00:00.000000000"],
    ["select interval -'-1' day", "struct<INTERVAL '1' DAY:interval day>", "1 00:00:00.000000000"],
    ["select interval -'23' hour", "struct<INTERVAL '-23' HOUR:interval hour>", "-0 23:00:00.000000000"],
    ["select interval -'-23' hour", "struct<INTERVAL '23' HOUR:interval hour>", "0 23:00:00.000000000"],
    [
      "select interval -'59' minute",
      "struct<INTERVAL '-59' MINUTE:interval minute>",
      "-0 00:59:00.000000000",
    ],
    ["select interval -'-59' minute", "struct<INTERVAL '59' MINUTE:interval minute>", "0 00:59:00.000000000"],
    [
      "select interval -'59' second",
      "struct<INTERVAL '-59' SECOND:interval second>",
      "-0 00:00:59.000000000",
    ],
    ["select interval -'-59' second", "struct<INTERVAL '59' SECOND:interval second>", "0 00:00:59.000000000"],
    ["select make_interval(1)", "struct<make_interval(1, 0, 0, 0, 0, 0, 0.000000):interval>", "1 years"],
    [
      "select make_interval(1, 2)",
      "struct<make_interval(1, 2, 0, 0, 0, 0, 0.000000):interval>",
      "1 years 2 months",
    ],
    [
      "select make_interval(1, 2, 3)",
      "struct<make_interval(1, 2, 3, 0, 0, 0, 0.000000):interval>",
      "1 years 2 months 21 days",
    ],
    [
      "select make_interval(1, 2, 3, 4)",
      "struct<make_interval(1, 2, 3, 4, 0, 0, 0.000000):interval>",
      "1 years 2 months 25 days",
    ],
    [
      "select make_interval(1, 2, 3, 4, 5)",
      "struct<make_interval(1, 2, 3, 4, 5, 0, 0.000000):interval>",
      "1 years 2 months 25 days 5 hours",
    ],
    [
      "select make_interval(1, 2, 3, 4, 5, 6)",
      "struct<make_interval(1, 2, 3, 4, 5, 6, 0.000000):interval>",
      "1 years 2 months 25 days 5 hours 6 minutes",
    ],
    [
      "select make_interval(1, 2, 3, 4, 5, 6, 7.008009)",
      "struct<make_interval(1, 2, 3, 4, 5, 6, 7.008009):interval>",
      "1 years 2 months 25 days 5 hours 6 minutes 7.008009 seconds",
    ],
    [
      "select make_interval(0, 0, 0, 0, 0, 0, 1234567890123456789)",
      "struct<make_interval(0, 0, 0, 0, 0, 0, 1234567890123456789):interval>",
      "NULL",
    ],
    [
      "select make_dt_interval(1)",
      "struct<make_dt_interval(1, 0, 0, 0.000000):interval day to second>",
      "1 00:00:00.000000000",
    ],
    [
      "select make_dt_interval(1, 2)",
      "struct<make_dt_interval(1, 2, 0, 0.000000):interval day to second>",
      "1 02:00:00.000000000",
    ],
    [
      "select make_dt_interval(1, 2, 3)",
      "struct<make_dt_interval(1, 2, 3, 0.000000):interval day to second>",
      "1 02:03:00.000000000",
    ],
    [
      "select make_dt_interval(1, 2, 3, 4.005006)",
      "struct<make_dt_interval(1, 2, 3, 4.005006):interval day to second>",
      "1 02:03:04.005006000",
    ],
    ["select make_ym_interval(1)", "struct<make_ym_interval(1, 0):interval year to month>", "1-0"],
    ["select make_ym_interval(1, 2)", "struct<make_ym_interval(1, 2):interval year to month>", "1-2"],
    ["select make_ym_interval(0, 1)", "struct<make_ym_interval(0, 1):interval year to month>", "0-1"],
    [
      "select make_ym_interval(178956970, 7)",
      "struct<make_ym_interval(178956970, 7):interval year to month>",
      "178956970-7",
    ],
    [
      "select make_ym_interval(-178956970, -8)",
      "struct<make_ym_interval(-178956970, -8):interval year to month>",
      "-178956970-8",
    ],
    ["select interval 1 year 2 month", "struct<INTERVAL '1-2' YEAR TO MONTH:interval year to month>", "1-2"],
    [
      "select interval 4 day 5 hour 6 minute 7 seconds",
      "struct<INTERVAL '4 05:06:07' DAY TO SECOND:interval day to second>",
      "4 05:06:07.000000000",
    ],
    [
      "select interval 3 week 8 millisecond 9 microsecond",
      "struct<INTERVAL '21 00:00:00.008009' DAY TO SECOND:interval day to second>",
      "21 00:00:00.008009000",
    ],
    [
      "select interval '30' year '25' month",
      "struct<INTERVAL '32-1' YEAR TO MONTH:interval year to month>",
      "32-1",
    ],
    [
      "select interval '0-0' year to month",
      "struct<INTERVAL '0-0' YEAR TO MONTH:interval year to month>",
      "0-0",
    ],
    [
      "select interval '0 0:0:0' day to second",
      "struct<INTERVAL '0 00:00:00' DAY TO SECOND:interval day to second>",
      "0 00:00:00.000000000",
    ],
    [
      "select interval '0 0:0:0.1' day to second",
      "struct<INTERVAL '0 00:00:00.1' DAY TO SECOND:interval day to second>",
      "0 00:00:00.100000000",
    ],
    [
      "select interval '10-9' year to month",
      "struct<INTERVAL '10-9' YEAR TO MONTH:interval year to month>",
      "10-9",
    ],
    [
      "select interval '20 15' day to hour",
      "struct<INTERVAL '20 15' DAY TO HOUR:interval day to hour>",
      "20 15:00:00.000000000",
    ],
    [
      "select interval '20 15:40' day to minute",
      "struct<INTERVAL '20 15:40' DAY TO MINUTE:interval day to minute>",
      "20 15:40:00.000000000",
    ],
    [
      "select interval '15:40' hour to minute",
      "struct<INTERVAL '15:40' HOUR TO MINUTE:interval hour to minute>",
      "0 15:40:00.000000000",
    ],
    [
      "select interval '40:32' minute to second",
      "struct<INTERVAL '40:32' MINUTE TO SECOND:interval minute to second>",
      "0 00:40:32.000000000",
    ],
    [
      "select interval 'interval 3 year 1 month'",
      "struct<INTERVAL '3-1' YEAR TO MONTH:interval year to month>",
      "3-1",
    ],
    [
      "select interval '3 year 1 month'",
      "struct<INTERVAL '3-1' YEAR TO MONTH:interval year to month>",
      "3-1",
    ],
    [
      "SELECT interval '2 weeks 2 days 1 hour 3 minutes 2 seconds 100 millisecond 200 microseconds'",
      "struct<INTERVAL '16 01:03:02.1002' DAY TO SECOND:interval day to second>",
      "16 01:03:02.100200000",
    ],
  ];
  it.each(cases)("%s", async (sql, schema, output) => {
    expect(await answer(sql)).toEqual({ schema, output });
  });

  it("select 3 * (timestamp'2019-10-15 10:11:12.001002' - date'2019-10-15')", async () => {
    const { schema, output } = await answer(
      "select 3 * (timestamp'2019-10-15 10:11:12.001002' - date'2019-10-15')",
    );
    expect(schema).toMatch(/:interval day to second>$/);
    expect(output).toBe("1 06:33:36.003006000");
  });

  it("select (timestamp'2019-10-15' - timestamp'2019-10-14') / 1.5", async () => {
    const { schema, output } = await answer("select (timestamp'2019-10-15' - timestamp'2019-10-14') / 1.5");
    expect(schema).toMatch(/:interval day to second>$/);
    expect(output).toBe("0 16:00:00.000000000");
  });

  it.each([
    ["select interval 4 month 2 weeks 3 microseconds * 1.5", "interval 4 month 2 weeks 3 microseconds"],
    ["select -interval '-1 month 1 day -1 second'", "interval '-1 month 1 day -1 second'"],
    ["select -interval -1 month 1 day -1 second", "interval -1 month 1 day -1 second"],
  ])("%s is _LEGACY_ERROR_TEMP_0029", (sql, literal) => {
    const error = thrownBy(() => t.spark.sql(sql));
    expect(error).toMatchObject({ errorClass: "_LEGACY_ERROR_TEMP_0029", messageParameters: { literal } });
  });

  it.each([
    ["select '2' / interval 2 second", '"DOUBLE"', '"INTERVAL SECOND"', "\"(2 / INTERVAL '02' SECOND)\""],
    ["select '2' / interval 2 year", '"DOUBLE"', '"INTERVAL YEAR"', "\"(2 / INTERVAL '2' YEAR)\""],
    ["select 2 / interval '2' year", '"INT"', '"INTERVAL YEAR"', "\"(2 / INTERVAL '2' YEAR)\""],
    ["select 2 / interval '2' hour", '"INT"', '"INTERVAL HOUR"', "\"(2 / INTERVAL '02' HOUR)\""],
    ["select null / interval '2' year", '"VOID"', '"INTERVAL YEAR"', "\"(NULL / INTERVAL '2' YEAR)\""],
  ])("%s is DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES", (sql, left, right, sqlExpr) => {
    const error = thrownBy(() => t.spark.sql(sql));
    expect(error).toMatchObject({
      errorClass: "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES",
      messageParameters: { left, right, sqlExpr },
    });
  });

  it.each(["select interval '2 seconds' / 0", "select interval '2' year / 0"])(
    "%s is INTERVAL_DIVIDED_BY_ZERO",
    async (sql) => {
      const error = await rejectionOf(t.spark.sql(sql).collect());
      expect(error).toMatchObject({ errorClass: "INTERVAL_DIVIDED_BY_ZERO", sqlState: "22012" });
    },
  );
});

describe("datetime and interval arithmetic", () => {
  it.each([
    ["select timestamp'2020-01-01 10:00:00' + interval '1' day", "timestamp", "2020-01-02 10:00:00"],
    ["select timestamp'2020-01-01 10:00:00' - interval 90 minutes", "timestamp", "2020-01-01 08:30:00"],
    [
      "select timestamp'2020-01-31 10:00:00' + interval '1-1' year to month",
      "timestamp",
      "2021-02-28 10:00:00",
    ],
    ["select date'2020-01-01' + interval '2' day", "date", "2020-01-03"],
    ["select date'2020-01-31' + interval '1' month", "date", "2020-02-29"],
    ["select date'2020-01-01' + interval '1 2' day to hour", "timestamp", "2020-01-02 02:00:00"],
    ["select date'2020-01-05' - date'2020-01-01'", "interval day", "4 00:00:00.000000000"],
    [
      "select timestamp'2020-01-02 03:04:05' - timestamp'2020-01-01 00:00:00'",
      "interval day to second",
      "1 03:04:05.000000000",
    ],
    ["select interval '1' day + interval '2' hour", "interval day to hour", "1 02:00:00.000000000"],
    ["select interval '1' year - interval '2' month", "interval year to month", "0-10"],
  ])("%s", async (sql, type, output) => {
    const result = await answer(sql);
    expect(result.schema.replace(/^struct<.*:/, "").replace(/>$/, "")).toBe(type);
    expect(result.output).toBe(output);
  });

  it("an interval plus an interval of the other kind is DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES", () => {
    const error = thrownBy(() => t.spark.sql("select interval '1' day + interval '2' year"));
    expect(error).toMatchObject({
      errorClass: "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES",
      messageParameters: { left: '"INTERVAL DAY"', right: '"INTERVAL YEAR"' },
    });
  });
});

describe("extract.sql: fields of intervals", () => {
  it.each([
    ["select extract(YEAR from interval '2-1' YEAR TO MONTH)", 2],
    ["select date_part('YEAR', interval '2-1' YEAR TO MONTH)", 2],
    ["select extract(YEAR from -interval '2-1' YEAR TO MONTH)", -2],
    ["select extract(MONTH from interval '2-1' YEAR TO MONTH)", 1],
    ["select date_part('MONTH', interval '2-1' YEAR TO MONTH)", 1],
    ["select extract(MONTH from -interval '2-1' YEAR TO MONTH)", -1],
    ["select extract(DAY from interval '123 12:34:56.789123123' DAY TO SECOND)", 123],
    ["select extract(HOUR from interval '123 12:34:56.789123123' DAY TO SECOND)", 12],
    ["select extract(MINUTE from interval '123 12:34:56.789123123' DAY TO SECOND)", 34],
    ["select extract(SECOND from interval '123 12:34:56.789123123' DAY TO SECOND)", 56.789123],
    ["select extract(HOUR from -interval '123 12:34:56.789123123' DAY TO SECOND)", -12],
  ])("%s", async (sql, expected) => {
    const df = t.spark.sql(sql);
    const [row] = await df.collect();
    expect(Number(Object.values(row)[0])).toBe(expected);
  });
});

describe("the functions API", () => {
  it("make_dt_interval, make_ym_interval and make_interval as Column functions", async () => {
    const df = t.spark
      .sql("SELECT 1 AS d, 2 AS h")
      .select(
        make_dt_interval(col("d"), col("h")).alias("dt"),
        make_ym_interval(lit(1), lit(2)).alias("ym"),
        make_interval(lit(1), lit(2), lit(3)).alias("cal"),
      );
    expect(df.dtypes).toEqual([
      ["dt", "interval day to second"],
      ["ym", "interval year to month"],
      ["cal", "interval"],
    ]);
    const rows = await df.collect();
    expect(showString(rows, df.schema, 20, false).split("\n")[3]).toBe(
      "|INTERVAL '1 02:00:00' DAY TO SECOND|INTERVAL '1-2' YEAR TO MONTH|1 years 2 months 21 days|",
    );
  });
});

describe("interval types in schemas and show()", () => {
  it("show() prints ANSI intervals as their literals, as Spark's ToPrettyString", async () => {
    const df = t.spark.sql(
      "SELECT INTERVAL '1' DAY AS a, INTERVAL 10 MINUTES AS b, INTERVAL '1-2' YEAR TO MONTH AS c, INTERVAL '1 2:3:4.5' DAY TO SECOND AS d",
    );
    const rows = await df.collect();
    expect(showString(rows, df.schema, 20, false)).toBe(
      [
        `+----------------+--------------------+----------------------------+${"-".repeat(37)}+`,
        `|a               |b                   |c                           |d${" ".repeat(36)}|`,
        `+----------------+--------------------+----------------------------+${"-".repeat(37)}+`,
        "|INTERVAL '1' DAY|INTERVAL '10' MINUTE|INTERVAL '1-2' YEAR TO MONTH|INTERVAL '1 02:03:04.5' DAY TO SECOND|",
        `+----------------+--------------------+----------------------------+${"-".repeat(37)}+`,
        "",
      ].join("\n"),
    );
    expect(df.dtypes).toEqual([
      ["a", "interval day"],
      ["b", "interval minute"],
      ["c", "interval year to month"],
      ["d", "interval day to second"],
    ]);
    expect(df.schema.treeString()).toBe(
      [
        "root",
        " |-- a: interval day (nullable = false)",
        " |-- b: interval minute (nullable = false)",
        " |-- c: interval year to month (nullable = false)",
        " |-- d: interval day to second (nullable = false)",
        "",
      ].join("\n"),
    );
  });

  it("the interval types parse from DDL and print back", () => {
    expect(parseDataType("interval day to second")).toEqual(new DayTimeIntervalType(0, 3));
    expect(parseDataType("INTERVAL HOUR TO MINUTE")).toEqual(new DayTimeIntervalType(1, 2));
    expect(parseDataType("interval year")).toEqual(new YearMonthIntervalType(0, 0));
    expect(parseDataType("interval").simpleString()).toBe("interval");
    const schema = parseSchema("a INTERVAL DAY, b INTERVAL YEAR TO MONTH");
    expect(schema).toEqual(
      new StructType().add("a", new DayTimeIntervalType(0, 0)).add("b", new YearMonthIntervalType(0, 1)),
    );
    expect(schema.toDDL()).toBe("a INTERVAL DAY, b INTERVAL YEAR TO MONTH");
  });

  it("an interval column keeps its type through a filter, a sort and a second select", async () => {
    const df = t.spark
      .sql("SELECT id, INTERVAL '3' HOUR * id AS i FROM range(3)")
      .filter("id > 0")
      .orderBy("id")
      .select("i");
    expect(df.schema.simpleString()).toBe("struct<i:interval day to second>");
    const rows = await df.collect();
    expect(showString(rows, df.schema, 20, false)).toContain("INTERVAL '0 06:00:00' DAY TO SECOND");
  });
});

describe("declared types through projections of projections", () => {
  it.each([
    ["SELECT * FROM (SELECT INTERVAL '10' MONTH AS c)", "struct<c:interval month>", "0-10"],
    ["WITH x AS (SELECT INTERVAL '10' MONTH AS c) SELECT * FROM x", "struct<c:interval month>", "0-10"],
    [
      "SELECT * FROM (SELECT * FROM (SELECT INTERVAL '1 02' DAY TO HOUR AS c))",
      "struct<c:interval day to hour>",
      "1 02:00:00.000000000",
    ],
    [
      "SELECT * FROM (SELECT TIMESTAMP_NTZ '2020-01-01 10:00:00' AS c)",
      "struct<c:timestamp_ntz>",
      "2020-01-01 10:00:00",
    ],
    ["SELECT * FROM (SELECT 'a' COLLATE UTF8_LCASE AS c)", "struct<c:string collate UTF8_LCASE>", "a"],
    [
      "SELECT c, count(*) FROM (SELECT INTERVAL '10' MONTH AS c) GROUP BY ROLLUP(c) ORDER BY c",
      "struct<c:interval month,count(1):bigint>",
      "NULL",
    ],
  ])("%s", async (sql, schema, output) => {
    expect(await answer(sql)).toEqual({ schema, output });
  });

  it("df.select over df.select, withColumn, a view and a join keep each column's declared type", async () => {
    const df = t.spark.sql(
      "SELECT 1 AS k, INTERVAL '10' MONTH AS ym, TIMESTAMP_NTZ '2020-01-01 00:00:00' AS ntz",
    );
    const expected = "k:int,ym:interval month,ntz:timestamp_ntz";
    expect(df.select("*").select("*").schema.simpleString()).toBe(`struct<${expected}>`);
    expect(df.withColumn("x", col("k")).schema.simpleString()).toBe(`struct<${expected},x:int>`);
    df.createOrReplaceTempView("declared_types_view");
    expect(t.spark.sql("SELECT * FROM declared_types_view").schema.simpleString()).toBe(
      `struct<${expected}>`,
    );
    const other = t.spark.sql("SELECT 1 AS k, INTERVAL '1' DAY AS d");
    expect(df.join(other, "k", "full").select("*").schema.simpleString()).toBe(
      `struct<${expected},d:interval day>`,
    );
    expect(df.alias("a").join(other.alias("b"), "k").select("a.*", "b.d").schema.simpleString()).toBe(
      `struct<${expected},d:interval day>`,
    );
    const [row] = await df.select("*").select("ym").collect();
    expect(hiveIntervalString(row.ym as CalendarInterval, new YearMonthIntervalType(1, 1))).toBe("0-10");
  });
});

describe("interval.sql: comparisons and common types of the two interval kinds", () => {
  it.each([
    [
      "SELECT INTERVAL '1' DAY > INTERVAL '1' HOUR",
      "struct<(INTERVAL '1' DAY > INTERVAL '01' HOUR):boolean>",
      "true",
    ],
    [
      "SELECT INTERVAL '1 02' DAY TO HOUR = INTERVAL '02:10:55' HOUR TO SECOND",
      "struct<(INTERVAL '1 02' DAY TO HOUR = INTERVAL '02:10:55' HOUR TO SECOND):boolean>",
      "false",
    ],
    [
      "SELECT INTERVAL '1' YEAR < INTERVAL '1' MONTH",
      "struct<(INTERVAL '1' YEAR < INTERVAL '1' MONTH):boolean>",
      "false",
    ],
    [
      "SELECT INTERVAL '-1-1' YEAR TO MONTH = INTERVAL '-13' MONTH",
      "struct<(INTERVAL '-1-1' YEAR TO MONTH = INTERVAL '-13' MONTH):boolean>",
      "true",
    ],
    [
      "SELECT coalesce(INTERVAL '1' YEAR, INTERVAL '1' MONTH)",
      "struct<coalesce(INTERVAL '1' YEAR, INTERVAL '1' MONTH):interval year to month>",
      "1-0",
    ],
    [
      "SELECT coalesce(INTERVAL '1' DAY, INTERVAL '01:01' HOUR TO MINUTE)",
      "struct<coalesce(INTERVAL '1' DAY, INTERVAL '01:01' HOUR TO MINUTE):interval day to minute>",
      "1 00:00:00.000000000",
    ],
  ])("%s", async (sql, schema, output) => {
    expect(await answer(sql)).toEqual({ schema, output });
  });

  it.each([
    [
      "SELECT INTERVAL 1 MONTH > INTERVAL 20 DAYS",
      '"INTERVAL MONTH"',
      '"INTERVAL DAY"',
      "(INTERVAL '1' MONTH > INTERVAL '20' DAY)",
    ],
    ["SELECT INTERVAL '1' DAY < '1'", '"INTERVAL DAY"', '"STRING"', "(INTERVAL '1' DAY < 1)"],
    ["SELECT INTERVAL '1' DAY = '1'", '"INTERVAL DAY"', '"STRING"', "(INTERVAL '1' DAY = 1)"],
    ["SELECT INTERVAL '1' DAY > '1'", '"INTERVAL DAY"', '"STRING"', "(INTERVAL '1' DAY > 1)"],
    ["SELECT '1' < INTERVAL '1' DAY", '"STRING"', '"INTERVAL DAY"', "(1 < INTERVAL '1' DAY)"],
    ["SELECT '1' = INTERVAL '1' DAY", '"STRING"', '"INTERVAL DAY"', "(1 = INTERVAL '1' DAY)"],
    ["SELECT '1' > INTERVAL '1' DAY", '"STRING"', '"INTERVAL DAY"', "(1 > INTERVAL '1' DAY)"],
    ["SELECT INTERVAL '1' YEAR < '1'", '"INTERVAL YEAR"', '"STRING"', "(INTERVAL '1' YEAR < 1)"],
    ["SELECT INTERVAL '1' YEAR = '1'", '"INTERVAL YEAR"', '"STRING"', "(INTERVAL '1' YEAR = 1)"],
    ["SELECT INTERVAL '1' YEAR > '1'", '"INTERVAL YEAR"', '"STRING"', "(INTERVAL '1' YEAR > 1)"],
    ["SELECT '1' < INTERVAL '1' YEAR", '"STRING"', '"INTERVAL YEAR"', "(1 < INTERVAL '1' YEAR)"],
    ["SELECT '1' = INTERVAL '1' YEAR", '"STRING"', '"INTERVAL YEAR"', "(1 = INTERVAL '1' YEAR)"],
    ["SELECT '1' > INTERVAL '1' YEAR", '"STRING"', '"INTERVAL YEAR"', "(1 > INTERVAL '1' YEAR)"],
  ])("%s is DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES", (sql, left, right, sqlExpr) => {
    const error = thrownBy(() => t.spark.sql(sql));
    expect(error).toMatchObject({
      errorClass: "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES",
      sqlState: "42K09",
      messageParameters: { left, right, sqlExpr: `"${sqlExpr}"` },
    });
  });

  it.each([
    [
      "SELECT array(INTERVAL 1 MONTH, INTERVAL 20 DAYS)",
      "`array`",
      "array(INTERVAL '1' MONTH, INTERVAL '20' DAY)",
    ],
    [
      "SELECT coalesce(INTERVAL 1 MONTH, INTERVAL 20 DAYS)",
      "`coalesce`",
      "coalesce(INTERVAL '1' MONTH, INTERVAL '20' DAY)",
    ],
  ])("%s is DATATYPE_MISMATCH.DATA_DIFF_TYPES", (sql, functionName, sqlExpr) => {
    const error = thrownBy(() => t.spark.sql(sql));
    expect(error).toMatchObject({
      errorClass: "DATATYPE_MISMATCH.DATA_DIFF_TYPES",
      sqlState: "42K09",
      messageParameters: {
        dataType: '("INTERVAL MONTH" or "INTERVAL DAY")',
        functionName,
        sqlExpr: `"${sqlExpr}"`,
      },
    });
  });
});

describe("intervals nested in structs, arrays and maps: their types", () => {
  it.each([
    [
      "SELECT array(INTERVAL '1' YEAR, INTERVAL '1' MONTH)",
      "struct<array(INTERVAL '1' YEAR, INTERVAL '1' MONTH):array<interval year to month>>",
    ],
    [
      "SELECT array(INTERVAL '1' DAY, INTERVAL '01:01' HOUR TO MINUTE)",
      "struct<array(INTERVAL '1' DAY, INTERVAL '01:01' HOUR TO MINUTE):array<interval day to minute>>",
    ],
    [
      "SELECT named_struct('a', interval 32 year, 'b', interval 10 month)",
      "struct<named_struct(a, INTERVAL '32' YEAR, b, INTERVAL '10' MONTH):struct<a:interval year,b:interval month>>",
    ],
    [
      "SELECT map('a', interval 100 day 130 minute)",
      "struct<map(a, INTERVAL '100 02:10' DAY TO MINUTE):map<string,interval day to minute>>",
    ],
    ["SELECT * FROM (SELECT struct(INTERVAL '1' YEAR) AS s)", "struct<s:struct<col1:interval year>>"],
    ["SELECT s.col1 FROM (SELECT struct(INTERVAL '1' YEAR) AS s)", "struct<col1:interval year>"],
    ["SELECT a[0] FROM (SELECT array(INTERVAL '1' DAY) AS a)", "struct<a[0]:interval day>"],
  ])("%s", (sql, schema) => {
    expect(t.spark.sql(sql).schema.simpleString()).toBe(schema);
  });
});

describe("interval.sql: intervals nested in structs, arrays and maps: their values", () => {
  it.each([
    [
      "SELECT array(INTERVAL '1' YEAR, INTERVAL '1' MONTH)",
      "struct<array(INTERVAL '1' YEAR, INTERVAL '1' MONTH):array<interval year to month>>",
      "[1-0,0-1]",
    ],
    [
      "SELECT array(INTERVAL '1' DAY, INTERVAL '01:01' HOUR TO MINUTE)",
      "struct<array(INTERVAL '1' DAY, INTERVAL '01:01' HOUR TO MINUTE):array<interval day to minute>>",
      "[1 00:00:00.000000000,0 01:01:00.000000000]",
    ],
    [
      "SELECT to_json(map('a', interval 100 day 130 minute))",
      "struct<to_json(map(a, INTERVAL '100 02:10' DAY TO MINUTE)):string>",
      `{"a":"INTERVAL '100 02:10' DAY TO MINUTE"}`,
    ],
    [
      "SELECT to_json(map('a', interval 32 year 10 month))",
      "struct<to_json(map(a, INTERVAL '32-10' YEAR TO MONTH)):string>",
      `{"a":"INTERVAL '32-10' YEAR TO MONTH"}`,
    ],
  ])("%s", async (sql, schema, output) => {
    expect(await answer(sql)).toEqual({ schema, output });
  });

  it("collect() gives each nested interval as a CalendarInterval of its months, days and microseconds", async () => {
    const rows = await t.spark
      .sql(
        "SELECT array(INTERVAL '1' DAY, INTERVAL '01:01' HOUR TO MINUTE) AS a, " +
          "named_struct('a', interval 32 year, 'b', interval 10 month) AS s, " +
          "map('a', interval 100 day 130 minute) AS m, struct(INTERVAL '1' YEAR, CAST(NULL AS INTERVAL MONTH)) AS n",
      )
      .collect();
    const parts = (v: unknown) => {
      const i = v as CalendarInterval;
      return [i.months, i.totalMicros];
    };
    const row = rows[0] as {
      a: unknown[];
      s: Record<string, unknown>;
      m: Record<string, unknown>;
      n: Record<string, unknown>;
    };
    expect(row.a.map(parts)).toEqual([
      [0, 86_400_000_000],
      [0, 3_660_000_000],
    ]);
    expect([parts(row.s.a), parts(row.s.b)]).toEqual([
      [384, 0],
      [10, 0],
    ]);
    expect(parts(row.m.a)).toEqual([0, (100 * 24 * 60 + 130) * 60_000_000]);
    expect(parts(row.n.col1)).toEqual([12, 0]);
    expect(row.n.col2).toBeNull();
  });

  it("show() prints nested intervals as their literals, as Spark's ToPrettyString", async () => {
    const df = t.spark.sql(
      "SELECT array(INTERVAL '1' DAY) AS a, named_struct('a', interval 32 year, 'b', interval 10 month) AS s, " +
        "map('a', interval 100 day 130 minute) AS m",
    );
    const rows = await df.collect();
    expect(showString(rows, df.schema, 20, false).split("\n")[3]).toBe(
      "|[INTERVAL '1' DAY]|{INTERVAL '32' YEAR, INTERVAL '10' MONTH}|{a -> INTERVAL '100 02:10' DAY TO MINUTE}|",
    );
  });

  it("to_json writes a nested interval as its type's literal and a CalendarInterval as its text", async () => {
    const rows = await t.spark
      .sql(
        "SELECT to_json(named_struct('a', interval 32 year, 'b', interval 10 month, 'c', 1)) AS s, " +
          "to_json(array(INTERVAL '1' DAY, NULL)) AS a, to_json(named_struct('a', make_interval(1, 2, 3))) AS c",
      )
      .collect();
    expect(rows[0]).toEqual({
      s: `{"a":"INTERVAL '32' YEAR","b":"INTERVAL '10' MONTH","c":1}`,
      a: `["INTERVAL '1' DAY",null]`,
      c: `{"a":"1 years 2 months 21 days"}`,
    });
  });
});

/**
 * IntegralDivide of ANSI intervals (`div`): its ExpressionDescription's example
 * `INTERVAL '1-1' YEAR TO MONTH div INTERVAL '-1' MONTH` is -13, a bigint; a day-time interval divides its
 * microseconds; the two kinds mixed are BINARY_OP_DIFF_TYPES; a zero divisor is DIVIDE_BY_ZERO under ANSI.
 */
describe("interval div interval", () => {
  it.each([
    [
      "select interval '1-1' year to month div interval '-1' month",
      "struct<(INTERVAL '1-1' YEAR TO MONTH div INTERVAL '-1' MONTH):bigint>",
      "-13",
    ],
    [
      "select interval '1 12:00:00' day to second div interval '5' hour",
      "struct<(INTERVAL '1 12:00:00' DAY TO SECOND div INTERVAL '05' HOUR):bigint>",
      "7",
    ],
    [
      "select interval '-7' month div interval '2' month",
      "struct<(INTERVAL '-7' MONTH div INTERVAL '2' MONTH):bigint>",
      "-3",
    ],
  ])("%s", async (sql, schema, output) => {
    expect(await answer(sql)).toEqual({ schema, output });
  });

  it("a year-month interval div a day-time one is DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES", () => {
    expect(thrownBy(() => t.spark.sql("select interval '1' year div interval '1' hour"))).toMatchObject({
      errorClass: "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES",
    });
  });

  it("div by a zero interval: DIVIDE_BY_ZERO under ANSI, NULL without", async () => {
    expect(
      await rejectionOf(t.spark.sql("select interval '1' year div interval '0' month").collect()),
    ).toMatchObject({
      errorClass: "DIVIDE_BY_ZERO",
    });
    t.spark.conf.set("spark.sql.ansi.enabled", "false");
    try {
      expect((await answer("select interval '1' year div interval '0' month")).output).toBe("NULL");
    } finally {
      t.spark.conf.set("spark.sql.ansi.enabled", "true");
    }
  });
});

/**
 * interval.sql's `to_json(from_json('{"a":"1"}', 'a interval day'))` (`{"a":"INTERVAL '1' DAY"}`): from_json reads
 * an ANSI interval field's string as CAST(string AS interval) does (JacksonParser), so the struct's field is an
 * INTERVAL DAY; a string that does not parse is null (PERMISSIVE).
 */
describe("from_json into ANSI interval fields", () => {
  it("select to_json(from_json('{\"a\":\"1\"}', 'a interval day'))", async () => {
    const sql = `select to_json(from_json('{"a":"1"}', 'a interval day'))`;
    expect((await answer(sql)).output).toBe(`{"a":"INTERVAL '1' DAY"}`);
  });

  it("the struct's fields have the schema's interval types, and Spark's interval text parses too", async () => {
    const sql = `select from_json('{"a":"1-2","b":"x","c":"INTERVAL \\'12:30\\' HOUR TO MINUTE"}',
      'a interval year to month, b interval year to month, c interval hour to minute') as j`;
    const { schema, output } = await answer(sql);
    expect(schema).toBe(
      "struct<j:struct<a:interval year to month,b:interval year to month,c:interval hour to minute>>",
    );
    expect(output).toBe(`{"a":1-2,"b":null,"c":0 12:30:00.000000000}`);
  });
});
