/**
 * Spark 4's subquery expressions built from DataFrames (`df.scalar()`, `df.exists()`, `col.outer()`): the walks
 * over a subquery's plan that find its outer references and bind them to the operator holding the subquery.
 * DuckDB runs correlated subqueries itself, so binding is all there is: each `outer(x)` becomes the SQL of `x`
 * in the outer operator's input, read through that input's alias.
 */
import { unanalyzableExpression } from "../../errors/QueryCompilationErrors";
import { anyExpression, type Expression, transformExpression } from "../expressions";
import { childrenOfPlan, type LogicalPlan } from "../plan";
import { type DataType, NullType } from "../types";
import { operatorExpressions, type UnanalysedPlan } from "./Analyzer";
import { planColumns, resolveColumn, type Scope } from "./columnResolution";
import { expressionSql } from "./naming";

/** The expressions an operator evaluates over its input, an observation's metrics among them. */
export function planExpressions(node: LogicalPlan): readonly Expression[] {
  return node.kind === "collectMetrics" ? node.metrics : operatorExpressions(node);
}

/** The plan with `f` applied to every operator's expressions, children first (not into nested subqueries). */
export function mapPlanExpressions(plan: LogicalPlan, f: (e: Expression) => Expression): LogicalPlan {
  const m = (p: LogicalPlan) => mapPlanExpressions(p, f);
  switch (plan.kind) {
    case "relation":
      return plan;
    case "project":
      return { ...plan, child: m(plan.child), exprs: plan.exprs.map(f) };
    case "filter":
      return { ...plan, child: m(plan.child), condition: f(plan.condition) };
    case "aggregate":
      return {
        ...plan,
        child: m(plan.child),
        groupBy: plan.groupBy.map(f),
        aggregates: plan.aggregates.map(f),
      };
    case "sort":
      return { ...plan, child: m(plan.child), orders: plan.orders.map(f) };
    case "expand":
      return { ...plan, child: m(plan.child), groupingExprs: plan.groupingExprs.map(f) };
    case "collectMetrics":
      return { ...plan, child: m(plan.child), metrics: plan.metrics.map(f) };
    case "join":
      return {
        ...plan,
        left: m(plan.left),
        // A lateral join's right side has outer references of its own, bound to the join's left side.
        right: plan.lateral ? plan.right : m(plan.right),
        condition: plan.condition && f(plan.condition),
      };
    case "union":
      return { ...plan, left: m(plan.left), right: m(plan.right) };
    default:
      return { ...plan, child: m(plan.child) } as LogicalPlan;
  }
}

/** The `outer()` references of a subquery's plan (not those of subqueries nested in it), each once. */
export function outerReferences(plan: LogicalPlan): Extract<Expression, { kind: "outer" }>[] {
  const found: Extract<Expression, { kind: "outer" }>[] = [];
  const seen = new Set<string>();
  for (const node of ownNodes(plan))
    for (const e of planExpressions(node))
      anyExpression(e, (x) => {
        if (x.kind === "outer") {
          const key = JSON.stringify(x.child);
          if (!seen.has(key)) {
            seen.add(key);
            found.push(x);
          }
        }
        return false;
      });
  return found;
}

/** Whether an expression holds a subquery expression. */
export function hasSubquery(e: Expression): boolean {
  return anyExpression(e, (x) => x.kind === "subquery");
}

/** The subquery's plan with each `outer(x)` bound to `bind(x)`: the SQL of `x` in the outer operator's input. */
export function bindOuterReferences(plan: LogicalPlan, bind: (child: Expression) => string): LogicalPlan {
  return mapPlanExpressions(plan, (e) =>
    transformExpression(e, (x) => (x.kind === "outer" ? { ...x, sql: bind(x.child) } : undefined)),
  );
}

/**
 * Spark's UNANALYZABLE_EXPRESSION: a plan about to run, or whose schema is asked, that still holds an `outer()`
 * reference outside any subquery (`spark.range(1).select(col("id") == col("id").outer())`).
 */
export function checkNoOuterReferences(plan: LogicalPlan): void {
  if (checked.has(plan)) return;
  for (const node of ownNodes(plan))
    for (const e of planExpressions(node)) {
      let culprit: Expression | undefined;
      anyExpression(e, (x) => {
        if (x.kind === "outer" && x.sql === undefined) culprit ??= x;
        return false;
      });
      if (culprit) throw unanalyzableExpression(expressionSql(culprit));
    }
  checked.add(plan);
}

/** Plans already found free of unbound outer references. */
const checked = new WeakSet<LogicalPlan>();

/** The plans of the subquery expressions an operator holds (not those nested in them). */
export function subqueryPlans(node: LogicalPlan): LogicalPlan[] {
  const plans: LogicalPlan[] = [];
  for (const e of planExpressions(node))
    anyExpression(e, (x) => {
      if (x.kind === "subquery") plans.push(x.plan);
      return false;
    });
  return plans;
}

/**
 * A subquery's plan analysed again now that its outer query is known: each `outer(x)` stands as a typed NULL of
 * `x`'s type in `outer` (the holding operator's input), so that the subquery's columns computed from outer values
 * get their types, as Spark resolves outer references when it analyses the outer query. An outer name the outer
 * input lacks fails here, as Spark's UNRESOLVED_COLUMN.
 */
export function typeOuterReferences(
  plan: LogicalPlan,
  outer: LogicalPlan,
  analyse: (node: UnanalysedPlan) => LogicalPlan,
): LogicalPlan {
  if (outerReferences(plan).length === 0) return plan;
  const scope: Scope = { schema: outer.schema, columns: planColumns(outer) };
  const typed = bindOuterReferences(plan, (child) => {
    const type = typeOfOuter(child, scope);
    return type === NullType ? "NULL" : `CAST(NULL AS ${type.sql()})`;
  });
  return reanalyse(typed, analyse);
}

function typeOfOuter(e: Expression, scope: Scope): DataType {
  if (e.kind === "column") return resolveColumn(e.parts, scope, e.planId, e.index).dataType;
  if (e.kind === "alias") return typeOfOuter(e.child, scope);
  return NullType;
}

/** Every operator of the plan analysed again, children first (relations keep theirs). */
function reanalyse(plan: LogicalPlan, analyse: (node: UnanalysedPlan) => LogicalPlan): LogicalPlan {
  const r = (p: LogicalPlan) => reanalyse(p, analyse);
  if (plan.kind === "relation") return plan;
  const { schema: _schema, ...rest } = plan;
  if (plan.kind === "join" || plan.kind === "union")
    return analyse({ ...rest, left: r(plan.left), right: r(plan.right) } as UnanalysedPlan);
  return analyse({ ...rest, child: r(plan.child) } as UnanalysedPlan);
}

/** The node with the outer references of its subquery expressions typed against its input (see above). */
export function typeSubqueries(
  node: UnanalysedPlan,
  analyse: (node: UnanalysedPlan) => LogicalPlan,
): UnanalysedPlan {
  if (node.kind !== "project" && node.kind !== "filter" && node.kind !== "aggregate" && node.kind !== "sort")
    return node;
  const child = node.child;
  const type = (e: Expression) =>
    transformExpression(e, (x) =>
      x.kind === "subquery" ? { ...x, plan: typeOuterReferences(x.plan, child, analyse) } : undefined,
    );
  switch (node.kind) {
    case "project":
      return { ...node, exprs: node.exprs.map(type) };
    case "filter":
      return { ...node, condition: type(node.condition) };
    case "aggregate":
      return { ...node, groupBy: node.groupBy.map(type), aggregates: node.aggregates.map(type) };
    case "sort":
      return { ...node, orders: node.orders.map(type) };
  }
}

/** The plan's nodes, children first, without the right sides of lateral joins (their outer references are theirs). */
function ownNodes(plan: LogicalPlan): LogicalPlan[] {
  if (plan.kind === "join" && plan.lateral) return [...ownNodes(plan.left), plan];
  return [...childrenOfPlan(plan).flatMap(ownNodes), plan];
}
