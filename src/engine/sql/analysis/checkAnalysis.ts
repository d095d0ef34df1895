/**
 * Spark's CheckAnalysis rules that do not need types: an aggregation's outputs must be grouped or aggregated,
 * aggregates do not nest, WHERE holds no aggregate, a select list has at most one generator.
 */

import {
  aggregateFunctionWithNondeterministicExpression,
  groupByAggregate,
  invalidAggregateFilter,
  invalidNonDeterministicExpressions,
  invalidObservedMetrics,
  invalidWhereCondition,
  missingAggregation,
  nestedAggregateFunction,
  nonTimeWindowNotSupportedInStreaming,
} from "../../errors/QueryCompilationErrors";
import { checkNoGroupingCalls } from "../api/groupingSets";
import { isAggregateFunction } from "../codegen/functionRegistry";
import { checkGenerators } from "../codegen/generators";
import {
  anyExpression,
  childrenOf,
  type Expression,
  isDeterministic,
  semanticEquals,
  stripAlias,
} from "../expressions";
import { isStreamingPlan } from "../plan";
import type { UnanalysedPlan } from "./Analyzer";
import { expressionName, expressionSql } from "./naming";

const isAggregateCall = (e: Expression) => e.kind === "call" && isAggregateFunction(e.name);

/** Whether `e` aggregates rows (an aggregate function not computed over a window). */
export function containsAggregate(e: Expression): boolean {
  if (e.kind === "windowFunction") return [...e.partitionBy, ...e.orderBy].some(containsAggregate);
  return isAggregateCall(e) || childrenOf(e).some(containsAggregate);
}

const containsWindow = (e: Expression) => anyExpression(e, (x) => x.kind === "windowFunction");

/**
 * Each window expression in `e`, as Spark's UnsupportedOperationChecker names it: the window function's SQL and its
 * window specification's ("(PARTITION BY ... ROWS BETWEEN ...)").
 */
function windowExpressionsOf(e: Expression): { func: string; spec: string }[] {
  const found: { func: string; spec: string }[] = [];
  anyExpression(e, (x) => {
    if (x.kind !== "windowFunction") return false;
    const sql = expressionSql(x);
    const over = sql.lastIndexOf(" OVER (");
    found.push({ func: sql.slice(0, over), spec: sql.slice(over + " OVER ".length) });
    return false;
  });
  return found;
}

/** The first column reference in `e` that is neither inside an aggregate nor part of a grouping expression. */
function ungroupedColumn(e: Expression, grouping: readonly Expression[]): Expression | undefined {
  if (grouping.some((g) => semanticEquals(g, e))) return undefined;
  if (isAggregateCall(e) || e.kind === "lambda") return undefined;
  if (e.kind === "column") return e;
  for (const child of childrenOf(e)) {
    const found = ungroupedColumn(child, grouping);
    if (found) return found;
  }
  return undefined;
}

function checkAggregate(groupBy: readonly Expression[], outputs: readonly Expression[]): void {
  for (const out of outputs) {
    anyExpression(out, (x) => {
      if (x.kind === "call" && x.filter) checkAggregateFilter(x.filter);
      const arg =
        isAggregateCall(x) && x.kind === "call" ? x.args.find((a) => !isDeterministic(a)) : undefined;
      if (arg) throw aggregateFunctionWithNondeterministicExpression(expressionSql(arg));
      return false;
    });
  }
  for (const g of groupBy) {
    if (containsAggregate(g)) {
      throw groupByAggregate(expressionSql(stripAlias(g)));
    }
  }
  for (const out of outputs) {
    const nested = anyExpression(
      out,
      (x) => isAggregateCall(x) && x.kind === "call" && x.args.some(containsAggregate),
    );
    if (nested) {
      throw nestedAggregateFunction();
    }
    const grouping = groupBy.map(stripAlias);
    const column = ungroupedColumn(stripAlias(out), grouping);
    if (column) throw missingAggregation(expressionSql(column));
  }
}

/** Spark's CheckAnalysis of an aggregate's FILTER: deterministic, with no aggregate and no window function in it. */
function checkAggregateFilter(filter: Expression): void {
  const sql = expressionSql(filter);
  if (!isDeterministic(filter)) throw invalidAggregateFilter(sql, { kind: "NON_DETERMINISTIC" });
  let aggregate: Expression | undefined;
  anyExpression(filter, (x) => {
    if (!aggregate && isAggregateCall(x)) aggregate = x;
    return aggregate !== undefined;
  });
  if (aggregate)
    throw invalidAggregateFilter(sql, { kind: "CONTAINS_AGGREGATE", aggExpr: expressionSql(aggregate) });
  let window: Expression | undefined;
  anyExpression(filter, (x) => {
    if (!window && x.kind === "windowFunction") window = x;
    return window !== undefined;
  });
  if (window)
    throw invalidAggregateFilter(sql, {
      kind: "CONTAINS_WINDOW_FUNCTION",
      windowExpr: expressionSql(window),
    });
}

export function checkOperator(node: UnanalysedPlan): void {
  checkNoGroupingCalls(ownExpressions(node));
  switch (node.kind) {
    case "aggregate":
      checkAggregate(node.groupBy, node.aggregates);
      return;
    case "project":
      checkGenerators(node.exprs);
      if (isStreamingPlan(node.child)) {
        const windowed = node.exprs.filter(containsWindow);
        if (windowed.length > 0) {
          const named = windowed.flatMap((e) =>
            windowExpressionsOf(e).map((w) => ({ ...w, name: expressionName(e) })),
          );
          throw nonTimeWindowNotSupportedInStreaming(
            named.map((w) => w.func),
            named.map((w) => w.name),
            named.map((w) => w.spec),
          );
        }
      }
      return;
    case "join":
      // A join may run its condition on any pairing of rows; Spark keeps it deterministic.
      if (node.condition && !isDeterministic(node.condition)) {
        throw invalidNonDeterministicExpressions([expressionSql(node.condition)]);
      }
      return;
    case "filter":
      if (containsAggregate(node.condition)) {
        const invalid: string[] = [];
        anyExpression(node.condition, (x) => {
          if (isAggregateCall(x)) invalid.push(expressionSql(x));
          return false;
        });
        throw invalidWhereCondition(expressionSql(node.condition), invalid);
      }
      return;
    default:
      return;
  }
}

/** The expressions of an operator that may hold `grouping()` (cube and friends rewrite theirs away). */
function ownExpressions(node: UnanalysedPlan): readonly Expression[] {
  switch (node.kind) {
    case "aggregate":
      return [...node.groupBy, ...node.aggregates];
    case "project":
      return node.exprs;
    case "filter":
      return [node.condition];
    case "sort":
      return node.orders;
    default:
      return [];
  }
}

/**
 * Spark's CheckAnalysis of CollectMetrics: each observed metric aggregates the rows, so a column or a
 * non-deterministic call read outside an aggregate function, a window function, a DISTINCT aggregate, or an aggregate
 * nested in another is refused, naming the whole metric as Spark does (`"sum(sum(a)) AS sum"`).
 */
export function checkObservedMetric(metric: Expression): void {
  const refuse = (subClass: Parameters<typeof invalidObservedMetrics>[0]) =>
    invalidObservedMetrics(subClass, metricSql(metric));
  const check = (e: Expression, seenAggregate: boolean): void => {
    if (e.kind === "windowFunction") throw refuse("WINDOW_EXPRESSIONS_UNSUPPORTED");
    if (isAggregateCall(e)) {
      if (seenAggregate) throw refuse("NESTED_AGGREGATES_UNSUPPORTED");
      if (e.kind === "call" && e.distinct) throw refuse("AGGREGATE_EXPRESSION_WITH_DISTINCT_UNSUPPORTED");
      for (const c of childrenOf(e)) check(c, true);
      return;
    }
    if (e.kind === "column" && !seenAggregate) throw refuse("NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE");
    if (e.kind !== "alias" && !seenAggregate && !isDeterministic(e))
      throw refuse("NON_AGGREGATE_FUNC_ARG_IS_NON_DETERMINISTIC");
    for (const c of childrenOf(e)) check(c, seenAggregate);
  };
  check(metric, false);
}

/** Spark's Alias.sql: the child's SQL, then `AS name`, the name back-quoted unless a plain identifier. */
function metricSql(e: Expression): string {
  if (e.kind !== "alias") return expressionSql(e);
  const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(e.name) ? e.name : `\`${e.name.replaceAll("`", "``")}\``;
  return `${expressionSql(e.child)} AS ${name}`;
}
