/**
 * Spark's ranking and offset window functions, computed over a window only: `f() OVER (...)` (aggregates work
 * over windows too).
 */
import { type FunctionSpec, fn, I, nullary } from "./functionSpecs";

export const WINDOW_FUNCTIONS: Record<string, FunctionSpec> = {
  row_number: nullary("row_number()"),
  rank: nullary("rank()"),
  dense_rank: nullary("dense_rank()"),
  percent_rank: nullary("percent_rank()"),
  cume_dist: nullary("cume_dist()"),
  ntile: fn("ntile", [I]),
  lag: { sql: (a) => `lag(${a.join(", ")})`, minArgs: 1, maxArgs: 3 },
  lead: { sql: (a) => `lead(${a.join(", ")})`, minArgs: 1, maxArgs: 3 },
};
