/**
 * Spark's TIMESTAMP_NTZ as a type: sql-tests/inputs/timestamp-ntz.sql (its queries, schemas and answers from
 * results/timestamp-ntz.sql.out), `spark.sql.timestampType` (timestampNTZ/timestamp.sql runs timestamp.sql under
 * TIMESTAMP_NTZ: TIMESTAMP literals and to_timestamp typed NTZ), CastSuite's casts between TIMESTAMP and
 * TIMESTAMP_NTZ through the session time zone (SPARK-35711, SPARK-35719), and DataFrameTimeWindowingSuite's
 * SPARK-36091 (window over TIMESTAMP_NTZ).
 *
 * Not ported:
 * - timestamp-ntz.sql's `make_timestamp_ntz(2021, 07, 11, 6, 30, 60.007)`: its NULL is the non-ANSI answer; under
 *   Spark 4's default (ANSI) it is an error, checked in sqlSyntax.spark.test.ts's try_ cases.
 * - CastSuite's cases through java.time values (LocalDateTime literals): the same casts are checked from SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import type { DataFrame } from "./DataFrame";
import { col, count, window } from "./functions";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

/** A timestamp value as Spark prints it (the value's UTC wall clock; the session zone is UTC). */
const text = (v: unknown) =>
  v instanceof Date
    ? v
        .toISOString()
        .replace("T", " ")
        .replace(/\.000Z$|Z$/, "")
    : v;

async function answer(df: DataFrame): Promise<{ schema: string; rows: unknown[][] }> {
  const rows = await df.collect();
  return {
    schema: df.schema.simpleString(),
    rows: rows.map((r) => df.columns.map((c) => text((r as Record<string, unknown>)[c]))),
  };
}

describe("timestamp-ntz.sql", () => {
  it("select timestamp_ntz'2016-12-31 00:12:00', timestamp_ntz'2016-12-31'", async () => {
    expect(
      await answer(t.spark.sql("select timestamp_ntz'2016-12-31 00:12:00', timestamp_ntz'2016-12-31'")),
    ).toEqual({
      schema:
        "struct<TIMESTAMP_NTZ '2016-12-31 00:12:00':timestamp_ntz,TIMESTAMP_NTZ '2016-12-31 00:00:00':timestamp_ntz>",
      rows: [["2016-12-31 00:12:00", "2016-12-31 00:00:00"]],
    });
  });

  it("to_timestamp_ntz of null, a string and a string with a format", async () => {
    const df = t.spark.sql(
      "select to_timestamp_ntz(null), to_timestamp_ntz('2016-12-31 00:12:00'), to_timestamp_ntz('2016-12-31', 'yyyy-MM-dd')",
    );
    expect(await answer(df)).toEqual({
      schema:
        "struct<to_timestamp_ntz(NULL):timestamp_ntz,to_timestamp_ntz(2016-12-31 00:12:00):timestamp_ntz,to_timestamp_ntz(2016-12-31, yyyy-MM-dd):timestamp_ntz>",
      rows: [[null, "2016-12-31 00:12:00", "2016-12-31 00:00:00"]],
    });
  });

  it("to_timestamp_ntz of a date", async () => {
    const df = t.spark.sql("select to_timestamp_ntz(to_date(null)), to_timestamp_ntz(to_date('2016-12-31'))");
    expect(await answer(df)).toEqual({
      schema:
        "struct<to_timestamp_ntz(to_date(NULL)):timestamp_ntz,to_timestamp_ntz(to_date(2016-12-31)):timestamp_ntz>",
      rows: [[null, "2016-12-31 00:00:00"]],
    });
  });

  it("to_timestamp_ntz of a TIMESTAMP", async () => {
    const df = t.spark.sql(
      "select to_timestamp_ntz(to_timestamp_ltz(null)), to_timestamp_ntz(to_timestamp_ltz('2016-12-31 00:12:00'))",
    );
    expect(await answer(df)).toEqual({
      schema:
        "struct<to_timestamp_ntz(to_timestamp_ltz(NULL)):timestamp_ntz,to_timestamp_ntz(to_timestamp_ltz(2016-12-31 00:12:00)):timestamp_ntz>",
      rows: [[null, "2016-12-31 00:12:00"]],
    });
  });

  it("make_timestamp_ntz", async () => {
    expect(await answer(t.spark.sql("SELECT make_timestamp_ntz(2021, 07, 11, 6, 30, 45.678)"))).toEqual({
      schema: "struct<make_timestamp_ntz(2021, 7, 11, 6, 30, 45.678):timestamp_ntz>",
      rows: [["2021-07-11 06:30:45.678"]],
    });
  });

  it("make_timestamp_ntz takes no time zone", () => {
    expect(() => t.spark.sql("SELECT make_timestamp_ntz(2021, 07, 11, 6, 30, 45.678, 'CET')")).toThrow(
      expect.objectContaining({ errorClass: expect.stringMatching(/^WRONG_NUM_ARGS/) }),
    );
  });

  it("convert_timezone is typed TIMESTAMP_NTZ", async () => {
    const df = t.spark.sql(
      "SELECT convert_timezone('Europe/Moscow', 'America/Los_Angeles', timestamp_ntz'2022-01-01 00:00:00')",
    );
    expect(await answer(df)).toEqual({
      schema:
        "struct<convert_timezone(Europe/Moscow, America/Los_Angeles, TIMESTAMP_NTZ '2022-01-01 00:00:00'):timestamp_ntz>",
      rows: [["2021-12-31 13:00:00"]],
    });
  });

  it("timestampdiff over TIMESTAMP_NTZ, TIMESTAMP and DATE", async () => {
    const df = t.spark.sql(
      "select timestampdiff(QUARTER, timestamp_ntz'2022-01-01 01:02:03', timestamp_ntz'2022-05-02 05:06:07') a, " +
        "timestampdiff(HOUR, timestamp_ntz'2022-02-14 01:02:03', timestamp_ltz'2022-02-14 02:03:04') b, " +
        "timestampdiff(YEAR, date'2022-02-15', timestamp_ntz'2023-02-15 10:11:12') c, " +
        "timestampdiff(MILLISECOND, timestamp_ntz'2022-02-14 23:59:59.123', date'2022-02-15') d",
    );
    expect((await answer(df)).rows).toEqual([[1, 1, 1, 877]]);
  });
});

describe("TimestampNTZType in schemas", () => {
  it("DDL, printSchema and dtypes say timestamp_ntz", async () => {
    const df = t.spark.createDataFrame([{ ts: "2021-01-01 10:03:00", v: 1 }], "ts timestamp_ntz, v int");
    expect(df.schema.simpleString()).toBe("struct<ts:timestamp_ntz,v:int>");
    expect(df.schema.treeString()).toContain("|-- ts: timestamp_ntz (nullable = true)");
    expect(df.dtypes).toEqual([
      ["ts", "timestamp_ntz"],
      ["v", "int"],
    ]);
    expect(df.schema.toDDL()).toBe("ts TIMESTAMP_NTZ, v INT");
    expect((await answer(df)).rows).toEqual([["2021-01-01 10:03:00", 1]]);
  });

  it("an NTZ column keeps its type through select, filter, arithmetic and aggregates", async () => {
    const df = t.spark.createDataFrame(
      [
        { ts: "2021-01-01 10:03:00", v: 1 },
        { ts: "2021-01-01 10:12:00", v: 2 },
      ],
      "ts timestamp_ntz, v int",
    );
    const out = df
      .filter(col("ts").gt(col("ts")))
      .union(df.filter("ts >= timestamp_ntz'2021-01-01 10:10:00'"))
      .selectExpr("ts", "ts + INTERVAL 1 HOUR AS later", "coalesce(ts, ts) AS c");
    expect(await answer(out)).toEqual({
      schema: "struct<ts:timestamp_ntz,later:timestamp_ntz,c:timestamp_ntz>",
      rows: [["2021-01-01 10:12:00", "2021-01-01 11:12:00", "2021-01-01 10:12:00"]],
    });
    expect(await answer(df.selectExpr("max(ts) AS m", "min(ts) AS n"))).toEqual({
      schema: "struct<m:timestamp_ntz,n:timestamp_ntz>",
      rows: [["2021-01-01 10:12:00", "2021-01-01 10:03:00"]],
    });
  });
});

describe("spark.sql.timestampType", () => {
  it("TIMESTAMP_NTZ types TIMESTAMP literals, CAST AS TIMESTAMP and to_timestamp NTZ", async () => {
    t.spark.conf.set("spark.sql.timestampType", "TIMESTAMP_NTZ");
    try {
      const df = t.spark.sql(
        "select timestamp'2019-01-01 10:00:00', to_timestamp('2016-12-31 00:12:00'), cast('2016-12-31' as timestamp), timestamp_ltz'2019-01-01 10:00:00'",
      );
      expect(await answer(df)).toEqual({
        schema:
          "struct<TIMESTAMP_NTZ '2019-01-01 10:00:00':timestamp_ntz,to_timestamp(2016-12-31 00:12:00):timestamp_ntz,CAST(2016-12-31 AS TIMESTAMP_NTZ):timestamp_ntz,TIMESTAMP '2019-01-01 10:00:00':timestamp>",
        rows: [["2019-01-01 10:00:00", "2016-12-31 00:12:00", "2016-12-31 00:00:00", "2019-01-01 10:00:00"]],
      });
    } finally {
      t.spark.conf.set("spark.sql.timestampType", "TIMESTAMP_LTZ");
    }
  });

  it("TIMESTAMP_LTZ, the default, types them TIMESTAMP; other values are refused", async () => {
    expect(t.spark.conf.get("spark.sql.timestampType")).toBe("TIMESTAMP_LTZ");
    const df = t.spark.sql("select timestamp'2019-01-01 10:00:00', to_timestamp('2016-12-31 00:12:00')");
    expect(df.schema.simpleString()).toBe(
      "struct<TIMESTAMP '2019-01-01 10:00:00':timestamp,to_timestamp(2016-12-31 00:12:00):timestamp>",
    );
    expect(() => t.spark.conf.set("spark.sql.timestampType", "TIMESTAMP_TZ")).toThrow(
      /spark\.sql\.timestampType/,
    );
  });
});

describe("CastSuite: TIMESTAMP and TIMESTAMP_NTZ through the session time zone", () => {
  it("SPARK-35711: cast timestamp without time zone to timestamp with local time zone", async () => {
    for (const [zone, utc] of [
      ["UTC", "2021-06-01T00:00:00.000Z"],
      ["America/Los_Angeles", "2021-06-01T07:00:00.000Z"],
      ["Asia/Tokyo", "2021-05-31T15:00:00.000Z"],
      ["+02:00", "2021-05-31T22:00:00.000Z"],
    ]) {
      t.spark.conf.set("spark.sql.session.timeZone", zone);
      try {
        const [row] = await t.spark
          .sql("SELECT CAST(timestamp_ntz'2021-06-01 00:00:00' AS TIMESTAMP) AS l")
          .collect();
        expect((row.l as Date).toISOString()).toBe(utc);
      } finally {
        t.spark.conf.set("spark.sql.session.timeZone", "UTC");
      }
    }
  });

  it("SPARK-35719: cast timestamp with local time zone to timestamp without time zone", async () => {
    for (const [zone, local] of [
      ["UTC", "2021-06-01 07:00:00"],
      ["America/Los_Angeles", "2021-06-01 00:00:00"],
      ["Asia/Tokyo", "2021-06-01 16:00:00"],
    ]) {
      t.spark.conf.set("spark.sql.session.timeZone", zone);
      try {
        // The instant 2021-06-01T07:00:00Z, made in UTC so that it is the same instant in every zone.
        const df = t.spark
          .createDataFrame([{ i: 1622530800 }], "i bigint")
          .select(col("i").cast("timestamp").cast("timestamp_ntz").alias("n"));
        expect(await answer(df)).toEqual({ schema: "struct<n:timestamp_ntz>", rows: [[local]] });
      } finally {
        t.spark.conf.set("spark.sql.session.timeZone", "UTC");
      }
    }
  });

  it("casts of TIMESTAMP_NTZ to string and date; numbers are refused as Cast.canCast refuses them", async () => {
    const df = t.spark.sql(
      "SELECT CAST(timestamp_ntz'2021-06-01 10:20:30.5' AS STRING) s, CAST(timestamp_ntz'2021-06-01 10:20:30' AS DATE) d",
    );
    const [row] = await df.collect();
    expect(row.s).toBe("2021-06-01 10:20:30.5");
    expect((row.d as Date).toISOString().slice(0, 10)).toBe("2021-06-01");
    expect(df.schema.simpleString()).toBe("struct<s:string,d:date>");
    expect(() => t.spark.sql("SELECT CAST(timestamp_ntz'2021-06-01 10:20:30' AS BIGINT)")).toThrow(
      expect.objectContaining({ errorClass: expect.stringMatching(/^DATATYPE_MISMATCH\.CAST_/) }),
    );
  });
});

describe("DataFrameTimeWindowingSuite", () => {
  it("SPARK-36091: Support TimestampNTZ type in expression TimeWindow", async () => {
    const rows = [
      { time: "2016-03-27 19:39:30", value: 1, id: "a" },
      { time: "2016-03-27 19:39:25", value: 2, id: "a" },
    ];
    for (const [schema, type] of [
      ["time timestamp, value int, id string", "timestamp"],
      ["time timestamp_ntz, value int, id string", "timestamp_ntz"],
    ]) {
      const windowed = t.spark
        .createDataFrame(rows, schema)
        .groupBy(window(col("time"), "10 seconds", "10 seconds", "-5 seconds"))
        .agg(count("*").alias("counts"));
      expect(windowed.schema.fields[0].dataType.simpleString()).toBe(`struct<start:${type},end:${type}>`);
      const out = windowed
        .orderBy(col("window.start").asc())
        .select(col("window.start").cast("string"), col("window.end").cast("string"), col("counts"));
      expect((await answer(out)).rows).toEqual([["2016-03-27 19:39:25", "2016-03-27 19:39:35", 2]]);
    }
  });
});
