/**
 * issue 11: built-in functions that DuckDB has no counterpart for and SQL cannot express (XPath over XML text,
 * AES), evaluated in JavaScript on the same path as user-defined functions: the analyzer turns a call of one of
 * them into a `udf` expression, ExtractUDFs moves it into a BatchEvalUDF node, and BatchEvalUDF hands it the
 * arguments a batch of rows at a time. That path returns any type intact (a scalar function registered in
 * DuckDB-WASM cannot return strings, duckdb-wasm #1720).
 *
 * Unlike a user's function a built-in keeps Spark's identity: its name and arity checks are Spark's
 * (WRONG_NUM_ARGS), it checks its arguments at analysis (a path that must be constant), and its errors are the
 * ones Spark raises, not FAILED_EXECUTE_UDF.
 */
import { wrongNumArgs } from "../../errors/QueryCompilationErrors";
import { AES_FUNCTIONS } from "../crypto/aesFunctions";
import type { Expression } from "../expressions";
import { XML_FUNCTIONS } from "../xml/xmlFunctions";
import { XPATH_FUNCTIONS } from "../xml/xpathFunctions";
import type { BoundScriptFunction, ScriptFunction, ScriptFunctionTable } from "./ScriptFunction";
import type { UDFSpec } from "./UserDefinedFunction";

// Built at first use: the XML functions' module reaches this one through the compilers it imports, so reading
// XML_FUNCTIONS while modules load would see it uninitialised.
let table: ScriptFunctionTable | undefined;
function functions(): ScriptFunctionTable {
  table ??= { ...XPATH_FUNCTIONS, ...AES_FUNCTIONS, ...XML_FUNCTIONS };
  return table;
}

/** Whether `name` (lower case) is a built-in evaluated in JavaScript. */
export function isScriptFunction(name: string): boolean {
  return Object.hasOwn(functions(), name.toLowerCase());
}

/** What the compatibility table notes of a built-in evaluated in JavaScript that runs in part. */
export function scriptFunctionPartial(name: string): string | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(functions(), key) ? functions()[key].partial : undefined;
}

/** The names of the built-ins evaluated in JavaScript. */
export function scriptFunctionNames(): string[] {
  return Object.keys(functions());
}

/** One spec per function: ids below zero never meet a user's function's. */
const specs = new Map<string, UDFSpec>();

function specOf(name: string, fn: ScriptFunction | BoundScriptFunction, key = name): UDFSpec {
  const known = specs.get(key);
  if (known) return known;
  const spec: UDFSpec = {
    id: -(specs.size + 1),
    name,
    dataType: fn.dataType,
    namedArgs: "namedArgs" in fn ? fn.namedArgs : undefined,
    deterministic: true,
    nullable: true,
    language: "javascript",
    evaluate: ({ columns, numRows, types }) => {
      const results = new Array<unknown>(numRows);
      const args = new Array<unknown>(columns.length);
      for (let r = 0; r < numRows; r++) {
        for (let i = 0; i < columns.length; i++) args[i] = columns[i][r];
        try {
          results[r] = fn.evaluate(args, types);
        } catch (cause) {
          return { failedRow: r, cause };
        }
      }
      return { results };
    },
    // A built-in's error is Spark's own, raised as it is.
    failure: (cause) => cause as Error,
  };
  specs.set(key, spec);
  return spec;
}

/** A call of a built-in evaluated in JavaScript as the `udf` expression that runs it, or undefined. */
export function resolveScriptFunction(name: string, args: readonly Expression[]): Expression | undefined {
  const key = name.toLowerCase();
  if (!Object.hasOwn(functions(), key)) return undefined;
  const fn = functions()[key];
  if (args.length < fn.minArgs || args.length > fn.maxArgs) {
    const expected =
      fn.minArgs === fn.maxArgs
        ? String(fn.minArgs)
        : `[${Array.from({ length: fn.maxArgs - fn.minArgs + 1 }, (_, i) => fn.minArgs + i).join(", ")}]`;
    throw wrongNumArgs(key, expected, args.length);
  }
  const all = fn.complete ? fn.complete(args) : args;
  fn.check?.(all, key);
  if (fn.bind) {
    const bound = fn.bind(all, key);
    const spec = specOf(
      key,
      { ...bound, namedArgs: fn.namedArgs } as BoundScriptFunction,
      `${key}\u0000${bound.key}`,
    );
    return { kind: "udf", udf: spec, args: all };
  }
  return { kind: "udf", udf: specOf(key, fn), args: all };
}
