/**
 * Spark's SessionCatalog: what a name in a query means. Temporary views (and the tables memory sinks keep) belong
 * to the session; global temporary views to `global_temp`; tables and persistent views to the databases of the
 * warehouse catalog. Names are case-insensitive, kept lower-case (Spark's `formatTableName`), and an unqualified
 * table name is looked up in the current database.
 */
import { quoteString } from "../duckdb/DuckDB";
import {
  requiresSinglePartNamespace,
  schemaNotFound,
  tableNotFound,
  tableOrViewNotFound,
  tempViewAlreadyExists,
} from "../errors/QueryCompilationErrors";
import { catalogNotFound } from "../errors/QueryExecutionErrors";
import type { SparkSession } from "../session/SparkSession";
import { Column } from "../sql/api/Column";
import { DataFrame } from "../sql/api/DataFrame";
import { ParseError } from "../sql/parser/ParseError";
import { parseMultipartIdentifier } from "../sql/parser/SqlParser";
import { newPlanId } from "../sql/plan";
import {
  type CatalogTable,
  DEFAULT_DATABASE,
  GLOBAL_TEMP_DATABASE,
  qualifiedName,
  SESSION_CATALOG_NAME,
  type TableIdentifier,
} from "./CatalogTable";
import type { WarehouseCatalog } from "./WarehouseCatalog";

/** A temporary view, or a table or view of the catalog, as `resolveRelation` finds it. */
export type ResolvedRelation =
  | { readonly kind: "temp"; readonly name: string; readonly df: DataFrame; readonly global: boolean }
  | { readonly kind: "table"; readonly table: CatalogTable };

/** A name SHOW TABLES and `spark.catalog.listTables` list: a table or view of a database, or a temporary view. */
export interface ListedTable {
  readonly name: string;
  /** The database of a table or persistent view, `global_temp` for a global temporary view. */
  readonly database?: string;
  readonly isTemporary: boolean;
  readonly table?: CatalogTable;
}

export class SessionCatalog {
  private currentDb = DEFAULT_DATABASE;
  /**
   * What CACHE TABLE and `spark.catalog.cacheTable` marked as cached. Sluice reads a table's files each time
   * (DuckDB works from memory anyway), so caching is recorded for `isCached`, and has no other effect.
   */
  readonly cached = new Set<string>();
  private readonly tempViews = new Map<string, DataFrame>();

  constructor(
    private readonly session: SparkSession,
    /** The databases and tables of the warehouse. */
    readonly external: WarehouseCatalog,
    /**
     * The views of `global_temp`, by name: Spark's GlobalTempViewManager lives in the SharedState, so the
     * sessions `newSession()` makes share their root session's.
     */
    readonly globalTempViews = new Map<string, DataFrame>(),
  ) {}

  // ---- names

  /** The parts of a multi-part name (`db.t`, `` `my table` ``), as Spark's parseMultipartIdentifier. */
  nameParts(name: string): string[] {
    try {
      return parseMultipartIdentifier(name);
    } catch (error) {
      if (error instanceof ParseError) throw error.exception;
      throw error;
    }
  }

  /** A table's identifier: an unqualified name is in the current database; names are lower-cased. */
  qualify(parts: readonly string[]): TableIdentifier {
    const lower = parts.map((p) => p.toLowerCase());
    if (lower.length === 1) return { database: this.currentDb, table: lower[0] };
    if (lower.length === 2) return { database: lower[0], table: lower[1] };
    if (lower.length === 3) {
      if (lower[0] !== SESSION_CATALOG_NAME) throw catalogNotFound(parts[0]);
      return { database: lower[1], table: lower[2] };
    }
    throw requiresSinglePartNamespace(parts.slice(0, -1));
  }

  get currentDatabase(): string {
    return this.currentDb;
  }

  setCurrentDatabase(name: string): void {
    const db = name.toLowerCase();
    if (!this.external.databaseExists(db)) throw schemaNotFound(db);
    this.currentDb = db;
  }

  // ---- temporary views

  /** Spark's createTempView: `replace` is createOrReplaceTempView; otherwise a taken name is an error. */
  createTempView(name: string, df: DataFrame, replace: boolean): void {
    const key = name.toLowerCase();
    if (!replace && (this.tempViews.has(key) || this.memoryTable(key))) throw tempViewAlreadyExists(name);
    this.tempViews.set(key, df);
  }

  createGlobalTempView(name: string, df: DataFrame, replace: boolean): void {
    const key = name.toLowerCase();
    if (!replace && this.globalTempViews.has(key)) {
      throw tempViewAlreadyExists(`${GLOBAL_TEMP_DATABASE}.${name}`);
    }
    this.globalTempViews.set(key, df);
  }

  /** A temporary view, or the table a memory sink writes under that name. */
  getTempView(name: string): DataFrame | undefined {
    const key = name.toLowerCase();
    const view = this.tempViews.get(key);
    if (view) return view;
    const table = this.memoryTable(key);
    return table === undefined ? undefined : this.memoryTableFrame(table);
  }

  getGlobalTempView(name: string): DataFrame | undefined {
    return this.globalTempViews.get(name.toLowerCase());
  }

  /** Drops a temporary view (or a memory sink's table); whether there was one. */
  dropTempView(name: string): boolean {
    const key = name.toLowerCase();
    const existed = this.tempViews.delete(key);
    const table = this.memoryTable(key);
    if (table) this.session.db.dropTable(table);
    return existed || table !== undefined;
  }

  dropGlobalTempView(name: string): boolean {
    return this.globalTempViews.delete(name.toLowerCase());
  }

  /** Whether the name is a temporary view (a local one, or `global_temp.<view>`). */
  isTempView(parts: readonly string[]): boolean {
    if (parts.length === 1) return this.getTempView(parts[0]) !== undefined;
    if (parts.length === 2 && parts[0].toLowerCase() === GLOBAL_TEMP_DATABASE) {
      return this.getGlobalTempView(parts[1]) !== undefined;
    }
    return false;
  }

  /**
   * The DuckDB table a memory sink writes under `name`, if there is one. Engine-internal tables (`__` names,
   * such as a batch handed to foreachBatch) are found only where `internal` is set.
   */
  memoryTable(name: string, internal = false): string | undefined {
    const visible = internal ? "" : " AND NOT starts_with(table_name, '__')";
    const rows = this.session.db.query(
      `SELECT table_name FROM duckdb_tables() WHERE lower(table_name) = lower(${quoteString(name)})${visible}`,
    );
    return rows.numRows > 0 ? String(rows.getChildAt(0)!.get(0)) : undefined;
  }

  /** A batch DataFrame over a DuckDB table (a memory sink's, or an engine-internal one). */
  memoryTableFrame(table: string): DataFrame {
    const node = {
      kind: "relation",
      id: newPlanId(),
      isStreaming: false,
      relation: { type: "table", name: table },
    } as const;
    return new DataFrame(this.session, this.session.analyzer.analyse(node));
  }

  private memoryTableNames(): string[] {
    const rows = this.session.db.query(
      "SELECT table_name FROM duckdb_tables() WHERE NOT starts_with(table_name, '__') ORDER BY table_name",
    );
    return Array.from({ length: rows.numRows }, (_, i) => String(rows.getChildAt(0)!.get(i)).toLowerCase());
  }

  // ---- what a query's name reads

  /**
   * The relation a name in a query stands for, as Spark resolves one: a temporary view first, then
   * `global_temp.<view>`, then a table or view of the catalog. Undefined where there is none.
   */
  lookupRelation(parts: readonly string[]): DataFrame | undefined {
    if (parts.length === 1) {
      const view = this.getTempView(parts[0]);
      if (view) return this.tempViewAlias(view, parts[0].toLowerCase(), false);
    }
    const ident = this.globalTempIdentifier(parts);
    if (ident) {
      const view = this.getGlobalTempView(ident);
      return view && this.tempViewAlias(view, ident, true);
    }
    const table = this.lookupTable(parts);
    return table && this.tableFrame(table);
  }

  /**
   * A temporary view read by its name, as Spark's SubqueryAlias over one: `v.c` names its columns
   * (`global_temp.v.c` too for a global one).
   */
  tempViewAlias(view: DataFrame, name: string, global: boolean): DataFrame {
    return view.alias(name, global ? [name, `${GLOBAL_TEMP_DATABASE}.${name}`] : [name]);
  }

  /** The catalog table or view a name stands for (temporary views aside), or undefined. */
  lookupTable(parts: readonly string[]): CatalogTable | undefined {
    if (this.globalTempIdentifier(parts)) return undefined;
    const ident = this.qualify(parts);
    if (!this.external.databaseExists(ident.database)) return undefined;
    return this.external.getTable(ident);
  }

  /**
   * A DataFrame over a catalog table: its files, read with the table's schema and options (a location with no
   * files yet reads as no rows), or, for a persistent view, its query; streaming reads the location as a file
   * source, as Spark reads a file-format table with `readStream.table`.
   */
  tableFrame(
    table: CatalogTable,
    streaming = false,
    readOptions: Readonly<Record<string, string>> = {},
  ): DataFrame {
    // Spark's SubqueryAlias over a catalog relation: `t.c`, `db.t.c` and `spark_catalog.db.t.c` name its columns.
    const { database, table: name } = table.identifier;
    return this.unqualifiedTableFrame(table, streaming, readOptions).alias(name, [
      name,
      `${database}.${name}`,
      `${SESSION_CATALOG_NAME}.${database}.${name}`,
    ]);
  }

  private unqualifiedTableFrame(
    table: CatalogTable,
    streaming: boolean,
    readOptions: Readonly<Record<string, string>>,
  ): DataFrame {
    if (table.tableType === "VIEW") {
      const query = this.withCurrentDatabase(table.identifier.database, () =>
        this.session.sql(table.viewText!),
      );
      // A view made with its own column names (`CREATE VIEW v (a, b)`) renames its query's columns.
      const names = table.schema.fieldNames;
      return names.every((n, i) => query.columns[i] === n) || names.length !== query.columns.length
        ? query
        : query.select(
            ...query.columns.map((c, i) => new Column({ kind: "column", parts: [c] }).alias(names[i])),
          );
    }
    const format = table.provider!;
    const location = table.location!;
    const options = { ...table.storageProperties, ...readOptions };
    const relation = streaming
      ? ({
          type: "stream",
          source: { format, path: location, options: { ...options, path: location } },
        } as const)
      : ({
          type: "files",
          format,
          paths: [location],
          options,
          table: qualifiedName(table.identifier),
        } as const);
    return new DataFrame(this.session, {
      kind: "relation",
      id: newPlanId(),
      isStreaming: streaming,
      relation,
      schema: table.schema,
    });
  }

  /** The table's metadata; TABLE_OR_VIEW_NOT_FOUND, with its qualified name, where there is none. */
  getTableMetadata(ident: TableIdentifier): CatalogTable {
    if (!this.external.databaseExists(ident.database)) throw schemaNotFound(ident.database);
    const table = this.external.getTable(ident);
    if (!table) throw tableNotFound(ident);
    return table;
  }

  tableExists(ident: TableIdentifier): boolean {
    return this.external.tableExists(ident);
  }

  /**
   * What a command that takes a table or a view names: a temporary view (`temp`), or a table or view of the
   * catalog. TABLE_OR_VIEW_NOT_FOUND, with the name as written, where there is neither.
   */
  resolveRelation(parts: readonly string[]): ResolvedRelation {
    const global = this.globalTempIdentifier(parts);
    if (global !== undefined) {
      const df = this.getGlobalTempView(global);
      if (df) return { kind: "temp", name: global, df, global: true };
    } else if (parts.length === 1) {
      const df = this.getTempView(parts[0]);
      if (df) return { kind: "temp", name: parts[0].toLowerCase(), df, global: false };
    }
    const table = this.lookupTable(parts);
    if (!table) throw tableOrViewNotFound(parts);
    return { kind: "table", table };
  }

  /** Runs `f` with another current database (a view's query reads names as they were when it was created). */
  withCurrentDatabase<T>(database: string, f: () => T): T {
    const previous = this.currentDb;
    this.currentDb = database;
    try {
      return f();
    } finally {
      this.currentDb = previous;
    }
  }

  /**
   * The tables and views of a database, then the session's temporary views (Spark lists both), each group
   * sorted by name. `pattern` filters as Spark's SHOW TABLES LIKE does: `*` for any characters, `|` between
   * alternatives, case-insensitive.
   */
  listTables(database: string = this.currentDb, pattern?: string): ListedTable[] {
    const db = database.toLowerCase();
    const matches = patternMatcher(pattern);
    const tables: ListedTable[] =
      db === GLOBAL_TEMP_DATABASE
        ? [...this.globalTempViews.keys()].sort().map((name) => ({ name, database: db, isTemporary: true }))
        : this.external
            .listTables(db)
            .map((table) => ({ name: table.identifier.table, database: db, isTemporary: false, table }));
    const local = [...new Set([...this.tempViews.keys(), ...this.memoryTableNames()])].sort();
    return [...tables, ...local.map((name) => ({ name, isTemporary: true }))].filter((t) => matches(t.name));
  }

  /** `global_temp.<view>` (or `spark_catalog.global_temp.<view>`): the view's name; otherwise undefined. */
  private globalTempIdentifier(parts: readonly string[]): string | undefined {
    const lower = parts.map((p) => p.toLowerCase());
    if (lower.length === 2 && lower[0] === GLOBAL_TEMP_DATABASE) return lower[1];
    if (lower.length === 3 && lower[0] === SESSION_CATALOG_NAME && lower[1] === GLOBAL_TEMP_DATABASE) {
      return lower[2];
    }
    return undefined;
  }
}

/**
 * Spark's StringUtils.filterPattern: `|` separates alternatives, `*` matches any characters, the rest is a
 * regular expression matched against the whole name, case-insensitively.
 */
export function patternMatcher(pattern: string | undefined): (name: string) => boolean {
  if (pattern === undefined) return () => true;
  const regexes = pattern
    .trim()
    .split("|")
    .flatMap((sub) => {
      try {
        return [new RegExp(`^(?:${sub.replaceAll("*", ".*")})$`, "i")];
      } catch {
        return [];
      }
    });
  return (name) => regexes.some((r) => r.test(name));
}
