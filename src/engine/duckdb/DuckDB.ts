import type { DuckDBBindings, DuckDBConnection } from "@duckdb/duckdb-wasm/blocking";
import * as arrow from "apache-arrow";
import { currentPlatform } from "../platform/Platform";
import { CAST_MACROS } from "../sql/codegen/castSql";
import { DECIMAL_MACROS } from "../sql/codegen/decimalArithmetic";
import { HASH_MACROS } from "../sql/codegen/hashMacros";
import { HLL_MACROS } from "../state/HyperLogLog";
import { withRandomBytePool } from "./randomBytePool";

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
  /** Calls into DuckDB since its buffer pool's eviction queue was last drained (see drainEvictionQueue). */
  private callsSinceDrain = 0;
  /** How many calls between two drains; `Infinity` turns the drain off (bench P7c compares the two). */
  drainEveryCalls = DRAIN_EVERY_CALLS;
  /** Whether calls take DuckDB's random bytes from a pool (see randomBytePool; bench P2 compares the two). */
  poolRandomBytes = true;
  /** DuckDB's own memory limit, as `current_setting` shows it, which the drain sets back by `RESET`. */
  private defaultMemoryLimit = "";
  /** Tables whose rows are written only when a statement may read them (see deferTable), by lower-case name. */
  private readonly deferred = new Map<string, () => void>();
  /** Every table ever deferred, and those a statement naming a view or macro has mentioned (see deferTable). */
  private readonly deferrable = new Set<string>();
  private readonly neverDeferred = new Set<string>();

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
    for (const macro of [...HLL_MACROS, ...CAST_MACROS, ...HASH_MACROS, ...DECIMAL_MACROS]) db.exec(macro);
    db.defaultMemoryLimit = db.currentSettings().memoryLimit;
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
    if (this.deferrable.size > 0) this.fillDeferred(sql);
    const drops = this.pendingDrops.splice(0);
    const prefix = drops.map((n) => `DROP TABLE IF EXISTS ${quoteIdentifier(n)};\n`).join("");
    let result: Uint8Array;
    try {
      result = this.run(prefix + sql);
    } catch (error) {
      // The drops may not have run (a statement that does not parse stops them all); they go with the next.
      this.pendingDrops.unshift(...drops);
      throw new DuckDBError(messageOf(error), sql);
    }
    this.countCall();
    return result;
  }

  private run(sql: string): Uint8Array {
    const call = () => this.connection.useUnsafe((bindings, conn) => bindings.runQuery(conn, sql));
    return this.poolRandomBytes ? withRandomBytePool(call) : call();
  }

  private countCall(): void {
    this.callsSinceDrain += 1;
    if (this.callsSinceDrain >= this.drainEveryCalls) this.drainEvictionQueue();
  }

  /**
   * Frees what DuckDB's buffer pool keeps of blocks already destroyed. Every block a statement's operators
   * allocate and release (a hash join's table above all) leaves a node in the pool's eviction queue that keeps
   * the block's handle allocated until the queue is walked, and while memory is plentiful DuckDB-WASM does not
   * walk it: every hash join left about 3 KB behind for good, outside `duckdb_memory()` (bench P7c: a state
   * upsert 12 KB, DuckDB-WASM's memory 29 → 72 MB over 6,000 of them). Asking for a limit below what DuckDB
   * holds makes it walk the whole queue, dropping the dead nodes, whether or not it can then meet that limit;
   * the limit is reset at once. Skipped when a temporary directory would let the walk spill live blocks, and
   * when the limit is not DuckDB's default (the reset would lose it).
   */
  drainEvictionQueue(): void {
    this.callsSinceDrain = 0;
    try {
      const { memoryLimit, tempDirectory } = this.currentSettings();
      if (tempDirectory !== "" || memoryLimit !== this.defaultMemoryLimit) return;
      // A database holding a few megabytes has little to drain, and a limit that would take there could leave
      // too little memory to set it back.
      if (this.heldBytes() < DRAIN_MIN_HELD_BYTES) return;
      try {
        // 1 MB, not less: were the limit to take, the statements that set it back need some kilobytes to run
        // (under 1 kB DuckDB-WASM refuses every statement, for good).
        this.run("SET memory_limit = '1MB'");
      } catch {
        // "could not free up enough memory": the walk is done, which is all that was asked.
      } finally {
        this.restoreMemoryLimit();
      }
    } catch {
      // Best effort: a statement that cannot run now (an aborted transaction) leaves the queue for next time.
    }
  }

  /**
   * The default memory limit again after a drain. Where DuckDB held under the 1 MB asked, the limit took, and
   * DuckDB-WASM's RESET leaves it there: every statement after that needs more would fail "Out of Memory". The
   * default is then set again by value (as DuckDB prints it, which may round it: the default from then on).
   */
  private restoreMemoryLimit(): void {
    try {
      this.run("RESET memory_limit");
    } catch {
      // Set by value below.
    }
    let limit: string | undefined;
    try {
      limit = this.currentSettings().memoryLimit;
    } catch {
      limit = undefined;
    }
    if (limit === this.defaultMemoryLimit) return;
    this.run(`SET memory_limit = ${quoteString(this.defaultMemoryLimit)}`);
    this.defaultMemoryLimit = this.currentSettings().memoryLimit;
  }

  /** What DuckDB's buffer pool reports it holds, in bytes. */
  private heldBytes(): number {
    const row = arrow
      .tableFromIPC(this.run("SELECT CAST(sum(memory_usage_bytes) AS DOUBLE) AS b FROM duckdb_memory()"))
      .get(0);
    return Number(row?.b ?? 0);
  }

  private currentSettings(): { memoryLimit: string; tempDirectory: string } {
    const row = arrow
      .tableFromIPC(
        this.run("SELECT current_setting('memory_limit') AS m, current_setting('temp_directory') AS t"),
      )
      .get(0);
    return { memoryLimit: String(row?.m ?? ""), tempDirectory: String(row?.t ?? "") };
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
    if (this.deferrable.size > 0) this.fillDeferred(quoteIdentifier(table));
    try {
      const call = () => this.connection.insertArrowFromIPCStream(ipc, { name: table, create });
      if (this.poolRandomBytes) withRandomBytePool(call);
      else call();
    } catch (error) {
      throw new DuckDBError(messageOf(error), `INSERT ARROW INTO ${table}`);
    }
    this.countCall();
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

  /**
   * Defers writing table `name`'s rows: `fill` writes them before the next statement that may read them, one
   * that mentions the name (any case, quoted or not) or exports the database. The table itself exists already
   * (the catalog lists it); only its rows wait. A memory sink's output is read far less often than it is
   * written (Spark's memory sink keeps rows in the driver, not a table), and DuckDB's table swap is a
   * statement's planning per trigger (bench P2). False where the name was mentioned by a statement that names
   * a view or macro, whose later reads would not name the table: the caller then writes it at once.
   */
  deferTable(name: string, fill: () => void): boolean {
    const key = name.toLowerCase();
    if (this.neverDeferred.has(key)) return false;
    this.deferrable.add(key);
    this.deferred.set(key, fill);
    return true;
  }

  /** Forgets a deferred write (the table was written by other means, or dropped). */
  cancelDeferred(name: string): void {
    this.deferred.delete(name.toLowerCase());
  }

  private fillDeferred(sql: string): void {
    const text = sql.toLowerCase();
    const all = text.includes("export database");
    for (const name of this.deferrable) {
      if (!all && !text.includes(name)) continue;
      if (/\b(view|macro)\b/.test(text)) this.neverDeferred.add(name);
      const fill = this.deferred.get(name);
      if (!fill) continue;
      this.deferred.delete(name);
      fill();
    }
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

/**
 * How many calls into DuckDB between two walks of its eviction queue (drainEvictionQueue): a walk costs about
 * 1 ms of CPU and three small statements, and at about 3 KB a hash join what waits for it stays near 1 MB.
 */
export const DRAIN_EVERY_CALLS = 500;

/** Below what DuckDB holds (4 MB) a drain is skipped: nothing much to free, and no room to spare. */
export const DRAIN_MIN_HELD_BYTES = 4 * 1024 * 1024;

const ARROW_MAGIC = "ARROW1";

/**
 * The IPC stream inside an Arrow IPC file: the file is the magic (padded to 8 bytes), the stream (ending with
 * its end-of-stream marker), the footer, the footer's length and the magic again.
 */
function arrowFileBody(file: Uint8Array, sql: string): Uint8Array {
  // Compared byte by byte: a TextDecoder a call cost more than the rest of this (bench P2).
  const end = file.byteLength - ARROW_MAGIC.length;
  let magic = file.byteLength >= 18;
  for (let i = 0; magic && i < ARROW_MAGIC.length; i++) magic = file[end + i] === ARROW_MAGIC.charCodeAt(i);
  if (!magic) throw new DuckDBError("DuckDB's result is not an Arrow IPC file", sql);
  const footerLength = new DataView(file.buffer, file.byteOffset, file.byteLength).getInt32(
    file.byteLength - ARROW_MAGIC.length - 4,
    true,
  );
  return file.subarray(8, file.byteLength - ARROW_MAGIC.length - 4 - footerLength);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
