/**
 * `spark.catalog`: the names `spark.sql` and `spark.table` can read — temporary views, and the tables memory
 * sinks keep in DuckDB (temporary views too, as Spark lists them).
 */
import { type DuckDB, quoteString } from "../duckdb/DuckDB";
import { tableOrViewNotFound, tempViewAlreadyExists } from "../errors/QueryCompilationErrors";
import type { DataFrame } from "../sql/api/DataFrame";

/** What `spark.catalog.listTables()` returns for each name. */
export interface Table {
  readonly name: string;
  readonly catalog: string | null;
  readonly namespace: string[];
  readonly description: string | null;
  readonly tableType: "TEMPORARY";
  readonly isTemporary: true;
}

/** `spark.catalog`: lists and drops the session's temporary views and memory-sink tables. */
export class Catalog {
  private readonly views = new Map<string, { name: string; df: DataFrame }>();

  constructor(private readonly db: DuckDB) {}

  /** Engine internal: registers `df` as a temporary view (what `createOrReplaceTempView` calls). */
  registerView(name: string, df: DataFrame, replace: boolean): void {
    const key = name.toLowerCase();
    if (!replace && (this.views.has(key) || this.memoryTable(name))) {
      throw tempViewAlreadyExists(name);
    }
    this.views.set(key, { name, df });
  }

  /** The temporary view of that name (case-insensitive), if there is one. */
  view(name: string): DataFrame | undefined {
    return this.views.get(name.toLowerCase())?.df;
  }

  /**
   * The DuckDB table a memory sink writes under `name`, if there is one. Engine-internal tables (`__` names,
   * such as a batch handed to foreachBatch) are found only where `internal` is set.
   */
  memoryTable(name: string, internal = false): string | undefined {
    const visible = internal ? "" : " AND NOT starts_with(table_name, '__')";
    const rows = this.db.query(
      `SELECT table_name FROM duckdb_tables() WHERE lower(table_name) = lower(${quoteString(name)})${visible}`,
    );
    return rows.numRows > 0 ? String(rows.getChildAt(0)!.get(0)) : undefined;
  }

  /** Whether a temporary view or memory-sink table of that name exists. */
  tableExists(name: string): boolean {
    return this.view(name) !== undefined || this.memoryTable(name) !== undefined;
  }

  /** Drops a temporary view (or a memory sink's table); returns whether one existed. */
  dropTempView(name: string): boolean {
    const existed = this.views.delete(name.toLowerCase());
    const table = this.memoryTable(name);
    if (table) this.db.dropTable(table);
    return existed || table !== undefined;
  }

  /** Spark's DROP VIEW: an unknown name is an error unless IF EXISTS. */
  dropView(name: string, ifExists: boolean): void {
    if (!this.dropTempView(name) && !ifExists) throw tableOrViewNotFound(name);
  }

  /** The temporary views and memory-sink tables, by name. */
  listTables(): Table[] {
    const tables = this.db.query(
      "SELECT table_name FROM duckdb_tables() WHERE NOT starts_with(table_name, '__') ORDER BY table_name",
    );
    const names = [
      ...[...this.views.values()].map((v) => v.name),
      ...Array.from({ length: tables.numRows }, (_, i) => String(tables.getChildAt(0)!.get(i))),
    ];
    return [...new Set(names)].sort().map((name) => ({
      name,
      catalog: null,
      namespace: [],
      description: null,
      tableType: "TEMPORARY",
      isTemporary: true,
    }));
  }

  /** Kept for callers that list view names only. */
  listViews(): string[] {
    return [...this.views.keys()];
  }
}
