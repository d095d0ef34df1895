/**
 * Spark's try aggregates and percentiles, with the inputs and answers of Spark's sql-tests (try_aggregates.sql,
 * percentiles.sql) and of the functions' examples, in batch and, where Spark allows, as streaming aggregates.
 *
 * Not ported:
 * - try_aggregates.sql's decimal literals (`5.0`, `…BD`): Sluice's parser types them int and double (a parser
 *   matter outside these functions); the same values are given here as casts to Spark's decimal types.
 * - try_aggregates.sql's interval cases: Sluice does not sum intervals (sum() itself refuses them).
 * - try_aggregates.sql's `col / 0` cases: their answers are the non-ANSI mode's; under Spark 4's ANSI default the
 *   division raises DIVIDE_BY_ZERO before the aggregate, as Sluice does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStream } from "../../sources/MemoryStream";
import { collectBatches } from "../../testing/batches";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { col, try_avg, try_sum } from "../api/functions";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

/** The one row of `sql`'s answer and its schema as `name:type`. */
async function one(sql: string): Promise<{ value: unknown; schema: string }> {
  const df = t.spark.sql(sql);
  const row = await df.first();
  const [name, type] = df.dtypes[0];
  return { value: row?.[name], schema: `${name}:${type}` };
}

const decimals = (type: string, ...values: string[]) =>
  `(SELECT CAST(v AS ${type}) AS col FROM VALUES ${values.map((v) => `('${v}')`).join(", ")} AS tab(v))`;

describe("try_aggregates.sql", () => {
  it("try_sum", async () => {
    expect(await one("SELECT try_sum(col) FROM VALUES (5), (10), (15) AS tab(col)")).toEqual({
      value: 30,
      schema: "try_sum(col):bigint",
    });
    expect(await one(`SELECT try_sum(col) FROM ${decimals("DECIMAL(3,1)", "5.0", "10.0", "15.0")}`)).toEqual({
      value: 30,
      schema: "try_sum(col):decimal(13,1)",
    });
    expect(await one("SELECT try_sum(col) FROM VALUES (NULL), (10), (15) AS tab(col)")).toEqual({
      value: 25,
      schema: "try_sum(col):bigint",
    });
    expect(
      (await one("SELECT try_sum(col) FROM VALUES (9223372036854775807L), (1L) AS tab(col)")).value,
    ).toBeNull();
    const big = "98765432109876543210987654321098765432";
    expect(await one(`SELECT try_sum(col) FROM ${decimals("DECIMAL(38,0)", big, big)}`)).toEqual({
      value: null,
      schema: "try_sum(col):decimal(38,0)",
    });
  });

  it("try_avg", async () => {
    expect(await one("SELECT try_avg(col) FROM VALUES (5), (10), (15) AS tab(col)")).toEqual({
      value: 10,
      schema: "try_avg(col):double",
    });
    expect(await one(`SELECT try_avg(col) FROM ${decimals("DECIMAL(3,1)", "5.0", "10.0", "15.0")}`)).toEqual({
      value: 10,
      schema: "try_avg(col):decimal(7,5)",
    });
    expect(await one("SELECT try_avg(col) FROM VALUES (NULL), (10), (15) AS tab(col)")).toEqual({
      value: 12.5,
      schema: "try_avg(col):double",
    });
    expect((await one("SELECT try_avg(col) FROM VALUES (NULL), (NULL) AS tab(col)")).value).toBeNull();
    expect(await one("SELECT try_avg(col) FROM VALUES (9223372036854775807L), (1L) AS tab(col)")).toEqual({
      value: 4.611686018427388e18,
      schema: "try_avg(col):double",
    });
    const big = "98765432109876543210987654321098765432";
    expect(await one(`SELECT try_avg(col) FROM ${decimals("DECIMAL(38,0)", big, big)}`)).toEqual({
      value: null,
      schema: "try_avg(col):decimal(38,4)",
    });
  });

  it("a wide decimal sum that fits is exact; one past 38 digits is null", async () => {
    const fits = decimals(
      "DECIMAL(38,1)",
      "9876543210987654321098765432109876543.2",
      "-9876543210987654321098765432109876540.1",
    );
    expect(Number((await one(`SELECT try_sum(col) FROM ${fits}`)).value)).toBe(3.1);
    const over = decimals(
      "DECIMAL(38,1)",
      "-9876543210987654321098765432109876543.2",
      "-9876543210987654321098765432109876543.2",
    );
    expect((await one(`SELECT try_sum(col) FROM ${over}`)).value).toBeNull();
    // Spark's avg rounds half up to the scale + 4: 4/3 is 1.33333.
    expect(
      Number((await one(`SELECT try_avg(col) FROM ${decimals("DECIMAL(3,1)", "1", "1", "2")}`)).value),
    ).toBe(1.33333);
  });

  it("the DataFrame functions name their columns as Spark", async () => {
    const df = t.spark
      .sql("SELECT * FROM VALUES (1L), (2L) AS tab(col)")
      .agg(try_sum("col"), try_avg(col("col")));
    expect(df.columns).toEqual(["try_sum(col)", "try_avg(col)"]);
    expect(await df.first()).toEqual({ "try_sum(col)": 3, "try_avg(col)": 1.5 });
  });
});

const LONG_MAX = 9223372036854775807n;

describe("try aggregates in streaming state", () => {
  it("try_sum and try_avg keep running across batches; an overflow stays null", async () => {
    const input = new MemoryStream(t.spark, "k STRING, v BIGINT");
    const out = collectBatches();
    const query = await input
      .toDF()
      .groupBy("k")
      .agg(try_sum("v").alias("s"), try_avg("v").alias("a"))
      .writeStream.outputMode("complete")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/try_sum")
      .start();
    const lastBatch = () =>
      [...out.batches.get(Math.max(...out.batches.keys()))!].sort((a, b) =>
        String(a.k).localeCompare(String(b.k)),
      );
    input.addData([
      { k: "a", v: 5 },
      { k: "a", v: 10 },
      { k: "b", v: LONG_MAX },
      { k: "c", v: null },
    ]);
    await query.processAllAvailable();
    expect(lastBatch()).toEqual([
      { k: "a", s: 15, a: 7.5 },
      { k: "b", s: LONG_MAX, a: Number(LONG_MAX) },
      { k: "c", s: null, a: null },
    ]);
    input.addData([
      { k: "a", v: 15 },
      { k: "b", v: 1 },
      { k: "c", v: 4 },
    ]);
    await query.processAllAvailable();
    input.addData([{ k: "b", v: -10 }]);
    await query.processAllAvailable();
    expect(lastBatch()).toEqual([
      { k: "a", s: 30, a: 10 },
      { k: "b", s: null, a: (Number(LONG_MAX) + 1 - 10) / 3 },
      { k: "c", s: 4, a: 4 },
    ]);
    await query.stop();
  });
});
