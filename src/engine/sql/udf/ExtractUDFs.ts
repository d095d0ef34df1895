/**
 * Spark's ExtractPythonUDFs (with ExtractPythonUDFFromAggregate, ExtractPythonUDFFromJoinCondition and the split
 * of filters), for the functions of both languages: before a plan runs, every user-defined function call moves
 * out of its operator into a BatchEvalUDF node below it, which evaluates the calls over the operator's input
 * rows and appends their results as columns; the operator reads those columns instead.
 *
 * - Calls over other calls are evaluated innermost first, each level in its own BatchEvalUDF above the last.
 * - A filter's conjuncts without calls run first, below the evaluation, so the functions see only the rows they
 *   would pass (Spark's trySplitFilter); a filter or sort keeps its input's columns with a projection on top.
 * - A call over aggregates (`f(sum(v))`) or window functions runs after them: the aggregate (or an inner
 *   projection) computes them as hidden columns, and a projection above calls the function.
 * - A join condition's call that reads one side is evaluated on that side; one that reads both turns an inner
 *   join into a join and a filter, and is refused for the other join types, as Spark refuses it.
 * - A limit directly above the calls is also applied below them, so `show()` calls a function on the rows it
 *   shows only.
 *
 * Node ids of the operators that were there are kept (the topmost node of each rewrite has the old id), so
 * DataFrame-qualified column references still resolve.
 */

import { udfInJoinCondition } from "../../errors/QueryCompilationErrors";
import { type Analyzer, operatorExpressions, type UnanalysedPlan } from "../analysis/Analyzer";
import { containsAggregate } from "../analysis/checkAnalysis";
import { planColumns, resolveColumn, type Scope } from "../analysis/columnResolution";
import { expressionName } from "../analysis/naming";
import { isAggregateFunction } from "../codegen/functionRegistry";
import { isGenerator } from "../codegen/generators";
import {
  anyExpression,
  childrenOf,
  type Expression,
  isDeterministic,
  semanticEquals,
  stripAlias,
  transformExpression,
} from "../expressions";
import { type JoinType, type LogicalPlan, newPlanId, planNodes } from "../plan";
import { StructField, StructType } from "../types";

type UdfCall = Extract<Expression, { kind: "udf" }>;
type Node<K extends LogicalPlan["kind"]> = Extract<LogicalPlan, { kind: K }>;

const isUdf = (e: Expression): e is UdfCall => e.kind === "udf";
const hasUdf = (e: Expression) => anyExpression(e, isUdf);
const hasWindow = (e: Expression) => anyExpression(e, (x) => x.kind === "windowFunction");
const isAggregateCall = (e: Expression) => e.kind === "call" && isAggregateFunction(e.name);

/** The plan as it runs: every user-defined function call in a BatchEvalUDF node (the plan itself if it has none). */
export function extractUDFs(plan: LogicalPlan, analyzer: Analyzer): LogicalPlan {
  if (!planNodes(plan).some((n) => operatorExpressions(n).some(hasUdf))) return plan;
  return new Extraction(analyzer).rewrite(plan);
}

/** A reference to column `index` of `plan`'s output, by position (names may repeat). */
function columnRef(plan: LogicalPlan, index: number): Expression {
  return { kind: "column", parts: [plan.schema.fields[index].name], index };
}

/** Every column of `plan`'s output, by position. */
function allColumns(plan: LogicalPlan): Expression[] {
  return plan.schema.fields.map((_, i) => columnRef(plan, i));
}

function conjuncts(e: Expression): Expression[] {
  return e.kind === "binary" && e.op === "and" ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

function and(parts: readonly Expression[]): Expression {
  return parts.reduce((left, right) => ({ kind: "binary", op: "and", left, right }));
}

/** The calls to evaluate next: those whose arguments call no other function and read no aggregate or window. */
function evaluableCalls(exprs: readonly Expression[]): UdfCall[] {
  const found: UdfCall[] = [];
  const walk = (e: Expression): void => {
    if (isUdf(e) && !e.args.some((a) => hasUdf(a) || containsAggregate(a) || hasWindow(a))) {
      // A deterministic call made twice is evaluated once; a nondeterministic one each time it is written.
      if (!found.some((f) => f === e || (isDeterministic(e) && semanticEquals(f, e)))) found.push(e);
      return;
    }
    for (const c of childrenOf(e)) walk(c);
  };
  for (const e of exprs) walk(e);
  return found;
}

/** Spark's JoinType.sql, as PYTHON_UDF_IN_ON_CLAUSE names it. */
const JOIN_TYPE_SQL: Record<JoinType, string> = {
  inner: "INNER",
  cross: "CROSS",
  left: "LEFT OUTER",
  right: "RIGHT OUTER",
  full: "FULL OUTER",
  left_semi: "LEFT SEMI",
  left_anti: "LEFT ANTI",
};

class Extraction {
  constructor(private readonly analyzer: Analyzer) {}

  rewrite(node: LogicalPlan): LogicalPlan {
    const rewritten = this.withChildren(node);
    if (!operatorExpressions(rewritten).some(hasUdf))
      return rewritten.kind === "limit" ? this.pushLimit(rewritten) : rewritten;
    switch (rewritten.kind) {
      case "project":
        return this.project(rewritten);
      case "filter":
        return this.filter(rewritten);
      case "aggregate":
        return this.aggregate(rewritten);
      case "sort":
        return this.sort(rewritten);
      case "join":
        return this.join(rewritten);
      default:
        return rewritten;
    }
  }

  private withChildren(node: LogicalPlan): LogicalPlan {
    switch (node.kind) {
      case "relation":
        return node;
      case "join":
      case "union": {
        const left = this.rewrite(node.left);
        const right = this.rewrite(node.right);
        return left === node.left && right === node.right ? node : { ...node, left, right };
      }
      default: {
        const child = this.rewrite(node.child);
        return child === node.child ? node : ({ ...node, child } as LogicalPlan);
      }
    }
  }

  private analyse(node: UnanalysedPlan): LogicalPlan {
    return this.analyzer.analyse(node);
  }

  /** A BatchEvalUDF of `calls` over `child`: its columns, then one result column per call. */
  private evaluate(child: LogicalPlan, calls: readonly UdfCall[]): Node<"batchEvalUDF"> {
    const taken = new Set(child.schema.fieldNames.map((n) => n.toLowerCase()));
    let next = 0;
    const results = calls.map((call) => {
      while (taken.has(`__udf${next}`)) next += 1;
      taken.add(`__udf${next}`);
      return new StructField(`__udf${next}`, call.udf.dataType, call.udf.nullable);
    });
    return {
      kind: "batchEvalUDF",
      id: newPlanId(),
      child,
      udfs: calls,
      schema: new StructType([...child.schema.fields, ...results]),
    };
  }

  /**
   * Evaluates the calls of `exprs` over `child`, innermost first: the BatchEvalUDF nodes stacked on `child`, and
   * `exprs` reading their results.
   */
  private evaluateAll(
    child: LogicalPlan,
    exprs: readonly Expression[],
  ): { child: LogicalPlan; exprs: Expression[] } {
    let input = child;
    let current = [...exprs];
    for (let calls = evaluableCalls(current); calls.length > 0; calls = evaluableCalls(current)) {
      const node = this.evaluate(input, calls);
      const first = input.schema.fields.length;
      const refOf = (e: UdfCall) => {
        const i = calls.findIndex((c) => c === e || (isDeterministic(e) && semanticEquals(c, e)));
        return i >= 0 ? columnRef(node, first + i) : undefined;
      };
      current = current.map((e) => transformExpression(e, (x) => (isUdf(x) ? refOf(x) : undefined)));
      input = node;
    }
    return { child: input, exprs: current };
  }

  /** An output item rewritten to read results keeps the name it had (generators name their own columns). */
  private keepName(original: Expression, rewritten: Expression): Expression {
    if (rewritten === original || isGenerator(original) || original.kind === "alias") return rewritten;
    const name = expressionName(original);
    return expressionName(rewritten) === name ? rewritten : { kind: "alias", child: rewritten, name };
  }

  /** A projection of `child`'s first `count` columns, as the operator `id` had them. */
  private keepColumns(id: number, child: LogicalPlan, count: number): LogicalPlan {
    return this.analyse({
      kind: "project",
      id,
      child,
      exprs: allColumns(child).slice(0, count),
    });
  }

  private project(node: Node<"project">): LogicalPlan {
    // `*` would also read the results: it stands for the input's own columns.
    const items = node.exprs.flatMap((e) =>
      e.kind === "star" && e.qualifier === undefined ? allColumns(node.child) : [e],
    );
    if (items.some((e) => anyExpression(e, (x) => isUdf(x) && x.args.some(hasWindow)))) {
      return this.rewrite(this.pullOut(node.id, node.child, items, (x) => x.kind === "windowFunction"));
    }
    const { child, exprs } = this.evaluateAll(node.child, items);
    return { ...node, child, exprs: exprs.map((e, i) => this.keepName(items[i], e)) };
  }

  /**
   * A projection over `child` computing `items` in two steps: the parts `inner` picks (window functions) in a
   * projection of their own, as hidden columns after `child`'s, then the rest over them.
   */
  private pullOut(
    id: number,
    child: LogicalPlan,
    items: readonly Expression[],
    inner: (e: Expression) => boolean,
  ): LogicalPlan {
    const hidden: Expression[] = [];
    const outer = items.map((item) =>
      this.keepName(
        item,
        transformExpression(item, (x) => {
          if (!inner(x)) return undefined;
          let k = hidden.findIndex((h) => semanticEquals(h, x));
          if (k < 0) k = hidden.push(x) - 1;
          return { kind: "column", parts: [`__hidden${k}`], index: child.schema.fields.length + k };
        }),
      ),
    );
    const below = this.analyse({
      kind: "project",
      id: newPlanId(),
      child,
      exprs: [
        ...allColumns(child),
        ...hidden.map((h, k) => ({ kind: "alias", child: h, name: `__hidden${k}` }) as const),
      ],
    });
    return this.analyse({ kind: "project", id, child: below, exprs: outer });
  }

  private filter(node: Node<"filter">): LogicalPlan {
    const parts = conjuncts(node.condition);
    const first = parts.filter((p) => !hasUdf(p) && isDeterministic(p));
    const rest = parts.filter((p) => !first.includes(p));
    const input =
      first.length > 0
        ? this.analyse({ kind: "filter", id: newPlanId(), child: node.child, condition: and(first) })
        : node.child;
    const { child, exprs } = this.evaluateAll(input, [and(rest)]);
    const filtered = this.analyse({ kind: "filter", id: newPlanId(), child, condition: exprs[0] });
    return this.keepColumns(node.id, filtered, node.child.schema.fields.length);
  }

  private sort(node: Node<"sort">): LogicalPlan {
    const { child, exprs } = this.evaluateAll(node.child, node.orders);
    const sorted = this.analyse({ kind: "sort", id: newPlanId(), child, orders: exprs });
    return this.keepColumns(node.id, sorted, node.child.schema.fields.length);
  }

  private aggregate(node: Node<"aggregate">): LogicalPlan {
    const grouping = node.groupBy.map(stripAlias);
    const isGrouping = (x: Expression) => grouping.some((g) => semanticEquals(g, x));
    // A call outside the aggregate functions and the grouping expressions runs on the groups' results.
    const late = (e: Expression): boolean => {
      if (isAggregateCall(e) || isGrouping(e)) return false;
      return isUdf(e) || childrenOf(e).some(late);
    };
    if (node.aggregates.some(late)) return this.rewrite(this.aggregateThenCall(node, late, isGrouping));
    const { child, exprs } = this.evaluateAll(node.child, [...node.groupBy, ...node.aggregates]);
    const groupBy = exprs.slice(0, node.groupBy.length).map((e, i) => this.keepName(node.groupBy[i], e));
    const aggregates = exprs.slice(node.groupBy.length).map((e, i) => this.keepName(node.aggregates[i], e));
    return { ...node, child, groupBy, aggregates };
  }

  /**
   * `f(sum(v))`, `f(k)` for a grouping column `k`: the aggregate computes `sum(v)` and `k` as hidden columns,
   * a projection above calls `f` (Spark's ExtractPythonUDFFromAggregate).
   */
  private aggregateThenCall(
    node: Node<"aggregate">,
    late: (e: Expression) => boolean,
    isGrouping: (e: Expression) => boolean,
  ): LogicalPlan {
    const kept = node.aggregates.filter((a) => !late(a));
    const hidden: Expression[] = [];
    const afterwards = new Map<Expression, Expression>();
    for (const item of node.aggregates.filter(late)) {
      const rewritten = transformExpression(item, (x) => {
        if (!isAggregateCall(x) && !isGrouping(x)) return undefined;
        let k = hidden.findIndex((h) => semanticEquals(h, x));
        if (k < 0) k = hidden.push(x) - 1;
        return { kind: "column", parts: [`__hidden${k}`], index: kept.length + k };
      });
      afterwards.set(item, this.keepName(item, rewritten));
    }
    const aggregated = this.analyse({
      kind: "aggregate",
      id: newPlanId(),
      child: node.child,
      groupBy: node.groupBy,
      aggregates: [
        ...kept,
        ...hidden.map((h, k): Expression => ({ kind: "alias", child: h, name: `__hidden${k}` })),
      ],
    });
    const exprs = node.aggregates.map(
      (item) => afterwards.get(item) ?? columnRef(aggregated, kept.indexOf(item)),
    );
    return this.analyse({ kind: "project", id: node.id, child: aggregated, exprs });
  }

  private join(node: Node<"join">): LogicalPlan {
    const leftCount = node.left.schema.fields.length;
    const sideOf = (e: Expression) => this.sideOf(node, e);
    const parts = conjuncts(node.condition!);
    // A call reading both sides can only run on paired rows: after an inner join, as a filter.
    const paired = parts.filter((p) => anyExpression(p, (x) => isUdf(x) && sideOf(x) === "both"));
    if (paired.length > 0 && node.how !== "inner" && node.how !== "cross") {
      throw udfInJoinCondition(JOIN_TYPE_SQL[node.how]);
    }
    const onSides = parts.filter((p) => !paired.includes(p));
    const callsOn = (side: "left" | "right") => {
      const found: Expression[] = [];
      const walk = (x: Expression): void => {
        if (isUdf(x) && sideOf(x) === side) found.push(x);
        else childrenOf(x).forEach(walk);
      };
      onSides.forEach(walk);
      return found;
    };
    const leftCalls = callsOn("left");
    const rightCalls = callsOn("right");
    const left = this.evaluateAll(node.left, leftCalls);
    const right = this.evaluateAll(node.right, rightCalls);
    const leftWidth = left.child.schema.fields.length;
    // The condition over the new sides: calls read their results, right-side columns sit after the left's.
    const rebase = (e: Expression): Expression =>
      transformExpression(e, (x) => {
        const l = leftCalls.indexOf(x);
        if (l >= 0) return left.exprs[l];
        const r = rightCalls.indexOf(x);
        if (r >= 0) {
          const ref = right.exprs[r];
          return ref.kind === "column" && ref.index !== undefined
            ? { ...ref, index: ref.index + leftWidth }
            : ref;
        }
        if (x.kind === "column" && x.index !== undefined && x.index >= leftCount) {
          return { ...x, index: x.index - leftCount + leftWidth };
        }
        return undefined;
      });
    const condition = onSides.map(rebase);
    let joined = this.analyse({
      kind: "join",
      id: newPlanId(),
      left: left.child,
      right: right.child,
      how: node.how === "cross" && condition.length > 0 ? "inner" : node.how,
      condition: condition.length > 0 ? and(condition) : undefined,
    });
    if (paired.length > 0) {
      const filter = this.analyse({
        kind: "filter",
        id: newPlanId(),
        child: joined,
        condition: and(paired.map(rebase)),
      });
      joined = this.filter(filter as Node<"filter">);
    }
    // The join's own output: each side's columns without the results.
    const columns = allColumns(joined);
    const rightCount = node.right.schema.fields.length;
    const exprs =
      node.how === "left_semi" || node.how === "left_anti"
        ? columns.slice(0, leftCount)
        : [...columns.slice(0, leftCount), ...columns.slice(leftWidth, leftWidth + rightCount)];
    return this.analyse({ kind: "project", id: node.id, child: joined, exprs });
  }

  /** Which side of a join the columns of `e` come from. */
  private sideOf(node: Node<"join">, e: Expression): "left" | "right" | "both" {
    const leftCount = node.left.schema.fields.length;
    const sides = new Set<"left" | "right">();
    const resolves = (scope: Scope, x: Extract<Expression, { kind: "column" }>) => {
      try {
        resolveColumn(x.parts, scope, x.planId);
        return true;
      } catch {
        return false;
      }
    };
    const leftScope: Scope = { schema: node.left.schema, columns: planColumns(node.left) };
    const rightScope: Scope = { schema: node.right.schema, columns: planColumns(node.right) };
    anyExpression(e, (x) => {
      if (x.kind !== "column") return false;
      if (x.index !== undefined) {
        sides.add(x.index < leftCount ? "left" : "right");
        return false;
      }
      const inLeft = resolves(leftScope, x);
      const inRight = resolves(rightScope, x);
      if (inLeft && !inRight) sides.add("left");
      else if (inRight && !inLeft) sides.add("right");
      else {
        sides.add("left");
        sides.add("right");
      }
      return false;
    });
    if (sides.size === 2) return "both";
    return sides.has("right") ? "right" : "left";
  }

  /**
   * `limit(n)` right above calls (through projections without generators or window functions) is also applied
   * below them, so only the rows kept are handed to the functions.
   */
  private pushLimit(node: Node<"limit">): LogicalPlan {
    const path: LogicalPlan[] = [];
    let below: LogicalPlan = node.child;
    while (
      below.kind === "batchEvalUDF" ||
      (below.kind === "project" && !below.exprs.some((e) => isGenerator(e) || hasWindow(e)))
    ) {
      path.push(below);
      below = below.child;
    }
    if (!path.some((p) => p.kind === "batchEvalUDF")) return node;
    let rebuilt: LogicalPlan = {
      kind: "limit",
      id: newPlanId(),
      child: below,
      limit: node.limit,
      schema: below.schema,
    };
    for (const p of path.reverse()) rebuilt = { ...p, child: rebuilt } as LogicalPlan;
    return { ...node, child: rebuilt };
  }
}
