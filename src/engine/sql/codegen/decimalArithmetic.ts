/**
 * Spark's decimal arithmetic (BinaryArithmetic.resultDecimalType, DecimalType.adjustPrecisionScale): the result
 * type of `+ - * / % div pmod` over decimals (an integer operand as the decimal that holds it), and the value
 * computed exactly and rounded HALF_UP to that type, as Spark's java.math.BigDecimal arithmetic does. DuckDB's
 * own rules differ (its decimal `/` is a double, its `*` keeps p1 + p2 digits), so each result is cast to
 * Spark's type here; an overflow is NUMERIC_VALUE_OUT_OF_RANGE under ANSI, else null.
 *
 * Exact values come from DuckDB's decimals where the exact result has at most 38 digits, else from the operands'
 * unscaled integers as HUGEINT; a product or quotient whose unscaled digits pass HUGEINT's range is computed
 * exactly by the macros of DECIMAL_MACROS (a product in base-10^19 limbs, a quotient by long division over the
 * dividend's digits), as Spark's BigDecimal computes it before rounding. Only a quotient whose divisor's
 * unscaled integer reaches 3.4e37 (a remainder times ten would pass UHUGEINT) is still read from a double.
 */
import { arithmeticOverflowSql, divideByZeroSql, raiseErrorSql } from "../../errors/QueryExecutionErrors";
import { MAX_PRECISION, MINIMUM_ADJUSTED_SCALE } from "../decimals";
import { AtomicType, type DataType, DecimalType, LongType } from "../types";

export type DecimalOperator = "+" | "-" | "*" | "/" | "%" | "pmod" | "div";

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** DecimalType.adjustPrecisionScale: a precision past 38 gives up scale, keeping at least 6 digits of it. */
export function adjustPrecisionScale(precision: number, scale: number): DecimalType {
  if (precision <= MAX_PRECISION) return new DecimalType(precision, scale);
  if (scale < 0) return new DecimalType(MAX_PRECISION, scale);
  const intDigits = precision - scale;
  const minScale = Math.min(scale, MINIMUM_ADJUSTED_SCALE);
  return new DecimalType(MAX_PRECISION, Math.max(MAX_PRECISION - intDigits, minScale));
}

/** DecimalType.bounded: precision and scale each at most 38. */
function bounded(precision: number, scale: number): DecimalType {
  return new DecimalType(Math.min(precision, MAX_PRECISION), Math.min(scale, MAX_PRECISION));
}

/** The decimal type of an operator's result over decimals (p1, s1) and (p2, s2), as Spark 4 computes it. */
export function decimalResultType(
  op: DecimalOperator,
  left: DecimalType,
  right: DecimalType,
  allowPrecisionLoss = true,
): DecimalType {
  const [p1, s1, p2, s2] = [left.precision, left.scale, right.precision, right.scale];
  const fitted = allowPrecisionLoss ? adjustPrecisionScale : bounded;
  switch (op) {
    case "+":
    case "-": {
      const scale = Math.max(s1, s2);
      const range = Math.max(p1 - s1, p2 - s2);
      return fitted(range + scale + 1, scale);
    }
    case "*":
      return fitted(p1 + p2 + 1, s1 + s2);
    case "/": {
      if (allowPrecisionLoss) {
        const intDig = p1 - s1 + s2;
        const scale = Math.max(MINIMUM_ADJUSTED_SCALE, s1 + p2 + 1);
        return adjustPrecisionScale(intDig + scale, scale);
      }
      let intDig = Math.min(MAX_PRECISION, p1 - s1 + s2);
      let decDig = Math.min(MAX_PRECISION, Math.max(6, s1 + p2 + 1));
      const diff = intDig + decDig - MAX_PRECISION;
      if (diff > 0) {
        decDig -= Math.floor(diff / 2) + 1;
        intDig = MAX_PRECISION - decDig;
      }
      return bounded(intDig + decDig, decDig);
    }
    case "%":
    case "pmod": {
      const scale = Math.max(s1, s2);
      return fitted(Math.min(p1 - s1, p2 - s2) + scale, scale);
    }
    case "div":
      return bounded(p1 - s1 + s2, 0);
  }
}

/** The decimal type an integral operand takes (DecimalType.forType), or a literal's own digits (fromLiteral). */
export function integralAsDecimal(type: DataType, literal?: unknown): DecimalType | undefined {
  if (!(type instanceof AtomicType)) return undefined;
  if (literal !== undefined && literal !== null && ["byte", "short", "integer", "long"].includes(type.name)) {
    const digits = String(literal).replace(/^-/, "").replace(/n$/, "").length;
    return new DecimalType(Math.max(digits, 1), 0);
  }
  switch (type.name) {
    case "byte":
      return new DecimalType(3, 0);
    case "short":
      return new DecimalType(5, 0);
    case "integer":
      return new DecimalType(10, 0);
    case "long":
      return new DecimalType(20, 0);
    default:
      return undefined;
  }
}

/** An operand: its SQL (already of `type`) and its decimal type. */
export interface DecimalOperand {
  readonly sql: string;
  readonly type: DecimalType;
}

const pow10 = (n: number) => `CAST('1${"0".repeat(n)}' AS HUGEINT)`;

const LIMB = `CAST('1${"0".repeat(19)}' AS HUGEINT)`;
const UNSIGNED = (n: number) => `CAST('1${"0".repeat(n)}' AS UHUGEINT)`;
/** A divisor below this keeps the long division's remainder times ten inside UHUGEINT (3.4e38). */
const LONG_DIVISOR_LIMIT = `CAST('34${"0".repeat(36)}' AS HUGEINT)`;

/**
 * Exact decimal arithmetic past HUGEINT, as DuckDB macros: BigDecimal's multiply and divide for the unscaled
 * integers of two decimals of up to 38 digits each.
 * - `__spark_mul_digits(x, y)`: the digits of |x * y| (up to 77), from four products of 19-digit limbs, each
 *   below 10^38, their carries added limb by limb.
 * - `__spark_drop_digits(s, n)`: a digit string divided by 10^n, rounded HALF_UP, as a HUGEINT; null where the
 *   result passes 38 digits (an overflow).
 * - `__spark_long_div(n, d)`: a digit string divided by d (a UHUGEINT below 3.4e37), rounded HALF_UP: school
 *   long division, one digit a step; a quotient reaching 10^38 stays at 10^38 (an overflow the caller sees).
 */
export const DECIMAL_MACROS: readonly string[] = [
  `CREATE OR REPLACE MACRO __spark_mul_c(top, mid, low) AS CAST(top + mid // ${LIMB} AS VARCHAR)
     || lpad(CAST(mid % ${LIMB} AS VARCHAR), 19, '0') || lpad(CAST(low AS VARCHAR), 19, '0')`,
  `CREATE OR REPLACE MACRO __spark_mul_b(hh, hl, lh, ll) AS
     __spark_mul_c(hh + hl // ${LIMB} + lh // ${LIMB}, hl % ${LIMB} + lh % ${LIMB} + ll // ${LIMB}, ll % ${LIMB})`,
  `CREATE OR REPLACE MACRO __spark_mul_digits(x, y) AS __spark_mul_b(
     (abs(x) // ${LIMB}) * (abs(y) // ${LIMB}), (abs(x) // ${LIMB}) * (abs(y) % ${LIMB}),
     (abs(x) % ${LIMB}) * (abs(y) // ${LIMB}), (abs(x) % ${LIMB}) * (abs(y) % ${LIMB}))`,
  `CREATE OR REPLACE MACRO __spark_drop_digits(s, n) AS list_transform([lpad(s, 100, '0')], lambda p:
     CASE WHEN length(ltrim(left(p, 100 - n), '0')) > 38 THEN NULL
     ELSE CAST(coalesce(nullif(ltrim(left(p, 100 - n), '0'), ''), '0') AS HUGEINT)
       + CASE WHEN substr(p, 101 - n, 1) >= '5' THEN 1 ELSE 0 END END)[1]`,
  `CREATE OR REPLACE MACRO __spark_long_div(n, d) AS list_transform([list_reduce(
     list_transform(string_split(n, ''), lambda c: {'q': CAST(0 AS UHUGEINT), 'r': CAST(c AS UHUGEINT)}),
     lambda acc, x: {
       'q': CASE WHEN acc.q >= ${UNSIGNED(37)} THEN ${UNSIGNED(38)} ELSE acc.q * 10 + (acc.r * 10 + x.r) // d END,
       'r': (acc.r * 10 + x.r) % d},
     {'q': CAST(0 AS UHUGEINT), 'r': CAST(0 AS UHUGEINT)})],
     lambda s: CAST(CASE WHEN s.r * 2 >= d THEN s.q + 1 ELSE s.q END AS HUGEINT))[1]`,
];

/** The unscaled integer of a decimal of scale `scale`, as HUGEINT (DuckDB prints every digit of the scale). */
function unscaled(x: string): string {
  return `CAST(replace(CAST(${x} AS VARCHAR), '.', '') AS HUGEINT)`;
}

/** Integer division rounded HALF_UP (`d` positive). */
function roundDiv(n: string, d: string): string {
  const r = `abs((${n}) % (${d}))`;
  return `((${n}) // (${d}) + CASE WHEN ${r} >= (${d}) - ${r} THEN sign(${n}) ELSE 0 END)`;
}

/** A decimal of type `to` from its unscaled integer at `to`'s scale; null where it has too many digits. */
function fromUnscaled(q: string, to: DecimalType): string {
  if (to.scale <= 0) return `TRY_CAST(${q} AS ${to.sql()})`;
  const unit = `CAST('0.${"0".repeat(to.scale - 1)}1' AS DECIMAL(38, ${to.scale}))`;
  return `TRY_CAST(TRY_CAST(${q} AS DECIMAL(38, 0)) * ${unit} AS ${to.sql()})`;
}

export interface DecimalArithmetic {
  readonly ansi: boolean;
}

/** The value of `op` over two decimal operands, as a decimal of Spark's result type `to` (a bigint for div). */
export function decimalArithmeticSql(
  op: DecimalOperator,
  left: DecimalOperand,
  right: DecimalOperand,
  to: DecimalType,
  options: DecimalArithmetic,
): string {
  const a = `CAST(${left.sql} AS ${left.type.sql()})`;
  const b = `CAST(${right.sql} AS ${right.type.sql()})`;
  const [s1, s2] = [left.type.scale, right.type.scale];
  const approx = (sql: string) => `TRY_CAST(CAST(${sql} AS VARCHAR) AS ${to.sql()})`;
  let value: string;
  let shown: string;
  switch (op) {
    case "+":
    case "-": {
      const scale = Math.max(s1, s2);
      const intDigits = Math.max(left.type.precision - s1, right.type.precision - s2) + 1;
      const k = Math.min(scale, MAX_PRECISION - intDigits);
      const exact = `(CAST(${a} AS DECIMAL(38, ${k})) ${op} CAST(${b} AS DECIMAL(38, ${k})))`;
      value = `TRY_CAST(${exact} AS ${to.sql()})`;
      shown = exact;
      break;
    }
    case "*": {
      if (left.type.precision + right.type.precision <= MAX_PRECISION) {
        value = `TRY_CAST((${a} * ${b}) AS ${to.sql()})`;
        shown = `(${a} * ${b})`;
        break;
      }
      const [ua, ub] = [unscaled(a), unscaled(b)];
      const product = `(${ua} * ${ub})`;
      const fits = `(abs(CAST(${a} AS DOUBLE) * CAST(${b} AS DOUBLE)) * 1e${s1 + s2} < 1e38)`;
      const drop = s1 + s2 - to.scale;
      const q = drop > 0 ? roundDiv(product, pow10(drop)) : product;
      // Past HUGEINT: BigDecimal's exact product, then rounded to the result's scale.
      const wide = `(sign(${ua}) * sign(${ub}) * __spark_drop_digits(__spark_mul_digits(${ua}, ${ub}), ${drop}))`;
      value = `(CASE WHEN ${fits} THEN ${fromUnscaled(q, to)} ELSE ${fromUnscaled(wide, to)} END)`;
      shown = `(CAST(${a} AS DOUBLE) * CAST(${b} AS DOUBLE))`;
      break;
    }
    case "/": {
      // round(ua * 10^k / ub) at the result's scale, k = s - s1 + s2.
      const k = to.scale - s1 + s2;
      const [ua, ub] = [unscaled(a), unscaled(b)];
      const n = k >= 0 ? `(${ua} * ${pow10(k)})` : ua;
      const d = k >= 0 ? `abs(${ub})` : `(abs(${ub}) * ${pow10(-k)})`;
      const digits = k >= 0 ? MAX_PRECISION - k - s1 : MAX_PRECISION + k - s2;
      const fits = digits < 0 ? "FALSE" : `(abs(${k >= 0 ? a : b}) < 1e${digits})`;
      const q = `(sign(${ub}) * ${roundDiv(n, d)})`;
      const double = `(CAST(${a} AS DOUBLE) / CAST(${b} AS DOUBLE))`;
      // Past HUGEINT: BigDecimal's division, digit by digit over ua * 10^k.
      const long =
        k >= 0
          ? `(sign(${ua}) * sign(${ub}) * __spark_long_div(CAST(abs(${ua}) AS VARCHAR) || '${"0".repeat(k)}', CAST(abs(${ub}) AS UHUGEINT)))`
          : undefined;
      const exact = long ? `WHEN abs(${ub}) < ${LONG_DIVISOR_LIMIT} THEN ${fromUnscaled(long, to)} ` : "";
      value = `(CASE WHEN ${fits} THEN ${fromUnscaled(q, to)} ${exact}ELSE ${approx(double)} END)`;
      shown = double;
      break;
    }
    case "%":
      value = `TRY_CAST((${a} % ${b}) AS ${to.sql()})`;
      shown = `(${a} % ${b})`;
      break;
    case "pmod": {
      const r = `(${a} % ${b})`;
      value = `TRY_CAST((CASE WHEN ${r} < 0 THEN (${r} + ${b}) % ${b} ELSE ${r} END) AS ${to.sql()})`;
      shown = r;
      break;
    }
    case "div": {
      // Truncated toward zero: ua * 10^s2 div ub * 10^s1.
      const n = `(${unscaled(a)} * ${pow10(s2)})`;
      const d = `(${unscaled(b)} * ${pow10(s1)})`;
      const fits = `(abs(${a}) < 1e${Math.max(MAX_PRECISION - s1 - s2, 0)} AND abs(${b}) < 1e${Math.max(MAX_PRECISION - s1 - s2, 0)})`;
      const q = `(CASE WHEN ${fits} THEN ${n} // ${d} ELSE CAST(trunc(CAST(${a} AS DOUBLE) / CAST(${b} AS DOUBLE)) AS HUGEINT) END)`;
      const long = `TRY_CAST(${q} AS BIGINT)`;
      const overflow = options.ansi ? arithmeticOverflowSql("Overflow in integral divide") : "NULL";
      const divided = `(CASE WHEN ${long} IS NOT NULL THEN ${long} ELSE ${overflow} END)`;
      return guardZero(a, b, divided, options.ansi, LongType);
    }
  }
  const overflow = options.ansi
    ? raiseErrorSql("SparkArithmeticException", "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION", {
        value: `CAST(${shown} AS VARCHAR)`,
        precision: quote(String(to.precision)),
        scale: quote(String(to.scale)),
        config: quote('"spark.sql.ansi.enabled"'),
      })
    : `CAST(NULL AS ${to.sql()})`;
  const checked = `(CASE WHEN ${a} IS NULL OR ${b} IS NULL THEN CAST(NULL AS ${to.sql()}) WHEN ${value} IS NOT NULL THEN ${value} ELSE ${overflow} END)`;
  if (op === "/" || op === "%" || op === "pmod") return guardZero(a, b, checked, options.ansi, to);
  return checked;
}

/** A division's value, or DIVIDE_BY_ZERO (ANSI) / null where the divisor is zero. */
function guardZero(_a: string, b: string, sql: string, ansi: boolean, to: DataType): string {
  const zero = ansi ? divideByZeroSql() : `CAST(NULL AS ${to.sql()})`;
  return `(CASE WHEN ${b} = 0 THEN ${zero} ELSE ${sql} END)`;
}
