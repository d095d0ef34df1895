import type { DuckDBBindings, DuckDBConnection } from "@duckdb/duckdb-wasm/blocking";
import * as arrow from "apache-arrow";
import { currentPlatform } from "../platform/Platform";
import { HLL_MACROS } from "../state/HyperLogLog";

/** An error DuckDB raised, with the SQL that raised it (the engine translates it into Spark's wording). */
export class DuckDBError extends Error {
  override name = "DuckDBError";
  constructor(
    message: string,
    readonly sql: string,
  ) {
    super(message);
  }
}

/**
 * The one place that talks to DuckDB-WASM. Synchronous: the engine runs in a worker or in Node, never on a UI
 * thread, and a synchronous core lets DataFrames be analysed as they are built, as Spark does.
 */
export class DuckDB {
  private nextId = 0;

  private constructor(
    readonly bindings: DuckDBBindings,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(): Promise<DuckDB> {
    const platform = await currentPlatform();
    const bindings = await platform.openDuckDB();
    const db = new DuckDB(bindings, bindings.connect());
    // Extensions (parquet, json, icu) are fetched from the network on first use, which hangs offline: turn
    // that into an immediate error. Sluice reads Parquet and JSON itself (io/).
    db.exec("SET autoinstall_known_extensions = false");
    db.exec("SET autoload_known_extensions = false");
    for (const macro of HLL_MACROS) db.exec(macro);
    return db;
  }

  get version(): string {
    return this.bindings.getVersion();
  }

  /** Runs a query and returns its result as an Arrow table. */
  query(sql: string): arrow.Table {
    return arrow.tableFromIPC(this.queryIPC(sql));
  }

  /**
   * Runs a query and returns its result as an Arrow IPC stream. Tables are decoded by this module's own Arrow
   * (DuckDB's Node build loads a second copy of apache-arrow whose objects do not mix with ours).
   */
  queryIPC(sql: string): Uint8Array {
    try {
      return this.connection.useUnsafe((bindings, conn) => bindings.runQuery(conn, sql));
    } catch (error) {
      throw new DuckDBError(messageOf(error), sql);
    }
  }

  /** Runs statements whose result is not needed (the result's Arrow bytes are not decoded). */
  exec(sql: string): void {
    this.queryIPC(sql);
  }

  /** Appends an Arrow IPC stream to a table, creating the table where `create` is set. */
  insertArrowIPC(table: string, ipc: Uint8Array, create: boolean): void {
    try {
      this.connection.insertArrowFromIPCStream(ipc, { name: table, create });
    } catch (error) {
      throw new DuckDBError(messageOf(error), `INSERT ARROW INTO ${table}`);
    }
  }

  /**
   * Registers a JavaScript scalar function callable from SQL (called once per row, so kept to what SQL cannot
   * do: parsing JSON text). Only numeric results: duckdb-wasm garbles VARCHAR results (upstream #1720, #1882).
   */
  registerScalarFunction(
    name: string,
    returnType: arrow.Int32 | arrow.Float64,
    fn: (...args: (string | number | null)[]) => number | null,
  ): void {
    this.connection.createScalarFunction(name, returnType, fn as (...args: unknown[]) => void);
  }

  /** Makes bytes readable by DuckDB's file functions (read_csv) under `name`. */
  registerBuffer(name: string, bytes: Uint8Array): void {
    this.bindings.registerFileBuffer(name, bytes);
  }

  dropBuffer(name: string): void {
    this.bindings.dropFile(name);
  }

  /** A table name no other part of this session uses. */
  uniqueName(prefix: string): string {
    this.nextId += 1;
    return `__${prefix}_${this.nextId}`;
  }

  dropTable(name: string): void {
    this.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(name)}`);
  }

  dropView(name: string): void {
    this.exec(`DROP VIEW IF EXISTS ${quoteIdentifier(name)}`);
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
