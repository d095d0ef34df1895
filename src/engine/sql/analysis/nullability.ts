/**
 * Whether an expression can be null, as Spark decides it for `printSchema()`'s `(nullable = ...)`: a column is
 * as nullable as its field, a literal only when it is null, `count` never, most functions when an input is.
 * DuckDB reports every result column as nullable, so this is worked out from the expression instead.
 */

import { OFFSET_FUNCTIONS, RANKING_FUNCTIONS } from "../api/Window";
import { castNullable } from "../codegen/Cast";
import { castEvalMode, compileExpression } from "../codegen/expressionCompiler";
import type { Expression } from "../expressions";
import { resolveColumn, type Scope } from "./columnResolution";

/** Functions whose result may be null whatever their inputs (aggregates over no rows, parsers, lookups). */
const ALWAYS_NULLABLE = new Set([
  "sum",
  "avg",
  "mean",
  "min",
  "max",
  "first",
  "last",
  "first_value",
  "last_value",
  "any_value",
  "stddev",
  "stddev_samp",
  "stddev_pop",
  "variance",
  "var_samp",
  "var_pop",
  "corr",
  "median",
  "percentile_approx",
  "max_by",
  "min_by",
  "bool_and",
  "bool_or",
  "every",
  "some",
  "from_json",
  "to_timestamp",
  "to_date",
  "date_format",
  "unix_timestamp",
  "from_unixtime",
  "element_at",
  "nullif",
  "try_cast",
  "array_max",
  "array_min",
  "array_position",
  "get_json_object",
  "log",
  "ln",
  "log10",
  "log2",
  "sqrt",
  "try_divide",
  "regexp_extract",
  "array_join",
]);

/** Functions never null. */
const NEVER_NULL = new Set([
  "count",
  "count_if",
  "count_distinct",
  "approx_count_distinct",
  "collect_list",
  "collect_set",
  "current_timestamp",
  "current_date",
  "now",
  "monotonically_increasing_id",
  "rand",
  "randn",
  "uuid",
  "isnull",
  "isnotnull",
  "isnan",
  "struct",
  "named_struct",
  "array",
  "map",
  "window",
]);

export function expressionNullable(e: Expression, scope: Scope): boolean {
  const n = (x: Expression) => expressionNullable(x, scope);
  switch (e.kind) {
    case "column":
      try {
        return resolveColumn(e.parts, scope, e.planId, e.index).nullable;
      } catch {
        return true;
      }
    case "star":
    case "lambda":
      return true;
    case "windowFunction": {
      const f = e.function;
      if (f.kind === "call" && RANKING_FUNCTIONS.has(f.name)) return false;
      if (f.kind === "call" && OFFSET_FUNCTIONS.has(f.name)) return true;
      return n(f);
    }
    case "literal":
      return e.value === null || e.value === undefined;
    case "interval":
      return false;
    case "alias":
    case "not":
    case "negate":
    case "sortOrder":
      return n(e.child);
    case "cast": {
      if (!scope.typeOf) return e.tryCast === true || n(e.child);
      const from = scope.typeOf(compileExpression(e.child, scope));
      return castNullable(castEvalMode(e), from, e.dataType, n(e.child));
    }
    case "isNull":
      return false;
    case "in":
      return n(e.child) || e.list.some(n);
    case "between":
      return n(e.child) || n(e.low) || n(e.high);
    case "binary":
      if (e.op === "<=>") return false;
      // Division by zero is null.
      if (e.op === "/" || e.op === "%" || e.op === "div") return true;
      return n(e.left) || n(e.right);
    case "case":
      return !e.otherwise || n(e.otherwise) || e.branches.some(([, v]) => n(v));
    case "extract":
      return true;
    case "udf":
      return e.udf.nullable;
    case "subquery":
      return e.subqueryType === "scalar";
    case "outer":
      return true;
    case "call":
      if (NEVER_NULL.has(e.name)) return false;
      if (ALWAYS_NULLABLE.has(e.name)) return true;
      if (e.name === "coalesce" || e.name === "ifnull" || e.name === "nvl") return e.args.every(n);
      return e.args.length === 0 || e.args.some(n);
  }
}
