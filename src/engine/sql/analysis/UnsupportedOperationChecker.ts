/**
 * Spark's UnsupportedOperationChecker (Spark 4): refuses, before anything runs, the streaming queries Structured
 * Streaming cannot run incrementally, with Spark's messages.
 */

import type { AnalysisException } from "../../errors";
import {
  continuousProcessingUnsupported,
  sourceNotSupportedWithContinuousTrigger,
  unsupportedOutputModeForStreamingOperation,
  unsupportedStreamingOperation,
} from "../../errors/QueryCompilationErrors";
import { sessionWindowKey } from "../../streaming/operators/SessionWindowAggregate";
import { checkStreamStreamJoin } from "../../streaming/operators/StreamingJoinHelper";
import { eventTimeColumns } from "../../streaming/runtime/EventTimeWatermark";
import type { OutputMode } from "../../streaming/runtime/OutputMode";
import type { Trigger } from "../../streaming/runtime/Trigger";
import { anyExpression, stripAlias } from "../expressions";
import { isStreamingPlan, type LogicalPlan, planNodes } from "../plan";
import { sameName } from "../types";
import { operatorExpressions } from "./Analyzer";

/** Spark's `_LEGACY_ERROR_TEMP_3102`: the message itself, then `;` and the plan (left out here). */
function streamingError(message: string): AnalysisException {
  return unsupportedStreamingOperation(message);
}

const modeName = (mode: OutputMode) => `${mode[0].toUpperCase()}${mode.slice(1)}`;

/** Spark's `Aggregate` nodes, with `distinct()` counted as one (it becomes an aggregation over every column). */
function streamingAggregates(plan: LogicalPlan): LogicalPlan[] {
  return planNodes(plan).filter(
    (n) => (n.kind === "aggregate" || n.kind === "distinct") && isStreamingPlan(n),
  );
}

/** Whether a streaming plan aggregates (where output modes differ, and complete mode is allowed). */
export function hasStreamingAggregation(plan: LogicalPlan): boolean {
  return streamingAggregates(plan).length > 0;
}

/** Whether an aggregation groups by a column carrying event time (what append mode waits on). */
function groupsByEventTime(node: LogicalPlan): boolean {
  if (node.kind === "distinct") return eventTimeColumns(node.child).length > 0;
  if (node.kind !== "aggregate") return false;
  const marked = eventTimeColumns(node.child);
  return node.groupBy.some((g) => {
    const e = stripAlias(g);
    return e.kind === "column" && e.parts.length === 1 && marked.some((m) => sameName(m.name, e.parts[0]));
  });
}

function isStatefulOperation(node: LogicalPlan): boolean {
  if (!isStreamingPlan(node)) return false;
  switch (node.kind) {
    case "aggregate":
    case "distinct":
      return true;
    case "join":
      return isStreamingPlan(node.left) && isStreamingPlan(node.right);
    case "flatMapGroupsWithState":
      return true;
    case "deduplicate":
      if (node.withinWatermark) return true;
      return eventTimeColumns(node.child).some((c) => node.keys.some((k) => sameName(k, c.name)));
    default:
      return false;
  }
}

/** Spark's ifCannotBeFollowedByStatefulOperation: outputs rows a later stateful operator could see as late. */
function cannotBeFollowedByStatefulOperation(node: LogicalPlan, outputMode: OutputMode): boolean {
  if (!isStreamingPlan(node)) return false;
  if (node.kind === "flatMapGroupsWithState")
    return node.spec.timeout === "EventTimeTimeout" && node.spec.apiName !== "transformWithState";
  return (node.kind === "aggregate" || node.kind === "distinct") && outputMode !== "append";
}

/** The Spark name of a plan node, for "Continuous processing does not support X operations". */
const SPARK_NODE_NAMES: Record<string, string> = {
  aggregate: "Aggregate",
  distinct: "Aggregate",
  join: "Join",
  union: "Union",
  sort: "Sort",
  limit: "GlobalLimit",
  deduplicate: "Deduplicate",
  watermark: "EventTimeWatermark",
  flatMapGroupsWithState: "FlatMapGroupsWithState",
};

export function checkStreamingQuery(plan: LogicalPlan, outputMode: OutputMode, trigger: Trigger): void {
  if (!isStreamingPlan(plan)) {
    throw streamingError("Queries without streaming sources cannot be executed with writeStream.start()");
  }
  const aggregates = streamingAggregates(plan);
  // Spark collects top-down: the first is the outermost aggregation.
  const outermost = aggregates.at(-1);
  if (outermost) {
    if (outputMode === "append" && !groupsByEventTime(outermost)) {
      throw unsupportedOutputModeForStreamingOperation(
        outputMode,
        "streaming aggregations without watermark",
      );
    }
    if (
      outputMode === "update" &&
      outermost.kind === "aggregate" &&
      sessionWindowKey(outermost) !== undefined
    ) {
      throw streamingError(
        "Update output mode not supported for session window on streaming DataFrames/DataSets",
      );
    }
  } else if (outputMode === "complete") {
    throw streamingError(
      "Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets",
    );
  }

  checkGroupsWithState(plan, outputMode, aggregates.length > 0);
  const nodes = planNodes(plan);
  for (const node of nodes) {
    const streaming = isStreamingPlan(node);
    switch (node.kind) {
      case "aggregate":
        if (
          isStreamingPlan(node.child) &&
          node.aggregates.some((e) => anyExpression(e, (x) => x.kind === "call" && x.distinct === true))
        ) {
          throw streamingError(
            "Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using approx_count_distinct() instead.",
          );
        }
        break;
      case "join":
        checkJoin(node, outputMode);
        break;
      case "deduplicate":
        if (node.withinWatermark && streaming && eventTimeColumns(node.child).length === 0) {
          throw streamingError(
            "dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark",
          );
        }
        break;
      case "union":
        if (isStreamingPlan(node.left) !== isStreamingPlan(node.right)) {
          throw streamingError("Union between streaming and batch DataFrames/Datasets is not supported");
        }
        break;
      case "offset":
        if (isStreamingPlan(node.child))
          throw streamingError("Offset is not supported on streaming DataFrames/Datasets");
        break;
      case "limit":
        if (isStreamingPlan(node.child) && outputMode === "update") {
          throw streamingError(
            "Limits are not supported on streaming DataFrames/Datasets in Update output mode",
          );
        }
        break;
      case "sort": {
        const completeData =
          !streaming || (streamingAggregates(node).length > 0 && outputMode === "complete");
        if (!completeData) {
          throw streamingError(
            "Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode",
          );
        }
        break;
      }
      default:
        break;
    }
    if (streaming) checkExpressions(node);
  }

  // Spark's checkStreamingQueryGlobalWatermarkLimit (spark.sql.streaming.statefulOperator.checkCorrectness.enabled).
  for (const node of nodes) {
    if (!isStatefulOperation(node)) continue;
    const below = planNodes(node).filter((n) => n !== node);
    if (below.some((n) => cannotBeFollowedByStatefulOperation(n, outputMode))) {
      throw streamingError(
        "Detected pattern of possible 'correctness' issue due to global watermark. The query contains stateful operation which can emit rows older than the current watermark plus allowed late record delay, which are \"late rows\" in downstream stateful operations and these rows can be discarded. Please refer the programming guide doc for more details. If you understand the possible risk of correctness issue and still need to run the query, you can disable this check by setting the config `spark.sql.streaming.statefulOperator.checkCorrectness.enabled` to false.",
      );
    }
  }

  if (trigger.kind === "continuous") checkForContinuous(plan);
}

type GroupsNode = Extract<LogicalPlan, { kind: "flatMapGroupsWithState" }>;

/** Spark's rules for [flatMap|map]GroupsWithState and applyInPandasWithState. */
function checkGroupsWithState(plan: LogicalPlan, outputMode: OutputMode, hasAggregation: boolean): void {
  const all = planNodes(plan).filter(
    (n): n is GroupsNode => n.kind === "flatMapGroupsWithState" && isStreamingPlan(n),
  );
  const maps = all.filter((n) => n.spec.apiName === "mapGroupsWithState");
  const flatMaps = all.filter((n) => n.spec.apiName === "flatMapGroupsWithState");
  const pandas = all.filter((n) => n.spec.apiName === "applyInPandasWithState");
  if (maps.length >= 2)
    throw streamingError("Multiple mapGroupsWithStates are not supported on a streaming DataFrames/Datasets");
  if (maps.length > 0 && flatMaps.length > 0)
    throw streamingError(
      "Mixing mapGroupsWithStates and flatMapGroupsWithStates are not supported on a streaming DataFrames/Datasets",
    );
  if (
    flatMaps.length >= 2 &&
    (outputMode !== "append" || flatMaps.some((n) => n.spec.outputMode !== "append"))
  )
    throw streamingError(
      "Multiple flatMapGroupsWithStates are not supported when they are not all in append mode or the output mode is not append on a streaming DataFrames/Datasets",
    );
  if (pandas.length > 1)
    throw streamingError(
      "Multiple applyInPandasWithStates are not supported on a streaming DataFrames/Datasets",
    );
  for (const node of all) {
    const { apiName, outputMode: opMode, timeout } = node.spec;
    if (node.spec.initialState?.df.isStreaming)
      throw streamingError(
        "Non-streaming DataFrame/Dataset is not supported as the initial state in [flatMap|map]GroupsWithState operation on a streaming DataFrame/Dataset",
      );
    if (apiName === "mapGroupsWithState") {
      if (hasAggregation)
        throw streamingError(
          "mapGroupsWithState is not supported with aggregation on a streaming DataFrame/Dataset",
        );
      if (outputMode !== "update")
        throw streamingError(
          `mapGroupsWithState is not supported with ${modeName(outputMode)} output mode on a streaming DataFrame/Dataset`,
        );
    } else if (!hasAggregation) {
      // Spark's checker holds transformWithState's own output mode to nothing: only its restarts compare it.
      if (opMode !== outputMode && apiName !== "transformWithState")
        throw streamingError(
          `${apiName} in ${opMode} mode is not supported with ${modeName(outputMode)} output mode on a streaming DataFrame/Dataset`,
        );
    } else if (opMode === "update") {
      throw streamingError(
        `${apiName} in update mode is not supported with aggregation on a streaming DataFrame/Dataset`,
      );
    } else if (apiName === "applyInPandasWithState" && streamingAggregates(node).length > 0) {
      throw streamingError(
        "applyInPandasWithState in append mode is not supported after aggregation on a streaming DataFrame/Dataset",
      );
    }
    if (timeout === "EventTimeTimeout" && eventTimeColumns(node.child).length === 0) {
      if (apiName === "transformWithState") {
        throw streamingError(
          "Watermark must be specified in the query using '[Dataset/DataFrame].withWatermark()' for using event-time timers in transformWithState. Event-time timers not supported without watermark.",
        );
      }
      const where =
        apiName === "applyInPandasWithState" ? "a applyInPandasWithState" : "a [map|flatMap]GroupsWithState";
      throw streamingError(
        `Watermark must be specified in the query using '[Dataset/DataFrame].withWatermark()' for using event-time timeout in ${where}. Event-time timeout not supported without watermark.`,
      );
    }
  }
}

function checkJoin(node: Extract<LogicalPlan, { kind: "join" }>, outputMode: OutputMode): void {
  const left = isStreamingPlan(node.left);
  const right = isStreamingPlan(node.right);
  if (left && right && outputMode !== "append") {
    throw streamingError(
      `Join between two streaming DataFrames/Datasets is not supported in ${modeName(outputMode)} output mode, only in Append output mode`,
    );
  }
  switch (node.how) {
    case "inner":
    case "cross":
      return;
    case "full":
      if (left && !right)
        throw streamingError(
          "FullOuter joins with streaming DataFrames/Datasets on the left and a static DataFrame/Dataset on the right is not supported",
        );
      if (!left && right)
        throw streamingError(
          "FullOuter joins with streaming DataFrames/Datasets on the right and a static DataFrame/Dataset on the left is not supported",
        );
      if (left && right) checkStreamStreamJoin(node);
      return;
    case "left_anti":
      if (right)
        throw streamingError(
          "LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported",
        );
      return;
    case "left":
    case "left_semi": {
      const name = node.how === "left" ? "LeftOuter" : "LeftSemi";
      if (!left && right)
        throw streamingError(
          `${name} join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported`,
        );
      if (left && right) checkStreamStreamJoin(node);
      return;
    }
    case "right":
      if (left && !right)
        throw streamingError(
          "RightOuter join with a streaming DataFrame/Dataset on the left and a static DataFrame/DataSet on the right not supported",
        );
      if (left && right) checkStreamStreamJoin(node);
      return;
  }
}

function checkExpressions(node: LogicalPlan): void {
  if (
    operatorExpressions(node).some((e) =>
      anyExpression(e, (x) => x.kind === "call" && x.name === "monotonically_increasing_id"),
    )
  ) {
    throw streamingError(
      "Expression(s): monotonically_increasing_id() is not supported with streaming DataFrames/Datasets",
    );
  }
}

/** Spark's checkForContinuous: only map-like operators, and no current time. */
function checkForContinuous(plan: LogicalPlan): void {
  for (const node of planNodes(plan)) {
    if (!["relation", "project", "filter", "alias"].includes(node.kind)) {
      throw streamingError(
        `Continuous processing does not support ${SPARK_NODE_NAMES[node.kind] ?? node.kind} operations.`,
      );
    }
    const currentTime = operatorExpressions(node).some((e) =>
      anyExpression(
        e,
        (x) =>
          x.kind === "call" &&
          ["current_timestamp", "current_date", "now", "localtimestamp", "unix_timestamp"].includes(x.name) &&
          (x.name !== "unix_timestamp" || x.args.length === 0),
      ),
    );
    if (currentTime) throw streamingError("Continuous processing does not support current time operations.");
  }
}

/** Continuous processing reads from rate and memory streams and writes to memory, console and noop sinks. */
export function checkContinuousIO(plan: LogicalPlan, sinkFormat: string): void {
  for (const node of planNodes(plan)) {
    if (node.kind !== "relation" || node.relation.type !== "stream") continue;
    const { format } = node.relation.source;
    // As Spark's: rate, Kafka and socket sources have continuous readers.
    if (!["rate", "memory", "kafka", "socket"].includes(format)) {
      throw continuousProcessingUnsupported(format);
    }
  }
  if (sinkFormat === "foreachBatch") {
    throw sourceNotSupportedWithContinuousTrigger(sinkFormat);
  }
  if (!["memory", "console", "noop", "foreach", "kafka"].includes(sinkFormat)) {
    throw continuousProcessingUnsupported(sinkFormat);
  }
}
