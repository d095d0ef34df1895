/**
 * Spark's DataFrameStatFunctions (`df.stat`): quantiles, correlation, covariance, contingency tables, frequent
 * items and stratified samples. The ones Spark computes eagerly are batch actions here too: on a stream they
 * raise the batch-action error before any work.
 */
import { batchActionOnStreamingDataFrame } from "../../errors/QueryCompilationErrors";
import {
  approxQuantileArgument,
  statFractionOutOfRange,
  statFunctionArgument,
} from "../../errors/QueryExecutionErrors";
import { AtomicType, DecimalType } from "../types";
import type { Column } from "./Column";
import { DataFrame } from "./DataFrame";
import {
  approx_percentile,
  col,
  collect_list,
  corr,
  count,
  covar_samp,
  desc,
  isnan,
  lit,
  when,
} from "./functions";
import { randomSeed, sample } from "./sample";
import { formatDouble } from "./showString";

/** A value of a stratum column, as `sampleBy`'s fractions name it. */
export type Stratum = string | number | boolean;

/** `df.stat`: statistics of a DataFrame's columns, as Spark's DataFrameStatFunctions. */
export class DataFrameStatFunctions {
  /** The statistics of `df`'s columns; `df.stat` makes one. */
  constructor(private readonly df: DataFrame) {}

  /**
   * The values at the given probabilities of each numeric column (nulls and NaN left out), as Spark's
   * Greenwald-Khanna summary answers with `relativeError` (0: exact): one of the column's values each. A column
   * name gives a list; a list of names, a list per column (empty where the column has no values).
   */
  async approxQuantile(
    cols: string | readonly string[],
    probabilities: readonly number[],
    relativeError: number,
  ): Promise<number[] | number[][]> {
    this.assertBatch();
    if (!(relativeError >= 0)) throw approxQuantileArgument("relativeError", formatDouble(relativeError));
    const names = typeof cols === "string" ? [cols] : [...cols];
    for (const name of names) {
      const type = this.numericType(name);
      if (type !== undefined) throw approxQuantileArgument("type", `${name} with data type ${type}`);
    }
    if (probabilities.some((p) => !(p >= 0 && p <= 1))) throw approxQuantileArgument("percentile");
    // Spark's accuracy for the error; exact below it, which is always within the error.
    const accuracy = relativeError === 0 ? 2147483647 : Math.min(2147483647, Math.floor(1 / relativeError));
    const values = (name: string) => {
      const x = col(name).cast("double");
      return when(isnan(x), lit(null)).otherwise(x);
    };
    const [row] = await this.df
      .select(...names.map((n, i) => approx_percentile(values(n), probabilities, accuracy).alias(`q${i}`)))
      .collect();
    const answers = names.map((_, i) => (row[`q${i}`] as number[] | null) ?? []);
    return typeof cols === "string" ? answers[0] : answers;
  }

  /** The Pearson correlation coefficient of two numeric columns. */
  async corr(col1: string, col2: string, method = "pearson"): Promise<number> {
    if (method !== "pearson") throw statFunctionArgument("correlation");
    return this.aggregate("correlation", col1, col2, corr);
  }

  /** The sample covariance of two numeric columns. */
  async cov(col1: string, col2: string): Promise<number> {
    return this.aggregate("covariance", col1, col2, covar_samp);
  }

  /**
   * The contingency table of two columns: a row per value of `col1` (first column `<col1>_<col2>`, the value as a
   * string), a column per value of `col2` in sorted order, each cell the number of rows with both (0 where none).
   */
  crosstab(col1: string, col2: string): DataFrame {
    this.assertBatch();
    const tableName = `${col1}_${col2}`;
    const counted = this.df
      .groupBy(col(col1).cast("string").alias("a"), col(col2).cast("string").alias("b"))
      .agg(count(lit(1)).alias("n"));
    const plan = counted.collect().then((rows) => {
      const text = (v: unknown) => (v === null || v === undefined ? "null" : String(v));
      const columns = [...new Set(rows.map((r) => text(r.b)))].sort();
      const table = new Map<string, Record<string, unknown>>();
      for (const r of rows) {
        const key = text(r.a);
        if (!table.has(key))
          table.set(key, { [tableName]: key, ...Object.fromEntries(columns.map((c) => [c, 0])) });
        table.get(key)![text(r.b)] = r.n;
      }
      // Backticks cannot be in a column name; Spark drops them.
      const quoted = (name: string) => `\`${name.replaceAll("`", "")}\``;
      const ddl = [`${quoted(tableName)} STRING`, ...columns.map((c) => `${quoted(c)} BIGINT`)].join(", ");
      const body = [...table.keys()].sort().map((k) => {
        const r = table.get(k)!;
        return [r[tableName], ...columns.map((c) => r[c])];
      });
      return this.df.sparkSession.createDataFrame(body, ddl).plan;
    });
    return new DataFrame(this.df.sparkSession, plan);
  }

  /**
   * The values of each column found in more than `support` of the rows (default 1%), most frequent first, in one
   * row with a column `<c>_freqItems` per column. Spark's one-pass algorithm may add false positives; Sluice
   * counts exactly, which gives a subset of Spark's answer with every frequent item in it.
   */
  freqItems(cols: readonly string[], support = 0.01): DataFrame {
    if (!(support >= 1e-4 && support <= 1)) throw statFractionOutOfRange("support", formatDouble(support));
    this.assertBatch();
    for (const name of cols) this.df.col(name);
    const plan = this.df.count().then((rows) => {
      const items = cols.map((name) =>
        this.df
          .groupBy(col(name).alias("item"))
          .agg(count(lit(1)).alias("n"))
          .filter(col("n").gt(lit(support * rows)))
          .orderBy(desc("n"))
          .agg(collect_list("item").alias(`${name}_freqItems`)),
      );
      return items.reduce((all, one) => all.crossJoin(one)).plan;
    });
    return new DataFrame(this.df.sparkSession, plan);
  }

  /**
   * A stratified sample without replacement: rows whose `col` value is a key of `fractions` kept with its
   * fraction, other rows left out; the same seed, the same rows.
   */
  sampleBy(
    column: string | Column,
    fractions: Record<string, number> | ReadonlyMap<Stratum, number>,
    seed?: number,
  ): DataFrame {
    const entries = fractions instanceof Map ? [...fractions.entries()] : Object.entries(fractions);
    if (entries.some(([, f]) => !(f >= 0 && f <= 1)))
      throw statFractionOutOfRange(
        "fractions",
        `Map(${entries.map(([k, f]) => `${k} -> ${formatDouble(f)}`).join(", ")})`,
      );
    const stratum = typeof column === "string" ? col(column) : column;
    const s = seed ?? randomSeed();
    const strata = entries.map(([key, f]) =>
      sample(this.df.filter(stratum.eqNullSafe(lit(key))), 0, f, false, s),
    );
    return strata.length > 0 ? strata.reduce((all, one) => all.union(one)) : this.df.limit(0);
  }

  /** One aggregate of two numeric columns, as a number (Spark's NaN where it has no answer). */
  private async aggregate(
    functionName: string,
    col1: string,
    col2: string,
    f: (a: Column, b: Column) => Column,
  ): Promise<number> {
    this.assertBatch();
    for (const name of [col1, col2]) {
      const type = this.numericType(name);
      if (type !== undefined) throw statFunctionArgument(functionName, type);
    }
    const [row] = await this.df
      .select(f(col(col1).cast("double"), col(col2).cast("double")).alias("v"))
      .collect();
    return (row.v as number | null) ?? Number.NaN;
  }

  /** Undefined where the column is numeric; its type's name where it is not (an unknown column throws). */
  private numericType(name: string): string | undefined {
    this.df.col(name); // an unknown column raises Spark's UNRESOLVED_COLUMN
    const type = this.df.schema.field(name)?.dataType;
    if (type instanceof DecimalType || (type instanceof AtomicType && type.isNumeric())) return undefined;
    return type?.simpleString() ?? "unknown";
  }

  private assertBatch(): void {
    if (this.df.isStreaming) throw batchActionOnStreamingDataFrame();
  }
}
