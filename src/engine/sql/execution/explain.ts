/**
 * Spark's `Dataset.explain(mode)`: a plan as text under Spark's headers ("== Physical Plan ==" ...), in Spark's
 * tree form (`+- ` under each node) and operator names. Sluice analyses eagerly and has no optimizer of its own
 * (DuckDB optimizes the SQL a plan compiles to), so the parsed, analysed and optimized plans are the one analysed
 * plan; the physical plan names the operators Spark would run for it. Column references carry no `#id`: Sluice's
 * columns have none.
 */

import { unknownExplainMode } from "../../errors/QueryExecutionErrors";
import { expressionSql } from "../analysis/naming";
import { groupingId } from "../codegen/planCompiler";
import type { Expression } from "../expressions";
import type { LogicalPlan, Relation } from "../plan";
import { childrenOfPlan } from "../plan";

export type ExplainMode = "simple" | "extended" | "codegen" | "cost" | "formatted";

const MODES: readonly ExplainMode[] = ["simple", "extended", "codegen", "cost", "formatted"];

/** Spark's ExplainMode.fromString: case-insensitive, anything else is an IllegalArgumentException. */
export function explainMode(mode: string): ExplainMode {
  const lower = mode.toLowerCase();
  if ((MODES as readonly string[]).includes(lower)) return lower as ExplainMode;
  throw unknownExplainMode(mode);
}

/** The text `explain(mode)` prints for an analysed plan. */
export function explainString(plan: LogicalPlan, mode: ExplainMode = "simple"): string {
  return explainPlans(plan, logicalPlan(plan), physicalPlan(plan), mode);
}

/** What a streaming query's last micro-batch ran (Spark's `lastExecution`). */
export interface MicroBatchExecutionPlan {
  readonly plan: LogicalPlan;
  readonly batchId: number;
  readonly queryId: string;
  readonly outputMode: string;
  /** The sink as progress describes it ("MemorySink", "FileSink[/out]"). */
  readonly sink: string;
  /** The description of the source each streaming relation read, by the relation's plan id. */
  readonly sources: ReadonlyMap<number, string>;
  readonly checkpointLocation: string;
  readonly runId: string;
  /**
   * The watermarks each stateful operator ran the batch with (Spark's eventTimeWatermarkForLateEvents and
   * eventTimeWatermarkForEviction on its exec node), top-down as progress lists the operators.
   */
  readonly operatorWatermarks: readonly OperatorWatermarks[];
}

/** A stateful operator's watermarks in one batch (epoch ms; 0 where the query has no watermark, as Spark's). */
export interface OperatorWatermarks {
  /** The id of the operator's plan node. */
  readonly nodeId: number;
  readonly operatorId: number;
  /** Rows at or before this were dropped as late. */
  readonly lateEventsWatermarkMs: number;
  /** State at or before this was evicted (windows up to it closed). */
  readonly evictionWatermarkMs: number;
  /**
   * Spark's produceOutputWatermark on the operator: the watermark it hands on for an input watermark; undefined
   * where its output carries no event time the watermark bounds.
   */
  readonly produceOutputWatermark: (inputWatermarkMs: number) => number | undefined;
}

/**
 * Spark's `StreamingQuery.explain(extended)` (StreamingExplainCommand over the last batch's IncrementalExecution):
 * the batch's plan under the write to the sink, each streaming relation read as the batch's MicroBatchScan.
 */
export function explainMicroBatch(batch: MicroBatchExecutionPlan, extended: boolean): string {
  const { plan, sources } = batch;
  const scan = (leaf: LogicalPlan) =>
    leaf.kind === "relation" && leaf.isStreaming
      ? `MicroBatchScan${columnList(leaf)} ${sources.get(leaf.id) ?? relationText(leaf.relation, leaf, true)}`
      : undefined;
  let operatorId = 0;
  const physicalScan: Replace = (p, children) => {
    const files = fileBatch(p);
    if (files) return physicalPlan(files);
    const text = scan(p);
    if (text !== undefined) return node(text, "MicroBatchScan", [["Output", columnList(p)]], []);
    if (p.kind !== "aggregate" || !isStreaming(p)) return undefined;
    // A streaming aggregation restores its state before merging the batch's rows and saves it after.
    const keys = list(p.groupBy);
    const functions = p.aggregates.filter((a) => !p.groupBy.some((g) => named(g) === named(a)));
    const state = `state info [ checkpoint = ${batch.checkpointLocation}/state, runId = ${batch.runId}, opId = ${operatorId++}, ver = ${batch.batchId}, numPartitions = 1]`;
    const aggregate = (mode: string, inner: PlanText[]) =>
      node(
        `HashAggregate(keys=${keys}, functions=[${functions.map((f) => `${mode}${expressionSql(f.kind === "alias" ? f.child : f)}`).join(", ")}])`,
        "HashAggregate",
        [],
        inner,
      );
    const partial = aggregate("partial_", children());
    const restore = node(
      `StateStoreRestore ${keys}, ${state}, 2`,
      "StateStoreRestore",
      [],
      [aggregate("merge_", [partial])],
    );
    const watermarks = batch.operatorWatermarks.find((w) => w.nodeId === p.id);
    const save = node(
      `StateStoreSave ${keys}, ${state}, ${batch.outputMode}, ${watermarks?.lateEventsWatermarkMs ?? 0}, ${watermarks?.evictionWatermarkMs ?? 0}, 2`,
      "StateStoreSave",
      [],
      [aggregate("merge_", [restore])],
    );
    return aggregate("", [save]);
  };
  const logicalScan: Replace = (leaf) => {
    const files = fileBatch(leaf);
    if (files) return logicalPlan(files);
    const text = scan(leaf);
    return text === undefined
      ? undefined
      : node(text.replace("MicroBatchScan", "StreamingDataSourceV2ScanRelation"), "", [], []);
  };
  const write = `WriteToDataSourceV2 MicroBatchWrite[epoch: ${batch.batchId}, writer: ${batch.sink}]`;
  const logicalWrite = `WriteToMicroBatchDataSource ${batch.sink}, ${batch.queryId}, ${batch.outputMode}, ${batch.batchId}`;
  return explainPlans(
    plan,
    node(logicalWrite, "WriteToMicroBatchDataSource", [], [logicalPlan(plan, logicalScan)]),
    node(write, "WriteToDataSourceV2", [], [physicalPlan(plan, physicalScan)]),
    extended ? "extended" : "simple",
  );
}

/** A file stream's batch as the relation over the batch's files it is (Spark's file source is a V1 source). */
function fileBatch(plan: LogicalPlan): LogicalPlan | undefined {
  if (plan.kind !== "relation" || plan.relation.type !== "stream") return undefined;
  const { format, path, options } = plan.relation.source;
  if (path === undefined) return undefined;
  return { ...plan, isStreaming: false, relation: { type: "files", format, paths: [path], options } };
}

function explainPlans(
  plan: LogicalPlan,
  logicalTree: PlanText,
  physical: PlanText,
  mode: ExplainMode,
): string {
  switch (mode) {
    case "simple":
      return `== Physical Plan ==\n${treeString(physical)}\n`;
    case "extended": {
      const logical = treeString(logicalTree);
      const schema = plan.schema.fields.map((f) => `${f.name}: ${f.dataType.simpleString()}`).join(", ");
      return [
        `== Parsed Logical Plan ==\n${logical}`,
        `== Analyzed Logical Plan ==\n${schema}\n${logical}`,
        `== Optimized Logical Plan ==\n${logical}`,
        `== Physical Plan ==\n${treeString(physical)}`,
      ]
        .join("\n\n")
        .concat("\n");
    }
    case "cost":
      return [
        `== Optimized Logical Plan ==\n${treeString(logicalTree, (n) => `${n.text}, ${UNKNOWN_STATISTICS}`)}`,
        `== Physical Plan ==\n${treeString(physical)}`,
      ]
        .join("\n\n")
        .concat("\n");
    case "formatted":
      return formatted(physical);
    case "codegen":
      // Sluice runs a plan as DuckDB SQL: no stage is compiled to Java.
      return "Found 0 WholeStageCodegen subtrees.\n";
  }
}

/** Spark's statistics where nothing is known: sizeInBytes is spark.sql.defaultSizeInBytes (Long.MaxValue). */
const UNKNOWN_STATISTICS = "Statistics(sizeInBytes=8.0 EiB)";

/** One operator as printed: its line, and for `formatted`, its name and the details listed below the tree. */
interface PlanText {
  text: string;
  name: string;
  details: [string, string][];
  children: PlanText[];
}

function node(text: string, name: string, details: [string, string][], children: PlanText[]): PlanText {
  return { text, name, details, children };
}

/** Spark's TreeNode.treeString: `+- ` before each child, `:  ` down the side of a child with siblings after it. */
function treeString(root: PlanText, line: (n: PlanText) => string = (n) => n.text): string {
  const lines: string[] = [];
  const walk = (n: PlanText, prefix: string, last: boolean[]) => {
    lines.push(prefix + line(n));
    n.children.forEach((child, i) => {
      const isLast = i === n.children.length - 1;
      const indent = last.map((l) => (l ? "   " : ":  ")).join("");
      walk(child, `${indent}${isLast ? "+- " : ":- "}`, [...last, isLast]);
    });
  };
  walk(root, "", []);
  return lines.join("\n");
}

const list = (exprs: readonly Expression[]) => `[${exprs.map(named).join(", ")}]`;
const columns = (plan: LogicalPlan) => `[${plan.schema.fields.map((f) => f.name).join(",")}]`;
const columnList = (plan: LogicalPlan) => `[${plan.schema.fields.map((f) => f.name).join(", ")}]`;

/** An expression as Spark prints it in a plan: an alias as `expr AS name`. */
function named(e: Expression): string {
  return e.kind === "alias" ? `${expressionSql(e.child)} AS ${e.name}` : expressionSql(e);
}

const JOIN_NAMES: Record<string, string> = {
  inner: "Inner",
  left: "LeftOuter",
  right: "RightOuter",
  full: "FullOuter",
  left_semi: "LeftSemi",
  left_anti: "LeftAnti",
  cross: "Cross",
};

function joinCondition(plan: Extract<LogicalPlan, { kind: "join" }>): string {
  if (plan.condition) return `, ${expressionSql(plan.condition)}`;
  if (plan.usingColumns?.length) return `, [${plan.usingColumns.join(", ")}]`;
  return "";
}

function relationText(relation: Relation, plan: LogicalPlan, streaming: boolean): string {
  switch (relation.type) {
    case "stream":
      return `StreamingRelation ${streamSourceName(relation)}, ${columns(plan)}`;
    case "files":
      return `Relation ${relation.table ? `${relation.table}` : ""}${columns(plan)} ${relation.format}`;
    case "table":
      // DuckDB tables hold local data: createDataFrame's rows, a memory sink's, a batch's input.
      return streaming
        ? `StreamingRelation ${relation.name}, ${columns(plan)}`
        : `LocalRelation ${columns(plan)}`;
    case "sql":
      return `SQL ${columns(plan)}`;
  }
}

function streamSourceName(relation: Extract<Relation, { type: "stream" }>): string {
  const { format, path } = relation.source;
  return path !== undefined ? `FileSource[${path}]` : format;
}

/**
 * An operator printed otherwise than the plan alone prints it (a micro-batch's scan of its source, a streaming
 * aggregation's state store operators), given its children as printed; undefined to print it as it is.
 */
type Replace = (plan: LogicalPlan, children: () => PlanText[]) => PlanText | undefined;

/** The analysed plan in Spark's logical operator names. */
function logicalPlan(plan: LogicalPlan, replace?: Replace): PlanText {
  const replaced = replace?.(plan, () => childrenOfPlan(plan).map((c) => logicalPlan(c, replace)));
  if (replaced) return replaced;
  const children = childrenOfPlan(plan).map((c) => logicalPlan(c, replace));
  const text = ((): string => {
    switch (plan.kind) {
      case "relation":
        return relationText(plan.relation, plan, plan.isStreaming);
      case "project":
        return `Project ${list(plan.exprs)}`;
      case "filter":
        return `Filter ${expressionSql(plan.condition)}`;
      case "aggregate":
        return `Aggregate ${list(plan.groupBy)}, ${list(plan.aggregates)}`;
      case "join":
        return `Join ${JOIN_NAMES[plan.how]}${joinCondition(plan)}`;
      case "union":
        return `Union ${plan.byName}, false`;
      case "sort":
        return `Sort ${list(plan.orders)}, true`;
      case "limit":
        return `GlobalLimit ${plan.limit}`;
      case "offset":
        return `Offset ${plan.offset}`;
      case "sample":
        return `Sample ${sampleArguments(plan)}`;
      case "distinct":
        return "Distinct";
      case "deduplicate":
        return `${plan.withinWatermark ? "DeduplicateWithinWatermark" : "Deduplicate"} [${plan.keys.join(", ")}]`;
      case "watermark":
        return `EventTimeWatermark ${plan.eventTime}, ${plan.delay}`;
      case "alias":
        return `SubqueryAlias ${plan.alias}`;
      case "collectMetrics":
        return `CollectMetrics ${plan.name}, ${list(plan.metrics)}`;
      case "batchEvalUDF":
        return `BatchEvalPython ${list(plan.udfs)}, ${columns(plan)}`;
      case "flatMapGroupsWithState":
        return `FlatMapGroupsWithState ${list(plan.groupBy)}, ${columns(plan)}`;
      case "expand":
        return `Expand ${expandProjections(plan)}, ${columns(plan)}`;
    }
  })();
  if (plan.kind === "limit")
    return node(text, "GlobalLimit", [], [node(`LocalLimit ${plan.limit}`, "", [], children)]);
  return node(text, text.split(" ")[0], [], children);
}

/** The operators Spark would run for the plan, with the details `formatted` lists for each. */
function physicalPlan(plan: LogicalPlan, replace?: Replace): PlanText {
  const replaced = replace?.(plan, () => childrenOfPlan(plan).map((c) => physicalPlan(c, replace)));
  if (replaced) return replaced;
  const children = childrenOfPlan(plan).map((c) => physicalPlan(c, replace));
  const output = (p: LogicalPlan): [string, string] => [`Output [${p.schema.fields.length}]`, columnList(p)];
  const inputOf = (p: LogicalPlan): [string, string] => {
    const child = childrenOfPlan(p)[0];
    return [`Input [${child.schema.fields.length}]`, columnList(child)];
  };
  switch (plan.kind) {
    case "relation": {
      const r = plan.relation;
      if (r.type === "files") {
        const location = `InMemoryFileIndex(${r.paths.length} paths)[${r.paths.map((p) => `file:${p}`).join(", ")}]`;
        const readSchema = `struct<${plan.schema.fields.map((f) => `${f.name}:${f.dataType.simpleString()}`).join(",")}>`;
        return node(
          `FileScan ${r.format} ${columns(plan)} Batched: false, DataFilters: [], Format: ${formatName(r.format)}, Location: ${location}, PartitionFilters: [], PushedFilters: [], ReadSchema: ${readSchema}`,
          `Scan ${r.format}`,
          [output(plan), ["Batched", "false"], ["Location", location], ["ReadSchema", readSchema]],
          [],
        );
      }
      if (r.type === "stream" || plan.isStreaming) {
        const text = relationText(r, plan, true);
        return node(
          text,
          "StreamingRelation",
          [output(plan), ["Arguments", text.slice("StreamingRelation ".length)]],
          [],
        );
      }
      if (r.type === "table")
        return node(`LocalTableScan ${columns(plan)}`, "LocalTableScan", [output(plan)], []);
      return node(`Scan SQL${columns(plan)}`, "Scan SQL", [output(plan)], []);
    }
    case "project":
      return node(`Project ${list(plan.exprs)}`, "Project", [output(plan), inputOf(plan)], children);
    case "collectMetrics":
      return node(
        `CollectMetrics ${plan.name}, ${list(plan.metrics)}`,
        "CollectMetrics",
        [inputOf(plan), ["Arguments", `${plan.name}, ${list(plan.metrics)}`]],
        children,
      );
    case "filter":
      return node(
        `Filter ${expressionSql(plan.condition)}`,
        "Filter",
        [inputOf(plan), ["Condition ", expressionSql(plan.condition)]],
        children,
      );
    case "aggregate": {
      const keys = list(plan.groupBy);
      const functions = list(plan.aggregates.filter((a) => !plan.groupBy.some((g) => named(g) === named(a))));
      return node(
        `HashAggregate(keys=${keys}, functions=${functions})`,
        "HashAggregate",
        [inputOf(plan), ["Keys", keys], ["Functions", functions], output(plan)],
        children,
      );
    }
    case "join": {
      const how = JOIN_NAMES[plan.how];
      const text =
        plan.condition || plan.usingColumns?.length
          ? `ShuffledHashJoin ${how}${joinCondition(plan)}`
          : `BroadcastNestedLoopJoin ${how}`;
      return node(
        text,
        text.split(" ")[0],
        [
          ["Join type", how],
          ["Join condition", joinCondition(plan).slice(2) || "None"],
        ],
        children,
      );
    }
    case "union":
      return node("Union", "Union", [], children);
    case "sort":
      return node(
        `Sort ${list(plan.orders)}, true, 0`,
        "Sort",
        [inputOf(plan), ["Arguments", `${list(plan.orders)}, true, 0`]],
        children,
      );
    case "offset":
      return node(
        `CollectLimit -1, ${plan.offset}`,
        "CollectLimit",
        [inputOf(plan), ["Arguments", `-1, ${plan.offset}`]],
        children,
      );
    case "sample":
      return node(
        `Sample ${sampleArguments(plan)}`,
        "Sample",
        [inputOf(plan), ["Arguments", sampleArguments(plan)]],
        children,
      );
    case "limit":
      return node(
        `CollectLimit ${plan.limit}`,
        "CollectLimit",
        [inputOf(plan), ["Arguments", String(plan.limit)]],
        children,
      );
    case "distinct": {
      const keys = columnList(plan);
      return node(
        `HashAggregate(keys=${keys}, functions=[])`,
        "HashAggregate",
        [inputOf(plan), ["Keys", keys], ["Functions", "[]"], output(plan)],
        children,
      );
    }
    case "deduplicate": {
      const name = plan.withinWatermark ? "StreamingDeduplicateWithinWatermark" : "StreamingDeduplicate";
      if (!childrenOfPlan(plan).some(isStreaming)) {
        const keys = `[${plan.keys.join(", ")}]`;
        return node(
          `HashAggregate(keys=${keys}, functions=[first(...)])`,
          "HashAggregate",
          [inputOf(plan), ["Keys", keys]],
          children,
        );
      }
      return node(
        `${name} [${plan.keys.join(", ")}]`,
        name,
        [inputOf(plan), ["Arguments", `[${plan.keys.join(", ")}]`]],
        children,
      );
    }
    case "watermark":
      return node(
        `EventTimeWatermark ${plan.eventTime}, ${plan.delay}`,
        "EventTimeWatermark",
        [inputOf(plan), ["Arguments", `${plan.eventTime}, ${plan.delay}`]],
        children,
      );
    case "alias":
      // A subquery alias names columns for analysis; Spark's planner leaves no operator for it.
      return children[0];
    case "batchEvalUDF":
      return node(
        `BatchEvalPython ${list(plan.udfs)}, ${columns(plan)}`,
        "BatchEvalPython",
        [inputOf(plan), output(plan)],
        children,
      );
    case "flatMapGroupsWithState":
      return node(
        `FlatMapGroupsWithState ${list(plan.groupBy)}`,
        "FlatMapGroupsWithState",
        [inputOf(plan), output(plan)],
        children,
      );
    case "expand":
      return node(
        `Expand ${expandProjections(plan)}, ${columns(plan)}`,
        "Expand",
        [inputOf(plan), ["Arguments", expandProjections(plan)], output(plan)],
        children,
      );
  }
}

/** Expand's projections as Spark prints them: per grouping set, the grouping values (null where left out). */
function expandProjections(plan: Extract<LogicalPlan, { kind: "expand" }>): string {
  const count = plan.groupingExprs.length;
  const sets = plan.groupingSets.map((set) => {
    const values = plan.groupingExprs.map((g, i) => (set.includes(i) ? expressionSql(g) : "null"));
    return `[${[...values, groupingId(set, count).toString()].join(", ")}]`;
  });
  return `[${sets.join(", ")}]`;
}

function isStreaming(plan: LogicalPlan): boolean {
  return plan.kind === "relation" ? plan.isStreaming : childrenOfPlan(plan).some(isStreaming);
}

function formatName(format: string): string {
  const names: Record<string, string> = { parquet: "Parquet", csv: "CSV", json: "JSON", text: "Text" };
  return names[format] ?? format;
}

/** Spark's `formatted` mode: the tree with operator ids (children numbered first), then each operator's details. */
function formatted(root: PlanText): string {
  const ids = new Map<PlanText, number>();
  const number = (n: PlanText) => {
    for (const c of n.children) number(c);
    ids.set(n, ids.size + 1);
  };
  number(root);
  const tree = treeString(root, (n) => `${n.name} (${ids.get(n)})`);
  const details = [...ids.entries()].map(([n, id]) =>
    [`(${id}) ${n.name}`, ...n.details.map(([k, v]) => `${k}: ${v}`)].join("\n"),
  );
  return `== Physical Plan ==\n${tree}\n\n\n${details.join("\n\n")}\n\n`;
}

/** Sample's arguments as Spark prints them: lower bound, upper bound, with replacement, seed. */
function sampleArguments(plan: Extract<LogicalPlan, { kind: "sample" }>): string {
  const double = (x: number) => (Number.isInteger(x) ? x.toFixed(1) : String(x));
  return `${double(plan.lowerBound)}, ${double(plan.upperBound)}, ${plan.withReplacement}, ${plan.seed}`;
}
