/**
 * Completion, hover and signature help for Python cells, from the pyspark stubs. Python has no type checker in
 * the browser, so types come from what a lesson's code makes plain: `spark` is a SparkSession, imports say what
 * a name is, `x = <chain>` gives x the chain's type, and each call's return type comes from the stub
 * (`spark.readStream.parquet(p)` is a DataFrame, `.writeStream` a DataStreamWriter, ...).
 */
import { matchingClose, scan, splitTopLevel } from "../../../python/pythonText";
import {
  type ApiClass,
  type ApiMember,
  type ApiModule,
  type StubIndex,
  splitQualified,
} from "../../../python/StubIndex";

export interface Completion {
  label: string;
  kind: ApiMember["kind"];
  /** The signature or type, shown beside the label. */
  detail: string;
  documentation?: string;
}

export interface HoverInfo {
  /** A line of Python: "DataFrame.filter(condition: ColumnOrName) -> DataFrame". */
  signature: string;
  documentation?: string;
}

export interface SignatureInfo {
  label: string;
  params: string[];
  activeParameter: number;
  documentation?: string;
}

type Resolved =
  | { kind: "instance"; cls: ApiClass }
  | { kind: "list"; of: Resolved }
  | { kind: "module"; module: ApiModule }
  | { kind: "class"; cls: ApiClass }
  | { kind: "callable"; member: ApiMember; context: string; owner?: ApiClass };

/** Where a name got its value: an import (qualified name) or an assignment's right-hand side. */
type Binding =
  | { at: number; kind: "import"; target: string }
  | { at: number; kind: "star"; module: string }
  | { at: number; kind: "assign"; expr: string }
  | { at: number; kind: "element"; expr: string };

const MAX_DEPTH = 12;
const NOTEBOOK = "notebook";

export class PythonAssist {
  constructor(private readonly index: StubIndex) {}

  /**
   * Completions at the end of `before` (the cell's text up to the cursor); `others` are the notebook's other
   * Python cells, whose imports and assignments count too.
   */
  complete(before: string, others: readonly string[] = []): Completion[] {
    const line = before.slice(before.lastIndexOf("\n") + 1);
    const fromImport = /^\s*from\s+([\w.]+)\s+import\s+(?:\(?[\w\s,]*,\s*)?\(?\s*\w*$/.exec(line);
    if (fromImport) return this.moduleCompletions(fromImport[1]);
    const moduleName = /^\s*(?:from|import)\s+([\w.]*)$/.exec(line);
    if (moduleName) return this.moduleNameCompletions(moduleName[1]);

    const word = /[A-Za-z_]\w*$/.exec(before)?.[0] ?? "";
    const beforeWord = before.slice(0, before.length - word.length);
    if (!/\.\s*$/.test(beforeWord)) return [];
    const context = new Context(this.index, others, before);
    const dot = beforeWord.lastIndexOf(".");
    const target = context.resolveAt(chainBefore(before, dot), dot);
    return target ? this.membersOf(target) : [];
  }

  /** What the word ending at the end of `before` is. */
  hover(before: string, others: readonly string[] = []): HoverInfo | undefined {
    const word = /[A-Za-z_]\w*$/.exec(before)?.[0];
    if (!word) return undefined;
    const beforeWord = before.slice(0, before.length - word.length);
    const context = new Context(this.index, others, before);
    if (/\.\s*$/.test(beforeWord)) {
      const dot = beforeWord.lastIndexOf(".");
      const owner = context.resolveAt(chainBefore(before, dot), dot);
      const found = owner && this.memberOf(owner, word);
      return found && hoverOf(found.member, found.prefix);
    }
    const resolved = context.resolveName(word, context.base + beforeWord.length);
    if (!resolved) return undefined;
    switch (resolved.kind) {
      case "callable":
        return hoverOf(resolved.member, "");
      case "class":
        return {
          signature: `class ${resolved.cls.name}${resolved.cls.signature}`,
          documentation: resolved.cls.doc,
        };
      case "module":
        return { signature: `module ${resolved.module.name}`, documentation: resolved.module.doc };
      case "instance":
        return { signature: `${word}: ${resolved.cls.name}`, documentation: resolved.cls.doc };
      case "list":
        return resolved.of.kind === "instance"
          ? { signature: `${word}: List[${resolved.of.cls.name}]` }
          : undefined;
    }
  }

  /** The signature of the call whose argument list the cursor (end of `before`) is in. */
  signature(before: string, others: readonly string[] = []): SignatureInfo | undefined {
    const open = unclosedParen(before);
    if (open < 0) return undefined;
    const context = new Context(this.index, others, before);
    const callee = context.resolveAt(chainBefore(before, open), open);
    if (callee?.kind !== "callable" && callee?.kind !== "class") return undefined;
    const member = callee.kind === "callable" ? callee.member : constructorOf(this.index, callee.cls);
    if (!member?.params) return undefined;
    const args = splitTopLevel(before.slice(open + 1));
    const current = args.at(-1) ?? "";
    const keyword = /^\s*(\w+)\s*=/.exec(current)?.[1];
    let active = keyword
      ? member.params.findIndex((p) => p.replace(/^\*+/, "").split(/[:=]/)[0].trim() === keyword)
      : args.length - 1;
    const varargs = member.params.findIndex((p) => p.startsWith("*") && !p.startsWith("**"));
    if (!keyword && varargs >= 0 && active > varargs) active = varargs;
    return {
      label: `${member.name}(${member.params.join(", ")})${member.returns ? ` -> ${member.returns}` : ""}`,
      params: member.params,
      activeParameter: Math.max(0, Math.min(active, member.params.length - 1)),
      documentation: member.doc,
    };
  }

  private moduleCompletions(moduleName: string): Completion[] {
    const module = this.index.modules.get(moduleName);
    const submodules = this.submodules(moduleName);
    if (!module) return submodules;
    return [...submodules, ...[...module.members.values()].filter(isPublic).map(toCompletion)];
  }

  private moduleNameCompletions(partial: string): Completion[] {
    const parent = partial.includes(".") ? partial.slice(0, partial.lastIndexOf(".")) : "";
    if (!parent) return [{ label: "pyspark", kind: "module", detail: "module pyspark" }];
    return this.submodules(parent);
  }

  private submodules(parent: string): Completion[] {
    const names = new Set<string>();
    for (const name of this.index.modules.keys()) {
      if (name.startsWith(`${parent}.`)) names.add(name.slice(parent.length + 1).split(".")[0]);
    }
    return [...names].map((name) => ({ label: name, kind: "module", detail: `module ${parent}.${name}` }));
  }

  private membersOf(target: Resolved): Completion[] {
    switch (target.kind) {
      case "instance":
        return this.index.members(target.cls).filter(isPublic).map(toCompletion);
      case "class":
        return this.index
          .members(target.cls)
          .filter((m) => isPublic(m) && (m.kind === "attribute" || m.kind === "function"))
          .map(toCompletion);
      case "module":
        return [
          ...this.submodules(target.module.name),
          ...[...target.module.members.values()].filter(isPublic).map(toCompletion),
        ];
      default:
        return [];
    }
  }

  private memberOf(target: Resolved, name: string): { member: ApiMember; prefix: string } | undefined {
    if (target.kind === "instance" || target.kind === "class") {
      const found = this.index.member(target.cls, name);
      return found && { member: found.member, prefix: `${found.owner.name}.` };
    }
    if (target.kind === "module") {
      const member = target.module.members.get(name);
      return member && { member, prefix: "" };
    }
    return undefined;
  }
}

function isPublic(m: ApiMember): boolean {
  return !m.name.startsWith("_");
}

function toCompletion(m: ApiMember): Completion {
  return {
    label: m.name,
    kind: m.kind,
    detail: m.kind === "class" ? `class ${m.name}` : `${m.name}${m.signature}`,
    documentation: m.doc,
  };
}

function hoverOf(member: ApiMember, prefix: string): HoverInfo {
  const head = member.kind === "class" ? `class ${member.name}` : `${prefix}${member.name}`;
  return { signature: `${head}${member.signature}`, documentation: member.doc };
}

function constructorOf(index: StubIndex, cls: ApiClass): ApiMember | undefined {
  const init = index.member(cls, "__init__")?.member;
  return init && { ...init, name: cls.name, returns: cls.name };
}

/**
 * Resolves names and chains against the stubs, with the bindings (imports, assignments) of the cells. Offsets
 * are into the cells' joined text; `base` is where the current cell starts in it.
 */
class Context {
  private readonly text: string;
  readonly base: number;
  private readonly bindings = new Map<string, Binding[]>();
  private depth = 0;

  constructor(
    private readonly index: StubIndex,
    others: readonly string[],
    before: string,
  ) {
    // The other cells first, the current one (up to the cursor) last: its own bindings win.
    this.text = [...others, before].join("\n");
    this.base = this.text.length - before.length;
    this.collectBindings();
  }

  /** The chain `expr` that ends at `end` in the current cell. */
  resolveAt(expr: string, end: number): Resolved | undefined {
    return this.resolveExpression(expr, this.base + end - expr.length);
  }

  /** A name as bound before offset `at`. */
  resolveName(name: string, at: number): Resolved | undefined {
    const offset = at;
    const binding = [...(this.bindings.get(name) ?? [])].reverse().find((b) => b.at < offset);
    if (binding) return this.resolveBinding(binding);
    const notebook = this.index.modules.get(NOTEBOOK);
    const global = notebook?.members.get(name);
    if (global) return this.fromMember(global, NOTEBOOK);
    for (const [, list] of this.bindings) {
      for (const b of list) {
        if (b.kind === "star" && b.at < offset) {
          const member = this.index.modules.get(b.module)?.members.get(name);
          if (member) return this.fromMember(member, b.module);
        }
      }
    }
    return undefined;
  }

  /** The value of a chain like `spark.readStream.format("x").load()` that starts at offset `start`. */
  resolveExpression(expr: string, start: number): Resolved | undefined {
    if (this.depth > MAX_DEPTH) return undefined;
    this.depth += 1;
    try {
      const segments = parseChain(expr);
      if (segments?.[0].type !== "name") return undefined;
      // A name's binding is the one before the expression (x = x.filter(...) reads the earlier x).
      let current = this.resolveName(segments[0].name, start);
      for (const segment of segments.slice(1)) {
        if (!current) return undefined;
        current = this.apply(current, segment);
      }
      return current;
    } finally {
      this.depth -= 1;
    }
  }

  private apply(current: Resolved, segment: Segment): Resolved | undefined {
    switch (segment.type) {
      case "call":
        if (current.kind === "callable") return this.fromType(current.member.returns, current.context);
        if (current.kind === "class") return { kind: "instance", cls: current.cls };
        return undefined;
      case "index":
        if (current.kind === "list") return current.of;
        if (current.kind === "instance") {
          const getitem = this.index.member(current.cls, "__getitem__");
          return getitem && this.fromType(getitem.member.returns, getitem.owner.module);
        }
        return undefined;
      case "name":
        if (current.kind === "module") {
          const member = current.module.members.get(segment.name);
          if (member) return this.fromMember(member, current.module.name);
          const submodule = this.index.modules.get(`${current.module.name}.${segment.name}`);
          return submodule && { kind: "module", module: submodule };
        }
        if (current.kind === "instance" || current.kind === "class") {
          const found =
            this.index.member(current.cls, segment.name) ??
            (current.kind === "instance" ? this.index.member(current.cls, "__getattr__") : undefined);
          if (!found) return undefined;
          const member = found.member;
          if (member.name === "__getattr__") return this.fromType(member.returns, found.owner.module);
          return this.fromMember(member, found.owner.module, found.owner);
        }
        return undefined;
    }
  }

  private fromMember(member: ApiMember, context: string, owner?: ApiClass): Resolved | undefined {
    switch (member.kind) {
      case "class":
        return { kind: "class", cls: member as ApiClass };
      case "attribute":
      case "property":
        return this.fromType(member.returns, context);
      default:
        return { kind: "callable", member, context, owner };
    }
  }

  /** A type annotation as a value: Optional[...] and quotes dropped, List[X] a list of X. */
  private fromType(annotation: string | undefined, context: string): Resolved | undefined {
    if (!annotation) return undefined;
    const type = annotation.trim().replace(/^["']|["']$/g, "");
    const generic = /^(\w+)\[(.*)\]$/.exec(type);
    if (generic) {
      const [, outer, inner] = generic;
      if (outer === "Optional") return this.fromType(inner, context);
      if (outer === "List" || outer === "list") {
        const of = this.fromType(inner, context);
        return of && { kind: "list", of };
      }
      if (outer === "Union") {
        for (const part of splitTopLevel(inner)) {
          const resolved = this.fromType(part, context);
          if (resolved) return resolved;
        }
      }
      return undefined;
    }
    const cls = this.index.findClass(type, context);
    return cls && { kind: "instance", cls };
  }

  private resolveBinding(binding: Binding): Resolved | undefined {
    switch (binding.kind) {
      case "import": {
        const module = this.index.modules.get(binding.target);
        if (module) return { kind: "module", module };
        const [owner, name] = splitQualified(binding.target);
        const member = this.index.modules.get(owner)?.members.get(name);
        return member && this.fromMember(member, owner);
      }
      case "star":
        return undefined;
      case "assign":
        return this.resolveExpression(binding.expr, binding.at);
      case "element": {
        const list = this.resolveExpression(binding.expr, binding.at);
        return list?.kind === "list" ? list.of : undefined;
      }
    }
  }

  private bind(name: string, binding: Binding): void {
    const list = this.bindings.get(name) ?? [];
    list.push(binding);
    this.bindings.set(name, list);
  }

  private collectBindings(): void {
    const text = this.text;
    for (let lineStart = 0; lineStart < text.length; ) {
      const eol = text.indexOf("\n", lineStart);
      const lineEnd = eol === -1 ? text.length : eol;
      const indent = /^[ \t]*/.exec(text.slice(lineStart, lineEnd))![0].length;
      const at = lineStart + indent;
      const rest = text.slice(at, lineEnd);
      lineStart = lineEnd + 1;
      const from = /^from\s+([\w.]+)\s+import\s+(.+)$/.exec(rest);
      if (from) {
        const [, module, names] = from;
        for (const part of names.replace(/[()]/g, "").split(",")) {
          const [imported, local] = part.trim().split(/\s+as\s+/);
          if (imported === "*") this.bind(`*${module}`, { at, kind: "star", module });
          else if (imported)
            this.bind(local ?? imported, { at, kind: "import", target: `${module}.${imported}` });
        }
        continue;
      }
      const plain = /^import\s+([\w.]+)(?:\s+as\s+(\w+))?/.exec(rest);
      if (plain) {
        this.bind(plain[2] ?? plain[1].split(".")[0], {
          at,
          kind: "import",
          target: plain[2] ? plain[1] : plain[1].split(".")[0],
        });
        continue;
      }
      const assign = /^([A-Za-z_]\w*)\s*=(?!=)\s*/.exec(rest);
      if (assign) {
        const start = at + assign[0].length;
        this.bind(assign[1], { at: start, kind: "assign", expr: expressionAt(text, start) });
        continue;
      }
      const loop = /^for\s+([A-Za-z_]\w*)\s+in\s+/.exec(rest);
      if (loop) {
        const start = at + loop[0].length;
        this.bind(loop[1], {
          at: start,
          kind: "element",
          expr: expressionAt(text, start).replace(/:\s*$/, ""),
        });
      }
    }
  }
}

type Segment = { type: "name"; name: string } | { type: "call" } | { type: "index" };

/** `spark.readStream.format("x")` → name, name, name, call. Undefined where it is not a plain chain. */
function parseChain(expr: string): Segment[] | undefined {
  let text = expr.trim();
  // (spark.readStream ... ) as a whole: the parentheses only wrap lines.
  while (text.startsWith("(") && matchingClose(text, 0) === text.length - 1) text = text.slice(1, -1).trim();
  const segments: Segment[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === ".") {
      i += 1;
    } else if (/[A-Za-z_]/.test(ch)) {
      const name = /^[A-Za-z_]\w*/.exec(text.slice(i))![0];
      segments.push({ type: "name", name });
      i += name.length;
    } else if (ch === "(" || ch === "[") {
      const close = matchingClose(text, i);
      if (close < 0) return undefined;
      segments.push({ type: ch === "(" ? "call" : "index" });
      i = close + 1;
    } else {
      return undefined;
    }
  }
  return segments.length > 0 ? segments : undefined;
}

/** The expression that starts at `start`: to the end of its line, or of its brackets where they are open. */
function expressionAt(text: string, start: number): string {
  const { stop } = scan(text, start, (ch, at, depth) => ch === "\n" && depth <= 0 && text[at - 1] !== "\\");
  return text.slice(start, stop < 0 ? text.length : stop).trim();
}

/** The chain ending just before `end` (where a `.` or `(` is), read backwards over calls and line breaks. */
export function chainBefore(text: string, end: number): string {
  let i = end - 1;
  const atDot = () => text[i + 1] === "." || text[end] === ".";
  for (;;) {
    while (i >= 0 && /\s/.test(text[i]) && atDot()) i -= 1;
    if (i < 0) break;
    const ch = text[i];
    if (ch === ")" || ch === "]") {
      const open = matchingOpen(text, i);
      if (open < 0) break;
      i = open - 1;
      continue;
    }
    if (/\w/.test(ch)) {
      while (i >= 0 && /\w/.test(text[i])) i -= 1;
      // Before a name: a dot continues the chain (possibly after a line break), anything else ends it.
      let j = i;
      while (j >= 0 && /\s/.test(text[j])) j -= 1;
      if (j >= 0 && text[j] === ".") {
        i = j - 1;
        continue;
      }
      break;
    }
    break;
  }
  return text.slice(i + 1, end).trim();
}

function matchingOpen(text: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const start = text.lastIndexOf(ch, i - 1);
      if (start < 0) return -1;
      i = start;
    } else if (")]}".includes(ch)) depth += 1;
    else if ("([{".includes(ch)) {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The offset of the last `(` not closed before the end, or -1. */
function unclosedParen(text: string): number {
  const opens: number[] = [];
  scan(text, 0, (ch, at) => {
    if ("([{".includes(ch)) opens.push(ch === "(" ? at : -1);
    else if (")]}".includes(ch)) opens.pop();
    return false;
  });
  return opens.at(-1) ?? -1;
}
