/**
 * Spark's DataFrameWriterV2 (`df.writeTo(table)`): creates, replaces or writes a table of the catalog. Over
 * Sluice's warehouse tables: `create` is CREATE TABLE AS SELECT, `replace` / `createOrReplace` drop the table
 * and create it anew with the DataFrame's schema, `append` inserts by name, `overwrite(condition)` deletes the
 * rows the condition holds for and appends, `overwritePartitions` replaces the partitions the rows fall in (the
 * whole table where it has no partitions).
 */
import { qualifiedName } from "../catalog/CatalogTable";
import {
  callOnStreamingDatasetUnsupported,
  cannotOverwriteTableBeingRead,
  tableAlreadyExists,
  tableOrViewNotFound,
} from "../errors/QueryCompilationErrors";
import { normalizePath } from "../io/FileSystem";
import { setOption } from "../sources/Source";
import { Column, type ColumnOrName, toColumn } from "../sql/api/Column";
import type { DataFrame } from "../sql/api/DataFrame";
import { coalesce, lit } from "../sql/api/functions";
import { createTableAsSelect } from "../sql/execution/command/createDataSourceTables";
import { insertIntoTable } from "../sql/execution/command/insertIntoTable";
import { planNodes } from "../sql/plan";

export class DataFrameWriterV2 {
  private provider: string | undefined;
  private readonly writeOptions: Record<string, string> = {};
  private readonly properties: Record<string, string> = {};
  private partitioning: string[] = [];
  private clustering: string[] = [];

  constructor(
    private readonly df: DataFrame,
    private readonly table: string,
  ) {
    if (!df.isStreaming) return;
    throw callOnStreamingDatasetUnsupported("writeTo");
  }

  /** The table's provider (format): parquet, csv, json, text; the default is `spark.sql.sources.default`. */
  using(provider: string): this {
    this.provider = provider;
    return this;
  }

  option(key: string, value: string | number | boolean): this {
    setOption(this.writeOptions, key, String(value));
    return this;
  }

  options(options: Record<string, string | number | boolean>): this {
    for (const [k, v] of Object.entries(options)) this.option(k, v);
    return this;
  }

  /** A property of the table to create (`location` makes it an external table at that path). */
  tableProperty(property: string, value: string): this {
    this.properties[property] = value;
    return this;
  }

  /** The partitioning of the table to create: column references (Spark's transforms are not supported). */
  partitionedBy(column: ColumnOrName, ...columns: ColumnOrName[]): this {
    this.partitioning = [column, ...columns].map((c) => this.columnName(c));
    return this;
  }

  /** The clustering columns of the table to create. */
  clusterBy(colName: string, ...colNames: string[]): this {
    this.clustering = [colName, ...colNames];
    return this;
  }

  /** Creates the table with the DataFrame's rows; TABLE_OR_VIEW_ALREADY_EXISTS where it exists. */
  async create(): Promise<void> {
    const df = await this.df.resolve();
    const catalog = df.sparkSession.sessionCatalog;
    const parts = catalog.nameParts(this.table);
    if (catalog.lookupTable(parts)) throw tableAlreadyExists(catalog.qualify(parts));
    await this.createTable(df);
  }

  /** Replaces the table (schema, partitioning, properties and rows); TABLE_OR_VIEW_NOT_FOUND where it is missing. */
  async replace(): Promise<void> {
    await this.replaceTable(false);
  }

  /** Replaces the table, or creates it where it is missing. */
  async createOrReplace(): Promise<void> {
    await this.replaceTable(true);
  }

  /** Appends the rows, matching the table's columns by name. */
  async append(): Promise<void> {
    const df = await this.df.resolve();
    const table = this.existing(df);
    await insertIntoTable(df.sparkSession, table, df, { overwrite: false, byName: true });
  }

  /** Deletes the rows for which `condition` is true, then appends the DataFrame's rows (by name). */
  async overwrite(condition: ColumnOrName): Promise<void> {
    const df = await this.df.resolve();
    const table = this.existing(df);
    const session = df.sparkSession;
    const kept = session
      .table(this.table)
      .filter(coalesce(toColumn(condition), lit(false)).not())
      .localCheckpoint();
    await kept.count();
    const rows = kept.unionByName(
      df.select(...table.schema.fieldNames.map((n) => new Column({ kind: "column", parts: [n] }))),
    );
    await insertIntoTable(session, table, rows, { overwrite: true, byName: true });
  }

  /** Replaces the partitions the rows fall in (every row where the table has no partitions). */
  async overwritePartitions(): Promise<void> {
    const df = await this.df.resolve();
    const table = this.existing(df);
    await insertIntoTable(df.sparkSession, table, df, {
      overwrite: true,
      byName: true,
      dynamicPartitions: true,
    });
  }

  private existing(df: DataFrame) {
    const catalog = df.sparkSession.sessionCatalog;
    const parts = catalog.nameParts(this.table);
    const table = catalog.lookupTable(parts);
    if (!table) throw tableOrViewNotFound(parts);
    return table;
  }

  private async replaceTable(orCreate: boolean): Promise<void> {
    const df = await this.df.resolve();
    const catalog = df.sparkSession.sessionCatalog;
    const parts = catalog.nameParts(this.table);
    const existing = catalog.lookupTable(parts);
    if (!existing && !orCreate) throw tableOrViewNotFound(parts);
    let dropped: Promise<void> | undefined;
    if (existing) {
      const name = qualifiedName(existing.identifier);
      const reads = planNodes(df.plan).some(
        (n) => n.kind === "relation" && n.relation.type === "files" && n.relation.table === name,
      );
      if (reads) throw cannotOverwriteTableBeingRead(existing.identifier);
      dropped = catalog.external.dropTable(existing.identifier);
    }
    await this.createTable(df);
    await dropped;
  }

  private async createTable(df: DataFrame): Promise<void> {
    const session = df.sparkSession;
    const catalog = session.sessionCatalog;
    const { location, ...properties } = this.properties;
    await createTableAsSelect(
      session,
      {
        ident: catalog.qualify(catalog.nameParts(this.table)),
        provider: this.provider ?? session.conf.get("spark.sql.sources.default"),
        partitionColumns: this.partitioning,
        clusteringColumns: this.clustering,
        location: location === undefined ? undefined : normalizePath(location),
        options: { ...this.writeOptions },
        properties,
      },
      df,
      false,
    );
  }

  private columnName(c: ColumnOrName): string {
    if (typeof c === "string") return c;
    const e = c.expr;
    if (e.kind === "column") return e.parts.join(".");
    return this.df.select(c).columns[0];
  }
}
