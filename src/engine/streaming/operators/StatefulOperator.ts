/**
 * What every stateful streaming operator (aggregation, deduplication, stream-stream join, flatMapGroupsWithState)
 * offers the incremental execution: turn a batch's input into output through state, commit the state as of the
 * batch, report Spark's stateOperators progress, and say whether a batch without data is worth running.
 */
import type { DuckDB } from "../../duckdb/DuckDB";
import {
  stateStoreInvalidProvider,
  stateStoreUnsupportedOperationBinaryInequality,
} from "../../errors/QueryExecutionErrors";
import { joinPath } from "../../io/FileSystem";
import type { SparkSession } from "../../session/SparkSession";
import { dataTypeToJson } from "../../sql/dataTypeJson";
import type { LogicalPlan } from "../../sql/plan";
import { isBinaryStable, type StructType } from "../../sql/types";
import type { OperatorMetadataWriter } from "../../state/OperatorStateMetadata";
import { type StateColumn, StateStore, type StateStoreMetrics } from "../../state/StateStore";
import type { StateOperatorProgress } from "../runtime/progress";

/** Spark's OffsetSeqMetadata as a batch's operators see it. */
export interface BatchContext {
  readonly batchId: number;
  /** Processing time of the batch (trigger start), for processing-time timeouts and current_timestamp. */
  readonly batchTimestampMs: number;
  /**
   * Rows at or before this are late and dropped: the previous batch's watermark (Spark's
   * eventTimeWatermarkForLateEvents). Undefined where the query has no watermark.
   */
  readonly lateEventsWatermarkMs: number | undefined;
  /** State at or before this is evicted and windows up to it are closed: this batch's watermark. */
  readonly evictionWatermarkMs: number | undefined;
  /** Where the batch history is recorded: the rows operators judge against the watermark. */
  readonly lateRows?: LateRowsRecorder;
  /**
   * Set for the operator at the plan's root: it may answer with its output as a query (`BatchQuery`), which the
   * execution writes once, straight where it goes (a complete-mode memory sink's table), instead of into a table
   * of the operator's that the sink would copy (a statement less per trigger, bench P2).
   */
  readonly outputAsQuery?: boolean;
}

/** The batch history's hook in stateful operators: rows judged by the watermark, as SQL over the input's columns. */
export interface LateRowsRecorder {
  /**
   * The rows of `from` (read as `columns`) that `late` drops as late by `watermarkMs`, and those `behind` marks
   * as behind the max event time seen before the batch but still let through.
   */
  judged(columns: string, from: string, late: string, behind: string | undefined, watermarkMs: number): void;
}

/**
 * Gives the batch history the rows of `from` (a table or subquery, read as `columns`) that `late` drops and that
 * `behind` marks as out of order but kept; called before the late rows are deleted. Nothing runs unless recording.
 */
export function recordLateRows(
  context: BatchContext,
  columns: string,
  from: string,
  late: string,
  behind: string | undefined,
): void {
  const watermarkMs = context.lateEventsWatermarkMs;
  if (watermarkMs !== undefined) context.lateRows?.judged(columns, from, late, behind, watermarkMs);
}

/**
 * The watermark that the max event time seen before the batch is `delay` ahead of: this batch's own (the late-events
 * watermark is one batch older), so rows behind it but kept are the batch's out-of-order rows.
 */
export function outOfOrderWatermarkMs(context: BatchContext): number {
  return context.evictionWatermarkMs ?? context.lateEventsWatermarkMs ?? 0;
}

export interface StatefulOperator {
  readonly node: LogicalPlan;
  readonly operatorId: number;
  /**
   * Runs one batch: `inputs` are SELECTs over the operator's children (one, two for a join). Returns the DuckDB
   * table holding the output, valid until the next batch (or, where `context.outputAsQuery`, a query giving it).
   */
  process(inputs: readonly string[], context: BatchContext): Promise<BatchTable | BatchQuery>;
  /** Rebuilds state as of a committed batch (undefined: a new query). */
  restore(version: number | undefined): Promise<void>;
  /**
   * Throws where `restore` found state written with other key or value columns: as Spark, the query fails at
   * its first batch, not at start.
   */
  verifyStateSchema?(): void;
  /** Writes the batch's state changes; returns the operator's progress. */
  commit(batchId: number): Promise<StateOperatorProgress>;
  /** Forgets what a failed batch did. */
  discard(): void;
  close(): void;
  /** Spark's shouldRunAnotherBatch: whether the new watermark (or the clock) gives this operator work. */
  shouldRunAnotherBatch(newWatermarkMs: number, context: Omit<BatchContext, "batchId">): boolean;
  /**
   * Spark's produceOutputWatermark: the watermark the operators above this one get from it, given its input
   * watermark (the operator emits no row older than it); undefined where its output carries no event time the
   * watermark bounds. Absent: the input watermark, handed on as it is.
   */
  produceOutputWatermark?(inputWatermarkMs: number): number | undefined;
}

/** A DuckDB table one batch made, and its row count (known from the statement that filled it). */
export interface BatchTable {
  readonly table: string;
  readonly numRows: number;
  /** Every row as DuckDB's Arrow IPC stream, where whoever wrote the table read it back in the same call. */
  readonly ipc?: Uint8Array;
}

/**
 * An operator's output as a query over tables that stay as they are until the batch's output is written (a
 * complete-mode aggregation's state): no table of its own (see BatchContext.outputAsQuery).
 */
export interface BatchQuery {
  readonly sql: string;
}

/** Spark's StateOperatorProgress from a store's metrics. */
export function stateOperatorProgress(
  operatorName: string,
  metrics: StateStoreMetrics,
  numRowsDroppedByWatermark: number,
  numShufflePartitions: number,
  customMetrics: Record<string, number> = {},
  /** State stores per partition: 1, or 4 for a stream-stream join (two per side, as Spark's join keeps). */
  storesPerPartition = 1,
): StateOperatorProgress {
  return {
    operatorName,
    numRowsTotal: metrics.numRowsTotal,
    numRowsUpdated: metrics.numRowsUpdated,
    allUpdatesTimeMs: metrics.allUpdatesTimeMs,
    numRowsRemoved: metrics.numRowsRemoved,
    allRemovalsTimeMs: metrics.allRemovalsTimeMs,
    commitTimeMs: metrics.commitTimeMs,
    memoryUsedBytes: metrics.memoryUsedBytes,
    numRowsDroppedByWatermark,
    numShufflePartitions,
    numStateStoreInstances: numShufflePartitions * storesPerPartition,
    customMetrics,
  };
}

/**
 * Sluice has one state store, whichever provider spark.sql.streaming.stateStore.providerClass names; as Spark's
 * StateStoreProvider.create when a batch first opens its stores, a class that is no provider fails the batch (one
 * named `…StateStoreProvider`, as Spark's HDFSBacked and RocksDB ones and vendors' own, is taken for one).
 */
export function checkStateStoreProvider(session: SparkSession): void {
  const providerClass = session.conf.get("spark.sql.streaming.stateStore.providerClass").trim();
  if (!providerClass.endsWith("StateStoreProvider")) throw stateStoreInvalidProvider(providerClass);
}

/** An operator's state store under `<checkpoint>/state/<operatorId>[/<storeName>]`, with the session's settings. */
export function createStateStore(
  session: SparkSession,
  checkpoint: string,
  operatorId: number,
  columns: readonly StateColumn[],
  storeName?: string,
): StateStore {
  const dir = joinPath(checkpoint, "state", String(operatorId));
  return new StateStore(session.db, session.fs, storeName ? joinPath(dir, storeName) : dir, columns, {
    minDeltasForSnapshot: session.conf.getNumber("spark.sql.streaming.stateStore.minDeltasForSnapshot"),
    minBatchesToRetain: session.conf.getNumber("spark.sql.streaming.minBatchesToRetain"),
  });
}

/** The DuckDB tables one batch of an operator creates, dropped when the next batch starts or the query stops. */
export class BatchTables {
  private readonly names: string[] = [];

  constructor(private readonly db: DuckDB) {}

  /** A fresh table name, dropped with the batch. */
  create(prefix: string): string {
    const name = this.db.uniqueName(prefix);
    this.names.push(name);
    return name;
  }

  dropAll(): void {
    this.db.dropTablesLater(this.names.splice(0));
  }
}

/**
 * An operator keeping one state store: restore, commit (with Spark's progress), discard and close, shared.
 * Subclasses run the batches and count what they drop.
 */
export abstract class SingleStoreOperator implements StatefulOperator {
  abstract readonly store: StateStore;
  protected abstract readonly metadata: OperatorMetadataWriter;
  protected readonly tables: BatchTables;
  /** Late rows dropped in the batch (Spark's numRowsDroppedByWatermark). */
  protected droppedByWatermark = 0;
  /** What `restore` found wrong with the checkpoint's state columns, raised by the next batch. */
  private stateSchemaError: Error | undefined;

  constructor(
    protected readonly session: SparkSession,
    readonly node: LogicalPlan,
    readonly operatorId: number,
    /** Spark's name for the operator in progress reports. */
    protected readonly operatorName: string,
  ) {
    this.tables = new BatchTables(session.db);
  }

  abstract process(inputs: readonly string[], context: BatchContext): Promise<BatchTable | BatchQuery>;

  abstract shouldRunAnotherBatch(newWatermarkMs: number, context: Omit<BatchContext, "batchId">): boolean;

  async restore(version: number | undefined): Promise<void> {
    this.stateSchemaError =
      version !== undefined && this.session.conf.getBoolean("spark.sql.streaming.stateStore.stateSchemaCheck")
        ? await this.metadata.incompatibility()
        : undefined;
    // State in other columns cannot be loaded; the first batch raises the error instead.
    if (!this.stateSchemaError) await this.store.load(version);
  }

  verifyStateSchema(): void {
    if (this.keySchemaError) throw this.keySchemaError;
    if (this.stateSchemaError) throw this.stateSchemaError;
  }

  /** Set where a state key column's collation does not compare by bytes (see `checkKeyCollations`). */
  protected keySchemaError: Error | undefined;

  /**
   * Spark's StateSchemaCompatibilityChecker.disallowBinaryInequalityColumn (SPARK-47776): a state store finds
   * keys by their bytes, so a key column collated UTF8_LCASE or UNICODE fails the query's first batch with
   * STATE_STORE_UNSUPPORTED_OPERATION_BINARY_INEQUALITY.
   */
  protected checkKeyCollations(keySchema: StructType): void {
    if (!isBinaryStable(keySchema))
      this.keySchemaError = stateStoreUnsupportedOperationBinaryInequality(
        JSON.stringify(dataTypeToJson(keySchema)),
      );
  }

  async commit(batchId: number): Promise<StateOperatorProgress> {
    await this.metadata.ensure();
    const metrics = await this.store.commit(batchId);
    const progress = stateOperatorProgress(
      this.operatorName,
      metrics,
      this.droppedByWatermark,
      this.session.conf.getNumber("spark.sql.shuffle.partitions"),
      this.customMetrics(),
    );
    this.resetMetrics();
    return progress;
  }

  discard(): void {
    this.store.discard();
    this.resetMetrics();
  }

  close(): void {
    this.tables.dropAll();
    this.store.drop();
  }

  /** Spark's customMetrics of the operator for the batch. */
  protected customMetrics(): Record<string, number> {
    return {};
  }

  protected resetMetrics(): void {
    this.droppedByWatermark = 0;
  }
}
