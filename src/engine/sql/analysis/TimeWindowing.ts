/**
 * Spark's TimeWindowing rule: `window(ts, duration[, slide[, start]])` assigns each row to the event-time windows
 * containing it, as a struct `{start, end}`. A tumbling window is one struct per row; a sliding window is several,
 * so it is a generator (DuckDB's `unnest`). Rows whose time is null belong to no window and are dropped, as in
 * Spark. An aggregation grouped by a window reads the window from a projection added below it, since DuckDB
 * cannot group by a generator.
 */

import {
  cannotParseInterval,
  multipleTimeWindows,
  windowDurationOutOfRange,
  windowInputsNotLiteral,
  windowMonthInterval,
  windowParameterConstraint,
} from "../../errors/QueryCompilationErrors";
import { type Expression, semanticEquals, stripAlias, transformExpression } from "../expressions";
import { parseIntervalString } from "../parser/intervals";
import { type LogicalPlan, newPlanId } from "../plan";
import type { UnanalysedPlan } from "./Analyzer";
import { expressionSql } from "./naming";

/** A window's shape in microseconds. */
export interface TimeWindowSpec {
  readonly durationUs: number;
  readonly slideUs: number;
  readonly startUs: number;
}

/**
 * A window argument in microseconds, as Spark's TimeWindow.parseExpression reads it: an interval string or
 * literal, or an integer literal already in microseconds. `window()` refuses any other expression; a session
 * window's gap may be one (a gap per row, see `sessionGapUsSql`), for which this gives undefined.
 */
function durationOf(e: Expression | undefined): number;
function durationOf(e: Expression | undefined, session: true): number | undefined;
function durationOf(e: Expression | undefined, session = false): number | undefined {
  if (e === undefined) return 0;
  let interval: { months: number; micros: number } | undefined;
  let text = "";
  if (e.kind === "literal" && typeof e.value === "string") {
    interval = parseIntervalString(e.value);
    text = e.value;
  } else if (e.kind === "interval") {
    interval = e;
    text = e.text;
  } else if (e.kind === "literal" && (typeof e.value === "bigint" || Number.isInteger(e.value))) {
    return Number(e.value);
  } else if (!session) {
    throw windowInputsNotLiteral();
  } else {
    return undefined;
  }
  if (!interval) throw cannotParseInterval(text);
  if (interval.months !== 0) throw windowMonthInterval(text);
  return interval.micros;
}

/** The duration, slide and start of a `window(...)` call's literal arguments, checked as Spark checks them. */
export function timeWindowSpec(args: readonly Expression[]): TimeWindowSpec {
  const durationUs = durationOf(args[1]);
  const slideUs = args[2] === undefined ? durationUs : durationOf(args[2]);
  const startUs = durationOf(args[3]);
  // TimeWindow's SQL as its checks name it: the time column, then the durations in microseconds.
  const sql = `window(${expressionSql(args[0])}, ${durationUs}, ${slideUs}, ${startUs})`;
  if (durationUs <= 0) throw windowDurationOutOfRange(sql, "window_duration", durationUs);
  if (slideUs <= 0) throw windowDurationOutOfRange(sql, "slide_duration", slideUs);
  if (slideUs > durationUs)
    throw windowParameterConstraint(sql, ["slide_duration", slideUs], "<=", ["window_duration", durationUs]);
  if (Math.abs(startUs) >= slideUs)
    throw windowParameterConstraint(sql, ["abs(start_time)", Math.abs(startUs)], "<", [
      "slide_duration",
      slideUs,
    ]);
  return { durationUs, slideUs, startUs };
}

const windowStruct = (startUs: string, durationUs: number) =>
  `struct_pack("start" := make_timestamp(${startUs}), "end" := make_timestamp(${startUs} + ${durationUs}))`;

/** DuckDB SQL for `window(ts, ...)` over the compiled time column. */
export function timeWindowSql(timeSql: string, spec: TimeWindowSpec): string {
  const { durationUs, slideUs, startUs } = spec;
  const us = `epoch_us(CAST(${timeSql} AS TIMESTAMP))`;
  // The latest window start at or before the time; the double modulo keeps times before 1970 right.
  const lastStart = `(${us} - (((${us} - ${startUs}) % ${slideUs}) + ${slideUs}) % ${slideUs})`;
  if (durationUs === slideUs) {
    return `unnest(CASE WHEN ${timeSql} IS NULL THEN [] ELSE [${windowStruct(lastStart, durationUs)}] END)`;
  }
  const overlapping = Math.ceil(durationUs / slideUs);
  const candidates = `list_transform(range(0, ${overlapping}), lambda __wi: ${windowStruct(`(${lastStart} - __wi * ${slideUs})`, durationUs)})`;
  return `unnest(list_filter(${candidates}, lambda __ww: CAST(${timeSql} AS TIMESTAMP) >= __ww."start" AND CAST(${timeSql} AS TIMESTAMP) < __ww."end"))`;
}

const isTimeWindow = (e: Expression) => e.kind === "call" && e.name === "window";
const isSessionWindow = (e: Expression) => e.kind === "call" && e.name === "session_window";

/** `PARTITION BY` over the other grouping keys (none: one partition). */
const partitionBy = (keys: readonly string[]) => (keys.length > 0 ? `PARTITION BY ${keys.join(", ")}` : "");
const gapSql = (gapUs: string) => `to_microseconds(CAST(${gapUs} AS BIGINT))`;

/**
 * A session gap given per row (Spark's dynamic gap, SPARK-36465) in microseconds: an interval, or a string such as
 * '10 seconds' (an optional leading `interval`); null where it is no interval, so the row has no session.
 */
export function sessionGapUsSql([gap]: readonly string[]): string {
  const text = `regexp_replace(trim(CAST(${gap} AS VARCHAR)), '^interval\\s+', '', 'i')`;
  return `epoch_us(TIMESTAMP '1970-01-01' + TRY_CAST(${text} AS INTERVAL))`;
}

/**
 * Session windows, step 1: 1 where a row starts a session (its time is after every earlier row's session end,
 * time plus that row's gap; Spark's merge rule `start <= end` merges the rest), else 0. Args: time, gap (µs, a
 * column when it is per row), the other grouping keys.
 */
export function sessionStartFlagSql([time, gap, ...keys]: readonly string[]): string {
  const earlier = `max(${time} + ${gapSql(gap)}) OVER (${partitionBy(keys)} ORDER BY ${time} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)`;
  return `CASE WHEN ${time} <= ${earlier} THEN 0 ELSE 1 END`;
}

/** Step 2: the session's number within its keys (a running sum of step 1; a tie's starting row first). */
export function sessionNumberSql([flag, time, ...keys]: readonly string[]): string {
  return `sum(${flag}) OVER (${partitionBy(keys)} ORDER BY ${time}, ${flag} DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
}

/** Step 3: the session window `{start, end}`: first time to the latest of its rows' times plus their gaps. */
export function sessionWindowSql([time, gap, session, ...keys]: readonly string[]): string {
  const over = `OVER (${partitionBy([...keys, session])})`;
  return `struct_pack("start" := min(${time}) ${over}, "end" := max(${time} + ${gapSql(gap)}) ${over})`;
}

/**
 * An aggregation grouped by `window(...)` or `session_window(...)`: the window is computed by projections below
 * it and the aggregation groups by that column, as Spark's TimeWindowing and SessionWindowing rewrite it. A time
 * window is one projection (one row per row and window); a session window numbers each key's sessions over
 * its rows in time order (rows without a time belong to no session).
 */
export function pullOutTimeWindow(
  node: UnanalysedPlan,
  analyse: (project: UnanalysedPlan) => LogicalPlan,
): UnanalysedPlan {
  if (node.kind !== "aggregate") return node;
  const aggregate = node;
  const windows: Expression[] = [];
  for (const g of aggregate.groupBy) {
    const e = stripAlias(g);
    if ((isTimeWindow(e) || isSessionWindow(e)) && !windows.some((w) => semanticEquals(w, e)))
      windows.push(e);
  }
  if (windows.length === 0) return node;
  if (windows.length > 1) throw multipleTimeWindows();
  const window = windows[0] as Extract<Expression, { kind: "call" }>;
  const session = isSessionWindow(window);
  const defaultName = session ? "session_window" : "window";
  const child = aggregate.child;
  const name = child.schema.field(defaultName) ? `__${defaultName}` : defaultName;
  const keep = child.schema.fieldNames.map((n): Expression => ({ kind: "column", parts: [n] }));
  const project = (input: LogicalPlan, extra: Expression): LogicalPlan =>
    analyse({ kind: "project", id: newPlanId(), child: input, exprs: [...keep, extra] });
  let windowed: LogicalPlan;
  if (session) {
    const [time, gap] = window.args;
    const call = (fn: string, args: Expression[]): Expression => ({ kind: "call", name: fn, args });
    const column = (n: string): Expression => ({ kind: "column", parts: [n] });
    const fixedUs = durationOf(gap, true);
    const others = aggregate.groupBy.map(stripAlias).filter((g) => !semanticEquals(g, window));
    // A gap per row is computed once, in a column the session projections read.
    const gapColumn = "__session_gap";
    const withGap =
      fixedUs === undefined
        ? analyse({
            kind: "project",
            id: newPlanId(),
            child,
            exprs: [...keep, { kind: "alias", child: call("__session_gap_us", [gap]), name: gapColumn }],
          })
        : child;
    const gapUs: Expression = fixedUs === undefined ? column(gapColumn) : { kind: "literal", value: fixedUs };
    const carried = fixedUs === undefined ? [...keep, column(gapColumn)] : keep;
    // Spark's SessionWindowing keeps a row only if its session ends after it starts: no row has a session when
    // its gap is zero, negative or null (SPARK-36465).
    const hasTime: Expression = { kind: "isNull", child: time, negated: true };
    const timed = analyse({
      kind: "filter",
      id: newPlanId(),
      child: withGap,
      condition:
        fixedUs === undefined
          ? {
              kind: "binary",
              op: "and",
              left: hasTime,
              right: { kind: "binary", op: ">", left: gapUs, right: { kind: "literal", value: 0 } },
            }
          : fixedUs > 0
            ? hasTime
            : { kind: "literal", value: false },
    });
    const flagged = analyse({
      kind: "project",
      id: newPlanId(),
      child: timed,
      exprs: [
        ...carried,
        {
          kind: "alias",
          child: call("__session_start_flag", [time, gapUs, ...others]),
          name: "__session_flag",
        },
      ],
    });
    const numbered = analyse({
      kind: "project",
      id: newPlanId(),
      child: flagged,
      exprs: [
        ...carried,
        {
          kind: "alias",
          child: call("__session_number", [column("__session_flag"), time, ...others]),
          name: "__session_id",
        },
      ],
    });
    windowed = project(numbered, {
      kind: "alias",
      child: call("__session_window", [time, gapUs, column("__session_id"), ...others]),
      name,
    });
  } else {
    windowed = project(child, { kind: "alias", child: window, name });
  }
  const column: Expression = { kind: "column", parts: [name] };
  const replace = (e: Expression) =>
    transformExpression(e, (x) => (semanticEquals(x, window) ? column : undefined));
  const named = (e: Expression): Expression =>
    e.kind === "alias"
      ? { ...e, child: replace(e.child) }
      : isTimeWindow(e) || isSessionWindow(e)
        ? { kind: "alias", child: column, name: defaultName }
        : replace(e);
  return {
    ...node,
    child: windowed,
    groupBy: aggregate.groupBy.map(named),
    aggregates: aggregate.aggregates.map(named),
  };
}

/** The session-window column an aggregation groups by (computed by its child projection), if any. */
export function sessionWindowColumn(
  aggregate: Extract<LogicalPlan, { kind: "aggregate" }>,
): string | undefined {
  const child = aggregate.child;
  if (child.kind !== "project") return undefined;
  const item = child.exprs.find(
    (e) => e.kind === "alias" && e.child.kind === "call" && e.child.name === "__session_window",
  );
  return item?.kind === "alias" ? item.name : undefined;
}
