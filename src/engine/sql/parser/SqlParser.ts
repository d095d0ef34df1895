/**
 * Spark SQL statements (`spark.sql(...)`) parsed into a small syntax tree that AstBuilder turns into the same
 * logical plans the DataFrame API builds, so a SELECT over a streaming view is itself a streaming query.
 * Valid Spark that this parser does not cover (window functions, subquery expressions, ...) raises
 * UnsupportedSyntax; spark.sql then hands the text to DuckDB instead (batch queries only).
 */
import type { Expression } from "../expressions";
import { ExpressionParser } from "./ExpressionParser";
import { isReserved, tokenize } from "./Lexer";

export type JoinHow = "inner" | "left" | "right" | "full" | "left_semi" | "left_anti" | "cross";

export type FromClause =
  | { readonly kind: "table"; readonly name: string; readonly alias?: string; readonly pos: number }
  | { readonly kind: "subquery"; readonly query: Query; readonly alias?: string }
  /** `VALUES (1, 'a'), (2, 'b') AS t(id, name)`: columns col1, col2... unless named. */
  | {
      readonly kind: "values";
      readonly rows: readonly (readonly Expression[])[];
      readonly alias?: string;
      readonly columns?: readonly string[];
    }
  /** A table-valued function: `range(10)`. */
  | {
      readonly kind: "function";
      readonly name: string;
      readonly args: readonly Expression[];
      readonly alias?: string;
    }
  | {
      readonly kind: "join";
      readonly left: FromClause;
      readonly right: FromClause;
      readonly how: JoinHow;
      readonly on?: Expression;
      readonly using?: readonly string[];
    };

export interface SelectQuery {
  readonly kind: "select";
  readonly distinct: boolean;
  readonly items: readonly Expression[];
  readonly from?: FromClause;
  readonly where?: Expression;
  readonly groupBy?: readonly Expression[];
  readonly having?: Expression;
}

export type Query = (
  | SelectQuery
  | {
      readonly kind: "setOperation";
      readonly op: "union" | "intersect" | "except";
      readonly all: boolean;
      readonly left: Query;
      readonly right: Query;
    }
) & {
  readonly orderBy?: readonly Expression[];
  readonly limit?: number;
  /** Common table expressions in scope of this query. */
  readonly ctes?: readonly (readonly [string, Query])[];
};

export type Statement =
  | { readonly kind: "query"; readonly query: Query }
  | { readonly kind: "createView"; readonly name: string; readonly replace: boolean; readonly query: Query }
  | { readonly kind: "dropView"; readonly name: string; readonly ifExists: boolean }
  | { readonly kind: "set"; readonly key?: string; readonly value?: string }
  | { readonly kind: "showTables" };

const JOIN_WORDS = new Set(["join", "inner", "left", "right", "full", "cross", "semi", "anti"]);

class StatementParser extends ExpressionParser {
  statement(): Statement {
    const word = this.peekWord();
    let statement: Statement;
    if (word === "select" || word === "with" || word === "values" || this.isOp("("))
      statement = { kind: "query", query: this.query() };
    else if (word === "create") statement = this.createView();
    else if (word === "drop") statement = this.dropView();
    else if (word === "set") statement = this.set();
    else if (word === "show" && this.peekWord(1) === "tables") {
      this.index += 2;
      statement = { kind: "showTables" };
    } else if (["insert", "describe", "desc", "explain", "cache", "from", "table"].includes(word ?? ""))
      throw this.unsupported(`${word?.toUpperCase()} statements`);
    else throw this.error();
    this.acceptOp(";");
    if (!this.atEnd()) throw this.error();
    return statement;
  }

  private createView(): Statement {
    this.expectWord("create");
    const replace = this.acceptWord("or");
    if (replace) this.expectWord("replace");
    this.acceptWord("global");
    if (!this.acceptWord("temporary") && !this.acceptWord("temp"))
      throw this.unsupported("CREATE without TEMP VIEW");
    this.expectWord("view");
    const name = this.identifier();
    this.expectWord("as");
    return { kind: "createView", name, replace, query: this.query() };
  }

  private dropView(): Statement {
    this.expectWord("drop");
    this.expectWord("view");
    const ifExists = this.acceptWord("if");
    if (ifExists) this.expectWord("exists");
    return { kind: "dropView", name: this.identifier(), ifExists };
  }

  private set(): Statement {
    this.expectWord("set");
    if (this.atEnd()) return { kind: "set" };
    // Keys are dotted words; the value is the rest of the statement.
    const start = this.token.pos;
    while (!this.atEnd() && !this.isOp("=")) this.index += 1;
    const key = this.text.slice(start, this.token.pos).trim();
    if (!this.acceptOp("=")) return { kind: "set", key };
    const valueStart = this.token.pos;
    while (!this.atEnd() && !this.isOp(";")) this.index += 1;
    const value = this.text.slice(valueStart, this.token.pos).trim();
    return { kind: "set", key, value: value.replace(/^(['"])(.*)\1$/, "$2") };
  }

  query(): Query {
    let ctes: (readonly [string, Query])[] | undefined;
    if (this.acceptWord("with")) {
      if (this.peekWord() === "recursive") throw this.unsupported("WITH RECURSIVE");
      ctes = [];
      do {
        const name = this.identifier();
        if (this.isOp("(") && !this.atSubquery()) throw this.unsupported("CTE column lists");
        this.acceptWord("as");
        this.expectOp("(");
        const q = this.query();
        this.expectOp(")");
        ctes.push([name, q]);
      } while (this.acceptOp(","));
    }
    let query = this.setOperations();
    const orderBy = this.orderBy();
    const limit = this.limit();
    if (orderBy || limit !== undefined || ctes) query = { ...query, orderBy, limit, ctes };
    return query;
  }

  private setOperations(): Query {
    let left = this.queryTerm();
    for (;;) {
      const word = this.peekWord();
      const op =
        word === "union"
          ? "union"
          : word === "intersect"
            ? "intersect"
            : word === "except" || word === "minus"
              ? "except"
              : undefined;
      if (!op) return left;
      this.index += 1;
      const all = this.acceptWord("all");
      if (!all) this.acceptWord("distinct");
      left = { kind: "setOperation", op, all, left, right: this.queryTerm() };
    }
  }

  private queryTerm(): Query {
    if (this.acceptOp("(")) {
      const q = this.query();
      this.expectOp(")");
      return q;
    }
    if (this.peekWord() === "values") {
      // A bare VALUES list is SELECT * over it.
      return { kind: "select", distinct: false, items: [{ kind: "star" }], from: this.values() };
    }
    return this.select();
  }

  private select(): SelectQuery {
    this.expectWord("select");
    if (this.peekWord() === "/") throw this.unsupported("Hints");
    const distinct = this.acceptWord("distinct");
    if (!distinct) this.acceptWord("all");
    const items: Expression[] = [];
    do {
      items.push(this.namedExpression());
    } while (this.acceptOp(","));
    const from = this.acceptWord("from") ? this.fromClause() : undefined;
    if (this.peekWord() === "lateral") throw this.unsupported("LATERAL VIEW");
    const where = this.acceptWord("where") ? this.expression() : undefined;
    let groupBy: Expression[] | undefined;
    if (this.peekWord() === "group") {
      this.index += 1;
      this.expectWord("by");
      if (["rollup", "cube", "grouping"].includes(this.peekWord() ?? ""))
        throw this.unsupported("GROUP BY ROLLUP/CUBE/GROUPING SETS");
      groupBy = [];
      do {
        groupBy.push(this.expression());
      } while (this.acceptOp(","));
      if (this.peekWord() === "with") throw this.unsupported("GROUP BY ... WITH ROLLUP/CUBE");
    }
    const having = this.acceptWord("having") ? this.expression() : undefined;
    if (this.peekWord() === "window" || this.peekWord() === "qualify")
      throw this.unsupported("WINDOW/QUALIFY");
    return { kind: "select", distinct, items, from, where, groupBy, having };
  }

  private orderBy(): Expression[] | undefined {
    if (this.peekWord() === "sort" || this.peekWord() === "cluster" || this.peekWord() === "distribute")
      throw this.unsupported("SORT/CLUSTER/DISTRIBUTE BY");
    if (this.peekWord() !== "order") return undefined;
    this.index += 1;
    this.expectWord("by");
    const orders: Expression[] = [];
    do orders.push(this.sortOrder());
    while (this.acceptOp(","));
    return orders;
  }

  private limit(): number | undefined {
    if (!this.acceptWord("limit")) return undefined;
    if (this.acceptWord("all")) return undefined;
    const t = this.token;
    if (t.kind !== "number" || !/^\d+$/.test(t.value)) throw this.error();
    this.index += 1;
    if (this.peekWord() === "offset") throw this.unsupported("OFFSET");
    return Number(t.value);
  }

  private fromClause(): FromClause {
    let from = this.relationWithJoins();
    while (this.acceptOp(",")) {
      from = { kind: "join", left: from, right: this.relationWithJoins(), how: "cross" };
    }
    return from;
  }

  private relationWithJoins(): FromClause {
    let left = this.relationPrimary();
    for (;;) {
      const word = this.peekWord();
      if (word === "natural") throw this.unsupported("NATURAL JOIN");
      if (!word || !JOIN_WORDS.has(word)) return left;
      const how = this.joinType();
      const right = this.relationPrimary();
      if (how === "cross") {
        left = { kind: "join", left, right, how };
        continue;
      }
      if (this.acceptWord("on")) left = { kind: "join", left, right, how, on: this.expression() };
      else if (this.acceptWord("using")) {
        this.expectOp("(");
        const using = [this.identifier()];
        while (this.acceptOp(",")) using.push(this.identifier());
        this.expectOp(")");
        left = { kind: "join", left, right, how, using };
      } else left = { kind: "join", left, right, how };
    }
  }

  private joinType(): JoinHow {
    let how: JoinHow = "inner";
    if (this.acceptWord("inner")) how = "inner";
    else if (this.acceptWord("cross")) how = "cross";
    else if (this.acceptWord("left")) {
      how = this.acceptWord("semi") ? "left_semi" : this.acceptWord("anti") ? "left_anti" : "left";
      this.acceptWord("outer");
    } else if (this.acceptWord("right")) {
      how = "right";
      this.acceptWord("outer");
    } else if (this.acceptWord("full")) {
      how = "full";
      this.acceptWord("outer");
    } else if (this.acceptWord("semi")) how = "left_semi";
    else if (this.acceptWord("anti")) how = "left_anti";
    this.expectWord("join");
    return how;
  }

  private relationPrimary(): FromClause {
    if (this.atSubquery()) {
      this.expectOp("(");
      const query = this.query();
      this.expectOp(")");
      return { kind: "subquery", query, alias: this.tableAlias() };
    }
    if (this.acceptOp("(")) {
      const inner = this.fromClause();
      this.expectOp(")");
      return inner;
    }
    if (this.peekWord() === "lateral") throw this.unsupported("LATERAL");
    if (this.peekWord() === "values") return this.values();
    const pos = this.token.pos;
    const parts = [this.identifier()];
    while (this.isOp(".") && this.tokens[this.index + 1].kind !== "op") {
      this.index += 1;
      parts.push(this.identifier());
    }
    if (this.isOp("(")) {
      if (parts.length > 1) throw this.error();
      this.expectOp("(");
      const args: Expression[] = [];
      if (!this.acceptOp(")")) {
        do {
          args.push(this.expression());
        } while (this.acceptOp(","));
        this.expectOp(")");
      }
      return { kind: "function", name: parts[0].toLowerCase(), args, alias: this.tableAlias() };
    }
    // A catalog-qualified name (`default.t`, `spark_catalog.default.t`) means the same table here.
    return { kind: "table", name: parts[parts.length - 1], alias: this.tableAlias(), pos };
  }

  private values(): FromClause {
    this.expectWord("values");
    const rows: Expression[][] = [];
    do {
      if (this.acceptOp("(")) {
        const row = [this.expression()];
        while (this.acceptOp(",")) row.push(this.expression());
        this.expectOp(")");
        rows.push(row);
      } else rows.push([this.expression()]);
    } while (this.acceptOp(","));
    const alias = this.tableAlias();
    let columns: string[] | undefined;
    if (alias !== undefined && this.acceptOp("(")) {
      columns = [this.identifier()];
      while (this.acceptOp(",")) columns.push(this.identifier());
      this.expectOp(")");
    }
    return { kind: "values", rows, alias, columns };
  }

  private tableAlias(): string | undefined {
    if (this.acceptWord("as")) return this.identifier();
    const t = this.token;
    if (t.kind === "quotedIdent" || (t.kind === "ident" && !isReserved(t.value))) return this.identifier();
    return undefined;
  }
}

/** Parses one statement; throws ParseError (syntax) or UnsupportedSyntax (valid, but not planned here). */
export function parseStatement(text: string): Statement {
  return new StatementParser(tokenize(text), text).statement();
}
