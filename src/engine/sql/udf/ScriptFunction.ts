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
  evaluate(args: readonly unknown[], types: readonly DataType[]): unknown;
  /**
   * For a function whose result type comes from its constant arguments (from_xml's schema, to_xml's options):
   * the function as bound to the call's arguments, after `check`. `key` tells bindings apart.
   */
  bind?(args: readonly Expression[], name: string): BoundScriptFunction;
  /** How many of the arguments Spark prints in the call's name (from_xml prints only its first). */
  readonly namedArgs?: number;
  /** Where Sluice runs the function only in part: what the compatibility table says. */
  readonly partial?: string;
}

/** A ScriptFunction bound to one call's constant arguments. */
export interface BoundScriptFunction {
  readonly key: string;
  readonly dataType: DataType;
  evaluate(args: readonly unknown[], types: readonly DataType[]): unknown;
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
