/**
 * Which columns carry event time. Spark marks the column named in `withWatermark` with the watermark's delay and
 * the mark follows the column through projections (also into `window(...)` over it), filters, aggregations (as a
 * grouping column) and joins. Stateful operators drop late rows and evict state by the marked column: a window
 * by its end, a timestamp by itself.
 */

import { multipleEventTimeColumns, redefiningWatermarkDisallowed } from "../../errors/QueryCompilationErrors";
import { negativeWatermarkDelay } from "../../errors/QueryExecutionErrors";
import { expressionName } from "../../sql/analysis/naming";
import { type Expression, stripAlias } from "../../sql/expressions";
import { isStreamingPlan, type LogicalPlan, planNodes } from "../../sql/plan";
import { sameName } from "../../sql/types";

export interface EventTimeColumn {
  /** The output column's name. */
  readonly name: string;
  /** A `window` struct: compared by its end. */
  readonly isWindow: boolean;
  readonly delayMs: number;
}

export type WatermarkNode = Extract<LogicalPlan, { kind: "watermark" }>;

const find = (columns: readonly EventTimeColumn[], name: string) =>
  columns.find((c) => sameName(c.name, name));

/** The event-time column an expression yields, if it passes one through or windows one. */
function derived(
  e: Expression,
  input: readonly EventTimeColumn[],
): Omit<EventTimeColumn, "name"> | undefined {
  const x = stripAlias(e);
  if (x.kind === "column" && x.parts.length === 1) return find(input, x.parts[0]);
  if (x.kind === "call" && ["window", "session_window", "__session_window"].includes(x.name)) {
    // The time column may itself be derived: a window's window_time, or a window (which stands for it).
    const source = x.args[0] && derived(x.args[0], input);
    return source && { isWindow: true, delayMs: source.delayMs };
  }
  // As Spark's window_time, the event time of a marked window's rows is marked too.
  if (x.kind === "call" && x.name === "window_time") {
    const source = x.args[0] && derived(x.args[0], input);
    return source?.isWindow ? { isWindow: false, delayMs: source.delayMs } : undefined;
  }
  return undefined;
}

/** The event-time columns among a plan's output columns. */
export function eventTimeColumns(plan: LogicalPlan): EventTimeColumn[] {
  switch (plan.kind) {
    case "relation":
      return [];
    case "flatMapGroupsWithState": {
      // transformWithState's eventTimeColumnName takes the input's watermark delay; other columns lose their mark.
      const name = plan.spec.eventTimeColumnName;
      const input = name === undefined ? [] : eventTimeColumns(plan.child);
      return input.length === 0 ? [] : [{ name: name!, isWindow: false, delayMs: input[0].delayMs }];
    }
    case "watermark": {
      // The column takes the delay; any column marked below loses its mark, as Spark's EventTimeWatermark.
      const field = plan.schema.field(plan.eventTime);
      const isWindow = field?.dataType.simpleString().startsWith("struct") === true;
      return [{ name: field?.name ?? plan.eventTime, isWindow, delayMs: plan.delayMs }];
    }
    case "project":
    case "aggregate": {
      const input = eventTimeColumns(plan.child);
      const exprs = plan.kind === "project" ? plan.exprs : plan.aggregates;
      return exprs.flatMap((e): EventTimeColumn[] => {
        if (e.kind === "star") return input;
        const marked = derived(e, input);
        return marked ? [{ ...marked, name: expressionName(e) }] : [];
      });
    }
    case "join": {
      const left = eventTimeColumns(plan.left);
      const right = eventTimeColumns(plan.right);
      if (plan.how === "left_semi" || plan.how === "left_anti") return left;
      // Output columns come from one side each (by position); USING columns by name.
      const l = plan.left.schema.fields.length;
      return plan.schema.fieldNames.flatMap((name, i): EventTimeColumn[] => {
        const marked = plan.usingColumns
          ? (find(left, name) ?? find(right, name))
          : i < l
            ? find(left, name)
            : find(right, name);
        return marked ? [{ ...marked, name }] : [];
      });
    }
    case "union":
      return eventTimeColumns(plan.left);
    default:
      return eventTimeColumns(plan.child);
  }
}

/** The event-time column of a plan's output, if exactly one kind is marked (Spark picks the first). */
export function eventTimeColumn(plan: LogicalPlan): EventTimeColumn | undefined {
  return eventTimeColumns(plan)[0];
}

/** SQL testing whether a row of a relation with `column` is at or before the watermark (Spark's `<=`). */
export function olderThanWatermarkSql(
  columnSql: string,
  column: EventTimeColumn,
  watermarkMs: number,
): string {
  const time = column.isWindow ? `(${columnSql})."end"` : columnSql;
  return `(${time} <= make_timestamp(CAST(${watermarkMs} AS BIGINT) * 1000))`;
}

/**
 * SQL testing whether a row arrived out of order: its event time is behind the max event time seen before the
 * batch, which is the watermark plus the delay (a window counts by its end).
 */
export function behindMaxEventTimeSql(
  columnSql: string,
  column: EventTimeColumn,
  watermarkMs: number,
): string {
  const time = column.isWindow ? `(${columnSql})."end"` : columnSql;
  return `(${time} < make_timestamp(CAST(${watermarkMs + column.delayMs} AS BIGINT) * 1000))`;
}

/**
 * `withWatermark`'s delay in milliseconds, months counted as 31 days as Spark's EventTimeWatermark.getDelayMs;
 * a delay that adds up to less than nothing (`-1 year`, `1 month -40 days`) is an IllegalArgumentException.
 */
export function watermarkDelayMs(
  delayThreshold: string,
  interval: { readonly months: number; readonly micros: number },
): number {
  const delayMs = interval.micros / 1000 + interval.months * 31 * 86_400_000;
  if (delayMs < 0) throw negativeWatermarkDelay(delayThreshold);
  return delayMs;
}

/**
 * Spark's watermark propagation check: a `withWatermark` may not stand above another one (its input already
 * has a watermark), unless spark.sql.streaming.statefulOperator.allowMultiple is off.
 */
export function checkWatermarkNotRedefined(plan: LogicalPlan): void {
  for (const node of planNodes(plan)) {
    if (node.kind !== "watermark" || !isStreamingPlan(node)) continue;
    if (planNodes(node.child).some((n) => n.kind === "watermark" && isStreamingPlan(n))) {
      throw redefiningWatermarkDisallowed();
    }
  }
}

/** The event-time columns a stateful operator keys its state by, per input (Spark's state store rows). */
function stateEventTimeColumns(node: LogicalPlan): EventTimeColumn[][] {
  switch (node.kind) {
    case "join":
      return [eventTimeColumns(node.left), eventTimeColumns(node.right)];
    case "aggregate": {
      // An aggregation's state rows hold its grouping keys: only those count.
      const marked = eventTimeColumns(node.child);
      return [
        node.groupBy.flatMap((g) => {
          const e = stripAlias(g);
          const found =
            e.kind === "column" && e.parts.length === 1 ? find(marked, e.parts[0]) : derived(e, marked);
          return found ? [{ ...found, name: expressionName(g) }] : [];
        }),
      ];
    }
    case "distinct":
      return [eventTimeColumns(node.child)];
    case "deduplicate": {
      // As Spark's StreamingDeduplicateExec, the state rows hold the deduplication keys: only those count (all
      // columns where none are named). Within a watermark, the one event-time column of the input is required.
      const marked = eventTimeColumns(node.child);
      if (node.withinWatermark || node.keys.length === 0) return [marked];
      return [marked.filter((c) => node.keys.some((k) => sameName(k, c.name)))];
    }
    default:
      return [];
  }
}

/**
 * Spark's WatermarkSupport.findEventTimeColumn with multiple stateful operators allowed: the rows a stateful
 * operator keeps (each side of a join) carry at most one event-time column.
 */
export function checkEventTimeColumns(node: LogicalPlan): void {
  for (const columns of stateEventTimeColumns(node)) {
    const names = [...new Set(columns.map((c) => c.name.toLowerCase()))];
    if (names.length > 1) {
      throw multipleEventTimeColumns(
        names.map((n) => {
          const c = columns.find((x) => x.name.toLowerCase() === n)!;
          return `${c.name}-T${c.delayMs}ms`;
        }),
      );
    }
  }
}
