/**
 * Spark's math and bitwise functions as DuckDB SQL, with Spark's results where DuckDB's differ (null or NaN
 * outside a function's domain, integral floor and ceil).
 */

import { ANY, type FunctionSpec, fn, I, N, nullary, partially, sqlOf } from "./functionSpecs";
import { normalSql, SEEDED_NOTE, seedOf, uniformSql } from "./seededRandom";

/** `log` and `sqrt` of values outside their domain are null (log) or NaN (sqrt) in Spark, errors in DuckDB. */
const positiveOnly = (f: string) =>
  sqlOf((a) => `(CASE WHEN ${a[0]} > 0 THEN ${f}(${a[0]}) END)`, ["numeric"]);

export const MATH_FUNCTIONS: Record<string, FunctionSpec> = {
  abs: fn("abs", [N]),
  round: sqlOf((a) => `round(${a[0]}, ${a[1] ?? 0})`, [N, I], 1, 2),
  bround: sqlOf((a) => `round_even(${a[0]}, ${a[1] ?? 0})`, [N, I], 1, 2),
  rint: sqlOf((a) => `CAST(round_even(${a[0]}, 0) AS DOUBLE)`, [N]),
  floor: sqlOf((a) => `CAST(floor(${a[0]}) AS BIGINT)`, [N]),
  ceil: sqlOf((a) => `CAST(ceil(${a[0]}) AS BIGINT)`, [N]),
  sqrt: sqlOf((a) => `(CASE WHEN ${a[0]} < 0 THEN CAST('NaN' AS DOUBLE) ELSE sqrt(${a[0]}) END)`, [N]),
  cbrt: fn("cbrt", [N]),
  exp: fn("exp", [N]),
  expm1: sqlOf((a) => `(exp(${a[0]}) - 1)`, [N]),
  ln: positiveOnly("ln"),
  log10: positiveOnly("log10"),
  log2: positiveOnly("log2"),
  log1p: sqlOf((a) => `(CASE WHEN ${a[0]} > -1 THEN ln(1 + ${a[0]}) END)`, [N]),
  log: sqlOf(
    (a) =>
      a.length === 1
        ? `(CASE WHEN ${a[0]} > 0 THEN ln(${a[0]}) END)`
        : `(CASE WHEN ${a[0]} > 0 AND ${a[1]} > 0 THEN ln(${a[1]}) / ln(${a[0]}) END)`,
    [N, N],
    1,
    2,
  ),
  pow: sqlOf((a) => `pow(CAST(${a[0]} AS DOUBLE), ${a[1]})`, [N, N]),
  pmod: sqlOf((a) => `(((${a[0]} % ${a[1]}) + ${a[1]}) % ${a[1]})`, [N, N]),
  mod: sqlOf((a) => `(${a[0]} % ${a[1]})`, [N, N]),
  div: sqlOf((a) => `CAST(${a[0]} // ${a[1]} AS BIGINT)`, [N, N]),
  try_divide: sqlOf((a) => `(CASE WHEN ${a[1]} = 0 THEN NULL ELSE ${a[0]} / ${a[1]} END)`, [N, N]),
  signum: sqlOf((a) => `CAST(sign(${a[0]}) AS DOUBLE)`, [N]),
  negative: sqlOf((a) => `(-${a[0]})`, [N]),
  positive: sqlOf((a) => `(+${a[0]})`, [N]),
  // Seeded, the same seed gives the same numbers run after run (seededRandom.ts); not Spark's sequence.
  rand: partially(
    { sql: (_a, raw) => uniformSql(seedOf(raw[0], "rand")), minArgs: 0, maxArgs: 1 },
    SEEDED_NOTE,
  ),
  randn: partially(
    { sql: (_a, raw) => normalSql(seedOf(raw[0], "randn")), minArgs: 0, maxArgs: 1 },
    SEEDED_NOTE,
  ),
  pi: nullary("pi()"),
  e: nullary("exp(1)"),
  sin: fn("sin", [N]),
  cos: fn("cos", [N]),
  tan: fn("tan", [N]),
  cot: fn("cot", [N]),
  asin: fn("asin", [N]),
  acos: fn("acos", [N]),
  atan: fn("atan", [N]),
  atan2: fn("atan2", [N, N]),
  asinh: fn("asinh", [N]),
  acosh: sqlOf((a) => `(CASE WHEN ${a[0]} >= 1 THEN acosh(${a[0]}) ELSE CAST('NaN' AS DOUBLE) END)`, [N]),
  atanh: sqlOf(
    (a) =>
      `(CASE WHEN abs(${a[0]}) < 1 THEN atanh(${a[0]}) WHEN ${a[0]} = 1 THEN CAST('Infinity' AS DOUBLE) WHEN ${a[0]} = -1 THEN CAST('-Infinity' AS DOUBLE) ELSE CAST('NaN' AS DOUBLE) END)`,
    [N],
  ),
  sec: sqlOf((a) => `(1 / cos(CAST(${a[0]} AS DOUBLE)))`, [N]),
  csc: sqlOf((a) => `(1 / sin(CAST(${a[0]} AS DOUBLE)))`, [N]),
  hypot: sqlOf((a) => `sqrt(CAST(${a[0]} AS DOUBLE) ^ 2 + CAST(${a[1]} AS DOUBLE) ^ 2)`, [N, N]),
  // A long's bits without leading zeros (two's complement for negatives).
  bin: sqlOf(
    (a) => {
      const long = `CAST(trunc(${a[0]}) AS BIGINT)`;
      return `(CASE WHEN ${long} = 0 THEN '0' ELSE ltrim(bin(${long}), '0') END)`;
    },
    [N],
  ),
  // Spark's WidthBucket: bucket 0 below the range, n + 1 above, null for no buckets or an empty range.
  width_bucket: sqlOf(
    (a) => {
      const [v, lo, hi, n] = a.map((x) => `CAST(${x} AS DOUBLE)`);
      const inside = `CAST(floor((${v} - ${lo}) / (${hi} - ${lo}) * ${n}) AS BIGINT) + 1`;
      return `(CASE WHEN ${n} <= 0 OR ${lo} = ${hi} OR isnan(${v}) OR isnan(${lo}) OR isnan(${hi}) OR isinf(${lo}) OR isinf(${hi}) THEN NULL
        WHEN ${lo} < ${hi} AND ${v} < ${lo} THEN CAST(0 AS BIGINT) WHEN ${lo} < ${hi} AND ${v} >= ${hi} THEN CAST(${a[3]} AS BIGINT) + 1
        WHEN ${lo} > ${hi} AND ${v} > ${lo} THEN CAST(0 AS BIGINT) WHEN ${lo} > ${hi} AND ${v} <= ${hi} THEN CAST(${a[3]} AS BIGINT) + 1
        ELSE ${inside} END)`;
    },
    [N, N, N, I],
  ),
  // "try_" arithmetic: null where Spark's ANSI arithmetic fails (overflow, division by zero).
  try_add: sqlOf((a) => `try(${a[0]} + ${a[1]})`, [N, N]),
  try_subtract: sqlOf((a) => `try(${a[0]} - ${a[1]})`, [N, N]),
  try_multiply: sqlOf((a) => `try(${a[0]} * ${a[1]})`, [N, N]),
  try_mod: sqlOf((a) => `(CASE WHEN ${a[1]} = 0 THEN NULL ELSE try(${a[0]} % ${a[1]}) END)`, [N, N]),
  sinh: sqlOf((a) => `((exp(${a[0]}) - exp(-${a[0]})) / 2)`, [N]),
  cosh: sqlOf((a) => `((exp(${a[0]}) + exp(-${a[0]})) / 2)`, [N]),
  tanh: sqlOf((a) => `((exp(2 * ${a[0]}) - 1) / (exp(2 * ${a[0]}) + 1))`, [N]),
  degrees: fn("degrees", [N]),
  radians: fn("radians", [N]),
  factorial: sqlOf(
    (a) => `(CASE WHEN ${a[0]} BETWEEN 0 AND 20 THEN CAST(factorial(${a[0]}) AS BIGINT) END)`,
    [I],
  ),
  hex: sqlOf((a) => `upper(hex(${a[0]}))`, [ANY]),
  shiftleft: sqlOf((a) => `(${a[0]} << ${a[1]})`, [I, I]),
  shiftright: sqlOf((a) => `(${a[0]} >> ${a[1]})`, [I, I]),
  bit_count: fn("bit_count", [I]),
  "~": sqlOf((a) => `(~${a[0]})`, [I]),
};
