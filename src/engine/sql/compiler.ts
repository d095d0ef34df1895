/**
 * Compiles expressions and logical plans to DuckDB SQL. Column references are resolved here against the
 * input schema (case-insensitively, nested fields included), so unknown names fail with Spark's message.
 */
import { quoteIdentifier, quoteString } from "../duckdb/DuckDB";
import { AnalysisException, unresolvedColumn } from "./errors";
import type { Expression } from "./expressions";
import { lookupFunction } from "./functionRegistry";
import { expressionName, expressionSql } from "./naming";
import type { LogicalPlan } from "./plan";
import { AtomicType, type DataType, DecimalType, MapType, StructType, sameName } from "./types";

/** What the expressions of one operator can see. */
export interface Scope {
  readonly schema: StructType;
  /** Table aliases in scope (joins) and the schema each side contributes. */
  readonly sides?: readonly ScopeSide[];
  /** Lambda parameters in scope. */
  readonly lambdaParams?: readonly string[];
  /** The type of a compiled expression over this scope, where the compiler needs it (sum's result type). */
  readonly typeOf?: (sql: string) => DataType;
}

export interface ScopeSide {
  readonly sqlAlias: string;
  readonly schema: StructType;
  /** DataFrame aliases (`df.alias("a")`) and plan ids that name this side. */
  readonly names: readonly string[];
  readonly planIds: ReadonlySet<number>;
}

const BINARY_SQL: Record<string, string> = {
  "=": "=",
  "<=>": "IS NOT DISTINCT FROM",
  "!=": "<>",
  "<": "<",
  "<=": "<=",
  ">": ">",
  ">=": ">=",
  and: "AND",
  or: "OR",
  "+": "+",
  "-": "-",
  "*": "*",
  "/": "/",
  "%": "%",
  div: "//",
  like: "LIKE",
  ilike: "ILIKE",
  "||": "||",
  "&": "&",
  "|": "|",
};

/** Where a column reference points: the SQL to read it and its type. */
export interface ResolvedColumn {
  sql: string;
  dataType: DataType;
  name: string;
}

/** All names a user could have meant, for "Did you mean" suggestions. */
function candidateNames(scope: Scope): string[] {
  if (scope.sides) {
    return scope.sides.flatMap((s) =>
      s.schema.fieldNames.map((n) => (s.names[0] ? `${s.names[0]}.${n}` : n)),
    );
  }
  return scope.schema.fieldNames;
}

export function resolveColumn(parts: readonly string[], scope: Scope, planId?: number): ResolvedColumn {
  const display = parts.map((p) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? p : `\`${p}\``)).join(".");
  if (scope.lambdaParams?.some((p) => sameName(p, parts[0]))) {
    return {
      sql: [parts[0], ...parts.slice(1).map(quoteIdentifier)].join("."),
      dataType: new AtomicType("null"),
      name: parts[parts.length - 1],
    };
  }
  const attempt = (
    schema: StructType,
    rest: readonly string[],
    prefix: string,
  ): ResolvedColumn | undefined => {
    const field = schema.field(rest[0]);
    if (!field) return undefined;
    let sql = `${prefix}${quoteIdentifier(field.name)}`;
    let type: DataType = field.dataType;
    let name = field.name;
    for (const part of rest.slice(1)) {
      if (!(type instanceof StructType)) return undefined;
      const nested = type.field(part);
      if (!nested) return undefined;
      sql = `(${sql}).${quoteIdentifier(nested.name)}`;
      type = nested.dataType;
      name = nested.name;
    }
    return { sql, dataType: type, name };
  };
  if (scope.sides) {
    // A column of a join: pick the side by plan id (df1.col("x")), by alias (a.x), or by a unique name.
    const bySide = (side: ScopeSide) => attempt(side.schema, parts, `${side.sqlAlias}.`);
    if (planId !== undefined) {
      const side = scope.sides.find((s) => s.planIds.has(planId));
      const found = side && bySide(side);
      if (found) return found;
    }
    if (parts.length > 1) {
      const side = scope.sides.find((s) => s.names.some((n) => sameName(n, parts[0])));
      const found = side && attempt(side.schema, parts.slice(1), `${side.sqlAlias}.`);
      if (found) return found;
    }
    const matches = scope.sides.map(bySide).filter((m) => m !== undefined);
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) {
      throw new AnalysisException(
        `Reference \`${display}\` is ambiguous, could be: [${scope.sides.map((s) => `\`${s.names[0] ?? s.sqlAlias}\`.\`${parts[0]}\``).join(", ")}]. SQLSTATE: 42704`,
        "AMBIGUOUS_REFERENCE",
        { name: display },
      );
    }
    throw unresolvedColumn(display, candidateNames(scope));
  }
  const found = attempt(scope.schema, parts, "");
  if (found) return found;
  throw unresolvedColumn(display, candidateNames(scope));
}

function literalSql(value: unknown, dataType?: DataType): string {
  let sql: string;
  if (value === null || value === undefined) sql = "NULL";
  else if (typeof value === "string") sql = quoteString(value);
  else if (typeof value === "boolean") sql = value ? "TRUE" : "FALSE";
  else if (typeof value === "bigint") sql = `CAST(${value} AS BIGINT)`;
  else if (typeof value === "number") {
    if (Number.isNaN(value)) sql = "CAST('NaN' AS DOUBLE)";
    else if (!Number.isFinite(value)) sql = `CAST('${value > 0 ? "Infinity" : "-Infinity"}' AS DOUBLE)`;
    else if (Number.isInteger(value))
      sql = Math.abs(value) <= 2147483647 ? String(value) : `CAST(${value} AS BIGINT)`;
    else sql = `CAST(${value} AS DOUBLE)`;
  } else if (value instanceof Date) sql = `make_timestamp(CAST(${value.getTime()} AS BIGINT) * 1000)`;
  else if (Array.isArray(value)) sql = `[${value.map((v) => literalSql(v)).join(", ")}]`;
  else if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    sql = `struct_pack(${entries.map(([k, v]) => `${quoteIdentifier(k)} := ${literalSql(v)}`).join(", ")})`;
  } else
    throw new AnalysisException(`Unsupported literal ${String(value)}`, "UNSUPPORTED_FEATURE.LITERAL_TYPE");
  return dataType ? `CAST(${sql} AS ${dataType.sql()})` : sql;
}

function isIntegral(type: DataType): boolean {
  return type instanceof AtomicType && ["byte", "short", "integer", "long"].includes(type.name);
}

/** Compiles one expression; aliases are dropped (the select list names its items). */
export function compileExpression(e: Expression, scope: Scope): string {
  const c = (x: Expression) => compileExpression(x, scope);
  switch (e.kind) {
    case "column":
      return resolveColumn(e.parts, scope, e.planId).sql;
    case "star":
      throw new AnalysisException(
        `Invalid usage of '*' in expression '${expressionSql(e)}'.`,
        "INVALID_USAGE_OF_STAR_OR_REGEX",
      );
    case "literal":
      return literalSql(e.value, e.dataType);
    case "interval":
      return `(to_months(${e.months}) + to_microseconds(CAST(${e.micros} AS BIGINT)))`;
    case "call":
      return compileCall(e, scope);
    case "binary": {
      if (e.op === "rlike") return `regexp_matches(${c(e.left)}, ${c(e.right)})`;
      if (e.op === "^") return `xor(${c(e.left)}, ${c(e.right)})`;
      return `(${c(e.left)} ${BINARY_SQL[e.op]} ${c(e.right)})`;
    }
    case "not":
      return `(NOT ${c(e.child)})`;
    case "negate":
      return `(- ${c(e.child)})`;
    case "isNull":
      return `(${c(e.child)} IS ${e.negated ? "NOT " : ""}NULL)`;
    case "in":
      if (e.list.length === 0) return e.negated ? "TRUE" : "FALSE";
      return `(${c(e.child)} ${e.negated ? "NOT " : ""}IN (${e.list.map(c).join(", ")}))`;
    case "between":
      return `(${c(e.child)} ${e.negated ? "NOT " : ""}BETWEEN ${c(e.low)} AND ${c(e.high)})`;
    case "alias":
      return c(e.child);
    case "cast":
      return `${e.tryCast ? "TRY_CAST" : "CAST"}(${c(e.child)} AS ${e.dataType.sql()})`;
    case "case": {
      const branches = e.branches.map(([cond, value]) => ` WHEN ${c(cond)} THEN ${c(value)}`).join("");
      return `(CASE${branches}${e.otherwise ? ` ELSE ${c(e.otherwise)}` : ""} END)`;
    }
    case "extract": {
      const child = c(e.child);
      if (e.key.kind === "literal" && typeof e.key.value === "string") {
        const type = scope.typeOf?.(child);
        if (type instanceof MapType) return `${child}[${quoteString(e.key.value)}]`;
        if (type instanceof StructType) {
          const field = type.field(e.key.value);
          if (!field) throw unresolvedColumn(`${expressionSql(e.child)}.${e.key.value}`, type.fieldNames);
          return `(${child}).${quoteIdentifier(field.name)}`;
        }
        return `(${child}).${quoteIdentifier(e.key.value)}`;
      }
      const type = scope.typeOf?.(child);
      if (type instanceof MapType) return `${child}[${c(e.key)}]`;
      // Spark's arrays are indexed from 0, DuckDB's from 1.
      return `${child}[(${c(e.key)}) + 1]`;
    }
    case "sortOrder":
      return `${c(e.child)} ${e.ascending ? "ASC" : "DESC"} NULLS ${e.nullsFirst ? "FIRST" : "LAST"}`;
    case "lambda": {
      const inner: Scope = { ...scope, lambdaParams: [...(scope.lambdaParams ?? []), ...e.params] };
      return `(lambda ${e.params.join(", ")}: ${compileExpression(e.body, inner)})`;
    }
  }
}

function compileCall(e: Extract<Expression, { kind: "call" }>, scope: Scope): string {
  const spec = lookupFunction(e.name);
  if (!spec) {
    throw new AnalysisException(
      `Cannot resolve routine \`${e.name}\` on search path [\`system\`.\`builtin\`, \`system\`.\`session\`, \`spark_catalog\`.\`default\`]. SQLSTATE: 42883`,
      "UNRESOLVED_ROUTINE",
      { routineName: `\`${e.name}\`` },
    );
  }
  if (e.args.length < spec.minArgs || e.args.length > spec.maxArgs) {
    const expected =
      spec.minArgs === spec.maxArgs
        ? String(spec.minArgs)
        : spec.maxArgs === Number.POSITIVE_INFINITY
          ? `> ${spec.minArgs - 1}`
          : `[${spec.minArgs}, ${spec.maxArgs}]`;
    throw new AnalysisException(
      `The \`${e.name}\` requires ${expected} parameters but the actual number is ${e.args.length}. SQLSTATE: 42605`,
      "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
      { functionName: `\`${e.name}\``, expectedNum: expected, actualNum: String(e.args.length) },
    );
  }
  const args = e.args.map((a) => (a.kind === "star" ? "*" : compileExpression(a, scope)));
  let sql: string;
  try {
    sql = spec.sql(args, e.args, e.distinct === true);
  } catch (error) {
    throw new AnalysisException(
      `Cannot resolve "${expressionSql(e)}": ${(error as Error).message}.`,
      "DATATYPE_MISMATCH",
      {},
      { cause: error },
    );
  }
  // Spark's sum keeps integers as bigint (DuckDB widens to a 128-bit integer) and decimals at precision + 10.
  if (e.name === "sum" && scope.typeOf) {
    const type = scope.typeOf(args[0]);
    if (isIntegral(type)) return `CAST(${sql} AS BIGINT)`;
    if (type instanceof DecimalType)
      return `CAST(${sql} AS DECIMAL(${Math.min(38, type.precision + 10)}, ${type.scale}))`;
  }
  return sql;
}

/** A select list: every item compiled and named as Spark names it, `*` expanded. */
export function compileSelectList(exprs: readonly Expression[], scope: Scope): string[] {
  const items: string[] = [];
  for (const e of exprs) {
    if (e.kind === "star") {
      if (scope.sides) {
        const sides = e.qualifier
          ? scope.sides.filter((s) => s.names.some((n) => sameName(n, e.qualifier!)))
          : scope.sides;
        for (const side of sides) {
          for (const f of side.schema.fields)
            items.push(`${side.sqlAlias}.${quoteIdentifier(f.name)} AS ${quoteIdentifier(f.name)}`);
        }
      } else {
        for (const f of scope.schema.fields) items.push(quoteIdentifier(f.name));
      }
      continue;
    }
    items.push(`${compileExpression(e, scope)} AS ${quoteIdentifier(expressionName(e))}`);
  }
  return items;
}

/** SQL for a leaf; the streaming executor and the batch loader bind leaves to the tables holding their data. */
export type LeafResolver = (plan: Extract<LogicalPlan, { kind: "relation" }>) => string;

/** The typed empty relation that stands in for a leaf while a plan is analysed. */
export function placeholderSql(schema: StructType): string {
  if (schema.fields.length === 0) return "SELECT 1 AS __empty WHERE FALSE";
  const columns = schema.fields.map((f) => `CAST(NULL AS ${f.dataType.sql()}) AS ${quoteIdentifier(f.name)}`);
  return `SELECT ${columns.join(", ")} WHERE FALSE`;
}

/** Runs SQL to learn a result's schema without reading data. */
export type SchemaOf = (sql: string) => StructType;

/**
 * Compiles a plan to one SQL query: every operator becomes a subquery over its child's, which DuckDB's
 * optimiser flattens.
 */
export function compilePlan(
  plan: LogicalPlan,
  resolveLeaf: LeafResolver,
  schemaOf: SchemaOf,
  /** SQL standing for a whole subtree (a stateful operator's output in a streaming batch). */
  replace?: (node: LogicalPlan) => string | undefined,
): string {
  const scopeOver = (child: LogicalPlan, from: string): Scope => ({
    schema: child.schema,
    typeOf: (sql) => schemaOf(`SELECT ${sql} AS __t FROM ${from} LIMIT 0`).fields[0].dataType,
  });
  const walk = (node: LogicalPlan, depth: number): string => {
    const replaced = replace?.(node);
    if (replaced !== undefined) return replaced;
    const sub = (child: LogicalPlan) => `(${walk(child, depth + 1)}) AS __s${depth}`;
    switch (node.kind) {
      case "relation":
        return resolveLeaf(node);
      case "project": {
        const from = sub(node.child);
        return `SELECT ${compileSelectList(node.exprs, scopeOver(node.child, from)).join(", ")} FROM ${from}`;
      }
      case "filter": {
        const from = sub(node.child);
        return `SELECT * FROM ${from} WHERE ${compileExpression(node.condition, scopeOver(node.child, from))}`;
      }
      case "aggregate": {
        const from = sub(node.child);
        const scope = scopeOver(node.child, from);
        const select = compileSelectList(node.aggregates, scope).join(", ");
        const groupBy = node.groupBy.map((g) => compileExpression(g, scope));
        return `SELECT ${select} FROM ${from}${groupBy.length > 0 ? ` GROUP BY ${groupBy.join(", ")}` : ""}`;
      }
      case "sort": {
        const from = sub(node.child);
        const scope = scopeOver(node.child, from);
        return `SELECT * FROM ${from} ORDER BY ${node.orders.map((o) => compileExpression(o, scope)).join(", ")}`;
      }
      case "limit":
        return `SELECT * FROM ${sub(node.child)} LIMIT ${node.limit}`;
      case "distinct":
        return `SELECT DISTINCT * FROM ${sub(node.child)}`;
      case "deduplicate": {
        const from = sub(node.child);
        const keys = node.keys.map((k) => resolveColumn([k], scopeOver(node.child, from)).sql).join(", ");
        return `SELECT * FROM ${from} QUALIFY row_number() OVER (PARTITION BY ${keys}) = 1`;
      }
      case "union":
        return `SELECT * FROM (${walk(node.left, depth + 1)}) UNION ALL ${node.byName ? "BY NAME " : ""}SELECT * FROM (${walk(node.right, depth + 1)})`;
      case "watermark":
      case "alias":
        return walk(node.child, depth);
      case "join":
        return compileJoin(node, (child) => walk(child, depth + 1), depth, schemaOf);
    }
  };
  return walk(plan, 0);
}

function compileJoin(
  node: Extract<LogicalPlan, { kind: "join" }>,
  walk: (child: LogicalPlan) => string,
  depth: number,
  schemaOf: SchemaOf,
): string {
  const left = `__l${depth}`;
  const right = `__r${depth}`;
  const from = `(${walk(node.left)}) AS ${left}`;
  const to = `(${walk(node.right)}) AS ${right}`;
  const scope = joinScope(node, left, right, `${from} CROSS JOIN ${to}`, schemaOf);
  const kind = {
    inner: "JOIN",
    left: "LEFT JOIN",
    right: "RIGHT JOIN",
    full: "FULL JOIN",
    left_semi: "SEMI JOIN",
    left_anti: "ANTI JOIN",
    cross: "CROSS JOIN",
  }[node.how];
  const select = node.schema.fields.map(
    (f, i) => `${joinOutputColumn(node, f.name, i, left, right)} AS ${quoteIdentifier(f.name)}`,
  );
  let on = "";
  if (node.usingColumns) {
    on = ` ON ${node.usingColumns.map((c) => `${left}.${quoteIdentifier(node.left.schema.field(c)!.name)} = ${right}.${quoteIdentifier(node.right.schema.field(c)!.name)}`).join(" AND ")}`;
  } else if (node.condition) {
    on = ` ON ${compileExpression(node.condition, scope)}`;
  } else if (node.how !== "cross") {
    on = " ON TRUE";
  }
  return `SELECT ${select.join(", ")} FROM ${from} ${kind} ${to}${on}`;
}

/** The output column `index` of a join: a USING column merges both sides, others come from one side. */
function joinOutputColumn(
  node: Extract<LogicalPlan, { kind: "join" }>,
  name: string,
  index: number,
  left: string,
  right: string,
): string {
  const using = node.usingColumns?.find((c) => sameName(c, name));
  const l = node.left.schema.fields.length;
  if (using) {
    const lc = `${left}.${quoteIdentifier(node.left.schema.field(using)!.name)}`;
    const rc = `${right}.${quoteIdentifier(node.right.schema.field(using)!.name)}`;
    if (node.how === "right") return rc;
    if (node.how === "full") return `coalesce(${lc}, ${rc})`;
    return lc;
  }
  if (node.usingColumns) {
    // USING: merged columns first, then the left's other columns, then the right's.
    const leftRest = node.left.schema.fieldNames.filter(
      (n) => !node.usingColumns!.some((c) => sameName(c, n)),
    );
    const position = index - node.usingColumns.length;
    if (position < leftRest.length) return `${left}.${quoteIdentifier(leftRest[position])}`;
    const rightRest = node.right.schema.fieldNames.filter(
      (n) => !node.usingColumns!.some((c) => sameName(c, n)),
    );
    return `${right}.${quoteIdentifier(rightRest[position - leftRest.length])}`;
  }
  if (index < l) return `${left}.${quoteIdentifier(node.left.schema.fields[index].name)}`;
  return `${right}.${quoteIdentifier(node.right.schema.fields[index - l].name)}`;
}

export function joinScope(
  node: Extract<LogicalPlan, { kind: "join" }>,
  left: string,
  right: string,
  from: string,
  schemaOf: SchemaOf,
): Scope {
  return {
    schema: node.schema,
    sides: [
      {
        sqlAlias: left,
        schema: node.left.schema,
        names: planAliases(node.left),
        planIds: planIdsOf(node.left),
      },
      {
        sqlAlias: right,
        schema: node.right.schema,
        names: planAliases(node.right),
        planIds: planIdsOf(node.right),
      },
    ],
    typeOf: (sql) => schemaOf(`SELECT ${sql} AS __t FROM ${from} LIMIT 0`).fields[0].dataType,
  };
}

function planAliases(plan: LogicalPlan): string[] {
  if (plan.kind === "alias") return [plan.alias];
  if (plan.kind === "relation" && plan.relation.type === "table") return [plan.relation.name];
  return [];
}

function planIdsOf(plan: LogicalPlan): Set<number> {
  const ids = new Set<number>([plan.id]);
  const visit = (p: LogicalPlan) => {
    ids.add(p.id);
    if (p.kind === "relation") return;
    if (p.kind === "join" || p.kind === "union") {
      visit(p.left);
      visit(p.right);
    } else visit(p.child);
  };
  visit(plan);
  return ids;
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
