/**
 * Spark's pivot (RelationalGroupedDataset.pivot, resolved by its ResolvePivot rule): one output column per pivot
 * value and aggregate, each aggregate reading only its value's rows. Without values, they are the column's distinct
 * values, sorted, found by a query as Spark runs one (at most `spark.sql.pivotMaxValues` of them).
 */
import {
  aggregateExpressionRequiredForPivot,
  incomparablePivotColumn,
  nonLiteralPivotValues,
  pivotOnStream,
  pivotValueDataTypeMismatch,
  tooManyPivotValues,
} from "../../errors/QueryCompilationErrors";
import { toSQLExpr, toSQLId } from "../../errors/QueryErrorsBase";
import { planColumns } from "../analysis/columnResolution";
import { expressionName, expressionSql } from "../analysis/naming";
import { compileExpression } from "../codegen/expressionCompiler";
import { isAggregateFunction } from "../codegen/functionRegistry";
import { scopeOver } from "../codegen/planCompiler";
import { anyExpression, childrenOf, type Expression, transformExpression } from "../expressions";
import { ArrayType, AtomicType, type DataType, DecimalType, MapType, StringType, StructType } from "../types";
import { Column } from "./Column";
import { DataFrame } from "./DataFrame";

/** The pivot column, and its values where given (with SQL's `v AS name`, their names). */
export interface PivotSpec {
  readonly column: Expression;
  readonly values?: readonly unknown[];
  readonly names?: readonly (string | undefined)[];
}

/**
 * A pivot value and the name Spark gives its columns (the value cast to string; `null` for null). Over several
 * pivot columns, `match` is the condition that picks the value's rows.
 */
interface PivotValue {
  readonly value: unknown;
  readonly name: string;
  readonly match?: Expression;
}

/**
 * SQL's `PIVOT (aggregates FOR column IN (values))` over `df`: grouped by every column of `df` that neither the
 * aggregates nor the pivot column read, as Spark's ResolvePivot groups a Pivot without grouping columns.
 */
export function sqlPivot(
  df: DataFrame,
  aggregates: readonly Expression[],
  column: Expression,
  values: readonly Expression[],
): DataFrame {
  checkValidAggregateExpressions(df, aggregates);
  const columnType = df.select(new Column(column)).schema.fields[0].dataType;
  if (!orderable(columnType)) throw incomparablePivotColumn(toSQLId(expressionSql(column)));
  const grouping = pivotGrouping(df, [column], aggregates);
  const pivotValues = values.map((v): PivotValue => {
    const value = v.kind === "alias" ? v.child : v;
    const name = v.kind === "alias" ? v.name : undefined;
    if (value.kind === "literal") return { value: value.value, name: name ?? valueName(value.value) };
    // An array or struct value (`array(1, 1)`, `(1, 'a')`) matches the column cast to its type, as Spark casts it.
    const folded = foldedName(df, value);
    const right: Expression = { kind: "cast", child: value, dataType: columnType };
    return { value, name: name ?? folded, match: { kind: "binary", op: "<=>", left: column, right } };
  });
  return pivoted(df, grouping, column, pivotValues, aggregates);
}

/**
 * `PIVOT (aggregates FOR (c1, c2) IN ((v1, v2) [AS name], ...))`: Spark pivots on `named_struct(c1, c2)`; a value
 * matches a row where every column equals its part, and names its columns `{v1, v2}` (the struct cast to string)
 * unless aliased. A value that is not a tuple of as many literals is Spark's PIVOT_VALUE_DATA_TYPE_MISMATCH.
 */
export function sqlPivotColumns(
  df: DataFrame,
  aggregates: readonly Expression[],
  columns: readonly Expression[],
  tuples: readonly {
    readonly values: readonly Expression[];
    readonly tuple: boolean;
    readonly alias?: string;
  }[],
): DataFrame {
  checkValidAggregateExpressions(df, aggregates);
  const columnTypes = df.select(...columns.map((c) => new Column(c))).schema.fields;
  if (!columnTypes.every((f) => orderable(f.dataType))) {
    const parts = columns.map((c, i) => `'${columnTypes[i].name}', ${expressionSql(c)}`);
    throw incomparablePivotColumn(toSQLId(`named_struct(${parts.join(", ")})`));
  }
  const grouping = pivotGrouping(df, columns, aggregates);
  const pivotType = `struct<${columnTypes.map((f) => `${f.name}:${f.dataType.simpleString()}`).join(",")}>`;
  const values = tuples.map(({ values: parts, tuple, alias }): PivotValue => {
    const literals = parts.map((p) => (p.kind === "literal" ? p.value : undefined));
    const names = parts.map((p) => (p.kind === "literal" ? valueName(p.value) : foldedName(df, p)));
    if (!tuple || parts.length !== columns.length) {
      const types = df
        .select(...parts.map((p) => new Column(p)))
        .schema.fields.map((f) => f.dataType.simpleString());
      const [value, valueType] = tuple
        ? [
            `struct(${names.map((v, i) => `col${i + 1}, ${v}`).join(", ")})`,
            `struct<${types.map((t, i) => `col${i + 1}:${t}`).join(",")}>`,
          ]
        : [names[0], types[0]];
      throw pivotValueDataTypeMismatch(value, valueType, pivotType);
    }
    const conditions = columns.map(
      (c, i): Expression => ({
        kind: "binary",
        op: "<=>",
        left: c,
        right:
          parts[i].kind === "literal"
            ? parts[i]
            : { kind: "cast", child: parts[i], dataType: columnTypes[i].dataType },
      }),
    );
    const match = conditions.reduce((a, b): Expression => ({ kind: "binary", op: "and", left: a, right: b }));
    return { value: literals, name: alias ?? `{${names.join(", ")}}`, match };
  });
  return pivoted(df, grouping, columns[0], values, aggregates);
}

/**
 * The name Spark gives a pivot value that is not a bare literal: the value cast to string, `[1, 1]` for an array,
 * `{1, a}` for a struct, a constant expression its value (`2012 + 1` is `2013`). Anything that is not constant
 * (a column, a random draw, an aggregate) is Spark's NON_LITERAL_PIVOT_VALUES, once it resolves against `df` (a column `df` lacks is
 * UNRESOLVED_COLUMN first, as Spark's analyzer resolves the value before checking it).
 */
function foldedName(df: DataFrame, e: Expression): string {
  if (e.kind === "literal") return valueName(e.value);
  if (e.kind === "call") {
    const parts = () => e.args.map((a) => foldedName(df, a));
    if (e.name === "array") return `[${parts().join(", ")}]`;
    if (e.name === "struct") return `{${parts().join(", ")}}`;
    if (e.name === "named_struct")
      return `{${parts()
        .filter((_, i) => i % 2 === 1)
        .join(", ")}}`;
    if (e.name === "map") {
      const p = parts();
      return `{${p.flatMap((k, i) => (i % 2 === 0 ? [`${k} -> ${p[i + 1]}`] : [])).join(", ")}}`;
    }
  }
  void df.select(new Column(e)).schema;
  if (!foldable(e)) throw nonLiteralPivotValues(toSQLExpr(expressionSql(e)));
  return foldToString(df, e);
}

/** Spark's ResolvePivot check: every column a PIVOT aggregate reads is inside an aggregate function. */
function checkValidAggregateExpressions(df: DataFrame, aggregates: readonly Expression[]): void {
  const check = (e: Expression): void => {
    if (e.kind === "call" && isAggregateFunction(e.name)) return;
    if (e.kind === "column") throw aggregateExpressionRequiredForPivot(attributeSql(df, e.parts));
    for (const child of childrenOf(e)) check(child);
  };
  for (const a of aggregates) check(a);
}

/**
 * A column as Spark's Attribute.sql prints it: qualified by the relation it is read from (a table or view by
 * its name, lower-cased as Spark's catalog keeps it; a subquery without alias by Spark's
 * `__auto_generated_subquery_name`).
 */
function attributeSql(df: DataFrame, parts: readonly string[]): string {
  if (parts.length > 1) return parts.join(".");
  const columns = planColumns(df.plan);
  const column = columns.find((c) => c.name.toLowerCase() === parts[0].toLowerCase());
  if (!column) return parts[0];
  const qualifier = column.qualifiers[0];
  if (qualifier === undefined) return `__auto_generated_subquery_name.${parts[0]}`;
  return `${qualifier.toLowerCase()}.${parts[0]}`;
}

/** Whether `e` is a constant expression Spark folds: no column, no star, nothing random or per row. */
function foldable(e: Expression): boolean {
  return !anyExpression(
    e,
    (x) =>
      x.kind === "column" ||
      x.kind === "star" ||
      (x.kind === "call" && (NONDETERMINISTIC.has(x.name) || isAggregateFunction(x.name))),
  );
}

const NONDETERMINISTIC = new Set([
  "rand",
  "random",
  "randn",
  "shuffle",
  "uuid",
  "monotonically_increasing_id",
]);

/**
 * A constant pivot value cast to string, as Spark's ResolvePivot names it (`2012 + 1` is `2013`): the cast is
 * compiled over the value's resolved expression and run once on DuckDB.
 */
function foldToString(df: DataFrame, e: Expression): string {
  const probe = df.select(new Column({ kind: "cast", child: e, dataType: StringType }).alias("v")).plan;
  if (probe.kind !== "project") throw nonLiteralPivotValues(toSQLExpr(expressionSql(e)));
  const { analyzer, db } = df.sparkSession;
  const scope = scopeOver(probe.child, "", analyzer.schemaOf);
  const expression = probe.exprs[0].kind === "alias" ? probe.exprs[0].child : probe.exprs[0];
  const result = db.query(`SELECT ${compileExpression(expression, scope)} AS v`);
  const value = result.getChildAt(0)?.get(0);
  return value === null || value === undefined ? "null" : String(value);
}

/** Spark's RowOrdering.isOrderable: a map, or anything holding one, cannot be compared. */
function orderable(type: DataType): boolean {
  if (type instanceof MapType) return false;
  if (type instanceof ArrayType) return orderable(type.elementType);
  if (type instanceof StructType) return type.fields.every((f) => orderable(f.dataType));
  return true;
}

/** Every column of `df` that neither the aggregates nor the pivot columns read, as ResolvePivot groups. */
function pivotGrouping(
  df: DataFrame,
  columns: readonly Expression[],
  aggregates: readonly Expression[],
): Expression[] {
  const used = new Set<string>();
  for (const e of [...columns, ...aggregates]) {
    anyExpression(e, (x) => {
      if (x.kind === "column") used.add(x.parts[x.parts.length - 1].toLowerCase());
      return false;
    });
  }
  return df.columns.filter((c) => !used.has(c.toLowerCase())).map((c) => ({ kind: "column", parts: [c] }));
}

/** `pivot(col)` without values needs a query over the rows: Spark refuses it on a stream. */
export function checkPivot(df: DataFrame, spec: PivotSpec): void {
  if (spec.values === undefined && df.isStreaming) throw pivotOnStream();
}

/**
 * The pivoted aggregation: grouping columns, then per pivot value (in order) one column per aggregate, named
 * the value where there is one aggregate and `value_aggregate` where there are several.
 */
export function aggregatePivot(
  df: DataFrame,
  grouping: readonly Expression[],
  spec: PivotSpec,
  aggregates: readonly Expression[],
): DataFrame {
  if (spec.values !== undefined) {
    const values = spec.values.map((value, i) => ({ value, name: spec.names?.[i] ?? valueName(value) }));
    return pivoted(df, grouping, spec.column, values, aggregates);
  }
  return new DataFrame(
    df.sparkSession,
    distinctValues(df, spec.column).then(
      (values) => pivoted(df, grouping, spec.column, values, aggregates).plan,
    ),
  );
}

/** Spark's query for the values: the column's distinct values, sorted, at most `spark.sql.pivotMaxValues`. */
async function distinctValues(df: DataFrame, column: Expression): Promise<PivotValue[]> {
  const maxValues = df.sparkSession.conf.getNumber("spark.sql.pivotMaxValues");
  const values = df
    .select(new Column(column).alias("value"))
    .distinct()
    .limit(maxValues + 1)
    .sort("value");
  const named = values.select(
    "value",
    new Column({ kind: "column", parts: ["value"] }).cast("string").alias("name"),
  );
  const rows = await named.collect();
  if (rows.length > maxValues) throw tooManyPivotValues(expressionName(column), maxValues);
  return rows.map((row) => {
    const name = row.name;
    return { value: row.value, name: name === null ? "null" : String(name) };
  });
}

function valueName(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function pivoted(
  df: DataFrame,
  grouping: readonly Expression[],
  column: Expression,
  values: readonly PivotValue[],
  aggregates: readonly Expression[],
): DataFrame {
  // Spark's PivotFirst (numeric and boolean aggregates) leaves a value without rows null, even for count.
  const types = df
    .groupBy(...grouping.map((g) => new Column(g)))
    .agg(...aggregates.map((a) => new Column(a)))
    .schema.fields.slice(grouping.length)
    .map((f) => f.dataType);
  const pivotFirst = types.every(
    (t) => t instanceof DecimalType || (t instanceof AtomicType && (t.isNumeric() || t.name === "boolean")),
  );
  const single = aggregates.length === 1;
  const outputs = values.flatMap(({ value, name, match }) => {
    const matches: Expression = match ?? {
      kind: "binary",
      op: "<=>",
      left: column,
      right: { kind: "literal", value },
    };
    const only = (e: Expression): Expression => ({ kind: "case", branches: [[matches, e]] });
    return aggregates.map((aggregate): Expression => {
      const filtered = transformExpression(aggregate, (x) => {
        if (x.kind !== "call" || !isAggregateFunction(x.name)) return undefined;
        const args = x.args.map((a) => only(a.kind === "star" ? { kind: "literal", value: 1 } : a));
        // first/last skip the other values' nulls, as Spark's First(ifExpr, ignoreNulls = true).
        const call: Expression =
          x.name === "first" || x.name === "last"
            ? { ...x, args: [args[0], { kind: "literal", value: true }] }
            : { ...x, args };
        if (!pivotFirst || x.name !== "count") return call;
        const any: Expression = { kind: "call", name: "count_if", args: [matches] };
        return { kind: "case", branches: [[{ kind: "binary", op: ">", left: any, right: lit0 }, call]] };
      });
      const inner = filtered.kind === "alias" ? filtered.child : filtered;
      const outName = single ? name : `${name}_${expressionName(aggregate)}`;
      return { kind: "alias", child: inner, name: outName };
    });
  });
  return df.derive((child) => ({
    kind: "aggregate",
    child,
    groupBy: grouping,
    aggregates: [...grouping, ...outputs],
  }));
}

const lit0: Expression = { kind: "literal", value: 0 };
