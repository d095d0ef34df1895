/**
 * Spark's CreateViewCommand and AlterViewAsCommand: temporary views (the session's), global temporary views
 * (`global_temp`), and persistent views, which the catalog keeps as their SQL text and reads again each time.
 */
import { type CatalogTable, GLOBAL_TEMP_DATABASE, quotedName } from "../../../catalog/CatalogTable";
import {
  columnAlreadyExists,
  createViewColumnArityMismatch,
  expectViewNotTable,
  invalidTempObjectReference,
  schemaNotFound,
  tableAlreadyExists,
  tempViewNameTooManyParts,
} from "../../../errors/QueryCompilationErrors";
import { toSQLId } from "../../../errors/QueryErrorsBase";
import {
  createViewWithIfNotExistsAndReplace,
  temporaryViewWithIfNotExists,
} from "../../../errors/QueryParsingErrors";
import type { SparkSession } from "../../../session/SparkSession";
import { Column } from "../../api/Column";
import type { DataFrame } from "../../api/DataFrame";
import type { CreateViewStatement } from "../../parser/commands";
import type { FromClause, Query } from "../../parser/SqlParser";
import { StructField, StructType } from "../../types";
import { validateName } from "./createDataSourceTables";

/** CREATE [OR REPLACE] [[GLOBAL] TEMP] VIEW; `query` is the statement's query, built. */
export function createView(
  session: SparkSession,
  statement: CreateViewStatement,
  query: DataFrame,
): Promise<void> | undefined {
  if (statement.ifNotExists && statement.replace) throw createViewWithIfNotExistsAndReplace();
  if (statement.temporary && statement.ifNotExists) throw temporaryViewWithIfNotExists();
  const catalog = session.sessionCatalog;
  const name = statement.name;
  const viewId = statement.temporary ? toSQLId(name) : quotedName(catalog.qualify(name));
  const { df, schema } = withViewColumns(viewId, query, statement.columns);
  if (statement.temporary) {
    const global = statement.global;
    const parts =
      global && name.length === 2 && name[0].toLowerCase() === GLOBAL_TEMP_DATABASE ? name.slice(1) : name;
    if (parts.length !== 1) throw tempViewNameTooManyParts(name);
    if (global) catalog.createGlobalTempView(parts[0], df, statement.replace);
    else catalog.createTempView(parts[0], df, statement.replace);
    return undefined;
  }
  const ident = catalog.qualify(name);
  validateName(ident.table);
  if (!catalog.external.databaseExists(ident.database)) throw schemaNotFound(ident.database);
  const temp = tempViewsRead(statement.query, (n) => catalog.getTempView(n) !== undefined);
  if (temp) throw invalidTempObjectReference(ident, temp);
  const existing = catalog.external.getTable(ident);
  if (existing) {
    if (statement.ifNotExists) return undefined;
    if (existing.tableType !== "VIEW") throw expectViewNotTable(ident, "CREATE OR REPLACE VIEW");
    if (!statement.replace) throw tableAlreadyExists(ident);
  }
  const view: CatalogTable = {
    identifier: ident,
    tableType: "VIEW",
    schema,
    partitionColumnNames: [],
    clusteringColumnNames: [],
    storageProperties: {},
    properties: statement.properties,
    comment: statement.comment,
    createTime: Date.now(),
    viewText: statement.queryText,
  };
  return existing ? catalog.external.alterTable(view) : catalog.external.createTable(view);
}

/** ALTER VIEW v AS query: a temporary view is replaced; a persistent view keeps its name, takes the new query. */
export function alterViewAs(
  session: SparkSession,
  parts: readonly string[],
  parsed: Query,
  query: DataFrame,
  queryText: string,
): Promise<void> | undefined {
  const catalog = session.sessionCatalog;
  const resolved = catalog.resolveRelation(parts);
  if (resolved.kind === "temp") {
    if (resolved.global) catalog.createGlobalTempView(resolved.name, query, true);
    else catalog.createTempView(resolved.name, query, true);
    return undefined;
  }
  const { table } = resolved;
  if (table.tableType !== "VIEW") throw expectViewNotTable(table.identifier, "ALTER VIEW ... AS", true);
  const temp = tempViewsRead(parsed, (n) => catalog.getTempView(n) !== undefined);
  if (temp) throw invalidTempObjectReference(table.identifier, temp);
  return catalog.external.alterTable({ ...table, schema: query.schema, viewText: queryText });
}

/**
 * `CREATE VIEW v (a COMMENT 'x', b) AS ...`: the query's columns renamed, by position; the view's schema keeps
 * the comments.
 */
function withViewColumns(
  viewId: string,
  query: DataFrame,
  columns: CreateViewStatement["columns"],
): { df: DataFrame; schema: StructType } {
  if (!columns) return { df: query, schema: query.schema };
  if (columns.length !== query.columns.length) {
    throw createViewColumnArityMismatch(
      viewId,
      columns.map((c) => c.name),
      query.columns,
    );
  }
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name.toLowerCase())) throw columnAlreadyExists(c.name.toLowerCase());
    seen.add(c.name.toLowerCase());
  }
  const renamed = query.select(
    ...query.columns.map((c, i) =>
      new Column({ kind: "column", parts: [c], index: i }).alias(columns[i].name),
    ),
  );
  const fields = renamed.schema.fields.map((f, i) => {
    const comment = columns[i].comment;
    return comment === undefined
      ? f
      : new StructField(f.name, f.dataType, f.nullable, { ...f.metadata, comment });
  });
  return { df: renamed, schema: new StructType(fields) };
}

/** The first temporary view a query reads by name (not a CTE of its own), or undefined. */
export function tempViewsRead(query: Query, isTempView: (name: string) => boolean): string | undefined {
  const ctes = new Set<string>();
  const visitQuery = (q: Query): string | undefined => {
    for (const [name] of q.ctes ?? []) ctes.add(name.toLowerCase());
    for (const [, body] of q.ctes ?? []) {
      const found = visitQuery(body);
      if (found) return found;
    }
    if (q.kind === "setOperation") return visitQuery(q.left) ?? visitQuery(q.right);
    if (q.kind === "select" && q.from) return visitFrom(q.from);
    return undefined;
  };
  const visitFrom = (from: FromClause): string | undefined => {
    switch (from.kind) {
      case "table":
        return from.parts.length === 1 && !ctes.has(from.name.toLowerCase()) && isTempView(from.name)
          ? from.name
          : undefined;
      case "subquery":
        return visitQuery(from.query);
      case "join":
        return visitFrom(from.left) ?? visitFrom(from.right);
      default:
        return undefined;
    }
  };
  return visitQuery(query);
}
