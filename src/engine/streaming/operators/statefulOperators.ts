/** Which plan nodes of a streaming query keep state across batches, and the operator that runs each. */
import type { SparkSession } from "../../session/SparkSession";
import { sqlColumnNames } from "../../sql/analysis/columnResolution";
import type { Expression } from "../../sql/expressions";
import { isStreamingPlan, type LogicalPlan, planNodes } from "../../sql/plan";
import type { OutputMode } from "../runtime/OutputMode";
import { FlatMapGroupsWithState } from "./FlatMapGroupsWithState";
import { SessionWindowAggregate, sessionWindowKey } from "./SessionWindowAggregate";
import { StatefulAggregate } from "./StatefulAggregate";
import type { StatefulOperator } from "./StatefulOperator";
import { StreamingDeduplicate } from "./StreamingDeduplicate";
import { StreamingGlobalLimit } from "./StreamingGlobalLimit";
import { StreamingSymmetricHashJoin } from "./StreamingSymmetricHashJoin";
import { TransformWithState } from "./TransformWithState";

/** Whether a node keeps state across the batches of a query in this output mode. */
export function isStatefulNode(node: LogicalPlan, outputMode: OutputMode): boolean {
  if (!isStreamingPlan(node)) return false;
  switch (node.kind) {
    case "aggregate":
    case "deduplicate":
    case "distinct":
    case "flatMapGroupsWithState":
      return true;
    case "limit":
      // Spark's StreamingGlobalLimitStrategy: a limit over input that only appends (append mode, or no stateful
      // operator below it, as a limit before an aggregation in complete mode: SPARK-30658) counts rows across
      // batches; above an aggregation in complete mode it limits each whole result.
      return outputMode === "append" || !planNodes(node.child).some((n) => isStatefulNode(n, outputMode));
    case "join":
      return isStreamingPlan(node.left) && isStreamingPlan(node.right);
    default:
      return false;
  }
}

/** The stateful operator for a node, or undefined where the node is stateless in a micro-batch. */
export function createStatefulOperator(
  session: SparkSession,
  node: LogicalPlan,
  operatorId: number,
  checkpoint: string,
  outputMode: OutputMode,
): StatefulOperator | undefined {
  if (!isStatefulNode(node, outputMode)) return undefined;
  switch (node.kind) {
    case "aggregate":
      return sessionWindowKey(node) !== undefined
        ? new SessionWindowAggregate(session, node, operatorId, checkpoint, outputMode)
        : new StatefulAggregate(session, node, operatorId, checkpoint, outputMode);
    case "deduplicate":
      return new StreamingDeduplicate(session, node, operatorId, checkpoint);
    case "distinct":
      // Spark runs a streaming distinct as an aggregation grouped by every column.
      return new StatefulAggregate(session, distinctAsAggregate(node), operatorId, checkpoint, outputMode);
    case "limit":
      // The limit applies to the stream as a whole.
      return new StreamingGlobalLimit(session, node, operatorId, checkpoint);
    case "flatMapGroupsWithState":
      return node.spec.processor
        ? new TransformWithState(session, node, operatorId, checkpoint)
        : new FlatMapGroupsWithState(session, node, operatorId, checkpoint);
    case "join":
      return new StreamingSymmetricHashJoin(session, node, operatorId, checkpoint);
    default:
      return undefined;
  }
}

/** `distinct()` as the aggregation Spark makes of it: grouped by every column, no aggregate functions. */
function distinctAsAggregate(
  node: Extract<LogicalPlan, { kind: "distinct" }>,
): Extract<LogicalPlan, { kind: "aggregate" }> {
  const columns: Expression[] = sqlColumnNames(node.child.schema).map((n) => ({
    kind: "column",
    parts: [n],
  }));
  return {
    kind: "aggregate",
    id: node.id,
    child: node.child,
    groupBy: columns,
    aggregates: columns,
    schema: node.schema,
  };
}
