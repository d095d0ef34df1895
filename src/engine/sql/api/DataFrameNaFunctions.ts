/** Spark's DataFrameNaFunctions (`df.na`): missing-value handling, the same as the DataFrame's own methods. */
import type { DataFrame } from "./DataFrame";

type Scalar = number | string | boolean | null;

export class DataFrameNaFunctions {
  constructor(private readonly df: DataFrame) {}

  /** Rows without nulls (`how` "any"), not all null ("all"), or with at least `thresh` non-nulls. */
  drop(how: "any" | "all" = "any", thresh?: number, subset?: string | string[]): DataFrame {
    return this.df.dropna(how, thresh, subset);
  }

  /** Nulls replaced by `value` in the columns of its type (all, or `subset`), or per column from a map. */
  fill(value: number | string | boolean | Record<string, unknown>, subset?: string | string[]): DataFrame {
    return this.df.fillna(value, subset);
  }

  /** Values replaced by others, in the columns of the old values' type (see `DataFrame.replace`). */
  replace(
    toReplace: Scalar | Scalar[] | Record<string, Scalar> | ReadonlyMap<Scalar, Scalar>,
    value?: Scalar | Scalar[],
    subset?: string | string[],
  ): DataFrame {
    return this.df.replace(toReplace, value, subset);
  }
}
