/**
 * Spark's CreateDataSourceTableCommand and CreateDataSourceTableAsSelectCommand, with the checks of
 * PreprocessTableCreation: how CREATE TABLE ... USING, CREATE TABLE ... AS SELECT, `spark.catalog.createTable`,
 * saveAsTable and toTable make a table. A table is in the catalog as soon as the command returns; its directory,
 * its first rows and its metadata file are written in the session's command queue.
 */
import type { CatalogTable, TableIdentifier } from "../../../catalog/CatalogTable";
import {
  allPartitionColumnsNotAllowed,
  clusterByWithPartitionedBy,
  columnAlreadyExists,
  columnNotDefinedInTable,
  ctasIntoNonEmptyLocation,
  dataSourceNotFound,
  invalidPartitionColumnType,
  invalidSchemaOrRelationName,
  notSupportedWithoutHive,
  schemaNotFound,
  specifyPartitionNotAllowed,
  tableAlreadyExists,
  unableToInferSchema,
} from "../../../errors/QueryCompilationErrors";
import { locationAlreadyExists } from "../../../errors/QueryExecutionErrors";
import { DATA_FORMATS, type DataFormat } from "../../../io/DataFileReader";
import { type InferredSchema, inferPartitionedSchema } from "../../../session/dataFiles";
import type { SparkSession } from "../../../session/SparkSession";
import { Column } from "../../api/Column";
import type { DataFrame } from "../../api/DataFrame";
import { AtomicType, DecimalType, StructField, StructType } from "../../types";
import { writeFiles } from "../FileFormatWriter";

/** What a new table is to be: CREATE TABLE's clauses, or a writer's settings. */
export interface TableDefinition {
  readonly ident: TableIdentifier;
  /** The file format, as the user wrote it (checked here). */
  readonly provider: string;
  /** The columns; absent where they are inferred from the files at `location`. */
  readonly schema?: StructType;
  readonly partitionColumns: readonly string[];
  readonly clusteringColumns: readonly string[];
  /** A location the user chose: the table is EXTERNAL, and dropping it keeps the files. */
  readonly location?: string;
  readonly options: Readonly<Record<string, string>>;
  readonly comment?: string;
  readonly properties: Readonly<Record<string, string>>;
}

/** Spark's SessionCatalog.validateName: a table's or a database's name is letters, digits and underscores. */
export function validateName(name: string): void {
  if (!/^\w+$/.test(name)) throw invalidSchemaOrRelationName(name);
}

/** The file format of a table: Sluice's data sources are parquet, csv, json and text. */
export function tableFormat(provider: string): DataFormat {
  const format = provider.toLowerCase();
  if (format === "hive") throw notSupportedWithoutHive("CREATE Hive TABLE (AS SELECT)");
  if (!DATA_FORMATS.includes(format as DataFormat)) throw dataSourceNotFound(provider);
  return format as DataFormat;
}

/**
 * CREATE TABLE without a query. Checks run at once and throw; the Promise settles once the table's directory
 * and metadata are written (or, where its schema is read from files in storage that cannot answer at once,
 * once the table is in the catalog and written).
 */
export function createDataSourceTable(
  session: SparkSession,
  definition: TableDefinition,
  ignoreIfExists: boolean,
): Promise<void> {
  if (!checkNewTable(session, definition.ident, ignoreIfExists)) return Promise.resolve();
  const format = tableFormat(definition.provider);
  const location = definition.location ?? session.sessionCatalog.external.defaultTablePath(definition.ident);
  const register = (shape: TableShape): Promise<void> => {
    const table = catalogTable(definition, format, location, shape);
    const prepare =
      definition.location === undefined ? () => prepareManagedLocation(session, table) : undefined;
    return session.sessionCatalog.external.createTable(table, prepare);
  };
  if (definition.schema) return register(normalizeTable(definition, definition.schema));
  if (definition.partitionColumns.length > 0) throw specifyPartitionNotAllowed();
  const inferred = inferTableSchema(session, format, location, definition.options);
  return inferred instanceof Promise
    ? inferred.then((i) =>
        register(normalizeTable({ ...definition, partitionColumns: i.partitionColumns }, i.schema)),
      )
    : register(
        normalizeTable({ ...definition, partitionColumns: inferred.partitionColumns }, inferred.schema),
      );
}

/**
 * CREATE TABLE ... AS SELECT (and saveAsTable of a new table): the table takes the query's columns, made
 * nullable, partition columns last; its rows are written before its metadata file, and a failure leaves no table.
 */
export function createTableAsSelect(
  session: SparkSession,
  definition: TableDefinition,
  query: DataFrame,
  ignoreIfExists: boolean,
): Promise<void> {
  if (!checkNewTable(session, definition.ident, ignoreIfExists)) return Promise.resolve();
  const format = tableFormat(definition.provider);
  const external = definition.location !== undefined;
  const location = definition.location ?? session.sessionCatalog.external.defaultTablePath(definition.ident);
  const schema = new StructType(
    query.schema.fields.map((f) => new StructField(f.name, f.dataType, true, f.metadata)),
  );
  const shape = normalizeTable(definition, schema);
  const table = catalogTable(definition, format, location, shape);
  const rows = query.select(
    ...shape.schema.fields.map((f) => new Column({ kind: "column", parts: [f.name] })),
  );
  return session.sessionCatalog.external.createTable(table, async () => {
    if (external) {
      if ((await session.fs.list(location)).length > 0) throw ctasIntoNonEmptyLocation(location);
    } else await prepareManagedLocation(session, table);
    try {
      await writeFiles(
        session,
        rows.plan,
        {
          format,
          options: table.storageProperties,
          partitionColumns: table.partitionColumnNames,
          dir: location,
        },
        false,
      );
    } catch (error) {
      if (!external) await session.fs.delete(location);
      throw error;
    }
  });
}

/** Whether to go on: false where the table exists and IF NOT EXISTS (or mode "ignore") lets it be. */
function checkNewTable(session: SparkSession, ident: TableIdentifier, ignoreIfExists: boolean): boolean {
  validateName(ident.table);
  const catalog = session.sessionCatalog;
  if (!catalog.external.databaseExists(ident.database)) throw schemaNotFound(ident.database);
  if (!catalog.tableExists(ident)) return true;
  if (ignoreIfExists) return false;
  throw tableAlreadyExists(ident);
}

/**
 * Spark's SessionCatalog.validateTableLocation: a managed table's directory may exist only where it is empty
 * (a file left there would become the table's rows); then it is made.
 */
async function prepareManagedLocation(session: SparkSession, table: CatalogTable): Promise<void> {
  const location = table.location!;
  if ((await session.fs.list(location)).length > 0) throw locationAlreadyExists(table.identifier, location);
  await session.fs.mkdirs(location);
}

interface TableShape {
  readonly schema: StructType;
  readonly partitionColumns: readonly string[];
  readonly clusteringColumns: readonly string[];
}

/**
 * PreprocessTableCreation: no two columns share a name; partition and clustering columns are columns of the
 * table (named as the table names them), not both, not all of them, and of atomic types; partition columns
 * move to the end of the schema, in PARTITIONED BY's order.
 */
function normalizeTable(definition: TableDefinition, schema: StructType): TableShape {
  const ident = definition.ident;
  const names = schema.fieldNames;
  checkDuplicates(names);
  const normalize = (colType: string, columns: readonly string[]) => {
    const found = columns.map((c) => {
      const name = names.find((n) => n.toLowerCase() === c.toLowerCase());
      if (!name) throw columnNotDefinedInTable(colType, c, ident, names);
      return name;
    });
    checkDuplicates(found);
    return found;
  };
  const partitionColumns = normalize("partition", definition.partitionColumns);
  const clusteringColumns = normalize("cluster", definition.clusteringColumns);
  if (partitionColumns.length > 0 && clusteringColumns.length > 0) throw clusterByWithPartitionedBy();
  if (partitionColumns.length > 0 && partitionColumns.length === names.length) {
    throw allPartitionColumnsNotAllowed();
  }
  const partitionFields = partitionColumns.map((p) => schema.fields.find((f) => f.name === p)!);
  for (const f of partitionFields) {
    if (!(f.dataType instanceof AtomicType || f.dataType instanceof DecimalType)) {
      throw invalidPartitionColumnType(f.dataType);
    }
  }
  const dataFields = schema.fields.filter((f) => !partitionColumns.includes(f.name));
  return { schema: new StructType([...dataFields, ...partitionFields]), partitionColumns, clusteringColumns };
}

/** Spark's checkColumnNameDuplication (case-insensitive, the name reported lower-cased). */
function checkDuplicates(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names.map((n) => n.toLowerCase())) {
    if (seen.has(name)) throw columnAlreadyExists(name);
    seen.add(name);
  }
}

function catalogTable(
  definition: TableDefinition,
  format: DataFormat,
  location: string,
  shape: TableShape,
): CatalogTable {
  return {
    identifier: definition.ident,
    tableType: definition.location === undefined ? "MANAGED" : "EXTERNAL",
    provider: format,
    schema: shape.schema,
    partitionColumnNames: shape.partitionColumns,
    clusteringColumnNames: shape.clusteringColumns,
    location,
    storageProperties: definition.options,
    properties: definition.properties,
    comment: definition.comment,
    createTime: Date.now(),
  };
}

/**
 * A table over existing files takes their schema, and the partition columns their `key=value` directories
 * give; a location with no files (or none at all) has none to give.
 */
function inferTableSchema(
  session: SparkSession,
  format: DataFormat,
  location: string,
  options: Readonly<Record<string, string>>,
): InferredSchema | Promise<InferredSchema> {
  const refuse = (error: unknown): never => {
    if ((error as { errorClass?: string }).errorClass === "PATH_NOT_FOUND") {
      throw unableToInferSchema(format.toUpperCase());
    }
    throw error;
  };
  try {
    const inferred = inferPartitionedSchema(session.fs, session.files, format, [location], options);
    return inferred instanceof Promise ? inferred.catch(refuse) : inferred;
  } catch (error) {
    return refuse(error);
  }
}
