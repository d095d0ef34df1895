/**
 * The JSON scanner behind Sluice's JSON functions, without DuckDB's json extension (it is downloaded at run
 * time, which hangs offline). Parsing JSON needs a scanner, which SQL cannot write: four small JavaScript UDFs
 * index a JSON text once (cached by text) and answer, for a path into it, the kind of value there, where its
 * text starts, how long it is, and how many members it has. They return numbers only because duckdb-wasm
 * garbles string results (upstream #1720). Single quotes and NaN/Infinity are accepted, as Spark's parser does.
 */

import * as arrow from "apache-arrow";
import type { DuckDB } from "../../duckdb/DuckDB";
import { internalError } from "../../errors/QueryExecutionErrors";

/** Kinds as the UDFs report them. */
export const JsonKind = { null: 0, boolean: 1, number: 2, string: 3, array: 4, object: 5 } as const;

interface JsonNode {
  kind: number;
  /** Offsets in code points (DuckDB's string positions), end exclusive. */
  start: number;
  end: number;
  members?: { key: string; keyStart: number; keyEnd: number; value: JsonNode }[];
  elements?: JsonNode[];
}

class JsonScanner {
  private i = 0;
  /** Code points before `i` (astral characters are two UTF-16 units but one DuckDB character). */
  private cp = 0;
  constructor(private readonly text: string) {}

  scan(): JsonNode | undefined {
    this.space();
    const node = this.value();
    this.space();
    return node && this.i === this.text.length ? node : undefined;
  }

  private advance(n = 1): void {
    for (let k = 0; k < n; k++) {
      const code = this.text.charCodeAt(this.i);
      this.i += code >= 0xd800 && code <= 0xdbff && this.i + 1 < this.text.length ? 2 : 1;
      this.cp += 1;
    }
  }

  private space(): void {
    while (this.i < this.text.length && " \t\n\r".includes(this.text[this.i])) this.advance();
  }

  private value(): JsonNode | undefined {
    const c = this.text[this.i];
    const start = this.cp;
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"' || c === "'") {
      const end = this.string();
      return end === undefined ? undefined : { kind: JsonKind.string, start, end };
    }
    for (const [word, kind] of [
      ["true", JsonKind.boolean],
      ["false", JsonKind.boolean],
      ["null", JsonKind.null],
      ["NaN", JsonKind.number],
      ["Infinity", JsonKind.number],
      ["-Infinity", JsonKind.number],
      ["+Infinity", JsonKind.number],
    ] as const) {
      if (this.text.startsWith(word, this.i)) {
        this.advance(word.length);
        return { kind, start, end: this.cp };
      }
    }
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.i, this.i + 400));
    if (number) {
      this.advance(number[0].length);
      return { kind: JsonKind.number, start, end: this.cp };
    }
    return undefined;
  }

  /** Scans a quoted string; returns the end offset, or undefined where it is not a valid string. */
  private string(): number | undefined {
    const quote = this.text[this.i];
    this.advance();
    while (this.i < this.text.length) {
      const c = this.text[this.i];
      if (c === quote) {
        this.advance();
        return this.cp;
      }
      if (c === "\\") {
        const n = this.text[this.i + 1];
        if (n === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) return undefined;
          this.advance(6);
          continue;
        }
        if (n === undefined || !`"'\\/bfnrt`.includes(n)) return undefined;
        this.advance(2);
        continue;
      }
      if (c < " ") return undefined;
      this.advance();
    }
    return undefined;
  }

  private object(): JsonNode | undefined {
    const start = this.cp;
    this.advance();
    const members: NonNullable<JsonNode["members"]> = [];
    this.space();
    if (this.text[this.i] === "}") {
      this.advance();
      return { kind: JsonKind.object, start, end: this.cp, members };
    }
    for (;;) {
      this.space();
      const c = this.text[this.i];
      if (c !== '"' && c !== "'") return undefined;
      const keyStart = this.cp;
      const from = this.i;
      const keyEnd = this.string();
      if (keyEnd === undefined) return undefined;
      const key = decodeJsonString(this.text.slice(from, this.i));
      this.space();
      if (this.text[this.i] !== ":") return undefined;
      this.advance();
      this.space();
      const value = this.value();
      if (!value) return undefined;
      members.push({ key, keyStart, keyEnd, value });
      this.space();
      if (this.text[this.i] === ",") {
        this.advance();
        continue;
      }
      if (this.text[this.i] !== "}") return undefined;
      this.advance();
      return { kind: JsonKind.object, start, end: this.cp, members };
    }
  }

  private array(): JsonNode | undefined {
    const start = this.cp;
    this.advance();
    const elements: JsonNode[] = [];
    this.space();
    if (this.text[this.i] === "]") {
      this.advance();
      return { kind: JsonKind.array, start, end: this.cp, elements };
    }
    for (;;) {
      this.space();
      const value = this.value();
      if (!value) return undefined;
      elements.push(value);
      this.space();
      if (this.text[this.i] === ",") {
        this.advance();
        continue;
      }
      if (this.text[this.i] !== "]") return undefined;
      this.advance();
      return { kind: JsonKind.array, start, end: this.cp, elements };
    }
  }
}

function decodeJsonString(quoted: string): string {
  const body = quoted.slice(1, -1);
  if (!body.includes("\\")) return body;
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.length === 5) return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    return ({ b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" } as Record<string, string>)[e] ?? e;
  });
}

/** A step of a path: a member by key, an element by index, or the key or value of the i-th member. */
type PathStep = string | number | { k: number } | { v: number };

/** The node at `path`, and for `{k: i}` the key's span. */
function locate(
  root: JsonNode,
  path: readonly PathStep[],
): { kind: number; start: number; end: number; count?: number } | undefined {
  let node: JsonNode = root;
  for (const step of path) {
    if (typeof step === "string") {
      // The last of duplicate keys wins, as in Jackson's tree model.
      const member = node.members?.findLast((m) => m.key === step);
      if (!member) return undefined;
      node = member.value;
    } else if (typeof step === "number") {
      const element = node.elements?.[step];
      if (!element) return undefined;
      node = element;
    } else if ("k" in step) {
      const member = node.members?.[step.k];
      return member && { kind: JsonKind.string, start: member.keyStart, end: member.keyEnd };
    } else {
      const member = node.members?.[step.v];
      if (!member) return undefined;
      node = member.value;
    }
  }
  return {
    kind: node.kind,
    start: node.start,
    end: node.end,
    count: (node.members ?? node.elements)?.length,
  };
}

const MAX_CACHED = 8192;

/** Indexes each JSON text once; UDF calls for several paths of one text reuse it. */
class JsonIndex {
  private readonly texts = new Map<string, JsonNode | null>();
  private readonly paths = new Map<string, PathStep[]>();

  lookup(text: string | null, path: string | null) {
    if (text === null || path === null) return undefined;
    let root = this.texts.get(text);
    if (root === undefined) {
      if (this.texts.size >= MAX_CACHED) this.texts.clear();
      root = new JsonScanner(text).scan() ?? null;
      this.texts.set(text, root);
    }
    if (root === null) return undefined;
    let steps = this.paths.get(path);
    if (!steps) {
      steps = JSON.parse(path) as PathStep[];
      this.paths.set(path, steps);
    }
    return locate(root, steps);
  }
}

/** One index for every session: duckdb-wasm keeps UDFs in a process-wide table, so all sessions share them. */
const index = new JsonIndex();

/** Why the UDFs could not be registered, if they could not (a session still opens; JSON parsing then fails). */
let unavailable: Error | undefined;

/** Registers the JSON UDFs in a session's DuckDB. */
export function registerJsonFunctions(db: DuckDB): void {
  try {
    registerUdfs(db);
    unavailable = undefined;
  } catch (error) {
    unavailable = error as Error;
  }
}

/** Fails, naming the reason, where JSON text cannot be parsed in this runtime. */
export function requireJsonFunctions(): void {
  if (unavailable) {
    throw internalError(
      `Parsing JSON is not available here: its DuckDB functions could not be registered (${unavailable.message})`,
      unavailable,
    );
  }
}

function registerUdfs(db: DuckDB): void {
  const int = new arrow.Int32();
  const args = (a: (string | number | null)[]) => index.lookup(a[0] as string | null, a[1] as string | null);
  db.registerScalarFunction("__json_kind", int, (...a) => args(a)?.kind ?? null);
  // 1-based, as DuckDB's substring counts.
  db.registerScalarFunction("__json_start", int, (...a) => {
    const found = args(a);
    return found ? found.start + 1 : null;
  });
  db.registerScalarFunction("__json_length", int, (...a) => {
    const found = args(a);
    return found ? found.end - found.start : null;
  });
  db.registerScalarFunction("__json_count", int, (...a) => args(a)?.count ?? null);
}
