/**
 * Spark's casts of intervals: cases from sql-tests' cast.sql (the interval rows, with the schemas and answers of
 * cast.sql.out, printed as HiveResult prints them there) and values from CastSuite / IntervalUtilsSuite's
 * castStringToDTInterval and castStringToYMInterval.
 *
 * Not ported:
 * - `cast(80.654321BD as interval hour to minute)` and the other `...BD` literals: the decimal literal suffix is
 *   another change's; the same casts are checked here from `CAST(... AS DECIMAL(8, 6))`.
 * - `cast(interval '10.123' second as decimal(1, 0))`: Spark 3.4's answer names CANNOT_CHANGE_DECIMAL_PRECISION
 *   with Decimal's internal text (`Decimal(compact, 10, 18, 6)`); Sluice raises Spark 4's
 *   NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION, checked by condition only.
 * - Out-of-range fields inside a matching form (`'1 25'` as DAY TO HOUR): Spark fails with an
 *   IllegalArgumentException from `require` ("hour 25 outside range [0, 23]"), which has no error condition;
 *   Sluice raises INVALID_INTERVAL_FORMAT's unmatched-format error, checked by condition.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../testing/fixtures";
import { sqlAnswers } from "../testing/sqlAnswers";
import { rejectionOf } from "../testing/thrown";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

const { answer } = sqlAnswers(() => t.spark);

describe("cast.sql: intervals to and from strings", () => {
  it.each([
    [
      "SELECT CAST('interval 3 month 1 hour' AS interval)",
      "struct<CAST(interval 3 month 1 hour AS INTERVAL):interval>",
      "3 months 1 hours",
    ],
    [
      `SELECT CAST("interval '3-1' year to month" AS interval year to month)`,
      "struct<CAST(interval '3-1' year to month AS INTERVAL YEAR TO MONTH):interval year to month>",
      "3-1",
    ],
    [
      `SELECT CAST("interval '3 00:00:01' day to second" AS interval day to second)`,
      "struct<CAST(interval '3 00:00:01' day to second AS INTERVAL DAY TO SECOND):interval day to second>",
      "3 00:00:01.000000000",
    ],
    [
      "SELECT CAST(interval 3 year 1 month AS string)",
      "struct<CAST(INTERVAL '3-1' YEAR TO MONTH AS STRING):string>",
      "INTERVAL '3-1' YEAR TO MONTH",
    ],
    [
      "SELECT CAST(interval 3 day 1 second AS string)",
      "struct<CAST(INTERVAL '3 00:00:01' DAY TO SECOND AS STRING):string>",
      "INTERVAL '3 00:00:01' DAY TO SECOND",
    ],
  ])("%s", async (sql, schema, output) => {
    expect(await answer(sql)).toEqual({ schema, output });
  });

  it.each([
    ["CAST(INTERVAL '1 2:03' DAY TO MINUTE AS STRING)", "INTERVAL '1 02:03' DAY TO MINUTE"],
    ["CAST(INTERVAL -'1 2:03:04.5' DAY TO SECOND AS STRING)", "INTERVAL '-1 02:03:04.5' DAY TO SECOND"],
    ["CAST(INTERVAL '100:02' HOUR TO MINUTE AS STRING)", "INTERVAL '100:02' HOUR TO MINUTE"],
    ["CAST(INTERVAL '5.000001' SECOND AS STRING)", "INTERVAL '05.000001' SECOND"],
    ["CAST(INTERVAL '-11' MONTH AS STRING)", "INTERVAL '-11' MONTH"],
    ["CAST(INTERVAL '-3' YEAR AS STRING)", "INTERVAL '-3' YEAR"],
    [
      "CAST(make_interval(1, 2, 3, 4, 5, 6, 7.008009) AS STRING)",
      "1 years 2 months 25 days 5 hours 6 minutes 7.008009 seconds",
    ],
  ])("%s is Spark's text", async (expr, output) => {
    expect((await answer(`SELECT ${expr}`)).output).toBe(output);
  });

  // IntervalUtilsSuite / CastSuite: the bare form of the target's fields and its typed literal, signs inside and out.
  it.each([
    ["CAST('INTERVAL ''1'' DAY' AS INTERVAL DAY)", "1 00:00:00.000000000"],
    ["CAST('1 2' AS INTERVAL DAY TO HOUR)", "1 02:00:00.000000000"],
    ["CAST('-1 2:3' AS INTERVAL DAY TO MINUTE)", "-1 02:03:00.000000000"],
    ["CAST('  1 2:3:4.123456789 ' AS INTERVAL DAY TO SECOND)", "1 02:03:04.123456000"],
    ["CAST('interval -''-1 2:3:4'' day to second' AS INTERVAL DAY TO SECOND)", "1 02:03:04.000000000"],
    ["CAST('INTERVAL -''10'' HOUR' AS INTERVAL HOUR)", "-0 10:00:00.000000000"],
    ["CAST('100:30' AS INTERVAL HOUR TO MINUTE)", "4 04:30:00.000000000"],
    ["CAST('-12:30.5' AS INTERVAL MINUTE TO SECOND)", "-0 00:12:30.500000000"],
    ["CAST('-1.5' AS INTERVAL SECOND)", "-0 00:00:01.500000000"],
    ["CAST('1-2' AS INTERVAL YEAR TO MONTH)", "1-2"],
    ["CAST('INTERVAL +''-1-2'' YEAR TO MONTH' AS INTERVAL YEAR TO MONTH)", "-1-2"],
    ["CAST('3' AS INTERVAL YEAR)", "3-0"],
    ["CAST('-14' AS INTERVAL MONTH)", "-1-2"],
    ["CAST('INTERVAL ''14'' MONTH' AS INTERVAL MONTH)", "1-2"],
    ["try_cast('INTERVAL ''1-1'' YEAR' AS INTERVAL YEAR TO MONTH)", "NULL"],
    ["try_cast('abc' AS INTERVAL DAY TO SECOND)", "NULL"],
  ])("%s", async (expr, output) => {
    expect((await answer(`SELECT ${expr}`)).output).toBe(output);
  });

  it("a string in another form is INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING (year-month)", async () => {
    for (const input of ["INTERVAL '1-1' YEAR", "INTERVAL '1-1' MONTH"]) {
      const error = await rejectionOf(
        t.spark.sql(`SELECT CAST('${input.replaceAll("'", "''")}' AS INTERVAL YEAR TO MONTH)`).collect(),
      );
      expect(error).toMatchObject({
        errorClass: "INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING",
        sqlState: "22006",
        messageParameters: {
          typeName: "interval year to month",
          intervalStr: "year-month",
          supportedFormat: "`[+|-]y-m`, `INTERVAL [+|-]'[+|-]y-m' YEAR TO MONTH`",
          input,
        },
      });
    }
  });

  it("a day-time string in another form names the legacy setting (UNMATCHED_FORMAT_STRING_WITH_NOTICE)", async () => {
    for (const ansi of ["true", "false"]) {
      t.spark.conf.set("spark.sql.ansi.enabled", ansi);
      const error = await rejectionOf(
        t.spark.sql("SELECT CAST(s AS INTERVAL DAY TO SECOND) FROM VALUES ('abc') AS t(s)").collect(),
      );
      expect(error).toMatchObject({
        errorClass: "INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING_WITH_NOTICE",
        messageParameters: {
          typeName: "interval day to second",
          intervalStr: "day-time",
          supportedFormat: "`[+|-]d h:m:s.n`, `INTERVAL [+|-]'[+|-]d h:m:s.n' DAY TO SECOND`",
          input: "abc",
        },
      });
      expect((error as Error).message).toContain(
        'Set "spark.sql.legacy.fromDayTimeString.enabled" to "true" to restore the behavior before Spark 3.0.',
      );
    }
    t.spark.conf.set("spark.sql.ansi.enabled", "true");
    const outOfRange = await rejectionOf(
      t.spark.sql("SELECT CAST('1 25' AS INTERVAL DAY TO HOUR)").collect(),
    );
    expect(outOfRange).toMatchObject({
      errorClass: "INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING_WITH_NOTICE",
    });
  });
});

describe("cast.sql: ANSI intervals and numbers", () => {
  it.each([
    ["select cast(interval '1' year as tinyint)", "struct<CAST(INTERVAL '1' YEAR AS TINYINT):tinyint>", "1"],
    [
      "select cast(interval '-10-2' year to month as smallint)",
      "struct<CAST(INTERVAL '-10-2' YEAR TO MONTH AS SMALLINT):smallint>",
      "-122",
    ],
    ["select cast(interval '1000' month as int)", "struct<CAST(INTERVAL '1000' MONTH AS INT):int>", "1000"],
    [
      "select cast(interval -'10.123456' second as tinyint)",
      "struct<CAST(INTERVAL '-10.123456' SECOND AS TINYINT):tinyint>",
      "-10",
    ],
    [
      "select cast(interval -'1 02:03:04.123' day to second as int)",
      "struct<CAST(INTERVAL '-1 02:03:04.123' DAY TO SECOND AS INT):int>",
      "-93784",
    ],
    ["select cast(interval '10' day as bigint)", "struct<CAST(INTERVAL '10' DAY AS BIGINT):bigint>", "10"],
    ["select cast(1Y as interval year)", "struct<CAST(1 AS INTERVAL YEAR):interval year>", "1-0"],
    [
      "select cast(-122S as interval year to month)",
      "struct<CAST(-122 AS INTERVAL YEAR TO MONTH):interval year to month>",
      "-10-2",
    ],
    [
      "select cast(ym as interval year to month) from values(-122S) as t(ym)",
      "struct<ym:interval year to month>",
      "-10-2",
    ],
    ["select cast(1000 as interval month)", "struct<CAST(1000 AS INTERVAL MONTH):interval month>", "83-4"],
    [
      "select cast(-10L as interval second)",
      "struct<CAST(-10 AS INTERVAL SECOND):interval second>",
      "-0 00:00:10.000000000",
    ],
    [
      "select cast(100Y as interval hour to second)",
      "struct<CAST(100 AS INTERVAL HOUR TO SECOND):interval hour to second>",
      "0 00:01:40.000000000",
    ],
    [
      "select cast(dt as interval hour to second) from values(100Y) as t(dt)",
      "struct<dt:interval hour to second>",
      "0 00:01:40.000000000",
    ],
    [
      "select cast(-1000S as interval day to second)",
      "struct<CAST(-1000 AS INTERVAL DAY TO SECOND):interval day to second>",
      "-0 00:16:40.000000000",
    ],
    [
      "select cast(10 as interval day)",
      "struct<CAST(10 AS INTERVAL DAY):interval day>",
      "10 00:00:00.000000000",
    ],
    [
      "select cast(interval '-1' year as decimal(10, 0))",
      "struct<CAST(INTERVAL '-1' YEAR AS DECIMAL(10,0)):decimal(10,0)>",
      "-1",
    ],
    [
      "select cast(interval '1.000001' second as decimal(10, 6))",
      "struct<CAST(INTERVAL '01.000001' SECOND AS DECIMAL(10,6)):decimal(10,6)>",
      "1.000001",
    ],
    [
      "select cast(interval '08:11:10.001' hour to second as decimal(10, 4))",
      "struct<CAST(INTERVAL '08:11:10.001' HOUR TO SECOND AS DECIMAL(10,4)):decimal(10,4)>",
      "29470.0010",
    ],
    [
      "select cast(interval '1 01:02:03.1' day to second as decimal(8, 1))",
      "struct<CAST(INTERVAL '1 01:02:03.1' DAY TO SECOND AS DECIMAL(8,1)):decimal(8,1)>",
      "90123.1",
    ],
    [
      "select cast(interval '10.123' second as decimal(4, 2))",
      "struct<CAST(INTERVAL '10.123' SECOND AS DECIMAL(4,2)):decimal(4,2)>",
      "10.12",
    ],
    [
      "select cast(interval '10.005' second as decimal(4, 2))",
      "struct<CAST(INTERVAL '10.005' SECOND AS DECIMAL(4,2)):decimal(4,2)>",
      "10.01",
    ],
    [
      "select cast(interval '10.123' second as decimal(5, 2))",
      "struct<CAST(INTERVAL '10.123' SECOND AS DECIMAL(5,2)):decimal(5,2)>",
      "10.12",
    ],
  ])("%s", async (sql, schema, output) => {
    expect(await answer(sql)).toEqual({ schema, output });
  });

  // cast.sql's `10.123456BD` and kin, as decimals of the same value.
  it.each([
    ["cast(cast(10.123456 as decimal(8, 6)) as interval day to second)", "0 00:00:10.123456000"],
    ["cast(cast(80.654321 as decimal(8, 6)) as interval hour to minute)", "0 01:20:00.000000000"],
    ["cast(cast(-10.123456 as decimal(8, 6)) as interval year to month)", "-0-10"],
    ["cast(cast(10.654321 as decimal(8, 6)) as interval month)", "0-11"],
  ])("select %s", async (expr, output) => {
    expect((await answer(`select ${expr}`)).output).toBe(output);
  });

  it.each([
    [
      "select cast(interval '23:59:59' hour to second as smallint)",
      "INTERVAL '23:59:59' HOUR TO SECOND",
      '"INTERVAL HOUR TO SECOND"',
      '"SMALLINT"',
    ],
    [
      "select cast(interval '-1000' month as tinyint)",
      "INTERVAL '-1000' MONTH",
      '"INTERVAL MONTH"',
      '"TINYINT"',
    ],
    [
      "select cast(interval '1000000' second as smallint)",
      "INTERVAL '1000000' SECOND",
      '"INTERVAL SECOND"',
      '"SMALLINT"',
    ],
    ["select cast(2147483647 as interval year)", "2147483647", '"INT"', '"INTERVAL YEAR"'],
    [
      "select cast(-9223372036854775808L as interval day)",
      "-9223372036854775808L",
      '"BIGINT"',
      '"INTERVAL DAY"',
    ],
  ])("%s is CAST_OVERFLOW", async (sql, value, sourceType, targetType) => {
    const error = await rejectionOf(t.spark.sql(sql).collect());
    expect(error).toMatchObject({
      errorClass: "CAST_OVERFLOW",
      sqlState: "22003",
      messageParameters: { value, sourceType, targetType },
    });
  });

  it("an interval that does not fit a decimal fails; try_cast gives null", async () => {
    const error = await rejectionOf(
      t.spark.sql("select cast(interval '10.123' second as decimal(1, 0))").collect(),
    );
    expect(error).toMatchObject({ errorClass: "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION" });
    expect((await answer("select try_cast(interval '23:59:59' hour to second as smallint)")).output).toBe(
      "NULL",
    );
  });
});

describe("casts between interval types", () => {
  it.each([
    [
      "CAST(INTERVAL '1 02:03:04.5' DAY TO SECOND AS INTERVAL DAY TO HOUR)",
      "interval day to hour",
      "1 02:00:00.000000000",
    ],
    [
      "CAST(INTERVAL -'1 02:03:04.5' DAY TO SECOND AS INTERVAL MINUTE)",
      "interval minute",
      "-1 02:03:00.000000000",
    ],
    ["CAST(INTERVAL '10' HOUR AS INTERVAL DAY TO SECOND)", "interval day to second", "0 10:00:00.000000000"],
    ["CAST(INTERVAL '1-11' YEAR TO MONTH AS INTERVAL YEAR)", "interval year", "1-0"],
    ["CAST(INTERVAL -'1-11' YEAR TO MONTH AS INTERVAL YEAR)", "interval year", "-1-0"],
    ["CAST(INTERVAL '3' YEAR AS INTERVAL MONTH)", "interval month", "3-0"],
  ])("%s", async (expr, type, output) => {
    const result = await answer(`SELECT ${expr}`);
    expect(result.schema.replace(/^struct<.*:/, "").replace(/>$/, "")).toBe(type);
    expect(result.output).toBe(output);
  });

  it.each([
    ["CAST(INTERVAL '1' DAY AS INTERVAL MONTH)", '"INTERVAL DAY"', '"INTERVAL MONTH"'],
    ["CAST(INTERVAL '1' YEAR AS INTERVAL DAY)", '"INTERVAL YEAR"', '"INTERVAL DAY"'],
    ["CAST(INTERVAL '1' DAY AS DOUBLE)", '"INTERVAL DAY"', '"DOUBLE"'],
    ["CAST(1.5D AS INTERVAL DAY)", '"DOUBLE"', '"INTERVAL DAY"'],
    ["CAST(INTERVAL '1' DAY AS TIMESTAMP)", '"INTERVAL DAY"', '"TIMESTAMP"'],
    ["CAST(make_interval(1) AS INT)", '"INTERVAL"', '"INT"'],
  ])("%s is refused as Cast.canCast refuses it", async (expr, srcType, targetType) => {
    const error = await rejectionOf((async () => t.spark.sql(`SELECT ${expr}`).collect())());
    expect(error).toMatchObject({
      errorClass: expect.stringMatching(/^DATATYPE_MISMATCH\.CAST_/),
      messageParameters: { srcType, targetType },
    });
  });
});
