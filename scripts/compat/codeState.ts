/**
 * What the code offers today, read from its source: the public members of the engine's TypeScript classes,
 * interfaces and exported objects (parsed with TypeScript's own parser, so `private` members and constructors are
 * left out) and the names the `pyspark` package declares in its .pyi stubs (which `src/pyspark/stubs.test.ts`
 * holds equal to the package). The compatibility test compares the status file with these.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { type ApiClass, StubIndex } from "../../src/python/StubIndex";

const ROOT = join(import.meta.dirname, "..", "..");

const parse = (file: string): ts.SourceFile =>
  ts.createSourceFile(file, readFileSync(join(ROOT, file), "utf8"), ts.ScriptTarget.ES2022, true);

const isHidden = (node: ts.Node): boolean =>
  (ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : []).some(
    (m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword,
  );

const memberName = (name: ts.PropertyName | undefined): string | undefined =>
  name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;

/**
 * The public members of `name` in `file`: a class's methods, getters, fields and parameter properties (with those
 * of the classes it extends), an interface's members, or the properties of an exported object (`Window`).
 */
export function typeScriptMembers(file: string, name: string): Set<string> {
  const source = parse(file);
  const members = new Set<string>();
  for (const statement of source.statements) {
    if (ts.isClassDeclaration(statement) && statement.name?.text === name) {
      addClassMembers(source, statement, members);
      return members;
    }
    if (ts.isInterfaceDeclaration(statement) && statement.name.text === name) {
      for (const member of statement.members) {
        const n = memberName(member.name);
        if (n) members.add(n);
      }
      return members;
    }
    if (ts.isVariableStatement(statement))
      for (const d of statement.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || d.name.text !== name || !d.initializer) continue;
        let init = d.initializer;
        while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init)) init = init.expression;
        if (!ts.isObjectLiteralExpression(init)) continue;
        for (const property of init.properties) {
          const n = memberName(property.name);
          if (n) members.add(n);
        }
        return members;
      }
  }
  throw new Error(`${file} declares no class, interface or object ${name}`);
}

function addClassMembers(
  source: ts.SourceFile,
  declaration: ts.ClassDeclaration,
  members: Set<string>,
): void {
  for (const member of declaration.members) {
    if (ts.isConstructorDeclaration(member)) {
      // Parameter properties (`readonly id: string`) are members too.
      for (const parameter of member.parameters)
        if (
          (ts.getModifiers(parameter) ?? []).length > 0 &&
          !isHidden(parameter) &&
          ts.isIdentifier(parameter.name)
        )
          members.add(parameter.name.text);
      continue;
    }
    const n = memberName(member.name);
    if (n && !isHidden(member)) members.add(n);
  }
  const imports = importedFrom(source);
  for (const clause of declaration.heritageClauses ?? []) {
    if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
    for (const type of clause.types) {
      const base = type.expression.getText(source);
      const declaredHere = source.statements.some((s) => ts.isClassDeclaration(s) && s.name?.text === base);
      const baseFile = declaredHere ? source.fileName : imports.get(base);
      if (baseFile) for (const inherited of typeScriptMembers(baseFile, base)) members.add(inherited);
    }
  }
}

/** Local names imported from relative modules, to the file that declares them (a `.ts` beside the importer). */
function importedFrom(source: ts.SourceFile): Map<string, string> {
  const found = new Map<string, string>();
  const dir = source.fileName.replace(/[^/]*$/, "");
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const specifier = statement.moduleSpecifier.text;
    if (!specifier.startsWith(".")) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    const target = relative(ROOT, join(ROOT, dir, `${specifier}.ts`));
    for (const element of bindings.elements) found.set(element.name.text, target);
  }
  return found;
}

/** The names TypeScript modules export (functions, constants, classes, interfaces, types). */
export function typeScriptExports(files: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files)
    for (const statement of parse(file).statements) {
      if (
        ts.isExportDeclaration(statement) &&
        statement.exportClause &&
        ts.isNamedExports(statement.exportClause)
      )
        for (const element of statement.exportClause.elements) names.add(element.name.text);
      const exported = ts.canHaveModifiers(statement)
        ? (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
        : false;
      if (!exported) continue;
      if (
        (ts.isFunctionDeclaration(statement) ||
          ts.isClassDeclaration(statement) ||
          ts.isInterfaceDeclaration(statement) ||
          ts.isTypeAliasDeclaration(statement)) &&
        statement.name
      )
        names.add(statement.name.text);
      if (ts.isVariableStatement(statement))
        for (const d of statement.declarationList.declarations)
          if (ts.isIdentifier(d.name)) names.add(d.name.text);
    }
  return names;
}

const PYTHON_ROOT = join(ROOT, "src", "pyspark", "python");

function pythonFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(files, pythonFiles(path));
    else if (entry.name.endsWith(".pyi") || entry.name.endsWith(".py"))
      files[relative(PYTHON_ROOT, path)] = readFileSync(path, "utf8");
  }
  return files;
}

/** The text from `start` up to the next line indented no deeper than `indent` (a Python block). */
function block(text: string, start: number, indent: string): string {
  const bodyStart = text.indexOf("\n", start) + 1;
  if (bodyStart === 0) return text.slice(start);
  const end = text.slice(bodyStart).search(new RegExp(`^${indent}\\S`, "m"));
  return end < 0 ? text.slice(start) : text.slice(start, bodyStart + end);
}

/** The `pyspark` package as text: its stubs (what it declares) and its sources (what a declared name does). */
export class PythonPackage {
  private readonly files = pythonFiles(PYTHON_ROOT);
  private readonly stubs = new StubIndex(this.files);

  /** The names a module defines itself, leaving out what it imports (none where the module is absent). */
  definedNames(module: string): Set<string> {
    return new Set(this.stubs.modules.get(module)?.members.keys() ?? []);
  }

  /** The names of a class ("pyspark.sql.dataframe", "DataFrame"), or of a module with what it imports. */
  members(module: string, className?: string): Set<string> {
    const owner = this.stubs.modules.get(module);
    if (!owner) return new Set();
    if (className === undefined)
      return new Set([...owner.members.keys(), ...owner.imports.keys()].filter((n) => !n.startsWith("_")));
    const cls = owner.members.get(className);
    if (cls?.kind !== "class") return new Set();
    const names = new Set<string>();
    const seen = new Set<string>();
    const visit = (c: ApiClass): void => {
      if (seen.has(c.name)) return;
      seen.add(c.name);
      for (const name of c.members.keys()) names.add(name);
      for (const base of c.bases) {
        const found = this.stubs.findClass(base, c.module);
        if (found) visit(found);
      }
    };
    visit(cls as ApiClass);
    return names;
  }

  /**
   * Whether `name` in the module's source (inside `className` when given) only raises an error — PySpark's
   * NOT_IMPLEMENTED, or Spark's own error for what cannot run here — or only calls a method that does: a name
   * Sluice declares so that a cell gets PySpark's error rather than an AttributeError.
   */
  onlyRaises(module: string, name: string, className?: string): boolean {
    const base = module.split(".").join("/");
    const text = this.files[`${base}.py`] ?? this.files[`${base}/__init__.py`] ?? "";
    let scope = text;
    if (className !== undefined) {
      const start = text.search(new RegExp(`^class ${className}\\b`, "m"));
      if (start < 0) return false;
      scope = block(text, start, "");
    }
    const indent = className === undefined ? "" : "    ";
    const def = new RegExp(`^${indent}def ${name}\\(`, "m").exec(scope);
    if (!def) return false;
    const fn = block(scope, def.index, indent);
    const body = fn.slice(fn.indexOf("\n") + 1);
    // The body's statements: its lines at the body's own indentation, less closing brackets of calls.
    const statements = body
      .split("\n")
      .filter((line) => line.startsWith(`${indent}    `) && /^\S/.test(line.slice(indent.length + 4)))
      .map((line) => line.trim())
      .filter((line) => !/^[)\]}]/.test(line));
    const last = statements.at(-1) ?? "";
    if (last.startsWith("raise ") && !/\breturn\b/.test(body)) return true;
    const delegate = statements.length === 1 ? /^self\.(\w+)\(.*\)$/.exec(last) : null;
    return className !== undefined && delegate !== null && delegate[1] !== name
      ? this.onlyRaises(module, delegate[1], className)
      : false;
  }
}
