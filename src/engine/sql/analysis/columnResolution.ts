/**
 * Column resolution, as Spark's analyzer does it. An operator sees its input as a list of columns, each with a
 * name, a type, the qualifiers that may prefix it (`df.alias("a")` makes `a.id`) and the DataFrames it came from
 * (`df1.col("id")` picks df1's `id` where a join has two). A name is matched case-insensitively, qualified names
 * first, the rest of a dotted name reads nested fields (`geo.city`), and unknown names fail with Spark's
 * "Did you mean" message.
 *
 * A plan's columns may share a name (a join's `id` and `id`), which DuckDB does not allow inside one query, so in
 * SQL every column has a unique name (`uniqueSqlNames`) while the schema keeps Spark's.
 */
import { quoteIdentifier, quoteString } from "../../duckdb/DuckDB";
import type { AnalysisException } from "../../errors";
import {
  ambiguousReference,
  cannotResolveStarExpand,
  fieldNotFound,
  invalidExtractBase,
  unresolvedColumn,
} from "../../errors/QueryCompilationErrors";
import { toSQLId } from "../../errors/QueryErrorsBase";
import type { Expression } from "../expressions";
import type { LogicalPlan } from "../plan";
import { ArrayType, AtomicType, type DataType, declaredType, MapType, StructType, sameName } from "../types";
import { isMetadataField } from "./AddMetadataColumns";

/** One column an operator can read. */
export interface InputColumn {
  readonly name: string;
  readonly dataType: DataType;
  readonly nullable: boolean;
  /** SQL reading the column. */
  readonly sql: string;
  readonly qualifiers: readonly string[];
  /** Ids of the plans (DataFrames) the column passed through. */
  readonly origins: ReadonlySet<number>;
  /** A hidden metadata column (`_metadata`): resolved by name, left out of `*`. */
  readonly hidden?: boolean;
}

/** What the expressions of one operator can see. */
export interface Scope {
  readonly schema: StructType;
  /** The input columns; by default the schema's fields, read by their SQL names, unqualified. */
  readonly columns?: readonly InputColumn[];
  /** Lambda parameters in scope. */
  readonly lambdaParams?: readonly string[];
  /** The types of lambda parameters in scope, by lower-case name, where the higher-order function gives them. */
  readonly lambdaTypes?: ReadonlyMap<string, DataType>;
  /** The type of a compiled expression over this scope, where the compiler needs it. */
  readonly typeOf?: (sql: string) => DataType;
}

/** Where a column reference points: the SQL to read it and its type. */
export interface ResolvedColumn {
  sql: string;
  dataType: DataType;
  name: string;
  nullable: boolean;
}

/** Unique SQL names for a list of Spark names: the first of a name keeps it, later ones get `#2`, `#3`... */
export function uniqueSqlNames(names: readonly string[]): string[] {
  const taken = new Set(names.map((n) => n.toLowerCase()));
  const seen = new Set<string>();
  return names.map((name) => {
    const key = name.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      return name;
    }
    let k = 2;
    while (taken.has(`${key}#${k}`)) k += 1;
    const unique = `${name}#${k}`;
    taken.add(unique.toLowerCase());
    return unique;
  });
}

export function sqlColumnNames(schema: StructType): string[] {
  return uniqueSqlNames(schema.fieldNames);
}

/** The columns of a plan's output as the next operator sees them, read from SQL alias `from` when given. */
export function planColumns(plan: LogicalPlan, from?: string): InputColumn[] {
  const names = sqlColumnNames(plan.schema);
  const qualifiers = fieldQualifiers(plan);
  const origins = fieldOrigins(plan);
  return plan.schema.fields.map((f, i) => ({
    name: f.name,
    dataType: f.dataType,
    nullable: f.nullable,
    sql: `${from ? `${from}.` : ""}${quoteIdentifier(names[i])}`,
    qualifiers: qualifiers[i] ?? [],
    origins: origins[i] ?? new Set(),
    hidden: isMetadataField(f),
  }));
}

export function scopeColumns(scope: Scope): readonly InputColumn[] {
  if (scope.columns) return scope.columns;
  const names = sqlColumnNames(scope.schema);
  return scope.schema.fields.map((f, i) => ({
    name: f.name,
    dataType: f.dataType,
    nullable: f.nullable,
    sql: quoteIdentifier(names[i]),
    qualifiers: [],
    origins: new Set<number>(),
    hidden: isMetadataField(f),
  }));
}

/** The bare input column an output expression passes through, if it is one. */
function passedThrough(e: Expression, child: LogicalPlan): number {
  const inner = e.kind === "alias" ? e.child : e;
  if (inner.kind !== "column" || inner.parts.length !== 1) return -1;
  if (inner.index !== undefined) return inner.index;
  return child.schema.fields.findIndex((f) => sameName(f.name, inner.parts[0]));
}

/** Per output column of an operator over `child`: what it keeps from the child, else `computed`. */
function perOutput<T>(
  plan: Extract<LogicalPlan, { kind: "project" | "aggregate" }>,
  child: readonly T[],
  keep: (t: T) => T,
  computed: () => T,
): T[] {
  const exprs = plan.kind === "project" ? plan.exprs : plan.aggregates;
  const out: T[] = [];
  for (const e of exprs) {
    if (e.kind === "star")
      out.push(...child.filter((_, i) => !isMetadataField(plan.child.schema.fields[i])).map(keep));
    else {
      const index = passedThrough(e, plan.child);
      out.push(index >= 0 ? keep(child[index]) : computed());
    }
  }
  // Generators may emit more columns than there are expressions.
  while (out.length < plan.schema.fields.length) out.push(computed());
  return out;
}

/** Per join output column: which left and right columns it merges (USING) or comes from. */
function joinSources(
  plan: Extract<LogicalPlan, { kind: "join" }>,
): [number | undefined, number | undefined][] {
  const leftNames = plan.left.schema.fieldNames;
  const rightNames = plan.right.schema.fieldNames;
  if (plan.how === "left_semi" || plan.how === "left_anti") return leftNames.map((_, i) => [i, undefined]);
  if (!plan.usingColumns) {
    return [
      ...leftNames.map((_, i): [number, undefined] => [i, undefined]),
      ...rightNames.map((_, i): [undefined, number] => [undefined, i]),
    ];
  }
  const isUsing = (n: string) => plan.usingColumns!.some((c) => sameName(c, n));
  return [
    ...plan.usingColumns.map((c): [number, number] => [
      leftNames.findIndex((n) => sameName(n, c)),
      rightNames.findIndex((n) => sameName(n, c)),
    ]),
    ...leftNames.flatMap((n, i): [number, undefined][] => (isUsing(n) ? [] : [[i, undefined]])),
    ...rightNames.flatMap((n, i): [undefined, number][] => (isUsing(n) ? [] : [[undefined, i]])),
  ];
}

/** The names that may qualify each output column: a DataFrame alias, a view's or table's name. */
export function fieldQualifiers(plan: LogicalPlan): (readonly string[])[] {
  return memo(qualifierMemo, plan, computeQualifiers);
}

/** Plans are immutable: what is derived from one is worked out once. */
const qualifierMemo = new WeakMap<LogicalPlan, (readonly string[])[]>();
const originMemo = new WeakMap<LogicalPlan, ReadonlySet<number>[]>();

function memo<T>(cache: WeakMap<LogicalPlan, T>, plan: LogicalPlan, compute: (plan: LogicalPlan) => T): T {
  let value = cache.get(plan);
  if (value === undefined) {
    value = compute(plan);
    // A plan still being analysed has no schema yet; its answer is not kept.
    if (plan.schema) cache.set(plan, value);
  }
  return value;
}

function computeQualifiers(plan: LogicalPlan): (readonly string[])[] {
  switch (plan.kind) {
    case "relation":
      // A memory sink's table is named by its query; the engine's own tables (`__` names) name nothing.
      return plan.schema.fields.map(() =>
        plan.relation.type === "table" && !plan.relation.name.startsWith("__") ? [plan.relation.name] : [],
      );
    case "alias":
      return plan.schema.fields.map(() => plan.qualifiers ?? [plan.alias]);
    case "project":
    case "aggregate": {
      const generated = plan.kind === "project" && plan.generatorQualifier ? [plan.generatorQualifier] : [];
      return perOutput(
        plan,
        fieldQualifiers(plan.child),
        (q) => q,
        () => generated,
      );
    }
    case "join": {
      const left = fieldQualifiers(plan.left);
      const right = fieldQualifiers(plan.right);
      return joinSources(plan).map(([l, r]) => [
        ...(l !== undefined ? left[l] : []),
        ...(r !== undefined ? right[r] : []),
      ]);
    }
    case "union":
      return fieldQualifiers(plan.left);
    case "batchEvalUDF":
      return [...fieldQualifiers(plan.child), ...plan.udfs.map(() => [])];
    case "expand":
      return plan.schema.fields.map((_, i) => fieldQualifiers(plan.child)[i] ?? []);
    case "flatMapGroupsWithState":
      // The function's rows are new columns (Spark's SerializeFromObject), qualified by nothing of the input.
      return plan.schema.fields.map(() => []);
    default:
      return fieldQualifiers(plan.child);
  }
}

/**
 * The DataFrames each output column comes from: a column passed through keeps its origins and gains every
 * operator it passes; a computed column belongs to the operator that computed it.
 */
export function fieldOrigins(plan: LogicalPlan): ReadonlySet<number>[] {
  return memo(originMemo, plan, computeOrigins);
}

function computeOrigins(plan: LogicalPlan): ReadonlySet<number>[] {
  const own = (set: ReadonlySet<number>) => new Set([...set, plan.id]);
  switch (plan.kind) {
    case "relation":
      return plan.schema.fields.map(() => new Set([plan.id]));
    case "project":
    case "aggregate":
      return perOutput(plan, fieldOrigins(plan.child), own, () => new Set([plan.id]));
    case "join": {
      const left = fieldOrigins(plan.left);
      const right = fieldOrigins(plan.right);
      return joinSources(plan).map(([l, r]) =>
        own(new Set([...(l !== undefined ? left[l] : []), ...(r !== undefined ? right[r] : [])])),
      );
    }
    case "union":
      return fieldOrigins(plan.left).map(own);
    case "batchEvalUDF":
      return [...fieldOrigins(plan.child).map(own), ...plan.udfs.map(() => new Set([plan.id]))];
    case "expand": {
      const child = fieldOrigins(plan.child).map(own);
      return plan.schema.fields.map((_, i) => child[i] ?? new Set([plan.id]));
    }
    case "flatMapGroupsWithState":
      return plan.schema.fields.map(() => new Set([plan.id]));
    default:
      return fieldOrigins(plan.child).map(own);
  }
}

/** Reads `rest` (nested field names) out of a value of `type`, as Spark's ExtractValue does. */
export function extractFields(
  sql: string,
  type: DataType,
  name: string,
  rest: readonly string[],
  display: readonly string[],
  nullable = true,
): ResolvedColumn {
  for (const [i, part] of rest.entries()) {
    const base = display.slice(0, display.length - rest.length + i).join(".");
    if (type instanceof StructType) {
      const nested = type.field(part);
      if (!nested) throw fieldNotFound(part, type.fieldNames);
      sql = `(${sql}).${quoteIdentifier(nested.name)}`;
      type = nested.dataType;
      name = nested.name;
      nullable ||= nested.nullable;
    } else if (type instanceof ArrayType && type.elementType instanceof StructType) {
      // `arr.f` on an array of structs is the array of every element's `f`.
      const nested = type.elementType.field(part);
      if (!nested) throw fieldNotFound(part, type.elementType.fieldNames);
      sql = `list_transform(${sql}, lambda __e: __e.${quoteIdentifier(nested.name)})`;
      type = new ArrayType(nested.dataType);
      name = nested.name;
    } else if (type instanceof MapType) {
      sql = `${sql}[${quoteString(part)}]`;
      type = type.valueType;
      name = part;
      nullable = true;
    } else {
      throw invalidExtractBase(base, type);
    }
  }
  return { sql, dataType: type, name, nullable };
}

function ambiguous(parts: readonly string[], candidates: readonly InputColumn[]): AnalysisException {
  const name = toSQLId(parts);
  const list = candidates.map((c) => toSQLId(c.qualifiers[0] ? [c.qualifiers[0], c.name] : [c.name]));
  return ambiguousReference(name, list);
}

/** Among columns of one name, an exact-case match wins; `df.col("x")` picks the one from that DataFrame. */
function pick(matches: InputColumn[], name: string, planId: number | undefined): InputColumn[] {
  if (matches.length > 1 && planId !== undefined) {
    const fromDataFrame = matches.filter((c) => c.origins.has(planId));
    if (fromDataFrame.length > 0) matches = fromDataFrame;
  }
  if (matches.length > 1) {
    const exact = matches.filter((c) => c.name === name);
    if (exact.length === 1) return exact;
  }
  return matches;
}

export function resolveColumn(
  parts: readonly string[],
  scope: Scope,
  planId?: number,
  index?: number,
): ResolvedColumn {
  if (index !== undefined) {
    const c = scopeColumns(scope)[index];
    if (c) return extractFields(c.sql, c.dataType, c.name, parts.slice(1), parts, c.nullable);
  }
  if (scope.lambdaParams?.some((p) => sameName(p, parts[0]))) {
    const type = parts.length === 1 ? scope.lambdaTypes?.get(parts[0].toLowerCase()) : undefined;
    return {
      sql: parts.map(quoteIdentifier).join("."),
      dataType: type ?? new AtomicType("null"),
      name: parts[parts.length - 1],
      nullable: true,
    };
  }
  const columns = scopeColumns(scope);
  const attempts: [InputColumn[], readonly string[]][] = [];
  // As Spark's AttributeSeq.resolve: `spark_catalog.db.t.c`, then `db.t.c`, then `t.c`, then `c`.
  for (let k = Math.min(3, parts.length - 1); k >= 1; k--) {
    const qualifier = parts.slice(0, k).join(".");
    const qualified = columns.filter(
      (c) => sameName(c.name, parts[k]) && c.qualifiers.some((q) => sameName(q, qualifier)),
    );
    attempts.push([qualified, parts.slice(k + 1)]);
  }
  attempts.push([columns.filter((c) => sameName(c.name, parts[0])), parts.slice(1)]);
  for (const [found, rest] of attempts) {
    const matches = pick(found, parts[parts.length - rest.length - 1], planId);
    if (matches.length > 1) throw ambiguous(parts, matches);
    if (matches.length === 1) {
      const c = matches[0];
      return extractFields(c.sql, c.dataType, c.name, rest, parts, c.nullable);
    }
  }
  throw unresolvedColumn(
    parts,
    columns.map((c) => (c.qualifiers[0] ? [c.qualifiers[0], c.name] : [c.name])),
  );
}

/**
 * `*` or `q.*` as a function's arguments (`struct(*)`, `hash(*)`, `concat(t.*)`): one column reference per
 * column it stands for, as Spark expands a star among a function's arguments before resolving the call. Each
 * reference keeps its input position, so columns of a join that share a name stay apart.
 */
export function starArguments(qualifier: string | undefined, scope: Scope): Expression[] {
  const columns = scopeColumns(scope);
  const all = columns.map((c, index): Expression => ({ kind: "column", parts: [c.name], index }));
  if (qualifier === undefined) return all;
  const qualified = all.filter((_, i) => columns[i].qualifiers.some((q) => sameName(q, qualifier)));
  if (qualified.length > 0) return qualified;
  const parts = qualifier.split(".");
  return expandStar(qualifier, scope).map((f): Expression => ({ kind: "column", parts: [...parts, f.name] }));
}

/** The columns `*` or `q.*` stands for: all, those qualified by `q`, or the fields of struct column `q`. */
export function expandStar(
  qualifier: string | undefined,
  scope: Scope,
): { sql: string; name: string; nullable: boolean; declared?: DataType }[] {
  const columns = scopeColumns(scope).filter((c) => !c.hidden);
  // A column keeps the Spark type DuckDB's does not say (an interval's range, NTZ, a collation) through `*`.
  const item = (c: InputColumn) => ({
    sql: c.sql,
    name: c.name,
    nullable: c.nullable,
    declared: declaredType(c.dataType),
  });
  if (qualifier === undefined) return columns.map(item);
  const qualified = columns.filter((c) => c.qualifiers.some((q) => sameName(q, qualifier)));
  if (qualified.length > 0) return qualified.map(item);
  const parts = qualifier.split(".");
  let struct: ResolvedColumn | undefined;
  try {
    struct = resolveColumn(parts, scope);
  } catch {
    struct = undefined;
  }
  if (struct?.dataType instanceof StructType) {
    const parent = struct;
    return struct.dataType.fields.map((f) => ({
      sql: `(${parent.sql}).${quoteIdentifier(f.name)}`,
      name: f.name,
      nullable: parent.nullable || f.nullable,
      declared: declaredType(f.dataType),
    }));
  }
  throw cannotResolveStarExpand(
    parts,
    columns.map((c) => c.name),
  );
}
