/**
 * The entry point, as in Spark: `await SparkSession.builder().config("sluice.fs.root", dir).getOrCreate()`.
 * A session owns one DuckDB database, one file system and the streaming queries started from it.
 */
import type * as arrow from "apache-arrow";
import { DuckDB, quoteIdentifier } from "../duckdb/DuckDB";
import { DataFileReader, type DataFormat, type LoadedFile } from "../io/DataFileReader";
import type { FileSystem } from "../io/FileSystem";
import { initParquet } from "../io/parquet";
import { currentPlatform, type Platform, setPlatform } from "../platform/Platform";
import { Analyzer, translateDuckDBError } from "../sql/analysis/Analyzer";
import { uniqueSqlNames } from "../sql/analysis/columnResolution";
import {
  AnalysisException,
  IllegalArgumentException,
  ParseException,
  tableOrViewNotFound,
} from "../sql/analysis/errors";
import { DataFrame } from "../sql/api/DataFrame";
import { inferSchema, type LocalRow, verifyRows } from "../sql/api/LocalRelation";
import { type Row, toRows } from "../sql/api/rows";
import { compilePlan, inlineViews, viewMarker } from "../sql/codegen/compiler";
import { registerJsonFunctions } from "../sql/codegen/jsonFunctions";
import { translateSparkSql } from "../sql/codegen/sqlText";
import type { Expression } from "../sql/expressions";
import { AstBuilder } from "../sql/parser/AstBuilder";
import { ParseError, syntaxErrorIn, UnsupportedSyntax } from "../sql/parser/ExpressionParser";
import { parseStatement, type Statement } from "../sql/parser/SqlParser";
import { isStreamingPlan, type LogicalPlan, newPlanId, planNodes } from "../sql/plan";
import { LongType, parseSchema, StructField, StructType } from "../sql/types";
import { Catalog } from "./Catalog";
import { DataFrameReader } from "./DataFrameReader";
import { DataFrameWriter } from "./DataFrameWriter";
import { DataStreamReader } from "./DataStreamReader";
import { DataStreamWriter } from "./DataStreamWriter";
import { listDataFiles } from "./dataFiles";
import { RuntimeConfig } from "./RuntimeConfig";
import { StreamingQueryManager } from "./StreamingQueryManager";

/** Where `show()`, `printSchema()` and the console sink print; the notebook routes it to the cell. */
export type OutputWriter = (text: string, origin?: { queryId?: string }) => void;

/** Builds a SparkSession: `SparkSession.builder().appName("demo").config(key, value).getOrCreate()`. */
export class Builder {
  private readonly options: Record<string, string> = {};
  private platformOverride: Platform | undefined;

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
      return active;
    }
    if (this.platformOverride) setPlatform(this.platformOverride);
    const platform = await currentPlatform();
    const [db, fs] = await Promise.all([DuckDB.open(), platform.createFileSystem(root), initParquet()]);
    const session = new SparkSession(db, fs, new RuntimeConfig(this.options), platform);
    SparkSession.active = session;
    return session;
  }

  /** A new session, even where one is active. */
  async create(): Promise<SparkSession> {
    SparkSession.active = undefined;
    return this.getOrCreate();
  }
}

/**
 * The entry point: reads data (`read`, `readStream`), runs SQL (`sql`), creates DataFrames
 * (`createDataFrame`, `range`) and manages streaming queries (`streams`). In a notebook cell it is `spark`.
 */
export class SparkSession {
  /** Engine internal: the session `getActiveSession()` returns. */
  static active: SparkSession | undefined;

  /** Engine internal: checks each new DataFrame operator eagerly, as Spark's analyzer does. */
  readonly analyzer: Analyzer;
  /** The temporary views and memory-sink tables that `spark.sql` and `spark.table` can read. */
  readonly catalog: Catalog;
  /**
   * The session's streaming queries: `spark.streams.active`, `get(id)`, `awaitAnyTermination()`,
   * `addListener(listener)`.
   */
  readonly streams: StreamingQueryManager;
  /** Engine internal: loads data files into DuckDB tables. */
  readonly files: DataFileReader;
  private output: OutputWriter = (text) => {
    // biome-ignore lint/suspicious/noConsole: the default output of show() and the console sink is stdout.
    console.log(text.endsWith("\n") ? text.slice(0, -1) : text);
  };
  private stopped = false;

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
  ) {
    registerJsonFunctions(db);
    this.analyzer = new Analyzer(db);
    this.catalog = new Catalog(db);
    this.streams = new StreamingQueryManager(this);
    this.files = new DataFileReader(db, fs);
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

  /** Whether `stop()` has been called. */
  get isStopped(): boolean {
    return this.stopped;
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
    this.output = writer;
  }

  /** Prints through the session's output. */
  write(text: string, origin?: { queryId?: string }): void {
    this.output(text, origin);
  }

  /**
   * Runs a SQL statement; temporary views and memory sinks are tables. Queries become logical plans (so a
   * SELECT over a streaming view is a streaming DataFrame); syntax the planner does not cover (window
   * functions, subquery expressions, ...) runs as DuckDB SQL, for batch queries.
   */
  sql(query: string): DataFrame {
    let statement: Statement;
    try {
      statement = parseStatement(query);
    } catch (error) {
      if (error instanceof ParseError) return this.sqlThroughDuckDB(query, error);
      throw error;
    }
    switch (statement.kind) {
      case "query":
        return this.astBuilder().query(statement.query);
      case "createView":
        this.catalog.registerView(
          statement.name,
          this.astBuilder().query(statement.query),
          statement.replace,
        );
        return this.emptyDataFrame();
      case "dropView":
        this.catalog.dropView(statement.name, statement.ifExists);
        return this.emptyDataFrame();
      case "set":
        if (statement.key === undefined) {
          const all = Object.entries(this.conf.getAll()).map(([key, value]) => ({ key, value }));
          return this.createDataFrame(all, "key STRING, value STRING");
        }
        if (statement.value !== undefined) this.conf.set(statement.key, statement.value);
        return this.createDataFrame(
          [{ key: statement.key, value: this.conf.getOption(statement.key) ?? "<undefined>" }],
          "key STRING, value STRING",
        );
      case "showTables":
        return this.createDataFrame(
          this.catalog.listTables().map((t) => ({ namespace: "", tableName: t.name, isTemporary: true })),
          "namespace STRING, tableName STRING, isTemporary BOOLEAN",
        );
    }
  }

  private astBuilder(): AstBuilder {
    return new AstBuilder({
      table: (name) => this.lookupTable(name),
      tableFunction: (name, args) => {
        if (name !== "range") return undefined;
        const values = args.map((a) => (a.kind === "literal" ? Number(a.value) : Number.NaN));
        if (values.some(Number.isNaN) || values.length === 0 || values.length > 3) {
          throw new AnalysisException(
            "range() takes 1 to 3 integer literals: range(end), range(start, end), range(start, end, step).",
            "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
          );
        }
        return values.length === 1 ? this.range(values[0]) : this.range(values[0], values[1], values[2] ?? 1);
      },
      oneRow: () => this.sqlRelation("SELECT 1 AS __one_row", new Map()),
      notFound: (name) => tableOrViewNotFound(name),
    });
  }

  /** A temporary view, or the table a memory sink keeps. */
  private lookupTable(name: string, internal = false): DataFrame | undefined {
    const view = this.catalog.view(name);
    if (view) return view;
    const table = this.catalog.memoryTable(name, internal);
    return table === undefined ? undefined : new DataFrame(this, this.analyzer.analyse(tableRelation(table)));
  }

  /** A statement the planner does not cover, translated to DuckDB's dialect (batch queries only). */
  private sqlThroughDuckDB(query: string, reason: ParseError): DataFrame {
    const views = new Map<string, LogicalPlan>();
    let translated: string;
    try {
      translated = translateSparkSql(query, (name) => {
        const view = this.catalog.view(name);
        if (!view) return undefined;
        views.set(name.toLowerCase(), view.plan);
        return viewMarker(name);
      });
    } catch {
      throw this.syntaxError(query, reason);
    }
    try {
      this.db.query(`EXPLAIN ${translated.replace(/\/\*view:[^*]+\*\//g, "(SELECT 1)")}`);
    } catch (error) {
      // DuckDB cannot read it either: a syntax error, reported where Spark's parser stops.
      if (/^Parser Error/.test((error as Error).message)) throw this.syntaxError(query, reason);
    }
    if ([...views.values()].some(isStreamingPlan)) {
      throw new AnalysisException(
        `This SQL over a streaming view cannot run incrementally (${reason instanceof UnsupportedSyntax ? reason.message : "the statement is not supported"}). Express it with the DataFrame API, or read the view as a batch. SQLSTATE: 0A000`,
        "UNSUPPORTED_STREAMING_OPERATION",
      );
    }
    return this.sqlRelation(translated, views);
  }

  private syntaxError(query: string, error: ParseError): ParseException {
    return new ParseException(
      syntaxErrorIn(query, error.near ?? "end of input", error.position),
      "PARSE_SYNTAX_ERROR",
      {},
      { cause: error },
    );
  }

  private sqlRelation(sql: string, views: ReadonlyMap<string, LogicalPlan>): DataFrame {
    const node = {
      kind: "relation",
      id: newPlanId(),
      isStreaming: false,
      relation: { type: "sql", sql, views },
    } as const;
    return new DataFrame(this, this.analyzer.analyse(node));
  }

  /** What DDL statements return: no columns, no rows. */
  private emptyDataFrame(): DataFrame {
    return new DataFrame(this, {
      kind: "relation",
      id: newPlanId(),
      isStreaming: false,
      relation: { type: "sql", sql: "SELECT NULL AS __empty WHERE FALSE", views: new Map() },
      schema: new StructType([]),
    });
  }

  /** A DataFrame over a table: a temporary view or a memory sink's table. */
  table(name: string): DataFrame {
    const df = this.lookupTable(name, true);
    if (!df) throw tableOrViewNotFound(name);
    return df;
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
      if (!Number.isSafeInteger(n)) throw new IllegalArgumentException(`range() takes integers, got ${n}`);
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
    await this.streams.stopAll();
    this.stopped = true;
    if (SparkSession.active === this) SparkSession.active = undefined;
  }

  /** Engine internal: the writer behind `df.writeStream`. */
  newStreamWriter(df: DataFrame): DataStreamWriter {
    return new DataStreamWriter(df);
  }

  /** Engine internal: the writer behind `df.write`. */
  newBatchWriter(df: DataFrame): DataFrameWriter {
    return new DataFrameWriter(df);
  }

  // ---- running batch plans

  /** Engine internal: runs a batch plan on DuckDB and returns its result as Arrow. */
  async execute(plan: LogicalPlan): Promise<arrow.Table> {
    const loaded = await this.loadFileRelations(plan);
    try {
      const sql = compilePlan(plan, (leaf) => this.leafSql(leaf, loaded), this.analyzer.schemaOf);
      return this.db.query(withSparkNames(sql, plan.schema));
    } catch (error) {
      throw translateDuckDBError(error);
    } finally {
      for (const files of loaded.values())
        for (const f of files) for (const t of f.tables) this.db.dropTable(t);
    }
  }

  /** Engine internal: runs a batch plan and returns its rows as plain objects. */
  async executeRows(plan: LogicalPlan): Promise<Row[]> {
    return toRows(await this.execute(plan));
  }

  /** Engine internal: runs a batch plan and returns its number of rows. */
  async executeCount(plan: LogicalPlan): Promise<number> {
    const node = {
      kind: "aggregate",
      id: newPlanId(),
      child: plan,
      groupBy: [],
      aggregates: [
        { kind: "alias", child: { kind: "call", name: "count", args: [{ kind: "star" }] }, name: "count" },
      ],
    } as const;
    const rows = await this.executeRows(this.analyzer.analyse(node));
    return Number(rows[0].count);
  }

  /** SQL reading a leaf's data: a table, a loaded file set, or a SQL statement with its views inlined. */
  leafSql(
    leaf: Extract<LogicalPlan, { kind: "relation" }>,
    loaded: ReadonlyMap<number, readonly LoadedFile[]>,
    bindStream?: (leaf: Extract<LogicalPlan, { kind: "relation" }>) => string,
  ): string {
    const relation = leaf.relation;
    switch (relation.type) {
      case "table":
        return `SELECT * FROM "${relation.name.replaceAll('"', '""')}"`;
      case "files": {
        const files = loaded.get(leaf.id) ?? [];
        return files.length > 0 ? files.map((f) => f.sql).join(" UNION ALL ") : this.analyzer.leafSql(leaf);
      }
      case "sql":
        return inlineViews(
          relation.sql,
          relation.views,
          (inner) => this.leafSql(inner, loaded, bindStream),
          this.analyzer.schemaOf,
        );
      case "stream":
        if (!bindStream) throw new Error("a streaming relation can only be read by a streaming query");
        return bindStream(leaf);
    }
  }

  /** Loads the files of every `spark.read` relation in the plan into DuckDB. */
  private async loadFileRelations(plan: LogicalPlan): Promise<Map<number, LoadedFile[]>> {
    const loaded = new Map<number, LoadedFile[]>();
    const visit = async (node: LogicalPlan) => {
      for (const n of planNodes(node)) {
        if (n.kind !== "relation") continue;
        if (n.relation.type === "files") {
          const { format, paths, options } = n.relation;
          const files: LoadedFile[] = [];
          loaded.set(n.id, files);
          for (const f of await listDataFiles(this.fs, paths)) {
            files.push(
              await this.files.load(f.path, format as DataFormat, n.schema, options, f.partitionValues),
            );
          }
        } else if (n.relation.type === "sql") {
          for (const view of n.relation.views.values()) await visit(view);
        }
      }
    };
    try {
      await visit(plan);
    } catch (error) {
      // A file that fails to load leaves none of the others behind.
      for (const files of loaded.values()) this.files.dropTables(files.flatMap((f) => f.tables));
      throw error;
    }
    return loaded;
  }

  private parseOrThrow<T>(parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      if (error instanceof ParseError || (error as Error).name === "DataTypeParseError") {
        const message = (error as Error).message;
        const errorClass = /^\[([A-Z_.]+)\]/.exec(message)?.[1] ?? "PARSE_SYNTAX_ERROR";
        throw new ParseException(message, errorClass, {}, { cause: error });
      }
      throw error;
    }
  }
}

/** A batch relation over a DuckDB table. */
function tableRelation(name: string) {
  return {
    kind: "relation",
    id: newPlanId(),
    isStreaming: false,
    relation: { type: "table", name },
  } as const;
}

/** The result under Spark's column names (inside a query, columns sharing a name have unique SQL names). */
function withSparkNames(sql: string, schema: StructType): string {
  const names = uniqueSqlNames(schema.fieldNames);
  if (names.every((n, i) => n === schema.fields[i].name)) return sql;
  const columns = names.map((n, i) => `${quoteIdentifier(n)} AS ${quoteIdentifier(schema.fields[i].name)}`);
  return `SELECT ${columns.join(", ")} FROM (${sql}) AS __result`;
}
