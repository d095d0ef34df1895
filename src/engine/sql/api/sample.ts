/**
 * Spark's Dataset.sample and randomSplit: Sample plan nodes over the DataFrame, checked as Spark's Sample checks
 * its fraction. A seed makes the rows repeatable; without one each call draws its own.
 */
import {
  randomSplitWeights,
  sampleFractionNegative,
  sampleFractionOutOfRange,
} from "../../errors/QueryExecutionErrors";
import type { DataFrame } from "./DataFrame";
import { formatDouble } from "./showString";

/** Spark's RandomSampler.roundingEpsilon: the slack its fraction checks allow for rounding. */
const ROUNDING_EPSILON = 1e-6;

/** A seed as Spark's `Utils.random.nextLong` draws one where none is given. */
export function randomSeed(): number {
  return Math.floor(Math.random() * Number.MAX_SAFE_INTEGER);
}

export function sample(
  df: DataFrame,
  lowerBound: number,
  upperBound: number,
  withReplacement: boolean,
  seed: number,
  ordered = false,
): DataFrame {
  const fraction = upperBound - lowerBound;
  if (withReplacement && !(fraction >= -ROUNDING_EPSILON))
    throw sampleFractionNegative(formatDouble(fraction));
  if (!withReplacement && !(fraction >= -ROUNDING_EPSILON && fraction <= 1 + ROUNDING_EPSILON))
    throw sampleFractionOutOfRange(formatDouble(fraction));
  return df.derive((child) => ({
    kind: "sample",
    child,
    lowerBound,
    upperBound,
    withReplacement,
    seed,
    ordered,
  }));
}

/**
 * Splits at the normalised weights' running sums: split i keeps the rows whose random number falls in
 * [sum(w < i), sum(w <= i)), the same number for every split of one seed, so the splits are disjoint and cover
 * the input.
 */
export function randomSplit(df: DataFrame, weights: readonly number[], seed: number): DataFrame[] {
  const shown = weights.map(formatDouble);
  if (weights.some((w) => !(w >= 0))) throw randomSplitWeights(shown, true);
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw randomSplitWeights(shown, false);
  const bounds = [0];
  for (const w of weights) bounds.push(bounds[bounds.length - 1] + w / total);
  return weights.map((_, i) => sample(df, bounds[i], bounds[i + 1], false, seed, true));
}
