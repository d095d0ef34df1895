/**
 * Spark's StateStore: keyed rows that live across batches. The rows are a DuckDB table with `__key` as primary
 * key. Every statement that changes state first puts the rows it changes in a table of their own (the batch's
 * changes, which operators also read as their output: the groups a batch updated, the rows it evicted), then
 * writes them into state. At commit the changes go to `<dir>/<batchId>.delta` (Arrow IPC written straight from
 * DuckDB, a `__deleted` column marking removals), with a full `<batchId>.snapshot` every `minDeltasForSnapshot`
 * batches; loading replays the newest snapshot and the deltas after it.
 *
 * No statement returns rows through RETURNING and no state row is decoded in JavaScript: DuckDB's
 * `ON CONFLICT DO UPDATE ... RETURNING` costs several times the upsert itself (bench/, P2 and P3).
 */
import * as arrow from "apache-arrow";
import { type DuckDB, quoteIdentifier } from "../duckdb/DuckDB";
import { CorruptCheckpointError } from "../errors/exceptions";
import { type FileSystem, joinPath } from "../io/FileSystem";

const q = quoteIdentifier;

/**
 * SQL of a state key: the key columns as one text value (`__key`), distinct per distinct key, NULLs included.
 * Each column is its text followed by `:` and the text's length in bytes, or `-` where it is NULL; read from the
 * end, that can be taken apart only one way. Plain text keeps DuckDB's primary-key index small and fast (a
 * struct's text form, `{'k0': ...}`, made the upsert grow with the state). No key columns: one global key.
 */
export function stateKeySql(columnsSql: readonly string[]): string {
  if (columnsSql.length === 0) return "'{}'";
  return columnsSql
    .map((c) => {
      const text = `CAST(${c} AS VARCHAR)`;
      return `coalesce(${text} || ':' || CAST(strlen(${text}) AS VARCHAR), '-')`;
    })
    .join(" || ");
}

export interface StateColumn {
  readonly name: string;
  /** DuckDB type. */
  readonly sqlType: string;
}

/**
 * How an upsert treats a key already in state: `keep` the stored row (only new keys go in), `replace` it by
 * the incoming row, or merge the two: per column, SQL over `__stored.<column>` and `__incoming.<column>` (the
 * columns not named take the incoming value). A new key is inserted as it comes.
 */
export type Merge = "keep" | "replace" | Readonly<Record<string, string>>;

/** The rows one statement changed, as they are now (or as they were, if removed); valid until the commit. */
export interface StateChanges {
  /** A DuckDB table with the state's columns and `__deleted`. */
  readonly table: string;
  readonly numRows: number;
}

export interface StateStoreMetrics {
  numRowsTotal: number;
  numRowsUpdated: number;
  numRowsRemoved: number;
  allUpdatesTimeMs: number;
  allRemovalsTimeMs: number;
  commitTimeMs: number;
  memoryUsedBytes: number;
}

export interface StateStoreOptions {
  minDeltasForSnapshot: number;
  minBatchesToRetain: number;
}

export class StateStore {
  readonly table: string;
  /** This batch's changes, in the order they happened. */
  private changes: StateChanges[] = [];
  private numRowsTotal = 0;
  private updated = 0;
  private removed = 0;
  private updatesTimeMs = 0;
  private removalsTimeMs = 0;
  private lastSnapshot = -1;
  private bytesPerRow = 64;
  private emptyDelta: Uint8Array | undefined;
  /** `__key` and the columns, as a SELECT list. */
  private readonly names: string;

  constructor(
    private readonly db: DuckDB,
    private readonly fs: FileSystem,
    readonly dir: string,
    readonly columns: readonly StateColumn[],
    private readonly options: StateStoreOptions,
  ) {
    this.table = db.uniqueName("state");
    const defs = columns.map((c) => `${q(c.name)} ${c.sqlType}`);
    db.exec(`CREATE TABLE ${q(this.table)} (__key VARCHAR PRIMARY KEY, ${defs.join(", ")})`);
    this.names = ["__key", ...columns.map((c) => c.name)].map(q).join(", ");
  }

  /** Rebuilds the rows as of batch `version` (undefined: empty, a new query). */
  async load(version: number | undefined): Promise<void> {
    this.db.exec(`DELETE FROM ${q(this.table)}`);
    this.discard();
    this.numRowsTotal = 0;
    if (version === undefined || version < 0) return;
    const files = await this.fs.list(this.dir);
    const snapshots = files
      .map((f) => /^(\d+)\.snapshot$/.exec(f.name))
      .filter((m) => m !== null)
      .map((m) => Number(m[1]))
      .filter((v) => v <= version);
    const base = snapshots.length > 0 ? Math.max(...snapshots) : -1;
    if (base >= 0) await this.apply(joinPath(this.dir, `${base}.snapshot`));
    const deltas = new Set(
      files
        .map((f) => /^(\d+)\.delta$/.exec(f.name)?.[1])
        .filter((v) => v !== undefined)
        .map(Number),
    );
    for (let v = base + 1; v <= version; v++) {
      const path = joinPath(this.dir, `${v}.delta`);
      // A batch with no state changes still writes an (empty) delta, so a gap means a lost file.
      if (!deltas.has(v))
        throw new CorruptCheckpointError(
          path,
          `the state delta of batch ${v} is missing, so state as of batch ${version} cannot be rebuilt`,
        );
      await this.apply(path);
    }
    this.lastSnapshot = base;
    this.numRowsTotal = this.db.queryNumber(`SELECT count(*) FROM ${q(this.table)}`);
  }

  /**
   * Writes rows into state: `select` gives `__key` (distinct) and the columns; `merge` says what happens to keys
   * already there. Returns the rows written, as they now are.
   */
  upsert(select: string, merge: Merge): StateChanges {
    const started = performance.now();
    const incoming = `(${select}) AS __incoming`;
    const stored = `${q(this.table)} AS __stored`;
    let rows: string;
    if (merge === "replace") {
      rows = `SELECT ${this.names}, FALSE AS __deleted FROM ${incoming}`;
    } else if (merge === "keep") {
      rows = `SELECT ${this.names}, FALSE AS __deleted FROM ${incoming} ANTI JOIN ${stored} USING (__key)`;
    } else {
      // The stored rows are found by a join on the batch's keys (DuckDB has no index join), in one pass.
      const values = this.columns.map((c) => {
        const value = `__incoming.${q(c.name)}`;
        const merged = merge[c.name];
        return merged === undefined
          ? value
          : `CASE WHEN __stored.__key IS NULL THEN ${value} ELSE ${merged} END AS ${q(c.name)}`;
      });
      rows = `SELECT __incoming.__key, ${values.join(", ")}, FALSE AS __deleted FROM ${incoming} LEFT JOIN ${stored} ON __stored.__key = __incoming.__key`;
    }
    // Replacing in place keeps no deleted row behind; new keys add up to the total.
    const insert = merge === "keep" ? "INSERT" : "INSERT OR REPLACE";
    const changes = this.record(
      rows,
      (table) => `${insert} INTO ${q(this.table)} SELECT ${this.names} FROM ${q(table)}`,
    );
    this.updated += changes.numRows;
    this.updatesTimeMs += performance.now() - started;
    return changes;
  }

  /** Sets columns (SQL over the state's columns, by column name) of the rows matching `where`. */
  update(set: Readonly<Record<string, string>>, where: string): StateChanges {
    const started = performance.now();
    const replaced = Object.entries(set)
      .map(([column, sql]) => `${sql} AS ${q(column)}`)
      .join(", ");
    const changes = this.record(
      `SELECT * REPLACE (${replaced}), FALSE AS __deleted FROM ${q(this.table)} WHERE ${where}`,
      (table) => `INSERT OR REPLACE INTO ${q(this.table)} SELECT ${this.names} FROM ${q(table)}`,
    );
    this.updated += changes.numRows;
    this.updatesTimeMs += performance.now() - started;
    return changes;
  }

  /** Removes the rows matching `where` (SQL over the state's columns); returns them as they were. */
  remove(where: string): StateChanges {
    const started = performance.now();
    const changes = this.record(
      `SELECT *, TRUE AS __deleted FROM ${q(this.table)} WHERE ${where}`,
      (table) => `DELETE FROM ${q(this.table)} WHERE __key IN (SELECT __key FROM ${q(table)})`,
    );
    this.removed += changes.numRows;
    this.removalsTimeMs += performance.now() - started;
    return changes;
  }

  /** Writes this batch's changes (and a snapshot when due), then purges files no retained batch needs. */
  async commit(batchId: number): Promise<StateStoreMetrics> {
    const started = performance.now();
    const changed = this.changes.reduce((n, c) => n + c.numRows, 0);
    const delta = changed > 0 ? this.db.queryStream(this.deltaSql()) : this.emptyDeltaBytes();
    await this.fs.writeFile(joinPath(this.dir, `${batchId}.delta`), delta);
    if (changed > 0) this.bytesPerRow = Math.max(16, delta.byteLength / changed);
    if (batchId - this.lastSnapshot >= this.options.minDeltasForSnapshot) {
      const all = this.db.queryStream(`SELECT *, FALSE AS __deleted FROM ${q(this.table)}`);
      await this.fs.writeFile(joinPath(this.dir, `${batchId}.snapshot`), all);
      this.lastSnapshot = batchId;
      await this.purge(batchId);
    }
    const metrics: StateStoreMetrics = {
      numRowsTotal: this.numRowsTotal,
      numRowsUpdated: this.updated,
      numRowsRemoved: this.removed,
      allUpdatesTimeMs: Math.round(this.updatesTimeMs),
      allRemovalsTimeMs: Math.round(this.removalsTimeMs),
      commitTimeMs: Math.round(performance.now() - started),
      memoryUsedBytes: Math.round(this.numRowsTotal * this.bytesPerRow),
    };
    this.discard();
    return metrics;
  }

  /**
   * Forgets the batch's changes. After a failed batch the table itself may hold some of them: it is rebuilt by
   * `load` when the query runs again.
   */
  discard(): void {
    this.db.dropTables(this.changes.map((c) => c.table));
    this.changes = [];
    this.updated = 0;
    this.removed = 0;
    this.updatesTimeMs = 0;
    this.removalsTimeMs = 0;
  }

  drop(): void {
    this.discard();
    this.db.dropTable(this.table);
  }

  /**
   * Keeps the rows `sql` selects (state columns and `__deleted`) as one of the batch's changes, then applies
   * them to the table by `write` (given the changes' table): one call to DuckDB, which also counts the rows.
   */
  private record(sql: string, write: (table: string) => string): StateChanges {
    const table = this.db.uniqueName("state_changes");
    let counts: number[];
    try {
      counts = this.db.queryNumbers(
        `CREATE TABLE ${q(table)} AS ${sql}; ${write(table)}; SELECT (SELECT count(*) FROM ${q(table)}), (SELECT count(*) FROM ${q(this.table)})`,
      );
    } catch (error) {
      this.db.dropTable(table);
      throw error;
    }
    const changes = { table, numRows: counts[0] };
    this.changes.push(changes);
    this.numRowsTotal = counts[1];
    return changes;
  }

  /** The batch's net change per key: where a key changed more than once, its last change. */
  private deltaSql(): string {
    const changed = this.changes.filter((c) => c.numRows > 0);
    if (changed.length === 1) return `SELECT * FROM ${q(changed[0].table)}`;
    const steps = changed.map((c, i) => `SELECT *, ${i} AS __step FROM ${q(c.table)}`).join(" UNION ALL ");
    return `SELECT * EXCLUDE (__step) FROM (${steps}) QUALIFY row_number() OVER (PARTITION BY __key ORDER BY __step DESC) = 1`;
  }

  private emptyDeltaBytes(): Uint8Array {
    this.emptyDelta ??= this.db.queryStream(`SELECT *, FALSE AS __deleted FROM ${q(this.table)} LIMIT 0`);
    return this.emptyDelta;
  }

  /** Replays a snapshot or delta file into the table; the last change to a key wins. */
  private async apply(path: string): Promise<void> {
    const staging = this.db.uniqueName("state_load");
    try {
      const bytes = await this.fs.readFile(path);
      try {
        arrow.tableFromIPC(bytes);
      } catch (error) {
        throw new CorruptCheckpointError(
          path,
          "the state file is not a valid Arrow IPC stream (truncated or overwritten)",
          error,
        );
      }
      this.db.insertArrowIPC(staging, bytes, true);
      const last = `(SELECT *, row_number() OVER () AS __seq FROM ${q(staging)}) QUALIFY row_number() OVER (PARTITION BY __key ORDER BY __seq DESC) = 1`;
      const target = q(this.table);
      this.db.exec(
        `DELETE FROM ${target} WHERE __key IN (SELECT __key FROM ${q(staging)}); INSERT INTO ${target} SELECT ${this.names} FROM ${last} AND NOT __deleted`,
      );
    } finally {
      this.db.dropTable(staging);
    }
  }

  private async purge(snapshotVersion: number): Promise<void> {
    // Keep what rebuilding any of the last minBatchesToRetain batches needs: the newest snapshot at or before the
    // oldest retained batch, and everything after it.
    const oldestRetained = snapshotVersion - this.options.minBatchesToRetain + 1;
    const files = await this.fs.list(this.dir);
    const snapshots = files
      .map((f) => /^(\d+)\.snapshot$/.exec(f.name))
      .filter((m) => m !== null)
      .map((m) => Number(m[1]));
    const keepFrom = Math.max(-1, ...snapshots.filter((v) => v <= oldestRetained));
    if (keepFrom < 0) return;
    for (const f of files) {
      const m = /^(\d+)\.(delta|snapshot)$/.exec(f.name);
      if (m && Number(m[1]) < keepFrom) await this.fs.delete(f.path);
      if (m && m[2] === "delta" && Number(m[1]) === keepFrom) await this.fs.delete(f.path);
    }
  }
}
