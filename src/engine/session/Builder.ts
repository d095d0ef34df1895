/** `SparkSession.builder()`: Spark's SparkSession.Builder. */
import { WarehouseCatalog } from "../catalog/WarehouseCatalog";
import { DuckDB } from "../duckdb/DuckDB";
import { normalizePath } from "../io/FileSystem";
import { initParquet } from "../io/parquet";
import { currentPlatform, type Platform, setPlatform } from "../platform/Platform";
import type { Clock } from "../streaming/runtime/Clock";
import { CommandQueue } from "./CommandQueue";
import { RuntimeConfig } from "./RuntimeConfig";
import { SparkSession } from "./SparkSession";

/** Builds a SparkSession: `SparkSession.builder().appName("demo").config(key, value).getOrCreate()`. */
export class Builder {
  private readonly options: Record<string, string> = {};
  private platformOverride: Platform | undefined;
  private clockOverride: Clock | undefined;

  /** Sets the application's name (`spark.app.name`). */
  appName(name: string): this {
    return this.config("spark.app.name", name);
  }

  /** Accepted for compatibility with Spark scripts; Sluice always runs locally, so it is ignored. */
  master(_master: string): this {
    return this;
  }

  /**
   * Sets a configuration key for the session, e.g. `config("spark.sql.shuffle.partitions", 4)`; in Node,
   * `config("sluice.fs.root", dir)` roots the engine's paths in a directory.
   */
  config(key: string, value: string | number | boolean): this {
    this.options[key] = String(value);
    return this;
  }

  /** Sluice: the runtime to use (the browser worker registers one; Node's is found by itself). */
  platform(platform: Platform): this {
    this.platformOverride = platform;
    return this;
  }

  /** Sluice: the clock the session's queries read time from (tests pass a ManualClock; the system clock otherwise). */
  clock(clock: Clock): this {
    this.clockOverride = clock;
    return this;
  }

  /** The active session where its file system root matches, otherwise a new one. */
  async getOrCreate(): Promise<SparkSession> {
    const active = SparkSession.getActiveSession();
    const root = this.options["sluice.fs.root"];
    if (
      active &&
      !active.isStopped &&
      (root === undefined || root === active.conf.getOption("sluice.fs.root"))
    ) {
      for (const [k, v] of Object.entries(this.options)) active.conf.set(k, v);
      if (this.clockOverride) active.clock = this.clockOverride;
      return active;
    }
    if (this.platformOverride) setPlatform(this.platformOverride);
    const platform = await currentPlatform();
    const [db, fs] = await Promise.all([DuckDB.open(), platform.createFileSystem(root), initParquet()]);
    const conf = new RuntimeConfig(this.options);
    const warehouse = await WarehouseCatalog.open(
      fs,
      normalizePath(conf.get("spark.sql.warehouse.dir")),
      new CommandQueue(),
    );
    const session = new SparkSession(db, fs, conf, platform, warehouse);
    if (this.clockOverride) session.clock = this.clockOverride;
    SparkSession.active = session;
    return session;
  }

  /** A new session, even where one is active. */
  async create(): Promise<SparkSession> {
    SparkSession.active = undefined;
    return this.getOrCreate();
  }
}
