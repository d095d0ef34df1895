/**
 * Spark's window specifications: `Window.partitionBy("dept").orderBy(col("salary").desc())`, used with
 * `row_number().over(w)` or `sum("x").over(w.rowsBetween(Window.unboundedPreceding, Window.currentRow))`.
 */

import type { Expression, FrameBound, WindowFrame } from "../expressions";
import { type ColumnOrName, toColumn } from "./Column";

/** A window specification: partitioning, ordering and frame for window functions used with `over(...)`. */
export class WindowSpec {
  constructor(
    /** Engine internal: the partitioning expressions. */
    readonly partitionExprs: readonly Expression[] = [],
    /** Engine internal: the sort orders. */
    readonly orderExprs: readonly Expression[] = [],
    /** Engine internal: the frame, where one was set. */
    readonly frame?: WindowFrame,
  ) {}

  /** The columns that split rows into independent windows. */
  partitionBy(...cols: (ColumnOrName | ColumnOrName[])[]): WindowSpec {
    return new WindowSpec(
      cols.flat().map((c) => toColumn(c).expr),
      this.orderExprs,
      this.frame,
    );
  }

  /** The order of rows within each partition (columns or sort orders such as `col("t").desc()`). */
  orderBy(...cols: (ColumnOrName | ColumnOrName[])[]): WindowSpec {
    const orders = cols.flat().map((c): Expression => {
      const e = toColumn(c).expr;
      return e.kind === "sortOrder" ? e : { kind: "sortOrder", child: e, ascending: true, nullsFirst: true };
    });
    return new WindowSpec(this.partitionExprs, orders, this.frame);
  }

  /** Rows from `start` to `end`, relative to the current row (negative before it). */
  rowsBetween(start: number, end: number): WindowSpec {
    return new WindowSpec(this.partitionExprs, this.orderExprs, {
      type: "rows",
      start: bound(start),
      end: bound(end),
    });
  }

  /** Rows whose ordering value lies within `start` to `end` of the current row's. */
  rangeBetween(start: number, end: number): WindowSpec {
    return new WindowSpec(this.partitionExprs, this.orderExprs, {
      type: "range",
      start: bound(start),
      end: bound(end),
    });
  }
}

/** Spark's sentinels for unbounded and current-row frame bounds. */
function bound(value: number): FrameBound {
  if (value <= Window.unboundedPreceding) return "unboundedPreceding";
  if (value >= Window.unboundedFollowing) return "unboundedFollowing";
  return value === 0 ? "currentRow" : value;
}

/** Starts a window specification: `Window.partitionBy("user_id").orderBy("ts")`. */
export const Window = {
  /** Frame bound: the partition's first row. */
  unboundedPreceding: Number.MIN_SAFE_INTEGER,
  /** Frame bound: the partition's last row. */
  unboundedFollowing: Number.MAX_SAFE_INTEGER,
  /** Frame bound: the current row. */
  currentRow: 0,
  /** A window partitioned by the given columns. */
  partitionBy: (...cols: (ColumnOrName | ColumnOrName[])[]) => new WindowSpec().partitionBy(...cols),
  /** A window ordered by the given columns. */
  orderBy: (...cols: (ColumnOrName | ColumnOrName[])[]) => new WindowSpec().orderBy(...cols),
  /** A window whose frame is rows `start` to `end` around the current row. */
  rowsBetween: (start: number, end: number) => new WindowSpec().rowsBetween(start, end),
  /** A window whose frame is the rows with ordering values within `start` to `end` of the current row's. */
  rangeBetween: (start: number, end: number) => new WindowSpec().rangeBetween(start, end),
} as const;

/** Ranking and offset functions: they need an ordered window and take no frame of their own. */
export const RANKING_FUNCTIONS = new Set([
  "row_number",
  "rank",
  "dense_rank",
  "percent_rank",
  "cume_dist",
  "ntile",
]);
export const OFFSET_FUNCTIONS = new Set(["lag", "lead"]);

/** The frame Spark uses where none is given, as its names print it. */
export function defaultFrame(e: Extract<Expression, { kind: "windowFunction" }>): WindowFrame {
  const f = e.function;
  if (f.kind === "call" && OFFSET_FUNCTIONS.has(f.name)) {
    const offset = f.args[1]?.kind === "literal" ? Number(f.args[1].value) : 1;
    const at = f.name === "lag" ? -offset : offset;
    return { type: "rows", start: at, end: at };
  }
  if (f.kind === "call" && RANKING_FUNCTIONS.has(f.name)) {
    return { type: "rows", start: "unboundedPreceding", end: "currentRow" };
  }
  return e.orderBy.length > 0
    ? { type: "range", start: "unboundedPreceding", end: "currentRow" }
    : { type: "rows", start: "unboundedPreceding", end: "unboundedFollowing" };
}

/** A frame as SQL: `ROWS BETWEEN 2 PRECEDING AND CURRENT ROW`; `signed` writes offsets as Spark's names do. */
export function frameSql(frame: WindowFrame, signed = false): string {
  const text = (b: FrameBound) => {
    if (b === "unboundedPreceding") return "UNBOUNDED PRECEDING";
    if (b === "unboundedFollowing") return "UNBOUNDED FOLLOWING";
    if (b === "currentRow") return "CURRENT ROW";
    if (signed) return `${b} FOLLOWING`;
    return b < 0 ? `${-b} PRECEDING` : `${b} FOLLOWING`;
  };
  return `${frame.type.toUpperCase()} BETWEEN ${text(frame.start)} AND ${text(frame.end)}`;
}
