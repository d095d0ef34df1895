/** Python source text: literals and the chain layout PySpark code is written in. */
import { scan } from "../python/pythonText";

export { bare } from "../python/pythonText";

export class Untranslatable extends Error {
  override name = "Untranslatable";
}

/** A Python string literal. */
export function pyString(text: string): string {
  // JSON's escapes are Python's too; Python does not take \u2028-style escapes any differently.
  return JSON.stringify(text);
}

/** A Python literal for a plain value (rows, options, literals). */
export function pyValue(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return 'float("nan")';
    if (!Number.isFinite(value)) return value > 0 ? 'float("inf")' : 'float("-inf")';
    return String(value);
  }
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return pyString(value);
  if (value instanceof Date) {
    const d = value;
    return `datetime.datetime(${d.getUTCFullYear()}, ${d.getUTCMonth() + 1}, ${d.getUTCDate()}, ${d.getUTCHours()}, ${d.getUTCMinutes()}, ${d.getUTCSeconds()}, ${d.getUTCMilliseconds() * 1000})`;
  }
  if (Array.isArray(value)) return `[${value.map(pyValue).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${pyString(k)}: ${pyValue(v)}`)
      .join(", ")}}`;
  }
  throw new Untranslatable(`a value Python has no literal for (${typeof value})`);
}

/** A valid Python identifier for a JavaScript one (Python keywords get a trailing underscore). */
export function pyName(name: string): string {
  return PYTHON_KEYWORDS.has(name) ? `${name}_` : name;
}

const PYTHON_KEYWORDS = new Set([
  "and",
  "as",
  "assert",
  "def",
  "del",
  "elif",
  "except",
  "from",
  "global",
  "is",
  "lambda",
  "nonlocal",
  "not",
  "or",
  "pass",
  "print",
  "raise",
  "with",
  "yield",
  "None",
  "True",
  "False",
]);

const LINE_WIDTH = 100;

/**
 * A long method chain laid out as PySpark code usually is: wrapped in parentheses, a call per line.
 * `prefix` is what comes before it on its line ("ratings = ").
 */
export function layoutChain(code: string, prefix = ""): string {
  if (prefix.length + code.length <= LINE_WIDTH || code.includes("\n")) return code;
  const cuts = topLevelDots(code);
  if (cuts.length < 2) return code;
  const parts: string[] = [];
  let start = 0;
  for (const cut of cuts) {
    parts.push(code.slice(start, cut));
    start = cut;
  }
  parts.push(code.slice(start));
  // Short leading parts stay together (spark.readStream, events.writeStream).
  const head: string[] = [parts.shift()!];
  while (parts.length > 1 && !parts[0].includes("(") && head.join("").length < 40) head.push(parts.shift()!);
  return `(${head.join("")}\n${parts.map((p) => `    ${p}`).join("\n")})`;
}

/** Offsets of the dots that separate a chain's calls (outside brackets and strings). */
function topLevelDots(code: string): number[] {
  const out: number[] = [];
  scan(code, 0, (ch, at, depth) => {
    if (ch === "." && depth === 0 && /[A-Za-z_]/.test(code[at + 1] ?? "") && !/\d/.test(code[at - 1] ?? ""))
      out.push(at);
    return false;
  });
  return out;
}

/** Lines of a Python comment. */
export function comment(text: string, indent = ""): string {
  return text
    .split("\n")
    .map((line) => `${indent}#${line ? ` ${line}` : ""}`)
    .join("\n");
}
