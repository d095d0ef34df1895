/**
 * JSON in SQL without DuckDB's json extension (it is downloaded at run time, which hangs offline).
 *
 * Parsing (`from_json`, `get_json_object`, reading JSON files) needs a JSON scanner, which SQL cannot write: four
 * small JavaScript UDFs index a JSON text once (cached by text) and answer, for a path into it, the kind of value
 * there, where its text starts, how long it is, and how many members it has. Everything else is SQL: the value's
 * text is cut out with `substring`, unescaped and cast to the Spark type asked for. The UDFs return numbers only
 * because duckdb-wasm garbles string results (upstream #1720). Spark's JSON rules follow: unknown keys ignored,
 * keys case-sensitive, a value of the wrong type is null, a string field of a non-string value gets its JSON text,
 * single quotes and NaN/Infinity accepted.
 *
 * Writing (`to_json`, the JSON file sink) is SQL only.
 */
import * as arrow from "apache-arrow";
import { type DuckDB, quoteIdentifier, quoteString } from "../../duckdb/DuckDB";
import { ArrayType, AtomicType, type DataType, DecimalType, MapType, StructType } from "../types";

// ---- the scanner (JavaScript) -------------------------------------------------------------------------

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

/** Registers the JSON UDFs in a session's DuckDB. */
/** One index for every session: duckdb-wasm keeps UDFs in a process-wide table, so all sessions share them. */
const index = new JsonIndex();

/** Why the UDFs could not be registered, if they could not (a session still opens; JSON parsing then fails). */
let unavailable: Error | undefined;

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
    throw new Error(
      `Parsing JSON is not available here: its DuckDB functions could not be registered (${unavailable.message})`,
      {
        cause: unavailable,
      },
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

// ---- from JSON text to Spark values (SQL) --------------------------------------------------------------

/** A path as SQL yielding its JSON text; steps are JSON literals or SQL integers (lambda parameters). */
type PathSql = readonly (string | { sql: string; wrap?: "k" | "v" })[];

function pathSql(path: PathSql): string {
  if (path.every((s) => typeof s === "string")) return quoteString(`[${path.join(",")}]`);
  const parts = path.map((s) => {
    if (typeof s === "string") return quoteString(s);
    const n = `CAST(${s.sql} AS VARCHAR)`;
    return s.wrap ? `'{"${s.wrap}":' || ${n} || '}'` : n;
  });
  return `('[' || ${parts.join(" || ',' || ")} || ']')`;
}

const PRIVATE = "chr(57344)";

/** SQL unescaping a JSON string literal's text (quotes included) into the string it stands for. */
function unescapeSql(raw: string): string {
  const inner = `substring(${raw}, 2, length(${raw}) - 2)`;
  const simple: [string, string][] = [
    ['\\"', "'\"'"],
    ["\\'", "''''"],
    ["\\/", "'/'"],
    ["\\n", "chr(10)"],
    ["\\t", "chr(9)"],
    ["\\r", "chr(13)"],
    ["\\b", "chr(8)"],
    ["\\f", "chr(12)"],
  ];
  let s = `replace(${inner}, '\\\\', ${PRIVATE})`;
  for (const [from, to] of simple) s = `replace(${s}, ${quoteString(from)}, ${to})`;
  const code = "CAST(('0x' || __p[1:4]) AS INTEGER)";
  const unicode = `array_to_string(list_transform(string_split(${s}, '\\u'), lambda __p, __n: CASE WHEN __n = 1 THEN __p ELSE (CASE WHEN ${code} BETWEEN 55296 AND 57343 THEN chr(65533) ELSE chr(${code}) END) || __p[5:] END), '')`;
  return `(CASE WHEN contains(${inner}, '\\') THEN replace(${unicode}, ${PRIVATE}, '\\') ELSE ${inner} END)`;
}

/** SQL for the value at `path` of JSON text `text`, as Spark type `type`; `depth` names nested lambdas apart. */
function valueSql(text: string, path: PathSql, type: DataType, depth = 0): string {
  const p = pathSql(path);
  const kind = `__json_kind(${text}, ${p})`;
  const raw = `substring(${text}, __json_start(${text}, ${p}), __json_length(${text}, ${p}))`;
  if (type instanceof StructType) {
    const fields = type.fields.map(
      (f) =>
        `${quoteIdentifier(f.name)} := ${valueSql(text, [...path, JSON.stringify(f.name)], f.dataType, depth)}`,
    );
    return `(CASE WHEN ${kind} = ${JsonKind.object} THEN struct_pack(${fields.join(", ")}) END)`;
  }
  if (type instanceof ArrayType) {
    const i = `__i${depth}`;
    const element = valueSql(text, [...path, { sql: i }], type.elementType, depth + 1);
    return `(CASE WHEN ${kind} = ${JsonKind.array} THEN list_transform(range(__json_count(${text}, ${p})), lambda ${i}: ${element}) END)`;
  }
  if (type instanceof MapType) {
    const i = `__i${depth}`;
    const key = unescapeSql(
      `substring(${text}, __json_start(${text}, ${pathSql([...path, { sql: i, wrap: "k" }])}), __json_length(${text}, ${pathSql([...path, { sql: i, wrap: "k" }])}))`,
    );
    const value = valueSql(text, [...path, { sql: i, wrap: "v" }], type.valueType, depth + 1);
    return `(CASE WHEN ${kind} = ${JsonKind.object} THEN map_from_entries(list_transform(range(__json_count(${text}, ${p})), lambda ${i}: struct_pack(k := CAST(${key} AS ${type.keyType.sql()}), v := ${value}))) END)`;
  }
  return scalarSql(kind, raw, type);
}

function scalarSql(kind: string, raw: string, type: DataType): string {
  const of = (k: number, sql: string) => `(CASE WHEN ${kind} = ${k} THEN ${sql} END)`;
  if (type instanceof DecimalType) return of(JsonKind.number, `TRY_CAST(${raw} AS ${type.sql()})`);
  const name = type instanceof AtomicType ? type.name : "string";
  switch (name) {
    case "string":
      // A string field of another kind of value holds that value's JSON text.
      return `(CASE ${kind} WHEN ${JsonKind.null} THEN NULL WHEN ${JsonKind.string} THEN ${unescapeSql(raw)} ELSE ${raw} END)`;
    case "byte":
    case "short":
    case "integer":
    case "long":
      return of(
        JsonKind.number,
        `(CASE WHEN regexp_full_match(${raw}, '-?[0-9]+') THEN TRY_CAST(${raw} AS ${type.sql()}) END)`,
      );
    case "float":
    case "double":
      return of(JsonKind.number, `TRY_CAST(replace(${raw}, '+', '') AS ${type.sql()})`);
    case "boolean":
      return of(JsonKind.boolean, `(${raw} = 'true')`);
    case "timestamp":
    case "timestamp_ntz":
      return `(CASE ${kind} WHEN ${JsonKind.string} THEN TRY_CAST(TRY_CAST(${unescapeSql(raw)} AS TIMESTAMPTZ) AS TIMESTAMP) WHEN ${JsonKind.number} THEN TRY_CAST(to_timestamp(TRY_CAST(${raw} AS DOUBLE)) AS TIMESTAMP) END)`;
    case "date":
      return of(JsonKind.string, `TRY_CAST(${unescapeSql(raw)} AS DATE)`);
    case "binary":
      return of(JsonKind.string, `TRY_CAST(${unescapeSql(raw)} AS BLOB)`);
    default:
      return `CAST(NULL AS ${type.sql()})`;
  }
}

/**
 * `from_json(text, schema)`: a struct (or array, or map) of the JSON text's values. A null text is null; text
 * that is not JSON, or not an object for a struct schema, is a struct of nulls (Spark's PERMISSIVE mode).
 */
export function fromJsonSql(text: string, type: DataType): string {
  requireJsonFunctions();
  if (type instanceof StructType) {
    const fields = type.fields.map(
      (f) => `${quoteIdentifier(f.name)} := ${valueSql(text, [JSON.stringify(f.name)], f.dataType)}`,
    );
    return `(CASE WHEN ${text} IS NULL THEN NULL ELSE struct_pack(${fields.join(", ")}) END)`;
  }
  return valueSql(text, [], type);
}

/** Whether the text is JSON at all (for the JSON reader's malformed records). */
export function jsonKindSql(text: string): string {
  return `__json_kind(${text}, '[]')`;
}

/** The number of elements of a top-level JSON array. */
export function jsonCountSql(text: string): string {
  return `__json_count(${text}, '[]')`;
}

/** The struct for element `indexSql` of a top-level JSON array (JSON files whose lines hold arrays of records). */
export function fromJsonElementSql(text: string, indexSql: string, type: StructType): string {
  return valueSql(text, [{ sql: indexSql }], type);
}

/** Spark's `get_json_object(json, '$.a.b[0]')`: the value's text (strings unquoted), or null. */
export function getJsonObjectSql(text: string, jsonPath: string): string {
  requireJsonFunctions();
  const steps: string[] = [];
  const pattern = /\.([^.[\]]+)|\['([^']*)'\]|\[(\d+)\]/gy;
  if (!jsonPath.startsWith("$")) return "CAST(NULL AS VARCHAR)";
  pattern.lastIndex = 1;
  let consumed = 1;
  for (let m = pattern.exec(jsonPath); m; m = pattern.exec(jsonPath)) {
    steps.push(m[3] !== undefined ? m[3] : JSON.stringify(m[1] ?? m[2]));
    consumed = pattern.lastIndex;
  }
  if (consumed !== jsonPath.length) return "CAST(NULL AS VARCHAR)";
  const p = pathSql(steps);
  const kind = `__json_kind(${text}, ${p})`;
  const raw = `substring(${text}, __json_start(${text}, ${p}), __json_length(${text}, ${p}))`;
  return `(CASE ${kind} WHEN ${JsonKind.null} THEN NULL WHEN ${JsonKind.string} THEN ${unescapeSql(raw)} ELSE ${raw} END)`;
}

// ---- from Spark values to JSON text (SQL) ---------------------------------------------------------------

function jsonStringSql(sql: string): string {
  let s = `replace(replace(${sql}, '\\', '\\\\'), '"', '\\"')`;
  for (const [code, escaped] of [
    [10, "\\n"],
    [13, "\\r"],
    [9, "\\t"],
  ] as const)
    s = `replace(${s}, chr(${code}), ${quoteString(escaped)})`;
  return `('"' || ${s} || '"')`;
}

/** SQL writing a value of `type` as JSON text, as Spark's JSON generator does (null struct fields left out). */
export function toJsonSql(sql: string, type: DataType, depth = 0): string {
  const json = (inner: string, t: DataType): string => `coalesce(${toJsonSql(inner, t, depth + 1)}, 'null')`;
  if (type instanceof StructType) {
    const members = type.fields.map((f) => {
      const value = `(${sql}).${quoteIdentifier(f.name)}`;
      return `CASE WHEN ${value} IS NULL THEN NULL ELSE ${quoteString(`${JSON.stringify(f.name)}:`)} || ${toJsonSql(value, f.dataType, depth)} END`;
    });
    return `(CASE WHEN ${sql} IS NULL THEN NULL ELSE '{' || concat_ws(',', ${members.join(", ") || "NULL"}) || '}' END)`;
  }
  if (type instanceof ArrayType) {
    const x = `__x${depth}`;
    const element = json(x, type.elementType);
    return `(CASE WHEN ${sql} IS NULL THEN NULL ELSE '[' || array_to_string(list_transform(${sql}, lambda ${x}: ${element}), ',') || ']' END)`;
  }
  if (type instanceof MapType) {
    const e = `__e${depth}`;
    const value = json(`${e}.value`, type.valueType);
    return `(CASE WHEN ${sql} IS NULL THEN NULL ELSE '{' || array_to_string(list_transform(map_entries(${sql}), lambda ${e}: ${jsonStringSql(`CAST(${e}.key AS VARCHAR)`)} || ':' || ${value}), ',') || '}' END)`;
  }
  const name = type instanceof AtomicType ? type.name : "decimal";
  switch (name) {
    case "string":
      return jsonStringSql(sql);
    case "boolean":
      return `(CASE WHEN ${sql} THEN 'true' WHEN NOT ${sql} THEN 'false' END)`;
    case "timestamp":
    case "timestamp_ntz":
      return `('"' || strftime(${sql}, '%Y-%m-%dT%H:%M:%S.%g') || '${name === "timestamp" ? "Z" : ""}"')`;
    case "date":
      return `('"' || strftime(${sql}, '%Y-%m-%d') || '"')`;
    case "binary":
      return jsonStringSql(`to_base64(${sql})`);
    case "null":
      return "CAST(NULL AS VARCHAR)";
    default:
      return `CAST(${sql} AS VARCHAR)`;
  }
}
