/**
 * Spark's StateStore: keyed rows that live across batches. The rows are a DuckDB table with `__key` as primary
 * key. Every statement that changes state first puts the rows it changes in a table of their own (the batch's
 * changes, which operators also read as their output: the groups a batch updated, the rows it evicted), then
 * writes them into state. At commit the changes go to `<dir>/<batchId>.delta` (Arrow IPC written straight from
 * DuckDB, a `__deleted` column marking removals). Every `minDeltasForSnapshot` batches a snapshot of the whole
 * state is written: `<V>.snapshot`, or, for a large state, spread over the next batches as parts
 * `<V>.<j>of<k>.snapshot` (see SnapshotInProgress), each small beside the store's usual work per batch (its time,
 * and the rows a batch changes), so no batch pays for the whole state at once. Loading replays the newest complete snapshot and the deltas after it.
 *
 * Memory stays bounded by the state, not by its history (bench P7b): DuckDB keeps the old versions of updated
 * strings and lists, and removed rows, in an in-memory table until it is rebuilt; updates never rewrite the key
 * columns (which do not change for a key), and the table is rebuilt once such leftovers outnumber its rows.
 *
 * A merge knows from its join which keys are new, so it writes them with a plain INSERT and the others with an
 * UPDATE, each only where the batch has such keys: on more than a few hundred rows DuckDB's ON CONFLICT (a MERGE)
 * costs more than either, and its `RETURNING` several times the upsert itself (bench/, P2 and P3). On a few rows
 * it is the other way round, as the number of statements is what costs there: a small merge whose rows nobody
 * reads as a table (complete mode's aggregation) is one `INSERT ... ON CONFLICT DO UPDATE ... RETURNING`, whose
 * rows are the batch's delta as they are (see upsert's `changesAsTable`).
 */
import * as arrow from "apache-arrow";
import { type DuckDB, quoteIdentifier } from "../duckdb/DuckDB";
import { CorruptCheckpointError, SparkException } from "../errors/exceptions";
import { type FileSystem, joinPath } from "../io/FileSystem";

const q = quoteIdentifier;
/** A merge's changes mark the keys state did not hold yet (see recordMerge). */
const NEW_KEY = "__new_key";

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
  /**
   * A column `__key` is made of: equal wherever `__key` is equal, so an update leaves the stored value in place
   * (rewriting it would only leave an old copy behind in DuckDB's memory).
   */
  readonly key?: boolean;
}

/**
 * How an upsert treats a key already in state: `keep` the stored row (only new keys go in), `replace` it by
 * the incoming row, or merge the two: per column, SQL over `__stored.<column>` and `__incoming.<column>` (the
 * columns not named take the incoming value). A new key is inserted as it comes. Key columns are never rewritten.
 */
export type Merge = "keep" | "replace" | Readonly<Record<string, string>>;

/** The rows one statement changed, as they are now (or as they were, if removed); valid until the commit. */
export interface StateChanges {
  /** A DuckDB table with the state's columns and `__deleted`. */
  readonly table: string;
  readonly numRows: number;
}

/**
 * A merge's changes as the Arrow IPC stream its upsert returned (the state's columns and `__deleted`): the
 * batch's delta as it is. Its table is made only if something asks for it.
 */
class ReturnedChanges implements StateChanges {
  private created: string | undefined;

  constructor(
    private readonly db: DuckDB,
    readonly bytes: Uint8Array,
    readonly numRows: number,
  ) {}

  get table(): string {
    if (this.created === undefined) {
      const name = this.db.uniqueName("state_changes");
      this.db.insertArrowIPC(name, this.bytes, true);
      this.created = name;
    }
    return this.created;
  }

  /** The table, where one was made. */
  get tableIfMade(): string | undefined {
    return this.created;
  }
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
  /**
   * About this many bytes of state go into one part of a snapshot spread over batches. Unset (the default), a
   * part is sized by time instead: half the store's usual work per batch, once a snapshot has been timed.
   */
  snapshotPartBytes?: number;
  /** DuckDB's memory past which a growing state fails its batch (default 3 GiB, DuckDB-WASM's 4 GiB less room). */
  memoryLimitBytes?: number;
}

/**
 * The default memory limit: DuckDB-WASM's address space is 4 GiB, and a batch needs room of its own beside the
 * state. Past 4 GiB the WebAssembly module cannot grow and aborts, losing the session.
 */
const MEMORY_LIMIT_BYTES = 3 * 1024 ** 3;
/** A snapshot part's size before any part has been timed: a few tens of milliseconds of DuckDB's export. */
const SNAPSHOT_PART_BYTES = 4 * 1024 * 1024;
/** A snapshot may spread over this many times minDeltasForSnapshot batches (restart replays that many deltas). */
const SNAPSHOT_SPREAD = 4;
/** A part never budgets less than this: below it, a call to DuckDB and a file write cost more than the rows. */
const MIN_PART_MS = 5;
/** The batches whose work (updates, removals, the delta's write) sets a part's budget. */
const RECENT_BATCHES = 10;
/** Parts smaller than this time the call to DuckDB more than the rows: they do not set the rate. */
const MIN_TIMED_PART_ROWS = 10_000;
/**
 * A part holds at most this many times the rows a batch usually changes (never fewer than MIN_TIMED_PART_ROWS):
 * exporting a row for the snapshot costs what exporting it for the delta does, so a part then costs about what
 * the batch's own delta does, whatever the load on the machine (the time rule alone, measured under load, sized
 * parts that added 1.8 times the median trigger: bench P3).
 */
const PART_ROWS_PER_CHANGED_ROW = 2;
/**
 * A merge whose last merge changed at most this many rows runs as one upsert returning its rows, where its
 * caller reads no table of them (see upsert). Alternated in one process, main-thread CPU per merge with its
 * delta and counts, keys of a steady state (5 keys from 100 rows, others from two rows a key; load 11-28): 5
 * keys 10.6 -> 8.0 ms, 30 keys 7.3 -> 6.2 ms, 100 keys 8.1 -> 7.3 ms, but 300 keys 8.6 -> 9.5 ms and 1,000 keys
 * 12.3 -> 24.6 ms.
 */
const RETURNING_MERGE_MAX_ROWS = 128;
/**
 * A state of at most this many keys keeps them in JavaScript while merges run as one statement, so that such a
 * merge tells its new keys from its returned rows instead of counting the state again (bench P2).
 */
const KEY_SET_MAX_ROWS = 4096;

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/** Leftover row versions below this never call for a rebuild: a rebuild of a small table is not worth a batch. */
const MIN_LEFTOVERS_FOR_REBUILD = 10_000;
/** DuckDB types updated in place without leaving the old value behind (fixed width). */
const FIXED_WIDTH =
  /^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|REAL|FLOAT|DOUBLE|DATE|TIME|TIMESTAMP|TIMESTAMP WITH TIME ZONE|INTERVAL|UUID|DECIMAL\(\d+, ?\d+\))$/i;

/** A state file's name: `<v>.delta`, `<v>.snapshot`, or part `j` of `k` of snapshot `v`, `<v>.<j>of<k>.snapshot`. */
export function parseStateFileName(
  name: string,
):
  | { version: number; kind: "delta" }
  | { version: number; kind: "snapshot"; part: number; parts: number }
  | undefined {
  const m = /^(\d+)\.(?:(\d+)of(\d+)\.)?(delta|snapshot)$/.exec(name);
  if (!m) return undefined;
  if (m[4] === "delta") return m[2] === undefined ? { version: Number(m[1]), kind: "delta" } : undefined;
  return { version: Number(m[1]), kind: "snapshot", part: Number(m[2] ?? 0), parts: Number(m[3] ?? 1) };
}

/** A snapshot found among a store's files: version `v`, written in `parts` files, each present or not. */
interface SnapshotFiles {
  readonly version: number;
  readonly parts: number;
  readonly paths: (string | undefined)[];
}

/**
 * The complete snapshots among a store's files, by version. Part `j` of snapshot `v` holds state as of batch
 * `v + j`, so a snapshot can rebuild batches from `v + parts - 1` on (`usableFrom`).
 */
export function completeSnapshots(
  files: readonly { name: string; path: string }[],
): (SnapshotFiles & { usableFrom: number })[] {
  const byKey = new Map<string, SnapshotFiles>();
  for (const f of files) {
    const parsed = parseStateFileName(f.name);
    if (parsed?.kind !== "snapshot" || parsed.part >= parsed.parts) continue;
    const key = `${parsed.version}/${parsed.parts}`;
    const snapshot = byKey.get(key) ?? {
      version: parsed.version,
      parts: parsed.parts,
      // Filled, not sparse: `every` below skips a sparse array's holes, so a missing part would pass.
      paths: Array.from({ length: parsed.parts }, () => undefined),
    };
    snapshot.paths[parsed.part] = f.path;
    byKey.set(key, snapshot);
  }
  return [...byKey.values()]
    .filter((s) => s.paths.every((p) => p !== undefined))
    .map((s) => ({ ...s, usableFrom: s.version + s.parts - 1 }))
    .sort((a, b) => a.version - b.version);
}

/**
 * A snapshot of version `version` written a part per batch: part `j`, written at commit `version + j`, holds the
 * rows whose rowid is in its share of `[0, rowIdEnd)`. A row that does not change after `version` keeps its rowid
 * and so lands in exactly one part; a row that does change is in a delta after `version`, which loading replays
 * over the parts. (The table is not rebuilt while a snapshot is in progress: that would move rowids.)
 */
interface SnapshotInProgress {
  readonly version: number;
  readonly parts: number;
  readonly rowIdEnd: number;
  next: number;
}

export class StateStore {
  readonly table: string;
  /** This batch's changes, in the order they happened. */
  private changes: StateChanges[] = [];
  private numRowsTotal = 0;
  /** Whether the last merge updated keys already stored (see recordMerge). */
  private lastMergeUpdated = false;
  /** The rows the last merge changed, undefined before any. */
  private lastMergeRows: number | undefined;
  private updated = 0;
  private removed = 0;
  private updatesTimeMs = 0;
  private removalsTimeMs = 0;
  /** The version the latest snapshot started at (complete or in progress), -1 before any. */
  private lastSnapshot = -1;
  private snapshotInProgress: SnapshotInProgress | undefined;
  /** Old row versions DuckDB still holds: removed rows, and updated rows with variable-width values. */
  private leftovers = 0;
  private bytesPerRow = 64;
  /** The store's work in its last batches (ms), and a snapshot's export time per row (ms) once measured. */
  private readonly recentWorkMs: number[] = [];
  /** The rows the last batches changed (their deltas' sizes). */
  private readonly recentChangedRows: number[] = [];
  private snapshotMsPerRow: number | undefined;
  /** The number of rows when DuckDB's memory was last checked against the limit. */
  private rowsChecked = 0;
  private emptyDelta: Uint8Array | undefined;
  /**
   * Every key in state, kept only by one-statement merges of a small state (see returningMerge); undefined
   * wherever anything else may have changed the table's keys.
   */
  private storedKeys: Set<string> | undefined;
  /** `__key` and the columns, as a SELECT list. */
  private readonly names: string;
  /** The columns an update may change (not the key's). */
  private readonly valueColumns: readonly StateColumn[];
  /** Whether updating a row leaves its old value behind in DuckDB (a string, list or struct value column). */
  private readonly updatesLeaveLeftovers: boolean;

  constructor(
    private readonly db: DuckDB,
    private readonly fs: FileSystem,
    readonly dir: string,
    readonly columns: readonly StateColumn[],
    private readonly options: StateStoreOptions,
  ) {
    this.table = db.uniqueName("state");
    this.createTable(this.table);
    this.names = ["__key", ...columns.map((c) => c.name)].map(q).join(", ");
    this.valueColumns = columns.filter((c) => !c.key);
    this.updatesLeaveLeftovers = this.valueColumns.some((c) => !FIXED_WIDTH.test(c.sqlType));
  }

  /** Rebuilds the rows as of batch `version` (undefined: empty, a new query). */
  async load(version: number | undefined): Promise<void> {
    this.discard();
    // A fresh table: deleting every row would leave them all behind in DuckDB's memory.
    this.db.dropTable(this.table);
    this.createTable(this.table);
    this.numRowsTotal = 0;
    this.leftovers = 0;
    this.snapshotInProgress = undefined;
    this.lastSnapshot = -1;
    if (version === undefined || version < 0) return;
    const files = await this.fs.list(this.dir);
    const base = completeSnapshots(files)
      .filter((s) => s.usableFrom <= version)
      .at(-1);
    const deltas = new Set(
      files
        .map((f) => parseStateFileName(f.name))
        .filter((f) => f?.kind === "delta")
        .map((f) => f!.version),
    );
    const replay: string[] = [...((base?.paths as string[] | undefined) ?? [])];
    for (let v = (base?.version ?? -1) + 1; v <= version; v++) {
      const path = joinPath(this.dir, `${v}.delta`);
      // A batch with no state changes still writes an (empty) delta, so a gap means a lost file.
      if (!deltas.has(v))
        throw new CorruptCheckpointError(
          path,
          `the state delta of batch ${v} is missing, so state as of batch ${version} cannot be rebuilt`,
        );
      replay.push(path);
    }
    await this.replay(replay);
    this.lastSnapshot = base?.version ?? -1;
    this.numRowsTotal = this.db.queryNumber(`SELECT count(*) FROM ${q(this.table)}`);
  }

  /**
   * Writes rows into state: `select` gives `__key` (distinct) and the columns; `merge` says what happens to keys
   * already there. Returns the rows written, as they now are. A caller that never reads the returned changes'
   * `table` says so by `changesAsTable: false`, which lets a small merge run as one statement.
   */
  upsert(select: string, merge: Merge, changesAsTable = true): StateChanges {
    const started = performance.now();
    const incoming = `(${select}) AS __incoming`;
    const stored = `${q(this.table)} AS __stored`;
    const before = this.numRowsTotal;
    let changes: StateChanges;
    if (merge === "replace") {
      changes = this.record(`SELECT ${this.names}, FALSE AS __deleted FROM ${incoming}`, (table) =>
        this.upsertSql(table, this.valueColumns),
      );
    } else if (merge === "keep") {
      changes = this.record(
        `SELECT ${this.names}, FALSE AS __deleted FROM ${incoming} ANTI JOIN ${stored} USING (__key)`,
        (table) => `INSERT INTO ${q(this.table)} SELECT ${this.names} FROM ${q(table)}`,
      );
    } else if (
      !changesAsTable &&
      this.valueColumns.length > 0 &&
      this.lastMergeRows !== undefined &&
      this.lastMergeRows <= RETURNING_MERGE_MAX_ROWS
    ) {
      changes = this.returningMerge(select, merge);
    } else {
      // The stored rows are found by a join on the batch's keys (DuckDB has no index join), in one pass.
      const values = this.columns.map((c) => {
        const value = `__incoming.${q(c.name)}`;
        const merged = merge[c.name];
        return merged === undefined
          ? value
          : `CASE WHEN __stored.__key IS NULL THEN ${value} ELSE ${merged} END AS ${q(c.name)}`;
      });
      changes = this.recordMerge(
        `SELECT __incoming.__key, ${values.join(", ")}, FALSE AS __deleted, __stored.__key IS NULL AS ${NEW_KEY} FROM ${incoming} LEFT JOIN ${stored} ON __stored.__key = __incoming.__key`,
      );
    }
    if (this.updatesLeaveLeftovers) this.leftovers += changes.numRows - (this.numRowsTotal - before);
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
    const columns = this.columns.filter((c) => set[c.name] !== undefined);
    const changes = this.record(
      `SELECT * REPLACE (${replaced}), FALSE AS __deleted FROM ${q(this.table)} WHERE ${where}`,
      (table) => this.upsertSql(table, columns),
    );
    if (columns.some((c) => !FIXED_WIDTH.test(c.sqlType))) this.leftovers += changes.numRows;
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
    this.leftovers += changes.numRows;
    this.removed += changes.numRows;
    this.removalsTimeMs += performance.now() - started;
    return changes;
  }

  /**
   * Writes this batch's changes, the next part of a snapshot (or a whole one when due), and purges files no
   * retained batch needs; rebuilds the table when its leftovers call for it.
   */
  async commit(batchId: number): Promise<StateStoreMetrics> {
    const started = performance.now();
    if (this.numRowsTotal > this.rowsChecked) this.checkMemory();
    const changed = this.changes.reduce((n, c) => n + c.numRows, 0);
    const nonEmpty = this.changes.filter((c) => c.numRows > 0);
    const delta =
      nonEmpty.length === 1 && nonEmpty[0] instanceof ReturnedChanges
        ? nonEmpty[0].bytes
        : changed > 0
          ? this.db.queryStream(this.deltaSql())
          : this.emptyDeltaBytes();
    await this.fs.writeFile(joinPath(this.dir, `${batchId}.delta`), delta);
    if (changed > 0) this.bytesPerRow = Math.max(16, delta.byteLength / changed);
    this.recentWorkMs.push(this.updatesTimeMs + this.removalsTimeMs + performance.now() - started);
    if (this.recentWorkMs.length > RECENT_BATCHES) this.recentWorkMs.shift();
    this.recentChangedRows.push(changed);
    if (this.recentChangedRows.length > RECENT_BATCHES) this.recentChangedRows.shift();
    if (!this.snapshotInProgress && batchId - this.lastSnapshot >= this.options.minDeltasForSnapshot)
      this.startSnapshot(batchId);
    if (this.snapshotInProgress) await this.writeSnapshotPart();
    if (!this.snapshotInProgress && this.leftovers >= Math.max(this.numRowsTotal, MIN_LEFTOVERS_FOR_REBUILD))
      this.rebuild();
    const metrics: StateStoreMetrics = {
      numRowsTotal: this.numRowsTotal,
      numRowsUpdated: this.updated,
      numRowsRemoved: this.removed,
      allUpdatesTimeMs: Math.round(this.updatesTimeMs),
      allRemovalsTimeMs: Math.round(this.removalsTimeMs),
      commitTimeMs: Math.round(performance.now() - started),
      memoryUsedBytes: Math.round(this.numRowsTotal * this.bytesPerRow),
    };
    // The batch's changes are committed: the keys in state are still those the merges left.
    const keys = this.storedKeys;
    this.discard();
    this.storedKeys = keys;
    return metrics;
  }

  /**
   * Forgets the batch's changes. After a failed batch the table itself may hold some of them: it is rebuilt by
   * `load` when the query runs again.
   */
  discard(): void {
    this.db.dropTablesLater(
      this.changes.flatMap((c) => {
        const table = c instanceof ReturnedChanges ? c.tableIfMade : c.table;
        return table === undefined ? [] : [table];
      }),
    );
    this.changes = [];
    this.updated = 0;
    this.removed = 0;
    this.updatesTimeMs = 0;
    this.removalsTimeMs = 0;
    this.storedKeys = undefined;
  }

  drop(): void {
    this.discard();
    this.db.dropTable(this.table);
  }

  /**
   * Fails the batch, before it commits, once a growing state has DuckDB hold more than the limit: a clear error
   * that the query can be restarted from, rather than the WebAssembly module aborting at 4 GiB.
   */
  private checkMemory(): void {
    this.rowsChecked = this.numRowsTotal;
    const used = this.db.queryNumber("SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()");
    const limit = this.options.memoryLimitBytes ?? MEMORY_LIMIT_BYTES;
    if (used <= limit) return;
    const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
    throw new SparkException("SLUICE_STATE_EXCEEDS_MEMORY", {
      stateLocation: this.dir,
      numKeys: String(this.numRowsTotal),
      memoryUsed: mib(used),
      memoryLimit: mib(limit),
    });
  }

  private createTable(name: string): void {
    const defs = this.columns.map((c) => `${q(c.name)} ${c.sqlType}`);
    this.db.exec(`CREATE TABLE ${q(name)} (__key VARCHAR PRIMARY KEY, ${defs.join(", ")})`);
  }

  /** Inserts a changes table's rows; a key already there gets `columns` (the rest of its row stays). */
  private upsertSql(table: string, columns: readonly StateColumn[]): string {
    const insert = `INSERT INTO ${q(this.table)} SELECT ${this.names} FROM ${q(table)}`;
    if (columns.length === 0) return `${insert} ON CONFLICT DO NOTHING`;
    const set = columns.map((c) => `${q(c.name)} = excluded.${q(c.name)}`).join(", ");
    return `${insert} ON CONFLICT (__key) DO UPDATE SET ${set}`;
  }

  /**
   * Keeps the rows `sql` selects (state columns and `__deleted`) as one of the batch's changes, then applies
   * them to the table by `write` (given the changes' table): one call to DuckDB, which also counts the rows.
   */
  private record(sql: string, write: (table: string) => string): StateChanges {
    this.storedKeys = undefined;
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

  /**
   * A merge's changes (`sql` gives the state's columns, `__deleted` and NEW_KEY) written into state: the new keys
   * inserted, the others' value columns updated, each statement only where the batch has such keys.
   *
   * Where the last merge updated stored keys (a stream over a steady set of keys), this one most likely does
   * too: the UPDATE runs first and its row count says how many keys were stored, so the changes need no count
   * statement of their own (the CREATE TABLE answers with its row count). Otherwise (a new query, keys that
   * keep growing) the changes are counted first, so that an UPDATE with nothing to update is not run (bench P2).
   */
  private recordMerge(sql: string): StateChanges {
    this.storedKeys = undefined;
    const table = this.db.uniqueName("state_changes");
    const updateFirst = this.lastMergeUpdated && this.valueColumns.length > 0;
    let counts: number[];
    try {
      counts = updateFirst
        ? [this.db.queryNumber(`CREATE TABLE ${q(table)} AS ${sql}`)]
        : this.db.queryNumbers(
            `CREATE TABLE ${q(table)} AS ${sql}; SELECT count(*), count_if(${NEW_KEY}) FROM ${q(table)}`,
          );
    } catch (error) {
      this.db.dropTable(table);
      throw error;
    }
    const changes = { table, numRows: counts[0] };
    this.changes.push(changes);
    const insert = `INSERT INTO ${q(this.table)} SELECT ${this.names} FROM ${q(table)} WHERE ${NEW_KEY}`;
    let added: number;
    if (updateFirst) {
      added = changes.numRows > 0 ? changes.numRows - this.db.queryNumber(this.updateSql(table)) : 0;
      if (added > 0) this.db.exec(insert);
    } else {
      added = counts[1];
      const writes: string[] = [];
      if (added < changes.numRows && this.valueColumns.length > 0) writes.push(this.updateSql(table));
      if (added > 0) writes.push(insert);
      if (writes.length > 0) this.db.exec(writes.join("; "));
    }
    this.lastMergeUpdated = added < changes.numRows;
    this.lastMergeRows = changes.numRows;
    this.numRowsTotal += added;
    return changes;
  }

  /**
   * A small merge in one statement: `INSERT ... ON CONFLICT DO UPDATE` sets the stored keys' value columns by
   * `merge` (`__stored` the row in state, `__incoming` DuckDB's `excluded`) and inserts the others, returning
   * every row it wrote as it now is, which is the batch's delta. The state's size is then counted.
   */
  private returningMerge(select: string, merge: Readonly<Record<string, string>>): StateChanges {
    const set = this.valueColumns
      .map((c) => {
        const merged = merge[c.name];
        const value = merged === undefined ? `__incoming.${q(c.name)}` : merged;
        return `${q(c.name)} = ${value.replace(/\b__incoming\./g, "excluded.")}`;
      })
      .join(", ");
    const bytes = this.db.queryStream(
      `INSERT INTO ${q(this.table)} AS __stored SELECT ${this.names} FROM (${select}) AS __incoming ON CONFLICT (__key) DO UPDATE SET ${set} RETURNING ${this.names}, FALSE AS __deleted`,
    );
    const returned = arrow.tableFromIPC(bytes);
    const changes = new ReturnedChanges(this.db, bytes, returned.numRows);
    this.changes.push(changes);
    const total = this.stateSizeAfter(returned);
    this.lastMergeUpdated = total - this.numRowsTotal < changes.numRows;
    this.lastMergeRows = changes.numRows;
    this.numRowsTotal = total;
    return changes;
  }

  /**
   * The state's size after a one-statement merge returned `returned`: where the state's keys are known, the
   * returned keys not among them are its new ones; otherwise the state is counted, and a small state's keys
   * read instead of counted, so that the next merges need no statement for it.
   */
  private stateSizeAfter(returned: arrow.Table): number {
    const keys = returned.getChild("__key");
    if (this.storedKeys !== undefined && keys !== null) {
      for (let i = 0; i < returned.numRows; i++) this.storedKeys.add(String(keys.get(i)));
      if (this.storedKeys.size <= KEY_SET_MAX_ROWS) return this.storedKeys.size;
      this.storedKeys = undefined;
      return this.db.queryNumber(`SELECT count(*) FROM ${q(this.table)}`);
    }
    if (this.numRowsTotal + returned.numRows > KEY_SET_MAX_ROWS)
      return this.db.queryNumber(`SELECT count(*) FROM ${q(this.table)}`);
    const stored = this.db.query(`SELECT __key FROM ${q(this.table)}`);
    const column = stored.getChild("__key");
    this.storedKeys = new Set();
    for (let i = 0; i < stored.numRows; i++) this.storedKeys.add(String(column?.get(i)));
    return stored.numRows;
  }

  /** Sets the value columns of the stored keys a merge's changes table holds (not its new keys). */
  private updateSql(table: string): string {
    const set = this.valueColumns.map((c) => `${q(c.name)} = __changed.${q(c.name)}`).join(", ");
    return `UPDATE ${q(this.table)} SET ${set} FROM ${q(table)} AS __changed WHERE ${q(this.table)}.__key = __changed.__key AND NOT __changed.${NEW_KEY}`;
  }

  /** The batch's net change per key: where a key changed more than once, its last change. */
  private deltaSql(): string {
    const changed = this.changes.filter((c) => c.numRows > 0);
    // The state's columns and __deleted, by name: a merge's changes also mark its new keys.
    const columns = `${this.names}, __deleted`;
    if (changed.length === 1) return `SELECT ${columns} FROM ${q(changed[0].table)}`;
    const steps = changed
      .map((c, i) => `SELECT ${columns}, ${i} AS __step FROM ${q(c.table)}`)
      .join(" UNION ALL ");
    return `SELECT * EXCLUDE (__step) FROM (${steps}) QUALIFY row_number() OVER (PARTITION BY __key ORDER BY __step DESC) = 1`;
  }

  private emptyDeltaBytes(): Uint8Array {
    this.emptyDelta ??= this.db.queryStream(`SELECT *, FALSE AS __deleted FROM ${q(this.table)} LIMIT 0`);
    return this.emptyDelta;
  }

  /**
   * Starts the snapshot of version `batchId`, in as many parts as keep each part small beside the store's usual
   * work per batch, so that no trigger stalls on a snapshot (bench P3): each part within half that work (the
   * median of its last batches), from the export time per row the last snapshot measured, and within
   * PART_ROWS_PER_CHANGED_ROW times the rows a batch usually changes; at most SNAPSHOT_SPREAD times
   * `minDeltasForSnapshot` parts. With `snapshotPartBytes`, parts of about that many bytes, at most
   * `minDeltasForSnapshot` of them.
   */
  private startSnapshot(batchId: number): void {
    const { snapshotPartBytes } = this.options;
    const minDeltas = Math.max(1, this.options.minDeltasForSnapshot);
    let wanted: number;
    if (snapshotPartBytes !== undefined) {
      wanted = Math.min(minDeltas, (this.numRowsTotal * this.bytesPerRow) / snapshotPartBytes);
    } else {
      const rowsPerPart = Math.max(
        MIN_TIMED_PART_ROWS,
        PART_ROWS_PER_CHANGED_ROW * (this.recentChangedRows.length > 0 ? median(this.recentChangedRows) : 0),
      );
      const byTime =
        this.snapshotMsPerRow === undefined || this.recentWorkMs.length === 0
          ? (this.numRowsTotal * this.bytesPerRow) / SNAPSHOT_PART_BYTES
          : (this.numRowsTotal * this.snapshotMsPerRow) /
            Math.max(MIN_PART_MS, median(this.recentWorkMs) / 2);
      wanted = Math.min(minDeltas * SNAPSHOT_SPREAD, Math.max(byTime, this.numRowsTotal / rowsPerPart));
    }
    const parts = Math.max(1, Math.ceil(wanted));
    const rowIdEnd =
      parts > 1 ? this.db.queryNumber(`SELECT coalesce(max(rowid), -1) + 1 FROM ${q(this.table)}`) : 0;
    this.snapshotInProgress = { version: batchId, parts, rowIdEnd, next: 0 };
    this.lastSnapshot = batchId;
  }

  /** Writes the snapshot's next part; after the last one, purges what the snapshot makes unneeded. */
  private async writeSnapshotPart(): Promise<void> {
    const snapshot = this.snapshotInProgress!;
    const { version, parts, rowIdEnd, next } = snapshot;
    let rows = `SELECT *, FALSE AS __deleted FROM ${q(this.table)}`;
    let name = `${version}.snapshot`;
    if (parts > 1) {
      const from = Math.floor((rowIdEnd * next) / parts);
      const until = Math.floor((rowIdEnd * (next + 1)) / parts);
      rows += ` WHERE rowid >= ${from} AND rowid < ${until}`;
      name = `${version}.${next}of${parts}.snapshot`;
    }
    const started = performance.now();
    await this.fs.writeFile(joinPath(this.dir, name), this.db.queryStream(rows));
    const partRows = parts > 1 ? rowIdEnd / parts : this.numRowsTotal;
    if (partRows >= MIN_TIMED_PART_ROWS) this.snapshotMsPerRow = (performance.now() - started) / partRows;
    snapshot.next += 1;
    if (snapshot.next < parts) return;
    this.snapshotInProgress = undefined;
    await this.purge(version + parts - 1);
  }

  /**
   * Replaces the table by a fresh copy of its rows: DuckDB frees what the old one held for removed rows and
   * replaced values, which it keeps in an in-memory table for as long as the table lives.
   */
  private rebuild(): void {
    const fresh = this.db.uniqueName("state");
    this.createTable(fresh);
    this.db.exec(
      `INSERT INTO ${q(fresh)} SELECT ${this.names} FROM ${q(this.table)}; DROP TABLE ${q(this.table)}; ALTER TABLE ${q(fresh)} RENAME TO ${q(this.table)}`,
    );
    this.leftovers = 0;
  }

  /**
   * Loads snapshot parts and deltas, in order, into the (empty) table in one statement: the last change to a
   * key wins, and a removal drops it.
   */
  private async replay(paths: readonly string[]): Promise<void> {
    const staging: string[] = [];
    try {
      for (const path of paths) {
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
        const name = this.db.uniqueName("state_load");
        staging.push(name);
        this.db.insertArrowIPC(name, bytes, true);
      }
      if (staging.length === 0) return;
      // Within a file, changes are in the order they happened: a fresh table's rowid is its rows' order. The last
      // change per key is found by a grouped arg_max, not a window ranking: DuckDB-WASM's window operator grew
      // the WebAssembly memory, which never shrinks, by about 200 MB to replay 36k rows (the soak's restarts).
      const all = staging
        .map((t, i) => `SELECT *, ${i} * 4294967296 + rowid AS __order FROM ${q(t)}`)
        .join(" UNION ALL ");
      const fields = this.columns.map((c, i) => `'c${i}': ${q(c.name)}`);
      this.db.exec(
        `INSERT INTO ${q(this.table)} SELECT ${["__key", ...this.columns.map((_, i) => `__last.c${i}`)].join(", ")} FROM (SELECT __key, arg_max({${[...fields, "'deleted': __deleted"].join(", ")}}, __order) AS __last FROM (${all}) GROUP BY __key) WHERE NOT __last.deleted`,
      );
    } finally {
      this.db.dropTables(staging);
    }
  }

  /**
   * Keeps what rebuilding any of the last minBatchesToRetain batches (up to `current`) needs: the newest complete
   * snapshot usable at or before the oldest retained batch, and everything after it.
   */
  private async purge(current: number): Promise<void> {
    const oldestRetained = current - this.options.minBatchesToRetain + 1;
    const files = await this.fs.list(this.dir);
    const keep = completeSnapshots(files)
      .filter((s) => s.usableFrom <= oldestRetained)
      .at(-1);
    if (!keep) return;
    for (const f of files) {
      const parsed = parseStateFileName(f.name);
      if (!parsed) continue;
      if (parsed.version < keep.version || (parsed.kind === "delta" && parsed.version === keep.version))
        await this.fs.delete(f.path);
    }
  }
}
