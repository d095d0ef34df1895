/**
 * issue 11: Spark's XPath functions (xpath, xpath_boolean, xpath_short, xpath_int, xpath_long, xpath_float,
 * xpath_double / xpath_number, xpath_string) as Spark's XPathExtract runs them through Hive's UDFXPathUtil:
 * the XML text parsed into a DOM (@xmldom/xmldom, which needs no browser DOM), the path compiled once as
 * XPath 1.0 (the `xpath` package, as javax.xml.xpath) and evaluated with the document as its context.
 *
 * Null, empty XML or an empty path give null. A number is XPath's `number()` as a Java Double, narrowed as Java
 * narrows it (NaN is 0 for the integral types and stays NaN for float and double). `xpath` gives each matching
 * node's value (null for an element, which has none in the DOM). Invalid XML and an invalid path raise the
 * RuntimeExceptions UDFXPathUtil raises. The path must be a constant (DATATYPE_MISMATCH.NON_FOLDABLE_INPUT).
 */
import { DOMParser } from "@xmldom/xmldom";
import * as xpathModule from "xpath";
import { nonFoldableInput } from "../../errors/QueryCompilationErrors";
import { invalidXmlDocument, invalidXPath, xpathLoadError } from "../../errors/QueryExecutionErrors";
import { expressionSql } from "../analysis/naming";
import type { Expression } from "../expressions";
import {
  ArrayType,
  BooleanType,
  type DataType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  ShortType,
  StringType,
} from "../types";
import { isFoldable, type ScriptFunction, type ScriptFunctionTable } from "../udf/ScriptFunction";

/** A compiled XPath (the package's `parse`, which its typings leave out). */
interface Compiled {
  evaluateBoolean(options: { node: unknown }): boolean;
  evaluateNumber(options: { node: unknown }): number;
  evaluateString(options: { node: unknown }): string;
  select(options: { node: unknown }): { nodeValue: string | null }[];
}

const xpath = xpathModule as unknown as { parse(path: string): Compiled };

/** The last path compiled (UDFXPathUtil keeps its `oldPath`): a query calls one function with one path. */
const compiled = new Map<string, Compiled>();

function compile(path: string): Compiled {
  const known = compiled.get(path);
  if (known) return known;
  let expression: Compiled;
  try {
    expression = xpath.parse(path);
  } catch (error) {
    throw invalidXPath(path, (error as Error).message, error);
  }
  if (compiled.size > 64) compiled.clear();
  compiled.set(path, expression);
  return expression;
}

/** The document, or the parser's first error (Java's parser stops at the first well-formedness error). */
function parse(xml: string, path: string): unknown {
  let problem: string | undefined;
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== "warning") {
        problem ??= message;
        throw new SyntaxError(message);
      }
    },
  });
  try {
    const doc = parser.parseFromString(xml, "text/xml");
    if (problem === undefined) return doc;
  } catch (error) {
    problem ??= (error as Error).message;
  }
  throw xpathLoadError(path, new SyntaxError(problem));
}

/** The XML and path of a row as UDFXPathUtil.eval takes them: null for null or empty text. */
function inputs(args: readonly unknown[]): [string, string] | undefined {
  const [xml, path] = args;
  if (xml === null || xml === undefined || path === null || path === undefined) return undefined;
  const x = String(xml);
  const p = String(path);
  if (x.length === 0 || p.length === 0) return undefined;
  return [x, p];
}

type Kind = "boolean" | "number" | "string" | "nodeset";

/** UDFXPathUtil.eval: the path's value over the document, as `kind`. */
function evaluate(args: readonly unknown[], kind: Kind): unknown {
  const found = inputs(args);
  if (!found) return null;
  const [xml, path] = found;
  const expression = compile(path);
  const doc = parse(xml, path);
  const options = { node: doc };
  switch (kind) {
    case "boolean":
      return expression.evaluateBoolean(options);
    case "number":
      return expression.evaluateNumber(options);
    case "string":
      return expression.evaluateString(options);
    case "nodeset": {
      let nodes: { nodeValue: string | null }[];
      try {
        nodes = expression.select(options);
      } catch (error) {
        // javax.xml.xpath cannot give a number, string or boolean as a NodeList.
        const type = /number/i.test((error as Error).message)
          ? "NUMBER"
          : /boolean/i.test((error as Error).message)
            ? "BOOLEAN"
            : "STRING";
        throw invalidXmlDocument(
          `com.sun.org.apache.xpath.internal.XPathException: Can not convert #${type} to a NodeList!`,
          xml,
          error,
        );
      }
      return nodes.map((n) => n.nodeValue ?? null);
    }
  }
}

/** Java's Double.intValue / longValue: toward zero, NaN as 0, clamped to the type's range. */
function javaIntegral(d: number, bits: 32 | 64): number | bigint {
  if (Number.isNaN(d)) return bits === 64 ? 0n : 0;
  if (bits === 32) return Math.trunc(Math.min(Math.max(d, -(2 ** 31)), 2 ** 31 - 1));
  if (d >= 2 ** 63) return 2n ** 63n - 1n;
  if (d <= -(2 ** 63)) return -(2n ** 63n);
  return BigInt(Math.trunc(d));
}

/** The path argument: Spark's XPathExtract requires a constant. */
function checkPath(args: readonly Expression[], name: string): void {
  const path = args[1];
  if (!isFoldable(path)) {
    const call = `${name}(${args.map(expressionSql).join(", ")})`;
    throw nonFoldableInput(call, "path", '"STRING"', expressionSql(path));
  }
}

function xpathFunction(dataType: DataType, value: (args: readonly unknown[]) => unknown): ScriptFunction {
  return { minArgs: 2, maxArgs: 2, dataType, check: checkPath, evaluate: value };
}

const number = (args: readonly unknown[]) => evaluate(args, "number") as number | null;

export const XPATH_FUNCTIONS: ScriptFunctionTable = {
  xpath: xpathFunction(new ArrayType(StringType, false), (a) => evaluate(a, "nodeset")),
  xpath_boolean: xpathFunction(BooleanType, (a) => evaluate(a, "boolean")),
  xpath_short: xpathFunction(ShortType, (a) => {
    const d = number(a);
    // Double.shortValue is (short) intValue(): the int's low 16 bits.
    return d === null ? null : ((javaIntegral(d, 32) as number) << 16) >> 16;
  }),
  xpath_int: xpathFunction(IntegerType, (a) => {
    const d = number(a);
    return d === null ? null : javaIntegral(d, 32);
  }),
  xpath_long: xpathFunction(LongType, (a) => {
    const d = number(a);
    return d === null ? null : javaIntegral(d, 64);
  }),
  xpath_float: xpathFunction(FloatType, (a) => {
    const d = number(a);
    return d === null ? null : Math.fround(d);
  }),
  xpath_double: xpathFunction(DoubleType, number),
  xpath_number: xpathFunction(DoubleType, number),
  xpath_string: xpathFunction(StringType, (a) => evaluate(a, "string")),
};
