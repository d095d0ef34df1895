import { sqlConfNotFound } from "../errors/QueryExecutionErrors";
import { checkConfValue, SQL_CONF_DEFAULTS } from "./SQLConf";

/** `spark.conf`: the session's settings, with Spark's defaults for the ones the engine reads. */
export const DEFAULT_CONF: Readonly<Record<string, string>> = {
  "spark.app.name": "sluice",
  ...SQL_CONF_DEFAULTS,
};

/** `spark.conf`: get and set the session's configuration (`spark.sql.*` keys and Sluice's own). */
export class RuntimeConfig {
  private readonly values = new Map<string, string>(Object.entries(DEFAULT_CONF));

  constructor(initial: Readonly<Record<string, string>> = {}) {
    for (const [k, v] of Object.entries(initial)) this.set(k, v);
  }

  /**
   * Sets a configuration key, e.g. `spark.conf.set("spark.sql.shuffle.partitions", 4)`. A value Spark would
   * refuse for the key (not a boolean, not a number, not one of its values) is an IllegalArgumentException.
   */
  set(key: string, value: string | number | boolean): void {
    this.values.set(key, checkConfValue(key, String(value)));
  }

  /** Engine internal: an independent copy (Spark's SQLConf.clone, for a streaming query's own session). */
  clone(): RuntimeConfig {
    const copy = new RuntimeConfig();
    copy.values.clear();
    for (const [k, v] of this.values) copy.values.set(k, v);
    return copy;
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
