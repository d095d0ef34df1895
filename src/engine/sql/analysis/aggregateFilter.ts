/**
 * Spark's aggregate `FILTER (WHERE cond)` clause (AggregateExpression's filter), folded into the aggregate's own
 * arguments so that every aggregate, batch or streaming, takes it without knowing of it: a row whose condition is
 * not true gives the aggregate a null, which aggregates skip. `count(*)` counts a value that is null for such a
 * row; `first`/`last`/`any_value`, which keep nulls unless told to ignore them, read a struct of the value, so a
 * filtered-out row (a null struct) is skipped and a null value is not.
 */
import type { Expression } from "../expressions";

type Call = Extract<Expression, { kind: "call" }>;

const KEEPS_NULLS = new Set(["first", "first_value", "last", "last_value", "any_value"]);
const FIELD = "v";

/** The aggregate without its FILTER, the condition moved into its arguments; the call itself where it has none. */
export function foldAggregateFilter(call: Call): Expression {
  const { filter, ...rest } = call;
  if (!filter) return call;
  const when = (x: Expression): Expression => ({ kind: "case", branches: [[filter, x]] });
  if (call.name === "count") {
    const counted = call.args.length === 0 || call.args[0].kind === "star" ? [lit(1)] : call.args;
    return { ...rest, args: counted.map(when) };
  }
  if (KEEPS_NULLS.has(call.name)) {
    const ignoreNulls = call.args[1];
    if (!(ignoreNulls?.kind === "literal" && ignoreNulls.value === true)) {
      const wrapped: Expression = { kind: "call", name: "named_struct", args: [lit(FIELD), call.args[0]] };
      return { kind: "extract", child: { ...rest, args: [when(wrapped), lit(true)] }, key: lit(FIELD) };
    }
  }
  // The value (the first argument) always; parameters that are literals (percentile's 0.5) stay as they are.
  return { ...rest, args: call.args.map((a, i) => (i === 0 || a.kind !== "literal" ? when(a) : a)) };
}

const lit = (value: unknown): Expression => ({ kind: "literal", value });
