/**
 * Spark SQL's lexer, shared by the expression parser, the statement parser and the translation to DuckDB's
 * dialect: tokens, and the words that are keywords rather than names.
 */
import { syntaxErrorAt } from "./ParseError";

export type TokenKind = "ident" | "quotedIdent" | "string" | "number" | "op" | "eof";

export interface Token {
  kind: TokenKind;
  text: string;
  /** The decoded value: identifier name, string contents, number text. */
  value: string;
  pos: number;
}

const OPERATORS = ["<=>", "==", "!=", "<>", "<=", ">=", "||", "->", "::", ..."=<>+-*/%(),.[]&|^~:!;{}"];

/** Splits Spark SQL into tokens; strings use Spark's rules ('...' or "...", backslash escapes). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (text.startsWith("--", i)) {
      while (i < text.length && text[i] !== "\n") i += 1;
      continue;
    }
    if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    const start = i;
    if (c === "'" || c === '"') {
      let value = "";
      i += 1;
      while (i < text.length && text[i] !== c) {
        if (text[i] === "\\" && i + 1 < text.length) {
          const n = text[i + 1];
          value += n === "n" ? "\n" : n === "t" ? "\t" : n === "r" ? "\r" : n === "0" ? "\0" : n;
          i += 2;
        } else {
          value += text[i];
          i += 1;
        }
        // Two quotes in a row stand for one, as in standard SQL.
        if (text[i] === c && text[i + 1] === c) {
          value += c;
          i += 2;
        }
      }
      if (i >= text.length) throw syntaxErrorAt("end of input", start);
      i += 1;
      tokens.push({ kind: "string", text: text.slice(start, i), value, pos: start });
      continue;
    }
    if (c === "`") {
      let value = "";
      i += 1;
      while (i < text.length) {
        if (text[i] === "`") {
          if (text[i + 1] === "`") {
            value += "`";
            i += 2;
            continue;
          }
          break;
        }
        value += text[i];
        i += 1;
      }
      if (i >= text.length) throw syntaxErrorAt("end of input", start);
      i += 1;
      tokens.push({ kind: "quotedIdent", text: text.slice(start, i), value, pos: start });
      continue;
    }
    const number = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?(bd|[lsydf])?/i.exec(text.slice(i));
    // ANTLR's longest match, as Spark's lexer: a run of letters, digits and `_` longer than the number is an
    // identifier (`2012_s`, a pivot's column name); `10L` or `1e10` of the same length stay numbers.
    const run = /^[A-Za-z0-9_]+/.exec(text.slice(i));
    if (number && run && /\d/.test(c) && run[0].length > number[0].length) {
      i += run[0].length;
      tokens.push({ kind: "ident", text: run[0], value: run[0], pos: start });
      continue;
    }
    if (number && /[\d.]/.test(c) && !(c === "." && !/\d/.test(text[i + 1] ?? ""))) {
      i += number[0].length;
      tokens.push({ kind: "number", text: number[0], value: number[0], pos: start });
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (word) {
      i += word[0].length;
      tokens.push({ kind: "ident", text: word[0], value: word[0], pos: start });
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw syntaxErrorAt(`'${c}'`, start);
    i += op.length;
    tokens.push({ kind: "op", text: op, value: op, pos: start });
  }
  tokens.push({ kind: "eof", text: "", value: "", pos: text.length });
  return tokens;
}

/** Words that end an expression rather than name it (`SELECT a FROM`, `t JOIN`): never an implicit alias. */
const RESERVED = new Set([
  ..."and or not as from where group order by having limit offset is in like ilike rlike regexp between".split(
    " ",
  ),
  ..."when then else end asc desc nulls union intersect except minus join inner left right full outer".split(
    " ",
  ),
  ..."cross semi anti natural on using lateral window qualify sort cluster distribute select with".split(" "),
]);

export function isReserved(word: string): boolean {
  return RESERVED.has(word.toLowerCase());
}
