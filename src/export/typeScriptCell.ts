/**
 * A TypeScript cell as PySpark. DataFrames the cell made are written from their logical plans (what the engine
 * actually built, whatever code built it); the rest of the cell (starting queries, looking at progress,
 * display) is translated statement by statement, since the engine's API has PySpark's names. Statements
 * without a PySpark equivalent stay as comments, marked.
 */
import * as acorn from "acorn";
import { transform } from "sucrase";
import { DataFrame } from "../engine/index";
import type { LogicalPlan } from "../engine/internal";
import { pysparkFunctions } from "./functionParams";
import { isSluicePath } from "./PathParameters";
import { type ExportScope, KAFKA_SERVERS_OPTION, planToPySpark } from "./planToPySpark";
import { bare, comment, layoutChain, pyName, pyString, pyValue, Untranslatable } from "./python";

export interface CellTranslation {
  code: string;
  /** Why each statement that stayed TypeScript (commented out) could not be translated. */
  untranslated: string[];
}

/** The values of the names a cell declared, as they were after it ran (undefined: it did not run). */
export type CellValues = Readonly<Record<string, unknown>> | undefined;

/** What kind of Python value a translated expression is: progress and status are JSON-like dicts and lists in
 * PySpark, so member access on them is a subscript. */
type Shape = "json" | "other";

interface Translated {
  code: string;
  shape: Shape;
}

export const UNTRANSLATED_MARK = "# Sluice: not translated";

export function translateTypeScriptCell(
  source: string,
  values: CellValues,
  scope: ExportScope,
  shapes: Map<string, Shape>,
): CellTranslation {
  let program: acorn.Program;
  let js: string;
  try {
    js = transform(source, { transforms: ["typescript"], disableESTransforms: true }).code;
    program = acorn.parse(js, {
      ecmaVersion: "latest",
      sourceType: "module",
      allowAwaitOutsideFunction: true,
      locations: true,
    });
  } catch {
    return {
      code: untranslated(source, "the cell does not parse"),
      untranslated: ["the cell does not parse"],
    };
  }
  const out: string[] = [];
  const failures: string[] = [];
  const translator = new Translator(scope, shapes);
  for (const statement of program.body) {
    const text = js.slice(statement.start, statement.end);
    try {
      out.push(translator.statement(statement, values));
    } catch (error) {
      if (!(error instanceof Untranslatable)) throw error;
      failures.push(error.message);
      out.push(untranslated(text, error.message));
      // A name made by an untranslated declaration does not exist in the PySpark: neither do its uses.
      if (statement.type === "VariableDeclaration")
        for (const d of statement.declarations)
          if (d.id.type === "Identifier") scope.untranslatedNames.set(d.id.name, error.message);
    }
  }
  return { code: out.join("\n"), untranslated: failures };
}

function untranslated(text: string, reason: string): string {
  return `${UNTRANSLATED_MARK} (${reason}). The TypeScript was:\n${comment(text.trim())}`;
}

/** Methods whose last object-literal argument is PySpark's keyword arguments. */
const KEYWORD_METHODS = new Set([
  "trigger",
  "options",
  "csv",
  "json",
  "parquet",
  "text",
  "load",
  "start",
  "show",
]);

const COLUMN_OPERATORS: Record<string, string> = {
  eq: "==",
  equalTo: "==",
  neq: "!=",
  notEqual: "!=",
  gt: ">",
  geq: ">=",
  lt: "<",
  leq: "<=",
  and: "&",
  or: "|",
  plus: "+",
  minus: "-",
  multiply: "*",
  divide: "/",
  mod: "%",
};

const RENAMED_METHODS: Record<string, string> = { startsWith: "startswith", endsWith: "endswith" };

/** Properties PySpark returns as dicts (and lists of dicts). */
const JSON_PROPERTIES = new Set(["status", "lastProgress", "recentProgress"]);

const KAFKA_ONLY =
  "Sluice's in-browser Kafka; on a cluster, your producers write to the brokers (KAFKA_BOOTSTRAP_SERVERS)";

/** Names that only exist in Sluice's notebook. */
const SLUICE_ONLY: Record<string, string> = {
  datasets: "Sluice's teaching data; on a cluster, use your own copy of the data",
  MemoryStream: "MemoryStream takes rows from TypeScript; in PySpark, write files or use the rate source",
  setPlatform: "Sluice's runtime",
  KafkaAdmin: KAFKA_ONLY,
  KafkaProducer: KAFKA_ONLY,
  KafkaConsumer: KAFKA_ONLY,
  EventProducer: KAFKA_ONLY,
  socketServer: "Sluice plays nc -lk in the browser; on a cluster, run `nc -lk PORT` on the driver's host",
};

const BINARY: Record<string, string> = {
  "===": "==",
  "==": "==",
  "!==": "!=",
  "!=": "!=",
  "<": "<",
  "<=": "<=",
  ">": ">",
  ">=": ">=",
  "+": "+",
  "-": "-",
  "*": "*",
  "/": "/",
  "%": "%",
  "**": "**",
};

class Translator {
  constructor(
    private readonly scope: ExportScope,
    private readonly shapes: Map<string, Shape>,
  ) {}

  statement(node: acorn.Statement | acorn.ModuleDeclaration, values: CellValues): string {
    switch (node.type) {
      case "VariableDeclaration":
        return node.declarations.map((d) => this.declaration(d, values)).join("\n");
      case "ExpressionStatement":
        return this.expression(node.expression).code;
      case "IfStatement": {
        const test = this.expression(node.test).code;
        let code = `if ${bare(test)}:\n${this.block(node.consequent, values)}`;
        let rest = node.alternate;
        while (rest?.type === "IfStatement") {
          code += `\nelif ${bare(this.expression(rest.test).code)}:\n${this.block(rest.consequent, values)}`;
          rest = rest.alternate;
        }
        if (rest) code += `\nelse:\n${this.block(rest, values)}`;
        return code;
      }
      case "BlockStatement":
        return node.body.map((s) => this.statement(s, values)).join("\n");
      case "ImportDeclaration":
        // `import { col } from "sluice"`: everything is in scope already, and PySpark imports its own.
        return `# (imports of the engine's API are at the top of the notebook)`;
      case "EmptyStatement":
        return "";
      default:
        throw new Untranslatable(`a ${describeNode(node.type)}`);
    }
  }

  /** A statement or block as an indented Python suite. */
  private block(node: acorn.Statement, values: CellValues): string {
    const body = node.type === "BlockStatement" ? node.body : [node];
    const code = body.map((s) => this.statement(s, values)).join("\n") || "pass";
    return code
      .split("\n")
      .map((line) => `    ${line}`)
      .join("\n");
  }

  /**
   * `const x = ...` as written; where the code has no PySpark equivalent and the cell ran with this source, the
   * DataFrame it made is written from its logical plan instead.
   */
  private declaration(d: acorn.VariableDeclarator, values: CellValues): string {
    if (d.id.type !== "Identifier") throw new Untranslatable("a destructuring declaration");
    const name = pyName(d.id.name);
    if (!d.init) return `${name} = None`;
    const plan = planOf(values?.[d.id.name]);
    let translated: Translated;
    try {
      translated = this.expression(d.init);
    } catch (error) {
      if (!(error instanceof Untranslatable) || !plan) throw error;
      translated = { code: this.fromPlan(plan, error), shape: "other" };
    }
    this.shapes.set(d.id.name, translated.shape);
    if (plan) this.scope.dataFrames.set(plan.id, name);
    return `${name} = ${layoutChain(translated.code, `${name} = `)}`;
  }

  private fromPlan(plan: LogicalPlan, sourceError: Untranslatable): string {
    try {
      return planToPySpark(plan, this.scope);
    } catch (error) {
      if (error instanceof Untranslatable) throw sourceError;
      throw error;
    }
  }

  expression(
    node: acorn.Expression | acorn.SpreadElement | acorn.Super | acorn.PrivateIdentifier,
  ): Translated {
    const other = (code: string): Translated => ({ code, shape: "other" });
    switch (node.type) {
      case "Literal":
        if ("regex" in node && node.regex) throw new Untranslatable("a regular expression literal");
        if (typeof node.value === "string") return other(this.stringLiteral(node.value));
        return other(pyValue(node.value));
      case "TemplateLiteral": {
        if (node.expressions.length === 0)
          return other(this.stringLiteral(node.quasis[0].value.cooked ?? ""));
        let text = "";
        node.quasis.forEach((q, i) => {
          text += (q.value.cooked ?? "").replaceAll("{", "{{").replaceAll("}", "}}").replaceAll('"', '\\"');
          const e = node.expressions[i];
          if (e) text += `{${this.expression(e).code}}`;
        });
        return other(`f"${text.replaceAll("\n", "\\n")}"`);
      }
      case "Identifier":
        return this.identifier(node.name);
      case "AwaitExpression":
        return this.expression(node.argument);
      case "MemberExpression":
        return this.member(node);
      case "CallExpression":
        return this.call(node);
      case "ObjectExpression":
        return other(
          `{${this.properties(node)
            .map(([k, v]) => `${pyString(k)}: ${v}`)
            .join(", ")}}`,
        );
      case "ArrayExpression":
        return other(`[${node.elements.map((e) => (e ? this.expression(e).code : "None")).join(", ")}]`);
      case "BinaryExpression": {
        const op = BINARY[node.operator];
        if (!op) throw new Untranslatable(`the operator ${node.operator}`);
        return other(`(${this.expression(node.left).code} ${op} ${this.expression(node.right).code})`);
      }
      case "LogicalExpression": {
        const op = { "&&": "and", "||": "or" }[node.operator as string];
        if (!op) throw new Untranslatable(`the operator ${node.operator}`);
        return other(`(${this.expression(node.left).code} ${op} ${this.expression(node.right).code})`);
      }
      case "UnaryExpression":
        if (node.operator === "!") return other(`(not ${this.expression(node.argument).code})`);
        if (node.operator === "-") return other(`-${this.expression(node.argument).code}`);
        throw new Untranslatable(`the operator ${node.operator}`);
      case "ConditionalExpression":
        return other(
          `(${this.expression(node.consequent).code} if ${this.expression(node.test).code} else ${this.expression(node.alternate).code})`,
        );
      case "AssignmentExpression":
        if (node.operator === "=" && node.left.type === "Identifier")
          return other(`${pyName(node.left.name)} = ${this.expression(node.right).code}`);
        throw new Untranslatable("an assignment to something other than a name");
      case "NewExpression":
        throw new Untranslatable(
          node.callee.type === "Identifier" && SLUICE_ONLY[node.callee.name]
            ? SLUICE_ONLY[node.callee.name]
            : "a `new` expression",
        );
      case "ArrowFunctionExpression":
      case "FunctionExpression":
        throw new Untranslatable("a TypeScript function (write it as a Python def)");
      default:
        throw new Untranslatable(`a ${describeNode(node.type)}`);
    }
  }

  private stringLiteral(value: string): string {
    return isSluicePath(value) ? this.scope.paths.name(value) : pyString(value);
  }

  private identifier(name: string): Translated {
    if (name === "undefined") return { code: "None", shape: "other" };
    if (SLUICE_ONLY[name]) throw new Untranslatable(SLUICE_ONLY[name]);
    const untranslated = this.scope.untranslatedNames.get(name);
    if (untranslated) throw new Untranslatable(`\`${name}\` was not translated: ${untranslated}`);
    return { code: pyName(name), shape: this.shapes.get(name) ?? "other" };
  }

  private member(node: acorn.MemberExpression): Translated {
    if (node.object.type === "Super") throw new Untranslatable("super");
    if (node.object.type === "Identifier" && !node.computed && node.property.type === "Identifier") {
      const constant = this.scope.constants?.get(`${node.object.name}.${node.property.name}`);
      if (constant !== undefined) return { code: pyValue(constant), shape: "other" };
    }
    const object = this.expression(node.object);
    if (node.computed) {
      const key = this.expression(node.property as acorn.Expression).code;
      return { code: `${object.code}[${key}]`, shape: object.shape };
    }
    const name = (node.property as acorn.Identifier).name;
    if (name === "length") return { code: `len(${object.code})`, shape: "other" };
    if (object.shape === "json") return { code: `${object.code}[${pyString(name)}]`, shape: "json" };
    if (node.object.type === "Identifier" && node.object.name === "F")
      this.scope.imports.add("from pyspark.sql import functions as F");
    return { code: `${object.code}.${name}`, shape: JSON_PROPERTIES.has(name) ? "json" : "other" };
  }

  private call(node: acorn.CallExpression): Translated {
    const other = (code: string): Translated => ({ code, shape: "other" });
    const callee = node.callee;
    if (callee.type === "Identifier") {
      const args = () => node.arguments.map((a) => bare(this.expression(a).code));
      switch (callee.name) {
        case "sleep": {
          this.scope.imports.add("import time");
          const [ms] = node.arguments;
          return other(
            ms?.type === "Literal" && typeof ms.value === "number"
              ? `time.sleep(${ms.value / 1000})`
              : `time.sleep(${this.expression(ms).code} / 1000)`,
          );
        }
        case "display":
          return other(`display(${this.displayArguments(node.arguments)})`);
        default:
          if (SLUICE_ONLY[callee.name]) throw new Untranslatable(SLUICE_ONLY[callee.name]);
          if (pysparkFunctions().has(callee.name)) this.scope.functions.add(callee.name);
          return other(`${pyName(callee.name)}(${args().join(", ")})`);
      }
    }
    if (callee.type !== "MemberExpression" || callee.computed) throw new Untranslatable("a computed call");
    const method = (callee.property as acorn.Identifier).name;
    if (callee.object.type === "Identifier" && callee.object.name === "console") {
      return other(`print(${node.arguments.map((a) => bare(this.expression(a).code)).join(", ")})`);
    }
    if (callee.object.type === "Identifier" && callee.object.name === "JSON" && method === "stringify") {
      this.scope.imports.add("import json");
      return other(
        `json.dumps(${node.arguments.map((a) => bare(this.expression(a).code)).join(", ")}, default=str)`,
      );
    }
    const object = this.expression(callee.object);
    const operator = COLUMN_OPERATORS[method];
    if (operator && node.arguments.length === 1)
      return other(`(${object.code} ${operator} ${this.expression(node.arguments[0]).code})`);
    if (method === "not" && node.arguments.length === 0) return other(`~(${object.code})`);
    if (method === "negate" && node.arguments.length === 0) return other(`-(${object.code})`);
    if ((method === "map" || method === "filter") && isFunction(node.arguments[0]))
      return this.comprehension(object, method, node.arguments[0]);
    if (method === "forEach" || method === "reduce" || method === "foreachBatch")
      throw new Untranslatable(`${method} with a TypeScript function`);
    const args = node.arguments;
    const last = args.at(-1);
    const parts = args.map((a) => bare(this.expression(a).code));
    const [key, value] = args;
    if (
      method === "option" &&
      key?.type === "Literal" &&
      key.value === KAFKA_SERVERS_OPTION &&
      value?.type === "Literal" &&
      typeof value.value === "string"
    )
      parts[1] = this.scope.paths.kafkaServers(value.value);
    if (last?.type === "ObjectExpression" && KEYWORD_METHODS.has(method)) {
      parts.pop();
      parts.push(...this.properties(last).map(([k, v]) => `${k}=${v}`));
    }
    const name = RENAMED_METHODS[method] ?? method;
    return { code: `${object.code}.${name}(${parts.join(", ")})`, shape: "other" };
  }

  /** `rows.map((p) => ({ a: p.a }))` → `[{"a": p["a"]} for p in rows]` (progress entries are dicts). */
  private comprehension(
    list: Translated,
    method: string,
    fn: acorn.ArrowFunctionExpression | acorn.FunctionExpression,
  ): Translated {
    const [param] = fn.params;
    if (fn.params.length !== 1 || param.type !== "Identifier")
      throw new Untranslatable("a callback with other than one parameter");
    let body: acorn.Expression;
    if (fn.body.type === "BlockStatement") {
      const only = fn.body.body[0];
      if (fn.body.body.length !== 1 || only.type !== "ReturnStatement" || !only.argument)
        throw new Untranslatable("a callback with statements");
      body = only.argument;
    } else body = fn.body;
    const name = pyName(param.name);
    const previous = this.shapes.get(param.name);
    this.shapes.set(param.name, list.shape);
    try {
      const value = this.expression(body).code;
      return {
        code:
          method === "map"
            ? `[${value} for ${name} in ${list.code}]`
            : `[${name} for ${name} in ${list.code} if ${value}]`,
        shape: method === "filter" ? list.shape : "other",
      };
    } finally {
      if (previous === undefined) this.shapes.delete(param.name);
      else this.shapes.set(param.name, previous);
    }
  }

  /** display(df, { name, checkpointLocation, trigger: { processingTime } }) as Databricks' keyword arguments. */
  private displayArguments(args: acorn.CallExpression["arguments"]): string {
    const [value, options] = args;
    const parts = [this.expression(value).code];
    if (options?.type === "ObjectExpression") {
      for (const [key, code] of this.properties(options)) {
        if (key === "name") parts.push(`streamName=${code}`);
        else if (key === "checkpointLocation") parts.push(`checkpointLocation=${code}`);
        else if (key === "trigger") {
          const processing = /"processingTime": ([^,}]+)/.exec(code);
          if (processing) parts.push(`processingTime=${processing[1]}`);
        }
      }
    }
    return parts.join(", ");
  }

  private properties(node: acorn.ObjectExpression): [string, string][] {
    return node.properties.map((p) => {
      if (p.type !== "Property" || p.computed || p.kind !== "init")
        throw new Untranslatable("an object with computed or spread members");
      const key = p.key.type === "Identifier" ? p.key.name : String((p.key as acorn.Literal).value);
      return [key, this.expression(p.value as acorn.Expression).code];
    });
  }
}

function isFunction(
  node: acorn.Node | undefined,
): node is acorn.ArrowFunctionExpression | acorn.FunctionExpression {
  return node?.type === "ArrowFunctionExpression" || node?.type === "FunctionExpression";
}

function planOf(value: unknown): LogicalPlan | undefined {
  if (!(value instanceof DataFrame)) return undefined;
  try {
    return value.plan;
  } catch {
    // A DataFrame whose schema is still being read has no plan yet.
    return undefined;
  }
}

function describeNode(type: string): string {
  const words: Record<string, string> = {
    IfStatement: "if statement",
    ForStatement: "for loop",
    ForOfStatement: "for loop",
    ForInStatement: "for loop",
    WhileStatement: "while loop",
    TryStatement: "try statement",
    FunctionDeclaration: "function declaration",
    ClassDeclaration: "class",
  };
  return words[type] ?? type.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}
