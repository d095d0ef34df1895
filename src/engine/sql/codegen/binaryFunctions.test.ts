/**
 * to_binary and try_to_binary with Spark's answers: string-functions.sql's to_binary and try_to_binary cases
 * (utf-8, valid and invalid hex and base64, foldable and case-insensitive formats, nulls, an invalid format) and
 * the functions' ExpressionDescription examples.
 *
 * Not ported: `to_binary('abc', 1)` (a format of another type) and a format read from a column (fmtTable): Sluice
 * reads a format that is not a literal as the query runs (see the compatibility note).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SparkThrowable } from "../../errors";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { lit, to_binary, try_to_binary } from "../api/functions";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

const bytes = (v: unknown) => (v === null || v === undefined ? null : Array.from(v as Uint8Array));
const utf8 = (s: string) => Array.from(new TextEncoder().encode(s));

async function values(exprs: readonly string[]): Promise<unknown[]> {
  const row = await t.spark.sql(`SELECT ${exprs.map((e, i) => `${e} AS c${i}`).join(", ")}`).first();
  return exprs.map((_, i) => bytes(row?.[`c${i}`]));
}

async function failure(sql: string): Promise<{ condition?: string; parameters: Record<string, string> }> {
  try {
    await t.spark.sql(sql).collect();
  } catch (e) {
    const error = e as SparkThrowable;
    return { condition: error.getCondition(), parameters: error.getMessageParameters() };
  }
  throw new Error(`${sql} did not fail`);
}

describe("string-functions.sql: to_binary", () => {
  it("utf-8 valid", async () => {
    expect(
      await values([
        "to_binary('abc', 'utf-8')",
        "to_binary('大千世界', 'utf8')",
        "to_binary('', 'utf-8')",
        "to_binary('  ', 'utf8')",
      ]),
    ).toEqual([utf8("abc"), utf8("大千世界"), [], utf8("  ")]);
  });

  it("hex valid", async () => {
    expect(
      await values([
        "to_binary('737472696E67')",
        "to_binary('737472696E67', 'hex')",
        "to_binary('')",
        "to_binary('1', 'hex')",
        "to_binary('FF')",
        "to_binary('123', 'hex')",
        "to_binary('12345', 'hex')",
      ]),
    ).toEqual([utf8("string"), utf8("string"), [], [0x01], [0xff], [0x01, 0x23], [0x01, 0x23, 0x45]]);
  });

  it("hex invalid: CONVERSION_INVALID_INPUT", async () => {
    expect(await failure("select to_binary('GG')")).toEqual({
      condition: "CONVERSION_INVALID_INPUT",
      parameters: { str: "'GG'", fmt: "'HEX'", targetType: '"BINARY"', suggestion: "`try_to_binary`" },
    });
    expect((await failure("select to_binary('01 AF', 'hex')")).parameters.str).toBe("'01 AF'");
  });

  it("'format' parameter can be any foldable string value, not just literal", async () => {
    expect(
      await values([
        "to_binary('abc', concat('utf', '-8'))",
        "to_binary(' ab cdef= = ', substr('base64whynot', 0, 6))",
      ]),
    ).toEqual([utf8("abc"), [0x69, 0xb7, 0x1d, 0x79]]);
    expect((await failure("select to_binary(' ab cdef= = ', replace('HEX0', '0'))")).condition).toBe(
      "CONVERSION_INVALID_INPUT",
    );
  });

  it("'format' parameter is case insensitive", async () => {
    expect(await values(["to_binary('abc', 'Hex')"])).toEqual([[0x0a, 0xbc]]);
  });

  it("null inputs lead to null result", async () => {
    expect(
      await values([
        "to_binary('abc', null)",
        "to_binary(null, 'utf-8')",
        "to_binary(null, null)",
        "to_binary(null, cast(null as string))",
      ]),
    ).toEqual([null, null, null, null]);
  });

  it("invalid format: INVALID_PARAMETER_VALUE.BINARY_FORMAT", async () => {
    expect(await failure("select to_binary('abc', 'invalidFormat')")).toEqual({
      condition: "INVALID_PARAMETER_VALUE.BINARY_FORMAT",
      parameters: { parameter: "`format`", functionName: "`to_binary`", invalidFormat: "'invalidformat'" },
    });
  });
});

describe("string-functions.sql: try_to_binary", () => {
  it("base64 valid", async () => {
    expect(
      await values([
        "try_to_binary('', 'base64')",
        "try_to_binary('  ', 'base64')",
        "try_to_binary(' ab cd ', 'base64')",
        "try_to_binary(' ab c=', 'base64')",
        "try_to_binary(' ab cdef= = ', 'base64')",
      ]),
    ).toEqual([[], [], [0x69, 0xb7, 0x1d], [0x69, 0xb7], [0x69, 0xb7, 0x1d, 0x79]]);
  });

  it("base64 invalid", async () => {
    expect(
      await values([
        "try_to_binary('a', 'base64')",
        "try_to_binary('a?', 'base64')",
        "try_to_binary('abcde', 'base64')",
        "try_to_binary('abcd=', 'base64')",
        "try_to_binary('a===', 'base64')",
        "try_to_binary('ab==f', 'base64')",
      ]),
    ).toEqual([null, null, null, null, null, null]);
  });

  it("the formats, case-insensitive and foldable, and nulls", async () => {
    expect(
      await values([
        "try_to_binary('abc')",
        "try_to_binary('abc', 'utf-8')",
        "try_to_binary('abc', 'base64')",
        "try_to_binary('abc', 'hex')",
        "try_to_binary('abc', concat('utf', '-8'))",
        "try_to_binary('abc', 'Hex')",
        "try_to_binary('abc', null)",
        "try_to_binary(null, 'utf-8')",
        "try_to_binary(null, null)",
      ]),
    ).toEqual([
      [0x0a, 0xbc],
      utf8("abc"),
      [0x69, 0xb7],
      [0x0a, 0xbc],
      utf8("abc"),
      [0x0a, 0xbc],
      null,
      null,
      null,
    ]);
  });

  it("an invalid format or malformed input is null", async () => {
    expect(
      await values([
        "try_to_binary('abc', 'invalidFormat')",
        "try_to_binary('GG')",
        "try_to_binary('a!', 'base64')",
      ]),
    ).toEqual([null, null, null]);
  });
});

describe("the functions API", () => {
  it("to_binary and try_to_binary, named as Spark names them", async () => {
    const df = t.spark
      .range(1)
      .select(
        to_binary(lit("abc"), lit("utf-8")),
        try_to_binary(lit("abc"), lit("invalidFormat")),
        to_binary(lit("FF")),
      );
    expect(df.columns).toEqual([
      "to_binary(abc, utf-8)",
      "try_to_binary(abc, invalidFormat)",
      "to_binary(FF)",
    ]);
    const row = await df.first();
    expect(Object.values(row ?? {}).map(bytes)).toEqual([utf8("abc"), null, [0xff]]);
  });
});
