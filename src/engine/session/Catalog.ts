/**
 * `spark.catalog` (Spark's CatalogImpl): the databases, tables and views of the warehouse and the session's
 * temporary views: list and look them up, create tables, drop temporary views, change the current database.
 * Tables and databases live in the warehouse (`spark.sql.warehouse.dir`) and survive a reload.
 */
import { DEFAULT_DATABASE, GLOBAL_TEMP_DATABASE, SESSION_CATALOG_NAME } from "../catalog/CatalogTable";
import type { ListedTable } from "../catalog/SessionCatalog";
import { patternMatcher } from "../catalog/SessionCatalog";
import {
  expectTableNotView,
  routineNotFound,
  schemaNotFound,
  unresolvedRoutine,
} from "../errors/QueryCompilationErrors";
import { catalogNotFound } from "../errors/QueryExecutionErrors";
import { unsupportedSyntax } from "../errors/QueryParsingErrors";
import { normalizePath } from "../io/FileSystem";
import { DataFrame } from "../sql/api/DataFrame";
import { builtinFunctions } from "../sql/codegen/functionRegistry";
import { createDataSourceTable } from "../sql/execution/command/createDataSourceTables";
import {
  analyzeTable,
  cacheKey,
  createDatabase,
  databaseName,
  dropDatabase,
  dropTable,
  truncateTable,
} from "../sql/execution/command/ddl";
import {
  functionNames,
  showCreateTable,
  showPartitions,
  showTableProperties,
} from "../sql/execution/command/tables";
import { commentOf, type StructType } from "../sql/types";
import type { SparkSession } from "./SparkSession";

/** A catalog (`spark.catalog.listCatalogs()`); Sluice has one, `spark_catalog`. */
export interface CatalogMetadata {
  readonly name: string;
  readonly description: string | null;
}

/** A database (`spark.catalog.listDatabases()`). */
export interface Database {
  readonly name: string;
  readonly catalog: string | null;
  readonly description: string | null;
  readonly locationUri: string;
}

/** What `spark.catalog.listTables()` returns for each table, view or temporary view. */
export interface Table {
  readonly name: string;
  readonly catalog: string | null;
  readonly namespace: string[] | null;
  /** The namespace's one part, or null for a temporary view. */
  readonly database: string | null;
  readonly description: string | null;
  /** "MANAGED", "EXTERNAL", "VIEW" or "TEMPORARY". */
  readonly tableType: string;
  readonly isTemporary: boolean;
}

/** A column of a table (`spark.catalog.listColumns(table)`). */
export interface Column {
  readonly name: string;
  readonly description: string | null;
  /** Spark's catalogString: "int", "array<string>". */
  readonly dataType: string;
  readonly nullable: boolean;
  readonly isPartition: boolean;
  readonly isBucket: boolean;
  readonly isCluster: boolean;
}

/**
 * A function (`spark.catalog.listFunctions()`, `getFunction`): Spark's built-in functions and those
 * `spark.udf.register` made are temporary, with no catalog or namespace.
 */
export interface CatalogFunction {
  readonly name: string;
  readonly catalog: string | null;
  readonly namespace: string[] | null;
  /** Spark gives a built-in's usage text here; Sluice has none (null). */
  readonly description: string | null;
  /** The implementing class in Spark; here the kind of function: "builtin", "javascript" or "python". */
  readonly className: string;
  readonly isTemporary: boolean;
}

/** A partition of a table (`spark.catalog.listPartitions(table)`), as SHOW PARTITIONS writes it: `a=1/b=x`. */
export interface CatalogTablePartition {
  readonly partition: string;
}

/** `spark.catalog.createTable`'s options, as PySpark names them. */
export interface CreateTableOptions {
  /** The files the table reads (an EXTERNAL table); else a managed table in the warehouse. */
  readonly path?: string;
  /** The file format: "parquet" (`spark.sql.sources.default`), "csv", "json", "text". */
  readonly source?: string;
  /** The columns; without them, they are read from the files at `path`. */
  readonly schema?: StructType | string;
  readonly description?: string;
  /** Options of the format (csv `header`, ...). */
  readonly options?: Readonly<Record<string, string>>;
}

/**
 * `spark.catalog`: the databases, tables and views of the warehouse (kept across reloads) and the session's
 * temporary views. List and look them up, create tables, drop temporary views, change the current database.
 * @example spark.catalog.listTables().map((t) => t.name)
 */
export class Catalog {
  constructor(private readonly session: SparkSession) {}

  /** The current catalog: always `spark_catalog`. */
  currentCatalog(): string {
    return SESSION_CATALOG_NAME;
  }

  /** Sets the current catalog; only `spark_catalog` exists. */
  setCurrentCatalog(catalogName: string): void {
    if (catalogName.toLowerCase() !== SESSION_CATALOG_NAME) throw catalogNotFound(catalogName);
  }

  /** The catalogs whose names match `pattern` (all without one): `spark_catalog`, the only one. */
  listCatalogs(pattern?: string): CatalogMetadata[] {
    return patternMatcher(pattern)(SESSION_CATALOG_NAME)
      ? [{ name: SESSION_CATALOG_NAME, description: null }]
      : [];
  }

  /** The database unqualified table names are looked up in (`default` to begin with). */
  currentDatabase(): string {
    return this.session.sessionCatalog.currentDatabase;
  }

  /** Makes another database current (SCHEMA_NOT_FOUND where there is none). */
  setCurrentDatabase(dbName: string): void {
    this.session.sessionCatalog.setCurrentDatabase(
      databaseName(this.session.sessionCatalog.nameParts(dbName)),
    );
  }

  /** The databases whose names match `pattern` (`sales*`; all without one), with their locations. */
  listDatabases(pattern?: string): Database[] {
    const external = this.session.sessionCatalog.external;
    return external
      .listDatabases()
      .filter(patternMatcher(pattern))
      .map((name) => this.toDatabase(name));
  }

  /** A database by name (SCHEMA_NOT_FOUND where there is none). */
  getDatabase(dbName: string): Database {
    return this.toDatabase(databaseName(this.session.sessionCatalog.nameParts(dbName)));
  }

  /**
   * Whether a function of that name exists: one of Spark's built-in functions or a temporary one
   * (`spark.udf.register`). A qualified name (`db.f`, `spark_catalog.db.f`) or a `dbName` names a persistent
   * function, and Sluice has none.
   */
  functionExists(functionName: string, dbName?: string): boolean {
    const parts = this.session.sessionCatalog.nameParts(functionName);
    if (dbName !== undefined || parts.length !== 1) return false;
    const name = parts[0].toLowerCase();
    if (this.session.udf.lookup(parts[0]) ?? this.session.udf.lookup(name)) return true;
    return builtinFunctions().some((f) => f.name === name);
  }

  /**
   * Creates a database (Spark's CREATE NAMESPACE): `properties` may name its `comment` and `location`, the rest
   * are its properties. SCHEMA_ALREADY_EXISTS unless `ifNotExists`. The Promise settles once its files are
   * written.
   */
  createDatabase(
    dbName: string,
    ifNotExists = false,
    properties: Readonly<Record<string, string>> = {},
  ): Promise<void> {
    const { comment, location, ...rest } = properties;
    return createDatabase(
      this.session,
      this.session.sessionCatalog.nameParts(dbName),
      ifNotExists,
      comment,
      location,
      rest,
    );
  }

  /**
   * Drops a database: SCHEMA_NOT_FOUND unless `ifExists`; SCHEMA_NOT_EMPTY where it has tables, unless
   * `cascade` (which drops them, and a managed table's files).
   */
  dropDatabase(dbName: string, ifExists = false, cascade = false): Promise<void> {
    return dropDatabase(this.session, this.session.sessionCatalog.nameParts(dbName), ifExists, cascade);
  }

  /** Whether the database exists. */
  databaseExists(dbName: string): boolean {
    const name = databaseName(this.session.sessionCatalog.nameParts(dbName));
    return this.session.sessionCatalog.external.databaseExists(name);
  }

  /**
   * The tables and views of a database (the current one by default), then the temporary views; `pattern`
   * filters names as SHOW TABLES LIKE does (`*` any characters, `|` alternatives).
   */
  listTables(dbName?: string, pattern?: string): Table[] {
    const catalog = this.session.sessionCatalog;
    const db = dbName === undefined ? catalog.currentDatabase : databaseName(catalog.nameParts(dbName));
    if (db !== GLOBAL_TEMP_DATABASE && !catalog.external.databaseExists(db)) throw schemaNotFound(db);
    return catalog.listTables(db, pattern).map((t) => this.toTable(t));
  }

  /**
   * The persistent views of a database (the current one by default), then the temporary views, as SHOW VIEWS
   * lists them; `pattern` filters names (`*` any characters, `|` alternatives).
   */
  listViews(dbName?: string, pattern?: string): Table[] {
    const catalog = this.session.sessionCatalog;
    const db = dbName === undefined ? catalog.currentDatabase : databaseName(catalog.nameParts(dbName));
    if (db !== GLOBAL_TEMP_DATABASE && !catalog.external.databaseExists(db)) throw schemaNotFound(db);
    return catalog
      .listTables(db, pattern)
      .filter((t) => t.isTemporary || t.table?.tableType === "VIEW")
      .map((t) => this.toTable(t));
  }

  /**
   * The functions of a database (the current one by default): Spark's built-in functions and the temporary
   * functions `spark.udf.register` made, sorted by name; `pattern` filters names as SHOW FUNCTIONS LIKE does.
   * Sluice has no persistent functions.
   */
  listFunctions(dbName?: string, pattern?: string): CatalogFunction[] {
    const catalog = this.session.sessionCatalog;
    if (dbName !== undefined) {
      const db = databaseName(catalog.nameParts(dbName));
      if (!catalog.external.databaseExists(db)) throw schemaNotFound(db);
    }
    const matches = patternMatcher(pattern);
    return functionNames(this.session)
      .filter(matches)
      .map((name) => this.toFunction(name));
  }

  /**
   * A function by name: a built-in or temporary one (UNRESOLVED_ROUTINE where there is none); a qualified name
   * (`db.f`) or a `dbName` names a persistent function, which Sluice does not have: ROUTINE_NOT_FOUND (or
   * SCHEMA_NOT_FOUND where the database is missing).
   */
  getFunction(functionName: string, dbName?: string): CatalogFunction {
    const catalog = this.session.sessionCatalog;
    const parts = catalog.nameParts(functionName);
    if (dbName === undefined && parts.length === 1) {
      if (!this.functionExists(functionName)) throw unresolvedRoutine(parts[0]);
      return this.toFunction(parts[0].toLowerCase());
    }
    const ident =
      dbName === undefined ? catalog.qualify(parts) : catalog.qualify([dbName, ...parts.slice(-1)]);
    if (!catalog.external.databaseExists(ident.database)) throw schemaNotFound(ident.database);
    throw routineNotFound(ident.database, ident.table);
  }

  /** A table or view: `getTable("t")`, `getTable("db.t")` or `getTable("db", "t")`. */
  getTable(dbNameOrTableName: string, tableName?: string): Table {
    const catalog = this.session.sessionCatalog;
    if (tableName === undefined) {
      const parts = catalog.nameParts(dbNameOrTableName);
      const resolved = catalog.resolveRelation(parts);
      if (resolved.kind === "temp") {
        return this.toTable({
          name: resolved.name,
          database: resolved.global ? GLOBAL_TEMP_DATABASE : undefined,
          isTemporary: true,
        });
      }
      return this.toTable({
        name: resolved.table.identifier.table,
        database: resolved.table.identifier.database,
        isTemporary: false,
        table: resolved.table,
      });
    }
    const ident = catalog.qualify([dbNameOrTableName, tableName]);
    return this.toTable({
      name: ident.table,
      database: ident.database,
      isTemporary: false,
      table: catalog.getTableMetadata(ident),
    });
  }

  /**
   * Whether a table or view exists: `tableExists("t")` finds temporary views too; `tableExists("db", "t")` and
   * `tableExists("db.t")` look in the database only.
   */
  tableExists(dbNameOrTableName: string, tableName?: string): boolean {
    const catalog = this.session.sessionCatalog;
    const parts =
      tableName === undefined ? catalog.nameParts(dbNameOrTableName) : [dbNameOrTableName, tableName];
    if (tableName === undefined && catalog.isTempView(parts)) return true;
    return catalog.lookupTable(parts) !== undefined;
  }

  /** The columns of a table or view: `listColumns("t")`, `listColumns("db.t")` or `listColumns("t", "db")`. */
  listColumns(tableName: string, dbName?: string): Column[] {
    const catalog = this.session.sessionCatalog;
    const parts = dbName === undefined ? catalog.nameParts(tableName) : [dbName, tableName];
    const resolved = catalog.resolveRelation(parts);
    const table = resolved.kind === "table" ? resolved.table : undefined;
    const schema = resolved.kind === "table" ? resolved.table.schema : resolved.df.schema;
    return schema.fields.map((f) => ({
      name: f.name,
      description: commentOf(f) ?? null,
      dataType: f.dataType.simpleString(),
      nullable: f.nullable,
      isPartition: table?.partitionColumnNames.includes(f.name) ?? false,
      isBucket: false,
      isCluster: table?.clusteringColumnNames.includes(f.name) ?? false,
    }));
  }

  /**
   * Creates a table and returns a DataFrame over it: over the files at `path` (EXTERNAL; their schema unless
   * `schema` is given), or a managed table in the warehouse with `schema`'s columns.
   * @example spark.catalog.createTable("events", { path: "/data/events", source: "parquet" })
   */
  createTable(tableName: string, options?: CreateTableOptions): DataFrame;
  /** Scala's `createTable(tableName, path)` / `createTable(tableName, path, source)`. */
  createTable(tableName: string, path: string, source?: string): DataFrame;
  createTable(tableName: string, pathOrOptions?: string | CreateTableOptions, source?: string): DataFrame {
    const spec: CreateTableOptions =
      typeof pathOrOptions === "string" ? { path: pathOrOptions, source } : (pathOrOptions ?? {});
    const session = this.session;
    const catalog = session.sessionCatalog;
    const ident = catalog.qualify(catalog.nameParts(tableName));
    const formatOptions = { ...(spec.options ?? {}) };
    const pathKey = Object.keys(formatOptions).find((k) => k.toLowerCase() === "path");
    const path = spec.path ?? (pathKey ? formatOptions[pathKey] : undefined);
    if (pathKey) delete formatOptions[pathKey];
    const schema = typeof spec.schema === "string" ? session.parseSchema(spec.schema) : spec.schema;
    const done = createDataSourceTable(
      session,
      {
        ident,
        provider: spec.source ?? session.conf.get("spark.sql.sources.default"),
        schema: schema && schema.fields.length > 0 ? schema : undefined,
        partitionColumns: [],
        clusteringColumns: [],
        location: path === undefined ? undefined : normalizePath(path),
        options: formatOptions,
        comment: spec.description,
        properties: {},
      },
      false,
    );
    return new DataFrame(
      session,
      done.then(() => catalog.tableFrame(catalog.getTableMetadata(ident)).plan),
    );
  }

  /** Spark's older name for createTable with a path. */
  createExternalTable(tableName: string, path?: string, source?: string): DataFrame {
    return this.createTable(tableName, { path, source });
  }

  /**
   * Drops a table of the catalog (a managed table's files go too); temporary views are left alone
   * (`dropTempView` drops those). TABLE_OR_VIEW_NOT_FOUND unless `ifExists`; a view is WRONG_COMMAND_FOR_OBJECT_TYPE.
   * `purge` is accepted: there is no trash to skip.
   */
  dropTable(tableName: string, ifExists = false, _purge = false): Promise<void> {
    const parts = this.session.sessionCatalog.nameParts(tableName);
    return dropTable(this.session, parts, ifExists, false, false) ?? Promise.resolve();
  }

  /** Drops a persistent view; TABLE_OR_VIEW_NOT_FOUND unless `ifExists`; a table is WRONG_COMMAND_FOR_OBJECT_TYPE. */
  dropView(viewName: string, ifExists = false): Promise<void> {
    const parts = this.session.sessionCatalog.nameParts(viewName);
    return dropTable(this.session, parts, ifExists, true, false) ?? Promise.resolve();
  }

  /**
   * Deletes a managed table's rows, as TRUNCATE TABLE: a view is EXPECT_TABLE_NOT_VIEW, an external table
   * is refused as Spark refuses it.
   */
  truncateTable(tableName: string): Promise<void> {
    return truncateTable(this.session, this.session.sessionCatalog.nameParts(tableName));
  }

  /**
   * Computes a table's statistics, as ANALYZE TABLE ... COMPUTE STATISTICS [NOSCAN]: its size in bytes and,
   * unless `noScan`, its number of rows, shown by DESCRIBE TABLE EXTENDED. A view is refused
   * (UNSUPPORTED_FEATURE.ANALYZE_VIEW) unless cached.
   */
  analyzeTable(tableName: string, noScan = false): Promise<void> {
    const parts = this.session.sessionCatalog.nameParts(tableName);
    return analyzeTable(this.session, parts, noScan) ?? Promise.resolve();
  }

  /** A partitioned table's partitions, as SHOW PARTITIONS lists them (`a=1/b=x`), sorted. */
  async listPartitions(tableName: string): Promise<CatalogTablePartition[]> {
    const result = await showPartitions(this.session, this.session.sessionCatalog.nameParts(tableName));
    return result.rows.map((r) => ({ partition: String(field(r, "partition")) }));
  }

  /** A table's or view's properties (TBLPROPERTIES), as SHOW TBLPROPERTIES lists them. */
  getTableProperties(tableName: string): Record<string, string> {
    const result = showTableProperties(this.session, this.session.sessionCatalog.nameParts(tableName));
    return Object.fromEntries(result.rows.map((r) => [String(field(r, "key")), String(field(r, "value"))]));
  }

  /** The statement SHOW CREATE TABLE gives for a table or view. `asSerde` (Hive's DDL) is not supported. */
  getCreateTableString(tableName: string, asSerde = false): string {
    if (asSerde) throw unsupportedSyntax("SHOW CREATE TABLE ... AS SERDE");
    const result = showCreateTable(this.session, this.session.sessionCatalog.nameParts(tableName));
    return String(field(result.rows[0], "createtab_stmt"));
  }

  /** Drops a temporary view (or a memory sink's table); whether there was one. */
  dropTempView(viewName: string): boolean {
    return this.session.sessionCatalog.dropTempView(viewName);
  }

  /** Drops a global temporary view (`global_temp.<view>`); whether there was one. */
  dropGlobalTempView(viewName: string): boolean {
    return this.session.sessionCatalog.dropGlobalTempView(viewName);
  }

  /** Whether `cacheTable` (or CACHE TABLE) marked the table or view as cached. */
  isCached(tableName: string): boolean {
    return this.session.sessionCatalog.cached.has(this.cacheKey(tableName));
  }

  /**
   * Marks a table or view as cached, as Spark does before keeping it in memory. Sluice reads from DuckDB's
   * memory and the files each time, so this changes what `isCached` says and nothing else.
   */
  cacheTable(tableName: string, _storageLevel?: unknown): void {
    this.session.sessionCatalog.cached.add(this.cacheKey(tableName));
  }

  /** Unmarks a table or view `cacheTable` marked. */
  uncacheTable(tableName: string): void {
    this.session.sessionCatalog.cached.delete(this.cacheKey(tableName));
  }

  /** Unmarks every table and view `cacheTable` marked. */
  clearCache(): void {
    this.session.sessionCatalog.cached.clear();
  }

  /** Spark re-reads a table's files after this; Sluice lists them at each query anyway (checks the name). */
  refreshTable(tableName: string): void {
    const catalog = this.session.sessionCatalog;
    catalog.resolveRelation(catalog.nameParts(tableName));
  }

  /** As refreshTable, for a path (nothing to do: files are listed at each query). */
  refreshByPath(_path: string): void {}

  /** Spark adds partition directories to the catalog; Sluice finds a table's partitions in its directories. */
  recoverPartitions(tableName: string): void {
    const catalog = this.session.sessionCatalog;
    const resolved = catalog.resolveRelation(catalog.nameParts(tableName));
    if (resolved.kind === "temp") throw expectTableNotView(`\`${resolved.name}\``, "recoverPartitions()");
  }

  private cacheKey(tableName: string): string {
    const catalog = this.session.sessionCatalog;
    const resolved = catalog.resolveRelation(catalog.nameParts(tableName));
    return resolved.kind === "temp"
      ? `temp:${resolved.global ? "global_temp." : ""}${resolved.name}`
      : cacheKey(resolved.table.identifier);
  }

  private toFunction(name: string): CatalogFunction {
    const udf = this.session.udf.lookup(name);
    return {
      name,
      catalog: null,
      namespace: null,
      description: null,
      className: udf ? udf.language : "builtin",
      isTemporary: true,
    };
  }

  private toDatabase(name: string): Database {
    const db = this.session.sessionCatalog.external.getDatabase(name);
    return {
      name: db.name,
      catalog: SESSION_CATALOG_NAME,
      description: db.description === "" && name !== DEFAULT_DATABASE ? null : db.description,
      locationUri: db.locationUri,
    };
  }

  private toTable(listed: ListedTable): Table {
    if (listed.isTemporary) {
      const namespace = listed.database ? [listed.database] : [];
      return {
        name: listed.name,
        catalog: null,
        namespace,
        database: listed.database ?? null,
        description: null,
        tableType: "TEMPORARY",
        isTemporary: true,
      };
    }
    return {
      name: listed.name,
      catalog: SESSION_CATALOG_NAME,
      namespace: [listed.database!],
      database: listed.database!,
      description: listed.table?.comment ?? null,
      tableType: listed.table?.tableType ?? "MANAGED",
      isTemporary: false,
    };
  }
}

/** A column of a command's row. */
function field(row: object, name: string): unknown {
  return (row as Record<string, unknown>)[name];
}
