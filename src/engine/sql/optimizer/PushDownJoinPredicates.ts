/**
 * Two of Spark's optimizer rules for joins, as a streaming query needs them: what a join's condition says about
 * one side alone becomes a filter on that side, as low as it can go. On a stream this is not only speed: a filter
 * below a side's withWatermark keeps the rows it drops out of that side's event times (and so out of the
 * watermark), and a side's rows that can never match are not buffered in the join's state.
 *
 * - PushPredicateThroughJoin: conjuncts of the condition over one side only move to that side (both sides of an
 *   inner or left semi join, the right of a left outer join, the left of a right outer join, none of a full outer
 *   join: a preserved side's rows must reach the join to be emitted with nulls).
 * - InferFiltersFromConstraints: a side's filters on an equi-join key (`value % 2 = 0` on the right of
 *   `leftId = rightId`) hold for the other side's key too; and every column a conjunct of the condition reaches
 *   through null-intolerant expressions is not null (`a.v > b.w + 1`, an interval join's time bounds, an `=`
 *   key but not a `<=>` one); added on the sides the join type allows (as above, the null-supplying side only of
 *   an outer join), as Spark's InferFiltersFromConstraints does.
 *
 * - A filter right above a join (`a.join(b, ..., "left").where(...)`), as Spark's EliminateOuterJoin then
 *   PushPredicateThroughJoin leave it: an outer join whose filter rejects the null-supplying side's nulls is
 *   inner (so it emits no null-padded rows and keeps its state as an inner join does), and the filter's
 *   conjuncts go into the join (see filterThroughJoin), then on to the sides as above.
 *
 * A filter moves through projections (their expressions put in), DataFrame aliases, other filters, and a
 * withWatermark unless it reads the event-time column (PushPredicateThroughNonJoin); it stops anywhere else.
 */
import { internalError } from "../../errors/QueryExecutionErrors";
import { containsAggregate } from "../analysis/checkAnalysis";
import { type InputColumn, planColumns, resolveColumn } from "../analysis/columnResolution";
import {
  anyExpression,
  type Expression,
  isDeterministic,
  stripAlias,
  transformExpression,
} from "../expressions";
import { type LogicalPlan, newPlanId } from "../plan";
import { sameName } from "../types";

type Join = Extract<LogicalPlan, { kind: "join" }>;
type Side = "left" | "right";

/** A column reference by position, with the nested fields it reads. */
interface Position {
  readonly index: number;
  readonly rest: readonly string[];
}

const WINDOWS = new Set(["window", "session_window", "window_time"]);

const NONDETERMINISTIC = new Set([
  "rand",
  "randn",
  "random",
  "uuid",
  "shuffle",
  "monotonically_increasing_id",
  "spark_partition_id",
  "input_file_name",
]);

/** The plan with each join's one-side predicates as filters on its sides. */
export function pushDownJoinPredicates(plan: LogicalPlan): LogicalPlan {
  switch (plan.kind) {
    case "relation":
      return plan;
    case "union": {
      const [left, right] = [pushDownJoinPredicates(plan.left), pushDownJoinPredicates(plan.right)];
      return left === plan.left && right === plan.right ? plan : { ...plan, left, right };
    }
    case "filter": {
      // PushPredicateThroughJoin and EliminateOuterJoin on a filter right above a join.
      const through = plan.child.kind === "join" ? filterThroughJoin(plan, plan.child) : undefined;
      if (through) return pushDownJoinPredicates(through);
      const child = pushDownJoinPredicates(plan.child);
      return child === plan.child ? plan : { ...plan, child };
    }
    case "join": {
      const left = pushDownJoinPredicates(plan.left);
      const right = pushDownJoinPredicates(plan.right);
      const join = left === plan.left && right === plan.right ? plan : { ...plan, left, right };
      return withSideFilters(join);
    }
    default: {
      const child = pushDownJoinPredicates(plan.child);
      return child === plan.child ? plan : ({ ...plan, child } as LogicalPlan);
    }
  }
}

/** A join's output column as the side column it is (undefined for a full outer join's merged USING key). */
function outputSide(join: Join, index: number): { side: Side; index: number } | undefined {
  const width = join.left.schema.fields.length;
  if (!join.usingColumns || join.how === "left_semi" || join.how === "left_anti")
    return index < width ? { side: "left", index } : { side: "right", index: index - width };
  const using = join.usingColumns;
  const leftNames = join.left.schema.fieldNames;
  const rightNames = join.right.schema.fieldNames;
  const isUsing = (n: string) => using.some((c) => sameName(c, n));
  if (index < using.length) {
    if (join.how === "full") return undefined;
    const side: Side = join.how === "right" ? "right" : "left";
    const names = side === "left" ? leftNames : rightNames;
    return { side, index: names.findIndex((n) => sameName(n, using[index])) };
  }
  const leftKept = leftNames.flatMap((n, i) => (isUsing(n) ? [] : [i]));
  const rightKept = rightNames.flatMap((n, i) => (isUsing(n) ? [] : [i]));
  const at = index - using.length;
  return at < leftKept.length
    ? { side: "left", index: leftKept[at] }
    : { side: "right", index: rightKept[at - leftKept.length] };
}

/**
 * A filter right above a join, as Spark's optimizer leaves it:
 * - EliminateOuterJoin: an outer join becomes inner (or a full outer join left or right outer) where the filter
 *   has a conjunct over the null-supplying side alone that cannot be true when that side's columns are all null
 *   (`rightValue > 10` above a left outer join): the rows it pads with nulls would all be dropped anyway.
 * - PushPredicateThroughJoin: conjuncts over one side move below the join (both sides of an inner join, the left
 *   of a left outer, semi or anti join, the right of a right outer join, neither of a full outer join); an inner
 *   join takes the conjuncts over both sides into its condition. The rest stays above the join.
 * Undefined where neither applies.
 */
function filterThroughJoin(
  plan: Extract<LogicalPlan, { kind: "filter" }>,
  join: Join,
): LogicalPlan | undefined {
  const columns = planColumns(join);
  const conjuncts = splitConjuncts(plan.condition).map((c) => ({
    original: c,
    placed: positioned(c, columns),
  }));
  const sidesOf = (e: Expression | undefined): Set<Side | undefined> =>
    new Set(e ? references(e).map((r) => outputSide(join, r.index)?.side) : [undefined]);
  const oneSide = (e: Expression | undefined): Side | undefined => {
    const sides = sidesOf(e);
    return sides.size === 1 && e && isPushable(e) ? [...sides][0] : undefined;
  };
  // EliminateOuterJoin.
  // The filter's conjuncts over one side, and its constraints: the not-null columns each conjunct implies
  // (`x.b + 3 = y.e` gives `x.b IS NOT NULL` and `y.e IS NOT NULL`), as Spark's filter.constraints.
  const notNullSides = new Set(
    conjuncts.flatMap(({ placed }) =>
      placed && deterministic(placed)
        ? nullIntolerantColumns(placed.kind === "isNull" && placed.negated ? placed.child : placed).map(
            (p) => outputSide(join, p.index)?.side,
          )
        : [],
    ),
  );
  const rejectsNulls = (side: Side) =>
    notNullSides.has(side) ||
    conjuncts.some(({ placed }) => oneSide(placed) === side && canFilterOutNull(placed!));
  let how = join.how;
  if (how === "left" && rejectsNulls("right")) how = "inner";
  else if (how === "right" && rejectsNulls("left")) how = "inner";
  else if (how === "full") {
    const [l, r] = [rejectsNulls("left"), rejectsNulls("right")];
    how = l && r ? "inner" : l ? "left" : r ? "right" : how;
  }
  // PushPredicateThroughJoin.
  const pushable: Side[] =
    how === "inner" || how === "cross"
      ? ["left", "right"]
      : how === "left" || how === "left_semi" || how === "left_anti"
        ? ["left"]
        : how === "right"
          ? ["right"]
          : [];
  const toSide: Record<Side, Expression[]> = { left: [], right: [] };
  const intoCondition: Expression[] = [];
  const above: Expression[] = [];
  for (const { original, placed } of conjuncts) {
    const side = oneSide(placed);
    if (side && pushable.includes(side)) {
      toSide[side].push(rebase(placed!, (p) => ({ index: outputSide(join, p.index)!.index, rest: p.rest })));
    } else if (
      (how === "inner" || how === "cross") &&
      !join.usingColumns &&
      placed &&
      sidesOf(placed).size === 2 &&
      !sidesOf(placed).has(undefined) &&
      deterministic(placed) &&
      !containsAggregate(placed)
    ) {
      // Read by name as the join's condition reads its sides (a join without USING outputs both sides' columns).
      intoCondition.push(original);
    } else above.push(original);
  }
  if (how === join.how && toSide.left.length === 0 && toSide.right.length === 0 && intoCondition.length === 0)
    return undefined;
  const left = toSide.left.length > 0 ? pushFilter(join.left, toSide.left.reduce(and)) : join.left;
  const right = toSide.right.length > 0 ? pushFilter(join.right, toSide.right.reduce(and)) : join.right;
  const condition = [...intoCondition, ...(join.condition ? [join.condition] : [])];
  const joined: Join = {
    ...join,
    how: how === "cross" && condition.length > 0 ? "inner" : how,
    left,
    right,
    ...(condition.length > 0 ? { condition: condition.reduce(and) } : {}),
  };
  return above.length > 0 ? { ...plan, child: joined, condition: above.reduce(and) } : joined;
}

/**
 * Spark's EliminateOuterJoin.canFilterOutNull: whether a predicate is null or false where every column it reads
 * is null. Worked out for what null decides (null-intolerant operators, IS [NOT] NULL, AND, OR, NOT); anything
 * else is taken as possibly true, so the join stays outer.
 */
function canFilterOutNull(e: Expression): boolean {
  if (!deterministic(e)) return false;
  const value = withNulls(e);
  return value === null || value === false;
}

/** An expression's value with every column null: null, a known value, or UNKNOWN. */
const UNKNOWN = Symbol("unknown");
function withNulls(e: Expression): unknown {
  switch (e.kind) {
    case "column":
      return null;
    case "literal":
      return e.value ?? null;
    case "alias":
      return withNulls(e.child);
    case "isNull": {
      const v = withNulls(e.child);
      if (v === UNKNOWN) return UNKNOWN;
      return e.negated ? v !== null : v === null;
    }
    case "not": {
      const v = withNulls(e.child);
      return v === null ? null : typeof v === "boolean" ? !v : UNKNOWN;
    }
    case "negate":
    case "cast":
    case "in":
    case "between":
      return withNulls(e.child) === null ? null : UNKNOWN;
    case "binary": {
      const [l, r] = [withNulls(e.left), withNulls(e.right)];
      if (e.op === "and") {
        if (l === false || r === false) return false;
        if (l === true && r === true) return true;
        return (l === null || l === true) && (r === null || r === true) ? null : UNKNOWN;
      }
      if (e.op === "or") {
        if (l === true || r === true) return true;
        if (l === false && r === false) return false;
        return (l === null || l === false) && (r === null || r === false) ? null : UNKNOWN;
      }
      if (e.op === "<=>") {
        if (l === UNKNOWN || r === UNKNOWN) return UNKNOWN;
        return l === null || r === null ? l === r : UNKNOWN;
      }
      if (NULL_INTOLERANT_OPS.has(e.op) && (l === null || r === null)) return null;
      return UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

/** The sides whose rows the join type lets a filter drop before the join. */
function filterableSides(join: Join): Side[] {
  switch (join.how) {
    case "inner":
    case "cross":
    case "left_semi":
      return ["left", "right"];
    case "left":
    case "left_anti":
      return ["right"];
    case "right":
      return ["left"];
    default:
      return [];
  }
}

function withSideFilters(join: Join): LogicalPlan {
  const sides = filterableSides(join);
  if (sides.length === 0) return join;
  const columns = [...planColumns(join.left, "__l"), ...planColumns(join.right, "__r")];
  const width = join.left.schema.fields.length;
  const sideOf = (p: Position): Side => (p.index < width ? "left" : "right");
  /** A predicate over the join's columns as one over a side's (positions from the side's first column). */
  const onSide = (e: Expression, side: Side): Expression =>
    rebase(e, (p) => ({ index: side === "left" ? p.index : p.index - width, rest: p.rest }));
  const found: Record<Side, Expression[]> = { left: [], right: [] };

  const conjuncts = splitConjuncts(join.condition).flatMap((c) => {
    const placed = positioned(c, columns);
    return placed ? [placed] : [];
  });
  // PushPredicateThroughJoin: conjuncts over one side.
  for (const c of conjuncts) {
    const on = new Set(references(c).map(sideOf));
    if (on.size === 1 && isPushable(c)) found[[...on][0]].push(c);
  }
  // InferFiltersFromConstraints on the equi-join keys.
  const inferred = new Set<number>();
  for (const { left, right, nullSafe } of equiKeys(join, conjuncts, sideOf)) {
    const keyed = (key: Position, side: Side) => [
      // The condition's own conjuncts on the key, and the side's filters on it.
      ...conjuncts.filter((c) => references(c).every((r) => r.index === key.index && r.rest.length === 0)),
      ...sideConstraints(
        side === "left" ? join.left : join.right,
        side === "left" ? key.index : key.index - width,
      ).map((c) => rebase(c, () => ({ index: key.index, rest: [] }))),
    ];
    const swap = (e: Expression, from: Position, to: Position) =>
      rebase(e, (p) => (p.index === from.index ? { index: to.index, rest: [] } : p));
    found.left.push(...keyed(right, "right").map((c) => swap(c, right, left)));
    found.right.push(...keyed(left, "left").map((c) => swap(c, left, right)));
    if (!nullSafe) {
      for (const key of [left, right]) {
        if (!inferred.has(key.index)) found[sideOf(key)].push(isNotNull(key, columns));
        inferred.add(key.index);
      }
    }
  }
  // InferFiltersFromConstraints on every conjunct (constructIsNotNullConstraints): a conjunct that must be true
  // cannot be null, so neither can a column it reaches through null-intolerant expressions (`a.v > b.w + 1` gives
  // `a.v IS NOT NULL` and `b.w IS NOT NULL`), each on its own side.
  for (const c of conjuncts) {
    for (const p of nullIntolerantColumns(c.kind === "isNull" && c.negated ? c.child : c)) {
      if (inferred.has(p.index)) continue;
      inferred.add(p.index);
      found[sideOf(p)].push(isNotNull(p, columns));
    }
  }
  let { left, right } = join;
  for (const side of sides) {
    const predicates = found[side].filter(isPushable);
    if (predicates.length === 0) continue;
    const condition = predicates.map((p) => onSide(p, side)).reduce(and);
    if (side === "left") left = pushFilter(join.left, condition);
    else right = pushFilter(join.right, condition);
  }
  return left === join.left && right === join.right ? join : { ...join, left, right };
}

/** The equality conjuncts between a plain column of each side. */
function equiKeys(
  join: Join,
  conjuncts: readonly Expression[],
  sideOf: (p: Position) => Side,
): { left: Position; right: Position; nullSafe: boolean }[] {
  if (join.usingColumns) {
    const width = join.left.schema.fields.length;
    return join.usingColumns.map((c) => ({
      left: { index: join.left.schema.fields.findIndex((f) => sameName(f.name, c)), rest: [] },
      right: { index: width + join.right.schema.fields.findIndex((f) => sameName(f.name, c)), rest: [] },
      nullSafe: false,
    }));
  }
  const keys: { left: Position; right: Position; nullSafe: boolean }[] = [];
  for (const c of conjuncts) {
    if (c.kind !== "binary" || (c.op !== "=" && c.op !== "<=>")) continue;
    const [l, r] = [plainPosition(c.left), plainPosition(c.right)];
    if (!l || !r || sideOf(l) === sideOf(r)) continue;
    const [left, right] = sideOf(l) === "left" ? [l, r] : [r, l];
    keys.push({ left, right, nullSafe: c.op === "<=>" });
  }
  return keys;
}

/** The filters a side's plan puts on its output column `index`: filters met going down through pass-throughs. */
function sideConstraints(plan: LogicalPlan, index: number): Expression[] {
  const out: Expression[] = [];
  let node = plan;
  let at = index;
  for (;;) {
    if (node.kind === "filter") {
      const columns = planColumns(node.child);
      for (const c of splitConjuncts(node.condition)) {
        const placed = positioned(c, columns);
        if (
          placed &&
          isPushable(placed) &&
          references(placed).every((r) => r.index === at && r.rest.length === 0)
        ) {
          out.push(placed);
        }
      }
      node = node.child;
    } else if (node.kind === "watermark" || node.kind === "alias") {
      node = node.child;
    } else if (node.kind === "project") {
      const e = outputExpressions(node)[at];
      const placed = e && positioned(e, planColumns(node.child));
      const through = placed && plainPosition(placed);
      if (!through) break;
      at = through.index;
      node = node.child;
    } else break;
  }
  return out;
}

/** `condition` (over `plan`'s output by position) as a filter as far down `plan` as it may go. */
function pushFilter(plan: LogicalPlan, condition: Expression): LogicalPlan {
  switch (plan.kind) {
    case "filter":
    case "alias":
      return { ...plan, child: pushFilter(plan.child, condition) };
    case "watermark": {
      const eventTime = plan.schema.fields.findIndex((f) => sameName(f.name, plan.eventTime));
      const [down, up] = partition(splitConjuncts(condition), (c) =>
        references(c).every((r) => r.index !== eventTime),
      );
      const pushed = down.length > 0 ? { ...plan, child: pushFilter(plan.child, down.reduce(and)) } : plan;
      return up.length > 0 ? filter(pushed, up.reduce(and)) : pushed;
    }
    case "project": {
      const outputs = outputExpressions(plan);
      const [down, up] = partition(splitConjuncts(condition), (c) =>
        references(c).every((r) => substitutable(outputs[r.index], r.rest)),
      );
      const child = plan.child;
      const positions = planColumns(child);
      const rewritten = down.map((c) =>
        transformExpression(c, (x) => {
          if (x.kind !== "column" || x.index === undefined) return undefined;
          const e = stripAlias(outputs[x.index]!);
          // A nested field of a column passed through is that field of the child's column.
          return e.kind === "column" ? { ...e, parts: [...e.parts, ...x.parts.slice(1)] } : e;
        }),
      );
      const placed = rewritten.flatMap((c) => {
        const p = positioned(c, positions);
        return p ? [p] : [];
      });
      if (placed.length !== rewritten.length) return filter(plan, condition);
      const pushed = placed.length > 0 ? { ...plan, child: pushFilter(child, placed.reduce(and)) } : plan;
      return up.length > 0 ? filter(pushed, up.reduce(and)) : pushed;
    }
    default:
      return filter(plan, condition);
  }
}

/** Whether an output expression can stand in for a column in a filter below its projection. */
function substitutable(e: Expression | undefined, rest: readonly string[]): boolean {
  if (!e) return false;
  const inner = stripAlias(e);
  if (rest.length > 0) return inner.kind === "column";
  return (
    deterministic(inner) &&
    !containsAggregate(inner) &&
    !anyExpression(
      inner,
      (x) =>
        x.kind === "windowFunction" ||
        x.kind === "udf" ||
        x.kind === "star" ||
        // Time windows are computed where their projection runs (TimeWindowing), not as an expression.
        (x.kind === "call" && WINDOWS.has(x.name.toLowerCase())),
    )
  );
}

/** A projection's output expressions by position (`*` stands for each of its child's columns). */
function outputExpressions(plan: Extract<LogicalPlan, { kind: "project" }>): (Expression | undefined)[] {
  const out: (Expression | undefined)[] = [];
  const childColumns = plan.child.schema.fields;
  for (const e of plan.exprs) {
    if (e.kind === "star") {
      if (e.qualifier !== undefined) return [];
      out.push(...childColumns.map((f, i): Expression => ({ kind: "column", parts: [f.name], index: i })));
    } else out.push(e);
  }
  // Generators emit more columns than there are expressions: those cannot be put in.
  return out.length === plan.schema.fields.length ? out : [];
}

function filter(child: LogicalPlan, condition: Expression): LogicalPlan {
  return { kind: "filter", id: newPlanId(), child, condition, schema: child.schema };
}

/** `e` with every column reference by position in `columns`, or undefined where one is not a column of them. */
function positioned(e: Expression, columns: readonly InputColumn[]): Expression | undefined {
  if (anyExpression(e, (x) => x.kind === "lambda" || x.kind === "star")) return undefined;
  const scope = { schema: undefined as never, columns };
  let ok = true;
  const out = transformExpression(e, (x) => {
    if (x.kind !== "column") return undefined;
    const p = columnPosition(x, scope);
    if (!p) {
      ok = false;
      return x;
    }
    return { kind: "column", parts: [columns[p.index].name, ...p.rest], index: p.index };
  });
  return ok ? out : undefined;
}

/** Which input column a reference reads (and which nested fields of it). */
function columnPosition(
  x: Extract<Expression, { kind: "column" }>,
  scope: { columns: readonly InputColumn[]; schema: never },
): Position | undefined {
  if (x.index !== undefined) return { index: x.index, rest: x.parts.slice(1) };
  for (let k = 1; k <= x.parts.length; k++) {
    let sql: string;
    try {
      sql = resolveColumn(x.parts.slice(0, k), scope, x.planId).sql;
    } catch {
      continue;
    }
    const index = scope.columns.findIndex((c) => c.sql === sql);
    if (index >= 0) return { index, rest: x.parts.slice(k) };
  }
  return undefined;
}

/** The positions an expression (already positioned) reads. */
function references(e: Expression): Position[] {
  const out: Position[] = [];
  anyExpression(e, (x) => {
    if (x.kind === "column") {
      if (x.index === undefined) throw internalError("a pushed predicate reads its columns by position");
      out.push({ index: x.index, rest: x.parts.slice(1) });
    }
    return false;
  });
  return out;
}

/** A positioned reference to a whole column, where `e` is one. */
function plainPosition(e: Expression): Position | undefined {
  const inner = stripAlias(e);
  return inner.kind === "column" && inner.index !== undefined && inner.parts.length === 1
    ? { index: inner.index, rest: [] }
    : undefined;
}

/** A positioned expression with its positions moved by `move`. */
function rebase(e: Expression, move: (p: Position) => Position): Expression {
  return transformExpression(e, (x) => {
    if (x.kind !== "column" || x.index === undefined) return undefined;
    const p = move({ index: x.index, rest: x.parts.slice(1) });
    return { ...x, index: p.index };
  });
}

/** A positioned predicate that may move: deterministic, and reading some column. */
function isPushable(e: Expression): boolean {
  return deterministic(e) && references(e).length > 0;
}

function deterministic(e: Expression): boolean {
  return (
    isDeterministic(e) &&
    !anyExpression(e, (x) => x.kind === "call" && NONDETERMINISTIC.has(x.name.toLowerCase()))
  );
}

function isNotNull(p: Position, columns: readonly InputColumn[]): Expression {
  return {
    kind: "isNull",
    child: { kind: "column", parts: [columns[p.index].name], index: p.index },
    negated: true,
  };
}

/** Spark's NullIntolerant binary operators: null in, null out (not `<=>`, `and`, `or`, `||`). */
const NULL_INTOLERANT_OPS = new Set([
  "=",
  "!=",
  "<",
  "<=",
  ">",
  ">=",
  "+",
  "-",
  "*",
  "/",
  "%",
  "div",
  "&",
  "|",
  "^",
  "like",
  "ilike",
  "rlike",
]);

/**
 * The whole columns a positioned predicate reaches through null-intolerant expressions only (Spark's
 * scanNullIntolerantAttribute): where any of them is null, so is the predicate. A BETWEEN is Spark's two
 * comparisons, each conjunct of the condition; a nested field (GetStructField) is not null-intolerant.
 */
function nullIntolerantColumns(e: Expression): Position[] {
  switch (e.kind) {
    case "column":
      return e.index !== undefined && e.parts.length === 1 ? [{ index: e.index, rest: [] }] : [];
    case "binary":
      return NULL_INTOLERANT_OPS.has(e.op)
        ? [...nullIntolerantColumns(e.left), ...nullIntolerantColumns(e.right)]
        : [];
    case "not":
    case "negate":
    case "cast":
      return e.kind === "cast" && e.tryCast ? [] : nullIntolerantColumns(e.child);
    case "between":
      return e.negated ? [] : [e.child, e.low, e.high].flatMap(nullIntolerantColumns);
    default:
      return [];
  }
}

function splitConjuncts(e: Expression | undefined): Expression[] {
  if (!e) return [];
  return e.kind === "binary" && e.op === "and"
    ? [...splitConjuncts(e.left), ...splitConjuncts(e.right)]
    : [e];
}

function and(a: Expression, b: Expression): Expression {
  return { kind: "binary", op: "and", left: a, right: b };
}

function partition<T>(items: readonly T[], test: (t: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((t) => !test(t))];
}
