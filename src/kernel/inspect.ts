/**
 * A readable text for a cell's result value (what a REPL prints). Plain data (query status, lastProgress) is
 * printed as indented JSON, as Spark prints a progress.
 */
export function inspect(value: unknown, depth = 0): string {
  if (depth === 0 && typeof value === "object" && !(value instanceof Date) && isPlainData(value)) {
    try {
      return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2);
    } catch {
      // A cycle: fall through to the short form.
    }
  }
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "string") return depth === 0 ? value : JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "function") return `[Function ${value.name || "anonymous"}]`;
  if (typeof value === "symbol") return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (value instanceof Uint8Array) return `Uint8Array(${value.byteLength})`;
  const custom = (value as { toString?: () => string }).toString;
  if (custom && custom !== Object.prototype.toString && custom !== Array.prototype.toString) {
    // Engine objects say what they are the way Spark does: DataFrame[a: string, b: bigint].
    return String(value);
  }
  if (depth > 2) return Array.isArray(value) ? "[…]" : "{…}";
  if (Array.isArray(value)) {
    const items = value.slice(0, 100).map((v) => inspect(v, depth + 1));
    if (value.length > 100) items.push(`… ${value.length - 100} more`);
    return `[${items.join(", ")}]`;
  }
  if (value instanceof Map) {
    return `Map(${value.size}) {${[...value].map(([k, v]) => `${inspect(k, depth + 1)} => ${inspect(v, depth + 1)}`).join(", ")}}`;
  }
  const entries = Object.entries(value as object).map(([k, v]) => `${k}: ${inspect(v, depth + 1)}`);
  const name = Object.getPrototypeOf(value)?.constructor?.name;
  const prefix = name && name !== "Object" ? `${name} ` : "";
  return `${prefix}{${entries.join(", ")}}`;
}

/** Rows that came as an array of plain objects (display([{...}, ...])). */
export function isRowArray(value: unknown): value is Record<string, unknown>[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((v) => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date))
  );
}

/** Plain objects and arrays of them (no class instances, functions or Maps inside). */
function isPlainData(value: unknown, depth = 0): boolean {
  if (depth > 20) return false;
  if (value === null || ["string", "number", "boolean", "bigint"].includes(typeof value)) return true;
  if (value instanceof Date) return true;
  if (Array.isArray(value)) return value.length > 0 && value.every((v) => isPlainData(v, depth + 1));
  if (typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value as object).every((v) => v === undefined || isPlainData(v, depth + 1));
}
