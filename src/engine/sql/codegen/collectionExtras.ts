/**
 * issue 11: Spark's generator `stack` (its rows and columns in a select list), `array_insert` and
 * `map_zip_with`, as DuckDB list and map SQL.
 */
import { quoteIdentifier } from "../../duckdb/DuckDB";
import {
  generatorNestedInExpressions,
  nonFoldableInput,
  stackColumnDiffTypes,
  stackRowsOutOfRange,
  udtfAliasNumberMismatch,
  unexpectedInputType,
  wrongNumArgs,
} from "../../errors/QueryCompilationErrors";
import { toSQLType } from "../../errors/QueryErrorsBase";
import { invalidIndexOfZeroSql } from "../../errors/QueryExecutionErrors";
import { expressionSql } from "../analysis/naming";
import { type Expression, stripAlias } from "../expressions";
import { AtomicType, type DataType, IntegerType, NullType } from "../types";
import { A, ANY, type FunctionSpec, I, sqlOf } from "./functionSpecs";

const isNullLiteral = (e: Expression) => e.kind === "literal" && e.value == null && e.dataType === undefined;

/** Stack's number of rows where it is a constant: an integer literal (or its negation). */
function literalInt(e: Expression): number | undefined {
  if (e.kind === "literal" && typeof e.value === "number" && Number.isInteger(e.value)) return e.value;
  if (e.kind === "negate") {
    const inner = literalInt(e.child);
    return inner === undefined ? undefined : -inner;
  }
  return undefined;
}

const hasColumn = (e: Expression): boolean => {
  if (e.kind === "column") return true;
  return Object.values(e).some((v) =>
    Array.isArray(v)
      ? v.some((x) => x && typeof x === "object" && "kind" in x && hasColumn(x as Expression))
      : v && typeof v === "object" && "kind" in v && hasColumn(v as Expression),
  );
};

/**
 * Spark's Stack in a select list: `stack(n, v1, ..., vk)` as n rows of ceil(k / n) columns col0, col1, ...
 * (or the `AS (...)` names), filled row by row, the last row padded with nulls. Each column keeps the type of
 * its first row's value; a null literal takes its column's type (StackCoercion); other types must match.
 */
export function stackColumns(
  e: Expression,
  args: readonly string[],
  typeOf: ((sql: string) => DataType) | undefined,
): { sql: string; name: string }[] {
  const call = stripAlias(e) as Extract<Expression, { kind: "call" }>;
  const sqlExpr = expressionSql(call);
  if (call.args.length <= 1) throw wrongNumArgs("stack", "> 1", call.args.length);
  const first = call.args[0];
  const firstType = typeOf?.(args[0]) ?? IntegerType;
  if (!(firstType instanceof AtomicType && firstType.name === "integer"))
    throw unexpectedInputType(sqlExpr, 0, '"INT"', expressionSql(first), firstType);
  const n = literalInt(first);
  if (n === undefined || hasColumn(first))
    throw nonFoldableInput(sqlExpr, "n", toSQLType(firstType), expressionSql(first));
  if (n < 1) throw stackRowsOutOfRange(sqlExpr, n);
  const values = call.args.slice(1);
  const k = values.length;
  const numFields = Math.ceil(k / n);
  const types = values.map((v, i) => (isNullLiteral(v) ? NullType : (typeOf?.(args[i + 1]) ?? NullType)));
  // Each column's type: its first value's not null type (Stack.findDataType), for its null literals.
  const columnTypes: DataType[] = [];
  for (let j = 0; j < numFields; j++) {
    let type: DataType = NullType;
    for (let i = j; i < k; i += numFields) {
      if (!(types[i] instanceof AtomicType && (types[i] as AtomicType).name === "null")) {
        type = types[i];
        break;
      }
    }
    columnTypes.push(type);
  }
  const effective = types.map((t, i) => (isNullLiteral(values[i]) ? columnTypes[i % numFields] : t));
  for (let i = numFields; i < k; i++) {
    const j = i % numFields;
    if (!effective[i].equals(effective[j]))
      throw stackColumnDiffTypes(sqlExpr, j, j + 1, effective[j], i + 1, effective[i]);
  }
  const cell = (index: number, j: number) => {
    const type = columnTypes[j];
    const typed = type instanceof AtomicType && type.name === "null" ? "NULL" : `CAST(NULL AS ${type.sql()})`;
    if (index >= k || isNullLiteral(values[index])) return typed;
    return args[index + 1];
  };
  const columns = columnTypes.map((_, j) => {
    const rows = Array.from({ length: n }, (_, r) => cell(r * numFields + j, j));
    return { sql: `unnest([${rows.join(", ")}])`, name: `col${j}` };
  });
  const names = e.kind === "alias" ? (e.names ?? [e.name]) : undefined;
  if (names && names.length !== columns.length) throw udtfAliasNumberMismatch(columns.length, names);
  return columns.map((c, i) => ({ sql: c.sql, name: names?.[i] ?? c.name }));
}

/**
 * Spark 4's ArrayInsert: `pos` counts from 1; past the end the array is padded with nulls. A negative `pos`
 * counts from the end, -1 appending (`spark.sql.legacy.negativeIndexInArrayInsert` makes -1 insert before the
 * last element, as Spark 3.4 did); one before the start puts the item first with nulls before the elements.
 * Position 0 fails with INVALID_INDEX_OF_ZERO; a null array or position gives null.
 */
export function arrayInsertSql(arr: string, pos: string, item: string, legacyNegativeIndex = false): string {
  const n = `len(${arr})`;
  // Negative positions, as Spark adjusts them: -1 is after the last element unless legacy.
  const p = legacyNegativeIndex ? `(${pos})` : `((${pos}) + 1)`;
  const insertAt = (index: string) =>
    `list_concat(list_slice(${arr}, 1, ${index}), [${item}], list_slice(${arr}, ${index} + 1, ${n}))`;
  const nulls = (count: string) => `list_transform(range(${count}), lambda __n: NULL)`;
  return `(CASE WHEN ${arr} IS NULL OR ${pos} IS NULL THEN NULL
    WHEN ${pos} = 0 THEN ${invalidIndexOfZeroSql()}
    WHEN ${pos} > 0 THEN (CASE WHEN ${pos} - 1 >= ${n} THEN list_concat(${arr}, ${nulls(`${pos} - 1 - ${n}`)}, [${item}]) ELSE ${insertAt(`${pos} - 1`)} END)
    WHEN abs(${p}) > ${n} THEN list_concat([${item}], ${nulls(`- ${p} - ${n}`)}, ${arr})
    ELSE ${insertAt(`${p} + ${n}`)} END)`;
}

/** Spark's MapZipWith: the keys of both maps, each with f(key, value1, value2), a missing value null. */
function mapZipWithSql(a: readonly string[], raw: readonly Expression[]): string {
  const lambda = raw[2];
  if (lambda?.kind !== "lambda" || lambda.params.length !== 3) return `NULL`;
  // Keys in order of first appearance: the first map's, then the second's new ones (Spark's order).
  const ordered = `list_concat(map_keys(${a[0]}), list_filter(map_keys(${a[1]}), lambda __k: NOT list_contains(map_keys(${a[0]}), __k)))`;
  const body = a[2];
  const prefix = `(lambda ${lambda.params.map(quoteIdentifier).join(", ")}: `;
  if (!body.startsWith(prefix) || !body.endsWith(")")) return "NULL";
  let inner = body.slice(prefix.length, -1);
  const values = ["__zk", `${a[0]}[__zk]`, `${a[1]}[__zk]`];
  for (let i = lambda.params.length - 1; i >= 0; i--)
    inner = `list_transform([${values[i]}], lambda ${quoteIdentifier(lambda.params[i])}: ${inner})[1]`;
  return `(CASE WHEN ${a[0]} IS NULL OR ${a[1]} IS NULL THEN NULL ELSE map(${ordered}, list_transform(${ordered}, lambda __zk: ${inner})) END)`;
}

export const COLLECTION_EXTRA_FUNCTIONS: Record<string, FunctionSpec> = {
  stack: {
    sql: (_a, raw) => {
      throw generatorNestedInExpressions(`stack(${raw.map((r) => expressionSql(r)).join(", ")})`);
    },
    minArgs: 0,
    maxArgs: Number.POSITIVE_INFINITY,
  },
  // The item and the elements meet at their wider type (DuckDB's list_concat widens them).
  array_insert: {
    sql: (a, raw) => {
      if (raw.length === 4 && !isLegacy(raw)) throw wrongNumArgs("array_insert", "3", 4);
      return arrayInsertSql(a[0], a[1], a[2], isLegacy(raw));
    },
    minArgs: 3,
    maxArgs: 4,
    inputTypes: [A, I, ANY, ANY],
  },
  map_zip_with: sqlOf((a, raw) => mapZipWithSql(a, raw), ["map", "map", ANY]),
};

/**
 * The fourth argument the Analyzer gives array_insert built under `spark.sql.legacy.negativeIndexInArrayInsert`
 * (Spark's ArrayInsert.legacyNegativeIndex): known by identity, so a user's fourth argument is still refused.
 */
export const LEGACY_NEGATIVE_INDEX: Expression = { kind: "literal", value: true };

/** Whether the call was analysed under spark.sql.legacy.negativeIndexInArrayInsert. */
const isLegacy = (raw: readonly Expression[]) => raw[3] === LEGACY_NEGATIVE_INDEX;
