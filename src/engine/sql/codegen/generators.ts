/**
 * Spark's generators in a select list — `explode`, `posexplode`, `inline` and their `_outer` forms — turn one
 * row into several. They compile to DuckDB's `unnest` in the select list (several unnests of equal length zip),
 * with Spark's output names: `col` for array elements, `key`/`value` for map entries, `pos` for positions, the
 * struct's fields for `inline`.
 */
import { quoteIdentifier } from "../../duckdb/DuckDB";
import {
  multiGenerator,
  udtfAliasNumberMismatch,
  unexpectedInputType,
} from "../../errors/QueryCompilationErrors";
import { expressionSql } from "../analysis/naming";
import { type Expression, stripAlias } from "../expressions";
import { ArrayType, type DataType, MapType, StructType } from "../types";

const GENERATORS = new Set([
  "explode",
  "explode_outer",
  "posexplode",
  "posexplode_outer",
  "inline",
  "inline_outer",
  "json_tuple",
  "stack",
]);

export function isGenerator(e: Expression): boolean {
  const inner = stripAlias(e);
  return inner.kind === "call" && GENERATORS.has(inner.name);
}

/** Refuses a select list with more than one generator, as Spark does. */
export function checkGenerators(exprs: readonly Expression[]): void {
  const generators = exprs.filter(isGenerator);
  if (generators.length > 1) {
    throw multiGenerator(generators.map((g) => expressionSql(stripAlias(g))));
  }
}

export interface GeneratedColumn {
  readonly sql: string;
  readonly name: string;
}

/** The output columns of a generator `e` whose argument compiles to `arg` of type `type`. */
export function generatorColumns(e: Expression, arg: string, type: DataType): GeneratedColumn[] {
  const call = stripAlias(e) as Extract<Expression, { kind: "call" }>;
  const outer = call.name.endsWith("_outer");
  const base = call.name.replace(/_outer$/, "");
  const withPosition = base === "posexplode";
  // `_outer` keeps a row of nulls for a null or empty input.
  const list = (sql: string) => (outer ? `CASE WHEN len(${arg}) > 0 THEN ${sql} ELSE [NULL] END` : sql);
  const columns: GeneratedColumn[] = [];
  if (withPosition) {
    columns.push({ sql: `unnest(${list(`CAST(range(0, len(${arg})) AS INTEGER[])`)})`, name: "pos" });
  }
  if (base === "inline") {
    if (!(type instanceof ArrayType && type.elementType instanceof StructType)) {
      throw unexpectedInputType(expressionSql(call), 0, '"ARRAY<STRUCT>"', expressionSql(call.args[0]), type);
    }
    for (const f of type.elementType.fields) {
      const field = quoteIdentifier(f.name);
      columns.push({
        sql: `unnest(${list(`list_transform(${arg}, lambda __g: __g.${field})`)})`,
        name: f.name,
      });
    }
  } else if (type instanceof ArrayType) {
    columns.push({ sql: `unnest(${list(arg)})`, name: "col" });
  } else if (type instanceof MapType) {
    columns.push({ sql: `unnest(${list(`map_keys(${arg})`)})`, name: "key" });
    columns.push({ sql: `unnest(${list(`map_values(${arg})`)})`, name: "value" });
  } else {
    throw unexpectedInputType(
      expressionSql(call),
      0,
      '("ARRAY" or "MAP")',
      expressionSql(call.args[0]),
      type,
    );
  }
  const names = e.kind === "alias" ? (e.names ?? [e.name]) : undefined;
  if (names && names.length !== columns.length) {
    throw udtfAliasNumberMismatch(columns.length, names);
  }
  return columns.map((c, i) => ({ sql: c.sql, name: names?.[i] ?? c.name }));
}
