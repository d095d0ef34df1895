/**
 * Spark's schema inference for one JSON text (`schema_of_json`, JsonInferSchema): a value's type as Spark infers
 * it, rendered as Spark's `DataType.sql` ("STRUCT<a: BIGINT, b: ARRAY<STRING>>"). Integers are BIGINT (DECIMAL(p,0)
 * past a long, DOUBLE past 38 digits), other numbers DOUBLE (or DECIMAL with `prefersDecimal`), a struct's fields
 * sorted by name, an array's elements merged to one type (numbers widen, anything else mixed is STRING), and a
 * null with nothing else known is STRING. Inferred at analysis: Spark needs the text as a constant.
 */

export type Inferred =
  | { readonly kind: "null" | "string" | "bigint" | "double" | "boolean" }
  | { readonly kind: "decimal"; readonly precision: number; readonly scale: number }
  | { readonly kind: "array"; readonly element: Inferred }
  | { readonly kind: "struct"; readonly fields: readonly { name: string; type: Inferred }[] };

export interface JsonInferOptions {
  readonly primitivesAsString: boolean;
  readonly prefersDecimal: boolean;
  readonly allowNumericLeadingZeros: boolean;
}

export class JsonInferError extends Error {}

/** JSON text to a tree of inferred types; throws JsonInferError where the text is not JSON. */
export function inferJsonType(text: string, options: JsonInferOptions): Inferred {
  let i = 0;
  // No token at all (an empty text) infers as a null: STRING once canonicalised.
  if (text.trim() === "") return { kind: "null" };
  const fail = (): never => {
    throw new JsonInferError(`Malformed JSON at character ${i}: ${text}`);
  };
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const string = (): string => {
    const quote = text[i++];
    let out = "";
    while (i < text.length && text[i] !== quote) {
      if (text[i] === "\\") {
        const e = text[i + 1];
        if (e === "u") {
          out += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        out += ({ b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" } as Record<string, string>)[e] ?? e;
        i += 2;
        continue;
      }
      out += text[i++];
    }
    if (i >= text.length) fail();
    i++;
    return out;
  };
  const primitive = (type: Inferred): Inferred => (options.primitivesAsString ? { kind: "string" } : type);
  const value = (): Inferred => {
    space();
    const c = text[i];
    if (c === "{") {
      i++;
      const fields: { name: string; type: Inferred }[] = [];
      space();
      if (text[i] === "}") {
        i++;
        return { kind: "struct", fields };
      }
      for (;;) {
        space();
        if (text[i] !== '"' && text[i] !== "'") fail();
        const name = string();
        space();
        if (text[i++] !== ":") fail();
        fields.push({ name, type: value() });
        space();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i++] !== "}") fail();
        break;
      }
      fields.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return { kind: "struct", fields };
    }
    if (c === "[") {
      i++;
      let element: Inferred = { kind: "null" };
      space();
      if (text[i] === "]") {
        i++;
        return { kind: "array", element };
      }
      for (;;) {
        element = compatibleType(element, value());
        space();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i++] !== "]") fail();
        return { kind: "array", element };
      }
    }
    if (c === '"' || c === "'") {
      string();
      return { kind: "string" };
    }
    for (const [word, type] of [
      ["true", { kind: "boolean" }],
      ["false", { kind: "boolean" }],
      ["null", { kind: "null" }],
      ["NaN", { kind: "double" }],
      ["Infinity", { kind: "double" }],
      ["-Infinity", { kind: "double" }],
      ["+Infinity", { kind: "double" }],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return type.kind === "null" ? type : primitive(type);
      }
    }
    const digits = options.allowNumericLeadingZeros ? "\\d+" : "(?:0|[1-9]\\d*)";
    const m = new RegExp(`^(-?)(${digits})(?:\\.(\\d+))?(?:[eE]([+-]?\\d+))?`).exec(text.slice(i, i + 1000));
    if (!m) return fail();
    i += m[0].length;
    return primitive(numberType(m[1], m[2], m[3], m[4]));
  };
  const result = value();
  space();
  if (i !== text.length) fail();
  return result;

  function numberType(
    sign: string,
    intPart: string,
    fraction: string | undefined,
    exponent: string | undefined,
  ): Inferred {
    if (fraction === undefined && exponent === undefined) {
      const n = BigInt(sign + intPart);
      if (n >= -9223372036854775808n && n <= 9223372036854775807n) return { kind: "bigint" };
      const precision = intPart.replace(/^0+/, "").length;
      return precision <= 38 ? { kind: "decimal", precision, scale: 0 } : { kind: "double" };
    }
    if (!options.prefersDecimal) return { kind: "double" };
    // Java's BigDecimal of the text: its unscaled digits and scale.
    const unscaled = (intPart + (fraction ?? "")).replace(/^0+(?=\d)/, "");
    const scale = (fraction?.length ?? 0) - Number(exponent ?? 0);
    const precision = unscaled.replace(/^0+/, "").length || 1;
    const p = Math.max(precision, scale);
    return p <= 38 && scale >= 0 ? { kind: "decimal", precision: p, scale } : { kind: "double" };
  }
}

/** Spark's JsonInferSchema.compatibleType: one type for two values of an array (or of a field). */
export function compatibleType(a: Inferred, b: Inferred): Inferred {
  if (a.kind === "null") return b;
  if (b.kind === "null") return a;
  if (a.kind === "struct" && b.kind === "struct") {
    const byName = new Map<string, Inferred>();
    for (const f of [...a.fields, ...b.fields]) {
      const known = byName.get(f.name);
      byName.set(f.name, known ? compatibleType(known, f.type) : f.type);
    }
    const names = [...byName.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    return { kind: "struct", fields: names.map((name) => ({ name, type: byName.get(name) as Inferred })) };
  }
  if (a.kind === "array" && b.kind === "array")
    return { kind: "array", element: compatibleType(a.element, b.element) };
  if (a.kind === b.kind && a.kind !== "decimal") return a;
  const numeric = (t: Inferred) => t.kind === "bigint" || t.kind === "double" || t.kind === "decimal";
  if (numeric(a) && numeric(b)) {
    if (a.kind === "double" || b.kind === "double") return { kind: "double" };
    const dec = (t: Inferred) => (t.kind === "decimal" ? { p: t.precision, s: t.scale } : { p: 20, s: 0 }); // a long as DECIMAL(20,0)
    const x = dec(a);
    const y = dec(b);
    const scale = Math.max(x.s, y.s);
    const range = Math.max(x.p - x.s, y.p - y.s);
    return range + scale > 38 ? { kind: "double" } : { kind: "decimal", precision: range + scale, scale };
  }
  return { kind: "string" };
}

/**
 * Spark's canonicalizeType: nulls become STRING, structs lose fields with empty names and, left empty, are
 * dropped (undefined).
 */
function canonicalize(t: Inferred): Inferred | undefined {
  switch (t.kind) {
    case "null":
      return { kind: "string" };
    case "array": {
      const element = canonicalize(t.element);
      return element && { kind: "array", element };
    }
    case "struct": {
      const fields = t.fields.flatMap((f) => {
        const type = f.name === "" ? undefined : canonicalize(f.type);
        return type ? [{ name: f.name, type }] : [];
      });
      return fields.length > 0 ? { kind: "struct", fields } : undefined;
    }
    default:
      return t;
  }
}

/** SchemaOfJson's answer for the top-level type: an empty struct stays `STRUCT<>`. */
export function schemaOfJsonType(t: Inferred): Inferred {
  if (t.kind === "struct") return canonicalize(t) ?? { kind: "struct", fields: [] };
  if (t.kind === "array" && t.element.kind === "struct")
    return { kind: "array", element: canonicalize(t.element) ?? { kind: "struct", fields: [] } };
  return canonicalize(t) ?? { kind: "string" };
}

/** Spark's QuotingUtils.quoteIfNeeded. */
function quoteIfNeeded(name: string): string {
  return /^[a-zA-Z0-9_]+$/.test(name) && !/^\d+$/.test(name) ? name : `\`${name.replaceAll("`", "``")}\``;
}

/** Spark's `DataType.sql` of an inferred type. */
export function inferredSql(t: Inferred): string {
  switch (t.kind) {
    case "decimal":
      return `DECIMAL(${t.precision},${t.scale})`;
    case "array":
      return `ARRAY<${inferredSql(t.element)}>`;
    case "struct":
      return `STRUCT<${t.fields.map((f) => `${quoteIfNeeded(f.name)}: ${inferredSql(f.type)}`).join(", ")}>`;
    case "null":
      return "VOID";
    default:
      return t.kind.toUpperCase();
  }
}
