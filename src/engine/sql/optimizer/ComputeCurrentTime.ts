/**
 * Spark's ComputeCurrentTime (an optimizer rule): `current_timestamp()`, `now()`, `localtimestamp()`,
 * `current_date()`, `curdate()`, `unix_timestamp()` and `current_timezone()` become literals of one instant, so
 * every row and every call of a query sees the same time. A batch query takes the session clock's time when it
 * runs (QueryExecution); a streaming query takes the batch's timestamp (the trigger time recorded in offsets/N,
 * as IncrementalExecution applies the rule), so a batch run again after a restart sees the time it first had and
 * a query on a ManualClock sees the clock. Dates and local timestamps are those of the session time zone
 * (`spark.sql.session.timeZone`).
 */
import { operatorExpressions } from "../analysis/Analyzer";
import { expressionName } from "../analysis/naming";
import { wallClockOf } from "../codegen/timeZones";
import { anyExpression, type Expression, transformExpression } from "../expressions";
import { type LogicalPlan, planNodes } from "../plan";
import { DateType, LongType, StringType, TimestampNTZType, TimestampType } from "../types";

const TIMESTAMP_FUNCTIONS = ["current_timestamp", "now"];
const DATE_FUNCTIONS = ["current_date", "curdate"];
const CURRENT_TIME_FUNCTIONS = [
  ...TIMESTAMP_FUNCTIONS,
  ...DATE_FUNCTIONS,
  "localtimestamp",
  "unix_timestamp",
  "current_timezone",
];

/** The wall-clock date and time of `ms` in the time zone, as `yyyy-MM-dd` and `HH:mm:ss.SSS`. */
function wallClock(timeZone: string, ms: number): { date: string; time: string } {
  const w = wallClockOf(timeZone)(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const millis = pad(((ms % 1000) + 1000) % 1000, 3);
  return {
    date: `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`,
    time: `${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}.${millis}`,
  };
}

/** The expression with the current-time functions replaced by the batch's time as literals. */
function replaceCurrentTime(e: Expression, batchTimestampMs: number, timeZone: string): Expression {
  return transformExpression(e, (x) => {
    if (x.kind !== "call") return undefined;
    if (TIMESTAMP_FUNCTIONS.includes(x.name) && x.args.length === 0)
      return { kind: "literal", value: new Date(batchTimestampMs), dataType: TimestampType };
    if (DATE_FUNCTIONS.includes(x.name) && x.args.length === 0)
      return { kind: "literal", value: wallClock(timeZone, batchTimestampMs).date, dataType: DateType };
    if (x.name === "localtimestamp" && x.args.length === 0) {
      // The session time zone's wall-clock time, without a zone (Spark's TIMESTAMP_NTZ).
      const { date, time } = wallClock(timeZone, batchTimestampMs);
      return { kind: "literal", value: new Date(`${date}T${time}Z`), dataType: TimestampNTZType };
    }
    if (x.name === "unix_timestamp" && x.args.length === 0)
      return { kind: "literal", value: Math.floor(batchTimestampMs / 1000), dataType: LongType };
    if (x.name === "current_timezone" && x.args.length === 0)
      return { kind: "literal", value: timeZone, dataType: StringType };
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
        (x) => x.kind === "call" && x.args.length === 0 && CURRENT_TIME_FUNCTIONS.includes(x.name),
      ),
    ),
  );
}

/** The plan as a batch query runs it: the current-time functions are the session clock's time now. */
export function computeCurrentTime(plan: LogicalPlan, nowMs: number, timeZone: string): LogicalPlan {
  return readsCurrentTime(plan) ? withBatchTimestamp(plan, nowMs, timeZone) : plan;
}
