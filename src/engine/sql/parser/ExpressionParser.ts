/**
 * A parser for Spark SQL expressions: what `expr()`, `selectExpr()`, `filter("...")` and `agg(expr(...))` take.
 * SqlParser extends it for whole statements (`spark.sql`).
 */
import {
  invalidWithinGroupExpression,
  wrongNumArgs,
  wrongNumOrderingsForWithinGroup,
} from "../../errors/QueryCompilationErrors";
import {
  bigDecimalLiteralTooWide,
  decimalLiteralTooWide,
  invalidHexBinary,
  mixedIntervalUnits,
} from "../../errors/QueryParsingErrors";
import { expressionName } from "../analysis/naming";
import { literalValue, parseBigDecimal, sparkDecimal } from "../decimals";
import type { BinaryOperator, Expression, FrameBound, WindowFrame } from "../expressions";
import {
  BinaryType,
  collatedStringType,
  type DataType,
  DataTypeParseError,
  DecimalType,
  parseDataType,
} from "../types";
import {
  intervalLiteralType,
  intervalStringUnits,
  intervalUnit,
  intervalUnitName,
  parseIntervalString,
} from "./intervals";
import { isReserved, type Token, tokenize } from "./Lexer";
import { ParseError, syntaxErrorAt, UnsupportedSyntax } from "./ParseError";

/** Spark's inverse distribution functions: the aggregates that take `WITHIN GROUP (ORDER BY ...)`. */
const INVERSE_DISTRIBUTION_FUNCTIONS = new Set(["percentile_cont", "percentile_disc"]);
/** issue 11: the string aggregates that take `WITHIN GROUP (ORDER BY ...)` (ListAgg). */
const LISTAGG_FUNCTIONS = new Set(["listagg", "string_agg"]);
/** The units of TIMESTAMPADD and TIMESTAMPDIFF (Spark's datetimeUnit rule). */
const DATETIME_UNITS = [
  "YEAR",
  "QUARTER",
  "MONTH",
  "WEEK",
  "DAY",
  "DAYOFYEAR",
  "HOUR",
  "MINUTE",
  "SECOND",
  "MILLISECOND",
  "MICROSECOND",
];

const COMPARISONS: Record<string, BinaryOperator> = {
  "=": "=",
  "==": "=",
  "<=>": "<=>",
  "!=": "!=",
  "<>": "!=",
  "<": "<",
  "<=": "<=",
  ">": ">",
  ">=": ">=",
};

export class ExpressionParser {
  protected index = 0;
  constructor(
    protected readonly tokens: Token[],
    protected readonly text: string,
  ) {}

  protected get token(): Token {
    return this.tokens[this.index];
  }

  protected peekWord(offset = 0): string | undefined {
    const t = this.tokens[this.index + offset];
    return t?.kind === "ident" ? t.value.toLowerCase() : undefined;
  }

  protected isOp(op: string, offset = 0): boolean {
    const t = this.tokens[this.index + offset];
    return t?.kind === "op" && t.value === op;
  }

  protected acceptWord(word: string): boolean {
    if (this.peekWord() === word) {
      this.index += 1;
      return true;
    }
    return false;
  }

  protected acceptOp(op: string): boolean {
    if (this.isOp(op)) {
      this.index += 1;
      return true;
    }
    return false;
  }

  protected expectOp(op: string): void {
    if (!this.acceptOp(op)) throw this.error();
  }

  protected expectWord(word: string): void {
    if (!this.acceptWord(word)) throw this.error();
  }

  error(): ParseError {
    const t = this.token;
    const near = t.kind === "eof" ? "end of input" : `'${t.text}'`;
    return syntaxErrorAt(near, t.pos);
  }

  /** Valid Spark syntax that only DuckDB's own SQL path can run. */
  protected unsupported(what: string): UnsupportedSyntax {
    return new UnsupportedSyntax(what, this.token.pos);
  }

  /** Whether the next tokens open a subquery: `(SELECT` or `(WITH`. */
  protected atSubquery(): boolean {
    const word = this.peekWord(1);
    return this.isOp("(") && (word === "select" || word === "with" || word === "values");
  }

  atEnd(): boolean {
    return this.token.kind === "eof";
  }

  /** A select-list item: `expr [AS] alias`. */
  namedExpression(): Expression {
    const e = this.expression();
    if (this.acceptWord("as")) {
      if (this.acceptOp("(")) {
        // `AS (k, v)` names the several columns a generator emits.
        const names = [this.identifier()];
        while (this.acceptOp(",")) names.push(this.identifier());
        this.expectOp(")");
        return { kind: "alias", child: e, name: names[0], names };
      }
      return { kind: "alias", child: e, name: this.identifier() };
    }
    if (this.token.kind === "quotedIdent" || (this.token.kind === "ident" && !isReserved(this.peekWord()!))) {
      return { kind: "alias", child: e, name: this.identifier() };
    }
    return e;
  }

  expression(): Expression {
    return this.or();
  }

  private or(): Expression {
    let left = this.and();
    while (this.acceptWord("or")) {
      left = { kind: "binary", op: "or", left, right: this.and() };
    }
    return left;
  }

  private and(): Expression {
    let left = this.not();
    while (this.acceptWord("and")) left = { kind: "binary", op: "and", left, right: this.not() };
    return left;
  }

  private not(): Expression {
    if (this.acceptWord("not") || this.acceptOp("!")) return { kind: "not", child: this.not() };
    return this.predicate();
  }

  private predicate(): Expression {
    const left = this.bitOr();
    const comparison = this.token.kind === "op" ? COMPARISONS[this.token.value] : undefined;
    if (comparison) {
      this.index += 1;
      return { kind: "binary", op: comparison, left, right: this.bitOr() };
    }
    if (this.acceptWord("is")) {
      const negated = this.acceptWord("not");
      if (this.acceptWord("null")) return { kind: "isNull", child: left, negated };
      if (this.acceptWord("true") || this.acceptWord("false")) {
        const value = this.tokens[this.index - 1].value.toLowerCase() === "true";
        const test: Expression = {
          kind: "binary",
          op: "<=>",
          left,
          right: { kind: "literal", value },
        };
        return negated ? { kind: "not", child: test } : test;
      }
      if (this.acceptWord("distinct")) {
        this.expectWord("from");
        const test: Expression = { kind: "binary", op: "<=>", left, right: this.bitOr() };
        return negated ? test : { kind: "not", child: test };
      }
      throw this.error();
    }
    const negated = this.acceptWord("not");
    if (this.acceptWord("in")) {
      if (this.atSubquery()) throw this.unsupported("IN (subquery)");
      this.expectOp("(");
      const list = [this.expression()];
      while (this.acceptOp(",")) list.push(this.expression());
      this.expectOp(")");
      return { kind: "in", child: left, list, negated };
    }
    if (this.acceptWord("between")) {
      const low = this.bitOr();
      this.expectWord("and");
      return { kind: "between", child: left, low, high: this.bitOr(), negated };
    }
    for (const op of ["like", "ilike", "rlike", "regexp"] as const) {
      if (this.acceptWord(op)) {
        const e: Expression = {
          kind: "binary",
          op: op === "regexp" ? "rlike" : op,
          left,
          right: this.bitOr(),
        };
        return negated ? { kind: "not", child: e } : e;
      }
    }
    if (negated) throw this.error();
    return left;
  }

  private bitOr(): Expression {
    let left = this.bitXor();
    while (this.isOp("|") && !this.isOp("|", 1)) {
      this.index += 1;
      left = { kind: "binary", op: "|", left, right: this.bitXor() };
    }
    return left;
  }

  private bitXor(): Expression {
    let left = this.bitAnd();
    while (this.acceptOp("^")) left = { kind: "binary", op: "^", left, right: this.bitAnd() };
    return left;
  }

  private bitAnd(): Expression {
    let left = this.shift();
    while (this.acceptOp("&")) left = { kind: "binary", op: "&", left, right: this.shift() };
    return left;
  }

  /**
   * issue 11: Spark 4's shift operators `<<`, `>>` and `>>>`, between `&` and `+` as SqlBase.g4 places them: the
   * functions of those names (FunctionRegistry's aliases of shiftleft, shiftright, shiftrightunsigned). They are
   * read as adjacent `<` and `>` tokens, so `ARRAY<ARRAY<INT>>` in a type still closes two brackets.
   */
  private shift(): Expression {
    let left = this.additive();
    for (;;) {
      const op = this.shiftOperator();
      if (op === undefined) return left;
      this.index += op.length;
      left = { kind: "call", name: op, args: [left, this.additive()] };
    }
  }

  private shiftOperator(): string | undefined {
    const adjacent = (char: string, n: number) =>
      Array.from({ length: n }, (_, i) => i).every((i) => {
        const t = this.tokens[this.index + i];
        return t?.kind === "op" && t.value === char && t.pos === this.token.pos + i;
      });
    if (adjacent("<", 2)) return "<<";
    if (adjacent(">", 3)) return ">>>";
    if (adjacent(">", 2)) return ">>";
    return undefined;
  }

  private additive(): Expression {
    let left = this.multiplicative();
    for (;;) {
      const op = this.token.kind === "op" ? this.token.value : undefined;
      if (op !== "+" && op !== "-" && op !== "||") return left;
      this.index += 1;
      left = { kind: "binary", op, left, right: this.multiplicative() };
    }
  }

  private multiplicative(): Expression {
    let left = this.unary();
    for (;;) {
      const op = this.token.kind === "op" ? this.token.value : this.peekWord() === "div" ? "div" : undefined;
      if (op !== "*" && op !== "/" && op !== "%" && op !== "div") return left;
      this.index += 1;
      left = { kind: "binary", op, left, right: this.unary() };
    }
  }

  private unary(): Expression {
    if (this.acceptOp("-")) {
      const child = this.unary();
      if (child.kind === "literal" && typeof child.value === "number")
        return { ...child, value: -child.value };
      // A decimal literal of more digits than a double holds keeps its text; -9223372036854775808 is a bigint.
      if (
        child.kind === "literal" &&
        typeof child.value === "string" &&
        child.dataType instanceof DecimalType
      ) {
        if (child.value === "9223372036854775808")
          return { kind: "literal", value: -9223372036854775808n, dataType: parseDataType("bigint") };
        const value = child.value.startsWith("-") ? child.value.slice(1) : `-${child.value}`;
        return { ...child, value };
      }
      if (child.kind === "literal" && typeof child.value === "bigint")
        return { ...child, value: -child.value };
      return { kind: "negate", child };
    }
    if (this.acceptOp("+")) return this.unary();
    if (this.acceptOp("~")) return { kind: "call", name: "~", args: [this.unary()] };
    return this.postfix(this.primary());
  }

  private postfix(e: Expression): Expression {
    for (;;) {
      if (this.acceptOp("[")) {
        const key = this.expression();
        this.expectOp("]");
        e = { kind: "extract", child: e, key };
      } else if (
        this.isOp(".") &&
        (this.tokens[this.index + 1].kind === "ident" || this.tokens[this.index + 1].kind === "quotedIdent")
      ) {
        this.index += 1;
        const field = this.identifier();
        e =
          e.kind === "column"
            ? { kind: "column", parts: [...e.parts, field] }
            : { kind: "extract", child: e, key: { kind: "literal", value: field } };
      } else if (this.peekWord() === "collate" && !this.isOp("(", 1)) {
        // Spark 4's `expr COLLATE name`: a postfix of a primary expression, as `::` is.
        this.index += 1;
        e = collateExpression(e, this.identifier());
      } else if (this.acceptOp("::")) {
        const dataType = this.dataType();
        e = {
          kind: "cast",
          child: e,
          dataType,
          userSpecified: true,
          timestampKeyword: this.timestampKeyword(),
        };
      } else if (
        this.isOp(":") &&
        (this.isOp("[", 1) ||
          this.tokens[this.index + 1].kind === "ident" ||
          this.tokens[this.index + 1].kind === "quotedIdent")
      ) {
        // Spark 4's `v:a.b[0]`: variant_get(v, '$.a.b[0]') as a VARIANT.
        this.index += 1;
        e = { kind: "call", name: "variant_get", args: [e, { kind: "literal", value: this.variantPath() }] };
      } else {
        return e;
      }
    }
  }

  /** The path after `:` (Spark's semiStructuredExtractionPath) as variant_get's path text. */
  private variantPath(): string {
    let path = "$";
    let first = true;
    for (;;) {
      if (this.acceptOp("[")) {
        const t = this.token;
        this.index += 1;
        path += t.kind === "string" ? `['${t.value}']` : `[${t.value}]`;
        this.expectOp("]");
      } else if (first || (this.isOp(".") && this.tokens[this.index + 1].kind !== "op")) {
        if (!first) this.index += 1;
        path += `.${this.identifier()}`;
      } else {
        return path;
      }
      first = false;
    }
  }

  private primary(): Expression {
    const t = this.token;
    if (t.kind === "number") {
      this.index += 1;
      return numberLiteral(t.value);
    }
    if (t.kind === "string") {
      this.index += 1;
      return { kind: "literal", value: t.value };
    }
    if (this.atSubquery()) throw this.unsupported("A scalar subquery");
    if (this.acceptOp("(")) {
      const e = this.expression();
      if (!this.isOp(",") && this.peekWord() !== "as") {
        this.expectOp(")");
        return e;
      }
      // A row constructor `(a, b)` is Spark's CreateStruct: struct(a, b), fields col1, col2, ... or as aliased.
      const item = (x: Expression): Expression =>
        this.acceptWord("as") ? { kind: "alias", child: x, name: this.identifier() } : x;
      const args = [item(e)];
      while (this.acceptOp(",")) args.push(item(this.expression()));
      this.expectOp(")");
      return { kind: "call", name: "struct", args };
    }
    if (this.acceptOp("*")) return { kind: "star" };
    if (t.kind === "quotedIdent") {
      this.index += 1;
      return { kind: "column", parts: [t.value] };
    }
    if (t.kind !== "ident") throw this.error();
    const word = t.value.toLowerCase();
    // Keywords with their own syntax.
    if (word === "null") return this.advance({ kind: "literal", value: null });
    if (word === "true" || word === "false") return this.advance({ kind: "literal", value: word === "true" });
    if (word === "case") return this.caseExpression();
    // `X'1F2A'`: a binary literal (Spark's typed literal `X '1F2A'`, a space allowed).
    if (word === "x" && this.tokens[this.index + 1].kind === "string") {
      this.index += 2;
      return binaryLiteral(this.tokens[this.index - 1].value);
    }
    if (word === "exists" && this.isOp("(", 1) && ["select", "with"].includes(this.peekWord(2) ?? ""))
      throw this.unsupported("EXISTS (subquery)");
    if ((word === "cast" || word === "try_cast") && this.isOp("(", 1)) {
      this.index += 2;
      const child = this.expression();
      this.expectWord("as");
      const dataType = this.dataType();
      this.expectOp(")");
      return {
        kind: "cast",
        child,
        dataType,
        tryCast: word === "try_cast",
        userSpecified: true,
        timestampKeyword: this.timestampKeyword(),
      };
    }
    if (word === "interval" && this.startsIntervalValue(1)) {
      this.index += 1;
      return this.intervalLiteral();
    }
    if (
      ["timestamp", "date", "timestamp_ntz", "timestamp_ltz"].includes(word) &&
      this.tokens[this.index + 1].kind === "string"
    ) {
      this.index += 1;
      const value = this.token.value;
      this.index += 1;
      return {
        kind: "cast",
        child: { kind: "literal", value },
        dataType: parseDataType(word),
        typedLiteral: true,
        timestampKeyword: word === "timestamp" ? true : undefined,
      };
    }
    if (this.isOp("(", 1)) return this.functionCall();
    if (this.isOp("->", 1)) {
      const param = this.identifier();
      this.expectOp("->");
      return { kind: "lambda", params: [param], body: this.expression() };
    }
    // `t.*`, and a table's longer names: `db.t.*`, `spark_catalog.db.t.*`.
    for (let k = 1; k <= 5 && this.isOp(".", k); k += 2) {
      if (this.isOp("*", k + 1)) {
        const parts = this.tokens.slice(this.index, this.index + k).filter((_, i) => i % 2 === 0);
        this.index += k + 2;
        return { kind: "star", qualifier: parts.map((p) => p.value).join(".") };
      }
      const next = this.tokens[this.index + k + 1];
      if (!next || (next.kind !== "ident" && next.kind !== "quotedIdent")) break;
    }
    this.index += 1;
    return { kind: "column", parts: [t.value] };
  }

  private advance(e: Expression): Expression {
    this.index += 1;
    return e;
  }

  private functionCall(): Expression {
    const name = this.identifier().toLowerCase();
    this.expectOp("(");
    const special = this.datetimeSyntax(name);
    if (special) return special;
    if (this.acceptOp(")")) {
      if (this.peekWord() === "within" && INVERSE_DISTRIBUTION_FUNCTIONS.has(name))
        return this.over(this.withinGroup(name, [], false));
      return this.over(this.aggregateFilter({ kind: "call", name, args: [] }));
    }
    // A lambda with several parameters: `(acc, x) -> acc + x`.
    const distinct = this.acceptWord("distinct");
    if (!distinct) this.acceptWord("all");
    const args: Expression[] = [];
    do {
      args.push(this.lambdaOrExpression());
    } while (this.acceptOp(","));
    this.expectOp(")");
    const collation = args[1]?.kind === "literal" ? args[1].value : undefined;
    if (name === "collate" && args.length === 2 && typeof collation === "string")
      return collateExpression(args[0], collation);
    // `nth_value(x, n) IGNORE NULLS | RESPECT NULLS`: Spark's third argument.
    if (
      name === "nth_value" &&
      ["ignore", "respect"].includes(this.peekWord() ?? "") &&
      this.peekWord(1) === "nulls"
    ) {
      if (this.peekWord() === "ignore") args.push({ kind: "literal", value: true });
      this.index += 2;
    }
    // issue 11: listagg and string_agg keep their WITHIN GROUP orderings as arguments after the delimiter.
    if (this.peekWord() === "within" && LISTAGG_FUNCTIONS.has(name))
      return this.over(this.listaggWithinGroup(name, args, distinct));
    if (this.peekWord() === "within") {
      if (!INVERSE_DISTRIBUTION_FUNCTIONS.has(name)) throw this.unsupported("WITHIN GROUP");
      return this.over(this.withinGroup(name, args, distinct));
    }
    // Spark's builder of the two-argument convert_timezone reads the session time zone as the source.
    if (name === "convert_timezone" && args.length === 2)
      args.unshift({ kind: "call", name: "current_timezone", args: [] });
    return this.over(this.aggregateFilter({ kind: "call", name, args, distinct }));
  }

  /** `call FILTER (WHERE cond)`: the call with its filter (analysis refuses it on a function that is no aggregate). */
  private aggregateFilter(call: Extract<Expression, { kind: "call" }>): Expression {
    if (!(this.peekWord() === "filter" && this.isOp("(", 1))) return call;
    this.index += 2;
    this.expectWord("where");
    const filter = this.expression();
    this.expectOp(")");
    return { ...call, filter };
  }

  /** `WITHIN GROUP (ORDER BY o1, o2, ...)`: its sort orders. */
  private withinGroupOrderings(): Expression[] {
    this.expectWord("within");
    this.expectWord("group");
    this.expectOp("(");
    this.expectWord("order");
    this.expectWord("by");
    const orderings: Expression[] = [];
    do orderings.push(this.sortOrder());
    while (this.acceptOp(","));
    this.expectOp(")");
    return orderings;
  }

  /** issue 11: `listagg(x[, d]) WITHIN GROUP (ORDER BY ...)`: the orderings follow the (NULL) delimiter. */
  private listaggWithinGroup(name: string, args: Expression[], distinct: boolean): Expression {
    const orderings = this.withinGroupOrderings();
    const plain = args.length === 1 ? [...args, { kind: "literal", value: null } as Expression] : args;
    return { kind: "call", name, args: [...plain, ...orderings], distinct };
  }

  /**
   * `percentile_cont(p) WITHIN GROUP (ORDER BY x [DESC])`: the call with the ordering as its second argument
   * (a sortOrder), which the function reads for its column and direction.
   */
  private withinGroup(name: string, args: Expression[], distinct: boolean): Expression {
    const orderings = this.withinGroupOrderings();
    if (distinct) throw invalidWithinGroupExpression("DISTINCT_UNSUPPORTED", name);
    if (args.length !== 1) throw wrongNumArgs(name, "1", args.length);
    if (orderings.length !== 1) throw wrongNumOrderingsForWithinGroup(name, orderings.length);
    return { kind: "call", name, args: [args[0], orderings[0]] };
  }

  /**
   * Spark's datetime syntax inside a call's parentheses: `EXTRACT(field FROM source)`, and
   * `TIMESTAMPADD(unit, n, ts)` / `TIMESTAMPDIFF(unit, start, end)` (also as DATEADD / DATE_ADD and DATEDIFF /
   * DATE_DIFF with three arguments), whose unit is a bare word. Undefined for an ordinary call.
   */
  private datetimeSyntax(name: string): Expression | undefined {
    const t = this.token;
    if (t.kind !== "ident") return undefined;
    if (name === "extract" && this.peekWord(1) === "from") {
      this.index += 2;
      const source = this.expression();
      this.expectOp(")");
      return { kind: "call", name: "extract", args: [{ kind: "literal", value: t.value }, source] };
    }
    const add = ["timestampadd", "dateadd", "date_add"].includes(name);
    const diff = ["timestampdiff", "datediff", "date_diff"].includes(name);
    if (!(add || diff) || !this.isOp(",", 1) || !DATETIME_UNITS.includes(t.value.toUpperCase()))
      return undefined;
    // Three arguments only: `date_add(day, 1)` over a column named `day` is the two-argument function.
    const start = this.index;
    this.index += 2;
    const first = this.expression();
    if (!this.acceptOp(",")) {
      this.index = start;
      return undefined;
    }
    const second = this.expression();
    this.expectOp(")");
    return {
      kind: "call",
      name: add ? "timestampadd" : "timestampdiff",
      args: [{ kind: "literal", value: t.value }, first, second],
    };
  }

  /** `call OVER (PARTITION BY ... ORDER BY ... [ROWS|RANGE BETWEEN a AND b])`, or the call as it is. */
  private over(call: Expression): Expression {
    if (!this.acceptWord("over")) return call;
    if (!this.isOp("(")) throw this.unsupported("A named window");
    this.expectOp("(");
    const partitionBy: Expression[] = [];
    const orderBy: Expression[] = [];
    if (this.peekWord() === "partition" || this.peekWord() === "distribute") {
      this.index += 1;
      this.expectWord("by");
      do partitionBy.push(this.expression());
      while (this.acceptOp(","));
    }
    if (this.peekWord() === "order" || this.peekWord() === "sort") {
      this.index += 1;
      this.expectWord("by");
      do orderBy.push(this.sortOrder());
      while (this.acceptOp(","));
    }
    let frame: WindowFrame | undefined;
    const type = this.peekWord();
    if (type === "rows" || type === "range") {
      this.index += 1;
      if (this.acceptWord("between")) {
        const start = this.frameBound();
        this.expectWord("and");
        frame = { type, start, end: this.frameBound() };
      } else frame = { type, start: this.frameBound(), end: "currentRow" };
    }
    this.expectOp(")");
    return { kind: "windowFunction", function: call, partitionBy, orderBy, ...(frame ? { frame } : {}) };
  }

  /** `expr [ASC|DESC] [NULLS FIRST|LAST]`, with Spark's defaults (nulls first ascending, last descending). */
  sortOrder(): Expression {
    const child = this.expression();
    const ascending = !this.acceptWord("desc");
    if (ascending) this.acceptWord("asc");
    let nullsFirst = ascending;
    if (this.acceptWord("nulls")) {
      if (this.acceptWord("first")) nullsFirst = true;
      else {
        this.expectWord("last");
        nullsFirst = false;
      }
    }
    return { kind: "sortOrder", child, ascending, nullsFirst };
  }

  private frameBound(): FrameBound {
    if (this.acceptWord("unbounded")) {
      if (this.acceptWord("preceding")) return "unboundedPreceding";
      this.expectWord("following");
      return "unboundedFollowing";
    }
    if (this.acceptWord("current")) {
      this.expectWord("row");
      return "currentRow";
    }
    const t = this.token;
    if (t.kind !== "number") throw this.error();
    this.index += 1;
    const n = Number(t.value);
    if (this.acceptWord("preceding")) return n === 0 ? "currentRow" : -n;
    this.expectWord("following");
    return n === 0 ? "currentRow" : n;
  }

  private lambdaOrExpression(): Expression {
    if (this.isOp("(")) {
      const save = this.index;
      this.index += 1;
      const params: string[] = [];
      while (this.token.kind === "ident") {
        params.push(this.identifier());
        if (!this.acceptOp(",")) break;
      }
      if (params.length > 0 && this.acceptOp(")") && this.acceptOp("->")) {
        return { kind: "lambda", params, body: this.expression() };
      }
      this.index = save;
    }
    return this.expression();
  }

  private caseExpression(): Expression {
    this.index += 1;
    const subject = this.peekWord() === "when" ? undefined : this.expression();
    const branches: [Expression, Expression][] = [];
    while (this.acceptWord("when")) {
      const condition = this.expression();
      this.expectWord("then");
      const value = this.expression();
      branches.push([
        subject ? { kind: "binary", op: "=", left: subject, right: condition } : condition,
        value,
      ]);
    }
    if (branches.length === 0) throw this.error();
    const otherwise = this.acceptWord("else") ? this.expression() : undefined;
    this.expectWord("end");
    return { kind: "case", branches, otherwise };
  }

  /** Whether the token `offset` ahead starts an interval's value: a number or string, or a sign before one. */
  private startsIntervalValue(offset: number): boolean {
    const token = this.tokens[this.index + offset];
    if (token?.kind === "number" || token?.kind === "string") return true;
    const next = this.tokens[this.index + offset + 1];
    return (
      token?.kind === "op" &&
      (token.value === "-" || token.value === "+") &&
      (next?.kind === "number" || next?.kind === "string")
    );
  }

  private intervalLiteral(): Expression {
    const start = this.token.pos;
    const typed = (months: number, micros: number, dataType: DataType | "mixed"): Expression => {
      const text = this.text.slice(start, this.token.pos).trim();
      if (dataType === "mixed") throw mixedIntervalUnits(`interval ${text}`);
      return { kind: "interval", months, micros, text, dataType };
    };
    if (this.token.kind === "string" && !intervalUnit(this.tokens[this.index + 1]?.value ?? "")) {
      // INTERVAL '10 minutes'
      const text = this.token.value;
      const parsed = parseIntervalString(text);
      if (!parsed) throw this.error();
      this.index += 1;
      return typed(parsed.months, parsed.micros, intervalLiteralType(intervalStringUnits(text)));
    }
    // INTERVAL '3:30' MINUTE TO SECOND, INTERVAL -'1-1' YEAR TO MONTH
    const signed = this.isOp("-") || this.isOp("+") ? 1 : 0;
    const [value, from, to, until] = this.tokens.slice(this.index + signed, this.index + signed + 4);
    if (value?.kind === "string" && to?.value.toLowerCase() === "to" && intervalUnit(until?.value ?? "")) {
      const negate = signed === 1 && this.isOp("-");
      const parsed = parseIntervalString(`'${value.value}' ${from.value} to ${until.value}`);
      if (!parsed) throw this.error();
      this.index += 4 + signed;
      const sign = negate ? -1 : 1;
      const units = [intervalUnitName(from.value) ?? "", intervalUnitName(until.value) ?? ""];
      return typed(sign * parsed.months + 0, sign * parsed.micros + 0, intervalLiteralType(units));
    }
    let months = 0;
    let micros = 0;
    const units: string[] = [];
    while (this.startsIntervalValue(0)) {
      const negative = this.acceptOp("-");
      if (!negative) this.acceptOp("+");
      const amount = Number(this.token.value) * (negative ? -1 : 1);
      this.index += 1;
      const unit = intervalUnit(this.token.value);
      const name = intervalUnitName(this.token.value);
      if (!unit || !name || Number.isNaN(amount)) throw this.error();
      this.index += 1;
      months += (unit.months ?? 0) * amount;
      micros += Math.round((unit.micros ?? 0) * amount);
      units.push(name);
    }
    if (units.length === 0) throw this.error();
    return typed(months, micros, intervalLiteralType(units));
  }

  /** The text of the type `dataType()` read last. */
  private lastTypeText = "";

  /** Whether the type read last was the bare keyword TIMESTAMP (`spark.sql.timestampType`'s type). */
  protected timestampKeyword(): true | undefined {
    return this.lastTypeText.toLowerCase() === "timestamp" ? true : undefined;
  }

  protected dataType(): DataType {
    // Collect the tokens of a type name, including nested <...> and (p, s).
    const start = this.token.pos;
    let depth = 0;
    const first = this.identifier();
    // `INTERVAL DAY TO SECOND`, `INTERVAL MONTH`: an ANSI interval type's fields are words after INTERVAL.
    if (first.toLowerCase() === "interval") {
      const isField = (offset = 0) => {
        const t = this.tokens[this.index + offset];
        return t?.kind === "ident" && INTERVAL_TYPE_FIELDS.has(t.value.toLowerCase());
      };
      if (isField()) {
        this.index += 1;
        const t = this.token;
        if (t.kind === "ident" && t.value.toLowerCase() === "to" && isField(1)) this.index += 2;
      }
    }
    while (!this.atEnd()) {
      if (this.isOp("<") || this.isOp("(")) depth += 1;
      else if (this.isOp(">") || (this.isOp(")") && depth > 0)) depth -= 1;
      else if (depth === 0) break;
      this.index += 1;
    }
    // Spark's `STRING COLLATE name` (its collateClause on the string type), in DDL columns and casts.
    if (first.toLowerCase() === "string" && this.peekWord() === "collate" && !this.isOp("(", 1))
      this.index += 2;
    const text = this.text.slice(start, this.token.pos);
    this.lastTypeText = text.trim();
    try {
      return parseDataType(text);
    } catch (error) {
      if (error instanceof DataTypeParseError) throw new ParseError(error.exception, start);
      throw error;
    }
  }

  identifier(): string {
    const t = this.token;
    if (t.kind !== "ident" && t.kind !== "quotedIdent") throw this.error();
    this.index += 1;
    return t.value;
  }
}

/** The fields an ANSI interval type names after INTERVAL. */
const INTERVAL_TYPE_FIELDS = new Set(["year", "month", "day", "hour", "minute", "second"]);

/**
 * Spark's AstBuilder for `X'...'`: hex digits, a leading 0 added to an odd count; any other character is the
 * parse error javax's `parseHexBinary` raised there.
 */
function binaryLiteral(hex: string): Expression {
  const digits = hex.length % 2 === 0 ? hex : `0${hex}`;
  if (!/^[0-9a-fA-F]*$/.test(digits)) throw invalidHexBinary(digits);
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return { kind: "literal", value: bytes, dataType: BinaryType };
}

/**
 * Spark's AstBuilder for a number: `1.5` (DECIMAL_VALUE) and `1.5BD` are decimals of their digits' precision and
 * scale, `1e3` (EXPONENT_VALUE) a double (spark.sql.legacy.exponentLiteralAsDecimal.enabled is off), a whole
 * number an int, a bigint, or past a bigint's range a decimal; suffixes `L S Y D F` type it so.
 */
function numberLiteral(text: string): Expression {
  const lower = text.toLowerCase();
  if (lower.endsWith("bd")) {
    const parsed = parseBigDecimal(text.slice(0, -2));
    const decimal = parsed && sparkDecimal(parsed);
    if (!decimal) throw bigDecimalLiteralTooWide();
    return { kind: "literal", value: literalValue(decimal.value), dataType: decimal.type };
  }
  const suffix = lower.at(-1)!;
  const body = /[lsydf]/.test(suffix) ? text.slice(0, -1) : text;
  if (suffix === "l") return { kind: "literal", value: BigInt(body), dataType: parseDataType("bigint") };
  if (suffix === "d") return { kind: "literal", value: Number(body), dataType: parseDataType("double") };
  if (suffix === "f") return { kind: "literal", value: Number(body), dataType: parseDataType("float") };
  if (suffix === "s") return { kind: "literal", value: Number(body), dataType: parseDataType("smallint") };
  if (suffix === "y") return { kind: "literal", value: Number(body), dataType: parseDataType("tinyint") };
  if (/e/i.test(body)) return { kind: "literal", value: Number(body), dataType: parseDataType("double") };
  if (/^\d+$/.test(body)) {
    const n = Number(body);
    if (Number.isSafeInteger(n))
      return { kind: "literal", value: n, dataType: parseDataType(n > 2147483647 ? "bigint" : "int") };
    if (BigInt(body) <= 9223372036854775807n)
      return { kind: "literal", value: BigInt(body), dataType: parseDataType("bigint") };
  }
  const parsed = parseBigDecimal(body);
  const decimal = parsed && sparkDecimal(parsed);
  if (!decimal) throw decimalLiteralTooWide();
  return { kind: "literal", value: literalValue(decimal.value), dataType: decimal.type };
}

export function parseExpression(text: string): Expression {
  const parser = new ExpressionParser(tokenize(text), text);
  const e = parser.expression();
  if (!parser.atEnd()) throw parser.error();
  return e;
}

/** One select-list item, with an optional alias (`selectExpr("count(*) AS n")`). */
export function parseNamedExpression(text: string): Expression {
  const parser = new ExpressionParser(tokenize(text), text);
  const e = parser.namedExpression();
  if (!parser.atEnd()) throw parser.error();
  return e;
}

/**
 * Spark's Collate: `expr COLLATE name` and `collate(expr, 'name')`, the string given the collation (a cast to
 * the collated string type) and named `collate(expr, name)` with the name as written. An unknown name is
 * COLLATION_INVALID_NAME.
 */
export function collateExpression(child: Expression, collation: string): Expression {
  const dataType = collatedStringType(collation);
  return {
    kind: "alias",
    name: `collate(${expressionName(child)}, ${collation})`,
    child: { kind: "cast", child, dataType },
  };
}
