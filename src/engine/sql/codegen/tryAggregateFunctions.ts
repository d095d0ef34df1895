/**
 * Spark's try aggregates (TrySum, TryAverage): sum and avg whose overflow is null rather than an error, with
 * Spark's result types: try_sum of integers is bigint, of decimal(p, s) decimal(min(38, p + 10), s), of
 * floating point double; try_avg is double, or decimal(p + 4, s + 4) (bounded at 38) over decimals, whose sum
 * overflowing its decimal(p + 10, s) buffer makes the average null.
 */
import { AtomicType, type DataType, DecimalType } from "../types";
import { type FunctionSpec, N } from "./functionSpecs";

const INTEGRAL = new Set(["byte", "short", "integer", "long"]);
const isIntegral = (type: DataType | undefined) => type instanceof AtomicType && INTEGRAL.has(type.name);

const BILLION_TEN = "10000000000";

/**
 * The exact sum of decimals as decimal(precision, scale), null where it does not fit. DuckDB sums decimals in
 * 128 bits and raises past them; where the input is wider than 28 digits the integer part is summed in two
 * halves (below and above 10^10) so that no partial sum can leave 128 bits, and the halves are joined only
 * when the result can fit.
 */
export function decimalSumSql(
  x: string,
  input: DecimalType,
  precision: number,
  scale: number,
  d = "",
): string {
  const target = `DECIMAL(${precision}, ${scale})`;
  if (input.precision <= 28) return `TRY_CAST(sum(${d}${x}) AS ${target})`;
  const whole = `CAST(trunc(${x}) AS HUGEINT)`;
  const low = `(${whole} % ${BILLION_TEN})`;
  const high = `((${whole} - ${low}) // ${BILLION_TEN})`;
  const fraction = `(${x} - trunc(${x}))`;
  const sumHigh = `sum(${d}${high})`;
  const limit = `CAST('1${"0".repeat(Math.max(0, precision - scale - 10))}' AS HUGEINT)`;
  const joined = `TRY(CAST(${sumHigh} * ${BILLION_TEN} + sum(${d}${low}) AS DECIMAL(38, ${scale})) + sum(${d}${fraction}))`;
  return `CASE WHEN abs(${sumHigh}) > ${limit} THEN NULL ELSE TRY_CAST(${joined} AS ${target}) END`;
}

const sumType = (t: DecimalType) => ({ precision: Math.min(38, t.precision + 10), scale: t.scale });

export const TRY_AGGREGATE_FUNCTIONS: Record<string, FunctionSpec> = {
  try_sum: {
    sql: ([x], _raw, distinct, typeOf) => {
      const d = distinct ? "DISTINCT " : "";
      const type = typeOf?.(x);
      if (isIntegral(type)) return `TRY_CAST(sum(${d}${x}) AS BIGINT)`;
      if (type instanceof DecimalType) {
        const { precision, scale } = sumType(type);
        return decimalSumSql(x, type, precision, scale, d);
      }
      return `sum(${d}CAST(${x} AS DOUBLE))`;
    },
    minArgs: 1,
    maxArgs: 1,
    inputTypes: [N],
    aggregate: true,
  },
  try_avg: {
    sql: ([x], _raw, distinct, typeOf) => {
      const d = distinct ? "DISTINCT " : "";
      const type = typeOf?.(x);
      if (type instanceof DecimalType) {
        const { precision, scale } = sumType(type);
        const sum = decimalSumSql(x, type, precision, scale, d);
        const result = `DECIMAL(${Math.min(38, type.precision + 4)}, ${Math.min(38, type.scale + 4)})`;
        // Spark divides the decimal sum by the count and rounds half up to the result's scale.
        return `TRY_CAST(CAST(${sum} AS DECIMAL(38, ${Math.min(38, type.scale + 4)})) / nullif(count(${d}${x}), 0) AS ${result})`;
      }
      return `avg(${d}CAST(${x} AS DOUBLE))`;
    },
    minArgs: 1,
    maxArgs: 1,
    inputTypes: [N],
    aggregate: true,
  },
};
