/**
 * Spark's ComputeCurrentTime as IncrementalExecution applies it: in a streaming query `current_timestamp()`,
 * `now()`, `localtimestamp()`, `current_date()` and `unix_timestamp()` are the batch's timestamp (the trigger
 * time recorded in offsets/N), not the time the SQL runs; every row of a batch sees the same value, a batch run
 * again after a restart sees the value it first had, and a query on a ManualClock sees the clock.
 */
import { operatorExpressions } from "../../sql/analysis/Analyzer";
import { expressionName } from "../../sql/analysis/naming";
import { anyExpression, type Expression, transformExpression } from "../../sql/expressions";
import { type LogicalPlan, planNodes } from "../../sql/plan";
import { DateType, LongType, TimestampType } from "../../sql/types";

const TIMESTAMP_FUNCTIONS = ["current_timestamp", "now", "localtimestamp"];
const DATE_FUNCTIONS = ["current_date", "curdate"];

/** The batch's date in the session time zone, as `yyyy-MM-dd`. */
function dateIn(timeZone: string, ms: number): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(new Date(ms));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** The expression with the current-time functions replaced by the batch's time as literals. */
function replaceCurrentTime(e: Expression, batchTimestampMs: number, timeZone: string): Expression {
  return transformExpression(e, (x) => {
    if (x.kind !== "call") return undefined;
    if (TIMESTAMP_FUNCTIONS.includes(x.name) && x.args.length === 0)
      return { kind: "literal", value: new Date(batchTimestampMs), dataType: TimestampType };
    if (DATE_FUNCTIONS.includes(x.name) && x.args.length === 0)
      return { kind: "literal", value: dateIn(timeZone, batchTimestampMs), dataType: DateType };
    if (x.name === "unix_timestamp" && x.args.length === 0)
      return { kind: "literal", value: Math.floor(batchTimestampMs / 1000), dataType: LongType };
    return undefined;
  });
}

/** An output expression with the batch's time, named as before (a literal would name the column otherwise). */
function replaceOutput(e: Expression, batchTimestampMs: number, timeZone: string): Expression {
  const replaced = replaceCurrentTime(e, batchTimestampMs, timeZone);
  if (replaced === e || e.kind === "alias" || e.kind === "star") return replaced;
  return { kind: "alias", child: replaced, name: expressionName(e) };
}

/** The plan with the batch's time in place of the current-time functions; node ids are kept. */
export function withBatchTimestamp(
  plan: LogicalPlan,
  batchTimestampMs: number,
  timeZone: string,
): LogicalPlan {
  const expr = (e: Expression) => replaceCurrentTime(e, batchTimestampMs, timeZone);
  const output = (e: Expression) => replaceOutput(e, batchTimestampMs, timeZone);
  const rec = (p: LogicalPlan) => withBatchTimestamp(p, batchTimestampMs, timeZone);
  switch (plan.kind) {
    case "relation":
      return plan;
    case "project":
      return { ...plan, child: rec(plan.child), exprs: plan.exprs.map(output) };
    case "filter":
      return { ...plan, child: rec(plan.child), condition: expr(plan.condition) };
    case "aggregate":
      return {
        ...plan,
        child: rec(plan.child),
        groupBy: plan.groupBy.map(expr),
        aggregates: plan.aggregates.map(output),
      };
    case "sort":
      return { ...plan, child: rec(plan.child), orders: plan.orders.map(expr) };
    case "join":
      return {
        ...plan,
        left: rec(plan.left),
        right: rec(plan.right),
        condition: plan.condition && expr(plan.condition),
      };
    case "union":
      return { ...plan, left: rec(plan.left), right: rec(plan.right) };
    case "flatMapGroupsWithState":
      return { ...plan, child: rec(plan.child), groupBy: plan.groupBy.map(expr) };
    default:
      return { ...plan, child: rec(plan.child) };
  }
}

/** Whether the plan reads the current time at all (most do not: they run as they are). */
export function readsCurrentTime(plan: LogicalPlan): boolean {
  return planNodes(plan).some((n) =>
    [...operatorExpressions(n), ...(n.kind === "flatMapGroupsWithState" ? n.groupBy : [])].some((e) =>
      anyExpression(
        e,
        (x) =>
          x.kind === "call" &&
          x.args.length === 0 &&
          [...TIMESTAMP_FUNCTIONS, ...DATE_FUNCTIONS, "unix_timestamp"].includes(x.name),
      ),
    ),
  );
}
