/**
 * issue 11: Spark's ListAgg, `listagg(expr[, delimiter]) [WITHIN GROUP (ORDER BY ...)]` and its alias
 * `string_agg`, with DISTINCT: the group's non-null values joined by the delimiter (none by default), a string for
 * strings (other atomic values cast to strings) and a binary for binaries, null over no values. The parser keeps
 * the WITHIN GROUP orderings as sortOrder arguments after the delimiter.
 */
import {
  invalidWindowSpecForAggregationFunc,
  listaggDataDiffTypes,
  nonFoldableInput,
  unexpectedInputType,
  withinGroupMismatchWithDistinctInput,
  wrongNumArgs,
} from "../../errors/QueryCompilationErrors";
import { toSQLType } from "../../errors/QueryErrorsBase";
import { expressionSql } from "../analysis/naming";
import type { Expression } from "../expressions";
import { AtomicType, type DataType, DecimalType, StringType } from "../types";
import type { FunctionSpec } from "./functionSpecs";

export const LISTAGG_NOTE =
  "without WITHIN GROUP the values come in DuckDB's aggregation order, which may differ from the input's; collations are not applied to the ordering or DISTINCT; DISTINCT over a window is not refused";

type Call = Extract<Expression, { kind: "call" }>;

/** The call's parts: value, delimiter (undefined where not given) and WITHIN GROUP orderings. */
function parts(raw: readonly Expression[]) {
  const plain = raw.filter((r) => r.kind !== "sortOrder");
  const orders = raw.filter((r): r is Extract<Expression, { kind: "sortOrder" }> => r.kind === "sortOrder");
  return { value: plain[0], delimiter: plain[1], orders, count: plain.length };
}

const isNullLiteral = (e: Expression | undefined) => e?.kind === "literal" && e.value == null;
const hasColumn = (e: Expression): boolean =>
  e.kind === "column" ||
  Object.values(e).some((v) =>
    Array.isArray(v)
      ? v.some((x) => x && typeof x === "object" && "kind" in x && hasColumn(x as Expression))
      : v && typeof v === "object" && "kind" in v && hasColumn(v as Expression),
  );

const atomicName = (t: DataType | undefined) => (t instanceof AtomicType ? t.name : undefined);

/** Spark's name of a call: `listagg(DISTINCT a, NULL) WITHIN GROUP (ORDER BY a ASC NULLS FIRST)`. */
export function listaggName(e: Call): string | undefined {
  if (e.name !== "listagg" && e.name !== "string_agg") return undefined;
  const { value, delimiter, orders } = parts(e.args);
  if (!value) return undefined;
  const head = `${e.name}(${e.distinct ? "DISTINCT " : ""}${expressionSql(value)}, ${delimiter ? expressionSql(delimiter) : "NULL"})`;
  if (orders.length === 0) return head;
  return `${head} WITHIN GROUP (ORDER BY ${orders.map(expressionSql).join(", ")})`;
}

function compile(
  name: string,
  args: readonly string[],
  raw: readonly Expression[],
  distinct: boolean,
  typeOf: ((sql: string) => DataType) | undefined,
): { aggregate: (over?: string) => string; orders: readonly Expression[]; value: Expression } {
  const { value, delimiter, orders, count } = parts(raw);
  const call: Call = { kind: "call", name, args: raw, distinct };
  const sqlExpr = listaggName(call)?.replace(/ WITHIN GROUP .*$/, "") ?? name;
  if (count < 1 || count > 2) throw wrongNumArgs(name, "[1, 2]", count);
  const valueSql = args[raw.indexOf(value)];
  const known = typeOf?.(valueSql);
  const type = known ?? StringType;
  const kind = known ? atomicName(type) : undefined;
  const binary = kind === "binary";
  if (!(type instanceof AtomicType || type instanceof DecimalType))
    throw unexpectedInputType(sqlExpr, 0, '("STRING" or "BINARY")', expressionSql(value), type);
  let delimiterSql = binary ? "''::BLOB" : "''";
  if (delimiter && !isNullLiteral(delimiter)) {
    const delimiterArg = args[raw.indexOf(delimiter)];
    const delimiterType = typeOf?.(delimiterArg) ?? StringType;
    if (hasColumn(delimiter))
      throw nonFoldableInput(sqlExpr, "delimiter", toSQLType(delimiterType), expressionSql(delimiter));
    const delimiterBinary = atomicName(delimiterType) === "binary";
    if (delimiterBinary !== binary)
      throw listaggDataDiffTypes(sqlExpr, [
        binary ? '"BINARY"' : '"STRING"',
        delimiterBinary ? '"BINARY"' : '"STRING"',
      ]);
    delimiterSql = delimiterArg;
  }
  if (distinct && orders.length > 0) {
    const funcArg = expressionSql(value);
    const mismatched = orders.some((o) => o.kind === "sortOrder" && expressionSql(o.child) !== funcArg);
    if (mismatched)
      throw withinGroupMismatchWithDistinctInput(
        "listagg",
        funcArg,
        orders.map((o) => (o.kind === "sortOrder" ? expressionSql(o.child) : "")),
      );
  }
  const orderBy = orders.length > 0 ? ` ORDER BY ${orders.map((o) => args[raw.indexOf(o)]).join(", ")}` : "";
  const d = distinct ? "DISTINCT " : "";
  const aggregate = (over?: string) => {
    const window = over === undefined ? "" : ` OVER (${over})`;
    if (binary) return `unhex(string_agg(${d}hex(${valueSql}), hex(${delimiterSql})${orderBy})${window})`;
    const text = kind === "string" ? valueSql : `CAST(${valueSql} AS VARCHAR)`;
    return `string_agg(${d}${text}, ${delimiterSql}${orderBy})${window}`;
  };
  return { aggregate, orders, value };
}

function listagg(name: "listagg" | "string_agg"): FunctionSpec {
  return {
    sql: (args, raw, distinct, typeOf) => compile(name, args, raw, distinct, typeOf).aggregate(),
    windowed: (args, raw, over) => {
      const { aggregate, orders, value } = compile(name, args, raw, false, undefined);
      if (orders.length > 0 && /\b(ORDER BY|ROWS|RANGE)\b/.test(over)) {
        const { delimiter } = parts(raw);
        const children = orders.map((o) => (o.kind === "sortOrder" ? expressionSql(o.child) : ""));
        throw invalidWindowSpecForAggregationFunc(
          `listagg(${expressionSql(value)}, ${delimiter ? expressionSql(delimiter) : "NULL"}, ${children.join(", ")})`,
        );
      }
      return aggregate(over);
    },
    minArgs: 1,
    maxArgs: Number.POSITIVE_INFINITY,
    aggregate: true,
    partial: LISTAGG_NOTE,
  };
}

export const LISTAGG_FUNCTIONS: Record<string, FunctionSpec> = {
  listagg: listagg("listagg"),
  string_agg: listagg("string_agg"),
};
