import { sqlConfNotFound } from "../errors/QueryExecutionErrors";

/** `spark.conf`: the session's settings, with Spark's defaults for the ones the engine reads. */
export const DEFAULT_CONF: Readonly<Record<string, string>> = {
  "spark.app.name": "sluice",
  "spark.sql.session.timeZone": "UTC",
  "spark.sql.ansi.enabled": "true",
  "spark.sql.shuffle.partitions": "200",
  "spark.sql.caseSensitive": "false",
  // Static: read when the session starts; the catalog's databases and tables live under it.
  "spark.sql.warehouse.dir": "/warehouse",
  "spark.sql.sources.default": "parquet",
  "spark.sql.sources.partitionOverwriteMode": "STATIC",
  "spark.sql.streaming.schemaInference": "false",
  "spark.sql.streaming.minBatchesToRetain": "100",
  "spark.sql.streaming.stateStore.minDeltasForSnapshot": "10",
  "spark.sql.streaming.noDataMicroBatches.enabled": "true",
  "spark.sql.streaming.multipleWatermarkPolicy": "min",
  "spark.sql.streaming.numRecentProgressUpdates": "100",
  "spark.sql.streaming.pollingDelay": "10ms",
  "spark.sql.streaming.noDataProgressEventInterval": "10000ms",
  "spark.sql.streaming.fileSource.log.deletion": "true",
  "spark.sql.streaming.fileSource.log.compactInterval": "10",
  "spark.sql.streaming.fileSource.log.cleanupDelay": "10m",
  "spark.sql.streaming.fileSink.log.deletion": "true",
  "spark.sql.streaming.fileSink.log.compactInterval": "10",
  "spark.sql.streaming.fileSink.log.cleanupDelay": "10m",
  "sluice.sql.streaming.history.enabled": "true",
  "sluice.sql.streaming.history.maxRowsPerBatch": "1000",
  // Rows per batch handed to a user-defined function (BatchEvalUDF), as Spark's Arrow batches for Python.
  "spark.sql.execution.arrow.maxRecordsPerBatch": "10000",
};

/** `spark.conf`: get and set the session's configuration (`spark.sql.*` keys and Sluice's own). */
export class RuntimeConfig {
  private readonly values = new Map<string, string>(Object.entries(DEFAULT_CONF));

  constructor(initial: Readonly<Record<string, string>> = {}) {
    for (const [k, v] of Object.entries(initial)) this.values.set(k, v);
  }

  /** Sets a configuration key, e.g. `spark.conf.set("spark.sql.shuffle.partitions", 4)`. */
  set(key: string, value: string | number | boolean): void {
    this.values.set(key, String(value));
  }

  /** The value, or `defaultValue`; Spark throws for an unknown key without a default, so does this. */
  get(key: string, defaultValue?: string): string {
    const value = this.values.get(key) ?? defaultValue;
    if (value === undefined) {
      throw sqlConfNotFound(key);
    }
    return value;
  }

  /** The value of a key, or undefined where it is not set. */
  getOption(key: string): string | undefined {
    return this.values.get(key);
  }

  /** The value of a key, as a number. */
  getNumber(key: string): number {
    return Number(this.get(key));
  }

  /** The value of a key, as a boolean ("true" in any case is true). */
  getBoolean(key: string): boolean {
    return this.get(key).toLowerCase() === "true";
  }

  /** Removes a key's value, going back to Spark's default where there is one. */
  unset(key: string): void {
    this.values.delete(key);
    if (DEFAULT_CONF[key] !== undefined) this.values.set(key, DEFAULT_CONF[key]);
  }

  /** Whether the key may be changed at run time (`spark.sql.*` keys). */
  isModifiable(key: string): boolean {
    return key.startsWith("spark.sql.");
  }

  /** Every key set, with its value. */
  getAll(): Record<string, string> {
    return Object.fromEntries(this.values);
  }
}
