/**
 * Spark's LiteralFunctionResolution: `current_date`, `current_timestamp`, `current_user`, `user` and
 * `session_user` written without parentheses are calls of those functions, when no input column has that name.
 */

import { type Expression, transformExpression } from "../expressions";
import type { LogicalPlan } from "../plan";
import type { UnanalysedPlan } from "./Analyzer";

/** Each bare name and the function Spark calls for it (`user` and `session_user` are CurrentUser). */
const LITERAL_FUNCTIONS: Readonly<Record<string, string>> = {
  current_date: "current_date",
  current_timestamp: "current_timestamp",
  current_user: "current_user",
  user: "current_user",
  session_user: "current_user",
};

/** The operator with each unresolvable bare literal-function name replaced by its call. */
export function resolveLiteralFunctions(node: UnanalysedPlan): UnanalysedPlan {
  const inputs = (...plans: LogicalPlan[]) =>
    new Set(plans.flatMap((p) => p.schema.fields.map((f) => f.name.toLowerCase())));
  switch (node.kind) {
    case "project": {
      const names = inputs(node.child);
      return { ...node, exprs: node.exprs.map((e) => resolve(e, names)) };
    }
    case "filter":
      return { ...node, condition: resolve(node.condition, inputs(node.child)) };
    case "aggregate": {
      const names = inputs(node.child);
      return {
        ...node,
        groupBy: node.groupBy.map((e) => resolve(e, names)),
        aggregates: node.aggregates.map((e) => resolve(e, names)),
      };
    }
    case "sort": {
      const names = inputs(node.child);
      return { ...node, orders: node.orders.map((e) => resolve(e, names)) };
    }
    case "join":
      return node.condition
        ? { ...node, condition: resolve(node.condition, inputs(node.left, node.right)) }
        : node;
    default:
      return node;
  }
}

/** `e` with literal-function names bound to calls, except where a column or a lambda parameter has the name. */
function resolve(e: Expression, bound: ReadonlySet<string>): Expression {
  return transformExpression(e, (x) => {
    if (x.kind === "lambda") {
      const inner = new Set([...bound, ...x.params.map((p) => p.toLowerCase())]);
      return { ...x, body: resolve(x.body, inner) };
    }
    if (x.kind !== "column" || x.parts.length !== 1 || x.planId !== undefined || x.index !== undefined)
      return undefined;
    const name = x.parts[0].toLowerCase();
    if (bound.has(name) || !Object.hasOwn(LITERAL_FUNCTIONS, name)) return undefined;
    return { kind: "call", name: LITERAL_FUNCTIONS[name], args: [] };
  });
}
