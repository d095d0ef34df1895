/**
 * What `spark.sql(text)` runs, as Spark's SparkSqlParser: the statement is parsed (SqlParser), a query becomes
 * the logical plan the DataFrame API would build (AstBuilder), so a SELECT over a streaming view is a streaming
 * DataFrame; commands (CREATE TABLE / VIEW / DATABASE, INSERT, DROP, ALTER, SHOW, DESCRIBE, USE, SET) run at
 * once, as Spark runs commands eagerly. Query syntax the parser does not cover (window functions, subquery
 * expressions, ...) runs as DuckDB SQL, for batch queries.
 */

import type { ParseException } from "../../errors";
import {
  batchActionOnStreamingDataFrame,
  expectTableNotView,
  insertIntoRddBasedTable,
  notSupportedWithoutHive,
  rangeArguments,
  streamingSqlUnsupported,
  tableOrViewNotFound,
  tempViewNameTooManyParts,
  unsupportedTableOperation,
} from "../../errors/QueryCompilationErrors";
import {
  duplicatedTablePaths,
  operationNotAllowed,
  parseSyntaxError,
  temporaryTableWithoutProvider,
  unsupportedSyntax,
  unsupportedSyntaxReason,
} from "../../errors/QueryParsingErrors";
import { normalizePath } from "../../io/FileSystem";
import type { SparkSession } from "../../session/SparkSession";
import { DataFrame } from "../api/DataFrame";
import { viewMarker } from "../codegen/planCompiler";
import { translateSparkSql } from "../codegen/sqlText";
import { AstBuilder } from "../parser/AstBuilder";
import type { Command, CreateTableStatement, InsertStatement } from "../parser/commands";
import { ParseError, UnsupportedSyntax } from "../parser/ParseError";
import { isCommand, parseStatement, type Query, type Statement } from "../parser/SqlParser";
import { isStreamingPlan, type LogicalPlan, newPlanId } from "../plan";
import { commandResult } from "./command/commandResult";
import {
  createDataSourceTable,
  createTableAsSelect,
  type TableDefinition,
} from "./command/createDataSourceTables";
import {
  addColumns,
  alterTableProperties,
  analyzeTable,
  cacheKey,
  createDatabase,
  databaseName,
  dropDatabase,
  dropTable,
  renameTable,
  truncateTable,
} from "./command/ddl";
import { insertIntoTable } from "./command/insertIntoTable";
import {
  type CommandRows,
  describeDatabase,
  describeFunction,
  describeQuery,
  describeTable,
  showCatalogs,
  showColumns,
  showCreateTable,
  showCurrentNamespace,
  showDatabases,
  showFunctions,
  showPartitions,
  showTableProperties,
  showTables,
} from "./command/tables";
import { alterViewAs, createView } from "./command/views";
import { explainString } from "./explain";
import { resolveSQLOnFile } from "./ResolveSQLOnFile";

export class SparkSqlParser {
  constructor(private readonly session: SparkSession) {}

  /** The statement's result: a query's DataFrame, or what a command returns once it has run. */
  parsePlan(query: string): DataFrame {
    const session = this.session;
    let statement: Statement;
    try {
      statement = parseStatement(query);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      // A command's syntax error is an error; only a query may be valid Spark the planner does not cover.
      if (!isCommand(query)) return this.sqlThroughDuckDB(query, error);
      throw error instanceof UnsupportedSyntax || error.near === undefined
        ? error.exception
        : this.syntaxError(query, error);
    }
    switch (statement.kind) {
      case "query":
        return this.astBuilder().query(statement.query);
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
      case "reset":
        // Spark's ResetCommand: the runtime confs (not the static ones) go back to their defaults.
        if (statement.key !== undefined) session.conf.unset(statement.key);
        else
          for (const key of Object.keys(session.conf.getAll()))
            if (session.conf.isModifiable(key)) session.conf.unset(key);
        return commandResult(session);
      case "explain": {
        const df = this.query(statement.query);
        return session.createDataFrame([{ plan: explainString(df.plan, statement.mode) }], "plan STRING");
      }
      default:
        return this.runCommand(statement);
    }
  }

  /** Runs a command now (Spark runs commands eagerly); a command that writes returns a DataFrame pending on it. */
  private runCommand(command: Command): DataFrame {
    const session = this.session;
    const catalog = session.sessionCatalog;
    const done = (work: Promise<unknown> | undefined) => commandResult(session, work);
    const rows = (result: CommandRows | Promise<CommandRows>) =>
      result instanceof Promise
        ? new DataFrame(
            session,
            result.then((r) => commandResult(session, undefined, r).plan),
          )
        : commandResult(session, undefined, result);
    switch (command.kind) {
      case "createTable":
        return done(this.createTable(command));
      case "createView":
        return done(createView(session, command, this.query(command.query)));
      case "alterViewAs":
        return done(
          alterViewAs(session, command.name, command.query, this.query(command.query), command.queryText),
        );
      case "insert":
        return done(this.insert(command));
      case "dropTable":
        return done(dropTable(session, command.name, command.ifExists, false));
      case "dropView":
        return done(dropTable(session, command.name, command.ifExists, true));
      case "truncateTable":
        return done(truncateTable(session, command.name));
      case "renameTable":
        return done(renameTable(session, command.name, command.to, command.isView));
      case "setTableProperties":
        return done(alterTableProperties(session, command.name, command.isView, command.set, command.unset));
      case "createDatabase":
        return done(
          createDatabase(
            session,
            command.name,
            command.ifNotExists,
            command.comment,
            command.location,
            command.properties,
          ),
        );
      case "dropDatabase":
        return done(dropDatabase(session, command.name, command.ifExists, command.cascade));
      case "use":
        catalog.setCurrentDatabase(databaseName(command.name));
        return done(undefined);
      case "showTables":
        return rows(showTables(session, command.database, command.pattern, command.views));
      case "showDatabases":
        return rows(showDatabases(session, command.pattern));
      case "showCatalogs":
        return rows(showCatalogs(command.pattern));
      case "showCurrentNamespace":
        return rows(showCurrentNamespace(session));
      case "showColumns":
        return rows(showColumns(session, command.table, command.database));
      case "showCreateTable":
        if (command.asSerde) throw unsupportedSyntax("SHOW CREATE TABLE ... AS SERDE");
        return rows(showCreateTable(session, command.name));
      case "showTableProperties":
        return rows(showTableProperties(session, command.name, command.key));
      case "showPartitions":
        return rows(showPartitions(session, command.name));
      case "describeTable":
        return rows(describeTable(session, command.name, command.extended, command.column));
      case "describeDatabase":
        return rows(describeDatabase(session, command.name, command.extended));
      case "cacheTable":
        if (command.query) {
          if (command.name.length !== 1) throw tempViewNameTooManyParts(command.name);
          catalog.createTempView(command.name[0], this.query(command.query), false);
        }
        catalog.cached.add(cacheKeyOf(session, command.name));
        return done(undefined);
      case "uncacheTable":
        if (command.ifExists && !catalog.lookupRelation(command.name)) return done(undefined);
        catalog.cached.delete(cacheKeyOf(session, command.name));
        return done(undefined);
      case "clearCache":
        catalog.cached.clear();
        return done(undefined);
      case "refreshTable":
        catalog.resolveRelation(command.name);
        return done(undefined);
      case "analyzeTable":
        return done(analyzeTable(session, command.name, command.noScan));
      case "addColumns":
        return done(addColumns(session, command.name, command.columns));
      case "showFunctions":
        return rows(showFunctions(session, command.scope, command.database, command.pattern));
      case "describeFunction":
        return rows(describeFunction(session, command.name, command.extended));
      case "describeQuery": {
        const query = this.query(command.query);
        return rows(describeQuery(query.schema));
      }
      case "rowLevelOperation": {
        // Spark's file-source (V1) tables support no row-level changes; a temporary view is not a table.
        const resolved = catalog.resolveRelation(command.name);
        if (resolved.kind === "temp") throw expectTableNotView(`\`${resolved.name}\``, command.operation);
        throw unsupportedTableOperation(resolved.table.identifier, command.operation);
      }
    }
  }

  /** CREATE TABLE: Spark's AstBuilder checks, then CreateDataSourceTableCommand or its AS SELECT form. */
  private createTable(command: CreateTableStatement): Promise<void> | undefined {
    const session = this.session;
    const provider = command.provider ?? session.conf.get("spark.sql.sources.default");
    if (command.hiveFormat || provider.toLowerCase() === "hive") {
      throw notSupportedWithoutHive("CREATE Hive TABLE (AS SELECT)");
    }
    const pathKey = Object.keys(command.options).find((k) => k.toLowerCase() === "path");
    if (pathKey && command.location !== undefined) {
      throw duplicatedTablePaths(command.location, command.options[pathKey]);
    }
    const location = command.location ?? (pathKey ? command.options[pathKey] : undefined);
    const options = Object.fromEntries(Object.entries(command.options).filter(([k]) => k !== pathKey));
    if (command.temporary) {
      // Spark's old CREATE TEMPORARY TABLE ... USING: a temporary view over the files.
      if (!command.provider) throw temporaryTableWithoutProvider();
      if (command.name.length !== 1) throw tempViewNameTooManyParts(command.name);
      let reader = session.read.format(provider).options(options);
      if (command.columns) reader = reader.schema(command.columns);
      const df = reader.load(location ?? []);
      if (command.global) session.sessionCatalog.createGlobalTempView(command.name[0], df, command.replace);
      else session.sessionCatalog.createTempView(command.name[0], df, command.replace);
      return undefined;
    }
    if (command.external && location === undefined) {
      throw operationNotAllowed("CREATE EXTERNAL TABLE must be accompanied by LOCATION");
    }
    const ident = session.sessionCatalog.qualify(command.name);
    if (command.replace)
      throw unsupportedTableOperation(ident, command.query ? "REPLACE TABLE AS SELECT" : "REPLACE TABLE");
    let definition: TableDefinition = {
      ident,
      provider,
      schema: command.columns,
      partitionColumns: command.partitionBy,
      clusteringColumns: command.clusterBy,
      location: location === undefined ? undefined : normalizePath(location),
      options,
      comment: command.comment,
      properties: command.properties,
    };
    if (command.like) definition = this.like(definition, command.like, command.provider);
    if (command.query) {
      if (command.columns) {
        throw operationNotAllowed("Schema may not be specified in a Create Table As Select (CTAS) statement");
      }
      const query = this.query(command.query);
      if (query.isStreaming) throw batchActionOnStreamingDataFrame();
      return createTableAsSelect(session, definition, query, command.ifNotExists);
    }
    return createDataSourceTable(session, definition, command.ifNotExists);
  }

  /** CREATE TABLE t LIKE s: s's columns, partitioning and format (a view's or temporary view's columns). */
  private like(
    definition: TableDefinition,
    source: readonly string[],
    provider: string | undefined,
  ): TableDefinition {
    const resolved = this.session.sessionCatalog.resolveRelation(source);
    if (resolved.kind === "temp") return { ...definition, schema: resolved.df.schema };
    const table = resolved.table;
    return {
      ...definition,
      provider: provider ?? table.provider ?? definition.provider,
      schema: table.schema,
      partitionColumns: table.partitionColumnNames,
      clusteringColumns: table.clusteringColumnNames,
    };
  }

  /** INSERT INTO / OVERWRITE: into a table of the catalog; a temporary view of a DataFrame takes no rows. */
  private insert(command: InsertStatement): Promise<void> {
    const session = this.session;
    const resolved = session.sessionCatalog.resolveRelation(command.table);
    if (resolved.kind === "temp") throw insertIntoRddBasedTable();
    if (command.ifPartitionNotExists) throw unsupportedSyntax("INSERT ... PARTITION (...) IF NOT EXISTS");
    const query = this.query(command.query);
    if (query.isStreaming) throw batchActionOnStreamingDataFrame();
    return insertIntoTable(session, resolved.table, query, {
      overwrite: command.overwrite,
      partition: command.partition,
      columns: command.columns,
      byName: command.byName,
    });
  }

  private query(query: Query): DataFrame {
    return this.astBuilder().query(query);
  }

  private astBuilder(): AstBuilder {
    const session = this.session;
    return new AstBuilder({
      table: (parts) => session.sessionCatalog.lookupRelation(parts) ?? resolveSQLOnFile(session, parts),
      sqlText: (text, reason) => this.sqlThroughDuckDB(text, reason),
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
      notFound: (parts) => tableOrViewNotFound(parts),
    });
  }

  /** A statement the planner does not cover, translated to DuckDB's dialect (batch queries only). */
  private sqlThroughDuckDB(query: string, reason: ParseError): DataFrame {
    const views = new Map<string, LogicalPlan>();
    let translated: string;
    try {
      translated = translateSparkSql(query, (name) => {
        const view = this.session.sessionCatalog.lookupRelation([name]);
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

  /** A ParseError with its own exception (not "at or near" a token) keeps it, as for commands. */
  private syntaxError(query: string, error: ParseError): ParseException {
    if (error.near === undefined && !(error instanceof UnsupportedSyntax)) return error.exception;
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
}

/** The key CACHE TABLE marks a name under: a temporary view's own, or the catalog table's qualified name. */
function cacheKeyOf(session: SparkSession, parts: readonly string[]): string {
  const resolved = session.sessionCatalog.resolveRelation(parts);
  return resolved.kind === "temp"
    ? `temp:${resolved.global ? "global_temp." : ""}${resolved.name}`
    : cacheKey(resolved.table.identifier);
}
