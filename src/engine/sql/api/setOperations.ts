/**
 * Spark's INTERSECT and EXCEPT, distinct and ALL, for DataFrames. Rows are compared whole, nulls equal (Spark's
 * `<=>`), columns by position. Distinct forms are a semi or anti join on every column, deduplicated; the ALL
 * forms number the copies of each row first, so a row kept n times is matched copy by copy, as Spark's
 * ReplaceExceptWithAntiJoin / RewriteIntersectAll keep multiplicities.
 */
import { numColumnsMismatch, unsupportedStreamingOperation } from "../../errors/QueryCompilationErrors";
import { Column } from "./Column";
import type { DataFrame } from "./DataFrame";
import { col, lit, row_number } from "./functions";
import { Window } from "./Window";

export type SetOperation = "intersect" | "except";

const COPY = "__copy";

/** `left` INTERSECT / EXCEPT [ALL] `right`, with Spark's checks on the column counts and on streams. */
export function setOperation(left: DataFrame, right: DataFrame, op: SetOperation, all: boolean): DataFrame {
  const name = `${op.toUpperCase()}${all ? " ALL" : ""}`;
  if (left.columns.length !== right.columns.length)
    throw numColumnsMismatch(name, left.columns.length, right.columns.length);
  if (op === "except" && right.isStreaming)
    throw unsupportedStreamingOperation(
      "Except on a streaming DataFrame/Dataset on the right is not supported",
    );
  if (op === "intersect" && left.isStreaming && right.isStreaming)
    throw unsupportedStreamingOperation(
      "Intersect between two streaming DataFrames/Datasets is not supported",
    );
  left.union(right); // Spark's type check of the columns, position by position
  const l = (all ? numbered(left) : left).alias("__left");
  const r = (all ? numbered(right) : right).alias("__right");
  const pairs: [string, string][] = left.columns.map((c, i) => [c, right.columns[i]]);
  if (all) pairs.push([COPY, COPY]);
  const condition = pairs
    .map(([a, b]) =>
      new Column({ kind: "column", parts: ["__left", a] }).eqNullSafe(
        new Column({ kind: "column", parts: ["__right", b] }),
      ),
    )
    .reduce((x: Column, y: Column) => x.and(y));
  const joined = l.join(r, condition, op === "intersect" ? "left_semi" : "left_anti");
  return all ? joined.drop(COPY) : joined.distinct();
}

/** Each row with its copy number among the rows equal to it (1, 2, ...). */
function numbered(df: DataFrame): DataFrame {
  const every = df.columns.map((c) => col(c));
  return df.withColumn(COPY, row_number().over(Window.partitionBy(...every).orderBy(lit(1))));
}
