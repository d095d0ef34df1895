/**
 * Spark's Sample in DuckDB SQL. Each row's random number is a hash of the seed and the row's number, so the same
 * seed over the same input keeps the same rows (DuckDB's own sampling is not repeatable across queries). Without
 * replacement a row is kept where the number falls in [lowerBound, upperBound), as Spark's BernoulliCellSampler
 * does; with replacement it is repeated a Poisson-distributed number of times, read off the number by inverting
 * the Poisson distribution, as Spark's PoissonSampler draws it.
 */
import { quoteIdentifier } from "../../duckdb/DuckDB";
import type { LogicalPlan } from "../plan";
import { AtomicType } from "../types";

type SampleNode = Extract<LogicalPlan, { kind: "sample" }>;

const U = "__sluice_sample_u";
const K = "__sluice_sample_k";
const I = "__sluice_sample_i";

/** `from` (a subquery with the child's columns) sampled as `node` says. */
export function sampleSql(node: SampleNode, from: string): string {
  const fields = node.child.schema.fields;
  const names = fields.map((f) => f.name.toLowerCase());
  const orderBy = node.ordered
    ? fields
        .filter(
          (f, i) =>
            f.dataType instanceof AtomicType && names.indexOf(names[i]) === names.lastIndexOf(names[i]),
        )
        .map((f) => quoteIdentifier(f.name))
    : [];
  const over = orderBy.length > 0 ? `ORDER BY ${orderBy.join(", ")}` : "";
  const seed = BigInt.asIntN(64, BigInt(Math.trunc(node.seed)));
  const numbered = `SELECT *, hash(row_number() OVER (${over}), ${seed}) / 18446744073709551616.0 AS ${U} FROM ${from}`;
  if (!node.withReplacement)
    return `SELECT * EXCLUDE (${U}) FROM (${numbered}) WHERE ${U} >= ${node.lowerBound} AND ${U} < ${node.upperBound}`;
  const counted = `SELECT * EXCLUDE (${U}), ${poissonDraw(U, node.upperBound - node.lowerBound)} AS ${K} FROM (${numbered})`;
  return `SELECT * EXCLUDE (${K}, ${I}) FROM (SELECT *, unnest(range(${K})) AS ${I} FROM (${counted}))`;
}

/** The Poisson(mean) value whose cumulative probability first exceeds `u`: a CASE over the distribution. */
function poissonDraw(u: string, mean: number): string {
  if (mean <= 0) return "0";
  const arms: string[] = [];
  let p = Math.exp(-mean);
  let cumulative = p;
  let k = 0;
  // Up to where the remaining probability is below a double's resolution near 1.
  while (1 - cumulative > 1e-15 && k < mean + 50 * Math.sqrt(mean) + 50) {
    arms.push(`WHEN ${u} < ${cumulative} THEN ${k}`);
    k += 1;
    p *= mean / k;
    cumulative += p;
  }
  return `CASE ${arms.join(" ")} ELSE ${k} END`;
}
