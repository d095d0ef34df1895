/**
 * The commands of `spark.sql` (DDL and DML) as SqlParser reads them, before anything is resolved: Spark's parsed
 * statements (CreateTable, InsertIntoStatement, DropTable, ShowTables, DescribeRelation, ...). Names are kept as
 * the parts the user wrote (`db.t` is ["db", "t"]); the catalog qualifies them when the command runs.
 */
import type { Expression } from "../expressions";
import type { StructType } from "../types";
import type { Query } from "./SqlParser";

/** `OPTIONS (k 'v')`, `TBLPROPERTIES (...)`, `WITH DBPROPERTIES (...)`: keys and values as text. */
export type PropertyList = Readonly<Record<string, string>>;

/** `CREATE [OR REPLACE] [EXTERNAL] TABLE [IF NOT EXISTS] t [(columns)] [USING f] [clauses] [[AS] query]`. */
export interface CreateTableStatement {
  readonly kind: "createTable";
  readonly name: readonly string[];
  readonly replace: boolean;
  readonly ifNotExists: boolean;
  readonly external: boolean;
  /** The column list, with types, NOT NULL and comments; absent where the table's schema is inferred. */
  readonly columns?: StructType;
  /** `USING parquet`; absent means `spark.sql.sources.default`. */
  readonly provider?: string;
  readonly options: PropertyList;
  readonly partitionBy: readonly string[];
  readonly clusterBy: readonly string[];
  readonly location?: string;
  readonly comment?: string;
  readonly properties: PropertyList;
  /** CTAS: the rows the new table starts with. */
  readonly query?: Query;
  /** `CREATE TABLE t LIKE s`: the table whose definition is copied. */
  readonly like?: readonly string[];
  /** `STORED AS` / `ROW FORMAT`: Hive syntax, refused without Hive support. */
  readonly hiveFormat?: boolean;
  /**
   * `CREATE TEMPORARY TABLE ... USING` (Spark's old spelling) or `CREATE TEMPORARY VIEW ... USING`: a temporary
   * view over files.
   */
  readonly temporary: boolean;
  /** `CREATE GLOBAL TEMPORARY VIEW ... USING`: a global temporary view over files. */
  readonly global?: boolean;
}

/** `CREATE [OR REPLACE] [[GLOBAL] TEMP] VIEW [IF NOT EXISTS] v [(columns)] [COMMENT c] AS query`. */
export interface CreateViewStatement {
  readonly kind: "createView";
  readonly name: readonly string[];
  readonly replace: boolean;
  readonly ifNotExists: boolean;
  readonly temporary: boolean;
  readonly global: boolean;
  /** New names (and comments) for the query's columns. */
  readonly columns?: readonly { readonly name: string; readonly comment?: string }[];
  readonly comment?: string;
  readonly properties: PropertyList;
  readonly query: Query;
  /** The query as written: a persistent view keeps it, as Spark keeps a view's text. */
  readonly queryText: string;
}

/** `INSERT INTO|OVERWRITE [TABLE] t [PARTITION (p = v, q)] [(columns) | BY NAME] query`. */
export interface InsertStatement {
  readonly kind: "insert";
  readonly table: readonly string[];
  readonly overwrite: boolean;
  /** The PARTITION clause: a column with a value is a static partition, one without is dynamic. */
  readonly partition?: readonly (readonly [string, Expression | undefined])[];
  readonly ifPartitionNotExists: boolean;
  /** The column list: the query's columns go to these columns, by name; the rest get NULL. */
  readonly columns?: readonly string[];
  readonly byName: boolean;
  readonly query: Query;
}

export type Command =
  | CreateTableStatement
  | CreateViewStatement
  | InsertStatement
  | {
      readonly kind: "dropTable";
      readonly name: readonly string[];
      readonly ifExists: boolean;
      readonly purge: boolean;
    }
  | { readonly kind: "dropView"; readonly name: readonly string[]; readonly ifExists: boolean }
  | { readonly kind: "truncateTable"; readonly name: readonly string[] }
  | {
      readonly kind: "renameTable";
      readonly name: readonly string[];
      readonly to: readonly string[];
      readonly isView: boolean;
    }
  | {
      readonly kind: "setTableProperties";
      readonly name: readonly string[];
      readonly isView: boolean;
      readonly set?: PropertyList;
      readonly unset?: readonly string[];
      readonly ifExists: boolean;
    }
  | {
      readonly kind: "alterViewAs";
      readonly name: readonly string[];
      readonly query: Query;
      readonly queryText: string;
    }
  | {
      readonly kind: "createDatabase";
      readonly name: readonly string[];
      readonly ifNotExists: boolean;
      readonly comment?: string;
      readonly location?: string;
      readonly properties: PropertyList;
    }
  | {
      readonly kind: "dropDatabase";
      readonly name: readonly string[];
      readonly ifExists: boolean;
      readonly cascade: boolean;
    }
  | { readonly kind: "use"; readonly name: readonly string[] }
  | {
      readonly kind: "showTables";
      readonly database?: readonly string[];
      readonly pattern?: string;
      readonly views: boolean;
    }
  | { readonly kind: "showDatabases"; readonly pattern?: string }
  | { readonly kind: "showColumns"; readonly table: readonly string[]; readonly database?: readonly string[] }
  | { readonly kind: "showCreateTable"; readonly name: readonly string[]; readonly asSerde: boolean }
  | { readonly kind: "showTableProperties"; readonly name: readonly string[]; readonly key?: string }
  | { readonly kind: "showPartitions"; readonly name: readonly string[] }
  | { readonly kind: "showCatalogs"; readonly pattern?: string }
  | { readonly kind: "showCurrentNamespace" }
  | {
      readonly kind: "describeTable";
      readonly name: readonly string[];
      readonly extended: boolean;
      readonly column?: readonly string[];
    }
  | { readonly kind: "describeDatabase"; readonly name: readonly string[]; readonly extended: boolean }
  | { readonly kind: "cacheTable"; readonly name: readonly string[]; readonly query?: Query }
  | { readonly kind: "uncacheTable"; readonly name: readonly string[]; readonly ifExists: boolean }
  | { readonly kind: "clearCache" }
  | { readonly kind: "analyzeTable"; readonly name: readonly string[]; readonly noScan: boolean }
  | {
      readonly kind: "showFunctions";
      readonly scope: "all" | "user" | "system";
      readonly database?: readonly string[];
      readonly pattern?: string;
    }
  | { readonly kind: "describeFunction"; readonly name: readonly string[]; readonly extended: boolean }
  | { readonly kind: "describeQuery"; readonly query: Query }
  | { readonly kind: "addColumns"; readonly name: readonly string[]; readonly columns: StructType }
  | {
      readonly kind: "rowLevelOperation";
      readonly name: readonly string[];
      /** As Spark names it in UNSUPPORTED_FEATURE.TABLE_OPERATION: DELETE, UPDATE TABLE, MERGE INTO TABLE. */
      readonly operation: string;
    }
  | { readonly kind: "refreshTable"; readonly name: readonly string[] };
