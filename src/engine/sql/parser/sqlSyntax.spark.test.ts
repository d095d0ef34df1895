/**
 * SQL syntax of Spark's that issue 11 added to Sluice's parser, each case named after its Spark source, with
 * Spark's inputs and Spark's answers:
 * - binary literals `X'...'`: `sql-tests/inputs/literals.sql` (results in `results/ansi/literals.sql.out`);
 * - try_to_date, try_make_timestamp, try_make_timestamp_ltz, try_make_timestamp_ntz: the examples of their
 *   `ExpressionDescription` (Spark's function reference).
 *
 * Not ported:
 * - `select -x'2379ACFe'` / `select +X'1'`: Spark's DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE for a sign on a
 *   binary value is an arithmetic check, not syntax; Sluice raises a DATATYPE_MISMATCH of another subclass.
 * - try_make_timestamp's seventh argument (a time zone): Sluice's make_timestamp takes none (DuckDB-WASM has
 *   no time-zone database offline).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParseException } from "../../errors";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { col, try_make_timestamp, try_make_timestamp_ntz, try_to_date } from "../api/functions";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

const sql = (text: string) => t.spark.sql(text);
const rowOf = async (text: string) => (await sql(text).collect())[0];
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : `not a date: ${String(v)}`);
const bytes = (v: unknown) => (v instanceof Uint8Array ? [...v] : `not binary: ${String(v)}`);

describe("literals.sql: binary literals", () => {
  it("select x'2379ACFe'", async () => {
    const df = sql("select x'2379ACFe'");
    expect(df.dtypes).toEqual([["X'2379ACFE'", "binary"]]);
    const [row] = await df.collect();
    expect(bytes(row["X'2379ACFE'"])).toEqual([0x23, 0x79, 0xac, 0xfe]);
  });

  it("an odd number of digits reads with a leading 0, as `+X'1'` shows X'01'", async () => {
    const df = sql("select X'1', X''");
    expect(df.columns).toEqual(["X'01'", "X''"]);
    const [row] = await df.collect();
    expect(bytes(row["X'01'"])).toEqual([1]);
    expect(bytes(row["X''"])).toEqual([]);
  });

  it("select X'XuZ'", () => {
    let error: unknown;
    try {
      sql("select X'XuZ'");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParseException);
    const e = error as ParseException;
    expect(e.getCondition()).toBe("_LEGACY_ERROR_TEMP_0022");
    expect(e.getMessageParameters()).toEqual({ msg: "contains illegal character for hexBinary: 0XuZ" });
  });

  it("a binary literal works as any binary value (hex, comparison, cast)", async () => {
    const row = await rowOf("select hex(X'1F2A'), X'1F2A' = unhex('1f2a'), CAST(X'537061726B' AS STRING)");
    expect({ ...row }).toEqual({
      "hex(X'1F2A')": "1F2A",
      "(X'1F2A' = unhex(1f2a))": true,
      "CAST(X'537061726B' AS STRING)": "Spark",
    });
  });

  it("X '1F' with a space is the same typed literal", async () => {
    const df = sql("select X '1F'");
    expect(df.dtypes).toEqual([["X'1F'", "binary"]]);
    expect(bytes((await df.collect())[0]["X'1F'"])).toEqual([0x1f]);
  });
});

describe("try_to_date", () => {
  it("examples of TryToDate", async () => {
    const row = await rowOf(
      "SELECT try_to_date('2016-12-31'), try_to_date('2016-12-31', 'yyyy-MM-dd'), try_to_date('foo', 'yyyy-MM-dd')",
    );
    expect(iso(row["try_to_date(2016-12-31)"])).toBe("2016-12-31T00:00:00.000Z");
    expect(iso(row["try_to_date(2016-12-31, yyyy-MM-dd)"])).toBe("2016-12-31T00:00:00.000Z");
    expect(row["try_to_date(foo, yyyy-MM-dd)"]).toBeNull();
  });

  it("text that is no date is null where to_date raises", async () => {
    expect((await rowOf("SELECT try_to_date('xx') AS d")).d).toBeNull();
    await expect(sql("SELECT to_date('xx') AS d").collect()).rejects.toThrow(/CAST_INVALID_INPUT/);
  });

  it("functions.try_to_date", async () => {
    const df = t.spark.createDataFrame([{ s: "2016-12-31" }, { s: "foo" }], "s STRING");
    const rows = await df
      .select(try_to_date(col("s")).alias("d"), try_to_date("s", "yyyy-MM-dd").alias("f"))
      .collect();
    expect(rows.map((r) => [r.d === null ? null : iso(r.d), r.f === null ? null : iso(r.f)])).toEqual([
      ["2016-12-31T00:00:00.000Z", "2016-12-31T00:00:00.000Z"],
      [null, null],
    ]);
    expect(df.select(try_to_date("s")).columns).toEqual(["try_to_date(s)"]);
  });
});

describe("try_make_timestamp", () => {
  it("examples of TryMakeTimestamp", async () => {
    const row = await rowOf(
      "SELECT try_make_timestamp(2014, 12, 28, 6, 30, 45.887) AS a, try_make_timestamp(2019, 6, 30, 23, 59, 60) AS b, try_make_timestamp(null, 7, 22, 15, 30, 0) AS c, try_make_timestamp(2024, 13, 22, 15, 30, 0) AS d",
    );
    expect(iso(row.a)).toBe("2014-12-28T06:30:45.887Z");
    expect(iso(row.b)).toBe("2019-07-01T00:00:00.000Z");
    expect(row.c).toBeNull();
    expect(row.d).toBeNull();
  });

  it("examples of try_make_timestamp_ltz and try_make_timestamp_ntz", async () => {
    const df = sql(
      "SELECT try_make_timestamp_ltz(2014, 12, 28, 6, 30, 45.887), try_make_timestamp_ntz(2014, 12, 28, 6, 30, 45.887), try_make_timestamp_ntz(2024, 13, 22, 15, 30, 0)",
    );
    expect(df.columns).toEqual([
      "try_make_timestamp_ltz(2014, 12, 28, 6, 30, 45.887)",
      "try_make_timestamp_ntz(2014, 12, 28, 6, 30, 45.887)",
      "try_make_timestamp_ntz(2024, 13, 22, 15, 30, 0)",
    ]);
    const values = Object.values({ ...(await df.collect())[0] });
    expect([iso(values[0]), iso(values[1]), values[2]]).toEqual([
      "2014-12-28T06:30:45.887Z",
      "2014-12-28T06:30:45.887Z",
      null,
    ]);
  });

  it("functions.try_make_timestamp and try_make_timestamp_ntz", async () => {
    const df = t.spark.createDataFrame(
      [
        { y: 2014, m: 12, d: 28, h: 6, mi: 30, s: 45.887 },
        { y: 2014, m: 12, d: 32, h: 6, mi: 30, s: 45.887 },
      ],
      "y INT, m INT, d INT, h INT, mi INT, s DOUBLE",
    );
    const rows = await df
      .select(
        try_make_timestamp("y", "m", "d", "h", "mi", "s").alias("t"),
        try_make_timestamp_ntz("y", "m", "d", "h", "mi", "s").alias("n"),
      )
      .collect();
    expect(rows.map((r) => [r.t === null ? null : iso(r.t), r.n === null ? null : iso(r.n)])).toEqual([
      ["2014-12-28T06:30:45.887Z", "2014-12-28T06:30:45.887Z"],
      [null, null],
    ]);
  });
});
