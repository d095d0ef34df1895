/**
 * HyperLogLog++ for `approx_count_distinct`, as SQL so rows are never touched in JavaScript. A sketch is a
 * sorted list of register codes (`index * 64 + (63 - rank)`, one per non-empty register): sparse while small,
 * mergeable across batches (streaming state keeps it), and estimated with HLL++'s rules (linear counting below
 * the threshold for the precision, the harmonic-mean estimate above). Spark's default relative standard
 * deviation of 5% gives precision 9 (512 registers).
 */
import { hllTooFewBits, invalidRelativeSD } from "../errors/QueryExecutionErrors";

/** Spark's precision for a relative standard deviation: ceil(2 * log2(1.106 / rsd)). */
export function precisionFor(rsd: number): number {
  if (!(rsd > 0 && rsd < 1)) throw invalidRelativeSD(rsd);
  const p = Math.ceil(2 * Math.log2(1.106 / rsd));
  if (p < 4) throw hllTooFewBits();
  return Math.min(p, 18);
}

/** HLL++'s thresholds below which linear counting is used (Heule et al. 2013, appendix), by precision. */
const THRESHOLDS: Record<number, number> = {
  4: 10,
  5: 20,
  6: 40,
  7: 80,
  8: 220,
  9: 400,
  10: 900,
  11: 1800,
  12: 3100,
  13: 6500,
  14: 11500,
  15: 20000,
  16: 50000,
  17: 120000,
  18: 350000,
};

/** Macros every session installs in DuckDB. */
export const HLL_MACROS: readonly string[] = [
  // Keeps the first (highest-rank) code per register of a sorted code list. Each code is paired with the one
  // before it (list_zip) so that no lambda refers to the whole list, which DuckDB would copy per element.
  "CREATE OR REPLACE MACRO __hll_dedupe(l) AS list_transform(list_filter(list_zip(l, list_concat([NULL], list_slice(l, 1, len(l) - 1))), lambda z: z[2] IS NULL OR z[1] // 64 <> z[2] // 64), lambda z: z[1])",
  "CREATE OR REPLACE MACRO __hll_merge(a, b) AS __hll_dedupe(list_sort(list_concat(coalesce(a, []), coalesce(b, []))))",
];

/** SQL for one value's register code at precision p (NULL for NULL values, which are not counted). */
export function hllCodeSql(valueSql: string, p: number): string {
  const h = `hash(${valueSql})`;
  const rest = `(${h} % CAST(${2n ** BigInt(64 - p)} AS UBIGINT))`;
  const rank = `CASE WHEN ${rest} = 0 THEN ${64 - p + 1} ELSE ${64 - p} - CAST(floor(log2(CAST(${rest} AS DOUBLE))) AS INTEGER) END`;
  return `CASE WHEN (${valueSql}) IS NULL THEN NULL ELSE CAST((${h} >> ${64 - p}) * 64 + (63 - (${rank})) AS INTEGER) END`;
}

/** Aggregate SQL building a sketch over a group's rows. */
export function hllSketchSql(valueSql: string, p: number): string {
  return `__hll_dedupe(list_sort(list(DISTINCT ${hllCodeSql(valueSql, p)})))`;
}

/** SQL estimating the number of distinct values from a sketch, as a bigint. */
export function hllEstimateSql(sketchSql: string, p: number): string {
  const m = 2 ** p;
  const alpha = m === 16 ? 0.673 : m === 32 ? 0.697 : m === 64 ? 0.709 : 0.7213 / (1 + 1.079 / m);
  const s = `coalesce(${sketchSql}, [])`;
  const zeros = `(${m} - len(${s}))`;
  const harmonic = `(${zeros} + coalesce(list_sum(list_transform(${s}, lambda c: pow(2, -(63 - c % 64)))), 0))`;
  const raw = `(${alpha * m * m} / ${harmonic})`;
  const linear = `(${m} * ln(${m} / ${zeros}))`;
  return `CAST(round(CASE WHEN ${zeros} > 0 AND ${linear} <= ${Math.max(THRESHOLDS[p] ?? 0, 2.5 * m)} THEN ${linear} ELSE ${raw} END) AS BIGINT)`;
}
