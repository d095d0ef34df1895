/**
 * Logical plans: what a DataFrame is. Built by DataFrame methods, analysed as they are built, compiled to
 * DuckDB SQL for batch queries, and split around stateful operators for streaming ones.
 */
import type { GroupsWithStateSpec } from "../streaming/operators/GroupState";
import type { Expression } from "./expressions";
import type { StructType } from "./types";

/** Where a streaming DataFrame reads from: what `spark.readStream...load()` recorded. */
export interface StreamSourceSpec {
  /** "parquet" | "csv" | "json" | "rate" | "memory" | ... */
  readonly format: string;
  readonly path?: string;
  readonly options: Readonly<Record<string, string>>;
  /** For MemoryStream: the stream object itself. */
  readonly memoryStream?: unknown;
}

export type Relation =
  | { readonly type: "stream"; readonly source: StreamSourceSpec }
  /** A DuckDB table or view: createDataFrame data, a memory sink, a temp view, a batch's input. */
  | { readonly type: "table"; readonly name: string }
  /** spark.read of files, or a catalog table's files; loaded into DuckDB when an action runs. */
  | {
      readonly type: "files";
      readonly format: string;
      readonly paths: readonly string[];
      readonly options: Readonly<Record<string, string>>;
      /** A catalog table's qualified name: its location may not exist yet, and then reads as no rows. */
      readonly table?: string;
    }
  /**
   * A whole `spark.sql` statement, already translated to DuckDB's dialect; the temporary views it reads are
   * marked in the text and compiled in place when the statement runs (see inlineViews).
   */
  | { readonly type: "sql"; readonly sql: string; readonly views: ReadonlyMap<string, LogicalPlan> };

export type JoinType = "inner" | "left" | "right" | "full" | "left_semi" | "left_anti" | "cross";

interface Node<K extends string> {
  readonly kind: K;
  /** Identity for this node (streaming execution keys state and batch tables by it). */
  readonly id: number;
  readonly schema: StructType;
}

export type LogicalPlan =
  | (Node<"relation"> & { readonly relation: Relation; readonly isStreaming: boolean })
  | (Node<"project"> & {
      readonly child: LogicalPlan;
      readonly exprs: readonly Expression[];
      /** A LATERAL VIEW's table alias: the name that qualifies the columns its generator makes (`tt.x`). */
      readonly generatorQualifier?: string;
    })
  | (Node<"filter"> & { readonly child: LogicalPlan; readonly condition: Expression })
  | (Node<"aggregate"> & {
      readonly child: LogicalPlan;
      readonly groupBy: readonly Expression[];
      /** The output list: grouping columns and aggregate expressions, each named. */
      readonly aggregates: readonly Expression[];
    })
  | (Node<"join"> & {
      readonly left: LogicalPlan;
      readonly right: LogicalPlan;
      readonly how: JoinType;
      readonly condition?: Expression;
      readonly usingColumns?: readonly string[];
      /** Spark 4's LateralJoin (`df.lateralJoin`): the right side is evaluated per left row, its `outer()` columns
       * read from that row. */
      readonly lateral?: boolean;
    })
  | (Node<"union"> & { readonly left: LogicalPlan; readonly right: LogicalPlan; readonly byName: boolean })
  | (Node<"sort"> & { readonly child: LogicalPlan; readonly orders: readonly Expression[] })
  | (Node<"limit"> & { readonly child: LogicalPlan; readonly limit: number })
  /** Spark's Offset: its child's rows after the first `offset`. */
  | (Node<"offset"> & { readonly child: LogicalPlan; readonly offset: number })
  /**
   * Spark's Sample: the rows whose random number (from `seed` and the row's position) falls in [lowerBound,
   * upperBound); with replacement, each row as many times as a Poisson draw of mean upperBound - lowerBound.
   * `ordered` numbers the rows in the order of their values, as randomSplit's local sort does, so that the splits
   * of one seed are disjoint and cover the input whatever order the rows arrive in.
   */
  | (Node<"sample"> & {
      readonly child: LogicalPlan;
      readonly lowerBound: number;
      readonly upperBound: number;
      readonly withReplacement: boolean;
      readonly seed: number;
      readonly ordered: boolean;
    })
  | (Node<"distinct"> & { readonly child: LogicalPlan })
  | (Node<"deduplicate"> & {
      readonly child: LogicalPlan;
      readonly keys: readonly string[];
      readonly withinWatermark: boolean;
    })
  | (Node<"watermark"> & {
      readonly child: LogicalPlan;
      readonly eventTime: string;
      readonly delay: string;
      readonly delayMs: number;
    })
  | (Node<"alias"> & {
      readonly child: LogicalPlan;
      readonly alias: string;
      /**
       * A table's or view's names, as Spark's SubqueryAlias over a catalog relation qualifies its columns:
       * `t`, `default.t` and `spark_catalog.default.t` for a table, `t` for a temporary view. `[alias]` if unset.
       */
      readonly qualifiers?: readonly string[];
    })
  /**
   * Spark's CollectMetrics (`observe`): its child's rows unchanged; `metrics` (named aggregates, `metricsSchema`
   * their row) are computed over the rows that pass, per micro-batch on a stream.
   */
  | (Node<"collectMetrics"> & {
      readonly child: LogicalPlan;
      readonly name: string;
      readonly metrics: readonly Expression[];
      readonly metricsSchema: StructType;
    })
  /**
   * Spark's BatchEvalPython, for the functions of both languages: its child's rows with one more column per
   * user-defined function call, the call's result. Only in plans about to run (ExtractUDFs puts it there).
   */
  | (Node<"batchEvalUDF"> & {
      readonly child: LogicalPlan;
      readonly udfs: readonly Extract<Expression, { kind: "udf" }>[];
    })
  /**
   * Spark's Expand below a cube, rollup or grouping-sets aggregate: each input row once per grouping set, with
   * its columns, then `groupingNames` (grouping expression i, null where the set leaves it out), then
   * `spark_grouping_id` (bit i from the left set where the set leaves expression i out) and, where sets
   * repeat, `_gen_grouping_pos` (the set's position) so that repeated sets stay apart.
   */
  | (Node<"expand"> & {
      readonly child: LogicalPlan;
      readonly groupingExprs: readonly Expression[];
      readonly groupingNames: readonly string[];
      /** Each set as indices into `groupingExprs`. */
      readonly groupingSets: readonly (readonly number[])[];
    })
  /** flatMapGroupsWithState / mapGroupsWithState / applyInPandasWithState: a user function per group, with state. */
  | (Node<"flatMapGroupsWithState"> & {
      readonly child: LogicalPlan;
      readonly groupBy: readonly Expression[];
      readonly spec: GroupsWithStateSpec;
    });

export type PlanKind = LogicalPlan["kind"];

let nextPlanId = 0;

/** A fresh node id; ids are unique within the process. */
export function newPlanId(): number {
  nextPlanId += 1;
  return nextPlanId;
}

export function childrenOfPlan(plan: LogicalPlan): LogicalPlan[] {
  switch (plan.kind) {
    case "relation":
      return [];
    case "join":
    case "union":
      return [plan.left, plan.right];
    default:
      return [plan.child];
  }
}

/** Every node of the plan, children before parents. */
export function planNodes(plan: LogicalPlan): LogicalPlan[] {
  return [...childrenOfPlan(plan).flatMap(planNodes), plan];
}

export function isStreamingPlan(plan: LogicalPlan): boolean {
  return planNodes(plan).some((n) => n.kind === "relation" && n.isStreaming);
}
