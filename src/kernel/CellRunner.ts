import * as engine from "../engine/index";
import { DataFrame, type SparkSession, StreamingQuery } from "../engine/index";
import type { NotebookHost } from "../pyspark/index";
import { CellSyntaxError, cellNames, compileCell, ENGINE_MODULE } from "./cellCode";
import { cellNeeds } from "./cellNeeds";
import { describeError } from "./describeError";
import { type CellScope, cellLocation, createScope, evaluateCell } from "./evaluate";
import { inspect, isRowArray } from "./inspect";
import { PythonCells } from "./PythonCells";
import type {
  CellNeeds,
  ChartSpec,
  KernelError,
  KernelEvent,
  Language,
  NotebookCellSource,
  OutputItem,
  RunResult,
} from "./protocol";
import { PAGE_SIZE } from "./protocol";
import type { QueryTracker } from "./QueryTracker";
import { columnsOf, columnsOfRows, type TableStore } from "./TableStore";

/** Rows a display() of a batch DataFrame brings back, as Databricks does. */
const DISPLAY_ROW_LIMIT = 10_000;

interface DisplayOptions {
  chart?: ChartSpec;
  /** Streaming display(): the memory sink's query name (default display_query_N). */
  name?: string;
  checkpointLocation?: string;
  trigger?: Record<string, unknown>;
}

export interface CellRunnerOptions {
  /** The notebook's session: `spark` in cells, and what SQL cells run on. */
  spark: SparkSession;
  /** dbutils and the teaching data, for TypeScript and Python cells alike. */
  host: NotebookHost;
  /** The session's streaming queries and the cells that started them. */
  tracker: QueryTracker;
  /** Where display() keeps tables for the notebook to page through. */
  tables: TableStore;
  /** The runner's events: a cell started, its outputs, Python loading. */
  emit: (event: KernelEvent) => void;
}

interface Job {
  cellId: string;
  code: string;
  language: Language;
  /** Paths the cell may not delete (the checkpoint a Restart continues from). */
  protect: string[];
  resolve: (result: RunResult) => void;
}

/**
 * Runs cells one at a time, in the order they were sent, in one scope shared by all cells (the session's
 * builtins plus every cell's top-level names). Output goes to the cell that is running.
 */
export class CellRunner {
  private readonly scope: CellScope;
  /**
   * What every cell sees besides its own names (the engine's API, its functions also as `F`, `spark`, dbutils,
   * datasets); also what a cell imports from "sluice".
   */
  private readonly builtins: Record<string, unknown>;
  private readonly queue: Job[] = [];
  private running: Job | undefined;
  private executionCount = 0;
  private displayCount = 0;
  /** Bumped by interrupt(): a cell started before it may still finish, but its output is dropped. */
  private generation = 0;
  private lastCellId: string | null = null;
  private readonly python: PythonCells;
  /** Each TypeScript cell's source when it last ran, and what its names held after (export reads their plans). */
  readonly cellValues = new Map<string, { source: string; values: Readonly<Record<string, unknown>> }>();

  constructor(private readonly options: CellRunnerOptions) {
    this.builtins = {
      ...engine.functions,
      ...engine,
      F: engine.functions,
      spark: options.spark,
      sleep: (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
      ...options.host,
    };
    this.scope = createScope({
      ...this.builtins,
      display: (value: unknown, displayOptions?: DisplayOptions) => this.display(value, displayOptions),
      console: this.console(),
    });
    this.python = new PythonCells(
      options.spark,
      (value, displayOptions) => this.display(value, displayOptions),
      (stage, fraction) => options.emit({ type: "python.loading", stage, fraction }),
      options.host,
    );
  }

  /** The cell whose output is being written: the running one, else the last one that ran. */
  get currentCell(): string | null {
    return this.running?.cellId ?? this.lastCellId;
  }

  /** Paths the running cell may not delete. */
  get protectedPaths(): readonly string[] {
    return this.running?.protect ?? [];
  }

  run(cellId: string, code: string, language: Language, protect: string[] = []): Promise<RunResult> {
    return new Promise((resolve) => {
      this.queue.push({ cellId, code, language, protect, resolve });
      if (!this.running) void this.next();
    });
  }

  /**
   * Which cells above `cellId` must run first, for the names it uses that this kernel does not have. TypeScript
   * and Python cells each look at their own language's cells (each has its own namespace); SQL needs none.
   */
  async needs(cellId: string, cells: readonly NotebookCellSource[]): Promise<CellNeeds> {
    const target = cells.find((c) => c.id === cellId);
    if (target?.type !== "code" && target?.type !== "python") return { run: [], missing: [] };
    const same = cells.filter((c) => c.type === target.type);
    if (target.type === "python") {
      const { names, has } = await this.python.names(same.map((c) => c.source));
      return cellNeeds(
        same.map((c, i) => ({ id: c.id, names: names[i] })),
        cellId,
        has,
      );
    }
    const scope = this.scope;
    return cellNeeds(
      same.map((c) => ({ id: c.id, names: cellNames(c.source) })),
      cellId,
      (name) => name in scope || name in globalThis,
    );
  }

  /** Drops queued cells and lets go of the running one; queries it started are stopped. */
  async interrupt(): Promise<void> {
    this.generation += 1;
    for (const job of this.queue.splice(0)) job.resolve({ status: "interrupted", executionCount: 0 });
    const job = this.running;
    if (!job) return;
    this.running = undefined;
    job.resolve({ status: "interrupted", executionCount: this.executionCount });
    this.output(job.cellId, {
      kind: "error",
      error: { name: "KeyboardInterrupt", message: "Interrupted: the cell's queries were stopped" },
    });
    await Promise.all(this.options.tracker.activeQueriesOf(job.cellId).map((q) => q.stop().catch(() => {})));
    void this.next();
  }

  private async next(): Promise<void> {
    const job = this.queue.shift();
    if (!job) return;
    this.running = job;
    this.lastCellId = job.cellId;
    this.executionCount += 1;
    const count = this.executionCount;
    const generation = this.generation;
    this.options.emit({ type: "cell.started", cellId: job.cellId, executionCount: count });
    // The first cell's run is part of start-up (bench part P5 reads the marks); later cells are not marked.
    const first = count === 1;
    if (first) performance.mark("sluice:cell-start");
    let status: RunResult["status"] = "ok";
    try {
      await this.execute(job);
    } catch (error) {
      // What commands the cell left running are the cell's; their failures are not the next cell's.
      await this.options.spark.commands.settle().catch(() => {});
      status = "error";
      if (generation === this.generation) {
        this.output(job.cellId, { kind: "error", error: this.cellError(error) });
      }
    }
    if (first) performance.mark("sluice:cell-done");
    if (generation !== this.generation) return;
    this.running = undefined;
    job.resolve({ status, executionCount: count });
    void this.next();
  }

  private async execute(job: Job): Promise<void> {
    if (job.language === "python") {
      const { cellId } = job;
      const result = await this.python.run(job.code, (name, text) =>
        this.output(cellId, { kind: "stream", name, text }),
      );
      // PySpark's spark.sql waits for its command, so Python has seen (and maybe caught) what failed.
      await this.options.spark.commands.settle().catch(() => {});
      if (result.text !== undefined) this.output(cellId, { kind: "value", text: result.text });
      return;
    }
    if (job.language === "sql") {
      const text = job.code.trim().replace(/;\s*$/, "");
      if (!text) return;
      const df = await this.options.spark.sql(text).resolve();
      // A command that returns no columns (CREATE, INSERT, DROP) shows nothing: the cell's count says it ran.
      if (df.columns.length > 0) await this.display(df);
      return;
    }
    const compiled = compileCell(job.code);
    if (this.executionCount === 1) performance.mark("sluice:cell-compiled");
    const url = cellUrl(job.cellId);
    let value: unknown;
    try {
      value = await evaluateCell(compiled, this.scope, (name) => this.importModule(name), url);
    } catch (error) {
      const at = cellLocation(error, url, compiled);
      if (at && error && typeof error === "object")
        Object.assign(error, { cellLine: at.line, cellColumn: at.column });
      throw error;
    } finally {
      this.cellValues.set(job.cellId, {
        source: job.code,
        values: Object.fromEntries(compiled.declared.map((n) => [n, this.scope[n]])),
      });
    }
    // Spark runs a command before spark.sql returns: one the cell did not await (spark.sql("INSERT ...")) ends
    // with the cell, and its failure is the cell's.
    await this.options.spark.commands.settle();
    if (compiled.hasResult && value !== undefined) await this.show(value, job.cellId);
  }

  /** The value a cell ends with: a query already has its panel; anything else is displayed. */
  private async show(value: unknown, cellId: string): Promise<void> {
    if (value instanceof StreamingQuery && this.options.tracker.cellOf(value.id) === cellId) return;
    if (value instanceof DataFrame) {
      this.output(cellId, { kind: "value", text: dataFrameText(await value.resolve()) });
      return;
    }
    await this.display(value);
  }

  /** display(): tables for DataFrames and rows, a live panel for streaming DataFrames and queries. */
  async display(value: unknown, options: DisplayOptions = {}): Promise<StreamingQuery | undefined> {
    const cellId = this.currentCell;
    if (!cellId) return undefined;
    if (value instanceof DataFrame) {
      // A DataFrame whose schema is still read from files, or whose command still writes, is shown once known.
      const df = await value.resolve();
      if (df.isStreaming) return this.displayStream(df, options);
      const rows = await df.limit(DISPLAY_ROW_LIMIT).collect();
      this.emitTable(cellId, columnsOf(df), rows, options.chart);
      return undefined;
    }
    if (value instanceof StreamingQuery) {
      if (this.options.tracker.cellOf(value.id) !== cellId)
        this.output(cellId, { kind: "query", queryId: value.id });
      return value;
    }
    if (isRowArray(value)) {
      this.emitTable(cellId, columnsOfRows(value), value, options.chart);
      return undefined;
    }
    this.output(cellId, { kind: "value", text: inspect(value) });
    return undefined;
  }

  /**
   * display(streamingDF) as in Databricks: starts a query into a memory sink (complete mode where the plan
   * aggregates, append otherwise) whose live panel shows in the cell.
   */
  private async displayStream(df: DataFrame, options: DisplayOptions): Promise<StreamingQuery> {
    this.displayCount += 1;
    const name = options.name ?? `display_query_${this.displayCount}`;
    const checkpoint = options.checkpointLocation ?? `/.sluice/display/${name}-${crypto.randomUUID()}`;
    const start = (mode: string) => {
      let writer = df.writeStream
        .format("memory")
        .queryName(name)
        .outputMode(mode)
        .option("checkpointLocation", checkpoint);
      if (options.trigger) writer = writer.trigger(options.trigger);
      this.options.tracker.pendingChart = options.chart;
      return writer.start();
    };
    try {
      return await start("complete");
    } catch (error) {
      if ((error as Error)?.name !== "AnalysisException") throw error;
      return start("append");
    }
  }

  private emitTable(
    cellId: string,
    columns: { name: string; type: string }[],
    rows: Record<string, unknown>[],
    chart?: ChartSpec,
  ) {
    const tableId = this.options.tables.add(columns, rows);
    this.output(cellId, {
      kind: "table",
      tableId,
      page: this.options.tables.page(tableId, 0, PAGE_SIZE),
      chart,
    });
  }

  private importModule(name: string): unknown {
    if (name !== ENGINE_MODULE) {
      throw new Error(
        `Cannot import "${name}": cells can import from "${ENGINE_MODULE}" (all of it is already in scope)`,
      );
    }
    return this.builtins;
  }

  private output(cellId: string, item: OutputItem): void {
    this.options.emit({ type: "output", cellId, item });
  }

  private console(): Pick<Console, "log" | "info" | "warn" | "error" | "debug" | "table"> {
    const write =
      (name: "stdout" | "stderr") =>
      (...args: unknown[]) => {
        const cellId = this.currentCell;
        if (cellId)
          this.output(cellId, {
            kind: "stream",
            name,
            text: `${args.map((a) => inspect(a)).join(" ")}\n`,
          });
      };
    return {
      log: write("stdout"),
      info: write("stdout"),
      debug: write("stdout"),
      warn: write("stderr"),
      error: write("stderr"),
      table: (rows: unknown) => void this.display(rows),
    };
  }

  private cellError(error: unknown): KernelError {
    if (error instanceof CellSyntaxError) {
      return { name: "SyntaxError", message: error.message, line: error.line, column: error.column };
    }
    const described = describeError(error);
    const at = error as { cellLine?: number; cellColumn?: number };
    if (at?.cellLine) return { ...described, line: at.cellLine, column: at.cellColumn };
    return described;
  }
}

/** The cell's name in stack traces, where cellLocation() finds its line. */
function cellUrl(cellId: string): string {
  return `cell-${cellId.replace(/[^\w-]/g, "")}.ts`;
}

/** Spark's repr of a DataFrame: DataFrame[event_name: string, count: bigint]. */
function dataFrameText(df: DataFrame): string {
  const columns = columnsOf(df).map((c) => `${c.name}: ${c.type}`);
  return `DataFrame[${columns.join(", ")}]`;
}
