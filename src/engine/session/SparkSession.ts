/**
 * The entry point, as in Spark: `await SparkSession.builder().config("sluice.fs.root", dir).getOrCreate()`.
 * A session owns one DuckDB database, one file system and the streaming queries started from it.
 */

import type * as arrow from "apache-arrow";
import { SessionCatalog } from "../catalog/SessionCatalog";
import type { WarehouseCatalog } from "../catalog/WarehouseCatalog";
import type { DuckDB } from "../duckdb/DuckDB";
import { tableOrViewNotFound } from "../errors/QueryCompilationErrors";
import { rangeNotInteger } from "../errors/QueryExecutionErrors";
import { DataFileReader } from "../io/DataFileReader";
import type { FileSystem } from "../io/FileSystem";
import type { Platform } from "../platform/Platform";
import { registerActiveConf } from "../sql/activeConf";
import { Analyzer } from "../sql/analysis/Analyzer";
import { DataFrame } from "../sql/api/DataFrame";
import { inferSchema, type LocalRow, verifyRows } from "../sql/api/LocalRelation";
import type { Row } from "../sql/api/rows";
import { registerJsonFunctions } from "../sql/codegen/jsonScanner";
import { registerTimeZoneFunctions } from "../sql/codegen/timeZones";
import { registerVariantFunctions } from "../sql/codegen/variantFunctions";
import { QueryExecution } from "../sql/execution/QueryExecution";
import { resolveSQLOnFile } from "../sql/execution/ResolveSQLOnFile";
import { SparkSqlParser } from "../sql/execution/SparkSqlParser";
import type { Expression } from "../sql/expressions";
import { ParseError } from "../sql/parser/ParseError";
import { type LogicalPlan, newPlanId } from "../sql/plan";
import { DataTypeParseError, LongType, parseSchema, StructField, StructType } from "../sql/types";
import { UDFRegistration } from "../sql/udf/UDFRegistration";
import { type Clock, SystemClock } from "../streaming/runtime/Clock";
import type { StreamingQuery } from "../streaming/runtime/StreamingQuery";
import { Builder } from "./Builder";
import { Catalog } from "./Catalog";
import type { CommandQueue } from "./CommandQueue";
import { DataFrameReader } from "./DataFrameReader";
import { DataFrameWriter } from "./DataFrameWriter";
import { DataFrameWriterV2 } from "./DataFrameWriterV2";
import { DataSourceRegistration } from "./DataSourceRegistration";
import { DataStreamReader } from "./DataStreamReader";
import { DataStreamWriter } from "./DataStreamWriter";
import type { RuntimeConfig } from "./RuntimeConfig";
import { SparkContext } from "./SparkContext";
import { StreamingQueryManager } from "./StreamingQueryManager";

/** Where `show()`, `printSchema()` and the console sink print; the notebook routes it to the cell. */
export type OutputWriter = (text: string, origin?: { queryId?: string }) => void;

/**
 * The entry point: reads data (`read`, `readStream`), runs SQL (`sql`), creates DataFrames
 * (`createDataFrame`, `range`) and manages streaming queries (`streams`). In a notebook cell it is `spark`.
 */
export class SparkSession {
  /** Engine internal: the session `getActiveSession()` returns. */
  static active: SparkSession | undefined;

  /** Engine internal: checks each new DataFrame operator eagerly, as Spark's analyzer does. */
  readonly analyzer: Analyzer;
  /**
   * `spark.catalog`: the databases, tables and views, temporary views included: list them, check and drop them,
   * create tables, change the current database.
   */
  readonly catalog: Catalog;
  /** Engine internal: what names in queries and commands mean (Spark's SessionCatalog). */
  readonly sessionCatalog: SessionCatalog;
  /**
   * The session's user-defined functions by name, for SQL and `expr()`:
   * `spark.udf.register("plus_one", (x: number) => x + 1, "int")`.
   */
  readonly udf: UDFRegistration = new UDFRegistration();
  private readonly ownDataSources = new DataSourceRegistration();
  /**
   * The session's streaming queries: `spark.streams.active`, `get(id)`, `awaitAnyTermination()`,
   * `addListener(listener)`.
   */
  readonly streams: StreamingQueryManager;
  /** Engine internal: loads data files into DuckDB tables. */
  readonly files: DataFileReader;
  /** Spark's `sparkContext`: the checkpoint directory (`setCheckpointDir`) and the application's names. */
  readonly sparkContext: SparkContext;
  /**
   * Sluice: where the session's streaming queries read the time and wait for it (Spark's triggerClock): trigger
   * times, batch timestamps, timeouts and timers, awaitTermination. The system clock unless the builder or a test
   * sets another (a ManualClock); a query keeps the clock it started with.
   */
  clock: Clock = new SystemClock();
  private output: OutputWriter = (text) => {
    // biome-ignore lint/suspicious/noConsole: the default output of show() and the console sink is stdout.
    console.log(text.endsWith("\n") ? text.slice(0, -1) : text);
  };
  private stopped = false;
  /** The session this one was cloned from (see cloneSession); it prints and stops for both. */
  private readonly parent: SparkSession | undefined;
  /** The session `newSession()` was called on (its root): it prints and stops for both. */
  private readonly origin: SparkSession | undefined;
  /** The sessions `newSession()` made from this root session. */
  private readonly newSessions: SparkSession[] = [];
  /** The conf the builder gave: what a new session starts with (Spark's SparkConf). */
  private readonly initialConf: RuntimeConfig | undefined;

  constructor(
    /** Engine internal: the DuckDB database that computes every query of the session. */
    readonly db: DuckDB,
    /** The file system paths resolve in: OPFS in the browser, a directory or memory in Node. */
    readonly fs: FileSystem,
    /**
     * The session's runtime settings: `spark.conf.set("spark.sql.shuffle.partitions", 4)`,
     * `spark.conf.get(key)`.
     */
    readonly conf: RuntimeConfig,
    /** Engine internal: what the runtime provides (Node or the browser worker). */
    readonly platform: Platform,
    /** Engine internal: the databases and tables of the warehouse, read when the session started. */
    warehouse: WarehouseCatalog,
    /** Engine internal: the session this one is a clone of (see cloneSession). */
    parent?: SparkSession,
    /** Engine internal: the root session this one is a new session of (see newSession). */
    origin?: SparkSession,
  ) {
    this.parent = parent;
    this.origin = origin;
    if (parent) {
      this.analyzer = parent.analyzer;
      this.catalog = parent.catalog;
      this.sessionCatalog = parent.sessionCatalog;
      this.streams = parent.streams;
      this.files = parent.files;
      this.clock = parent.clock;
      this.sparkContext = parent.sparkContext;
      return;
    }
    // The database's functions are registered once, by the first session over it.
    if (!origin) {
      registerJsonFunctions(db);
      registerVariantFunctions(db);
      registerTimeZoneFunctions(db);
    }
    this.initialConf = conf.clone();
    this.analyzer = new Analyzer(
      db,
      () => conf.getBoolean("spark.sql.ansi.enabled"),
      (name) => this.udf.lookup(name),
      () => conf.getBoolean("spark.sql.legacy.negativeIndexInArrayInsert"),
      () => conf.getBoolean("spark.sql.decimalOperations.allowPrecisionLoss"),
      () => ({
        timeZone: conf.get("spark.sql.session.timeZone"),
        timestampType: conf.get("spark.sql.timestampType").toUpperCase(),
      }),
    );
    this.sessionCatalog = new SessionCatalog(this, warehouse, origin?.sessionCatalog.globalTempViews);
    this.catalog = new Catalog(this);
    this.streams = new StreamingQueryManager(this);
    this.files = new DataFileReader(db, fs);
    this.sparkContext = origin?.sparkContext ?? new SparkContext(conf.get("spark.app.name") ?? "Sluice");
    if (!origin) this.sparkContext.onStop(() => this.stop());
  }

  /**
   * Engine internal: Spark's cloneSession, the session a streaming query runs its batches in. It shares the
   * database, files, catalog and queries of this one, with a copy of the conf: later `spark.conf.set` calls do
   * not reach a running query, and a query restarted from a checkpoint takes the checkpoint's settings.
   */
  cloneSession(): SparkSession {
    return new SparkSession(
      this.db,
      this.fs,
      this.conf.clone(),
      this.platform,
      this.sessionCatalog.external,
      this.cloneRoot,
    );
  }

  /**
   * Spark's newSession: a session with its own conf (as the builder set it), temporary views, functions and
   * streaming queries (`streams` and their listeners), over the same database, files, tables, global temporary
   * views (`global_temp`, Spark's SharedState) and clock. A query
   * restarted from a checkpoint stops (or is refused by) a run of the same query in any of the sessions.
   */
  newSession(): SparkSession {
    const root = this.root;
    const session = new SparkSession(
      this.db,
      this.fs,
      root.initialConf!.clone(),
      this.platform,
      this.sessionCatalog.external,
      undefined,
      root,
    );
    session.clock = root.clock;
    root.newSessions.push(session);
    return session;
  }

  /** Engine internal: the active queries of this session and of the sessions it shares state with. */
  get activeQueriesOfAllSessions(): StreamingQuery[] {
    const root = this.root;
    return [root, ...root.newSessions].flatMap((s) => s.streams.active);
  }

  /** The session at the root of clones (itself where it is no clone). */
  private get cloneRoot(): SparkSession {
    return this.parent?.cloneRoot ?? this;
  }

  /** The session this one shares its output and life with: the root of clones and new sessions. */
  private get root(): SparkSession {
    const cloneRoot = this.cloneRoot;
    return cloneRoot.origin?.root ?? cloneRoot;
  }

  /** Starts building a session: `await SparkSession.builder().appName("demo").getOrCreate()`. */
  static builder(): Builder {
    return new Builder();
  }

  /** The session `getOrCreate()` returns now, if there is one. */
  static getActiveSession(): SparkSession | undefined {
    return SparkSession.active;
  }

  /** The Spark version whose API and behaviour Sluice follows. */
  get version(): string {
    return "4.0.0";
  }

  /**
   * The session's user-defined data sources by name, read as any format: `spark.dataSource.register(name,
   * source)` then `spark.read.format(name).load()` or `spark.readStream.format(name).load()`. A streaming
   * query's clone of the session reads the same ones.
   */
  get dataSource(): DataSourceRegistration {
    return this.parent?.dataSource ?? this.ownDataSources;
  }

  /** Whether `stop()` has been called. */
  get isStopped(): boolean {
    return this.root.stopped;
  }

  /**
   * Reads data as a stream: returns a DataStreamReader to set the source format, schema and options,
   * then `load()` (or `parquet`, `csv`, `json`, `text`) gives a streaming DataFrame.
   * @example spark.readStream.schema(ddl).option("maxFilesPerTrigger", 1).parquet("/data/events")
   */
  get readStream(): DataStreamReader {
    return new DataStreamReader(this);
  }

  /** Reads data as a batch: returns a DataFrameReader for files (parquet, csv, json, text) and tables. */
  get read(): DataFrameReader {
    return new DataFrameReader(this);
  }

  /** Sets where printed output goes (Sluice; defaults to the console). */
  setOutput(writer: OutputWriter): void {
    this.root.output = writer;
  }

  /** Prints through the session's output. */
  write(text: string, origin?: { queryId?: string }): void {
    this.root.output(text, origin);
  }

  /**
   * Runs a SQL statement; temporary views and memory sinks are tables. Queries become logical plans (so a
   * SELECT over a streaming view is a streaming DataFrame); syntax the planner does not cover (window
   * functions, subquery expressions, ...) runs as DuckDB SQL, for batch queries.
   */
  sql(query: string): DataFrame {
    return new SparkSqlParser(this).parsePlan(query);
  }

  /**
   * Engine internal: the session's commands (CREATE TABLE, INSERT, saveAsTable...) in order; a query reads a
   * table once the commands before it have written their files.
   */
  get commands(): CommandQueue {
    return this.sessionCatalog.external.commands;
  }

  /**
   * A DataFrame over a table or view: a temporary view (or a memory sink's table), `global_temp.<view>`, or a
   * table or view of the catalog (`t`, `db.t`, `spark_catalog.db.t`); where none answers, a file as SQL names one
   * (``parquet.`/data/events` ``, Spark's runSQLOnFiles).
   */
  table(tableName: string): DataFrame {
    const parts = this.sessionCatalog.nameParts(tableName);
    const df = this.sessionCatalog.lookupRelation(parts) ?? resolveSQLOnFile(this, parts);
    if (df) return df;
    // Engine-internal tables (a foreachBatch batch's) are read by their DuckDB name.
    const internal = parts.length === 1 ? this.sessionCatalog.memoryTable(parts[0], true) : undefined;
    if (internal) return this.sessionCatalog.memoryTableFrame(internal);
    throw tableOrViewNotFound(parts);
  }

  /**
   * A DataFrame from plain objects (or arrays in schema order) and a schema: a DDL string, a StructType, or a
   * list of column names (types inferred from the values, as PySpark does; no schema infers names too).
   * Values are checked against the schema as PySpark's `verifySchema` does.
   */
  createDataFrame(rows: readonly LocalRow[], schema?: StructType | string | readonly string[]): DataFrame {
    const struct =
      typeof schema === "string"
        ? this.parseSchema(schema)
        : schema === undefined || Array.isArray(schema)
          ? inferSchema(rows, schema as readonly string[] | undefined)
          : (schema as StructType);
    const objects = verifyRows(
      Array.isArray(schema) ? rows.map((r) => (Array.isArray(r) ? r : Object.values(r as object))) : rows,
      struct,
    );
    const table = this.db.uniqueName("local");
    this.files.insertRows(table, objects, struct);
    // The declared schema (DuckDB would call every column nullable); the table holds exactly those types.
    return new DataFrame(this, { ...tableRelation(table), schema: struct });
  }

  /** `spark.range(0, 10)`: a column `id` of bigint. */
  range(start: number, end?: number, step = 1): DataFrame {
    const [from, to] = end === undefined ? [0, start] : [start, end];
    for (const n of [from, to, step]) {
      if (!Number.isSafeInteger(n)) throw rangeNotInteger(n);
    }
    return new DataFrame(this, {
      kind: "relation",
      id: newPlanId(),
      isStreaming: false,
      relation: {
        type: "sql",
        sql: `SELECT range AS id FROM range(${from}, ${to}, ${step})`,
        views: new Map(),
      },
      schema: new StructType([new StructField("id", LongType, false)]),
    });
  }

  /** Parses a DDL schema string (`"id INT, name STRING"`) into a StructType. */
  parseSchema(ddl: string): StructType {
    return this.parseOrThrow(() => parseSchema(ddl));
  }

  /** Engine internal: parses `text` with `parser`, raising Spark's ParseException on errors. */
  parseExpression(text: string, parser: (t: string) => Expression): Expression {
    return this.parseOrThrow(() => parser(text));
  }

  /** Stops every streaming query of the session and releases DuckDB. */
  async stop(): Promise<void> {
    const root = this.root;
    await Promise.all([root, ...root.newSessions].map((s) => s.streams.stopAll()));
    root.stopped = true;
    if (SparkSession.active === root) SparkSession.active = undefined;
  }

  /** Engine internal: the writer behind `df.writeStream`. */
  newStreamWriter(df: DataFrame): DataStreamWriter {
    return new DataStreamWriter(df);
  }

  /** Engine internal: the writer behind `df.write`. */
  newBatchWriter(df: DataFrame): DataFrameWriter {
    return new DataFrameWriter(df);
  }

  /** Engine internal: `df.writeTo(table)`'s writer (here, so DataFrame need not import the session's writers). */
  newWriterV2(df: DataFrame, table: string): DataFrameWriterV2 {
    return new DataFrameWriterV2(df, table);
  }

  // ---- running batch plans

  /** Engine internal: runs a batch plan on DuckDB and returns its result as Arrow. */
  async execute(plan: LogicalPlan): Promise<arrow.Table> {
    return new QueryExecution(this, plan).toArrow();
  }

  /** Engine internal: runs a batch plan and returns its rows as plain objects. */
  async executeRows(plan: LogicalPlan): Promise<Row[]> {
    return new QueryExecution(this, plan).collect();
  }

  /** Engine internal: runs a batch plan and returns its number of rows. */
  async executeCount(plan: LogicalPlan): Promise<number> {
    return new QueryExecution(this, plan).count();
  }

  private parseOrThrow<T>(parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      if (error instanceof ParseError || error instanceof DataTypeParseError) throw error.exception;
      throw error;
    }
  }
}

// The XML options fall back to the active session's conf.
registerActiveConf(() => {
  const session = SparkSession.getActiveSession();
  return session && ((key, fallback) => session.conf.get(key, fallback));
});

/** A batch relation over a DuckDB table. */
function tableRelation(name: string) {
  return {
    kind: "relation",
    id: newPlanId(),
    isStreaming: false,
    relation: { type: "table", name },
  } as const;
}
