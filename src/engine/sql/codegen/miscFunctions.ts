/**
 * Spark's conditional, null-handling and miscellaneous built-in functions (`coalesce`, `if`, `nvl`, `typeof`,
 * `uuid`, ...) as DuckDB SQL.
 */
import { quoteString } from "../../duckdb/DuckDB";
import { raiseErrorSql } from "../../errors/QueryExecutionErrors";
import { expressionSql } from "../analysis/naming";
import type { Expression } from "../expressions";
import { ANY, type FunctionSpec, fn, MANY, N, nullary, partially, S, sqlOf } from "./functionSpecs";
import { SEEDED_NOTE, seedOf, uuidSql } from "./seededRandom";

/** The Spark release whose behaviour Sluice follows, and that release's source revision, as `version()` gives them. */
export const SPARK_VERSION = "4.0.0";
export const SPARK_REVISION = "fa33ea000a0bda9e5a3fa1af98e8e85b8cc5e4d4";

/** Who runs the queries: a notebook in a browser has no operating-system user, so the session is Sluice's. */
export const SPARK_USER = "sluice";

/** SQL failing the query with USER_RAISED_EXCEPTION and the message `message` evaluates to. */
function userRaisedSql(message: string): string {
  return raiseErrorSql("SparkRuntimeException", "USER_RAISED_EXCEPTION", {
    errorMessage: `coalesce(${message}, 'null')`,
  });
}

/** AssertTrue's default message: `'<condition>' is not true!`, the condition as Spark's simpleString prints it. */
function assertTrueMessage(condition: Expression): string {
  const text =
    condition.kind === "literal" && (condition.value === null || condition.value === undefined)
      ? "null"
      : expressionSql(condition);
  return `'${text}' is not true!`;
}

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
  // Spark 4's RaiseError: a SparkRuntimeException of USER_RAISED_EXCEPTION; a null message is "null".
  raise_error: sqlOf((a) => userRaisedSql(a[0]), [S]),
  // Spark's AssertTrue, `If(condition, null, RaiseError(message))`: a condition that is false or null fails.
  // The condition is cast rather than typed BOOLEAN: a NULL literal types as INT here, and `assert_true(null)` fails.
  assert_true: {
    sql: (a, raw) =>
      `(CASE WHEN CAST(${a[0]} AS BOOLEAN) THEN NULL ELSE ${userRaisedSql(a[1] ?? quoteString(assertTrueMessage(raw[0])))} END)`,
    minArgs: 1,
    maxArgs: 2,
    inputTypes: [ANY, S],
  },
  // Spark's CASE WHEN as a function: when(cond1, value1[, cond2, value2...][, else]).
  when: sqlOf(
    (a) => {
      const pairs = a.length - (a.length % 2);
      const branches = Array.from({ length: pairs / 2 }, (_, i) => ` WHEN ${a[2 * i]} THEN ${a[2 * i + 1]}`);
      return `(CASE${branches.join("")}${a.length % 2 === 1 ? ` ELSE ${a[a.length - 1]}` : ""} END)`;
    },
    [ANY],
    2,
    MANY,
  ),

  // ---- misc
  monotonically_increasing_id: {
    sql: () => "CAST(row_number() OVER () - 1 AS BIGINT)",
    minArgs: 0,
    maxArgs: 0,
  },
  spark_partition_id: partially(nullary("0"), "every row is in partition 0: Sluice runs one partition"),
  // Over a file source these read the row's `_metadata` (AddMetadataColumns); elsewhere Spark's values for no file.
  input_file_name: nullary("''"),
  input_file_block_start: nullary("CAST(-1 AS BIGINT)"),
  input_file_block_length: nullary("CAST(-1 AS BIGINT)"),

  // ---- the session: Spark's informational functions
  version: nullary(quoteString(`${SPARK_VERSION} ${SPARK_REVISION}`)),
  current_database: nullary("'default'"),
  current_schema: nullary("'default'"),
  current_catalog: nullary("'spark_catalog'"),
  current_user: nullary(quoteString(SPARK_USER)),
  user: nullary(quoteString(SPARK_USER)),
  session_user: nullary(quoteString(SPARK_USER)),
  // A seed gives the same UUIDs run after run (seededRandom.ts), as Spark's Uuid(seed) does.
  uuid: partially({ sql: (_a, raw) => uuidSql(seedOf(raw[0], "uuid")), minArgs: 0, maxArgs: 1 }, SEEDED_NOTE),
  // Spark's type name, known at analysis.
  typeof: {
    sql: (a, _raw, _d, typeOf) => quoteString(typeOf ? typeOf(a[0]).simpleString() : "unknown"),
    minArgs: 1,
    maxArgs: 1,
  },
};
