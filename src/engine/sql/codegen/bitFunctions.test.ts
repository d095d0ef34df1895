/**
 * bit_get / getbit, bitwise_not (`~`), shiftrightunsigned, conv, nullifzero, zeroifnull and negate with Spark's
 * answers: bitwise.sql and math.sql (sql-tests, ANSI results), the functions' ExpressionDescription examples and
 * MathExpressionsSuite ("conv", "shift right unsigned").
 *
 * Not ported: conv's non-ANSI overflow answers (Sluice raises ARITHMETIC_OVERFLOW, Spark 4's default, see the
 * compatibility note).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SparkThrowable } from "../../errors";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import {
  bit_get,
  bitwise_not,
  col,
  conv,
  getbit,
  lit,
  negate,
  nullifzero,
  shiftrightunsigned,
  zeroifnull,
} from "../api/functions";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

async function values(exprs: readonly string[]): Promise<unknown[]> {
  const row = await t.spark.sql(`SELECT ${exprs.map((e, i) => `${e} AS c${i}`).join(", ")}`).first();
  return exprs.map((_, i) => row?.[`c${i}`] ?? null);
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

describe("bitwise.sql", () => {
  it("select getbit(11L, 3), getbit(11L, 2), getbit(11L, 1), getbit(11L, 0)", async () => {
    const df = t.spark.sql("select getbit(11L, 3), getbit(11L, 2), getbit(11L, 1), getbit(11L, 0)");
    expect(df.columns).toEqual(["getbit(11, 3)", "getbit(11, 2)", "getbit(11, 1)", "getbit(11, 0)"]);
    expect(df.schema.fields.map((f) => f.dataType.simpleString())).toEqual([
      "tinyint",
      "tinyint",
      "tinyint",
      "tinyint",
    ]);
    expect(Object.values((await df.first()) ?? {})).toEqual([1, 0, 1, 1]);
  });

  it("select getbit(11L, 2 + 1), getbit(11L, 3 - 1), getbit(10L + 1, 1 * 1), getbit(cast(11L / 1 AS long), 1 - 1)", async () => {
    const df = t.spark.sql(
      "select getbit(11L, 2 + 1), getbit(11L, 3 - 1), getbit(10L + 1, 1 * 1), getbit(cast(11L / 1 AS long), 1 - 1)",
    );
    expect(df.columns).toEqual([
      "getbit(11, (2 + 1))",
      "getbit(11, (3 - 1))",
      "getbit((10 + 1), (1 * 1))",
      "getbit(CAST((11 / 1) AS BIGINT), (1 - 1))",
    ]);
    expect(Object.values((await df.first()) ?? {})).toEqual([1, 0, 1, 1]);
  });

  it("select getbit(11L, 63)", async () => {
    expect(await values(["getbit(11L, 63)"])).toEqual([0]);
  });

  it("select getbit(11L, -1) and getbit(11L, 64): INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE", async () => {
    for (const pos of ["-1", "64"]) {
      expect(await failure(`select getbit(11L, ${pos})`)).toEqual({
        condition: "INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE",
        parameters: { functionName: "`getbit`", invalidValue: pos, parameter: "`pos`", upper: "64" },
      });
    }
  });

  it("the upper bound is the bits of the value's type, and bit_get names itself", async () => {
    expect((await failure("select bit_get(1, 32)")).parameters).toEqual({
      functionName: "`bit_get`",
      invalidValue: "32",
      parameter: "`pos`",
      upper: "32",
    });
  });
});

describe("bitwise.sql: the shift operators", () => {
  it("SELECT 20181117 >> 2, SELECT 20181117 << 2, SELECT 20181117 >>> 2", async () => {
    for (const [op, expected] of [
      [">>", 5045279],
      ["<<", 80724468],
      [">>>", 5045279],
    ] as const) {
      const df = t.spark.sql(`SELECT 20181117 ${op} 2`);
      expect(df.columns).toEqual([`(20181117 ${op} 2)`]);
      expect(df.schema.fields[0].dataType.simpleString()).toBe("int");
      expect(Object.values((await df.first()) ?? {})).toEqual([expected]);
    }
  });

  it("bind tighter than & and looser than +; a nested type's >> still closes two brackets", async () => {
    expect(
      await values(["-4 >>> 1 + 1", "1 << 2 & 7", "size(CAST(array(array(1)) AS ARRAY<ARRAY<INT>>))"]),
    ).toEqual([1073741823, 4, 1]);
  });
});

describe("the examples", () => {
  it("bit_get(11, 0) is 1, bit_get(11, 2) is 0; getbit the same", async () => {
    expect(await values(["bit_get(11, 0)", "bit_get(11, 2)", "getbit(11, 0)", "getbit(11, 2)"])).toEqual([
      1, 0, 1, 0,
    ]);
  });

  it("~ 0 is -1, named ~0", async () => {
    const df = t.spark.sql("SELECT ~ 0");
    expect(df.columns).toEqual(["~0"]);
    expect(Object.values((await df.first()) ?? {})).toEqual([-1]);
  });

  it("shiftrightunsigned(4, 1) is 2", async () => {
    const df = t.spark.sql("SELECT shiftrightunsigned(4, 1)");
    expect(df.columns).toEqual(["shiftrightunsigned(4, 1)"]);
    expect(Object.values((await df.first()) ?? {})).toEqual([2]);
  });

  it("nullifzero(0) is NULL, nullifzero(2) is 2; zeroifnull(NULL) is 0, zeroifnull(2) is 2", async () => {
    expect(await values(["nullifzero(0)", "nullifzero(2)", "zeroifnull(NULL)", "zeroifnull(2)"])).toEqual([
      null,
      2,
      0,
      2,
    ]);
  });
});

describe("math.sql: conv", () => {
  it("SELECT conv('100', 2, 10)", async () => {
    const df = t.spark.sql("SELECT conv('100', 2, 10)");
    expect(df.columns).toEqual(["conv(100, 2, 10)"]);
    expect(Object.values((await df.first()) ?? {})).toEqual(["4"]);
  });

  it("SELECT conv(-10, 16, -10)", async () => {
    expect(await values(["conv(-10, 16, -10)"])).toEqual(["-16"]);
  });

  it("SELECT conv('9223372036854775808', 10, 16)", async () => {
    expect(await values(["conv('9223372036854775808', 10, 16)"])).toEqual(["8000000000000000"]);
  });

  it("SELECT conv('92233720368547758070', 10, 16) and conv('±9223372036854775807', 36, 10) overflow", async () => {
    for (const sql of [
      "SELECT conv('92233720368547758070', 10, 16)",
      "SELECT conv('9223372036854775807', 36, 10)",
      "SELECT conv('-9223372036854775807', 36, 10)",
    ]) {
      expect(await failure(sql)).toEqual({
        condition: "ARITHMETIC_OVERFLOW",
        parameters: {
          alternative: "",
          config: '"spark.sql.ansi.enabled"',
          message: "Overflow in function conv()",
        },
      });
    }
  });
});

describe("MathExpressionsSuite", () => {
  it("conv", async () => {
    expect(
      await values([
        "conv('3', 10, 2)",
        "conv('-15', 10, -16)",
        "conv('-15', 10, 16)",
        "conv('big', 36, 16)",
        "conv(CAST(NULL AS STRING), 36, 16)",
        "conv('3', CAST(NULL AS INT), 16)",
        "conv('1234', 10, 37)",
        "conv('', 10, 16)",
        "conv('11abc', 10, 16)",
      ]),
    ).toEqual(["11", "-F", "FFFFFFFFFFFFFFF1", "3A48", null, null, null, null, "B"]);
  });

  it("shift right unsigned", async () => {
    expect(
      (
        await values([
          "shiftrightunsigned(42, 1)",
          "shiftrightunsigned(-42, 1)",
          "shiftrightunsigned(-42L, 1)",
        ])
      ).map(String),
    ).toEqual(["21", "2147483627", "9223372036854775787"]);
  });
});

describe("the functions API", () => {
  it("bit_get, getbit, bitwise_not, shiftrightunsigned, conv, nullifzero, zeroifnull, negate", async () => {
    const df = t.spark
      .createDataFrame([{ n: 11, z: 0 }])
      .select(
        bit_get(col("n"), 0),
        getbit("n", lit(2)),
        bitwise_not(lit(0)),
        shiftrightunsigned(col("n"), 1),
        conv(lit("100"), 2, 10),
        nullifzero("z"),
        zeroifnull(lit(null)),
        negate(col("n")),
      );
    expect(df.columns).toEqual([
      "bit_get(n, 0)",
      "getbit(n, 2)",
      "~0",
      "shiftrightunsigned(n, 1)",
      "conv(100, 2, 10)",
      "nullifzero(z)",
      "zeroifnull(NULL)",
      "negative(n)",
    ]);
    expect(Object.values((await df.first()) ?? {}).map((v) => (v === null ? null : String(v)))).toEqual([
      "1",
      "0",
      "-1",
      "5",
      "4",
      null,
      "0",
      "-11",
    ]);
  });
});
