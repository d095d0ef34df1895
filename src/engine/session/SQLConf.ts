/**
 * Spark's SQLConf entries for the keys the engine reads: each key's type, default and check, so that
 * `spark.conf.set` refuses what Spark refuses, with Spark's messages (ConfigBuilder's `should be boolean, but
 * was x` and checkValue's `'x' in key is invalid. ...`). Keys not listed here are kept as given, as Spark keeps
 * keys it does not know.
 */
import { confValueNotOfType, invalidConfValue, invalidTimeZoneConf } from "../errors/QueryExecutionErrors";
import { zoneOf } from "../sql/codegen/timeZones";
import { timeStringAsMs } from "../streaming/runtime/timeStrings";

interface ConfEntry {
  readonly type: "boolean" | "int" | "time" | "string";
  readonly defaultValue?: string;
  /** Spark's checkValue: the (converted) value is valid, else `errorMsg`. */
  readonly check?: (value: string) => boolean;
  readonly errorMsg?: string;
  /** Spark's transform: the value as stored (e.g. lower-cased) before it is checked. */
  readonly transform?: (value: string) => string;
}

const positive = (v: string) => Number(v) > 0;

function isValidTimeZone(id: string): boolean {
  try {
    zoneOf(id);
    return true;
  } catch {
    return false;
  }
}

/** The entries, by key. */
export const SQL_CONF_ENTRIES: Readonly<Record<string, ConfEntry>> = {
  // Checked as Spark's SESSION_LOCAL_TIMEZONE is (a zone DateTimeUtils.getZoneId reads, else INVALID_CONF_VALUE).
  "spark.sql.session.timeZone": { type: "string", defaultValue: "UTC", check: isValidTimeZone },
  "spark.sql.ansi.enabled": { type: "boolean", defaultValue: "true" },
  // The type the keyword TIMESTAMP names in SQL and schemas, and of TIMESTAMP '...' literals and to_timestamp.
  "spark.sql.timestampType": {
    type: "string",
    defaultValue: "TIMESTAMP_LTZ",
    transform: (v) => v.toUpperCase(),
    check: (v) => ["TIMESTAMP_NTZ", "TIMESTAMP_LTZ"].includes(v),
    errorMsg: "Valid values are TIMESTAMP_NTZ, TIMESTAMP_LTZ",
  },
  "spark.sql.shuffle.partitions": {
    type: "int",
    defaultValue: "200",
    check: positive,
    errorMsg: "The value of spark.sql.shuffle.partitions must be positive",
  },
  "spark.sql.caseSensitive": { type: "boolean", defaultValue: "false" },
  "spark.sql.pivotMaxValues": { type: "int", defaultValue: "10000" },
  "spark.sql.transposeMaxValues": { type: "int", defaultValue: "500" },
  // Static: read when the session starts; the catalog's databases and tables live under it.
  "spark.sql.warehouse.dir": { type: "string", defaultValue: "/warehouse" },
  "spark.sql.sources.default": { type: "string", defaultValue: "parquet" },
  // The Parquet writer's codec when neither `compression` nor `parquet.compression` is given (ParquetOptions).
  "spark.sql.parquet.compression.codec": {
    type: "string",
    defaultValue: "snappy",
    transform: (v) => v.toLowerCase(),
  },
  "spark.sql.sources.partitionOverwriteMode": { type: "string", defaultValue: "STATIC" },
  // Spark's PARTITION_COLUMN_TYPE_INFERENCE: `key=value` directories typed from their values, else strings.
  "spark.sql.sources.partitionColumnTypeInference.enabled": { type: "boolean", defaultValue: "true" },
  "spark.sql.legacy.pathOptionBehavior.enabled": { type: "boolean", defaultValue: "false" },
  // Spark's RUN_SQL_ON_FILES: a query may name a file or directory as `format`.`path` (ResolveSQLOnFile).
  "spark.sql.runSQLOnFiles": { type: "boolean", defaultValue: "true" },
  // Rows per batch handed to a user-defined function (BatchEvalUDF), as Spark's Arrow batches for Python.
  "spark.sql.execution.arrow.maxRecordsPerBatch": { type: "int", defaultValue: "10000" },
  "spark.sql.streaming.schemaInference": { type: "boolean", defaultValue: "false" },
  "spark.sql.streaming.minBatchesToRetain": {
    type: "int",
    defaultValue: "100",
    check: positive,
    errorMsg: "The minBatchesToRetain has to be positive",
  },
  "spark.sql.streaming.stateStore.minDeltasForSnapshot": {
    type: "int",
    defaultValue: "10",
    check: positive,
    errorMsg: "minDeltasForSnapshot must be greater than 0",
  },
  "spark.sql.streaming.stateStore.stateSchemaCheck": { type: "boolean", defaultValue: "true" },
  "spark.sql.streaming.stateStore.providerClass": {
    type: "string",
    defaultValue: "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider",
  },
  // Spark 4's state encoding (UnsafeRow or Avro): validated, lower-cased and logged in the checkpoint as Spark does;
  // Sluice's state store has one encoding of its own whichever is named.
  "spark.sql.streaming.stateStore.encodingFormat": {
    type: "string",
    defaultValue: "unsaferow",
    transform: (v) => v.toLowerCase(),
    check: (v) => ["unsaferow", "avro"].includes(v),
    errorMsg: "Valid values are 'unsaferow' and 'avro'",
  },
  "spark.sql.streaming.stopActiveRunOnRestart": { type: "boolean", defaultValue: "true" },
  // Trigger.AvailableNow over a source without its own support for it: wrapped to stop at its offset at start
  // (true), or the query falls back to a single batch reading everything, as Trigger.Once (Spark's default).
  "spark.sql.streaming.triggerAvailableNow.wrapper.enabled": { type: "boolean", defaultValue: "false" },
  "spark.sql.streaming.noDataMicroBatches.enabled": { type: "boolean", defaultValue: "true" },
  "spark.sql.streaming.multipleWatermarkPolicy": {
    type: "string",
    defaultValue: "min",
    check: (v) => ["min", "max"].includes(v.toLowerCase()),
    errorMsg:
      "Invalid value for 'spark.sql.streaming.multipleWatermarkPolicy'. Valid values are 'min' and 'max'",
  },
  "spark.sql.streaming.statefulOperator.allowMultiple": { type: "boolean", defaultValue: "true" },
  "spark.sql.streaming.forceDeleteTempCheckpointLocation": { type: "boolean", defaultValue: "false" },
  "spark.sql.streaming.numRecentProgressUpdates": { type: "int", defaultValue: "100" },
  "spark.sql.streaming.pollingDelay": { type: "time", defaultValue: "10ms" },
  "spark.sql.streaming.noDataProgressEventInterval": { type: "time", defaultValue: "10000ms" },
  "spark.sql.streaming.fileSource.log.deletion": { type: "boolean", defaultValue: "true" },
  "spark.sql.streaming.fileSource.log.compactInterval": {
    type: "int",
    defaultValue: "10",
    check: positive,
    errorMsg: "The compaction interval should be greater than 0.",
  },
  "spark.sql.streaming.fileSource.log.cleanupDelay": { type: "time", defaultValue: "10m" },
  "spark.sql.streaming.fileSink.log.deletion": { type: "boolean", defaultValue: "true" },
  "spark.sql.streaming.fileSink.log.compactInterval": {
    type: "int",
    defaultValue: "10",
    check: positive,
    errorMsg: "The compaction interval should be greater than 0.",
  },
  "spark.sql.streaming.fileSink.log.cleanupDelay": { type: "time", defaultValue: "10m" },
  "spark.sql.streaming.fileStreamSink.ignoreMetadata": { type: "boolean", defaultValue: "false" },
  "spark.sql.streaming.fileSource.schema.forceNullable": { type: "boolean", defaultValue: "true" },
  "sluice.sql.streaming.history.enabled": { type: "boolean", defaultValue: "true" },
  "sluice.sql.streaming.history.maxRowsPerBatch": { type: "int", defaultValue: "1000" },
  // issue 11: array_insert's negative positions as Spark 3.4 counted them.
  "spark.sql.legacy.negativeIndexInArrayInsert": { type: "boolean", defaultValue: "false" },
  // issue 11: decimal arithmetic's result types (decimalArithmetic.ts).
  "spark.sql.decimalOperations.allowPrecisionLoss": { type: "boolean", defaultValue: "true" },
};

/** Spark's defaults for the keys that have one. */
export const SQL_CONF_DEFAULTS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(SQL_CONF_ENTRIES)
    .filter(([, e]) => e.defaultValue !== undefined)
    .map(([k, e]) => [k, e.defaultValue!]),
);

/**
 * Refuses a value the key's entry does not accept (Spark converts and checks a value when it is set); returns
 * the value as Spark stores it (after the entry's transform).
 */
export function checkConfValue(key: string, value: string): string {
  const entry = SQL_CONF_ENTRIES[key];
  if (!entry) return value;
  const trimmed = entry.transform ? entry.transform(value.trim()) : value.trim();
  switch (entry.type) {
    case "boolean":
      if (!["true", "false"].includes(trimmed.toLowerCase())) throw confValueNotOfType(key, "boolean", value);
      break;
    case "int":
      if (!/^[+-]?\d+$/.test(trimmed) || Math.abs(Number(trimmed)) > 2147483647)
        throw confValueNotOfType(key, "int", value);
      break;
    case "time":
      timeStringAsMs(trimmed);
      break;
    case "string":
      break;
  }
  if (entry.check === isValidTimeZone && !isValidTimeZone(value)) throw invalidTimeZoneConf(key, value);
  if (entry.check && !entry.check(trimmed))
    throw invalidConfValue(key, entry.transform ? trimmed : value, entry.errorMsg ?? "");
  return entry.transform ? trimmed : value;
}
