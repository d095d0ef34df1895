/**
 * to_number, try_to_number, to_char and to_varchar with Spark's number formats, ported from Spark's
 * StringExpressionsSuite ("ToNumber: positive tests", "ToNumber and ToCharacter: negative tests (the format string
 * is invalid)", "ToNumber: negative tests (the input string does not match the format string)", "ToCharacter:
 * positive tests"), the functions' ExpressionDescription examples and string-functions.sql, with Spark's inputs and
 * answers. The suite's Decimal(...) values are written as SQL decimal literals.
 *
 * Not ported: the suite's `checkInputDataTypes` messages of Spark 3 (TypeCheckFailure text); Spark 4 raises them
 * as INVALID_FORMAT.* conditions, checked here by condition. Binary literals `x'..'` are written `unhex('..')`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalysisException, SparkIllegalArgumentException } from "../../errors";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { col, lit, to_char, to_number, to_varchar, try_to_number } from "../api/functions";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The values of `exprs`, selected together in one query. */
async function values(exprs: readonly string[]): Promise<unknown[]> {
  const row = await t.spark.sql(`SELECT ${exprs.map((e, i) => `${e} AS c${i}`).join(", ")}`).first();
  return exprs.map((_, i) => {
    const v = row?.[`c${i}`];
    return v === null || v === undefined ? null : String(v);
  });
}

/** The error `f` throws, or rejects with. */
async function failure(f: () => unknown): Promise<unknown> {
  try {
    await f();
  } catch (e) {
    return e;
  }
  throw new Error("expected a failure");
}

describe("StringExpressionsSuite", () => {
  it("ToNumber: positive tests", async () => {
    const cases: [string, string, string][] = [
      ["$345", "S$999,099.99", "345"],
      ["-$12,345.67", "S$999,099.99", "-12345.67"],
      ["454,123", "999,099", "454123"],
      ["$045", "S$999,099.99", "45"],
      ["454", "099", "454"],
      ["454.", "099.99", "454"],
      ["454.6", "099D99", "454.6"],
      ["454.67", "099.00", "454.67"],
      ["454", "000", "454"],
      ["  454 ", "9099", "454"],
      ["454.67", "099.99", "454.67"],
      ["$454", "$999", "454"],
      ["  454,123 ", "999G099", "454123"],
      ["$454,123", "$999G099", "454123"],
      ["+$89,1,2,3,45.123", "S$999,0,0,0,999.00000", "8912345.123"],
      ["-454", "S999", "-454"],
      ["+454", "S999", "454"],
      ["454", "999PR", "454"],
      [" 454 ", "999PR", "454"],
      ["454-", "999MI", "-454"],
      ["-$54", "MI$99", "-54"],
      ["123,456,789,123,456,789,123", "999,999,999,999,999,999,999", "123456789123456789123"],
    ];
    for (let i = 0; i <= 2; i++)
      for (let j = 3; j <= 5; j++)
        for (let k = 6; k <= 9; k++) {
          cases.push([`${i}${j}${k}`, "999", String(Number(`${i}${j}${k}`))]);
          cases.push([`${i}${j}${k}`, "S099.", String(Number(`${i}${j}${k}`))]);
          cases.push([`${i}${j}.${k}`, "99.9", String(Number(`${i}${j}.${k}`))]);
          cases.push([`${i},${j},${k}`, "999,999,0", String(Number(`${i}${j}${k}`))]);
        }
    const exprs = cases.flatMap(([s, f]) => [
      `to_number(${sqlString(s)}, ${sqlString(f)})`,
      `try_to_number(${sqlString(s)}, ${sqlString(f)})`,
    ]);
    const got = (await values(exprs)).map((v) => (v === null ? null : String(Number(v))));
    const bigIndex = cases.findIndex(([s]) => s.startsWith("123,456"));
    const expected = cases.flatMap(([, , e]) => [e, e].map((x) => String(Number(x))));
    expect(got).toEqual(expected);
    // The 21-digit value, exactly.
    expect((await values([`CAST(${exprs[2 * bigIndex]} AS STRING)`]))[0]).toBe("123456789123456789123");
  }, 180_000);

  it("ToNumber and ToCharacter: negative tests (the format string is invalid)", () => {
    const cases: [string, string, string][] = [
      ["454", "", "INVALID_FORMAT.EMPTY"],
      ["454", "999@", "INVALID_FORMAT.UNEXPECTED_TOKEN"],
      ["454", "999M", "INVALID_FORMAT.UNEXPECTED_TOKEN"],
      ["454", "999P", "INVALID_FORMAT.UNEXPECTED_TOKEN"],
      ["454", "$", "INVALID_FORMAT.WRONG_NUM_DIGIT"],
      ["454", "99.99.99", "INVALID_FORMAT.WRONG_NUM_TOKEN"],
      ["454", "$$99", "INVALID_FORMAT.WRONG_NUM_TOKEN"],
      ["$4-4", "$9MI9", "INVALID_FORMAT.UNEXPECTED_TOKEN"],
      ["--4", "SMI9", "INVALID_FORMAT.UNEXPECTED_TOKEN"],
      ["--$54", "SS$99", "INVALID_FORMAT.WRONG_NUM_TOKEN"],
      ["-$54", "MI$99MI", "INVALID_FORMAT.WRONG_NUM_TOKEN"],
      ["$4-4", "$9MI9MI", "INVALID_FORMAT.WRONG_NUM_TOKEN"],
      ["<$45>", "PR$99", "INVALID_FORMAT.UNEXPECTED_TOKEN"],
      ["$4<4>", "$9PR9", "INVALID_FORMAT.UNEXPECTED_TOKEN"],
      ["<<454>>", "999PRPR", "INVALID_FORMAT.WRONG_NUM_TOKEN"],
      ["4$54", "9$99", "INVALID_FORMAT.CUR_MUST_BEFORE_DIGIT"],
      [".$99", ".$99", "INVALID_FORMAT.CUR_MUST_BEFORE_DEC"],
      [",123", ",099", "INVALID_FORMAT.CONT_THOUSANDS_SEPS"],
      [",123,456", ",999,099", "INVALID_FORMAT.CONT_THOUSANDS_SEPS"],
      [",,345", "9,,09.99", "INVALID_FORMAT.CONT_THOUSANDS_SEPS"],
      [",,345", "9,99,.99", "INVALID_FORMAT.CONT_THOUSANDS_SEPS"],
      [",,345", "9,99,", "INVALID_FORMAT.CONT_THOUSANDS_SEPS"],
      [",,345", ",,999,099.99", "INVALID_FORMAT.CONT_THOUSANDS_SEPS"],
      ["123.45,6", "099.99,9", "INVALID_FORMAT.THOUSANDS_SEPS_MUST_BEFORE_DEC"],
    ];
    const conditionOf = (sql: string) => {
      try {
        t.spark.sql(sql).columns;
        return "resolved";
      } catch (e) {
        return e instanceof AnalysisException ? e.getCondition() : String(e);
      }
    };
    const got = cases.map(([s, f]) => [
      conditionOf(`SELECT to_number(${sqlString(s)}, ${sqlString(f)})`),
      conditionOf(`SELECT try_to_number(${sqlString(s)}, ${sqlString(f)})`),
      conditionOf(`SELECT to_char(456, ${sqlString(f)})`),
    ]);
    expect(got).toEqual(cases.map(([, , c]) => [c, c, c]));
  });

  it("ToNumber: negative tests (the input string does not match the format string)", async () => {
    const cases: [string, string][] = [
      ["45", "0,9"],
      ["4", "09"],
      ["454", "09"],
      ["454", "99"],
      ["45", "$99"],
      ["45>", "99PR"],
      ["<45", "99PR"],
      ["454+", "999MI"],
      ["<454", "999PR"],
      ["454>", "999PR"],
      ["<454 ", "999PR"],
      [" 454>", "999PR"],
      ["<<454>>", "999PR"],
      ["45", "S$999,099.99"],
      ["$345", "S$099,099.99"],
      ["4D5", "0D9"],
    ];
    expect(await values(cases.map(([s, f]) => `try_to_number(${sqlString(s)}, ${sqlString(f)})`))).toEqual(
      cases.map(() => null),
    );
    for (const [s, f] of cases) {
      const e = await failure(() =>
        t.spark.sql(`SELECT to_number(${sqlString(s)}, ${sqlString(f)})`).collect(),
      );
      expect(e, `${s} in ${f}`).toBeInstanceOf(SparkIllegalArgumentException);
      expect((e as SparkIllegalArgumentException).getCondition()).toBe("INVALID_FORMAT.MISMATCH_INPUT");
      expect((e as SparkIllegalArgumentException).getMessageParameters()).toEqual({
        inputType: '"STRING"',
        input: s,
        format: f,
      });
    }
  });

  it("ToCharacter: positive tests", async () => {
    const cases: [string, string, string][] = [
      // '0' and '9'
      ["454", "9999", " 454"],
      ["454", "99999", "  454"],
      ["4", "0", "4"],
      ["45", "00", "45"],
      ["454", "000", "454"],
      ["454", "0000", "0454"],
      ["454", "00000", "00454"],
      // '.' and 'D'
      ["0.4542", ".00000", ".45420"],
      ["454.2", "000.0", "454.2"],
      ["454", "000.0", "454.0"],
      ["454.2", "000.00", "454.20"],
      ["454", "000.00", "454.00"],
      ["0.4542", ".0000", ".4542"],
      ["4542", "0000.", "4542 "],
      ["0.4542", "D00000", ".45420"],
      ["454.2", "000D0", "454.2"],
      ["4542", "0000D", "4542 "],
      ["454.2", "0000.00", "0454.20"],
      ["454", "0000.00", "0454.00"],
      ["4542", "00000.", "04542 "],
      ["454.2", "9999.99", " 454.20"],
      ["454", "9999.99", " 454.00"],
      ["4542", "99999.", " 4542 "],
      // ',' and 'G'
      ["12454", "0,0000", "1,2454"],
      ["12454", "00,000", "12,454"],
      ["124543", "000,000", "124,543"],
      ["12", "000,000", "000,012"],
      ["1245436", "0,000,000", "1,245,436"],
      ["12454367", "00,000,000", "12,454,367"],
      ["12454367", "00G000G000", "12,454,367"],
      ["12454", "000,000", "012,454"],
      ["12454", "00,0000", "01,2454"],
      ["12454", "000,0000", "001,2454"],
      ["12454", "0000,0000", "0001,2454"],
      ["12454367", "000,000,000", "012,454,367"],
      ["12454", "999,999", " 12,454"],
      ["12454", "9,9999", "1,2454"],
      ["12454", "99,9999", " 1,2454"],
      ["12454", "999,9999", "  1,2454"],
      ["12454", "9999,9999", "   1,2454"],
      ["12454367", "999,999,999", " 12,454,367"],
      // '$'
      ["78.12", "$99.99", "$78.12"],
      ["78.12", "$00.00", "$78.12"],
      // 'S'
      ["83028485", "S99999999999.9999999", "   +83028485.0000000"],
      ["0", "9999999999999999.999999999999999S", "               0.000000000000000+"],
      [
        "CAST(4.31 AS DECIMAL(38, 10))",
        "9999999999999999.999999999999999S",
        "               4.310000000000000+",
      ],
      ["-454.8", "99G999.9S", "   454.8-"],
      ["-454.8", "00G000.0S", "00,454.8-"],
      ["-454", "S999", "-454"],
      ["-454", "999S", "454-"],
      ["-12454.8", "99G999D9S", "12,454.8-"],
      ["-83028485", "99999999999.9999999S", "   83028485.0000000-"],
      // 'MI'
      ["4.31", "9999999999999999.999999999999999MI", "               4.310000000000000 "],
      ["0", "9999999999999999.999999999999999MI", "               0.000000000000000 "],
      ["-454.8", "99G999.9MI", "   454.8-"],
      ["-454.8", "00G000.0MI", "00,454.8-"],
      ["-454", "999MI", "454-"],
      ["-12454.8", "99G999D9MI", "12,454.8-"],
      ["-4.31", "MI9999999999999999.999999999999999", "               -4.310000000000000"],
      // 'PR'
      ["4.31", "9999999999999999.999999999999999PR", "               4.310000000000000  "],
      ["0", "9999999999999999.999999999999999PR", "               0.000000000000000  "],
      ["-123", "9999999999999999.999PR", "             <123.000>"],
      ["-123.4", "9999999999999999.999PR", "             <123.400>"],
      ["-454.8", "99G999.9PR", "   <454.8>"],
      ["-454.8", "00G000.0PR", "<00,454.8>"],
      ["-454", "999PR", "<454>"],
      ["-12454.8", "99G999D9PR", "<12,454.8>"],
      // overflows
      ["454", "0", "#"],
      ["454", "00", "##"],
      ["4.67", "9.9", "#.#"],
      ["4.67", "99.9", "##.#"],
    ];
    const got = await values(cases.map(([v, f]) => `to_char(${v}, ${sqlString(f)})`));
    expect(got).toEqual(cases.map(([, , e]) => e));
  }, 180_000);
});

describe("the functions' examples and string-functions.sql", () => {
  it("to_number, try_to_number: the examples, typed DECIMAL(digits, digits after the point)", async () => {
    const df = t.spark.sql(
      "SELECT to_number('454', '999'), to_number('454.00', '000.00'), to_number('12,454', '99,999'), " +
        "to_number('$78.12', '$99.99'), to_number('12,454.8-', '99,999.9S'), try_to_number('$78.12', '$99.99'), " +
        "try_to_number('abc', '000')",
    );
    expect(df.columns).toEqual([
      "to_number(454, 999)",
      "to_number(454.00, 000.00)",
      "to_number(12,454, 99,999)",
      "to_number($78.12, $99.99)",
      "to_number(12,454.8-, 99,999.9S)",
      "try_to_number($78.12, $99.99)",
      "try_to_number(abc, 000)",
    ]);
    expect(df.dtypes.map(([, type]) => type)).toEqual([
      "decimal(3,0)",
      "decimal(5,2)",
      "decimal(5,0)",
      "decimal(4,2)",
      "decimal(6,1)",
      "decimal(4,2)",
      "decimal(3,0)",
    ]);
    const row = await df.first();
    expect(Object.values(row ?? {}).map((v) => (v === null ? null : Number(v)))).toEqual([
      454,
      454,
      12454,
      78.12,
      -12454.8,
      78.12,
      null,
    ]);
  });

  it("string-functions.sql: to_number", async () => {
    expect(
      await values([
        "to_number('454', '000')",
        "to_number('454.2', '000.0')",
        "to_number('12,454', '00,000')",
        "to_number('$78.12', '$00.00')",
        "to_number('+454', 'S000')",
        "to_number('-454', 'S000')",
        "to_number('12,454.8-', '00,000.9MI')",
        "to_number('00,454.8-', '00,000.9MI')",
        "to_number('<00,454.8>', '00,000.9PR')",
      ]),
    ).toEqual(["454", "454.2", "12454", "78.12", "454", "-454", "-12454.8", "-454.8", "-454.8"]);
  });

  it("to_char, to_varchar: the examples, numbers, dates and binaries", async () => {
    const df = t.spark.sql(
      "SELECT to_char(454, '999'), to_char(454.00, '000D00'), to_char(12454, '99G999'), to_char(78.12, '$99.99'), " +
        "to_char(-12454.8, '99G999D9S'), to_char(date'2016-04-08', 'y'), " +
        "to_char(unhex('537061726b2053514c'), 'base64'), to_char(unhex('537061726b2053514c'), 'hex'), " +
        "to_char(encode('abc', 'utf-8'), 'utf-8'), to_varchar(78.12, '$99.99'), to_char(CAST(NULL AS INT), '999')",
    );
    expect(df.dtypes.every(([, type]) => type === "string")).toBe(true);
    expect(df.columns[0]).toBe("to_char(454, 999)");
    expect(df.columns[9]).toBe("to_varchar(78.12, $99.99)");
    const row = await df.first();
    expect(Object.values(row ?? {})).toEqual([
      "454",
      "454.00",
      "12,454",
      "$78.12",
      "12,454.8-",
      "2016",
      "U3BhcmsgU1FM",
      "537061726B2053514C",
      "abc",
      "$78.12",
      null,
    ]);
  });

  it("to_char of a binary in another format is INVALID_PARAMETER_VALUE.BINARY_FORMAT", () => {
    const e = (() => {
      try {
        t.spark.sql("SELECT to_char(encode('abc', 'utf-8'), 'base2')").columns;
      } catch (error) {
        return error;
      }
    })() as AnalysisException;
    expect(e).toBeInstanceOf(AnalysisException);
    expect(e.getCondition()).toBe("INVALID_PARAMETER_VALUE.BINARY_FORMAT");
    expect(e.getMessageParameters()).toEqual({
      parameter: "`format`",
      functionName: "`to_char`",
      invalidFormat: "'base2'",
    });
  });

  it("a format that is not a constant is DATATYPE_MISMATCH.NON_FOLDABLE_INPUT", () => {
    t.spark.createDataFrame([{ s: "454", f: "999" }], "s STRING, f STRING").createOrReplaceTempView("nf");
    const e = (() => {
      try {
        t.spark.sql("SELECT to_number(s, f) FROM nf").columns;
      } catch (error) {
        return error;
      }
    })() as AnalysisException;
    expect(e.getCondition()).toBe("DATATYPE_MISMATCH.NON_FOLDABLE_INPUT");
    expect(e.getMessageParameters()).toMatchObject({ inputName: "`format`", inputType: '"STRING"' });
  });
});

describe("the functions API", () => {
  it("to_number, try_to_number, to_char and to_varchar over columns, the format a literal Column", async () => {
    const df = t.spark.createDataFrame([{ s: "$1,234.50", n: -1234.5 }], "s STRING, n DECIMAL(6,2)");
    const row = await df
      .select(
        to_number(col("s"), lit("$9,999.99")).alias("a"),
        try_to_number("s", lit("999")).alias("b"),
        to_char("n", lit("9,999.99PR")).alias("c"),
        to_varchar(col("n"), lit("S9999.9")).alias("d"),
      )
      .first();
    expect([Number(row?.a), row?.b, row?.c, row?.d]).toEqual([1234.5, null, "<1,234.50>", "-1234.5"]);
  });
});
