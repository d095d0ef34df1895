/**
 * Spark's `luhn_check`, `soundex`, `quote`, `mask`, `regexp_instr` and `sentences` as DuckDB SQL, each following
 * the Java it stands for (ExpressionImplUtils.isLuhnNumber, UTF8String.soundex, ExpressionImplUtils.quote,
 * Mask.transformInput, RegExpInStr, Sentences with java.text.BreakIterator).
 */
import { quoteString } from "../../duckdb/DuckDB";
import { nonFoldableInput } from "../../errors/QueryCompilationErrors";
import { unsupportedInSluice } from "../../errors/QueryExecutionErrors";
import { expressionSql } from "../analysis/naming";
import type { Expression } from "../expressions";
import { type FunctionSpec, literalNumber, partially, S, sqlOf } from "./functionSpecs";

export const MASK_NOTE =
  "letters are upper or lower case as DuckDB's upper() and lower() change them (Spark asks Java's Character.getType); digits are 0-9";
export const REGEXP_INSTR_NOTE =
  "the position of the whole match (idx 0, the default); a group's position (idx > 0) is not available. Patterns are RE2's, as for the other regexp functions";
export const SENTENCES_NOTE =
  "words and sentences as Java's BreakIterator splits plain English text; other locales' rules (Thai or Japanese words, abbreviations) are not applied, and the language and country arguments are not used";
/** Binds `value` to `__name` for `body` (so that a long expression is computed and written once). */
const bind = (value: string, name: string, body: string) =>
  `list_transform([${value}], lambda ${name}: ${body})[1]`;

/** ExpressionImplUtils.isLuhnNumber: digits only, not empty, and the Luhn checksum divisible by 10. */
const LUHN_CHECK = sqlOf(
  (a) =>
    `(CASE WHEN ${a[0]} IS NULL THEN NULL WHEN NOT regexp_full_match(${a[0]}, '[0-9]+') THEN FALSE ELSE ${bind(
      a[0],
      "__s",
      `list_sum(list_transform(range(length(__s)), lambda __i: CASE WHEN __i % 2 = 1 THEN (2 * CAST(substr(__s, length(__s) - __i, 1) AS INTEGER)) % 10 + (2 * CAST(substr(__s, length(__s) - __i, 1) AS INTEGER)) // 10 ELSE CAST(substr(__s, length(__s) - __i, 1) AS INTEGER) END)) % 10 = 0`,
    )} END)`,
  [S],
);

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** UTF8String's US_ENGLISH_MAPPING, A to Z; 7 (H, W) is a letter that is skipped. */
const SOUNDEX_CODES = "01230127022455012623017202";

/**
 * UTF8String.soundex: the first letter, then the codes of the letters after it, a code repeated by the letter
 * before (or only separated by an H or W) written once, vowels and non-letters separating, up to 3, padded with
 * 0s. A string that does not start with an ASCII letter is returned as it is.
 */
const SOUNDEX = sqlOf(
  (a) => {
    const s = a[0];
    // The first letter's code (H and W as 8, which no code equals), then the other characters' codes.
    const first = `translate(left(${s}, 1), '${LETTERS}', '${SOUNDEX_CODES.replaceAll("7", "8")}${SOUNDEX_CODES.replaceAll("7", "8")}')`;
    const rest = `replace(translate(regexp_replace(substr(${s}, 2), '[^A-Za-z]', '0', 'g'), '${LETTERS}', '${SOUNDEX_CODES}${SOUNDEX_CODES}'), '7', '')`;
    let codes = `(${first} || ${rest})`;
    for (const digit of "0123456") codes = `regexp_replace(${codes}, '${digit}+', '${digit}', 'g')`;
    const tail = `rpad(left(regexp_replace(substr(${codes}, 2), '[08]', '', 'g'), 3), 3, '0')`;
    return `(CASE WHEN ${s} IS NULL THEN NULL WHEN NOT regexp_matches(${s}, '^[A-Za-z]') THEN ${s} ELSE upper(left(${s}, 1)) || ${tail} END)`;
  },
  [S],
);

/** ExpressionImplUtils.quote: in single quotes, each single quote in it escaped with a backslash. */
const QUOTE = sqlOf((a) => `('''' || replace(${a[0]}, '''', '\\''') || '''')`, [S]);

/** Mask's defaults: upper case to X, lower case to x, digits to n, other characters kept. */
export const MASK_DEFAULTS: readonly (string | null)[] = ["X", "x", "n", null];

/** A replacement character of mask: a string literal of one character, or null (keep the characters). */
function maskChar(raw: readonly Expression[], index: number, name: string): string | null {
  const e = raw[index];
  if (e === undefined) return MASK_DEFAULTS[index - 1];
  if (e.kind === "literal" && (e.value === null || e.value === undefined)) return null;
  if (e.kind === "literal" && typeof e.value === "string") {
    if ([...e.value].length !== 1)
      throw unsupportedInSluice(`mask with the replacement ${quoteString(e.value)} (one character is)`);
    return e.value;
  }
  const call = `mask(${raw.map((x) => expressionSql(x)).join(", ")})`;
  throw nonFoldableInput(call, name, '"STRING"', expressionSql(e));
}

/** Mask: upper-case letters, lower-case letters, digits and other characters each replaced as asked. */
const MASK = partially(
  {
    sql: (a, raw) => {
      const [upper, lower, digit, other] = ["upperChar", "lowerChar", "digitChar", "otherChar"].map(
        (name, i) => maskChar(raw, i + 1, name),
      );
      const branch = (condition: string, replacement: string | null) =>
        ` WHEN ${condition} THEN ${replacement === null ? "__c" : quoteString(replacement)}`;
      const perChar =
        "CASE" +
        branch("lower(__c) <> __c", upper) +
        branch("upper(__c) <> __c", lower) +
        branch("regexp_matches(__c, '^[0-9]$')", digit) +
        branch("TRUE", other) +
        " END";
      return `(CASE WHEN ${a[0]} IS NULL THEN NULL ELSE array_to_string(list_transform(string_split(${a[0]}, ''), lambda __c: ${perChar}), '') END)`;
    },
    minArgs: 1,
    maxArgs: 5,
    inputTypes: [S, S, S, S, S],
  },
  MASK_NOTE,
);

/** RegExpInStr: the 1-based position where the first match starts, 0 if none. */
const REGEXP_INSTR = partially(
  {
    sql: (a, raw) => {
      const idx = raw[2] === undefined ? 0 : literalNumber(raw[2]);
      if (idx !== 0) throw unsupportedInSluice("regexp_instr of a group other than 0 (the whole match)");
      const prefix = `regexp_extract(${a[0]}, '^(?s:(.*?))(?:' || ${a[1]} || ')', 1)`;
      return `(CASE WHEN ${a[0]} IS NULL OR ${a[1]} IS NULL THEN NULL WHEN regexp_matches(${a[0]}, ${a[1]}) THEN CAST(length(${prefix}) + 1 AS INTEGER) ELSE 0 END)`;
    },
    minArgs: 2,
    maxArgs: 3,
    inputTypes: [S, S, "integral"],
  },
  REGEXP_INSTR_NOTE,
);

/**
 * Sentences: the text split into sentences and each into words, as java.text.BreakIterator splits plain English:
 * a sentence ends at `!` or `?`, at `.` followed by a space and no lower-case letter, and at a line break; a word
 * starts with a letter and runs through letters, digits, `_` and single `'`, `.`, `:` between letters.
 */
const SENTENCE_END = `([!?][.!?]*['"”’)\\]]*[ \\t]*|\\.+['"”’)\\]]*[ \\t]+)([^ \\t\\p{Ll}])`;
const WORD = `(?:^|[^\\p{L}\\p{N}_])(\\p{L}[\\p{L}\\p{N}_]*(?:['’.:][\\p{L}][\\p{L}\\p{N}_]*)*)`;
const SENTENCES = partially(
  {
    sql: (a) => {
      const marked = `regexp_replace(regexp_replace(${a[0]}, ${quoteString(SENTENCE_END)}, '\\1' || chr(10) || '\\2', 'g'), ${quoteString(SENTENCE_END)}, '\\1' || chr(10) || '\\2', 'g')`;
      const sentences = `regexp_split_to_array(${marked}, '\\r?\\n|\\r')`;
      const words = `list_filter(list_transform(${sentences}, lambda __s: regexp_extract_all(__s, ${quoteString(WORD)}, 1)), lambda __w: len(__w) > 0)`;
      return `(CASE WHEN ${a[0]} IS NULL THEN NULL ELSE ${words} END)`;
    },
    minArgs: 1,
    maxArgs: 3,
    inputTypes: [S, S, S],
  },
  SENTENCES_NOTE,
);

export const TEXT_FUNCTIONS: Record<string, FunctionSpec> = {
  luhn_check: LUHN_CHECK,
  soundex: SOUNDEX,
  quote: QUOTE,
  mask: MASK,
  regexp_instr: REGEXP_INSTR,
  sentences: SENTENCES,
};
