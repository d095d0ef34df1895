/**
 * Spark's grouping analytics (its ResolveGroupingAnalytics rule): `cube`, `rollup` and `groupingSets` aggregate
 * once per grouping set. As in Spark, an Expand repeats each input row per set, with the grouping expressions
 * (null where the set leaves them out) and the set's grouping id, and one aggregate groups by those columns; on a
 * stream that aggregate keeps its state like any other. `grouping(col)` and `grouping_id(...)` read the id.
 */
import {
  groupingColInvalid,
  groupingIDMismatch,
  unsupportedGroupingExpression,
  wrongNumArgs,
} from "../../errors/QueryCompilationErrors";
import { expressionName, expressionSql } from "../analysis/naming";
import { isAggregateFunction } from "../codegen/functionRegistry";
import { GROUPING_ID_COLUMN, GROUPING_POSITION_COLUMN, groupingId } from "../codegen/planCompiler";
import {
  anyExpression,
  type Expression,
  semanticEquals,
  stripAlias,
  transformExpression,
} from "../expressions";
import { ByteType, LongType } from "../types";
import type { DataFrame } from "./DataFrame";

/** Grouping sets as indices into the grouping expressions. */
export type GroupingSets = readonly (readonly number[])[];

/** Spark's `cube(a, b)`: every subset, largest first ([a, b], [a], [b], []). */
export function cubeSets(count: number): number[][] {
  const subsets = (from: number): number[][] => {
    if (from === count) return [[]];
    const rest = subsets(from + 1);
    return [...rest.map((s) => [from, ...s]), ...rest];
  };
  return subsets(0);
}

/** Spark's `rollup(a, b)`: every prefix, longest first ([a, b], [a], []). */
export function rollupSets(count: number): number[][] {
  return Array.from({ length: count + 1 }, (_, i) => Array.from({ length: count - i }, (_, j) => j));
}

/**
 * Sets given as expressions, over grouping expressions `cols` (those of the sets that are not there are added,
 * as Spark's GROUPING SETS groups by every expression its sets name).
 */
export function groupingSetsOf(
  sets: readonly (readonly Expression[])[],
  cols: readonly Expression[],
): { exprs: Expression[]; sets: number[][] } {
  const exprs = [...cols];
  const indexOf = (e: Expression) => {
    let i = exprs.findIndex((x) => semanticEquals(stripAlias(x), stripAlias(e)));
    if (i < 0) i = exprs.push(e) - 1;
    return i;
  };
  return { exprs, sets: sets.map((set) => [...new Set(set.map(indexOf))]) };
}

/** Whether `e` is a call of `grouping` or `grouping_id`. */
export function isGroupingCall(e: Expression): boolean {
  return e.kind === "call" && (e.name === "grouping" || e.name === "grouping_id");
}

/** Hive's `grouping__id` column, which Spark reads as `grouping_id()`. */
export function isGroupingIdColumn(e: Expression): boolean {
  return e.kind === "column" && e.parts.length === 1 && e.parts[0].toLowerCase() === "grouping__id";
}

/** Spark's refusal of `grouping()` / `grouping_id()` outside cube, rollup and grouping sets. */
export function checkNoGroupingCalls(exprs: readonly Expression[]): void {
  if (exprs.some((e) => anyExpression(e, isGroupingCall))) throw unsupportedGroupingExpression();
}

const groupingColumn = (i: number) => `__grouping${i}`;
const columnRef = (name: string): Expression => ({ kind: "column", parts: [name] });

/**
 * The aggregation of `df` per grouping set: `outputs` (grouping expressions and aggregates, as `groupBy(...)
 * .agg(...)` has them) read the grouping expressions as the set's values, null where the set leaves one out.
 */
export function aggregateGroupingSets(
  df: DataFrame,
  groupingExprs: readonly Expression[],
  sets: GroupingSets,
  outputs: readonly Expression[],
): DataFrame {
  const count = groupingExprs.length;
  const bare = groupingExprs.map(stripAlias);
  const names = groupingExprs.map((_, i) => groupingColumn(i));
  const sqls = bare.map(expressionSql);
  const ids = sets.map((set) => groupingId(set, count));
  const repeated = new Set(ids).size < ids.length;
  const gid = columnRef(GROUPING_ID_COLUMN);
  const rewrite = (e: Expression): Expression =>
    transformExpression(e, (x) => {
      if (x.kind === "call" && x.name === "grouping") {
        if (x.args.length !== 1) throw wrongNumArgs("grouping", "1", x.args.length);
        const i = bare.findIndex((g) => semanticEquals(g, x.args[0]));
        if (i < 0) throw groupingColInvalid(expressionSql(x.args[0]), sqls);
        // Spark's Grouping: the set's bit for the column, as a byte.
        const shifted = { kind: "call", name: "shiftright", args: [gid, lit(count - 1 - i)] } as const;
        const bit = { kind: "binary", op: "&", left: shifted, right: lit(1) } as const;
        return { kind: "cast", child: bit, dataType: ByteType };
      }
      if (x.kind === "call" && x.name === "grouping_id") {
        const matches = x.args.length === count && x.args.every((a, i) => semanticEquals(a, bare[i]));
        if (x.args.length > 0 && !matches) throw groupingIDMismatch(x.args.map(expressionSql), sqls);
        return { kind: "cast", child: gid, dataType: LongType };
      }
      // Hive's virtual column, as grouping_id().
      if (isGroupingIdColumn(x)) return { kind: "cast", child: gid, dataType: LongType };
      // Aggregates read the input's own columns, not the set's.
      if (x.kind === "call" && isAggregateFunction(x.name)) return x;
      const i = bare.findIndex((g) => semanticEquals(g, x));
      return i >= 0 ? columnRef(names[i]) : undefined;
    });
  const aggregates = outputs.map((out): Expression => {
    if (out.kind === "alias") return { ...out, child: rewrite(out.child) };
    return { kind: "alias", child: rewrite(out), name: expressionName(out) };
  });
  return df
    .derive((child) => ({
      kind: "expand",
      child,
      groupingExprs: bare,
      groupingNames: names,
      groupingSets: sets,
    }))
    .derive((expanded) => ({
      kind: "aggregate",
      child: expanded,
      groupBy: [...names.map(columnRef), gid, ...(repeated ? [columnRef(GROUPING_POSITION_COLUMN)] : [])],
      aggregates,
    }));
}

function lit(value: number): Expression {
  return { kind: "literal", value };
}
