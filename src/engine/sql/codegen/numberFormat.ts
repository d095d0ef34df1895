/**
 * Spark's number format strings (ToNumberParser) for `to_number`, `try_to_number`, `to_char` and `to_varchar`:
 * `0` `9` (digits), `.` `D` (decimal point), `,` `G` (thousands separator), `$`, `S` (sign), `MI` (minus),
 * `PR` (angle brackets for a negative number). The format is a literal, so it is read once, here, as Spark reads
 * it when the expression is checked, and compiles to DuckDB SQL:
 *
 * - parsing (`to_number`) becomes one regular expression over the input. Each of Spark's tokens consumes a set of
 *   characters no neighbouring token consumes, so the regular expression accepts exactly the inputs Spark's
 *   left-to-right parser accepts; a digit group's sizes (between separators) are part of the expression.
 * - formatting (`to_char`) depends on the value only through its sign and how many integer digits it has: Spark's
 *   formatter is run here once for each (sign, digit count) with placeholders for the digits, and the SQL picks
 *   the layout and puts the value's digits in.
 */
import { quoteString } from "../../duckdb/DuckDB";
import {
  invalidBinaryFormat,
  invalidNumberFormat,
  invalidNumberFormatToken,
  nonFoldableInput,
} from "../../errors/QueryCompilationErrors";
import { raiseErrorSql } from "../../errors/QueryExecutionErrors";
import { expressionSql } from "../analysis/naming";
import type { Expression } from "../expressions";
import { AtomicType, type DataType, DecimalType } from "../types";
import { DATETIME_FUNCTIONS } from "./datetimeFunctions";
import type { FunctionSpec } from "./functionSpecs";

type Digits = { readonly k: "digits"; readonly n: number; readonly exact: boolean };
type Token =
  | Digits
  | { readonly k: "point" }
  | { readonly k: "comma" }
  | { readonly k: "dollar" }
  | { readonly k: "sign" }
  | { readonly k: "minus" }
  | { readonly k: "open" }
  | { readonly k: "close" }
  | { readonly k: "invalid"; readonly c: string };
/** Consecutive digits and separators, in the format's order. */
type Groups = { readonly k: "groups"; readonly tokens: readonly (Digits | { readonly k: "comma" })[] };
type FormatToken = Exclude<Token, Digits | { k: "comma" }> | Groups;

/** How Spark's error messages name a token. */
function tokenName(t: FormatToken): string {
  switch (t.k) {
    case "groups":
      return "digit sequence";
    case "point":
      return ". or D";
    case "dollar":
      return "$";
    case "sign":
      return "S";
    case "minus":
      return "MI";
    case "open":
    case "close":
      return "PR";
    case "invalid":
      return `character '${t.c}''`;
  }
}

/** The format's tokens, as ToNumberParser's formatTokens reads them. */
function tokenize(format: string): FormatToken[] {
  const tokens: Token[] = [];
  let reachedPoint = false;
  let i = 0;
  while (i < format.length) {
    const c = format[i];
    if (c === "0" || c === "9") {
      const start = i;
      do i++;
      while (i < format.length && (format[i] === "0" || format[i] === "9"));
      tokens.push({ k: "digits", n: i - start, exact: c === "0" && !reachedPoint });
      continue;
    }
    i++;
    if (c === "." || c === "D") {
      tokens.push({ k: "point" });
      reachedPoint = true;
    } else if (c === "," || c === "G") tokens.push({ k: "comma" });
    else if (c === "$") tokens.push({ k: "dollar" });
    else if (c === "S") tokens.push({ k: "sign" });
    else if (c === "M" && format[i] === "I") {
      tokens.push({ k: "minus" });
      i++;
    } else if (c === "P" && format[i] === "R") {
      tokens.unshift({ k: "open" });
      tokens.push({ k: "close" });
      i++;
    } else tokens.push({ k: "invalid", c });
  }
  const grouped: FormatToken[] = [];
  let group: (Digits | { k: "comma" })[] = [];
  for (const t of tokens) {
    if (t.k === "digits" || t.k === "comma") group.push(t);
    else {
      if (group.length > 0) grouped.push({ k: "groups", tokens: group });
      group = [];
      grouped.push(t);
    }
  }
  if (group.length > 0) grouped.push({ k: "groups", tokens: group });
  return grouped;
}

const digitsOf = (g: Groups) => g.tokens.filter((t): t is Digits => t.k === "digits");
const digitCount = (g: Groups) => digitsOf(g).reduce((n, d) => n + d.n, 0);

/** A checked number format: its tokens, and the DECIMAL(precision, scale) it parses to. */
export interface NumberFormat {
  readonly format: string;
  readonly tokens: readonly FormatToken[];
  readonly precision: number;
  readonly scale: number;
}

/** The format read and checked as ToNumberParser.checkInputDataTypes checks it (INVALID_FORMAT.*). */
export function numberFormat(format: string): NumberFormat {
  const tokens = tokenize(format);
  const indexOf = (k: FormatToken["k"]) => tokens.findIndex((t) => t.k === k);
  const dollar = indexOf("dollar");
  const firstDigits = indexOf("groups");
  const point = indexOf("point");
  if (format === "") throw invalidNumberFormat("EMPTY", format);
  if (firstDigits === -1) throw invalidNumberFormat("WRONG_NUM_DIGIT", format);
  if (firstDigits < dollar) throw invalidNumberFormat("CUR_MUST_BEFORE_DIGIT", format);
  if (point !== -1 && point < dollar) throw invalidNumberFormat("CUR_MUST_BEFORE_DEC", format);
  const groupsAt = (before: boolean) =>
    tokens.flatMap((t, i) =>
      t.k === "groups" && (before ? point === -1 || i < point : point !== -1 && i > point) ? [t] : [],
    );
  const badSeparators = (g: Groups) =>
    g.tokens.some(
      (t, j) =>
        t.k === "comma" &&
        (j === 0 ||
          j === g.tokens.length - 1 ||
          g.tokens[j - 1]?.k === "comma" ||
          g.tokens[j + 1]?.k === "comma"),
    );
  if (groupsAt(true).some(badSeparators)) throw invalidNumberFormat("CONT_THOUSANDS_SEPS", format);
  if (groupsAt(false).some((g) => g.tokens.some((t) => t.k === "comma")))
    throw invalidNumberFormat("THOUSANDS_SEPS_MUST_BEFORE_DEC", format);
  for (const k of ["point", "sign", "minus", "dollar", "close"] as const) {
    const repeated = tokens.filter((t) => t.k === k);
    if (repeated.length > 1)
      throw invalidNumberFormatToken("WRONG_NUM_TOKEN", tokenName(repeated[0]), format);
  }
  // [PR] [MI | S] [$] [digits] [.] [digits] [$] [PR | MI | S], each at most once, in this order.
  const allowed: readonly (readonly FormatToken["k"][])[] = [
    ["open"],
    ["minus", "sign"],
    ["dollar"],
    ["groups"],
    ["point"],
    ["groups"],
    ["dollar"],
    ["minus", "sign", "close"],
  ];
  let at = 0;
  for (const kinds of allowed) if (at < tokens.length && kinds.includes(tokens[at].k)) at++;
  if (at < tokens.length) throw invalidNumberFormatToken("UNEXPECTED_TOKEN", tokenName(tokens[at]), format);
  const groups = tokens.filter((t): t is Groups => t.k === "groups");
  const precision = groups.reduce((n, g) => n + digitCount(g), 0);
  const scale =
    point === -1 ? 0 : tokens.slice(point).reduce((n, t) => n + (t.k === "groups" ? digitCount(t) : 0), 0);
  return { format, tokens, precision, scale };
}

// ---- parsing: to_number, try_to_number ---------------------------------------------------------------------

const escapeRegex = (text: string) => text.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");

/**
 * The regular expression of a digit group's input: digits and whitespace split by separators, at most as many
 * parts as the format has, each with exactly (a format's leading 0) or at most the format's number of digits;
 * parts missing on the left count as empty.
 */
function groupsRegex(g: Groups): string {
  const digits = digitsOf(g);
  const part = (d: Digits) => `\\s*(?:[0-9]\\s*){${d.exact ? d.n : `0,${d.n}`}}`;
  const alternatives: string[] = [];
  for (let m = 1; m <= digits.length; m++) {
    const missing = digits.slice(0, digits.length - m);
    if (missing.some((d) => d.exact && d.n > 0)) continue;
    alternatives.push(
      digits
        .slice(digits.length - m)
        .map(part)
        .join(","),
    );
  }
  return `((?:${alternatives.join("|")}))`;
}

/** Spark's to_number over the compiled string `input`: the decimal, or `onMismatch` where the input does not match. */
export function toNumberSql(input: string, f: NumberFormat, onMismatch: string): string {
  let regex = "";
  let group = 0;
  const captures: { open?: number; close?: number; signs: number[]; before: number[]; after: number[] } = {
    signs: [],
    before: [],
    after: [],
  };
  for (let i = 0; i < f.tokens.length; i++) {
    const t = f.tokens[i];
    switch (t.k) {
      case "open":
        regex += "(<?)";
        captures.open = ++group;
        break;
      case "close":
        regex += "(>?)";
        captures.close = ++group;
        break;
      case "sign":
        regex += "([+-]?)";
        captures.signs.push(++group);
        break;
      case "minus":
        regex += "(-?)";
        captures.signs.push(++group);
        break;
      case "dollar":
        // Spark skips an expected `$` once the input has ended.
        regex += "(?:\\$|$)";
        break;
      case "groups":
        regex += groupsRegex(t);
        captures.before.push(++group);
        break;
      case "point": {
        // Digits after the point are read only when the input has one; else the group that follows is empty.
        const next = f.tokens[i + 1];
        if (next?.k === "groups") {
          regex += `(?:\\.${groupsRegex(next)})?`;
          captures.after.push(++group);
          i++;
        } else regex += "\\.?";
        break;
      }
      case "invalid":
        regex += escapeRegex(t.c);
        break;
    }
  }
  const pattern = quoteString(`^${regex}$`);
  const capture = (n: number) => `regexp_extract(${input}, ${pattern}, ${n})`;
  const digits = (ns: number[]) =>
    ns.length === 0 ? "''" : ns.map((n) => `regexp_replace(${capture(n)}, '[^0-9]', '', 'g')`).join(" || ");
  const negations = [
    ...captures.signs.map((n) => `(${capture(n)} = '-')::INTEGER`),
    ...(captures.close === undefined ? [] : [`(${capture(captures.close)} = '>')::INTEGER`]),
  ];
  const negative = negations.length === 0 ? "FALSE" : `((${negations.join(" + ")}) % 2 = 1)`;
  const brackets =
    captures.open === undefined || captures.close === undefined
      ? "TRUE"
      : `((${capture(captures.open)} = '<') = (${capture(captures.close)} = '>'))`;
  const matches = `(regexp_matches(${input}, ${pattern}) AND regexp_matches(${input}, '[0-9]') AND ${brackets})`;
  const text = `(CASE WHEN ${negative} THEN '-' ELSE '' END || '0' || ${digits(captures.before)} || '.' || ${digits(captures.after)} || '0')`;
  const type = `DECIMAL(${f.precision}, ${f.scale})`;
  return `(CASE WHEN ${input} IS NULL THEN NULL WHEN ${matches} THEN CAST(${text} AS ${type}) ELSE CAST(${onMismatch} AS ${type}) END)`;
}

// ---- formatting: to_char, to_varchar -----------------------------------------------------------------------

/** One character of a layout: a literal, or the i-th digit of the value before or after its point. */
type Slot = { readonly lit: string } | { readonly before: number } | { readonly after: number };

const isSpace = (s: Slot | undefined) => s !== undefined && "lit" in s && s.lit === " ";
const isDigit = (s: Slot | undefined) => s !== undefined && (!("lit" in s) || (s.lit >= "0" && s.lit <= "9"));
const isLit = (s: Slot | undefined, c: string) => s !== undefined && "lit" in s && s.lit === c;

/**
 * ToNumberParser.format for a value of the given sign with `integerDigits` digits before its point (leading zeros
 * dropped), or for one too wide for the format (`overflow`): the layout, digits as slots.
 */
function layout(f: NumberFormat, negative: boolean, integerDigits: number, overflow: boolean): Slot[] {
  const beforeCount = f.precision - f.scale;
  // The value's digits before the point, padded on the left with spaces to the format's width; after, with zeros.
  const before = (i: number): Slot =>
    overflow
      ? { lit: "#" }
      : i < beforeCount - integerDigits
        ? { lit: " " }
        : { before: i - (beforeCount - integerDigits) };
  const after = (i: number): Slot => (overflow ? { lit: "#" } : { after: i });
  const result: Slot[] = [];
  const addCharacterCheckingTrailingSpaces = (c: string) => {
    result.push({ lit: c });
    for (let i = result.length - 1; i >= 1 && isSpace(result[i - 1]) && isLit(result[i], c); i--) {
      result[i] = { lit: " " };
      result[i - 1] = { lit: c };
    }
  };
  const addSpaceCheckingTrailingCharacters = () => {
    result.push({ lit: " " });
    for (
      let i = result.length - 1;
      i >= 1 &&
      (isLit(result[i - 1], "+") || isLit(result[i - 1], "-") || isLit(result[i - 1], "<")) &&
      isSpace(result[i]);
      i--
    ) {
      result[i] = result[i - 1];
      result[i - 1] = { lit: " " };
    }
  };
  const stripTrailingLoneDecimalPoint = () => {
    const i = result.findIndex((s) => isLit(s, "."));
    if (i !== -1 && (i === result.length - 1 || isSpace(result[i + 1]))) result[i] = { lit: " " };
  };
  let beforeIndex = 0;
  let afterIndex = 0;
  let reachedPoint = false;
  for (const t of f.tokens) {
    switch (t.k) {
      case "groups":
        for (const g of t.tokens) {
          if (g.k === "comma") {
            if (isDigit(result[result.length - 1])) result.push({ lit: "," });
            else addSpaceCheckingTrailingCharacters();
          } else if (!reachedPoint) {
            for (let n = 0; n < g.n; n++) {
              const slot = before(beforeIndex++);
              if (isSpace(slot) && g.exact) result.push({ lit: "0" });
              else if (isSpace(slot)) addSpaceCheckingTrailingCharacters();
              else result.push(slot);
            }
          } else for (let n = 0; n < g.n; n++) result.push(after(afterIndex++));
        }
        break;
      case "point":
        if (isSpace(result[result.length - 1])) result[result.length - 1] = { lit: "0" };
        result.push({ lit: "." });
        reachedPoint = true;
        break;
      case "dollar":
        result.push({ lit: "$" });
        break;
      case "sign":
        stripTrailingLoneDecimalPoint();
        addCharacterCheckingTrailingSpaces(negative ? "-" : "+");
        break;
      case "minus":
        if (negative) {
          stripTrailingLoneDecimalPoint();
          addCharacterCheckingTrailingSpaces("-");
        } else result.push({ lit: " " });
        break;
      case "open":
        if (negative) result.push({ lit: "<" });
        break;
      case "close":
        stripTrailingLoneDecimalPoint();
        if (negative) addCharacterCheckingTrailingSpaces(">");
        else result.push({ lit: " " }, { lit: " " });
        break;
      case "invalid":
        break;
    }
  }
  stripTrailingLoneDecimalPoint();
  if (result.length === 0 || (result.length === 1 && (isLit(result[0], "+") || isLit(result[0], "-"))))
    return [{ lit: "0" }];
  return result;
}

/** A layout as SQL over the value's integer digits `before` and its fraction digits `after` (padded). */
function layoutSql(slots: readonly Slot[], before: string, after: string): string {
  const parts: string[] = [];
  let text = "";
  for (const s of slots) {
    if ("lit" in s) text += s.lit;
    else {
      if (text) parts.push(quoteString(text));
      text = "";
      parts.push(
        "before" in s ? `substr(${before}, ${s.before + 1}, 1)` : `substr(${after}, ${s.after + 1}, 1)`,
      );
    }
  }
  if (text || parts.length === 0) parts.push(quoteString(text));
  return parts.length === 1 ? parts[0] : `(${parts.join(" || ")})`;
}

/** The plain decimal text of a numeric value (a double through its shortest text, as Spark's cast to decimal). */
function plainDecimalText(value: string, type: DataType | undefined): string {
  if (type instanceof DecimalType) return `CAST(${value} AS VARCHAR)`;
  if (type instanceof AtomicType && (type.name === "double" || type.name === "float"))
    return `CAST(CAST(CAST(${value} AS VARCHAR) AS DECIMAL(38, 15)) AS VARCHAR)`;
  return `CAST(CAST(${value} AS DECIMAL(38, 0)) AS VARCHAR)`;
}

/** Spark's to_char of a number in the format `f`. */
export function toCharSql(value: string, type: DataType | undefined, f: NumberFormat): string {
  const text = plainDecimalText(value, type);
  const beforeCount = f.precision - f.scale;
  // The value's integer digits (leading zeros dropped), fraction digits (trailing zeros dropped) and sign, bound
  // once through a lambda so that each layout reads them by name.
  const parts = `struct_pack(i := ltrim(split_part(${text}, '.', 1), '-0'), f := rtrim(split_part(${text}, '.', 2), '0'), n := starts_with(${text}, '-'))`;
  const integer = "__v.i";
  const after = `rpad(__v.f, ${f.scale}, '0')`;
  const overflow = `(length(__v.i) > ${beforeCount} OR length(__v.f) > ${f.scale})`;
  const bySign = (negative: boolean) => {
    const branches = Array.from(
      { length: beforeCount + 1 },
      (_, n) => ` WHEN length(__v.i) = ${n} THEN ${layoutSql(layout(f, negative, n, false), integer, after)}`,
    );
    return `(CASE WHEN ${overflow} THEN ${layoutSql(layout(f, negative, 0, true), integer, after)}${branches.join("")} END)`;
  };
  const formatted = `list_transform([${parts}], lambda __v: CASE WHEN __v.n THEN ${bySign(true)} ELSE ${bySign(false)} END)[1]`;
  return `(CASE WHEN ${value} IS NULL THEN NULL ELSE ${formatted} END)`;
}

// ---- the functions -----------------------------------------------------------------------------------------

/** The literal format argument, as Spark requires it (a column is DATATYPE_MISMATCH.NON_FOLDABLE_INPUT). */
function formatArgument(name: string, raw: readonly Expression[]): string | null {
  const format = raw[1];
  if (format?.kind === "literal" && (format.value === null || format.value === undefined)) return null;
  if (format?.kind === "literal" && typeof format.value === "string") return format.value;
  const call = `${name}(${raw.map((e) => expressionSql(e)).join(", ")})`;
  throw nonFoldableInput(call, "format", '"STRING"', format ? expressionSql(format) : "");
}

const toNumber = (tryMode: boolean): FunctionSpec => ({
  sql: (a, raw) => {
    const format = formatArgument(tryMode ? "try_to_number" : "to_number", raw);
    if (format === null) return "CAST(NULL AS DECIMAL(10, 0))";
    const f = numberFormat(format);
    const mismatch = tryMode
      ? "NULL"
      : raiseErrorSql("SparkIllegalArgumentException", "INVALID_FORMAT.MISMATCH_INPUT", {
          inputType: quoteString('"STRING"'),
          input: a[0],
          format: quoteString(format),
        });
    return toNumberSql(a[0], f, mismatch);
  },
  minArgs: 2,
  maxArgs: 2,
  inputTypes: ["string", "string"],
});

const isType = (t: DataType | undefined, ...names: string[]) =>
  t instanceof AtomicType && names.includes(t.name);

/** to_char / to_varchar: numbers in a number format, dates and timestamps as date_format, binaries as text. */
const toChar = (name: string): FunctionSpec => ({
  sql: (a, raw, distinct, typeOf) => {
    const type = typeOf?.(a[0]);
    if (isType(type, "date", "timestamp", "timestamp_ntz")) {
      return DATETIME_FUNCTIONS.date_format.sql(a, raw, distinct, typeOf);
    }
    const format = formatArgument(name, raw);
    if (isType(type, "binary")) {
      const kind = format?.toLowerCase();
      if (format === null) return "CAST(NULL AS VARCHAR)";
      if (kind === "base64") return `to_base64(${a[0]})`;
      if (kind === "hex") return `upper(hex(${a[0]}))`;
      if (kind === "utf-8") return `decode(${a[0]})`;
      throw invalidBinaryFormat(name, format);
    }
    if (format === null) return "CAST(NULL AS VARCHAR)";
    return toCharSql(a[0], type, numberFormat(format));
  },
  minArgs: 2,
  maxArgs: 2,
});

export const NUMBER_FORMAT_FUNCTIONS: Record<string, FunctionSpec> = {
  to_number: toNumber(false),
  try_to_number: toNumber(true),
  to_char: toChar("to_char"),
  to_varchar: toChar("to_varchar"),
};
