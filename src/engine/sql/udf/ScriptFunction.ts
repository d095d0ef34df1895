/**
 * issue 11: what a built-in function evaluated in JavaScript is (scriptFunctions.ts runs them), and the checks
 * their tables share.
 */
import { anyExpression, type Expression } from "../expressions";
import type { DataType } from "../types";

/** A built-in function evaluated in JavaScript, one row at a time. */
export interface ScriptFunction {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** The result type. */
  readonly dataType: DataType;
  /** The call's arguments with the ones left out filled in, as Spark's constructors fill them (in its name too). */
  complete?(args: readonly Expression[]): readonly Expression[];
  /** Checks the call's arguments at analysis, as Spark's checkInputDataTypes (`name` is the function's). */
  check?(args: readonly Expression[], name: string): void;
  /** The result for one row's argument values (null in, null out is the function's own business). */
  evaluate(args: readonly unknown[]): unknown;
}

export type ScriptFunctionTable = Readonly<Record<string, ScriptFunction>>;

const NONDETERMINISTIC = new Set(["rand", "random", "randn", "shuffle", "uuid", "current_timestamp", "now"]);

/** Whether `e` is a constant Spark folds: no column, no star, nothing random or per row. */
export function isFoldable(e: Expression): boolean {
  return !anyExpression(
    e,
    (x) =>
      x.kind === "column" ||
      x.kind === "star" ||
      x.kind === "udf" ||
      (x.kind === "call" && NONDETERMINISTIC.has(x.name.toLowerCase())),
  );
}
