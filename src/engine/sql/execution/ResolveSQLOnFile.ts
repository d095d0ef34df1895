/**
 * Spark's ResolveSQLOnFile (sql/core/.../execution/datasources/rules.scala): where no temporary view, table or
 * view answers to a two-part name and `spark.sql.runSQLOnFiles` is on (Spark's default), the name is a data
 * source and a path, ``SELECT * FROM parquet.`/data/events` ``, read as `spark.read.format(source).load(path)`
 * reads it (the same file relation, so `_metadata` and `input_file_name()` work over it). A name that is no data
 * source stays unresolved (TABLE_OR_VIEW_NOT_FOUND, as Spark's ClassNotFoundException leaves it); a source that
 * reads no files is UNSUPPORTED_DATASOURCE_FOR_DIRECT_QUERY; an empty path INVALID_EMPTY_LOCATION; a missing
 * one PATH_NOT_FOUND, from the reader.
 */
import {
  invalidEmptyLocation,
  unsupportedDataSourceForDirectQuery,
} from "../../errors/QueryCompilationErrors";
import type { SparkSession } from "../../session/SparkSession";
import type { DataFrame } from "../api/DataFrame";

/**
 * Spark's DataSource.backwardCompatibilityMap: the old and package names of the built-in sources, matched exactly
 * (short names are matched in any case).
 */
const BACKWARD_COMPATIBILITY: Readonly<Record<string, string>> = {
  "org.apache.spark.sql.jdbc": "jdbc",
  "org.apache.spark.sql.jdbc.DefaultSource": "jdbc",
  "org.apache.spark.sql.execution.datasources.jdbc.DefaultSource": "jdbc",
  "org.apache.spark.sql.execution.datasources.jdbc": "jdbc",
  "org.apache.spark.sql.json": "json",
  "org.apache.spark.sql.json.DefaultSource": "json",
  "org.apache.spark.sql.execution.datasources.json": "json",
  "org.apache.spark.sql.execution.datasources.json.DefaultSource": "json",
  "org.apache.spark.sql.parquet": "parquet",
  "org.apache.spark.sql.parquet.DefaultSource": "parquet",
  "org.apache.spark.sql.execution.datasources.parquet": "parquet",
  "org.apache.spark.sql.execution.datasources.parquet.DefaultSource": "parquet",
  "org.apache.spark.sql.hive.orc.DefaultSource": "orc",
  "org.apache.spark.sql.hive.orc": "orc",
  "org.apache.spark.sql.execution.datasources.orc.DefaultSource": "orc",
  "org.apache.spark.sql.execution.datasources.orc": "orc",
  "com.databricks.spark.csv": "csv",
  "com.databricks.spark.xml": "xml",
  "org.apache.spark.sql.execution.datasources.xml": "xml",
  "org.apache.spark.sql.execution.streaming.TextSocketSourceProvider": "socket",
  "org.apache.spark.sql.execution.streaming.RateSourceProvider": "rate",
};

/**
 * Spark's built-in sources by short name, and whether each is a FileFormat. `hive` is refused as Spark refuses
 * it; the file formats Sluice has no reader for (orc, avro, binaryFile) go to the reader, which refuses them as
 * `spark.read` does.
 */
const SOURCES: Readonly<Record<string, "files" | "other">> = {
  parquet: "files",
  csv: "files",
  json: "files",
  text: "files",
  xml: "files",
  orc: "files",
  avro: "files",
  binaryfile: "files",
  jdbc: "other",
  kafka: "other",
  rate: "other",
  "rate-micro-batch": "other",
  socket: "other",
  console: "other",
  noop: "other",
  statestore: "other",
  "state-metadata": "other",
  hive: "other",
};

/**
 * The DataFrame a name reads as a path of a file source, or undefined where the name is no such reference.
 * `options` are the relation's (Spark 4 hands an UnresolvedRelation's options to the DataSource).
 */
export function resolveSQLOnFile(
  session: SparkSession,
  parts: readonly string[],
  options: Readonly<Record<string, string>> = {},
): DataFrame | undefined {
  if (parts.length !== 2 || !session.conf.getBoolean("spark.sql.runSQLOnFiles")) return undefined;
  const [provider, path] = parts;
  const source = (BACKWARD_COMPATIBILITY[provider] ?? provider).toLowerCase();
  const kind = SOURCES[source];
  if (kind === undefined) return undefined;
  if (kind === "other") throw unsupportedDataSourceForDirectQuery(provider);
  if (path === "") throw invalidEmptyLocation(path);
  return session.read.format(source).options(options).load(path);
}
