/** `spark.dataSource`: data sources defined by user code, read by name as any built-in format. */
import type { UserDefinedDataSource } from "../sources/UserDefinedDataSource";

export class DataSourceRegistration {
  private readonly sources = new Map<string, UserDefinedDataSource>();

  /**
   * Registers `source` under `name` (case-insensitive, as Spark's DataSourceManager): `spark.read.format(name)`
   * and `spark.readStream.format(name)` then read it. A second registration of a name replaces the first.
   */
  register(name: string, source: UserDefinedDataSource): void {
    this.sources.set(name.toLowerCase(), source);
  }

  /** The source registered under `name`, if any. */
  lookup(name: string): UserDefinedDataSource | undefined {
    return this.sources.get(name.toLowerCase());
  }

  /** Whether a source is registered under `name` (Spark's `dataSourceExists`). */
  dataSourceExists(name: string): boolean {
    return this.sources.has(name.toLowerCase());
  }
}
