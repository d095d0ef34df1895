/**
 * Spark's ddl.scala for Sluice's catalog: DROP TABLE / DROP VIEW, TRUNCATE TABLE, ALTER TABLE ... RENAME TO and
 * SET/UNSET TBLPROPERTIES, CREATE / DROP DATABASE and USE. Checks run at once and throw; what changes files
 * returns the Promise of its writes in the session's command queue.
 */
import {
  type CatalogTable,
  GLOBAL_TEMP_DATABASE,
  quotedName,
  SESSION_CATALOG_NAME,
  type TableIdentifier,
} from "../../../catalog/CatalogTable";
import {
  analyzeTableNotSupportedOnViews,
  columnAlreadyExists,
  expectTableNotView,
  expectViewNotTable,
  requiresSinglePartNamespace,
  systemPreservedDatabase,
  tableAlreadyExists,
  tableNotFound,
  tempViewAlreadyExists,
  truncateExternalTable,
  wrongCommandForObjectType,
} from "../../../errors/QueryCompilationErrors";
import { normalizePath } from "../../../io/FileSystem";
import type { SparkSession } from "../../../session/SparkSession";
import { StructType } from "../../types";
import { QueryExecution } from "../QueryExecution";
import { validateName } from "./createDataSourceTables";

/**
 * DROP TABLE / DROP VIEW: a temporary view of the name is dropped by either, as Spark does (not by
 * `spark.catalog.dropTable` / `dropView`, which drop the catalog's tables and views only: `allowTemp` false).
 */
export function dropTable(
  session: SparkSession,
  parts: readonly string[],
  ifExists: boolean,
  isView: boolean,
  allowTemp = true,
): Promise<void> | undefined {
  const catalog = session.sessionCatalog;
  if (allowTemp && catalog.isTempView(parts)) {
    if (parts.length === 1) catalog.dropTempView(parts[0]);
    else catalog.dropGlobalTempView(parts[parts.length - 1]);
    return undefined;
  }
  const ident = catalog.qualify(parts);
  const table = catalog.lookupTable(parts);
  if (!table) {
    if (ifExists) return undefined;
    throw tableNotFound(ident);
  }
  if (table.tableType === "VIEW" && !isView) {
    throw wrongCommandForObjectType("DROP TABLE", "EXTERNAL or MANAGED", ident, "VIEW", "DROP VIEW");
  }
  if (table.tableType !== "VIEW" && isView) {
    throw wrongCommandForObjectType("DROP VIEW", "VIEW", ident, table.tableType, "DROP TABLE");
  }
  catalog.cached.delete(cacheKey(ident));
  return catalog.external.dropTable(ident);
}

/**
 * ANALYZE TABLE ... COMPUTE STATISTICS [NOSCAN] (Spark's CommandUtils.analyzeTable): the table's size in bytes
 * (its data files) and, without NOSCAN, its rows, kept in the catalog and shown by DESCRIBE EXTENDED. A view is
 * refused (UNSUPPORTED_FEATURE.ANALYZE_VIEW) unless it is cached, where Spark analyzes the cached rows.
 */
export function analyzeTable(
  session: SparkSession,
  parts: readonly string[],
  noScan: boolean,
): Promise<void> | undefined {
  const catalog = session.sessionCatalog;
  const resolved = catalog.resolveRelation(parts);
  const key =
    resolved.kind === "temp"
      ? `temp:${resolved.global ? "global_temp." : ""}${resolved.name}`
      : cacheKey(resolved.table.identifier);
  if (resolved.kind === "temp" || resolved.table.tableType === "VIEW") {
    if (!catalog.cached.has(key)) throw analyzeTableNotSupportedOnViews();
    return undefined;
  }
  const table = resolved.table;
  return session.commands.run(async () => {
    const sizeInBytes = await dataSize(session, table.location!);
    const rowCount = noScan
      ? table.stats?.rowCount
      : // A command's own query is already past the commands before it: it must not wait for itself.
        await new QueryExecution(session, catalog.tableFrame(table).plan, false).count();
    const current = catalog.external.getTable(table.identifier);
    // The metadata file's write queues behind this command (awaiting it here would wait for itself); a
    // failure there is the session's, as every queued write's.
    if (current) {
      catalog.external.alterTable({ ...current, stats: { sizeInBytes, rowCount } }).catch(() => {});
    }
  });
}

/** The bytes of a table's data files: every file under its location but Spark's hidden `_` and `.` ones. */
async function dataSize(session: SparkSession, location: string): Promise<number> {
  let total = 0;
  for (const entry of await session.fs.list(location)) {
    if (entry.name.startsWith("_") || entry.name.startsWith(".")) continue;
    total += entry.isDirectory ? await dataSize(session, entry.path) : entry.size;
  }
  return total;
}

/** TRUNCATE TABLE: a managed table's rows go; its directory stays. */
export function truncateTable(session: SparkSession, parts: readonly string[]): Promise<void> {
  const table = catalogRelation(session, parts, "TRUNCATE TABLE");
  if (table.tableType === "VIEW") throw expectTableNotView(quotedName(table.identifier), "TRUNCATE TABLE");
  if (table.tableType === "EXTERNAL") throw truncateExternalTable(table.identifier);
  const location = table.location!;
  return session.commands.run(async () => {
    for (const entry of await session.fs.list(location)) await session.fs.delete(entry.path);
  });
}

/** ALTER TABLE / ALTER VIEW ... RENAME TO: within the same database; a temporary view keeps being one. */
export function renameTable(
  session: SparkSession,
  parts: readonly string[],
  to: readonly string[],
  isView: boolean,
): Promise<void> | undefined {
  const catalog = session.sessionCatalog;
  const resolved = catalog.resolveRelation(parts);
  if (resolved.kind === "temp") {
    const newName = to[to.length - 1];
    if (catalog.getTempView(newName)) throw tempViewAlreadyExists(newName);
    catalog.dropTempView(resolved.name);
    catalog.createTempView(newName, resolved.df, false);
    return undefined;
  }
  const { table } = resolved;
  checkTableOrView(table, isView, `${isView ? "ALTER VIEW" : "ALTER TABLE"} ... RENAME TO`);
  const target = to.length === 1 ? { ...table.identifier, table: to[0].toLowerCase() } : catalog.qualify(to);
  if (target.database !== table.identifier.database) {
    throw requiresSinglePartNamespace([table.identifier.database, target.database]);
  }
  validateName(target.table);
  if (catalog.tableExists(target)) throw tableAlreadyExists(target);
  return catalog.external.renameTable(table.identifier, target.table);
}

/**
 * ALTER TABLE ... ADD COLUMNS (Spark's AlterTableAddColumnsCommand): the new columns come after the data
 * columns, before the partition columns; files written before read them as NULL. A view is
 * EXPECT_TABLE_NOT_VIEW, a name already taken COLUMN_ALREADY_EXISTS.
 */
export function addColumns(
  session: SparkSession,
  parts: readonly string[],
  columns: StructType,
): Promise<void> {
  const operation = "ALTER TABLE ... ADD COLUMN";
  const table = catalogRelation(session, parts, operation);
  if (table.tableType === "VIEW") throw expectTableNotView(quotedName(table.identifier), operation);
  const caseSensitive = session.conf.getBoolean("spark.sql.caseSensitive");
  const key = (name: string) => (caseSensitive ? name : name.toLowerCase());
  const taken = new Set(table.schema.fieldNames.map(key));
  for (const field of columns.fields) {
    if (taken.has(key(field.name))) throw columnAlreadyExists(field.name);
    taken.add(key(field.name));
  }
  const partitions = new Set(table.partitionColumnNames);
  const data = table.schema.fields.filter((f) => !partitions.has(f.name));
  const partitionFields = table.schema.fields.filter((f) => partitions.has(f.name));
  const schema = new StructType([...data, ...columns.fields, ...partitionFields]);
  return session.sessionCatalog.external.alterTable({ ...table, schema });
}

/** ALTER TABLE / ALTER VIEW ... SET / UNSET TBLPROPERTIES. */
export function alterTableProperties(
  session: SparkSession,
  parts: readonly string[],
  isView: boolean,
  set: Readonly<Record<string, string>> = {},
  unset: readonly string[] = [],
): Promise<void> {
  const verb = unset.length > 0 ? "UNSET" : "SET";
  const table = catalogRelation(
    session,
    parts,
    `ALTER ${isView ? "VIEW" : "TABLE"} ... ${verb} TBLPROPERTIES`,
  );
  checkTableOrView(table, isView, `ALTER ${isView ? "VIEW" : "TABLE"} ... ${verb} TBLPROPERTIES`);
  const properties = { ...table.properties, ...set };
  for (const key of unset) delete properties[key];
  return session.sessionCatalog.external.alterTable({ ...table, properties });
}

/** CREATE DATABASE (SCHEMA, NAMESPACE): `<warehouse>/<db>.db` unless LOCATION says otherwise. */
export function createDatabase(
  session: SparkSession,
  parts: readonly string[],
  ifNotExists: boolean,
  comment: string | undefined,
  location: string | undefined,
  properties: Readonly<Record<string, string>>,
): Promise<void> {
  const name = databaseName(parts);
  validateName(name);
  if (name === GLOBAL_TEMP_DATABASE) throw systemPreservedDatabase(name);
  const external = session.sessionCatalog.external;
  return external.createDatabase(
    {
      name,
      description: comment ?? "",
      locationUri: location === undefined ? external.defaultDatabasePath(name) : normalizePath(location),
      properties,
    },
    ifNotExists,
  );
}

/** DROP DATABASE [CASCADE]: dropping the current database makes `default` current again. */
export function dropDatabase(
  session: SparkSession,
  parts: readonly string[],
  ifExists: boolean,
  cascade: boolean,
): Promise<void> {
  const name = databaseName(parts);
  const catalog = session.sessionCatalog;
  const done = catalog.external.dropDatabase(name, ifExists, cascade);
  if (catalog.currentDatabase === name) catalog.setCurrentDatabase("default");
  return done;
}

/** A database's name: one part, or two where the first is the session catalog's. */
export function databaseName(parts: readonly string[]): string {
  const lower = parts.map((p) => p.toLowerCase());
  if (lower.length === 2 && lower[0] === SESSION_CATALOG_NAME) return lower[1];
  if (lower.length !== 1) throw requiresSinglePartNamespace(parts);
  return lower[0];
}

/** The key `cached` keeps a catalog table under. */
export function cacheKey(ident: TableIdentifier): string {
  return `${SESSION_CATALOG_NAME}.${ident.database}.${ident.table}`;
}

/** A command for the catalog's tables and views: a temporary view is refused (EXPECT_TABLE_NOT_VIEW). */
function catalogRelation(session: SparkSession, parts: readonly string[], operation: string): CatalogTable {
  const resolved = session.sessionCatalog.resolveRelation(parts);
  if (resolved.kind === "temp") throw expectTableNotView(`\`${resolved.name}\``, operation);
  return resolved.table;
}

/** ALTER TABLE is for tables and ALTER VIEW for views; each points to the other where mixed. */
function checkTableOrView(table: CatalogTable, isView: boolean, operation: string): void {
  if (table.tableType === "VIEW" && !isView) {
    throw expectTableNotView(quotedName(table.identifier), operation, true);
  }
  if (table.tableType !== "VIEW" && isView) throw expectViewNotTable(table.identifier, operation, true);
}
