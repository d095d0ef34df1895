/**
 * Logical plans as one DuckDB query: every operator becomes a subquery over its child's, which DuckDB's
 * optimiser flattens. Each operator's expressions compile in the scope of its input (expressionCompiler.ts),
 * whose types are asked of DuckDB over typed empty rows.
 */

import { quoteIdentifier } from "../../duckdb/DuckDB";
import {
  type InputColumn,
  planColumns,
  resolveColumn,
  type Scope,
  uniqueSqlNames,
} from "../analysis/columnResolution";
import { bindOuterReferences, hasSubquery, planExpressions } from "../analysis/subqueries";
import { type Expression, transformExpression } from "../expressions";
import type { LogicalPlan } from "../plan";
import {
  type DataType,
  DayTimeIntervalType,
  declaredType,
  NullType,
  StructType,
  YearMonthIntervalType,
} from "../types";
import {
  aliased,
  compileExpression,
  expressionDeclaredType,
  type SelectItem,
  selectItems,
  unevaluatedUdfSql,
} from "./expressionCompiler";
import { sampleSql } from "./sampleSql";
import { drawsSeeded } from "./seededRandom";

/** SQL for a leaf; the streaming executor and the batch loader bind leaves to the tables holding their data. */
export type LeafResolver = (plan: Extract<LogicalPlan, { kind: "relation" }>) => string;

/** The typed empty relation that stands in for a leaf while a plan is analysed. */
export function placeholderSql(schema: StructType): string {
  if (schema.fields.length === 0) return "SELECT 1 AS __empty WHERE FALSE";
  const names = uniqueSqlNames(schema.fieldNames);
  const columns = schema.fields.map(
    // A void column stays a bare NULL, so DuckDB binds it as its own NULL type, as Spark's NullType.
    (f, i) =>
      `${f.dataType === NullType ? "NULL" : `CAST(NULL AS ${f.dataType.sql()})`} AS ${quoteIdentifier(names[i])}`,
  );
  return `SELECT ${columns.join(", ")} WHERE FALSE`;
}

/** Runs SQL to learn a result's schema without reading data. */
export type SchemaOf = (sql: string) => StructType;

/** The type of each compiled expression over `from`, asked of DuckDB once per expression. */
export function typeOfOver(from: string, schemaOf: SchemaOf): (sql: string) => DataType {
  const cache = new Map<string, DataType>();
  return (sql) => {
    let type = cache.get(sql);
    if (!type) {
      type = schemaOf(`SELECT ${sql} AS __t FROM ${from} LIMIT 0`).fields[0].dataType;
      cache.set(sql, type);
    }
    return type;
  };
}

/**
 * The scope of an operator whose input is `child`'s output. Types are asked over typed empty rows of the
 * child's schema, which binds in DuckDB at once however deep the child's own SQL is.
 */
export function scopeOver(child: LogicalPlan, _from: string, schemaOf: SchemaOf): Scope {
  const typeOf = typeOfOver(`(${placeholderSql(child.schema)}) AS __t`, schemaOf);
  return { schema: child.schema, columns: planColumns(child), typeOf };
}

/** An operator's SQL and the Spark names of its output columns, and whether each may be null. */
export interface CompiledOperator {
  readonly sql: string;
  readonly names: readonly string[];
  readonly nullable: readonly boolean[];
  /**
   * Each column's Spark type where DuckDB's result types do not say it: a collated string type, an interval type
   * (DuckDB has one INTERVAL for Spark's day-time, year-month and calendar intervals).
   */
  readonly declared?: readonly (DataType | undefined)[];
}

/**
 * Compiles a plan to one SQL query: every operator becomes a subquery over its child's, which DuckDB's
 * optimiser flattens. Every operator's SQL outputs its columns under `uniqueSqlNames` of its schema.
 */
export function compilePlan(
  plan: LogicalPlan,
  resolveLeaf: LeafResolver,
  schemaOf: SchemaOf,
  /** SQL standing for a whole subtree (a stateful operator's output in a streaming batch). */
  replace?: (node: LogicalPlan) => string | undefined,
): string {
  return replace?.(plan) ?? compileOperator(plan, resolveLeaf, schemaOf, replace).sql;
}

/** Compiles `plan`, whose own schema may not be known yet (the analyzer's draft): children's must be. */
export function compileOperator(
  plan: LogicalPlan,
  resolveLeaf: LeafResolver,
  schemaOf: SchemaOf,
  replace?: (node: LogicalPlan) => string | undefined,
): CompiledOperator {
  const walk = (node: LogicalPlan, depth: number): string => {
    const replaced = replace?.(node);
    if (replaced !== undefined) return replaced;
    return operator(node, depth).sql;
  };
  const operator = (node: LogicalPlan, depth: number): CompiledOperator => {
    // An operator holding subquery expressions reads its input under an alias of its own, which the subqueries'
    // outer references name (the subqueries' own operators use __s<depth> and could shadow __s<depth>).
    const correlated = planExpressions(node).some(hasSubquery);
    const alias = correlated ? `__q${node.id}` : `__s${depth}`;
    const sub = (child: LogicalPlan) => `(${walk(child, depth + 1)}) AS ${alias}`;
    /** The node with each subquery expression bound: its plan compiled, its outer references read from `alias`. */
    const bound = <N extends LogicalPlan>(n: N): N => {
      if (!correlated || n.kind === "relation" || n.kind === "join" || n.kind === "union") return n;
      const outer: Scope = {
        ...scopeOver(n.child, "", schemaOf),
        columns: planColumns(n.child, alias),
      };
      const bind = (e: Expression) => bindSubqueries(e, outer, resolveLeaf, schemaOf, replace);
      switch (n.kind) {
        case "project":
          return { ...n, exprs: n.exprs.map(bind) };
        case "filter":
          return { ...n, condition: bind(n.condition) };
        case "aggregate":
          return { ...n, groupBy: n.groupBy.map(bind), aggregates: n.aggregates.map(bind) };
        case "sort":
          return { ...n, orders: n.orders.map(bind) };
        default:
          return n;
      }
    };
    node = bound(node);
    const same = (child: LogicalPlan, sql: string): CompiledOperator => ({
      sql,
      names: child.schema.fieldNames,
      nullable: child.schema.fields.map((f) => f.nullable),
      declared: child.schema.fields.map((f) => declaredType(f.dataType)),
    });
    const fromItems = (items: readonly SelectItem[], sql: string): CompiledOperator => ({
      sql,
      names: items.map((i) => i.name),
      nullable: items.map((i) => i.nullable),
      declared: items.map((i) => i.declared),
    });
    switch (node.kind) {
      case "relation":
        return same(node, resolveLeaf(node));
      case "project": {
        const from = sub(node.child);
        const items = selectItems(node.exprs, scopeOver(node.child, from, schemaOf));
        return fromItems(items, `SELECT ${aliased(items).join(", ")} FROM ${from}`);
      }
      case "filter": {
        const from = sub(node.child);
        const condition = compileExpression(node.condition, scopeOver(node.child, from, schemaOf));
        // A seeded random draw numbers the rows, which a WHERE clause cannot: the condition becomes a column.
        if (drawsSeeded(condition))
          return same(
            node.child,
            `SELECT * EXCLUDE (__sluice_keep) FROM (SELECT *, ${condition} AS __sluice_keep FROM ${from}) WHERE __sluice_keep`,
          );
        return same(node.child, `SELECT * FROM ${from} WHERE ${condition}`);
      }
      case "aggregate": {
        const from = sub(node.child);
        const scope = scopeOver(node.child, from, schemaOf);
        const items = selectItems(node.aggregates, scope);
        const groupBy = node.groupBy.map((g) => compileExpression(g, scope));
        const grouping = groupBy.length > 0 ? ` GROUP BY ${groupBy.join(", ")}` : "";
        return fromItems(items, `SELECT ${aliased(items).join(", ")} FROM ${from}${grouping}`);
      }
      case "sort": {
        const from = sub(node.child);
        // `sort()` without columns is Spark's Sort with no orders: the rows as they are.
        if (node.orders.length === 0) return same(node.child, `SELECT * FROM ${from}`);
        const scope = scopeOver(node.child, from, schemaOf);
        const orders = node.orders.map((o) => compileExpression(o, scope)).join(", ");
        return same(node.child, `SELECT * FROM ${from} ORDER BY ${orders}`);
      }
      case "limit":
        return same(node.child, `SELECT * FROM ${sub(node.child)} LIMIT ${node.limit}`);
      case "offset":
        return same(node.child, `SELECT * FROM ${sub(node.child)} OFFSET ${node.offset}`);
      case "sample":
        return same(node.child, sampleSql(node, sub(node.child)));
      case "distinct":
        return same(node.child, `SELECT DISTINCT * FROM ${sub(node.child)}`);
      case "deduplicate": {
        const from = sub(node.child);
        const scope = scopeOver(node.child, from, schemaOf);
        const keys = node.keys.map((k) => resolveColumn([k], scope).sql).join(", ");
        return same(node.child, `SELECT * FROM ${from} QUALIFY row_number() OVER (PARTITION BY ${keys}) = 1`);
      }
      case "union": {
        const sql = `SELECT * FROM (${walk(node.left, depth + 1)}) UNION ALL SELECT * FROM (${walk(node.right, depth + 1)})`;
        return {
          sql,
          names: node.left.schema.fieldNames,
          nullable: node.left.schema.fields.map(
            (f, i) => f.nullable || node.right.schema.fields[i]?.nullable,
          ),
          // An interval column keeps its Spark type, the wider range of its two sides' (Spark's widening);
          // another declared type (TIMESTAMP_NTZ, a collation) where both sides have it or the other is NULL.
          declared: node.left.schema.fields.map((f, i) => {
            const r = node.right.schema.fields[i]?.dataType;
            if (r === undefined) return undefined;
            if (r === NullType) return declaredType(f.dataType);
            if (f.dataType === NullType) return declaredType(r);
            return widerInterval(f.dataType, r) ?? sameDeclared(f.dataType, r);
          }),
        };
      }
      case "watermark":
      case "alias":
      case "collectMetrics":
        return same(node.child, walk(node.child, depth));
      case "join":
        return compileJoin(node, (child) => walk(child, depth + 1), depth, schemaOf);
      case "batchEvalUDF": {
        // Running plans read the node's evaluated rows (BatchEvalUDF); here its results only have their types.
        const results = node.udfs.map((u) => unevaluatedUdfSql(u.udf.dataType));
        const names = uniqueSqlNames(node.schema.fieldNames).slice(node.child.schema.fields.length);
        const items = results.map((sql, i) => `${sql} AS ${quoteIdentifier(names[i])}`);
        return {
          sql: `SELECT *, ${items.join(", ")} FROM ${sub(node.child)}`,
          names: node.schema.fieldNames,
          nullable: node.schema.fields.map((f) => f.nullable),
          declared: node.schema.fields.map((f) => declaredType(f.dataType)),
        };
      }
      case "expand":
        return compileExpand(node, sub(node.child), `__s${depth}`, schemaOf);
      case "flatMapGroupsWithState":
        // The user's function runs in streaming/FlatMapGroupsWithState; here it stands as typed empty rows.
        return {
          sql: placeholderSql(node.spec.outputSchema),
          names: node.spec.outputSchema.fieldNames,
          nullable: node.spec.outputSchema.fields.map((f) => f.nullable),
        };
    }
  };
  return operator(plan, 0);
}

/** Expand as one pass over its child: the child's rows crossed with one row per grouping set. */
function compileExpand(
  node: Extract<LogicalPlan, { kind: "expand" }>,
  from: string,
  alias: string,
  schemaOf: SchemaOf,
): CompiledOperator {
  const scope = scopeOver(node.child, from, schemaOf);
  const count = node.groupingExprs.length;
  const ids = node.groupingSets.map((set) => groupingId(set, count));
  const repeated = new Set(ids).size < ids.length;
  const sets = ids.map((id, pos) => `(CAST(${id} AS BIGINT), ${pos})`).join(", ");
  const added = [
    ...node.groupingExprs.map((g, i) => {
      const bit = 1n << BigInt(count - 1 - i);
      return `CASE WHEN (__g.__gid & ${bit}) = 0 THEN ${compileExpression(g, scope)} END`;
    }),
    "__g.__gid",
    ...(repeated ? ["__g.__gpos"] : []),
  ];
  const names = [...node.child.schema.fieldNames, ...expandedNames(node).slice(0, added.length)];
  const sqlNames = uniqueSqlNames(names).slice(node.child.schema.fields.length);
  const items = added.map((sql, i) => `${sql} AS ${quoteIdentifier(sqlNames[i])}`);
  return {
    sql: `SELECT ${alias}.*, ${items.join(", ")} FROM ${from} CROSS JOIN (VALUES ${sets}) AS __g(__gid, __gpos)`,
    names,
    nullable: [
      ...node.child.schema.fields.map((f) => f.nullable),
      ...node.groupingExprs.map(() => true),
      false,
      ...(repeated ? [false] : []),
    ],
    declared: [
      ...node.child.schema.fields.map((f) => declaredType(f.dataType)),
      ...node.groupingExprs.map((g) => expressionDeclaredType(g, scope)),
    ],
  };
}

/** Spark's grouping id of a set: bit i from the left is 1 where the set leaves grouping expression i out. */
export function groupingId(set: readonly number[], count: number): bigint {
  let id = 0n;
  for (let i = 0; i < count; i += 1) if (!set.includes(i)) id |= 1n << BigInt(count - 1 - i);
  return id;
}

/** The columns Expand adds after its child's: the grouping expressions', the grouping id, the set position. */
function expandedNames(node: Extract<LogicalPlan, { kind: "expand" }>): string[] {
  return [...node.groupingNames, GROUPING_ID_COLUMN, GROUPING_POSITION_COLUMN];
}

/** Spark's names for the columns Expand adds. */
export const GROUPING_ID_COLUMN = "spark_grouping_id";
export const GROUPING_POSITION_COLUMN = "_gen_grouping_pos";

const JOIN_SQL = {
  inner: "JOIN",
  left: "LEFT JOIN",
  right: "RIGHT JOIN",
  full: "FULL JOIN",
  left_semi: "SEMI JOIN",
  left_anti: "ANTI JOIN",
  cross: "CROSS JOIN",
} as const;

/** The scope of a join's condition: both sides' columns, read through their SQL aliases. */
export function joinScope(
  node: Extract<LogicalPlan, { kind: "join" }>,
  left: string,
  right: string,
  from: string,
  schemaOf: SchemaOf,
): Scope & { columns: readonly InputColumn[] } {
  const columns = [...planColumns(node.left, left), ...planColumns(node.right, right)];
  return {
    schema: new StructType([...node.left.schema.fields, ...node.right.schema.fields]),
    columns,
    typeOf: typeOfOver(from, schemaOf),
  };
}

function compileJoin(
  node: Extract<LogicalPlan, { kind: "join" }>,
  walk: (child: LogicalPlan) => string,
  depth: number,
  schemaOf: SchemaOf,
): CompiledOperator {
  const left = `__l${depth}`;
  const right = `__r${depth}`;
  const from = `(${walk(node.left)}) AS ${left}`;
  // A lateral join's right side reads its outer references from the left side's row.
  const leftScope: Scope = {
    schema: node.left.schema,
    columns: planColumns(node.left, left),
    typeOf: typeOfOver(`(${placeholderSql(node.left.schema)}) AS ${left}`, schemaOf),
  };
  const to = node.lateral
    ? `LATERAL (${walk(bindOuterReferences(node.right, (c) => compileExpression(c, leftScope)))}) AS ${right}`
    : `(${walk(node.right)}) AS ${right}`;
  const typed = `(${placeholderSql(node.left.schema)}) AS ${left} CROSS JOIN (${placeholderSql(node.right.schema)}) AS ${right}`;
  const scope = joinScope(node, left, right, typed, schemaOf);
  const leftColumns = scope.columns.slice(0, node.left.schema.fields.length);
  const rightColumns = scope.columns.slice(node.left.schema.fields.length);
  // Outer joins make the other side's columns nullable.
  const leftNullable = node.how === "right" || node.how === "full";
  const rightNullable = node.how === "left" || node.how === "full";
  const item = (c: InputColumn, outer: boolean): SelectItem => ({
    name: c.name,
    sql: c.sql,
    nullable: c.nullable || outer,
    declared: declaredType(c.dataType),
  });
  let items: SelectItem[];
  let on = "";
  if (node.usingColumns) {
    const pairs = node.usingColumns.map((c) => {
      const l = leftColumns.find((x) => x.name.toLowerCase() === c.toLowerCase())!;
      const r = rightColumns.find((x) => x.name.toLowerCase() === c.toLowerCase())!;
      return [l, r] as const;
    });
    on = ` ON ${pairs.map(([l, r]) => `${l.sql} = ${r.sql}`).join(" AND ")}`;
    const merged = pairs.map(([l, r]) => ({
      name: l.name,
      sql: node.how === "right" ? r.sql : node.how === "full" ? `coalesce(${l.sql}, ${r.sql})` : l.sql,
      nullable:
        node.how === "full" ? l.nullable && r.nullable : node.how === "right" ? r.nullable : l.nullable,
      // The kept side's declared type; a full join's merged key only where both sides declare the same.
      declared:
        node.how === "full"
          ? sameDeclared(l.dataType, r.dataType)
          : declaredType((node.how === "right" ? r : l).dataType),
    }));
    const leftUsed = pairs.map(([l]) => l);
    const rightUsed = pairs.map(([, r]) => r);
    items = [
      ...merged,
      ...leftColumns.filter((c) => !leftUsed.includes(c)).map((c) => item(c, leftNullable)),
      ...(node.how === "left_semi" || node.how === "left_anti"
        ? []
        : rightColumns.filter((c) => !rightUsed.includes(c)).map((c) => item(c, rightNullable))),
    ];
  } else {
    if (node.condition) on = ` ON ${compileExpression(node.condition, scope)}`;
    else if (node.how !== "cross") on = " ON TRUE";
    items = leftColumns.map((c) => item(c, leftNullable));
    if (node.how !== "left_semi" && node.how !== "left_anti")
      items.push(...rightColumns.map((c) => item(c, rightNullable)));
  }
  return {
    sql: `SELECT ${aliased(items).join(", ")} FROM ${from} ${JOIN_SQL[node.how]} ${to}${on}`,
    names: items.map((i) => i.name),
    nullable: items.map((i) => i.nullable),
    declared: items.map((i) => i.declared),
  };
}

/** The declared type two columns share (a union's, a full join's merged key), else none: Spark widens them. */
function sameDeclared(a: DataType, b: DataType): DataType | undefined {
  const declared = declaredType(a);
  return declared && a.equals(b) ? declared : undefined;
}

/** The marker `spark.sql` leaves where a temporary view is read. */
export function viewMarker(name: string): string {
  return `/*view:${name.toLowerCase()}*/`;
}

/** Replaces view markers with the views' SQL, compiled with `resolveLeaf`. */
export function inlineViews(
  sql: string,
  views: ReadonlyMap<string, LogicalPlan>,
  resolveLeaf: LeafResolver,
  schemaOf: SchemaOf,
): string {
  return sql.replace(/\/\*view:([^*]+)\*\//g, (_, name: string) =>
    compilePlan(views.get(name)!, resolveLeaf, schemaOf),
  );
}

/** A union's interval column: the wider range of its two sides' intervals of one kind (Spark's widening). */
function widerInterval(left: DataType, right: DataType): DataType | undefined {
  if (left instanceof DayTimeIntervalType && right instanceof DayTimeIntervalType)
    return new DayTimeIntervalType(
      Math.min(left.startField, right.startField),
      Math.max(left.endField, right.endField),
    );
  if (left instanceof YearMonthIntervalType && right instanceof YearMonthIntervalType)
    return new YearMonthIntervalType(
      Math.min(left.startField, right.startField),
      Math.max(left.endField, right.endField),
    );
  return undefined;
}

/**
 * Each subquery expression of `e` with its SQL: its plan compiled as a query of its own, its `outer()` references
 * resolved in `outer` (the holding operator's input, read through its alias), which DuckDB runs as a correlated
 * subquery. An outer name that the outer input lacks fails as Spark's UNRESOLVED_COLUMN.
 */
export function bindSubqueries(
  e: Expression,
  outer: Scope,
  resolveLeaf: LeafResolver,
  schemaOf: SchemaOf,
  replace?: (node: LogicalPlan) => string | undefined,
): Expression {
  return transformExpression(e, (x) => {
    if (x.kind !== "subquery" || x.sql !== undefined) return undefined;
    const plan = bindOuterReferences(x.plan, (child) => compileExpression(child, outer));
    const sql = compilePlan(plan, resolveLeaf, schemaOf, replace);
    return { ...x, sql: x.subqueryType === "scalar" ? `(${sql})` : `EXISTS (${sql})` };
  });
}
