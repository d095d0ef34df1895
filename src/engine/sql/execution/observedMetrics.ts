/**
 * An `observe` operator's metrics (Spark's CollectMetrics): its aggregates over the rows that passed it, one row
 * named as Spark names it. Streaming queries report them per micro-batch; a batch action fills an Observation.
 */
import type { DuckDB } from "../../duckdb/DuckDB";
import { type Row, toRowArrays, withRowSchema } from "../api/rows";
import { type LogicalPlan, newPlanId } from "../plan";

export type CollectMetricsNode = Extract<LogicalPlan, { kind: "collectMetrics" }>;

/** The metrics of `node` over the rows in DuckDB table `table`, compiled by `compile`. */
export function observedMetricsOf(
  db: DuckDB,
  table: string,
  node: CollectMetricsNode,
  compile: (node: LogicalPlan) => string,
): Row {
  const rows: LogicalPlan = {
    kind: "relation",
    id: newPlanId(),
    relation: { type: "table", name: table },
    isStreaming: false,
    schema: node.child.schema,
  };
  const metrics: LogicalPlan = {
    kind: "aggregate",
    id: newPlanId(),
    child: rows,
    groupBy: [],
    aggregates: node.metrics,
    schema: node.metricsSchema,
  };
  const values = toRowArrays(db.query(compile(metrics)))[0] ?? [];
  const row = Object.fromEntries(node.metricsSchema.fieldNames.map((name, i) => [name, values[i] ?? null]));
  return withRowSchema(row, node.metricsSchema);
}
