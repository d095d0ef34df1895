/**
 * Spark's try aggregates (TrySum, TryAverage): sum and avg whose overflow is null rather than an error, with
 * Spark's result types: try_sum of integers is bigint, of decimal(p, s) decimal(min(38, p + 10), s), of
 * floating point double; try_avg is double, or decimal(p + 4, s + 4) (bounded at 38) over decimals, whose sum
 * overflowing its decimal(p + 10, s) buffer makes the average null.
 */
import { arithmeticOverflowSql, raiseErrorSql } from "../../errors/QueryExecutionErrors";
import { AtomicType, type DataType, DecimalType } from "../types";
import { decimalArithmeticSql, decimalResultType } from "./decimalArithmetic";
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

/**
 * Average's value over decimals: Divide(sum, count as decimal(20, 0)) with Spark's decimal division (exact,
 * HALF_UP at the quotient's type), cast to decimal(p + 4, s + 4); null where the average does not fit.
 */
function decimalAverageSql(sum: string, count: string, type: DecimalType): string {
  const { precision, scale } = sumType(type);
  const sumDecimal = new DecimalType(precision, scale);
  const countDecimal = new DecimalType(20, 0);
  const quotient = decimalArithmeticSql(
    "/",
    { sql: sum, type: sumDecimal },
    { sql: `CAST(${count} AS DECIMAL(20, 0))`, type: countDecimal },
    decimalResultType("/", sumDecimal, countDecimal),
    { ansi: false },
  );
  return `TRY_CAST(${quotient} AS DECIMAL(${Math.min(38, type.precision + 4)}, ${Math.min(38, type.scale + 4)}))`;
}

/** NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION for `value` (SQL) not fitting decimal(precision, scale). */
function decimalOutOfRangeSql(value: string, precision: number, scale: number): string {
  return raiseErrorSql("SparkArithmeticException", "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION", {
    value,
    precision: `'${precision}'`,
    scale: `'${scale}'`,
    config: `'"spark.sql.ansi.enabled"'`,
  });
}

/**
 * Spark's Sum and Average over decimals (not their try_ forms), the sum in decimal(p + 10, s). Without ANSI an
 * overflow is null. Under ANSI, Sum adds without a check and CheckOverflowInSum fails the result with
 * ARITHMETIC_OVERFLOW ("Overflow in sum of decimals"); Average adds with ANSI's Add, whose overflow is
 * NUMERIC_VALUE_OUT_OF_RANGE, as is its final cast to decimal(p + 4, s + 4) where the average does not fit.
 * (The value an error names is the sum or average as a double: the exact one passes 38 digits.)
 */
export function decimalSumOrAverageSql(
  name: "sum" | "avg",
  x: string,
  type: DecimalType,
  distinct: boolean,
  ansi: boolean,
): string {
  const d = distinct ? "DISTINCT " : "";
  const { precision, scale } = sumType(type);
  const sum = decimalSumSql(x, type, precision, scale, d);
  const count = `count(${d}${x})`;
  const double = (x: string) => `sum(${d}CAST(${x} AS DOUBLE))`;
  if (name === "sum") {
    const overflow = ansi ? arithmeticOverflowSql("Overflow in sum of decimals") : "NULL";
    return `(CASE WHEN ${count} = 0 THEN NULL WHEN ${sum} IS NULL THEN ${overflow} ELSE ${sum} END)`;
  }
  const average = decimalAverageSql(sum, count, type);
  if (!ansi) return `(CASE WHEN ${count} = 0 THEN NULL ELSE ${average} END)`;
  const [p, s] = [Math.min(38, type.precision + 4), Math.min(38, type.scale + 4)];
  return `(CASE WHEN ${count} = 0 THEN NULL
    WHEN ${sum} IS NULL THEN ${decimalOutOfRangeSql(double(x), precision, scale)}
    WHEN ${average} IS NULL THEN ${decimalOutOfRangeSql(`${double(x)} / ${count}`, p, s)}
    ELSE ${average} END)`;
}

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
        const count = `count(${d}${x})`;
        // Spark divides the decimal sum by the count and rounds half up to the result's scale.
        return `(CASE WHEN ${count} = 0 THEN NULL ELSE ${decimalAverageSql(sum, count, type)} END)`;
      }
      return `avg(${d}CAST(${x} AS DOUBLE))`;
    },
    minArgs: 1,
    maxArgs: 1,
    inputTypes: [N],
    aggregate: true,
  },
};
