/**
 * Spark's StreamingJoinHelper: what a stream-stream join condition says about when buffered rows can no longer
 * match. Two ways, as in Spark:
 * - a join key carries event time (e.g. both sides joined on `window`): state whose key time is at or behind the
 *   watermark is dropped on both sides;
 * - a range condition bounds one side's time by the other's (`l.t >= r.t AND l.t <= r.t + interval 1 hour`): solved
 *   against the other side's watermark, it gives this side's "state value watermark".
 */

import { quoteIdentifier } from "../../duckdb/DuckDB";
import {
  streamingJoinTypeUnsupported,
  streamStreamJoinWithoutWatermark,
} from "../../errors/QueryCompilationErrors";
import { internalError } from "../../errors/QueryExecutionErrors";
import { resolveColumn } from "../../sql/analysis/columnResolution";
import { compileExpression } from "../../sql/codegen/expressionCompiler";
import { joinScope } from "../../sql/codegen/planCompiler";
import { childrenOf, type Expression } from "../../sql/expressions";
import type { LogicalPlan } from "../../sql/plan";
import type { StructType } from "../../sql/types";
import { type EventTimeColumn, eventTimeColumns } from "../runtime/EventTimeWatermark";

export type JoinNode = Extract<LogicalPlan, { kind: "join" }>;
export type JoinSide = "left" | "right";

/** SQL aliases the helper compiles condition sides with. */
const LEFT = "__jl";
const RIGHT = "__jr";

/** An equi-join key pair: the same value computed on each side. */
export interface JoinKey {
  readonly left: Expression;
  readonly right: Expression;
}

/** How one side's buffered rows become unmatchable. */
export type StateWatermark =
  /** By the join key at `keyIndex` (a time or a window): drop where it is at or behind the watermark. */
  | { readonly kind: "key"; readonly keyIndex: number; readonly column: EventTimeColumn }
  /** By this side's event-time column: drop where it is at or behind watermark + offsetMs. */
  | { readonly kind: "value"; readonly column: EventTimeColumn; readonly offsetMs: number };

export function conjuncts(e: Expression | undefined): Expression[] {
  if (!e) return [];
  if (e.kind === "binary" && e.op === "and") return [...conjuncts(e.left), ...conjuncts(e.right)];
  if (e.kind === "between" && !e.negated) {
    return [
      { kind: "binary", op: ">=", left: e.child, right: e.low },
      { kind: "binary", op: "<=", left: e.child, right: e.high },
    ];
  }
  return [e];
}

/** Which sides an expression's columns come from. */
export function sidesOf(node: JoinNode, e: Expression): Set<JoinSide> {
  const sides = new Set<JoinSide>();
  const visit = (x: Expression) => {
    if (x.kind === "column") {
      const sql = resolveColumn(x.parts, conditionScope(node), x.planId).sql;
      sides.add(sql.startsWith(`${LEFT}.`) || sql.startsWith(`(${LEFT}.`) ? "left" : "right");
      return;
    }
    if (x.kind === "lambda") return;
    for (const c of childrenOf(x)) visit(c);
  };
  visit(e);
  return sides;
}

function conditionScope(node: JoinNode) {
  return joinScope(node, LEFT, RIGHT, "(SELECT 1)", () => {
    throw internalError("types are not needed to place a column");
  });
}

/** The equi-join keys: USING columns, or `l = r` (or `l <=> r`) conjuncts with one side each. */
export function joinKeys(node: JoinNode): JoinKey[] {
  if (node.usingColumns) {
    return node.usingColumns.map((c) => ({
      left: { kind: "column", parts: [c], planId: node.left.id },
      right: { kind: "column", parts: [c], planId: node.right.id },
    }));
  }
  const keys: JoinKey[] = [];
  for (const c of conjuncts(node.condition)) {
    // Null-safe equality is a key too (Spark's ExtractEquiJoinKeys): null keys hash alike and then compare.
    if (c.kind !== "binary" || (c.op !== "=" && c.op !== "<=>")) continue;
    const l = sidesOf(node, c.left);
    const r = sidesOf(node, c.right);
    if (l.size === 1 && r.size === 1 && l.has("left") && r.has("right"))
      keys.push({ left: c.left, right: c.right });
    else if (l.size === 1 && r.size === 1 && l.has("right") && r.has("left"))
      keys.push({ left: c.right, right: c.left });
  }
  return keys;
}

/** The name of the column a key expression reads, where it is a plain column of its side. */
function keyColumnName(node: JoinNode, side: JoinSide, e: Expression): string | undefined {
  if (e.kind !== "column") return undefined;
  const resolved = resolveColumn(
    e.parts,
    conditionScope(node),
    e.planId ?? (side === "left" ? node.left.id : node.right.id),
  );
  return e.parts.length === 1 ? resolved.name : undefined;
}

/** Spark's isWatermarkInJoinKeys: the index of a join key carrying event time on either side. */
export function watermarkedKeyIndex(node: JoinNode): { index: number; column: EventTimeColumn } | undefined {
  const keys = joinKeys(node);
  for (const side of ["left", "right"] as const) {
    const marked = eventTimeColumns(side === "left" ? node.left : node.right);
    for (const [index, key] of keys.entries()) {
      const name = keyColumnName(node, side, key[side]);
      const column = name && marked.find((m) => m.name.toLowerCase() === name.toLowerCase());
      if (column) return { index, column };
    }
  }
  return undefined;
}

interface Term {
  /** Micros, for constants. */
  readonly value?: number;
  readonly column?: { side: JoinSide; name: string };
  readonly negated: boolean;
}

/** Spark's collectTerms: `a + b - c ...` as signed terms, or undefined where the expression is not linear in time. */
function collectTerms(node: JoinNode, e: Expression, negated = false): Term[] | undefined {
  switch (e.kind) {
    case "binary":
      if (e.op === "+" || e.op === "-") {
        const l = collectTerms(node, e.left, negated);
        const r = collectTerms(node, e.right, e.op === "-" ? !negated : negated);
        return l && r ? [...l, ...r] : undefined;
      }
      return undefined;
    case "negate":
      return collectTerms(node, e.child, !negated);
    case "cast":
      return collectTerms(node, e.child, negated);
    case "alias":
      return collectTerms(node, e.child, negated);
    case "interval":
      return e.months !== 0 ? undefined : [{ value: e.micros, negated }];
    case "literal":
      return typeof e.value === "number" ? [{ value: e.value * 1_000_000, negated }] : undefined;
    case "column": {
      const sides = sidesOf(node, e);
      const side = [...sides][0];
      const resolved = resolveColumn(e.parts, conditionScope(node), e.planId);
      return [{ column: { side, name: resolved.name }, negated }];
    }
    default:
      return undefined;
  }
}

/**
 * Spark's getStateValueWatermark: the latest time of `side`'s event-time column that can no longer match any
 * future row of the other side, given the other side's watermark; as an offset from that watermark.
 */
export function stateValueWatermarkOffset(node: JoinNode, side: JoinSide): number | undefined {
  const other: JoinSide = side === "left" ? "right" : "left";
  const otherMarked = eventTimeColumns(other === "left" ? node.left : node.right);
  if (!node.condition || otherMarked.length === 0) return undefined;
  const offsets: number[] = [];
  for (const c of conjuncts(node.condition)) {
    if (c.kind !== "binary") continue;
    // As `l < r`; `<=` forms clean up one millisecond less.
    const [l, r, inclusive] =
      c.op === "<"
        ? [c.left, c.right, false]
        : c.op === "<="
          ? [c.left, c.right, true]
          : c.op === ">"
            ? [c.right, c.left, false]
            : c.op === ">="
              ? [c.right, c.left, true]
              : [undefined, undefined, false];
    if (!l || !r) continue;
    const terms = collectTerms(node, { kind: "binary", op: "-", left: l, right: r });
    if (!terms) continue;
    const mine = terms.filter((t) => t.column?.side === side);
    const theirs = terms.filter((t) => t.column?.side === other);
    // Solvable only as `... - thisTime < 0` with the other side's term its watermarked column.
    if (mine.length !== 1 || !mine[0].negated || theirs.length !== 1 || theirs[0].negated) continue;
    if (!otherMarked.some((m) => m.name.toLowerCase() === theirs[0].column!.name.toLowerCase())) continue;
    const constantMicros = terms
      .filter((t) => t.value !== undefined)
      .reduce((sum, t) => sum + (t.negated ? -t.value! : t.value!), 0);
    const offsetMs = Math.trunc(constantMicros / 1000);
    offsets.push(inclusive ? offsetMs - 1 : offsetMs);
  }
  return offsets.length > 0 ? Math.min(...offsets) : undefined;
}

/** How each side's state is cleaned up (Spark's getStateWatermarkPredicates). */
export function stateWatermarks(node: JoinNode): Record<JoinSide, StateWatermark | undefined> {
  const keyed = watermarkedKeyIndex(node);
  const forSide = (side: JoinSide): StateWatermark | undefined => {
    if (keyed) return { kind: "key", keyIndex: keyed.index, column: keyed.column };
    const own = eventTimeColumns(side === "left" ? node.left : node.right)[0];
    if (!own) return undefined;
    const offsetMs = stateValueWatermarkOffset(node, side);
    return offsetMs === undefined ? undefined : { kind: "value", column: own, offsetMs };
  };
  return { left: forSide("left"), right: forSide("right") };
}

const JOIN_TYPE_NAMES: Record<string, string> = {
  inner: "Inner",
  cross: "Cross",
  left: "LeftOuter",
  right: "RightOuter",
  full: "FullOuter",
  left_semi: "LeftSemi",
  left_anti: "LeftAnti",
};

/** Spark's checkForStreamStreamJoinWatermark for outer and semi joins. */
export function checkStreamStreamJoin(node: JoinNode): void {
  const type = JOIN_TYPE_NAMES[node.how];
  let validRange: boolean;
  switch (node.how) {
    case "left":
    case "left_semi":
      validRange = stateValueWatermarkOffset(node, "left") !== undefined;
      break;
    case "right":
      validRange = stateValueWatermarkOffset(node, "right") !== undefined;
      break;
    case "full":
      validRange =
        stateValueWatermarkOffset(node, "left") !== undefined ||
        stateValueWatermarkOffset(node, "right") !== undefined;
      break;
    default:
      throw streamingJoinTypeUnsupported(type);
  }
  if (watermarkedKeyIndex(node) === undefined && !validRange) {
    throw streamStreamJoinWithoutWatermark(type);
  }
}

/** The join condition (or USING equalities) as SQL over the two sides' rows aliased `left` and `right`. */
export function joinConditionSql(
  node: JoinNode,
  left: string,
  right: string,
  from: string,
  schemaOf: (sql: string) => StructType,
): string {
  if (node.usingColumns) {
    const column = (side: LogicalPlan, c: string) => quoteIdentifier(side.schema.field(c)!.name);
    return node.usingColumns
      .map((c) => `${left}.${column(node.left, c)} = ${right}.${column(node.right, c)}`)
      .join(" AND ");
  }
  if (!node.condition) return "TRUE";
  return compileExpression(node.condition, joinScope(node, left, right, from, schemaOf));
}
