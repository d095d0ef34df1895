/**
 * How each aggregate function keeps running state across batches, as Spark's declarative aggregates do:
 * partial buffers computed per group over a batch, a merge of a stored buffer with a batch's, and a final
 * value. All three are SQL; the buffers are columns of the state table.
 */
import { intervalArithmeticOverflowSql } from "../errors/QueryExecutionErrors";
import {
  INTERVAL_AGGREGATES,
  intervalFromUnitsSql,
  intervalUnitsSql,
  isAnsiIntervalType,
} from "../sql/codegen/intervalAggregates";
import type { Expression } from "../sql/expressions";
import type { DataType, DayTimeIntervalType, YearMonthIntervalType } from "../sql/types";
import { hllEstimateSql, hllSketchSql, precisionFor } from "./HyperLogLog";

export interface AggregateBuffers {
  /** Aggregate SQL over the batch's rows, one per buffer. */
  readonly partial: readonly string[];
  /** SQL merging stored buffers (`state`) with a batch's (`batch`), one per buffer. */
  merge(state: readonly string[], batch: readonly string[]): string[];
  /**
   * Aggregate SQL merging the buffers of many rows at once (session windows merging sessions); `order` orders
   * the rows (a session's start) for first/last.
   */
  mergeAll(buffers: readonly string[], order: string): string[];
  /** SQL of the aggregate's value from its buffers. */
  final(buffers: readonly string[]): string;
}

const summed = ([s]: readonly string[]) => [`sum(${s})`];

const sumMerge = (s: string, b: string) =>
  `CASE WHEN ${s} IS NULL THEN ${b} WHEN ${b} IS NULL THEN ${s} ELSE ${s} + ${b} END`;

/**
 * Buffers for one aggregate call. `args` are the compiled arguments, `compiledCall` the call compiled as a batch
 * aggregate (it carries Spark's result types, e.g. sum of ints as bigint).
 */
export function aggregateBuffers(
  call: Extract<Expression, { kind: "call" }>,
  args: readonly string[],
  compiledCall: string,
  argumentType?: DataType,
): AggregateBuffers | undefined {
  const ignoreNulls = call.args[1]?.kind === "literal" && call.args[1].value === true;
  if (INTERVAL_AGGREGATES.has(call.name) && isAnsiIntervalType(argumentType)) {
    return intervalBuffers(call.name, args[0], argumentType);
  }
  switch (call.name) {
    case "count":
      return {
        partial: [compiledCall],
        merge: ([s], [b]) => [`${s} + ${b}`],
        mergeAll: summed,
        final: ([s]) => s,
      };
    case "sum":
      return {
        partial: [compiledCall],
        merge: ([s], [b]) => [sumMerge(s, b)],
        mergeAll: summed,
        final: ([s]) => s,
      };
    case "avg":
    case "mean":
      return {
        partial: [`sum(CAST(${args[0]} AS DOUBLE))`, `count(${args[0]})`],
        merge: ([s, c], [bs, bc]) => [sumMerge(s, bs), `${c} + ${bc}`],
        mergeAll: ([s, c]) => [`sum(${s})`, `sum(${c})`],
        final: ([s, c]) => `CASE WHEN ${c} = 0 THEN NULL ELSE ${s} / ${c} END`,
      };
    case "min":
      return {
        partial: [compiledCall],
        merge: ([s], [b]) => [`least(${s}, ${b})`],
        mergeAll: ([s]) => [`min(${s})`],
        final: ([s]) => s,
      };
    case "max":
      return {
        partial: [compiledCall],
        merge: ([s], [b]) => [`greatest(${s}, ${b})`],
        mergeAll: ([s]) => [`max(${s})`],
        final: ([s]) => s,
      };
    case "first":
    case "first_value":
    case "any_value":
      // The stored value came first; a new key takes the batch's (the insert, not this merge). Spark's
      // any_value is its First; its batch SQL (DuckDB's any_value) skips nulls, so its state does too.
      return {
        partial: [compiledCall],
        merge: ([s], [b]) => [ignoreNulls || call.name === "any_value" ? `coalesce(${s}, ${b})` : s],
        mergeAll: ([s], order) => [
          ignoreNulls || call.name === "any_value"
            ? `arg_min(${s}, ${order})`
            : `arg_min_null(${s}, ${order})`,
        ],
        final: ([s]) => s,
      };
    case "last":
    case "last_value":
      return {
        partial: [compiledCall],
        merge: ([s], [b]) => [ignoreNulls ? `coalesce(${b}, ${s})` : b],
        mergeAll: ([s], order) => [ignoreNulls ? `arg_max(${s}, ${order})` : `arg_max_null(${s}, ${order})`],
        final: ([s]) => s,
      };
    case "approx_count_distinct": {
      const p = precisionFor(call.args[1]?.kind === "literal" ? Number(call.args[1].value) : 0.05);
      return {
        partial: [hllSketchSql(args[0], p)],
        merge: ([s], [b]) => [`__hll_merge(${s}, ${b})`],
        mergeAll: ([s]) => [`__hll_dedupe(list_sort(flatten(list(${s}))))`],
        final: ([s]) => hllEstimateSql(s, p),
      };
    }
    case "collect_list":
      return {
        partial: [`coalesce(list(${args[0]}) FILTER (WHERE ${args[0]} IS NOT NULL), [])`],
        merge: ([s], [b]) => [`list_concat(${s}, ${b})`],
        mergeAll: ([s], order) => [`flatten(list(${s} ORDER BY ${order}))`],
        final: ([s]) => s,
      };
    case "median": {
      // Spark's median is percentile(x, 0.5): the middle value, or the mean of the two middle values.
      const x = `CAST(${args[0]} AS DOUBLE)`;
      const at = (s: string, f: string) => `list_sort(${s})[CAST(${f}((len(${s}) - 1) / 2) AS BIGINT) + 1]`;
      return {
        partial: [`coalesce(list(${x}) FILTER (WHERE ${x} IS NOT NULL), [])`],
        merge: ([s], [b]) => [`list_concat(${s}, ${b})`],
        mergeAll: ([s]) => [`flatten(list(${s}))`],
        final: ([s]) =>
          `CASE WHEN len(${s}) = 0 THEN NULL ELSE (${at(s, "floor")} + ${at(s, "ceil")}) / 2 END`,
      };
    }
    case "percentile":
    case "percentile_approx":
    case "approx_percentile": {
      // One percentage (not an array of them, nor percentile's frequency), as a literal: the values are kept in
      // state, as for median. percentile interpolates between the two values around p * (n - 1); Spark's
      // percentile_approx answers with the value of rank ceil(p * n), exactly for fewer values than its accuracy.
      const p = call.args[1]?.kind === "literal" ? Number(call.args[1].value) : Number.NaN;
      if (!Number.isFinite(p) || call.args.length > (call.name === "percentile" ? 2 : 3)) return undefined;
      const exact = call.name === "percentile";
      const x = exact ? `CAST(${args[0]} AS DOUBLE)` : args[0];
      const at = (s: string, index: string) => `list_sort(${s})[CAST(${index} AS BIGINT) + 1]`;
      const value = (s: string) => {
        if (!exact) return at(s, `greatest(ceil(${p} * len(${s})), 1) - 1`);
        const position = `(${p} * (len(${s}) - 1))`;
        const lower = at(s, `floor(${position})`);
        return `${lower} + (${position} - floor(${position})) * (${at(s, `ceil(${position})`)} - ${lower})`;
      };
      return {
        partial: [`coalesce(list(${x}) FILTER (WHERE ${x} IS NOT NULL), [])`],
        merge: ([s], [b]) => [`list_concat(${s}, ${b})`],
        mergeAll: ([s]) => [`flatten(list(${s}))`],
        final: ([s]) => `CASE WHEN len(${s}) = 0 THEN NULL ELSE ${value(s)} END`,
      };
    }
    case "mode":
      // Spark's Mode counts each value: the values are kept in state, the most frequent one taken at the end.
      return call.args.length > 1
        ? undefined
        : {
            partial: [`coalesce(list(${args[0]}) FILTER (WHERE ${args[0]} IS NOT NULL), [])`],
            merge: ([s], [b]) => [`list_concat(${s}, ${b})`],
            mergeAll: ([s]) => [`flatten(list(${s}))`],
            final: ([s]) => `list_aggregate(${s}, 'mode')`,
          };
    case "collect_set":
      return {
        partial: [`coalesce(list(DISTINCT ${args[0]}) FILTER (WHERE ${args[0]} IS NOT NULL), [])`],
        merge: ([s], [b]) => [`list_distinct(list_concat(${s}, ${b}))`],
        mergeAll: ([s]) => [`list_distinct(flatten(list(${s})))`],
        final: ([s]) => s,
      };
    case "count_if":
      return {
        partial: [`count_if(${args[0]})`],
        merge: ([s], [b]) => [`${s} + ${b}`],
        mergeAll: summed,
        final: ([s]) => s,
      };
    case "bool_and":
    case "every":
      return {
        partial: [`bool_and(${args[0]})`],
        merge: ([s], [b]) => [`(${s} AND ${b})`],
        mergeAll: ([s]) => [`bool_and(${s})`],
        final: ([s]) => s,
      };
    case "bool_or":
    case "some":
      return {
        partial: [`bool_or(${args[0]})`],
        merge: ([s], [b]) => [`(${s} OR ${b})`],
        mergeAll: ([s]) => [`bool_or(${s})`],
        final: ([s]) => s,
      };
    case "bit_and":
    case "bit_or":
    case "bit_xor":
    case "product": {
      // Spark's BitAggregates and Product skip nulls: null until a value comes, then the values combined.
      const combine = { bit_and: "&", bit_or: "|", bit_xor: "xor", product: "*" }[call.name]!;
      const both = (s: string, b: string) =>
        combine === "xor" ? `xor(${s}, ${b})` : `(${s} ${combine} ${b})`;
      return {
        partial: [compiledCall],
        merge: ([s], [b]) => [
          `CASE WHEN ${s} IS NULL THEN ${b} WHEN ${b} IS NULL THEN ${s} ELSE ${both(s, b)} END`,
        ],
        mergeAll: ([s]) => [`${call.name}(${s})`],
        final: ([s]) => s,
      };
    }
    case "covar_pop":
    case "covar_samp":
    case "corr":
    case "regr_count":
    case "regr_avgx":
    case "regr_avgy":
    case "regr_sxx":
    case "regr_syy":
    case "regr_sxy":
    case "regr_slope":
    case "regr_intercept":
    case "regr_r2": {
      // Spark's Covariance, Corr and regr_* count the rows where both values are set; the sums give its
      // co-moments.
      const [x, y] = args.map((a) => `CAST(${a} AS DOUBLE)`);
      const both = `${x} IS NOT NULL AND ${y} IS NOT NULL`;
      const over = (e: string) => `sum(${e}) FILTER (WHERE ${both})`;
      return {
        partial: [
          `count(*) FILTER (WHERE ${both})`,
          over(x),
          over(y),
          over(`${x} * ${y}`),
          over(`${x} * ${x}`),
          over(`${y} * ${y}`),
        ],
        merge: ([n, ...sums], [bn, ...bsums]) => [
          `${n} + ${bn}`,
          ...sums.map((s, i) => sumMerge(s, bsums[i])),
        ],
        mergeAll: (buffers) => buffers.map((b) => `sum(${b})`),
        final: ([n, sx, sy, sxy, sxx, syy]) => {
          if (call.name.startsWith("regr_")) return regression(call.name, n, sx, sy, sxy, sxx, syy);
          const ck = `(${sxy} - ${sx} * ${sy} / ${n})`;
          if (call.name === "covar_pop") return `CASE WHEN ${n} = 0 THEN NULL ELSE ${ck} / ${n} END`;
          if (call.name === "covar_samp") return `CASE WHEN ${n} <= 1 THEN NULL ELSE ${ck} / (${n} - 1) END`;
          const moments = `(${sxx} - ${sx} * ${sx} / ${n}) * (${syy} - ${sy} * ${sy} / ${n})`;
          return `CASE WHEN ${n} <= 1 THEN NULL ELSE ${ck} / sqrt(${moments}) END`;
        },
      };
    }
    case "skewness":
    case "kurtosis": {
      // Spark's CentralMomentAgg: sqrt(n) * m3 / m2^1.5 and n * m4 / m2^2 - 3 over the central moment sums, null
      // over no value or where all values are equal. The power sums give those sums.
      const x = `CAST(${args[0]} AS DOUBLE)`;
      return {
        partial: [
          `count(${x})`,
          `sum(${x})`,
          `sum(power(${x}, 2))`,
          `sum(power(${x}, 3))`,
          `sum(power(${x}, 4))`,
        ],
        merge: ([n, ...sums], [bn, ...bsums]) => [
          `${n} + ${bn}`,
          ...sums.map((s, i) => sumMerge(s, bsums[i])),
        ],
        mergeAll: (buffers) => buffers.map((b) => `sum(${b})`),
        final: ([n, s1, s2, s3, s4]) => {
          const mean = `(${s1} / ${n})`;
          const m2 = `(${s2} - ${s1} * ${mean})`;
          const m3 = `(${s3} - 3 * ${mean} * ${s2} + 2 * ${s1} * power(${mean}, 2))`;
          const m4 = `(${s4} - 4 * ${mean} * ${s3} + 6 * power(${mean}, 2) * ${s2} - 3 * ${s1} * power(${mean}, 3))`;
          const value =
            call.name === "skewness"
              ? `sqrt(${n}) * ${m3} / power(${m2}, 1.5)`
              : `${n} * ${m4} / (${m2} * ${m2}) - 3`;
          return `CASE WHEN ${n} = 0 OR ${m2} = 0 THEN NULL ELSE ${value} END`;
        },
      };
    }
    case "stddev":
    case "stddev_samp":
    case "stddev_pop":
    case "variance":
    case "var_samp":
    case "var_pop": {
      const x = `CAST(${args[0]} AS DOUBLE)`;
      const population = call.name.endsWith("_pop");
      const root = call.name.startsWith("stddev");
      return {
        partial: [`count(${x})`, `sum(${x})`, `sum(${x} * ${x})`],
        merge: ([n, s, q], [bn, bs, bq]) => [`${n} + ${bn}`, sumMerge(s, bs), sumMerge(q, bq)],
        mergeAll: (buffers) => buffers.map((b) => `sum(${b})`),
        final: ([n, s, q]) => {
          const variance = `((${q} - ${s} * ${s} / ${n}) / (${n}${population ? "" : " - 1"}))`;
          const guard = population ? `${n} = 0` : `${n} <= 1`;
          return `CASE WHEN ${guard} THEN NULL ELSE ${root ? `sqrt(greatest(${variance}, 0))` : variance} END`;
        },
      };
    }
    case "max_by":
    case "min_by": {
      const pick = call.name === "max_by" ? ">" : "<";
      return {
        partial: [
          `${call.name === "max_by" ? "arg_max" : "arg_min"}(${args[0]}, ${args[1]})`,
          `${call.name === "max_by" ? "max" : "min"}(${args[1]})`,
        ],
        merge: ([v, o], [bv, bo]) => [
          `CASE WHEN ${o} IS NULL OR ${bo} ${pick} ${o} THEN ${bv} ELSE ${v} END`,
          `${call.name === "max_by" ? "greatest" : "least"}(${o}, ${bo})`,
        ],
        mergeAll: ([v, o]) => [
          `${call.name === "max_by" ? "arg_max" : "arg_min"}(${v}, ${o})`,
          `${call.name === "max_by" ? "max" : "min"}(${o})`,
        ],
        final: ([v]) => v,
      };
    }
    case "percentile_cont":
    case "percentile_disc": {
      // Every value kept in state, as Spark's Percentile keeps its counts; the percentile of the sorted list.
      const order = call.args[1];
      if (order?.kind !== "sortOrder" || args[1] === undefined) return undefined;
      const x = `CAST(${args[1].replace(/ (ASC|DESC) NULLS (FIRST|LAST)$/, "")} AS DOUBLE)`;
      const p = `CAST(${args[0]} AS DOUBLE)`;
      const sorted = (s: string) => `list_sort(${s}, '${order.ascending ? "ASC" : "DESC"}')`;
      const final =
        call.name === "percentile_cont"
          ? (s: string) => {
              const at = `(${p} * (len(${s}) - 1))`;
              const nth = (f: string) => `${sorted(s)}[CAST(${f}(${at}) AS BIGINT) + 1]`;
              return `(${nth("floor")} + (${at} - floor(${at})) * (${nth("ceil")} - ${nth("floor")}))`;
            }
          : (s: string) => `${sorted(s)}[greatest(1, CAST(ceil(${p} * len(${s})) AS BIGINT))]`;
      return {
        partial: [`coalesce(list(${x}) FILTER (WHERE ${x} IS NOT NULL), [])`],
        merge: ([s], [b]) => [`list_concat(${s}, ${b})`],
        mergeAll: ([s]) => [`flatten(list(${s}))`],
        final: ([s]) => `CASE WHEN len(${s}) = 0 THEN NULL ELSE ${final(s)} END`,
      };
    }
    case "try_sum":
    case "try_avg": {
      // Spark's TrySum keeps whether the input was empty beside the sum: a null sum over values is an
      // overflow, and stays null whatever comes after.
      const overflowed = (s: string, c: string) => `(${s} IS NULL AND ${c} > 0)`;
      const merged = (s: string, c: string, b: string, bc: string) =>
        `CASE WHEN ${overflowed(s, c)} OR ${overflowed(b, bc)} THEN NULL ELSE TRY(${sumMerge(s, b)}) END`;
      if (call.name === "try_sum") {
        return {
          partial: [compiledCall, `count(${args[0]})`],
          merge: ([s, c], [b, bc]) => [merged(s, c, b, bc), `${c} + ${bc}`],
          mergeAll: ([s, c]) => [
            `CASE WHEN bool_or(${overflowed(s, c)}) THEN NULL ELSE TRY(sum(${s})) END`,
            `sum(${c})`,
          ],
          final: ([s]) => s,
        };
      }
      // try_avg over integers and floating point is a double average, which cannot overflow.
      return {
        partial: [`sum(CAST(${args[0]} AS DOUBLE))`, `count(${args[0]})`],
        merge: ([s, c], [bs, bc]) => [sumMerge(s, bs), `${c} + ${bc}`],
        mergeAll: ([s, c]) => [`sum(${s})`, `sum(${c})`],
        final: ([s, c]) => `CASE WHEN ${c} = 0 THEN NULL ELSE ${s} / ${c} END`,
      };
    }
    default:
      return undefined;
  }
}

/**
 * Spark's regr_* of (y, x) from the count and sums over the pairs where both are set (`s0` of y, `s1` of x): null
 * over no pair, and the slope, intercept and r2 where x does not vary; r2 is 1 where y does not.
 */
function regression(
  name: string,
  n: string,
  sy: string,
  sx: string,
  sxy: string,
  syy: string,
  sxx: string,
): string {
  const Sxx = `(${sxx} - ${sx} * ${sx} / ${n})`;
  const Syy = `(${syy} - ${sy} * ${sy} / ${n})`;
  const Sxy = `(${sxy} - ${sx} * ${sy} / ${n})`;
  const value: Record<string, string> = {
    regr_avgx: `${sx} / ${n}`,
    regr_avgy: `${sy} / ${n}`,
    regr_sxx: Sxx,
    regr_syy: Syy,
    regr_sxy: Sxy,
  };
  if (name === "regr_count") return n;
  if (value[name]) return `CASE WHEN ${n} = 0 THEN NULL ELSE ${value[name]} END`;
  const slope = `${Sxy} / ${Sxx}`;
  const fitted =
    name === "regr_slope"
      ? slope
      : name === "regr_intercept"
        ? `${sy} / ${n} - ${slope} * ${sx} / ${n}`
        : `CASE WHEN ${Syy} = 0 THEN 1.0 ELSE ${Sxy} * ${Sxy} / (${Sxx} * ${Syy}) END`;
  return `CASE WHEN ${n} = 0 OR ${Sxx} = 0 THEN NULL ELSE ${fitted} END`;
}

/**
 * sum, avg, try_sum and try_avg of an ANSI interval: the sum of its microseconds or months (a bigint, null once it
 * overflows) and the count of values, which tells an overflow (a null sum over values) from an empty group. The
 * value is made, or the overflow raised, at the end.
 */
function intervalBuffers(
  name: string,
  x: string,
  type: DayTimeIntervalType | YearMonthIntervalType,
): AggregateBuffers {
  const average = !(name === "sum" || name === "try_sum");
  const overflowed = (s: string, c: string) => `(${s} IS NULL AND ${c} > 0)`;
  const fail = name.startsWith("try_") ? "NULL" : intervalArithmeticOverflowSql("try_add");
  return {
    partial: [`TRY_CAST(sum(${intervalUnitsSql(x, type)}) AS BIGINT)`, `count(${x})`],
    merge: ([s, c], [b, bc]) => [
      `CASE WHEN ${overflowed(s, c)} OR ${overflowed(b, bc)} THEN NULL ELSE TRY_CAST(CAST(coalesce(${s}, 0) AS HUGEINT) + coalesce(${b}, 0) AS BIGINT) END`,
      `${c} + ${bc}`,
    ],
    mergeAll: ([s, c]) => [
      `CASE WHEN bool_or(${overflowed(s, c)}) THEN NULL ELSE TRY_CAST(sum(CAST(${s} AS HUGEINT)) AS BIGINT) END`,
      `sum(${c})`,
    ],
    final: ([s, c]) =>
      `CASE WHEN ${c} = 0 THEN NULL WHEN ${s} IS NULL THEN ${fail} ELSE ${intervalFromUnitsSql(name, type, s, average ? c : undefined)} END`,
  };
}
