/**
 * Spark's tables.scala for Sluice's catalog: SHOW TABLES / VIEWS / DATABASES / CATALOGS / COLUMNS /
 * TBLPROPERTIES / PARTITIONS / CREATE TABLE, DESCRIBE TABLE [EXTENDED] and DESCRIBE DATABASE, with Spark's
 * columns and rows. They read the catalog's memory (and, for SHOW PARTITIONS, the table's directories).
 */
import {
  type CatalogTable,
  GLOBAL_TEMP_DATABASE,
  qualifiedName,
  quotedName,
  SESSION_CATALOG_NAME,
  statisticsString,
} from "../../../catalog/CatalogTable";
import { patternMatcher } from "../../../catalog/SessionCatalog";
import {
  columnNotFound,
  expectTableNotView,
  notAPartitionedTable,
  schemaNotFound,
  showCreateTableOnTempView,
} from "../../../errors/QueryCompilationErrors";
import { type IoSteps, list, runAsync, runSync } from "../../../io/FileIO";
import type { SparkSession } from "../../../session/SparkSession";
import type { LocalRow } from "../../api/LocalRelation";
import { builtinFunctions } from "../../codegen/functionRegistry";
import { commentOf, StructType } from "../../types";
import { databaseName } from "./ddl";

/** A command's rows and their schema (DDL). */
export interface CommandRows {
  readonly rows: LocalRow[];
  readonly schema: string;
}

/** SHOW TABLES / SHOW VIEWS [IN db] [LIKE 'pattern']: the database's, then the temporary views. */
export function showTables(
  session: SparkSession,
  database: readonly string[] | undefined,
  pattern: string | undefined,
  views: boolean,
): CommandRows {
  const catalog = session.sessionCatalog;
  const db = database ? databaseName(database) : catalog.currentDatabase;
  if (db !== GLOBAL_TEMP_DATABASE && !catalog.external.databaseExists(db)) throw schemaNotFound(db);
  const listed = catalog
    .listTables(db, pattern)
    .filter((t) => !views || t.isTemporary || t.table?.tableType === "VIEW");
  const nameColumn = views ? "viewName" : "tableName";
  return {
    rows: listed.map((t) => ({
      namespace: t.database ?? "",
      [nameColumn]: t.name,
      isTemporary: t.isTemporary,
    })),
    schema: `namespace STRING, ${nameColumn} STRING, isTemporary BOOLEAN`,
  };
}

export function showDatabases(session: SparkSession, pattern: string | undefined): CommandRows {
  const matches = patternMatcher(pattern);
  return {
    rows: session.sessionCatalog.external
      .listDatabases()
      .filter(matches)
      .map((namespace) => ({ namespace })),
    schema: "namespace STRING",
  };
}

export function showCatalogs(pattern: string | undefined): CommandRows {
  const matches = patternMatcher(pattern);
  return {
    rows: [SESSION_CATALOG_NAME].filter(matches).map((catalog) => ({ catalog })),
    schema: "catalog STRING",
  };
}

export function showCurrentNamespace(session: SparkSession): CommandRows {
  return {
    rows: [{ catalog: SESSION_CATALOG_NAME, namespace: session.sessionCatalog.currentDatabase }],
    schema: "catalog STRING, namespace STRING",
  };
}

/** SHOW COLUMNS IN t [IN db]. */
export function showColumns(
  session: SparkSession,
  table: readonly string[],
  database: readonly string[] | undefined,
): CommandRows {
  const parts = database ? [databaseName(database), table[table.length - 1]] : table;
  return {
    rows: schemaOf(session, parts).fieldNames.map((col_name) => ({ col_name })),
    schema: "col_name STRING",
  };
}

/** SHOW TBLPROPERTIES t [('key')]. */
export function showTableProperties(
  session: SparkSession,
  parts: readonly string[],
  key?: string,
): CommandRows {
  const resolved = session.sessionCatalog.resolveRelation(parts);
  const properties = resolved.kind === "table" ? resolved.table.properties : {};
  const schema = "key STRING, value STRING";
  if (key !== undefined) {
    const value =
      properties[key] ??
      `Table ${resolved.kind === "table" ? qualifiedName(resolved.table.identifier) : resolved.name} does not have property: ${key}`;
    return { rows: [{ key, value }], schema };
  }
  const keys = Object.keys(properties).sort();
  return { rows: keys.map((k) => ({ key: k, value: properties[k] })), schema };
}

/** SHOW PARTITIONS t: the `a=1/b=x` directories under the table's location, sorted. */
export function showPartitions(
  session: SparkSession,
  parts: readonly string[],
): CommandRows | Promise<CommandRows> {
  const resolved = session.sessionCatalog.resolveRelation(parts);
  if (resolved.kind === "temp") throw expectTableNotView(`\`${resolved.name}\``, "SHOW PARTITIONS");
  const table = resolved.table;
  if (table.tableType === "VIEW") throw expectTableNotView(quotedName(table.identifier), "SHOW PARTITIONS");
  if (table.partitionColumnNames.length === 0) throw notAPartitionedTable(table.identifier);
  const steps = partitionDirectories(table.location!, table.partitionColumnNames.length);
  const toRows = (dirs: string[]) => ({
    rows: dirs.sort().map((partition) => ({ partition })),
    schema: "partition STRING",
  });
  const fs = session.fs;
  return fs.sync ? toRows(runSync(steps, fs.sync)) : runAsync(steps, fs).then(toRows);
}

function* partitionDirectories(location: string, depth: number, prefix = ""): IoSteps<string[]> {
  const found: string[] = [];
  for (const entry of yield* list(location)) {
    if (
      !entry.isDirectory ||
      !entry.name.includes("=") ||
      entry.name.startsWith("_") ||
      entry.name.startsWith(".")
    )
      continue;
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (depth === 1) found.push(path);
    else found.push(...(yield* partitionDirectories(entry.path, depth - 1, path)));
  }
  return found;
}

/** DESCRIBE [TABLE] [EXTENDED] t [col]: Spark's DescribeTableCommand and DescribeColumnCommand rows. */
export function describeTable(
  session: SparkSession,
  parts: readonly string[],
  extended: boolean,
  column?: readonly string[],
): CommandRows {
  const resolved = session.sessionCatalog.resolveRelation(parts);
  const table = resolved.kind === "table" ? resolved.table : undefined;
  const schema = resolved.kind === "table" ? resolved.table.schema : resolved.df.schema;
  if (column) {
    const name = column.join(".");
    const field = schema.field(name);
    if (!field) throw columnNotFound(name);
    return {
      rows: [
        { info_name: "col_name", info_value: field.name },
        { info_name: "data_type", info_value: field.dataType.simpleString() },
        { info_name: "comment", info_value: commentOf(field) ?? "NULL" },
      ],
      schema: "info_name STRING, info_value STRING",
    };
  }
  const rows: LocalRow[] = schemaRows(schema);
  if (table) {
    const section = (title: string, names: readonly string[]) => {
      if (names.length === 0) return;
      rows.push(row(`# ${title}`, "", ""), row("# col_name", "data_type", "comment"));
      rows.push(...schemaRows(new StructType(names.map((n) => table.schema.field(n)!))));
    };
    section("Partition Information", table.partitionColumnNames);
    section("Clustering Information", table.clusteringColumnNames);
    if (extended) {
      rows.push(row("", "", ""), row("# Detailed Table Information", "", ""));
      for (const [key, value] of details(table)) rows.push(row(key, value, ""));
    }
  }
  return { rows, schema: "col_name STRING, data_type STRING, comment STRING" };
}

/** DESCRIBE DATABASE [EXTENDED] db. */
export function describeDatabase(
  session: SparkSession,
  parts: readonly string[],
  extended: boolean,
): CommandRows {
  const db = session.sessionCatalog.external.getDatabase(databaseName(parts));
  const info = [
    ["Catalog Name", SESSION_CATALOG_NAME],
    ["Namespace Name", db.name],
    ["Comment", db.description],
    ["Location", db.locationUri],
  ];
  if (extended) {
    const props = Object.keys(db.properties)
      .sort()
      .map((k) => `(${k},${db.properties[k]})`);
    info.push(["Properties", props.length > 0 ? `(${props.join(", ")})` : ""]);
  }
  return {
    rows: info.map(([info_name, info_value]) => ({ info_name, info_value })),
    schema: "info_name STRING, info_value STRING",
  };
}

/** SHOW CREATE TABLE: the statement that makes the table (or view) again, as Spark writes it. */
export function showCreateTable(session: SparkSession, parts: readonly string[]): CommandRows {
  const resolved = session.sessionCatalog.resolveRelation(parts);
  if (resolved.kind === "temp") throw showCreateTableOnTempView(resolved.name);
  const table = resolved.table;
  const name = qualifiedName(table.identifier);
  const lines: string[] = [];
  const properties = (clause: string, props: Readonly<Record<string, string>>) => {
    const keys = Object.keys(props).sort();
    if (keys.length === 0) return;
    const entries = keys.map((k) => `  '${quoteText(k)}' = '${quoteText(props[k])}'`).join(",\n");
    lines.push(`${clause} (\n${entries})\n`);
  };
  if (table.tableType === "VIEW") {
    const columns = table.schema.fields.map((f) => {
      const comment = commentOf(f);
      return `  ${quoteIfNeeded(f.name)}${comment === undefined ? "" : ` COMMENT '${quoteText(comment)}'`}`;
    });
    lines.push(`CREATE VIEW ${name} (\n${columns.join(",\n")})\n`);
    if (table.comment !== undefined) lines.push(`COMMENT '${quoteText(table.comment)}'\n`);
    properties("TBLPROPERTIES", table.properties);
    lines.push(`AS ${table.viewText}\n`);
  } else {
    const columns = columnDDL(table.schema);
    lines.push(`CREATE TABLE ${name} (\n${columns.map((c) => `  ${c}`).join(",\n")})\n`);
    lines.push(`USING ${table.provider}\n`);
    properties("OPTIONS", table.storageProperties);
    if (table.partitionColumnNames.length > 0)
      lines.push(`PARTITIONED BY (${table.partitionColumnNames.map(quoteIfNeeded).join(", ")})\n`);
    if (table.clusteringColumnNames.length > 0)
      lines.push(`CLUSTER BY (${table.clusteringColumnNames.map(quoteIfNeeded).join(", ")})\n`);
    if (table.comment !== undefined) lines.push(`COMMENT '${quoteText(table.comment)}'\n`);
    if (table.tableType === "EXTERNAL") lines.push(`LOCATION '${quoteText(table.location!)}'\n`);
    properties("TBLPROPERTIES", table.properties);
  }
  return { rows: [{ createtab_stmt: lines.join("") }], schema: "createtab_stmt STRING" };
}

/** The schema of a table or view a name stands for. */
function schemaOf(session: SparkSession, parts: readonly string[]): StructType {
  const resolved = session.sessionCatalog.resolveRelation(parts);
  return resolved.kind === "table" ? resolved.table.schema : resolved.df.schema;
}

function row(col_name: string, data_type: string, comment: string | null): LocalRow {
  return { col_name, data_type, comment };
}

function schemaRows(schema: StructType): LocalRow[] {
  return schema.fields.map((f) => row(f.name, f.dataType.simpleString(), commentOf(f) ?? null));
}

/** Spark's CatalogTable.toLinkedHashMap: the rows under "# Detailed Table Information". */
function details(table: CatalogTable): [string, string][] {
  const entries: [string, string][] = [
    ["Catalog", SESSION_CATALOG_NAME],
    ["Database", table.identifier.database],
    ["Table", table.identifier.table],
    ["Created Time", javaDateString(table.createTime)],
    ["Last Access", "UNKNOWN"],
    ["Created By", `Spark ${"4.0.0"}`],
    ["Type", table.tableType],
  ];
  if (table.provider) entries.push(["Provider", table.provider]);
  if (table.comment !== undefined) entries.push(["Comment", table.comment]);
  if (table.viewText !== undefined) {
    entries.push(
      ["View Text", table.viewText],
      ["View Original Text", table.viewText],
      ["View Catalog and Namespace", `${SESSION_CATALOG_NAME}.${table.identifier.database}`],
      ["View Query Output Columns", `[${table.schema.fieldNames.join(", ")}]`],
    );
  }
  const keyValues = (props: Readonly<Record<string, string>>) =>
    `[${Object.keys(props)
      .sort()
      .map((k) => `${k}=${props[k]}`)
      .join(", ")}]`;
  if (Object.keys(table.properties).length > 0)
    entries.push(["Table Properties", keyValues(table.properties)]);
  if (table.stats) entries.push(["Statistics", statisticsString(table.stats)]);
  if (table.location !== undefined) entries.push(["Location", table.location]);
  if (Object.keys(table.storageProperties).length > 0) {
    entries.push(["Storage Properties", keyValues(table.storageProperties)]);
  }
  if (table.partitionColumnNames.length > 0) {
    entries.push(["Partition Columns", `[${table.partitionColumnNames.map((c) => `\`${c}\``).join(", ")}]`]);
  }
  return entries;
}

/** java.util.Date's toString, in UTC: "Tue Mar 05 14:02:11 UTC 2024". */
function javaDateString(ms: number): string {
  const d = new Date(ms);
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const two = (n: number) => String(n).padStart(2, "0");
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${two(d.getUTCDate())} ${time} UTC ${d.getUTCFullYear()}`;
}

/** Each column's DDL (`a INT NOT NULL COMMENT 'x'`), one per line of SHOW CREATE TABLE. */
function columnDDL(schema: StructType): string[] {
  return schema.fields.map((f) => new StructType([f]).toDDL());
}

function quoteIfNeeded(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replaceAll("`", "``")}\``;
}

function quoteText(text: string): string {
  return text.replaceAll("\\", "\\\\").replaceAll("'", "\\'");
}

/**
 * The functions a name may call: Spark's built-ins (`system`) and the temporary functions `spark.udf.register`
 * made (`user`), sorted by name (Sluice has no persistent functions).
 */
export function functionNames(session: SparkSession, scope: "all" | "user" | "system" = "all"): string[] {
  const names = new Set<string>();
  if (scope !== "user") for (const f of builtinFunctions()) names.add(f.name);
  if (scope !== "system") for (const name of session.udf.registeredNames()) names.add(name);
  return [...names].sort();
}

/** SHOW [USER | SYSTEM | ALL] FUNCTIONS [IN db] [[LIKE] 'pattern']: one `function` column, sorted. */
export function showFunctions(
  session: SparkSession,
  scope: "all" | "user" | "system",
  database: readonly string[] | undefined,
  pattern: string | undefined,
): CommandRows {
  if (database) {
    const db = databaseName(database);
    if (!session.sessionCatalog.external.databaseExists(db)) throw schemaNotFound(db);
  }
  const matches = patternMatcher(pattern);
  return {
    rows: functionNames(session, scope)
      .filter(matches)
      .map((name) => ({ function: name })),
    schema: "function STRING",
  };
}

/** DESCRIBE [QUERY] query: the query's columns, as DESCRIBE TABLE lists a table's. */
export function describeQuery(schema: StructType): CommandRows {
  return { rows: schemaRows(schema), schema: "col_name STRING, data_type STRING, comment STRING" };
}

/**
 * DESCRIBE FUNCTION [EXTENDED] f (Spark's DescribeFunctionCommand): its name, class and usage; Sluice has no
 * usage text of Spark's built-ins, so Usage is Spark's own "N/A." for a function without one. A name that is
 * no function is UNRESOLVED_ROUTINE; a qualified one is a persistent function, which Sluice does not have.
 */
export function describeFunction(
  session: SparkSession,
  parts: readonly string[],
  extended: boolean,
): CommandRows {
  const fn = session.catalog.getFunction(parts.map(quoteIdentifier).join("."));
  const rows = [`Function: ${fn.name}`, `Class: ${fn.className}`, "Usage: N/A."];
  if (extended) rows.push(`Extended Usage:\n    No example/argument for ${fn.name}.\n`);
  return { rows: rows.map((function_desc) => ({ function_desc })), schema: "function_desc STRING" };
}

function quoteIdentifier(part: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(part) ? part : `\`${part.replaceAll("`", "``")}\``;
}
