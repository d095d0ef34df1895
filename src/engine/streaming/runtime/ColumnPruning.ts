/**
 * Spark's ColumnPruning, for what it buys a streaming file source: which of a streaming relation's columns the
 * query can read at all, so a Parquet source decodes and inserts only those (the seed query needs 2 of the 5
 * columns of its schema). Walks the plan top-down with the columns each node's parent needs; where a node's needs
 * are not plain to see (a star, a join, a union, distinct, arbitrary stateful processing), every column counts.
 * Names are lower case; extra names are harmless, a missing one never happens.
 */
import { childrenOf, type Expression } from "../../sql/expressions";
import type { LogicalPlan } from "../../sql/plan";

/** Column names (lower case), or undefined for "every column". */
type Needed = ReadonlySet<string> | undefined;

/** For each streaming relation (by plan id), the columns the query reads; undefined: all of them. */
export function requiredStreamColumns(plan: LogicalPlan): Map<number, Needed> {
  const out = new Map<number, Needed>();
  const visit = (node: LogicalPlan, needed: Needed): void => {
    if (node.kind === "relation" && node.relation.type === "stream")
      out.set(node.id, union(out.has(node.id) ? out.get(node.id) : new Set(), needed));
    for (const [child, childNeeds] of childrenNeeds(node, needed)) visit(child, childNeeds);
  };
  visit(plan, undefined);
  return out;
}

/** What each child of `node` must provide, given what `node` must provide. */
function childrenNeeds(node: LogicalPlan, needed: Needed): [LogicalPlan, Needed][] {
  switch (node.kind) {
    case "relation":
      return [];
    case "project":
      return [[node.child, namesIn(node.exprs)]];
    case "aggregate":
      return [[node.child, namesIn([...node.groupBy, ...node.aggregates])]];
    case "filter":
      return [[node.child, union(needed, namesIn([node.condition]))]];
    case "sort":
      return [[node.child, union(needed, namesIn(node.orders))]];
    case "batchEvalUDF":
      return [[node.child, union(needed, namesIn(node.udfs))]];
    case "expand":
      return [[node.child, union(needed, namesIn(node.groupingExprs))]];
    case "collectMetrics":
      return [[node.child, union(needed, namesIn(node.metrics))]];
    case "watermark":
      return [[node.child, union(needed, lower([node.eventTime, ...node.eventTime.split(".")]))]];
    case "deduplicate":
      return [[node.child, node.keys.length > 0 ? union(needed, lower(node.keys)) : undefined]];
    case "limit":
    case "offset":
    case "alias":
    case "sample":
      return [[node.child, needed]];
    case "join":
    case "union":
      return [
        [node.left, undefined],
        [node.right, undefined],
      ];
    case "distinct":
    case "flatMapGroupsWithState":
      return [[node.child, undefined]];
  }
}

function union(a: Needed, b: Needed): Needed {
  return a === undefined || b === undefined ? undefined : new Set([...a, ...b]);
}

function lower(names: readonly string[]): Set<string> {
  return new Set(names.map((n) => n.toLowerCase()));
}

/** Every name a column reference in `exprs` mentions (qualifiers and nested fields too); undefined at a star. */
function namesIn(exprs: readonly Expression[]): Needed {
  const names = new Set<string>();
  let all = false;
  const walk = (e: Expression): void => {
    if (e.kind === "star") all = true;
    else if (e.kind === "column") for (const part of e.parts) names.add(part.toLowerCase());
    // count(*) reads no column.
    if (e.kind === "call" && e.name === "count" && e.args.every((a) => a.kind === "star")) return;
    for (const c of childrenOf(e)) walk(c);
  };
  for (const e of exprs) walk(e);
  return all ? undefined : names;
}
