/**
 * Spark SQL statements (`spark.sql(...)`) parsed into a small syntax tree that AstBuilder turns into the same
 * logical plans the DataFrame API builds, so a SELECT over a streaming view is itself a streaming query.
 * Valid Spark that this parser does not cover (window functions, subquery expressions, ...) raises
 * UnsupportedSyntax; spark.sql then hands the text to DuckDB instead (batch queries only).
 */
import { duplicateClauses, invalidGroupingSet } from "../../errors/QueryParsingErrors";
import { cubeSets, groupingSetsOf, rollupSets } from "../api/groupingSets";
import type { Expression } from "../expressions";
import { StructField, StructType } from "../types";
import type { Command } from "./commands";
import { ExpressionParser } from "./ExpressionParser";
import { isReserved, tokenize } from "./Lexer";
import { ParseError, UnsupportedSyntax } from "./ParseError";

export type JoinHow = "inner" | "left" | "right" | "full" | "left_semi" | "left_anti" | "cross";

export type FromClause =
  /** A table or view: `name` is the last part of the name (`t` of `db.t`), which the table is known as. */
  | {
      readonly kind: "table";
      readonly name: string;
      readonly parts: readonly string[];
      readonly alias?: string;
      readonly pos: number;
    }
  | { readonly kind: "subquery"; readonly query: Query; readonly alias?: string }
  /** `VALUES (1, 'a'), (2, 'b') AS t(id, name)`: columns col1, col2... unless named. */
  | {
      readonly kind: "values";
      readonly rows: readonly (readonly Expression[])[];
      readonly alias?: string;
      readonly columns?: readonly string[];
    }
  /** A table-valued function: `range(10)`, `explode(array(1, 2)) AS t(x)`. */
  | {
      readonly kind: "function";
      readonly name: string;
      readonly args: readonly Expression[];
      readonly alias?: string;
      readonly columns?: readonly string[];
    }
  /**
   * `rel PIVOT (agg [AS a], ... FOR col IN (v [AS a], ...))`: groups by rel's other columns. Over several columns
   * (`FOR (a, b) IN ((1, 'x') [AS a], ...)`), `columns` holds them and each value is a `tuple` of literals.
   */
  | {
      readonly kind: "pivot";
      readonly child: FromClause;
      readonly aggregates: readonly Expression[];
      readonly column: Expression;
      readonly columns?: readonly Expression[];
      readonly values: readonly Expression[];
      readonly tuples?: readonly PivotTuple[];
      readonly alias?: string;
    }
  /**
   * `rel UNPIVOT [INCLUDE|EXCLUDE NULLS] (v FOR name IN (c [AS a], ...))`, or with several value columns
   * `((v1, v2) FOR name IN ((c1, c2) [AS a], ...))`.
   */
  | {
      readonly kind: "unpivot";
      readonly child: FromClause;
      readonly includeNulls: boolean;
      readonly valueColumnNames: readonly string[];
      readonly nameColumn: string;
      readonly columns: readonly { readonly values: readonly Expression[]; readonly alias?: string }[];
      readonly alias?: string;
    }
  /**
   * `rel LATERAL VIEW [OUTER] generator(args) tableAlias [AS col, ...]`: each row of rel with each row the
   * generator makes of it (none dropped with OUTER where the generator makes no row).
   */
  | {
      readonly kind: "lateralView";
      readonly child: FromClause;
      readonly outer: boolean;
      readonly generator: string;
      readonly args: readonly Expression[];
      readonly tableAlias?: string;
      readonly columns: readonly string[];
    }
  | {
      readonly kind: "join";
      readonly left: FromClause;
      readonly right: FromClause;
      readonly how: JoinHow;
      readonly on?: Expression;
      readonly using?: readonly string[];
    };

/** One value of a PIVOT over several columns: `(v1, v2) [AS alias]`, or a bare `v` (a type mismatch). */
export interface PivotTuple {
  readonly values: readonly Expression[];
  readonly tuple: boolean;
  readonly alias?: string;
}

export interface SelectQuery {
  readonly kind: "select";
  readonly distinct: boolean;
  readonly items: readonly Expression[];
  readonly from?: FromClause;
  readonly where?: Expression;
  readonly groupBy?: readonly Expression[];
  /** `GROUP BY CUBE / ROLLUP / GROUPING SETS`: the sets, as indices into `groupBy`. */
  readonly groupingSets?: readonly (readonly number[])[];
  readonly having?: Expression;
}

export type Query = (
  | SelectQuery
  /**
   * A command's query (CTAS, INSERT ... SELECT, CREATE VIEW ... AS) in syntax the planner does not cover: its
   * text, run as DuckDB SQL like any such `spark.sql` query (batch only).
   */
  | { readonly kind: "sqlText"; readonly text: string; readonly reason: ParseError }
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
  | { readonly kind: "set"; readonly key?: string; readonly value?: string }
  | { readonly kind: "reset"; readonly key?: string }
  | {
      readonly kind: "explain";
      readonly mode: "simple" | "extended" | "codegen" | "cost" | "formatted";
      readonly query: Query;
    }
  | Command;

const JOIN_WORDS = new Set(["join", "inner", "left", "right", "full", "cross", "semi", "anti"]);

/** The first words of commands: their syntax errors are errors, never a reason to try DuckDB's SQL instead. */
const COMMAND_WORDS = new Set([
  "alter",
  "analyze",
  "delete",
  "merge",
  "update",
  "cache",
  "clear",
  "create",
  "desc",
  "describe",
  "drop",
  "insert",
  "refresh",
  "show",
  "truncate",
  "uncache",
  "use",
]);

const NAMESPACE_WORDS = ["database", "schema", "namespace"];

/** The words after Hive's STORED AS / ROW FORMAT where CREATE TABLE's next clause starts. */
const HIVE_FORMAT_END = new Set([
  "as",
  "select",
  "location",
  "comment",
  "tblproperties",
  "partitioned",
  "stored",
  "row",
]);

class StatementParser extends ExpressionParser {
  statement(): Statement {
    const word = this.peekWord();
    let statement: Statement;
    if (word === "select" || word === "with" || word === "values" || this.isOp("("))
      statement = { kind: "query", query: this.query() };
    else if (word === "set") statement = this.set();
    else if (word === "reset") statement = this.reset();
    else if (word === "explain") statement = this.explain();
    else if (word && COMMAND_WORDS.has(word)) statement = this.command(word);
    else if (["from", "table"].includes(word ?? ""))
      throw this.unsupported(`${word?.toUpperCase()} statements`);
    else throw this.error();
    this.acceptOp(";");
    if (!this.atEnd()) throw this.error();
    return statement;
  }

  /** `a.b.c` with back-quoted parts: a multi-part name (a table's, a database's). */
  multipartIdentifier(): string[] {
    const parts = [this.identifier()];
    while (this.acceptOp(".")) parts.push(this.identifier());
    return parts;
  }

  // ---- commands (DDL and DML), as Spark's SqlBaseParser spells them

  private command(word: string): Command {
    switch (word) {
      case "create":
        return this.create();
      case "drop":
        return this.drop();
      case "insert":
        return this.insert();
      case "show":
        return this.show();
      case "alter":
        return this.alter();
      case "use":
        this.index += 1;
        this.acceptNamespaceWord();
        return { kind: "use", name: this.multipartIdentifier() };
      case "truncate": {
        this.index += 1;
        this.expectWord("table");
        const name = this.multipartIdentifier();
        if (this.peekWord() === "partition") throw this.unsupported("TRUNCATE TABLE ... PARTITION");
        return { kind: "truncateTable", name };
      }
      case "cache": {
        this.index += 1;
        this.acceptWord("lazy");
        this.expectWord("table");
        const name = this.multipartIdentifier();
        if (this.acceptWord("options")) this.propertyList();
        if (this.atEnd() || this.isOp(";")) return { kind: "cacheTable", name };
        this.acceptWord("as");
        return { kind: "cacheTable", name, query: this.trailingQuery().query };
      }
      case "uncache": {
        this.index += 1;
        this.expectWord("table");
        const ifExists = this.ifExists();
        return { kind: "uncacheTable", name: this.multipartIdentifier(), ifExists };
      }
      case "clear":
        this.index += 1;
        this.expectWord("cache");
        return { kind: "clearCache" };
      case "analyze": {
        this.index += 1;
        this.expectWord("table");
        const name = this.multipartIdentifier();
        if (this.peekWord() === "partition") throw this.unsupported("ANALYZE TABLE ... PARTITION");
        this.expectWord("compute");
        this.expectWord("statistics");
        const noScan = this.acceptWord("noscan");
        if (this.peekWord() === "for") throw this.unsupported("ANALYZE TABLE ... FOR COLUMNS");
        return { kind: "analyzeTable", name, noScan };
      }
      case "delete": {
        this.index += 1;
        this.expectWord("from");
        const name = this.multipartIdentifier();
        this.skipToEnd();
        return { kind: "rowLevelOperation", name, operation: "DELETE" };
      }
      case "update": {
        this.index += 1;
        const name = this.multipartIdentifier();
        this.skipToEnd();
        return { kind: "rowLevelOperation", name, operation: "UPDATE TABLE" };
      }
      case "merge": {
        this.index += 1;
        if (!this.acceptWord("with")) this.expectWord("into");
        if (this.peekWord() === "schema") {
          this.index += 1;
          this.expectWord("evolution");
          this.expectWord("into");
        }
        const name = this.multipartIdentifier();
        this.skipToEnd();
        return { kind: "rowLevelOperation", name, operation: "MERGE INTO TABLE" };
      }
      case "refresh":
        this.index += 1;
        if (this.peekWord() === "function" || this.token.kind === "string")
          throw this.unsupported(`REFRESH ${this.token.text}`);
        this.acceptWord("table");
        return { kind: "refreshTable", name: this.multipartIdentifier() };
      default:
        return this.describe();
    }
  }

  private create(): Command {
    this.expectWord("create");
    const replace = this.acceptWord("or");
    if (replace) this.expectWord("replace");
    const global = this.acceptWord("global");
    const temporary = this.acceptWord("temporary") || this.acceptWord("temp");
    if (this.acceptWord("view")) {
      return temporary && this.atTempViewUsing()
        ? this.createTempViewUsing(replace, global)
        : this.createView(replace, temporary, global);
    }
    if (global) throw this.error();
    if (!temporary && !replace && this.acceptNamespaceWord()) return this.createDatabase();
    const external = this.acceptWord("external");
    this.expectWord("table");
    return this.createTable(replace, external, temporary);
  }

  private createTable(replace: boolean, external: boolean, temporary: boolean): Command {
    const ifNotExists = this.ifNotExists();
    const name = this.multipartIdentifier();
    if (this.acceptWord("like")) {
      const like = this.multipartIdentifier();
      const provider = this.acceptWord("using") ? this.multipartIdentifier().join(".") : undefined;
      const location = this.acceptWord("location") ? this.stringLiteral() : undefined;
      const properties = this.acceptWord("tblproperties") ? this.propertyList() : {};
      return {
        kind: "createTable",
        name,
        replace,
        ifNotExists,
        external,
        temporary,
        like,
        provider,
        location,
        properties,
        options: {},
        partitionBy: [],
        clusterBy: [],
      };
    }
    const columns = this.isOp("(") && !this.atSubquery() ? this.columnDefinitions() : undefined;
    const provider = this.acceptWord("using") ? this.multipartIdentifier().join(".") : undefined;
    let options: Record<string, string> = {};
    let partitionBy: string[] = [];
    let clusterBy: string[] = [];
    let location: string | undefined;
    let comment: string | undefined;
    let properties: Record<string, string> = {};
    let hiveFormat = false;
    const seen = new Set<string>();
    const once = (clause: string) => {
      if (seen.has(clause)) throw new ParseError(duplicateClauses(clause), this.token.pos);
      seen.add(clause);
    };
    for (;;) {
      const word = this.peekWord();
      if (word === "options") {
        once("OPTIONS");
        this.index += 1;
        options = this.propertyList();
      } else if (word === "partitioned") {
        once("PARTITIONED BY");
        this.index += 1;
        this.expectWord("by");
        partitionBy = this.identifierList();
      } else if (word === "cluster") {
        once("CLUSTER BY");
        this.index += 1;
        this.expectWord("by");
        clusterBy = this.identifierList();
      } else if (word === "clustered") {
        throw this.unsupported("CLUSTERED BY ... INTO n BUCKETS");
      } else if (word === "location") {
        once("LOCATION");
        this.index += 1;
        location = this.stringLiteral();
      } else if (word === "comment") {
        once("COMMENT");
        this.index += 1;
        comment = this.stringLiteral();
      } else if (word === "tblproperties") {
        once("TBLPROPERTIES");
        this.index += 1;
        properties = this.propertyList();
      } else if (word === "stored" || word === "row") {
        // Hive's STORED AS / ROW FORMAT: read past it, to be refused with Spark's error for Hive tables.
        hiveFormat = true;
        this.index += 2;
        while (!this.atEnd() && !this.isOp(";") && !HIVE_FORMAT_END.has(this.peekWord() ?? ""))
          this.index += 1;
      } else break;
    }
    let query: Query | undefined;
    if (!this.atEnd() && !this.isOp(";")) {
      this.acceptWord("as");
      query = this.trailingQuery().query;
    }
    return {
      kind: "createTable",
      name,
      replace,
      ifNotExists,
      external,
      temporary,
      columns,
      provider,
      options,
      partitionBy,
      clusterBy,
      location,
      comment,
      properties,
      query,
      hiveFormat,
    };
  }

  /** Whether the view's name (and column types) is followed by USING: a temporary view over files. */
  private atTempViewUsing(): boolean {
    let offset = 0;
    while (this.peekWord(offset) !== undefined || this.tokens[this.index + offset]?.kind === "quotedIdent") {
      offset += 1;
      if (!this.isOp(".", offset)) break;
      offset += 1;
    }
    if (this.isOp("(", offset)) {
      let depth = 0;
      do {
        if (this.isOp("(", offset)) depth += 1;
        else if (this.isOp(")", offset)) depth -= 1;
        offset += 1;
      } while (depth > 0 && this.tokens[this.index + offset]?.kind !== "eof");
    }
    return this.peekWord(offset) === "using";
  }

  /**
   * `CREATE [OR REPLACE] [GLOBAL] TEMPORARY VIEW v [(columns)] USING format [OPTIONS (...)]`: Spark's
   * CreateTempViewUsing, a temporary view over files; run as CREATE TEMPORARY TABLE ... USING is.
   */
  private createTempViewUsing(replace: boolean, global: boolean): Command {
    const name = this.multipartIdentifier();
    const columns = this.isOp("(") ? this.columnDefinitions() : undefined;
    this.expectWord("using");
    const provider = this.multipartIdentifier().join(".");
    const options = this.acceptWord("options") ? this.propertyList() : {};
    return {
      kind: "createTable",
      name,
      replace,
      ifNotExists: false,
      external: false,
      temporary: true,
      global,
      columns,
      provider,
      options,
      partitionBy: [],
      clusterBy: [],
      properties: {},
    };
  }

  private createView(replace: boolean, temporary: boolean, global: boolean): Command {
    const ifNotExists = this.ifNotExists();
    const name = this.multipartIdentifier();
    let columns: { name: string; comment?: string }[] | undefined;
    if (this.acceptOp("(")) {
      columns = [];
      do {
        const column = this.identifier();
        columns.push(
          this.acceptWord("comment") ? { name: column, comment: this.stringLiteral() } : { name: column },
        );
      } while (this.acceptOp(","));
      this.expectOp(")");
    }
    let comment: string | undefined;
    let properties: Record<string, string> = {};
    for (;;) {
      if (this.acceptWord("comment")) comment = this.stringLiteral();
      else if (this.acceptWord("tblproperties")) properties = this.propertyList();
      else break;
    }
    this.expectWord("as");
    const { query, text } = this.trailingQuery();
    return {
      kind: "createView",
      name,
      replace,
      ifNotExists,
      temporary: temporary || global,
      global,
      columns,
      comment,
      properties,
      query,
      queryText: text,
    };
  }

  private createDatabase(): Command {
    const ifNotExists = this.ifNotExists();
    const name = this.multipartIdentifier();
    let comment: string | undefined;
    let location: string | undefined;
    let properties: Record<string, string> = {};
    for (;;) {
      if (this.acceptWord("comment")) comment = this.stringLiteral();
      else if (this.acceptWord("location")) location = this.stringLiteral();
      else if (this.acceptWord("with")) {
        if (!this.acceptWord("dbproperties")) this.expectWord("properties");
        properties = this.propertyList();
      } else break;
    }
    return { kind: "createDatabase", name, ifNotExists, comment, location, properties };
  }

  private drop(): Command {
    this.expectWord("drop");
    if (this.acceptNamespaceWord()) {
      const ifExists = this.ifExists();
      const name = this.multipartIdentifier();
      const cascade = this.acceptWord("cascade");
      if (!cascade) this.acceptWord("restrict");
      return { kind: "dropDatabase", name, ifExists, cascade };
    }
    if (this.acceptWord("view")) {
      const ifExists = this.ifExists();
      return { kind: "dropView", name: this.multipartIdentifier(), ifExists };
    }
    this.expectWord("table");
    const ifExists = this.ifExists();
    const name = this.multipartIdentifier();
    return { kind: "dropTable", name, ifExists, purge: this.acceptWord("purge") };
  }

  private insert(): Command {
    this.expectWord("insert");
    const overwrite = this.acceptWord("overwrite");
    if (!overwrite) this.expectWord("into");
    if (this.peekWord() === "local" || this.peekWord() === "directory")
      throw this.unsupported("INSERT OVERWRITE DIRECTORY");
    this.acceptWord("table");
    const table = this.multipartIdentifier();
    const partition = this.peekWord() === "partition" ? this.partitionSpec() : undefined;
    const ifPartitionNotExists = this.ifNotExists();
    let columns: string[] | undefined;
    let byName = false;
    if (this.isOp("(") && !this.atSubquery()) columns = this.identifierList();
    else if (this.peekWord() === "by" && this.peekWord(1) === "name") {
      this.index += 2;
      byName = true;
    }
    const { query } = this.trailingQuery();
    return { kind: "insert", table, overwrite, partition, ifPartitionNotExists, columns, byName, query };
  }

  private show(): Command {
    this.expectWord("show");
    const word = this.peekWord();
    if (word === "tables" || word === "views") {
      this.index += 1;
      const database =
        this.acceptWord("from") || this.acceptWord("in") ? this.multipartIdentifier() : undefined;
      if (this.peekWord() === "extended") throw this.unsupported("SHOW TABLE EXTENDED");
      return { kind: "showTables", database, pattern: this.likePattern(), views: word === "views" };
    }
    if (word === "databases" || word === "schemas" || word === "namespaces") {
      this.index += 1;
      return { kind: "showDatabases", pattern: this.likePattern() };
    }
    if (word === "catalogs") {
      this.index += 1;
      return { kind: "showCatalogs", pattern: this.likePattern() };
    }
    if (
      word === "functions" ||
      (["user", "system", "all"].includes(word ?? "") && this.nextIs("functions"))
    ) {
      const scope = word === "functions" ? "all" : (word as "user" | "system" | "all");
      if (word !== "functions") this.index += 1;
      this.index += 1;
      const database =
        this.acceptWord("from") || this.acceptWord("in") ? this.multipartIdentifier() : undefined;
      let pattern: string | undefined;
      if (this.acceptWord("like") || this.token.kind === "string") {
        // Spark also takes a bare name as the pattern (its legacy form): `SHOW FUNCTIONS LIKE abs`.
        pattern = this.token.kind === "string" ? this.stringLiteral() : this.multipartIdentifier().join(".");
      } else if (!this.atEnd() && !this.isOp(";")) pattern = this.multipartIdentifier().join(".");
      return { kind: "showFunctions", scope, database, pattern };
    }
    if (word === "current") {
      this.index += 1;
      if (!this.acceptWord("namespace") && !this.acceptWord("schema")) this.expectWord("database");
      return { kind: "showCurrentNamespace" };
    }
    if (word === "create") {
      this.index += 1;
      this.expectWord("table");
      const name = this.multipartIdentifier();
      const asSerde = this.acceptWord("as");
      if (asSerde) this.expectWord("serde");
      return { kind: "showCreateTable", name, asSerde };
    }
    if (word === "columns") {
      this.index += 1;
      if (!this.acceptWord("from")) this.expectWord("in");
      const table = this.multipartIdentifier();
      const database =
        this.acceptWord("from") || this.acceptWord("in") ? this.multipartIdentifier() : undefined;
      return { kind: "showColumns", table, database };
    }
    if (word === "tblproperties") {
      this.index += 1;
      const name = this.multipartIdentifier();
      let key: string | undefined;
      if (this.acceptOp("(")) {
        key = this.propertyKey();
        this.expectOp(")");
      }
      return { kind: "showTableProperties", name, key };
    }
    if (word === "partitions") {
      this.index += 1;
      const name = this.multipartIdentifier();
      if (this.peekWord() === "partition") throw this.unsupported("SHOW PARTITIONS ... PARTITION");
      return { kind: "showPartitions", name };
    }
    throw this.unsupported(`SHOW ${this.token.text.toUpperCase()}`);
  }

  private describe(): Command {
    this.index += 1;
    if (this.acceptNamespaceWord()) {
      const extended = this.acceptWord("extended");
      return { kind: "describeDatabase", name: this.multipartIdentifier(), extended };
    }
    if (this.acceptWord("function")) {
      const extended = this.acceptWord("extended");
      const name = this.token.kind === "string" ? [this.stringLiteral()] : this.functionNameParts();
      return { kind: "describeFunction", name, extended };
    }
    if (this.acceptWord("query") || ["select", "with", "values"].includes(this.peekWord() ?? "")) {
      return { kind: "describeQuery", query: this.trailingQuery().query };
    }
    if (this.peekWord() === "catalog") throw this.unsupported(`DESCRIBE ${this.token.text.toUpperCase()}`);
    this.acceptWord("table");
    const extended = this.acceptWord("extended") || this.acceptWord("formatted");
    const name = this.multipartIdentifier();
    if (this.peekWord() === "partition") throw this.unsupported("DESCRIBE ... PARTITION");
    if (this.peekWord() === "as") throw this.unsupported("DESCRIBE ... AS JSON");
    const column = this.atEnd() || this.isOp(";") ? undefined : this.multipartIdentifier();
    return { kind: "describeTable", name, extended, column };
  }

  private alter(): Command {
    this.expectWord("alter");
    const isView = this.acceptWord("view");
    if (!isView) this.expectWord("table");
    const name = this.multipartIdentifier();
    if (this.acceptWord("rename")) {
      this.expectWord("to");
      return { kind: "renameTable", name, to: this.multipartIdentifier(), isView };
    }
    if (this.acceptWord("set")) {
      this.expectWord("tblproperties");
      return { kind: "setTableProperties", name, isView, set: this.propertyList(), ifExists: false };
    }
    if (this.acceptWord("unset")) {
      this.expectWord("tblproperties");
      const ifExists = this.ifExists();
      this.expectOp("(");
      const keys = [this.propertyKey()];
      while (this.acceptOp(",")) keys.push(this.propertyKey());
      this.expectOp(")");
      return { kind: "setTableProperties", name, isView, unset: keys, ifExists };
    }
    if (!isView && this.acceptWord("add")) {
      if (!this.acceptWord("columns")) this.expectWord("column");
      const columns = this.columnDefinitions(!this.isOp("("));
      return { kind: "addColumns", name, columns };
    }
    if (isView && this.acceptWord("as")) {
      const { query, text } = this.trailingQuery();
      return { kind: "alterViewAs", name, query, queryText: text };
    }
    throw this.unsupported(`ALTER ${isView ? "VIEW" : "TABLE"} ... ${this.token.text.toUpperCase()}`);
  }

  /**
   * The query a command ends with, and its text. Valid Spark the planner does not cover (a window function, a
   * subquery expression) becomes DuckDB SQL, as such a query does on its own.
   */
  private trailingQuery(): { query: Query; text: string } {
    const start = this.token.pos;
    const startIndex = this.index;
    let query: Query;
    try {
      query = this.query();
    } catch (error) {
      if (!(error instanceof UnsupportedSyntax)) throw error;
      this.index = startIndex;
      while (!this.atEnd() && !(this.isOp(";") && this.tokens[this.index + 1]?.kind === "eof"))
        this.index += 1;
      query = { kind: "sqlText", text: this.text.slice(start, this.token.pos).trim(), reason: error };
    }
    return { query, text: this.text.slice(start, this.token.pos).trim() };
  }

  /** `(name TYPE [NOT NULL] [COMMENT 'text'], ...)`: a table's columns. */
  private columnDefinitions(unparenthesized = false): StructType {
    if (!unparenthesized) this.expectOp("(");
    const fields: StructField[] = [];
    do {
      const name = this.identifier();
      const type = this.dataType();
      let nullable = true;
      let comment: string | undefined;
      for (;;) {
        if (this.acceptWord("not")) {
          this.expectWord("null");
          nullable = false;
        } else if (this.acceptWord("comment")) comment = this.stringLiteral();
        else if (this.peekWord() === "default" || this.peekWord() === "generated")
          throw this.unsupported(`${this.token.text.toUpperCase()} column values`);
        else break;
      }
      fields.push(new StructField(name, type, nullable, comment === undefined ? {} : { comment }));
    } while (this.acceptOp(","));
    if (!unparenthesized) this.expectOp(")");
    return new StructType(fields);
  }

  /** `(a, b)`: column names. */
  private identifierList(): string[] {
    this.expectOp("(");
    const names = [this.identifier()];
    while (this.acceptOp(",")) names.push(this.identifier());
    this.expectOp(")");
    return names;
  }

  /** `PARTITION (p = 1, q)`: static values where given. */
  private partitionSpec(): [string, Expression | undefined][] {
    this.expectWord("partition");
    this.expectOp("(");
    const spec: [string, Expression | undefined][] = [];
    do {
      const column = this.identifier();
      spec.push([column, this.acceptOp("=") ? this.expression() : undefined]);
    } while (this.acceptOp(","));
    this.expectOp(")");
    return spec;
  }

  /** `(key 'value', 'k2' = 2, a.b true)`: Spark's propertyList, values as text. */
  private propertyList(): Record<string, string> {
    this.expectOp("(");
    const properties: Record<string, string> = {};
    if (this.acceptOp(")")) return properties;
    do {
      const key = this.propertyKey();
      this.acceptOp("=");
      const t = this.token;
      if (t.kind === "string" || t.kind === "number") properties[key] = t.value;
      else if (t.kind === "ident" && ["true", "false"].includes(t.value.toLowerCase()))
        properties[key] = t.value.toLowerCase();
      else throw this.error();
      this.index += 1;
    } while (this.acceptOp(","));
    this.expectOp(")");
    return properties;
  }

  private propertyKey(): string {
    if (this.token.kind === "string") return this.stringLiteral();
    return this.multipartIdentifier().join(".");
  }

  private stringLiteral(): string {
    const t = this.token;
    if (t.kind !== "string") throw this.error();
    this.index += 1;
    return t.value;
  }

  /** `[LIKE] 'pattern'` of SHOW TABLES and SHOW DATABASES. */
  private likePattern(): string | undefined {
    const like = this.acceptWord("like");
    if (!like && this.token.kind !== "string") return undefined;
    return this.stringLiteral();
  }

  private ifNotExists(): boolean {
    if (this.peekWord() !== "if") return false;
    this.index += 1;
    this.expectWord("not");
    this.expectWord("exists");
    return true;
  }

  private ifExists(): boolean {
    if (!this.acceptWord("if")) return false;
    this.expectWord("exists");
    return true;
  }

  private acceptNamespaceWord(): boolean {
    const word = this.peekWord();
    if (!word || !NAMESPACE_WORDS.includes(word)) return false;
    this.index += 1;
    return true;
  }

  /** RESET [key]: every runtime conf (or the one key) back to its default. */
  private reset(): Statement {
    this.expectWord("reset");
    if (this.atEnd() || this.isOp(";")) return { kind: "reset" };
    const start = this.token.pos;
    while (!this.atEnd() && !this.isOp(";")) this.index += 1;
    return { kind: "reset", key: this.text.slice(start, this.token.pos).trim() };
  }

  /** EXPLAIN [EXTENDED | CODEGEN | COST | FORMATTED] query. */
  private explain(): Statement {
    this.expectWord("explain");
    let mode: "simple" | "extended" | "codegen" | "cost" | "formatted" = "simple";
    const word = this.peekWord();
    if (word === "extended" || word === "codegen" || word === "cost" || word === "formatted") {
      mode = word;
      this.index += 1;
    } else if (word === "logical") throw this.unsupported("EXPLAIN LOGICAL");
    const next = this.peekWord();
    if (next && COMMAND_WORDS.has(next)) throw this.unsupported("EXPLAIN of a command");
    return { kind: "explain", mode, query: this.trailingQuery().query };
  }

  /** Skips the rest of the statement (a statement refused once its target is known). */
  private skipToEnd(): void {
    while (!this.atEnd() && !this.isOp(";")) this.index += 1;
  }

  /** Whether the token after the current one is the word. */
  private nextIs(word: string): boolean {
    const next = this.tokens[this.index + 1];
    return next?.kind === "ident" && next.value.toLowerCase() === word;
  }

  /** A function's name: identifiers, or an operator Spark registers as a function (`+`, `<=>`). */
  private functionNameParts(): string[] {
    if (this.token.kind === "op") {
      const op = this.token.text;
      this.index += 1;
      return [op];
    }
    return this.multipartIdentifier();
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
    let from = this.acceptWord("from") ? this.fromClause() : undefined;
    while (from && this.peekWord() === "lateral" && this.peekWord(1) === "view")
      from = this.lateralView(from);
    if (this.peekWord() === "lateral") throw this.unsupported("LATERAL");
    const where = this.acceptWord("where") ? this.expression() : undefined;
    let groupBy: Expression[] | undefined;
    let groupingSets: number[][] | undefined;
    if (this.peekWord() === "group") {
      this.index += 1;
      this.expectWord("by");
      ({ groupBy, groupingSets } = this.groupByClause());
    }
    const having = this.acceptWord("having") ? this.expression() : undefined;
    if (this.peekWord() === "window" || this.peekWord() === "qualify")
      throw this.unsupported("WINDOW/QUALIFY");
    return { kind: "select", distinct, items, from, where, groupBy, groupingSets, having };
  }

  /** `LATERAL VIEW [OUTER] generator(args) tableAlias [AS] col, ...` after `child`. */
  private lateralView(child: FromClause): FromClause {
    this.index += 2;
    const outer = this.acceptWord("outer");
    const generator = this.identifier().toLowerCase();
    this.expectOp("(");
    const args: Expression[] = [];
    if (!this.acceptOp(")")) {
      do args.push(this.expression());
      while (this.acceptOp(","));
      this.expectOp(")");
    }
    // Spark's grammar reads `LATERAL VIEW explode(a) AS c` as a table named AS: no name qualifies the columns.
    const tableAlias = this.peekWord() === "as" ? undefined : this.identifier();
    const columns: string[] = [];
    const startsColumn = () =>
      this.token.kind === "quotedIdent" || (this.token.kind === "ident" && !isReserved(this.token.value));
    if (this.acceptWord("as") || startsColumn()) {
      do columns.push(this.identifier());
      while (this.acceptOp(","));
    }
    return { kind: "lateralView", child, outer, generator, args, tableAlias, columns };
  }

  /**
   * GROUP BY's list: expressions, `CUBE(...)`, `ROLLUP(...)` and `GROUPING SETS(...)`, whose sets multiply (Spark
   * 3.1's mixed grouping analytics), or Hive's `a, b WITH CUBE | WITH ROLLUP | GROUPING SETS (...)`.
   */
  private groupByClause(): { groupBy: Expression[]; groupingSets?: number[][] } {
    const elements: Expression[][][] = [];
    const plain: Expression[] = [];
    let analytics = false;
    do {
      const word = this.peekWord();
      if ((word === "cube" || word === "rollup") && this.isOp("(", 1)) {
        const pos = this.token.pos;
        this.index += 1;
        const groups = this.parenthesized(() => this.groupingSet());
        if (groups.some((g) => g.length === 0)) {
          throw new ParseError(invalidGroupingSet(word.toUpperCase(), pos, this.text), pos);
        }
        const sets = word === "cube" ? cubeSets(groups.length) : rollupSets(groups.length);
        elements.push(sets.map((set) => set.flatMap((i) => groups[i])));
        analytics = true;
      } else if (word === "grouping" && this.peekWord(1) === "sets") {
        this.index += 2;
        elements.push(this.parenthesized(() => this.groupingSet()));
        analytics = true;
      } else {
        const e = this.expression();
        plain.push(e);
        elements.push([[e]]);
      }
    } while (this.acceptOp(","));
    // Hive's forms apply to the plain expressions listed before them.
    if (this.peekWord() === "with" && ["cube", "rollup"].includes(this.peekWord(1) ?? "")) {
      this.index += 1;
      const cube = this.acceptWord("cube");
      if (!cube) this.expectWord("rollup");
      const sets = cube ? cubeSets(plain.length) : rollupSets(plain.length);
      return asGroupBy(
        groupingSetsOf(
          sets.map((set) => set.map((i) => plain[i])),
          plain,
        ),
      );
    }
    if (this.peekWord() === "grouping" && this.peekWord(1) === "sets") {
      this.index += 2;
      return asGroupBy(
        groupingSetsOf(
          this.parenthesized(() => this.groupingSet()),
          plain,
        ),
      );
    }
    if (!analytics) return { groupBy: plain };
    // The sets of several elements: every combination of one set of each, concatenated.
    const sets = elements.reduce<Expression[][]>(
      (acc, element) => acc.flatMap((left) => element.map((right) => [...left, ...right])),
      [[]],
    );
    return asGroupBy(groupingSetsOf(sets, []));
  }

  /** A grouping set: `(a, b)`, `()` or `a`. */
  private groupingSet(): Expression[] {
    if (!this.isOp("(") || this.atSubquery()) return [this.expression()];
    const start = this.index;
    this.expectOp("(");
    if (this.acceptOp(")")) return [];
    const set = [this.expression()];
    while (this.acceptOp(",")) set.push(this.expression());
    this.expectOp(")");
    if (this.isOp(",") || this.isOp(")")) return set;
    // `(a) + 1`: an expression that starts with a parenthesis.
    this.index = start;
    return [this.expression()];
  }

  /** `( item, ... )`. */
  private parenthesized<T>(item: () => T): T[] {
    this.expectOp("(");
    const items = [item()];
    while (this.acceptOp(",")) items.push(item());
    this.expectOp(")");
    return items;
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
    const relation = this.relation();
    if (this.atUnpivot()) return this.unpivotClause(relation);
    if (this.peekWord() !== "pivot" || !this.isOp("(", 1)) return relation;
    this.index += 1;
    this.expectOp("(");
    const aggregates = [this.pivotAggregate()];
    while (this.acceptOp(",")) aggregates.push(this.pivotAggregate());
    this.expectWord("for");
    if (this.isOp("(")) {
      const columns: Expression[] = this.parenthesized(() => ({
        kind: "column",
        parts: [this.identifier()],
      }));
      this.expectWord("in");
      const tuples = this.parenthesized(() => this.pivotTuple());
      this.expectOp(")");
      const column = columns[0];
      return {
        kind: "pivot",
        child: relation,
        aggregates,
        column,
        columns,
        values: [],
        tuples,
        alias: this.tableAlias(),
      };
    }
    const column: Expression = { kind: "column", parts: [this.identifier()] };
    this.expectWord("in");
    const values = this.parenthesized(() => this.namedExpression());
    this.expectOp(")");
    return { kind: "pivot", child: relation, aggregates, column, values, alias: this.tableAlias() };
  }

  /** `(v1, v2) [[AS] alias]` in a PIVOT over several columns; a bare value is kept for the analyzer to refuse. */
  private pivotTuple(): PivotTuple {
    const tuple = this.isOp("(");
    const values = tuple ? this.parenthesized(() => this.expression()) : [this.expression()];
    return { values, tuple, alias: this.optionalAlias() };
  }

  /** `[AS] alias` where one may follow (not before `,` / `)`). */
  private optionalAlias(): string | undefined {
    if (this.acceptWord("as")) return this.identifier();
    if (this.token.kind === "quotedIdent" || (this.token.kind === "ident" && !isReserved(this.token.value))) {
      return this.identifier();
    }
    return undefined;
  }

  /** At `UNPIVOT (` or `UNPIVOT INCLUDE|EXCLUDE NULLS (`. */
  private atUnpivot(): boolean {
    if (this.peekWord() !== "unpivot") return false;
    const next = this.tokens[this.index + 1];
    return this.isOp("(", 1) || (next.kind === "ident" && /^(include|exclude)$/i.test(next.value));
  }

  /** `UNPIVOT [INCLUDE|EXCLUDE NULLS] (values FOR name IN (columns))` after `relation`, as Spark's grammar. */
  private unpivotClause(relation: FromClause): FromClause {
    this.expectWord("unpivot");
    let includeNulls = false;
    if (this.acceptWord("include")) {
      includeNulls = true;
      this.expectWord("nulls");
    } else if (this.acceptWord("exclude")) this.expectWord("nulls");
    this.expectOp("(");
    const multi = this.isOp("(");
    const valueColumnNames = multi ? this.parenthesized(() => this.identifier()) : [this.identifier()];
    this.expectWord("for");
    const nameColumn = this.identifier();
    this.expectWord("in");
    const columns = this.parenthesized(() => {
      const values = multi ? this.parenthesized(() => this.expression()) : [this.expression()];
      return { values, alias: this.optionalAlias() };
    });
    this.expectOp(")");
    return {
      kind: "unpivot",
      child: relation,
      includeNulls,
      valueColumnNames,
      nameColumn,
      columns,
      alias: this.tableAlias(),
    };
  }

  /** `agg [[AS] alias]` before PIVOT's FOR, which is no alias. */
  private pivotAggregate(): Expression {
    const e = this.expression();
    if (this.peekWord() === "for") return e;
    if (this.acceptWord("as") || this.token.kind === "ident" || this.token.kind === "quotedIdent") {
      return { kind: "alias", child: e, name: this.identifier() };
    }
    return e;
  }

  private relation(): FromClause {
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
      const alias = this.tableAlias();
      let columns: string[] | undefined;
      if (alias !== undefined && this.acceptOp("(")) {
        columns = [this.identifier()];
        while (this.acceptOp(",")) columns.push(this.identifier());
        this.expectOp(")");
      }
      return { kind: "function", name: parts[0].toLowerCase(), args, alias, columns };
    }
    return { kind: "table", name: parts[parts.length - 1], parts, alias: this.tableAlias(), pos };
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
    // `t PIVOT (...)` / `t UNPIVOT (...)` start a clause, not an alias.
    if ((this.peekWord() === "pivot" && this.isOp("(", 1)) || this.atUnpivot()) return undefined;
    const t = this.token;
    if (t.kind === "quotedIdent" || (t.kind === "ident" && !isReserved(t.value))) return this.identifier();
    return undefined;
  }
}

function asGroupBy(grouping: { exprs: Expression[]; sets: number[][] }) {
  return { groupBy: grouping.exprs, groupingSets: grouping.sets };
}

/** Parses one statement; throws ParseError (syntax) or UnsupportedSyntax (valid, but not planned here). */
export function parseStatement(text: string): Statement {
  return new StatementParser(tokenize(text), text).statement();
}

/** Whether the statement is a command (DDL or DML) rather than a query. */
export function isCommand(text: string): boolean {
  const first = tokenize(text)[0];
  return first.kind === "ident" && COMMAND_WORDS.has(first.value.toLowerCase());
}

/** `db.t`, `` `my table` ``: the parts of a multi-part name, as Spark's parseMultipartIdentifier. */
export function parseMultipartIdentifier(text: string): string[] {
  const parser = new StatementParser(tokenize(text), text);
  const parts = parser.multipartIdentifier();
  if (!parser.atEnd()) throw parser.error();
  return parts;
}
