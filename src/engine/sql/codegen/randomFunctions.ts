/**
 * Spark 4's `uniform(min, max[, seed])` and `randstr(length[, seed])`, drawn as the other seeded functions draw
 * (seededRandom.ts): the same seed over the same input gives the same values, run after run, but not Spark's values.
 */
import { nonFoldableInput } from "../../errors/QueryCompilationErrors";
import { expressionSql } from "../analysis/naming";
import type { Expression } from "../expressions";
import { AtomicType, type DataType, DecimalType } from "../types";
import type { FunctionSpec } from "./functionSpecs";
import { ROW_NUMBER_SQL, SEEDED_NOTE, seedOf, uniformSql } from "./seededRandom";

/** Randstr's characters: digits, then lower-case, then upper-case letters. */
const POOL = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

const INTEGRAL = ["byte", "short", "integer", "long"];
const isNullLiteral = (e: Expression | undefined) =>
  e?.kind === "literal" && (e.value === null || e.value === undefined);

/** A constant argument, as Spark requires (a column is DATATYPE_MISMATCH.NON_FOLDABLE_INPUT). */
function requireConstant(
  name: string,
  raw: readonly Expression[],
  index: number,
  inputName: string,
  type: string,
) {
  const e = raw[index];
  if (e === undefined || e.kind === "literal") return;
  if (e.kind === "cast" && e.child.kind === "literal") return;
  const call = `${name}(${raw.map((x) => expressionSql(x)).join(", ")})`;
  throw nonFoldableInput(call, inputName, type, expressionSql(e));
}

/** Uniform's result type: the wider integral type of two integral bounds, else their floating or decimal type. */
function uniformType(a: DataType | undefined, b: DataType | undefined): string {
  const name = (t: DataType | undefined) => (t instanceof AtomicType ? t.name : undefined);
  const [x, y] = [name(a), name(b)];
  if (x !== undefined && y !== undefined && INTEGRAL.includes(x) && INTEGRAL.includes(y))
    return ["TINYINT", "SMALLINT", "INTEGER", "BIGINT"][Math.max(INTEGRAL.indexOf(x), INTEGRAL.indexOf(y))];
  if (a instanceof DecimalType && (b instanceof DecimalType || INTEGRAL.includes(y ?? ""))) return a.sql();
  if (b instanceof DecimalType && INTEGRAL.includes(x ?? "")) return b.sql();
  if (x === "float" && (y === "float" || INTEGRAL.includes(y ?? ""))) return "FLOAT";
  if (y === "float" && INTEGRAL.includes(x ?? "")) return "FLOAT";
  return "DOUBLE";
}

const UNIFORM: FunctionSpec = {
  sql: (a, raw, _d, typeOf) => {
    requireConstant("uniform", raw, 0, "min", '"NUMERIC"');
    requireConstant("uniform", raw, 1, "max", '"NUMERIC"');
    const type = uniformType(typeOf?.(a[0]), typeOf?.(a[1]));
    if (raw.slice(0, 3).some(isNullLiteral)) return `CAST(NULL AS ${type})`;
    const u = uniformSql(seedOf(raw[2], "uniform"));
    // Spark: CAST(min + (max - min) * rand(seed) AS type), through doubles; a cast to an integer truncates.
    const value = `(CAST(${a[0]} AS DOUBLE) + (CAST(${a[1]} AS DOUBLE) - CAST(${a[0]} AS DOUBLE)) * ${u})`;
    return ["TINYINT", "SMALLINT", "INTEGER", "BIGINT"].includes(type)
      ? `CAST(trunc(${value}) AS ${type})`
      : `CAST(${value} AS ${type})`;
  },
  minArgs: 2,
  maxArgs: 3,
  partial: SEEDED_NOTE,
};

const RANDSTR: FunctionSpec = {
  sql: (a, raw) => {
    requireConstant("randstr", raw, 0, "length", '"INT or SMALLINT"');
    const seed = seedOf(raw[1], "randstr");
    const pick = (draw: string) => `substr('${POOL}', CAST(${draw} AS INTEGER) + 1, 1)`;
    if (seed === undefined)
      return `(CASE WHEN ${a[0]} IS NULL THEN NULL ELSE coalesce(array_to_string(list_transform(range(CAST(${a[0]} AS BIGINT)), lambda __i: ${pick("floor(random() * 62)")}), ''), '') END)`;
    // The row's number enters the lambdas as a list element: DuckDB binds no window function inside a lambda.
    const chars = `list_transform(range(CAST(${a[0]} AS BIGINT)), lambda __i: ${pick(`hash(__r, ${seed}, 0, __i) % 62`)})`;
    return `(CASE WHEN ${a[0]} IS NULL THEN NULL ELSE coalesce(list_transform([${ROW_NUMBER_SQL}], lambda __r: array_to_string(${chars}, ''))[1], '') END)`;
  },
  minArgs: 1,
  maxArgs: 2,
  inputTypes: ["integral", "integral"],
  partial: SEEDED_NOTE,
};

export const RANDOM_FUNCTIONS: Record<string, FunctionSpec> = {
  uniform: UNIFORM,
  randstr: RANDSTR,
};
