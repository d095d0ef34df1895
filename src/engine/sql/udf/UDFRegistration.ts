/**
 * `spark.udf`, Spark's UDFRegistration: functions registered by name for the session, so SQL (`spark.sql`,
 * `expr()`, `selectExpr`, filter strings) can call them like built-ins. The analyzer resolves a call of a
 * registered name to the function (Spark's ResolveFunctions, where session functions are found by name).
 */

import { cannotSpecifyReturnTypeForUdf } from "../../errors/PySparkErrors";
import type { UnanalysedPlan } from "../analysis/Analyzer";
import { type Expression, transformExpression } from "../expressions";
import type { DataType } from "../types";
import { isScriptFunction, resolveScriptFunction } from "./scriptFunctions";
import {
  isUserDefinedFunction,
  javaScriptUDF,
  returnTypeOf,
  type UDFSpec,
  type UserDefinedFunction,
  udfExpression,
  userDefinedFunction,
} from "./UserDefinedFunction";

/** What a registered function may be given as: a plain function, or a UserDefinedFunction made by `udf()`. */
export type RegisterableFunction = UserDefinedFunction | ((...args: never[]) => unknown);

/**
 * `spark.udf`: registers functions under a name for SQL.
 * @example spark.udf.register("plus_one", (x: number) => x + 1, "int"); spark.sql("SELECT plus_one(id) FROM range(3)")
 */
export class UDFRegistration {
  private readonly functions = new Map<string, UDFSpec>();

  /**
   * Registers `f` as the SQL function `name` (replacing one of that name) and returns it as a
   * UserDefinedFunction named `name`. `returnType` (DDL text or a DataType, string by default) is for a plain
   * function; a UserDefinedFunction keeps its own.
   */
  register(name: string, f: RegisterableFunction, returnType?: DataType | string): UserDefinedFunction {
    let registered: UserDefinedFunction;
    if (isUserDefinedFunction(f)) {
      if (returnType !== undefined) {
        throw cannotSpecifyReturnTypeForUdf(
          "f",
          typeof returnType === "string" ? returnType : returnType.simpleString(),
        );
      }
      registered = f.withName(name);
    } else {
      registered = userDefinedFunction(javaScriptUDF(f, returnTypeOf(returnType), { name }), f);
    }
    this.functions.set(name.toLowerCase(), registered.spec);
    return registered;
  }

  /** Engine internal: the names registered, lower-cased (`spark.catalog.listFunctions`, SHOW FUNCTIONS). */
  registeredNames(): string[] {
    return [...this.functions.keys()];
  }

  /** Engine internal: the function registered as `name` (case-insensitive), if any. */
  lookup(name: string): UDFSpec | undefined {
    return this.functions.get(name.toLowerCase());
  }
}

/**
 * Calls of registered names in `e` as calls of the functions, and calls of the built-ins evaluated in JavaScript
 * (scriptFunctions.ts) likewise (other calls stay as they are).
 */
function resolveCalls(e: Expression, lookup: (name: string) => UDFSpec | undefined): Expression {
  return transformExpression(e, (x) => {
    if (x.kind !== "call") return undefined;
    const spec = lookup(x.name);
    const args = () => x.args.map((a) => resolveCalls(a, lookup));
    if (spec) return udfExpression(spec, args());
    // issue 11: the built-ins evaluated in JavaScript (XPath, AES) run as functions of this kind.
    return isScriptFunction(x.name) ? resolveScriptFunction(x.name, args()) : undefined;
  });
}

/** An operator whose expressions call registered functions by name, with those calls resolved. */
export function resolveRegisteredFunctions(
  node: UnanalysedPlan,
  lookup: (name: string) => UDFSpec | undefined,
): UnanalysedPlan {
  const r = (e: Expression) => resolveCalls(e, lookup);
  switch (node.kind) {
    case "project":
      return { ...node, exprs: node.exprs.map(r) };
    case "filter":
      return { ...node, condition: r(node.condition) };
    case "aggregate":
      return { ...node, groupBy: node.groupBy.map(r), aggregates: node.aggregates.map(r) };
    case "sort":
      return { ...node, orders: node.orders.map(r) };
    case "join":
      return node.condition ? { ...node, condition: r(node.condition) } : node;
    default:
      return node;
  }
}
