/**
 * Spark's IntegralDivide (`div`) and division by zero over integers, from sql-tests' operators.sql
 * (`select 5 div 2`, `select 5 div 0`, `select 5 / 0`...; results/operators.sql.out under ANSI, Spark 4's default,
 * and results/nonansi/operators.sql.out without) and IntegralDivide's example `SELECT 3 div 2` (1): the result
 * is a bigint whatever the integral operands, truncated toward zero; a zero divisor is DIVIDE_BY_ZERO under ANSI
 * and NULL without, as it is for `/` and `%`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../testing/fixtures";
import { rejectionOf } from "../testing/thrown";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
}, 120_000);
afterAll(() => t.cleanup());

async function run(sql: string): Promise<{ schema: string; row: unknown[] }> {
  const df = t.spark.sql(sql);
  const [row] = await df.collect();
  return {
    schema: df.schema.simpleString(),
    row: Object.values(row as object).map((v) => (typeof v === "bigint" ? Number(v) : v)),
  };
}

describe("div", () => {
  it("is a bigint of integral operands, truncated toward zero", async () => {
    const { schema, row } = await run(
      "select 5 div 2 as a, -5 div 2 as b, 3 div 2 as c, cast(7 as tinyint) div cast(2 as tinyint) as d, cast(7 as smallint) div 2 as e",
    );
    expect(schema).toBe("struct<a:bigint,b:bigint,c:bigint,d:bigint,e:bigint>");
    expect(row).toEqual([2, -2, 1, 3, 3]);
  });

  it("by zero: DIVIDE_BY_ZERO under ANSI", async () => {
    for (const sql of ["select 5 div 0", "select 5 / 0", "select 5 % 0"])
      expect(await rejectionOf(t.spark.sql(sql).collect())).toMatchObject({ errorClass: "DIVIDE_BY_ZERO" });
  });

  it("by zero: NULL without ANSI", async () => {
    t.spark.conf.set("spark.sql.ansi.enabled", "false");
    try {
      expect((await run("select 5 div 0, 5 / 0, 5 % 0")).row).toEqual([null, null, null]);
    } finally {
      t.spark.conf.set("spark.sql.ansi.enabled", "true");
    }
  });
});
