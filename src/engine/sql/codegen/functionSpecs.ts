/**
 * How a built-in function compiles (FunctionSpec), and the builders the function tables are written with: a
 * DuckDB function under another name, SQL over the (cast) arguments, an aggregate, a constant.
 */
import type { InputType } from "../analysis/typeCoercion";
import type { Expression } from "../expressions";
import type { DataType } from "../types";

export interface FunctionSpec {
  /**
   * DuckDB SQL for the call; `args` are compiled (and cast as `inputTypes` asks), `raw` are the argument
   * expressions (for literal options), `typeOf` gives the type of compiled SQL where the compiler knows it.
   */
  sql(
    args: string[],
    raw: readonly Expression[],
    distinct: boolean,
    typeOf?: (sql: string) => DataType,
  ): string;
  minArgs: number;
  maxArgs: number;
  /** What each parameter takes (the last repeats), with Spark's implicit casts; unchecked where absent. */
  inputTypes?: readonly InputType[];
  /** Aggregate functions: computed per group, and through state in streaming queries. */
  aggregate?: true;
  /**
   * The call over a window (`over` is the window clause), where it is not the call's SQL followed by OVER
   * (issue 11: percentile_cont and percentile_disc, whose SQL wraps the aggregate).
   */
  windowed?(args: string[], raw: readonly Expression[], over: string): string;
  /** Where Sluice's function differs from Spark's: what it does not do (the compatibility table's "partial"). */
  partial?: string;
}

/** The spec with a note of how Sluice's function falls short of Spark's. */
export const partially = (spec: FunctionSpec, note: string): FunctionSpec => ({ ...spec, partial: note });

export const MANY = Number.POSITIVE_INFINITY;

export function literalString(e: Expression | undefined): string | undefined {
  return e?.kind === "literal" && typeof e.value === "string" ? e.value : undefined;
}

/** A function's options as Spark requires them: a `map('k', 'v', ...)` of literals (schema_of_json, schema_of_csv). */
export function literalOptions(e: Expression | undefined): Record<string, string> {
  const options: Record<string, string> = {};
  if (e?.kind === "call" && (e.name === "map" || e.name === "create_map")) {
    for (let i = 0; i + 1 < e.args.length; i += 2) {
      const k = literalString(e.args[i]);
      const v = literalString(e.args[i + 1]);
      if (k !== undefined && v !== undefined) options[k] = v;
    }
  }
  return options;
}

export function literalNumber(e: Expression | undefined): number | undefined {
  return e?.kind === "literal" && typeof e.value === "number" ? e.value : undefined;
}

/** A function DuckDB has under `duck`, taking `types`. */
export const fn = (
  duck: string,
  types: readonly InputType[],
  minArgs = types.length,
  maxArgs = minArgs,
): FunctionSpec => ({
  sql: (args) => `${duck}(${args.join(", ")})`,
  minArgs,
  maxArgs,
  inputTypes: types,
});

/** A function written as SQL over its (cast) arguments. */
export const sqlOf = (
  sql: (a: string[], raw: readonly Expression[], typeOf?: (sql: string) => DataType) => string,
  types: readonly InputType[],
  minArgs = types.length,
  maxArgs = minArgs,
): FunctionSpec => ({
  sql: (a, raw, _d, typeOf) => sql(a, raw, typeOf),
  minArgs,
  maxArgs,
  inputTypes: types,
});

export const agg = (
  sql: (args: string[], distinct: boolean) => string,
  minArgs = 1,
  maxArgs = minArgs,
  inputTypes?: readonly InputType[],
): FunctionSpec => ({
  sql: (args, _raw, distinct) => sql(args, distinct),
  minArgs,
  maxArgs,
  aggregate: true,
  ...(inputTypes ? { inputTypes } : {}),
});

/** A function of no arguments. */
export const nullary = (sql: string): FunctionSpec => ({ sql: () => sql, minArgs: 0, maxArgs: 0 });

/** Shorthands for the input types of the tables. */
export const S: InputType = "string";
export const N: InputType = "numeric";
export const I: InputType = "integral";
export const TS: InputType = "timestamp";
export const D: InputType = "date";
export const A: InputType = "array";
export const ANY: InputType = "any";
