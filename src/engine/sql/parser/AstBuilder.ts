/**
 * Turns a parsed SQL query (SqlParser) into a DataFrame through the DataFrame API's own operators, as Spark's
 * AstBuilder builds the same logical plan the API does: a SELECT over a streaming view is a streaming query.
 * SQL's extra rules live here: GROUP BY ordinals and select aliases, HAVING and ORDER BY on aggregates that
 * are not selected, ORDER BY on columns the select list drops.
 */

import { AnalysisException } from "../../errors";
import {
  inlineTableNumColumnsMismatch,
  orderByPositionOutOfRange,
  unresolvableTableValuedFunction,
} from "../../errors/QueryCompilationErrors";
import { containsAggregate } from "../analysis/checkAnalysis";
import { expressionName } from "../analysis/naming";
import { Column } from "../api/Column";
import type { DataFrame } from "../api/DataFrame";
import { aggregateGroupingSets, isGroupingCall, isGroupingIdColumn } from "../api/groupingSets";
import { sqlPivot, sqlPivotColumns } from "../api/pivot";
import { sqlUnpivot } from "../api/unpivot";
import { isAggregateFunction } from "../codegen/functionRegistry";
import { isGenerator } from "../codegen/generators";
import { type Expression, semanticEquals, stripAlias, transformExpression } from "../expressions";
import { sameName } from "../types";
import type { ParseError } from "./ParseError";
import type { FromClause, Query, SelectQuery } from "./SqlParser";

/** What a query can read: the session's tables, functions and the one-row relation of `SELECT 1`. */
export interface QueryContext {
  /** A temporary view, a memory-sink table or a catalog table or view, by its name's parts; or undefined. */
  table(parts: readonly string[]): DataFrame | undefined;
  /** Spark SQL the planner does not cover, run as DuckDB SQL (batch queries only). */
  sqlText(text: string, reason: ParseError): DataFrame;
  /** A table-valued function (`range`), or undefined where there is none of that name. */
  tableFunction(name: string, args: readonly Expression[]): DataFrame | undefined;
  /** One row, no columns of interest: the input of a SELECT without FROM. */
  oneRow(): DataFrame;
  /** Raised for a name that is neither a view, a table nor a CTE (its parts as written). */
  notFound(parts: readonly string[], pos: number): Error;
}

const col = (e: Expression) => new Column(e);
const columnRef = (name: string): Expression => ({ kind: "column", parts: [name] });

export class AstBuilder {
  constructor(private readonly context: QueryContext) {}

  query(q: Query, ctes: ReadonlyMap<string, DataFrame> = new Map()): DataFrame {
    if (q.kind === "sqlText") return this.context.sqlText(q.text, q.reason);
    let scope = ctes;
    if (q.ctes) {
      const local = new Map(ctes);
      for (const [name, body] of q.ctes) local.set(name.toLowerCase(), this.query(body, local));
      scope = local;
    }
    if (q.kind === "setOperation") {
      let df = this.setOperation(q, scope);
      const orderBy = orderByAll(q.orderBy, df.columns.length, df);
      if (orderBy) df = df.orderBy(...orderBy.map((o) => col(resolveOrdinal(o, df.columns.map(columnRef)))));
      return q.limit !== undefined ? df.limit(q.limit) : df;
    }
    return this.select(q, scope);
  }

  private setOperation(
    q: Extract<Query, { kind: "setOperation" }>,
    ctes: ReadonlyMap<string, DataFrame>,
  ): DataFrame {
    const left = this.query(q.left, ctes);
    const right = this.query(q.right, ctes);
    if (q.op === "union") {
      const union = left.union(right);
      return q.all ? union : union.distinct();
    }
    // INTERSECT ALL and EXCEPT ALL keep duplicates as the DataFrame methods Spark rewrites them to.
    if (q.all) return q.op === "intersect" ? left.intersectAll(right) : left.exceptAll(right);
    if (left.columns.length !== right.columns.length) left.union(right);
    // INTERSECT and EXCEPT compare whole rows, nulls equal: a semi or anti join on every column, deduplicated.
    const l = left.alias("__left");
    const r = right.alias("__right");
    const condition = left.columns
      .map((name, i) =>
        col({ kind: "column", parts: ["__left", name] }).eqNullSafe(
          col({ kind: "column", parts: ["__right", right.columns[i]] }),
        ),
      )
      .reduce((a, b) => a.and(b));
    return l.join(r, condition, q.op === "intersect" ? "left_semi" : "left_anti").distinct();
  }

  private select(query: SelectQuery & Query, ctes: ReadonlyMap<string, DataFrame>): DataFrame {
    let input = query.from ? this.from(query.from, ctes) : this.context.oneRow();
    const q = { ...query, orderBy: orderByAll(query.orderBy, expandStars(query.items, input).length, input) };
    if (q.where) input = input.filter(col(q.where));
    const items = q.items;
    const isAggregate =
      q.groupBy !== undefined ||
      items.some(containsAggregate) ||
      (q.having !== undefined && containsAggregate(q.having));
    let df = isAggregate ? this.aggregate(q, input) : this.project(q, input);
    if (q.limit !== undefined) df = df.limit(q.limit);
    return df;
  }

  /** A plain SELECT: ORDER BY may name output aliases, or input columns the select list drops. */
  private project(q: SelectQuery & Query, input: DataFrame): DataFrame {
    const projected = input.select(...q.items.map(col));
    let df = q.distinct ? projected.distinct() : projected;
    if (!q.orderBy) return df;
    const items = expandStars(q.items, input);
    const orders = q.orderBy.map((o) => resolveOrdinal(o, items));
    try {
      return df.orderBy(...orders.map(col));
    } catch (error) {
      if (q.distinct || !isUnresolved(error)) throw error;
    }
    // Sort the input instead, reading select aliases as the expressions they name.
    const inlined = orders.map((o) => inlineAliases(o, q.items));
    df = input.orderBy(...inlined.map(col)).select(...q.items.map(col));
    return df;
  }

  /**
   * An aggregation: the select list's items are its outputs; HAVING and ORDER BY may use aggregates the
   * list does not hold, which are computed as hidden outputs and dropped at the end.
   */
  private aggregate(q: SelectQuery & Query, input: DataFrame): DataFrame {
    // `SELECT * ... GROUP BY`: the star's columns are outputs like any other, as Spark expands it.
    const items = expandStars(q.items, input);
    // GROUP BY reads input columns first, then select aliases (spark.sql.groupByAliases).
    const groupBy = (isAllColumn(q.groupBy, input) ? groupByAll(items) : (q.groupBy ?? [])).map((g) => {
      const e = resolveOrdinal(g, items);
      const isInput = e.kind === "column" && input.columns.some((c) => sameName(c, e.parts[0]));
      return isInput ? e : inlineAliases(e, items, true);
    });
    const hidden: Expression[] = [];
    const hide = (x: Expression): Expression => {
      const name = `__hidden${hidden.length}`;
      hidden.push({ kind: "alias", child: x, name });
      return columnRef(name);
    };
    // HAVING and ORDER BY read the aggregation's output: selected items by their names, other aggregates and
    // grouping expressions as hidden outputs.
    const overOutput = (e: Expression): Expression =>
      transformExpression(e, (x) => {
        if (x.kind === "sortOrder" || x.kind === "alias") return undefined;
        const item = items.find((i) => semanticEquals(i, x));
        if (item) return columnRef(expressionName(item));
        if (x.kind === "call" && isAggregateFunction(x.name)) return hide(x);
        if (q.groupingSets && (isGroupingCall(x) || isGroupingIdColumn(x))) return hide(x);
        if (groupBy.some((g) => semanticEquals(g, x))) {
          const isAlias = x.kind === "column" && items.some((i) => sameName(expressionName(i), x.parts[0]));
          return isAlias ? undefined : hide(x);
        }
        return undefined;
      });
    const having = q.having && overOutput(q.having);
    const orders = q.orderBy?.map((o) => overOutput(resolveOrdinal(o, items)));
    let df = q.groupingSets
      ? aggregateGroupingSets(input, groupBy, q.groupingSets, [...items, ...hidden])
      : input.derive((child) => ({
          kind: "aggregate",
          child,
          groupBy,
          aggregates: [...items, ...hidden],
        }));
    if (having) df = df.filter(col(having));
    if (q.distinct) df = df.distinct();
    if (orders) df = df.orderBy(...orders.map(col));
    if (hidden.length > 0) {
      const shown = df.columns.slice(0, df.columns.length - hidden.length);
      df = df.select(...shown.map((n) => col(columnRef(n))));
    }
    return df;
  }

  private from(from: FromClause, ctes: ReadonlyMap<string, DataFrame>): DataFrame {
    switch (from.kind) {
      case "table": {
        const cte = from.parts.length === 1 ? ctes.get(from.name.toLowerCase()) : undefined;
        const df = cte ?? this.context.table(from.parts);
        if (!df) throw this.context.notFound(from.parts, from.pos);
        // A view or table comes qualified by its names (`t`, `default.t`...); a CTE by its name.
        return from.alias || cte ? df.alias(from.alias ?? from.name) : df;
      }
      case "subquery": {
        const df = this.query(from.query, ctes);
        return from.alias ? df.alias(from.alias) : df;
      }
      case "function": {
        // A generator in FROM (Spark's generator table-valued functions): its rows, as in a SELECT without FROM.
        const generator: Expression = { kind: "call", name: from.name.toLowerCase(), args: from.args };
        const df = isGenerator(generator)
          ? this.context.oneRow().select(col(generator))
          : this.context.tableFunction(from.name, from.args);
        if (!df) {
          throw unresolvableTableValuedFunction(from.name);
        }
        const named = from.columns ? df.toDF(...from.columns) : df;
        return from.alias ? named.alias(from.alias) : named;
      }
      case "values": {
        const width = from.rows[0].length;
        const odd = from.rows.findIndex((r) => r.length !== width);
        if (odd >= 0) throw inlineTableNumColumnsMismatch(width, from.rows[odd].length, odd);
        const names = from.columns ?? from.rows[0].map((_, i) => `col${i + 1}`);
        const rows = from.rows.map((r) =>
          this.context.oneRow().select(...r.map((e, i) => col({ kind: "alias", child: e, name: names[i] }))),
        );
        const df = rows.reduce((a, b) => a.union(b));
        return from.alias ? df.alias(from.alias) : df;
      }
      case "pivot": {
        // Spark names a subquery without alias `__auto_generated_subquery_name`, which its errors quote.
        const source = this.from(from.child, ctes);
        const child =
          from.child.kind === "subquery" && !from.child.alias
            ? source.alias("__auto_generated_subquery_name")
            : source;
        const df =
          from.columns && from.tuples
            ? sqlPivotColumns(child, from.aggregates, from.columns, from.tuples)
            : sqlPivot(child, from.aggregates, from.column, from.values);
        return from.alias ? df.alias(from.alias) : df;
      }
      case "unpivot": {
        const child = this.from(from.child, ctes);
        const df = sqlUnpivot(child, from.includeNulls, from.valueColumnNames, from.nameColumn, from.columns);
        return from.alias ? df.alias(from.alias) : df;
      }
      case "lateralView":
        return lateralView(this.from(from.child, ctes), from);
      case "join": {
        const left = this.from(from.left, ctes);
        const right = this.from(from.right, ctes);
        if (from.using) return left.join(right, [...from.using], from.how);
        if (from.on) return left.join(right, col(from.on), from.how);
        return left.join(right, undefined, from.how === "inner" ? "cross" : from.how);
      }
    }
  }
}

/**
 * Spark 4's `GROUP BY ALL` / `ORDER BY ALL`: a lone `all` that names no column of the input stands for every
 * select item (GROUP BY: those without an aggregate; ORDER BY: every output column, in order).
 */
function isAllColumn(list: readonly Expression[] | undefined, input: DataFrame): boolean {
  if (list?.length !== 1) return false;
  const e = list[0].kind === "sortOrder" ? list[0].child : list[0];
  return (
    e.kind === "column" &&
    e.parts.length === 1 &&
    e.parts[0].toLowerCase() === "all" &&
    !input.columns.some((c) => sameName(c, "all"))
  );
}

/** GROUP BY ALL's grouping expressions: the select items that hold no aggregate. */
function groupByAll(items: readonly Expression[]): Expression[] {
  return items.filter((i) => !containsAggregate(i)).map(stripAlias);
}

/** ORDER BY ALL [ASC|DESC] [NULLS ...]: the ordinals of every output column, each in the direction given. */
function orderByAll(
  orderBy: readonly Expression[] | undefined,
  width: number,
  input: DataFrame,
): readonly Expression[] | undefined {
  if (!orderBy || !isAllColumn(orderBy, input) || orderBy[0].kind !== "sortOrder") return orderBy;
  const order = orderBy[0];
  return Array.from(
    { length: width },
    (_, i): Expression => ({ ...order, child: { kind: "literal", value: i + 1 } }),
  );
}

/** Generators whose OUTER form is another function (`explode` → `explode_outer`). */
const OUTER_GENERATORS = new Set(["explode", "posexplode", "inline"]);

/**
 * Spark's Generate node of a LATERAL VIEW: the input's columns and the generator's, each generated row beside the
 * row it came from; the generator's columns are named by the AS list (as many names as it makes columns).
 */
function lateralView(input: DataFrame, view: Extract<FromClause, { kind: "lateralView" }>): DataFrame {
  const name =
    view.outer && OUTER_GENERATORS.has(view.generator) ? `${view.generator}_outer` : view.generator;
  const call: Expression = { kind: "call", name, args: view.args };
  const generator: Expression =
    view.columns.length === 0
      ? call
      : {
          kind: "alias",
          child: call,
          name: view.columns[0],
          names: view.columns.length > 1 ? view.columns : undefined,
        };
  return input.derive((child) => ({
    kind: "project",
    child,
    exprs: [{ kind: "star" }, generator],
    generatorQualifier: view.tableAlias,
  }));
}

/**
 * The select list with each `*` / `t.*` / `s.*` replaced by the columns it stands for, so that ordinals count
 * output columns as Spark's do (`SELECT * FROM t ORDER BY 1`). A star whose columns share a name (a join's two
 * `id`s) stays a star: no ordinal can name one of them unambiguously by name.
 */
function expandStars(items: readonly Expression[], input: DataFrame): Expression[] {
  return items.flatMap((item) => {
    if (item.kind !== "star") return [item];
    const names = input.select(col(item)).columns;
    if (new Set(names.map((n) => n.toLowerCase())).size !== names.length) return [item];
    const prefix = item.qualifier === undefined ? [] : item.qualifier.split(".");
    return names.map((name): Expression => ({ kind: "column", parts: [...prefix, name] }));
  });
}

/** `GROUP BY 1` / `ORDER BY 2`: the select item at that position. */
function resolveOrdinal(e: Expression, items: readonly Expression[]): Expression {
  if (e.kind === "sortOrder") return { ...e, child: resolveOrdinal(e.child, items) };
  if (e.kind === "literal" && typeof e.value === "number" && Number.isInteger(e.value)) {
    const item = items[e.value - 1];
    if (!item || item.kind === "star") {
      throw orderByPositionOutOfRange(e.value, items.length);
    }
    return stripAlias(item);
  }
  return e;
}

/** A bare name that is a select alias (and, for GROUP BY, not an input column) stands for the aliased expression. */
function inlineAliases(e: Expression, items: readonly Expression[], onlyTopLevel = false): Expression {
  const replace = (x: Expression): Expression | undefined => {
    if (x.kind !== "column" || x.parts.length !== 1) return undefined;
    const item = items.find((i) => i.kind === "alias" && sameName(i.name, x.parts[0]));
    return item && item.kind === "alias" ? item.child : undefined;
  };
  if (onlyTopLevel) return replace(e) ?? e;
  return transformExpression(e, replace);
}

function isUnresolved(error: unknown): boolean {
  return error instanceof AnalysisException && /UNRESOLVED_COLUMN/.test(error.errorClass ?? "");
}
