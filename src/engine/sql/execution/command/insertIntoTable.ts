/**
 * Spark's InsertIntoHadoopFsRelationCommand, with PreprocessTableInsertion's checks: INSERT INTO / OVERWRITE,
 * `df.write.insertInto` and saveAsTable's append write a query's rows into a table's location. The checks run at
 * once and throw; the rows are computed and written in the session's command queue, after the commands before.
 */
import { type CatalogTable, qualifiedName, quotedName } from "../../../catalog/CatalogTable";
import {
  cannotOverwriteTableBeingRead,
  columnAlreadyExists,
  expectTableNotView,
  insertColumnArityMismatch,
  insertPartitionColumnArityMismatch,
  nonPartitionColumn,
  unresolvedColumn,
} from "../../../errors/QueryCompilationErrors";
import { joinPath } from "../../../io/FileSystem";
import { partitionPath } from "../../../io/PartFileWriter";
import type { SparkSession } from "../../../session/SparkSession";
import { resolveOutputColumns } from "../../analysis/TableOutputResolver";
import { Column } from "../../api/Column";
import type { DataFrame } from "../../api/DataFrame";
import type { Expression } from "../../expressions";
import { planNodes } from "../../plan";
import { writeFiles } from "../FileFormatWriter";
import { tableFormat } from "./createDataSourceTables";

export interface InsertSpec {
  readonly overwrite: boolean;
  /** The PARTITION clause: a value makes the partition static; without one it comes from the query. */
  readonly partition?: readonly (readonly [string, Expression | undefined])[];
  /** An INSERT's column list: the query's columns go there, the table's other columns are NULL. */
  readonly columns?: readonly string[];
  /** Match the query's columns to the table's by name (saveAsTable's append, INSERT ... BY NAME). */
  readonly byName: boolean;
  /**
   * An overwrite replaces only the partitions the query writes (DataFrameWriterV2.overwritePartitions), whatever
   * `spark.sql.sources.partitionOverwriteMode` says.
   */
  readonly dynamicPartitions?: boolean;
}

/** Inserts `query`'s rows into `table`; the Promise settles once they are written. */
export function insertIntoTable(
  session: SparkSession,
  table: CatalogTable,
  query: DataFrame,
  spec: InsertSpec,
): Promise<void> {
  const ident = table.identifier;
  if (table.tableType === "VIEW") throw expectTableNotView(quotedName(ident), "INSERT");
  const staticValues = staticPartitions(table, spec.partition ?? []);
  const staticColumns = [...staticValues.keys()];
  const expected = table.schema.fields.filter((f) => !staticValues.has(f.name));
  let resolved: DataFrame;
  if (spec.columns) {
    checkColumnList(table, spec.columns);
    if (query.columns.length !== spec.columns.length) {
      throw insertColumnArityMismatch(ident, spec.columns, query.columns);
    }
    const renamed = query.select(
      ...query.columns.map((c, i) =>
        new Column({ kind: "column", parts: [c], index: i }).alias(spec.columns![i]),
      ),
    );
    resolved = resolveOutputColumns(ident, expected, renamed, true, true);
  } else {
    if (staticColumns.length > 0 && !spec.byName && query.columns.length !== expected.length) {
      throw insertPartitionColumnArityMismatch(
        ident,
        table.schema.fieldNames,
        staticColumns,
        query.columns,
        expected.length,
      );
    }
    resolved = resolveOutputColumns(ident, expected, query, spec.byName);
  }
  const rows = resolved.select(
    ...table.schema.fields.map((f) => {
      const value = staticValues.get(f.name);
      if (!value) return new Column({ kind: "column", parts: [f.name], index: expected.indexOf(f) });
      return new Column(value).cast(f.dataType).alias(f.name);
    }),
  );
  if (spec.overwrite && readsTable(query, table)) throw cannotOverwriteTableBeingRead(ident);

  const format = tableFormat(table.provider!);
  const location = table.location!;
  const partitionColumns = table.partitionColumnNames;
  // The leading static partitions name the one directory an overwrite replaces (Spark's static prefix).
  const prefix: [string, unknown][] = [];
  for (const p of partitionColumns) {
    const value = staticValues.get(p);
    if (!value) break;
    prefix.push([p, value.kind === "literal" ? value.value : undefined]);
  }
  const dynamicOverwrite =
    spec.overwrite &&
    staticColumns.length < partitionColumns.length &&
    (spec.dynamicPartitions ||
      session.conf.get("spark.sql.sources.partitionOverwriteMode").toLowerCase() === "dynamic");
  return session.commands.run(async () => {
    const beforeWrite = async (directories: readonly string[]) => {
      if (!spec.overwrite) return;
      if (dynamicOverwrite) {
        for (const d of directories) await session.fs.delete(joinPath(location, d));
      } else await clear(session, joinPath(location, partitionPath(prefix)));
    };
    await writeFiles(
      session,
      rows.plan,
      { format, options: table.storageProperties, partitionColumns, dir: location, beforeWrite },
      false,
    );
    // A partition every value of which is given exists even with no rows (Spark lists it in SHOW PARTITIONS).
    if (partitionColumns.length > 0 && staticColumns.length === partitionColumns.length) {
      await session.fs.mkdirs(joinPath(location, partitionPath(prefix)));
    }
  });
}

/** The static partition values, by the table's own names; a PARTITION column must be a partition column. */
function staticPartitions(
  table: CatalogTable,
  partition: readonly (readonly [string, Expression | undefined])[],
): Map<string, Expression> {
  const values = new Map<string, Expression>();
  for (const [column, value] of partition) {
    const name = table.partitionColumnNames.find((p) => p.toLowerCase() === column.toLowerCase());
    if (!name) throw nonPartitionColumn(column);
    if (value) values.set(name, value);
  }
  return values;
}

function checkColumnList(table: CatalogTable, columns: readonly string[]): void {
  const seen = new Set<string>();
  for (const c of columns) {
    if (!table.schema.field(c)) throw unresolvedColumn(c, table.schema.fieldNames);
    if (seen.has(c.toLowerCase())) throw columnAlreadyExists(c.toLowerCase());
    seen.add(c.toLowerCase());
  }
}

/** Whether the query reads the table it overwrites (Spark refuses: the rows would be deleted before read). */
function readsTable(query: DataFrame, table: CatalogTable): boolean {
  const name = qualifiedName(table.identifier);
  return planNodes(query.plan).some(
    (n) => n.kind === "relation" && n.relation.type === "files" && n.relation.table === name,
  );
}

/** Deletes what a directory holds, keeping the directory itself. */
async function clear(session: SparkSession, dir: string): Promise<void> {
  for (const entry of await session.fs.list(dir)) await session.fs.delete(entry.path);
}
