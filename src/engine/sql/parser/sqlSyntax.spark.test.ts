/**
 * SQL syntax of Spark's that issue 11 added to Sluice's parser, each case named after its Spark source, with
 * Spark's inputs and Spark's answers:
 * - binary literals `X'...'`: `sql-tests/inputs/literals.sql` (results in `results/ansi/literals.sql.out`);
 *
 * Not ported:
 * - `select -x'2379ACFe'` / `select +X'1'`: Spark's DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE for a sign on a
 *   binary value is an arithmetic check, not syntax; Sluice raises a DATATYPE_MISMATCH of another subclass.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParseException } from "../../errors";
import { newTestSession, type TestSession } from "../../testing/fixtures";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

const sql = (text: string) => t.spark.sql(text);
const rowOf = async (text: string) => (await sql(text).collect())[0];
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
