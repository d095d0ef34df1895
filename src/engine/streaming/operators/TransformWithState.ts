/**
 * Spark's TransformWithStateExec: the StatefulProcessor's handleInputRows runs once per group that has rows in
 * the batch, then handleExpiredTimer for each of the group's timers that has passed; its state variables read
 * and write the group's state through a handle bound to the group (GroupsWithStateOperator.ts).
 */
import type { SparkSession } from "../../session/SparkSession";
import type { Row } from "../../sql/api/rows";
import { type CallOutcome, type GroupsNode, GroupsWithStateOperator } from "./GroupsWithStateOperator";
import type { BatchContext } from "./StatefulOperator";
import {
  type ExpiredTimerInfo,
  GroupBoundHandle,
  type ProcessorState,
  type StatefulProcessor,
  type TimerValues,
} from "./StatefulProcessor";

export class TransformWithState extends GroupsWithStateOperator {
  protected readonly timeoutDue = "<=";
  /** The processor and the handle its state variables read through. */
  private readonly processor: StatefulProcessor;
  private readonly handle: GroupBoundHandle;

  constructor(session: SparkSession, node: GroupsNode, operatorId: number, checkpoint: string) {
    // The processor is initialised before the operator's state store is created.
    const processor = node.spec.processor!;
    const timeMode = node.spec.timeMode ?? "None";
    const handle = new GroupBoundHandle(timeMode);
    processor.init(handle, node.spec.outputMode, timeMode);
    super(session, node, operatorId, checkpoint, "transformWithStateExec");
    this.processor = processor;
    this.handle = handle;
  }

  /**
   * Spark's produceOutputWatermark for transformWithState: in processing time the output carries no event time
   * the watermark bounds; otherwise the input watermark (the processor may not emit rows behind it).
   */
  produceOutputWatermark(inputWatermarkMs: number): number | undefined {
    return this.node.spec.timeMode === "ProcessingTime" ? undefined : inputWatermarkMs;
  }

  /** transformWithState's call: the group's rows, then each of its timers that has passed, oldest first. */
  protected async invoke(
    key: unknown[],
    rows: Row[],
    stored: unknown,
    timedOut: boolean,
    context: BatchContext,
  ): Promise<CallOutcome> {
    const { processor, handle } = this;
    handle.bind(stored as ProcessorState | undefined);
    const timerValues: TimerValues = {
      getCurrentProcessingTimeInMs: () => context.batchTimestampMs,
      getCurrentWatermarkInMs: () => context.evictionWatermarkMs ?? 0,
    };
    const output: Row[] = [];
    if (!timedOut) output.push(...this.outputRows(await processor.handleInputRows(key, rows, timerValues)));
    const threshold = this.timeoutThreshold(context);
    const state = handle.current();
    for (const expiry of state?.timers ?? []) {
      if (threshold === undefined || expiry > threshold) break;
      handle.deleteTimer(expiry);
      const info: ExpiredTimerInfo = { getExpiryTimeInMs: () => expiry };
      output.push(...this.outputRows(await processor.handleExpiredTimer(key, timerValues, info)));
    }
    const left = handle.current();
    return { output, value: left, timeoutMs: left?.timers[0] };
  }
}
