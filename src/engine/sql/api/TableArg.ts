/**
 * Spark 4's TableArg (`df.asTable()`): a DataFrame passed as a table argument to a table-valued function or a
 * user-defined table function, with how its rows are partitioned and ordered for the function. Sluice has no
 * table-valued function that takes a table argument yet, so a TableArg records its partitioning and ordering
 * (what Spark's FunctionTableSubqueryArgumentExpression holds) and no function accepts it.
 */
import type { Expression } from "../expressions";
import { type Column, type ColumnOrName, toColumn } from "./Column";
import type { DataFrame } from "./DataFrame";

export class TableArg {
  constructor(
    /** The DataFrame the argument passes. */
    readonly dataFrame: DataFrame,
    /** `PARTITION BY` expressions, as `partitionBy` gave them. */
    readonly partitionByExprs: readonly Expression[] = [],
    /** `ORDER BY` sort orders, as `orderBy` gave them. */
    readonly orderByExprs: readonly Expression[] = [],
    /** `WITH SINGLE PARTITION`: every row in one partition. */
    readonly withSinglePartitionFlag = false,
  ) {}

  /** The rows partitioned by `cols` for the function (Spark's `TABLE(t) PARTITION BY cols`). */
  partitionBy(...cols: (ColumnOrName | ColumnOrName[])[]): TableArg {
    const exprs = cols.flat().map((c) => toColumn(c).expr);
    return new TableArg(this.dataFrame, [...this.partitionByExprs, ...exprs], this.orderByExprs, false);
  }

  /** Within each partition, the rows ordered by `cols` (Spark's `ORDER BY` after `PARTITION BY`). */
  orderBy(...cols: (ColumnOrName | ColumnOrName[])[]): TableArg {
    const exprs = cols.flat().map((c: ColumnOrName | Column) => toColumn(c).expr);
    return new TableArg(
      this.dataFrame,
      this.partitionByExprs,
      [...this.orderByExprs, ...exprs],
      this.withSinglePartitionFlag,
    );
  }

  /** Every row in one partition (Spark's `WITH SINGLE PARTITION`). */
  withSinglePartition(): TableArg {
    return new TableArg(this.dataFrame, [], this.orderByExprs, true);
  }
}
