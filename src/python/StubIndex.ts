/**
 * The `pyspark` package's API as its .pyi stubs declare it: modules, classes, functions, their signatures,
 * return types and docstrings. The notebook's Python editor completes and documents from it. The parser reads
 * the stub style the project writes (one declaration per logical line, docstrings right below), not all of
 * Python.
 */
import { bracketDepth, splitTopLevel } from "./pythonText";

export type MemberKind = "function" | "method" | "property" | "attribute" | "class" | "module";

export interface ApiMember {
  name: string;
  kind: MemberKind;
  /** "(col: ColumnOrName, rsd: Optional[float] = None) -> Column"; for attributes ": SparkSession". */
  signature: string;
  /** The type a call (or attribute access) gives, as written: "Column", "Optional[Dict[str, Any]]". */
  returns?: string;
  doc?: string;
  /** Parameter texts, for signature help ("col: ColumnOrName", "*cols: ColumnOrName"). */
  params?: string[];
}

export interface ApiClass extends ApiMember {
  kind: "class";
  module: string;
  bases: string[];
  members: Map<string, ApiMember>;
}

export interface ApiModule {
  name: string;
  doc?: string;
  members: Map<string, ApiMember | ApiClass>;
  /** Names imported into the module: local name → "module.Name" (or a module's name). */
  imports: Map<string, string>;
}

/** All stubs, by module name ("pyspark.sql.functions"); `notebook` holds what every cell has in scope. */
export class StubIndex {
  readonly modules = new Map<string, ApiModule>();

  /** `files`: stub texts by path under src/pyspark/python ("pyspark/sql/column.pyi"). */
  constructor(files: Record<string, string>) {
    for (const [path, text] of Object.entries(files)) {
      if (!path.endsWith(".pyi")) continue;
      const name = path
        .replace(/\.pyi$/, "")
        .replace(/\/__init__$/, "")
        .split("/")
        .join(".");
      this.modules.set(name, parseStub(name, text));
    }
  }

  /** A class by name, as seen from a module (its own, or imported into it), else by its name anywhere. */
  findClass(name: string, fromModule?: string): ApiClass | undefined {
    const simple = name.replace(/^.*\./, "");
    if (fromModule) {
      const module = this.modules.get(fromModule);
      const own = module?.members.get(simple);
      if (own?.kind === "class") return own as ApiClass;
      const imported = module?.imports.get(simple);
      if (imported) {
        const [owner, member] = splitQualified(imported);
        const found = this.modules.get(owner)?.members.get(member);
        if (found?.kind === "class") return found as ApiClass;
      }
    }
    for (const module of this.modules.values()) {
      const found = module.members.get(simple);
      if (found?.kind === "class") return found as ApiClass;
    }
    return undefined;
  }

  /** A member of a class or of its bases. */
  member(cls: ApiClass, name: string): { member: ApiMember; owner: ApiClass } | undefined {
    const seen = new Set<string>();
    const visit = (c: ApiClass): { member: ApiMember; owner: ApiClass } | undefined => {
      if (seen.has(c.name)) return undefined;
      seen.add(c.name);
      const own = c.members.get(name);
      if (own) return { member: own, owner: c };
      for (const base of c.bases) {
        const parent = this.findClass(base, c.module);
        const found = parent && visit(parent);
        if (found) return found;
      }
      return undefined;
    };
    return visit(cls);
  }

  /** Every member of a class, its bases' included (the class's own first). */
  members(cls: ApiClass): ApiMember[] {
    const out = new Map<string, ApiMember>();
    const seen = new Set<string>();
    const visit = (c: ApiClass) => {
      if (seen.has(c.name)) return;
      seen.add(c.name);
      for (const [name, m] of c.members) if (!out.has(name)) out.set(name, m);
      for (const base of c.bases) {
        const parent = this.findClass(base, c.module);
        if (parent) visit(parent);
      }
    };
    visit(cls);
    return [...out.values()];
  }
}

export function splitQualified(qualified: string): [string, string] {
  const at = qualified.lastIndexOf(".");
  return [qualified.slice(0, at), qualified.slice(at + 1)];
}

interface LogicalLine {
  indent: number;
  text: string;
}

/** Physical lines joined where brackets are open, comments dropped; docstrings kept whole. */
function logicalLines(source: string): LogicalLine[] {
  const lines = source.split("\n");
  const out: LogicalLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const indent = raw.length - raw.trimStart().length;
    if (trimmed.startsWith('"""')) {
      let text = trimmed;
      while (!(text.length >= 6 && text.endsWith('"""')) && i + 1 < lines.length) {
        i += 1;
        text += `\n${lines[i].trim()}`;
      }
      out.push({ indent, text });
      continue;
    }
    let text = stripComment(trimmed);
    let depth = bracketDepth(text);
    while (depth > 0 && i + 1 < lines.length) {
      i += 1;
      const next = stripComment(lines[i].trim());
      text += text.endsWith("(") || text.endsWith("[") ? next : ` ${next}`;
      depth = bracketDepth(text);
    }
    out.push({ indent, text: text.replace(/,\s*\)/g, ")") });
  }
  return out;
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "#") return line.slice(0, i).trimEnd();
  }
  return line;
}

function docstringOf(line: LogicalLine | undefined): string | undefined {
  if (!line?.text.startsWith('"""')) return undefined;
  return line.text
    .slice(3, -3)
    .split("\n")
    .map((l) => l.trim())
    .join("\n")
    .trim();
}

const DEF = /^def\s+(\w+)\s*\((.*)\)\s*(?:->\s*(.+?))?\s*:\s*(?:\.\.\.)?\s*(?:#.*)?$/;
const CLASS = /^class\s+(\w+)\s*(?:\((.*)\))?\s*:\s*(?:\.\.\.)?$/;
const ATTRIBUTE = /^(\w+)\s*:\s*(.+?)\s*(?:=.*)?$/;
const FROM_IMPORT = /^from\s+([\w.]+)\s+import\s+(.+)$/;
const IMPORT = /^import\s+([\w.]+)(?:\s+as\s+(\w+))?$/;

/** Parameter texts of a signature's parameter list. */
function splitParams(params: string): string[] {
  return splitTopLevel(params)
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

function parseStub(moduleName: string, source: string): ApiModule {
  const lines = logicalLines(source);
  const module: ApiModule = {
    name: moduleName,
    doc: docstringOf(lines[0]),
    members: new Map(),
    imports: new Map(),
  };
  let cls: ApiClass | undefined;
  let decorators: string[] = [];
  for (let i = module.doc ? 1 : 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.indent === 0) cls = undefined;
    const text = line.text;
    if (text.startsWith("@")) {
      decorators.push(text.slice(1));
      continue;
    }
    const def = DEF.exec(text);
    if (def) {
      const [, name, rawParams, returns] = def;
      const params = splitParams(rawParams).filter((p) => p !== "self" && p !== "cls" && p !== "*");
      const kind: MemberKind = cls ? (decorators.includes("property") ? "property" : "method") : "function";
      const member: ApiMember = {
        name,
        kind,
        signature:
          kind === "property"
            ? `: ${returns ?? "Any"}`
            : `(${splitParams(rawParams)
                .filter((p) => p !== "self" && p !== "cls")
                .join(", ")})${returns ? ` -> ${returns}` : ""}`,
        returns,
        doc: docstringOf(lines[i + 1]),
        params,
      };
      if (member.doc) i += 1;
      (cls ? cls.members : module.members).set(name, member);
      decorators = [];
      continue;
    }
    decorators = [];
    const classMatch = CLASS.exec(text);
    if (classMatch && line.indent === 0) {
      const [, name, bases] = classMatch;
      cls = {
        name,
        kind: "class",
        module: moduleName,
        bases: bases ? splitParams(bases).filter((b) => /^[\w.]+$/.test(b) && b !== "tuple") : [],
        members: new Map(),
        signature: bases ? `(${bases})` : "",
        doc: docstringOf(lines[i + 1]),
      };
      if (cls.doc) i += 1;
      module.members.set(name, cls);
      continue;
    }
    const from = FROM_IMPORT.exec(text);
    if (from && line.indent === 0) {
      const [, source, names] = from;
      for (const part of splitParams(names.replace(/[()]/g, ""))) {
        const [imported, local] = part.split(/\s+as\s+/);
        module.imports.set((local ?? imported).trim(), `${source}.${imported.trim()}`);
      }
      continue;
    }
    const plainImport = IMPORT.exec(text);
    if (plainImport && line.indent === 0) {
      module.imports.set(plainImport[2] ?? plainImport[1], plainImport[1]);
      continue;
    }
    const attribute = ATTRIBUTE.exec(text);
    if (attribute && (cls ? line.indent > 0 : line.indent === 0) && !text.includes("=")) {
      const [, name, type] = attribute;
      const doc = docstringOf(lines[i + 1]);
      if (doc) i += 1;
      (cls ? cls.members : module.members).set(name, {
        name,
        kind: "attribute",
        signature: `: ${type}`,
        returns: type,
        doc,
      });
    }
  }
  return module;
}
