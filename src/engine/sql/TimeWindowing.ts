/**
 * Spark's TimeWindowing rule: `window(ts, duration[, slide[, start]])` assigns each row to the event-time windows
 * containing it, as a struct `{start, end}`. A tumbling window is one struct per row; a sliding window is several,
 * so it is a generator (DuckDB's `unnest`). Rows whose time is null belong to no window and are dropped, as in
 * Spark. An aggregation grouped by a window reads the window from a projection added below it, since DuckDB
 * cannot group by a generator.
 */
import type { UnanalysedPlan } from "./Analyzer";
import { AnalysisException } from "./errors";
import { type Expression, semanticEquals, stripAlias, transformExpression } from "./expressions";
import { parseIntervalString } from "./parser";
import { type LogicalPlan, newPlanId } from "./plan";

/** A window's shape in microseconds. */
export interface TimeWindowSpec {
  readonly durationUs: number;
  readonly slideUs: number;
  readonly startUs: number;
}

function durationOf(e: Expression | undefined, what: string): number {
  if (e === undefined) return 0;
  let interval: { months: number; micros: number } | undefined;
  if (e.kind === "literal" && typeof e.value === "string") interval = parseIntervalString(e.value);
  else if (e.kind === "interval") interval = e;
  if (!interval) {
    throw new AnalysisException(
      `The ${what} of a window must be an interval string such as '10 minutes'.`,
      "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
    );
  }
  if (interval.months !== 0) {
    throw new AnalysisException(
      `Intervals greater than a month is not supported (${what} of the window).`,
      "_LEGACY_ERROR_TEMP_2310",
    );
  }
  return interval.micros;
}

/** The duration, slide and start of a `window(...)` call's literal arguments, checked as Spark checks them. */
export function timeWindowSpec(args: readonly Expression[]): TimeWindowSpec {
  const durationUs = durationOf(args[1], "windowDuration");
  const slideUs = args[2] === undefined ? durationUs : durationOf(args[2], "slideDuration");
  const startUs = durationOf(args[3], "startTime");
  if (durationUs <= 0)
    throw new AnalysisException(
      `The window duration (${durationUs}) must be greater than 0.`,
      "_LEGACY_ERROR_TEMP_2309",
    );
  if (slideUs <= 0)
    throw new AnalysisException(
      `The slide duration (${slideUs}) must be greater than 0.`,
      "_LEGACY_ERROR_TEMP_2309",
    );
  if (slideUs > durationUs)
    throw new AnalysisException(
      `The slide duration (${slideUs}) must be less than or equal to the windowDuration (${durationUs}).`,
      "_LEGACY_ERROR_TEMP_2309",
    );
  if (Math.abs(startUs) >= slideUs)
    throw new AnalysisException(
      `The absolute value of start time (${startUs}) must be less than the slideDuration (${slideUs}).`,
      "_LEGACY_ERROR_TEMP_2309",
    );
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

/**
 * An aggregation grouped by `window(...)`: the window is computed by a projection below it (one row per row
 * and window) and the aggregation groups by that column, as Spark's TimeWindowing rewrites it.
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
    if (isTimeWindow(e) && !windows.some((w) => semanticEquals(w, e))) windows.push(e);
  }
  if (windows.length === 0) return node;
  if (windows.length > 1) {
    throw new AnalysisException(
      "Multiple time/session window expressions would result in a cartesian product of rows, therefore they are currently not supported.",
      "_LEGACY_ERROR_TEMP_1049",
    );
  }
  const child = aggregate.child;
  const name = child.schema.field("window") ? "__window" : "window";
  const project = analyse({
    kind: "project",
    id: newPlanId(),
    child,
    exprs: [
      ...child.schema.fieldNames.map((n): Expression => ({ kind: "column", parts: [n] })),
      { kind: "alias", child: windows[0], name },
    ],
  });
  const column: Expression = { kind: "column", parts: [name] };
  const replace = (e: Expression) =>
    transformExpression(e, (x) => (semanticEquals(x, windows[0]) ? column : undefined));
  const named = (e: Expression): Expression =>
    e.kind === "alias"
      ? { ...e, child: replace(e.child) }
      : isTimeWindow(e)
        ? { kind: "alias", child: column, name: "window" }
        : replace(e);
  return {
    ...node,
    child: project,
    groupBy: aggregate.groupBy.map(named),
    aggregates: aggregate.aggregates.map(named),
  };
}
