/**
 * The catalog's databases and tables, kept in the warehouse (`spark.sql.warehouse.dir`, `/warehouse` by default)
 * so they survive a reload: Spark's ExternalCatalog. Spark without Hive (InMemoryCatalog) forgets its tables when
 * the session ends; a notebook in a browser tab ends with every reload, so here each database and table has a
 * small metadata file beside the data, read back when the next session starts:
 *
 *   <warehouse>/_sluice_catalog/<db>.json           a database other than `default`
 *   <warehouse>/_sluice_catalog/<db>/<table>.json   a table or view: schema, format, location, partitioning
 *   <warehouse>/<table>/                            the files of a managed table of `default`
 *   <warehouse>/<db>.db/<table>/                    the files of a managed table of another database
 *
 * The metadata is read once, when the session starts, and changed in memory at once by each command (so a
 * statement sees the catalog every statement before it left); the files are written through the session's
 * CommandQueue, in order.
 */
import {
  cannotDropDefaultDatabase,
  schemaAlreadyExists,
  schemaNotEmpty,
  schemaNotFound,
  tableAlreadyExists,
} from "../errors/QueryCompilationErrors";
import { type FileSystem, joinPath } from "../io/FileSystem";
import type { CommandQueue } from "../session/CommandQueue";
import {
  type CatalogDatabase,
  type CatalogTable,
  DEFAULT_DATABASE,
  databaseFromJson,
  databaseToJson,
  type TableIdentifier,
  tableFromJson,
  tableToJson,
} from "./CatalogTable";

/** The folder of the warehouse that holds the metadata files. */
export const CATALOG_DIR = "_sluice_catalog";

interface DatabaseEntry {
  database: CatalogDatabase;
  readonly tables: Map<string, CatalogTable>;
}

export class WarehouseCatalog {
  private readonly databases = new Map<string, DatabaseEntry>();

  private constructor(
    private readonly fs: FileSystem,
    /** The warehouse directory: the default database's location. */
    readonly warehouse: string,
    /** The session's commands, which the metadata files are written through. */
    readonly commands: CommandQueue,
  ) {
    this.databases.set(DEFAULT_DATABASE, {
      database: {
        name: DEFAULT_DATABASE,
        description: "default database",
        locationUri: warehouse,
        properties: {},
      },
      tables: new Map(),
    });
  }

  /** Reads the warehouse's metadata files (a missing warehouse is an empty one). */
  static async open(fs: FileSystem, warehouse: string, commands: CommandQueue): Promise<WarehouseCatalog> {
    const catalog = new WarehouseCatalog(fs, warehouse, commands);
    const dir = joinPath(warehouse, CATALOG_DIR);
    const entries = await fs.list(dir);
    for (const entry of entries) {
      if (entry.isDirectory || !entry.name.endsWith(".json")) continue;
      const database = databaseFromJson(new TextDecoder().decode(await fs.readFile(entry.path)));
      if (database) catalog.databases.set(database.name, { database, tables: new Map() });
    }
    for (const [name, entry] of catalog.databases) {
      for (const file of await fs.list(joinPath(dir, name))) {
        if (file.isDirectory || !file.name.endsWith(".json")) continue;
        const table = tableFromJson(new TextDecoder().decode(await fs.readFile(file.path)));
        if (table) entry.tables.set(table.identifier.table, table);
      }
    }
    return catalog;
  }

  // ---- databases

  databaseExists(name: string): boolean {
    return this.databases.has(name);
  }

  getDatabase(name: string): CatalogDatabase {
    return this.entry(name).database;
  }

  /** Database names, sorted. */
  listDatabases(): string[] {
    return [...this.databases.keys()].sort();
  }

  /** Where a new database's managed tables go: `<warehouse>/<db>.db`. */
  defaultDatabasePath(name: string): string {
    return joinPath(this.warehouse, `${name}.db`);
  }

  createDatabase(database: CatalogDatabase, ignoreIfExists: boolean): Promise<void> {
    if (this.databases.has(database.name)) {
      if (ignoreIfExists) return Promise.resolve();
      throw schemaAlreadyExists(database.name);
    }
    this.databases.set(database.name, { database, tables: new Map() });
    return this.commands.run(async () => {
      await this.fs.mkdirs(database.locationUri);
      await this.fs.writeFile(this.databaseFile(database.name), databaseToJson(database));
    });
  }

  alterDatabase(database: CatalogDatabase): Promise<void> {
    this.entry(database.name).database = database;
    return this.commands.run(() =>
      this.fs.writeFile(this.databaseFile(database.name), databaseToJson(database)),
    );
  }

  /** Drops a database (with its tables where `cascade`); its directory goes too, as Spark's catalog does. */
  dropDatabase(name: string, ignoreIfNotExists: boolean, cascade: boolean): Promise<void> {
    if (name === DEFAULT_DATABASE) throw cannotDropDefaultDatabase(name);
    const entry = this.databases.get(name);
    if (!entry) {
      if (ignoreIfNotExists) return Promise.resolve();
      throw schemaNotFound(name);
    }
    if (entry.tables.size > 0 && !cascade) throw schemaNotEmpty(name);
    this.databases.delete(name);
    const managed = [...entry.tables.values()].filter((t) => t.tableType === "MANAGED" && t.location);
    return this.commands.run(async () => {
      for (const table of managed) await this.fs.delete(table.location!);
      await this.fs.delete(joinPath(this.warehouse, CATALOG_DIR, name));
      await this.fs.delete(this.databaseFile(name));
      await this.fs.delete(entry.database.locationUri);
    });
  }

  // ---- tables and views

  tableExists(ident: TableIdentifier): boolean {
    return this.databases.get(ident.database)?.tables.has(ident.table) ?? false;
  }

  /** The table's metadata, or undefined where there is none (the database must exist). */
  getTable(ident: TableIdentifier): CatalogTable | undefined {
    return this.entry(ident.database).tables.get(ident.table);
  }

  /** The tables and views of a database, sorted by name. */
  listTables(database: string): CatalogTable[] {
    return [...this.entry(database).tables.values()].sort((a, b) =>
      a.identifier.table < b.identifier.table ? -1 : a.identifier.table > b.identifier.table ? 1 : 0,
    );
  }

  /** Where a managed table's files go: `<database location>/<table>`. */
  defaultTablePath(ident: TableIdentifier): string {
    return joinPath(this.getDatabase(ident.database).locationUri, ident.table);
  }

  /**
   * Adds a table to the catalog now and writes its metadata file. `prepare` runs first in the queue (a managed
   * table's directory checks and creation); where it fails, the table is taken out of the catalog again.
   */
  createTable(table: CatalogTable, prepare?: () => Promise<void>): Promise<void> {
    const entry = this.entry(table.identifier.database);
    if (entry.tables.has(table.identifier.table)) throw tableAlreadyExists(table.identifier);
    entry.tables.set(table.identifier.table, table);
    return this.commands.run(async () => {
      try {
        await prepare?.();
        await this.fs.writeFile(this.tableFile(table.identifier), tableToJson(table));
      } catch (error) {
        if (entry.tables.get(table.identifier.table) === table) entry.tables.delete(table.identifier.table);
        throw error;
      }
    });
  }

  /** Replaces a table's metadata (its name stays). */
  alterTable(table: CatalogTable): Promise<void> {
    this.entry(table.identifier.database).tables.set(table.identifier.table, table);
    return this.commands.run(() => this.fs.writeFile(this.tableFile(table.identifier), tableToJson(table)));
  }

  /** Takes a table out of the catalog; a managed table's files are deleted with it. */
  dropTable(ident: TableIdentifier): Promise<void> {
    const entry = this.entry(ident.database);
    const table = entry.tables.get(ident.table);
    if (!table) return Promise.resolve();
    entry.tables.delete(ident.table);
    return this.commands.run(async () => {
      await this.fs.delete(this.tableFile(ident));
      if (table.tableType === "MANAGED" && table.location) await this.fs.delete(table.location);
    });
  }

  /** Renames a table within its database; a managed table's directory moves to its new default path. */
  renameTable(ident: TableIdentifier, newName: string): Promise<void> {
    const entry = this.entry(ident.database);
    const table = entry.tables.get(ident.table)!;
    const target = { database: ident.database, table: newName };
    if (entry.tables.has(newName)) throw tableAlreadyExists(target);
    const moves = table.tableType === "MANAGED" && table.location !== undefined;
    const renamed: CatalogTable = {
      ...table,
      identifier: target,
      location: moves ? this.defaultTablePath(target) : table.location,
    };
    entry.tables.delete(ident.table);
    entry.tables.set(newName, renamed);
    return this.commands.run(async () => {
      if (moves && (await this.fs.stat(table.location!)))
        await this.fs.rename(table.location!, renamed.location!);
      await this.fs.delete(this.tableFile(ident));
      await this.fs.writeFile(this.tableFile(target), tableToJson(renamed));
    });
  }

  private entry(database: string): DatabaseEntry {
    const entry = this.databases.get(database);
    if (!entry) throw schemaNotFound(database);
    return entry;
  }

  private databaseFile(name: string): string {
    return joinPath(this.warehouse, CATALOG_DIR, `${name}.json`);
  }

  private tableFile(ident: TableIdentifier): string {
    return joinPath(this.warehouse, CATALOG_DIR, ident.database, `${ident.table}.json`);
  }
}
