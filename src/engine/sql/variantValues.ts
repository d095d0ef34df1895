/**
 * Spark 4's variant values as Sluice keeps them: JSON text in a canonical form that keeps what Spark's binary
 * encoding keeps (VariantBuilder), so the functions can answer as Spark's do from the text alone.
 *
 * - objects: keys sorted (Spark's field ids are sorted by key), no spaces; arrays: no spaces;
 * - strings: as JSON.stringify writes them (Jackson's escapes);
 * - integers that fit a long: as written, `-0` as `0` (Spark's INT1..INT8, all `BIGINT` to schema_of_variant);
 * - decimals (a fraction without exponent, up to 38 digits, or an integer past a long): stripped of trailing zeros,
 *   with `.0` marking a whole one (`1.00` is `1.0`, `10.10` is `10.1`, `100` past a long is `100....0`);
 * - doubles (an exponent, or too many digits): as Java's Double.toString prints them, with `E0` marking one
 *   printed without exponent (`1e10` is `1.0E10`, `1.5e0` is `1.5E0`).
 *
 * Spark's JSON (to_json, show, a string cast) is the text with the two markers dropped: `VARIANT_JSON_PATTERN`.
 */
import { formatDouble } from "./api/showString";

/** Spark's SIZE_LIMIT for a variant's value and metadata (16 MiB). */
export const VARIANT_SIZE_LIMIT = 16 * 1024 * 1024;

export class VariantParseError extends Error {
  constructor(readonly reason: "malformed" | "size") {
    super(reason);
  }
}

/** Spark's variant limit on decimal precision and scale (MAX_DECIMAL16_PRECISION). */
const MAX_DECIMAL_PRECISION = 38;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** A JSON number token as the variant keeps it (see the file's comment). */
export function canonicalNumber(token: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?([eE][+-]?\d+)?$/.exec(token);
  if (!m) throw new VariantParseError("malformed");
  const [, sign, int, frac, exp] = m;
  if (frac === undefined && exp === undefined) {
    const value = BigInt(token);
    if (value >= LONG_MIN && value <= LONG_MAX) return value.toString();
  }
  if (exp === undefined) {
    const decimal = canonicalDecimal(sign, int, frac ?? "");
    if (decimal !== undefined) return decimal;
  }
  return canonicalDouble(Number(token));
}

function canonicalDecimal(sign: string, int: string, frac: string): string | undefined {
  const unscaled = `${int}${frac}`.replace(/^0+/, "");
  const precision = Math.max(unscaled.length, 1);
  if (frac.length > MAX_DECIMAL_PRECISION || precision > MAX_DECIMAL_PRECISION) return undefined;
  const whole = int.replace(/^0+(?=\d)/, "");
  const fraction = frac.replace(/0+$/, "");
  const zero = /^0*$/.test(whole) && fraction === "";
  return `${zero ? "" : sign}${whole}.${fraction === "" ? "0" : fraction}`;
}

/** A double as the variant keeps it: Java's Double.toString, `E0` where it has no exponent. */
export function canonicalDouble(value: number): string {
  const java = formatDouble(value);
  return /E|N|I/.test(java) ? java : `${java}E0`;
}

/** Parses JSON as Spark's parse_json does (Jackson's defaults: strict JSON) into the canonical text. */
export function canonicalVariant(text: string): string {
  const parser = new StrictJsonParser(text);
  const out = parser.document();
  // Spark measures its encoding; the canonical text is a close stand-in for its size.
  if (out.length > VARIANT_SIZE_LIMIT) throw new VariantParseError("size");
  return out;
}

class StrictJsonParser {
  private i = 0;
  constructor(private readonly text: string) {}

  document(): string {
    this.space();
    const value = this.value(0);
    this.space();
    if (this.i !== this.text.length) throw new VariantParseError("malformed");
    return value;
  }

  private space(): void {
    while (this.i < this.text.length && " \t\n\r".includes(this.text[this.i])) this.i += 1;
  }

  private value(depth: number): string {
    if (depth > 1000) throw new VariantParseError("malformed");
    const c = this.text[this.i];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return JSON.stringify(this.string());
    for (const word of ["true", "false", "null"]) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return word;
      }
    }
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.i, this.i + 2000));
    if (!number) throw new VariantParseError("malformed");
    this.i += number[0].length;
    return canonicalNumber(number[0]);
  }

  private string(): string {
    const start = this.i;
    this.i += 1;
    let hasEscape = false;
    while (this.i < this.text.length) {
      const c = this.text[this.i];
      if (c === '"') {
        this.i += 1;
        const raw = this.text.slice(start, this.i);
        return hasEscape ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      }
      if (c === "\\") {
        hasEscape = true;
        const n = this.text[this.i + 1];
        if (n === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6)))
            throw new VariantParseError("malformed");
          this.i += 6;
          continue;
        }
        if (n === undefined || !`"\\/bfnrt`.includes(n)) throw new VariantParseError("malformed");
        this.i += 2;
        continue;
      }
      if (c < " ") throw new VariantParseError("malformed");
      this.i += 1;
    }
    throw new VariantParseError("malformed");
  }

  private object(depth: number): string {
    this.i += 1;
    const members = new Map<string, string>();
    this.space();
    if (this.text[this.i] === "}") {
      this.i += 1;
      return "{}";
    }
    for (;;) {
      this.space();
      if (this.text[this.i] !== '"') throw new VariantParseError("malformed");
      const key = this.string();
      this.space();
      if (this.text[this.i] !== ":") throw new VariantParseError("malformed");
      this.i += 1;
      this.space();
      // Spark's default (spark.sql.variant.allowDuplicateKeys=false) refuses a duplicate key.
      if (members.has(key)) throw new VariantParseError("malformed");
      members.set(key, this.value(depth + 1));
      this.space();
      const c = this.text[this.i];
      this.i += 1;
      if (c === ",") continue;
      if (c !== "}") throw new VariantParseError("malformed");
      const keys = [...members.keys()].sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${members.get(k)}`).join(",")}}`;
    }
  }

  private array(depth: number): string {
    this.i += 1;
    const elements: string[] = [];
    this.space();
    if (this.text[this.i] === "]") {
      this.i += 1;
      return "[]";
    }
    for (;;) {
      this.space();
      elements.push(this.value(depth + 1));
      this.space();
      const c = this.text[this.i];
      this.i += 1;
      if (c === ",") continue;
      if (c !== "]") throw new VariantParseError("malformed");
      return `[${elements.join(",")}]`;
    }
  }
}

/**
 * The pattern (RE2 and JavaScript alike) whose replacement by `$1$2$3$4$5` turns canonical text into Spark's JSON:
 * strings kept whole, a whole decimal's `.0` and a plain double's `E0` dropped.
 */
export const VARIANT_JSON_PATTERN = String.raw`("(?:[^"\\]|\\.)*")|(-?\d+)\.0([,\]}]|$)|(-?\d+\.\d+)E0([,\]}]|$)`;

const JSON_REGEX = new RegExp(VARIANT_JSON_PATTERN, "g");

/** Spark's JSON of a variant (Variant.toJson) from its canonical text. */
export function variantToJson(canonical: string): string {
  return canonical.replace(JSON_REGEX, (_m, s, d, dEnd, x, xEnd) =>
    s !== undefined ? s : d !== undefined ? `${d}${dEnd}` : `${x}${xEnd}`,
  );
}

// ---- schema_of_variant ------------------------------------------------------------------------------------

/** A variant's schema as schema_of_variant infers it. */
type VSchema =
  | { t: "VOID" | "BIGINT" | "DOUBLE" | "BOOLEAN" | "STRING" | "VARIANT" }
  | { t: "DECIMAL"; p: number; s: number }
  | { t: "ARRAY"; e: VSchema }
  | { t: "OBJECT"; f: Map<string, VSchema> };

/** A JavaScript value of canonical text, numbers kept as their tokens. */
type Tree = null | boolean | string | { n: string } | Tree[] | { o: [string, Tree][] };

/** Reads canonical text (valid JSON, numbers kept as text). */
export function readCanonical(text: string): Tree {
  let i = 0;
  const value = (): Tree => {
    const c = text[i];
    if (c === "{") {
      i += 1;
      const o: [string, Tree][] = [];
      if (text[i] === "}") {
        i += 1;
        return { o };
      }
      for (;;) {
        const key = str();
        i += 1; // :
        o.push([key, value()]);
        if (text[i++] === "}") return { o };
      }
    }
    if (c === "[") {
      i += 1;
      const a: Tree[] = [];
      if (text[i] === "]") {
        i += 1;
        return a;
      }
      for (;;) {
        a.push(value());
        if (text[i++] === "]") return a;
      }
    }
    if (c === '"') return str();
    for (const [word, v] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    const m = /^[^,\]}]+/.exec(text.slice(i, i + 2000))!;
    i += m[0].length;
    return { n: m[0] };
  };
  const str = (): string => {
    const start = i;
    i += 1;
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i += 1;
    return JSON.parse(text.slice(start, i)) as string;
  };
  return value();
}

function schemaOf(tree: Tree): VSchema {
  if (tree === null) return { t: "VOID" };
  if (typeof tree === "boolean") return { t: "BOOLEAN" };
  if (typeof tree === "string") return { t: "STRING" };
  if (Array.isArray(tree)) return { t: "ARRAY", e: tree.map(schemaOf).reduce(mergeSchema, { t: "VOID" }) };
  if ("o" in tree) return { t: "OBJECT", f: new Map(tree.o.map(([k, v]) => [k, schemaOf(v)])) };
  const n = tree.n;
  if (/[EIN]/.test(n)) return { t: "DOUBLE" };
  if (!n.includes(".")) return { t: "BIGINT" };
  const [int, frac] = n.replace("-", "").split(".");
  if (frac === "0") return { t: "DECIMAL", p: Math.max(int.replace(/^0+/, "").length, 1), s: 0 };
  const unscaled = `${int}${frac}`.replace(/^0+/, "");
  return { t: "DECIMAL", p: Math.max(unscaled.length, frac.length, 1), s: frac.length };
}

/** Spark's SchemaOfVariant.mergeSchema. */
function mergeSchema(a: VSchema, b: VSchema): VSchema {
  if (a.t === "VOID") return b;
  if (b.t === "VOID") return a;
  const asDecimal = (x: VSchema) => (x.t === "BIGINT" ? { p: 20, s: 0 } : x.t === "DECIMAL" ? x : undefined);
  if (a.t === "BIGINT" && b.t === "BIGINT") return a;
  const da = asDecimal(a);
  const db = asDecimal(b);
  if (da && db) {
    const scale = Math.max(da.s, db.s);
    const range = Math.max(da.p - da.s, db.p - db.s);
    if (range + scale > MAX_DECIMAL_PRECISION) return { t: "DOUBLE" };
    return { t: "DECIMAL", p: range + scale, s: scale };
  }
  if ((da || a.t === "DOUBLE") && (db || b.t === "DOUBLE")) return { t: "DOUBLE" };
  if (a.t === "ARRAY" && b.t === "ARRAY") return { t: "ARRAY", e: mergeSchema(a.e, b.e) };
  if (a.t === "OBJECT" && b.t === "OBJECT") {
    const f = new Map(a.f);
    for (const [k, v] of b.f) f.set(k, f.has(k) ? mergeSchema(f.get(k)!, v) : v);
    return { t: "OBJECT", f };
  }
  if (a.t === b.t && a.t !== "ARRAY" && a.t !== "OBJECT" && a.t !== "DECIMAL") return a;
  return { t: "VARIANT" };
}

const quoteIfNeeded = (name: string) =>
  /^[a-zA-Z0-9_]+$/.test(name) && !/^\d+$/.test(name) ? name : `\`${name.replaceAll("`", "``")}\``;

function schemaSql(schema: VSchema): string {
  switch (schema.t) {
    case "DECIMAL":
      return `DECIMAL(${schema.p},${schema.s})`;
    case "ARRAY":
      return `ARRAY<${schemaSql(schema.e)}>`;
    case "OBJECT": {
      const keys = [...schema.f.keys()].sort();
      return `OBJECT<${keys.map((k) => `${quoteIfNeeded(k)}: ${schemaSql(schema.f.get(k)!)}`).join(", ")}>`;
    }
    default:
      return schema.t;
  }
}

/** schema_of_variant of a canonical text. */
export function schemaOfVariant(canonical: string): string {
  return schemaSql(schemaOf(readCanonical(canonical)));
}

/** schema_of_variant_agg over canonical texts: their schemas merged. */
export function schemaOfVariants(canonicals: readonly string[]): string {
  return schemaSql(canonicals.map((c) => schemaOf(readCanonical(c))).reduce(mergeSchema, { t: "VOID" }));
}

// ---- values as rows carry them -------------------------------------------------------------------------

/** A JavaScript value of a variant: objects, arrays, strings, booleans, null, and numbers. */
export type VariantJs =
  | null
  | boolean
  | number
  | bigint
  | string
  | VariantJs[]
  | { [key: string]: VariantJs };

function toJs(tree: Tree): VariantJs {
  if (tree === null || typeof tree !== "object") return tree;
  if (Array.isArray(tree)) return tree.map(toJs);
  if ("o" in tree) return Object.fromEntries(tree.o.map(([k, v]) => [k, toJs(v)]));
  const n = tree.n;
  if (!/[.EIN]/.test(n)) {
    const big = BigInt(n);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(big)
      : big;
  }
  return Number(n.replace(/E0$/, "").replace(/^(-?)Infinity$/, "$1Infinity"));
}

/**
 * Spark's VariantVal as `collect()` returns it: `toJson()` is Spark's JSON (`toString()` too), `toJs()` the value
 * as JavaScript (PySpark's `toPython()`; integers past 2^53 as bigint, decimals and doubles as numbers).
 */
export class VariantVal {
  constructor(
    /** The canonical text (see variantValues.ts). */
    readonly canonical: string,
  ) {}
  toJson(): string {
    return variantToJson(this.canonical);
  }
  toString(): string {
    return this.toJson();
  }
  toJs(): VariantJs {
    return toJs(readCanonical(this.canonical));
  }
  toJSON(): VariantJs {
    return this.toJs();
  }
}
