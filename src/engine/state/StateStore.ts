/**
 * Spark's StateStore: keyed rows that live across batches. The rows are a DuckDB table indexed by `__key`, so a
 * batch touches only its own keys. Each batch's changes are written to `<dir>/<batchId>.delta` (Arrow IPC, a
 * `__deleted` column marking removals), with a full `<batchId>.snapshot` every `minDeltasForSnapshot` batches;
 * loading replays the newest snapshot and the deltas after it.
 */
import * as arrow from "apache-arrow";
import { CorruptCheckpointError } from "../checkpoint/CheckpointError";
import { type DuckDB, quoteIdentifier } from "../duckdb/DuckDB";
import { type FileSystem, joinPath } from "../io/FileSystem";

/**
 * SQL of a state key: the key columns as one text value (`__key`), NULL-safe and distinct per distinct key
 * (DuckDB quotes strings in a struct's text form). No key columns: a single global key.
 */
export function stateKeySql(columnsSql: readonly string[]): string {
  if (columnsSql.length === 0) return "'{}'";
  return `CAST(struct_pack(${columnsSql.map((c, i) => `k${i} := ${c}`).join(", ")}) AS VARCHAR)`;
}

export interface StateColumn {
  readonly name: string;
  /** DuckDB type. */
  readonly sqlType: string;
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
  private changes: arrow.Table[] = [];
  private updated = 0;
  private removed = 0;
  private updatesTimeMs = 0;
  private removalsTimeMs = 0;
  private lastSnapshot = -1;
  private bytesPerRow = 64;

  constructor(
    private readonly db: DuckDB,
    private readonly fs: FileSystem,
    readonly dir: string,
    readonly columns: readonly StateColumn[],
    private readonly options: StateStoreOptions,
  ) {
    this.table = db.uniqueName("state");
    const defs = columns.map((c) => `${quoteIdentifier(c.name)} ${c.sqlType}`);
    db.exec(`CREATE TABLE ${quoteIdentifier(this.table)} (__key VARCHAR PRIMARY KEY, ${defs.join(", ")})`);
  }

  /** Rebuilds the rows as of batch `version` (undefined: empty, a new query). */
  async load(version: number | undefined): Promise<void> {
    this.db.exec(`DELETE FROM ${quoteIdentifier(this.table)}`);
    this.discard();
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
  }

  /**
   * Inserts rows, or merges them into existing ones: `select` gives `__key` and the columns; `mergeSet` is the
   * `SET` list used where the key exists (EXCLUDED.x is the new value). Returns the rows as they now are.
   */
  upsert(select: string, mergeSet: string): arrow.Table {
    const started = performance.now();
    const conflict = mergeSet ? `DO UPDATE SET ${mergeSet}` : "DO NOTHING";
    const rows = this.db.query(
      `INSERT INTO ${quoteIdentifier(this.table)} ${select} ON CONFLICT (__key) ${conflict} RETURNING *, FALSE AS __deleted`,
    );
    this.record(rows);
    this.updated += rows.numRows;
    this.updatesTimeMs += performance.now() - started;
    return rows;
  }

  /** Changes the rows matching `where` by the `SET` list; returns them as they now are. */
  update(set: string, where: string): arrow.Table {
    const started = performance.now();
    const rows = this.db.query(
      `UPDATE ${quoteIdentifier(this.table)} SET ${set} WHERE ${where} RETURNING *, FALSE AS __deleted`,
    );
    this.record(rows);
    this.updated += rows.numRows;
    this.updatesTimeMs += performance.now() - started;
    return rows;
  }

  /** Removes the rows matching `where` (SQL over the state's columns); returns them. */
  remove(where: string): arrow.Table {
    const started = performance.now();
    const rows = this.db.query(
      `DELETE FROM ${quoteIdentifier(this.table)} WHERE ${where} RETURNING *, TRUE AS __deleted`,
    );
    this.record(rows);
    this.removed += rows.numRows;
    this.removalsTimeMs += performance.now() - started;
    return rows;
  }

  get numRowsTotal(): number {
    return Number(
      this.db
        .query(`SELECT count(*) FROM ${quoteIdentifier(this.table)}`)
        .getChildAt(0)!
        .get(0),
    );
  }

  /** Writes this batch's changes (and a snapshot when due), then purges files no retained batch needs. */
  async commit(batchId: number): Promise<StateStoreMetrics> {
    const started = performance.now();
    const delta = this.changes.length > 0 ? this.changes.reduce((a, b) => a.concat(b)) : undefined;
    const bytes = delta ? arrow.tableToIPC(delta, "stream") : arrow.tableToIPC(this.emptyChanges(), "stream");
    await this.fs.writeFile(joinPath(this.dir, `${batchId}.delta`), bytes);
    if (delta && delta.numRows > 0) this.bytesPerRow = Math.max(16, bytes.byteLength / delta.numRows);
    if (batchId - this.lastSnapshot >= this.options.minDeltasForSnapshot) {
      const all = this.db.query(`SELECT *, FALSE AS __deleted FROM ${quoteIdentifier(this.table)}`);
      await this.fs.writeFile(joinPath(this.dir, `${batchId}.snapshot`), arrow.tableToIPC(all, "stream"));
      this.lastSnapshot = batchId;
      await this.purge(batchId);
    }
    const total = this.numRowsTotal;
    const metrics: StateStoreMetrics = {
      numRowsTotal: total,
      numRowsUpdated: this.updated,
      numRowsRemoved: this.removed,
      allUpdatesTimeMs: Math.round(this.updatesTimeMs),
      allRemovalsTimeMs: Math.round(this.removalsTimeMs),
      commitTimeMs: Math.round(performance.now() - started),
      memoryUsedBytes: Math.round(total * this.bytesPerRow),
    };
    this.discard();
    return metrics;
  }

  /** Forgets uncommitted changes (the table itself is rebuilt by `load` on the next run). */
  discard(): void {
    this.changes = [];
    this.updated = 0;
    this.removed = 0;
    this.updatesTimeMs = 0;
    this.removalsTimeMs = 0;
  }

  drop(): void {
    this.db.dropTable(this.table);
  }

  /** Keeps a statement's RETURNING rows (state columns plus `__deleted`) for the batch's delta. */
  private record(rows: arrow.Table): void {
    if (rows.numRows > 0) this.changes.push(rows);
  }

  private emptyChanges(): arrow.Table {
    return this.db.query(`SELECT *, FALSE AS __deleted FROM ${quoteIdentifier(this.table)} LIMIT 0`);
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
      const names = ["__key", ...this.columns.map((c) => c.name)].map(quoteIdentifier).join(", ");
      const last = `(SELECT *, row_number() OVER () AS __seq FROM ${quoteIdentifier(staging)}) QUALIFY row_number() OVER (PARTITION BY __key ORDER BY __seq DESC) = 1`;
      const target = quoteIdentifier(this.table);
      this.db.exec(`DELETE FROM ${target} WHERE __key IN (SELECT __key FROM ${quoteIdentifier(staging)})`);
      this.db.exec(`INSERT INTO ${target} SELECT ${names} FROM ${last} AND NOT __deleted`);
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
