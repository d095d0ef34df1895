/**
 * Spark's Dataset.unpivot / melt: each input row becomes one row per value column, with the id columns, the
 * value column's name in `variableColumnName` and its value, cast to the value columns' least common type, in
 * `valueColumnName`. One pass over the input (an inline of an array of structs), so rows keep their order and a
 * stream unpivots batch by batch.
 */
import {
  unpivotRequiresValueColumns,
  unpivotValueDataTypeMismatch,
  unpivotValueSizeMismatch,
} from "../../errors/QueryCompilationErrors";
import { toSQLId, toSQLType } from "../../errors/QueryErrorsBase";
import { anyExpression, type Expression } from "../expressions";
import { AtomicType, type DataType, DecimalType, type StructField, sameName } from "../types";
import { Column, type ColumnOrName, toColumn } from "./Column";
import type { DataFrame } from "./DataFrame";
import { array, coalesce, col, inline, lit, struct } from "./functions";

/** Numeric types from narrowest to widest, as Spark widens them. */
const NUMERIC_ORDER = ["tinyint", "smallint", "int", "bigint", "float", "double"];

export function unpivot(
  df: DataFrame,
  ids: ColumnOrName | readonly ColumnOrName[],
  values: ColumnOrName | readonly ColumnOrName[] | null | undefined,
  variableColumnName: string,
  valueColumnName: string,
): DataFrame {
  const idColumns = (Array.isArray(ids) ? ids : [ids]).map((c) => toColumn(c as ColumnOrName));
  const idNames = df.select(...idColumns).columns;
  const valueColumns =
    values === null || values === undefined
      ? df.columns.filter((c) => !idNames.some((id) => sameName(id, c))).map((c) => toColumn(c))
      : (Array.isArray(values) ? values : [values]).map((c) => toColumn(c as ColumnOrName));
  if (valueColumns.length === 0) throw unpivotRequiresValueColumns();
  const names = df.select(...valueColumns).columns;
  return unpivotColumns(
    df,
    idColumns,
    valueColumns.map((c) => [c]),
    names,
    variableColumnName,
    [valueColumnName],
  );
}

/**
 * Spark's Unpivot over value tuples: each input row becomes one row per tuple, with the id columns, the tuple's
 * name in `variableColumnName` and its values, each cast to the least common type of its position, in
 * `valueColumnNames`.
 */
export function unpivotColumns(
  df: DataFrame,
  idColumns: readonly Column[],
  values: readonly (readonly Column[])[],
  names: readonly string[],
  variableColumnName: string,
  valueColumnNames: readonly string[],
): DataFrame {
  if (values.length === 0) throw unpivotRequiresValueColumns();
  const commons = valueColumnNames.map((_, j) =>
    commonType(df.select(...values.map((v) => v[j])).schema.fields),
  );
  const pairs: Column[] = values.map((tuple, i) =>
    struct(
      lit(names[i]).alias(variableColumnName),
      ...tuple.map((c, j) => c.cast(commons[j]).alias(valueColumnNames[j])),
    ),
  );
  return df.select(...idColumns, inline(array(...pairs)));
}

/**
 * SQL's `UNPIVOT [INCLUDE|EXCLUDE NULLS] (values FOR name IN (columns))`, as Spark's AstBuilder and
 * ResolveUnpivot plan it: the ids are every column no value column reads; a value tuple without an alias is
 * named by its columns' names joined with `_`; EXCLUDE NULLS (the default) drops rows whose values are all null.
 */
export function sqlUnpivot(
  df: DataFrame,
  includeNulls: boolean,
  valueColumnNames: readonly string[],
  nameColumn: string,
  columns: readonly { readonly values: readonly Expression[]; readonly alias?: string }[],
): DataFrame {
  const sizes = columns.map((c) => c.values.length);
  if (sizes.some((n) => n !== valueColumnNames.length))
    throw unpivotValueSizeMismatch(valueColumnNames.length);
  const read = new Set<string>();
  for (const { values } of columns) {
    for (const v of values) {
      anyExpression(v, (x) => {
        if (x.kind !== "column") return false;
        const top =
          df.columns.find((c) => sameName(c, x.parts[0])) ??
          df.columns.find((c) => sameName(c, x.parts[1] ?? ""));
        if (top !== undefined) read.add(top.toLowerCase());
        return false;
      });
    }
  }
  const ids = df.columns.filter((c) => !read.has(c.toLowerCase())).map((c) => col(c));
  const names = columns.map(
    ({ values, alias }) => alias ?? values.map((v) => df.select(new Column(v)).columns[0]).join("_"),
  );
  const unpivoted = unpivotColumns(
    df,
    ids,
    columns.map(({ values }) => values.map((v) => new Column(v))),
    names,
    nameColumn,
    valueColumnNames,
  );
  if (includeNulls) return unpivoted;
  const valuesOf = valueColumnNames.map((n) => col(n));
  return unpivoted.filter((valuesOf.length === 1 ? valuesOf[0] : coalesce(...valuesOf)).isNotNull());
}

/** The least common type of `selected`'s types, or Spark's UNPIVOT_VALUE_DATA_TYPE_MISMATCH naming them. */
function commonType(selected: readonly StructField[]): DataType {
  const common = leastCommonType(selected.map((f) => f.dataType));
  if (!common) {
    const byType = new Map<string, { type: DataType; names: string[] }>();
    for (const f of selected) {
      const entry = byType.get(f.dataType.sql()) ?? { type: f.dataType, names: [] };
      entry.names.push(toSQLId(f.name));
      byType.set(f.dataType.sql(), entry);
    }
    const types = [...byType.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, { type, names }]) => {
        const sorted = names.sort();
        const shown = sorted.length > 3 ? [...sorted.slice(0, 3), "..."] : sorted;
        return `${toSQLType(type)} (${shown.join(", ")})`;
      });
    throw unpivotValueDataTypeMismatch(types.join(", "));
  }
  return common;
}

/** The type every value column casts to without loss, or none where they do not share one. */
function leastCommonType(types: readonly DataType[]): DataType | undefined {
  let common = types[0];
  for (const t of types.slice(1)) {
    const wider = wider2(common, t);
    if (!wider) return undefined;
    common = wider;
  }
  return common;
}

function wider2(a: DataType, b: DataType): DataType | undefined {
  if (a.simpleString() === b.simpleString()) return a;
  const rank = (t: DataType) => (t instanceof AtomicType ? NUMERIC_ORDER.indexOf(t.simpleString()) : -1);
  if (a instanceof DecimalType || b instanceof DecimalType) {
    const other = a instanceof DecimalType ? b : a;
    if (other instanceof DecimalType) {
      return a.simpleString() > b.simpleString() ? a : b;
    }
    const r = rank(other);
    if (r < 0) return undefined;
    return r >= NUMERIC_ORDER.indexOf("float") ? other : a instanceof DecimalType ? a : b;
  }
  const ra = rank(a);
  const rb = rank(b);
  if (ra < 0 || rb < 0) return undefined;
  return ra >= rb ? a : b;
}
