import * as acorn from "acorn";
import { transform } from "sucrase";

/**
 * Turns a code cell's TypeScript into the body of an async function that the kernel runs with the session's
 * scope. Sucrase strips the types and keeps every line where it was, so an error's line in the generated code
 * is its line in the cell; acorn finds the top-level declarations, which outlive the cell (as in Jupyter).
 */
export interface CompiledCell {
  /** Function body; line N of the cell is line N of the body. */
  body: string;
  /** Names the cell declares at top level: they are copied into the session scope after it runs. */
  declared: string[];
  /** Whether the cell ends with an expression whose value is the cell's result. */
  hasResult: boolean;
  /** Characters put before the cell's first line (columns on line 1 are shifted by this much). */
  prefixLength: number;
  /** Where `return (` went in before the last expression (columns after it on that line are shifted). */
  resultAt?: { line: number; column: number };
}

/** What goes before the cell's last expression. */
export const RESULT_PREFIX = "return (";

/** A cell that cannot be compiled, with the 1-based line and column of the problem. */
export class CellSyntaxError extends Error {
  override name = "SyntaxError";
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/** The module cells may import from (everything in it is already in scope). */
export const ENGINE_MODULE = "sluice";

export const CAPTURE = "__sluiceCapture";
export const IMPORT = "__sluiceImport";

export function compileCell(source: string): CompiledCell {
  let js: string;
  try {
    js = transform(source, { transforms: ["typescript"], disableESTransforms: true }).code;
  } catch (error) {
    throw syntaxError(error);
  }
  let program: acorn.Program;
  try {
    program = acorn.parse(js, {
      ecmaVersion: "latest",
      sourceType: "module",
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: true,
      locations: true,
    });
  } catch (error) {
    throw syntaxError(error);
  }

  const declared: string[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  for (const statement of program.body) {
    if (statement.type === "VariableDeclaration") {
      for (const d of statement.declarations) declared.push(...patternNames(d.id));
    } else if (statement.type === "FunctionDeclaration" || statement.type === "ClassDeclaration") {
      declared.push(statement.id.name);
    } else if (statement.type === "ImportDeclaration") {
      edits.push({ start: statement.start, end: statement.end, text: importAsScope(statement, declared) });
    } else if (statement.type.startsWith("Export")) {
      const { line, column } = statement.loc!.start;
      throw new CellSyntaxError(
        "A cell cannot export: its top-level names are already shared",
        line,
        column + 1,
      );
    }
  }
  const last = program.body.at(-1);
  const hasResult = last?.type === "ExpressionStatement";
  let resultAt: CompiledCell["resultAt"];
  if (last?.type === "ExpressionStatement") {
    const expression = js.slice(last.expression.start, last.expression.end);
    edits.push({ start: last.start, end: last.end, text: `${RESULT_PREFIX}${expression});` });
    resultAt = { line: last.loc!.start.line, column: last.loc!.start.column + 1 };
  }
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    js = js.slice(0, edit.start) + edit.text + js.slice(edit.end);
  }
  // On the first line, so lines stay put. The closure reads every top-level name, also after a throw; a name
  // still in its temporal dead zone is skipped.
  const reads = declared.map((n) => `try{o[${JSON.stringify(n)}]=${n}}catch{}`).join("");
  const capture = `${CAPTURE}(()=>{const o=Object.create(null);${reads}return o});`;
  return { body: capture + js, declared, hasResult, prefixLength: capture.length, resultAt };
}

/** `import { a, b as c } from "sluice"` → `const { a, b: c } = __sluiceImport("sluice");`, on one line. */
function importAsScope(statement: acorn.ImportDeclaration, declared: string[]): string {
  const parts: string[] = [];
  let namespace: string | undefined;
  for (const s of statement.specifiers) {
    if (s.type === "ImportNamespaceSpecifier") namespace = s.local.name;
    else if (s.type === "ImportDefaultSpecifier") namespace = s.local.name;
    else {
      const imported = s.imported.type === "Identifier" ? s.imported.name : String(s.imported.value);
      parts.push(imported === s.local.name ? imported : `${imported}: ${s.local.name}`);
    }
    declared.push(s.local.name);
  }
  const from = `${IMPORT}(${JSON.stringify(statement.source.value)})`;
  const lines = "\n".repeat(statement.loc!.end.line - statement.loc!.start.line);
  const named = parts.length > 0 ? `const { ${parts.join(", ")} } = ${from};` : "";
  return `${namespace ? `const ${namespace} = ${from};` : ""}${named}${lines}`;
}

function patternNames(pattern: acorn.Pattern): string[] {
  switch (pattern.type) {
    case "Identifier":
      return [pattern.name];
    case "ObjectPattern":
      return pattern.properties.flatMap((p) => patternNames(p.type === "RestElement" ? p.argument : p.value));
    case "ArrayPattern":
      return pattern.elements.flatMap((e) => (e ? patternNames(e) : []));
    case "RestElement":
      return patternNames(pattern.argument);
    case "AssignmentPattern":
      return patternNames(pattern.left);
    default:
      return [];
  }
}

/** Sucrase's and acorn's errors carry `loc`; acorn's column is 0-based (it sets `raisedAt`), Sucrase's 1-based. */
function syntaxError(error: unknown): CellSyntaxError {
  const e = error as { message?: string; loc?: { line: number; column: number }; raisedAt?: number };
  const message = (e.message ?? String(error)).replace(/\s*\(\d+:\d+\)$/, "");
  const column = (e.loc?.column ?? 0) + (e.raisedAt === undefined ? 0 : 1);
  return new CellSyntaxError(message, e.loc?.line ?? 1, Math.max(1, column));
}

/** What a cell's code defines at top level (names later cells see) and the names it uses but does not bind. */
export interface CellNames {
  defines: string[];
  uses: string[];
}

/**
 * The names a TypeScript cell defines and the free names it uses, from its syntax alone (what Restart needs to
 * know which cells above define what a query's cell uses). A name bound anywhere in the cell counts as its own,
 * so a use is never reported where the cell may define it. A cell that does not parse defines and uses nothing.
 */
export function cellNames(source: string): CellNames {
  let defines: string[];
  let program: acorn.Program;
  try {
    defines = compileCell(source).declared;
    const js = transform(source, { transforms: ["typescript"], disableESTransforms: true }).code;
    program = acorn.parse(js, {
      ecmaVersion: "latest",
      sourceType: "module",
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: true,
    });
  } catch {
    return { defines: [], uses: [] };
  }
  const bound = new Set<string>();
  const used = new Set<string>();
  visit(program, bound, used);
  return { defines, uses: [...used].filter((n) => !bound.has(n)) };
}

type AnyNode = acorn.AnyNode;

/** Walks the tree: identifiers in binding positions go to `bound`, those read or written to `used`. */
function visit(node: AnyNode | null | undefined, bound: Set<string>, used: Set<string>): void {
  if (!node) return;
  const bind = (p: acorn.Pattern | null | undefined) => {
    if (!p) return;
    for (const n of patternNames(p)) bound.add(n);
    visitPatternDefaults(p, bound, used);
  };
  switch (node.type) {
    case "Identifier":
      used.add(node.name);
      return;
    case "VariableDeclarator":
      bind(node.id);
      visit(node.init, bound, used);
      return;
    case "FunctionDeclaration":
    case "FunctionExpression":
    case "ArrowFunctionExpression":
      if (node.id) bound.add(node.id.name);
      for (const p of node.params) bind(p);
      visit(node.body, bound, used);
      return;
    case "ClassDeclaration":
    case "ClassExpression":
      if (node.id) bound.add(node.id.name);
      visit(node.superClass, bound, used);
      visit(node.body, bound, used);
      return;
    case "CatchClause":
      bind(node.param);
      visit(node.body, bound, used);
      return;
    case "ImportSpecifier":
    case "ImportDefaultSpecifier":
    case "ImportNamespaceSpecifier":
      bound.add(node.local.name);
      return;
    case "MemberExpression":
      visit(node.object, bound, used);
      if (node.computed) visit(node.property, bound, used);
      return;
    case "Property":
    case "PropertyDefinition":
    case "MethodDefinition":
      if (node.computed) visit(node.key, bound, used);
      visit(node.value, bound, used);
      return;
    case "LabeledStatement":
      visit(node.body, bound, used);
      return;
    case "BreakStatement":
    case "ContinueStatement":
    case "MetaProperty":
      return;
    default:
      for (const value of Object.values(node)) {
        if (Array.isArray(value)) for (const v of value) visitChild(v, bound, used);
        else visitChild(value, bound, used);
      }
  }
}

function visitChild(value: unknown, bound: Set<string>, used: Set<string>): void {
  if (value && typeof value === "object" && typeof (value as { type?: unknown }).type === "string")
    visit(value as AnyNode, bound, used);
}

/** Default values and computed keys inside a pattern are expressions: their names are uses. */
function visitPatternDefaults(p: acorn.Pattern, bound: Set<string>, used: Set<string>): void {
  switch (p.type) {
    case "AssignmentPattern":
      visit(p.right, bound, used);
      visitPatternDefaults(p.left, bound, used);
      return;
    case "ObjectPattern":
      for (const prop of p.properties) {
        if (prop.type === "RestElement") visitPatternDefaults(prop.argument, bound, used);
        else {
          if (prop.computed) visit(prop.key, bound, used);
          visitPatternDefaults(prop.value, bound, used);
        }
      }
      return;
    case "ArrayPattern":
      for (const e of p.elements) if (e) visitPatternDefaults(e, bound, used);
      return;
    case "RestElement":
      visitPatternDefaults(p.argument, bound, used);
      return;
    case "MemberExpression":
      visit(p, bound, used);
      return;
    default:
      return;
  }
}
