/**
 * Runs one micro-batch of a streaming plan: the batch's source rows stand in for the streaming relations,
 * each stateful operator (bottom-up) turns its input into output through its state, user-defined functions are
 * evaluated over the batch's rows where the plan calls them (ExtractUDFs, BatchEvalUDF), and the stateless rest
 * of the plan is one SQL query over those results.
 */
import { quoteIdentifier } from "../../duckdb/DuckDB";
import type { LoadedFile } from "../../io/DataFileReader";
import { KafkaRelation } from "../../kafka/KafkaRelation";
import { relationFiles } from "../../session/dataFiles";
import type { SparkSession } from "../../session/SparkSession";
import { translateDuckDBError } from "../../sql/analysis/Analyzer";
import type { Row } from "../../sql/api/rows";
import { compilePlan, placeholderSql } from "../../sql/codegen/planCompiler";
import type { OperatorWatermarks } from "../../sql/execution/explain";
import { observedMetricsOf } from "../../sql/execution/observedMetrics";
import { leafSql } from "../../sql/execution/QueryExecution";
import { readsCurrentTime, withBatchTimestamp } from "../../sql/optimizer/ComputeCurrentTime";
import { childrenOfPlan, isStreamingPlan, type LogicalPlan, planNodes } from "../../sql/plan";
import { BatchEvalUDF } from "../../sql/udf/BatchEvalUDF";
import { extractUDFs } from "../../sql/udf/ExtractUDFs";
import { flatMapGroupsWithStateOnBatch } from "../operators/FlatMapGroupsWithState";
import type {
  BatchContext,
  BatchQuery,
  BatchTable,
  LateRowsRecorder,
  StatefulOperator,
} from "../operators/StatefulOperator";
import { checkStateStoreProvider } from "../operators/StatefulOperator";
import { createStatefulOperator, isStatefulNode } from "../operators/statefulOperators";
import { checkEventTimeColumns, checkWatermarkNotRedefined, type WatermarkNode } from "./EventTimeWatermark";
import type { OperatorIdOrder } from "./OffsetSeqConf";
import type { OutputMode } from "./OutputMode";
import type { StateOperatorProgress } from "./progress";
import { type EventTimeStats, parseWatermarkPolicy, WatermarkTracker } from "./WatermarkTracker";

type Relation = Extract<LogicalPlan, { kind: "relation" }>;

/** Spark's OffsetSeqMetadata of a batch: when it was planned and the watermark it runs with. */
export interface BatchMetadata {
  batchId: number;
  batchTimestampMs: number;
  batchWatermarkMs: number;
}

/**
 * What one batch produced: the sink's table, the batch's `eventTime` progress (Spark's format) and the metrics
 * its `observe` operators computed over its rows (progress `observedMetrics`).
 */
export interface BatchResult {
  table: string;
  numRows: number;
  /** The output's rows as DuckDB's Arrow IPC stream, where the sink read them back as it wrote them. */
  ipc?: Uint8Array;
  eventTime: Record<string, string>;
  observedMetrics: Record<string, Row>;
}

export class IncrementalExecution {
  readonly streamingRelations: Relation[];
  /** The stateful operators, bottom-up (the order a batch runs them in). */
  readonly operators: StatefulOperator[] = [];
  /** The `withWatermark` operators over streaming data, bottom-up. */
  readonly watermarks: WatermarkNode[];
  /** The global watermark, advanced after each batch (what the next batch and commits/N record). */
  readonly watermarkTracker: WatermarkTracker;
  /** The watermark the last batch ran with: the next batch's threshold for late rows. */
  private previousBatchWatermarkMs = 0;
  private previousOutput: string | undefined;
  private watermarkTables: string[] = [];
  /** The watermarks each stateful operator ran the last batch with, top-down (Spark's lastExecution's). */
  lastOperatorWatermarks: readonly OperatorWatermarks[] = [];
  /** operatorWatermarks' answers, by global watermark. */
  private readonly propagated = new Map<number, ReadonlyMap<number, number>>();
  /** Where stateful operators report the rows they judge late, while the batch history records. */
  lateRows: LateRowsRecorder | undefined;
  /** The plan as it runs: its user-defined function calls in BatchEvalUDF nodes. */
  readonly plan: LogicalPlan;
  /** Whether a batch's plan needs its timestamp put in for the current-time functions. */
  private readonly readsCurrentTime: boolean;

  constructor(
    private readonly session: SparkSession,
    plan: LogicalPlan,
    readonly outputMode: OutputMode,
    checkpoint: string,
    /** How the checkpoint numbers its operators (top-down, as Spark, unless an older checkpoint says not). */
    idOrder: OperatorIdOrder = "topDown",
  ) {
    this.plan = extractUDFs(plan, session.analyzer);
    plan = this.plan;
    this.streamingRelations = planNodes(plan).filter(
      (n): n is Relation => n.kind === "relation" && n.relation.type === "stream",
    );
    // Spark numbers stateful operators top-down (the one nearest the sink is 0); they run bottom-up.
    const stateful = planNodes(plan).filter((n) => isStatefulNode(n, outputMode));
    for (const [i, node] of stateful.entries()) {
      const operatorId = idOrder === "topDown" ? stateful.length - 1 - i : i;
      this.operators.push(createStatefulOperator(session, node, operatorId, checkpoint, outputMode)!);
    }
    this.watermarks = planNodes(plan).filter(
      (n): n is WatermarkNode => n.kind === "watermark" && isStreamingPlan(n),
    );
    this.readsCurrentTime = readsCurrentTime(this.plan);
    this.watermarkTracker = new WatermarkTracker(
      parseWatermarkPolicy(session.conf.get("spark.sql.streaming.multipleWatermarkPolicy")),
    );
  }

  /** Whether the query has an event-time watermark (then batches carry one). */
  get hasWatermark(): boolean {
    return this.watermarks.length > 0;
  }

  /** The watermark for the next batch (offsets/N's batchWatermarkMs, commits/N-1's nextBatchWatermarkMs). */
  get watermarkMs(): number {
    return this.watermarkTracker.currentWatermark;
  }

  /**
   * Restores the watermarks from the checkpoint: `lastBatchWatermarkMs` is the watermark the last batch ran with
   * (from its offsets), `nextBatchWatermarkMs` the one after it (from its commit, if it committed).
   */
  restoreWatermark(lastBatchWatermarkMs: number, nextBatchWatermarkMs: number): void {
    this.previousBatchWatermarkMs = lastBatchWatermarkMs;
    this.watermarkTracker.setWatermark(nextBatchWatermarkMs);
  }

  /**
   * Spark's lastExecutionRequiresAnotherBatch (with spark.sql.streaming.noDataMicroBatches.enabled): whether a
   * batch without new data would evict state, close windows or time out groups.
   */
  shouldRunAnotherBatch(batchTimestampMs: number): boolean {
    if (!this.session.conf.getBoolean("spark.sql.streaming.noDataMicroBatches.enabled")) return false;
    const next = this.operatorWatermarks(this.watermarkMs);
    return this.operators.some((op) => {
      const context = this.contextFor(op, batchTimestampMs, this.watermarkMs);
      return op.shouldRunAnotherBatch(next.get(op.node.id) ?? this.watermarkMs, context);
    });
  }

  /**
   * What a batch's operator runs with: its input watermarks (see operatorWatermarks) for the watermark the last
   * batch ran with (late rows) and this batch's (eviction).
   */
  private contextFor(
    op: StatefulOperator,
    batchTimestampMs: number,
    batchWatermarkMs: number,
    batchId = -1,
  ): BatchContext {
    const inputWatermark = (globalMs: number) =>
      this.hasWatermark ? (this.operatorWatermarks(globalMs).get(op.node.id) ?? globalMs) : undefined;
    // Spark's UseSingleWatermarkPropagator (allowMultiple off, as before Spark 3.4) judges late rows by the
    // batch's own watermark too.
    const lateBy = this.singleWatermark ? batchWatermarkMs : this.previousBatchWatermarkMs;
    return {
      batchId,
      batchTimestampMs,
      lateEventsWatermarkMs: inputWatermark(lateBy),
      evictionWatermarkMs: inputWatermark(batchWatermarkMs),
      lateRows: this.lateRows,
    };
  }

  /**
   * By stateful operator id, how far (ms) the watermark the operator runs with stays behind the global one, where
   * an operator below it holds it back (a time-interval join's range): for "waiting for".
   */
  heldBackMs(): Record<number, number> {
    if (!this.hasWatermark) return {};
    // Far past every event time, so no input watermark is cut at 0.
    const reference = 10 ** 13;
    const inputs = this.operatorWatermarks(reference);
    const held: Record<number, number> = {};
    for (const op of this.operators) {
      const input = inputs.get(op.node.id);
      if (input !== undefined && input > 0 && input < reference) held[op.operatorId] = reference - input;
    }
    return held;
  }

  /** spark.sql.streaming.statefulOperator.allowMultiple off: every operator runs with the global watermark. */
  private get singleWatermark(): boolean {
    return !this.session.conf.getBoolean("spark.sql.streaming.statefulOperator.allowMultiple");
  }

  /**
   * Spark's WatermarkPropagator: each stateful operator's input watermark (by its plan node's id) for a global
   * watermark. With spark.sql.streaming.statefulOperator.allowMultiple (PropagateWatermarkSimulator) it is worked
   * out bottom-up: a watermark operator hands on the global watermark, a stateful operator what its
   * produceOutputWatermark makes of its own input watermark, any other node the least of its children's (a node
   * under no watermark hands on none); an operator's input watermark is the least its children hand on, and 0
   * where they hand on none (a watermark never goes below 0). Without it (UseSingleWatermarkPropagator) every
   * operator runs with the global watermark, for late rows as for eviction.
   */
  operatorWatermarks(globalMs: number): ReadonlyMap<number, number> {
    const cached = this.propagated.get(globalMs);
    if (cached) return cached;
    const inputs = new Map<number, number>();
    const single = this.singleWatermark;
    const outputs = new Map<number, number | undefined>();
    for (const node of planNodes(this.plan)) {
      const handed = childrenOfPlan(node)
        .map((c) => outputs.get(c.id))
        .filter((w): w is number => w !== undefined);
      const input = handed.length > 0 ? Math.min(...handed) : undefined;
      const op = this.operators.find((o) => o.node.id === node.id);
      if (node.kind === "watermark" && this.watermarks.some((w) => w.id === node.id)) {
        outputs.set(node.id, globalMs);
      } else if (op) {
        inputs.set(node.id, single ? globalMs : Math.max(input ?? 0, 0));
        const output =
          input === undefined || !op.produceOutputWatermark ? input : op.produceOutputWatermark(input);
        outputs.set(node.id, output);
      } else {
        outputs.set(node.id, input);
      }
    }
    // The watermarks of the last batch and this one are asked for again and again.
    if (this.propagated.size >= 4) this.propagated.clear();
    this.propagated.set(globalMs, inputs);
    return inputs;
  }

  /** Loads every stateful operator's state as of `version` (the last committed batch). */
  async restore(version: number | undefined): Promise<void> {
    for (const op of this.operators) await op.restore(version);
  }

  /**
   * Runs the plan over one batch: `inputs` maps each streaming relation to SQL reading its rows (relations with
   * no new rows read nothing). Returns the table holding the rows for the sink. Where the plan's root is a
   * stateful operator that can give its output as a query (a complete-mode aggregation), `writeOutput` may write
   * that query straight into the sink's own table and answer with it (undefined: the sink does not take it).
   */
  async runBatch(
    inputs: ReadonlyMap<number, string>,
    metadata: BatchMetadata,
    writeOutput?: (sql: string) => BatchTable | undefined,
  ): Promise<BatchResult> {
    this.checkWatermarks(metadata.batchWatermarkMs);
    if (this.operators.length > 0) checkStateStoreProvider(this.session);
    for (const op of this.operators) op.verifyStateSchema?.();
    this.dropBatchTables();
    const plan = this.readsCurrentTime
      ? withBatchTimestamp(
          this.plan,
          metadata.batchTimestampMs,
          this.session.conf.get("spark.sql.session.timeZone"),
        )
      : this.plan;
    const loaded = await this.loadStaticFiles();
    const udfs = new BatchEvalUDF(this.session);
    try {
      const resolveLeaf = (leaf: Relation): string =>
        leafSql(
          this.session,
          leaf,
          loaded,
          (stream) => inputs.get(stream.id) ?? placeholderSql(stream.schema),
        );
      const replaced = new Map<number, string>();
      /** The SELECT standing for each stateful operator's output, and its table (or query). */
      const operatorOutputs = new Map<string, BatchTable | BatchQuery>();
      const replace = (node: LogicalPlan) => replaced.get(node.id);
      const compile = (node: LogicalPlan) =>
        compilePlan(node, resolveLeaf, this.session.analyzer.schemaOf, replace);
      const eventTimeStats: (EventTimeStats | undefined)[] = [];
      const ranWith: OperatorWatermarks[] = [];
      const observedMetrics: Record<string, Row> = {};
      // Bottom-up: a watermark operator's rows are kept to measure their event times; a stateful operator's
      // output replaces its subtree in what is compiled above it.
      for (const node of planNodes(plan)) {
        if (node.kind === "batchEvalUDF" && !replaced.has(node.id)) {
          replaced.set(node.id, await udfs.evaluate(node, compile(node.child)));
        }
        if (
          node.kind === "flatMapGroupsWithState" &&
          !isStreamingPlan(node) &&
          !node.spec.processor &&
          !replaced.has(node.id)
        ) {
          // A batch [flat]MapGroupsWithState under a stream (a stream-static join's static side): Spark runs the
          // batch side again in every micro-batch, the function once per group without state.
          const { sql, tables } = await flatMapGroupsWithStateOnBatch(
            this.session,
            node,
            compile(node.child),
          );
          this.watermarkTables.push(...tables);
          replaced.set(node.id, sql);
        }
        if (node.kind === "watermark" && this.watermarks.some((w) => w.id === node.id)) {
          const table = this.session.db.uniqueName("watermark_in");
          this.watermarkTables.push(table);
          this.session.db.exec(`CREATE TABLE ${quoteIdentifier(table)} AS ${compile(node.child)}`);
          eventTimeStats.push(this.eventTimeStatsOf(table, node));
          replaced.set(node.id, `SELECT * FROM ${quoteIdentifier(table)}`);
        }
        if (node.kind === "collectMetrics") {
          const table = this.session.db.uniqueName("observed_in");
          this.watermarkTables.push(table);
          this.session.db.exec(`CREATE TABLE ${quoteIdentifier(table)} AS ${compile(node.child)}`);
          observedMetrics[node.name] = observedMetricsOf(this.session.db, table, node, compile);
          replaced.set(node.id, `SELECT * FROM ${quoteIdentifier(table)}`);
        }
        const op = this.operators.find((o) => o.node.id === node.id);
        if (op) {
          const children = node.kind === "join" ? [node.left, node.right] : childrenOfPlan(node);
          const context = this.contextFor(
            op,
            metadata.batchTimestampMs,
            metadata.batchWatermarkMs,
            metadata.batchId,
          );
          ranWith.unshift({
            nodeId: node.id,
            operatorId: op.operatorId,
            lateEventsWatermarkMs: context.lateEventsWatermarkMs ?? 0,
            evictionWatermarkMs: context.evictionWatermarkMs ?? 0,
            produceOutputWatermark: (inputMs) =>
              op.produceOutputWatermark ? op.produceOutputWatermark(inputMs) : inputMs,
          });
          const judging = this.judgingContext(context, eventTimeStats);
          const output = await op.process(
            children.map(compile),
            writeOutput && node.id === plan.id ? { ...judging, outputAsQuery: true } : judging,
          );
          const select = "sql" in output ? output.sql : `SELECT * FROM ${quoteIdentifier(output.table)}`;
          replaced.set(node.id, select);
          operatorOutputs.set(select, output);
        }
      }
      const sql = compile(plan);
      // Where nothing is above the last stateful operator, its table is the batch's output as it is; its query
      // goes to the sink's table where the sink takes it, else into a table of the batch's.
      const operatorOutput = operatorOutputs.get(sql);
      let output = operatorOutput && "table" in operatorOutput ? operatorOutput : undefined;
      if (operatorOutput && !output) output = writeOutput?.(sql);
      if (!output) {
        const table = this.session.db.uniqueName("batch_out");
        this.previousOutput = table;
        output = {
          table,
          numRows: this.session.db.queryNumber(`CREATE TABLE ${quoteIdentifier(table)} AS ${sql}`),
        };
      }
      this.watermarkTracker.updateWatermark(
        eventTimeStats,
        this.watermarks.map((w) => w.delayMs),
      );
      this.previousBatchWatermarkMs = metadata.batchWatermarkMs;
      this.lastOperatorWatermarks = ranWith;
      return { ...output, eventTime: this.eventTimeProgress(eventTimeStats, metadata), observedMetrics };
    } catch (error) {
      throw translateDuckDBError(error);
    } finally {
      udfs.drop();
      for (const files of loaded.values()) this.session.files.dropTables(files.flatMap((f) => f.tables));
    }
  }

  /**
   * The batch history asks stateful operators for the rows the watermark judged, which reads their input again.
   * Where even the batch's earliest event time is past both thresholds (the late-events watermark, and this
   * batch's watermark plus the longest delay, past which no row is behind the max event time seen), no row can
   * be late or behind, and the question is not asked (bench P8). Only for a single stateful operator: its input
   * comes from this batch's watermark operators, while another operator's output can be older.
   */
  private judgingContext(
    context: BatchContext,
    stats: readonly (EventTimeStats | undefined)[],
  ): BatchContext {
    const { lateRows, lateEventsWatermarkMs: lateMs, evictionWatermarkMs } = context;
    if (!lateRows || lateMs === undefined || this.operators.length !== 1 || stats.length === 0)
      return context;
    const seen = stats.filter((s) => s !== undefined);
    // Without a row's event time (no rows, or only NULLs) nothing is judged either.
    const earliest = seen.length > 0 ? Math.min(...seen.map((s) => s.min)) : Number.POSITIVE_INFINITY;
    const behindMs = (evictionWatermarkMs ?? lateMs) + Math.max(0, ...this.watermarks.map((w) => w.delayMs));
    return earliest > lateMs && earliest >= behindMs ? { ...context, lateRows: undefined } : context;
  }

  /** Spark's `eventTime` progress: the first watermark operator's event times, and the batch's watermark. */
  private eventTimeProgress(
    stats: readonly (EventTimeStats | undefined)[],
    metadata: BatchMetadata,
  ): Record<string, string> {
    if (!this.hasWatermark) return {};
    const iso = (ms: number) => new Date(Math.floor(ms)).toISOString();
    const seen = stats.find((s) => s !== undefined);
    return {
      ...(seen ? { avg: iso(seen.avg), max: iso(seen.max), min: iso(seen.min) } : {}),
      watermark: iso(metadata.batchWatermarkMs),
    };
  }

  /** Min, max and average event time (epoch ms) of a watermark operator's rows, as Spark's EventTimeStats. */
  private eventTimeStatsOf(table: string, node: WatermarkNode): EventTimeStats | undefined {
    const field = node.schema.field(node.eventTime);
    const column = quoteIdentifier(field?.name ?? node.eventTime);
    const time = field?.dataType.simpleString().startsWith("struct") ? `${column}."end"` : column;
    const ms = `epoch_ms(CAST(${time} AS TIMESTAMP))`;
    const row = this.session.db
      .query(
        `SELECT count(${ms}) AS n, min(${ms}) AS lo, max(${ms}) AS hi, avg(${ms}) AS mean FROM ${quoteIdentifier(table)}`,
      )
      .get(0)!
      .toJSON();
    const count = Number(row.n);
    if (count === 0) return undefined;
    return { count, min: Number(row.lo), max: Number(row.hi), avg: Number(row.mean) };
  }

  /**
   * Writes each operator's state changes for `batchId`; returns Spark's stateOperators progress, top-down as
   * Spark lists them (the operator nearest the sink first).
   */
  async commit(batchId: number): Promise<StateOperatorProgress[]> {
    const out: StateOperatorProgress[] = [];
    for (const op of this.operators) out.push(await op.commit(batchId));
    return out.reverse();
  }

  /**
   * Spark's checks on event time when a batch is planned (with the default
   * spark.sql.streaming.statefulOperator.allowMultiple): a watermark may not be defined again above another
   * (checked once there is a watermark, as Spark's propagation), and a stateful operator's input carries at
   * most one event-time column.
   */
  private checkWatermarks(batchWatermarkMs: number): void {
    if (!this.hasWatermark) return;
    if (!this.session.conf.getBoolean("spark.sql.streaming.statefulOperator.allowMultiple")) return;
    if (batchWatermarkMs !== 0) checkWatermarkNotRedefined(this.plan);
    for (const op of this.operators) checkEventTimeColumns(op.node);
  }

  /** Forgets what a failed batch did to the in-memory state (the checkpoint never saw it). */
  discard(): void {
    for (const op of this.operators) op.discard();
  }

  close(): void {
    this.dropBatchTables();
    for (const op of this.operators) op.close();
  }

  /** The tables the last batch made here (operators drop their own). */
  private dropBatchTables(): void {
    const tables = this.watermarkTables.splice(0);
    if (this.previousOutput) tables.push(this.previousOutput);
    this.previousOutput = undefined;
    this.session.db.dropTablesLater(tables);
  }

  /** Static DataFrames joined with the stream are read again each batch, as Spark does. */
  private async loadStaticFiles(): Promise<Map<number, LoadedFile[]>> {
    const loaded = new Map<number, LoadedFile[]>();
    // A static table reads what the commands before this batch wrote.
    await this.session.commands.idle();
    for (const n of planNodes(this.plan)) {
      if (n.kind === "relation" && n.relation.type === "files") {
        const { format, options } = n.relation;
        if (format === "kafka") {
          const kafka = new KafkaRelation(this.session, options, (m) => this.session.write(`WARN ${m}`));
          loaded.set(n.id, [await kafka.loadedFile()]);
          continue;
        }
        const files = await relationFiles(
          this.session.fs,
          n.relation,
          this.session.conf.getBoolean("spark.sql.streaming.fileStreamSink.ignoreMetadata"),
        );
        loaded.set(
          n.id,
          await Promise.all(
            files.map((f) =>
              this.session.files.load(f.path, format as never, n.schema, options, f.partitionValues),
            ),
          ),
        );
      }
    }
    return loaded;
  }
}
