/**
 * Spark's FlatMapGroupsWithStateExec: the user's function runs once per group that has rows in the batch, then
 * once per group whose timeout has passed, with the group's GroupState (GroupsWithStateOperator.ts).
 */
import { SparkError } from "../../errors/exceptions";
import { flatMapGroupsWithStateUserFunctionError } from "../../errors/QueryExecutionErrors";
import type { SparkSession } from "../../session/SparkSession";
import type { Row } from "../../sql/api/rows";
import { GroupState } from "./GroupState";
import { type CallOutcome, type GroupsNode, GroupsWithStateOperator } from "./GroupsWithStateOperator";
import type { BatchContext } from "./StatefulOperator";

export class FlatMapGroupsWithState extends GroupsWithStateOperator {
  protected readonly timeoutDue = "<";

  constructor(session: SparkSession, node: GroupsNode, operatorId: number, checkpoint: string) {
    super(session, node, operatorId, checkpoint, "flatMapGroupsWithState");
  }

  /**
   * Spark's produceOutputWatermark for (flat)MapGroupsWithState: none, since the function may emit any event time
   * (the operators above see no watermark).
   */
  produceOutputWatermark(): number | undefined {
    return undefined;
  }

  /** flatMapGroupsWithState's call: the function with a GroupState. */
  protected async invoke(
    key: unknown[],
    rows: Row[],
    value: unknown,
    timedOut: boolean,
    context: BatchContext,
  ): Promise<CallOutcome> {
    const { spec } = this.node;
    const state = new GroupState(
      { exists: value !== undefined, value },
      spec.timeout,
      timedOut,
      context.batchTimestampMs,
      context.evictionWatermarkMs,
    );
    let output: Row[];
    try {
      output = this.outputRows(await spec.func!(key, rows, state));
    } catch (error) {
      // Spark's FlatMapGroupsWithStateUserFuncException: what the function threw, unless it has a condition.
      throw error instanceof SparkError && error.getCondition() !== undefined
        ? error
        : flatMapGroupsWithStateUserFunctionError(error);
    }
    return { output, ...state.outcome(), changed: state.isUpdated || state.isRemoved };
  }
}
