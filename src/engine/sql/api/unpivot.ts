/**
 * Spark's Dataset.unpivot / melt: each input row becomes one row per value column, with the id columns, the
 * value column's name in `variableColumnName` and its value, cast to the value columns' least common type, in
 * `valueColumnName`. One pass over the input (an inline of an array of structs), so rows keep their order and a
 * stream unpivots batch by batch.
 */
import {
  unpivotRequiresValueColumns,
  unpivotValueDataTypeMismatch,
} from "../../errors/QueryCompilationErrors";
import { toSQLId, toSQLType } from "../../errors/QueryErrorsBase";
import { AtomicType, type DataType, DecimalType, sameName } from "../types";
import { type Column, type ColumnOrName, toColumn } from "./Column";
import type { DataFrame } from "./DataFrame";
import { array, inline, lit, struct } from "./functions";

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
  const selected = df.select(...valueColumns).schema.fields;
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
  const pairs: Column[] = valueColumns.map((c, i) =>
    struct(lit(selected[i].name).alias(variableColumnName), c.cast(common).alias(valueColumnName)),
  );
  return df.select(...idColumns, inline(array(...pairs)));
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
