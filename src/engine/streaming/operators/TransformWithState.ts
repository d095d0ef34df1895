/**
 * Spark's TransformWithStateExec: in the first batch, handleInitialState runs for each key of the initial state;
 * the StatefulProcessor's handleInputRows runs once per group that has rows in the batch, then handleExpiredTimer for each of the group's timers that has passed; its state variables read
 * and write the group's state through a handle bound to the group (GroupsWithStateOperator.ts).
 */
import {
  cannotReInitializeStateOnKey,
  emittingRowsOlderThanWatermarkNotAllowed,
  stateStoreInvalidConfigAfterRestart,
  stateStoreInvalidVariableTypeChange,
} from "../../errors/QueryExecutionErrors";
import type { SparkSession } from "../../session/SparkSession";
import type { Row } from "../../sql/api/rows";
import { readOperatorMetadata } from "../../state/OperatorStateMetadata";
import { type CallOutcome, type GroupsNode, GroupsWithStateOperator } from "./GroupsWithStateOperator";
import type { BatchContext } from "./StatefulOperator";
import {
  type ExpiredTimerInfo,
  GroupBoundHandle,
  type ProcessorState,
  type StatefulProcessor,
  type StateVariableType,
  type TimeMode,
  type TimerValues,
} from "./StatefulProcessor";

/**
 * Spark's TransformWithStateOperatorProperties, kept in the operator's metadata: what a restart may not change.
 * Time and output modes are named as Spark prints them (`NoTime`, `Update`).
 */
export interface TransformWithStateOperatorProperties {
  timeMode: string;
  outputMode: string;
  stateVariables: { stateName: string; stateVariableType: StateVariableType }[];
}

const TIME_MODE_NAMES: Record<TimeMode, string> = {
  None: "NoTime",
  ProcessingTime: "ProcessingTime",
  EventTime: "EventTime",
};
const capitalized = (mode: string) => mode.charAt(0).toUpperCase() + mode.slice(1);

/** A key's row of the initial state, handed to `invoke` in place of stored state in the first batch. */
class InitialStateRow {
  constructor(readonly row: Row) {}
}

export class TransformWithState extends GroupsWithStateOperator {
  protected readonly timeoutDue = "<=";
  /** The processor and the handle its state variables read through. */
  private readonly processor: StatefulProcessor;
  private readonly handle: GroupBoundHandle;
  private readonly properties: TransformWithStateOperatorProperties;
  /** What `restore` found the checkpoint's properties forbid, raised by the next batch. */
  private restartError: Error | undefined;
  /** What the processor's `init` threw, raised by the first batch. */
  private readonly initError: Error | undefined;
  private timerProcessingTimeMs = 0;
  /** Until the run's first commit: where deleted state variables count (numDeletedStateVars). */
  private firstBatchOfRun = true;

  constructor(session: SparkSession, node: GroupsNode, operatorId: number, checkpoint: string) {
    // The processor is initialised before the operator's state store is created: its state variables are the
    // operator's properties.
    const processor = node.spec.processor!;
    const timeMode = node.spec.timeMode ?? "None";
    const handle = new GroupBoundHandle(timeMode);
    processor.setHandle(handle);
    handle.setHandleState("PRE_INIT");
    // Spark runs init in the batch's tasks: what it throws fails the first batch, not the query's start.
    let initError: Error | undefined;
    try {
      processor.init(handle, node.spec.outputMode, timeMode);
    } catch (error) {
      initError = error as Error;
    }
    handle.setHandleState("INITIALIZED");
    const properties: TransformWithStateOperatorProperties = {
      timeMode: TIME_MODE_NAMES[timeMode],
      outputMode: capitalized(node.spec.outputMode),
      stateVariables: [...handle.variables].map(([stateName, stateVariableType]) => ({
        stateName,
        stateVariableType,
      })),
    };
    super(session, node, operatorId, checkpoint, "transformWithStateExec", JSON.stringify(properties));
    this.processor = processor;
    this.handle = handle;
    this.properties = properties;
    this.initError = initError;
  }

  /**
   * Spark's TransformWithStateExec.validateNewMetadata: a restart keeps the checkpoint's output mode, time mode
   * and the kind of each state variable it already has (new variables may be added).
   */
  override async restore(version: number | undefined): Promise<void> {
    await super.restore(version);
    this.restartError = undefined;
    if (version === undefined) return;
    const stored = await readOperatorMetadata(this.session.fs, this.checkpoint, this.operatorId);
    if (!stored?.operatorProperties) return;
    const old = JSON.parse(stored.operatorProperties) as TransformWithStateOperatorProperties;
    const now = this.properties;
    if (old.outputMode !== now.outputMode) {
      this.restartError = stateStoreInvalidConfigAfterRestart("outputMode", old.outputMode, now.outputMode);
    } else if (old.timeMode !== now.timeMode) {
      this.restartError = stateStoreInvalidConfigAfterRestart("timeMode", old.timeMode, now.timeMode);
    } else {
      for (const { stateName, stateVariableType } of now.stateVariables) {
        const before = old.stateVariables.find((v) => v.stateName === stateName);
        if (before && before.stateVariableType !== stateVariableType) {
          this.restartError = stateStoreInvalidVariableTypeChange(
            stateName,
            stateVariableType,
            before.stateVariableType,
          );
          break;
        }
      }
    }
  }

  override verifyStateSchema(): void {
    if (this.initError) throw this.initError;
    if (this.restartError) throw this.restartError;
    super.verifyStateSchema();
  }

  /**
   * Spark's produceOutputWatermark for transformWithState: in processing time the output carries no event time
   * the watermark bounds; otherwise the input watermark (the processor may not emit rows behind it).
   */
  produceOutputWatermark(inputWatermarkMs: number): number | undefined {
    return this.node.spec.timeMode === "ProcessingTime" ? undefined : inputWatermarkMs;
  }

  /** The key's whole initial-state row, for handleInitialState. */
  protected override initialValue(row: Row, valueColumns: readonly string[]): unknown {
    return new InitialStateRow(Object.fromEntries(valueColumns.map((c) => [c, row[c]])));
  }

  /** Spark's processInitialStateRows: a key's state is initialised once. */
  protected override duplicateInitialKey(key: unknown[]): Error {
    return cannotReInitializeStateOnKey(key.length === 1 ? String(key[0]) : `[${key.join(",")}]`);
  }

  /**
   * Spark's TransformWithStateExec.shouldRunAnotherBatch: without a time mode too, a watermark that moved runs a
   * batch without data (so the operators after it see the new watermark).
   */
  override shouldRunAnotherBatch(newWatermarkMs: number, context: Omit<BatchContext, "batchId">): boolean {
    if (this.node.spec.timeMode !== "None") return super.shouldRunAnotherBatch(newWatermarkMs, context);
    return this.lastEvictionWatermarkMs !== undefined && newWatermarkMs > this.lastEvictionWatermarkMs;
  }

  /**
   * transformWithState's call: the group's rows, then each of its timers that has passed, oldest first. A fired
   * timer is deleted after its handler ran (the handler still lists it), as Spark's handleTimerRows.
   */
  protected async invoke(
    key: unknown[],
    rows: Row[],
    stored: unknown,
    timedOut: boolean,
    context: BatchContext,
  ): Promise<CallOutcome> {
    const { processor, handle } = this;
    const initial = stored instanceof InitialStateRow ? stored : undefined;
    handle.bind(initial ? undefined : (stored as ProcessorState | undefined));
    const timerValues: TimerValues = {
      getCurrentProcessingTimeInMs: () => context.batchTimestampMs,
      getCurrentWatermarkInMs: () => context.evictionWatermarkMs ?? 0,
    };
    const output: Row[] = [];
    handle.setHandleState("INITIALIZED");
    // Spark's processInitialStateRows: the key's initial state first; handleInputRows only for keys with rows.
    if (initial) await processor.handleInitialState(key, initial.row, timerValues);
    if (!timedOut && rows.length > 0) {
      output.push(...this.outputRows(await processor.handleInputRows(key, rows, timerValues)));
    }
    const threshold = this.timeoutThreshold(context);
    handle.setHandleState("DATA_PROCESSED");
    const started = performance.now();
    for (const expiry of handle.current()?.timers ?? []) {
      if (threshold === undefined || expiry > threshold) break;
      handle.metrics.numExpiredTimers += 1;
      const info: ExpiredTimerInfo = { getExpiryTimeInMs: () => expiry };
      output.push(...this.outputRows(await processor.handleExpiredTimer(key, timerValues, info)));
      handle.deleteTimer(expiry);
    }
    this.timerProcessingTimeMs += performance.now() - started;
    handle.setHandleState("INITIALIZED");
    this.checkEventTimes(output, context);
    const left = handle.current();
    return { output, value: left, timeoutMs: left?.timers[0] };
  }

  /**
   * Spark's EventTimeWatermarkExec after transformWithState (UpdateEventTimeColumnExec): with eventTimeColumnName,
   * an output row behind the batch's watermark would be late for the operators after, and fails the batch.
   */
  private checkEventTimes(output: readonly Row[], context: BatchContext): void {
    const column = this.node.spec.eventTimeColumnName;
    const watermarkMs = context.evictionWatermarkMs;
    if (column === undefined || watermarkMs === undefined) return;
    for (const row of output) {
      const value = row[column];
      if (value === null || value === undefined) continue;
      const eventTimeMs = value instanceof Date ? value.getTime() : Number(value);
      if (eventTimeMs < watermarkMs) {
        throw emittingRowsOlderThanWatermarkNotAllowed(watermarkMs, eventTimeMs * 1000);
      }
    }
  }

  /**
   * Spark's TransformWithStateExec custom metrics. `init` runs once per partition and batch in Spark, so each
   * state variable counts once per shuffle partition.
   */
  protected override customMetrics(): Record<string, number> {
    const partitions = this.session.conf.getNumber("spark.sql.shuffle.partitions");
    const count = (type: StateVariableType) =>
      this.properties.stateVariables.filter((v) => v.stateVariableType === type).length * partitions;
    return {
      numValueStateVars: count("ValueState"),
      numListStateVars: count("ListState"),
      numMapStateVars: count("MapState"),
      // Spark drops the variable's column family in each partition at the run's first batch.
      numDeletedStateVars: this.firstBatchOfRun ? this.handle.deleted.size * partitions : 0,
      timerProcessingTimeMs: Math.round(this.timerProcessingTimeMs),
      numRegisteredTimers: this.handle.metrics.numRegisteredTimers,
      numDeletedTimers: this.handle.metrics.numDeletedTimers,
      numExpiredTimers: this.handle.metrics.numExpiredTimers,
      numValueStateWithTTLVars: 0,
      numListStateWithTTLVars: 0,
      numMapStateWithTTLVars: 0,
      numValuesRemovedDueToTTLExpiry: 0,
    };
  }

  protected override resetMetrics(): void {
    super.resetMetrics();
    this.firstBatchOfRun = false;
    this.timerProcessingTimeMs = 0;
    this.handle.metrics = { numRegisteredTimers: 0, numDeletedTimers: 0, numExpiredTimers: 0 };
  }
}
