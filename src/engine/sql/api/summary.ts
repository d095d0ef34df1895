/**
 * Spark's Dataset.summary / describe (StatFunctions.summary): statistics of the numeric and string columns, one
 * row per statistic, every value a string, the statistic's name in the first column `summary`.
 */
import { IllegalArgumentException } from "../../errors";
import { AtomicType, DecimalType } from "../types";
import type { Column } from "./Column";
import type { DataFrame } from "./DataFrame";
import {
  approx_count_distinct,
  avg,
  col,
  count,
  count_distinct,
  lit,
  max,
  min,
  percentile_approx,
  stddev,
} from "./functions";

/** Spark's default statistics for `summary()`. */
export const DEFAULT_STATISTICS = ["count", "mean", "stddev", "min", "25%", "50%", "75%", "max"];

/**
 * The aggregate for one statistic of one column: a string column's mean and stddev read it as numbers, and its
 * percentiles are null.
 */
function statistic(name: string, column: string, numeric: boolean): Column {
  const c = col(column);
  switch (name.toLowerCase()) {
    case "count":
      return count(c);
    case "count_distinct":
      return count_distinct(c);
    case "approx_count_distinct":
      return approx_count_distinct(c);
    case "mean":
      return avg(c.try_cast("double"));
    case "stddev":
      return stddev(c.try_cast("double"));
    case "min":
      return min(c);
    case "max":
      return max(c);
  }
  if (name.endsWith("%")) {
    const percentage = Number(name.slice(0, -1));
    if (name.length > 1 && Number.isFinite(percentage))
      return numeric ? percentile_approx(c, percentage / 100) : lit(null);
    throw new IllegalArgumentException(`Unable to parse ${name} as a percentile`);
  }
  throw new IllegalArgumentException(`${name} is not a recognised statistic`);
}

export function summary(df: DataFrame, statistics: readonly string[]): DataFrame {
  const stats = statistics.length > 0 ? statistics : DEFAULT_STATISTICS;
  const columns = df.schema.fields.filter(
    (f) =>
      f.dataType instanceof DecimalType ||
      (f.dataType instanceof AtomicType && (f.dataType.isNumeric() || f.dataType.name === "string")),
  );
  const order = "__summary_order";
  const rows = stats.map((s, i) =>
    df.agg(
      lit(s).alias("summary"),
      ...columns.map((f) =>
        statistic(s, f.name, f.dataType.simpleString() !== "string")
          .cast("string")
          .alias(f.name),
      ),
      lit(i).alias(order),
    ),
  );
  return rows
    .reduce((all, row) => all.union(row))
    .orderBy(order)
    .drop(order);
}
