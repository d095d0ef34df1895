/**
 * P6 user-defined functions: the same query with a TypeScript UDF and with the built-in expression that computes
 * the same thing, over the same rows in the same run. The UDF's extra cost is the path Spark's
 * BatchEvalPythonExec also takes: the arguments out of DuckDB as Arrow, a JavaScript call per row, the results
 * back into DuckDB as Arrow and joined to the input by position.
 */
import type { Column, SparkSession } from "../src/engine/index";
import { col, concat, length, lit, sum, udf, upper } from "../src/engine/index";
import { median, timeMs } from "./measure";

export interface P6Result {
  rows: number;
  /** The function compared, e.g. "id * 2 + 1 (bigint)". */
  function: string;
  /** Median milliseconds of the query with the built-in expression and with the UDF. */
  builtinMs: number;
  udfMs: number;
}

interface Case {
  function: string;
  builtin: () => Column;
  udf: () => Column;
  /** What the query returns of the function's results: one row, so collecting costs nothing. */
  total: (y: Column) => Column;
}

const cases: Case[] = [
  {
    function: "id * 2 + 1 (bigint)",
    builtin: () => col("id").multiply(2).plus(1),
    udf: () => udf((id: number) => id * 2 + 1, "bigint")(col("id")),
    total: (y) => sum(y),
  },
  {
    function: "upper(name) (string)",
    builtin: () => upper(col("name")),
    udf: () => udf((name: string) => name.toUpperCase(), "string")(col("name")),
    total: (y) => sum(length(y)),
  },
];

/** Each case at each size, the built-in and the UDF alternating `repetitions` times; their answers must agree. */
export async function p6Udf(
  spark: SparkSession,
  sizes: readonly number[],
  repetitions: number,
): Promise<P6Result[]> {
  const results: P6Result[] = [];
  for (const n of sizes) {
    const input = spark
      .range(n)
      .select(col("id"), concat(lit("user_"), col("id").cast("string")).alias("name"));
    for (const c of cases) {
      const run = (f: () => Column) =>
        input
          .select(f().alias("y"))
          .agg(c.total(col("y")).alias("total"))
          .collect();
      const [expected, actual] = [await run(c.builtin), await run(c.udf)];
      if (JSON.stringify(expected) !== JSON.stringify(actual))
        throw new Error(`P6: the UDF and the built-in disagree on ${c.function}`);
      const builtin: number[] = [];
      const viaUdf: number[] = [];
      // Alternating, so neither always runs after the other's garbage.
      for (let i = 0; i < repetitions; i++) {
        builtin.push(await timeMs(() => run(c.builtin)));
        viaUdf.push(await timeMs(() => run(c.udf)));
      }
      results.push({ rows: n, function: c.function, builtinMs: median(builtin), udfMs: median(viaUdf) });
    }
  }
  return results;
}
