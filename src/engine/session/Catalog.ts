/**
 * `spark.catalog` (Spark's CatalogImpl): the databases, tables and views of the warehouse and the session's
 * temporary views: list and look them up, create tables, drop temporary views, change the current database.
 * Tables and databases live in the warehouse (`spark.sql.warehouse.dir`) and survive a reload.
 */
import { DEFAULT_DATABASE, GLOBAL_TEMP_DATABASE, SESSION_CATALOG_NAME } from "../catalog/CatalogTable";
import type { ListedTable } from "../catalog/SessionCatalog";
import { patternMatcher } from "../catalog/SessionCatalog";
import { expectTableNotView, schemaNotFound } from "../errors/QueryCompilationErrors";
import { catalogNotFound } from "../errors/QueryExecutionErrors";
import { normalizePath } from "../io/FileSystem";
import { DataFrame } from "../sql/api/DataFrame";
import { builtinFunctions } from "../sql/codegen/functionRegistry";
import { createDataSourceTable } from "../sql/execution/command/createDataSourceTables";
import { cacheKey, databaseName } from "../sql/execution/command/ddl";
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
