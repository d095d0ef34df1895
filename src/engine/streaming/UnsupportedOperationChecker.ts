/**
 * Spark's UnsupportedOperationChecker: refuses, before anything runs, the streaming queries Structured
 * Streaming cannot run incrementally, with Spark's messages.
 */
import { AnalysisException } from "../sql/errors";
import { anyExpression } from "../sql/expressions";
import { type LogicalPlan, planNodes } from "../sql/plan";
import type { OutputMode } from "./OutputMode";
import type { Trigger } from "./Trigger";

function streamingError(message: string, errorClass?: string): AnalysisException {
  return new AnalysisException(message, errorClass);
}

const isStreamingSubtree = (plan: LogicalPlan): boolean =>
  planNodes(plan).some((n) => n.kind === "relation" && n.isStreaming);

export function hasWatermark(plan: LogicalPlan): boolean {
  return planNodes(plan).some((n) => n.kind === "watermark");
}

export function checkStreamingQuery(plan: LogicalPlan, outputMode: OutputMode, trigger: Trigger): void {
  const nodes = planNodes(plan).filter(isStreamingSubtree);
  const aggregates = nodes.filter((n) => n.kind === "aggregate");

  for (const agg of aggregates) {
    if (agg.kind !== "aggregate") continue;
    const distinct = agg.aggregates.some((e) =>
      anyExpression(e, (x) => x.kind === "call" && x.distinct === true),
    );
    if (distinct) {
      throw streamingError(
        "Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using approx_count_distinct() instead.",
      );
    }
  }
  if (aggregates.length > 1) {
    throw streamingError(
      "Multiple streaming aggregations are not supported with streaming DataFrames/Datasets;",
    );
  }
  const aggregate = aggregates[0];

  if (trigger.kind === "continuous") {
    const unsupported = nodes.find((n) => !["relation", "project", "filter", "alias"].includes(n.kind));
    if (unsupported) {
      throw streamingError(
        `Continuous processing does not support ${unsupported.kind === "aggregate" ? "Aggregate" : unsupported.kind} operations.`,
      );
    }
  }

  if (outputMode === "complete" && !aggregate) {
    throw streamingError(
      "Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets;",
    );
  }
  if (outputMode === "append" && aggregate && !hasWatermark(plan)) {
    throw streamingError(
      "Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark;",
    );
  }

  for (const node of nodes) {
    if (node.kind === "sort") {
      const afterAggregate = aggregate !== undefined && planNodes(node.child).includes(aggregate);
      if (!(afterAggregate && outputMode === "complete")) {
        throw streamingError(
          "Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode;",
        );
      }
    }
    if (node.kind === "limit" && outputMode === "update") {
      throw streamingError(
        "Limits are not supported on streaming DataFrames/Datasets in Update output mode;",
      );
    }
    if (node.kind === "distinct" && aggregate) {
      throw streamingError(
        "Multiple streaming aggregations are not supported with streaming DataFrames/Datasets;",
      );
    }
    if (node.kind === "deduplicate" && aggregate && planNodes(node).includes(aggregate)) {
      throw streamingError(
        "dropDuplicates is not supported after aggregation on a streaming DataFrame/Dataset;",
      );
    }
  }
}
