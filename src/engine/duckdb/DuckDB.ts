import type { DuckDBBindings, DuckDBConnection } from "@duckdb/duckdb-wasm/blocking";
import * as arrow from "apache-arrow";
import { currentPlatform } from "../platform/Platform";
import { CAST_MACROS } from "../sql/codegen/castSql";
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
  /** Tables to drop with the next statement (see dropTablesLater). */
  private pendingDrops: string[] = [];

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
    for (const macro of [...HLL_MACROS, ...CAST_MACROS]) db.exec(macro);
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
    const drops = this.pendingDrops.splice(0);
    const prefix = drops.map((n) => `DROP TABLE IF EXISTS ${quoteIdentifier(n)};\n`).join("");
    try {
      return this.connection.useUnsafe((bindings, conn) => bindings.runQuery(conn, prefix + sql));
    } catch (error) {
      // The drops may not have run (a statement that does not parse stops them all); they go with the next.
      this.pendingDrops.unshift(...drops);
      throw new DuckDBError(messageOf(error), sql);
    }
  }

  /**
   * Runs statements whose result is not needed (the result's Arrow bytes are not decoded). Several statements
   * separated by `;` run in one call, which saves a round trip per statement.
   */
  exec(sql: string): void {
    this.queryIPC(sql);
  }

  /**
   * Runs a statement and returns the first value of its result as a number: the rows a CREATE TABLE AS,
   * INSERT, UPDATE or DELETE wrote (DuckDB answers those with their `Count`), or a one-value query's value.
   */
  queryNumber(sql: string): number {
    return this.queryNumbers(sql)[0] ?? 0;
  }

  /** Runs a query and returns its first row as numbers (NULL as 0). */
  queryNumbers(sql: string): number[] {
    const table = this.query(sql);
    return table.schema.fields.map((_, i) => Number(table.getChildAt(i)?.get(0) ?? 0));
  }

  /**
   * Runs a query and returns its result as an Arrow IPC stream, ready for a file or `insertArrowIPC`, without
   * decoding it: DuckDB answers in the IPC file format, whose body is the stream.
   */
  queryStream(sql: string): Uint8Array {
    return arrowFileBody(this.queryIPC(sql), sql);
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

  /** Drops tables in one call (DuckDB drops one object per statement). */
  dropTables(names: readonly string[]): void {
    if (names.length === 0) return;
    this.exec(names.map((n) => `DROP TABLE IF EXISTS ${quoteIdentifier(n)}`).join(";\n"));
  }

  /**
   * Drops tables with the next statement sent to DuckDB, as part of the same call: a trigger's own tables
   * (its input, output and state changes) go without a call of their own, which costs more than the drop
   * (bench P2). Only for names from uniqueName, which no later statement creates again.
   */
  dropTablesLater(names: readonly string[]): void {
    this.pendingDrops.push(...names);
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

const ARROW_MAGIC = "ARROW1";

/**
 * The IPC stream inside an Arrow IPC file: the file is the magic (padded to 8 bytes), the stream (ending with
 * its end-of-stream marker), the footer, the footer's length and the magic again.
 */
function arrowFileBody(file: Uint8Array, sql: string): Uint8Array {
  const magic = new TextDecoder().decode(file.subarray(file.byteLength - ARROW_MAGIC.length));
  if (file.byteLength < 18 || magic !== ARROW_MAGIC)
    throw new DuckDBError("DuckDB's result is not an Arrow IPC file", sql);
  const footerLength = new DataView(file.buffer, file.byteOffset, file.byteLength).getInt32(
    file.byteLength - ARROW_MAGIC.length - 4,
    true,
  );
  return file.subarray(8, file.byteLength - ARROW_MAGIC.length - 4 - footerLength);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
