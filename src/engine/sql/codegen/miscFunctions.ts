/**
 * Spark's conditional, null-handling and miscellaneous built-in functions (`coalesce`, `if`, `nvl`, `typeof`,
 * `uuid`, ...) as DuckDB SQL.
 */
import { quoteString } from "../../duckdb/DuckDB";
import { ANY, type FunctionSpec, fn, MANY, N, nullary, S, sqlOf } from "./functionSpecs";

export const MISC_FUNCTIONS: Record<string, FunctionSpec> = {
  // ---- conditionals and nulls
  coalesce: fn("coalesce", [ANY], 1, MANY),
  ifnull: fn("coalesce", [ANY, ANY]),
  nvl: fn("coalesce", [ANY, ANY]),
  nvl2: sqlOf((a) => `(CASE WHEN ${a[0]} IS NOT NULL THEN ${a[1]} ELSE ${a[2]} END)`, [ANY, ANY, ANY]),
  nullif: fn("nullif", [ANY, ANY]),
  if: sqlOf((a) => `(CASE WHEN ${a[0]} THEN ${a[1]} ELSE ${a[2]} END)`, ["boolean", ANY, ANY]),
  isnull: sqlOf((a) => `(${a[0]} IS NULL)`, [ANY]),
  isnotnull: sqlOf((a) => `(${a[0]} IS NOT NULL)`, [ANY]),
  equal_null: sqlOf((a) => `(${a[0]} IS NOT DISTINCT FROM ${a[1]})`, [ANY, ANY]),
  isnan: sqlOf((a) => `coalesce(isnan(${a[0]}), FALSE)`, ["numeric"]),
  nanvl: sqlOf((a) => `(CASE WHEN isnan(${a[0]}) THEN ${a[1]} ELSE ${a[0]} END)`, [N, N]),
  greatest: fn("greatest", [ANY], 2, MANY),
  least: fn("least", [ANY], 2, MANY),
  raise_error: sqlOf((a) => `error(${a[0]})`, [S]),

  // ---- misc
  monotonically_increasing_id: {
    sql: () => "CAST(row_number() OVER () - 1 AS BIGINT)",
    minArgs: 0,
    maxArgs: 0,
  },
  spark_partition_id: nullary("0"),
  input_file_name: nullary("''"),
  uuid: nullary("CAST(gen_random_uuid() AS VARCHAR)"),
  // Spark's type name, known at analysis.
  typeof: {
    sql: (a, _raw, _d, typeOf) => quoteString(typeOf ? typeOf(a[0]).simpleString() : "unknown"),
    minArgs: 1,
    maxArgs: 1,
  },
};
