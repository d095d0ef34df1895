/**
 * Spark's string, regular-expression and hash functions as DuckDB SQL (1-based positions, Java regex
 * replacements, Spark's padding and splitting).
 */

import { quoteString } from "../../duckdb/DuckDB";
import { unsupportedInSluice } from "../../errors/QueryExecutionErrors";
import type { InputType } from "../analysis/typeCoercion";
import type { Expression } from "../expressions";
import { ArrayType, type DataType } from "../types";
import {
  ANY,
  type FunctionSpec,
  fn,
  I,
  literalNumber,
  literalString,
  MANY,
  partially,
  S,
  sqlOf,
} from "./functionSpecs";

/** Spark's Java regex replacement (`$1`) in RE2's syntax (`\1`). */
function javaReplacement(raw: Expression | undefined, compiled: string): string {
  const literal = literalString(raw);
  return literal === undefined ? compiled : quoteString(literal.replace(/\$(\d)/g, "\\$1"));
}

const isArray = (t: DataType | undefined) => t instanceof ArrayType;

/** Nothing for a UTF-8 charset argument (the only one Sluice's strings have); other charsets are refused. */
function utf8Only(charset: Expression | undefined): string {
  const name = literalString(charset)?.toUpperCase();
  if (name !== "UTF-8" && name !== "UTF8")
    throw unsupportedInSluice(`The charset ${name ?? "given as a column"} (UTF-8 is)`);
  return "";
}

/** Spark's substring: 1-based, position 0 counts as 1, a negative length is empty. */
const SB: InputType = "stringOrBinary";
const B: InputType = "binary";

const isBinary = (x: string, typeOf?: (sql: string) => DataType) => typeOf?.(x)?.simpleString() === "binary";

/** A string or binary argument as its bytes (a string's UTF-8). */
const bytes = (x: string, typeOf?: (sql: string) => DataType) => (isBinary(x, typeOf) ? x : `encode(${x})`);

/** Length: a string's characters, a binary's bytes, an int as Spark's. */
const LENGTH = sqlOf(
  (a, _raw, typeOf) =>
    isBinary(a[0], typeOf) ? `CAST(octet_length(${a[0]}) AS INTEGER)` : `CAST(length(${a[0]}) AS INTEGER)`,
  [SB],
);

const SUBSTRING = sqlOf(
  (a) => {
    const pos = `(CASE WHEN ${a[1]} = 0 THEN 1 ELSE ${a[1]} END)`;
    return a.length === 2 ? `substring(${a[0]}, ${pos})` : `substring(${a[0]}, ${pos}, greatest(${a[2]}, 0))`;
  },
  ["string", "integral", "integral"],
  2,
  3,
);

export const STRING_FUNCTIONS: Record<string, FunctionSpec> = {
  // Spark 4's collation(str): its collation's qualified name. The type is known where the call is compiled
  // (expressionCompiler's collationName); here only a plain string's.
  collation: sqlOf(() => "'SYSTEM.BUILTIN.UTF8_BINARY'", [S]),
  lower: fn("lower", [S]),
  lcase: fn("lower", [S]),
  upper: fn("upper", [S]),
  ucase: fn("upper", [S]),
  // Spark's Length, OctetLength and BitLength take a string or a binary (whose length is its bytes).
  length: LENGTH,
  len: LENGTH,
  char_length: LENGTH,
  character_length: LENGTH,
  octet_length: sqlOf((a, _raw, typeOf) => `CAST(octet_length(${bytes(a[0], typeOf)}) AS INTEGER)`, [SB]),
  bit_length: sqlOf((a, _raw, typeOf) => `CAST(8 * octet_length(${bytes(a[0], typeOf)}) AS INTEGER)`, [SB]),
  ascii: sqlOf((a) => `(CASE WHEN ${a[0]} = '' THEN 0 ELSE ascii(${a[0]}) END)`, [S]),
  chr: sqlOf((a) => `(CASE WHEN ${a[0]} < 0 THEN '' ELSE chr(CAST(${a[0]} % 256 AS INTEGER)) END)`, [I]),
  trim: fn("trim", [S], 1, 2),
  btrim: fn("trim", [S], 1, 2),
  ltrim: fn("ltrim", [S], 1, 2),
  rtrim: fn("rtrim", [S], 1, 2),
  // concat joins strings, or arrays when given arrays.
  concat: {
    sql: (a, _raw, _d, typeOf) => {
      if (typeOf && a.some((x) => isArray(typeOf(x)))) return `list_concat(${a.join(", ")})`;
      return `(${a.map((x) => `CAST(${x} AS VARCHAR)`).join(" || ")})`;
    },
    minArgs: 0,
    maxArgs: MANY,
  },
  concat_ws: sqlOf((a) => `concat_ws(${a.join(", ")})`, [S], 1, MANY),
  substring: SUBSTRING,
  substr: SUBSTRING,
  substring_index: sqlOf(
    (a) =>
      `(CASE WHEN ${a[2]} = 0 THEN '' WHEN ${a[2]} > 0 THEN array_to_string(list_slice(string_split(${a[0]}, ${a[1]}), 1, ${a[2]}), ${a[1]}) ELSE array_to_string(list_slice(string_split(${a[0]}, ${a[1]}), ${a[2]}, -1), ${a[1]}) END)`,
    [S, S, I],
  ),
  left: sqlOf((a) => `left(${a[0]}, greatest(${a[1]}, 0))`, [S, I]),
  right: sqlOf((a) => `right(${a[0]}, greatest(${a[1]}, 0))`, [S, I]),
  instr: fn("instr", [S, S]),
  locate: sqlOf(
    (a) =>
      a.length === 2
        ? `instr(${a[1]}, ${a[0]})`
        : `(CASE WHEN ${a[2]} < 1 THEN 0 WHEN instr(substring(${a[1]}, ${a[2]}), ${a[0]}) = 0 THEN 0 ELSE instr(substring(${a[1]}, ${a[2]}), ${a[0]}) + ${a[2]} - 1 END)`,
    [S, S, I],
    2,
    3,
  ),
  lpad: sqlOf((a) => `lpad(${a[0]}, ${a[1]}, ${a[2] ?? "' '"})`, [S, I, S], 2, 3),
  rpad: sqlOf((a) => `rpad(${a[0]}, ${a[1]}, ${a[2] ?? "' '"})`, [S, I, S], 2, 3),
  repeat: fn("repeat", [S, I]),
  space: sqlOf((a) => `repeat(' ', greatest(${a[0]}, 0))`, [I]),
  reverse: {
    sql: (a, _raw, _d, typeOf) =>
      isArray(typeOf?.(a[0])) ? `list_reverse(${a[0]})` : `reverse(CAST(${a[0]} AS VARCHAR))`,
    minArgs: 1,
    maxArgs: 1,
  },
  initcap: sqlOf(
    (a) =>
      `array_to_string(list_transform(string_split(lower(${a[0]}), ' '), lambda __w: upper(__w[1]) || __w[2:]), ' ')`,
    [S],
  ),
  split: sqlOf(
    (a, raw) => {
      const limit = raw[2] === undefined ? -1 : literalNumber(raw[2]);
      if (limit !== undefined && limit <= 0) return `regexp_split_to_array(${a[0]}, ${a[1]})`;
      // A positive limit keeps at most `limit` parts, the last holding the rest.
      const parts = `regexp_split_to_array(${a[0]}, ${a[1]})`;
      return `(CASE WHEN len(${parts}) <= ${a[2]} THEN ${parts} ELSE list_append(list_slice(${parts}, 1, ${a[2]} - 1), regexp_replace(${a[0]}, '^(?:.*?' || ${a[1]} || '){' || (${a[2]} - 1) || '}', '')) END)`;
    },
    [S, S, I],
    2,
    3,
  ),
  split_part: fn("split_part", [S, S, I]),
  regexp_replace: {
    sql: (a, raw) => `regexp_replace(${a[0]}, ${a[1]}, ${javaReplacement(raw[2], a[2])}, 'g')`,
    minArgs: 3,
    maxArgs: 4,
    inputTypes: [S, S, S, I],
  },
  regexp_extract: sqlOf((a) => `regexp_extract(${a[0]}, ${a[1]}, ${a[2] ?? 1})`, [S, S, I], 2, 3),
  regexp_extract_all: sqlOf((a) => `regexp_extract_all(${a[0]}, ${a[1]}, ${a[2] ?? 1})`, [S, S, I], 2, 3),
  regexp_substr: sqlOf((a) => `nullif(regexp_extract(${a[0]}, ${a[1]}, 0), '')`, [S, S]),
  regexp_count: sqlOf((a) => `len(regexp_extract_all(${a[0]}, ${a[1]}, 0))`, [S, S]),
  regexp_like: fn("regexp_matches", [S, S]),
  regexp: fn("regexp_matches", [S, S]),
  rlike: fn("regexp_matches", [S, S]),
  like: sqlOf((a) => `(${a[0]} LIKE ${a[1]} ESCAPE ${a[2] ?? "'\\'"})`, [S, S, S], 2, 3),
  ilike: sqlOf((a) => `(${a[0]} ILIKE ${a[1]} ESCAPE ${a[2] ?? "'\\'"})`, [S, S, S], 2, 3),
  contains: fn("contains", [S, S]),
  startswith: fn("starts_with", [S, S]),
  endswith: fn("ends_with", [S, S]),
  translate: fn("translate", [S, S, S]),
  replace: sqlOf((a) => `replace(${a[0]}, ${a[1]}, ${a[2] ?? "''"})`, [S, S, S], 2, 3),
  levenshtein: fn("levenshtein", [S, S]),
  // Md5, Sha1, Sha2 and Base64 take a binary; a string is its UTF-8 bytes.
  md5: fn("md5", [B]),
  sha1: fn("sha1", [B]),
  sha: fn("sha1", [B]),
  sha2: {
    sql: (a, raw) => {
      const bits = literalNumber(raw[1]);
      if (bits !== 0 && bits !== 256) throw unsupportedInSluice(`sha2 with ${bits} bits (256 is)`);
      return `sha256(${a[0]})`;
    },
    minArgs: 2,
    maxArgs: 2,
    inputTypes: [B, I],
  },
  base64: sqlOf((a) => `to_base64(${a[0]})`, [B]),
  unbase64: sqlOf((a) => `from_base64(${a[0]})`, [S]),
  position: sqlOf(
    (a) =>
      a.length === 2
        ? `instr(${a[1]}, ${a[0]})`
        : `(CASE WHEN ${a[2]} < 1 THEN 0 WHEN instr(substring(${a[1]}, ${a[2]}), ${a[0]}) = 0 THEN 0 ELSE instr(substring(${a[1]}, ${a[2]}), ${a[0]}) + ${a[2]} - 1 END)`,
    [S, S, I],
    2,
    3,
  ),
  // The 1-based place of a string in a comma-separated list; 0 if absent or if the string holds a comma.
  find_in_set: sqlOf(
    (a) =>
      `(CASE WHEN contains(${a[0]}, ',') THEN 0 ELSE coalesce(list_position(string_split(${a[1]}, ','), ${a[0]}), 0) END)`,
    [S, S],
  ),
  elt: partially(
    sqlOf((a) => `list_extract([${a.slice(1).join(", ")}], ${a[0]})`, [I, S], 2, MANY),
    "an index out of range is null, where Spark's ANSI mode raises INVALID_ARRAY_INDEX",
  ),
  // Replaces `len` characters (the replacement's length by default) from `pos` on.
  overlay: sqlOf(
    (a) => {
      const len = a[3] ?? `length(${a[1]})`;
      return `(left(${a[0]}, greatest(${a[2]} - 1, 0)) || ${a[1]} || substring(${a[0]}, ${a[2]} + greatest(${len}, 0)))`;
    },
    [S, S, I, I],
    3,
    4,
  ),
  // Hex digits to bytes (an odd count gets a leading 0); null for anything else.
  unhex: sqlOf(
    (a) =>
      `(CASE WHEN regexp_full_match(${a[0]}, '[0-9A-Fa-f]*') THEN unhex(CASE WHEN length(${a[0]}) % 2 = 1 THEN '0' || ${a[0]} ELSE ${a[0]} END) END)`,
    [S],
  ),
  // Grouped thousands and `d` decimals, rounded as Java's DecimalFormat rounds; null for negative `d`.
  format_number: {
    sql: (a, raw) => {
      const digits = literalNumber(raw[1]);
      if (digits === undefined || !Number.isInteger(digits))
        throw unsupportedInSluice("format_number with a number of decimals that is not an integer literal");
      if (digits < 0) return "CAST(NULL AS VARCHAR)";
      return `format('{:,.${digits}f}', CAST(${a[0]} AS DOUBLE))`;
    },
    minArgs: 2,
    maxArgs: 2,
    inputTypes: [ANY, I],
  },
  // decode(bin, charset) reads bytes as text; decode(expr, search, result, ..., default) is a CASE.
  decode: partially(
    {
      sql: (a, raw) => {
        if (a.length === 2) return `decode(${a[0]})${utf8Only(raw[1])}`;
        const pairs = a.length - 1 - ((a.length - 1) % 2);
        const branches = Array.from(
          { length: pairs / 2 },
          (_, i) => ` WHEN ${a[0]} IS NOT DISTINCT FROM ${a[1 + 2 * i]} THEN ${a[2 + 2 * i]}`,
        );
        return `(CASE${branches.join("")}${pairs < a.length - 1 ? ` ELSE ${a[a.length - 1]}` : ""} END)`;
      },
      minArgs: 2,
      maxArgs: MANY,
    },
    "the UTF-8 character set only",
  ),
  encode: partially(
    { sql: (a, raw) => `encode(${a[0]})${utf8Only(raw[1])}`, minArgs: 2, maxArgs: 2, inputTypes: [S, S] },
    "the UTF-8 character set only",
  ),
  // Strings are valid UTF-8 in Sluice by construction: these check and repair nothing.
  is_valid_utf8: sqlOf((a) => `(CASE WHEN ${a[0]} IS NULL THEN NULL ELSE TRUE END)`, [S]),
  make_valid_utf8: sqlOf((a) => a[0], [S]),
  validate_utf8: sqlOf((a) => a[0], [S]),
  try_validate_utf8: sqlOf((a) => a[0], [S]),
  format_string: sqlOf((a) => `printf(${a.join(", ")})`, [S, ANY], 1, MANY),
};
