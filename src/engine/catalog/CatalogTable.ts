/**
 * Spark's catalog objects (org.apache.spark.sql.catalyst.catalog): a database, a table or view and the
 * identifier that names it, and the JSON form the warehouse keeps each of them in.
 */
import { toSQLId } from "../errors/QueryErrorsBase";
import { type DataTypeJson, dataTypeFromJson, dataTypeToJson } from "../sql/dataTypeJson";
import type { StructType } from "../sql/types";

/** The one catalog Sluice has: Spark's built-in session catalog. */
export const SESSION_CATALOG_NAME = "spark_catalog";
/** The database a session starts in; its location is the warehouse itself. */
export const DEFAULT_DATABASE = "default";
/** Where global temporary views live (`global_temp.v`), as Spark's `spark.sql.globalTempDatabase`. */
export const GLOBAL_TEMP_DATABASE = "global_temp";

/** A table's name within the session catalog, database included (Spark's TableIdentifier, qualified). */
export interface TableIdentifier {
  readonly database: string;
  readonly table: string;
}

/** `spark_catalog.default.t`: how Spark's CatalogTable.qualifiedName writes a table's name. */
export function qualifiedName(ident: TableIdentifier): string {
  return `${SESSION_CATALOG_NAME}.${ident.database}.${ident.table}`;
}

/** `` `spark_catalog`.`default`.`t` ``: how Spark's errors quote a catalog table. */
export function quotedName(ident: TableIdentifier): string {
  return toSQLId([SESSION_CATALOG_NAME, ident.database, ident.table]);
}

/** A database (Spark's CatalogDatabase; a namespace of the session catalog). */
export interface CatalogDatabase {
  readonly name: string;
  readonly description: string;
  /** The directory managed tables of the database are created in. */
  readonly locationUri: string;
  readonly properties: Readonly<Record<string, string>>;
}

/** MANAGED tables own their files (DROP TABLE deletes them); EXTERNAL tables only point at a location. */
export type CatalogTableType = "MANAGED" | "EXTERNAL" | "VIEW";

/** A table or a persistent view (Spark's CatalogTable, for the data source tables Spark's SQL creates). */
export interface CatalogTable {
  readonly identifier: TableIdentifier;
  readonly tableType: CatalogTableType;
  /** The file format of a table: "parquet", "csv", "json" or "text". Views have none. */
  readonly provider?: string;
  /** Data columns first, then the partition columns, as Spark orders a partitioned table's schema. */
  readonly schema: StructType;
  readonly partitionColumnNames: readonly string[];
  /** Spark 4's CLUSTER BY / clusterBy: recorded and shown; the files are laid out as written. */
  readonly clusteringColumnNames: readonly string[];
  /** Where a table's files are: `<database location>/<table>` for a managed table. */
  readonly location?: string;
  /** The data source options the table reads and writes its files with (`OPTIONS (header 'true')`). */
  readonly storageProperties: Readonly<Record<string, string>>;
  /** `TBLPROPERTIES`. */
  readonly properties: Readonly<Record<string, string>>;
  readonly comment?: string;
  /** Milliseconds since the epoch. */
  readonly createTime: number;
  /** A view's SQL text, parsed each time the view is read (as Spark expands a view). */
  readonly viewText?: string;
  /** What ANALYZE TABLE ... COMPUTE STATISTICS found (Spark's CatalogStatistics), shown by DESCRIBE EXTENDED. */
  readonly stats?: CatalogStatistics;
}

/** A table's size in bytes and, unless ANALYZE ran with NOSCAN, its number of rows. */
export interface CatalogStatistics {
  readonly sizeInBytes: number;
  readonly rowCount?: number;
}

/** Spark's CatalogStatistics.simpleString: "1024 bytes, 3 rows". */
export function statisticsString(stats: CatalogStatistics): string {
  return `${stats.sizeInBytes} bytes${stats.rowCount === undefined ? "" : `, ${stats.rowCount} rows`}`;
}

/** The version of the metadata files this code writes and reads. */
const METADATA_VERSION = 1;

interface CatalogTableJson {
  version: number;
  database: string;
  table: string;
  tableType: CatalogTableType;
  provider?: string;
  schema: DataTypeJson;
  partitionColumnNames: string[];
  clusteringColumnNames: string[];
  location?: string;
  storageProperties: Record<string, string>;
  properties: Record<string, string>;
  comment?: string;
  createTime: number;
  viewText?: string;
  stats?: CatalogStatistics;
}

/** A table's metadata file, pretty-printed so a person reading the warehouse can follow it. */
export function tableToJson(table: CatalogTable): string {
  const json: CatalogTableJson = {
    version: METADATA_VERSION,
    database: table.identifier.database,
    table: table.identifier.table,
    tableType: table.tableType,
    provider: table.provider,
    schema: dataTypeToJson(table.schema),
    partitionColumnNames: [...table.partitionColumnNames],
    clusteringColumnNames: [...table.clusteringColumnNames],
    location: table.location,
    storageProperties: { ...table.storageProperties },
    properties: { ...table.properties },
    comment: table.comment,
    createTime: table.createTime,
    viewText: table.viewText,
    stats: table.stats,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** Reads a table's metadata file; undefined where it is not one this version can read. */
export function tableFromJson(text: string): CatalogTable | undefined {
  let json: CatalogTableJson;
  try {
    json = JSON.parse(text) as CatalogTableJson;
  } catch {
    return undefined;
  }
  if (json?.version !== METADATA_VERSION || typeof json.table !== "string") return undefined;
  return {
    identifier: { database: json.database, table: json.table },
    tableType: json.tableType,
    provider: json.provider,
    schema: dataTypeFromJson(json.schema) as StructType,
    partitionColumnNames: json.partitionColumnNames ?? [],
    clusteringColumnNames: json.clusteringColumnNames ?? [],
    location: json.location,
    storageProperties: json.storageProperties ?? {},
    properties: json.properties ?? {},
    comment: json.comment,
    createTime: json.createTime,
    viewText: json.viewText,
    stats: json.stats,
  };
}

/** A database's metadata file. */
export function databaseToJson(db: CatalogDatabase): string {
  return `${JSON.stringify({ version: METADATA_VERSION, ...db }, null, 2)}\n`;
}

export function databaseFromJson(text: string): CatalogDatabase | undefined {
  try {
    const json = JSON.parse(text) as CatalogDatabase & { version: number };
    if (json?.version !== METADATA_VERSION || typeof json.name !== "string") return undefined;
    return {
      name: json.name,
      description: json.description ?? "",
      locationUri: json.locationUri,
      properties: json.properties ?? {},
    };
  } catch {
    return undefined;
  }
}
