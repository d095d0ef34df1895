/**
 * Spark's DeduplicateRelations, for a join whose right side shares plan nodes with its left: a DataFrame joined
 * with itself (`df.join(df, "v")`) or with one built on it. Spark gives the right side's conflicting relations new
 * attribute ids; here the shared nodes get new plan ids on the right (and the column references above them
 * follow). Each side's columns are then told apart: `df.col("v")` picks the left one, as Spark's attribute ids
 * do, and a streaming join keeps each side's rows, state and batch tables apart.
 */
import { type Expression, transformExpression } from "../expressions";
import { type LogicalPlan, newPlanId, planNodes } from "../plan";

export interface Deduplicated {
  /** The right side, with new ids where it shared nodes with the left (itself where it shared none). */
  readonly right: LogicalPlan;
  /** Old id to new id of each node renumbered. */
  readonly renamed: ReadonlyMap<number, number>;
}

export function deduplicateRelations(left: LogicalPlan, right: LogicalPlan): Deduplicated {
  const leftIds = new Set(planNodes(left).map((n) => n.id));
  const renamed = new Map<number, number>();
  if (!planNodes(right).some((n) => leftIds.has(n.id))) return { right, renamed };
  // A subtree the right side reads twice (a self-union) stays one subtree.
  const copies = new Map<LogicalPlan, LogicalPlan>();
  const copy = (node: LogicalPlan): LogicalPlan => {
    // A subtree without shared nodes is kept as it is.
    if (!planNodes(node).some((n) => leftIds.has(n.id))) return node;
    let done = copies.get(node);
    if (!done) {
      done = renumber(node, copy, renamed, leftIds);
      copies.set(node, done);
    }
    return done;
  };
  return { right: copy(right), renamed };
}

/**
 * Spark's Dataset.join rule for a self-join: `df.col("v") === df.col("v")` is trivially true as written, and
 * means the left side's `v` equals the right side's (equality and null-safe equality only, as Spark).
 */
export function resolveSelfJoinCondition(
  condition: Expression,
  renamed: ReadonlyMap<number, number>,
): Expression {
  if (renamed.size === 0) return condition;
  return transformExpression(condition, (e) => {
    if (e.kind !== "binary" || (e.op !== "=" && e.op !== "<=>")) return undefined;
    const { left: l, right: r } = e;
    if (l.kind !== "column" || r.kind !== "column" || l.planId === undefined || l.planId !== r.planId) {
      return undefined;
    }
    const sameName =
      l.parts.length === r.parts.length &&
      l.parts.every((p, i) => p.toLowerCase() === r.parts[i].toLowerCase());
    const rightId = renamed.get(r.planId!);
    return sameName && rightId !== undefined ? { ...e, right: { ...r, planId: rightId } } : undefined;
  });
}

/** A node over copied children: a new id where the left side has its id, column references renamed. */
function renumber(
  node: LogicalPlan,
  copy: (child: LogicalPlan) => LogicalPlan,
  renamed: Map<number, number>,
  leftIds: ReadonlySet<number>,
): LogicalPlan {
  if (leftIds.has(node.id) && !renamed.has(node.id)) renamed.set(node.id, newPlanId());
  const id = renamed.get(node.id) ?? node.id;
  const e = (x: Expression): Expression =>
    transformExpression(x, (c) => {
      const to = c.kind === "column" && c.planId !== undefined ? renamed.get(c.planId) : undefined;
      return to === undefined ? undefined : { ...c, planId: to };
    });
  switch (node.kind) {
    case "relation":
      return { ...node, id };
    case "join":
      return {
        ...node,
        id,
        left: copy(node.left),
        right: copy(node.right),
        condition: node.condition && e(node.condition),
      };
    case "union":
      return { ...node, id, left: copy(node.left), right: copy(node.right) };
  }
  // Children first: the expressions above them may name their ids.
  const child = copy(node.child);
  switch (node.kind) {
    case "project":
      return { ...node, id, child, exprs: node.exprs.map(e) };
    case "filter":
      return { ...node, id, child, condition: e(node.condition) };
    case "aggregate":
      return { ...node, id, child, groupBy: node.groupBy.map(e), aggregates: node.aggregates.map(e) };
    case "sort":
      return { ...node, id, child, orders: node.orders.map(e) };
    case "expand":
      return { ...node, id, child, groupingExprs: node.groupingExprs.map(e) };
    case "collectMetrics":
      return { ...node, id, child, metrics: node.metrics.map(e) };
    case "flatMapGroupsWithState":
      return { ...node, id, child, groupBy: node.groupBy.map(e) };
    case "batchEvalUDF":
      return { ...node, id, child, udfs: node.udfs.map((u) => ({ ...u, args: u.args.map(e) })) };
    default:
      return { ...node, id, child };
  }
}
