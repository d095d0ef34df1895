/**
 * Spark's inverse distribution functions, `percentile_cont(p) WITHIN GROUP (ORDER BY x [DESC])` and
 * `percentile_disc(...)` (PercentileCont, PercentileDisc): doubles, nulls left out, null over no values.
 * percentile_cont interpolates between the two values around p; percentile_disc is the value of rank
 * ceil(p * n) in the ordering (DuckDB's quantile_disc). Descending, percentile_cont is the ascending one at
 * 1 - p; percentile_disc counts from the top, which is the ascending rank over the negated values. Over a window
 * they take neither ORDER BY nor a frame (INVALID_WINDOW_SPEC_FOR_AGGREGATION_FUNC).
 */
import {
  invalidWindowSpecForAggregationFunc,
  invalidWithinGroupExpression,
} from "../../errors/QueryCompilationErrors";
import { expressionSql } from "../analysis/naming";
import type { Expression } from "../expressions";
import type { FunctionSpec } from "./functionSpecs";

/** The column and direction of the call's WITHIN GROUP ordering, from its compiled `x ASC NULLS FIRST`. */
function ordering(name: string, args: readonly string[], raw: readonly Expression[]) {
  const order = raw[1];
  if (order?.kind !== "sortOrder") throw invalidWithinGroupExpression("WITHIN_GROUP_MISSING", name);
  const child = args[1].replace(/ (ASC|DESC) NULLS (FIRST|LAST)$/, "");
  return { x: `CAST(${child} AS DOUBLE)`, p: args[0], descending: !order.ascending, order };
}

function inverseDistribution(name: "percentile_cont" | "percentile_disc"): FunctionSpec {
  const aggregate = (args: readonly string[], raw: readonly Expression[], over?: string): string => {
    const { x, p, descending } = ordering(name, args, raw);
    const window = over === undefined ? "" : ` OVER (${over})`;
    if (name === "percentile_cont")
      return `quantile_cont(${x}, ${descending ? `1 - CAST(${p} AS DOUBLE)` : p})${window}`;
    return descending ? `(- (quantile_disc(- ${x}, ${p})${window}))` : `quantile_disc(${x}, ${p})${window}`;
  };
  return {
    sql: (args, raw) => aggregate(args, raw),
    windowed: (args, raw, over) => {
      const { order } = ordering(name, args, raw);
      if (/\b(ORDER BY|ROWS|RANGE)\b/.test(over))
        throw invalidWindowSpecForAggregationFunc(
          `${name}(${expressionSql(order.child)}, ${expressionSql(raw[0])})`,
        );
      return aggregate(args, raw, over);
    },
    minArgs: 1,
    maxArgs: 2,
    aggregate: true,
  };
}

export const PERCENTILE_FUNCTIONS: Record<string, FunctionSpec> = {
  percentile_cont: inverseDistribution("percentile_cont"),
  percentile_disc: inverseDistribution("percentile_disc"),
};

/** Spark's name of a call: `percentile_cont(0.25) WITHIN GROUP (ORDER BY v DESC)`. */
export function withinGroupName(e: Extract<Expression, { kind: "call" }>): string | undefined {
  const order = e.args[1];
  if (!(e.name in PERCENTILE_FUNCTIONS) || order?.kind !== "sortOrder" || !e.args[0]) return undefined;
  return `${e.name}(${expressionSql(e.args[0])}) WITHIN GROUP (ORDER BY ${expressionSql(order.child)}${order.ascending ? "" : " DESC"})`;
}
