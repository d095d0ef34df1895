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
