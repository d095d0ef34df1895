/**
 * What `spark.sql(text)` runs, as Spark's SparkSqlParser: the statement is parsed (SqlParser), a query becomes
 * the logical plan the DataFrame API would build (AstBuilder), so a SELECT over a streaming view is a streaming
 * DataFrame; commands (CREATE/DROP VIEW, SET, SHOW TABLES) run at once, as Spark runs commands eagerly. Syntax
 * the parser does not cover (window functions, subquery expressions, ...) runs as DuckDB SQL, for batch queries.
 */

import type { ParseException } from "../../errors";
import {
  rangeArguments,
  streamingSqlUnsupported,
  tableOrViewNotFound,
} from "../../errors/QueryCompilationErrors";
import { parseSyntaxError, unsupportedSyntaxReason } from "../../errors/QueryParsingErrors";
import type { SparkSession } from "../../session/SparkSession";
import { DataFrame } from "../api/DataFrame";
import { viewMarker } from "../codegen/planCompiler";
import { translateSparkSql } from "../codegen/sqlText";
import { AstBuilder } from "../parser/AstBuilder";
import { ParseError, UnsupportedSyntax } from "../parser/ParseError";
import { parseStatement, type Statement } from "../parser/SqlParser";
import { isStreamingPlan, type LogicalPlan, newPlanId } from "../plan";
import { StructType } from "../types";

export class SparkSqlParser {
  constructor(private readonly session: SparkSession) {}

  /** The statement's result: a query's DataFrame, or what a command returns once it has run. */
  parsePlan(query: string): DataFrame {
    const session = this.session;
    let statement: Statement;
    try {
      statement = parseStatement(query);
    } catch (error) {
      if (error instanceof ParseError) return this.sqlThroughDuckDB(query, error);
      throw error;
    }
    switch (statement.kind) {
      case "query":
        return this.astBuilder().query(statement.query);
      case "createView":
        session.catalog.registerView(
          statement.name,
          this.astBuilder().query(statement.query),
          statement.replace,
        );
        return this.emptyDataFrame();
      case "dropView":
        session.catalog.dropView(statement.name, statement.ifExists);
        return this.emptyDataFrame();
      case "set":
        if (statement.key === undefined) {
          const all = Object.entries(session.conf.getAll()).map(([key, value]) => ({ key, value }));
          return session.createDataFrame(all, "key STRING, value STRING");
        }
        if (statement.value !== undefined) session.conf.set(statement.key, statement.value);
        return session.createDataFrame(
          [{ key: statement.key, value: session.conf.getOption(statement.key) ?? "<undefined>" }],
          "key STRING, value STRING",
        );
      case "showTables":
        return session.createDataFrame(
          session.catalog.listTables().map((t) => ({ namespace: "", tableName: t.name, isTemporary: true })),
          "namespace STRING, tableName STRING, isTemporary BOOLEAN",
        );
    }
  }

  private astBuilder(): AstBuilder {
    const session = this.session;
    return new AstBuilder({
      table: (name) => session.lookupTable(name),
      tableFunction: (name, args) => {
        if (name !== "range") return undefined;
        const values = args.map((a) => (a.kind === "literal" ? Number(a.value) : Number.NaN));
        if (values.some(Number.isNaN) || values.length === 0 || values.length > 3) {
          throw rangeArguments();
        }
        return values.length === 1
          ? session.range(values[0])
          : session.range(values[0], values[1], values[2] ?? 1);
      },
      oneRow: () => this.sqlRelation("SELECT 1 AS __one_row", new Map()),
      notFound: (name) => tableOrViewNotFound(name),
    });
  }

  /** A statement the planner does not cover, translated to DuckDB's dialect (batch queries only). */
  private sqlThroughDuckDB(query: string, reason: ParseError): DataFrame {
    const views = new Map<string, LogicalPlan>();
    let translated: string;
    try {
      translated = translateSparkSql(query, (name) => {
        const view = this.session.catalog.view(name);
        if (!view) return undefined;
        views.set(name.toLowerCase(), view.plan);
        return viewMarker(name);
      });
    } catch {
      throw this.syntaxError(query, reason);
    }
    try {
      this.session.db.query(`EXPLAIN ${translated.replace(/\/\*view:[^*]+\*\//g, "(SELECT 1)")}`);
    } catch (error) {
      // DuckDB cannot read it either: a syntax error, reported where Spark's parser stops.
      if (/^Parser Error/.test((error as Error).message)) throw this.syntaxError(query, reason);
    }
    if ([...views.values()].some(isStreamingPlan)) {
      throw streamingSqlUnsupported(
        reason instanceof UnsupportedSyntax
          ? unsupportedSyntaxReason(reason.syntax)
          : "the statement is not supported",
      );
    }
    return this.sqlRelation(translated, views);
  }

  private syntaxError(query: string, error: ParseError): ParseException {
    return parseSyntaxError(error.near ?? "end of input", error.position, query, error);
  }

  private sqlRelation(sql: string, views: ReadonlyMap<string, LogicalPlan>): DataFrame {
    const node = {
      kind: "relation",
      id: newPlanId(),
      isStreaming: false,
      relation: { type: "sql", sql, views },
    } as const;
    return new DataFrame(this.session, this.session.analyzer.analyse(node));
  }

  /** What DDL statements return: no columns, no rows. */
  private emptyDataFrame(): DataFrame {
    return new DataFrame(this.session, {
      kind: "relation",
      id: newPlanId(),
      isStreaming: false,
      relation: { type: "sql", sql: "SELECT NULL AS __empty WHERE FALSE", views: new Map() },
      schema: new StructType([]),
    });
  }
}
